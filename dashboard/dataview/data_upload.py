"""The upload panel on the Data page and the pure functions its callbacks call.

Uploads arrive as a base64 data URL; the size is checked on the encoded length before anything is
decoded. Nothing is written to disk: the bytes are parsed in memory, the resulting compact table
(codes and numbers) is held on the server under the sha256 of its content (``dashboard.uploads``),
and the browser's session store keeps only that key.
"""

from __future__ import annotations

import base64
import binascii
import csv
import io
from dataclasses import dataclass, field
from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import ids
from dashboard.components.attrs import aria
from dashboard.components.fields import labelled
from dashboard.components.messages import message_box
from dashboard.components.upload_zone import LIMIT_TEXT, drop_zone
from dashboard.uploads import prepare, uploads_from_store
from geodata.bundle import Bundle
from geodata.imports import (
    ColumnRoles,
    FilePreview,
    ImportedDataset,
    ImportOptions,
    ImportProblem,
    Metadata,
    import_file,
    inspect_file,
    neutralise_cell,
    reference_for,
)
from geodata.imports.reference import AREA_SET_LABELS, AreaSet
from geodata.imports.safety import check_size
from geodata.region import Region
from geodata.sources import OGL

ROLE_LABELS = {
    "code": "Area codes (or names)",
    "count": "Count",
    "denominator": "Denominator",
    "rate": "Rate",
    "period": "Period (long tables)",
}
MAX_SESSION_DATASETS = 8
SCALES = {"100": "per cent (× 100)", "1000": "per 1,000", "1": "as a fraction (× 1)"}
NO_SCALE = {"": "not used: a count"}  # shown while there is no denominator


