"""The Map's table downloads as shown (issue 22, item 13): the rows in the grid's order, its columns,
the source line first, empty cells for missing values and no cell a spreadsheet would run."""

from __future__ import annotations

import csv
import io

from dashboard.mapview.table_export import file_name, table_csv

COLUMNS = [
    {"field": "name", "headerName": "Area"},
    {"field": "value", "headerName": "Out of work (%)"},
    {"field": "rank", "headerName": "Rank (1 = most need)"},
]
NOTE = "159 Ward (May 2025) areas in the City Region; Source: DWP, May 2024."


def test_rows_leave_in_the_order_shown_with_their_source():
    rows = [
        {"name": "B", "value": 30.5, "rank": 1, "hidden": "x"},
        {"name": "=cmd()", "value": None, "rank": 2},
    ]
    lines = list(csv.reader(io.StringIO(table_csv(rows, COLUMNS, NOTE))))
    assert lines[0] == [NOTE] and lines[1] == []
    assert lines[2] == ["Area", "Out of work (%)", "Rank (1 = most need)"]
    assert lines[3] == ["B", "30.5", "1"]
    assert lines[4] == ["'=cmd()", "", "2"]  # a formula stays text; missing stays empty
    assert file_name(NOTE) == "map-table_ward-may-2025.csv"


def test_nothing_shown_gives_the_header_only():
    assert (
        table_csv(None, COLUMNS, "").splitlines()[2] == "Area,Out of work (%),Rank (1 = most need)"
    )
