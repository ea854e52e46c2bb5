"""Aggregation above LSOA: counts are summed, rates recomputed from summed numerators and denominators,
scores population-weighted, deciles summarised as a share of areas. Nothing is ever averaged blindly.

Areas with a missing value are left out of that measure, and how many were left out travels with it
(``<measure>__n_missing``); a group with nothing known is missing, never 0. ``apply_coverage`` is the
one rule for when a figure with areas left out is shown (see ``MIN_COVERAGE``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from geodata.words import counted


@dataclass(frozen=True)
class Sum:
    column: str


@dataclass(frozen=True)
class Ratio:
    numerator: str
    denominator: str
    scale: float = 1.0


@dataclass(frozen=True)
class WeightedMean:
    column: str
    weight: str


@dataclass(frozen=True)
class ShareWhere:
    """Share of areas whose ``column`` equals ``value`` (e.g. IMD decile 1), times ``scale`` (100 for
    a percentage, as a layer labelled % must hold: its filters and exports read the value as is)."""

    column: str
    value: float
    scale: float = 1.0


Measure = Sum | Ratio | WeightedMean | ShareWhere


def inputs_of(measure: Measure) -> tuple[str, ...]:
    match measure:
        case Sum(column) | ShareWhere(column, _, _):
            return (column,)
        case Ratio(numerator, denominator, _):
            return (numerator, denominator)
        case WeightedMean(column, weight):
            return (column, weight)
    raise TypeError(measure)


def aggregate(
    frame: pd.DataFrame, by: str | pd.Series, measures: Mapping[str, Measure]
) -> pd.DataFrame:
    """One row per group of ``by``; groups with no members do not appear (reindex to show them)."""
    keys = frame[by] if isinstance(by, str) else by
    result = pd.DataFrame(index=pd.Index(sorted(keys.dropna().unique()), name=keys.name))
    result["n_areas"] = keys.value_counts()
    for name, measure in measures.items():
        columns = inputs_of(measure)
        known = frame[list(columns)].notna().all(axis=1)
        grouped = frame[known].groupby(keys[known])
        result[f"{name}__n_missing"] = (~known).groupby(keys).sum().astype(int)
        result[name] = _apply(measure, frame[known], grouped)
    return result


def _apply(measure: Measure, known: pd.DataFrame, grouped) -> pd.Series:
    match measure:
        case Sum(column):
            return grouped[column].sum()
        case Ratio(numerator, denominator, scale):
            sums = grouped[[numerator, denominator]].sum()
            den = sums[denominator].replace(0, np.nan)
            return sums[numerator] / den * scale
        case WeightedMean(column, weight):
            weighted = (known[column] * known[weight]).groupby(grouped.ngroup()).sum()
            weights = grouped[weight].sum()
            weighted.index = weights.index
            return weighted / weights.replace(0, np.nan)
        case ShareWhere(column, value, scale):
            return grouped[column].apply(lambda s: float((s == value).mean()) * scale)
    raise TypeError(measure)


def aggregate_all(frame: pd.DataFrame, measures: Mapping[str, Measure], code: str) -> pd.DataFrame:
    """The whole frame as one group labelled ``code`` (the whole region)."""
    return aggregate(frame, pd.Series(code, index=frame.index, name="code"), measures)


# --- coverage: when a figure built from smaller areas is shown ------------------------------------
#
# A ward or borough figure built from LSOAs (a borough's from MSOAs, a ward's from an imported file's
# areas) is shown only when at least MIN_COVERAGE of its member areas have a value. Below that it is
# missing, and says how few were published; at or above it, it is shown and carries the number left
# out. One threshold for every measure keeps the rule easy to state; what a partial figure means differs:
#
# * a count (Sum) is biased downward whatever the coverage: the areas left out hold people too. It is
#   a floor, so it is flagged as an undercount, never shown as if complete (Heswall's IDACI 2025 count
#   sums 5 of 9 LSOAs);
# * a rate, mean or share describes the areas that published. That is the area's figure only if those
#   are most of it, and here it is not even unbiased: publishers suppress *small* counts, so the areas
#   left out are mostly the least deprived and a rate from the rest leans high, overstating need.
#   From under half of its LSOAs it is not the area's rate (Harington's IDACI 2019 rate came from 1 of
#   9), so it is not shown; from half or more it is shown, flagged with the number left out.
MIN_COVERAGE = 0.5


def apply_coverage(
    value: pd.Series,
    n_areas: pd.Series,
    n_missing: pd.Series,
    measure: Measure,
    members: str = "LSOAs",
    n_split: pd.Series | None = None,
) -> pd.DataFrame:
    """``value`` after the coverage rule, with ``n_missing`` (member areas left out) and ``note``.

    ``n_areas`` is the number of member areas of each group (missing or 0: the group has none, and
    its value is missing with the note "no data"). Notes name counts of ``members``. ``n_split``: of
    those left out, the 2021 LSOAs split from a 2011 LSOA whose carried count is not apportioned
    (``geodata.build.split_not_apportioned``): said as such, not as "not published"."""
    total = n_areas.reindex(value.index).fillna(0).astype(int)
    left_out = n_missing.reindex(value.index).fillna(0).astype(int)
    split = (
        n_split.reindex(value.index).fillna(0).astype(int).clip(upper=left_out)
        if n_split is not None
        else pd.Series(0, index=value.index)
    )
    published = total - left_out
    enough = (published > 0) & (published >= MIN_COVERAGE * total)
    shown = value.where(enough)
    count = isinstance(measure, Sum)
    notes = []
    for v, n, k, p, s in zip(shown, total, left_out, published, split, strict=True):
        if n == 0:
            notes.append("no data")
        elif p == 0:
            notes.append(f"none of its {counted(n, members)} published" if not s else
                         f"none of its {counted(n, members)} has a value ({_left_out(k, s)})")  # fmt: skip
        elif p < MIN_COVERAGE * n:
            notes.append(f"only {p} of {counted(n, members)} published" if not s else
                         f"only {p} of {counted(n, members)} have a value ({_left_out(k, s)})")  # fmt: skip
        elif np.isnan(v):
            notes.append("no data")
        elif k and count and not s:
            notes.append(f"undercount: {k} of {counted(n, members)} not published and not counted")
        elif k and count:
            notes.append(
                f"undercount: {k} of {counted(n, members)} not counted ({_left_out(k, s)})"
            )
        elif k:
            notes.append(f"from {p} of {counted(n, members)} ({_left_out(k, s)})")
        else:
            notes.append("")
    return pd.DataFrame({"value": shown, "n_missing": left_out, "note": notes}, index=value.index)


def _left_out(k: int, split: int) -> str:
    """Why ``k`` members are left out, ``split`` of them split from a 2011 LSOA."""
    parts = [f"{k - split} not published"] if k > split else []
    if split:
        parts.append(f"{split} split from a 2011 LSOA (count not apportioned)")
    return "; ".join(parts)
