"""What a map layer is: a declarative description plus pure functions that give its values per level.

A layer's values come back as a frame indexed by area code with columns ``value`` (the figure shown),
``n_missing`` (LSOAs left out of an aggregate), and ``note`` (why a value is missing, or how many
LSOAs a partial figure left out: see ``geodata.aggregate.apply_coverage``).

Every layer has periods (``periods(bundle)``, oldest first; the last is the default) and gives its
values for one of them (``values(bundle, level, period)``). A layer published once has one period,
``SINGLE``, labelled with its date. Which layers a user may see, and how their values are cached, is
the catalog's business: see ``layers.catalog``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from geodata.aggregate import (
    Measure,
    Ratio,
    ShareWhere,
    Sum,
    WeightedMean,
    aggregate,
    aggregate_all,
    apply_coverage,
    inputs_of,
)
from geodata.build import CARRIED, split_not_apportioned
from geodata.bundle import Bundle
from geodata.geography import merged_gap
from geodata.measures import with_available_weight
from geodata.national import england_comparator

LEVEL_LABELS = {
    "lsoa": "LSOA (2021)",
    "ward": "Ward (May 2025)",
    "borough": "Borough",
    "msoa": "MSOA (2011)",
    "ward2021": "Ward (2021 set)",
}

# What a figure above a layer's own level is built from, by that level (for "LSOAs left out").
MEMBERS = {"lsoa": "LSOAs", "msoa": "MSOAs", "ward": "wards", "ward2021": "wards"}


SINGLE = ""  # the key of the one period of a layer published once
COUNT_NOT_RANKED = "not ranked: a count, so larger areas hold more"


@dataclass(frozen=True)
class Period:
    """One period a layer's figures are published for. ``key`` goes in links (``period=2023-09``),
    ``label`` on screen ("September 2023", "2021/22"), ``status`` as the publisher flags it
    ("provisional", "revised" or "")."""

    key: str
    label: str
    status: str = ""

    @property
    def shown(self) -> str:
        """The label with its status: "2021/22 (provisional)"."""
        return f"{self.label} ({self.status})" if self.status else self.label


PeriodsFn = Callable[[Bundle], tuple[Period, ...]]
ValuesFn = Callable[["IndicatorLayer", Bundle, str, str], pd.DataFrame]
CityRegionFn = Callable[[Bundle, str], float]


class PeriodError(ValueError):
    """A period the layer is not published for."""


def find_period(periods: tuple[Period, ...], key: str | None, title: str) -> Period:
    """The period ``key`` among ``periods`` (None: the default, the last). Raises ``PeriodError``
    naming the layer (``title``) for a period it is not published for."""
    if key is None:
        return periods[-1]
    for period in periods:
        if period.key == key:
            return period
    raise PeriodError(f"{title} has no period {key!r}")


@dataclass(frozen=True)
class IndicatorLayer:
    id: str
    title: str
    description: str
    unit: str
    source_id: str
    date: str
    geography: str
    measure: Measure
    higher_is_worse: bool = True
    number_format: str = ",.1f"
    scheme: str = "quantiles"
    k: int = 5
    palette: str = "Reds"
    levels: tuple[str, ...] = ("lsoa", "ward", "borough")
    lsoa_measure: Measure | None = None
    lsoa_unit: str | None = None
    lsoa_number_format: str | None = None
    lsoa_higher_is_worse: bool | None = None
    national_decile_column: str | None = None
    england_value: float | None = None  # a published figure, used only where the data gives none
    england_note: str = ""
    benchmark: str = (
        ""  # its England figure computed from the England-wide table (geodata.national)
    )
    proxy_note: str = ""
    group: str = "Worklessness"
    # ``values_fn(layer, bundle, level, period_key)``: values of a layer not built from LSOA columns.
    values_fn: ValuesFn | None = field(default=None, compare=False, repr=False)
    # Layers not built from LSOAs give their own region / England comparators (per period).
    city_region_fn: CityRegionFn | None = field(default=None, compare=False, repr=False)
    # Layers published for several periods list them (oldest first); None = published once.
    periods_fn: PeriodsFn | None = field(default=None, compare=False, repr=False)
    # Optional fast path for the time view: every period's values at a level in one pass (columns =
    # period keys; level "city_region" gives one row). The same figures as ``values`` per period.
    series_fn: Callable[[Bundle, str], pd.DataFrame] | None = field(
        default=None, compare=False, repr=False
    )
    england_fn: Callable[[Bundle], tuple[float, str]] | None = field(
        default=None, compare=False, repr=False
    )
    aggregation: str = ""
    # What the ``count`` column of its values holds, where it has one (said in the profile and the
    # map's export beside the figure), e.g. "average claimants in the year".
    count_label: str = ""
    # Where the same measure exists at another vintage (IMD 2019 and 2025): what may be compared.
    comparability: str = ""
    # A count of people or households, not a rate: a bigger area holds more, so areas are never
    # ranked by it as need, nor scored on it, and its time view shows the area's own series only.
    is_count: bool = False

    @property
    def native_level(self) -> str:
        return self.levels[0]

    @property
    def members(self) -> str:
        """The areas its ward and borough figures are built from (and left out of), e.g. LSOAs."""
        return MEMBERS.get(self.native_level, "areas")

    def available_at(self, level: str) -> bool:
        return level in self.levels

    def how_it_aggregates(self) -> str:
        """One line for the layer card: how a ward or borough figure is made from smaller areas."""
        if self.aggregation:
            return self.aggregation
        match self.measure:
            case Ratio():
                return "Above LSOA: rate recomputed from summed counts (never averaged)."
            case WeightedMean(_, weight):
                who = "Census 2021 residents" if weight.startswith("census21") else weight
                return f"Above LSOA: mean weighted by {who}."
            case ShareWhere():
                return "Above LSOA: share of LSOAs in the class."
            case Sum():
                return "Above LSOA: counts summed."
        return ""

    def england(self, bundle: Bundle) -> tuple[float, str] | None:
        """England's figure and what it is, where the data gives one."""
        if self.england_fn is not None:
            return self.england_fn(bundle)
        computed = england_comparator(bundle.benchmarks, self.benchmark) if self.benchmark else None
        if computed is not None:
            return computed
        if self.england_value is not None:
            return self.england_value, self.england_note
        return None

    # --- periods and values --------------------------------------------------------------------

    def periods(self, bundle: Bundle) -> tuple[Period, ...]:
        """The periods this layer is published for, oldest first; the last is the default."""
        if self.periods_fn is None:
            return (Period(SINGLE, self.date),)
        return self.periods_fn(bundle)

    def period(self, bundle: Bundle, key: str | None = None) -> Period:
        """The period ``key`` (None: the default, the latest). Raises ``PeriodError`` for a period
        the layer is not published for."""
        return find_period(self.periods(bundle), key, self.title)

    def content_version(self, bundle: Bundle) -> str:
        """What identifies this layer's content: for a built-in layer, the bundle it reads (its input
        hash, computed by the build from the data files and the build code). Imported layers give the
        sha256 of their own content (``layers.imported.ImportedLayer``)."""
        return str(bundle.manifest.get("input_hash") or bundle.path)

    def date_for(self, bundle: Bundle, key: str | None = None) -> str:
        """The date line for one period: the period's label where there are several."""
        if self.periods_fn is None:
            return self.date
        return self.period(bundle, key).shown

    def values(self, bundle: Bundle, level: str, period: str | None = None) -> pd.DataFrame:
        if level not in self.levels:
            raise ValueError(f"{self.title} is not available at {LEVEL_LABELS.get(level, level)}")
        key = self.period(bundle, period).key
        if self.values_fn is not None:
            return self.values_fn(self, bundle, level, key)
        return lsoa_based_values(self, bundle, level)

    def higher_is_worse_at(self, level: str) -> bool:
        if level == "lsoa" and self.lsoa_higher_is_worse is not None:
            return self.lsoa_higher_is_worse
        return self.higher_is_worse

    def unit_at(self, level: str) -> str:
        return (self.lsoa_unit if level == "lsoa" else None) or self.unit

    def format(self, value: float | None, level: str = "ward") -> str:
        if value is None or (isinstance(value, float) and np.isnan(value)):
            return "no data"
        spec = (self.lsoa_number_format if level == "lsoa" else None) or self.number_format
        return format(value, spec)

    @property
    def citation(self) -> str:
        from geodata.sources import source

        return f"{source(self.source_id).short_citation}"


