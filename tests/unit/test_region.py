"""The region is configuration: manifests are read and checked, a data directory finds its region,
and no Python outside the tests and the LCR's own region files names the LCR's boroughs or codes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from geodata.config import REPO_ROOT
from geodata.errors import DataDirError
from geodata.region import BUILT_IN_DIR, Region, fit_view, load_region, read_manifest
from tests.lcr import LCR_REGION


def _data_dir(tmp_path: Path, prefix: str = "x", manifest: dict | None = None) -> Path:
    (tmp_path / "boundaries").mkdir()
    (tmp_path / "boundaries" / f"{prefix}_lsoa2021.geojson").write_text("{}")
    if manifest is not None:
        (tmp_path / "region.json").write_text(json.dumps(manifest))
    return tmp_path


def test_a_data_directory_names_its_region_and_its_prefix_is_found(tmp_path):
    manifest = {"code": "E47000001", "name": "Greater Manchester", "lads": {"E08000001": "Bolton"}}
    region = load_region(_data_dir(tmp_path, "gm", manifest))
    assert (region.code, region.name, region.prefix) == ("E47000001", "Greater Manchester", "gm")
    assert region.file("boundaries/{prefix}_wards2025.geojson") == "boundaries/gm_wards2025.geojson"
    assert region.called == region.adjective == "Greater Manchester"
    assert region.kind == "combined authority" and not region.is_single_lad
    assert region.sources is None  # whichever files are present


def test_a_directory_without_a_manifest_takes_the_shipped_one_its_files_match(tmp_path):
    region = load_region(_data_dir(tmp_path, "lcr"))
    assert region == LCR_REGION.__class__(**{**LCR_REGION.__dict__, "manifest": region.manifest})
    assert region.called_title == "The City Region" and region.adjective == "City Region"
    assert region.plan and region.plan["figures"]  # the LCR's plan targets are its plan file


def test_a_single_local_authority_is_a_region(tmp_path):
    manifest = {"code": "E08000015", "name": "Wirral", "lads": {"E08000015": "Wirral"}}
    region = load_region(_data_dir(tmp_path, "wirral", manifest))
    assert region.is_single_lad and region.kind == "local authority"
    assert region.area_codes == ("E08000015",)  # the borough is the region: once


@pytest.mark.parametrize(
    ("manifest", "message"),
    [
        ({"name": "X", "lads": {"E08000001": "A"}}, "“code” is missing"),
        ({"code": "X1", "name": "X", "lads": {"E08000001": "A"}}, "not an English GSS code"),
        ({"code": "E47000001", "name": "X", "lads": {}}, "must map each LAD"),
        ({"code": "E47000001", "name": "X", "lads": {"E05000001": "A"}}, "not a local authority"),
        ({"code": "E47000001", "name": "X", "lads": {"E08000001": "A"}, "plan": "nope.json"},
         "plan file cannot be read"),
    ],
)  # fmt: skip
def test_a_broken_manifest_says_what_is_wrong(tmp_path, manifest, message):
    with pytest.raises(DataDirError, match=message):
        load_region(_data_dir(tmp_path, "x", manifest))


def test_no_manifest_and_no_matching_files_is_an_error(tmp_path):
    with pytest.raises(DataDirError, match=r"no region\.json"):
        load_region(_data_dir(tmp_path, "zz"))


def test_the_region_round_trips_through_the_bundle_manifest():
    region = read_manifest(BUILT_IN_DIR / "lcr" / "region.json", Path("."))
    placed = Region.from_json({**region.to_json(), "bounds": [-3.2, 53.3, -2.6, 53.7]})
    assert Region.from_json(json.loads(json.dumps(placed.to_json()))) == placed


def test_the_map_view_fits_the_bounds():
    view = fit_view((-3.23, 53.29, -2.58, 53.70))
    assert 53.29 < view["center"]["lat"] < 53.70 and -3.23 < view["center"]["lon"] < -2.58
    assert 8 <= view["zoom"] <= 10
    assert fit_view((-2.7, 53.3, -2.6, 53.4))["zoom"] > view["zoom"]  # smaller area, closer in


def test_no_python_outside_the_tests_names_the_city_regions_boroughs_or_codes():
    """The region is data: its names and codes live in geodata/regions/lcr/ only."""
    names = [*LCR_REGION.lads.values(), "St. Helens", "Liverpool City Region"]
    codes = [*LCR_REGION.lads, LCR_REGION.code]
    pattern = re.compile("|".join(re.escape(t) for t in [*names, *codes]))
    offenders = []
    for path in sorted(REPO_ROOT.rglob("*.py")):
        relative = path.relative_to(REPO_ROOT)
        if relative.parts[0] in ("tests", ".venv", "build", "vendor") or ".cache" in relative.parts:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if pattern.search(line):
                offenders.append(f"{relative}:{number}: {line.strip()}")
    assert offenders == []


def test_retired_postcode_districts_name_their_successors(tmp_path):
    """The LCR's manifest maps Wirral's retired L41-L49 to CH41-CH49 (search names the successor);
    a plain list is still read, and a malformed entry is a clear error."""
    for name in ("lcr", "a", "b"):
        (tmp_path / name).mkdir()
    lcr = load_region(_data_dir(tmp_path / "lcr", "lcr"))
    assert lcr.retired_districts == tuple(f"L{n}" for n in range(41, 50))
    assert lcr.successor_districts["L41"] == "CH41" and lcr.successor_districts["L49"] == "CH49"
    assert Region.from_json(lcr.to_json()) == lcr
    base = {"code": "E47000001", "name": "GM", "lads": {"E08000001": "Bolton"}}
    listed = load_region(
        _data_dir(tmp_path / "a", "a", {**base, "retired_postcode_districts": ["M60"]})
    )
    assert listed.retired_districts == ("M60",) and not listed.successor_districts
    with pytest.raises(DataDirError, match="retired_postcode_districts"):
        load_region(_data_dir(tmp_path / "b", "b", {**base, "retired_postcode_districts": "L41"}))
