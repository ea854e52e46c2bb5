"""Did the flood work? A known effect planted in generated outcome files of REAL postcodes (the
region's ONS postcode lookup, through the bundle) is found by the difference in differences, and no
effect is found where none was planted: at LSOA and at ward level (issue 26's "Done when").

The files go through the caseload reader exactly as an upload would (postcodes matched to LSOAs in
memory, only counts kept), two providers' files added up. The plan's areas are picked for need (the
highest out-of-work rates), as a Target list would be; comparison areas come from the matching.
"""

from __future__ import annotations

import csv
import io
from collections import Counter

import pytest

from benchmarks.outcome_files import as_files, outcome_records
from geodata.caseload import read_caseload
from geodata.postcodes import PostcodeIndex
from layers.outcomes import (
    FloodPeriod,
    OutcomeCounts,
    OutcomeFile,
    add_up,
    at_level,
    choose_comparison,
    difference_in_differences,
    month_span,
    progress,
    stored_rows,
)
from layers.outcomes import inputs as bundle_inputs
from layers.outcomes.levels import read_at

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
    # Nothing was planted before the flood: the placebo inside those months finds no drift.
    assert result.pre_trend_low <= 0 <= result.pre_trend_high
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


def test_progress_matches_a_count_made_by_hand_from_the_lookup_and_keeps_no_postcode(
    bundle, data_dir
):
    """Each zone's job starts per month, recounted from the generated files with the csv module and
    the lookup CSV (a dictionary, row by row), equal what progress shows; nothing kept holds a
    postcode."""
    plan = plan_areas(bundle, "lsoa", 20)
    zones = {code: 1 + i % 4 for i, code in enumerate(plan)}
    records = outcome_records(bundle.postcodes, bundle_inputs.claimants(bundle, "lsoa"), MONTHS,
                              seed=3)  # fmt: skip
    files = as_files(records, 2, 3)
    index = PostcodeIndex.from_table(bundle.postcodes)
    read = [read_caseload(data, f"p{k}.csv", index, periodicity="month").caseload
            for k, data in enumerate(files)]  # fmt: skip
    counts = add_up(read)
    result = progress(counts, zones, bundle_inputs.claimants(bundle, "lsoa"), FLOOD,
                      targets={1: 10.0})  # fmt: skip
    with open(data_dir / "lookups" / "lcr_postcodes_nspl2025.csv", newline="") as handle:
        lsoa_of = {row["postcode"].replace(" ", "").upper(): row["lsoa2021_code"]
                   for row in csv.DictReader(handle)}  # fmt: skip
    expected: Counter[tuple[int, str]] = Counter()
    for data in files:
        for row in csv.DictReader(io.StringIO(data.decode())):
            code = lsoa_of[row["Postcode"].replace(" ", "").upper()]
            _day, month, year = row["Outcome date"].split("/")
            if code in zones and row["Outcome"] == "Started work":
                expected[(zones[code], f"{year}-{month}")] += 1
    table = result.table[result.table["outcome"] == OUTCOME].set_index(["zone", "month"])
    for (zone, month), count in table["count"].items():
        assert count == expected[(zone, month)], (zone, month)
    assert result.months_missing == ()
    kept = [stored_rows(OutcomeFile(c)) for c in read]
    text = " ".join(" ".join(map(str, frame.to_numpy().ravel())) for frame in kept)
    sample = records["Postcode"].head(500)
    assert not any(p in text or f"{p[:-3]} {p[-3:]}" in text for p in sample)


def test_an_lsoa_plan_read_at_ward_level_finds_the_effect_diluted_by_its_share(bundle):
    """The 50-LSOA plan's +3 seen from its wards: each ward mostly in the plan carries the effect on
    its plan LSOAs' claimants only, so the expected estimate is 3 × (plan claimants in those wards /
    all their claimants); the interval covers that."""
    plan = plan_areas(bundle, "lsoa", 50)
    claimants = bundle_inputs.claimants(bundle, "lsoa")
    lookup = bundle_inputs.ward_lookup(bundle)
    counts = outcome_counts(bundle, plan, EFFECT, seed=9)
    reading = read_at(
        "ward", plan, "lsoa", counts, FLOOD, lsoa_to_ward=lookup, lsoa_claimants=claimants,
        features=bundle_inputs.layer_values(bundle, "ward", MATCH_ON),
        out_of_work=bundle_inputs.out_of_work_rate(bundle, "ward"),
        boroughs=bundle_inputs.boroughs(bundle, "ward"),
        neighbours=bundle_inputs.neighbours(bundle, "ward"), outcome=OUTCOME,
    )  # fmt: skip
    assert reading.plan and not set(reading.comparison.comparison) & set(reading.kept_out)
    in_wards = claimants[lookup.isin(reading.comparison.plan)]
    share = in_wards[in_wards.index.isin(plan)].sum() / in_wards.sum()
    assert 0.5 <= share < 1
    assert reading.did.covers(EFFECT * share), (EFFECT * share, reading.did.low, reading.did.high)
