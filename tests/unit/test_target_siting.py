"""Shop-front siting: the covering model picks the provably best site on a tiny instance and agrees
with a brute-force search on random small instances."""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from layers.targeting.siting import (
    Demand,
    best_cover,
    centre_demand,
    covered_weight,
    postcode_demand,
    site_shops,
)


def demand(points: list[tuple[float, float, float]]) -> Demand:
    frame = pd.DataFrame(points, columns=["x", "y", "weight"]).assign(area="E01000001")
    return Demand(frame, (), "test points")


def sites(points: list[tuple[float, float]]) -> pd.DataFrame:
    return pd.DataFrame(points, columns=["x", "y"])


def test_tiny_instance_picks_the_provably_best_site():
    # Claimants: 30 at the origin, 20 at 1 km east, 35 at 2 km east; radius 1,000 m. The site at
    # 1 km reaches all 85; the others reach 50 (origin), 55 (2 km) and 50 (500 m).
    need = demand([(0, 0, 30), (1000, 0, 20), (2000, 0, 35)])
    candidates = sites([(0, 0), (1000, 0), (2000, 0), (500, 0)])
    siting = site_shops(need, candidates, 1, radius_m=1000)
    assert [s.candidate for s in siting.sites] == [1]
    assert siting.covered == 85 and siting.share == 1.0
    # ...and were it unavailable the next best is the site at 2 km.
    assert siting.sites[0].alternatives[0] == (2, 55.0)


def test_two_shops_cover_both_clusters_and_report_near_and_walk():
    need = demand([(0, 0, 10), (300, 0, 5), (5000, 0, 40)])
    candidates = sites([(0, 0), (5000, 0), (5100, 0)])
    siting = site_shops(need, candidates, 2)
    chosen = {s.candidate for s in siting.sites}
    assert 0 in chosen and chosen & {1, 2}
    first = next(s for s in siting.sites if s.candidate == 0)
    assert first.within_near == 15 and first.within_walk == 15 and first.added == 15
    assert siting.covered == 55


def test_no_candidates_says_so():
    siting = site_shops(demand([(0, 0, 5)]), sites([]), 2)
    assert siting.sites == () and "No candidate sites" in siting.notes[-1]


def test_fewer_useful_sites_than_shops_is_explained():
    siting = site_shops(demand([(0, 0, 5)]), sites([(0, 0), (9000, 0)]), 2)
    assert [s.candidate for s in siting.sites] == [0]
    assert "Only 1 of the 2" in siting.notes[-1]


def test_postcode_demand_shares_each_areas_claimants_across_its_postcodes():
    postcodes = pd.DataFrame(
        {"lsoa": ["A", "A", "A", "A", "B", "C"], "x": range(6), "y": [0.0] * 6}
    )
    claimants = pd.Series({"A": 100.0, "B": np.nan, "C": 7.0, "D": 9.0})
    need = postcode_demand(postcodes, claimants, ["A", "B", "D"])
    assert need.points["weight"].tolist() == [25.0] * 4
    assert need.total == 100
    assert any("no postcode" in n and "D" in n for n in need.notes)
    assert any("no published claimant count" in n for n in need.notes)


def test_centre_demand_without_a_lookup_says_so():
    centres = pd.DataFrame({"x": [0.0, 10.0], "y": [0.0, 0.0]}, index=["A", "B"])
    need = centre_demand(centres, pd.Series({"A": 4.0, "B": 6.0}), ["A", "B"])
    assert need.total == 10 and "No postcode lookup" in need.notes[0]


def brute_force(cover: np.ndarray, weight: np.ndarray, p: int) -> float:
    n = cover.shape[1]
    return max(covered_weight(cover, weight, c) for c in combinations(range(n), min(p, n)))


