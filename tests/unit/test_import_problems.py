"""Files that must be refused, each with a specific message naming the row, and files that import
with their problems reported rather than failing."""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import Workbook

from geodata.imports import ColumnRoles, ImportOptions, Metadata, import_file, inspect_file
from geodata.imports.errors import ImportProblem
from geodata.imports.reference import reference_for
from geodata.imports.safety import MAX_UPLOAD_BYTES, neutralise_cell

META = Metadata(title="Claimants", source="Nomis", date="October 2023")
# Four real City Region LSOA 2021 codes (Knowsley 006A–D).
CODES = ["E01006412", "E01006413", "E01006414", "E01006415"]


@pytest.fixture(scope="module")
def reference(bundle):
    return reference_for(bundle)


def csv_bytes(*lines: str, encoding: str = "utf-8") -> bytes:
    return ("\n".join(lines) + "\n").encode(encoding)


def good_lines() -> list[str]:
    return ["lsoa_code,claimants,population"] + [
        f"{c},{10 + i},{100 + i}" for i, c in enumerate(CODES)
    ]


def refused(reference, data: bytes, filename: str = "data.csv", **options) -> ImportProblem:
    with pytest.raises(ImportProblem) as caught:
        import_file(data, filename, META, reference, ImportOptions(**options))
    return caught.value


def test_a_good_file_imports(reference):
    dataset = import_file(csv_bytes(*good_lines()), "data.csv", META, reference)
    assert dataset.area_set == "lsoa2021"
    assert dataset.value_kind == "ratio"
    assert dataset.roles == {"code": "lsoa_code", "count": "claimants", "denominator": "population"}
    assert dataset.report.matched == 4


def test_wrong_encoding(reference):
    lines = good_lines()
    lines[2] = lines[2] + ",Café £"
    lines[0] += ",note"
    problem = refused(reference, csv_bytes(*lines, encoding="cp1252"))
    assert problem.kind == "encoding" and problem.row == 3
    assert "not UTF-8" in problem.message and "CSV UTF-8" in problem.message


def test_utf16_is_named(reference):
    problem = refused(reference, "\n".join(good_lines()).encode("utf-16"))
    assert problem.kind == "encoding" and "UTF-16" in problem.message


def test_no_header(reference):
    problem = refused(reference, csv_bytes(*good_lines()[1:]))
    assert problem.kind == "no_header" and problem.row == 1
    assert "E01006412" in problem.message and "column headings" in problem.message


def test_duplicated_codes(reference):
    lines = [*good_lines(), f"{CODES[1]},5,50"]
    problem = refused(reference, csv_bytes(*lines))
    assert problem.kind == "duplicate" and problem.row == 6
    assert "rows 3 and 6" in problem.message and CODES[1] in problem.message


def test_codes_outside_the_city_region_are_reported_not_fatal(reference):
    lines = [*good_lines(), "E01000001,3,30", "E01033333,4,40"]  # City of London, Manchester
    dataset = import_file(csv_bytes(*lines), "data.csv", META, reference)
    assert dataset.report.n_outside == 2
    assert [(n.row, n.label) for n in dataset.report.outside] == [
        (6, "E01000001"),
        (7, "E01033333"),
    ]
    assert "2 outside the City Region left out" in dataset.report.summary()


def test_only_codes_outside_the_city_region(reference):
    problem = refused(reference, csv_bytes("lsoa_code,claimants", "E01000001,3", "E01000002,4"))
    assert problem.kind == "outside" and "None of the 2 area codes" in problem.message


def test_negative_counts(reference):
    lines = good_lines()
    lines[3] = f"{CODES[2]},-4,102"
    problem = refused(reference, csv_bytes(*lines))
    assert problem.kind == "negative" and problem.row == 4 and problem.column == "claimants"
    assert "cannot be negative" in problem.message


def test_formulas_are_text_never_run(reference):
    lines = good_lines()
    lines[2] = f'{CODES[1]},"=SUM(B2:B3)",101'
    problem = refused(reference, csv_bytes(*lines))
    assert problem.kind == "formula" and problem.row == 3 and problem.column == "claimants"
    assert "never run" in problem.message
    assert neutralise_cell('=HYPERLINK("x")') == '\'=HYPERLINK("x")'
    assert neutralise_cell("@SUM(A1)") == "'@SUM(A1)"
    assert neutralise_cell("-12.5") == "-12.5" and neutralise_cell(3) == 3


