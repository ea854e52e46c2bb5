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