def row_values(frame: pd.DataFrame, measure: Measure) -> pd.Series:
    """A measure evaluated on each row (an LSOA's own value)."""
    match measure:
        case Sum(column) | WeightedMean(column, _):
            return frame[column].astype("float64")
        case Ratio(numerator, denominator, scale):
            return frame[numerator] / frame[denominator].replace(0, np.nan) * scale
        case ShareWhere(column, value, scale):
            return (frame[column] == value).astype("float64").where(frame[column].notna()) * scale
    raise TypeError(measure)


MISSING_AT_LSOA = "suppressed or not published for this LSOA"
NO_LSOA_IN_WARD = "no LSOA is best-fitted to this ward (ONS lookup)"


def missing_at_lsoa(lsoa: pd.DataFrame, measure: Measure) -> pd.Series:
    """Why each LSOA would have no value: a merged 2021 LSOA lacks a carried 2011 figure for a
    reason of its own (see ``geodata.geography``), which "suppressed for this LSOA" would misstate."""
    note = pd.Series(MISSING_AT_LSOA, index=lsoa.index, dtype=object)
    carried = [CARRIED[c] for c in inputs_of(measure) if c in CARRIED]
    if carried:
        note[lsoa["from_2011_change"] == "M"] = "; ".join(sorted({merged_gap(c) for c in carried}))
    return note


