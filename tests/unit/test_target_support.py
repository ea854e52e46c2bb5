"""Tiny layers and areas, built in code, for the targeting tests."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse

from geodata.aggregate import Sum
from layers.base import IndicatorLayer
from layers.targeting.areas import LevelContext


def layer(layer_id: str, higher_is_worse: bool = True, **kwargs) -> IndicatorLayer:
    return IndicatorLayer(
        id=layer_id,
        title=layer_id.replace("_", " ").title(),
        description="",
        unit="%",
        source_id="iod2025",
        date="2025",
        geography="LSOA 2021",
        measure=Sum(layer_id),
        higher_is_worse=higher_is_worse,
        levels=("lsoa", "ward"),
        **kwargs,
    )


def grid_adjacency(rows: int, cols: int) -> sparse.csr_matrix:
    """Queen contiguity on a rows × cols grid of squares, numbered row by row."""
    n = rows * cols
    pairs = []
    for r in range(rows):
        for c in range(cols):
            for dr in (-1, 0, 1):
                for dc in (-1, 0, 1):
                    rr, cc = r + dr, c + dc
                    if (dr or dc) and 0 <= rr < rows and 0 <= cc < cols:
                        pairs.append((r * cols + c, rr * cols + cc))
    i, j = zip(*pairs, strict=True)
    return sparse.csr_matrix((np.ones(len(i)), (i, j)), shape=(n, n))


def context(
    codes: list[str],
    borough: list[str],
    population: list[float],
    claimants: list[float],
    adjacency: sparse.csr_matrix,
    level: str = "lsoa",
) -> LevelContext:
    n = len(codes)
    areas = pd.DataFrame(
        {
            "name": [f"Area {c}" for c in codes],
            "borough": borough,
            "borough_code": borough,
            "ward": [f"Ward {b}" for b in borough],
            "ward_code": borough,
            "population": np.asarray(population, dtype="float64"),
            "claimants": np.asarray(claimants, dtype="float64"),
            "claimants_missing": np.isnan(np.asarray(claimants, dtype="float64")).astype(int),
            "children": np.full(n, np.nan),
            "children_missing": np.ones(n, dtype=int),
            "from_2011_change": ["U"] * n,
            "venues_gp": np.zeros(n, dtype=int),
            "venues_pharmacy": np.zeros(n, dtype=int),
            "venues_library": np.zeros(n, dtype=int),
            "area_km2": np.ones(n),
        },
        index=pd.Index(codes, name="code"),
    )
    return LevelContext(level=level, areas=areas, adjacency=adjacency.tocsr())
