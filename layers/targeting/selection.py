"""Selection rules: which scored areas make the list.

Order of play: an area is *eligible* when it has a score, passes every indicator filter, lies in a
chosen borough and has at least the minimum population. Eligible areas are taken in score order (ties
by code) and the cut-offs that are set all apply: top N, the areas holding the top X% of the City
Region's population, and a minimum score. Then each chosen borough is topped up to its minimum with its
next-best eligible areas. Manual additions and removals come last (see ``apply_edits``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

Op = Literal["ge", "le"]
OPS: dict[str, str] = {"ge": "≥", "le": "≤"}


@dataclass(frozen=True)
class Filter:
    """Keep areas whose ``layer_id`` value is at least (``ge``) or at most (``le``) ``value``."""

    layer_id: str
    op: Op
    value: float


@dataclass(frozen=True)
class Rules:
    top_n: int | None = 50
    top_population_pct: float | None = None
    min_score: float | None = None
    filters: tuple[Filter, ...] = ()
    boroughs: tuple[str, ...] = ()  # borough names; empty = all six
    per_borough_min: int = 0
    min_population: int = 0

    def __post_init__(self) -> None:
        if self.top_n is not None and self.top_n < 1:
            raise ValueError("top N must be at least 1")
        if self.top_population_pct is not None and not 0 < self.top_population_pct <= 100:
            raise ValueError("the population share must be above 0% and at most 100%")
        if self.per_borough_min < 0:
            raise ValueError("the per-borough minimum cannot be negative")
        if self.min_population < 0:
            raise ValueError("the minimum population cannot be negative")
        for f in self.filters:
            if f.op not in OPS:
                raise ValueError(f"filter operator must be 'ge' or 'le', got {f.op!r}")
            if not np.isfinite(f.value):
                raise ValueError(f"filter value for {f.layer_id} must be a number")


@dataclass(frozen=True)
class Selection:
    codes: tuple[str, ...]  # in score order
    n_eligible: int
    notes: tuple[str, ...] = field(default=())


def eligible(
    score: pd.Series,
    population: pd.Series,
    borough: pd.Series,
    indicators: pd.DataFrame,
    rules: Rules,
) -> pd.Series:
    """Which areas may be selected (bool, aligned to ``score``). A missing filter value fails the
    filter: an unknown rate is not "at least a"."""
    mask = score.notna()
    for f in rules.filters:
        values = indicators[f.layer_id]
        mask &= (values >= f.value) if f.op == "ge" else (values <= f.value)
    if rules.boroughs:
        mask &= borough.isin(rules.boroughs)
    if rules.min_population:
        mask &= population >= rules.min_population
    return mask.fillna(False).astype(bool)


def score_order(score: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Positions sorted by score descending, ties by code; NaN scores last."""
    keyed = np.where(np.isnan(score), -np.inf, score)
    return np.lexsort((codes, -keyed))


def select_positions(
    score: np.ndarray,
    order: np.ndarray,
    is_eligible: np.ndarray,
    population: np.ndarray,
    borough: np.ndarray,
    rules: Rules,
    total_population: float,
) -> tuple[np.ndarray, list[str]]:
    """The core of ``select`` on arrays (so robustness checks can call it many times).

    ``order`` is ``score_order(score, codes)``. Returns positions in score order, and notes.
    """
    notes: list[str] = []
    candidates = order[is_eligible[order]]
    taken = candidates
    if rules.min_score is not None:
        taken = taken[score[taken] >= rules.min_score]
    if rules.top_population_pct is not None:
        target = total_population * rules.top_population_pct / 100
        pop = np.nan_to_num(population[taken])
        before = np.cumsum(pop) - pop
        taken = taken[before < target]
    if rules.top_n is not None:
        taken = taken[: rules.top_n]
    if rules.per_borough_min:
        chosen = np.zeros(len(score), dtype=bool)
        chosen[taken] = True
        wanted = rules.boroughs or tuple(sorted(set(borough[candidates])))
        for name in wanted:
            in_borough = candidates[borough[candidates] == name]
            have = int(chosen[in_borough].sum())
            missing = rules.per_borough_min - have
            if missing <= 0:
                continue
            extra = in_borough[~chosen[in_borough]][:missing]
            chosen[extra] = True
            if len(extra) < missing:
                notes.append(
                    f"{name}: only {have + len(extra)} eligible areas, fewer than the minimum "
                    f"of {rules.per_borough_min}."
                )
        taken = order[chosen[order]]
    return taken, notes


def select(
    score: pd.Series,
    population: pd.Series,
    borough: pd.Series,
    indicators: pd.DataFrame,
    rules: Rules,
) -> Selection:
    mask = eligible(score, population, borough, indicators, rules)
    codes = score.index.to_numpy()
    values = score.to_numpy(dtype="float64")
    order = score_order(values, codes)
    positions, notes = select_positions(
        values,
        order,
        mask.to_numpy(),
        population.to_numpy(dtype="float64"),
        borough.to_numpy(dtype=object),
        rules,
        float(population.sum()),
    )
    if not len(positions):
        notes.append("No area meets every rule: loosen a filter or the cut-offs.")
    return Selection(tuple(codes[positions]), int(mask.sum()), tuple(notes))


def apply_edits(
    selected: Iterable[str],
    added: Iterable[str],
    removed: Iterable[str],
    rank: pd.Series,
) -> tuple[str, ...]:
    """The shortlist: the rule-based selection plus manual additions, minus manual removals, in rank
    order (unscored manual additions last, by code). Unknown codes are ignored."""
    removed_set = set(removed)
    chosen = (set(selected) | {c for c in added if c in rank.index}) - removed_set
    return tuple(
        sorted(chosen, key=lambda c: (np.isnan(rank[c]), 0 if np.isnan(rank[c]) else rank[c], c))
    )
