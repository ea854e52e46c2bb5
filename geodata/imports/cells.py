"""One cell to one number: publishers' suppression markers are suppressed (never 0), formulas are
refused as text, anything else that is not a number is named with its row and column."""

from __future__ import annotations

import math
import re

from geodata.imports.errors import ImportProblem
from geodata.imports.safety import looks_like_formula

# ".." is DWP Stat-Xplore's "nil or negligible"; the rest are ONS / Nomis / GSS markers.
SUPPRESSED = frozenset(
    {"..", ".", "*", "-", ":", "~", "c", "x", "z", "[c]", "[x]", "[z]", "[low]", "#"}
)
NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?([eE][+-]?\d+)?$")


def parse_cell(text: str, row: int, column: str) -> tuple[float, bool]:
    """(value, suppressed); an empty cell is (nan, False)."""
    cell = text.strip()
    if not cell:
        return math.nan, False
    if cell.lower() in SUPPRESSED:
        return math.nan, True
    if looks_like_formula(cell):
        raise ImportProblem(
            "formula",
            f"“{cell[:40]}” is a spreadsheet formula, not a number. Formulas are never run.",
            row=row,
            column=column,
            hint="In Excel copy the sheet and Paste Special → Values, then save and upload again.",
        )
    number = cell.removesuffix("%").removeprefix("£").strip()
    if number and NUMBER.match(number) and any(ch.isdigit() for ch in number):
        return float(number.replace(",", "")), False
    raise ImportProblem(
        "not_a_number",
        f"“{cell[:40]}” is not a number.",
        row=row,
        column=column,
        hint="Numeric columns may hold numbers, empty cells or a suppression marker such as “..”.",
    )
