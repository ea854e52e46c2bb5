"""The Map's table as a CSV, exactly as the reader has it on screen: the rows in the grid's current
order and filter (AG Grid's ``virtualRowData``), the columns it shows, and the source and date
line above them, so every number leaves with where it came from."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from typing import Any

from dashboard.exports.sanitise import neutralise, neutralise_row


def table_csv(
    rows: Sequence[Mapping[str, Any]] | None,
    columns: Sequence[Mapping[str, Any]] | None,
    note: str,
) -> str:
    """``note`` (the table's own note: what the areas are, the source and date), a blank line, then
    one header and one line per row in the order given. A missing value is an empty cell."""
    fields = [c for c in columns or [] if isinstance(c, Mapping) and c.get("field")]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([neutralise(note)])
    writer.writerow([])
    writer.writerow(neutralise_row([str(c.get("headerName") or c["field"]) for c in fields]))
    for row in rows or []:
        writer.writerow(neutralise_row([_cell(row.get(c["field"])) for c in fields]))
    return out.getvalue()


def _cell(value: Any) -> Any:
    return "" if value is None else value


def file_name(note: str) -> str:
    """``map-table_<level>.csv`` from the note's first words ("159 Ward (May 2025) areas ...")."""
    match = re.match(r"[\d,]+ (.+?) areas", note or "")
    level = re.sub(r"[^a-z0-9]+", "-", (match.group(1) if match else "areas").lower()).strip("-")
    return f"map-table_{level}.csv"
