"""Values an audit recomputed from the files in ../shared/data/lcr (issue 12), pinned on the real
bundle so a change to the build cannot move them unnoticed."""

from __future__ import annotations

import math

import pytest

from layers import LAYERS

pytestmark = pytest.mark.realdata

MERGED_WITH_SUPPRESSED_PARENT = "E01034404"  # Liverpool 042H = E01033749 (suppressed) + E01033766
GREENBANK_PARK = "E05015307"


def test_merged_lsoa_with_a_suppressed_parent_has_no_carried_counts(bundle):
    row = bundle.lsoa.loc[MERGED_WITH_SUPPRESSED_PARENT]
    assert row["from_2011_change"] == "M"
    # E01033749's IDACI and employment numerators are suppressed in IoD 2019: unknown, not 0.
    for column in (
        "iod19_idaci_numerator",
        "iod19_idaci_rate",
        "iod19_employment_numerator",
        "iod19_employment_rate",
    ):
        assert math.isnan(row[column]), column
    # Both parents publish their populations, so those sums stand.
    assert row["iod19_children_mid2015"] == 35 + 170
    assert row["iod19_working_age_pop_mid2015"] == 419 + 735


def test_idaci_2019_leaves_the_merged_lsoa_out_of_greenbank_park(bundle):
    layer = LAYERS["child_poverty_idaci"]
    lsoa = layer.values(bundle, "lsoa")
    assert math.isnan(lsoa.loc[MERGED_WITH_SUPPRESSED_PARENT, "value"])
    assert "merged" in lsoa.loc[MERGED_WITH_SUPPRESSED_PARENT, "note"]
    ward = layer.values(bundle, "ward").loc[GREENBANK_PARK]
    assert ward["value"] == pytest.approx(55 / 454 * 100)
    assert round(ward["value"], 3) == 12.115
    assert ward["n_missing"] == 1


def test_a_merged_lsoa_says_why_a_2019_decile_is_missing(bundle):
    values = LAYERS["imd2019_decile1"].values(bundle, "lsoa")
    merged = bundle.lsoa.index[bundle.lsoa["from_2011_change"] == "M"]
    assert values.loc[merged, "value"].isna().all()
    assert values.loc[merged, "note"].str.contains("rank or decile cannot be combined").all()
