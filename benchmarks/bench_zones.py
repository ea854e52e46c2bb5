"""Zones and shop-fronts (issue 25): time and peak memory of zone design (walking gap, K zones by
SKATER, a minimum size) and shop siting (maximal covering: spopt/CBC for small models, HiGHS for
large) for the top 50 and top 200 LSOAs of the region; what one change of a zone control costs the
server (the page's two callbacks, from a cold cache) and the tab again (design and plan from the
shared cache); and zone design and siting at England size on the SYNTHETIC geography
(benchmarks/synthetic.py: copies of the region's LSOAs, postcodes and venues). Goal: each
interactive step under 1 s at City Region size. Peak memory is what Python allocates (tracemalloc):
the solvers' own native memory is not in it."""

from __future__ import annotations

import statistics
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import pandas as pd

from benchmarks import synthetic
from benchmarks.common import command_line, quick, write
from dashboard import cache
from dashboard.context import shared_context
from dashboard.data import configure, get_bundle
from dashboard.targetview.context import level_context, run_scenario
from dashboard.targetview.outputs import view_after_change
from dashboard.targetview.shops import candidates_for, demand_of
from dashboard.targetview.zone_outputs import zone_view
from layers.targeting.link import from_query
from layers.targeting.shopfront import plan_shops
from layers.targeting.siting import centre_demand, postcode_demand, site_shops
from layers.targeting.zoning import ZoneRule, design_zones

RULES = {
    "gap 800 m": ZoneRule(gap_m=800),
    "gap 800 m, K = 8": ZoneRule(gap_m=800, k=8),
    "gap 800 m, K = 8, ≥ 5,000 residents": ZoneRule(
        gap_m=800, k=8, min_measure="residents", min_size=5000
    ),
}


def measured(action: Callable[[], Any], repeats: int) -> tuple[float, float, float, float]:
    """Median and worst milliseconds over ``repeats`` warm runs, the median CPU milliseconds (on a
    shared machine the wall clock includes others' work) and the peak MB one run allocates."""
    action()
    samples, cpu = [], []
    for _ in range(repeats):
        started, started_cpu = time.perf_counter(), time.process_time()
        action()
        samples.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    tracemalloc.start()
    action()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return statistics.median(samples), max(samples), statistics.median(cpu), peak / 1e6


def cold(action: Callable[[], Any]) -> Callable[[], Any]:
    """``action`` from an empty shared cache (in-process here): what the first user to make a change
    waits for, before any worker has the design or the plan."""

    def run() -> Any:
        cache.shared_cache.cache_clear()
        return action()

    return run


def row(measure: str, timing: tuple[float, float, float, float], goal: str = "< 1,000 ms") -> dict:
    median, worst, cpu, peak = timing
    return {
        "measure": measure,
        "value": median,
        "unit": "ms",
        "goal": goal,
        "note": f"worst {worst:,.0f} ms; CPU {cpu:,.0f} ms; peak {peak:,.1f} MB allocated",
    }


