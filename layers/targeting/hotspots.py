"""Statistical hot and cold spots of the score: Getis-Ord Gi* on the queen-contiguity adjacency, with
permutation p-values and a false-discovery-rate (Benjamini–Hochberg) correction across all areas."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from scipy import sparse

PERMUTATIONS = 999
ALPHA = 0.05
SEED = 12345
HOT, COLD, NEITHER = "hot spot", "cold spot", "not significant"


def hotspots(
    score: pd.Series,
    adjacency: sparse.csr_matrix,
    alpha: float = ALPHA,
    permutations: int = PERMUTATIONS,
    seed: int = SEED,
) -> pd.DataFrame:
    """Columns ``z`` (Gi* z-score), ``p`` (permutation p-value), ``label`` (hot/cold spot or not
    significant after FDR at ``alpha``). Areas without a score, or without a scored neighbour, get
    no test (label "not assessed")."""
    out = pd.DataFrame(
        {"z": np.nan, "p": np.nan, "label": "not assessed"}, index=score.index.copy()
    )
    known = np.flatnonzero(score.notna().to_numpy())
    sub = adjacency[known][:, known].tocsr().astype("float64")
    has_neighbour = np.asarray(sub.sum(axis=1)).ravel() > 0
    known = known[has_neighbour]
    sub = sub[has_neighbour][:, has_neighbour]
    if len(known) < 3:
        return out
    # esda and libpysal.weights load on the first hot-spot request, not in every worker at start-up.
    import esda
    from libpysal.weights import WSP

    ids = list(score.index[known])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        weights = WSP(sub, id_order=ids).to_W(silence_warnings=True)
        gi = esda.G_Local(
            score.iloc[known].to_numpy(dtype="float64"),
            weights,
            star=True,
            permutations=permutations,
            seed=seed,
            n_jobs=1,
            keep_simulations=False,
        )
    p = np.asarray(gi.p_sim, dtype="float64")
    z = np.asarray(gi.Zs, dtype="float64")
    threshold = esda.fdr(p, alpha)
    significant = p <= threshold
    labels = np.where(significant & (z > 0), HOT, np.where(significant & (z < 0), COLD, NEITHER))
    out.iloc[known, out.columns.get_loc("z")] = z
    out.iloc[known, out.columns.get_loc("p")] = p
    out.iloc[known, out.columns.get_loc("label")] = labels
    return out
