"""Postcodes: reading what people type (any case, any spacing), and finding it in the lookup."""

from __future__ import annotations

import string

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geodata.errors import DataError
from geodata.postcodes import (
    Covered,
    Miss,
    Place,
    PostcodeIndex,
    Reason,
    normalise,
    parse,
    postcode_table,
    standard,
)

# --- parse and normalise ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "kind", "text"),
    [
        ("l321ab", "full", "L32 1AB"),
        ("L32 1AB", "full", "L32 1AB"),
        ("  l32   1ab ", "full", "L32 1AB"),
        ("L32\u00a01AB", "full", "L32 1AB"),  # a non-breaking space from a spreadsheet
        ("ch259aa", "full", "CH25 9AA"),
        ("L1 0AA", "full", "L1 0AA"),
        ("SW1A1AA", "full", "SW1A 1AA"),  # well formed, even if not in the region
        ("L32 1", "sector", "L32 1"),
        ("l321", "sector", "L32 1"),  # no space: only one way to read it
        ("L1 2", "sector", "L1 2"),
        ("L32", "district", "L32"),
        ("l12", "district", "L12"),  # no space: the district L12, never the sector L1 2
        ("WA88", "district", "WA88"),
        ("L3 21", "malformed", "L3 21"),
        ("L", "malformed", "L"),
        ("Kirkby", "malformed", "Kirkby"),
        ("L32 1A", "malformed", "L32 1A"),
        ("", "malformed", ""),
        ("   ", "malformed", ""),
    ],
)
def test_parse(typed, kind, text):
    query = parse(typed)
    assert (query.kind, query.text) == (kind, text)


def test_parse_refuses_what_is_not_text_or_too_long():
    assert parse(None).kind == "malformed"
    assert parse(12345).kind == "malformed"
    long = "L32 1AB" * 10
    query = parse(long)
    assert query.kind == "malformed" and len(query.text) <= 16


def test_normalise():
    assert normalise("l321ab") == "L32 1AB"
    assert normalise("L32 1") is None
    assert normalise("nonsense") is None
    assert standard("CH259AA") == "CH25 9AA"


LCR_EXTENT = (
    -3.3,
    53.2,
    -2.4,
    53.8,
)  # around the City Region's LSOAs (min lon, min lat, max lon, max lat)
OUTWARD = st.from_regex(r"[A-Z]{1,2}[0-9][0-9A-Z]?", fullmatch=True)
INWARD = st.from_regex(r"[0-9][A-Z]{2}", fullmatch=True)
SPACES = st.text(alphabet=" \t\u00a0", max_size=3)


@settings(max_examples=300, deadline=None)
@given(OUTWARD, INWARD, SPACES, SPACES, SPACES, st.booleans())
def test_any_spacing_and_case_normalises_to_one_form(outward, inward, before, middle, after, lower):
    typed = f"{before}{outward}{middle}{inward}{after}"
    typed = typed.lower() if lower else typed
    assert normalise(typed) == f"{outward} {inward}"


@settings(max_examples=300, deadline=None)
@given(OUTWARD, INWARD)
def test_normalising_is_idempotent_and_keeps_the_units(outward, inward):
    once = normalise(outward + inward)
    assert once is not None and normalise(once) == once
    assert once.replace(" ", "") == outward + inward


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_parse_never_raises_and_a_full_postcode_has_the_standard_shape(text):
    query = parse(text)
    assert query.kind in ("full", "sector", "district", "malformed")
    if query.kind == "full":
        outward, inward = query.text.split(" ")
        assert len(inward) == 3 and inward[0].isdigit() and 2 <= len(outward) <= 4


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=string.ascii_letters + string.digits + " ", max_size=10))
def test_match_agrees_with_resolve(text):
    """The vectorised matching of a caseload column gives what a search of each value gives."""
    index = tiny_index()
    matched = index.match(pd.Series([text]))
    found = index.resolve(text)
    if isinstance(found, Place):
        assert matched["reason"].iloc[0] == "" and matched["lsoa"].iloc[0] == found.lsoa
    elif parse(text).kind == "full":
        assert isinstance(found, Miss) and matched["reason"].iloc[0] == found.reason.value
    else:
        assert matched["reason"].iloc[0] == Reason.MALFORMED.value


# --- the index --------------------------------------------------------------------------------


def tiny_index() -> PostcodeIndex:
    table = pd.DataFrame(
        {
            "postcode": ["L321AB", "L321AD", "L329AA", "CH259AA", "WA88ZZ"],
            "lat": [53.48, 53.49, 53.47, 53.39, 53.36],
            "lon": [-2.88, -2.87, -2.89, -3.01, -2.73],
            "lsoa": ["E01000001", "E01000002", "E01000003", "E01000004", "E01000005"],
            "ward": ["E05000001", "E05000001", "E05000002", "E05000003", "E05000004"],
            "borough": ["E08000011", "E08000011", "E08000011", "E08000015", "E06000006"],
        }
    )
    return PostcodeIndex.from_table(table)


