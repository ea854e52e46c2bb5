"""How the targeting and aggregation cost grows from one region towards all of England.

Runs on SYNTHETIC areas (``benchmarks/synthetic.py``: the region's LSOAs copied and shifted, codes
``SYN…``) at 1k, 5k, 10k and 33,755 areas (England's LSOA count). Goal: each step at most 0.5 s at 34k.
"""

from __future__ import annotations

import math
import time
from typing import Any

import pandas as pd

from benchmarks import synthetic
from benchmarks.common import command_line, median_seconds, quick, write
from dashboard.data import configure, get_bundle
from geodata.aggregate import Ratio, Sum, WeightedMean, aggregate
from layers import LAYERS
from layers.targeting.areas import queen_adjacency
from layers.targeting.engine import robustness, run
from layers.targeting.hotspots import hotspots
from layers.targeting.link import from_query
from layers.targeting.scoring import score
from layers.targeting.selection import select
from layers.targeting.zones import flood_zones

SIZES = (1_000, 5_000, 10_000, synthetic.ENGLAND_LSOAS)
GOAL_SECONDS = 0.5
# Rates recomputed from counts at the higher level, as the atlas does (never averaged).
MEASURES = {
    "population": Sum("population"),
    "claimants": Sum("claimants"),
    "claimant_rate": Ratio("claimants", "population", 100.0),
    "area_weighted_children": WeightedMean("children", "population"),
}


def measure_size(n: int, repeats: int, with_hotspots: bool) -> dict[str, float]:
    bundle = get_bundle()
    geography = synthetic.build(bundle, n)
    context = geography.context
    areas = context.areas
    real_values: dict[str, pd.Series] = {}

    def values_of(layer) -> pd.Series:
        if layer.id not in real_values:
            lsoa = layer.values(bundle, "lsoa")["value"].astype("float64")
            real_values[layer.id] = synthetic.synthetic_series(lsoa.reindex(bundle.lsoa.index), n)
        return real_values[layer.id]

    scenario = from_query({"preset": "worklessness", "top": "50"})
    per_borough = from_query({"preset": "worklessness", "top": "50", "per_borough": "1"}).rules
    result = run(scenario, context, LAYERS, values_of)  # warm: layer values copied once
    components = result.components
    values = result.values
    scored = result.scored
    timings = {
        "score": median_seconds(lambda: score(components, values, "lsoa"), repeats),
        "select": median_seconds(
            lambda: select(
                scored.score, areas["population"], areas["borough"], values, scenario.rules
            ),
            repeats,
        ),
        "select_per_borough": median_seconds(
            lambda: select(
                scored.score, areas["population"], areas["borough"], values, per_borough
            ),
            repeats,
        ),
        "zones": median_seconds(
            lambda: flood_zones(
                result.shortlist, context.codes, context.adjacency, areas["claimants"]
            ),
            repeats,
        ),
        "run": median_seconds(lambda: run(scenario, context, LAYERS, values_of), repeats),
        "aggregate_ward": median_seconds(lambda: aggregate(areas, "ward_code", MEASURES), repeats),
        "aggregate_borough": median_seconds(
            lambda: aggregate(areas, "borough_code", MEASURES), repeats
        ),
        "robustness": median_seconds(lambda: robustness(result, context), max(1, repeats // 3)),
    }
    if with_hotspots:
        timings["hotspots"] = median_seconds(lambda: hotspots(scored.score, context.adjacency), 1)
    started = time.perf_counter()
    queen_adjacency(geography.geometry, areas.index)
    timings["adjacency"] = time.perf_counter() - started
    assert areas.index.str.startswith(synthetic.CODE_PREFIX).all()
    return timings


def growth(small: float, large: float, n_small: int, n_large: int) -> float:
    """Exponent k in cost ∝ n^k between two sizes."""
    return math.log(large / small) / math.log(n_large / n_small)


LABELS = {
    "score": "score (2 indicators, rank)",
    "select": "select (top 50)",
    "select_per_borough": "select (top 50, at least 1 per borough)",
    "zones": "flood zones (connected components)",
    "run": "rescore + select + zones, end to end",
    "aggregate_ward": "aggregate LSOA -> ward (sums, ratio, weighted mean)",
    "aggregate_borough": "aggregate LSOA -> borough",
    "robustness": "robustness, 200 weight draws (cached)",
    "hotspots": "Gi* hot spots, 999 permutations (cached)",
    "adjacency": "queen contiguity from polygons (once per bundle)",
}
WITH_GOAL = {
    "score",
    "select",
    "select_per_borough",
    "zones",
    "run",
    "aggregate_ward",
    "aggregate_borough",
}


def main() -> None:
    configure(None)
    repeats = 3 if quick() else 7
    results = {}
    for n in SIZES:
        print(f"  {n:,} synthetic areas …", flush=True)
        results[n] = measure_size(n, repeats, with_hotspots=not quick() or n <= 10_000)
    rows: list[dict[str, Any]] = []
    largest = SIZES[-1]
    for key, label in LABELS.items():
        sizes = [n for n in SIZES if key in results[n]]
        if not sizes:
            continue
        by_size = ", ".join(f"{n / 1000:.0f}k {results[n][key] * 1000:,.0f}" for n in sizes)
        top = sizes[-1]
        exponent = growth(results[sizes[0]][key], results[top][key], sizes[0], top)
        row: dict[str, Any] = {
            "measure": f"{label} at {top:,}",
            "value": results[top][key] * 1000,
            "unit": "ms",
            "note": f"ms by size: {by_size}; cost ~ n^{exponent:.2f}",
        }
        if key in WITH_GOAL and top == largest:
            row["goal"] = f"<= {GOAL_SECONDS * 1000:.0f} ms"
        rows.append(row)
    write("scale", rows)
    over = [r["measure"] for r in rows if "goal" in r and r["value"] > GOAL_SECONDS * 1000]
    if over:
        print("over the 0.5 s goal at England size: " + "; ".join(over))


if __name__ == "__main__":
    command_line("benchmarks.bench_scale", __doc__)
    main()
