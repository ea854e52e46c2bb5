"""Caseloads: a file of postcodes becomes counts per LSOA, ward and borough, and only counts.

The layer figures are checked against counts made here independently (a dictionary from the lookup
CSV, row by row), and small counts are suppressed at every level and in every rate built on them.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geodata.caseload import (
    SUPPRESS_BELOW,
    Caseload,
    canonical_text,
    period_keys,
    read_caseload,
    suppress,
)
from geodata.imports.errors import ImportProblem
from geodata.postcodes import PostcodeIndex
from layers.caseload import SUPPRESSED_NOTE, caseload_layers, reach_before_during
from tests.unit.test_postcodes import tiny_index


def csv_bytes(rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def test_suppress_hides_one_to_four_and_keeps_zero_and_five():
    shown = suppress(pd.Series([0, 1, 2, 3, 4, 5, 12]))
    assert shown.isna().tolist() == [False, True, True, True, True, False, False]
    assert SUPPRESS_BELOW == 5


def test_read_counts_per_lsoa_and_lists_unmatched_rows_with_reasons():
    rows = [{"Client": str(i), "Post Code": pc, "Referral date": "03/02/2024"}
            for i, pc in enumerate(["l32 1ab", "L321AB", "CH25 9AA", "M1 1AA", "L32 1ZZ", "???"])]  # fmt: skip
    reading = read_caseload(csv_bytes(rows), "caseload.csv", tiny_index(), "Test")
    caseload = reading.caseload
    assert reading.columns == {"postcode": "Post Code", "date": "Referral date"}
    assert caseload.lsoa_counts().to_dict() == {"E01000001": 2, "E01000004": 1}
    assert (caseload.n_rows, caseload.n_matched) == (6, 3)
    assert caseload.reasons == {"not in region": 1, "unknown": 1, "malformed": 1}
    assert [(u.row, u.typed, u.reason.value) for u in reading.unmatched] == [
        (5, "M1 1AA", "not in region"), (6, "L32 1ZZ", "unknown"), (7, "???", "malformed"),
    ]  # fmt: skip
    assert caseload.periods == ("2024-Q1",)  # 3 February, read day first as the UK writes it


def test_the_payload_holds_counts_only():
    rows = [{"postcode": "L32 1AB", "outcome": "Into work"}, {"postcode": "CH259AA", "outcome": ""}]
    reading = read_caseload(csv_bytes(rows), "c.csv", tiny_index())
    text = canonical_text(reading.caseload)
    payload = json.loads(text)
    assert "L32" not in text and "CH25" not in text
    assert set(payload) == {"kind", "version", "title", "periodicity", "periods", "outcomes",
                            "codes", "lsoa", "period", "outcome", "n", "n_rows", "n_matched",
                            "n_undated", "reasons"}  # fmt: skip
    assert all(code.startswith("E01") for code in payload["codes"])
    back = Caseload.from_payload(payload)
    assert back.lsoa_counts().to_dict() == reading.caseload.lsoa_counts().to_dict()
    assert back.outcomes == ("into work",)


def test_dates_become_months_or_quarters_and_unreadable_ones_are_said():
    dates = pd.Series(["2024-03-05", "05/03/2024", "31/12/2023", "not a date", ""])
    assert period_keys(dates, "month").tolist()[:3] == ["2024-03", "2024-03", "2023-12"]
    assert period_keys(dates, "quarter").tolist()[:3] == ["2024-Q1", "2024-Q1", "2023-Q4"]
    assert period_keys(dates, "quarter").isna().tolist()[3:] == [True, True]
    rows = [{"postcode": "L32 1AB", "date": d} for d in ("05/03/2024", "nonsense")]
    reading = read_caseload(csv_bytes(rows), "c.csv", tiny_index())
    assert reading.caseload.n_undated == 1 and "no readable date" in reading.notes[0]


def test_a_file_without_postcodes_is_refused_with_its_headers_named():
    with pytest.raises(ImportProblem, match=r"No column of postcodes.*name, town"):
        read_caseload(b"name,town\nAnn,Kirkby\n", "c.csv", tiny_index())


def test_a_postcode_column_is_found_without_its_header():
    data = b"ref,where\n1,L32 1AB\n2,CH25 9AA\n"
    assert read_caseload(data, "c.csv", tiny_index()).columns["postcode"] == "where"


def test_excel_is_read_as_csv_is():
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Postcode", "Date"])
    sheet.append(["l32 1ab", "2024-05-01"])
    sheet.append(["SW1A 1AA", "2024-05-01"])
    buffer = io.BytesIO()
    book.save(buffer)
    reading = read_caseload(buffer.getvalue(), "c.xlsx", tiny_index())
    assert reading.caseload.lsoa_counts().to_dict() == {"E01000001": 1}
    assert reading.caseload.periods == ("2024-Q2",)


# --- real data: the layers against an independent count ---------------------------------------


LOOKUP = "lookups/lcr_postcodes_nspl2025.csv"


@pytest.fixture(scope="module")
def lookup_rows(data_dir) -> dict[str, str]:
    """Compact postcode → LSOA, read straight from the published CSV (not through the index)."""
    with (data_dir / LOOKUP).open(encoding="utf-8") as handle:
        return {r["postcode"].replace(" ", ""): r["lsoa2021_code"] for r in csv.DictReader(handle)}


def sample_file(lookup_rows: dict[str, str], seed: int = 3) -> tuple[bytes, list[str]]:
    rng = np.random.default_rng(seed)
    postcodes = sorted(lookup_rows)
    chosen = [postcodes[i] for i in rng.integers(0, len(postcodes), 4000)]
    chosen += ["L321AB"] * 3  # one LSOA with a handful more
    typed = [p.lower() if i % 3 == 0 else f"{p[:-3]} {p[-3:]}" for i, p in enumerate(chosen)]
    days = rng.integers(0, 540, len(typed))
    dates = [(pd.Timestamp("2023-07-01") + pd.Timedelta(days=int(d))).strftime("%d/%m/%Y")
             for d in days]  # fmt: skip
    rows = [{"postcode": t, "date": d} for t, d in zip(typed, dates, strict=True)]
    rows += [{"postcode": "M1 1AA", "date": ""}, {"postcode": "rubbish", "date": ""}]
    return csv_bytes(rows), chosen


def test_the_caseload_count_is_never_ranked_or_scored_as_need():
    """A bigger area holds more people, so "people reached" is a count (shown, never ranked or
    scored, as for Universal Credit households); the caseload's rates and gap still are."""
    from layers.targeting.presets import resolve_weights, scorable

    rows = [{"postcode": pc} for pc in ["L32 1AB", "L32 1AD", "CH25 9AA"] * 3]
    reading = read_caseload(csv_bytes(rows), "caseload.csv", tiny_index(), "Test")
    layers = caseload_layers(reading.caseload, "3" * 64)
    count = next(layer_id for layer_id in layers if layer_id.endswith("_n"))
    assert [layer_id for layer_id, layer in layers.items() if layer.is_count] == [count]
    assert set(scorable(layers, "lsoa")) == set(layers) - {count}
    with pytest.raises(ValueError, match="is a count"):
        resolve_weights(((count, 1.0),), layers, "lsoa", strict=True)


