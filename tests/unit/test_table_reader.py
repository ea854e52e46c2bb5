"""One table reader for caseloads and imports (issue 21 item 8): the same rules for headings,
formulas, encodings and trailing separators, whichever path reads the file, CSV or workbook."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from geodata.caseload import read_caseload, table_from_bytes
from geodata.imports import ImportProblem, generic
from geodata.imports.table import read_rows
from tests.unit.test_postcodes import tiny_index

# Cell text a person types: letters, digits, spaces and the punctuation CSV and Excel treat
# specially (separators, quotes, formula starts). No control characters (a workbook cannot hold
# them) and no leading or trailing space (Excel keeps it, a CSV editor may not).
TEXT = (
    st.text(alphabet="abcXYZ019 ,;\"'=+-@.£é", min_size=1, max_size=12).map(str.strip).filter(bool)
)
HEADING = st.sampled_from(["Postcode", "Name", "Date", "Outcome", "Notes", "Area"])


@st.composite
def tables(draw):
    headings = draw(st.lists(HEADING, min_size=1, max_size=5))
    width = len(headings)
    rows = draw(st.lists(st.lists(TEXT, min_size=width, max_size=width), min_size=1, max_size=8))
    return headings, rows


def as_csv(headings, rows, trailing: bool, crlf: bool, bom: bool, trailing_header: bool) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n" if crlf else "\n")
    writer.writerow([*headings, *([""] if trailing_header else [])])
    for row in rows:
        writer.writerow([*row, *([""] if trailing else [])])
    return ("\ufeff" if bom else "").encode() + out.getvalue().encode("utf-8")


def as_xlsx(headings, rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(headings)
    for row in rows:
        sheet.append(row)  # text starting "=" is stored as a formula: it must come back as text
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def unique_names(headings):
    """Repeated headings numbered: Postcode, Postcode (2), …"""
    out, seen = [], {}
    for name in headings:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return out


def check_both_paths(data: bytes, filename: str, headings, rows) -> None:
    names = unique_names(headings)
    # The caseload path: a frame with one column per heading, every cell as written.
    frame = table_from_bytes(data, filename)
    assert list(frame.columns) == names
    assert frame.to_numpy().tolist() == rows
    # The import path: the same headings and cells.
    kind, read = read_rows(data, filename)
    info = generic.inspect(read)
    assert info.headers == names
    assert [list(cells) for _, cells in info.data] == rows
    assert kind == ("xlsx" if filename.endswith(".xlsx") else "csv")


@settings(max_examples=60, deadline=None)
@given(tables(), st.booleans(), st.booleans(), st.booleans(), st.booleans())
def test_a_csv_reads_the_same_through_both_paths(table, trailing, crlf, bom, trailing_header):
    headings, rows = table
    data = as_csv(headings, rows, trailing, crlf, bom, trailing_header)
    check_both_paths(data, "table.csv", headings, rows)


@settings(max_examples=25, deadline=None)
@given(tables())
def test_a_workbook_reads_the_same_through_both_paths_formulas_as_text(table):
    headings, rows = table
    check_both_paths(as_xlsx(headings, rows), "table.xlsx", headings, rows)


@settings(max_examples=25, deadline=None)
@given(tables())
def test_a_workbook_and_its_csv_give_the_same_table(table):
    headings, rows = table
    from_csv = table_from_bytes(as_csv(headings, rows, True, False, False, False), "t.csv")
    from_xlsx = table_from_bytes(as_xlsx(headings, rows), "t.xlsx")
    assert from_csv.equals(from_xlsx)


def test_a_file_that_is_not_utf8_is_refused_the_same_way_on_both_paths():
    data = "Postcode,Name\nL32 1AB,Zoë\n".encode("cp1252")
    for read in (lambda: table_from_bytes(data, "c.csv"), lambda: read_rows(data, "c.csv")):
        with pytest.raises(ImportProblem) as caught:
            read()
        assert caught.value.kind == "encoding" and caught.value.row == 2


# The two ordinary caseloads that got a false "No row holds a postcode of the City Region".


def test_rows_ending_in_a_comma_are_read_as_written():
    """pandas made the first column the index when rows had one more field than the heading."""
    text = "Client,Postcode,Outcome\nAnn,L32 1AB,engaged,\nBob,CH25 9AA,into work,\nCy,WA8 8ZZ,engaged,\n"
    reading = read_caseload(text.encode(), "c.csv", tiny_index())
    assert reading.caseload.n_matched == 3 and reading.columns["postcode"] == "Postcode"
    assert set(reading.caseload.outcomes) == {"engaged", "into work"}


def test_a_sheet_with_two_postcode_columns_uses_the_one_that_holds_postcodes():
    book = Workbook()
    sheet = book.active
    sheet.append(["Name", "Postcode", "Postcode", "Outcome"])
    for name, old, new in (
        ("Ann", "", "L32 1AB"),
        ("Bob", "n/a", "CH25 9AA"),
        ("Cy", "", "WA8 8ZZ"),
    ):
        sheet.append([name, old, new, "engaged"])
    buffer = io.BytesIO()
    book.save(buffer)
    reading = read_caseload(buffer.getvalue(), "c.xlsx", tiny_index())
    assert reading.caseload.n_matched == 3
    assert reading.columns["postcode"] == "Postcode (2)"
