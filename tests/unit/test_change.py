"""A change between two periods: its id, its diverging classes centred on no change."""

from __future__ import annotations

import pandas as pd

from layers.change import change_id, change_unit, parse_change, signed
from layers.classify import DIVERGING, DIVERGING_COLOURS, MISSING_CLASS, classify


def test_change_ids_round_trip_and_refuse_malformed_ones():
    assert parse_change(change_id("claimants_lsoa", "2019", "2022")) == (
        "claimants_lsoa", "2019", "2022",
    )  # fmt: skip
    assert parse_change("uc_households__change__2015-08__2023-11") == (
        "uc_households", "2015-08", "2023-11",
    )  # fmt: skip
    for bad in ("claimants_lsoa", "__change__2019__2022", "x__change__2019", "x__change____2022",
                "x__change__2019__2022__2023", None, 3):  # fmt: skip
        assert parse_change(bad) is None


def test_signed_formats_and_units():
    assert format(1.234, signed(".2f")) == "+1.23" and format(-2.0, signed(",.0f")) == "-2"
    assert change_unit("% of children aged 0–15").startswith("percentage points")
    assert change_unit("households") == "change in households"


def test_diverging_classes_put_no_change_in_the_middle():
    values = pd.Series([-3.0, -1.0, 0.0, 0.5, 1.0, 2.0, 5.0, None], index=list("abcdefgh"))
    c = classify(values, "quantiles", palette=DIVERGING)
    assert c.need_class["c"] == 3 and c.legend[3].label == "no change"
    assert c.need_class["g"] == 6 and c.need_class["a"] == 0  # largest rise red, largest fall blue
    assert c.need_class["h"] == MISSING_CLASS and c.n_missing == 1
    assert c.colours == list(DIVERGING_COLOURS)
    assert all(c.need_class[k] > 3 for k in "defg") and all(c.need_class[k] < 3 for k in "ab")


def test_a_fall_is_more_need_where_lower_is_worse():
    values = pd.Series([-2.0, 2.0], index=["fell", "rose"])
    c = classify(values, "quantiles", palette=DIVERGING, higher_is_worse=False)
    assert c.need_class["fell"] > 3 > c.need_class["rose"]


def test_rises_and_falls_of_the_same_size_share_a_shade():
    values = pd.Series([-1.0, 1.0, -4.0, 4.0])
    c = classify(values, "natural_breaks", palette=DIVERGING)
    assert c.need_class[0] - 3 == 3 - c.need_class[1]
    assert c.need_class[2] - 3 == 3 - c.need_class[3]


def test_no_change_anywhere_is_one_class():
    c = classify(pd.Series([0.0, 0.0]), "quantiles", palette=DIVERGING)
    assert c.need_class.tolist() == [3, 3]
