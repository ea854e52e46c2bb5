"""Putting every dataset on one geography: LSOA 2021 is the base.

2011 LSOA data is carried through the ONS change lookup: unchanged LSOAs as they are; each part of a
split takes its parent's rate (a count cannot be apportioned without inventing, so it is missing);
a merged LSOA's rate is recomputed from its parents' summed counts, and only when every parent has
them: a suppressed parent's count is unknown, not 0. Every carried value is flagged.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from geodata.aggregate import Measure, Ratio, Sum, WeightedMean, aggregate
from geodata.errors import DataError


@dataclass(frozen=True)
class AsIs:
    """A value with no arithmetic across areas (a rank or decile): unchanged or split areas keep it,
    a merged area has none."""

    column: str


Carry = Measure | AsIs


def carry_to_2021(
    frame_2011: pd.DataFrame,
    change_lookup: pd.DataFrame,
    carries: Mapping[str, Carry],
    *,
    key_2011: str = "lsoa_code",
    file: str = "the LSOA 2011 to 2021 change lookup",
) -> pd.DataFrame:
    """Values on 2021 LSOAs, indexed by LSOA 2021 code, with a ``change_code`` column (U/S/M)."""
    unknown = set(frame_2011[key_2011]) - set(change_lookup["lsoa2011_code"])
    if unknown:
        raise DataError(file, "2011 LSOA missing from the change lookup", code=sorted(unknown)[0])
    links = change_lookup[["lsoa2011_code", "lsoa2021_code", "change_code"]].merge(
        frame_2011, left_on="lsoa2011_code", right_on=key_2011, how="left"
    )
    parents_per_child = links.groupby("lsoa2021_code")["lsoa2011_code"].nunique()
    children_per_parent = links.groupby("lsoa2011_code")["lsoa2021_code"].nunique()
    links["n_parents"] = links["lsoa2021_code"].map(parents_per_child)
    links["n_children"] = links["lsoa2011_code"].map(children_per_parent)
    if ((links["n_parents"] > 1) & (links["n_children"] > 1)).any():
        bad = links[(links["n_parents"] > 1) & (links["n_children"] > 1)].iloc[0]
        raise DataError(file, "complex (many-to-many) change not supported", code=bad.lsoa2021_code)

    single = links[links["n_parents"] == 1].set_index("lsoa2021_code")
    merged = links[links["n_parents"] > 1]
    out = pd.DataFrame(index=pd.Index(sorted(links["lsoa2021_code"].unique()), name="lsoa_code"))
    out["change_code"] = "U"
    out.loc[single.index[single["n_children"] > 1], "change_code"] = "S"
    out.loc[merged["lsoa2021_code"].unique(), "change_code"] = "M"

    measures = {n: c for n, c in carries.items() if not isinstance(c, AsIs)}
    merged_values = aggregate(merged, "lsoa2021_code", measures) if len(merged) else None
    for name, carry in carries.items():
        values = _parent_values(single, carry)
        if isinstance(carry, Sum):
            # A split's count is not apportioned: that would invent figures.
            values[single["n_children"] > 1] = float("nan")
        out[name] = values
        if merged_values is not None and not isinstance(carry, AsIs):
            # Summing only the parents that publish a count would pass off part of the merged
            # LSOA as all of it.
            whole = merged_values[f"{name}__n_missing"] == 0
            out.loc[merged_values.index, name] = merged_values[name].where(whole)
    return out


def merged_gap(carry: Carry) -> str:
    """Why a merged 2021 LSOA has no value for ``carry``."""
    if isinstance(carry, AsIs):
        return "merged from 2011 LSOAs; a 2011 rank or decile cannot be combined"
    return "merged from 2011 LSOAs, at least one of which is suppressed or not published"


def _parent_values(single: pd.DataFrame, carry: Carry) -> pd.Series:
    match carry:
        case AsIs(column) | Sum(column) | WeightedMean(column, _):
            return single[column].astype("float64").copy()
        case Ratio(numerator, denominator, scale):
            return single[numerator] / single[denominator].replace(0, float("nan")) * scale
    raise TypeError(carry)