def main() -> None:
    configure(None)
    repeats = 3 if quick() else 10
    rows: list[dict[str, Any]] = []
    context = level_context(shared_context().bundle, "lsoa")
    catalog = shared_context().catalog
    for top in (50, 200):
        result = run_scenario(
            from_query({"preset": "worklessness", "top": str(top)}),
            catalog=shared_context().catalog,
        )
        shortlist = list(result.shortlist)
        for label, rule in RULES.items():
            timing = measured(
                lambda r=rule, chosen=shortlist: design_zones(
                    chosen, context.codes, context.adjacency, context.areas, r, context.geometry
                ),
                repeats,
            )
            rows.append(row(f"zone design, top {top}: {label}", timing))
        zoned = run_scenario(
            from_query(
                {"preset": "worklessness", "top": str(top), "zone_gap": "800", "zones": "8"}
            ),
            catalog=shared_context().catalog,
        )
        demand = demand_of(shared_context().bundle, context)
        candidates = candidates_for(shared_context().bundle, None)
        for shops in (1, 3, 8):
            timing = measured(
                lambda s=shops, z=zoned.zone, d=demand, c=candidates: plan_shops(z, d, c, s),
                repeats,
            )
            rows.append(
                row(f"shop siting, top {top}, 8 zones: {shops} shop(s) + each zone's", timing)
            )
        scenario = from_query(
            {
                "preset": "worklessness",
                "top": str(top),
                "zone_gap": "800",
                "zones": "8",
                "shops": "3",
            }
        )
        timing = measured(
            cold(lambda s=scenario: (view_after_change(s, catalog), zone_view(s, catalog, None))),
            repeats,
        )
        rows.append(
            row(f"page: a zone control change, top {top} (both callbacks, cold cache)", timing)
        )
        timing = measured(lambda s=scenario: zone_view(s, catalog, None), repeats)
        rows.append(row(f"page: zones tab again, top {top} (design and plan cached)", timing))

    # England size: SYNTHETIC copies of the region's LSOAs (never shown as places).
    geography = synthetic.build(get_bundle(), synthetic.ENGLAND_LSOAS)
    areas = geography.areas
    shapes = geography.geometry.geometry
    order = areas["claimants"].fillna(-1).sort_values(ascending=False, kind="stable").index
    for top, rule, label in (
        (200, ZoneRule(gap_m=800, k=8), "gap 800 m, K = 8"),
        (1700, ZoneRule(gap_m=800), "gap 800 m"),
        (1700, ZoneRule(gap_m=800, k=40), "gap 800 m, K = 40"),
    ):
        chosen = list(order[:top])
        timing = measured(
            lambda c=chosen, r=rule: design_zones(
                c, areas.index, geography.adjacency, areas, r, shapes
            ),
            1 if top > 500 else repeats,
        )
        rows.append(
            row(f"SYNTHETIC 34k LSOAs, top {top}: {label}", timing, goal="background if > 1 s")
        )
    chosen = list(order[:1700])
    centres = shapes.representative_point()
    points = pd.DataFrame({"x": centres.x, "y": centres.y}, index=areas.index)
    need = centre_demand(points, areas["claimants"], chosen)
    sites = points.loc[chosen[::5]].reset_index(drop=True)
    timing = measured(lambda: site_shops(need, sites, 20), 1)
    rows.append(
        row(
            "SYNTHETIC 34k LSOAs, top 1,700: 20 shops from 340 sites (area centres)",
            timing,
            goal="background if > 1 s",
        )
    )
    # Siting as the page does it, on SYNTHETIC postcodes and venues (the region's, shifted with
    # each copy): the shortlist's shops and each zone's best site.
    offsets = synthetic.copy_offsets(get_bundle())
    for top, rule, shops, label in (
        (200, ZoneRule(gap_m=800, k=8), 3, "8 zones: 3 shops + each zone's"),
        (1700, ZoneRule(gap_m=800, k=40), 20, "40 zones: 20 shops + each zone's"),
    ):
        chosen = list(order[:top])
        zone = design_zones(chosen, areas.index, geography.adjacency, areas, rule, shapes).zone
        postcodes = synthetic.synthetic_postcodes(get_bundle(), chosen, offsets)
        venues = synthetic.synthetic_venues(
            get_bundle(), {int(code[3:7]) for code in chosen}, offsets
        )

        def synthetic_demand(codes, postcodes=postcodes):
            return postcode_demand(postcodes, areas["claimants"], codes)

        timing = measured(
            lambda z=zone, d=synthetic_demand, v=venues, n=shops: plan_shops(z, d, v, n),
            1 if top > 500 else repeats,
        )
        rows.append(
            row(
                f"SYNTHETIC 34k LSOAs, top {top:,}, {label} ({len(postcodes):,} postcodes, "
                f"{len(venues):,} venues)",
                timing,
                goal="background if > 1 s",
            )
        )
    write("zones", rows)


if __name__ == "__main__":
    command_line("benchmarks.bench_zones", __doc__)
    main()
