"""Any CSV or Excel table with a column of GSS codes (or ONS names) and numeric columns.

The user says which column holds the areas and which numeric column is a count, a denominator or a
rate (and, for long tables, which holds the period). The reader guesses each role from the headings
so the usual case is one click; every guess can be changed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from geodata.imports import conditions, table
from geodata.imports.assemble import RawTable
from geodata.imports.cells import SUPPRESSED, parse_cell
from geodata.imports.errors import ImportProblem
from geodata.imports.periods import parse_period
from geodata.imports.reference import GSS_CODE

ROLES = ("code", "count", "denominator", "rate", "period")
RATE_WORDS = re.compile(r"rate|%|percent|per cent|share|proportion|ratio|per 1,?000", re.IGNORECASE)
DENOMINATOR_WORDS = re.compile(
    r"denominator|population|residents|households total|total households|base|aged 16|16-64|16 to 64",
    re.IGNORECASE,
)
PERIOD_WORDS = re.compile(r"^(date|month|year|period|quarter|time|financial year)$", re.IGNORECASE)
NUMERIC_CELL = re.compile(r"^[+-]?[\d,]*\.?\d+%?$")
CODE_WORDS = re.compile(r"code|gss|lsoa|msoa|ward|geography|area|la\b|lad", re.IGNORECASE)


@dataclass(frozen=True)
class ColumnRoles:
    code: str
    count: str | None = None
    denominator: str | None = None
    rate: str | None = None
    period: str | None = None

    def used(self) -> dict[str, str]:
        return {role: getattr(self, role) for role in ROLES if getattr(self, role)}


@dataclass
class TableInfo:
    header_row: int  # 1-based file row of the headings
    headers: list[str]
    data: list[tuple[int, tuple[str, ...]]]  # (file row, cells) under the headings
    numeric: list[str] = field(default_factory=list)
    guessed: ColumnRoles | None = None
    notes: list[str] = field(default_factory=list)


def rows_from_csv(text: str) -> list[tuple[int, tuple[str, ...]]]:
    return table.csv_rows(text)


def rows_from_xlsx(data: bytes, sheet: str | None = None) -> list[tuple[int, tuple[str, ...]]]:
    """Cells as text; formulas stay as their text (never evaluated): ``geodata.imports.table``."""
    return table.xlsx_rows(data, sheet)


def cell_text(value: object) -> str:
    """A cell as the text a CSV would hold: whole numbers without .0, dates as ISO (months for
    date-times, the way period columns are written)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%Y-%m") if isinstance(value, dt.datetime) else value.isoformat()
    return str(value)


def inspect(rows: list[tuple[int, tuple[str, ...]]]) -> TableInfo:
    """Find the heading row, the numeric columns and a first guess at every role."""
    rows = [(n, cells) for n, cells in rows if "".join(cells).strip()]
    if not rows:
        raise ImportProblem("empty", "The file has no rows.")
    first_code_row = next(
        (i for i, (_, cells) in enumerate(rows) if any(GSS_CODE.match(c.strip()) for c in cells)),
        None,
    )
    if first_code_row == 0:
        number, cells = rows[0]
        raise _data_not_headings(
            cells, number,
            "Add a first row naming each column, e.g. “lsoa_code, claimants, population”.",
        )  # fmt: skip
    header_at = first_code_row - 1 if first_code_row is not None else 0
    header_row, header_cells = rows[header_at]
    headers = table.headings(header_cells)
    if _looks_like_data(header_cells):
        raise _data_not_headings(header_cells, header_row, "Add a first row naming each column.")
    width = len(headers)
    data = [(n, table.fit(cells, width)) for n, cells in rows[header_at + 1 :]]
    info = TableInfo(header_row=header_row, headers=headers, data=data)
    if header_at > 0:
        info.notes.append(f"{header_at} line(s) above the headings (a title block) were skipped.")
    columns = zip(*(cells for _, cells in data), strict=True) if data else ((),) * width
    facts = [_column_facts(column) for column in columns]
    info.numeric = [h for h, (numeric, _) in zip(headers, facts, strict=True) if numeric]
    info.guessed = _guess(headers, [share for _, share in facts], info.numeric)
    return info


def _data_not_headings(cells: Sequence[str], row: int, hint: str) -> ImportProblem:
    """The problem of a file whose heading row (``row``) holds data, quoting its first cells."""
    shown = ", ".join(f"“{c}”" for c in cells[:3])
    return ImportProblem(
        "no_header", f"The first row holds data ({shown}), not column headings.", row=row, hint=hint
    )


def _looks_like_data(cells: Sequence[str]) -> bool:
    filled = [c.strip() for c in cells if c.strip()]
    numbers = sum(1 for c in filled if re.match(r"^-?[\d,]*\.?\d+$", c))
    return bool(filled) and numbers * 2 > len(filled)


def _column_facts(column: Sequence[str]) -> tuple[bool, float]:
    """(do most filled cells hold a number or a suppression marker?, the share of filled cells
    that are GSS codes)."""
    if all(column) and "".join(column).isdecimal():
        # Every cell is a whole number written in digits (the usual column, read at C speed):
        # each matches NUMERIC_CELL and none is a code. isdecimal() is exactly regex's \d.
        return bool(column), 0.0
    # Otherwise each distinct text is tested once: a column repeats far fewer texts than cells.
    filled = numbers = codes = 0
    for value, n in Counter(column).items():
        text = value.strip()
        if not text:
            continue
        filled += n
        if NUMERIC_CELL.match(text) or text.lower() in SUPPRESSED:
            numbers += n
        elif GSS_CODE.match(text):
            codes += n
    # A stray text cell in a numeric column is named when the column is read, not hidden here.
    return numbers * 2 > filled, codes / max(filled, 1)


