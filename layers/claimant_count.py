"""Claimant Count: JSA plus Universal Credit claimants required to look for work, on nomis's 2021 ward
set (each ward drawn on the boundary file its ward set matches: December 2019 or May 2025), July–October
2023."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from geodata.aggregate import Sum
from geodata.bundle import Bundle
from geodata.sources import ENGLAND_CODE
from layers.base import IndicatorLayer, Period

RATE = "claimant_rate_pct_residents_16_64"
COUNT = "claimant_count"


def months(bundle: Bundle) -> list[str]:
    return sorted(bundle.claimant_wards["month"].unique())


def latest_month(bundle: Bundle) -> str:
    return months(bundle)[-1]


def month_label(month: str) -> str:
    """``2023-10`` → "October 2023"."""
    year, number = (int(part) for part in month.split("-"))
    return date(year, number, 1).strftime("%B %Y")


def periods(bundle: Bundle) -> tuple[Period, ...]:
    """The months nomis published in the bundle (July–October 2023), oldest first."""
    return tuple(Period(month, month_label(month)) for month in months(bundle))


def _published(bundle: Bundle, area_type: str, month: str) -> pd.DataFrame:
    table = bundle.series["claimant_count"]
    rows = table[(table["area_type"] == area_type) & (table["month"] == month)]
    return rows.set_index("area_code")


def values_for_month(bundle: Bundle, level: str, month: str | None = None) -> pd.DataFrame:
    """Ward (2021 set) or borough rates as nomis published them, with counts and boundary set.

    Borough figures are nomis's own LAD rows, not sums of rounded ward counts (those differ by up to
    10 claimants per borough)."""
    month = month or latest_month(bundle)
    if level == "ward2021":
        wards = bundle.claimant_wards
        rows = wards[wards["month"] == month].set_index("area_code")
        extra = {"boundary_set": rows["boundary_set"], "area_name": rows["area_name"]}
    elif level == "borough":
        rows = _published(bundle, "lad", month)
        extra = {}
    else:
        raise ValueError(
            f"Claimant Count is published for 2021-set wards and boroughs, not {level}"
        )
    value = rows[RATE].astype("float64")
    out = pd.DataFrame({"value": value, "n_missing": value.isna().astype(int)})
    out["note"] = np.where(value.isna(), "not published for this ward", "")
    out["count"] = rows[COUNT].astype("float64")
    for name, column in extra.items():
        out[name] = column
    out.attrs["month"] = month
    return out


def _values(layer: IndicatorLayer, bundle: Bundle, level: str, period: str) -> pd.DataFrame:
    return values_for_month(bundle, level, period)


def city_region(bundle: Bundle, month: str | None = None) -> float:
    """The region's own published rate (its combined authority's row, or its one borough's)."""
    table = bundle.series["claimant_count"]
    rows = table[
        (table["area_type"] != "ward") & (table["month"] == (month or latest_month(bundle)))
    ]
    rows = rows[rows["area_code"] == bundle.region.code]
    return float(rows[RATE].iloc[0]) if len(rows) else float("nan")


def england_annual(bundle: Bundle) -> tuple[float, str]:
    """England's rate for the calendar year of the latest month (annual figure, not monthly)."""
    year = int(latest_month(bundle)[:4])
    annual = bundle.series.get("claimant_rate_annual")
    if annual is None:
        return float("nan"), "no England figure in this region's data"
    row = annual[(annual["area_code"] == ENGLAND_CODE) & (annual["year"] == year)]
    if row.empty:
        return float("nan"), "no England figure for this year"
    return float(row[RATE].iloc[0]), f"England, {year} annual (ONS Explore Local Statistics)"


LAYER = IndicatorLayer(
    id="claimant_count",
    title="Claimant Count",
    description=(
        "People claiming Jobseeker's Allowance plus Universal Credit claimants required to look for "
        "work, as a % of residents aged 16–64 (nomis). One month at a time (the latest unless "
        "you choose another); counts in the profile."
    ),
    unit="% of residents aged 16–64",
    source_id="claimant_count_ward",
    date="October 2023 (monthly, July–October 2023 available)",
    geography="Ward (nomis 2021 set)",
    measure=Sum(COUNT),
    number_format=".1f",
    palette="OrRd",
    levels=("ward2021", "borough"),
    values_fn=_values,
    city_region_fn=city_region,
    periods_fn=periods,
    england_fn=england_annual,
    aggregation="Boroughs: nomis's published borough rate (ward counts are rounded to 5).",
    proxy_note=(
        "Drawn on the ward set it was published for (nomis's 2021 set): wards redrawn since are "
        "drawn on the December 2019 boundaries, the rest on May 2025. Official statistics in "
        "development; ward counts rounded to the nearest 5."
    ),
)
