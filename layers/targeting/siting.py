"""Where to open a shop-front: the sites that put the most out-of-work claimants within walking
distance, as a maximal covering location problem (MCLP; Church and ReVelle 1974) solved with
``spopt.locate.MCLP`` and the CBC solver that ships inside the ``pulp`` wheel (no network needed).

Why MCLP and not p-median: the question a neighbourhood team asks is "how many people can walk in",
a threshold (800 m, about ten minutes), not the average trip length p-median minimises, which a far
cluster of claimants can pull towards a site nobody walks to.

Demand: points (the region's postcode centroids) each carrying a share of its LSOA's claimants.
Candidates: the bundle's venues and any premises the planner supplies. Distances are **straight
lines** on the British National Grid (metres), not walking routes: every label says so.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
from pyproj import Transformer

WALK_M = 800.0  # about ten minutes' walk
NEAR_M = 400.0  # about five
MAX_SHOPS = 20
STRAIGHT_LINE = "straight-line distance, not a walking route"
ALTERNATIVES = 3


@lru_cache(maxsize=1)
def _to_bng() -> Transformer:
    return Transformer.from_crs(4326, 27700, always_xy=True)


def to_bng(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Easting and northing (metres) of WGS84 longitude and latitude."""
    x, y = _to_bng().transform(np.asarray(lon, dtype="float64"), np.asarray(lat, dtype="float64"))
    return np.asarray(x), np.asarray(y)


@dataclass(frozen=True)
class Demand:
    """Demand points: ``x, y`` (BNG metres), ``weight`` (claimants) and ``area`` (LSOA code)."""

    points: pd.DataFrame
    notes: tuple[str, ...]
    source: str  # what a point is ("postcode centroids …" or "area centres …")

    @property
    def total(self) -> float:
        return float(self.points["weight"].sum())


def postcode_demand(
    postcodes: pd.DataFrame, claimants: pd.Series, areas: Sequence[str], column: str = "lsoa"
) -> Demand:
    """Each postcode in ``areas`` carries its area's claimants divided by the number of the area's
    postcodes in the lookup. ``postcodes``: columns ``x, y`` (BNG) and ``column`` (the area code:
    ``lsoa`` or ``ward``). An area with no postcode, or no published count, adds no demand and is
    named in the notes."""
    wanted = pd.Index(list(areas))
    inside = postcodes[postcodes[column].isin(wanted)]
    per_area = inside.groupby(column).size()
    count = claimants.reindex(wanted)
    share = (count / per_area.reindex(wanted)).reindex(inside[column]).to_numpy()
    points = pd.DataFrame(
        {
            "x": inside["x"].to_numpy(dtype="float64"),
            "y": inside["y"].to_numpy(dtype="float64"),
            "weight": np.nan_to_num(share),
            "area": inside[column].to_numpy(dtype=object),
        }
    )
    notes = []
    no_postcode = [c for c in wanted if c not in per_area.index]
    if no_postcode:
        notes.append(
            f"{len(no_postcode)} area(s) have no postcode in the lookup, so their claimants are "
            f"not placed: {', '.join(no_postcode[:5])}{' …' if len(no_postcode) > 5 else ''}."
        )
    unpublished = [c for c in wanted if np.isnan(count.get(c, np.nan))]
    if unpublished:
        notes.append(
            f"{len(unpublished)} area(s) have no published claimant count and add no demand."
        )
    return Demand(
        points[points["weight"] > 0].reset_index(drop=True),
        tuple(notes),
        "postcode centroids (ONS NSPL May 2025), each with an equal share of its area's "
        "out-of-work claimants (IoD 2025)",
    )


def centre_demand(centres: pd.DataFrame, claimants: pd.Series, areas: Sequence[str]) -> Demand:
    """Without a postcode lookup: one point per area at its centre (``centres``: ``x, y`` by code)
    carrying all its claimants. Coarser, and said so."""
    wanted = pd.Index(list(areas))
    count = claimants.reindex(wanted)
    points = pd.DataFrame(
        {
            "x": centres["x"].reindex(wanted).to_numpy(dtype="float64"),
            "y": centres["y"].reindex(wanted).to_numpy(dtype="float64"),
            "weight": np.nan_to_num(count.to_numpy(dtype="float64")),
            "area": wanted.to_numpy(dtype=object),
        }
    )
    notes = ["No postcode lookup for this region: each area's claimants sit at its centre."]
    if count.isna().any():
        notes.append(f"{int(count.isna().sum())} area(s) have no published claimant count.")
    return Demand(
        points[points["weight"] > 0].reset_index(drop=True),
        tuple(notes),
        "area centres, each with its LSOA's out-of-work claimants (IoD 2025)",
    )


@dataclass(frozen=True)
class Site:
    candidate: int  # the site's label in the candidates table's index
    within_near: float  # claimants within NEAR_M
    within_walk: float  # claimants within WALK_M
    added: float  # claimants within WALK_M of this site and no other chosen site
    alternatives: tuple[tuple[int, float], ...]  # (candidate, total covered if it replaced this)


