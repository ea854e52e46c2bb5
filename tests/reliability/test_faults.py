"""Faults at start and while running: a data directory that cannot be read stops the app with a clear
message and a non-zero exit; a Redis outage mid-run falls back to the in-process cache."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time

import pytest

from dashboard import cache
from geodata.config import REPO_ROOT
from tests.conftest import IN_CI

IOD25 = "indicators/lcr_iod2025_lsoa2021.csv"


def _start(data_dir, cache_dir) -> subprocess.CompletedProcess:
    env = {**os.environ, "OUTREACH_ATLAS_CACHE_DIR": str(cache_dir)}
    env.pop("OUTREACH_ATLAS_DATA_DIR", None)
    return subprocess.run(
        [sys.executable, "app.py", "--data-dir", str(data_dir)], cwd=REPO_ROOT, env=env,
        capture_output=True, text=True, check=False, timeout=90,
    )  # fmt: skip


def _copy(data_dir, target):
    shutil.copytree(data_dir, target, ignore=shutil.ignore_patterns("samples", "imports"))
    return target


def _file_is_a_directory(root):
    (root / IOD25).unlink()
    (root / IOD25).mkdir()


def _broken_symlink(root):
    (root / IOD25).unlink()
    (root / IOD25).symlink_to(root / "nowhere.csv")


def _corrupt(root):
    path = root / IOD25
    path.write_bytes(path.read_bytes()[:5000])


@pytest.mark.parametrize(
    ("case", "damage", "expected"),
    [
        ("data dir is a file", None, "No data directory holds"),
        ("a source is a directory", _file_is_a_directory, "No data directory holds"),
        ("a source is a broken link", _broken_symlink, "No data directory holds"),
        ("a source is damaged, no bundle yet", _corrupt, "lcr_iod2025_lsoa2021.csv"),
    ],
)
def test_unreadable_data_stops_the_app_with_a_clear_message(
    tmp_path, data_dir, case, damage, expected
):
    if damage is None:
        target = tmp_path / "data.txt"
        target.write_text("not a directory")
    else:
        target = _copy(data_dir, tmp_path / "data")
        damage(target)
    result = _start(target, tmp_path / "cache")
    assert result.returncode == 2, result.stderr[-2000:]
    assert "Outreach Atlas cannot start" in result.stderr and expected in result.stderr
    assert "Traceback" not in result.stderr


@pytest.fixture
def redis_process():
    server = shutil.which("redis-server")
    if server is None:
        if IN_CI:
            pytest.fail("redis-server not installed (make test installs Debian's redis-server)")
        pytest.skip("redis-server not installed")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.05)
    yield process, f"redis://127.0.0.1:{port}/0"
    if process.poll() is None:
        process.kill()
    process.wait(timeout=5)


def test_redis_dying_mid_run_falls_back_to_the_in_process_cache(redis_process, monkeypatch):
    process, url = redis_process
    monkeypatch.setenv(cache.REDIS_URL_ENV, url)
    cache.shared_cache.cache_clear()
    calls: list[int] = []

    def compute(n: int):
        def run():
            calls.append(n)
            return n * 2

        return run

    try:
        assert cache.get_or_compute("fault-test", (1,), compute(1)) == 2
        assert cache.shared_cache().redis.get(cache.cache_key("fault-test", (1,), {})) is not None
        process.kill()
        process.wait(timeout=5)
        # The value already computed is still served (from this worker's memory), new ones computed.
        assert cache.get_or_compute("fault-test", (1,), compute(1)) == 2
        assert cache.get_or_compute("fault-test", (2,), compute(2)) == 4
        assert cache.get_or_compute("fault-test", (2,), compute(2)) == 4
        assert calls == [1, 2]
    finally:
        cache.shared_cache.cache_clear()


def test_app_serves_downloads_with_redis_down(client, monkeypatch):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = sock.getsockname()[1]
    monkeypatch.setenv(cache.REDIS_URL_ENV, f"redis://127.0.0.1:{closed}/0")
    cache.shared_cache.cache_clear()
    try:
        for _ in range(2):
            response = client.get("/download/targets.csv?top=7&level=ward")
            assert response.status_code == 200
        assert cache.shared_cache().backend == "redis"  # configured, down, and not in the way
    finally:
        cache.shared_cache.cache_clear()
