"""Zone designs and shop plans go through the shared cache under keys that say what they depend on
(issue 25): the page's two callbacks after a change, the pack and the exports compute a design and a
plan once; another shortlist, rule, number of shops, premises file or bundle is another key."""

from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType

import pytest

from dashboard import cache
from layers.targeting.link import from_query
from layers.targeting.premises import Premises
from layers.targeting.zoning import ZoneRule

pytestmark = pytest.mark.realdata

QUERY = {"preset": "worklessness", "top": "50", "zone_gap": "800", "zones": "8", "shops": "2"}


@pytest.fixture()
def fresh_cache(monkeypatch):
    """An empty in-process cache, so earlier tests' entries cannot answer."""
    store = cache.SharedCache(None)
    monkeypatch.setattr(cache, "shared_cache", lambda: store)
    return store


@pytest.fixture()
def counted(monkeypatch):
    """How many times a zone design and a shop plan are really computed."""
    from dashboard.targetview import designs, shops

    calls = {"design": 0, "plan": 0}
    design_for, plan_shops = designs.design_for, shops.plan_shops

    def count_design(*args):
        calls["design"] += 1
        return design_for(*args)

    def count_plan(*args):
        calls["plan"] += 1
        return plan_shops(*args)

    monkeypatch.setattr(designs, "design_for", count_design)
    monkeypatch.setattr(shops, "plan_shops", count_plan)
    return calls


def test_a_change_designs_zones_and_sites_shops_once(app_bundle, fresh_cache, counted):
    from dashboard.targetview.context import export_download, run_scenario
    from dashboard.targetview.zone_outputs import zone_view
    from layers.catalog import shared_catalog

    scenario = from_query(QUERY)
    catalog = shared_catalog(app_bundle)
    first = run_scenario(scenario, catalog)  # the main callback
    zone_view(scenario, catalog, None)  # the zones tab
    export_download(scenario, "csv", catalog)  # a download
    assert counted == {"design": 1, "plan": 1}
    again = run_scenario(scenario, catalog)
    assert again.zone.equals(first.zone) and again.zone_problems == first.zone_problems
    assert int(first.zone.max()) == 8

    # Another rule, another shortlist or another number of shops is computed afresh.
    run_scenario(from_query(QUERY | {"zones": "6"}), catalog)
    run_scenario(from_query(QUERY | {"top": "40"}), catalog)
    assert counted["design"] == 3
    zone_view(from_query(QUERY | {"shops": "3"}), catalog, None)
    assert counted["plan"] == 2


def test_keys_name_bundle_level_shortlist_rule_shops_and_premises(app_bundle):
    import pandas as pd

    from dashboard.targetview.designs import design_key
    from dashboard.targetview.shops import plan_key

    rebuilt = replace(
        app_bundle, manifest=MappingProxyType({**app_bundle.manifest, "input_hash": "rebuilt"})
    )
    rule = ZoneRule(gap_m=800, k=8)
    shortlist = ("E01006512", "E01006513")
    base = design_key(app_bundle, "lsoa", shortlist, rule)
    assert base == design_key(app_bundle, "lsoa", shortlist, ZoneRule(gap_m=800.0, k=8))
    for other in (
        design_key(rebuilt, "lsoa", shortlist, rule),
        design_key(app_bundle, "ward", shortlist, rule),
        design_key(app_bundle, "lsoa", shortlist[::-1], rule),
        design_key(app_bundle, "lsoa", shortlist, replace(rule, k=7)),
        design_key(app_bundle, "lsoa", shortlist, replace(rule, min_size=5000)),
        design_key(app_bundle, "lsoa", shortlist, replace(rule, min_measure="claimants")),
    ):
        assert other != base

    zone = pd.Series([1, 2], index=list(shortlist))
    hall = Premises(pd.DataFrame({"name": ["Hall"], "postcode": ["L1 1AA"], "lat": [53.4],
                                  "lon": [-2.98]}), ())  # fmt: skip
    moved = Premises(hall.table.assign(lat=53.41), ())
    plan = plan_key(app_bundle, "lsoa", zone, 2, None)
    for other in (
        plan_key(rebuilt, "lsoa", zone, 2, None),
        plan_key(app_bundle, "lsoa", zone.replace({2: 1}), 2, None),
        plan_key(app_bundle, "lsoa", zone, 3, None),
        plan_key(app_bundle, "lsoa", zone, 2, hall),
    ):
        assert other != plan
    assert plan_key(app_bundle, "lsoa", zone, 2, hall) != plan_key(
        app_bundle, "lsoa", zone, 2, moved
    )
