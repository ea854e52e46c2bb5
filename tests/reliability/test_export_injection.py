"""Formula injection (OWASP "CSV injection") as a property: whatever text goes into an export's names,
values, headers or settings, no CSV cell and no Excel cell can start a formula, and Excel never stores
one. The dangerous first characters are = + - @ tab and carriage return."""

from __future__ import annotations

import csv
import io

import openpyxl
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.exports.table import ExportTable
from dashboard.exports.writers import to_csv, to_xlsx

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
XML_SAFE = st.characters(blacklist_categories=("Cs", "Cc"), whitelist_characters="\t\r\n")
evil_text = st.one_of(
    st.builds(lambda first, rest: first + rest, st.sampled_from(DANGEROUS), st.text(XML_SAFE, max_size=20)),
    st.text(XML_SAFE, max_size=20),
)  # fmt: skip
numbers = st.one_of(st.none(), st.floats(-1e6, 1e6, allow_nan=False))


@st.composite
def tables(draw) -> ExportTable:
    n = draw(st.integers(1, 6))
    names = draw(st.lists(evil_text, min_size=n, max_size=n))
    rows = pd.DataFrame(
        {
            "Area code": [f"E0100{i:04d}" for i in range(n)],
            "Area name": names,
            draw(evil_text) or "h": draw(st.lists(evil_text, min_size=n, max_size=n)),
            "Score": draw(st.lists(numbers, min_size=n, max_size=n)),
        }
    )
    return ExportTable(
        rows=rows,
        zones=pd.DataFrame({"Zone": [1], "Main wards": [draw(evil_text)]}),
        settings=tuple((draw(evil_text) or "k", draw(evil_text)) for _ in range(2)),
        file_stem="property",
    )


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


PROPERTY = settings(max_examples=150, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow])  # fmt: skip


@PROPERTY
@given(table=tables())
def test_no_csv_cell_can_start_a_formula(table):
    body = to_csv(table).decode("utf-8-sig")
    for row in csv.reader(io.StringIO(body, newline="")):
        for cell in row:
            assert not cell.startswith(DANGEROUS) or _is_number(cell), repr(cell)


@PROPERTY
@given(table=tables())
def test_no_excel_cell_is_or_starts_a_formula(table):
    workbook = openpyxl.load_workbook(io.BytesIO(to_xlsx(table)))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    # XML reading turns a stored CR into LF; LF never starts a formula either.
                    assert not cell.value.startswith(DANGEROUS), repr(cell.value)
