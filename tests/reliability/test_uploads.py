"""Adversarial uploads: hostile file names, disguised and oversized files, zip bombs, formulas.

Each goes through the same pure functions as the Data page's callbacks. While they run, an audit hook
records every file opened for writing, every rename or delete and every process started: an upload
must write nothing outside a private temporary directory (in fact nothing at all), run nothing, and
leave the temporary directory as it found it.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import os
import struct
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from openpyxl import Workbook

from dashboard.dataview import data_upload
from dashboard.dataview.data_upload import ImportForm
from geodata.imports.errors import ImportProblem
from geodata.imports.registry import remove
from geodata.imports.safety import MAX_UPLOAD_BYTES

CODES = ["E01006412", "E01006413", "E01006414", "E01006415"]
GOOD_CSV = ("lsoa_code,claimants,population\n" + "".join(
    f"{c},{10 + i},{100 + i}\n" for i, c in enumerate(CODES)
)).encode()  # fmt: skip
HOSTILE_NAMES = [
    "../../etc/passwd.csv", "..\\..\\x.csv", "/etc/passwd.csv", "C:\\Windows\\win.csv",
    "x.csv\x00.exe", "\x00", "CON.csv", "<script>alert(1)</script>.csv", "a" * 5000 + ".csv",
    "ünïcödé 🗺️.csv", ".csv", "", "x.CSV", "..", "./.bashrc.csv", "x.csv ", "x.csv.",
]  # fmt: skip


# --- the watch: writes, deletes and processes during an upload -----------------------------------

_WATCH: list[list[tuple[str, str]]] = []
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
SPAWNS = ("subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork",
          "pty.spawn", "os.startfile")  # fmt: skip
CHANGES = ("os.rename", "os.replace", "os.remove", "os.unlink", "os.rmdir", "os.mkdir",
           "shutil.rmtree", "shutil.copyfile", "os.symlink", "os.link", "os.truncate")  # fmt: skip


def _audit(event: str, args: tuple) -> None:
    if not _WATCH:
        return
    if event == "open":
        path, mode, flags = args
        writing = (isinstance(mode, str) and any(m in mode for m in "wax+")) or (
            isinstance(flags, int) and flags & WRITE_FLAGS
        )
        if writing and not isinstance(path, int):
            _WATCH[-1].append(("write", str(path)))
    elif event.startswith(SPAWNS):
        _WATCH[-1].append(("spawn", repr(args)[:200]))
    elif event in CHANGES:
        _WATCH[-1].append(("change", repr(args)[:200]))


sys.addaudithook(_audit)


@contextmanager
def watched(tmp_path: Path, monkeypatch) -> Iterator[list[tuple[str, str]]]:
    """Record side effects; the temporary directory is a private one, checked empty afterwards."""
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(private_tmp))
    for name in ("TMPDIR", "TEMP", "TMP"):
        monkeypatch.setenv(name, str(private_tmp))
    events: list[tuple[str, str]] = []
    _WATCH.append(events)
    try:
        yield events
    finally:
        _WATCH.pop()
    assert list(private_tmp.iterdir()) == []


def as_upload(data: bytes, mime: str = "text/csv") -> str:
    return f"data:{mime};base64," + base64.b64encode(data).decode()


def form(**overrides) -> ImportForm:
    return ImportForm(**({"title": "Claimants", "source": "Nomis", "date": "Oct 2023"} | overrides))


def upload(filename: str, data: bytes | str, bundle, store=None, **form_values):
    contents = data if isinstance(data, str) else as_upload(data)
    preview = data_upload.preview_upload(filename, contents)
    outcome = data_upload.import_upload(filename, contents, form(**form_values), store, bundle)
    return preview, outcome


# --- workbooks built in code ----------------------------------------------------------------------


def workbook(rows: list[list[object]]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def zip_bomb(declared_small: bool = False) -> bytes:
    """An .xlsx-shaped zip whose sheet inflates to 200 MB of zeros (about 200 KB packed). With
    ``declared_small`` its headers also lie about the size, as a crafted bomb's would."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types><Override ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
        )
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=False) as member:
            chunk = b"0" * (1024 * 1024)
            for _ in range(200):
                member.write(chunk)
    data = bytearray(buffer.getvalue())
    if declared_small:
        _lie_about_sizes(data, b"xl/worksheets/sheet1.xml", 1000)
    return bytes(data)


