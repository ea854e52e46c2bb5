"""Aggregation: counts summed exactly, rates recomputed from counts, missing never 0."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geodata.aggregate import (
    MIN_COVERAGE,
    Ratio,
    ShareWhere,
    Sum,
    WeightedMean,
    aggregate,
    aggregate_all,
    apply_coverage,
)

BOROUGH_CODES = ["E06000006", "E08000011", "E08000012", "E08000013", "E08000014", "E08000015"]


def small_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "borough": ["A", "A", "B", "B"],
            "claimants": [10.0, 30.0, 5.0, np.nan],
            "working_age": [100.0, 100.0, 50.0, 50.0],
            "ratio": [80.0, 120.0, 100.0, 200.0],
            "residents": [1000.0, 3000.0, 500.0, 500.0],
            "decile": [1.0, 3.0, 1.0, 1.0],
        }
    )


def test_rate_is_recomputed_from_summed_counts_not_averaged():
    result = aggregate(small_frame(), "borough", {"rate": Ratio("claimants", "working_age")})
    assert result.loc["A", "rate"] == 40 / 200  # the mean of 0.1 and 0.3 would also be 0.2: see B
    assert result.loc["B", "rate"] == 5 / 50  # the LSOA with a missing count is left out, not zero
    assert result.loc["B", "rate__n_missing"] == 1


def test_weighted_mean_and_share_in_most_deprived_decile():
    result = aggregate(
        small_frame(),
        "borough",
        {"cidr": WeightedMean("ratio", "residents"), "share": ShareWhere("decile", 1.0)},
    )
    assert result.loc["A", "cidr"] == (80 * 1000 + 120 * 3000) / 4000
    assert result.loc["A", "share"] == 0.5
    assert result.loc["B", "share"] == 1.0


def test_share_can_be_given_in_percent_like_a_rate():
    result = aggregate(small_frame(), "borough", {"share": ShareWhere("decile", 1.0, 100)})
    assert result.loc["A", "share"] == 50.0
    assert result.loc["B", "share"] == 100.0


def test_group_with_nothing_known_is_missing_not_zero():
    frame = small_frame()
    frame.loc[frame["borough"] == "B", "claimants"] = np.nan
    result = aggregate(frame, "borough", {"claimants": Sum("claimants")})
    assert math.isnan(result.loc["B", "claimants"])
    assert result.loc["B", "claimants__n_missing"] == 2


counts = st.integers(min_value=0, max_value=50_000)


@st.composite
def lsoa_frames(draw):
    n = draw(st.integers(min_value=1, max_value=60))
    return pd.DataFrame(
        {
            "lad_code": draw(st.lists(st.sampled_from(BOROUGH_CODES), min_size=n, max_size=n)),
            "numerator": draw(st.lists(counts, min_size=n, max_size=n)),
            "denominator": draw(
                st.lists(st.integers(min_value=1, max_value=50_000), min_size=n, max_size=n)
            ),
        }
    ).astype({"numerator": "float64", "denominator": "float64"})


@settings(max_examples=200, deadline=None)
@given(lsoa_frames())
def test_city_region_equals_sum_of_its_boroughs(frame):
    measures = {"count": Sum("numerator"), "rate": Ratio("numerator", "denominator")}
    boroughs = aggregate(frame, "lad_code", measures)
    region = aggregate_all(frame, measures, "E47000004").iloc[0]
    assert boroughs["count"].sum() == frame["numerator"].sum() == region["count"]
    recomputed = (
        boroughs["count"].sum() / aggregate(frame, "lad_code", {"d": Sum("denominator")})["d"].sum()
    )
    assert math.isclose(region["rate"], recomputed, rel_tol=1e-12)


@settings(max_examples=200, deadline=None)
@given(lsoa_frames(), st.data())
def test_summing_counts_is_exact_for_any_grouping(frame, data):
    groups = data.draw(st.lists(st.sampled_from("xyz"), min_size=len(frame), max_size=len(frame)))
    grouped = aggregate(frame.assign(group=groups), "group", {"count": Sum("numerator")})
    assert grouped["count"].sum() == frame["numerator"].sum()
    assert grouped["n_areas"].sum() == len(frame)


def nine_lsoas(published: int) -> pd.DataFrame:
    """One ward of 9 LSOAs, ``published`` of them with a value (the rest suppressed)."""
    count = [10.0] * published + [np.nan] * (9 - published)
    return pd.DataFrame({"ward": ["W"] * 9, "count": count, "children": [100.0] * 9})


def covered(published: int, measure) -> pd.Series:
    agg = aggregate(nine_lsoas(published), "ward", {"value": measure})
    return apply_coverage(agg["value"], agg["n_areas"], agg["value__n_missing"], measure).loc["W"]


@pytest.mark.parametrize("measure", [Sum("count"), Ratio("count", "children", 100)])
def test_a_figure_from_under_half_its_lsoas_is_missing_and_says_how_few(measure):
    row = covered(1, measure)  # Harington's IDACI 2019 rate came from 1 of 9
    assert math.isnan(row["value"]) and row["n_missing"] == 8
    assert row["note"] == "only 1 of 9 LSOAs published"
    assert MIN_COVERAGE == 0.5
    assert math.isnan(covered(4, measure)["value"])  # 4 of 9 is under half


def test_a_partial_count_is_shown_as_an_undercount_with_the_number_left_out():
    row = covered(5, Sum("count"))  # Heswall's IDACI 2025 count sums 5 of 9
    assert row["value"] == 50 and row["n_missing"] == 4
    assert row["note"] == "undercount: 4 of 9 LSOAs not published and not counted"


def test_a_partial_rate_is_shown_with_the_number_left_out():
    row = covered(5, Ratio("count", "children", 100))
    assert row["value"] == 10 and row["n_missing"] == 4
    assert row["note"] == "from 5 of 9 LSOAs (4 not published)"


def test_a_complete_figure_carries_no_note():
    row = covered(9, Sum("count"))
    assert row["value"] == 90 and row["n_missing"] == 0 and row["note"] == ""


def test_split_lsoas_left_out_are_said_to_be_split():
    value = pd.Series([12.0, 30.0, np.nan], index=["a", "b", "c"])
    n_areas = pd.Series([9, 4, 2], index=value.index)
    n_missing = pd.Series([3, 1, 2], index=value.index)
    split = pd.Series([1, 1, 2], index=value.index)
    out = apply_coverage(value, n_areas, n_missing, Ratio("x", "y"), n_split=split)
    assert out.loc["a", "note"] == (
        "from 6 of 9 LSOAs (2 not published; 1 split from a 2011 LSOA (count not apportioned))"
    )
    assert (
        out.loc["b", "note"]
        == "from 3 of 4 LSOAs (1 split from a 2011 LSOA (count not apportioned))"
    )
    assert out.loc["c", "note"].startswith("none of its 2 LSOAs has a value (2 split")
    counted = apply_coverage(value, n_areas, n_missing, Sum("x"), n_split=split)
    assert counted.loc["a", "note"] == (
        "undercount: 3 of 9 LSOAs not counted (2 not published; 1 split from a 2011 LSOA (count not "
        "apportioned))"
    )
