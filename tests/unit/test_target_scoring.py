"""Scoring: orientation, the three normalisations, missing values, contributions, weights."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from layers.targeting.scoring import (
    Component,
    normalise,
    normalise_decile,
    normalise_rank,
    normalise_z,
    rank_of,
    score,
    weighted_scores,
)
from tests.unit.test_target_support import layer

CODES = pd.Index(["A", "B", "C", "D"], name="code")


def test_rank_percentile_is_share_of_known_values_at_or_below():
    ranks = normalise_rank(pd.Series([10.0, 30.0, 20.0, np.nan], index=CODES))
    assert ranks.tolist()[:3] == pytest.approx([100 / 3, 100, 200 / 3])
    assert np.isnan(ranks["D"])


def test_direction_is_respected():
    values = pd.Series([1.0, 2.0, 3.0, 4.0], index=CODES)
    worse, _ = normalise(layer("a"), values, "lsoa", "rank")
    better, _ = normalise(layer("b", higher_is_worse=False), values, "lsoa", "rank")
    assert worse.idxmax() == "D"
    assert better.idxmax() == "A"


def test_lsoa_direction_override_is_used_at_lsoa_only():
    decile_like = layer("d", lsoa_higher_is_worse=False)
    values = pd.Series([1.0, 5.0, 10.0, 3.0], index=CODES)
    at_lsoa, _ = normalise(decile_like, values, "lsoa", "rank")
    at_ward, _ = normalise(decile_like, values, "ward", "rank")
    assert at_lsoa.idxmax() == "A" and at_ward.idxmax() == "C"


def test_z_score_has_mean_zero_and_unit_sd():
    z = normalise_z(pd.Series([1.0, 2.0, 3.0, 6.0], index=CODES))
    assert z.mean() == pytest.approx(0) and z.std(ddof=0) == pytest.approx(1)


def test_z_score_of_a_constant_is_zero_not_nan():
    z = normalise_z(pd.Series([5.0, 5.0, np.nan, 5.0], index=CODES))
    assert z.tolist()[:2] == [0.0, 0.0] and np.isnan(z["C"])


def test_decile_one_is_most_need():
    points = normalise_decile(pd.Series([1, 10, 5, np.nan], index=CODES))
    assert points.tolist()[:3] == [100.0, 10.0, 60.0]


def test_decile_method_falls_back_to_rank_with_a_note_when_no_decile():
    values = pd.Series([1.0, 2.0, 3.0, 4.0], index=CODES)
    result, note = normalise(layer("a"), values, "ward", "decile", None)
    assert result.equals(normalise_rank(values))
    assert note and "rank" in note


def test_weighted_mean_of_normalised_values_and_contributions_sum_to_score():
    values = pd.DataFrame({"a": [1.0, 2.0, 3.0, 4.0], "b": [4.0, 3.0, 2.0, 1.0]}, index=CODES)
    result = score([Component(layer("a"), 3), Component(layer("b"), 1)], values, "lsoa")
    expected = (3 * normalise_rank(values["a"]) + normalise_rank(values["b"])) / 4
    assert result.score.to_numpy() == pytest.approx(expected.to_numpy())
    assert result.contributions.sum(axis=1).to_numpy() == pytest.approx(result.score.to_numpy())


def test_missing_value_excludes_the_area_under_exclude():
    values = pd.DataFrame({"a": [1.0, 2.0, 3.0, 4.0], "b": [4.0, np.nan, 2.0, 1.0]}, index=CODES)
    result = score([Component(layer("a"), 1), Component(layer("b"), 1)], values, "lsoa")
    assert np.isnan(result.score["B"])
    assert result.n_excluded == 1 and result.n_renormalised == 0
    assert any("1 area left unscored" in note for note in result.notes)


def test_missing_value_is_never_zero_under_renormalise():
    values = pd.DataFrame({"a": [1.0, 2.0, 3.0, 4.0], "b": [4.0, np.nan, 2.0, 1.0]}, index=CODES)
    components = [Component(layer("a"), 1), Component(layer("b"), 3)]
    result = score(components, values, "lsoa", missing="renormalise")
    # B's score is its rank on "a" alone (weights renormalised), not a mean with a 0.
    assert result.score["B"] == pytest.approx(normalise_rank(values["a"])["B"])
    assert result.n_renormalised == 1 and result.n_excluded == 0
    assert result.contributions.loc["B", "b"] != result.contributions.loc["B", "b"]  # NaN


def test_area_with_nothing_known_is_unscored_under_renormalise():
    values = pd.DataFrame({"a": [1.0, np.nan, 3.0, 4.0]}, index=CODES)
    result = score([Component(layer("a"), 1)], values, "lsoa", missing="renormalise")
    assert np.isnan(result.score["B"]) and result.n_excluded == 1


@pytest.mark.parametrize("weight", [-1.0, float("nan"), float("inf")])
def test_bad_weights_are_rejected_with_a_message(weight):
    values = pd.DataFrame({"a": [1.0, 2.0, 3.0, 4.0]}, index=CODES)
    with pytest.raises(ValueError, match="weight"):
        score([Component(layer("a"), weight)], values, "lsoa")


def test_all_zero_weights_are_rejected():
    values = pd.DataFrame({"a": [1.0, 2.0, 3.0, 4.0]}, index=CODES)
    with pytest.raises(ValueError, match="at least one indicator"):
        score([Component(layer("a"), 0)], values, "lsoa")


def test_zero_weight_indicator_is_ignored_even_when_missing():
    values = pd.DataFrame({"a": [1.0, 2.0, 3.0, 4.0], "b": [np.nan] * 4}, index=CODES)
    result = score([Component(layer("a"), 1), Component(layer("b"), 0)], values, "lsoa")
    assert result.n_excluded == 0


def test_rank_breaks_ties_by_code_and_leaves_unscored_unranked():
    ranks = rank_of(pd.Series([5.0, 7.0, 5.0, np.nan], index=CODES))
    assert ranks.tolist()[:3] == [2.0, 1.0, 3.0] and np.isnan(ranks["D"])


def test_equal_scores_are_not_split_by_float_residue_so_ties_go_by_code():
    # 2 x 424 + 29 = 2 x 405 + 67: the same score, reached by sums that differ in the last bit.
    n = 1003
    normalised = np.array([[424, 29], [405, 67]]) / n * 100
    scores = weighted_scores(normalised, np.array([2.0, 1.0]), "exclude")
    assert scores[0] == scores[1]
    ranks = rank_of(pd.Series(scores, index=["E01000002", "E01000001"]))
    assert ranks.tolist() == [2.0, 1.0]


def test_weighted_scores_many_draws_matches_one_at_a_time():
    matrix = np.array([[10.0, 20.0], [np.nan, 40.0], [30.0, 50.0]])
    draws = np.array([[1.0, 2.0], [1.0, 1.0]])
    for policy in ("exclude", "renormalise"):
        many = weighted_scores(matrix, draws, policy)
        for d in range(2):
            one = weighted_scores(matrix, draws[:, d], policy)
            np.testing.assert_allclose(many[:, d], one)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(0, 100, allow_nan=False), min_size=3, max_size=30),
    st.floats(0.1, 10),
    st.floats(0.1, 10),
)
def test_rank_scores_stay_within_0_and_100_and_follow_a_single_indicator(values, wa, wb):
    index = pd.Index([f"X{i:03d}" for i in range(len(values))])
    frame = pd.DataFrame({"a": values, "b": values[::-1]}, index=index)
    result = score([Component(layer("a"), wa), Component(layer("b"), wb)], frame, "lsoa")
    assert ((result.score >= -1e-9) & (result.score <= 100 + 1e-9)).all()  # float rounding
    single = score([Component(layer("a"), wa)], frame, "lsoa").score
    order = np.argsort(frame["a"].to_numpy(), kind="stable")
    assert np.all(np.diff(single.to_numpy()[order]) >= -1e-9)
