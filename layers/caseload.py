"""A caseload as map layers: reach against need, at LSOA, ward and borough.

From one uploaded caseload (``geodata.caseload.Caseload``: counts per LSOA, period and outcome):

- ``<id>``: people reached per 100 out-of-work claimants (the IoD 2025 employment numerator: people
  on out-of-work benefits, 2022; the same count behind the Out-of-work benefits layer);
- ``<id>_n``: people reached (count);
- ``<id>_wa``: people reached per 1,000 working-age residents (the IoD 2025 employment denominator);
- ``<id>_gap``: the gap, high need and low reach: an area's percentile of need (Out-of-work benefits)
  minus its percentile of reach (per 100 claimants), both across the City Region at that level;
- ``<id>_p``: reach per 100 claimants in each period, when the file has dates (the map's and the
  score's period control choose one, as for any layer);
- ``<id>_o1``…: reach per 100 claimants for each outcome (e.g. "into work").

Counts come from the LSOA counts summed to each level, then suppressed at that level
(``geodata.caseload.suppress``): a figure built on 1 to 4 people is never shown, at any level, and
neither is a rate built on it. The gap ranks a suppressed area's reach as 0 (the lowest there is), so
no count can be read back from it.

Every layer is an ``ImportedLayer`` whose content version is the sha256 of the caseload's counts, so
every cache tells two caseloads apart (``layers.catalog.LayerKey``).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from geodata.aggregate import Sum
from geodata.bundle import Bundle
from geodata.caseload import SUPPRESS_BELOW, Caseload, is_suppressed, level_counts, suppress
from layers.base import IndicatorLayer, Period
from layers.imported import IMPORTED_SOURCE_ID, ImportedLayer

CASELOAD_PREFIX = "upload_caseload_"
GROUP = "Your caseloads"
LEVELS = ("lsoa", "ward", "borough")
CLAIMANTS = "iod25_ind_employment_domain_numerator"
WORKING_AGE = "iod25_employment_denominator"
SUPPRESSED_NOTE = f"1 to {SUPPRESS_BELOW - 1} people: suppressed"
NO_DENOMINATOR = "no out-of-work claimants or residents to compare with"
NO_LSOA = "no LSOA is best-fitted to this ward (ONS lookup)"
SOURCE_TEXT = "Your caseload (counted in this session; counts of 1 to 4 suppressed)"


def caseload_handle(content_key: str) -> str:
    return CASELOAD_PREFIX + content_key[:8]


def codes_at(bundle: Bundle, level: str) -> pd.Index:
    return {"lsoa": bundle.lsoa.index, "ward": bundle.wards.index,
            "borough": pd.Index(sorted(bundle.region.lads))}[level]  # fmt: skip


def denominator_at(bundle: Bundle, column: str, level: str) -> pd.Series:
    per_lsoa = bundle.lsoa[column].astype("float64")
    if level == "lsoa":
        return per_lsoa
    by = bundle.lsoa["ward_code" if level == "ward" else "lad_code"]
    return per_lsoa.groupby(by).sum(min_count=1)


def people_at(
    caseload: Caseload,
    bundle: Bundle,
    level: str,
    periods: tuple[str, ...] | None,
    outcome: str | None,
) -> pd.Series:
    raw = level_counts(caseload.lsoa_counts(periods, outcome), bundle.lsoa, level)
    return raw.reindex(codes_at(bundle, level))


def _frame(value: pd.Series, counts: pd.Series, denominator: pd.Series | None) -> pd.DataFrame:
    note = pd.Series("", index=value.index, dtype=object)
    if denominator is not None:
        note[denominator.reindex(value.index).fillna(0) <= 0] = NO_DENOMINATOR
    note[is_suppressed(counts.fillna(0))] = SUPPRESSED_NOTE
    note[counts.isna()] = NO_LSOA
    return pd.DataFrame({"value": value, "n_missing": 0, "note": note}, index=value.index)


def count_values(
    caseload: Caseload, bundle: Bundle, level: str,
    periods: tuple[str, ...] | None = None, outcome: str | None = None,
) -> pd.DataFrame:  # fmt: skip
    counts = people_at(caseload, bundle, level, periods, outcome)
    return _frame(suppress(counts), counts, None)


def rate_values(
    caseload: Caseload, bundle: Bundle, level: str, column: str, scale: float,
    periods: tuple[str, ...] | None = None, outcome: str | None = None,
) -> pd.DataFrame:  # fmt: skip
    """People reached per ``scale`` of ``column`` (claimants or working-age residents); missing
    wherever the count is suppressed, as the rate would give the count back."""
    counts = people_at(caseload, bundle, level, periods, outcome)
    denominator = denominator_at(bundle, column, level).reindex(counts.index)
    value = suppress(counts) / denominator.where(denominator > 0) * scale
    return _frame(value, counts, denominator)


def gap_values(caseload: Caseload, bundle: Bundle, level: str, need: pd.Series) -> pd.DataFrame:
    """Percentile of need minus percentile of reach (−100 to 100): high where need is high and reach
    low. A suppressed count ranks as no reach."""
    counts = people_at(caseload, bundle, level, None, None)
    denominator = denominator_at(bundle, CLAIMANTS, level).reindex(counts.index)
    shown = counts.astype("float64").where(~is_suppressed(counts.fillna(0)), 0.0)
    reach = shown / denominator.where(denominator > 0) * 100
    need = need.reindex(counts.index).astype("float64")
    both = reach.notna() & need.notna()
    gap = pd.Series(np.nan, index=counts.index)
    gap[both] = (need[both].rank(pct=True) - reach[both].rank(pct=True)) * 100
    frame = _frame(gap, counts, denominator)
    frame.loc[is_suppressed(counts.fillna(0)), "note"] = f"{SUPPRESSED_NOTE}; ranked as no reach"
    return frame


def city_region_rate(
    caseload: Caseload, bundle: Bundle, column: str | None, scale: float,
    periods: tuple[str, ...] | None = None, outcome: str | None = None,
) -> float:  # fmt: skip
    total = float(caseload.lsoa_counts(periods, outcome).sum())
    if 0 < total < SUPPRESS_BELOW:
        return float("nan")
    if column is None:
        return total
    return total / float(bundle.lsoa[column].sum()) * scale


def period_label(key: str) -> str:
    """ "2024-Q1" → "2024 Q1"; "2024-03" → "March 2024"."""
    if "-Q" in key:
        return key.replace("-", " ")
    try:
        return pd.Timestamp(f"{key}-01").strftime("%B %Y")
    except ValueError:
        return key


def caseload_layers(caseload: Caseload, content_key: str) -> dict[str, IndicatorLayer]:
    """Every layer of one caseload, by id (the first is the one a link or a menu opens)."""
    base = caseload_handle(content_key)
    title = caseload.title
    date = _date_line(caseload)

    def make(suffix: str, name: str, unit: str, fmt: str, values, city, *, worse: bool = False,
             is_count: bool = False,
             description: str, periods_fn: Callable[[Bundle], tuple[Period, ...]] | None = None,
             aggregation: str = "Above LSOA: people counted again from their LSOAs, then "
             "suppressed at that level; rates recomputed from summed claimants or residents.",
             ) -> tuple[str, IndicatorLayer]:  # fmt: skip
        layer_id = base + suffix
        return layer_id, ImportedLayer(
            id=layer_id, title=f"{title}: {name}", description=description, unit=unit,
            source_id=IMPORTED_SOURCE_ID, date=date, geography="Postcodes → LSOA 2021",
            measure=Sum("count"), higher_is_worse=worse, number_format=fmt, palette="Purples",
            levels=LEVELS, group=GROUP, values_fn=values, city_region_fn=city,
            periods_fn=periods_fn, aggregation=aggregation,
            proxy_note=(
                f"Counts of 1 to {SUPPRESS_BELOW - 1} people are suppressed at every level. "
                "Postcodes are placed by their ONS centroid (May 2025)."
            ),
            source_text=SOURCE_TEXT, dataset_key=content_key, is_count=is_count,
        )  # fmt: skip

    per_claimants = "people reached per 100 out-of-work claimants"
    claimants_text = (
        "People your service reached, per 100 people on out-of-work benefits (IoD 2025 employment "
        "deprivation numerator). Higher is more reach: the map shows low reach as dark."
    )
    layers = dict(
        [
            make(
                "",
                "reach per 100 out-of-work claimants",
                per_claimants,
                ",.1f",
                lambda layer, bundle, level, period: rate_values(
                    caseload, bundle, level, CLAIMANTS, 100
                ),
                lambda bundle, period: city_region_rate(caseload, bundle, CLAIMANTS, 100),
                description=claimants_text,
            ),
            make(
                "_n",
                "people reached",
                "people",
                ",.0f",
                lambda layer, bundle, level, period: count_values(caseload, bundle, level),
                lambda bundle, period: city_region_rate(caseload, bundle, None, 1),
                description="People your service reached, counted by the postcode's LSOA.",
                aggregation="Above LSOA: people counted again from their LSOAs, then suppressed.",
                # A bigger area holds more people: the count is shown and compared with the area's
                # own periods, never ranked or scored as need (the rates are).
                is_count=True,
            ),
            make(
                "_wa",
                "reach per 1,000 working-age residents",
                "people reached per 1,000 working-age residents",
                ",.1f",
                lambda layer, bundle, level, period: rate_values(
                    caseload, bundle, level, WORKING_AGE, 1000
                ),
                lambda bundle, period: city_region_rate(caseload, bundle, WORKING_AGE, 1000),
                description="People reached per 1,000 working-age residents (the IoD 2025 "
                "employment domain's working-age population, 2022).",
            ),
            make(
                "_gap",
                "need–reach gap",
                "percentile of need minus percentile of reach",
                "+,.0f",
                lambda layer, bundle, level, period: gap_values(
                    caseload, bundle, level, _need(bundle, level)
                ),
                lambda bundle, period: float("nan"),
                worse=True,
                description="High need and low reach: an area's percentile of out-of-work "
                "benefits (IoD 2025) minus its percentile of reach per 100 claimants, across the "
                "region at this level (−100 to +100; dark = high need, low reach).",
                aggregation="Ranked again at each level from that level's figures.",
            ),
        ]
    )
    if caseload.has_periods:
        periods = tuple(Period(k, period_label(k)) for k in caseload.periods)
        layers.update(
            [
                make(
                    "_p",
                    f"reach per 100 claimants by {caseload.periodicity}",
                    per_claimants,
                    ",.1f",
                    lambda layer, bundle, level, period: rate_values(
                        caseload, bundle, level, CLAIMANTS, 100, periods=(period,)
                    ),
                    lambda bundle, period: city_region_rate(
                        caseload, bundle, CLAIMANTS, 100, periods=(period,)
                    ),
                    description=claimants_text + " One period at a time (choose it with the "
                    "period control).",
                    periods_fn=lambda bundle: periods,
                )
            ]
        )
    for i, outcome in enumerate(caseload.outcomes, start=1):
        layers.update(
            [
                make(
                    f"_o{i}",
                    f"“{outcome}” per 100 out-of-work claimants",
                    f"people with outcome “{outcome}” per 100 out-of-work claimants",
                    ",.1f",
                    lambda layer, bundle, level, period, outcome=outcome: rate_values(
                        caseload, bundle, level, CLAIMANTS, 100, outcome=outcome
                    ),
                    lambda bundle, period, outcome=outcome: city_region_rate(
                        caseload, bundle, CLAIMANTS, 100, outcome=outcome
                    ),
                    description=f"People whose outcome was “{outcome}”, per 100 people on "
                    "out-of-work benefits.",
                )
            ]
        )
    return layers


def _need(bundle: Bundle, level: str) -> pd.Series:
    from layers import BUILT_IN

    return BUILT_IN["out_of_work"].values(bundle, level)["value"]


def _date_line(caseload: Caseload) -> str:
    if caseload.periods:
        first, last = period_label(caseload.periods[0]), period_label(caseload.periods[-1])
        return first if first == last else f"{first} to {last}"
    return "undated"


def reach_before_during(
    caseload: Caseload, bundle: Bundle, codes: list[str], level: str, start: str
) -> dict[str, float]:
    """People reached in ``codes`` before the period ``start`` and from it on (a flood period),
    each suppressed as any count (NaN when 1 to 4)."""
    before = tuple(p for p in caseload.periods if p < start)
    during = tuple(p for p in caseload.periods if p >= start)
    out = {}
    for name, chosen in (("before", before), ("during", during)):
        counts = people_at(caseload, bundle, level, chosen, None).reindex(codes).fillna(0)
        total = pd.Series([float(counts.sum())])
        out[name] = float(suppress(total).iloc[0])
    return out
