"""Outcomes of a plan (issue 26) on tiny constructed data whose answers are worked out by hand."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geodata.caseload import Caseload
from geodata.config import REPO_ROOT
from layers.outcomes import (
    FloodPeriod,
    OutcomeFile,
    add_up,
    choose_comparison,
    claimants_at,
    did_table,
    difference_in_differences,
    from_stored,
    months_text,
    plan_wards,
    progress,
    shown,
    shown_did,
    stored_rows,
    to_wards,
)
from layers.outcomes.levels import plan_at
from layers.outcomes.shown import NOT_COVERED, SUPPRESSED


def caseload(rows: list[tuple[str, str, str, int]], title: str = "file") -> Caseload:
    """A monthly caseload from (lsoa, month, outcome, n) rows: what read_caseload keeps."""
    counts = pd.DataFrame(rows, columns=["lsoa", "period", "outcome", "n"])
    counts["n"] = counts["n"].astype("int64")
    periods = tuple(sorted(p for p in counts["period"].unique() if p))
    outcomes = tuple(dict.fromkeys(o for o in counts["outcome"] if o))
    return Caseload(title, "month", periods, outcomes, counts, n_rows=int(counts["n"].sum()))


WARDS = pd.Series({"A1": "W1", "A2": "W1", "B1": "W2", "B2": "W2"})
CLAIMANTS = pd.Series({"A1": 100.0, "A2": 100.0, "B1": 100.0, "B2": 100.0})


# --- counts -----------------------------------------------------------------------------------


def test_files_add_up_and_months_no_file_covers_are_missing_not_zero():
    first = caseload([("A1", "2025-01", "job start", 3), ("A1", "2025-02", "job start", 2)])
    second = caseload([("A1", "2025-02", "job start", 4)])
    third = caseload([("B1", "2025-04", "engaged", 7)])
    counts = add_up([first, second, third])
    assert counts.months == ("2025-01", "2025-02", "2025-04")  # March: no file covers it
    assert counts.n_files == 3
    grid = counts.table(["A1", "B1"], ["2025-01", "2025-02", "2025-03", "2025-04"], "job start")
    assert grid.loc["A1"].tolist()[:2] == [3, 6]  # 2 + 4 from two files
    assert np.isnan(grid.loc["A1", "2025-03"]) and np.isnan(grid.loc["B1", "2025-03"])
    assert grid.loc["B1", "2025-01"] == 0  # covered month, nobody recorded: a real 0
    assert counts.missing_months("2025-01", "2025-04") == ("2025-03",)


def test_a_file_covers_the_months_it_says_and_records_outside_them_count_in_no_month():
    item = OutcomeFile(caseload([("A1", "2025-01", "x", 5), ("A1", "2025-03", "x", 6)]),
                       first_month="2025-02", last_month="2025-06")  # fmt: skip
    counts = add_up([item])
    assert counts.months == ("2025-02", "2025-03", "2025-04", "2025-05", "2025-06")
    assert counts.total(["A1"], counts.months) == 6
    assert counts.n_undated == 5


def test_quarterly_files_are_refused_with_a_clear_message():
    quarterly = Caseload("q", "quarter", ("2025-Q1",), (),
                         pd.DataFrame({"lsoa": ["A1"], "period": ["2025-Q1"], "outcome": [""],
                                       "n": [5]}))  # fmt: skip
    with pytest.raises(ValueError, match="by month"):
        add_up([quarterly])


def test_wards_sum_counts_and_claimants_and_a_missing_claimant_count_makes_the_ward_missing():
    counts = add_up([caseload([("A1", "2025-01", "x", 3), ("A2", "2025-01", "x", 4)])])
    wards = to_wards(counts, WARDS)
    assert wards.level == "ward"
    assert wards.table(["W1", "W2"], ["2025-01"])["2025-01"].tolist() == [7, 0]
    assert claimants_at(CLAIMANTS, WARDS).to_dict() == {"W1": 200.0, "W2": 200.0}
    partial = CLAIMANTS.copy()
    partial["B2"] = np.nan
    assert np.isnan(claimants_at(partial, WARDS)["W2"])
    with pytest.raises(ValueError, match="not in the ward lookup"):
        to_wards(add_up([caseload([("Z9", "2025-01", "x", 1)])]), WARDS)


# --- suppression ------------------------------------------------------------------------------


def test_shown_blanks_counts_of_one_to_four_and_every_rate_built_on_them():
    table = pd.DataFrame({"count": [0.0, 3.0, 5.0, np.nan], "per_100": [0.0, 1.5, 2.5, np.nan],
                          "note": ["", "", "", NOT_COVERED]})  # fmt: skip
    out = shown(table)
    assert out["count"].isna().tolist() == [False, True, False, True]
    assert out["per_100"].isna().tolist() == [False, True, False, True]
    assert SUPPRESSED in out["note"][1] and out["note"][3] == NOT_COVERED
    assert table["count"][1] == 3  # the input is untouched


# --- progress ---------------------------------------------------------------------------------


def test_progress_per_zone_and_month_against_the_target():
    counts = add_up(
        [
            caseload([("A1", "2025-01", "job start", 2), ("A2", "2025-02", "job start", 10)]),
            caseload([("A1", "2025-04", "job start", 6), ("B1", "2025-04", "engaged", 9)]),
        ]
    )  # fmt: skip
    flood = FloodPeriod.from_dates(date(2025, 2, 15), date(2025, 3, 31))
    result = progress(counts, {"A1": 1, "A2": 1, "B1": 2}, CLAIMANTS, flood, targets={1: 10.0})
    assert result.target_outcome == "job start"
    assert result.months == ("2025-01", "2025-02", "2025-03", "2025-04")
    assert result.months_missing == ("2025-03",)
    rows = result.table.set_index(["zone", "outcome", "month"]).sort_index()
    zone1 = rows.loc[(1, "job start")]
    assert zone1["phase"].tolist() == ["before", "during", "during", "after"]
    assert zone1["per_100"].tolist()[:2] == [1.0, 5.0]  # 2 and 10 people over 200 claimants
    assert np.isnan(zone1.loc["2025-03", "per_100"]) and not zone1.loc["2025-03", "covered"]
    assert zone1.loc["2025-03", "months_to_date"] == 1  # March is missing: one month to date
    assert zone1.loc["2025-02", "share_of_target"] == 0.5  # 5 per 100 of a 10 per 100 target
    assert np.isnan(rows.loc[(2, "engaged", "2025-02"), "target_per_100"])
    summary = result.summary.set_index(["zone", "outcome", "phase"])
    assert summary.loc[(1, "job start", "during"), "per_100"] == 5.0
    assert summary.loc[(1, "job start", "after"), "count"] == 6
    assert any("missing, not zero" in n for n in result.notes)


# --- difference in differences ----------------------------------------------------------------


def test_difference_in_differences_by_hand():
    # Plan A1, A2 and comparison B1, B2, 100 claimants each. January is before, February during.
    # Plan: 4 then 12 people over 200 claimants → 2 then 6 per 100; comparison: 4 then 6 → 2 then 3.
    # (6 − 2) − (3 − 2) = 3. Areas within a group are alike, so every draw gives 3.
    rows = [("A1", "2025-01", "job", 2), ("A2", "2025-01", "job", 2),
            ("A1", "2025-02", "job", 6), ("A2", "2025-02", "job", 6),
            ("B1", "2025-01", "job", 2), ("B2", "2025-01", "job", 2),
            ("B1", "2025-02", "job", 3), ("B2", "2025-02", "job", 3)]  # fmt: skip
    counts = add_up([caseload(rows)])
    result = difference_in_differences(
        counts, ["A1", "A2"], ["B1", "B2"], CLAIMANTS, FloodPeriod("2025-02"), "job", draws=200
    )
    assert result.estimate == pytest.approx(3.0)
    assert (result.plan.before, result.plan.during) == (2.0, 6.0)
    assert result.comparison.change == pytest.approx(1.0)
    assert result.low == pytest.approx(3.0) and result.high == pytest.approx(3.0)
    assert result.months_before == ("2025-01",) and result.months_during == ("2025-02",)
    keys = {c.key for c in result.caveats}
    assert {"not_causal", "partners_only", "what_went_in", "small_counts", "few_areas"} <= keys
    # At ward level: W1 is the plan, W2 the comparison, 200 claimants each: the same figures.
    wards = difference_in_differences(to_wards(counts, WARDS), ["W1"], ["W2"],
                                      claimants_at(CLAIMANTS, WARDS), FloodPeriod("2025-02"),
                                      "job", draws=200)  # fmt: skip
    assert wards.estimate == pytest.approx(3.0) and wards.level == "ward"


def test_the_bootstrap_is_seeded_and_a_month_no_file_covers_is_in_no_rate():
    rng = np.random.default_rng(1)
    rows = [(a, m, "job", int(rng.integers(5, 30))) for a in ("A1", "A2", "B1", "B2")
            for m in ("2025-01", "2025-03")]  # fmt: skip
    counts = add_up([caseload(rows[::2], "Jan"), caseload(rows[1::2], "Mar")])
    assert counts.months == ("2025-01", "2025-03")
    args = (counts, ["A1", "A2"], ["B1", "B2"], CLAIMANTS, FloodPeriod("2025-02"), "job")
    one, two = difference_in_differences(*args), difference_in_differences(*args)
    assert (one.low, one.high) == (two.low, two.high)
    assert one.months_during == ("2025-03",)  # February: no file, so neither 0 nor a month


def test_shown_did_withholds_figures_built_on_one_to_four_people():
    rows = [("A1", "2025-01", "job", 3), ("A1", "2025-02", "job", 9),
            ("B1", "2025-01", "job", 8), ("B1", "2025-02", "job", 9)]  # fmt: skip
    result = difference_in_differences(add_up([caseload(rows)]), ["A1"], ["B1"], CLAIMANTS,
                                       FloodPeriod("2025-02"), "job", draws=100)  # fmt: skip
    hidden = shown_did(result)
    assert hidden.withheld and np.isnan(hidden.estimate) and hidden.plan.count_before == -1
    assert hidden.caveats[0].key == "withheld"


# --- comparison areas -------------------------------------------------------------------------


def test_comparison_areas_are_nearest_in_the_same_borough_and_fall_back_to_the_region():
    codes = ["P1", "P2", "C1", "C2", "C3", "N1", "C4"]
    features = pd.DataFrame({"score": [10.0, 20.0, 11.0, 19.0, 30.0, 10.0, 25.0]}, index=codes)
    out_of_work = pd.Series([5.0, 8.0, 5.0, 8.0, 12.0, 5.0, 10.0], index=codes)
    boroughs = pd.Series(["X", "Y", "X", "X", "Y", "X", "X"], index=codes)
    result = choose_comparison(["P1", "P2"], features, out_of_work, boroughs,
                               neighbours={"P1": ["N1"]})  # fmt: skip
    pairs = dict(zip(result.matches["plan_code"], result.matches["comparison_code"], strict=True))
    # N1 is identical to P1 but touches it; C1 is next. P2's borough Y holds only C3 (far) while
    # C2 is in X: borough first, so C3.
    assert pairs == {"P1": "C1", "P2": "C3"}
    assert result.fell_back == ()
    two = choose_comparison(["P1", "P2"], features, out_of_work, boroughs, per_area=2,
                            neighbours={"P1": ["N1"]})  # fmt: skip
    # P1 takes C1 and C2; Y runs out after C3, so P2's second is C4, from the region.
    assert set(two.fell_back) == {"P2"}
    assert two.matches["comparison_code"].tolist() == ["C1", "C2", "C3", "C4"]
    balance = result.balance.set_index("indicator")
    assert balance.loc["score", "plan_mean"] == 15.0
    assert balance.loc["score", "comparison_mean"] == 20.5
    assert not choose_comparison(["P1"], features, out_of_work, boroughs,
                                 exclude_neighbours=False, neighbours={"P1": ["N1"]}
                                 ).matches.empty  # fmt: skip


# --- more edges -------------------------------------------------------------------------------


def test_the_progress_table_as_shown_hides_small_months_and_small_running_totals():
    counts = add_up(
        [caseload([("A1", "2025-02", "job start", 3), ("A1", "2025-03", "job start", 9)])]
    )
    result = progress(counts, {"A1": 1}, CLAIMANTS, FloodPeriod("2025-02"), targets={1: 20.0})
    table = shown(result.table[result.table["outcome"] == "job start"]).set_index("month")
    assert np.isnan(table.loc["2025-02", "count"]) and np.isnan(table.loc["2025-02", "per_100"])
    assert np.isnan(table.loc["2025-02", "share_of_target"])  # 3 of 100 would give the count back
    assert table.loc["2025-03", "count"] == 9 and table.loc["2025-03", "count_to_date"] == 12
    assert "flood total so far" in table.loc["2025-02", "note"]


def test_bad_months_and_flood_periods_are_clear_errors():
    with pytest.raises(ValueError, match="YYYY-MM"):
        FloodPeriod("March 2025")
    with pytest.raises(ValueError, match="before it starts"):
        FloodPeriod("2025-05", "2025-03")
    with pytest.raises(ValueError, match="no flood start"):
        FloodPeriod.from_dates(None, None)
    counts = add_up([caseload([("A1", "2025-01", "job", 6)])])
    with pytest.raises(ValueError, match="outcomes found: job"):
        difference_in_differences(counts, ["A1"], ["B1"], CLAIMANTS, FloodPeriod("2025-02"), "x")
    with pytest.raises(ValueError, match="in both"):
        difference_in_differences(counts, ["A1"], ["A1"], CLAIMANTS, FloodPeriod("2025-02"))


def test_months_in_words_and_a_key_that_tells_counts_apart():
    one = add_up([caseload([("A1", "2025-01", "x", 6)]), caseload([("A1", "2025-03", "x", 5)])])
    assert one.coverage_text == "January 2025, March 2025"
    assert months_text(["2024-11", "2024-12", "2025-01", "2025-03"]) == (
        "November 2024 to January 2025, March 2025"
    )
    two = add_up([caseload([("A2", "2025-01", "x", 6)]), caseload([("A1", "2025-03", "x", 5)])])
    assert one.content_key != two.content_key
    same = add_up([caseload([("A1", "2025-01", "x", 6)]), caseload([("A1", "2025-03", "x", 5)])])
    assert one.content_key == same.content_key


def test_an_lsoa_plan_read_at_ward_level_keeps_partly_flooded_wards_out():
    wards, touched = plan_wards(["A1", "A2", "B1"], WARDS, pd.Series(
        {"A1": 100.0, "A2": 100.0, "B1": 20.0, "B2": 180.0}))  # fmt: skip
    assert (wards, touched) == (("W1",), ("W2",))
    codes = ["W1", "W2", "W3"]
    features = pd.DataFrame({"score": [1.0, 1.1, 3.0]}, index=codes)
    result = choose_comparison(["W1"], features, pd.Series([1.0, 1.0, 2.0], index=codes),
                               pd.Series("X", index=codes), exclude=touched)  # fmt: skip
    assert result.comparison == ("W3",)


def test_the_difference_table_withholds_what_small_counts_would_give_away():
    rows = [("A1", "2025-01", "job", 3), ("A1", "2025-02", "job", 9),
            ("B1", "2025-01", "job", 8), ("B1", "2025-02", "job", 9)]  # fmt: skip
    counts = add_up([caseload(rows)])
    result = difference_in_differences(counts, ["A1"], ["B1"], CLAIMANTS, FloodPeriod("2025-02"),
                                       "job", draws=100)  # fmt: skip
    table = did_table([result])
    assert table.loc[0, "withheld"] and np.isnan(table.loc[0, "plan_count_before"])
    assert table.loc[0, "comparison_count_before"] == 8
    assert np.isnan(table.loc[0, "estimate"]) and "withheld" in table.loc[0, "caveats"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 40), min_size=16, max_size=16))
def test_swapping_the_groups_turns_the_estimate_round(values):
    areas, months = ["A1", "A2", "B1", "B2"], ["2025-01", "2025-02", "2025-03", "2025-04"]
    rows = [(a, m, "job", v) for (a, m), v in
            zip([(a, m) for a in areas for m in months], values, strict=True) if v]  # fmt: skip
    counts = add_up([OutcomeFile(caseload(rows or [("A1", "2025-01", "job", 0)]),
                                 "2025-01", "2025-04")])  # fmt: skip
    flood = FloodPeriod("2025-03")
    one = difference_in_differences(counts, ["A1", "A2"], ["B1", "B2"], CLAIMANTS, flood, draws=100)
    two = difference_in_differences(counts, ["B1", "B2"], ["A1", "A2"], CLAIMANTS, flood, draws=100)
    assert one.estimate == pytest.approx(-two.estimate)
    # By hand: per 100 claimants per month, each group 200 claimants, 2 months a phase.
    v = dict(zip([(a, m) for a in areas for m in months], values, strict=True))
    rate = {g: [sum(v[(a, m)] for a in g for m in ph) / 200 / 2 * 100
                for ph in (months[:2], months[2:])] for g in (("A1", "A2"), ("B1", "B2"))}  # fmt: skip
    by_hand = (rate[("A1", "A2")][1] - rate[("A1", "A2")][0]) - (
        rate[("B1", "B2")][1] - rate[("B1", "B2")][0]
    )
    assert one.estimate == pytest.approx(by_hand)


def test_stored_counts_come_back_as_the_same_file_and_outcome_words_can_be_merged():
    item = OutcomeFile(caseload([("A1", "2025-01", "job start", 6), ("A1", "2025-05", "x", 9),
                                 ("B1", "2025-02", "started work", 7)]),
                       "2025-01", "2025-03")  # fmt: skip
    rows = stored_rows(item)
    assert set(rows.columns) == {"lsoa", "month", "outcome", "n"}
    assert rows["n"].sum() == 13  # May is outside the months the file covers: not kept
    back = add_up([from_stored("file", "2025-01", "2025-03", rows)])
    assert back.months == add_up([item]).months
    assert back.content_key == add_up([item]).content_key
    merged = back.renamed({"started work": "job start"})
    assert merged.outcomes == ("job start",)
    assert merged.total(["A1", "B1"], merged.months, "job start") == 13
    with pytest.raises(ValueError, match="YYYY-MM"):
        from_stored("file", "2025-01", "2025-03", rows.assign(month="2025-Q1"))


def test_matching_weights_must_name_the_indicators_matched_on():
    codes = ["P1", "C1"]
    features = pd.DataFrame({"score": [1.0, 2.0]}, index=codes)
    with pytest.raises(ValueError, match="not matched on: illness"):
        choose_comparison(["P1"], features, pd.Series([1.0, 2.0], index=codes),
                          pd.Series("X", index=codes), weights={"illness": 1.0})  # fmt: skip


def test_the_outcome_analytics_import_neither_dash_nor_the_app():
    code = (
        "import sys, layers.outcomes, layers.outcomes.inputs; "
        "assert not {'dash', 'dashboard', 'sqlalchemy'} & set(sys.modules), 'app code imported'"
    )
    subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, check=True, timeout=120)


def test_progress_says_when_the_plan_and_the_counts_are_at_different_levels():
    counts = add_up([caseload([("A1", "2025-01", "job", 6)])])
    with pytest.raises(ValueError, match="same level"):
        progress(counts, {"W1": 1}, CLAIMANTS, FloodPeriod("2025-01"))


def test_a_plan_is_read_at_the_other_level_from_its_own_areas():
    claimants = pd.Series({"A1": 100.0, "A2": 100.0, "B1": 20.0, "B2": 180.0})
    assert plan_at(["A1", "A2", "B1"], "lsoa", "ward", WARDS, claimants) == (("W1",), ("W2",))
    assert plan_at(["W2"], "ward", "lsoa", WARDS, claimants) == (("B1", "B2"), ())
    assert plan_at(["A1"], "lsoa", "lsoa", WARDS, claimants) == (("A1",), ())
    with pytest.raises(ValueError, match="LSOA or ward"):
        plan_at(["A1"], "borough", "lsoa", WARDS, claimants)


def test_groups_drifting_apart_before_the_flood_are_said():
    # Plan areas rise 10 → 40 per 100 over the months before; the comparison stays at 10.
    rows = []
    for month, plan_n in zip(["2025-01", "2025-02", "2025-03", "2025-04"], [10, 20, 30, 40],
                             strict=True):  # fmt: skip
        rows += [("A1", month, "job", plan_n), ("A2", month, "job", plan_n + 1),
                 ("B1", month, "job", 10), ("B2", month, "job", 11)]  # fmt: skip
    rows += [(a, "2025-05", "job", 50) for a in ("A1", "A2", "B1", "B2")]
    counts = add_up([caseload(rows)])
    result = difference_in_differences(counts, ["A1", "A2"], ["B1", "B2"], CLAIMANTS,
                                       FloodPeriod("2025-05"), "job", draws=200)  # fmt: skip
    # First half (Jan, Feb) against second (Mar, Apr): plan 15.5 → 35.5, comparison 10.5 → 10.5.
    assert result.pre_trend == pytest.approx(20.0)
    assert not result.pre_trend_low <= 0 <= result.pre_trend_high
    assert "pre_trend" in {c.key for c in result.caveats}
    steady = difference_in_differences(
        add_up([caseload([(a, m, "job", 10) for a in ("A1", "A2", "B1", "B2")
                          for m in ("2025-01", "2025-02", "2025-03")])]),
        ["A1", "A2"], ["B1", "B2"], CLAIMANTS, FloodPeriod("2025-03"), "job", draws=200,
    )  # fmt: skip
    assert steady.pre_trend == 0 and "pre_trend" not in {c.key for c in steady.caveats}


def test_the_caveats_name_loose_matches_and_areas_matched_outside_their_borough():
    codes = ["P1", "C1", "C2"]
    features = pd.DataFrame({"score": [10.0, 1.0, 2.0]}, index=codes)
    matched = choose_comparison(["P1"], features, pd.Series([9.0, 1.0, 2.0], index=codes),
                                pd.Series(["X", "Y", "Y"], index=codes))  # fmt: skip
    rows = [(a, m, "job", 10) for a in ("P1", "C2") for m in ("2025-01", "2025-02")]
    result = difference_in_differences(add_up([caseload(rows)]), matched.plan, matched.comparison,
                                       pd.Series(100.0, index=codes), FloodPeriod("2025-02"),
                                       "job", draws=100, matched=matched)  # fmt: skip
    keys = {c.key for c in result.caveats}
    assert {"region_fallback", "loose_match"} <= keys


def test_notes_and_caveats_name_indicators_by_their_titles_not_their_ids():
    codes = ["P1", "C1", "C2"]
    features = pd.DataFrame({"score": [10.0, 1.0, 2.0]}, index=codes)
    matched = choose_comparison(["P1"], features, pd.Series([9.0, 1.0, 2.0], index=codes),
                                pd.Series(["X", "Y", "Y"], index=codes),
                                titles={"score": "Need score", "out_of_work": "Out-of-work rate"})  # fmt: skip
    rows = [(a, m, "job", 10) for a in ("P1", "C2") for m in ("2025-01", "2025-02")]
    result = difference_in_differences(add_up([caseload(rows)]), matched.plan, matched.comparison,
                                       pd.Series(100.0, index=codes), FloodPeriod("2025-02"),
                                       "job", draws=100, matched=matched)  # fmt: skip
    said = " ".join([*matched.notes, *(c.text for c in result.caveats)])
    assert "Need score" in said and "Out-of-work rate" in said
    assert "out_of_work" not in said


def test_a_mistyped_date_is_not_taken_for_years_of_zeros_and_gaps_are_said():
    typo = caseload([("A1", "2025-01", "job", 6), ("A1", "2205-01", "job", 1)], "typo")
    with pytest.raises(ValueError, match="mistyped dates"):
        add_up([typo])
    said = add_up([OutcomeFile(typo, "2025-01", "2025-06")])  # the planner says the months
    assert said.months[-1] == "2025-06" and said.n_undated == 1
    gappy = add_up([caseload([("A1", "2025-01", "job", 6), ("A1", "2025-04", "job", 6)], "g")])
    assert gappy.notes and "February 2025 to March 2025" in gappy.notes[0]


def test_no_file_gives_no_figure_and_says_why():
    counts = add_up([])
    result = difference_in_differences(counts, ["A1"], ["B1"], CLAIMANTS, FloodPeriod("2025-02"))
    assert np.isnan(result.estimate) and np.isnan(result.low)
    assert "no_months" in {c.key for c in result.caveats}
    shown_progress = progress(counts, {"A1": 1}, CLAIMANTS, FloodPeriod("2025-02"))
    assert shown_progress.months_covered == () and shown_progress.table["count"].isna().all()
