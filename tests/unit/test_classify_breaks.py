"""The map's quantile and natural-breaks classes are computed in the atlas (mapclassify would load
scikit-learn into every worker) and must stay mapclassify's: same breaks, ties and all."""

from __future__ import annotations

import warnings

import mapclassify
import numpy as np
import pytest

from layers.classify import _bins, _fisher_jenks_breaks, _quantile_breaks


def samples() -> list[tuple[str, np.ndarray, int]]:
    rng = np.random.default_rng(7)
    return [
        ("skewed rates", np.round(rng.gamma(2.0, 3.0, size=400), 1), 5),
        ("many ties", rng.integers(0, 12, size=300).astype("float64"), 7),
        ("counts with a long tail", np.round(rng.lognormal(3.0, 1.2, size=250)), 9),
        ("two values", np.array([1.0, 1.0, 1.0, 4.0, 4.0]), 2),
        ("negative and positive changes", np.round(rng.normal(0.0, 2.0, size=120), 2), 3),
        ("tiny", np.array([3.0, 1.0, 2.0]), 3),
    ]


@pytest.mark.parametrize(("values", "k"), [(v, k) for _, v, k in samples()],
                         ids=[name for name, _, _ in samples()])  # fmt: skip
def test_breaks_are_mapclassifys(values: np.ndarray, k: int) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        quantiles = mapclassify.Quantiles(values, k=k).bins
        natural = mapclassify.FisherJenks(values, k=k).bins
    assert np.array_equal(_quantile_breaks(values, k), quantiles)
    assert np.array_equal(_fisher_jenks_breaks(np.sort(values).astype("float64"), k), natural)


def test_the_top_break_is_the_largest_value() -> None:
    values = np.array([0.5, 2.0, 2.0, 7.25, 9.0, 13.5])
    for scheme in ("quantiles", "natural_breaks"):
        assert _bins(values, scheme, 3)[-1] == 13.5
