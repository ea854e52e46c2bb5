"""What the outcome analytics read from the bundle, at LSOA or ward level, in one place.

* claimants: out-of-work benefit claimants, the IoD 2025 employment-domain numerator (2022, rounded
  to 5) per LSOA, summed to wards (a ward with an LSOA not published is missing);
* the LSOA → ward lookup (``bundle.lsoa["ward_code"]``: the ONS best-fit lookup the bundle holds);
* each area's borough, the out-of-work rate (the Out-of-work benefits layer, recomputed above LSOA
  from summed counts), any layers' values for matching, and which areas touch.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from geodata.bundle import Bundle
from layers.outcomes.counts import CLAIMANTS, LEVELS, claimants_at

WORKING_AGE = "iod25_employment_denominator"


def _check(level: str) -> None:
    if level not in LEVELS:
        raise ValueError(f"outcomes are compared at LSOA or ward level, not {level!r}")


def ward_lookup(bundle: Bundle) -> pd.Series:
    """LSOA code → ward code."""
    return bundle.lsoa["ward_code"]


def claimants(bundle: Bundle, level: str) -> pd.Series:
    """Out-of-work claimants per area of ``level``."""
    _check(level)
    lookup = ward_lookup(bundle) if level == "ward" else None
    return claimants_at(bundle.lsoa[CLAIMANTS], lookup)


def working_age(bundle: Bundle, level: str) -> pd.Series:
    """Working-age residents (the IoD 2025 employment denominator) per area of ``level``."""
    _check(level)
    lookup = ward_lookup(bundle) if level == "ward" else None
    return claimants_at(bundle.lsoa[WORKING_AGE], lookup)


def boroughs(bundle: Bundle, level: str) -> pd.Series:
    """Borough (LAD) code per area of ``level``."""
    _check(level)
    return bundle.lsoa["lad_code"] if level == "lsoa" else bundle.wards["lad_code"]


def layer_values(bundle: Bundle, level: str, layer_ids: Sequence[str]) -> pd.DataFrame:
    """Built-in layers' values per area of ``level`` (columns: layer ids), for matching. The app
    passes its Target result's ``values`` instead when the plan's layers include uploads."""
    from layers import BUILT_IN

    _check(level)
    unknown = [i for i in layer_ids if i not in BUILT_IN]
    if unknown:
        raise ValueError(f"unknown layer(s): {', '.join(unknown)}")
    return pd.DataFrame({i: BUILT_IN[i].values(bundle, level)["value"] for i in layer_ids})


def out_of_work_rate(bundle: Bundle, level: str) -> pd.Series:
    """The Out-of-work benefits layer's value (% of working-age people) per area of ``level``."""
    return layer_values(bundle, level, ["out_of_work"])["out_of_work"]


def neighbours(bundle: Bundle, level: str) -> dict[str, tuple[str, ...]]:
    """Each area's touching areas (queen contiguity on the bundle's display polygons)."""
    from layers.outcomes.comparison import neighbours_of
    from layers.targeting.areas import queen_adjacency, read_geometry

    _check(level)
    geometry = read_geometry(bundle, level)
    codes = geometry.index
    return neighbours_of(queen_adjacency(geometry, codes), list(codes))