def lsoa_based_values(layer: IndicatorLayer, bundle: Bundle, level: str) -> pd.DataFrame:
    lsoa = bundle.lsoa
    # Weighted by Census residents, or by the implied population where the region has no Census.
    layer = replace(layer, measure=with_available_weight(layer.measure, lsoa.columns))
    if level == "lsoa":
        value = row_values(lsoa, layer.lsoa_measure or layer.measure)
        out = pd.DataFrame({"value": value, "n_missing": value.isna().astype(int)})
        out["note"] = missing_at_lsoa(lsoa, layer.lsoa_measure or layer.measure).where(
            value.isna(), ""
        )
        return out
    if level == "ward":
        agg = aggregate(lsoa, "ward_code", {"value": layer.measure}).reindex(bundle.wards.index)
        split = split_not_apportioned(lsoa, "ward_code", layer.measure)
        out = _from_aggregate(agg, layer.measure, split)
        out.loc[agg["n_areas"].isna(), "note"] = NO_LSOA_IN_WARD
        return out
    if level == "borough":
        split = split_not_apportioned(lsoa, "lad_code", layer.measure)
        agg = aggregate(lsoa, "lad_code", {"value": layer.measure})
        return _from_aggregate(agg, layer.measure, split)
    raise ValueError(level)


def city_region_value(layer: IndicatorLayer, bundle: Bundle, period: str | None = None) -> float:
    if layer.city_region_fn is not None:
        return layer.city_region_fn(bundle, layer.period(bundle, period).key)
    if layer.levels[0] != "lsoa":
        return float("nan")
    measure = with_available_weight(layer.measure, bundle.lsoa.columns)
    agg = aggregate_all(bundle.lsoa, {"value": measure}, bundle.region.code)
    covered = apply_coverage(agg["value"], agg["n_areas"], agg["value__n_missing"], measure)
    return float(covered["value"].iloc[0])


def _from_aggregate(
    agg: pd.DataFrame, measure: Measure, split: pd.Series | None = None
) -> pd.DataFrame:
    """Ward or borough values from LSOAs, after the coverage rule (``geodata.aggregate.MIN_COVERAGE``):
    missing below it, flagged with the LSOAs left out above it (``split``: of them, split 2021 LSOAs
    whose carried count is not apportioned)."""
    return apply_coverage(
        agg["value"], agg["n_areas"], agg["value__n_missing"], measure, n_split=split
    )
