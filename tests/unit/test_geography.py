"""Carrying 2011 LSOA data to 2021 LSOAs: unchanged, split (parent's rate), merged (recomputed)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from geodata.aggregate import Ratio, Sum, WeightedMean
from geodata.errors import DataError
from geodata.geography import AsIs, carry_to_2021

LOOKUP = pd.DataFrame(
    {
        "lsoa2011_code": ["E01000001", "E01000002", "E01000002", "E01000003", "E01000004"],
        "change_code": ["U", "S", "S", "M", "M"],
        "lsoa2021_code": ["E01000001", "E01100001", "E01100002", "E01100003", "E01100003"],
    }
)
FRAME_2011 = pd.DataFrame(
    {
        "lsoa_code": ["E01000001", "E01000002", "E01000003", "E01000004"],
        "claimants": [10.0, 40.0, 5.0, 15.0],
        "working_age": [100.0, 200.0, 50.0, 150.0],
        "decile": [1.0, 2.0, 3.0, 4.0],
    }
)
CARRIES = {
    "rate": Ratio("claimants", "working_age"),
    "claimants": Sum("claimants"),
    "decile": AsIs("decile"),
}


def test_unchanged_split_and_merged_lsoas():
    carried = carry_to_2021(FRAME_2011, LOOKUP, CARRIES)
    assert carried.loc["E01000001", "change_code"] == "U"
    assert carried.loc["E01000001", "rate"] == 0.1
    # Each part of a split takes its parent's rate; its count is not apportioned.
    for part in ("E01100001", "E01100002"):
        assert carried.loc[part, "change_code"] == "S"
        assert carried.loc[part, "rate"] == 0.2
        assert math.isnan(carried.loc[part, "claimants"])
        assert carried.loc[part, "decile"] == 2
    merged = carried.loc["E01100003"]
    assert merged["change_code"] == "M"
    assert merged["rate"] == (5 + 15) / (50 + 150)
    assert merged["claimants"] == 20
    assert math.isnan(merged["decile"])  # a rank has no meaning for a merged area


def test_2011_lsoa_missing_from_lookup_is_named():
    extra = pd.concat([FRAME_2011, FRAME_2011.iloc[[0]].assign(lsoa_code="E01999999")])
    with pytest.raises(DataError, match="E01999999"):
        carry_to_2021(extra, LOOKUP, CARRIES)


def test_merged_lsoa_with_a_suppressed_parent_has_no_count_or_rate():
    # A suppressed count is unknown, not 0: summing the other parent alone would understate the
    # merged LSOA's count and misstate its rate (E01034404's IDACI 2019 is the real case).
    suppressed = FRAME_2011.assign(
        claimants=[10.0, 40.0, float("nan"), 15.0],
        cidr=[90.0, 110.0, float("nan"), 120.0],
    )
    carries = {
        **CARRIES,
        "working_age": Sum("working_age"),
        "cidr": WeightedMean("cidr", "working_age"),
    }
    merged = carry_to_2021(suppressed, LOOKUP, carries).loc["E01100003"]
    assert math.isnan(merged["claimants"])
    assert math.isnan(merged["rate"])
    assert math.isnan(merged["cidr"])
    assert merged["working_age"] == 200  # every parent publishes it, so the sum is whole
