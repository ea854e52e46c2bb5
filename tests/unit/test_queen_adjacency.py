"""Queen contiguity is computed from shared vertices in the atlas (libpysal would load scikit-learn
into every worker): the same neighbours as libpysal's vertex-set contiguity, in the requested order."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
from libpysal.graph import Graph
from shapely.geometry import MultiPolygon, box

from layers.targeting.areas import BRITISH_NATIONAL_GRID, queen_adjacency


def grid(n: int) -> gpd.GeoDataFrame:
    """An n x n grid of 100 m squares (codes row by row), stored in EPSG:4326 as the bundle is."""
    squares = [
        box(x * 100, y * 100, x * 100 + 100, y * 100 + 100) for y in range(n) for x in range(n)
    ]
    codes = [f"E0100{i:04d}" for i in range(n * n)]
    return gpd.GeoDataFrame(geometry=squares, index=codes, crs=BRITISH_NATIONAL_GRID).to_crs(4326)


def test_neighbours_match_libpysal_in_the_requested_order() -> None:
    geometry = grid(5)
    codes = pd.Index(geometry.index[::-1])
    projected = geometry.to_crs(BRITISH_NATIONAL_GRID)
    graph = Graph.build_contiguity(projected.geometry, rook=False)
    order = pd.Index(graph.unique_ids).get_indexer(codes)
    expected = (graph.sparse.tocsr()[order][:, order].toarray() > 0).astype(np.int8)
    assert np.array_equal(queen_adjacency(geometry, codes).toarray(), expected)


def test_a_corner_is_enough_and_a_gap_is_not() -> None:
    shapes = [box(0, 0, 1, 1), box(1, 1, 2, 2), box(5, 5, 6, 6),
              MultiPolygon([box(2, 0, 3, 1), box(8, 8, 9, 9)]), box(9, 9, 10, 10)]  # fmt: skip
    geometry = gpd.GeoDataFrame(geometry=shapes, index=list("abcde"), crs=BRITISH_NATIONAL_GRID)
    matrix = queen_adjacency(geometry, pd.Index(list("abcde")))
    neighbours = {code: {"abcde"[j] for j in matrix[i].indices} for i, code in enumerate("abcde")}
    # b's corners touch a and d's first part; d's second part touches e's corner; c touches no one
    # (and is not its own neighbour).
    assert neighbours == {"a": {"b"}, "b": {"a", "d"}, "c": set(), "d": {"b", "e"}, "e": {"d"}}
    assert not matrix.data.flags.writeable


def test_an_area_without_boundary_is_named() -> None:
    geometry = grid(2)
    try:
        queen_adjacency(geometry, pd.Index([*geometry.index, "E01999999"]))
    except ValueError as error:
        assert "1 areas have no boundary" in str(error)
    else:
        raise AssertionError("an unknown code must be refused")
