"""The Target page's "Save plan": a button, a form in a dialog, and the callback that saves.

The callback decides everything on the server: who is signed in (the session, not the request
body), whether their role may save, and what the list is (the scenario is run again here and
frozen; the browser sends only the scenario's settings).
"""

from __future__ import annotations

from urllib.parse import urlencode

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, dcc, html

from dashboard import ids
from dashboard.accounts.current import current_actor
from dashboard.components.attrs import aria
from dashboard.context import RequestContext, request_context
from dashboard.plans.freeze import freeze
from dashboard.saved import get_store
from dashboard.store import Actor, StoreError
from dashboard.targetview.downloads import uses_imported
from geodata.region import Region
from layers.targeting.link import from_query, query_string
from layers.targeting.scenario import ScenarioError

UPLOADED = (
    "This list scores a file uploaded in your browser session, which the server does not keep: "
    "a saved plan could not be reopened from it. Remove the upload from the score (or ask an admin "
    "to import it for the partnership) and save again."
)


def save_button() -> html.Div:
    """Placed on the Target page beside its title."""
    return html.Div(
        [
            dbc.Button(
                [
                    html.I(className="bi bi-bookmark-plus me-1", **aria(hidden="true")),
                    "Save plan",
                ],
                id=ids.PLAN_SAVE_OPEN,
                color="primary",
                outline=True,
                size="sm",
            ),
            html.A(
                "Compare with a saved plan",
                id=ids.PLAN_COMPARE_TARGET,
                href="/plans",
                className="btn btn-link btn-sm",
            ),
            dbc.Modal(
                [
                    dbc.ModalHeader(dbc.ModalTitle("Save this list as a plan")),
                    dbc.ModalBody(
                        [
                            html.P(
                                "The plan keeps these settings and the list they give today, so "
                                "it reopens the same after the data is updated.",
                                className="small text-body-secondary",
                            ),
                            dbc.Label("Name", html_for=ids.PLAN_SAVE_NAME),
                            dbc.Input(id=ids.PLAN_SAVE_NAME, maxLength=200, className="mb-2"),
                            dbc.Label("Description", html_for=ids.PLAN_SAVE_DESCRIPTION),
                            dbc.Textarea(id=ids.PLAN_SAVE_DESCRIPTION, className="mb-2"),
                            dbc.Label("Who can see it", html_for=ids.PLAN_SAVE_VISIBILITY),
                            dbc.RadioItems(
                                id=ids.PLAN_SAVE_VISIBILITY,
                                options=[
                                    {"label": "Only me (and admins)", "value": "private"},
                                    {
                                        "label": "The partnership (everyone signed in)",
                                        "value": "partnership",
                                    },
                                ],
                                value="private",
                            ),
                            html.Div(id=ids.PLAN_SAVE_MESSAGE, className="mt-3", role="status"),
                        ]
                    ),
                    dbc.ModalFooter(dbc.Button("Save", id=ids.PLAN_SAVE_SUBMIT, color="primary")),
                ],
                id=ids.PLAN_SAVE_MODAL,
                is_open=False,
            ),
        ],
        className="no-print d-flex align-items-center gap-2",
    )


def compare_link(state: dict | None, region: Region) -> str:
    """The plans list, offering to compare each plan with this Target list."""
    try:
        query = query_string(from_query(dict(state or {}), region.lads.values()))
    except ScenarioError:
        return "/plans"
    return "/plans?" + urlencode({"scenario": query})


def _sign_in_first(actor: Actor | None) -> object | None:
    if actor is None:
        return dbc.Alert(
            ["Sign in as a planner to save plans. ", html.A("Sign in", href="/login?next=/target")],
            color="info",
        )
    if not actor.at_least("planner"):
        return dbc.Alert(
            "Your account can read plans but not save them: ask an admin for the planner role.",
            color="warning",
        )
    return None


def save_plan(
    actor: Actor | None,
    name: str | None,
    description: str | None,
    visibility: str | None,
    state: dict | None,
    context: RequestContext,
) -> tuple[object, int | None]:
    """The message to show and the new plan's id (None when nothing was saved)."""
    refusal = _sign_in_first(actor)
    if refusal is not None:
        return refusal, None
    try:
        scenario = from_query(dict(state or {}), context.region.lads.values())
    except ScenarioError as exc:
        return dbc.Alert(f"These settings cannot be saved: {exc}", color="danger"), None
    if uses_imported(query_string(scenario)):
        return dbc.Alert(UPLOADED, color="warning"), None
    catalog = context.catalog
    try:
        frozen = freeze(scenario, catalog)
        with get_store().transaction() as tx:
            plan = tx.plans.create(
                actor,
                name=name or "",
                description=description or "",
                visibility=visibility or "private",
                region=frozen["region"],
                level=scenario.level,
                query=frozen["query"],
                result=frozen,
            )
            plan_id = plan.id
    except (StoreError, ScenarioError) as exc:
        return dbc.Alert(str(exc), color="danger"), None
    return (
        dbc.Alert(
            [
                f"Saved as plan {plan_id} with {len(frozen['areas'])} areas. ",
                dcc.Link("Open the plan", href=f"/plans?plan={plan_id}", id="plan-save-open-link"),
            ],
            color="success",
        ),
        plan_id,
    )


def register(app: dash.Dash) -> None:
    @app.callback(Output(ids.PLAN_COMPARE_TARGET, "href"), Input(ids.TARGET_STATE, "data"))
    def _on_state(state):
        return compare_link(state, request_context(None).region)

    @app.callback(
        Output(ids.PLAN_SAVE_MODAL, "is_open"),
        Output(ids.PLAN_SAVE_MESSAGE, "children"),
        Input(ids.PLAN_SAVE_OPEN, "n_clicks"),
        prevent_initial_call=True,
    )
    def _on_open(_clicks):
        return True, _sign_in_first(current_actor())

    @app.callback(
        Output(ids.PLAN_SAVE_MESSAGE, "children", allow_duplicate=True),
        Input(ids.PLAN_SAVE_SUBMIT, "n_clicks"),
        State(ids.PLAN_SAVE_NAME, "value"),
        State(ids.PLAN_SAVE_DESCRIPTION, "value"),
        State(ids.PLAN_SAVE_VISIBILITY, "value"),
        State(ids.TARGET_STATE, "data"),
        State(ids.IMPORTED_LAYERS, "data"),
        prevent_initial_call=True,
    )
    def _on_save(_clicks, name, description, visibility, state, imported):
        message, _plan_id = save_plan(
            current_actor(), name, description, visibility, state, request_context(imported)
        )
        return message
