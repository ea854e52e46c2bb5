"""A corrupted input stops the build with one message naming file and code; the last good bundle stays."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from geodata.bundle import build_bundle, load_bundle
from geodata.errors import DataError

LSOA21 = "boundaries/lcr_lsoa2021.geojson"
IOD25 = "indicators/lcr_iod2025_lsoa2021.csv"
POP20 = "indicators/lcr_population_mid2020_lsoa2011.csv"
CHANGE = "lookups/lcr_lsoa2011_to_lsoa2021.csv"


@pytest.fixture(scope="module")
def good(tmp_path_factory, data_dir: Path):
    """A private copy of the data and a cache holding one good bundle built from it."""
    root = tmp_path_factory.mktemp("broken")
    copy = root / "data"
    shutil.copytree(data_dir, copy, ignore=shutil.ignore_patterns("samples"))
    cache = root / "cache"
    good_path = build_bundle(copy, cache)
    return copy, cache, good_path


@pytest.fixture
def corrupt(good):
    """Corrupt one file of the copy for one test, then put it back."""
    copy, cache, good_path = good
    saved: dict[Path, bytes] = {}

    def apply(relative: str, change: Callable[[bytes], bytes]) -> tuple[Path, Path]:
        path = copy / relative
        saved.setdefault(path, path.read_bytes())
        path.write_bytes(change(saved[path]))
        return copy, cache

    yield apply
    for path, content in saved.items():
        path.write_bytes(content)
    assert (cache / "current").resolve() == good_path


def _geojson_edit(edit: Callable[[dict], None]) -> Callable[[bytes], bytes]:
    def change(raw: bytes) -> bytes:
        document = json.loads(raw)
        edit(document)
        return json.dumps(document).encode()

    return change


def _replace_text(old: str, new: str, count: int = 1) -> Callable[[bytes], bytes]:
    def change(raw: bytes) -> bytes:
        text = raw.decode("utf-8")
        assert old in text
        return text.replace(old, new, count).encode("utf-8")

    return change


def _duplicate_first_code(document: dict) -> None:
    document["features"][1]["properties"]["lsoa_code"] = document["features"][0]["properties"][
        "lsoa_code"
    ]


def _bow_tie(document: dict) -> None:
    feature = document["features"][5]
    xs = [p[0] for p in feature["geometry"]["coordinates"][0]]
    ys = [p[1] for p in feature["geometry"]["coordinates"][0]]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    feature["geometry"] = {
        "type": "Polygon",
        "coordinates": [[[x0, y0], [x1, y1], [x1, y0], [x0, y1], [x0, y0]]],
    }


def _swap_axes(document: dict) -> None:
    for feature in document["features"]:
        feature["geometry"]["coordinates"] = (
            [[[y, x] for x, y in ring] for ring in feature["geometry"]["coordinates"]]
            if feature["geometry"]["type"] == "Polygon"
            else feature["geometry"]["coordinates"]
        )


CASES = {
    "duplicated LSOA code": (LSOA21, _geojson_edit(_duplicate_first_code), r"duplicated code.*E01"),
    "text in a numeric column": (
        IOD25, _replace_text(",66.076,", ",n/a,"), r"text 'n/a' in a numeric column.*row 2.*imd_score",
    ),
    "invalid polygon": (LSOA21, _geojson_edit(_bow_tie), r"invalid polygon.*code E01"),
    "truncated GeoJSON": (LSOA21, lambda raw: raw[: len(raw) // 2], r"not valid JSON"),
    "empty file": (IOD25, lambda raw: b"", r"empty"),
    "wrong delimiter": (IOD25, lambda raw: raw.replace(b",", b";"), r"wrong delimiter"),
    "Latin-1 encoding": (POP20, lambda raw: raw + "E01999999,Caf\xe9".encode("latin-1"), r"not UTF-8"),
    "missing lookup row": (
        CHANGE, lambda raw: b"\n".join(raw.split(b"\n")[:1] + raw.split(b"\n")[2:]), r"expected 1006 rows",
    ),
    "code from another vintage": (
        # E01006441 is a 2011 LSOA that was split in 2021: it has no 2021 boundary.
        IOD25, _replace_text("E01034832,", "E01006441,"), r"code not among the LSOA boundaries.*E01006441",
    ),
    "axes swapped (foreign coordinates)": (LSOA21, _geojson_edit(_swap_axes), r"not longitude and latitude"),
    "negative count": (POP20, _replace_text(",1606,", ",-1606,"), r"outside the plausible range.*pop_total"),
}  # fmt: skip


@pytest.mark.parametrize("case", CASES)
def test_corrupted_input_stops_the_build_and_keeps_the_good_bundle(corrupt, case):
    relative, change, message = CASES[case]
    copy, cache = corrupt(relative, change)
    with pytest.raises(DataError, match=message) as raised:
        build_bundle(copy, cache)
    assert Path(relative).name in str(raised.value)
    assert load_bundle(cache / "current").lsoa.shape[0] == 1003


def test_missing_file_is_named(good):
    copy, cache, good_path = good
    path = copy / IOD25
    moved = path.with_suffix(".moved")
    path.rename(moved)
    try:
        with pytest.raises(DataError, match="file not found"):
            build_bundle(copy, cache)
    finally:
        moved.rename(path)
    assert (cache / "current").resolve() == good_path


def test_byte_order_mark_is_accepted(tmp_path, data_dir: Path):
    copy = tmp_path / "data"
    shutil.copytree(data_dir, copy, ignore=shutil.ignore_patterns("samples"))
    path = copy / IOD25
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert load_bundle(build_bundle(copy, tmp_path / "cache")).lsoa.shape[0] == 1003
