"""A plan's outcome analyses (progress, comparison areas, difference in differences) computed once
and shared by the plan page, the report page and the PDF through the shared cache.

The key names everything the figures depend on: the database, the plan and its version, its level,
frozen areas and flood period, the live outcome files (id and when each was added, so a withdrawn or
newly attached file is another key), the zones' targets and today's scenario (``shared_key``: the
bundle, the code and the content version of every layer the score reads). Permission is checked
before the cache is consulted (the plan and its files are read as the reader), so a hit never shows
a plan to someone who could not see it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dashboard.cache import get_or_compute
from dashboard.outcomes.analysis import PlanComparison, PlanOutcomes, plan_comparison, plan_outcomes
from dashboard.saved import get_store
from dashboard.store import Actor
from layers.catalog import Catalog


@dataclass(frozen=True)
class Analyses:
    outcomes: PlanOutcomes
    compared: PlanComparison | None  # None when there are no counts to compare


def live_files(files: list[dict[str, Any]]) -> tuple[tuple[int, str], ...]:
    return tuple((int(f["id"]), str(f["uploaded_at"])) for f in files if f["withdrawn_at"] is None)


def analyses_key(
    plan: dict[str, Any],
    files: list[dict[str, Any]],
    targets: dict[int, float | None],
    catalog: Catalog,
) -> tuple | None:
    """None (compute, share nothing) when today's scenario has no shared key (a layer it names is
    gone: the comparison reports that itself)."""
    from dashboard.plans.freeze import scenario_of
    from dashboard.targetview.context import shared_key

    scenario = shared_key(scenario_of(plan["query"], catalog.bundle.region), catalog)
    if scenario is None:
        return None
    areas = tuple((str(a["code"]), a.get("zone")) for a in plan["result"].get("areas", []))
    return (
        get_store().engine.url.render_as_string(hide_password=True),
        int(plan["id"]),
        int(plan["version"]),
        str(plan["level"]),
        str(plan.get("flood_start")),
        str(plan.get("flood_end")),
        areas,
        live_files(files),
        tuple(sorted(targets.items())),
        scenario,
    )


def compute(
    plan: dict[str, Any],
    actor: Actor | None,
    files: list[dict[str, Any]],
    targets: dict[int, float | None],
    catalog: Catalog,
) -> Analyses:
    with get_store().transaction() as tx:
        by_file = tx.outcomes.by_file(actor, plan["id"])
    outcomes = plan_outcomes(catalog.bundle, plan, files, by_file, targets)
    compared = (
        plan_comparison(plan, outcomes.counts, catalog) if outcomes.counts is not None else None
    )
    return Analyses(outcomes, compared)


def plan_analyses(
    plan: dict[str, Any],
    actor: Actor | None,
    files: list[dict[str, Any]],
    targets: dict[int, float | None],
    catalog: Catalog,
) -> Analyses:
    return get_or_compute(
        "plan-outcomes",
        analyses_key(plan, files, targets, catalog),
        lambda: compute(plan, actor, files, targets, catalog),
    )
