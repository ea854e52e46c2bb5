"""Start the atlas for a benchmark on a free loopback port: the development server or gunicorn."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from geodata.config import REPO_ROOT

GUNICORN = Path(sys.executable).parent / "gunicorn"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log: Path

    def worker_pids(self) -> list[int]:
        """gunicorn's worker processes (children of the master)."""
        out = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(self.process.pid)], capture_output=True, text=True
        )
        return [int(p) for p in out.stdout.split()]

    def pss_mb(self) -> dict[int, float]:
        """Proportional set size of the master and each worker, MB: pages shared copy-on-write
        after the fork are split between the processes sharing them, so these add up."""
        sizes = {}
        for pid in [self.process.pid, *self.worker_pids()]:
            with contextlib.suppress(OSError):
                for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                    if line.startswith("Pss:"):
                        sizes[pid] = int(line.split()[1]) / 1024
        return sizes

    def rss_mb(self) -> dict[int, float]:
        """Resident memory of the master and each worker, MB."""
        sizes = {}
        for pid in [self.process.pid, *self.worker_pids()]:
            with contextlib.suppress(OSError):
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        sizes[pid] = int(line.split()[1]) / 1024
        return sizes


@contextlib.contextmanager
def serve(
    workers: int | None = None, env: dict[str, str] | None = None, root: Path = REPO_ROOT
) -> Iterator[Server]:
    """The app on 127.0.0.1: ``workers=None`` runs ``app.py``; otherwise gunicorn with that many
    workers (``gunicorn.conf.py``). ``root``: the checkout to serve (benchmarks/baseline.py serves
    the map before dash-leaflet from its own). Stopped on exit."""
    port = free_port()
    environment = {**os.environ, "PORT": str(port), "HOST": "127.0.0.1", **(env or {})}
    if workers is None:
        command = [sys.executable, "app.py"]
    else:
        environment["OUTREACH_ATLAS_WORKERS"] = str(workers)
        command = [str(GUNICORN), "-c", "gunicorn.conf.py", "app:server"]
    log = Path(tempfile.mkstemp(prefix=f"atlas-bench-{port}-", suffix=".log")[1])
    with log.open("w") as out:
        process = subprocess.Popen(
            command, cwd=root, env=environment, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    server = Server(f"http://127.0.0.1:{port}", process, log)
    try:
        wait_healthy(server, 90)
        if workers:
            deadline = time.monotonic() + 60
            while len(server.worker_pids()) < workers and time.monotonic() < deadline:
                time.sleep(0.2)
        yield server
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def wait_healthy(server: Server, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"server exited early:\n{server.log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{server.url}/healthz", timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"server not healthy within {seconds} s:\n{server.log.read_text()[-3000:]}")
