"""The /plans page's callbacks: filter the list, pick plans to compare, and change a plan.

Every change reads the signed-in user from the session and goes through the store, which checks
the role and the plan's version: a forged request from a viewer, or a stale page, changes nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, ctx

from dashboard import ids
from dashboard.accounts.current import current_actor
from dashboard.context import request_context
from dashboard.plans.access import parse_id
from dashboard.plans.views import plan_filter, plans_table
from dashboard.saved import get_store
from dashboard.store import Actor, StoreError


def _date(text: Any) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(str(text)[:10])
    except ValueError:
        raise StoreError(f"{text!r} is not a date (use the date picker)") from None


def apply_action(
    actor: Actor | None,
    action: str,
    plan_id: int | None,
    version: int | None,
    fields: dict[str, Any],
) -> tuple[str, str]:
    """Do ``action`` on the plan; returns (message, address to go to; "" to stay)."""
    if actor is None:
        return "Sign in to change plans.", ""
    if plan_id is None or not isinstance(version, int):
        return "This page is out of date: reload it.", ""
    with get_store().transaction() as tx:
        if action.startswith("status:"):
            tx.plans.set_status(actor, plan_id, version, action.split(":", 1)[1])
        elif action == "details":
            tx.plans.update(
                actor,
                plan_id,
                version,
                name=fields.get("name") or "",
                description=(fields.get("description") or "").strip(),
                visibility=fields.get("visibility") or "private",
                flood_start=_date(fields.get("flood_start")),
                flood_end=_date(fields.get("flood_end")),
            )
        elif action == "teams":
            tx.plans.set_teams(actor, plan_id, version, fields.get("teams", {}))
        elif action == "duplicate":
            copy = tx.plans.duplicate(actor, plan_id)
            return "Duplicated.", f"/plans?plan={copy.id}"
        elif action == "delete":
            tx.plans.delete(actor, plan_id, version)
            return "Deleted.", "/plans"
        elif action == "restore":
            tx.plans.restore(actor, plan_id)
        else:
            return "Unknown action.", ""
    return "Saved.", f"/plans?plan={plan_id}"


BUTTONS = {
    ids.PLAN_SAVE_DETAILS: "details",
    ids.PLAN_SAVE_TEAMS: "teams",
    ids.PLAN_DUPLICATE: "duplicate",
    ids.PLAN_DELETE: "delete",
    ids.PLAN_RESTORE: "restore",
}


def register(app: dash.Dash) -> None:
    @app.callback(
        Output(ids.PLANS_TABLE, "children"),
        Input(ids.PLANS_SEARCH, "value"),
        Input(ids.PLANS_STATUS, "value"),
        Input(ids.PLANS_OWNER, "value"),
        Input(ids.PLANS_BOROUGH, "value"),
        Input(ids.PLANS_DELETED, "value"),
        prevent_initial_call=True,
    )
    def _on_filter(search, status, owner, borough, deleted):
        actor = current_actor()
        region = request_context(None).region
        chosen = plan_filter(search, status, owner, borough, deleted, region)
        with get_store().transaction() as tx:
            listed = tx.plans.visible(actor, chosen)
            return plans_table(listed)

    @app.callback(
        Output(ids.PLANS_COMPARE_GO, "href"),
        Input(ids.PLANS_COMPARE_A, "value"),
        Input(ids.PLANS_COMPARE_B, "value"),
    )
    def _on_pick(a, b):
        return f"/plans?a={a}&b={b}" if a and b else "/plans"

    @app.callback(
        Output(ids.PLAN_COMPARE_GO, "href"),
        Input(ids.PLAN_COMPARE_WITH, "value"),
        State(ids.PLAN_ID, "data"),
    )
    def _on_pick_other(other, plan_id):
        return f"/plans?a={plan_id}&b={other}" if other else f"/plans?plan={plan_id}"

    @app.callback(
        output={"message": Output(ids.PLAN_MESSAGE, "children"),
                "go": Output(ids.PLAN_REDIRECT, "href")},
        inputs={
            "buttons": [Input(button, "n_clicks") for button in BUTTONS],
            "statuses": Input(ids.plan_status(ALL), "n_clicks"),
        },
        state={
            "plan_id": State(ids.PLAN_ID, "data"),
            "version": State(ids.PLAN_VERSION, "data"),
            "name": State(ids.PLAN_NAME, "value"),
            "description": State(ids.PLAN_DESCRIPTION, "value"),
            "visibility": State(ids.PLAN_VISIBILITY, "value"),
            "flood_start": State(ids.PLAN_FLOOD_START, "value"),
            "flood_end": State(ids.PLAN_FLOOD_END, "value"),
            "team_values": State(ids.plan_team(ALL), "value"),
            "team_ids": State(ids.plan_team(ALL), "id"),
        },
        prevent_initial_call=True,
    )  # fmt: skip
    def _on_action(buttons, statuses, plan_id, version, name, description, visibility,
                   flood_start, flood_end, team_values, team_ids):  # fmt: skip
        trigger = ctx.triggered_id
        if not ctx.triggered or not any(t.get("value") for t in ctx.triggered):
            return {"message": dash.no_update, "go": dash.no_update}
        if isinstance(trigger, dict) and trigger.get("type") == "plan-status":
            action = f"status:{trigger.get('to')}"
        else:
            action = BUTTONS.get(trigger, "")
        fields = {
            "name": name, "description": description, "visibility": visibility,
            "flood_start": flood_start, "flood_end": flood_end,
            "teams": {int(i["zone"]): v or "" for i, v in zip(team_ids or [], team_values or [],
                                                               strict=False)},
        }  # fmt: skip
        try:
            message, go = apply_action(current_actor(), action, parse_id(plan_id), version, fields)
        except StoreError as exc:
            return {"message": dbc.Alert(str(exc), color="danger"), "go": dash.no_update}
        return {
            "message": dbc.Alert(message, color="success"),
            "go": go or dash.no_update,
        }
