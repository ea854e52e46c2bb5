"""Households on Universal Credit (DWP, 2011 MSOAs): a count, including in-work households."""

from __future__ import annotations

import pandas as pd

from geodata.aggregate import Sum
from geodata.bundle import Bundle
from layers.base import IndicatorLayer, Period
from layers.claimant_count import month_label
from layers.native import (
    msoa_based_values,
    msoa_city_region,
    msoa_for_period,
    msoa_periods,
    msoa_series,
)

COUNT = Sum("uc_households")
SERIES = "uc_households"


def periods(bundle: Bundle) -> tuple[Period, ...]:
    """Every month DWP published in the bundle (August 2015 – November 2023; 13 months revised,
    the last provisional), oldest first."""
    return msoa_periods(bundle, SERIES, month_label)


def _msoa(bundle: Bundle, period: str) -> pd.DataFrame:
    return msoa_for_period(bundle, SERIES, "uc_households", period)


def _values(layer: IndicatorLayer, bundle: Bundle, level: str, period: str) -> pd.DataFrame:
    return msoa_based_values(COUNT, bundle, level, _msoa(bundle, period))


LAYER = IndicatorLayer(
    id="uc_households",
    title="Universal Credit households (MSOA)",
    description=(
        "Households on Universal Credit, one month at a time (the latest unless you choose "
        "another). Includes in-work households, so it is not "
        "an out-of-work measure. A count: no household total is published for 2011 MSOAs."
    ),
    unit="households",
    source_id="uc_households",
    date="November 2023 (provisional); monthly from August 2015",
    geography="MSOA 2011",
    measure=COUNT,
    number_format=",.0f",
    palette="Blues",
    levels=("msoa", "borough"),
    values_fn=_values,
    city_region_fn=lambda bundle, period: msoa_city_region(COUNT, bundle, _msoa(bundle, period)),
    periods_fn=periods,
    series_fn=lambda bundle, level: msoa_series(COUNT, bundle, SERIES, "uc_households", level),
    aggregation="Boroughs: MSOA counts summed.",
    proxy_note=(
        "Includes in-work households. A count, so larger MSOAs show more (MSOAs hold roughly "
        "5,000–10,000 people). Stat-Xplore counts carry disclosure rounding."
    ),
)
