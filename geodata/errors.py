"""Errors that name the file, the area code or row, and the column at fault."""

from __future__ import annotations

from pathlib import Path


class DataError(Exception):
    """A source file is missing, malformed or implausible; the build stops on it."""

    def __init__(
        self,
        file: str | Path,
        problem: str,
        *,
        code: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.file = str(file)
        self.problem = problem
        self.code = code
        self.row = row
        self.column = column
        where = [f"file {self.file}"]
        if row is not None:
            where.append(f"row {row}")
        if code is not None:
            where.append(f"code {code}")
        if column is not None:
            where.append(f"column {column!r}")
        super().__init__(f"{problem} ({', '.join(where)})")


class DataDirError(Exception):
    """No candidate directory holds the data; the message lists where we looked and what we need."""
