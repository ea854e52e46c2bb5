"""More broken inputs, as partners' systems produce them. Each either stops the build with a message
naming the file (and the row, code or column) while the last good bundle stays current, or, where the
defect is harmless and repairable (a foreign CRS, a tiny self-intersection), is repaired with a
warning in the manifest. A running app keeps serving the last good bundle through a failed rebuild."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import pytest

from geodata.bundle import build_bundle, load_bundle
from geodata.config import REPO_ROOT
from geodata.errors import DataError
from tests.realdata.test_broken_data import (  # noqa: F401  (fixtures)
    IOD25,
    LSOA21,
    POP20,
    _geojson_edit,
    _replace_text,
    corrupt,
    good,
)

CENSUS = "indicators/lcr_census2021_lsoa2021.csv"
CLAIMANTS = "indicators/lcr_claimant_count_ward_2023.csv"
WARDS25 = "boundaries/lcr_wards2025.geojson"
BNG = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::27700"}}


def _set_cell(row: int, column: str, value: str) -> Callable[[bytes], bytes]:
    """Change one cell (row 0 = first data row) of a CSV, keeping everything else byte for byte."""

    def change(raw: bytes) -> bytes:
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))
        rows[row + 1][rows[0].index(column)] = value
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        return out.getvalue().encode("utf-8")

    return change


def _rename_column(old: str, new: str) -> Callable[[bytes], bytes]:
    def change(raw: bytes) -> bytes:
        header, rest = raw.split(b"\n", 1)
        names = header.decode().split(",")
        names[names.index(old)] = new
        return ",".join(names).encode() + b"\n" + rest

    return change


def _drop_data_row(index: int) -> Callable[[bytes], bytes]:
    def change(raw: bytes) -> bytes:
        lines = raw.split(b"\n")
        return b"\n".join(lines[: index + 1] + lines[index + 2 :])

    return change


def _in_bng(with_crs_member: bool) -> Callable[[bytes], bytes]:
    """The same polygons in British National Grid metres, with or without the GeoJSON 2008 ``crs``."""

    def change(raw: bytes) -> bytes:
        frame = gpd.read_file(io.BytesIO(raw)).to_crs(27700)
        document = json.loads(frame.to_json(drop_id=True))
        document.pop("crs", None)
        if with_crs_member:
            document["crs"] = BNG
        return json.dumps(document).encode()

    return change


def _small_loop(document: dict) -> None:
    """A one-metre spur that touches the ring at a vertex: a typical digitising slip."""
    geometry = document["features"][5]["geometry"]
    ring = (
        geometry["coordinates"] if geometry["type"] == "Polygon" else geometry["coordinates"][0]
    )[0]
    x, y = ring[1]
    d = 1e-5
    ring[2:2] = [[x + d, y + d], [x + d, y - d], [x, y]]


def _geometry(kind: str) -> Callable[[dict], None]:
    def edit(document: dict) -> None:
        feature = document["features"][7]
        if kind == "null":
            feature["geometry"] = None
        elif kind == "point":
            feature["geometry"] = {"type": "Point", "coordinates": [-2.9, 53.4]}
        elif kind == "nan":
            ring = feature["geometry"]["coordinates"][0]
            ring = ring[0] if feature["geometry"]["type"] == "MultiPolygon" else ring
            ring[3] = [float("nan"), 53.4]

    return edit


def _first_ward_code(raw: bytes) -> str:
    rows = csv.DictReader(io.StringIO(raw.decode()))
    return next(r["area_code"] for r in rows if r["area_type"] == "ward")


def _ward_from_another_vintage(raw: bytes) -> bytes:
    # E05000026 is a London ward of the 2002–2022 set: a code the City Region files never hold.
    return raw.replace(_first_ward_code(raw).encode(), b"E05000026")


HTML_PAGE = b"<!DOCTYPE html>\n<html><head><title>503 Service Unavailable</title></head></html>\n"

CASES = {
    "projected coordinates, no CRS": (LSOA21, _in_bng(False), r"not longitude and latitude.*CRS"),
    "empty GeoJSON file": (WARDS25, lambda raw: b"", r"not valid JSON"),
    "GeoJSON that is not a FeatureCollection": (
        WARDS25, lambda raw: json.dumps(json.loads(raw)["features"][0]).encode(),
        r"not a GeoJSON FeatureCollection",
    ),
    "FeatureCollection without features": (
        WARDS25, _geojson_edit(lambda d: d.update(features=[])), r"has no features",
    ),
    "feature without geometry": (LSOA21, _geojson_edit(_geometry("null")), r"no geometry.*E01"),
    "point where a polygon belongs": (LSOA21, _geojson_edit(_geometry("point")), r"not a polygon.*E01"),
    "NaN coordinate": (LSOA21, _geojson_edit(_geometry("nan")), r"Invalid Coordinate.*E01"),
    "malformed code": (LSOA21, _replace_text('"E01006412"', '"E0100641"'), r"malformed LSOA 2021 code"),
    "renamed column": (
        CENSUS, _rename_column("hh_deprived_in_3_dimensions", "hh_deprived_3_dims"),
        r"required column missing.*hh_deprived_in_3_dimensions",
    ),
    "infinite number": (POP20, _replace_text(",1606,", ",inf,"), r"not a finite number.*pop_total"),
    "decile out of range": (IOD25, _set_cell(0, "imd_decile", "11"), r"outside the plausible range.*imd_decile"),
    "duplicated code in a table": (
        CENSUS, lambda raw: raw.replace(b"E01006413,", b"E01006412,", 1), r"duplicated code.*E01006412",
    ),
    "truncated CSV": (CENSUS, lambda raw: raw[: len(raw) // 2], r"expected 1003 rows"),
    "missing row in a table": (CENSUS, _drop_data_row(10), r"expected 1003 rows, found 1002"),
    "HTML error page saved as CSV": (IOD25, lambda raw: HTML_PAGE, r"web page \(HTML\)"),
    "UTF-16 text": (IOD25, lambda raw: raw.decode().encode("utf-16"), r"UTF-16"),
    "ward from another vintage": (CLAIMANTS, _ward_from_another_vintage, r"no boundary.*E05000026"),
}  # fmt: skip


@pytest.mark.parametrize("case", CASES)
def test_broken_input_stops_the_build_and_keeps_the_good_bundle(corrupt, case):  # noqa: F811
    relative, change, message = CASES[case]
    copy, cache = corrupt(relative, change)
    with pytest.raises(DataError, match=message) as raised:
        build_bundle(copy, cache)
    assert Path(relative).name in str(raised.value)
    assert "Traceback" not in str(raised.value)
    assert load_bundle(cache / "current").lsoa.shape[0] == 1003


def _build_with(tmp_path: Path, data_dir: Path, relative: str, change):
    copy = tmp_path / "data"
    shutil.copytree(data_dir, copy, ignore=shutil.ignore_patterns("samples", "imports"))
    path = copy / relative
    path.write_bytes(change(path.read_bytes()))
    built = load_bundle(build_bundle(copy, tmp_path / "cache"))
    assert built.lsoa.shape[0] == 1003
    return built


def _area(bundle, level: str) -> float:
    return float(gpd.read_file(bundle.geojson_path(level)).to_crs(27700).area.sum())


def test_foreign_crs_is_reprojected_with_a_warning(tmp_path, data_dir, bundle):
    built = _build_with(tmp_path, data_dir, LSOA21, _in_bng(True))
    assert any("reprojected from EPSG:27700" in w for w in built.manifest["warnings"])
    # The round trip through the grid moves nothing that matters: the City Region's area agrees.
    assert _area(built, "borough") == pytest.approx(_area(bundle, "borough"), rel=1e-3)


def test_small_self_intersection_is_repaired_with_a_warning(tmp_path, data_dir):
    built = _build_with(tmp_path, data_dir, LSOA21, _geojson_edit(_small_loop))
    assert any("repaired invalid polygon E01" in w for w in built.manifest["warnings"])


# --- a running app through a failed rebuild ---------------------------------------------------------


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_running_app_keeps_serving_the_last_good_bundle_through_a_failed_rebuild(good):  # noqa: F811
    copy, cache, good_path = good
    port = _free_port()
    env = {**os.environ, "PORT": str(port), "OUTREACH_ATLAS_DATA_DIR": str(copy),
           "OUTREACH_ATLAS_CACHE_DIR": str(cache)}  # fmt: skip
    env.pop("OUTREACH_ATLAS_DEBUG", None)
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "app.py"], cwd=REPO_ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    target = copy / IOD25
    original = target.read_bytes()
    try:
        deadline = time.monotonic() + 60
        while _get_or_none(url + "/healthz") is None:
            assert server.poll() is None and time.monotonic() < deadline, "app did not start"
            time.sleep(0.3)
        before = json.loads(_get(url + "/healthz")[1])
        target.write_bytes(original.replace(b",66.076,", b",n/a,", 1))
        rebuild = subprocess.run(
            [sys.executable, "-m", "geodata", "build", "--data-dir", str(copy),
             "--cache-dir", str(cache)],
            cwd=REPO_ROOT, capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        assert rebuild.returncode == 1
        assert "lcr_iod2025_lsoa2021.csv" in rebuild.stderr and "n/a" in rebuild.stderr
        assert "previous bundle" in rebuild.stderr and "Traceback" not in rebuild.stderr
        after = json.loads(_get(url + "/healthz")[1])
        assert after["bundle"] == before["bundle"]
        assert _get(url + "/download/targets.csv?top=5")[0] == 200
        assert _get(url + "/")[0] == 200
        assert (cache / "current").resolve() == good_path
    finally:
        target.write_bytes(original)
        server.terminate()
        server.wait(timeout=10)


def _get_or_none(url: str):
    try:
        return _get(url)
    except OSError:
        return None