@pytest.mark.realdata
def test_layer_counts_match_an_independent_count_and_suppress_small_ones(bundle, lookup_rows):
    data, chosen = sample_file(lookup_rows)
    index = PostcodeIndex.from_table(bundle.postcodes)
    reading = read_caseload(data, "c.csv", index, "Sample")
    expected = Counter(lookup_rows[p] for p in chosen)
    layers = caseload_layers(reading.caseload, "0" * 64)
    base = next(iter(layers))
    counts = layers[base + "_n"].values(bundle, "lsoa")
    for code in bundle.lsoa.index:
        n = expected.get(code, 0)
        value, note = counts.at[code, "value"], counts.at[code, "note"]
        if 0 < n < SUPPRESS_BELOW:
            assert np.isnan(value) and note == SUPPRESSED_NOTE, code
        else:
            assert value == n, code
    # Wards and boroughs: counted again from LSOAs, then suppressed at their own level.
    wards = Counter(bundle.lsoa.at[lookup_rows[p], "ward_code"] for p in chosen)
    ward_counts = layers[base + "_n"].values(bundle, "ward")
    for code, n in wards.items():
        assert (np.isnan(ward_counts.at[code, "value"]) if n < SUPPRESS_BELOW
                else ward_counts.at[code, "value"] == n)  # fmt: skip
    # The rate per 100 claimants is missing wherever its count is suppressed.
    rate = layers[base].values(bundle, "lsoa")
    assert (rate["value"].isna() | counts["value"].notna()).all()
    claimants = bundle.lsoa["iod25_ind_employment_domain_numerator"]
    shown = counts["value"].notna() & (claimants > 0)
    assert np.allclose(rate["value"][shown], (counts["value"] / claimants * 100)[shown])


