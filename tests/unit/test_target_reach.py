"""Reach-curve arithmetic against a hand computation, and the even-spread comparator."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from layers.targeting.reach import even_spread_order, headline, reach_curve, share_reached

CODES = pd.Index(["A", "B", "C", "D", "E"], name="code")
SCORE = pd.Series([50.0, 90.0, 70.0, np.nan, 10.0], index=CODES)
CLAIMANTS = pd.Series([100.0, 300.0, 50.0, 20.0, 30.0], index=CODES)
BOROUGH = pd.Series(["X", "X", "Y", "Y", "Y"], index=CODES)


def test_reach_curve_by_hand():
    curve = reach_curve(SCORE, CLAIMANTS)
    # Order B (300), C (50), A (100), E (30); D has no score and is left out: total 480.
    assert curve["code"].tolist() == ["B", "C", "A", "E"]
    assert curve["cumulative"].tolist() == [300, 350, 450, 480]
    assert curve["share_reached"].tolist() == pytest.approx([300 / 480, 350 / 480, 450 / 480, 1])
    assert curve["share_of_areas"].tolist() == pytest.approx([0.25, 0.5, 0.75, 1])


def test_unscored_areas_last_keeps_the_whole_city_region_in_the_total():
    curve = reach_curve(SCORE.fillna(-np.inf), CLAIMANTS)
    assert curve["share_reached"].iloc[0] == pytest.approx(300 / 500)
    assert curve["code"].iloc[-1] == "D"


def test_headline_plain_words():
    curve = reach_curve(SCORE, CLAIMANTS)
    assert headline(curve, 2) == "The top 2 LSOAs (50% of areas) hold 73% of out-of-work claimants."


def test_even_spread_alternates_boroughs_best_first():
    order = even_spread_order(SCORE, BOROUGH)
    taken = order.sort_values(ascending=False).index.tolist()
    # X's best (B), Y's best (C), X's next (A), Y's next (E); D has no score.
    assert taken == ["B", "C", "A", "E"]
    curve = reach_curve(order, CLAIMANTS)
    assert curve["cumulative"].tolist() == [300, 350, 450, 480]


def test_even_spread_differs_from_score_order_when_need_is_concentrated():
    score = pd.Series([90.0, 80.0, 70.0, 20.0, 10.0], index=CODES)
    borough = pd.Series(["X", "X", "X", "Y", "Y"], index=CODES)
    reached = pd.Series([100.0, 100.0, 100.0, 10.0, 10.0], index=CODES)
    by_score = reach_curve(score, reached)
    spread = reach_curve(even_spread_order(score, borough), reached)
    assert by_score["share_reached"].iloc[1] == pytest.approx(200 / 320)
    assert spread["share_reached"].iloc[1] == pytest.approx(110 / 320)


def test_share_reached():
    assert share_reached(("A", "B"), CLAIMANTS) == pytest.approx(400 / 500)
    assert np.isnan(share_reached(("A",), pd.Series([np.nan], index=["A"])))
