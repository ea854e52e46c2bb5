"""Plans page: the partnership's saved plans (``/plans``), one plan (``?plan=<id>``), or two
compared (``?a=<id>&b=<id>``). What a user may see is decided here, on the server, per request."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import ids
from dashboard.accounts.current import current_actor
from dashboard.context import request_context
from dashboard.plans.access import pair, readable_plan
from dashboard.plans.auditlog import audit_view
from dashboard.plans.skeleton import LIST_IDS, complete
from dashboard.plans.views import (
    compare_picker,
    comparison_view,
    filters,
    plan_view,
    plans_table,
    signed_out,
)
from dashboard.saved import get_store
from layers.targeting.scenario import ScenarioError

dash.register_page(__name__, path="/plans", title="Plans · Outreach Atlas", name="Plans")

NOT_FOUND = (
    "There is no plan with that number that you can see. A private plan is shown only to its "
    "owner and to admins."
)


def layout(**query: str) -> html.Div:
    if query.get("audit"):
        return complete(_audit_trail(query))
    view = _view(**query)
    return complete(view, LIST_IDS if getattr(view, "id", None) == "plans-page" else None)


def _audit_trail(query: dict[str, str]) -> html.Div:
    actor = current_actor()
    if actor is None:
        return html.Div([html.H1("Audit trail", className="h3"), signed_out()])
    return audit_view(actor, query)


def _view(
    plan: str | None = None,
    a: str | None = None,
    b: str | None = None,
    scenario: str | None = None,
    **_unknown,
):
    actor = current_actor()
    if actor is None:
        return html.Div([html.H1("Plans", className="h3"), signed_out()])
    if a and (b or scenario):
        try:
            first, second = pair(a, b, scenario, actor)
        except ScenarioError as exc:
            return dbc.Alert(f"The Target settings cannot be compared: {exc}", color="warning")
        if first is None or second is None:
            return dbc.Alert(NOT_FOUND, color="warning", id="plan-not-found")
        return comparison_view(first, second)
    with get_store().transaction() as tx:
        listed = tx.plans.visible(actor)
    if plan:
        found = readable_plan(plan, actor)
        if found is None:
            return dbc.Alert(NOT_FOUND, color="warning", id="plan-not-found")
        return plan_view(found, actor, listed)
    return html.Div(
        [
            html.H1("Plans", className="h3"),
            html.P(
                "Lists saved from the Target page, each with the settings and the areas it had "
                "when saved. Open one to agree it, hand its zones to teams, or compare it.",
                className="text-body-secondary",
            ),
            dcc.Link(
                "Audit trail: every change by everyone",
                href="/plans?audit=all",
                id=ids.AUDIT_LINK,
                className="small d-inline-block mb-2",
            )
            if actor.at_least("admin")
            else None,
            filters(actor, request_context(None).region),
            compare_picker(listed),
            dbc.Alert(
                "Choose a plan to compare with the list you were building on the Target page.",
                color="info",
            )
            if scenario
            else None,
            html.Div(plans_table(listed, scenario or ""), id=ids.PLANS_TABLE),
        ],
        id="plans-page",
    )
