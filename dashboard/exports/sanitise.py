"""Spreadsheet formula injection: a text cell that begins with = + - @ tab or carriage return can be run
as a formula by Excel, LibreOffice or Sheets. Such cells get a leading apostrophe, which spreadsheets
show as text and which a reader can strip. Numbers stay numbers (a negative z-score is not a formula)."""

from __future__ import annotations

from typing import Any

DANGEROUS_FIRST = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(DANGEROUS_FIRST):
        return "'" + value
    return value


def neutralise_row(values: list[Any]) -> list[Any]:
    return [neutralise(v) for v in values]
