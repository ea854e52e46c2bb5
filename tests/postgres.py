"""A throwaway PostgreSQL server on loopback for the store tests: Debian's ``postgresql`` binaries
(installed by ``make test``), a fresh cluster in a temporary folder, stopped at the end.

PostgreSQL refuses to run as root, so as root the cluster belongs to the ``postgres`` user.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_owner(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


@contextmanager
def postgres_server() -> Iterator[str]:
    """Yield a SQLAlchemy URL of an empty database on a server that lives for the block."""
    bindir = pg_bin()
    if bindir is None:
        raise RuntimeError("PostgreSQL is not installed (make test installs Debian's postgresql)")
    root = Path(tempfile.mkdtemp(prefix="atlas-pg-"))
    data = root / "data"
    port = _free_port()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    run = lambda args: subprocess.run(  # noqa: E731
        _as_owner(args), check=True, capture_output=True, text=True, cwd=root
    )
    try:
        run([str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "atlas", "-E", "UTF8"])
        run([
            str(bindir / "pg_ctl"), "-D", str(data), "-l", str(root / "log"), "-w", "-t", "30",
            "-o", f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off", "start",
        ])  # fmt: skip
        for _ in range(50):
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        run([str(bindir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "atlas", "atlas"])
        yield f"postgresql+psycopg://atlas@127.0.0.1:{port}/atlas"
    finally:
        subprocess.run(
            _as_owner([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
            cwd=root,
        )
        shutil.rmtree(root, ignore_errors=True)


def fresh_database(base_url: str, name: str) -> str:
    """Another empty database on the same server (one per test that needs a clean slate)."""
    import psycopg

    admin = base_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return base_url.rsplit("/", 1)[0] + "/" + name
