"""A gunicorn worker killed while users are working costs at most one retry, and nobody's scenario is
lost: it lives in the URL, so any worker (the respawned one too) rebuilds the same page from it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

import pytest
import requests

from geodata.config import REPO_ROOT
from tests.reliability.conftest import pages_request

GUNICORN = Path(sys.executable).parent / "gunicorn"
SCENARIO = ("/target", "?preset=worklessness&top=12&level=ward&borough=knowsley")
N_REQUESTS = 40


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _workers(master: int) -> set[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(master)], capture_output=True,
                         text=True, check=False)  # fmt: skip
    return {int(p) for p in out.stdout.split()}


@pytest.fixture
def gunicorn(data_dir, bundle_root, bundle, tmp_path):
    if not GUNICORN.exists():
        pytest.fail(f"gunicorn not installed at {GUNICORN} (it is in requirements.lock)")
    port = _free_port()
    env = {**os.environ, "PORT": str(port), "HOST": "127.0.0.1", "OUTREACH_ATLAS_WORKERS": "2",
           "OUTREACH_ATLAS_THREADS": "2", "OUTREACH_ATLAS_DATA_DIR": str(data_dir),
           "OUTREACH_ATLAS_CACHE_DIR": str(bundle_root)}  # fmt: skip
    env.pop("OUTREACH_ATLAS_REDIS_URL", None)
    log = tmp_path / "gunicorn.log"
    with log.open("w") as out:
        master = subprocess.Popen(
            [str(GUNICORN), "-c", "gunicorn.conf.py", "app:server"], cwd=REPO_ROOT, env=env,
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        assert master.poll() is None, log.read_text()
        assert time.monotonic() < deadline, "gunicorn did not answer within 60 s"
        try:
            if requests.get(url + "/healthz", timeout=2).ok and len(_workers(master.pid)) == 2:
                break
        except requests.ConnectionError:
            pass
        time.sleep(0.3)
    yield url, master
    os.killpg(master.pid, signal.SIGTERM)
    master.wait(timeout=30)


def _request(url: str, index: int) -> requests.Response:
    kind = index % 3
    if kind == 0:
        return requests.post(url + "/_dash-update-component", json=pages_request(*SCENARIO),
                             timeout=30)  # fmt: skip
    if kind == 1:
        return requests.get(url + "/download/targets.csv?top=12&level=ward", timeout=30)
    return requests.get(url + "/healthz", timeout=30)


def _with_one_retry(url: str, index: int) -> tuple[int, int]:
    """(retries used, final status); a second failure is reported as status 0 or the 5xx."""
    status = 0
    for attempt in range(2):
        try:
            status = _request(url, index).status_code
        except requests.RequestException:
            status = 0
        if 0 < status < 500:
            return attempt, status
    return 1, status


def test_killing_a_worker_costs_at_most_a_retry(gunicorn):
    url, master = gunicorn
    before = requests.post(url + "/_dash-update-component", json=pages_request(*SCENARIO),
                           timeout=30).json()  # fmt: skip
    original = _workers(master.pid)
    victim = min(original)
    results = []
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = [pool.submit(_with_one_retry, url, i) for i in range(N_REQUESTS)]
        for done, future in enumerate(as_completed(futures), start=1):
            if done == N_REQUESTS // 2:  # mid-run, with requests still in flight
                os.kill(victim, signal.SIGKILL)
            results.append(future.result())
    failures = [r for r in results if r[1] != 200]
    assert failures == [], failures
    retries = sum(r[0] for r in results)
    assert retries <= 4  # at most the requests in flight on the killed worker
    deadline = time.monotonic() + 20
    while len(_workers(master.pid) - {victim}) < 2:
        assert time.monotonic() < deadline, "the master did not replace the killed worker"
        time.sleep(0.2)
    assert victim not in _workers(master.pid)
    # The scenario in the URL gives the same page from whichever worker answers.
    for _ in range(4):
        after = requests.post(url + "/_dash-update-component", json=pages_request(*SCENARIO),
                              timeout=30).json()  # fmt: skip
        assert after == before
    print(f"worker kill: {len(results)} requests, {retries} retries, 0 failures")
