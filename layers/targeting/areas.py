"""The areas a target list is drawn from, per level: names, borough, people reached, and who touches whom.

Everything here is computed once per level from the bundle and then shared read-only.

* population: Census 2021 usual residents (LSOA 2021; summed to wards); where the region has no Census
  file, the population the IoD 2025 income domain implies (``population_label`` says which).
* out-of-work claimants: the IoD 2025 employment-domain numerator (people claiming out-of-work benefits,
  rounded to 5; summed to wards). Suppressed LSOAs stay missing and are counted.
* children in income-deprived families: the IoD 2025 IDACI numerator (children 0–15 in families on
  low-income benefits, rounded to 5, small counts suppressed). DWP's children-in-low-income-families
  counts exist for MSOA 2011 only, so this is the small-area measure "where known".
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
from libpysal.graph import Graph
from scipy import sparse

from geodata.aggregate import Sum, aggregate, apply_coverage
from geodata.bundle import Bundle
from geodata.measures import IMPLIED_POPULATION, RESIDENTS

SCORING_LEVELS = ("lsoa", "ward")
BRITISH_NATIONAL_GRID = 27700
VENUE_KINDS = ("gp", "pharmacy", "library")

POPULATION = RESIDENTS
CLAIMANTS = "iod25_ind_employment_domain_numerator"
CHILDREN = "iod25_ind_idaci_numerator"

NOT_PUBLISHED = "not published for this LSOA"

POPULATION_LABEL = "Residents (Census 2021)"
# Without a Census file the people in an area are the population the IoD 2025 income domain implies.
IMPLIED_POPULATION_LABEL = "Population (implied by the IoD 2025 income domain)"


def population_column(bundle: Bundle) -> str:
    return POPULATION if POPULATION in bundle.lsoa else IMPLIED_POPULATION


def population_label(bundle: Bundle) -> str:
    return POPULATION_LABEL if POPULATION in bundle.lsoa else IMPLIED_POPULATION_LABEL


CLAIMANTS_LABEL = "Out-of-work benefit claimants (IoD 2025 employment numerator)"
CHILDREN_LABEL = "Children in income-deprived families (IoD 2025 IDACI numerator)"


@dataclass(frozen=True)
class LevelContext:
    """One level's areas (``areas``, indexed by code) and their queen-contiguity adjacency, in the
    same order (``adjacency`` rows/columns follow ``areas.index``)."""

    level: str
    areas: pd.DataFrame
    adjacency: sparse.csr_matrix
    # The areas' polygons on the British National Grid (metres), in ``areas.index`` order: walking
    # distance between edges and zone design need them. None in contexts built without boundaries.
    geometry: gpd.GeoSeries | None = None

    @property
    def codes(self) -> pd.Index:
        return self.areas.index


def area_table(bundle: Bundle, level: str) -> pd.DataFrame:
    """Columns: ``name, borough, borough_code, ward, ward_code, population, claimants,
    claimants_missing, claimants_note, children, children_missing, children_note, from_2011_change``
    plus ``venues_<kind>`` counts. ``*_missing`` is the number of LSOAs left out of the count and
    ``*_note`` says so (empty when the count is complete)."""
    lsoa = bundle.lsoa
    lads = bundle.region.lads
    borough_name = lsoa["lad_code"].map(lads)
    population = population_column(bundle)
    # LSOAs not carried from 2011 (no change lookup in the region's data) say so as "U" would not.
    change = (
        lsoa["from_2011_change"] if "from_2011_change" in lsoa else pd.Series("", index=lsoa.index)
    )
    if level == "lsoa":
        out = pd.DataFrame(
            {
                "name": lsoa["lsoa_name"],
                "borough": borough_name,
                "borough_code": lsoa["lad_code"],
                "ward": lsoa["ward_name"],
                "ward_code": lsoa["ward_code"],
                "population": lsoa[population].astype("float64"),
                "claimants": lsoa[CLAIMANTS].astype("float64"),
                "claimants_missing": lsoa[CLAIMANTS].isna().astype(int),
                "claimants_note": np.where(lsoa[CLAIMANTS].isna(), NOT_PUBLISHED, ""),
                "children": lsoa[CHILDREN].astype("float64"),
                "children_missing": lsoa[CHILDREN].isna().astype(int),
                "children_note": np.where(lsoa[CHILDREN].isna(), NOT_PUBLISHED, ""),
                "from_2011_change": change.astype("str"),
            },
            index=lsoa.index,
        )
    elif level == "ward":
        wards = bundle.wards
        people = lsoa.groupby("ward_code")[population].sum(min_count=1)
        # Claimant and child counts are summed from LSOAs under the one coverage rule
        # (geodata.aggregate.MIN_COVERAGE): a sum with LSOAs left out is an undercount and says so.
        counts = {
            name: apply_coverage(agg[name], agg["n_areas"], agg[f"{name}__n_missing"], measure)
            for name, measure in (("claimants", Sum(CLAIMANTS)), ("children", Sum(CHILDREN)))
            for agg in [aggregate(lsoa, "ward_code", {name: measure}).reindex(wards.index)]
        }
        changed = ((change != "U") & (change != "")).groupby(lsoa["ward_code"]).sum()
        out = pd.DataFrame(
            {
                "name": wards["ward_name"],
                "borough": wards["lad_code"].map(lads),
                "borough_code": wards["lad_code"],
                "ward": wards["ward_name"],
                "ward_code": wards.index,
                "population": people.reindex(wards.index),
                "claimants": counts["claimants"]["value"],
                "claimants_missing": counts["claimants"]["n_missing"],
                "claimants_note": counts["claimants"]["note"],
                "children": counts["children"]["value"],
                "children_missing": counts["children"]["n_missing"],
                "children_note": counts["children"]["note"],
                # How many of the ward's LSOAs were split or merged since 2011 (carried values).
                "from_2011_change": changed.reindex(wards.index).fillna(0).astype(int).astype(str),
            },
            index=wards.index,
        )
    else:
        raise ValueError(f"targeting works on LSOAs and wards, not {level!r}")
    venue_key = "lsoa_code" if level == "lsoa" else "ward_code"
    counts = pd.crosstab(bundle.venues[venue_key], bundle.venues["kind"])
    for kind in VENUE_KINDS:
        column = counts[kind] if kind in counts else pd.Series(dtype=int)
        out[f"venues_{kind}"] = column.reindex(out.index).fillna(0).astype(int)
    out.index.name = "code"
    return out


def queen_adjacency(geometry: gpd.GeoDataFrame, codes: pd.Index) -> sparse.csr_matrix:
    """Queen contiguity (a shared vertex is enough) on the British National Grid, rows in ``codes``
    order. Read-only: it is shared by every request."""
    projected = geometry.to_crs(BRITISH_NATIONAL_GRID)
    graph = Graph.build_contiguity(projected.geometry, rook=False)
    order = pd.Index(graph.unique_ids).get_indexer(codes)
    if (order < 0).any():
        raise ValueError(f"{int((order < 0).sum())} areas have no boundary")
    matrix = graph.sparse.tocsr()[order][:, order].tocsr()
    matrix.data = np.ones_like(matrix.data, dtype=np.int8)
    matrix.eliminate_zeros()
    for array in (matrix.data, matrix.indices, matrix.indptr):
        array.setflags(write=False)
    return matrix


def read_geometry(bundle: Bundle, level: str) -> gpd.GeoDataFrame:
    """The bundle's display polygons for ``level`` (EPSG:4326), indexed by code."""
    return gpd.read_file(bundle.geojson_path(level)).set_index("code")


def build_context(bundle: Bundle, level: str) -> LevelContext:
    areas = area_table(bundle, level)
    geometry = read_geometry(bundle, level)
    projected = geometry.to_crs(BRITISH_NATIONAL_GRID).geometry.reindex(areas.index)
    areas["area_km2"] = projected.area.to_numpy() / 1e6
    return LevelContext(
        level=level,
        areas=areas,
        adjacency=queen_adjacency(geometry, areas.index),
        geometry=projected,
    )
