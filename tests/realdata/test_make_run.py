"""``make run`` serves the atlas with gunicorn and ``gunicorn.conf.py`` (the production server the README
documents), not Flask's development server, on ``HOST``/``PORT`` with the data in ``DATA_DIR``; a broken
data file still starts it, on the last good bundle."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

from geodata import last_good
from geodata.config import REPO_ROOT

IOD25 = "indicators/lcr_iod2025_lsoa2021.csv"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def make_run(data_dir: Path, cache: Path, log: Path) -> Iterator[str]:
    """``make run`` until the atlas answers /healthz, then its URL while it serves; stopped after."""
    if shutil.which("make") is None:
        pytest.fail("make is not installed (the README's commands need it)")
    port = free_port()
    env = {
        **os.environ, "HOST": "127.0.0.1", "PORT": str(port),
        "OUTREACH_ATLAS_CACHE_DIR": str(cache), "OUTREACH_ATLAS_WORKERS": "1",
        "OUTREACH_ATLAS_THREADS": "2",
    }  # fmt: skip
    env.pop("OUTREACH_ATLAS_DATA_DIR", None)
    env.pop("OUTREACH_ATLAS_DEBUG", None)
    # The virtual environment and the plotly.js build are `make test`'s prerequisites too: taken as
    # they are (-o), never rebuilt from here.
    stamp = f".venv/.installed-{hashlib.sha1((REPO_ROOT / 'requirements.lock').read_bytes()).hexdigest()[:10]}"
    command = [
        "make", "--no-print-directory", "-o", stamp, "-o", "vendor/plotly.js/dist/plotly-atlas.min.js",
        "run", f"DATA_DIR={data_dir}", f"PY={sys.executable}",
    ]  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    with log.open("wb") as out:
        server = subprocess.Popen(
            command, cwd=REPO_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while True:
            assert server.poll() is None, f"make run exited {server.returncode}:\n{log.read_text()}"
            assert time.monotonic() < deadline, f"no answer in 120 s:\n{log.read_text()}"
            try:
                if requests.get(f"{url}/healthz", timeout=5).status_code == 200:
                    break
            except requests.ConnectionError:
                time.sleep(0.5)
        assert requests.get(f"{url}/", timeout=30).status_code == 200
        yield url
    finally:
        stop_group(server)


def running_in_group(pgid: int) -> list[int]:
    """Processes of the group still running (a zombie left to an init that never reaps is not)."""
    running = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            running.append(int(stat.parent.name))
    return running


def stop_group(server: subprocess.Popen) -> None:
    """SIGTERM to make and the gunicorn master and workers it started; SIGKILL to whatever of them is
    still running after 30 s."""
    os.killpg(server.pid, signal.SIGTERM)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        server.poll()  # reap make itself
        if not running_in_group(server.pid):
            return
        time.sleep(0.2)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGKILL)
    server.wait()


def assert_production_server(output: str, url: str) -> None:
    assert "development server" not in output, output
    assert "Serving Flask app" not in output, output
    assert "gunicorn" in output and f"Listening at: {url}" in output, output


def test_make_run_serves_with_gunicorn(data_dir: Path, bundle_root: Path, bundle, tmp_path: Path):
    log = tmp_path / "make-run.log"
    with make_run(data_dir, bundle_root, log) as url:
        assert requests.get(f"{url}/healthz", timeout=30).json()["stale"] is False
    assert_production_server(log.read_text(), url)


def test_make_run_starts_on_the_last_good_bundle_when_the_data_is_broken(
    data_dir: Path, tmp_path: Path
):
    copy = tmp_path / "data"
    shutil.copytree(data_dir, copy, ignore=shutil.ignore_patterns("samples", "imports"))
    cache = tmp_path / "cache"
    last_good.build(copy, cache)
    path = copy / IOD25
    path.write_bytes(path.read_bytes().replace(b",66.076,", b",n/a,", 1))
    log = tmp_path / "make-run.log"
    with make_run(copy, cache, log) as url:
        health = requests.get(f"{url}/healthz", timeout=30).json()
    assert health["stale"] is True and "n/a" in health["stale_reason"]
    output = log.read_text()
    assert "Build stopped" in output  # the build's own message, then the app starts anyway
    assert_production_server(output, url)
