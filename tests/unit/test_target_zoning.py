"""Zone design on small built geographies with known answers: the walking-gap rule joins exactly the
areas it should, K and the minimum size are met or the failure is explained."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from scipy import sparse
from shapely.geometry import box

from layers.targeting.zoning import (
    ZoneRule,
    design_zones,
    gap_needed,
    proximity_graph,
)


def squares(xs: list[float], side: float = 100.0, y: float = 0.0) -> gpd.GeoSeries:
    """Squares of ``side`` metres whose left edges are at ``xs`` (all on one row)."""
    return gpd.GeoSeries([box(x, y, x + side, y + side) for x in xs], crs=27700)


def setup(xs: list[float], population: list[float], claimants: list[float] | None = None):
    n = len(xs)
    codes = pd.Index([f"E0100{i:04d}" for i in range(n)], name="code")
    geometry = squares(xs)
    geometry.index = codes
    adjacency = proximity_graph(geometry, 0.0)  # touching only
    areas = pd.DataFrame(
        {
            "population": np.asarray(population, dtype="float64"),
            "claimants": np.asarray(claimants or [10.0] * n, dtype="float64"),
        },
        index=codes,
    )
    return codes, adjacency, areas, geometry


def test_gap_joins_exactly_the_areas_within_it():
    # Edges: 0|100 gap 250 to 350|450, gap 800 to 1250|1350, gap 801 to 2151|2251.
    codes, adjacency, areas, geometry = setup([0, 350, 1250, 2151], [100.0] * 4)
    zone = design_zones(list(codes), codes, adjacency, areas, ZoneRule(gap_m=800), geometry).zone
    assert zone.iloc[0] == zone.iloc[1] == zone.iloc[2]  # 250 m and exactly 800 m join
    assert zone.iloc[3] != zone.iloc[2]  # 801 m does not
    narrow = design_zones(list(codes), codes, adjacency, areas, ZoneRule(gap_m=249), geometry)
    assert narrow.zone.nunique() == 4


def test_default_rule_is_touching_only():
    codes, adjacency, areas, geometry = setup([0, 100, 300], [100.0] * 3)
    design = design_zones(list(codes), codes, adjacency, areas, ZoneRule(), geometry)
    assert design.zone.tolist()[0] == design.zone.tolist()[1] != design.zone.tolist()[2]
    assert design.problems == ()


def test_k_splits_a_chain_into_compact_zones():
    # Six touching squares in a row, two clumps of three far apart in claimants: K=2 cuts the middle.
    codes, adjacency, areas, geometry = setup(
        [0, 100, 200, 300, 400, 500], [100.0] * 6, [1, 1, 1, 5, 5, 5]
    )
    design = design_zones(list(codes), codes, adjacency, areas, ZoneRule(k=2), geometry)
    assert design.zone.tolist() == [2, 2, 2, 1, 1, 1]
    assert design.problems == ()


def test_minimum_size_moves_the_cut():
    # Residents 500, 100, 100, 100, 100, 100 in a row. Without a minimum K=2 cuts in the middle
    # (3 | 3, the most compact); with 400 the right part needs four areas, and of the two cuts that
    # leave both sides at 400 or more (1 | 5, 2 | 4) the more compact is 2 | 4.
    codes, adjacency, areas, geometry = setup(
        [0, 100, 200, 300, 400, 500], [500, 100, 100, 100, 100, 100]
    )
    rule = ZoneRule(k=2, min_measure="residents", min_size=400)
    design = design_zones(list(codes), codes, adjacency, areas, rule, geometry)
    left, right = set(design.zone.iloc[:2]), set(design.zone.iloc[2:])
    assert len(left) == len(right) == 1 and left != right
    assert design.problems == ()
    unconstrained = design_zones(list(codes), codes, adjacency, areas, ZoneRule(k=2), geometry)
    assert unconstrained.zone.iloc[2] != unconstrained.zone.iloc[3]


def test_k_too_many_for_the_minimum_is_explained():
    codes, adjacency, areas, geometry = setup([0, 100, 200], [300, 300, 300])
    rule = ZoneRule(k=3, min_size=500)
    design = design_zones(list(codes), codes, adjacency, areas, rule, geometry)
    assert design.zone.nunique() == 1
    assert "only 1" in design.problems[0] and "500" in design.problems[0]


def test_zone_under_minimum_is_reported_not_dropped():
    # Two groups 2 km apart; the small one cannot reach 500 residents.
    codes, adjacency, areas, geometry = setup([0, 100, 2100], [400, 400, 200])
    rule = ZoneRule(gap_m=800, min_size=500)
    design = design_zones(list(codes), codes, adjacency, areas, rule, geometry)
    assert len(design.zone) == 3  # nothing dropped
    small = design.zone.iloc[2]
    assert design.below_minimum == (small,)
    assert any(f"Zone {small}" in p and "200" in p and "no other" in p for p in design.problems)


def test_k_fewer_than_the_groups_joins_the_nearest_and_says_how_far():
    # Edge gaps 900 m and 1,900 m: two zones join the nearer pair, at 900 m.
    codes, adjacency, areas, geometry = setup([0, 1000, 3000], [100.0] * 3)
    design = design_zones(list(codes), codes, adjacency, areas, ZoneRule(gap_m=800, k=2), geometry)
    assert design.zone.iloc[0] == design.zone.iloc[1] != design.zone.iloc[2]
    assert "groups up to 900 m apart" in design.problems[0]


def test_k_fewer_than_the_groups_without_boundaries_is_explained():
    codes, adjacency, areas, _ = setup([0, 1000, 3000], [100.0] * 3)
    design = design_zones(list(codes), codes, adjacency, areas, ZoneRule(k=2), None)
    assert design.zone.nunique() == 3
    assert "falls into 3 separate groups" in design.problems[0]


def test_gap_needed_is_the_single_linkage_distance():
    geometry = squares([0, 1000, 3000])  # edge gaps 900 and 1900
    assert gap_needed(geometry, 2) == 900
    assert gap_needed(geometry, 1) == 1900
    assert gap_needed(geometry, 3) is None


def test_unknown_code_and_bad_rules_say_so():
    codes, adjacency, areas, geometry = setup([0, 100], [1.0, 1.0])
    with pytest.raises(ValueError, match="unknown area codes"):
        design_zones(["E0199999"], codes, adjacency, areas, ZoneRule(), geometry)
    with pytest.raises(ValueError, match="between 0 and"):
        ZoneRule(gap_m=-1)
    with pytest.raises(ValueError, match="number of zones"):
        ZoneRule(k=0)
    with pytest.raises(ValueError, match="needs the areas' boundaries"):
        design_zones(list(codes), codes, adjacency, areas, ZoneRule(gap_m=100), None)


def test_empty_selection():
    codes, adjacency, areas, geometry = setup([0, 100], [1.0, 1.0])
    design = design_zones([], codes, adjacency, areas, ZoneRule(k=3), geometry)
    assert design.zone.empty


def test_proximity_graph_is_symmetric_without_self_loops():
    graph = proximity_graph(squares([0, 150, 400]), 60.0)
    dense = graph.toarray()
    assert (dense == dense.T).all() and dense.trace() == 0
    assert dense[0, 1] == 1 and dense[1, 2] == 0
    assert isinstance(graph, sparse.csr_matrix)


# --- the zone and shop settings in a link ------------------------------------


def test_link_round_trip_keeps_zone_and_shop_settings():
    from layers.targeting.link import from_query, to_query

    query = {
        "zone_gap": "800",
        "zones": "8",
        "zone_min": "residents:5000",
        "shops": "3",
        "sites": "premises_0a1b2c3d",
    }
    scenario = from_query(query)
    assert scenario.zoning == ZoneRule(gap_m=800, k=8, min_measure="residents", min_size=5000)
    assert scenario.shops == 3 and scenario.sites == "premises_0a1b2c3d"
    assert from_query(to_query(scenario)) == scenario
    assert {k: to_query(scenario)[k] for k in query} == query


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"zone_gap": "-3"}, "between 0 and"),
        ({"zone_gap": "far"}, "zone_gap must be a number"),
        ({"zones": "0"}, "zones must be a whole number"),
        ({"zone_min": "people:5"}, "residents or claimants"),
        ({"zone_min": "residents:5,claimants:3"}, "one minimum"),
        ({"shops": "30"}, "between 0 and 20"),
        ({"sites": "../etc"}, "premises id"),
    ],
)
def test_bad_zone_settings_in_a_link_say_which(query, message):
    from layers.targeting.link import from_query
    from layers.targeting.scenario import ScenarioError

    with pytest.raises(ScenarioError, match=message):
        from_query(query)


def test_run_uses_the_zone_rule():
    from layers.targeting.engine import run
    from layers.targeting.scenario import Scenario
    from layers.targeting.selection import Rules
    from tests.unit.test_target_support import context, grid_adjacency, layer

    codes = [f"E0100000{i}" for i in range(9)]
    ctx = context(codes, ["A"] * 9, [100.0] * 9, [float(i) for i in range(9)], grid_adjacency(3, 3))
    layers = {"out_of_work": layer("out_of_work")}
    values = pd.Series(np.arange(9, dtype=float), index=codes)
    base = Scenario(preset=None, weights=(("out_of_work", 1.0),), rules=Rules(top_n=9))
    plain = run(base, ctx, layers, lambda _layer: values)
    assert plain.zone.nunique() == 1 and plain.zone_problems == ()
    from dataclasses import replace

    split = run(replace(base, zoning=ZoneRule(k=3)), ctx, layers, lambda _layer: values)
    assert split.zone.nunique() == 3 and len(split.zones) == 3


def test_a_gap_never_joins_areas_on_land_parted_by_water():
    # Two squares 300 m apart, but on different land (no chain of touching areas links them, as
    # the Mersey parts Wirral from Liverpool): even K = 1 cannot join them, and says why.
    codes, adjacency, areas, geometry = setup([0, 400], [100.0, 100.0])
    land = np.array([0, 1])
    rule = ZoneRule(gap_m=800)
    design = design_zones(list(codes), codes, adjacency, areas, rule, geometry, land)
    assert design.zone.nunique() == 2
    one = ZoneRule(gap_m=800, k=1)
    design = design_zones(list(codes), codes, adjacency, areas, one, geometry, land)
    assert design.zone.nunique() == 2 and "parted by water" in design.problems[0]
    same_land = design_zones(list(codes), codes, adjacency, areas, rule, geometry, np.array([0, 0]))
    assert same_land.zone.nunique() == 1