def decode_upload(contents: str | None) -> bytes:
    if not contents or "," not in contents:
        raise ImportProblem("empty", "No file was received. Choose a file to upload.")
    encoded = contents.split(",", 1)[1]
    check_size(len(encoded) * 3 // 4)  # before decoding: an oversize file is never unpacked
    try:
        return base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ImportProblem("damaged", "The upload arrived damaged; please try again.") from exc


@dataclass(frozen=True)
class PreviewView:
    """What the form shows after a file is chosen."""

    ok: bool
    message: str
    file_kind: str = ""
    headers: tuple[str, ...] = ()
    roles: dict[str, str | None] = field(default_factory=dict)
    suggested: dict[str, str] = field(default_factory=dict)
    needs_roles: bool = False
    needs_period_labels: bool = False
    notes: tuple[str, ...] = ()


def preview_upload(filename: str | None, contents: str | None) -> PreviewView:
    try:
        data = decode_upload(contents)
        preview: FilePreview = inspect_file(data, filename or "upload")
    except ImportProblem as problem:
        return PreviewView(ok=False, message=problem.message)
    roles = (
        {role: getattr(preview.guessed, role) for role in ROLE_LABELS} if preview.guessed else {}
    )
    kind = preview.file_kind
    if preview.condition_breakdown:
        kind += " (claimants by medical condition: the mental-health share will be computed)"
    return PreviewView(
        ok=True,
        message=f"“{filename}”: {kind}. Check the details below, then add it to your map.",
        file_kind=preview.file_kind,
        headers=preview.headers,
        roles=roles,
        suggested=dict(preview.suggested),
        needs_roles=preview.guessed is not None,
        needs_period_labels=preview.needs_period_labels,
        notes=preview.notes,
    )


@dataclass(frozen=True)
class ImportForm:
    title: str = ""
    source: str = ""
    date: str = ""
    licence: str = OGL
    unit: str = ""
    scale: str = "100"
    higher_is_worse: bool = True
    roles: dict[str, str | None] = field(default_factory=dict)
    period_labels: str = ""

    def metadata(self) -> Metadata:
        return Metadata(
            title=self.title or "",
            source=self.source or "",
            date=self.date or "",
            licence=self.licence or OGL,
            unit=self.unit or "",
            scale=float(self.scale or 100),
            higher_is_worse=self.higher_is_worse,
        )

    def options(self) -> ImportOptions:
        roles = None
        code = self.roles.get("code")
        if code:
            chosen = {k: v or None for k, v in self.roles.items() if k in ROLE_LABELS}
            roles = ColumnRoles(
                code=code,
                count=chosen.get("count"),
                denominator=chosen.get("denominator"),
                rate=chosen.get("rate"),
                period=chosen.get("period"),
            )
        return ImportOptions(roles=roles, period_labels=self.period_labels or "")


@dataclass(frozen=True)
class ImportOutcome:
    ok: bool
    store: dict[str, Any] | None  # the new store, or None when nothing changed
    dataset: ImportedDataset | None
    layer_id: str = ""
    message: str = ""


def import_upload(
    filename: str | None,
    contents: str | None,
    form: ImportForm,
    store: dict[str, Any] | None,
    bundle: Bundle,
) -> ImportOutcome:
    """Read the upload with the form's choices, hold it on the server and add its key to this
    session's store."""
    current = dict(store or {})
    try:
        data = decode_upload(contents)
        dataset = import_file(
            data, filename or "upload", form.metadata(), reference_for(bundle), form.options()
        )
    except ImportProblem as problem:
        return ImportOutcome(False, None, None, message=problem.message)
    prepared = prepare(dataset)
    # Refused before anything is held: a full session stores nothing on the server.
    if prepared.layer_id not in current and len(current) >= MAX_SESSION_DATASETS:
        return ImportOutcome(
            False, None, dataset,
            message=f"This session already holds {MAX_SESSION_DATASETS} datasets: remove one first.",
        )  # fmt: skip
    prepared.hold()
    layer_id = prepared.layer_id
    current[layer_id] = prepared.entry
    return ImportOutcome(True, current, dataset, layer_id, f"Added “{dataset.title}”.")


def remove_dataset(store: dict[str, Any] | None, layer_id: str) -> dict[str, Any]:
    return {k: v for k, v in (store or {}).items() if k != layer_id}


def tidy_csv(store: dict[str, Any] | None, layer_id: str) -> tuple[str, str] | None:
    """(filename, text): the imported table, every period, with its source; safe in a spreadsheet."""
    checked = uploads_from_store(store).uploads.get(layer_id)
    if checked is None:
        return None
    dataset = checked.dataset
    out = io.StringIO()
    writer = csv.writer(out)
    for line in (
        f"{dataset.title}",
        f"Source: {dataset.source} ({dataset.date}); licence: {dataset.licence}",
        f"Geography: {AREA_SET_LABELS[AreaSet(dataset.area_set)]}; imported into Outreach Atlas",
    ):
        writer.writerow([neutralise_cell(line)])
    writer.writerow(["code", "period", "count", "denominator", "rate", "suppressed"])
    for row in dataset.table.itertuples(index=False):
        writer.writerow(
            [
                neutralise_cell(row.code),
                neutralise_cell(row.period),
                *("" if v != v else f"{v:g}" for v in (row.count, row.denominator, row.rate)),
                "yes" if row.suppressed else "",
            ]
        )
    return f"{layer_id}.csv", out.getvalue()


# --- layout ---------------------------------------------------------------------------------------


def upload_panel(region: Region) -> dbc.Card:
    return dbc.Card(
        dbc.CardBody(
            [
                html.H2("Add your own data", className="h5"),
                html.P(
                    [
                        "A DWP Stat-Xplore CSV download as it comes (title block, ",
                        html.Code(".."),
                        " markers, Unknown and Total rows and all), or a CSV / Excel (.xlsx) table "
                        "with a column of GSS codes for LSOAs (2011 or 2021), MSOAs, wards or "
                        "boroughs. Up to 10 MB. What you add stays in this browser tab's session: "
                        "nobody else sees it.",
                    ],
                    className="small",
                ),
                drop_zone(
                    ids.DATA_UPLOAD,
                    "Drag a file here or ",
                    status_id=ids.DATA_UPLOAD_STATUS,
                    form_id=ids.DATA_IMPORT_FORM,
                    advice=too_large_advice(region),
                ),
                html.Div(id=ids.DATA_UPLOAD_STATUS, className="mt-2", role="status"),
                html.Div(_form(), id=ids.DATA_IMPORT_FORM, hidden=True),
                html.Div(
                    id=ids.DATA_REPORT, className="mt-3", role="status", **aria(live="polite")
                ),
            ]
        ),
        className="mb-4",
    )


def _field(label: str, component, help_text: str = "", help_id: str | None = None) -> dbc.Col:
    return labelled(
        label, component, help_text=help_text, help_id=help_id, xs=12, md=6, className="mb-2"
    )


def _form() -> html.Div:
    roles = [
        _field(
            label,
            dcc.Dropdown(
                id=ids.data_role(role), options=[], clearable=role != "code", placeholder="—"
            ),
        )
        for role, label in ROLE_LABELS.items()
    ]
    return html.Div(
        [
            html.Hr(),
            dbc.Row(
                [
                    _field("Title", dbc.Input(id=ids.DATA_TITLE, type="text", maxLength=120)),
                    _field(
                        "Source",
                        dbc.Input(id=ids.DATA_SOURCE, type="text", maxLength=200),
                        "Publisher and dataset, e.g. “DWP Stat-Xplore: ESA by ICD-10 chapter”.",
                    ),
                    _field(
                        "Date",
                        dbc.Input(id=ids.DATA_DATE, type="text", maxLength=60),
                        "The period or release the figures describe.",
                    ),
                    _field(
                        "Licence",
                        dbc.Input(id=ids.DATA_LICENCE, type="text", value=OGL, maxLength=120),
                    ),
                    _field(
                        "Unit (optional)",
                        dbc.Input(id=ids.DATA_UNIT, type="text", maxLength=120),
                        "What a value means, e.g. “% of working-age residents”.",
                    ),
                    _field(
                        "Rate scale",
                        dbc.Select(
                            id=ids.DATA_SCALE,
                            options=[
                                {"label": v, "value": k} for k, v in {**NO_SCALE, **SCALES}.items()
                            ],
                            value="",
                            disabled=True,
                        ),
                        "Not used: without a denominator the figures are shown as they are (a count).",
                        ids.DATA_SCALE_HELP,
                    ),
                    _field(
                        "Direction",
                        dbc.Select(
                            id=ids.DATA_DIRECTION,
                            options=[
                                {"label": "Higher values mean more need", "value": "worse"},
                                {"label": "Higher values mean less need", "value": "better"},
                            ],
                            value="worse",
                        ),
                    ),
                ]
            ),
            html.Div(
                dbc.Row(
                    _field(
                        "Period labels",
                        dbc.Input(
                            id=ids.DATA_PERIOD_LABELS,
                            type="text",
                            placeholder="2015-08..2022-12, 2023-11",
                        ),
                        "This export has no column header row: name its columns in order (ranges "
                        "allowed), or leave empty to number them (the last is taken as the latest).",
                    )
                ),
                id=ids.DATA_PERIODS_ROW,
                hidden=True,
            ),
            html.Div(
                [html.H3("Columns", className="h6 mt-2"), dbc.Row(roles)],
                id=ids.DATA_ROLES,
                hidden=True,
            ),
            dbc.Button("Add to my map", id=ids.DATA_ADD, color="primary", className="mt-2"),
        ]
    )


def too_large_advice(region: Region) -> str:
    return (
        f"Filter the export to {region.name} (or to fewer periods) in Stat-Xplore or Nomis, "
        f"or split it into files under {LIMIT_TEXT}, then choose it again. Datasets you have "
        "already added are kept."
    )


def report_view(outcome: ImportOutcome) -> html.Div:
    if not outcome.ok or outcome.dataset is None:
        return message_box([html.Strong("Not imported. "), outcome.message], "danger")
    dataset = outcome.dataset
    report = dataset.report
    items: list = [html.Li(report.summary())]
    if report.total_check:
        items.append(html.Li(report.total_check))
    items.extend(html.Li(note) for note in report.notes)
    problems = [*report.unmatched, *report.outside]
    table = None
    if problems:
        table = dbc.Table(
            [
                html.Thead(
                    html.Tr(
                        [html.Th("Row"), html.Th("In the file"), html.Th("Why it was left out")]
                    )
                ),
                html.Tbody(
                    [
                        html.Tr([html.Td(n.row), html.Td(n.label), html.Td(n.reason)])
                        for n in problems
                    ]
                ),
            ],
            size="sm",
            striped=True,
            className="small mt-2",
        )
    shown = len(report.unmatched) + len(report.outside)
    total = report.n_unmatched + report.n_outside
    return message_box(
        [
            html.Strong(f"Added “{dataset.title}”. "),
            html.Span(
                f"Periods: {len(dataset.periods)} (the latest, {dataset.latest_period}, is shown "
                "first; choose another with the period control on the map or in the score). "
                if len(dataset.periods) > 1
                else f"Period: {dataset.period}. "
            ),
            html.A(
                "Show it on the map", href=f"/?layer={outcome.layer_id}", className="fw-semibold"
            ),
            html.Ul(items, className="small mb-0 mt-2"),
            table,
            html.P(f"First {shown} of {total} rows listed.", className="small mb-0")
            if total > shown
            else None,
        ],
        "warning" if (report.n_unmatched or not report.complete) else "success",
    )