@dataclass(frozen=True)
class Siting:
    sites: tuple[Site, ...]
    covered: float  # claimants within WALK_M of at least one chosen site
    total: float  # claimants in the demand
    radius_m: float
    notes: tuple[str, ...]

    @property
    def share(self) -> float | None:
        return self.covered / self.total if self.total > 0 else None


def coverage_matrix(demand: pd.DataFrame, candidates: pd.DataFrame, radius_m: float) -> np.ndarray:
    """Boolean (demand × candidate): within ``radius_m`` in a straight line."""
    if demand.empty or candidates.empty:
        return np.zeros((len(demand), len(candidates)), dtype=bool)
    dx = demand["x"].to_numpy()[:, None] - candidates["x"].to_numpy()[None, :]
    dy = demand["y"].to_numpy()[:, None] - candidates["y"].to_numpy()[None, :]
    return (dx * dx + dy * dy) <= radius_m * radius_m


def best_cover(cover: np.ndarray, weight: np.ndarray, p: int) -> tuple[int, ...]:
    """The ``p`` columns of ``cover`` whose union covers the most ``weight`` (an optimal MCLP
    solution). Identical demand rows are merged first, so the
    model stays small however many postcodes there are."""
    useful = np.flatnonzero((cover & (weight[:, None] > 0)).any(axis=0))
    if p <= 0 or len(useful) == 0:
        return ()
    if len(useful) <= p:
        return tuple(int(c) for c in useful)
    sub = cover[:, useful]
    reached = sub.any(axis=1) & (weight > 0)
    patterns, inverse = np.unique(sub[reached], axis=0, return_inverse=True)
    merged = np.bincount(inverse.ravel(), weights=weight[reached], minlength=len(patterns))
    if p == 1:
        return (int(useful[int(np.argmax(patterns.T.astype(float) @ merged))]),)
    chosen = _solve_mclp(patterns, merged, p)
    return tuple(sorted(int(useful[j]) for j in chosen))


def _solve_mclp(patterns: np.ndarray, weight: np.ndarray, p: int) -> list[int]:
    import pulp
    from spopt.locate import MCLP

    # spopt builds its coverage from a cost matrix and a radius: covered pairs cost 0, others 2.
    cost = np.where(patterns, 0.0, 2.0)
    with warnings.catch_warnings():
        # PuLP 3.x announces its 4.0 API on every variable; the pin is <4 (pyproject).
        warnings.simplefilter("ignore", DeprecationWarning)
        model = MCLP.from_cost_matrix(cost, weight, service_radius=1.0, p_facilities=p)
        model.solve(pulp.PULP_CBC_CMD(msg=False), results=False)
    return [j for j, var in enumerate(model.fac_vars) if (var.value() or 0) > 0.5]


def covered_weight(cover: np.ndarray, weight: np.ndarray, columns: Sequence[int]) -> float:
    if len(columns) == 0:
        return 0.0
    return float(weight[cover[:, list(columns)].any(axis=1)].sum())


def site_shops(
    demand: Demand, candidates: pd.DataFrame, shops: int, radius_m: float = WALK_M
) -> Siting:
    """Choose ``shops`` sites among ``candidates`` (``x, y`` in BNG metres) for ``demand``, with each
    site's claimants within ``NEAR_M`` and ``radius_m`` and its best replacements."""
    points = demand.points
    weight = points["weight"].to_numpy(dtype="float64")
    notes = list(demand.notes)
    if candidates.empty:
        notes.append("No candidate sites: the region has no venues and no premises were added.")
        return Siting((), 0.0, demand.total, radius_m, tuple(notes))
    labels = candidates.index.to_numpy()
    cover = coverage_matrix(points, candidates, radius_m)
    near = coverage_matrix(points, candidates, NEAR_M)
    chosen = best_cover(cover, weight, shops)
    if len(chosen) < shops:
        notes.append(
            f"Only {len(chosen)} of the {len(candidates)} candidate sites have claimants within "
            f"{radius_m:,.0f} m, so {len(chosen)} {'is' if len(chosen) == 1 else 'are'} chosen."
        )
    total_covered = covered_weight(cover, weight, chosen)
    sites = []
    for c in chosen:
        others = [o for o in chosen if o != c]
        alone_covered = covered_weight(cover, weight, others)
        swaps = []
        for alt in np.flatnonzero(cover.any(axis=0)):
            if alt in chosen:
                continue
            swaps.append((int(alt), covered_weight(cover, weight, [*others, int(alt)])))
        swaps.sort(key=lambda item: (-item[1], item[0]))
        sites.append(
            Site(
                candidate=int(labels[c]),
                within_near=float(weight[near[:, c]].sum()),
                within_walk=float(weight[cover[:, c]].sum()),
                added=total_covered - alone_covered,
                alternatives=tuple((int(labels[a]), v) for a, v in swaps[:ALTERNATIVES]),
            )
        )
    sites.sort(key=lambda s: (-s.within_walk, s.candidate))
    return Siting(tuple(sites), total_covered, demand.total, radius_m, tuple(notes))
