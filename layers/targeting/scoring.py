"""A weighted need score from any indicator layers, with every choice visible.

Each indicator is first oriented so that higher always means more need (a layer's
``higher_is_worse_at(level)`` says which way it points), then normalised one of three ways:

* ``rank``: percentile rank within the region (0–100, 100 = most need);
* ``z``: z-score within the region (mean 0, standard deviation 1);
* ``decile``: England decile where the layer publishes one (decile 1 = most deprived → 100, decile 10
  → 10); layers without a national decile fall back to the rank within the region, and say so.

The score is the weighted mean of the normalised indicators. Missing values are never 0: under
``exclude`` an area missing any weighted indicator gets no score; under ``renormalise`` its score uses
the indicators it has, with their weights rescaled to sum to one. Both counts are reported.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from layers.base import IndicatorLayer

Method = Literal["rank", "z", "decile"]
MissingPolicy = Literal["exclude", "renormalise"]
METHODS: dict[str, str] = {
    "rank": "Rank percentile within the region",
    "z": "z-score within the region",
    "decile": "England decile (where published)",
}
# Equal scores reached by different sums can differ in the last bit (2 x 424 + 29 vs 2 x 405 + 67
# in 1,003rds); rounding far below any real difference lets such ties fall to the area-code rule.
SCORE_DECIMALS = 9
MISSING_POLICIES: dict[str, str] = {
    "exclude": "Leave out areas missing any indicator",
    "renormalise": "Score from the indicators an area has (weights rescaled)",
}


@dataclass(frozen=True)
class Component:
    """One indicator in the score and its (non-negative) weight."""

    layer: IndicatorLayer
    weight: float


@dataclass(frozen=True)
class ScoreResult:
    score: pd.Series  # NaN where no score could be given
    normalised: pd.DataFrame  # per layer id, oriented: higher = more need
    contributions: pd.DataFrame  # per layer id, in score points; a row sums to its score
    n_excluded: int  # areas given no score
    n_renormalised: int  # areas scored from fewer indicators than chosen
    notes: tuple[str, ...]


def orient(values: pd.Series, higher_is_worse: bool) -> pd.Series:
    """Values turned so that higher always means more need."""
    return values if higher_is_worse else -values


def normalise_rank(need: pd.Series) -> pd.Series:
    """Percentile rank of each known value (ties share the average rank), 0–100."""
    known = need.notna().sum()
    if known == 0:
        return need.astype("float64")
    return need.rank(method="average") / known * 100


def normalise_z(need: pd.Series) -> pd.Series:
    std = need.std(ddof=0)
    if not np.isfinite(std) or std == 0:
        return need.where(need.isna(), 0.0).astype("float64")
    return (need - need.mean()) / std


def normalise_decile(deciles: pd.Series) -> pd.Series:
    """England decile (1 = most deprived) as need points: decile 1 → 100, decile 10 → 10."""
    return (11 - deciles.astype("float64")) * 10


def normalise(
    layer: IndicatorLayer,
    values: pd.Series,
    level: str,
    method: Method,
    deciles: pd.Series | None = None,
) -> tuple[pd.Series, str | None]:
    """One indicator normalised, and a note when the method had to fall back."""
    if method == "decile":
        if deciles is not None:
            return normalise_decile(deciles), None
        note = f"{layer.title}: no England decile at this level, so its rank within the region is used."
        return normalise_rank(orient(values, layer.higher_is_worse_at(level))), note
    need = orient(values.astype("float64"), layer.higher_is_worse_at(level))
    if method == "rank":
        return normalise_rank(need), None
    if method == "z":
        return normalise_z(need), None
    raise ValueError(f"unknown normalisation {method!r}; choose one of {', '.join(METHODS)}")


def weighted_scores(
    normalised: np.ndarray, weights: np.ndarray, policy: MissingPolicy
) -> np.ndarray:
    """Scores for one weight vector (shape ``(k,)`` → ``(n,)``) or many (``(k, d)`` → ``(n, d)``).

    ``normalised`` is ``(n, k)`` with NaN for missing values.
    """
    known = ~np.isnan(normalised)
    filled = np.where(known, normalised, 0.0)
    # Only relative weights matter: scaling by the largest keeps huge (finite) weights from
    # overflowing to inf in the sums and turning every score into NaN.
    weights = weights / weights.max(axis=0)
    if policy == "exclude":
        total = weights.sum(axis=0)
        scores = filled @ weights / total
        incomplete = ~known.all(axis=1)
        scores[incomplete] = np.nan
        return np.round(scores, SCORE_DECIMALS)
    if policy == "renormalise":
        present = known.astype("float64") @ weights
        with np.errstate(invalid="ignore", divide="ignore"):
            scores = filled @ weights / present
        scores[present == 0] = np.nan
        return np.round(scores, SCORE_DECIMALS)
    raise ValueError(f"unknown missing-value policy {policy!r}")


def check_weights(components: Sequence[Component]) -> list[Component]:
    """Components with a positive weight; clear errors for anything else."""
    for component in components:
        if not np.isfinite(component.weight) or component.weight < 0:
            raise ValueError(
                f"weight for {component.layer.title} must be a number ≥ 0, got {component.weight}"
            )
    kept = [c for c in components if c.weight > 0]
    if not kept:
        raise ValueError("choose at least one indicator with a weight above 0")
    ids = [c.layer.id for c in kept]
    if len(set(ids)) != len(ids):
        raise ValueError("each indicator can appear once in the score")
    return kept


def score(
    components: Sequence[Component],
    values: pd.DataFrame,
    level: str,
    method: Method = "rank",
    missing: MissingPolicy = "exclude",
    deciles: Mapping[str, pd.Series] | None = None,
) -> ScoreResult:
    """Score every area of ``values`` (indexed by code, one column per layer id, raw layer values).

    ``deciles`` gives England deciles per layer id where the layer has them at ``level``.
    """
    kept = check_weights(components)
    normalised_columns: dict[str, pd.Series] = {}
    notes: list[str] = []
    for component in kept:
        layer_id = component.layer.id
        column, note = normalise(
            component.layer,
            values[layer_id],
            level,
            method,
            (deciles or {}).get(layer_id),
        )
        normalised_columns[layer_id] = column.reindex(values.index)
        if note:
            notes.append(note)
    normalised = pd.DataFrame(normalised_columns, index=values.index)
    matrix = normalised.to_numpy(dtype="float64")
    weights = np.array([c.weight for c in kept], dtype="float64")
    weights = weights / weights.max()  # relative weights only; no overflow for huge ones
    scores = weighted_scores(matrix, weights, missing)
    known = ~np.isnan(matrix)
    scored = ~np.isnan(scores)
    if missing == "renormalise":
        denominators = known.astype("float64") @ weights
    else:
        denominators = np.full(len(matrix), weights.sum())
    with np.errstate(invalid="ignore", divide="ignore"):
        contributions = matrix * weights / denominators[:, None]
    contributions[~scored] = np.nan
    n_renormalised = int((scored & ~known.all(axis=1)).sum())
    n_excluded = int((~scored).sum())
    if n_excluded:
        notes.append(
            f"{n_excluded} area{'s' if n_excluded != 1 else ''} left unscored: "
            + (
                "missing a chosen indicator."
                if missing == "exclude"
                else "no chosen indicator is known there."
            )
        )
    if n_renormalised:
        notes.append(
            f"{n_renormalised} area{'s' if n_renormalised != 1 else ''} scored from fewer "
            "indicators, weights rescaled."
        )
    return ScoreResult(
        score=pd.Series(scores, index=values.index, name="score"),
        normalised=normalised,
        contributions=pd.DataFrame(contributions, index=values.index, columns=normalised.columns),
        n_excluded=n_excluded,
        n_renormalised=n_renormalised,
        notes=tuple(notes),
    )


def rank_of(score: pd.Series) -> pd.Series:
    """1 = most need; ties broken by area code so the order is reproducible. NaN stays unranked."""
    values = score.to_numpy(dtype="float64")
    codes = score.index.to_numpy(dtype=object)
    known = np.flatnonzero(~np.isnan(values))
    order = known[np.lexsort((codes[known], -values[known]))]
    ranks = np.full(len(values), np.nan)
    ranks[order] = np.arange(1, len(order) + 1)
    return pd.Series(ranks, index=score.index, name="rank")
