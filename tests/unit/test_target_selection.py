"""Selection rules, one at a time and together, and the manual edits on top."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from layers.targeting.scoring import rank_of
from layers.targeting.selection import Filter, Rules, apply_edits, select

CODES = pd.Index([f"E0100000{i}" for i in range(8)], name="code")
SCORE = pd.Series([90.0, 80.0, 70.0, 60.0, 50.0, 40.0, 30.0, np.nan], index=CODES)
POP = pd.Series([100.0, 300.0, 100.0, 200.0, 100.0, 100.0, 50.0, 50.0], index=CODES)
BOROUGH = pd.Series(["Wirral", "Wirral", "Halton", "Halton", "Sefton", "Sefton", "Sefton", "Halton"],
                    index=CODES)  # fmt: skip
INDICATORS = pd.DataFrame(
    {
        "out_of_work": [30.0, 10.0, 25.0, 40.0, 22.0, np.nan, 50.0, 60.0],
        "connectivity": [40.0, 40.0, 70.0, 45.0, 50.0, 10.0, 20.0, 30.0],
    },
    index=CODES,
)


def run(**rules) -> tuple[str, ...]:
    defaults = {"top_n": None}
    return select(SCORE, POP, BOROUGH, INDICATORS, Rules(**(defaults | rules))).codes


def positions(codes: tuple[str, ...]) -> list[int]:
    return [CODES.get_loc(c) for c in codes]


def test_no_cut_off_takes_every_scored_area_in_score_order():
    assert positions(run()) == [0, 1, 2, 3, 4, 5, 6]


def test_top_n():
    assert positions(run(top_n=3)) == [0, 1, 2]


def test_top_population_share_takes_areas_until_the_share_is_reached():
    # City Region population 1,000: 30% = 300 → A (100) and B (running 400 crosses 300).
    assert positions(run(top_population_pct=30)) == [0, 1]
    # 10% = 100: A alone holds exactly 100.
    assert positions(run(top_population_pct=10)) == [0]


def test_score_threshold():
    assert positions(run(min_score=60)) == [0, 1, 2, 3]


def test_multi_criteria_filters_all_apply_and_missing_fails():
    rules = {
        "filters": (Filter("out_of_work", "ge", 22), Filter("connectivity", "le", 50)),
    }
    # F has no out-of-work value: unknown is not "at least 22".
    assert positions(run(**rules)) == [0, 3, 4, 6]


def test_borough_filter():
    assert positions(run(boroughs=("Sefton",))) == [4, 5, 6]


def test_per_borough_minimum_tops_up_with_next_best():
    # Top 2 are both Wirral; each borough then gets at least one: Halton's C, Sefton's E.
    assert positions(run(top_n=2, per_borough_min=1)) == [0, 1, 2, 4]


def test_per_borough_minimum_notes_a_shortfall():
    result = select(SCORE, POP, BOROUGH, INDICATORS, Rules(top_n=1, per_borough_min=3))
    assert any("Wirral" in note and "fewer" in note for note in result.notes)


def test_minimum_population():
    assert positions(run(min_population=100)) == [0, 1, 2, 3, 4, 5]


def test_cut_offs_combine():
    assert positions(run(top_n=2, min_score=85)) == [0]


def test_nothing_selected_says_so():
    result = select(SCORE, POP, BOROUGH, INDICATORS, Rules(top_n=5, min_score=100))
    assert result.codes == () and any("No area" in n for n in result.notes)


@pytest.mark.parametrize(
    "kwargs",
    [{"top_n": 0}, {"top_population_pct": 0}, {"top_population_pct": 120},
     {"per_borough_min": -1}, {"min_population": -5},
     {"filters": (Filter("x", "gt", 1),)}],  # type: ignore[arg-type]
)  # fmt: skip
def test_bad_rules_are_refused(kwargs):
    with pytest.raises(ValueError):
        Rules(**kwargs)


def test_edits_add_and_remove_and_keep_rank_order():
    rank = rank_of(SCORE)
    selected = run(top_n=3)
    shortlist = apply_edits(selected, added=(CODES[5], CODES[7], "E99999999"), removed=(CODES[1],),
                            rank=rank)  # fmt: skip
    # Unscored H goes last; the unknown code is ignored.
    assert positions(shortlist) == [0, 2, 5, 7]
