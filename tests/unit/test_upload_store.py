"""Uploads have their own store (issue 21 item 10): a byte budget and a day's lifetime, apart from
the results cache, so other users' derived results never evict them."""

from __future__ import annotations

import pytest

from dashboard import cache, upload_store
from dashboard.upload_store import UPLOAD_TTL, ByteBudget, UploadStore, budget_bytes


def test_the_budget_is_bytes_and_the_least_recently_used_goes_first():
    store = ByteBudget(budget_bytes=100)
    store.put("a", b"x" * 40)
    store.put("b", b"x" * 40)
    assert store.get("a") is not None  # a is now the most recently used
    store.put("c", b"x" * 40)  # 120 > 100: b, the least recently used, goes
    assert store.get("b") is None and store.get("a") and store.get("c")
    assert store.used == 80 and len(store) == 2
    assert store.put("huge", b"x" * 101) is False  # alone over the budget: refused, nothing dropped
    assert store.get("a") and store.get("c")


def test_uploads_are_kept_for_a_day_and_no_longer(monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(upload_store.time, "monotonic", lambda: clock[0])
    store = ByteBudget(budget_bytes=1000)
    assert store.ttl == UPLOAD_TTL == 24 * 3600
    store.put("a", b"counts")
    clock[0] += UPLOAD_TTL - 1
    assert store.get("a") == b"counts"
    clock[0] += 2
    assert store.get("a") is None and store.used == 0


def test_derived_results_never_evict_an_upload(monkeypatch):
    """257 Target scenarios elsewhere used to evict a caseload from the shared 256-item cache."""
    results = cache.SharedCache(None, cache.LocalCache(max_items=256))
    uploads = UploadStore(ByteBudget(budget_bytes=10 * 1024 * 1024))
    monkeypatch.setattr(cache, "shared_cache", lambda: results)
    monkeypatch.setattr(upload_store, "upload_store", lambda: uploads)
    uploads.put("outreach-atlas:caseload:abc", b"counts")
    for n in range(600):
        cache.get_or_compute("robustness", (n,), lambda n=n: n)
    assert uploads.get("outreach-atlas:caseload:abc") == b"counts"
    assert results.get("outreach-atlas:caseload:abc") is None  # never in the results cache


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, 256 * 1024 * 1024),
        ("64", 64 * 1024 * 1024),
        ("0.5", 512 * 1024),
        ("lots", 256 * 1024 * 1024),
        ("-1", 256 * 1024 * 1024),
    ],
)
def test_the_budget_is_configuration(raw, expected):
    env = {} if raw is None else {upload_store.BUDGET_ENV: raw}
    assert budget_bytes(env) == expected
