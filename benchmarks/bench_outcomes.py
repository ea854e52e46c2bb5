"""Outcomes of a plan (issue 26) on the City Region: a 100,000-row outcome file of real postcodes read
into counts per LSOA, month and outcome (the caseload reader, then adding up); progress of a 50-area
plan in 5 zones; its comparison areas (nearest neighbours, neighbours of plan areas left out); and
the difference in differences with 2,000 bootstrap draws, at LSOA and ward level. Goal: each well
under a second. The file is generated (``benchmarks/outcome_files.py``): its records are no one's."""

from __future__ import annotations

from typing import Any

from benchmarks.common import command_line, median_seconds, quick, write
from benchmarks.outcome_files import as_files, outcome_records
from dashboard.data import configure, get_bundle
from geodata.caseload import read_caseload
from geodata.postcodes import PostcodeIndex
from layers.outcomes import (
    FloodPeriod,
    add_up,
    choose_comparison,
    difference_in_differences,
    month_span,
    progress,
    to_wards,
)
from layers.outcomes import inputs as bundle_inputs

ROWS = 100_000
PLAN = 50
GOAL = "< 1,000 ms"
MONTHS = month_span("2024-01", "2024-12")
FLOOD = FloodPeriod("2024-07", "2024-12")
MATCH_ON = ["imd_score", "income", "health", "education"]


def main() -> None:
    configure(None)
    bundle = get_bundle()
    repeats = 3 if quick() else 7
    claimants = bundle_inputs.claimants(bundle, "lsoa")
    records = outcome_records(
        bundle.postcodes, claimants, MONTHS, rates={"Engaged": 3.0, "Started work": 1.5}
    ).head(ROWS)
    (data,) = as_files(records, 1)
    index = PostcodeIndex.from_table(bundle.postcodes)
    rows: list[dict[str, Any]] = []

    def read() -> Any:
        return add_up([read_caseload(data, "outcomes.csv", index, periodicity="month").caseload])

    counts = read()
    rows.append({"measure": f"outcomes: read a {len(records):,}-row file into counts",
                 "value": median_seconds(read, repeats) * 1000, "unit": "ms", "goal": GOAL,
                 "note": f"{len(data) / 1e6:.1f} MB CSV; {len(counts.counts):,} count rows"})  # fmt: skip
    lookup = bundle_inputs.ward_lookup(bundle)
    rows.append({"measure": "outcomes: LSOA counts summed to wards",
                 "value": median_seconds(lambda: to_wards(counts, lookup), repeats) * 1000,
                 "unit": "ms"})  # fmt: skip
    rate = bundle_inputs.out_of_work_rate(bundle, "lsoa")
    plan = list(rate.sort_values(ascending=False).index[:PLAN])
    zones = {code: 1 + i % 5 for i, code in enumerate(plan)}
    rows.append({"measure": f"outcomes: progress of a {PLAN}-area plan in 5 zones by month",
                 "value": median_seconds(lambda: progress(counts, zones, claimants, FLOOD,
                                                          targets=dict.fromkeys(range(1, 6), 10.0)),
                                         repeats) * 1000, "unit": "ms", "goal": GOAL})  # fmt: skip
    for level in ("lsoa", "ward"):
        level_counts = counts if level == "lsoa" else to_wards(counts, lookup)
        features = bundle_inputs.layer_values(bundle, level, MATCH_ON)
        out_of_work = bundle_inputs.out_of_work_rate(bundle, level)
        boroughs = bundle_inputs.boroughs(bundle, level)
        neighbours = bundle_inputs.neighbours(bundle, level)
        size = PLAN if level == "lsoa" else 15
        chosen = list(out_of_work.dropna().sort_values(ascending=False).index[:size])
        level_claimants = bundle_inputs.claimants(bundle, level)

        def compare(chosen=chosen, features=features, out_of_work=out_of_work,
                    boroughs=boroughs, neighbours=neighbours) -> Any:  # fmt: skip
            return choose_comparison(chosen, features, out_of_work, boroughs, neighbours=neighbours)

        def did(comparison, level_counts=level_counts, level_claimants=level_claimants) -> Any:
            return difference_in_differences(level_counts, comparison.plan, comparison.comparison,
                                             level_claimants, FLOOD, "started work")  # fmt: skip

        comparison = compare()
        rows.append({"measure": f"outcomes ({level}): comparison areas for a {size}-area plan",
                     "value": median_seconds(compare, repeats) * 1000, "unit": "ms",
                     "goal": GOAL})  # fmt: skip
        rows.append({"measure": f"outcomes ({level}): difference in differences, 2,000 draws",
                     "value": median_seconds(lambda comparison=comparison: did(comparison),
                                             repeats) * 1000, "unit": "ms", "goal": GOAL})  # fmt: skip
        rows.append({"measure": f"outcomes ({level}): comparison + difference in differences",
                     "value": median_seconds(lambda: did(compare()), repeats) * 1000,
                     "unit": "ms", "goal": GOAL})  # fmt: skip
    write("outcomes", rows)


if __name__ == "__main__":
    command_line("benchmarks.bench_outcomes", __doc__)
    main()
