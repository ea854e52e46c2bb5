"""Import problems in plain language: what is wrong, where (row and column), and what to do about it."""

from __future__ import annotations


class ImportProblem(Exception):
    """A file the importer refuses. ``kind`` is a stable label for tests and logs; ``message`` is for
    people and names the row (as a spreadsheet shows it, 1 = the first line) and column when known."""

    def __init__(
        self,
        kind: str,
        message: str,
        *,
        row: int | None = None,
        column: str | None = None,
        hint: str = "",
    ) -> None:
        self.kind = kind
        self.row = row
        self.column = column
        self.hint = hint
        where = []
        if row is not None:
            where.append(f"row {row}")
        if column is not None:
            where.append(f"column “{column}”")
        prefix = (", ".join(where).capitalize() + ": ") if where else ""
        self.message = prefix + message + (f" {hint}" if hint else "")
        super().__init__(self.message)
