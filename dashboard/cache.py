"""A cache shared by every worker: Redis when ``OUTREACH_ATLAS_REDIS_URL`` is set, in-process otherwise.

Expensive pure results (robustness draws, hotspots, exports) are memoised on their arguments. Redis lets
workers on several machines share them; if Redis is unreachable the cache falls back to this process's
memory and says so in the log, so an outage costs speed, never an answer.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import pickle
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from dashboard.code_version import code_fingerprint

log = logging.getLogger("outreach_atlas.cache")
REDIS_URL_ENV = "OUTREACH_ATLAS_REDIS_URL"
P = ParamSpec("P")
R = TypeVar("R")


class LocalCache:
    """Thread-safe LRU with expiry, for one process."""

    def __init__(self, max_items: int = 256) -> None:
        self._items: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
        self._lock = threading.Lock()
        self._max = max_items

    def get(self, key: str) -> bytes | None:
        with self._lock:
            item = self._items.get(key)
            if item is None or item[0] < time.monotonic():
                self._items.pop(key, None)
                return None
            self._items.move_to_end(key)
            return item[1]

    def set(self, key: str, value: bytes, ttl: int) -> None:
        with self._lock:
            self._items[key] = (time.monotonic() + ttl, value)
            self._items.move_to_end(key)
            while len(self._items) > self._max:
                self._items.popitem(last=False)


def redis_client(redis_url: str | None) -> Any:
    """A Redis client for ``redis_url`` (None without one), with short timeouts: an outage costs
    a quarter of a second per request, never a hung worker."""
    if not redis_url:
        return None
    import redis

    return redis.Redis.from_url(redis_url, socket_timeout=0.25, socket_connect_timeout=0.25)


def redis_get(client: Any, key: str, instead: str) -> bytes | None:
    """What Redis holds under ``key``, or None: nothing there, no Redis, or Redis unreachable (logged,
    with ``instead``: what serves the request meanwhile)."""
    if client is None:
        return None
    try:
        value = client.get(key)
    except Exception as exc:  # any Redis failure: the caller serves from this process
        log.warning("redis unavailable (%s); %s", exc, instead)
        return None
    # The client is made without decode_responses, so a hit is bytes.
    return value if isinstance(value, bytes) else None


class SharedCache:
    def __init__(self, redis_url: str | None = None, local: LocalCache | None = None) -> None:
        self.local = local or LocalCache()
        self.redis_url = redis_url
        self.redis = redis_client(redis_url)

    @property
    def backend(self) -> str:
        return "redis" if self.redis is not None else "memory"

    def get(self, key: str) -> bytes | None:
        shared = redis_get(self.redis, key, "using the in-process cache")
        return shared if shared is not None else self.local.get(key)

    def set(self, key: str, value: bytes, ttl: int) -> None:
        self.local.set(key, value, ttl)
        if self.redis is not None:
            try:
                self.redis.set(key, value, ex=ttl)
            except Exception as exc:
                log.warning("redis unavailable (%s); kept in the in-process cache", exc)


@functools.lru_cache(maxsize=1)
def shared_cache() -> SharedCache:
    return SharedCache(os.environ.get(REDIS_URL_ENV) or None)


def cache_key(namespace: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> str:
    """The shared key of a result: its namespace, the running code's fingerprint (so a deploy never
    serves what older code computed) and a digest of the arguments."""
    digest = hashlib.sha256(repr((args, sorted(kwargs.items()))).encode()).hexdigest()[:32]
    return f"outreach-atlas:{namespace}:{code_fingerprint()}:{digest}"


def get_or_compute(
    namespace: str, key: tuple[Any, ...] | None, compute: Callable[[], R], ttl: int = 3600
) -> R:
    """``compute()``'s result, shared by every worker under ``key`` (numbers, strings, tuples).
    ``key=None`` means "not shareable": compute, cache nothing."""
    if key is None:
        return compute()
    cache = shared_cache()
    full_key = cache_key(namespace, key, {})
    hit = cache.get(full_key)
    if hit is not None:
        # Only this app writes these keys, on a Redis it is configured to trust.
        return pickle.loads(hit)
    result = compute()
    cache.set(full_key, pickle.dumps(result), ttl)
    return result
