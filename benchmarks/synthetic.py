"""SYNTHETIC England-size geography, for benchmarks only.

England has 33,755 LSOAs (2021). To measure how scoring, selection, zones and aggregation grow towards
that size, the region's real LSOAs (the City Region's 1,003) are copied and shifted on a grid in the British National
Grid (EPSG:27700). Every copy gets a fake code starting ``SYN`` and keeps the original's attributes.

These areas are NOT data: they exist in memory while a benchmark runs, are never written into the
bundle, and nothing in ``dashboard/``, ``layers/`` or ``geodata/`` imports this module (a unit test
checks both). Never show them to anyone as places.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
from scipy import sparse

from geodata.bundle import Bundle
from layers.targeting.areas import (
    BRITISH_NATIONAL_GRID,
    LevelContext,
    area_table,
    queen_adjacency,
    read_geometry,
)

SYNTHETIC = True  # a marker tests (and readers) can check
CODE_PREFIX = "SYN"
ENGLAND_LSOAS = 33_755
# A gap between copies so they never touch: each copy's adjacency stays its own.
GAP_METRES = 5_000.0


def synthetic_code(copy: int, code: str) -> str:
    """``SYN0007E01006412``: copy number, then the real code it was made from (for traceability)."""
    return f"{CODE_PREFIX}{copy:04d}{code}"


@dataclass(frozen=True)
class SyntheticGeography:
    """``n`` synthetic LSOAs: area table, values per layer, geometry and contiguity, all keyed by
    ``SYN…`` codes. ``synthetic`` is always True."""

    areas: pd.DataFrame
    geometry: gpd.GeoDataFrame
    adjacency: sparse.csr_matrix
    synthetic: bool = True

    @property
    def context(self) -> LevelContext:
        return LevelContext(level="lsoa", areas=self.areas, adjacency=self.adjacency)


def copy_index(n: int, base: int) -> tuple[np.ndarray, np.ndarray]:
    """For ``n`` synthetic areas made from ``base`` originals: (copy number, original position)."""
    positions = np.arange(n)
    return positions // base, positions % base


def grid_offsets(copies: int, width: float, height: float) -> list[tuple[float, float]]:
    """Offsets (x, y) in metres for ``copies`` copies laid out on a near-square grid."""
    columns = math.ceil(math.sqrt(copies))
    return [
        ((k % columns) * (width + GAP_METRES), (k // columns) * (height + GAP_METRES))
        for k in range(copies)
    ]


def tile(frame: pd.DataFrame | pd.Series, n: int) -> pd.DataFrame | pd.Series:
    """The first ``n`` rows of ``frame`` repeated copy after copy, re-keyed with ``SYN…`` codes."""
    copy, original = copy_index(n, len(frame))
    out = frame.iloc[original].copy()
    out.index = pd.Index(
        [
            synthetic_code(int(c), str(code))
            for c, code in zip(copy, frame.index[original], strict=True)
        ],
        name=frame.index.name,
    )
    return out


def synthetic_series(values: pd.Series, n: int) -> pd.Series:
    """A real layer's LSOA values, copied onto ``n`` synthetic areas (same order as the areas)."""
    return tile(values, n)


def build(
    bundle: Bundle, n: int = ENGLAND_LSOAS, *, with_adjacency: bool = True
) -> SyntheticGeography:
    """``n`` synthetic LSOAs copied from the bundle's LSOAs."""
    areas = area_table(bundle, "lsoa")
    geometry = read_geometry(bundle, "lsoa").reindex(areas.index).to_crs(BRITISH_NATIONAL_GRID)
    copies = math.ceil(n / len(areas))
    minx, miny, maxx, maxy = geometry.total_bounds
    offsets = grid_offsets(copies, maxx - minx, maxy - miny)

    synthetic_areas = tile(areas, n)
    copy, _ = copy_index(n, len(areas))
    # Each copy's boroughs and wards are distinct places: suffix them so rules such as "at least
    # k per borough" see 6 × copies boroughs, as England would have many.
    suffix = pd.Series([f" (SYN copy {c})" for c in copy], index=synthetic_areas.index)
    for column in ("borough", "ward"):
        synthetic_areas[column] = synthetic_areas[column].astype(str) + suffix
    for column in ("borough_code", "ward_code"):
        synthetic_areas[column] = [
            synthetic_code(int(c), str(v))
            for c, v in zip(copy, synthetic_areas[column], strict=True)
        ]
    synthetic_areas["name"] = "SYNTHETIC " + synthetic_areas["name"].astype(str)
    shapes = tile(geometry, n)
    dx = np.array([offsets[c][0] for c in copy])
    dy = np.array([offsets[c][1] for c in copy])
    moved = gpd.GeoSeries(
        [_translate(g, x, y) for g, x, y in zip(shapes.geometry, dx, dy, strict=True)],
        index=shapes.index,
        crs=BRITISH_NATIONAL_GRID,
    )
    frame = gpd.GeoDataFrame({"synthetic": True}, geometry=moved, index=shapes.index)
    synthetic_areas["area_km2"] = frame.area.to_numpy() / 1e6
    adjacency = (
        _tiled_adjacency(bundle, areas.index, n)
        if with_adjacency
        else sparse.csr_matrix((n, n), dtype=np.int8)
    )
    return SyntheticGeography(areas=synthetic_areas, geometry=frame, adjacency=adjacency)


