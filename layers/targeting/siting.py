"""Where to open a shop-front: the sites that put the most out-of-work claimants within walking
distance, as a maximal covering location problem (MCLP; Church and ReVelle 1974): the model
``spopt.locate.MCLP`` builds, reduced (identical and dominated sites and demand rows merged) and
solved in-process by HiGHS, the MILP solver inside scipy (see ``_solve_mclp`` for why not spopt's
own builder and CBC; the unit tests check the two agree, and agree with a brute-force search).

Why MCLP and not p-median: the question a neighbourhood team asks is "how many people can walk in",
a threshold (800 m, about ten minutes), not the average trip length p-median minimises, which a far
cluster of claimants can pull towards a site nobody walks to.

Demand: points (the region's postcode centroids) each carrying a share of its LSOA's claimants.
Candidates: the bundle's venues and any premises the planner supplies. Distances are **straight
lines** on the British National Grid (metres), not walking routes: every label says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np
import pandas as pd
from pyproj import Transformer
from scipy import sparse
from scipy.spatial import cKDTree

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


def coverage_matrix(
    demand: pd.DataFrame, candidates: pd.DataFrame, radius_m: float
) -> sparse.csr_matrix:
    """Boolean (demand × candidate), sparse: within ``radius_m`` in a straight line."""
    shape = (len(demand), len(candidates))
    if demand.empty or candidates.empty:
        return sparse.csr_matrix(shape, dtype=bool)
    points = cKDTree(demand[["x", "y"]].to_numpy(dtype="float64"))
    sites = cKDTree(candidates[["x", "y"]].to_numpy(dtype="float64"))
    pairs = points.query_ball_tree(sites, r=radius_m)
    rows = np.repeat(np.arange(len(pairs)), [len(p) for p in pairs])
    cols = np.fromiter((c for p in pairs for c in p), dtype=np.int64, count=len(rows))
    return sparse.csr_matrix((np.ones(len(rows), dtype=bool), (rows, cols)), shape=shape)


def reach_of(
    points: pd.DataFrame, candidates: pd.DataFrame, radius_m: float = WALK_M
) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
    """Which candidates each point (``x, y``) has within ``radius_m`` and within ``NEAR_M``, as two
    boolean (point × candidate) matrices from one search of the pairs (a shop plan asks once for
    the shortlist and reads each zone's rows from it)."""
    shape = (len(points), len(candidates))
    if points.empty or candidates.empty:
        empty = sparse.csr_matrix(shape, dtype=bool)
        return empty, empty.copy()
    here = cKDTree(points[["x", "y"]].to_numpy(dtype="float64"))
    sites = cKDTree(candidates[["x", "y"]].to_numpy(dtype="float64"))
    # A structured array keeps pairs at 0 m (premises placed at a postcode's own centroid), which a
    # sparse matrix of distances would drop as zeros.
    pairs = here.sparse_distance_matrix(sites, max(radius_m, NEAR_M), output_type="ndarray")
    rows, cols, distance = pairs["i"], pairs["j"], pairs["v"]

    def within(metres: float) -> sparse.csr_matrix:
        keep = distance <= metres
        return sparse.csr_matrix(
            (np.ones(int(keep.sum()), dtype=bool), (rows[keep], cols[keep])), shape=shape
        )

    return within(radius_m), within(NEAR_M)


def _as_sparse(cover: np.ndarray | sparse.spmatrix) -> sparse.csr_matrix:
    return sparse.csr_matrix(cover, dtype=bool)


def best_cover(cover: np.ndarray | sparse.spmatrix, weight: np.ndarray, p: int) -> tuple[int, ...]:
    """The ``p`` columns of ``cover`` whose union covers the most ``weight`` (an optimal MCLP
    solution). Sites reaching the same demand are kept once and sites reaching only demand another
    site reaches are left out, then demand rows with the same sites in reach are merged, so the model
    stays small however many postcodes there are. Fewer than ``p`` columns come back when they
    already reach every weighted row any column reaches."""
    weight = np.asarray(weight, dtype="float64")
    if p <= 0:
        return ()
    counted = np.flatnonzero(weight > 0)
    reach = _as_sparse(cover)[counted].tocsc()
    useful = np.flatnonzero(np.diff(reach.indptr) > 0)
    if len(useful) == 0:
        return ()
    reach = reach[:, useful]
    need = weight[counted]
    if p == 1:
        # argmax takes the first of equals: the lowest column, as the model's ties are broken.
        return (int(useful[np.argmax(reach.T @ need)]),)
    kept = _distinct_undominated(reach)
    if len(kept) <= p:
        return tuple(int(useful[c]) for c in kept)
    reach = reach[:, kept].tocsr()
    reached = np.diff(reach.indptr) > 0
    patterns, inverse = _unique_rows(reach[reached])
    merged = np.bincount(inverse, weights=need[reached], minlength=patterns.shape[0])
    chosen = _solve_mclp(patterns, merged, p)
    return tuple(sorted(int(useful[kept[j]]) for j in chosen))


def _unique_rows(matrix: sparse.csr_matrix) -> tuple[sparse.csr_matrix, np.ndarray]:
    """The distinct rows of a boolean sparse matrix and each row's position among them, each row
    keyed by the bytes of its column numbers: O(nonzeros), never a dense copy (a dense one is a
    quarter of a gigabyte at England's size)."""
    rows = sparse.csr_matrix(matrix, dtype=bool)
    rows.sort_indices()
    indices, pointers = rows.indices, rows.indptr
    keys = np.empty(rows.shape[0], dtype=object)
    keys[:] = [indices[pointers[i] : pointers[i + 1]].tobytes() for i in range(rows.shape[0])]
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    return rows[first], inverse.ravel()


def _distinct_undominated(reach: sparse.spmatrix) -> np.ndarray:
    """Positions (ascending) of the columns worth a place in the model. Of columns reaching exactly
    the same rows the first stands for all; a column whose rows all lie inside another's is never
    needed for the best cover (swap it for the other), so leaving it out keeps the optimum. Counted
    on the sparse site × site overlap, pair by pair: each postcode is within reach of a handful of
    sites, so this costs milliseconds where a dense product took a third of a second at 13,000
    points (and gigabytes at England's 20,000 venues)."""
    as_int = sparse.csc_matrix(reach, dtype=np.int32)
    size = np.diff(as_int.indptr)
    overlap = (as_int.T @ as_int).tocoo()
    a, b, shared = overlap.row, overlap.col, overlap.data
    inside = (a != b) & (shared == size[a])  # a's rows are all within b's
    same = inside & (shared == size[b])
    drop = np.zeros(reach.shape[1], dtype=bool)
    drop[a[same & (b < a)]] = True  # the same as an earlier column
    drop[a[inside & ~same]] = True  # inside a larger one
    return np.flatnonzero(~drop)


def _solve_mclp(patterns: np.ndarray, weight: np.ndarray, p: int) -> list[int]:
    """Optimal MCLP columns: the model ``spopt.locate.MCLP`` builds (maximise the weight covered;
    each covered row needs a chosen column that reaches it; exactly ``p`` columns), built from the
    nonzero cells only and solved in-process by HiGHS (scipy's MILP solver). spopt's own builder
    writes every zero coefficient (4 s at the top 200's 800 × 224) and its CBC runs as a separate
    process: a fork of the web worker per change, 0.1-0.4 s on a busy machine even for the top 50.
    The unit tests check this model against spopt's on random instances."""
    return _solve_sparse(patterns, weight, p)


def _solve_sparse(patterns: np.ndarray, weight: np.ndarray, p: int) -> list[int]:
    """Variables: a 0/1 ``x`` per column (site) then a ``y`` per row (demand pattern) in [0, 1].
    ``y`` needs no integrality: with ``x`` whole, the best ``y`` is 1 where a chosen site reaches
    the row and 0 elsewhere."""
    from scipy.optimize import Bounds, LinearConstraint, milp

    n_rows, n_sites = patterns.shape
    reach = sparse.csr_matrix(patterns, dtype="float64")
    # Each row's y is at most the number of chosen sites reaching it: A x - y >= 0.
    covering = sparse.hstack([reach, -sparse.identity(n_rows, format="csr")], format="csr")
    count = sparse.hstack(
        [sparse.csr_matrix(np.ones((1, n_sites))), sparse.csr_matrix((1, n_rows))], format="csr"
    )
    result = milp(
        np.concatenate([np.zeros(n_sites), -np.asarray(weight, dtype="float64")]),
        constraints=[LinearConstraint(covering, 0, np.inf), LinearConstraint(count, p, p)],
        integrality=np.concatenate([np.ones(n_sites), np.zeros(n_rows)]),
        bounds=Bounds(0, 1),
    )
    if result.status != 0 or result.x is None:
        raise RuntimeError(f"the siting model was not solved ({result.message})")
    return [j for j in range(n_sites) if result.x[j] > 0.5]


def _reached(cover: sparse.csr_matrix, columns: Sequence[int]) -> np.ndarray:
    if len(columns) == 0:
        return np.zeros(cover.shape[0], dtype=bool)
    return np.asarray(cover[:, list(columns)].sum(axis=1)).ravel() > 0


def covered_weight(
    cover: np.ndarray | sparse.spmatrix, weight: np.ndarray, columns: Sequence[int]
) -> float:
    return float(weight[_reached(_as_sparse(cover), columns)].sum())


def site_shops(
    demand: Demand, candidates: pd.DataFrame, shops: int, radius_m: float = WALK_M
) -> Siting:
    """Choose ``shops`` sites among ``candidates`` (``x, y`` in BNG metres) for ``demand``, with each
    site's claimants within ``NEAR_M`` and ``radius_m`` and its best replacements."""
    # Postcodes sharing a centroid are one point to the model.
    points = demand.points.groupby(["x", "y"], as_index=False, sort=False)["weight"].sum()
    walk, close = reach_of(points, candidates, radius_m)
    return site_within(
        points["weight"].to_numpy(dtype="float64"),
        walk,
        close,
        candidates.index.to_numpy(),
        shops,
        Siting((), 0.0, demand.total, radius_m, demand.notes),
    )


def site_within(
    weight: np.ndarray,
    walk: sparse.spmatrix,
    close: sparse.spmatrix,
    labels: np.ndarray,
    shops: int,
    frame: Siting,
) -> Siting:
    """``site_shops`` on a reach already found (``reach_of``): ``weight`` per point, ``walk`` and
    ``close`` (point × candidate) within ``frame.radius_m`` and ``NEAR_M``, ``labels`` the
    candidates' labels. ``frame`` carries the demand's total, radius and notes."""
    radius_m = frame.radius_m
    notes = list(frame.notes)
    if len(labels) == 0:
        notes.append("No candidate sites: the region has no venues and no premises were added.")
        return replace(frame, notes=tuple(notes))
    cover = sparse.csc_matrix(walk, dtype=bool)
    near = sparse.csc_matrix(close, dtype=bool)
    chosen = best_cover(cover, weight, shops)
    walk_total = cover.T @ weight  # claimants within reach of each candidate
    if len(chosen) < shops:
        reaching = int((walk_total > 0).sum())
        if reaching > len(chosen):
            notes.append(
                f"{len(chosen)} site(s) already reach every claimant that any of the "
                f"{len(labels)} candidate sites reaches within {radius_m:,.0f} m, so "
                f"{len(chosen)} {'is' if len(chosen) == 1 else 'are'} chosen."
            )
        else:
            notes.append(
                f"Only {len(chosen)} of the {len(labels)} candidate sites have claimants within "
                f"{radius_m:,.0f} m, so {len(chosen)} {'is' if len(chosen) == 1 else 'are'} "
                "chosen."
            )
    total_covered = covered_weight(cover, weight, chosen)
    within_near = near.T @ weight
    reaching_any = walk_total > 0
    is_chosen = np.zeros(len(labels), dtype=bool)
    is_chosen[list(chosen)] = True
    sites = []
    for c in chosen:
        others = [o for o in chosen if o != c]
        by_others = _reached(cover, others)
        alone_covered = float(weight[by_others].sum())
        # What each other candidate would add in this site's place, all at once.
        gain = cover.T @ np.where(by_others, 0.0, weight)
        others_reaching = np.flatnonzero(reaching_any & ~is_chosen)
        best = others_reaching[np.lexsort((others_reaching, -gain[others_reaching]))]
        swaps = [(int(a), alone_covered + float(gain[a])) for a in best[:ALTERNATIVES]]
        sites.append(
            Site(
                candidate=int(labels[c]),
                within_near=float(within_near[c]),
                within_walk=float(walk_total[c]),
                added=total_covered - alone_covered,
                alternatives=tuple((int(labels[a]), v) for a, v in swaps),
            )
        )
    sites.sort(key=lambda s: (-s.within_walk, s.candidate))
    return replace(frame, sites=tuple(sites), covered=total_covered, notes=tuple(notes))
