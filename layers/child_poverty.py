"""Child poverty: DWP children in relative low income families (MSOA 2011), and an indicative LSOA
rate from IoD 2025's IDACI numerator."""

from __future__ import annotations

import pandas as pd

from geodata.aggregate import Ratio, Sum
from geodata.bundle import Bundle
from layers.base import IndicatorLayer, Period
from layers.native import (
    msoa_city_region,
    msoa_for_period,
    msoa_periods,
    msoa_series,
    msoa_values_with_count,
)

CILIF_RATE = Ratio("cilif_children", "pop20_0_15", 100)
SERIES = "cilif"


def year_label(key: str) -> str:
    """``2021-22`` (the key in links) → "2021/22", as DWP writes financial years."""
    return key.replace("-", "/")


def periods(bundle: Bundle) -> tuple[Period, ...]:
    """Financial years 2014/15 – 2021/22 (the last provisional), oldest first."""
    return msoa_periods(bundle, SERIES, year_label)


def _msoa(bundle: Bundle, period: str) -> pd.DataFrame:
    return msoa_for_period(bundle, SERIES, "cilif_children", period)


def _cilif(layer: IndicatorLayer, bundle: Bundle, level: str, period: str) -> pd.DataFrame:
    return msoa_values_with_count(
        CILIF_RATE, bundle, level, _msoa(bundle, period), "cilif_children"
    )


CHILD_POVERTY = IndicatorLayer(
    id="child_poverty",
    title="Child poverty (DWP, MSOA)",
    description=(
        "Children under 16 in relative low income families (before housing costs), DWP, as a % of "
        "children aged 0–15 (ONS mid-2020 estimates summed to MSOA). One financial year at a "
        "time (the latest unless you choose another)."
    ),
    unit="% of children aged 0–15",
    source_id="cilif",
    date="FYE 2022 (2021/22, provisional); yearly from 2014/15; children mid-2020",
    geography="MSOA 2011",
    measure=CILIF_RATE,
    number_format=".1f",
    palette="YlOrBr",
    group="Children",
    levels=("msoa", "borough"),
    values_fn=_cilif,
    city_region_fn=lambda bundle, period: msoa_city_region(
        CILIF_RATE, bundle, _msoa(bundle, period)
    ),
    periods_fn=periods,
    series_fn=lambda bundle, level: msoa_series(
        CILIF_RATE, bundle, SERIES, "cilif_children", level
    ),
    aggregation="Boroughs: rate recomputed from summed MSOA counts.",
    proxy_note=(
        "Published for 2011 MSOAs only (no LSOA or ward figures). Numerator 2021/22, denominator "
        "mid-2020 for every year: an approximate rate, and a change between years is a change in "
        "the count over a fixed child population. Stat-Xplore counts carry disclosure rounding."
    ),
)

CHILD_POVERTY_IDACI = IndicatorLayer(
    id="child_poverty_idaci",
    title="Children in income-deprived families (IDACI 2019, LSOA)",
    description=(
        "IoD 2019 IDACI numerator (children aged 0–15 in income-deprived families) as a % of the "
        "IoD's own child population (mid-2015). Indicative, not the official IDACI score."
    ),
    unit="% of children aged 0–15 (indicative)",
    source_id="iod2019",
    date="IoD 2019 (children mid-2015)",
    geography="LSOA 2011, carried to 2021",
    measure=Ratio("iod19_idaci_numerator", "iod19_children_mid2015", 100),
    lsoa_measure=Sum("iod19_idaci_rate"),
    number_format=".1f",
    palette="YlOrBr",
    group="Children",
    proxy_note=(
        "Numerator and denominator are the IoD 2019's own (both published; numerator rounded to 5 "
        "and suppressed when small, so those LSOAs show no data). On 2011 LSOAs: a split 2021 LSOA "
        "shows its parent's rate and is left out of ward and borough sums, which are recomputed "
        "from summed counts; a merged 2021 LSOA has a figure only if every 2011 LSOA in it has one."
    ),
)
