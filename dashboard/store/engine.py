"""Where the database is and how it is migrated: one engine per process, Alembic for the schema.

The default is an embedded SQLite file in Flask's instance folder (``instance/atlas.sqlite3``, not under
``.cache/``, which ``make clean`` deletes); ``OUTREACH_ATLAS_DATABASE_URL`` selects another database,
such as PostgreSQL through psycopg 3 (``postgresql+psycopg://user@host/atlas``) when several servers
share one.
"""

from __future__ import annotations

import os
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.pool import ConnectionPoolEntry

DATABASE_URL_ENV = "OUTREACH_ATLAS_DATABASE_URL"
SQLITE_NAME = "atlas.sqlite3"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def database_url(instance_path: str | Path, environ: dict[str, str] | None = None) -> str:
    env = os.environ if environ is None else environ
    url = env.get(DATABASE_URL_ENV, "").strip()
    if url:
        # A bare postgresql:// URL would look for psycopg2; the lock ships psycopg 3.
        if url.startswith(("postgresql://", "postgres://")):
            url = "postgresql+psycopg://" + url.split("://", 1)[1]
        return url
    path = Path(instance_path)
    path.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path / SQLITE_NAME}"


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 15})

        @event.listens_for(engine, "connect")
        def _pragmas(connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
            cursor = connection.cursor()
            # WAL: readers never wait for a writer; a killed writer leaves the last commit intact.
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5)


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision``; a no-op when it is there already."""
    config = _config()
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            # Several servers starting together: one migrates, the others wait for it.
            connection.exec_driver_sql("SELECT pg_advisory_xact_lock(872341)")
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
