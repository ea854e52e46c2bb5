"""Flood zones: selected areas that touch (queen contiguity) join into one zone.

Zones come from the precomputed adjacency, so they can only join areas whose boundaries meet: on the
ONS clipped boundaries a river keeps the neighbourhoods on its two banks apart.
Zones are numbered by out-of-work claimants reached, most first.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from layers.targeting.areas import VENUE_KINDS


def components(adjacency: sparse.csr_matrix, positions: np.ndarray) -> np.ndarray:
    """Connected-component label (0..k-1) of each of ``positions`` within the induced subgraph."""
    if len(positions) == 0:
        return np.array([], dtype=int)
    sub = adjacency[positions][:, positions]
    _, labels = connected_components(sub, directed=False)
    return labels


def flood_zones(
    selected: Sequence[str], codes: pd.Index, adjacency: sparse.csr_matrix, claimants: pd.Series
) -> pd.Series:
    """Zone number (1 = most claimants) of each selected code, indexed by code in ``selected`` order.

    Ties are broken by the number of areas, then by the smallest code, so numbering is stable.
    """
    positions = codes.get_indexer(list(selected))
    if (positions < 0).any():
        unknown = [c for c, p in zip(selected, positions, strict=True) if p < 0]
        raise ValueError(f"unknown area codes: {', '.join(unknown[:5])}")
    labels = components(adjacency, positions)
    if len(labels) == 0:
        return pd.Series([], index=pd.Index([], name="code", dtype="str"), name="zone", dtype=int)
    k = int(labels.max()) + 1
    reached = np.nan_to_num(claimants.to_numpy(dtype="float64")[positions])
    totals = np.bincount(labels, weights=reached, minlength=k)
    sizes = np.bincount(labels, minlength=k)
    ordered_codes = np.asarray(list(selected), dtype=object)
    first = np.array([min(ordered_codes[labels == label]) for label in range(k)], dtype=object)
    ranking = np.lexsort((first, -sizes, -totals))
    number = np.empty(k, dtype=int)
    number[ranking] = np.arange(1, k + 1)
    return pd.Series(number[labels], index=pd.Index(list(selected), name="code"), name="zone")


def zone_table(zone: pd.Series, areas: pd.DataFrame) -> pd.DataFrame:
    """One row per zone: areas, boroughs, main wards, population, claimants, children (where known),
    area and venues inside. ``areas`` is a level's area table."""
    columns = [
        "zone",
        "n_areas",
        "boroughs",
        "wards",
        "population",
        "claimants",
        "claimants_missing",
        "children",
        "children_missing",
        "area_km2",
        *(f"venues_{kind}" for kind in VENUE_KINDS),
        "codes",
    ]
    if zone.empty:
        return pd.DataFrame(columns=columns)
    numbers = zone.to_numpy(dtype=int)
    k = int(numbers.max())
    index = numbers - 1
    members = areas.loc[zone.index]
    table: dict[str, object] = {
        "zone": np.arange(1, k + 1),
        "n_areas": np.bincount(index, minlength=k),
    }
    for column in ("population", "claimants", "children", "area_km2"):
        values = members[column].to_numpy(dtype="float64")
        known = ~np.isnan(values)
        sums = np.bincount(index[known], weights=values[known], minlength=k)
        # A zone with nothing known has no total: never a 0.
        table[column] = np.where(np.bincount(index[known], minlength=k) > 0, sums, np.nan)
    for column in ("claimants_missing", "children_missing", *(f"venues_{v}" for v in VENUE_KINDS)):
        table[column] = np.bincount(index, weights=members[column].to_numpy(), minlength=k).astype(
            int
        )
    boroughs: list[set[str]] = [set() for _ in range(k)]
    wards: list[dict[str, int]] = [{} for _ in range(k)]
    codes: list[list[str]] = [[] for _ in range(k)]
    for i, code, borough, ward in zip(
        index, members.index, members["borough"], members["ward"], strict=True
    ):
        if isinstance(borough, str):
            boroughs[i].add(borough)
        wards[i][ward] = wards[i].get(ward, 0) + 1
        codes[i].append(code)
    table["boroughs"] = [", ".join(sorted(b)) for b in boroughs]
    # The three wards holding most of the zone's areas name it.
    table["wards"] = [
        ", ".join(name for name, _ in sorted(w.items(), key=lambda kv: (-kv[1], kv[0]))[:3])
        + (" …" if len(w) > 3 else "")
        for w in wards
    ]
    table["codes"] = [tuple(c) for c in codes]
    return pd.DataFrame(table, columns=columns, index=pd.Index(np.arange(1, k + 1), name="zone"))
