"""Other regions, and regions without optional sources: every page, layer, level, profile, preset and
download works (``tests/regions_check.py``, in a process of its own per region), nothing a region
lacks is shown (as zero or at all), and the Data page lists what is missing.

* Greater Manchester: its own ``region.json``, boundaries and IoD 2025 only;
* the LCR's core sources only (boundaries, wards, IoD 2025): the minimal supported configuration;
* the LCR without its Census file: scores above LSOA weighted by the IoD's implied population;
* Wirral cut from the LCR's files (``python -m geodata region cut``): a single local authority.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from geodata.config import REPO_ROOT
from geodata.region import load_region
from geodata.sources import SOURCES
from tests.lcr import LCR_REGION

pytestmark = pytest.mark.realdata

ALL_LAYERS = 21
CORE = [s.path.format(prefix="lcr") for s in SOURCES if s.required]


def run_check(data_dir: Path, cache: Path) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "tests.regions_check", str(data_dir), str(cache)],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=900, check=False,
    )  # fmt: skip
    lines = [line for line in out.stdout.splitlines() if line.startswith("REPORT ")]
    assert out.returncode == 0 and lines, out.stderr[-3000:]
    return json.loads(lines[-1].removeprefix("REPORT "))


def assert_nothing_broke(report: dict) -> None:
    assert report["errors"] == [], "\n".join(report["errors"])[:5000]
    assert report["all_zero"] == []
    assert all(status == 200 for status in report["downloads"].values()), report["downloads"]
    assert report["presets"], "no Target preset ran"
    assert all(r["shortlist"] > 0 for r in report["presets"].values())


def copy_lcr(data_dir: Path, target: Path, keep: list[str], manifest: dict) -> Path:
    for relative in keep:
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(data_dir / relative, target / relative)
    (target / "region.json").write_text(json.dumps(manifest))
    return target


def test_greater_manchester(gm_data_dir, tmp_path):
    report = run_check(gm_data_dir, tmp_path / "cache")
    assert_nothing_broke(report)
    assert report["region"] == "Greater Manchester"
    assert report["levels"] == ["lsoa", "ward", "borough"]
    assert len(report["layers"]) == 13 and len(report["left_out"]) == ALL_LAYERS - 13
    assert report["health"]["features"] == {"lsoa": 1702, "ward": 215, "borough": 10}
    # a link to a layer GM lacks falls back to the default, and says why
    link = report["missing_layer_link"]
    assert (
        link["layer"] == "out_of_work" and "not in Greater Manchester's data" in link["notices"][0]
    )
    # no GP, pharmacy or library columns, and the population column says what it is
    columns = report["target_columns"]
    assert not {"GP practices", "Pharmacies", "Flag: carried from 2011 geography"} & set(columns)
    assert "Population (implied by the IoD 2025 income domain)" in columns
    # the Overview shows only what GM's data gives, with the comparison
    shown = set(report["overview_indicators"])
    assert {"out_of_work_rate", "cidr", "imd25_decile1_share", "cmp_out_of_work_rate"} <= shown
    assert not {"population", "claimant_rate", "uc_households", "cilif_rate", "imd19_decile1_share",
                "households", "claimant_rate_annual", "maa_level2"} & shown  # fmt: skip
    assert "Census 2021: disability and household deprivation" in report["data_page_missing"]
    families = report["presets"]["families/lsoa"]["notes"]
    assert any("child_poverty_idaci" in note for note in families)


def test_only_the_core_sources(data_dir, tmp_path):
    """Boundaries, wards and IoD 2025, nothing else (no England table either): a supported region."""
    manifest = {"code": LCR_REGION.code, "name": LCR_REGION.name, "lads": dict(LCR_REGION.lads),
                "england_table": "no-such-table.csv"}  # fmt: skip
    copy = copy_lcr(data_dir, tmp_path / "core", CORE, manifest)
    report = run_check(copy, tmp_path / "cache")
    assert_nothing_broke(report)
    assert report["levels"] == ["lsoa", "ward", "borough"]
    assert "England-wide IoD 2025 table" in report["data_page_missing"]
    shown = set(report["overview_indicators"])
    assert "cmp_out_of_work_rate" not in shown  # no table, no comparison
    assert {"out_of_work_rate", "cidr", "imd25_decile1_share"} <= shown


def test_without_the_census(data_dir, tmp_path):
    region = load_region(data_dir)
    present = [s.path.format(prefix="lcr") for s in SOURCES if s.id != "census2021"]
    manifest = {"code": region.code, "name": region.name, "lads": dict(region.lads),
                "england_table": str(data_dir.parent / "england" / "england_iod2025_lsoa21.csv")}  # fmt: skip
    copy = copy_lcr(data_dir, tmp_path / "nocensus", present, manifest)
    report = run_check(copy, tmp_path / "cache")
    assert_nothing_broke(report)
    assert set(report["left_out"]) == {"census_disabled", "census_hh_deprived"}
    shown = set(report["overview_indicators"])
    assert "uc_households" in shown and not {"uc_rate", "households"} & shown  # no denominator


def test_a_single_borough_cut_from_the_city_region(data_dir, tmp_path):
    from geodata.regional import cut_region

    out = tmp_path / "wirral"
    written = cut_region(data_dir, out, {"E08000015": "Wirral"}, name="Wirral")
    assert "boundaries/wirral_lsoa2021.geojson" in written
    report = run_check(out, tmp_path / "cache")
    assert_nothing_broke(report)
    assert report["region"] == "Wirral" and report["health"]["features"]["borough"] == 1
    assert report["health"]["features"]["lsoa"] == 209
    assert len(report["layers"]) == ALL_LAYERS
    assert "cmp_out_of_work_rate" in report["overview_indicators"]
