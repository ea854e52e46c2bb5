"""``python -m dashboard.db upgrade | backup FILE | restore FILE``: the database of saved work.

The database is the one the app uses: ``OUTREACH_ATLAS_DATABASE_URL``, or the SQLite file in the
instance folder (``instance/atlas.sqlite3``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from dashboard.store import Store
from dashboard.store.backup import BackupError, backup, restore
from dashboard.store.engine import current_revision, database_url


def default_instance_path() -> str:
    """Flask's instance folder for the app (the same one ``create_app`` uses)."""
    from flask import Flask

    return Flask("dashboard").instance_path


def open_store() -> Store:
    return Store(database_url(default_instance_path()))


def run_on_store(action: Callable[[Store], None], *expected: type[Exception]) -> int:
    """A command line's work on the app's database: exit code 0, or 2 with a one-line ``error:``
    on standard error for an ``expected`` failure (never a stack trace); the connections are
    released either way."""
    store = open_store()
    try:
        action(store)
    except expected as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        store.dispose()
    return 0


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard.db", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("upgrade", help="create the database or bring its schema up to date")
    for name, text in (
        ("backup", "write every row to FILE"),
        ("restore", "replace all rows with FILE's"),
    ):
        sub.add_parser(name, help=text).add_argument("file")
    args = parser.parse_args(argv)

    def act(store: Store) -> None:
        if args.command == "upgrade":
            store.migrate()
            print(f"{_safe_url(store.url)} is at schema {current_revision(store.engine)}")
        elif args.command == "backup":
            store.migrate()
            counts = backup(store, args.file)
            print(f"wrote {args.file}: " + ", ".join(f"{n} {t}" for t, n in counts.items()))
        else:
            counts = restore(store, args.file)
            print(f"restored {args.file}: " + ", ".join(f"{n} {t}" for t, n in counts.items()))

    return run_on_store(act, BackupError)


if __name__ == "__main__":
    raise SystemExit(main())
