"""Households on Universal Credit (DWP, 2011 MSOAs): a count, including in-work households."""

from __future__ import annotations

import pandas as pd

from geodata.aggregate import Sum
from geodata.bundle import Bundle
from layers.base import IndicatorLayer
from layers.native import msoa_based_values, msoa_city_region

COUNT = Sum("uc_households")


def _values(layer: IndicatorLayer, bundle: Bundle, level: str) -> pd.DataFrame:
    return msoa_based_values(COUNT, bundle, level)


LAYER = IndicatorLayer(
    id="uc_households",
    title="Universal Credit households (MSOA)",
    description=(
        "Households on Universal Credit, latest month. Includes in-work households, so it is not "
        "an out-of-work measure. A count: no household total is published for 2011 MSOAs."
    ),
    unit="households",
    source_id="uc_households",
    date="November 2023 (provisional)",
    geography="MSOA 2011",
    measure=COUNT,
    number_format=",.0f",
    palette="Blues",
    levels=("msoa", "borough"),
    values_fn=_values,
    city_region_fn=lambda bundle: msoa_city_region(COUNT, bundle),
    aggregation="Boroughs: MSOA counts summed.",
    proxy_note=(
        "Includes in-work households. A count, so larger MSOAs show more (MSOAs hold roughly "
        "5,000–10,000 people). Stat-Xplore counts carry disclosure rounding."
    ),
)
