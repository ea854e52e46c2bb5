"""DWP Stat-Xplore CSV downloads in their real layout.

The layout: a title block ("Stat-Xplore", the table title with its symbol marks, "<rows> by <columns>",
"Counting: ...", "Filters:" and their pairs), a header row (the column field's name, then each column
label followed by its "<label> - Annotations" twin), a line naming the row field, the body (one row per
area, ``..`` for nil or negligible), "Unknown" and "Total" rows, then footer lines (INFO notes, the
symbol legend, "Source: ..."). Any of the header lines may be missing: a download trimmed by hand, or
cut by a script, still imports, and the report says what was missing.

The column field is either time (months, years, financial years: several periods) or a breakdown such
as ICD-10 chapter (then see ``conditions``).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from geodata.imports.assemble import RawTable
from geodata.imports.cells import parse_cell
from geodata.imports.errors import ImportProblem
from geodata.imports.model import RowNote
from geodata.imports.periods import parse_period

ANNOTATIONS = " - Annotations"
SYMBOL_MARKS = re.compile(r"\s*\(([IVXLivxl]+|[a-z])(\s+([IVXLivxl]+|[a-z]))*\)\s*$")
TOTAL_LABELS = {"total"}
NUMBER_CELL = re.compile(r"^-?[\d,]*\.?\d+$")
ANNOTATION_MARK = re.compile(r"^[A-Za-z]{1,4}$")
UNKNOWN_LABELS = {"unknown", "unknown or missing", "missing", "not known"}


@dataclass
class StatXploreLayout:
    title: str = ""
    dimensions: str = ""
    counting: str = ""
    filters: list[tuple[str, str]] = field(default_factory=list)
    column_field: str = ""
    column_labels: list[str] = field(default_factory=list)  # value columns, annotations dropped
    row_field: str = ""
    legend: dict[str, str] = field(default_factory=dict)
    source: str = ""
    info: list[str] = field(default_factory=list)


def is_statxplore(text: str) -> bool:
    head = text[:20000]
    return (
        head.lstrip().startswith("Stat-Xplore")
        or ANNOTATIONS in head
        or bool(re.search(r'^"?National - Regional - LA - OAs', head, re.MULTILINE))
    )


def read_rows(text: str) -> list[tuple[int, tuple[str, ...]]]:
    """CSV rows with the file line each starts on. Cells come as tuples: a table of tuples of text
    is one the garbage collector stops scanning, where lists would be rescanned for the whole read."""
    fast = _split_plain(text)
    if fast is not None:
        return fast
    reader = csv.reader(io.StringIO(text))
    rows = []
    line = 1
    try:
        for cells in reader:
            rows.append((line, tuple(cells)))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise ImportProblem("csv", f"The CSV cannot be read ({exc}).", row=reader.line_num) from exc
    return rows


def _split_plain(text: str) -> list[tuple[int, tuple[str, ...]]] | None:
    """The rows ``csv.reader`` would give, by splitting, when nothing in the text needs its rules (no
    quotes, no NUL, no bare carriage return, no field over its size limit); None otherwise. Splitting
    is several times faster, and here one row is one line, so its line number is its position."""
    if '"' in text or "\x00" in text or text.count("\r") != text.count("\r\n"):
        return None
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()  # the text's final line break ends the last row; it does not start a new one
    if max(map(len, lines), default=0) > csv.field_size_limit():
        return None
    return [
        (number, tuple(line.removesuffix("\r").split(",")) if line not in ("", "\r") else ())
        for number, line in enumerate(lines, start=1)
    ]


def _cells(cells: Sequence[str]) -> tuple[str, ...]:
    """Without the trailing empty cell Stat-Xplore writes after every row's last comma."""
    end = len(cells)
    while end and not cells[end - 1].strip():
        end -= 1
    return tuple(cells[:end])


def _is_body(cells: Sequence[str]) -> bool:
    """An area row: a label, then numbers or ``..``, with short annotation marks ("p", "r") between."""
    values = [c.strip() for c in cells[1:] if c.strip()]
    if not cells or not cells[0].strip() or not values:
        return False
    numbers = 0
    for text in values:
        if text == ".." or NUMBER_CELL.match(text):
            numbers += 1
        elif not ANNOTATION_MARK.match(text):
            return False
    return numbers > 0


