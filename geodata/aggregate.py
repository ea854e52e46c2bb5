"""Aggregation above LSOA: counts are summed, rates recomputed from summed numerators and denominators,
scores population-weighted, deciles summarised as a share of areas. Nothing is ever averaged blindly.

Areas with a missing value are left out of that measure, and how many were left out travels with it
(``<measure>__n_missing``); a group with nothing known is missing, never 0.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd


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
    """The whole frame as one group labelled ``code`` (the City Region)."""
    return aggregate(frame, pd.Series(code, index=frame.index, name="code"), measures)
