"""A flood zone's figures against its borough and the City Region, from LSOAs, by the atlas's one
aggregation rule (``geodata.aggregate``): counts summed, rates recomputed from summed numerators and
denominators, scores weighted by residents, and the coverage rule for LSOAs that published nothing.

Zones, boroughs and the City Region go through the same two calls (``aggregate`` then
``apply_coverage``), so a zone that is a whole borough gets exactly the borough's figure. Every zone
of a shortlist is done in one pass per figure: a pack of 30 zones costs what one does.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from geodata.aggregate import Measure, aggregate, apply_coverage
from geodata.build import split_not_apportioned

CITY_REGION = "city_region"


def lsoas_of(lsoa: pd.DataFrame, codes: Iterable[str], level: str) -> pd.Index:
    """The LSOAs making up ``codes`` at ``level`` (the LSOAs themselves, or each ward's best-fit
    LSOAs), in the LSOA table's order."""
    wanted = set(codes)
    if level == "lsoa":
        return lsoa.index[lsoa.index.isin(wanted)]
    if level == "ward":
        return lsoa.index[lsoa["ward_code"].isin(wanted)]
    raise ValueError(f"zones are made of LSOAs or wards, not {level!r}")


def zone_of_lsoa(lsoa: pd.DataFrame, zone: pd.Series, level: str) -> pd.Series:
    """Each member LSOA's zone number, from ``zone`` (area code → zone number at ``level``)."""
    if level == "lsoa":
        key = pd.Series(lsoa.index, index=lsoa.index)
    elif level == "ward":
        key = lsoa["ward_code"]
    else:
        raise ValueError(f"zones are made of LSOAs or wards, not {level!r}")
    out = key.map(zone).dropna().astype(int)
    out.name = "zone"
    return out


def figures_by(
    lsoa: pd.DataFrame, groups: pd.Series, measures: Mapping[str, Measure]
) -> dict[str, pd.DataFrame]:
    """Per figure, one row per group of ``groups`` (indexed like ``lsoa``; LSOAs not in it are left
    out): ``value`` after the coverage rule (NaN = missing), ``n_missing`` (LSOAs left out) and
    ``note`` (why missing, or how partial)."""
    frame = lsoa.loc[groups.index]
    out = {}
    for name, measure in measures.items():
        agg = aggregate(frame, groups, {"value": measure})
        out[name] = apply_coverage(
            agg["value"], agg["n_areas"], agg["value__n_missing"], measure,
            n_split=split_not_apportioned(frame, groups, measure),
        )  # fmt: skip
    return out


@dataclass(frozen=True)
class Comparison:
    """Per figure: each zone's, each borough's and the City Region's value, LSOAs left out, note."""

    zones: dict[str, pd.DataFrame]  # indexed by zone number
    boroughs: dict[str, pd.DataFrame]  # indexed by borough (LAD) code
    city_region: dict[str, pd.DataFrame]  # one row, CITY_REGION


def comparators(
    lsoa: pd.DataFrame, measures: Mapping[str, Measure]
) -> tuple[dict[str, pd.DataFrame], dict[str, pd.DataFrame]]:
    """Every borough's and the City Region's figures (all of ``lsoa``): the same for every pack,
    so callers may compute them once per bundle."""
    return (
        figures_by(lsoa, lsoa["lad_code"], measures),
        figures_by(lsoa, pd.Series(CITY_REGION, index=lsoa.index), measures),
    )


def compare(
    lsoa: pd.DataFrame,
    zone_lsoas: pd.Series,
    measures: Mapping[str, Measure],
    regions: tuple[dict[str, pd.DataFrame], dict[str, pd.DataFrame]] | None = None,
) -> Comparison:
    """Every zone (``zone_of_lsoa``) against every borough and the City Region (``regions``, from
    ``comparators``, computed here when not given)."""
    boroughs, city_region = regions or comparators(lsoa, measures)
    return Comparison(
        zones=figures_by(lsoa, zone_lsoas, measures),
        boroughs=boroughs,
        city_region=city_region,
    )
