"""Where uploads are held on the server: their own store, apart from derived results.

Uploads (an imported dataset's validated table, a caseload's counts) are what a person added and
cannot be recomputed; derived results (exports, packs, robustness, hot spots) can. So uploads never
share the results cache's slots: a busy afternoon of Target scenarios cannot evict a caseload.

- **Lifetime**: a day from when it was added (``UPLOAD_TTL``), as the README promises.
- **Budget**: in this process, at most ``OUTREACH_ATLAS_UPLOAD_BUDGET_MB`` megabytes (default 256) of
  uploads; past it the least recently used upload goes first (and the log says so), whatever the
  results cache holds. With Redis (``OUTREACH_ATLAS_REDIS_URL``) uploads are written there too, under
  their own key prefix with the same lifetime; Redis's memory limit is set in its configuration
  (docs/deployment.md).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections import OrderedDict
from functools import lru_cache

from dashboard.cache import REDIS_URL_ENV, redis_client, redis_get

log = logging.getLogger("outreach_atlas.uploads")
UPLOAD_TTL = 24 * 3600
BUDGET_ENV = "OUTREACH_ATLAS_UPLOAD_BUDGET_MB"
DEFAULT_BUDGET_MB = 256


class ByteBudget:
    """Thread-safe LRU with expiry whose limit is bytes, not items."""

    def __init__(self, budget_bytes: int, ttl: int = UPLOAD_TTL) -> None:
        self.budget = budget_bytes
        self.ttl = ttl
        self._items: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
        self._used = 0
        self._lock = threading.Lock()

    @property
    def used(self) -> int:
        return self._used

    def __len__(self) -> int:
        return len(self._items)

    def _drop(self, key: str) -> None:
        item = self._items.pop(key, None)
        if item is not None:
            self._used -= len(item[1])

    def get(self, key: str) -> bytes | None:
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return None
            if item[0] < time.monotonic():
                self._drop(key)
                return None
            self._items.move_to_end(key)
            return item[1]

    def put(self, key: str, value: bytes) -> bool:
        """Hold ``value`` for ``ttl`` seconds; False (nothing held) if it alone exceeds the budget."""
        if len(value) > self.budget:
            return False
        with self._lock:
            self._drop(key)
            now = time.monotonic()
            for old in [k for k, (expiry, _) in self._items.items() if expiry < now]:
                self._drop(old)
            while self._items and self._used + len(value) > self.budget:
                oldest = next(iter(self._items))
                log.warning(
                    "upload store full (%d MB): dropped the least recently used upload",
                    self.budget // (1024 * 1024),
                )
                self._drop(oldest)
            self._items[key] = (now + self.ttl, value)
            self._used += len(value)
            return True


class UploadStore:
    """Uploads by key: Redis when configured (shared by every worker), this process's budget always."""

    def __init__(self, local: ByteBudget, redis_url: str | None = None) -> None:
        self.local = local
        self.redis = redis_client(redis_url)

    def put(self, key: str, value: bytes) -> None:
        self.local.put(key, value)
        if self.redis is not None:
            try:
                self.redis.set(key, value, ex=self.local.ttl)
            except Exception as exc:  # any Redis failure: this process still holds it
                log.warning("redis unavailable (%s); upload kept in this process", exc)

    def get(self, key: str) -> bytes | None:
        shared = redis_get(self.redis, key, "reading this process's uploads")
        return shared if shared is not None else self.local.get(key)


def budget_bytes(env: dict[str, str] | os._Environ[str] = os.environ) -> int:
    raw = env.get(BUDGET_ENV) or str(DEFAULT_BUDGET_MB)
    try:
        megabytes = float(raw)
    except ValueError:
        megabytes = -1
    if megabytes <= 0:
        log.warning("%s=%r is not a positive number: using %d", BUDGET_ENV, raw, DEFAULT_BUDGET_MB)
        megabytes = DEFAULT_BUDGET_MB
    return int(megabytes * 1024 * 1024)


@lru_cache(maxsize=1)
def upload_store() -> UploadStore:
    return UploadStore(ByteBudget(budget_bytes()), os.environ.get(REDIS_URL_ENV) or None)