def _guess(headers: list[str], scores: list[float], numeric: list[str]) -> ColumnRoles:
    code = (
        headers[scores.index(max(scores))]
        if max(scores, default=0) > 0
        else next((h for h in headers if CODE_WORDS.search(h) and h not in numeric), headers[0])
    )
    from_conditions = conditions.suggest_roles(numeric)
    rate = next((h for h in numeric if RATE_WORDS.search(h)), None)
    denominator = from_conditions.get("denominator") or next(
        (h for h in numeric if DENOMINATOR_WORDS.search(h) and h != rate), None
    )
    count = from_conditions.get("count") or next(
        (h for h in numeric if h not in (rate, denominator)), None
    )
    period = next((h for h in headers if PERIOD_WORDS.match(h.strip()) and h != code), None)
    return ColumnRoles(code=code, count=count, denominator=denominator, rate=rate, period=period)


def parse(info: TableInfo, roles: ColumnRoles, file_kind: str, single_period: str) -> RawTable:
    position = {h: k for k, h in enumerate(info.headers)}
    for role, column in roles.used().items():
        if column not in position:
            raise ImportProblem("roles", f"There is no column “{column}” for the {role}.")
    fields = [f for f in ("count", "denominator", "rate") if getattr(roles, f)]
    if not fields:
        raise ImportProblem(
            "roles", "Choose at least one numeric column as the count, the denominator or the rate."
        )
    if fields == ["denominator"]:
        raise ImportProblem(
            "roles", "A denominator alone shows nothing: choose a count or a rate too."
        )
    chosen = [getattr(roles, f) for f in fields]
    if len(set(chosen)) != len(chosen):
        raise ImportProblem("roles", "One column cannot be two of count, denominator and rate.")

    seen: dict[tuple[str, str], int] = {}  # (area, period) → the file row it came from
    labels: dict[str, int] = {}  # area → the first file row it appears on, in file order
    periods: dict[str, None] = {}  # in order of first appearance
    status: dict[str, str] = {}
    code_at = position[roles.code]
    period_at = position[roles.period] if roles.period else -1
    value_at = [(f, position[getattr(roles, f)], getattr(roles, f)) for f in fields]
    # Per kept row, in file order: its area and period, and each field's (value, suppressed).
    keys: list[tuple[str, str]] = []
    read_cells: dict[str, list[tuple[float, bool]]] = {f: [] for f in fields}
    # A cell's reading depends on its text alone, and a column repeats few texts: read each text
    # once. A text that fails raises at its first row, as reading row by row would.
    read: dict[str, tuple[float, bool]] = {}
    read_period: dict[str, tuple[str, str]] = {}
    for number, cells in info.data:
        label = cells[code_at].strip()
        if not label:
            continue
        period = single_period
        if roles.period:
            text = cells[period_at]
            if text not in read_period:
                read_period[text] = parse_period(text)
            period, mark = read_period[text]
            if not period:
                raise ImportProblem(
                    "periods", "The period is empty.", row=number, column=roles.period
                )
            if mark:
                status[period] = mark
        for f, at, column in value_at:
            text = cells[at]
            cell = read.get(text)
            if cell is None:
                cell = read[text] = parse_cell(text, number, column)
            read_cells[f].append(cell)
        upper = label.upper()
        key = (upper if GSS_CODE.match(upper) else label, period)
        if key in seen:
            raise ImportProblem(
                "duplicate",
                f"“{label}”{f' for {period}' if roles.period else ''} appears twice, on rows "
                f"{seen[key]} and {number}. Each area may appear once"
                f"{' per period' if roles.period else ''}.",
                row=number,
                column=roles.code,
                hint="Remove the repeated row (or choose the period column if the table is long).",
            )
        seen[key] = number
        keys.append(key)
        labels.setdefault(key[0], number)
        periods.setdefault(period)

    label_index = {label: i for i, label in enumerate(labels)}
    period_index = {p: j for j, p in enumerate(periods)}
    at_i = np.fromiter((label_index[label] for label, _ in keys), dtype=np.intp, count=len(keys))
    at_j = np.fromiter((period_index[p] for _, p in keys), dtype=np.intp, count=len(keys))
    values = {f: np.full((len(labels), len(periods)), np.nan) for f in fields}
    suppressed = np.zeros((len(labels), len(periods)), dtype=bool)
    for f, cells_read in read_cells.items():
        if not cells_read:
            continue
        number_read, marked = zip(*cells_read, strict=True)
        values[f][at_i, at_j] = number_read
        if f != "denominator":
            suppressed[at_i, at_j] |= np.array(marked, dtype=bool)
    return RawTable(
        file_kind=file_kind,
        labels=list(labels),
        rows=list(labels.values()),
        periods=list(periods),
        values=values,
        suppressed=suppressed,
        columns={f: [getattr(roles, f)] * len(periods) for f in fields},
        period_status=status,
        notes=list(info.notes),
    )
