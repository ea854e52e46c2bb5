"""Bring your own data: DWP Stat-Xplore exports and CSV/Excel tables turned into atlas datasets.

Pure (never imports Dash). ``inspect_file`` says what a file is and guesses how to read it;
``import_file`` reads it with the user's choices and returns an ``ImportedDataset`` with its report,
or raises ``ImportProblem`` with a plain-language message naming the row.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from geodata.imports import conditions, generic, statxplore
from geodata.imports.assemble import Metadata, finish
from geodata.imports.errors import ImportProblem
from geodata.imports.generic import ColumnRoles
from geodata.imports.model import ImportedDataset, ImportReport
from geodata.imports.periods import expand_labels
from geodata.imports.reference import Reference, reference_for
from geodata.imports.safety import MAX_UPLOAD_BYTES, decode_text, neutralise_cell, sniff

__all__ = [
    "MAX_UPLOAD_BYTES",
    "ColumnRoles",
    "FilePreview",
    "ImportOptions",
    "ImportProblem",
    "ImportReport",
    "ImportedDataset",
    "Metadata",
    "import_file",
    "inspect_file",
    "neutralise_cell",
    "reference_for",
]

STATXPLORE = "Stat-Xplore export"
CSV = "CSV"
EXCEL = "Excel workbook"
SINGLE_PERIOD_DEFAULT = "as published"


@dataclass(frozen=True)
class ImportOptions:
    roles: ColumnRoles | None = None  # generic tables: None = the guessed roles
    period_labels: str = ""  # Stat-Xplore files without a header row: "2015-08..2022-12, 2023-11"
    sheet: str | None = None


@dataclass(frozen=True)
class FilePreview:
    file_kind: str
    headers: tuple[str, ...] = ()
    numeric: tuple[str, ...] = ()
    guessed: ColumnRoles | None = None
    suggested: dict[str, str] = field(default_factory=dict)
    n_value_columns: int = 0
    needs_period_labels: bool = False
    condition_breakdown: bool = False
    notes: tuple[str, ...] = ()


def inspect_file(data: bytes, filename: str) -> FilePreview:
    kind = sniff(data, filename)
    if kind == "csv":
        text = decode_text(data)
        if statxplore.is_statxplore(text):
            raw, layout = statxplore.parse(text)
            return FilePreview(
                file_kind=STATXPLORE,
                suggested=raw.suggested,
                n_value_columns=len(raw.periods),
                needs_period_labels=not layout.column_labels,
                condition_breakdown=conditions.is_condition_breakdown(layout.column_labels),
                notes=tuple(raw.notes),
            )
        info = generic.inspect(generic.rows_from_csv(text))
    else:
        info = generic.inspect(generic.rows_from_xlsx(data))
    return FilePreview(
        file_kind=CSV if kind == "csv" else EXCEL,
        headers=tuple(info.headers),
        numeric=tuple(info.numeric),
        guessed=info.guessed,
        notes=tuple(info.notes),
    )


def import_file(
    data: bytes,
    filename: str,
    meta: Metadata,
    reference: Reference,
    options: ImportOptions | None = None,
) -> ImportedDataset:
    options = options or ImportOptions()
    kind = sniff(data, filename)
    if kind == "csv":
        text = decode_text(data)
        if statxplore.is_statxplore(text):
            return _statxplore(text, meta, reference, options)
        info = generic.inspect(generic.rows_from_csv(text))
        file_kind = CSV
    else:
        info = generic.inspect(generic.rows_from_xlsx(data, options.sheet))
        file_kind = EXCEL
    roles = options.roles or info.guessed
    assert roles is not None
    raw = generic.parse(info, roles, file_kind, meta.date.strip() or SINGLE_PERIOD_DEFAULT)
    return finish(raw, meta, reference, roles.used())


def _statxplore(
    text: str, meta: Metadata, reference: Reference, options: ImportOptions
) -> ImportedDataset:
    labels = expand_labels(options.period_labels) if options.period_labels.strip() else None
    raw, layout = statxplore.parse(text, labels if labels else None)
    if conditions.is_condition_breakdown(layout.column_labels):
        period = next(
            (
                value
                for name, value in layout.filters
                if name.lower() in ("month", "quarter", "year")
            ),
            meta.date.strip() or SINGLE_PERIOD_DEFAULT,
        )
        raw = conditions.mental_health_share(raw, layout.column_labels, period)
        roles = {"count": raw.columns["count"][0], "denominator": raw.columns["denominator"][0]}
        meta = Metadata(**{**meta.__dict__, "unit": meta.unit or conditions.SHARE_UNIT})
    else:
        roles = {"count": layout.counting or layout.title or "count"}
        meta = Metadata(**{**meta.__dict__, "unit": meta.unit or raw.suggested.get("unit", "")})
    return finish(raw, meta, reference, roles)