def _lie_about_sizes(data: bytearray, name: str | bytes, size: int) -> None:
    """Overwrite the uncompressed size in the local header and the central directory entry."""
    local = data.find(b"PK\x03\x04" + data[4:4])  # first local header
    while local != -1:
        name_len = struct.unpack_from("<H", data, local + 26)[0]
        if data[local + 30 : local + 30 + name_len] == name:
            struct.pack_into("<I", data, local + 22, size)
        local = data.find(b"PK\x03\x04", local + 4)
    central = data.find(b"PK\x01\x02")
    while central != -1:
        name_len = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46 : central + 46 + name_len] == name:
            struct.pack_into("<I", data, central + 24, size)
        central = data.find(b"PK\x01\x02", central + 4)


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    return buffer.getvalue()


def macro_workbook() -> bytes:
    """A macro-enabled workbook (.xlsm) renamed .xlsx."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook([["lsoa_code", "n"]])), "r") as source, \
            zipfile.ZipFile(buffer, "w") as target:  # fmt: skip
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "[Content_Types].xml":
                content = content.replace(b"sheet.main+xml", b"sheet.macroEnabled.main+xml")
            target.writestr(info, content)
        target.writestr("xl/vbaProject.bin", b'\xd0\xcf\x11\xe0 Shell("calc.exe")')
    return buffer.getvalue()


# --- cases ----------------------------------------------------------------------------------------

REFUSED = {
    "HTML renamed .csv": ("data.csv", b"<!DOCTYPE html><html><script>alert(1)</script></html>", "web page"),
    "HTML with BOM and blank lines": ("data.csv", b"\xef\xbb\xbf\n\n  <html><body>x</body></html>", "web page"),
    "NUL bytes in a CSV": ("data.csv", b"lsoa_code,n\nE01006412,1\x00\x00\n", "binary"),
    "ELF binary renamed .csv": ("data.csv", b"\x7fELF\x02\x01\x01" + b"\x00" * 64, "not a text file"),
    "Windows executable renamed .csv": ("data.csv", b"MZ\x90\x00" + b"\x00" * 64, "not a text file"),
    "PDF renamed .csv": ("data.csv", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "not a text file"),
    "PNG renamed .xlsx": ("data.xlsx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "not an Excel workbook"),
    "zip bomb renamed .xlsx": ("data.xlsx", zip_bomb(), "more than 100 MB"),
    "zip bomb with lying sizes": ("data.xlsx", zip_bomb(declared_small=True), "cannot be read"),
    "empty zip renamed .xlsx": ("data.xlsx", b"PK\x05\x06" + b"\x00" * 18, "not an Excel workbook"),
    "zip without content types": ("data.xlsx", plain_zip(), "zip archive but not an Excel workbook"),
    "xlsx renamed .csv": ("data.csv", workbook([["lsoa_code", "n"]]), "not a CSV file"),
    "macro workbook renamed .xlsx": ("data.xlsx", macro_workbook(), "macro-enabled"),
    "old .xls": ("data.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, ".xls"),
    "UTF-16 text": ("data.csv", "lsoa_code,n\nE01006412,1\n".encode("utf-16"), "UTF-16"),
    "Latin-1 text": ("data.csv", "lsoa_code,name,n\nE01006412,Café,1\n".encode("latin-1"), "not UTF-8"),
    "script named .exe": ("run.exe", b"#!/bin/sh\nrm -rf /\n", "not a .csv or .xlsx"),
    "shell script named .csv": ("run.csv", b"#!/bin/sh\ntouch /tmp/pwned\n", ""),
    "empty file": ("data.csv", b"", "empty"),
    "just over 10 MB": ("data.csv", b"a," * (MAX_UPLOAD_BYTES // 2 + 1), "the limit is 10.0 MB"),
}  # fmt: skip


@pytest.mark.parametrize("case", REFUSED)
def test_disguised_damaged_or_oversized_files_are_refused(case, bundle, tmp_path, monkeypatch):
    filename, data, message = REFUSED[case]
    with watched(tmp_path, monkeypatch) as events:
        preview, outcome = upload(filename, data, bundle)
    assert not outcome.ok and outcome.store is None
    if message:
        assert not preview.ok
        assert message in preview.message and message in outcome.message
    assert "Traceback" not in outcome.message and 'File "' not in outcome.message
    assert events == []


@pytest.mark.parametrize("filename", HOSTILE_NAMES)
def test_hostile_file_names_are_only_labels(filename, bundle, tmp_path, monkeypatch):
    with watched(tmp_path, monkeypatch) as events:
        _preview, outcome = upload(filename, GOOD_CSV, bundle)
    assert events == []
    if outcome.ok:
        (payload,) = outcome.store.values()
        text = json.dumps(payload)
        assert "etc/passwd" not in text or filename.endswith("passwd.csv")
    else:
        assert "is not a .csv or .xlsx" in outcome.message or "not a CSV" in outcome.message


def test_a_name_ending_in_csv_imports_and_writes_nothing(bundle, tmp_path, monkeypatch):
    with watched(tmp_path, monkeypatch) as events:
        preview, outcome = upload("../../etc/passwd.csv", GOOD_CSV, bundle)
    assert preview.ok and outcome.ok and outcome.dataset.report.matched == 4
    assert events == []
    assert not Path("/etc/passwd.csv").exists()


@pytest.mark.parametrize(
    "contents",
    [
        None, "", "no comma", "data:text/csv;base64,!!!not-base64!!!",
        "data:text/csv;base64," + "A" * (MAX_UPLOAD_BYTES * 2),  # refused before decoding
        "data:text/html;base64," + base64.b64encode(b"<html></html>").decode(),
    ],
)  # fmt: skip
def test_damaged_or_huge_upload_payloads_get_a_message(contents, bundle, tmp_path, monkeypatch):
    with watched(tmp_path, monkeypatch) as events:
        preview, outcome = upload("data.csv", contents or "", bundle)
    assert not preview.ok and not outcome.ok and preview.message
    assert events == []


def test_formulas_in_a_workbook_are_never_run_and_leave_as_text(bundle, tmp_path, monkeypatch):
    rows = [["lsoa_code", "claimants", "note"]]
    rows += [[c, 10 + i, '=HYPERLINK("http://evil","x")'] for i, c in enumerate(CODES)]
    rows.append(['=cmd|" /C calc"!A0', 1, "@SUM(A1)"])
    data = workbook(rows)  # openpyxl writes temporary files while saving: not part of the upload
    with watched(tmp_path, monkeypatch) as events:
        preview, outcome = upload(
            "data.xlsx", data, bundle,
            title="=cmd|' /C calc'!A0", source="+Nomis", date="-2023",
            roles={"code": "lsoa_code", "count": "claimants"},
        )  # fmt: skip
        assert preview.ok and outcome.ok, outcome.message
        _name, text = data_upload.tidy_csv(outcome.store, outcome.layer_id)
    assert events == []
    for row in csv.reader(io.StringIO(text)):
        for cell in row:
            assert not cell.startswith(("=", "+", "@", "\t", "\r")), row
            assert not cell.startswith("-") or cell.lstrip("-").replace(".", "").isdigit(), row
    assert text.startswith("'=cmd")


def test_removing_a_shared_dataset_cannot_reach_outside_the_imports_folder(tmp_path):
    imports = tmp_path / "data" / "imports"
    imports.mkdir(parents=True)
    victim = tmp_path / "victim.csv"
    victim.write_text("keep me")
    (tmp_path / "data" / "outside.json").write_text(json.dumps({"file": "../../victim.csv"}))
    for name in ("../outside", "..%2Foutside", "/etc/passwd", "", "."):
        with pytest.raises(ImportProblem):
            remove(name, imports)
    assert (tmp_path / "data" / "outside.json").exists() and victim.read_text() == "keep me"
