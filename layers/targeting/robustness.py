"""How much a selection depends on the exact weights: jiggle each weight by up to ±20% many times
(seeded, so the badge is reproducible) and count how often each area stays selected."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from layers.targeting.scoring import MissingPolicy, weighted_scores

DRAWS = 200
SPREAD = 0.2
SEED = 20250101


def perturbed_weights(
    weights: np.ndarray, draws: int = DRAWS, spread: float = SPREAD, seed: int = SEED
) -> np.ndarray:
    """``(k, draws)`` weights, each multiplied by an independent uniform factor in [1-spread, 1+spread]."""
    rng = np.random.default_rng(seed)
    factors = rng.uniform(1 - spread, 1 + spread, size=(len(weights), draws))
    return weights[:, None] * factors


def stay_selected_share(
    normalised: np.ndarray,
    weights: np.ndarray,
    policy: MissingPolicy,
    selector: Callable[[np.ndarray], np.ndarray],
    codes: pd.Index,
    draws: int = DRAWS,
    spread: float = SPREAD,
    seed: int = SEED,
) -> pd.Series:
    """Share of draws (0–1) in which each area is selected, for every area in ``codes``.

    ``selector`` maps a score vector to the positions selected (the same rules as the real list).
    """
    matrix = weighted_scores(normalised, perturbed_weights(weights, draws, spread, seed), policy)
    counts = np.zeros(len(codes), dtype=int)
    for column in range(matrix.shape[1]):
        counts[selector(matrix[:, column])] += 1
    return pd.Series(counts / matrix.shape[1], index=codes, name="robustness")


def badge(share: float) -> str:
    """Plain words for a robustness share."""
    if np.isnan(share):
        return "not assessed"
    if share >= 0.9:
        return "robust"
    if share >= 0.6:
        return "fairly robust"
    return "sensitive to weights"
