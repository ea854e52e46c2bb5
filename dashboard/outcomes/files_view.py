"""The plan page's outcome files: the attach form, the files with their withdraw buttons, the zone
targets, and what the reader was told about an attached file (its unmatched rows, uploader only)."""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
from dash import html

from dashboard import ids
from dashboard.components.attrs import aria
from dashboard.components.messages import message_box
from dashboard.components.upload_zone import LIMIT_TEXT, drop_zone
from dashboard.outcomes.reading import OutcomeFileReading
from dashboard.plans.views import when
from dashboard.postcodes.caseload_view import SUPPRESSION_TEXT, unmatched_table

PRIVACY_TEXT = (
    "Postcodes are never stored: the file is read in memory and only the number of people per "
    "LSOA, month and outcome is kept with the plan. "
)


def attach_form() -> html.Div:
    return html.Div(
        [
            html.H3("Attach an outcome file", className="h6"),
            html.P(
                [
                    "A CSV or Excel file from a provider: a column of postcodes (headed "
                    "“postcode”), the date of each outcome (“date”) and the outcome (“outcome”: "
                    "e.g. engaged, started work, sustained 13 weeks). Several files add up "
                    "(months, providers); a file can be withdrawn. ",
                    html.Strong(PRIVACY_TEXT),
                    SUPPRESSION_TEXT,
                ],
                className="small",
            ),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            dbc.Label("Label", html_for=ids.PLAN_OUTCOME_LABEL, className="small"),
                            dbc.Input(
                                id=ids.PLAN_OUTCOME_LABEL,
                                maxLength=200,
                                placeholder="e.g. Jobs service, Jan–Mar 2025",
                            ),
                        ],
                        md=6,
                    ),
                    dbc.Col(
                        [
                            dbc.Label(
                                "Provider", html_for=ids.PLAN_OUTCOME_PROVIDER, className="small"
                            ),
                            dbc.Input(
                                id=ids.PLAN_OUTCOME_PROVIDER,
                                maxLength=200,
                                placeholder="e.g. the employment support provider",
                            ),
                        ],
                        md=6,
                    ),
                ],
                className="g-2 mb-2",
            ),
            drop_zone(
                ids.PLAN_OUTCOME_UPLOAD,
                "Drag an outcome file here or ",
                status_id=ids.PLAN_OUTCOME_REPORT,
                advice=(
                    "Keep only the postcode, date and outcome columns, or split the file by month "
                    f"into files under {LIMIT_TEXT}: files add up."
                ),
            ),
            html.Div(
                id=ids.PLAN_OUTCOME_REPORT, className="mt-2", role="status", **aria(live="polite")
            ),
        ],
        className="mb-3 no-print",
        id="plan-outcome-attach",
    )


def attached_report(label: str, found: OutcomeFileReading) -> html.Div:
    """What the uploader sees once a file is attached: what was counted, and (to them only) the
    rows that matched nothing."""
    caseload = found.reading.caseload
    missed = caseload.n_rows - caseload.n_matched
    months = found.months
    return message_box(
        [
            html.Strong(f"Attached “{label}”. "),
            f"{caseload.n_rows:,} rows read, {caseload.n_matched:,} matched to an area"
            + (f", {missed:,} not matched" if missed else "")
            + (f"; months {months[0]} to {months[-1]}" if months else "")
            + (f"; outcomes: {', '.join(caseload.outcomes)}" if caseload.outcomes else "")
            + ".",
            html.Ul(
                [html.Li(n) for n in (*found.reading.notes, *found.notes)], className="small mb-0"
            )
            if found.reading.notes or found.notes
            else None,
            unmatched_table(found.reading),
        ],
        "warning" if missed else "success",
    )


def refused(message: str, found: OutcomeFileReading | None = None) -> html.Div:
    return message_box(
        [
            html.Strong("Not attached. "),
            message,
            unmatched_table(found.reading) if found is not None else None,
        ],
        "danger",
    )


def files_table(files: list[dict[str, Any]], may_record: bool) -> html.P | dbc.Table:
    if not files:
        return html.P("No outcome file attached yet.", className="small text-body-secondary")
    head = ["File", "Provider", "Months", "Rows read", "Matched", "Added", ""]
    rows = []
    for f in files:
        withdrawn = f["withdrawn_at"] is not None
        action: Any = (
            f"withdrawn {when(f['withdrawn_at'])}"
            if withdrawn
            else dbc.Button(
                "Withdraw",
                id=ids.plan_outcome_withdraw(f["id"]),
                size="sm",
                color="primary",
                outline=True,
                className="no-print",
            )
            if may_record
            else ""
        )
        months = f"{f['first_month']} to {f['last_month']}" if f["first_month"] else "undated"
        rows.append(
            html.Tr(
                [
                    html.Td(html.S(f["label"]) if withdrawn else f["label"]),
                    html.Td(f["provider"] or "–"),
                    html.Td(months),
                    html.Td(f"{f['rows_read']:,}"),
                    html.Td(f"{f['rows_matched']:,}"),
                    html.Td(f"{when(f['uploaded_at'])} by {f['by']}"),
                    html.Td(action),
                ]
            )
        )
    return dbc.Table(
        [html.Thead(html.Tr([html.Th(h) for h in head])), html.Tbody(rows)],
        size="sm",
        responsive=True,
        id="plan-outcome-files",
    )


def targets_table(
    zones: list[dict[str, Any]], targets: dict[int, float | None], may_record: bool, outcome: str
) -> html.Div:
    rows = []
    for zone in zones:
        number_ = int(zone["zone"])
        value = targets.get(number_)
        cell: Any = (
            # The label wraps the input: a pattern id cannot be named by a label's "for".
            html.Label(
                [
                    html.Span(f"Target for zone {number_}", className="visually-hidden"),
                    dbc.Input(
                        id=ids.plan_target(number_),
                        type="number",
                        min=0,
                        max=100,
                        step=0.1,
                        value=value,
                        size="sm",
                        style={"maxWidth": "8rem"},
                    ),
                ]
            )
            if may_record
            else ("–" if value is None else f"{value:g}")
        )
        rows.append(html.Tr([html.Td(number_), html.Td(zone.get("n_areas")), html.Td(cell)]))
    return html.Div(
        [
            html.H3("Targets", className="h6"),
            html.P(
                f"A target per zone: people with the outcome “{outcome}” during the flood per 100 "
                "out-of-work claimants in the zone.",
                className="small",
            ),
            dbc.Table(
                [
                    html.Thead(
                        html.Tr([html.Th("Zone"), html.Th("Areas"), html.Th("Target per 100")])
                    ),
                    html.Tbody(rows),
                ],
                size="sm",
                id="plan-targets",
                style={"maxWidth": "28rem"},
            ),
            dbc.Button(
                "Save targets",
                id=ids.PLAN_TARGETS_SAVE,
                size="sm",
                color="primary",
                className="no-print",
            )
            if may_record
            else None,
        ],
        className="mb-3",
    )
