"""Households on Universal Credit (DWP, 2011 MSOAs): a count, including in-work households."""

from __future__ import annotations

from typing import Any

import pandas as pd

from geodata.aggregate import Measure, Ratio, Sum
from geodata.bundle import Bundle
from layers.base import IndicatorLayer, Period
from layers.claimant_count import month_label
from layers.native import (
    msoa_based_values,
    msoa_city_region,
    msoa_for_period,
    msoa_periods,
    msoa_series,
    msoa_values_with_count,
)

COUNT = Sum("uc_households")
# Households on UC per 1,000 residents: the only denominator published on 2011 MSOAs is ONS's
# mid-2020 population (households are counted on 2021 LSOAs, which do not nest in 2011 MSOAs).
RATE = Ratio("uc_households", "pop20_total", 1000)
SERIES = "uc_households"


def periods(bundle: Bundle) -> tuple[Period, ...]:
    """Every month DWP published in the bundle (August 2015 – November 2023; 13 months revised,
    the last provisional), oldest first."""
    return msoa_periods(bundle, SERIES, month_label)


def _msoa(bundle: Bundle, period: str) -> pd.DataFrame:
    return msoa_for_period(bundle, SERIES, "uc_households", period)


def _values(layer: IndicatorLayer, bundle: Bundle, level: str, period: str) -> pd.DataFrame:
    return msoa_based_values(COUNT, bundle, level, _msoa(bundle, period))


def _rate_values(layer: IndicatorLayer, bundle: Bundle, level: str, period: str) -> pd.DataFrame:
    return msoa_values_with_count(RATE, bundle, level, _msoa(bundle, period), "uc_households")


def _uc_layer(measure: Measure, **declared: Any) -> IndicatorLayer:
    """The count and the rate come from one DWP table: the same source, geography, months, levels
    and colours; only the measure and what is said about it differ."""
    return IndicatorLayer(
        source_id="uc_households",
        geography="MSOA 2011",
        measure=measure,
        palette="Blues",
        levels=("msoa", "borough"),
        city_region_fn=lambda bundle, period: msoa_city_region(
            measure, bundle, _msoa(bundle, period)
        ),
        periods_fn=periods,
        series_fn=lambda bundle, level: msoa_series(
            measure, bundle, SERIES, "uc_households", level
        ),
        **declared,
    )


LAYER = _uc_layer(
    COUNT,
    id="uc_households",
    title="Universal Credit households (MSOA)",
    description=(
        "Households on Universal Credit, one month at a time (the latest unless you choose "
        "another). Includes in-work households, so it is not "
        "an out-of-work measure. A count: no household total is published for 2011 MSOAs."
    ),
    unit="households",
    date="November 2023 (provisional); monthly from August 2015",
    number_format=",.0f",
    values_fn=_values,
    aggregation="Boroughs: MSOA counts summed.",
    proxy_note=(
        "Includes in-work households. A count, so larger MSOAs show more (MSOAs hold roughly "
        "5,000–10,000 people): areas are not ranked by it; compare them with the rate per 1,000 "
        "residents. Stat-Xplore counts carry disclosure rounding."
    ),
    is_count=True,
)

RATE_LAYER = _uc_layer(
    RATE,
    id="uc_households_rate",
    title="Universal Credit households per 1,000 residents (MSOA)",
    description=(
        "Households on Universal Credit per 1,000 residents (ONS mid-2020 estimates summed to "
        "MSOA), one month at a time (the latest unless you choose another), so areas of different "
        "sizes can be compared. Includes in-work households, so it is not an out-of-work measure."
    ),
    unit="households on UC per 1,000 residents (mid-2020)",
    date="November 2023 (provisional); monthly from August 2015; residents mid-2020",
    number_format=",.1f",
    values_fn=_rate_values,
    aggregation="Boroughs: rate recomputed from summed MSOA households and residents.",
    proxy_note=(
        "Includes in-work households. Households per resident, not a share of households: no "
        "household total is published for 2011 MSOAs. The residents are mid-2020 for every month, "
        "so a change over time is a change in households over a fixed population. Stat-Xplore "
        "counts carry disclosure rounding."
    ),
)
