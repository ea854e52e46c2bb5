"""The importer's fast paths give exactly what the plain, cell-by-cell reading gives."""

from __future__ import annotations

import csv
import io
import re

from hypothesis import given
from hypothesis import strategies as st

from geodata.imports.cells import SUPPRESSED
from geodata.imports.generic import _column_facts
from geodata.imports.reference import GSS_CODE
from geodata.imports.statxplore import _split_plain, read_rows

PIECES = st.sampled_from(
    [
        "a",
        "1",
        "12",
        ",",
        " ",
        "\n",
        "\r\n",
        "\r",
        '"',
        "\t",
        "..",
        "E01000001",
        "\x0b",
        "\u2028",
        "",
    ]
)
CELLS = st.sampled_from(
    ["", " ", "12", "1,234", "0.5", "-3", "12%", "..", "c", "x", "E01000001", " E02000002 ", "abc",
     "٣", "²", "1e3", "+4", "12 "]
)  # fmt: skip


def csv_rows(text: str) -> list[tuple[int, tuple[str, ...]]] | str:
    reader = csv.reader(io.StringIO(text))
    rows, line = [], 1
    try:
        for cells in reader:
            rows.append((line, tuple(cells)))
            line = reader.line_num + 1
    except csv.Error:
        return "error"
    return rows


@given(st.lists(PIECES, max_size=20).map("".join))
def test_plain_split_matches_the_csv_module(text: str) -> None:
    fast = _split_plain(text)
    if fast is not None:
        assert fast == csv_rows(text)
    expected = csv_rows(text)
    if expected != "error":
        assert read_rows(text) == expected


@given(st.lists(CELLS, max_size=12))
def test_column_facts_match_a_cell_by_cell_count(column: list[str]) -> None:
    filled = [v.strip() for v in column if v.strip()]
    numbers = sum(
        1 for v in filled if re.match(r"^[+-]?[\d,]*\.?\d+%?$", v) or v.lower() in SUPPRESSED
    )
    codes = sum(1 for v in filled if GSS_CODE.match(v))
    assert _column_facts(tuple(column)) == (
        bool(filled) and numbers * 2 > len(filled),
        codes / max(len(filled), 1),
    )
