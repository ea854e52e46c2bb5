"""The caseload panel on the Data page and the pure functions its callbacks call.

A caseload file is read in memory (``geodata.caseload.read_caseload``), its counts are held on the
server (``dashboard.postcodes.store``) and the tab keeps only their key. The rows that matched
nothing are listed in the callback's response, for the uploader's page only: they are in no store,
cache, log or export, and the upload's contents are cleared from the page once read.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any, Literal

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard import ids
from dashboard.components.attrs import aria
from dashboard.components.fields import labelled
from dashboard.components.messages import message_box
from dashboard.components.upload_zone import LIMIT_TEXT, drop_zone
from dashboard.dataview.data_catalogue import card_actions
from dashboard.dataview.data_upload import MAX_SESSION_DATASETS, decode_upload
from dashboard.postcodes.lookup import UNAVAILABLE, postcode_index
from dashboard.postcodes.store import caseloads_from_store, prepare_caseload
from geodata.bundle import Bundle
from geodata.caseload import SUPPRESS_BELOW, Reading, read_caseload
from geodata.imports import ImportProblem, neutralise_cell
from layers.base import LEVEL_LABELS
from layers.caseload import LEVELS, period_label

PERIODICITIES = {"quarter": "quarters", "month": "months"}
SUPPRESSION_TEXT = (
    f"Counts of 1 to {SUPPRESS_BELOW - 1} people are suppressed (shown as “suppressed”, never as a "
    "number) on the map, in the hover, the profile and every download, at every level; so is any "
    "rate built on them."
)


def panel() -> dbc.Card:
    return dbc.Card(
        dbc.CardBody(
            [
                html.H2("Add a caseload (postcodes)", className="h5"),
                html.P(
                    [
                        "A CSV or Excel (.xlsx) list of the people your service reached: a column "
                        "of postcodes (headed “postcode”), and optionally a date and an outcome "
                        "(e.g. “engaged”, “into work”). The atlas counts them per LSOA, ward and "
                        "borough and shows reach against need. ",
                        html.Strong("Postcodes are never stored: "),
                        "the file is read in memory and only the counts are kept, for this browser "
                        "tab. " + SUPPRESSION_TEXT,
                    ],
                    className="small",
                ),
                dbc.Row(
                    [
                        labelled(
                            "Title",
                            dbc.Input(
                                id=ids.CASELOAD_TITLE,
                                type="text",
                                maxLength=120,
                                placeholder="e.g. Kirkby outreach 2024",
                            ),
                            md=7,
                        ),
                        labelled(
                            "Dates counted in",
                            dbc.Select(
                                id=ids.CASELOAD_PERIODICITY,
                                value="quarter",
                                options=[
                                    {"label": v, "value": k} for k, v in PERIODICITIES.items()
                                ],
                            ),
                            md=5,
                        ),
                    ],
                    className="mb-2",
                ),
                drop_zone(
                    ids.CASELOAD_UPLOAD,
                    "Drag a caseload here or ",
                    status_id=ids.CASELOAD_REPORT,
                    advice=(
                        "Keep only the postcode, date and outcome columns (a CSV is smaller than "
                        f"a workbook), or split the list into files under {LIMIT_TEXT}, then "
                        "choose it again. Caseloads you have already added are kept."
                    ),
                ),
                html.Div(
                    id=ids.CASELOAD_REPORT,
                    className="mt-3",
                    role="status",
                    **aria(live="polite"),
                ),
                html.H3("Your caseloads", className="h6 mt-3"),
                html.Div(id=ids.CASELOAD_LIST),
                dcc.Download(id=ids.CASELOAD_DOWNLOAD),
            ]
        ),
        className="mb-4",
    )


@dataclass(frozen=True)
class CaseloadOutcome:
    ok: bool
    store: dict[str, Any] | None
    message: str
    reading: Reading | None = None
    layer_id: str = ""


def add_caseload(
    bundle: Bundle,
    filename: str | None,
    contents: str | None,
    title: str | None,
    periodicity: str | None,
    store: dict[str, Any] | None,
) -> CaseloadOutcome:
    index = postcode_index(bundle)
    if index is None:
        return CaseloadOutcome(False, None, UNAVAILABLE)
    chosen: Literal["month", "quarter"] = "month" if periodicity == "month" else "quarter"
    try:
        data = decode_upload(contents)
        reading = read_caseload(data, filename or "upload", index, title or "", chosen)
    except ImportProblem as problem:
        return CaseloadOutcome(False, None, problem.message)
    if reading.caseload.n_matched == 0:
        return CaseloadOutcome(False, None, f"No row holds a postcode of {index.called}: nothing "
                               "was counted.", reading)  # fmt: skip
    current = dict(store or {})
    prepared = prepare_caseload(reading.caseload)
    # Refused before anything is held: a full session stores nothing on the server.
    if prepared.layer_id not in current and len(current) >= MAX_SESSION_DATASETS:
        return CaseloadOutcome(False, None, f"This session already holds {MAX_SESSION_DATASETS} "
                               "datasets: remove one first.", reading)  # fmt: skip
    prepared.hold()
    layer_id = prepared.layer_id
    current[layer_id] = prepared.entry
    return CaseloadOutcome(True, current, f"Added “{reading.caseload.title}”.", reading, layer_id)


def report(bundle: Bundle, outcome: CaseloadOutcome) -> html.Div:
    reading = outcome.reading
    if not outcome.ok:
        children: list = [html.Strong("Not added. "), outcome.message]
        if reading is not None:
            children.append(unmatched_table(reading))
        return message_box(children, "danger")
    assert reading is not None
    caseload = reading.caseload
    n_unmatched = caseload.n_rows - caseload.n_matched
    reasons = ", ".join(f"{reason} {n:,}" for reason, n in sorted(caseload.reasons.items()))
    used = [f"postcodes from “{reading.columns['postcode']}”"]
    if caseload.periodicity:
        used.append(
            f"dates from “{reading.columns['date']}” in {PERIODICITIES[caseload.periodicity]} "
            f"({period_label(caseload.periods[0])} to {period_label(caseload.periods[-1])})"
        )
    if caseload.outcomes:
        used.append(
            f"outcomes from “{reading.columns['outcome']}” ({', '.join(caseload.outcomes)})"
        )
    base = outcome.layer_id
    return message_box(
        [
            html.Strong(outcome.message + " "),
            html.Span(
                f"{caseload.n_rows:,} rows read: {caseload.n_matched:,} matched to postcodes of "
                f"{bundle.region.called}"
                + (f", {n_unmatched:,} not matched ({reasons})." if n_unmatched else ".")
            ),
            html.Ul(
                [
                    html.Li("Used: " + "; ".join(used) + "."),
                    *(html.Li(n) for n in reading.notes),
                    html.Li(SUPPRESSION_TEXT),
                ],
                className="small mb-1 mt-2",
            ),
            html.Div(
                [
                    html.A(
                        "Reach per 100 claimants on the map",
                        href=f"/?layer={base}",
                        className="fw-semibold me-3",
                        id=ids.CASELOAD_SHOW_REACH,
                    ),
                    html.A(
                        "Need–reach gap on the map",
                        href=f"/?layer={base}_gap",
                        className="fw-semibold",
                        id=ids.CASELOAD_SHOW_GAP,
                    ),
                ]
            ),
            unmatched_table(reading),
        ],
        "warning" if n_unmatched else "success",
    )


def unmatched_table(reading: Reading) -> html.Div | None:
    """The rows that matched nothing, for the uploader's own page (never stored or logged)."""
    rows = reading.unmatched
    if not rows:
        return None
    total = reading.caseload.n_rows - reading.caseload.n_matched
    return html.Div(
        [
            html.P(
                f"Rows not counted ({total:,}); listed on this page only, never stored:",
                className="small fw-semibold mb-1 mt-2",
            ),
            dbc.Table(
                [
                    html.Thead(html.Tr([html.Th("Row"), html.Th("As typed"), html.Th("Why")])),
                    html.Tbody(
                        [html.Tr([html.Td(u.row), html.Td(u.typed), html.Td(u.why)]) for u in rows]
                    ),
                ],
                size="sm",
                striped=True,
                className="small mb-0",
                id=ids.CASELOAD_UNMATCHED,
            ),
            html.P(f"First {len(rows)} of {total:,} listed.", className="small mb-0")
            if total > len(rows)
            else None,
        ]
    )