@pytest.mark.realdata
def test_gap_is_high_where_need_is_high_and_reach_low(bundle, lookup_rows):
    index = PostcodeIndex.from_table(bundle.postcodes)
    # Reach only in the least deprived half of LSOAs: the most deprived have the largest gaps.
    need = bundle.lsoa["iod25_employment_score"]
    low_need = set(need[need <= need.median()].index)
    postcodes = [p for p, lsoa in lookup_rows.items() if lsoa in low_need][:6000]
    data = csv_bytes([{"postcode": p} for p in postcodes])
    layers = caseload_layers(read_caseload(data, "c.csv", index).caseload, "1" * 64)
    gap = next(v for k, v in layers.items() if k.endswith("_gap")).values(bundle, "lsoa")["value"]
    most_deprived = need.nlargest(50).index
    assert (gap[most_deprived] > 0).all()
    assert gap.max() <= 100 and gap.min() >= -100


@pytest.mark.realdata
def test_periods_and_before_during(bundle, lookup_rows):
    data, chosen = sample_file(lookup_rows)
    index = PostcodeIndex.from_table(bundle.postcodes)
    caseload = read_caseload(data, "c.csv", index, periodicity="quarter").caseload
    layers = caseload_layers(caseload, "2" * 64)
    by_period = next(v for k, v in layers.items() if k.endswith("_p"))
    assert [p.key for p in by_period.periods(bundle)] == list(caseload.periods)
    codes = list(bundle.lsoa.index[:300])
    split = reach_before_during(caseload, bundle, codes, "lsoa", "2024-Q1")
    expected = Counter(lookup_rows[p] for p in chosen)
    total = sum(expected.get(c, 0) for c in codes)
    assert split["before"] + split["during"] == total


# --- properties ------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=10_000), max_size=50))
def test_suppression_never_shows_one_to_four_and_keeps_everything_else(counts):
    shown = suppress(pd.Series(counts, dtype="int64"))
    for raw, value in zip(counts, shown, strict=True):
        if 0 < raw < SUPPRESS_BELOW:
            assert np.isnan(value)
        else:
            assert value == raw


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["L32 1AB", "l321ad", "CH25 9AA", "wa8 8zz", "M1 1AA", "x", ""]),
                min_size=1, max_size=60))  # fmt: skip
def test_every_row_is_counted_once_or_listed_once(typed):
    # Each row names a person, so none is blank (a row with no cell filled is no row, in every
    # table the atlas reads: geodata.imports.table).
    rows = [{"name": f"Person {i}", "postcode": t} for i, t in enumerate(typed)]
    reading = read_caseload(csv_bytes(rows), "c.csv", tiny_index())
    caseload = reading.caseload
    assert caseload.n_rows == len(typed)
    assert int(caseload.lsoa_counts().sum()) == caseload.n_matched
    assert caseload.n_matched + sum(caseload.reasons.values()) == len(typed)
    assert len(reading.unmatched) == len(typed) - caseload.n_matched
    back = Caseload.from_payload(json.loads(canonical_text(caseload)))
    assert back.lsoa_counts().to_dict() == caseload.lsoa_counts().to_dict()
