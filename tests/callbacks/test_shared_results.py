"""Expensive Target results (robustness draws, hot spots, exports) go through the shared cache: in
Redis when it is configured, so every worker on every machine reuses them; never for uploads."""

from __future__ import annotations

import redis

from dashboard import cache
from dashboard.components import target_context as tc
from layers.targeting.scenario import from_query
from tests.unit.test_cache import redis_url  # noqa: F401 (a real redis-server on loopback)


def test_uploaded_layers_are_never_shared(app_bundle) -> None:
    built_in = from_query({"preset": "worklessness", "top": "20"})
    uploaded = from_query({"w": "upload_abc:1,out_of_work:1", "top": "20"})
    assert tc.shared_key(built_in) is not None
    assert tc.shared_key(uploaded) is None
    assert tc.shared_key(built_in)[1] == app_bundle.manifest["input_hash"]


def test_second_export_is_served_from_the_cache(app_bundle, monkeypatch) -> None:
    calls = []
    real = tc.robustness
    monkeypatch.setattr(tc, "robustness", lambda *a, **k: calls.append(1) or real(*a, **k))
    local = cache.SharedCache()  # this process's memory only
    monkeypatch.setattr(cache, "shared_cache", lambda: local)
    scenario = from_query({"preset": "families", "top": "15"})
    first = tc.export_download(scenario, "csv")
    second = tc.export_download(scenario, "csv")
    assert first == second and len(calls) == 1


def test_results_land_in_redis_for_other_workers(app_bundle, redis_url, monkeypatch) -> None:  # noqa: F811
    shared = cache.SharedCache(redis_url)
    monkeypatch.setattr(cache, "shared_cache", lambda: shared)
    scenario = from_query({"preset": "workwise", "top": "25", "hot": "1"})
    result = tc.run_scenario(scenario)
    context = tc.level_context("lsoa")
    share = tc.shared_robustness(result, context)
    spots = tc.shared_hotspots(result, context)
    client = redis.Redis.from_url(redis_url)
    assert client.keys("outreach-atlas:robustness:*") and client.keys("outreach-atlas:hotspots:*")
    # Another worker: empty local memory, same Redis.
    other = cache.SharedCache(redis_url)
    monkeypatch.setattr(cache, "shared_cache", lambda: other)
    monkeypatch.setattr(tc, "robustness", lambda *_a: (_ for _ in ()).throw(AssertionError))
    assert tc.shared_robustness(result, context).equals(share)
    assert tc.shared_hotspots(result, context).equals(spots)
