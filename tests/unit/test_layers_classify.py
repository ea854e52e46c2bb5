"""Classification into need classes and the legend built from the same bins."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from layers.classify import (
    MISSING_CLASS,
    classify,
    palette_colours,
)


def series(values) -> pd.Series:
    return pd.Series(values, index=[f"A{i:03d}" for i in range(len(values))], dtype="float64")


def test_quantiles_put_each_area_in_one_class_and_count_them():
    c = classify(series(range(10)), "quantiles", 5)
    assert c.k == 5
    assert [cls.count for cls in c.legend] == [2, 2, 2, 2, 2]
    assert c.need_class.tolist() == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]
    assert c.legend[0].label == "0.0 – 1.0" and c.legend[-1].label == "8.0 – 9.0"


def test_lower_is_worse_flips_the_classes_so_darker_is_more_need():
    c = classify(series([1, 2, 3, 4, 5, 6]), "quantiles", 3, higher_is_worse=False)
    assert c.need_class.tolist() == [2, 2, 1, 1, 0, 0]
    # the most-need class (darkest) is labelled with the lowest values
    assert c.legend[2].label.startswith("1.0")


def test_missing_values_get_the_no_data_class_and_are_counted():
    c = classify(series([1, np.nan, 3, 4]), "quantiles", 2)
    assert c.need_class.iloc[1] == MISSING_CLASS
    assert c.n_missing == 1
    assert sum(cls.count for cls in c.legend) == 3


def test_natural_breaks_separate_clear_groups():
    c = classify(series([1, 1.1, 1.2, 10, 10.5, 11, 50, 51]), "natural_breaks", 3)
    assert c.need_class.tolist() == [0, 0, 0, 1, 1, 1, 2, 2]


def test_england_deciles_make_decile_one_the_darkest_class():
    deciles = series([1, 5, 10, np.nan])
    c = classify(series([0, 0, 0, 0]), "deciles", deciles=deciles)
    assert c.need_class.tolist() == [9, 5, 0, MISSING_CLASS]
    assert c.legend[9].label.startswith("Decile 1 ")
    assert c.k == 10


def test_deciles_without_decile_data_is_an_error():
    with pytest.raises(ValueError):
        classify(series([1, 2]), "deciles")


def test_counts_can_be_limited_to_the_areas_in_view_while_breaks_stay_regional():
    values = series(range(10))
    in_view = pd.Series([i < 3 for i in range(10)], index=values.index)
    whole = classify(values, "quantiles", 5)
    part = classify(values, "quantiles", 5, counted=in_view)
    assert [c.label for c in whole.legend] == [c.label for c in part.legend]
    assert sum(c.count for c in part.legend) == 3


def test_a_legend_label_claims_only_the_range_its_members_span():
    # Quantile breaks fall between values (here 6.5): the classes hold 1–3 and 10–12, nothing near 6.5.
    c = classify(series([1, 2, 3, 10, 11, 12]), "quantiles", 2)
    assert [cls.label for cls in c.legend] == ["1.0 – 3.0", "10.0 – 12.0"]
    # A class of one value is labelled with that value, not a range.
    lone = classify(series([1, 1, 1, 1, 9]), "quantiles", 2)
    assert [cls.label for cls in lone.legend] == ["1.0", "9.0"]


def test_an_interpolated_break_with_no_member_gives_no_empty_class():
    # Quartile breaks 2.5, 10, 30, 50: nothing lies in (10, 30], which was a "10.0 – 30.0" class of 0.
    values = series([0, 0, 5, 10, 10, 50, 50])
    c = classify(values, "quantiles", 4)
    assert c.k == 3
    assert all(cls.count > 0 for cls in c.legend)
    for cls in c.legend:
        members = values[c.need_class == cls.need_class]
        low, high = f"{members.min():,.1f}", f"{members.max():,.1f}"
        assert cls.label == (low if low == high else f"{low} – {high}")


def test_few_distinct_values_give_fewer_classes():
    c = classify(series([0, 0, 0, 1, 1]), "quantiles", 5)
    assert c.k == 2
    assert sorted(set(c.need_class)) == [0, 1]


def test_palettes_go_from_light_to_dark():
    colours = palette_colours("YlOrRd", 5)
    lightness = [sum(int(c[i : i + 2], 16) for i in (1, 3, 5)) for c in colours]
    assert lightness == sorted(lightness, reverse=True)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=1, max_size=60),
    st.sampled_from(["quantiles", "natural_breaks"]),
    st.integers(1, 7),
    st.booleans(),
)
def test_classes_are_ordered_by_value(values, scheme, k, worse):
    s = series(values)
    c = classify(s, scheme, k, higher_is_worse=worse)
    assert c.need_class.between(0, c.k - 1).all()
    assert sum(cls.count for cls in c.legend) == len(values)
    order = s.sort_values(kind="mergesort").index
    classes = c.need_class[order].to_numpy()
    steps = np.diff(classes)
    assert (steps >= 0).all() if worse else (steps <= 0).all()
