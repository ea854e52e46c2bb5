"""The Claimant Count by 2011 LSOA, 2013-2022 (calendar years), put on 2021 LSOAs and boroughs.

The file gives, per 2011 LSOA and year, ``claimant_count`` (the sum of the 12 monthly counts, each
rounded to 5 by the publisher: claimant-months) and ``pop`` (residents aged 16 and over; 2021 and 2022
reuse mid-2020). The year's average number of claimants is claimant-months / 12.

On 2021 LSOAs by the atlas's rules (``geodata.geography``): an unchanged LSOA keeps its figures; a
split one takes its parent's rate and has no count (a count is not apportioned); a merged one sums
its parents' counts. Boroughs are summed from the 2011 LSOAs themselves: each lies wholly in one
borough (checked), so the borough figure is complete, where a sum of 2021 LSOAs would leave out the
split ones.
"""

from __future__ import annotations

import pandas as pd

from geodata.aggregate import Ratio, Sum
from geodata.errors import DataError
from geodata.geography import Carry, carry_to_2021

SOURCE_ID = "claimant_count_lsoa"
COLUMNS = ("year", "area_code", "pop", "claimant_count", "lad_code")
MONTHS = 12
CARRIES: dict[str, Carry] = {
    "claimants": Sum("claimants"),
    "pop16": Sum("pop16"),
    "rate": Ratio("claimants", "pop16", 100),
}


def _tidy(table: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "lsoa_code": table["area_code"],
            "period": table["year"].astype(int).astype(str),
            "lad_code": table["lad_code"],
            "claimants": table["claimant_count"].astype("float64") / MONTHS,
            "pop16": table["pop"].astype("float64"),
        }
    )


def lsoa_series(
    table: pd.DataFrame, change: pd.DataFrame, lsoa: pd.DataFrame, file: str
) -> pd.DataFrame:
    """Long table on 2021 LSOAs: ``lsoa_code, period, claimants`` (the year's average), ``pop16``,
    ``rate`` (claimants per 100 residents aged 16+) and ``change_code`` (U/S/M)."""
    tidy = _tidy(table)
    if tidy.duplicated(["lsoa_code", "period"]).any():
        dup = tidy[tidy.duplicated(["lsoa_code", "period"])].iloc[0]
        raise DataError(file, f"duplicated LSOA in year {dup['period']}", code=dup["lsoa_code"])
    _check_boroughs(tidy, change, lsoa, file)
    parts = []
    for period, rows in tidy.groupby("period", sort=True):
        carried = carry_to_2021(rows, change, CARRIES, file=file)
        carried = carried.reindex(lsoa.index)
        carried.index.name = "lsoa_code"
        parts.append(carried.reset_index().assign(period=period))
    out = pd.concat(parts, ignore_index=True)
    return out[["lsoa_code", "period", "claimants", "pop16", "rate", "change_code"]]


def native_series(table: pd.DataFrame) -> pd.DataFrame:
    """``lsoa_code`` (2011), ``lad_code, period, claimants, pop16``: the file on its own geography,
    for figures that need every LSOA whole (the Overview's concentration of claimants)."""
    return _tidy(table).reset_index(drop=True)


def borough_series(table: pd.DataFrame) -> pd.DataFrame:
    """``lad_code, period, claimants, pop16, n_lsoa2011`` summed from the 2011 LSOAs."""
    tidy = _tidy(table)
    return (
        tidy.groupby(["lad_code", "period"])
        .agg(
            claimants=("claimants", "sum"), pop16=("pop16", "sum"), n_lsoa2011=("lsoa_code", "size")
        )
        .reset_index()
    )


def _check_boroughs(
    tidy: pd.DataFrame, change: pd.DataFrame, lsoa: pd.DataFrame, file: str
) -> None:
    """Every 2011 LSOA's borough is the borough of each 2021 LSOA it became (so borough sums from
    2011 LSOAs are the boroughs' own figures)."""
    unknown = set(tidy["lsoa_code"]) - set(change["lsoa2011_code"])
    if unknown:
        raise DataError(file, "2011 LSOA missing from the change lookup", code=min(unknown))
    links = change[["lsoa2011_code", "lsoa2021_code"]].merge(
        tidy.drop_duplicates("lsoa_code")[["lsoa_code", "lad_code"]],
        left_on="lsoa2011_code",
        right_on="lsoa_code",
    )
    lad_2021 = links["lsoa2021_code"].map(lsoa["lad_code"])
    wrong = links[lad_2021 != links["lad_code"]]
    if len(wrong):
        raise DataError(
            file,
            "2011 LSOA's borough differs from its 2021 LSOA's",
            code=wrong["lsoa_code"].iloc[0],
        )
