"""The plan page's outcome callback: attach a file, withdraw one, save the zone targets.

One callback for the three (they all redraw the section). The signed-in user is read on the
server and the store checks the role and the plan: a forged request from a viewer changes nothing.
A file's postcodes live only in this request: its counts go to the store, its unmatched rows to the
uploader's response, and nothing of it is logged.
"""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, ctx

from dashboard import ids
from dashboard.context import shared_context
from dashboard.dataview.data_upload import decode_upload
from dashboard.outcomes.files_view import attached_report, refused
from dashboard.outcomes.reading import OutcomeFileReading, read_outcome_file
from dashboard.outcomes.section import body
from dashboard.plans.access import parse_id, readable_plan
from dashboard.postcodes.lookup import UNAVAILABLE, postcode_index
from dashboard.saved import get_store
from dashboard.store import Actor, StoreError
from geodata.bundle import Bundle
from geodata.imports import ImportProblem
from layers.catalog import Catalog


def _target(value: Any) -> float | None:
    if value is None or value == "":
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        raise StoreError(f"{value!r} is not a number") from None


def attach(
    actor: Actor | None,
    plan_id: int,
    contents: str | None,
    filename: str | None,
    label: str | None,
    provider: str | None,
    bundle: Bundle,
) -> tuple[Any, Any]:
    """(report for the uploader, message): the file read in memory and its counts stored."""
    index = postcode_index(bundle)
    if index is None:
        return refused(UNAVAILABLE), None
    name = (label or "").strip() or (filename or "outcome file")
    found: OutcomeFileReading | None = None
    try:
        found = read_outcome_file(decode_upload(contents), filename or "upload", index)
        with get_store().transaction() as tx:
            tx.outcomes.attach(
                actor,
                plan_id,
                label=name,
                provider=provider or "",
                counts=found.rows,
                rows_read=found.reading.caseload.n_rows,
                rows_matched=found.reading.caseload.n_matched,
            )
    except ImportProblem as problem:
        return refused(problem.message), None
    except StoreError as exc:
        return refused(str(exc), found), None
    return attached_report(name, found), None


def apply(
    actor: Actor | None,
    trigger: Any,
    plan_id: int | None,
    fields: dict[str, Any],
    catalog: Catalog,
):
    """(report, message, section body) after the action ``trigger`` names."""
    if actor is None or plan_id is None:
        return None, dbc.Alert("Sign in, and reload the plan.", color="warning"), dash.no_update
    report: Any = dash.no_update
    message: Any = None
    try:
        if trigger == ids.PLAN_OUTCOME_UPLOAD:
            report, message = attach(actor, plan_id, fields["contents"], fields["filename"],
                                     fields["label"], fields["provider"], catalog.bundle)  # fmt: skip
        elif trigger == ids.PLAN_TARGETS_SAVE:
            targets = {
                int(i["zone"]): _target(v)
                for i, v in zip(fields["target_ids"], fields["target_values"], strict=False)
            }
            with get_store().transaction() as tx:
                tx.outcomes.set_targets(actor, plan_id, targets)
            message = dbc.Alert("Targets saved.", color="success")
        elif isinstance(trigger, dict) and trigger.get("type") == "plan-outcome-withdraw":
            with get_store().transaction() as tx:
                row = tx.outcomes.withdraw(actor, int(trigger["file"]))
            message = dbc.Alert(f"Withdrew “{row.label}”: its counts are gone.", color="success")
        else:
            return dash.no_update, dash.no_update, dash.no_update
    except StoreError as exc:
        return report, dbc.Alert(str(exc), color="danger"), dash.no_update
    plan = readable_plan(plan_id, actor)
    return report, message, body(plan, actor, catalog) if plan is not None else dash.no_update


def register(app: dash.Dash) -> None:
    @app.callback(
        output={
            "report": Output(ids.PLAN_OUTCOME_REPORT, "children"),
            "message": Output(ids.PLAN_OUTCOME_MESSAGE, "children"),
            "body": Output(ids.PLAN_OUTCOME_BODY, "children"),
            "clear": Output(ids.PLAN_OUTCOME_UPLOAD, "contents"),
        },
        inputs={
            "contents": Input(ids.PLAN_OUTCOME_UPLOAD, "contents"),
            "save": Input(ids.PLAN_TARGETS_SAVE, "n_clicks"),
            "withdraw": Input(ids.plan_outcome_withdraw(ALL), "n_clicks"),
        },
        state={
            "filename": State(ids.PLAN_OUTCOME_UPLOAD, "filename"),
            "label": State(ids.PLAN_OUTCOME_LABEL, "value"),
            "provider": State(ids.PLAN_OUTCOME_PROVIDER, "value"),
            "plan_id": State(ids.PLAN_ID, "data"),
            "target_values": State(ids.plan_target(ALL), "value"),
            "target_ids": State(ids.plan_target(ALL), "id"),
        },
        prevent_initial_call=True,
    )
    def _on_outcomes(contents, save, withdraw, filename, label, provider, plan_id,
                     target_values, target_ids):  # fmt: skip
        if not ctx.triggered or not any(t.get("value") for t in ctx.triggered):
            return {"report": dash.no_update, "message": dash.no_update,
                    "body": dash.no_update, "clear": dash.no_update}  # fmt: skip
        fields = {"contents": contents, "filename": filename, "label": label,
                  "provider": provider, "target_values": target_values or [],
                  "target_ids": target_ids or []}  # fmt: skip
        context = shared_context()  # the plan's analyses read the shared data, never uploads
        report, message, section = apply(context.user, ctx.triggered_id, parse_id(plan_id),
                                         fields, context.catalog)  # fmt: skip
        # The file's contents are cleared from the page once read: they are not kept in the
        # browser's state either.
        clear = None if ctx.triggered_id == ids.PLAN_OUTCOME_UPLOAD else dash.no_update
        return {"report": report, "message": message, "body": section, "clear": clear}
