"""From parsed cells to an ``ImportedDataset``: match areas, refuse duplicates and negative counts,
keep Unknown/Total rows out, and write the report. Shared by the Stat-Xplore and generic readers."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from geodata.imports.detect import match_areas
from geodata.imports.errors import ImportProblem
from geodata.imports.model import FIELDS, REPORT_EXAMPLES, ImportedDataset, ImportReport, RowNote
from geodata.imports.reference import AreaSet, Reference
from geodata.sources import OGL


@dataclass
class RawTable:
    """Cells as read: one row per area label, one column per period, for each field."""

    file_kind: str
    labels: list[str]
    rows: list[int]  # the file row of each label (1 = first line)
    periods: list[str]
    values: dict[str, np.ndarray]  # field → (labels × periods) floats, NaN where empty/suppressed
    suppressed: np.ndarray  # (labels × periods) bool: the source printed a suppression marker
    columns: dict[str, list[str]]  # field → the file's column heading per period (for messages)
    period_status: dict[str, str] = field(default_factory=dict)
    excluded: list[RowNote] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    total_check: str = ""
    suggested: dict[str, str] = field(default_factory=dict)  # title, source, date, unit


@dataclass(frozen=True)
class Metadata:
    title: str
    source: str
    date: str
    licence: str = OGL
    unit: str = ""
    scale: float = 100.0
    higher_is_worse: bool = True
    caveats: str = ""

    def check(self) -> None:
        for name in ("title", "source", "date"):
            if not getattr(self, name).strip():
                raise ImportProblem(
                    "metadata",
                    f"Give the layer's {name}: every number the atlas shows carries its title, "
                    "source and date.",
                )


def finish(
    raw: RawTable, meta: Metadata, reference: Reference, roles: dict[str, str]
) -> ImportedDataset:
    meta.check()
    if not raw.labels:
        raise ImportProblem("no_rows", "The file has no data rows.")
    matching = match_areas(raw.labels, raw.rows, reference)
    _refuse_duplicates(raw, matching.codes)
    keep = np.array([code is not None for code in matching.codes])
    _refuse_negatives(raw, keep)

    codes = np.array([c for c in matching.codes if c is not None], dtype=object)
    n_periods = len(raw.periods)
    table = pd.DataFrame(
        {
            "code": pd.array(np.repeat(codes, n_periods).tolist(), dtype="str"),
            "period": pd.array(
                np.tile(np.array(raw.periods, dtype=object), len(codes)).tolist(), dtype="str"
            ),
        }
    )
    for name in FIELDS:
        grid = raw.values.get(name)
        table[name] = grid[keep].reshape(-1) if grid is not None else np.nan
    table["suppressed"] = raw.suppressed[keep].reshape(-1)

    area_set = matching.area_set
    expected = reference.codes(area_set)
    missing = sorted(expected - set(codes))
    report = ImportReport(
        file_kind=raw.file_kind,
        area_set=area_set.value,
        matched=len(codes),
        expected=len(expected),
        unmatched=_notes(matching.unmatched),
        n_unmatched=len(matching.unmatched),
        outside=_notes(matching.outside),
        n_outside=len(matching.outside),
        excluded=tuple(raw.excluded),
        missing_areas=tuple(reference.names[area_set][c] for c in missing[:REPORT_EXAMPLES]),
        total_check=raw.total_check,
        notes=tuple(raw.notes) + _coverage_notes(area_set, missing, table, reference.region_called),
        region=reference.region_called,
    )
    return ImportedDataset(
        title=meta.title.strip(),
        source=meta.source.strip(),
        date=meta.date.strip(),
        licence=meta.licence.strip() or OGL,
        area_set=area_set.value,
        periods=tuple(raw.periods),
        table=table,
        report=report,
        unit=meta.unit.strip(),
        scale=meta.scale,
        higher_is_worse=meta.higher_is_worse,
        caveats=meta.caveats.strip(),
        period_status=dict(raw.period_status),
        roles=dict(roles),
    )


def _notes(items) -> tuple[RowNote, ...]:
    return tuple(RowNote(row, label, reason) for row, label, reason in items[:REPORT_EXAMPLES])


def _coverage_notes(
    area_set: AreaSet, missing: list[str], table: pd.DataFrame, region_called: str
) -> tuple[str, ...]:
    notes = []
    if missing:
        notes.append(
            f"{len(missing):,} {region_called.removeprefix('the ')} area(s) have no row in the "
            "file; they show as no data."
        )
    n_suppressed = int(table["suppressed"].sum())
    if n_suppressed:
        notes.append(
            f"{n_suppressed:,} value(s) are suppressed in the source (“..” = nil or negligible): "
            "shown as suppressed, never as 0."
        )
    return tuple(notes)


def _refuse_duplicates(raw: RawTable, codes: tuple[str | None, ...]) -> None:
    first_row: dict[str, int] = {}
    for code, row, label in zip(codes, raw.rows, raw.labels, strict=True):
        if code is None:
            continue
        if code in first_row:
            raise ImportProblem(
                "duplicate",
                f"“{label}” ({code}) appears twice, on rows {first_row[code]} and {row}. "
                "Each area may appear once (per period).",
                row=row,
                hint="Remove the repeated row, or give each period its own column.",
            )
        first_row[code] = row


def _refuse_negatives(raw: RawTable, keep: np.ndarray) -> None:
    for name in ("count", "denominator"):
        grid = raw.values.get(name)
        if grid is None:
            continue
        negative = np.argwhere((grid < 0) & keep[:, None])
        if len(negative):
            i, j = negative[0]
            raise ImportProblem(
                "negative",
                f"the {name} for “{raw.labels[i]}” is {grid[i, j]:g}; a {name} cannot be negative.",
                row=raw.rows[i],
                column=raw.columns[name][j],
                hint="Check the file (a minus sign, or a change column given as a count?).",
            )
