"""What a user's file is, judged from its bytes and not its name, before anything parses it.

Nothing in an uploaded file is ever executed or evaluated: spreadsheet formulas stay text, and text
written back out (exports) is neutralised so a spreadsheet will not run it either.
"""

from __future__ import annotations

import io
import zipfile
from typing import Literal

from geodata.imports.errors import ImportProblem

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# A small xlsx can inflate enormously (a "zip bomb"): refuse workbooks whose parts are implausibly big.
MAX_XLSX_UNCOMPRESSED = 100 * 1024 * 1024
XLSX_MAIN_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

FileKind = Literal["csv", "xlsx"]


def human_size(n_bytes: int) -> str:
    return (
        f"{n_bytes / 1024 / 1024:.1f} MB" if n_bytes >= 1024 * 1024 else f"{n_bytes / 1024:.0f} KB"
    )


def check_size(n_bytes: int, limit: int = MAX_UPLOAD_BYTES) -> None:
    if n_bytes > limit:
        raise ImportProblem(
            "too_large",
            f"The file is {human_size(n_bytes)}; the limit is {human_size(limit)}.",
            hint="Cut the export to your region (or fewer periods) in Stat-Xplore or Nomis.",
        )
    if n_bytes == 0:
        raise ImportProblem("empty", "The file is empty.")


def sniff(data: bytes, filename: str) -> FileKind:
    """The file's real type from its content, checked against its name's extension."""
    check_size(len(data))
    name = filename.lower()
    extension = name.rsplit(".", 1)[-1] if "." in name else ""
    if extension in ("xls",) or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportProblem(
            "old_excel",
            "This is an old-style Excel workbook (.xls), which the atlas does not read.",
            hint="Open it in Excel and save it as .xlsx or as CSV UTF-8.",
        )
    if data.startswith(b"PK\x03\x04"):
        if extension != "xlsx":
            raise ImportProblem(
                "wrong_type",
                f"“{filename}” is a zip archive or Excel workbook, not a CSV file.",
                hint="Give an Excel workbook the .xlsx extension, or save the sheet as CSV.",
            )
        _check_xlsx(data, filename)
        return "xlsx"
    if extension == "xlsx":  # checked first: the generic message below would say ".xlsx" is wrong
        raise ImportProblem(
            "wrong_type", f"“{filename}” is named .xlsx but is not an Excel workbook."
        )
    if extension not in ("csv", "txt"):
        raise ImportProblem(
            "wrong_type",
            f"“{filename}” is not a .csv or .xlsx file.",
            hint="Upload a CSV file (Stat-Xplore, Nomis or your own) or an Excel .xlsx workbook.",
        )
    _check_text(data, filename)
    return "csv"


def _check_text(data: bytes, filename: str) -> None:
    head = data[:4096]
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<?xml", b"<head", b"<body", b"<table")):
        raise ImportProblem(
            "html",
            f"“{filename}” is a web page (HTML), not a CSV file — probably a download page saved "
            "instead of the data.",
            hint="In Stat-Xplore choose Download table → CSV, and upload the file it gives you.",
        )
    if data.startswith((b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x7fELF", b"MZ")):
        raise ImportProblem("binary", f"“{filename}” is not a text file (it looks like a binary).")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportProblem(
            "encoding",
            "The file is saved as UTF-16 (Excel's “Unicode Text”), not UTF-8.",
            hint="In Excel choose Save As → “CSV UTF-8 (Comma delimited)” and upload again.",
        )
    if b"\x00" in head:
        raise ImportProblem("binary", f"“{filename}” holds binary data, not CSV text.")


def _check_xlsx(data: bytes, filename: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if sum(info.file_size for info in infos) > MAX_XLSX_UNCOMPRESSED:
                raise ImportProblem(
                    "too_large", "The workbook unpacks to more than 100 MB; the atlas refuses it."
                )
            names = {info.filename for info in infos}
            if "[Content_Types].xml" not in names:
                raise ImportProblem(
                    "wrong_type", f"“{filename}” is a zip archive but not an Excel workbook."
                )
            content_types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
    except zipfile.BadZipFile as exc:
        raise ImportProblem("wrong_type", f"“{filename}” is a damaged workbook ({exc}).") from exc
    if XLSX_MAIN_TYPE not in content_types:
        raise ImportProblem(
            "wrong_type",
            f"“{filename}” is an Office file but not an Excel workbook (.xlsx)"
            + (
                " — macro-enabled workbooks (.xlsm) are refused."
                if "macroEnabled" in content_types
                else "."
            ),
        )


def decode_text(data: bytes) -> str:
    """UTF-8 (a byte-order mark is fine). Anything else is refused with the place it went wrong."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        start = data.rfind(b"\n", 0, exc.start) + 1
        snippet = data[start : exc.start + 12].decode("utf-8", "replace").strip()
        raise ImportProblem(
            "encoding",
            f"The file is not UTF-8 text: byte 0x{data[exc.start]:02X} cannot be read "
            f"(near “{snippet[:40]}”). It was probably saved as Windows/ANSI text.",
            row=line,
            hint="In Excel choose Save As → “CSV UTF-8 (Comma delimited)” and upload again.",
        ) from exc


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_STARTS) and not _is_signed_number(text)


def _is_signed_number(text: str) -> bool:
    try:
        float(text.replace(",", ""))
    except ValueError:
        return False
    return True


def neutralise_cell(value: object) -> object:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe; numbers pass as is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _is_signed_number(value):
        return "'" + value
    return value
