"""Did the flood work? A known effect planted in generated outcome files of REAL postcodes (the
region's ONS postcode lookup, through the bundle) is found by the difference in differences, and no
effect is found where none was planted: at LSOA and at ward level (issue 26's "Done when").

The files go through the caseload reader exactly as an upload would (postcodes matched to LSOAs in
memory, only counts kept), two providers' files added up. The plan's areas are picked for need (the
highest out-of-work rates), as a Target list would be; comparison areas come from the matching.
"""

from __future__ import annotations

import pytest

from benchmarks.outcome_files import as_files, outcome_records
from geodata.caseload import read_caseload
from geodata.postcodes import PostcodeIndex
from layers.outcomes import (
    FloodPeriod,
    OutcomeCounts,
    add_up,
    at_level,
    choose_comparison,
    difference_in_differences,
    month_span,
)
from layers.outcomes import inputs as bundle_inputs

pytestmark = pytest.mark.realdata

MONTHS = month_span("2024-01", "2024-12")
FLOOD = FloodPeriod("2024-07", "2024-12")
EFFECT = 3.0  # extra job starts per 100 out-of-work claimants per month, plan areas, flood only
OUTCOME = "started work"
MATCH_ON = ["imd_score", "income", "health", "education"]


def plan_areas(bundle, level: str, size: int) -> list[str]:
    """The ``size`` areas with the highest out-of-work rate that hold a postcode."""
    rate = bundle_inputs.out_of_work_rate(bundle, level).dropna()
    with_postcodes = set(bundle.postcodes["lsoa" if level == "lsoa" else "ward"])
    return [c for c in rate.sort_values(ascending=False).index if c in with_postcodes][:size]


def outcome_counts(bundle, planted_lsoas: list[str], effect: float, seed: int) -> OutcomeCounts:
    records = outcome_records(
        bundle.postcodes,
        bundle_inputs.claimants(bundle, "lsoa"),
        MONTHS,
        planted={"Started work": effect},
        planted_areas=planted_lsoas,
        planted_months=FLOOD.months("during", MONTHS),
        seed=seed,
    )
    index = PostcodeIndex.from_table(bundle.postcodes)
    files = [read_caseload(data, f"provider{k}.csv", index, periodicity="month").caseload
             for k, data in enumerate(as_files(records, 2, seed))]  # fmt: skip
    assert sum(f.n_matched for f in files) == len(records)  # every generated postcode is real
    return add_up(files)


def estimate(bundle, level: str, plan: list[str], effect: float, seed: int):
    lsoas = plan if level == "lsoa" else list(
        bundle.lsoa.index[bundle.lsoa["ward_code"].isin(plan)]
    )  # fmt: skip
    counts = at_level(
        outcome_counts(bundle, lsoas, effect, seed), level, bundle_inputs.ward_lookup(bundle)
    )
    comparison = choose_comparison(
        plan,
        bundle_inputs.layer_values(bundle, level, MATCH_ON),
        bundle_inputs.out_of_work_rate(bundle, level),
        bundle_inputs.boroughs(bundle, level),
        neighbours=bundle_inputs.neighbours(bundle, level),
    )
    assert len(comparison.comparison) == len(comparison.plan) == len(plan)
    assert not set(comparison.comparison) & set(plan)
    return difference_in_differences(
        counts,
        comparison.plan,
        comparison.comparison,
        bundle_inputs.claimants(bundle, level),
        FLOOD,
        OUTCOME,
    ), comparison


@pytest.mark.parametrize(("level", "size"), [("lsoa", 50), ("ward", 15)])
def test_a_planted_effect_is_found_and_its_interval_covers_it(bundle, level, size):
    plan = plan_areas(bundle, level, size)
    result, comparison = estimate(bundle, level, plan, EFFECT, seed=7)
    assert result.covers(EFFECT), (result.estimate, result.low, result.high)
    assert not result.covers(0.0)  # and the interval is narrow enough to tell it from none
    assert result.months_before == MONTHS[:6] and result.months_during == MONTHS[6:]
    assert result.plan.n_areas == size and result.comparison.n_areas == size
    balance = comparison.balance.set_index("indicator").loc["out_of_work"]
    # Matched on need: the comparison areas are closer to the plan's out-of-work rate than the
    # region is. The most deprived areas cluster, so with their neighbours left out a close match
    # is rare: the balance table and the notes say how far apart the groups remain.
    gap = abs(balance["plan_mean"] - balance["comparison_mean"])
    assert gap < abs(balance["plan_mean"] - balance["region_mean"])
    if not balance["balanced"]:
        assert any("less alike" in note for note in comparison.notes)


@pytest.mark.parametrize(("level", "size"), [("lsoa", 50), ("ward", 15)])
def test_no_planted_effect_gives_an_interval_covering_zero(bundle, level, size):
    plan = plan_areas(bundle, level, size)
    result, _ = estimate(bundle, level, plan, 0.0, seed=8)
    assert result.covers(0.0), (result.estimate, result.low, result.high)
    assert result.high - result.low < 2.0