def parse(text: str, period_labels: list[str] | None = None) -> tuple[RawTable, StatXploreLayout]:
    rows = read_rows(text)
    layout = StatXploreLayout()
    body_start = next((i for i, (_, c) in enumerate(rows) if _is_body(_cells(c))), None)
    if body_start is None:
        raise ImportProblem(
            "no_rows", "No table of areas and numbers was found in this Stat-Xplore file."
        )
    _read_header_block(rows[:body_start], layout)
    body_end = body_start
    while body_end < len(rows) and _is_body(_cells(rows[body_end][1])):
        body_end += 1
    _read_footer(rows[body_end:], layout)

    body = [(line, _cells(cells)) for line, cells in rows[body_start:body_end]]
    width = max(len(cells) for _, cells in body)
    value_positions, headings = _value_columns(layout, width, body)
    periods, status = _periods(layout, headings, period_labels, len(value_positions))

    labels: list[str] = []
    lines: list[int] = []
    excluded: list[RowNote] = []
    grid: list[list[float]] = []
    marks: list[list[bool]] = []
    total: list[float] | None = None
    unknown: list[float] | None = None
    # A cell's reading depends on its text alone: each distinct text is read once (one that fails
    # still raises at its first row and column, as reading cell by cell would).
    read: dict[str, tuple[float, bool]] = {}

    def reading(text: str, line: int, heading: str) -> tuple[float, bool]:
        found = read.get(text)
        if found is None:
            found = read[text] = parse_cell(text, line, heading)
        return found

    for line, cells in body:
        label = cells[0].strip()
        parsed = [
            reading(cells[p] if p < len(cells) else "", line, headings[k])
            for k, p in enumerate(value_positions)
        ]
        numbers = [value for value, _ in parsed]
        key = label.casefold()
        if key in TOTAL_LABELS:
            total = numbers
            excluded.append(RowNote(line, label, "the table's Total: kept out of the areas"))
            continue
        if key in UNKNOWN_LABELS:
            unknown = numbers
            excluded.append(RowNote(line, label, "no known area: kept out of the areas"))
            continue
        labels.append(label)
        lines.append(line)
        grid.append(numbers)
        marks.append([mark for _, mark in parsed])

    values = np.array(grid, dtype="float64").reshape(len(labels), len(periods))
    raw = RawTable(
        file_kind="Stat-Xplore export",
        labels=labels,
        rows=lines,
        periods=periods,
        values={"count": values},
        suppressed=np.array(marks, dtype=bool).reshape(len(labels), len(periods)),
        columns={"count": headings},
        period_status=status,
        excluded=excluded,
        total_check=total_check(values, unknown, total, periods),
        suggested=_suggestions(layout, periods),
    )
    if not layout.column_labels:
        raw.notes.append(
            f"The file has no column header row, so its {len(periods)} value columns are not named. "
            + (
                "They were named from the period labels you gave."
                if period_labels
                else "They are numbered in file order and the last one is taken as the latest: "
                "give the period labels (e.g. 2015-08..2022-12, 2023-11) to name them."
            )
        )
    return raw, layout


def _read_header_block(rows: list[tuple[int, tuple[str, ...]]], layout: StatXploreLayout) -> None:
    in_filters = False
    singles: list[str] = []
    after_header: list[str] = []
    for _, raw_cells in rows:
        cells = _cells(raw_cells)
        if not cells:
            in_filters = False
            continue
        first = cells[0].strip()
        if len(cells) == 1:
            if first == "Stat-Xplore":
                continue
            if first.startswith("Counting:"):
                layout.counting = first.removeprefix("Counting:").strip()
            elif first == "Filters:":
                in_filters = True
            else:
                (after_header if layout.column_field else singles).append(first)
            continue
        if in_filters and len(cells) == 2:
            layout.filters.append((first, cells[1].strip()))
            continue
        in_filters = False
        # The header row: the column field's name, then labels and their annotation twins.
        layout.column_field = first
        layout.column_labels = [c.strip() for c in cells[1:] if not c.strip().endswith(ANNOTATIONS)]
    for text in singles:
        if " by " in text and not layout.dimensions and layout.title:
            layout.dimensions = text
        elif not layout.title:
            layout.title = SYMBOL_MARKS.sub("", text).strip()
        else:
            layout.row_field = text
    if after_header:
        layout.row_field = after_header[-1]