@settings(max_examples=60, deadline=None)
@given(
    st.integers(min_value=1, max_value=9).flatmap(
        lambda n_demand: st.integers(min_value=1, max_value=6).flatmap(
            lambda n_sites: st.tuples(
                st.lists(
                    st.lists(st.booleans(), min_size=n_sites, max_size=n_sites),
                    min_size=n_demand,
                    max_size=n_demand,
                ),
                st.lists(
                    st.integers(min_value=0, max_value=50), min_size=n_demand, max_size=n_demand
                ),
                st.integers(min_value=1, max_value=4),
            )
        )
    )
)
def test_covering_model_agrees_with_brute_force(instance):
    rows, weights, p = instance
    cover = np.array(rows, dtype=bool)
    weight = np.array(weights, dtype="float64")
    chosen = best_cover(cover, weight, p)
    assert len(chosen) <= p
    assert covered_weight(cover, weight, chosen) == brute_force(cover, weight, p)


def test_zone_plan_gives_each_zone_its_best_site_and_the_shortlist_its_shops():
    from layers.targeting.shopfront import plan_shops

    # Two zones 5 km apart; each area's demand is one point at its own x.
    xs = {"A": 0.0, "B": 300.0, "C": 5000.0}
    weights = {"A": 10.0, "B": 5.0, "C": 40.0}

    def demand_of(codes):
        rows = [(xs[c], 0.0, weights[c]) for c in codes]
        return Demand(
            pd.DataFrame(rows, columns=["x", "y", "weight"]).assign(area=list(codes)), (), "pts"
        )

    candidates = pd.DataFrame(
        {
            "name": ["Library", "Shop", "Far"],
            "kind_label": ["Library", "Planner's premises", "Pharmacy"],
            "postcode": ["", "L1 1AA", ""],
            "lat": [53.4, 53.41, 53.5],
            "lon": [-2.9, -2.91, -2.5],
            "x": [0.0, 5000.0, 20000.0],
            "y": [0.0, 0.0, 0.0],
            "planner": [False, True, False],
        }
    )
    zone = pd.Series([1, 1, 2], index=["A", "B", "C"])
    plan = plan_shops(zone, demand_of, candidates, shops=1)
    assert plan.zones.loc[1, "site"] == "Library" and plan.zones.loc[1, "site_within_400"] == 15
    assert plan.zones.loc[2, "site"] == "Shop"
    assert [row["name"] for row in plan.site_rows()] == ["Shop"]  # 40 beats 15
    assert any("straight-line" in n for n in plan.notes)


def test_zone_tradeoff_accumulates_in_zone_order():
    from layers.targeting.tradeoff import zone_tradeoff

    table = pd.DataFrame(
        {
            "zone": [1, 2],
            "population": [1000.0, 500.0],
            "claimants": [60.0, 20.0],
            "children": [np.nan, 5.0],
            "area_km2": [1.0, 2.0],
        }
    )
    curve = zone_tradeoff({"this design": table}, {"claimants": 100.0, "children": 0.0})
    assert curve["claimants_share"].tolist() == [0.6, 0.8]
    assert curve["residents"].tolist() == [1000, 1500]
    assert curve["children_share"].isna().all()  # no known total: missing, not 0


