"""Values for layers whose data is not on LSOAs: DWP tables on 2011 MSOAs, the Claimant Count on its
own 2021 ward set. Rates above the native geography are recomputed from summed counts."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from geodata.aggregate import Measure, aggregate, aggregate_all, apply_coverage
from geodata.bundle import Bundle
from layers.base import Period

SUPPRESSED = "not published for this area"


def msoa_for_period(bundle: Bundle, series: str, column: str, period: str) -> pd.DataFrame:
    """The MSOA table with ``column`` (a DWP count) taken from one period of ``series`` in the
    bundle's ``msoa_periods`` (every period DWP published; the MSOA table itself holds the latest).
    An MSOA without a row for that period has no value: missing, never 0."""
    table = bundle.series["msoa_periods"]
    rows = table[(table["series"] == series) & (table["period"] == period)]
    msoa = bundle.msoa.copy()
    msoa[column] = rows.set_index("msoa_code")["value"].reindex(msoa.index).astype("float64")
    return msoa


def msoa_periods(bundle: Bundle, series: str, label: Callable[[str], str]) -> tuple[Period, ...]:
    """Periods of a DWP MSOA series, oldest first, each with DWP's status flag."""
    table = bundle.series["msoa_periods"]
    rows = table[table["series"] == series].drop_duplicates("period").sort_values("period")
    return tuple(
        Period(key, label(key), status or "")
        for key, status in zip(rows["period"], rows["status"], strict=True)
    )


def msoa_based_values(
    measure: Measure, bundle: Bundle, level: str, msoa: pd.DataFrame | None = None
) -> pd.DataFrame:
    """MSOA 2011 values as published; borough values recomputed from the MSOAs' counts. ``msoa``:
    the MSOA table for one period (``msoa_for_period``); default the bundle's (the latest)."""
    msoa = bundle.msoa if msoa is None else msoa
    if level == "msoa":
        from layers.base import row_values

        value = row_values(msoa, measure)
        out = pd.DataFrame({"value": value, "n_missing": value.isna().astype(int)})
        out["note"] = np.where(value.isna(), SUPPRESSED, "")
        return out
    if level == "borough":
        agg = aggregate(msoa, "lad_code", {"value": measure})
        # The same coverage rule as for LSOAs (see geodata.aggregate.MIN_COVERAGE).
        return apply_coverage(
            agg["value"], agg["n_areas"], agg["value__n_missing"], measure, "MSOAs"
        )
    raise ValueError(level)


def msoa_values_with_count(
    measure: Measure, bundle: Bundle, level: str, msoa: pd.DataFrame, column: str
) -> pd.DataFrame:
    """``msoa_based_values`` of a rate, with the count it is built from (``column``: the MSOA's own,
    or the borough's MSOAs summed) beside it for the profile and exports."""
    out = msoa_based_values(measure, bundle, level, msoa)
    out["count"] = msoa[column] if level == "msoa" else msoa.groupby("lad_code")[column].sum()
    return out


def msoa_city_region(measure: Measure, bundle: Bundle, msoa: pd.DataFrame | None = None) -> float:
    table = bundle.msoa if msoa is None else msoa
    return float(aggregate_all(table, {"value": measure}, bundle.region.code)["value"].iloc[0])


def msoa_series(
    measure: Measure, bundle: Bundle, series: str, column: str, level: str
) -> pd.DataFrame:
    """Every period at once (one column per period key, oldest first), by the same rules as
    ``msoa_based_values``: the MSOA's own figure, or the borough's recomputed from its MSOAs with the
    same coverage rule, or (``level="city_region"``, one row) the region's. For the profile's
    time view: one pass over the long table instead of one computation per period."""
    from layers.base import row_values

    long = _long(bundle, series, column)
    if level == "msoa":
        frame = long.assign(_value=row_values(long, measure).to_numpy())
        return frame.pivot(columns="period", values="_value")
    if level == "city_region":
        agg = aggregate(long, "period", {"value": measure})
        return agg[["value"]].T.rename(index={"value": bundle.region.code})
    if level == "borough":
        keys = long["lad_code"] + "|" + long["period"]
        agg = aggregate(long, keys.rename("_group"), {"value": measure})
        covered = apply_coverage(
            agg["value"], agg["n_areas"], agg["value__n_missing"], measure, "MSOAs"
        )
        lad, period = zip(*(key.split("|") for key in covered.index), strict=True)
        return pd.DataFrame(
            {"lad_code": lad, "period": period, "value": covered["value"].to_numpy()}
        ).pivot(index="lad_code", columns="period", values="value")
    raise ValueError(level)


def _long(bundle: Bundle, series: str, column: str) -> pd.DataFrame:
    table = bundle.series["msoa_periods"]
    rows = table[table["series"] == series].set_index("msoa_code")[["period", "value"]]
    rows = rows.rename(columns={"value": column})
    rows[column] = rows[column].astype("float64")
    return bundle.msoa.drop(columns=[column]).join(rows, how="inner")
