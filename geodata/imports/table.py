"""The one table reader for every uploaded file: imports (``geodata.imports``) and caseloads
(``geodata.caseload``) read their rows here, under one set of rules.

- **Encodings**: CSV text is UTF-8 (a byte-order mark is fine); anything else is refused with the
  place it went wrong (``decode_text``).
- **Separators**: commas, or tabs when the first line has tabs and no comma. Quoted cells follow the
  CSV rules. A trailing separator (Stat-Xplore, and Excel's "CSV" of a ragged range, end rows with one)
  adds an empty cell, never a column: rows are cut to the headings' width where the cells beyond are
  empty, and padded where short.
- **Headings**: blank headings are named ``column k``; a repeated heading gets a number
  (``Postcode``, ``Postcode (2)``), so no two columns share a name; empty trailing columns are
  dropped.
- **Formulas** (workbooks): never run, and never read as the value Excel last saved (which the file
  could state to be anything): a formula cell is read as its text, ``=…``, which the importers report
  and the exports neutralise.
- **Workbooks** are read with calamine (fast), the formula cells found in the sheet's XML.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Sequence
from xml.etree import ElementTree

from geodata.imports.errors import ImportProblem
from geodata.imports.safety import FileKind, decode_text, sniff

Rows = list[tuple[int, tuple[str, ...]]]  # (1-based file row, cells as text)

_NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
# A formula (its text; none for a shared formula's copies), and the reference of the cell it is in.
_FORMULA = re.compile(rb"<f\b[^>]*?(?:/>|>(.*?)</f>)", re.DOTALL)
_REFERENCE = re.compile(rb'\br="([A-Z]+)(\d+)"')


def read_rows(data: bytes, filename: str, sheet: str | None = None) -> tuple[FileKind, Rows]:
    """The file's rows as text cells, with the kind of file it is."""
    kind = sniff(data, filename)
    if kind == "csv":
        return kind, csv_rows(decode_text(data))
    return kind, xlsx_rows(data, sheet)


def csv_rows(text: str) -> Rows:
    first = next((line for line in text.splitlines() if line.strip()), "")
    if "\t" in first and "," not in first:
        reader = csv.reader(io.StringIO(text), delimiter="\t")
        rows, line = [], 1
        try:
            for cells in reader:
                rows.append((line, tuple(cells)))
                line = reader.line_num + 1
        except csv.Error as exc:
            raise ImportProblem("csv", f"The file cannot be read ({exc}).", row=line) from exc
        return rows
    from geodata.imports.statxplore import read_rows as comma_rows

    return comma_rows(text)


def xlsx_rows(data: bytes, sheet: str | None = None) -> Rows:
    """A sheet's cells as text (the first, or the one named); formula cells as their text."""
    from python_calamine import CalamineError, CalamineWorkbook

    from geodata.imports.generic import cell_text

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = list(book.sheet_names)
        if sheet and sheet not in names:
            raise ImportProblem(
                "sheet", f"The workbook has no sheet “{sheet}” (it has: {', '.join(names)})."
            )
        index = names.index(sheet) if sheet else 0
        found = book.get_sheet_by_index(index)
        values = found.to_python(skip_empty_area=False)
    except (CalamineError, ValueError, KeyError, IndexError) as exc:
        raise ImportProblem("wrong_type", f"The workbook cannot be read ({exc}).") from exc
    formulas = _formulas(data, index)
    rows: Rows = []
    for number, row in enumerate(values, start=1):
        cells = [value if type(value) is str else cell_text(value) for value in row]
        for column, text in formulas.get(number, {}).items():
            if column >= len(cells):
                cells.extend([""] * (column + 1 - len(cells)))
            cells[column] = text
        rows.append((number, tuple(cells)))
    for number in sorted(n for n in formulas if n > len(values)):
        width = max(formulas[number]) + 1
        cells = [""] * width
        for column, text in formulas[number].items():
            cells[column] = text
        rows.append((number, tuple(cells)))
    return rows


def _column_index(letters: bytes) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + (letter - 64)
    return index - 1


def _formulas(data: bytes, sheet_index: int) -> dict[int, dict[int, str]]:
    """Row -> column -> "=formula" for every formula cell of the sheet (a shared formula's copies,
    which hold no text of their own, as "=(formula)")."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
            rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
            sheets = workbook.findall("m:sheets/m:sheet", _NS)
            rid = sheets[sheet_index].get(f"{{{_NS['r']}}}id")
            target = next(r.get("Target", "") for r in rels.findall("rel:Relationship", _NS)
                          if r.get("Id") == rid)  # fmt: skip
            path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            xml = archive.read(path)
    except (KeyError, IndexError, StopIteration, zipfile.BadZipFile, ElementTree.ParseError):
        return {}
    out: dict[int, dict[int, str]] = {}
    if b"<f" not in xml:  # most sheets hold no formula: no need to look cell by cell
        return out
    for found in _FORMULA.finditer(xml):
        # The cell holding it starts at the last "<c " before it (one scan, then a step back per
        # formula: a sheet of values costs nothing more).
        cell = xml.rfind(b"<c ", 0, found.start())
        reference = _REFERENCE.search(xml, cell, found.start()) if cell >= 0 else None
        if reference is None:
            continue
        text = found.group(1)
        formula = _unescape(text.decode("utf-8", "replace")) if text else "(formula)"
        out.setdefault(int(reference.group(2)), {})[_column_index(reference.group(1))] = (
            "=" + formula
        )
    return out


def _unescape(text: str) -> str:
    return (
        text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
        .replace("&apos;", "'").replace("&amp;", "&")
    )  # fmt: skip


def headings(cells: Sequence[str]) -> list[str]:
    """Column names from a heading row: blanks named by position, repeats numbered, empty trailing
    columns dropped."""
    out: list[str] = []
    taken: set[str] = set()
    for k, cell in enumerate(cells):
        name = cell.strip() or f"column {k + 1}"
        base, n = name, 2
        while name in taken:
            name, n = f"{base} ({n})", n + 1
        out.append(name)
        taken.add(name)
    while (
        out and out[-1].startswith("column ") and all(not c.strip() for c in cells[len(out) - 1 :])
    ):
        out.pop()
    return out


def fit(cells: tuple[str, ...], width: int) -> tuple[str, ...]:
    """A row cut or padded to ``width`` cells (what is cut is empty: a trailing separator)."""
    if len(cells) == width:
        return cells
    if len(cells) < width:
        return (*cells, *[""] * (width - len(cells)))
    return cells[:width]


def headed(rows: Rows) -> tuple[list[str], Rows]:
    """The first non-empty row as headings, and every later non-empty row fitted to them."""
    filled = [(n, cells) for n, cells in rows if "".join(cells).strip()]
    if not filled:
        raise ImportProblem("empty", "The file has no rows.")
    names = headings(filled[0][1])
    width = len(names)
    return names, [(n, fit(cells, width)) for n, cells in filled[1:]]