def your_caseloads(store: dict[str, Any] | None) -> html.Div:
    check = caseloads_from_store(store)
    notice = (
        html.P(
            f"{len(check.unavailable)} caseload(s) added in this tab are no longer held on the "
            "server (they are kept for a day): add the file again.",
            className="small text-body-secondary",
        )
        if check.unavailable
        else None
    )
    if not check.held:
        return html.Div([html.P("No caseload added in this session yet.",
                                className="small text-body-secondary"), notice])  # fmt: skip
    cards: list = [notice] if notice is not None else []
    for layer_id, held in check.held.items():
        caseload = held.caseload
        cards.append(
            dbc.Card(
                dbc.CardBody(
                    [
                        html.H4(caseload.title, className="h6"),
                        html.P(
                            f"{caseload.n_matched:,} people counted"
                            + (
                                f", {len(caseload.periods)} {caseload.periodicity}s"
                                if caseload.periodicity
                                else ", undated"
                            )
                            + f"; {len(held.layers)} layers.",
                            className="small mb-2",
                        ),
                        *card_actions(
                            layer_id, "Download counts (CSV)", ids.caseload_export(layer_id)
                        ),
                    ]
                ),
                className="mb-2",
                id=ids.caseload_card(layer_id),
            )
        )
    return html.Div(cards)


def counts_csv(
    store: dict[str, Any] | None, layer_id: str, bundle: Bundle
) -> tuple[str, str] | None:
    """(filename, text): every level's figures exactly as the map shows them (suppressed), from the
    layers' own values; no postcode is in the counts, so none can be in the file."""
    held = caseloads_from_store(store).held.get(layer_id)
    if held is None:
        return None
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([neutralise_cell(held.caseload.title)])
    writer.writerow(
        [f"Counted by Outreach Atlas from postcodes (ONS NSPL May 2025). {SUPPRESSION_TEXT}"]
    )
    layers = {k: v for k, v in held.layers.items() if not k.endswith("_p")}
    writer.writerow(["level", "code", *(neutralise_cell(layer.title) for layer in layers.values())])
    for level in LEVELS:
        cells = {
            layer_id: _cells(layer.values(bundle, level), layer.number_format.replace(",", ""))
            for layer_id, layer in layers.items()
        }
        table = pd.DataFrame(cells)
        table.insert(0, "code", table.index)
        table.insert(0, "level", LEVEL_LABELS[level])
        writer.writerows(table.itertuples(index=False, name=None))
    return f"{layer_id}.csv", out.getvalue()


def _cells(frame: pd.DataFrame, fmt: str) -> pd.Series:
    """Each figure as text: "suppressed" where a small count hides it, empty where it is missing."""
    text = frame["value"].map(lambda v: "" if pd.isna(v) else format(v, fmt))
    hidden = frame["value"].isna() & frame["note"].str.contains("suppressed", regex=False)
    return text.where(~hidden, "suppressed")
