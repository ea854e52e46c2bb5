"""Zones and shop-fronts (issue 25): time and peak memory of zone design (walking gap, K zones by
SKATER, a minimum size) and shop siting (maximal covering with CBC) for the top 50 and top 200 LSOAs
of the region, what one change on the page costs the server, and zone design at England size on the
SYNTHETIC geography (benchmarks/synthetic.py). Goal: each interactive step under 1 s at City Region
size."""

from __future__ import annotations

import statistics
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import pandas as pd

from benchmarks import synthetic
from benchmarks.common import command_line, quick, write
from dashboard.context import shared_context
from dashboard.data import configure, get_bundle
from dashboard.targetview.context import level_context, run_scenario
from dashboard.targetview.shops import candidates_for, demand_of
from dashboard.targetview.zone_outputs import zone_view
from layers.targeting.link import from_query
from layers.targeting.shopfront import plan_shops
from layers.targeting.siting import centre_demand, site_shops
from layers.targeting.zoning import ZoneRule, design_zones

RULES = {
    "gap 800 m": ZoneRule(gap_m=800),
    "gap 800 m, K = 8": ZoneRule(gap_m=800, k=8),
    "gap 800 m, K = 8, ≥ 5,000 residents": ZoneRule(
        gap_m=800, k=8, min_measure="residents", min_size=5000
    ),
}


def measured(action: Callable[[], Any], repeats: int) -> tuple[float, float, float]:
    """Median and worst milliseconds over ``repeats`` warm runs, and the peak MB one run allocates."""
    action()
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    tracemalloc.start()
    action()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return statistics.median(samples), max(samples), peak / 1e6


def row(measure: str, timing: tuple[float, float, float], goal: str = "< 1,000 ms") -> dict:
    median, worst, peak = timing
    return {
        "measure": measure,
        "value": median,
        "unit": "ms",
        "goal": goal,
        "note": f"worst {worst:,.0f} ms; peak {peak:,.1f} MB allocated",
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
        demand = demand_of(context)
        candidates = candidates_for(None)
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
        timing = measured(lambda s=scenario: zone_view(s, catalog, None), repeats)
        rows.append(row(f"page: zones tab + map layer after a change, top {top}", timing))

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
    write("zones", rows)


if __name__ == "__main__":
    command_line("benchmarks.bench_zones", __doc__)
    main()
