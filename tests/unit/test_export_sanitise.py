"""Formula injection: text cells starting with = + - @ tab or CR are neutralised in CSV and Excel."""

from __future__ import annotations

import csv
import io

import openpyxl
import pandas as pd
import pytest

from dashboard.exports.sanitise import neutralise
from dashboard.exports.table import ExportTable
from dashboard.exports.writers import to_csv, to_xlsx

EVIL = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]


def table() -> ExportTable:
    rows = pd.DataFrame(
        {
            "Area code": [f"E0100000{i}" for i in range(len(EVIL))],
            "Area name": EVIL,
            "=Header": ["ok"] * len(EVIL),
            "Score": [-1.5, 2.0, None, 0.0, 3.0, -0.25],
        }
    )
    return ExportTable(
        rows=rows,
        zones=pd.DataFrame({"Zone": [1], "Main wards": ["-Ward"]}),
        settings=(("Notes", "=cmd|' /C calc'!A0"), ("Rule: boroughs", "all six")),
        file_stem="test",
    )


@pytest.mark.parametrize("text", EVIL)
def test_each_dangerous_first_character_is_neutralised(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["Liverpool 001A", "", "a=b", 3, -2.5, None])
def test_safe_values_pass_unchanged(value):
    assert neutralise(value) == value


def read_csv_cells(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def test_csv_neutralises_names_values_headers_and_settings():
    rows = read_csv_cells(to_csv(table()))
    settings = [r for r in rows if r and r[0].startswith("#")]
    assert settings[0][1].startswith("'=")
    header_at = next(i for i, r in enumerate(rows) if r and r[0] == "Area code")
    assert rows[header_at][2] == "'=Header"
    names = [r[1] for r in rows[header_at + 1 :]]
    assert names == ["'" + e for e in EVIL]
    for row in rows[header_at + 1 :]:
        for value in row:
            assert not value.startswith(("=", "+", "@", "\t", "\r")) or value == ""


def test_csv_keeps_negative_numbers_as_numbers_and_missing_as_empty():
    rows = read_csv_cells(to_csv(table()))
    header_at = next(i for i, r in enumerate(rows) if r and r[0] == "Area code")
    scores = [r[3] for r in rows[header_at + 1 :]]
    assert scores == ["-1.5", "2.0", "", "0.0", "3.0", "-0.25"]


def test_excel_stores_every_dangerous_text_as_text_never_a_formula():
    workbook = openpyxl.load_workbook(io.BytesIO(to_xlsx(table())))
    assert workbook.sheetnames == ["Targets", "Zones", "Settings and sources"]
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r"))
    data = workbook["Targets"]
    # XML reading turns a stored CR into LF; what matters is the leading apostrophe.
    assert [c.value for c in data["B"]][1:] == ["'" + e.replace("\r", "\n") for e in EVIL]
    assert data["C1"].value == "'=Header"
    assert data["D2"].value == -1.5 and data["D4"].value is None
    assert workbook["Zones"]["B2"].value == "'-Ward"
    assert workbook["Settings and sources"]["B2"].value.startswith("'=cmd")
