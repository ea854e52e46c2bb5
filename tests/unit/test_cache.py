"""The shared cache against a real redis-server on loopback, and its fallback when Redis is down."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time

import pytest

from dashboard.cache import LocalCache, SharedCache, cache_key
from tests.conftest import IN_CI


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def redis_url():
    server = shutil.which("redis-server")
    if server is None:
        if IN_CI:
            pytest.fail("redis-server not installed (make test installs Debian's redis-server)")
        pytest.skip("redis-server not installed")
    port = _free_port()
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(timeout=5)


def test_two_workers_share_results_through_redis(redis_url):
    first, second = SharedCache(redis_url), SharedCache(redis_url)
    key = cache_key("robustness", (1, "lsoa"), {})
    first.set(key, b"result", ttl=60)
    assert second.get(key) == b"result"  # second has an empty local cache: it came from Redis
    assert second.backend == "redis"


def test_redis_outage_falls_back_to_memory():
    closed = f"redis://127.0.0.1:{_free_port()}/0"
    cache = SharedCache(closed)
    cache.set("k", b"v", ttl=60)
    assert cache.get("k") == b"v"


def test_local_cache_expires_and_evicts():
    cache = LocalCache(max_items=2)
    cache.set("a", b"1", ttl=60)
    cache.set("b", b"2", ttl=60)
    cache.set("c", b"3", ttl=60)
    assert cache.get("a") is None and cache.get("c") == b"3"
    cache.set("d", b"4", ttl=-1)
    assert cache.get("d") is None


# The code fingerprint in every shared key (issue 21 item 9) ------------------------------------------


def test_the_fingerprint_changes_with_any_source_file_or_the_lock(tmp_path):
    from dashboard.code_version import fingerprint_of

    for name in ("layers", "dashboard"):
        (tmp_path / name / "exports").mkdir(parents=True)
        (tmp_path / name / "exports" / "table.py").write_text("ROUND = 1\n")
    dirs = [tmp_path / "layers", tmp_path / "dashboard"]
    before = fingerprint_of(dirs, b"dash==4.4.1\n")
    assert fingerprint_of(dirs, b"dash==4.4.1\n") == before  # the same code, the same key
    (tmp_path / "dashboard" / "exports" / "table.py").write_text("ROUND = 2\n")
    after_code = fingerprint_of(dirs, b"dash==4.4.1\n")
    assert after_code != before
    assert fingerprint_of(dirs, b"dash==4.4.2\n") != after_code
    (tmp_path / "layers" / "new.py").write_text("")
    assert fingerprint_of(dirs, b"dash==4.4.1\n") != after_code


def test_the_running_code_has_one_fingerprint_of_its_packages_and_lock():
    from dashboard.code_version import code_fingerprint

    assert code_fingerprint() == code_fingerprint()
    assert len(code_fingerprint()) == 16 and int(code_fingerprint(), 16) >= 0


def test_every_shared_key_names_the_code(monkeypatch):
    """After a deploy (another fingerprint) a result the old code left in the cache is not served."""
    from dashboard import cache

    shared = SharedCache(None, LocalCache())
    monkeypatch.setattr(cache, "shared_cache", lambda: shared)
    monkeypatch.setattr(cache, "code_fingerprint", lambda: "old-code")
    old_key = cache_key("export", ("q", "csv"), {})
    assert cache.get_or_compute("export", ("q", "csv"), lambda: "made by the old code") == (
        "made by the old code"
    )
    monkeypatch.setattr(cache, "code_fingerprint", lambda: "new-code")
    assert cache_key("export", ("q", "csv"), {}) != old_key
    assert "new-code" in cache_key("export", ("q", "csv"), {})
    assert cache.get_or_compute("export", ("q", "csv"), lambda: "made by the new code") == (
        "made by the new code"
    )
