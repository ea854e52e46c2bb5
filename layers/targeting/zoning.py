"""Zone design: which shortlisted areas one outreach team works as one campaign.

Three rules, applied in order:

* **Joining.** Areas join when their boundaries touch (queen contiguity, the default) or, with a
  walking gap, when their edges lie within ``gap_m`` metres of each other in a straight line on the
  British National Grid (EPSG:27700). Joined areas form groups; no zone ever spans two groups, so a
  zone never takes in an area farther than the gap from every other area in it.
* **A wanted number of zones (K)** and **a minimum zone size** (residents or out-of-work claimants):
  spatially constrained regionalisation with PySAL's ``spopt`` SKATER (see ``_skater_labels`` for
  why SKATER).
* **Failures are reported, never hidden.** A zone below the minimum stays on the list with a reason;
  K that cannot be met says why and what gap would meet it.

Zones are numbered by out-of-work claimants reached, most first (as ``zones.flood_zones``).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from scipy import sparse
from scipy.sparse.csgraph import connected_components, minimum_spanning_tree

DEFAULT_GAP_M = 800.0
MAX_GAP_M = 5000.0  # beyond a few km a "zone" is no longer one neighbourhood team's patch
MAX_ZONES = 100
SIZE_MEASURES = {"residents": "population", "claimants": "claimants"}
SIZE_LABELS = {"residents": "residents", "claimants": "out-of-work claimants"}


@dataclass(frozen=True)
class ZoneRule:
    """How a shortlist becomes zones. ``gap_m`` None joins touching areas only."""

    gap_m: float | None = None
    k: int | None = None
    min_measure: str = "residents"  # a key of SIZE_MEASURES
    min_size: float | None = None

    def __post_init__(self) -> None:
        if self.gap_m is not None and not (0 <= self.gap_m <= MAX_GAP_M):
            raise ValueError(f"zone gap must be between 0 and {MAX_GAP_M:,.0f} metres")
        if self.k is not None and not (1 <= self.k <= MAX_ZONES):
            raise ValueError(f"number of zones must be between 1 and {MAX_ZONES}")
        if self.min_measure not in SIZE_MEASURES:
            raise ValueError(f"zone minimum must be one of {', '.join(SIZE_MEASURES)}")
        if self.min_size is not None and not (self.min_size > 0 and math.isfinite(self.min_size)):
            raise ValueError("zone minimum must be a positive number")

    @property
    def is_default(self) -> bool:
        return self == ZoneRule()

    def describe(self) -> str:
        join = (
            "areas that touch"
            if self.gap_m is None
            else f"areas within {self.gap_m:,.0f} m of each other (straight line between edges)"
        )
        parts = [f"Zones join {join}"]
        if self.k is not None:
            parts.append(f"{self.k} zones wanted")
        if self.min_size is not None:
            parts.append(f"each of at least {self.min_size:,.0f} {SIZE_LABELS[self.min_measure]}")
        return "; ".join(parts) + "."


@dataclass(frozen=True)
class ZoneDesign:
    zone: pd.Series  # zone number (1 = most claimants) per selected code, in selection order
    problems: tuple[str, ...]  # K not met, zones under the minimum: each with why
    below_minimum: tuple[int, ...]  # zone numbers under the minimum size


def proximity_graph(
    geometry: gpd.GeoSeries, gap_m: float, land: np.ndarray | None = None
) -> sparse.csr_matrix:
    """Areas whose edges are within ``gap_m`` metres (``geometry`` in metres): a symmetric 0/1
    matrix in ``geometry`` order. Touching areas are at 0 m, so they always join. ``land``: a label
    per area of the land it stands on (the level's contiguity components); areas on different land
    never join, as a straight line over an estuary is no walk."""
    geoms = np.asarray(geometry.to_numpy(), dtype=object)
    n = len(geoms)
    if n == 0:
        return sparse.csr_matrix((0, 0), dtype=np.int8)
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="dwithin", distance=float(gap_m))
    keep = left != right
    if land is not None:
        keep &= land[left] == land[right]
    matrix = sparse.coo_matrix(
        (np.ones(int(keep.sum()), dtype=np.int8), (left[keep], right[keep])), shape=(n, n)
    ).tocsr()
    matrix = ((matrix + matrix.T) > 0).astype(np.int8)
    return matrix.tocsr()


def land_of(adjacency: sparse.csr_matrix) -> np.ndarray:
    """Which land each area stands on: the components of the level's contiguity. On ONS clipped
    boundaries an estuary or a wide river parts them (the coast line is clipped), so no walking gap
    joins areas across it."""
    return connected_components(adjacency, directed=False)[1]


def number_zones(labels: np.ndarray, selected: Sequence[str], claimants: np.ndarray) -> np.ndarray:
    """Zone numbers 1..k for component ``labels``: most claimants first, then most areas, then the
    smallest code, so numbering is stable."""
    if len(labels) == 0:
        return np.array([], dtype=int)
    _, labels = np.unique(labels, return_inverse=True)
    k = int(labels.max()) + 1
    totals = np.bincount(labels, weights=np.nan_to_num(claimants), minlength=k)
    sizes = np.bincount(labels, minlength=k)
    codes = np.asarray(list(selected), dtype=object)
    first = np.array([min(codes[labels == label]) for label in range(k)], dtype=object)
    ranking = np.lexsort((first, -sizes, -totals))
    number = np.empty(k, dtype=int)
    number[ranking] = np.arange(1, k + 1)
    return number[labels]


def gap_needed(
    geometry: gpd.GeoSeries, k: int, step: float = 50.0, land: np.ndarray | None = None
) -> float | None:
    """The smallest straight-line gap (m, rounded up to ``step``) at which these areas fall into at
    most ``k`` groups, up to ``MAX_GAP_M``. None when touching is enough, or when no gap up to that
    does it (areas on different ``land`` never join)."""
    return _widen(geometry, k, step, land)[0]


def _widen(
    geometry: gpd.GeoSeries, k: int, step: float = 50.0, land: np.ndarray | None = None
) -> tuple[float | None, sparse.csr_matrix | None]:
    """``gap_needed`` and the areas' proximity graph at that gap. The single-linkage distance comes
    from the spanning tree of the pairs within reach (first 2 km, then ``MAX_GAP_M``), measured on
    outlines simplified to ``step`` / 5, so the answer is right to the step (exact outlines over
    every pair take seconds at 200 areas)."""
    n = len(geometry)
    if n <= k:
        return None, None
    shapes = np.asarray(geometry.simplify(step / 5).to_numpy(), dtype=object)
    tree = shapely.STRtree(shapes)
    for reach in (min(2000.0, MAX_GAP_M), MAX_GAP_M):
        left, right = tree.query(shapes, predicate="dwithin", distance=reach)
        keep = left < right
        if land is not None:
            keep &= land[left] == land[right]
        left, right = left[keep], right[keep]
        # A hair above 0 so touching pairs stay edges of the spanning tree.
        distance = shapely.distance(shapes[left], shapes[right])
        pairs = sparse.coo_matrix((distance + 1e-6, (left, right)), shape=(n, n)).tocsr()
        n_groups, _ = connected_components(pairs, directed=False)
        if n_groups <= k:
            break
    else:
        return None, None  # even the widest gap leaves more than k groups
    weights = np.sort(minimum_spanning_tree(pairs).data)[::-1]
    at = k - n_groups
    needed = float(weights[at]) - 1e-6 if at < len(weights) else 0.0
    if needed <= 1e-3:
        return None, None
    gap = min(math.ceil(needed / step) * step, MAX_GAP_M)
    near = distance <= gap
    graph = sparse.coo_matrix(
        (np.ones(int(near.sum()), dtype=np.int8), (left[near], right[near])), shape=(n, n)
    ).tocsr()
    return gap, ((graph + graph.T) > 0).astype(np.int8).tocsr()


def design_zones(
    selected: Sequence[str],
    codes: pd.Index,
    adjacency: sparse.csr_matrix,
    areas: pd.DataFrame,
    rule: ZoneRule,
    geometry: gpd.GeoSeries | None = None,
    land: np.ndarray | None = None,
) -> ZoneDesign:
    """Zones for ``selected`` under ``rule``. ``adjacency`` is the level's contiguity (``codes``
    order); ``geometry`` the level's polygons in metres (``codes`` order), needed for a walking gap
    and for compact zones; ``areas`` the level's table (``population``, ``claimants``); ``land``
    (``codes`` order) the land each area stands on (``land_of``; None: all one land)."""
    selected = list(selected)
    positions = codes.get_indexer(selected)
    if (positions < 0).any():
        unknown = [c for c, p in zip(selected, positions, strict=True) if p < 0]
        raise ValueError(f"unknown area codes: {', '.join(unknown[:5])}")
    index = pd.Index(selected, name="code")
    if not selected:
        return ZoneDesign(pd.Series([], index=index, name="zone", dtype=int), (), ())
    if rule.gap_m is not None and geometry is None:
        raise ValueError("a walking gap needs the areas' boundaries")
    shapes = geometry.iloc[positions] if geometry is not None else None
    shore = land[positions] if land is not None else None
    if rule.gap_m is None:
        graph = adjacency[positions][:, positions].tocsr()
    else:
        assert shapes is not None
        graph = proximity_graph(shapes, rule.gap_m, shore)
    n_groups, groups = connected_components(graph, directed=False)
    claimants = areas["claimants"].to_numpy(dtype="float64")[positions]
    measure = SIZE_MEASURES[rule.min_measure]
    size = areas[measure].to_numpy(dtype="float64")[positions]
    problems: list[str] = []
    joining = (
        "touching areas"
        if rule.gap_m is None
        else f"areas within {rule.gap_m:,.0f} m (straight line between edges)"
    )
    if rule.k is not None and n_groups > rule.k and shapes is not None:
        # The planner asked for K zones: the nearest groups join, and the list says how far apart.
        widened, wider = _widen(shapes, rule.k, land=shore)
        if widened is not None and wider is not None and widened > (rule.gap_m or 0):
            graph = wider
            n_groups, groups = connected_components(graph, directed=False)
            joining = f"areas within {widened:,.0f} m (straight line between edges)"
            problems.append(
                f"Joining only {'touching areas' if rule.gap_m is None else f'areas within {rule.gap_m:,.0f} m'} "
                f"leaves more than {rule.k} zones, so groups up to {widened:,.0f} m apart (straight "
                f"line between edges) were joined to make {rule.k}."
            )
    labels = groups
    if (rule.k is not None and rule.k > n_groups) or (rule.k is None and rule.min_size is not None):
        wanted = rule.k if rule.k is not None else n_groups
        labels = _skater_labels(graph, groups, shapes, np.nan_to_num(size), wanted, rule.min_size)
    number = number_zones(labels, selected, claimants)
    zone = pd.Series(number, index=index, name="zone")
    n_zones = int(number.max())
    if rule.k is not None and n_zones > rule.k:
        apart = (
            f" (areas on land parted by water, or over {MAX_GAP_M:,.0f} m apart, never join)"
            if shapes is not None
            else ""
        )
        problems.append(
            f"{rule.k} zones were asked for, but joining only {joining} the shortlist falls into "
            f"{n_groups} separate groups{apart}, so there are {n_zones} zones."
        )
    elif rule.k is not None and n_zones < rule.k:
        why = (
            f" each of at least {rule.min_size:,.0f} {SIZE_LABELS[rule.min_measure]}"
            if rule.min_size is not None
            else ""
        )
        problems.append(
            f"{rule.k} zones were asked for, but only {n_zones}{why} can be made from "
            f"{len(selected)} shortlisted areas joining {joining}."
        )
    below: list[int] = []
    if rule.min_size is not None:
        for z in range(1, n_zones + 1):
            members = number == z
            total = float(np.nansum(size[members]))
            if total >= rule.min_size:
                continue
            below.append(z)
            alone = groups[members][0]
            if (groups == alone).sum() == members.sum():
                why = f"no other shortlisted area is near enough to join (joining {joining})"
            else:
                why = (
                    "its group cannot be cut into that many zones with every part at the minimum;"
                    " ask for fewer zones"
                )
            uncounted = int(np.isnan(size[members]).sum())
            gaps = f" ({uncounted} area(s) with no count)" if uncounted else ""
            problems.append(
                f"Zone {z} ({int(members.sum())} area(s)) has {total:,.0f} "
                f"{SIZE_LABELS[rule.min_measure]}{gaps}, under the {rule.min_size:,.0f} minimum: "
                f"{why}."
            )
    return ZoneDesign(zone, tuple(problems), tuple(below))


def _skater_labels(
    graph: sparse.csr_matrix,
    groups: np.ndarray,
    shapes: gpd.GeoSeries | None,
    size: np.ndarray,
    wanted: int,
    min_size: float | None,
) -> np.ndarray:
    """Split the joined groups into ``wanted`` zones (or as many as the minimum allows), each a
    connected part of one group, compact in space, and each at ``min_size`` or more where it can be.

    Why SKATER: of spopt's regionalisers, max-p chooses the number of regions itself (the most that
    meet a floor), so it cannot honour a K the planner asks for; region-k-means honours K but has no
    floor and needs one connected graph; SKATER prunes a minimum spanning forest, so it takes K, a
    floor, and a shortlist in several separate groups. spopt's floor counts areas and its cut search
    copies the forest for every edge, so the forest's ``find_cut`` is replaced (``_best_cut``): the
    same move, SKATER's, with the floor in residents or claimants, scored from one depth-first order
    per tree (spopt's fit loop, spanning forest and cuts are kept, hence the <0.8 pin). The areas'
    centroids (km) are the attributes, so the cut that leaves the most compact zones wins. A group
    already under the floor is never cut and does not block cuts elsewhere (the caller reports it).
    """
    from scipy.optimize import OptimizeWarning
    from spopt.region.skater import SpanningForest

    if shapes is not None:
        centroids = shapes.centroid
        data = np.column_stack([centroids.x.to_numpy(), centroids.y.to_numpy()]) / 1000.0
    else:
        data = np.arange(len(groups), dtype="float64")[:, None]  # no boundaries: list order
    floor = -np.inf if min_size is None else float(min_size)

    class SizedForest(SpanningForest):
        def find_cut(self, MSF, data=None, quorum=-np.inf, labels=None, target_label=None,
                     make=False):  # fmt: skip
            # spopt's search copies the whole forest for every edge it tries (seconds at 200
            # areas); this one scores the same cuts from one depth-first order per tree.
            best = _best_cut(MSF, data, size, floor)
            return self.make_cut(*best, MSF=MSF) if make else best

    weights = _binary_w(graph)
    forest = SizedForest()
    with warnings.catch_warnings():
        # Fewer zones than wanted is the caller's message to give, in the planner's words.
        warnings.simplefilter("ignore", OptimizeWarning)
        forest.fit(wanted, weights, data=data, islands="ignore")
    return np.asarray(forest.current_labels_)


def _best_cut(msf: sparse.spmatrix, data: np.ndarray, size: np.ndarray, floor: float) -> Any:
    """SKATER's move: the forest edge whose removal leaves the lowest total dissimilarity (sum of
    each zone's L1 distances to its mean, spopt's default), both new parts at ``floor`` or more.
    Removing an edge only changes the tree it is in, and the part cut off is the subtree below the
    edge: one depth-first order per tree gives every subtree as a slice."""
    from spopt.region.skater import deletion

    def cost(members: np.ndarray) -> float:
        points = data[members]
        return float(np.abs(points - points.mean(axis=0)).sum())

    n = msf.shape[0]
    tree = sparse.csr_matrix(msf)
    tree = ((tree + tree.T) != 0).tocsr()
    best = deletion(np.nan, np.nan, np.inf)
    best_delta = np.inf
    seen = np.zeros(n, dtype=bool)
    for root in range(n):
        if seen[root]:
            continue
        order, parent = _depth_first(tree, root)
        seen[order] = True
        if len(order) < 2:
            continue
        position = np.empty(n, dtype=int)
        position[order] = np.arange(len(order))
        # The end of each node's subtree in ``order``: its position plus its descendants.
        count = np.ones(n, dtype=int)
        for node in order[::-1]:
            if parent[node] >= 0:
                count[parent[node]] += count[node]
        whole_cost = cost(order)
        whole_size = float(size[order].sum())
        for child in order[1:]:
            start = position[child]
            below = order[start : start + count[child]]
            above = np.setdiff1d(order, below, assume_unique=True)
            below_size = float(size[below].sum())
            if below_size < floor or whole_size - below_size < floor:
                continue
            delta = cost(below) + cost(above) - whole_cost
            if delta < best_delta:
                best_delta = delta
                best = deletion(*_stored_edge(msf, int(parent[child]), int(child)), delta)
    return best


def _depth_first(tree: sparse.csr_matrix, root: int) -> tuple[np.ndarray, np.ndarray]:
    """Pre-order of the tree holding ``root`` and each node's parent (-1 for the root)."""
    parent = np.full(tree.shape[0], -1, dtype=int)
    order = []
    stack = [root]
    visited = {root}
    while stack:
        node = stack.pop()
        order.append(node)
        for neighbour in tree.indices[tree.indptr[node] : tree.indptr[node + 1]]:
            if neighbour not in visited:
                visited.add(int(neighbour))
                parent[neighbour] = node
                stack.append(int(neighbour))
    return np.asarray(order, dtype=int), parent


def _stored_edge(msf: sparse.spmatrix, a: int, b: int) -> tuple[int, int]:
    """The edge as the forest stores it (spopt's make_cut zeroes that one entry)."""
    return (a, b) if msf[a, b] != 0 else (b, a)


def _binary_w(graph: sparse.csr_matrix) -> Any:
    from libpysal.weights import WSP

    matrix = sparse.csr_matrix(graph, dtype="float64")
    matrix.setdiag(0)
    matrix.eliminate_zeros()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # islands are expected: separate groups of the shortlist
        return WSP(matrix).to_W(silence_warnings=True)