def test_formulas_in_a_workbook_are_not_evaluated(reference):
    book = Workbook()
    sheet = book.active
    sheet.append(["lsoa_code", "claimants", "population"])
    for i, code in enumerate(CODES):
        sheet.append([code, 10 + i, 100 + i])
    sheet["B3"] = "=B2*1000"
    buffer = io.BytesIO()
    book.save(buffer)
    problem = refused(reference, buffer.getvalue(), "data.xlsx")
    assert problem.kind == "formula" and problem.row == 3 and "=B2*1000" in problem.message


def test_a_real_workbook_imports(reference):
    book = Workbook()
    sheet = book.active
    sheet.append(["Title: my claimant extract"])
    sheet.append(["lsoa_code", "claimants", "population"])
    for i, code in enumerate(CODES):
        sheet.append([code, 10 + i, 100 + i])
    buffer = io.BytesIO()
    book.save(buffer)
    preview = inspect_file(buffer.getvalue(), "data.xlsx")
    assert preview.file_kind == "Excel workbook" and preview.guessed.count == "claimants"
    dataset = import_file(buffer.getvalue(), "data.xlsx", META, reference)
    assert dataset.report.matched == 4 and any("title block" in n for n in dataset.report.notes)


def test_oversize_file_is_refused_before_parsing(reference):
    problem = refused(reference, b"x" * (MAX_UPLOAD_BYTES + 1))
    assert problem.kind == "too_large" and "limit is 10.0 MB" in problem.message


def test_html_renamed_csv(reference):
    page = b"<!DOCTYPE html>\n<html><head><title>Stat-Xplore</title></head><body></body></html>"
    problem = refused(reference, page)
    assert problem.kind == "html" and "web page" in problem.message


def test_zip_renamed_csv_and_fake_xlsx(reference):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert refused(reference, buffer.getvalue(), "data.csv").kind == "wrong_type"
    assert refused(reference, buffer.getvalue(), "data.xlsx").kind == "wrong_type"
    assert refused(reference, csv_bytes(*good_lines()), "data.xlsx").kind == "wrong_type"
    assert refused(reference, csv_bytes(*good_lines()), "data.exe").kind == "wrong_type"


def test_text_in_a_number_column_names_row_and_column(reference):
    lines = good_lines()
    lines[4] = f"{CODES[3]},about ten,103"
    problem = refused(reference, csv_bytes(*lines))
    assert problem.kind == "not_a_number" and problem.row == 5 and problem.column == "claimants"


def test_missing_metadata_is_asked_for(reference):
    with pytest.raises(ImportProblem, match="source"):
        import_file(csv_bytes(*good_lines()), "d.csv", Metadata("t", "", "2023"), reference)


def test_roles_chosen_by_the_user(reference):
    roles = ColumnRoles(code="lsoa_code", count="population")
    dataset = import_file(
        csv_bytes(*good_lines()), "d.csv", META, reference, ImportOptions(roles=roles)
    )
    assert dataset.value_kind == "count"
    assert dataset.at().loc[CODES[0], "count"] == 100
    problem = refused(reference, csv_bytes(*good_lines()), roles=ColumnRoles(code="lsoa_code"))
    assert problem.kind == "roles"


@pytest.mark.parametrize(
    ("rows", "row", "hint"),
    [
        ([(1, ("E01000001", "12", "30"))], 1, "e.g. “lsoa_code, claimants, population”."),
        ([(1, ("1", "2", "3")), (2, ("E01000001", "5", "6"))], 1, "naming each column."),
    ],
)
def test_a_heading_row_of_data_is_refused_quoting_its_first_cells(rows, row, hint):
    from geodata.imports.generic import inspect

    with pytest.raises(ImportProblem) as problem:
        inspect(rows)
    assert problem.value.kind == "no_header" and problem.value.row == row
    first = rows[0][1]
    assert f"The first row holds data (“{first[0]}”, “{first[1]}”, “{first[2]}”)" in str(
        problem.value
    )
    assert problem.value.hint.endswith(hint)
