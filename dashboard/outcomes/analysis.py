"""A plan's stored outcome counts handed to the analytics of ``layers.outcomes`` (no Dash here).

The store keeps counts per file; the analytics take caseloads. This adapter rebuilds each file's
counts as a caseload (counts only: there never was a postcode in the store to rebuild), adds them up
at the plan's level and brings the region's out-of-work claimant counts and ward lookup.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from dashboard.store import CountRow
from geodata.bundle import Bundle
from layers.catalog import Catalog
from layers.outcomes import inputs
from layers.outcomes.comparison import OUT_OF_WORK, Comparison, choose_comparison, neighbours_of
from layers.outcomes.counts import (
    CLAIMANTS_LABEL,
    OutcomeCounts,
    OutcomeFile,
    add_up,
    at_level,
    from_stored,
)
from layers.outcomes.did import DidResult, difference_in_differences, shown_did
from layers.outcomes.progress import FloodPeriod, Progress, progress, target_outcome_of


@dataclass(frozen=True)
class PlanOutcomes:
    """What the plan page and the report show, or why they cannot (``problem``)."""

    counts: OutcomeCounts | None
    progress: Progress | None
    problem: str = ""
    claimants_source: str = CLAIMANTS_LABEL


def caseload_of(meta: dict[str, Any], rows: list[CountRow]) -> OutcomeFile:
    frame = pd.DataFrame(
        {
            "lsoa": [r.lsoa for r in rows],
            "month": [r.month for r in rows],
            "outcome": [r.outcome for r in rows],
            "n": pd.Series([r.count for r in rows], dtype="int64"),
        }
    )
    return from_stored(meta["label"], meta["first_month"], meta["last_month"], frame)


def lsoa_to_ward(bundle: Bundle) -> pd.Series:
    return inputs.ward_lookup(bundle)


def area_claimants(bundle: Bundle, level: str) -> pd.Series:
    return inputs.claimants(bundle, level)


def plan_counts(
    bundle: Bundle, level: str, files: list[dict[str, Any]], by_file: dict[int, list[CountRow]]
) -> OutcomeCounts:
    live = [caseload_of(f, by_file[f["id"]]) for f in files if f["id"] in by_file]
    return at_level(add_up(live), level, lsoa_to_ward(bundle))


def plan_outcomes(
    bundle: Bundle,
    plan: dict[str, Any],
    files: list[dict[str, Any]],
    by_file: dict[int, list[CountRow]],
    targets: dict[int, float | None],
) -> PlanOutcomes:
    if not by_file:
        return PlanOutcomes(None, None, "No outcome file is attached yet.")
    try:
        counts = plan_counts(bundle, plan["level"], files, by_file)
    except ValueError as exc:
        return PlanOutcomes(None, None, str(exc))
    if plan.get("flood_start") is None:
        return PlanOutcomes(
            counts, None, "Set the plan's flood period (above) to see progress against it."
        )
    zones = {
        str(a["code"]): int(a["zone"])
        for a in plan["result"].get("areas", [])
        if a.get("zone") is not None
    }
    try:
        flood = FloodPeriod.from_dates(plan["flood_start"], plan["flood_end"])
        found = progress(counts, zones, area_claimants(bundle, plan["level"]), flood, targets)
    except ValueError as exc:
        return PlanOutcomes(counts, None, str(exc))
    return PlanOutcomes(counts, found)


@dataclass(frozen=True)
class PlanComparison:
    """The comparison areas and the difference in differences (as it may be shown), or why not."""

    comparison: Comparison | None
    did: DidResult | None
    outcome: str | None
    problem: str = ""


def matching_inputs(plan: dict[str, Any], catalog: Catalog):
    """The score's indicators (raw values, every area of the plan's level), their weights and
    titles, the out-of-work rate, the boroughs and the touching areas, from today's data."""
    from dashboard.plans.freeze import scenario_of
    from dashboard.targetview.context import level_context, run_scenario

    level = plan["level"]
    today = run_scenario(scenario_of(plan["query"], catalog.bundle.region), catalog)
    columns = [c.layer.id for c in today.components]
    features = today.values[columns].astype("float64")
    weights = {c.layer.id: float(c.weight) for c in today.components}
    titles = {c.layer.id: c.layer.title for c in today.components}
    titles[OUT_OF_WORK] = "Out-of-work rate (%)"
    context = level_context(catalog.bundle, level)
    out_of_work = inputs.out_of_work_rate(catalog.bundle, level)
    boroughs = inputs.boroughs(catalog.bundle, level)
    neighbours = neighbours_of(context.adjacency, list(context.codes))
    return features, weights, titles, out_of_work, boroughs, neighbours


def plan_comparison(
    plan: dict[str, Any], counts: OutcomeCounts, catalog: Catalog
) -> PlanComparison:
    """Comparison areas for the plan's areas and the difference in differences on the outcome its
    targets are read against (a job start; else every outcome)."""
    outcome = target_outcome_of(counts.outcomes)
    if plan.get("flood_start") is None:
        return PlanComparison(None, None, outcome, "Set the plan's flood period to compare.")
    codes = [str(a["code"]) for a in plan["result"].get("areas", [])]
    try:
        features, weights, titles, out_of_work, boroughs, neighbours = matching_inputs(
            plan, catalog
        )
        found = choose_comparison(
            codes,
            features,
            out_of_work,
            boroughs,
            weights=weights,
            neighbours=neighbours,
            titles=titles,
        )
        flood = FloodPeriod.from_dates(plan["flood_start"], plan["flood_end"])
        did = difference_in_differences(
            counts,
            found.plan,
            found.comparison,
            area_claimants(catalog.bundle, plan["level"]),
            flood,
            outcome,
            matched=found,
        )
    except ValueError as exc:
        return PlanComparison(None, None, outcome, str(exc))
    return PlanComparison(found, shown_did(did), outcome)