def _translate(geometry, dx: float, dy: float):
    from shapely import affinity

    return affinity.translate(geometry, xoff=dx, yoff=dy)


def _tiled_adjacency(bundle: Bundle, codes: pd.Index, n: int) -> sparse.csr_matrix:
    """Copies never touch, so the contiguity of ``n`` areas is the real one repeated down the
    diagonal (what ``queen_adjacency`` on the shifted polygons gives, without rebuilding it)."""
    real = queen_adjacency(read_geometry(bundle, "lsoa"), codes)
    copies = math.ceil(n / len(codes))
    blocks = sparse.block_diag([real] * copies, format="csr", dtype=np.int8)
    return blocks[:n][:, :n].tocsr()


def copy_offsets(bundle: Bundle, n: int = ENGLAND_LSOAS) -> list[tuple[float, float]]:
    """The shift (x, y, metres) of each copy, as ``build`` lays them out."""
    geometry = read_geometry(bundle, "lsoa").to_crs(BRITISH_NATIONAL_GRID)
    minx, miny, maxx, maxy = geometry.total_bounds
    return grid_offsets(math.ceil(n / len(bundle.lsoa)), maxx - minx, maxy - miny)


def _from_code(code: str) -> tuple[int, str]:
    """(copy number, real code) of a ``SYN…`` code."""
    return int(code[len(CODE_PREFIX) : len(CODE_PREFIX) + 4]), code[len(CODE_PREFIX) + 4 :]


def synthetic_postcodes(
    bundle: Bundle, codes: list[str], offsets: list[tuple[float, float]]
) -> pd.DataFrame:
    """SYNTHETIC postcode points (``x, y`` BNG, ``lsoa``: the ``SYN…`` code) of the synthetic areas
    ``codes``: each copy's areas carry their original's postcode centroids, shifted with the copy.
    Made only for the areas asked for (the whole of England would be two million points)."""
    from layers.targeting.siting import to_bng

    table = bundle.postcodes
    if table is None or table.empty:
        return pd.DataFrame(columns=["x", "y", "lsoa"])
    x, y = to_bng(table["lon"].to_numpy(), table["lat"].to_numpy())
    real = pd.DataFrame({"x": x, "y": y, "lsoa": table["lsoa"].to_numpy()})
    by_area = {code: part for code, part in real.groupby("lsoa")}
    parts = []
    for code in codes:
        copy, original = _from_code(code)
        part = by_area.get(original)
        if part is None:
            continue
        dx, dy = offsets[copy]
        parts.append(pd.DataFrame({"x": part["x"] + dx, "y": part["y"] + dy, "lsoa": code}))
    return (
        pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["x", "y", "lsoa"])
    )


def synthetic_venues(
    bundle: Bundle, copies: set[int], offsets: list[tuple[float, float]]
) -> pd.DataFrame:
    """SYNTHETIC candidate sites: the region's venues repeated in each of ``copies``, shifted with
    it, named ``SYNTHETIC venue …`` (a candidate table for ``layers.targeting.shopfront``)."""
    from layers.targeting.siting import to_bng

    venues = bundle.venues
    x, y = to_bng(venues["lon"].to_numpy(), venues["lat"].to_numpy())
    parts = []
    for copy in sorted(copies):
        dx, dy = offsets[copy]
        parts.append(
            pd.DataFrame(
                {
                    "name": [f"SYNTHETIC venue {copy:04d}-{i}" for i in range(len(venues))],
                    "kind_label": venues["kind_label"].astype(str).to_numpy(),
                    "postcode": "",
                    "lat": np.nan,
                    "lon": np.nan,
                    "x": x + dx,
                    "y": y + dy,
                    "planner": False,
                }
            )
        )
    return pd.concat(parts, ignore_index=True)