def _read_footer(rows: list[tuple[int, tuple[str, ...]]], layout: StatXploreLayout) -> None:
    in_legend = False
    for _, raw_cells in rows:
        cells = _cells(raw_cells)
        if not cells:
            continue
        first = cells[0].strip()
        if first == "Symbol" and len(cells) > 1 and cells[1].strip() == "Description":
            in_legend = True
        elif first.startswith("Source:"):
            layout.source = first.removeprefix("Source:").strip()
        elif first == "INFO" and len(cells) > 1:
            layout.info.append(cells[1].strip())
        elif in_legend and len(cells) > 1:
            layout.legend[first] = cells[1].strip()


def _value_columns(
    layout: StatXploreLayout, width: int, body: list[tuple[int, tuple[str, ...]]]
) -> tuple[list[int], list[str]]:
    """Positions of value cells in a body row and each one's heading (annotation columns skipped)."""
    if layout.column_labels:
        positions = [1 + 2 * k for k in range(len(layout.column_labels))]
        if positions and positions[-1] >= width + 1:
            raise ImportProblem(
                "layout",
                f"The header names {len(layout.column_labels)} columns but the rows hold fewer values.",
                row=body[0][0],
            )
        return positions, list(layout.column_labels)
    # No header: values and annotations alternate (value, annotation, value, ...).
    n_values = (width - 1 + 1) // 2
    return [1 + 2 * k for k in range(n_values)], [f"value column {k + 1}" for k in range(n_values)]


def _periods(
    layout: StatXploreLayout, headings: list[str], given: list[str] | None, n: int
) -> tuple[list[str], dict[str, str]]:
    if given:
        if len(given) != n:
            raise ImportProblem(
                "periods",
                f"You gave {len(given)} period labels but the file has {n} value columns.",
            )
        return list(given), {}
    if not layout.column_labels:
        return [f"column {k + 1}" for k in range(n)], {}
    periods: list[str] = []
    status: dict[str, str] = {}
    for heading in headings:
        period, mark = parse_period(heading)
        periods.append(period)
        if mark:
            status[period] = mark
    return periods, status


def total_check(
    values: np.ndarray, unknown: list[float] | None, total: list[float] | None, periods: list[str]
) -> str:
    """Does the body (with Unknown) add up to the Total row? Said plainly either way; never fails."""
    if total is None:
        return "The file has no Total row, so the sum was not checked."
    body = np.nansum(values, axis=0) + (np.nan_to_num(np.array(unknown)) if unknown else 0)
    totals = np.array(total, dtype="float64")
    difference = totals - body
    relative = np.abs(difference) / np.where(totals == 0, 1, np.abs(totals))
    if np.all(difference == 0):
        return f"The areas and Unknown add up exactly to the Total in all {len(periods)} period(s)."
    if np.all(relative <= 0.01):
        return (
            f"The areas and Unknown add up to the Total within 1 % in all {len(periods)} period(s) "
            "(Stat-Xplore's disclosure control perturbs small counts)."
        )
    last = -1
    return (
        f"The areas and Unknown do not add up to the Total: in {periods[last]} they sum to "
        f"{body[last]:,.0f} against a Total of {totals[last]:,.0f} (difference {difference[last]:,.0f}). "
        "This is expected when the file was cut to some areas (the Total is for the whole query, "
        "e.g. Great Britain); the Total row was not used."
    )


TIME_FIELDS = re.compile(r"\b(month|quarter|year|financial year|date|period)\b", re.IGNORECASE)
DATED_PHRASE = re.compile(
    r"\b((?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*[\s\-]+\d{4}|\d{4}/\d{2})\b",
    re.IGNORECASE,
)


def title_block_date(layout: StatXploreLayout) -> str:
    """The period the title block names, where it names one: a time filter ("Month", "November
    2023"), else a month or financial year in the title itself. "" when the block names none."""
    for name, value in layout.filters:
        if TIME_FIELDS.search(name) and value.strip():
            return value.strip()
    for text in (layout.title, layout.dimensions):
        found = DATED_PHRASE.search(text or "")
        if found:
            return found.group(1)
    return ""


def _suggestions(layout: StatXploreLayout, periods: list[str]) -> dict[str, str]:
    title = layout.title or layout.counting
    if layout.column_labels:
        date = f"{periods[0]} to {periods[-1]}" if len(periods) > 1 else periods[0]
    else:
        date = title_block_date(layout)
    return {
        "title": title,
        "source": (
            f"{layout.source}, Stat-Xplore: {title}"
            if layout.source
            else f"DWP Stat-Xplore: {title}"
        )
        if title
        else "",
        "date": date,
        # What is counted ("Counting: ESA claimants"); the table's title is not a unit.
        "unit": layout.counting or "count",
    }
