"""The plan page's "Outcomes" section: built per request from the store, for agreed, active and
finished plans (drafts and proposals are told when outcomes can be attached)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dash import html

from dashboard import ids
from dashboard.outcomes.cached import Analyses, plan_analyses
from dashboard.outcomes.comparison_view import comparison_section
from dashboard.outcomes.files_view import attach_form, files_table, targets_table
from dashboard.outcomes.progress_view import progress_section
from dashboard.plans.views import when
from dashboard.postcodes.lookup import UNAVAILABLE, postcode_index
from dashboard.saved import get_store
from dashboard.store import Actor, can_edit
from dashboard.store.repository import OUTCOME_STATUSES
from geodata.bundle import Bundle
from layers.catalog import Catalog
from layers.outcomes.progress import target_outcome_of


@dataclass(frozen=True)
class Recorded:
    """A plan's outcome files and its zone targets, as the reader may see them (their counts are
    read only when the analyses are not cached: ``dashboard.outcomes.cached``)."""

    files: list[dict[str, Any]]
    targets: dict[int, float | None]

    @property
    def any_live(self) -> bool:
        return any(f["withdrawn_at"] is None for f in self.files)


def recorded(plan_id: int, actor: Actor | None) -> Recorded:
    with get_store().transaction() as tx:
        files = [
            {
                "id": f.id,
                "label": f.label,
                "provider": f.provider,
                "first_month": f.first_month,
                "last_month": f.last_month,
                "rows_read": f.rows_read,
                "rows_matched": f.rows_matched,
                "uploaded_at": f.uploaded_at,
                "withdrawn_at": f.withdrawn_at,
                "by": by,
            }
            for f, by in tx.outcomes.files(actor, plan_id)
        ]
        targets = {z: row.target_per_100 for z, row in tx.plans.zones(plan_id).items()}
    return Recorded(files, targets)


def may_record(plan: dict[str, Any], actor: Actor | None) -> bool:
    return (
        actor is not None
        and actor.at_least("planner")
        and plan["status"] in OUTCOME_STATUSES
        and can_edit(actor, plan["_orm"])
    )


def sources_text(files: list[dict[str, Any]], claimants: str) -> str:
    live = [f for f in files if f["withdrawn_at"] is None]
    latest = max((f["uploaded_at"] for f in live), default=None)
    names = "; ".join(
        f"{f['label']}" + (f" ({f['provider']})" if f["provider"] else "") for f in live
    )
    return (
        f"Sources: outcomes from {len(live)} file(s) attached to the plan ({names}; last added "
        f"{when(latest)}), counted per LSOA by the postcodes' LSOA 2021 (ONS NSPL); denominators: "
        f"{claimants}."
    )


def analysed(
    plan: dict[str, Any], actor: Actor | None, found: Recorded, catalog: Catalog
) -> Analyses:
    return plan_analyses(plan, actor, found.files, found.targets, catalog)


def body(plan: dict[str, Any], actor: Actor | None, catalog: Catalog) -> list:
    found = recorded(plan["id"], actor)
    recording = may_record(plan, actor)
    both = analysed(plan, actor, found, catalog)
    result = both.outcomes
    outcomes = result.counts.outcomes if result.counts is not None else ()
    target_outcome = target_outcome_of(outcomes) or "started work"
    parts: list = [
        html.H3("Files", className="h6"),
        files_table(found.files, recording),
        targets_table(plan["result"].get("zones", []), found.targets, recording, target_outcome),
    ]
    sources = sources_text(found.files, result.claimants_source)
    if result.progress is not None:
        parts.append(progress_section(result.progress, sources))
    elif found.any_live:
        parts.append(html.P(result.problem, className="small", id="plan-progress-problem"))
    if both.compared is not None:
        compared = both.compared
        parts.append(
            comparison_section(plan, compared, area_names(catalog.bundle, plan["level"]),
                               sources + " " + MATCHING_SOURCES, catalog.bundle)
        )  # fmt: skip
    return parts


MATCHING_SOURCES = (
    "Comparison areas matched on today's data: the plan's score indicators (as on the Target page, "
    "each with its source and date there) and the out-of-work rate (IoD 2025)."
)


def area_names(bundle: Bundle, level: str) -> dict[str, str]:
    from dashboard.targetview.context import level_context

    return level_context(bundle, level).areas["name"].astype(str).to_dict()


def no_lookup() -> html.P:
    return html.P(
        "Outcome files cannot be attached here: they are counted by postcode. " + UNAVAILABLE,
        className="small",
        id="plan-outcome-no-lookup",
    )


def outcomes_section(plan: dict[str, Any], actor: Actor | None, catalog: Catalog) -> html.Section:
    heading = html.H2("Outcomes", className="h5 mt-4")
    if plan["status"] not in OUTCOME_STATUSES:
        return html.Section(
            [
                heading,
                html.P(
                    "Outcome files are attached once the plan is agreed: then the partnership "
                    "sees progress against each zone's target and a comparison with similar areas.",
                    className="small text-body-secondary",
                ),
            ],
            id="plan-outcomes",
        )
    return html.Section(
        [
            heading,
            html.A(
                "Plan report for the board",
                href=f"/plans/{plan['id']}/report",
                className="btn btn-outline-primary btn-sm mb-2 no-print",
                id="plan-report-link",
            ),
            (attach_form() if postcode_index(catalog.bundle) is not None else no_lookup())
            if may_record(plan, actor)
            else None,
            html.Div(id=ids.PLAN_OUTCOME_MESSAGE, role="status"),
            html.Div(body(plan, actor, catalog), id=ids.PLAN_OUTCOME_BODY),
        ],
        id="plan-outcomes",
    )


def stand_ins() -> list:
    """Hidden stand-ins for the section's callback ids, for views that do not show it (see
    ``dashboard.plans.skeleton``)."""
    import dash_bootstrap_components as dbc
    from dash import dcc

    return [
        dcc.Upload(id=ids.PLAN_OUTCOME_UPLOAD),
        dbc.Input(id=ids.PLAN_OUTCOME_LABEL),
        dbc.Input(id=ids.PLAN_OUTCOME_PROVIDER),
        html.Div(id=ids.PLAN_OUTCOME_REPORT),
        html.Div(id=ids.PLAN_OUTCOME_MESSAGE),
        html.Div(id=ids.PLAN_OUTCOME_BODY),
        dbc.Button(id=ids.PLAN_TARGETS_SAVE),
    ]
