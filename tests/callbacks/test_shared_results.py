"""Expensive Target results (robustness draws, hot spots, exports) go through the shared cache: in
Redis when it is configured, so every worker on every machine reuses them, keyed by the ``LayerKey``
(id, content version, period) of every layer they use: the same content gives the same results,
other content (a replaced import, another user's upload) other keys."""

from __future__ import annotations

import redis

from dashboard import cache
from dashboard.context import shared_context
from dashboard.targetview import context as tc
from layers.targeting.link import from_query
from tests.unit.test_cache import redis_url  # noqa: F401 (a real redis-server on loopback)


def test_shared_results_are_keyed_by_content(app_bundle) -> None:
    from geodata.imports import Metadata, import_file, reference_for
    from layers.catalog import catalog_for
    from layers.imported import layer_from_dataset

    built_in = from_query({"preset": "worklessness", "top": "20"})
    unknown = from_query({"w": "upload_abc:1,out_of_work:1", "top": "20"})
    key = tc.shared_key(built_in, catalog=shared_context().catalog)
    assert key is not None and tc.shared_key(unknown, catalog=shared_context().catalog) is None
    assert {k.version for k in key[-1]} == {app_bundle.manifest["input_hash"]}

    def catalog_with(counts: str):
        text = "msoa_code,claimants\nE02001327," + counts + "\n"
        meta = Metadata(title="T", source="S", date="2024")
        dataset = import_file(text.encode(), "t.csv", meta, reference_for(app_bundle))
        layer = layer_from_dataset(dataset, "upload_same")  # one id, two contents
        return catalog_for(app_bundle, {}, {"upload_same": layer})

    scenario = from_query({"w": "upload_same:1", "level": "lsoa", "top": "5"})
    first, second = catalog_with("5"), catalog_with("6")
    assert tc.shared_key(scenario, first) == tc.shared_key(scenario, catalog_with("5"))
    assert tc.shared_key(scenario, first) != tc.shared_key(scenario, second)


def test_second_export_is_served_from_the_cache(app_bundle, monkeypatch) -> None:
    calls = []
    real = tc.robustness
    monkeypatch.setattr(tc, "robustness", lambda *a, **k: calls.append(1) or real(*a, **k))
    local = cache.SharedCache()  # this process's memory only
    monkeypatch.setattr(cache, "shared_cache", lambda: local)
    scenario = from_query({"preset": "families", "top": "15"})
    first = tc.export_download(scenario, "csv", catalog=shared_context().catalog)
    second = tc.export_download(scenario, "csv", catalog=shared_context().catalog)
    assert first == second and len(calls) == 1


def test_results_land_in_redis_for_other_workers(app_bundle, redis_url, monkeypatch) -> None:  # noqa: F811
    shared = cache.SharedCache(redis_url)
    monkeypatch.setattr(cache, "shared_cache", lambda: shared)
    scenario = from_query({"preset": "workwise", "top": "25", "hot": "1"})
    result = tc.run_scenario(scenario, catalog=shared_context().catalog)
    context = tc.level_context(shared_context().bundle, "lsoa")
    share = tc.shared_robustness(result, context, catalog=shared_context().catalog)
    spots = tc.shared_hotspots(result, context, catalog=shared_context().catalog)
    client = redis.Redis.from_url(redis_url)
    assert client.keys("outreach-atlas:robustness:*") and client.keys("outreach-atlas:hotspots:*")
    # Another worker: empty local memory, same Redis.
    other = cache.SharedCache(redis_url)
    monkeypatch.setattr(cache, "shared_cache", lambda: other)
    monkeypatch.setattr(tc, "robustness", lambda *_a: (_ for _ in ()).throw(AssertionError))
    assert tc.shared_robustness(result, context, catalog=shared_context().catalog).equals(share)
    assert tc.shared_hotspots(result, context, catalog=shared_context().catalog).equals(spots)