def test_resolve_full_sector_district_and_misses():
    index = tiny_index()
    place = index.resolve("l321ab")
    assert isinstance(place, Place)
    assert (place.postcode, place.lsoa, place.ward) == ("L32 1AB", "E01000001", "E05000001")
    sector = index.resolve("L32 1")
    assert isinstance(sector, Covered)
    assert sector.n_postcodes == 2 and sector.lsoas == ("E01000001", "E01000002")
    assert sector.codes_at("ward") == ("E05000001",)
    district = index.resolve("L32")
    assert isinstance(district, Covered) and district.n_postcodes == 3
    unknown = index.resolve("L32 1ZZ")
    assert isinstance(unknown, Miss) and unknown.reason is Reason.UNKNOWN
    assert "L32 1ZZ" in unknown.message and "L32 1" in unknown.message
    outside = index.resolve("M1 1AA")
    assert isinstance(outside, Miss) and outside.reason is Reason.NOT_IN_REGION
    assert "M1 1AA" in outside.message and "outside the region" in outside.message
    bad = index.resolve("hello")
    assert isinstance(bad, Miss) and bad.reason is Reason.MALFORMED and "hello" in bad.message
    assert isinstance(index.resolve("L32 7"), Miss)  # a sector with no City Region postcode


def test_match_gives_every_row_its_lsoa_or_its_reason():
    index = tiny_index()
    typed = pd.Series(["l32 1ab", " CH25 9AA", "M1 1AA", "L32 1ZZ", "??", None, "wa8 8zz"])
    matched = index.match(typed)
    assert [v if isinstance(v, str) else None for v in matched["lsoa"]] == [
        "E01000001", "E01000004", None, None, None, None, "E01000005",
    ]  # fmt: skip
    assert matched["reason"].tolist() == [
        "", "", "not in region", "unknown", "malformed", "malformed", "",
    ]  # fmt: skip


# --- the lookup file as the bundle keeps it ---------------------------------------------------


def lsoa_table() -> pd.DataFrame:
    return pd.DataFrame(
        {"ward_code": ["E05000001"], "lad_code": ["E08000011"]}, index=pd.Index(["E01000001"])
    )


def raw(**changes) -> pd.DataFrame:
    row = {"postcode": "L32 1AB", "lat": "53.48", "lon": "-2.88", "lsoa2021_code": "E01000001",
           "ward_code": "E05000001", "lad_code": "E08000011"}  # fmt: skip
    row.update(changes)
    return pd.DataFrame([row])


def test_postcode_table_normalises_the_published_spellings():
    frame = pd.concat([raw(), raw(postcode="L321AD")], ignore_index=True)
    table = postcode_table(frame, lsoa_table(), "lookup.csv", LCR_EXTENT)
    assert table["postcode"].tolist() == ["L321AB", "L321AD"]


@pytest.mark.parametrize(
    ("changes", "said"),
    [
        ({"postcode": "L32 1A"}, "is not a postcode"),
        ({"lsoa2021_code": "E01999999"}, "LSOA not in the 2021 LSOA boundaries"),
        ({"ward_code": "E05999999"}, "ward_code is not its LSOA's"),
        ({"lat": "-2.88", "lon": "53.48"}, "centroid outside the region's LSOAs"),
    ],
)
def test_postcode_table_names_what_is_wrong(changes, said):
    with pytest.raises(DataError, match=said):
        postcode_table(raw(**changes), lsoa_table(), "lookup.csv", LCR_EXTENT)


def test_postcode_table_refuses_a_postcode_listed_twice_in_two_spellings():
    with pytest.raises(DataError, match="listed twice"):
        postcode_table(
            pd.concat([raw(), raw(postcode="l321ab")]), lsoa_table(), "lookup.csv", LCR_EXTENT
        )


@pytest.mark.realdata
def test_the_bundle_holds_every_postcode_of_the_lookup(bundle):
    assert bundle.postcodes is not None and len(bundle.postcodes) == 63_927
    index = PostcodeIndex.from_table(bundle.postcodes)
    found = index.resolve("l321ab")
    assert isinstance(found, Place) and found.lsoa == "E01006495"
    assert set(index.frame["borough"]) == set(bundle.lsoa["lad_code"])


def test_geodata_postcodes_does_not_import_dash():
    import subprocess
    import sys

    code = "import geodata.postcodes, geodata.caseload, sys; assert 'dash' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