def spopt_mclp(patterns: np.ndarray, weight: np.ndarray, p: int) -> list[int]:
    """The reference: ``spopt.locate.MCLP`` solved by the CBC inside the pulp wheel."""
    import warnings

    import pulp
    from spopt.locate import MCLP

    # spopt builds its coverage from a cost matrix and a radius: covered pairs cost 0, others 2.
    cost = np.where(patterns, 0.0, 2.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # PuLP 3.x announcing its 4.0 API
        model = MCLP.from_cost_matrix(cost, weight, service_radius=1.0, p_facilities=p)
        model.solve(pulp.PULP_CBC_CMD(msg=False), results=False)
    return [j for j, var in enumerate(model.fac_vars) if (var.value() or 0) > 0.5]


@settings(max_examples=15, deadline=None)
@given(st.integers(min_value=0, max_value=10_000), st.integers(min_value=2, max_value=4))
def test_the_in_process_model_agrees_with_spopts(seed, p):
    from layers.targeting.siting import _solve_mclp

    rng = np.random.default_rng(seed)
    patterns = rng.random((40, 12)) < 0.2
    patterns = patterns[patterns.any(axis=1)]
    weight = rng.integers(1, 30, len(patterns)).astype(float)
    ours = _solve_mclp(patterns, weight, p)
    assert len(ours) == p
    by_spopt = spopt_mclp(patterns, weight, p)
    assert covered_weight(patterns, weight, ours) == covered_weight(patterns, weight, by_spopt)
    assert covered_weight(patterns, weight, ours) == brute_force(patterns, weight, p)


def test_a_site_standing_on_a_demand_point_reaches_it():
    # Premises placed by postcode stand on the postcode's centroid: 0 m is within reach, never lost
    # as a zero distance.
    siting = site_shops(demand([(100, 100, 7), (5000, 0, 3)]), sites([(100, 100), (4000, 0)]), 1)
    assert [s.candidate for s in siting.sites] == [0]
    assert siting.sites[0].within_near == 7 and siting.covered == 7


def test_a_site_adding_nothing_is_not_chosen_and_the_plan_says_why():
    from layers.targeting.shopfront import plan_shops

    # Site 1 reaches only what site 0 reaches: one shop-front already does all two could.
    need = demand([(0, 0, 10), (300, 0, 5)])
    candidates = sites([(0, 0), (100, 0)]).assign(
        name=["Library", "Pharmacy"], kind_label="Library", postcode="", lat=53.4, lon=-2.9,
        planner=False,
    )  # fmt: skip
    plan = plan_shops(pd.Series([1], index=["E01000001"]), lambda _codes: need, candidates, 2)
    assert [row["name"] for row in plan.site_rows()] == ["Library"]
    assert any("1 site(s) already reach every claimant" in n for n in plan.notes)


def test_each_zone_reads_only_its_own_points_when_areas_share_a_centroid():
    from layers.targeting.shopfront import plan_shops

    # A and B share a postcode centroid at the origin; C is 5 km away. Zone 2 (B only) is placed at
    # the origin with its own 4 claimants, not A's.
    points = pd.DataFrame(
        {"x": [0.0, 0.0, 5000.0], "y": [0.0, 0.0, 0.0], "weight": [10.0, 4.0, 40.0],
         "area": ["A", "B", "C"]}
    )  # fmt: skip

    def demand_of(codes):
        return Demand(points[points["area"].isin(codes)].reset_index(drop=True), (), "pts")

    candidates = sites([(0.0, 0.0), (5000.0, 0.0)]).assign(
        name=["Hall", "Library"], kind_label="Library", postcode="", lat=53.4, lon=-2.9,
        planner=False,
    )  # fmt: skip
    zone = pd.Series([2, 3, 1], index=["A", "B", "C"])
    plan = plan_shops(zone, demand_of, candidates, 2)
    assert plan.zones.loc[3, "zone_claimants_placed"] == 4
    assert plan.zones.loc[3, "site"] == "Hall" and plan.zones.loc[3, "site_within_800"] == 4
    assert plan.zones.loc[2, "site_within_800"] == 10
    assert plan.zones.loc[1, "site"] == "Library"
    assert plan.siting is not None and plan.siting.covered == 54


@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=0, max_value=10_000), st.integers(min_value=2, max_value=3))
def test_the_reduced_model_agrees_with_brute_force_on_larger_instances(seed, p):
    # Sites with overlapping, nested and identical reach, postcodes with the same sites in reach
    # and postcodes with no claimants: every reduction before the solver is exercised.
    rng = np.random.default_rng(seed)
    cover = rng.random((60, 11)) < 0.15
    cover[:, 9] = cover[:, 2]  # a duplicate
    cover[:, 10] = cover[:, 3] & (rng.random(60) < 0.5)  # inside another
    cover = np.vstack([cover, cover[:10]])  # repeated patterns
    weight = rng.integers(0, 20, len(cover)).astype(float)
    chosen = best_cover(cover, weight, p)
    assert len(chosen) <= p and 9 not in chosen and 10 not in chosen
    assert covered_weight(cover, weight, chosen) == brute_force(cover, weight, p)
