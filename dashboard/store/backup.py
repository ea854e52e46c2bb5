"""Backup and restore as one portable JSON file: SQLite to PostgreSQL and back give the same plans."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Date, DateTime, Table, delete, insert, select, text

from dashboard.store.engine import current_revision, head_revision
from dashboard.store.repository import Store
from dashboard.store.schema import Base

FORMAT = "outreach-atlas-backup"
# Parents before children: restore inserts in this order and deletes in the reverse.
TABLES = ["users", "plans", "plan_zones", "audit", "outcome_files", "outcome_counts"]


def _tables() -> list[Table]:
    return [Base.metadata.tables[name] for name in TABLES]


def _encode(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


def _decoder(table: Table) -> Callable[[dict[str, Any]], dict[str, Any]]:
    kinds = {c.name: c.type for c in table.columns}

    def decode(row: dict[str, Any]) -> dict[str, Any]:
        out = {}
        for key, value in row.items():
            kind = kinds[key]
            if value is not None and isinstance(kind, DateTime):
                value = datetime.fromisoformat(value)
            elif value is not None and isinstance(kind, Date):
                value = date.fromisoformat(value)
            out[key] = value
        return out

    return decode


def backup(store: Store, path: str | Path) -> dict[str, int]:
    """Write every row to ``path`` in one read transaction; returns the row counts."""
    data: dict[str, Any] = {"format": FORMAT, "revision": current_revision(store.engine)}
    counts = {}
    with store.engine.connect() as connection, connection.begin():
        for table in _tables():
            order = list(table.primary_key.columns)
            rows = connection.execute(select(table).order_by(*order)).mappings()
            data[table.name] = [{k: _encode(v) for k, v in row.items()} for row in rows]
            counts[table.name] = len(data[table.name])
    target = Path(path)
    partial = target.with_name(target.name + ".partial")
    partial.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    partial.replace(target)  # a crash mid-write never leaves a half backup under the real name
    return counts


class BackupError(ValueError):
    pass


def restore(store: Store, path: str | Path) -> dict[str, int]:
    """Replace everything in the database with the backup's rows, in one transaction."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(f"{path} cannot be read as a backup: {exc}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BackupError(f"{path} is not an Outreach Atlas backup")
    if data.get("revision") != head_revision():
        raise BackupError(
            f"{path} was written by schema {data.get('revision')}; this atlas is at "
            f"{head_revision()}. Restore it with the atlas version that made it, then upgrade."
        )
    store.migrate()
    counts = {}
    with store.engine.begin() as connection:
        for table in reversed(_tables()):
            connection.execute(delete(table))
        for table in _tables():
            rows = [_decoder(table)(row) for row in data.get(table.name, [])]
            if rows:
                connection.execute(insert(table), rows)
            counts[table.name] = len(rows)
        if connection.dialect.name == "postgresql":
            # Rows came with their ids: move each sequence past them so new rows do not collide.
            for table in _tables():
                if "id" in table.columns:
                    connection.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                            f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
                        )
                    )
    return counts
