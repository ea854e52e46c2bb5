"""One plan read at LSOA and at ward level: comparison areas and the difference in differences at
each, from the plan's own areas (whatever level it was made at) and the LSOA counts.

* Same level as the plan: its areas as they are.
* An LSOA plan at ward level: the wards where its LSOAs hold at least ``min_share`` of the
  claimants (``counts.plan_wards``); the other wards it touches are kept out of the comparison, as
  partly flooded. The effect on the flooded LSOAs shows diluted by their share of those wards.
* A ward plan at LSOA level: every LSOA of its wards.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from layers.outcomes.comparison import Comparison, choose_comparison
from layers.outcomes.counts import LEVELS, OutcomeCounts, at_level, claimants_at, plan_wards
from layers.outcomes.did import DRAWS, SEED, DidResult, difference_in_differences
from layers.outcomes.progress import FloodPeriod


@dataclass(frozen=True)
class LevelReading:
    """The plan at one level: which areas stood for it, the comparison, the estimate."""

    level: str
    plan: tuple[str, ...]  # the plan's areas at this level
    comparison: Comparison
    did: DidResult
    kept_out: tuple[str, ...] = ()  # areas partly flooded, never comparison areas


def plan_at(
    plan_codes: Sequence[str],
    plan_level: str,
    level: str,
    lsoa_to_ward: pd.Series,
    lsoa_claimants: pd.Series,
    min_share: float = 0.5,
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The plan's areas at ``level`` and the areas to keep out of its comparison."""
    for name in (plan_level, level):
        if name not in LEVELS:
            raise ValueError(f"plans are read at LSOA or ward level, not {name!r}")
    codes = tuple(dict.fromkeys(str(c) for c in plan_codes))
    if plan_level == level:
        return codes, ()
    if plan_level == "lsoa":
        return plan_wards(codes, lsoa_to_ward, lsoa_claimants, min_share)
    chosen = set(codes)
    return tuple(sorted(lsoa_to_ward.index[lsoa_to_ward.isin(chosen)])), ()


def read_at(
    level: str,
    plan_codes: Sequence[str],
    plan_level: str,
    counts: OutcomeCounts,
    flood: FloodPeriod,
    *,
    lsoa_to_ward: pd.Series,
    lsoa_claimants: pd.Series,
    features: pd.DataFrame,
    out_of_work: pd.Series,
    boroughs: pd.Series,
    outcome: str | None = None,
    weights: Mapping[str, float] | None = None,
    neighbours: Mapping[str, Iterable[str]] | None = None,
    min_share: float = 0.5,
    draws: int = DRAWS,
    seed: int = SEED,
) -> LevelReading:
    """Comparison areas and the difference in differences at ``level`` for a plan made at
    ``plan_level``. ``counts``: at LSOA level (or already at ``level``). ``features``,
    ``out_of_work``, ``boroughs`` and ``neighbours``: for the areas of ``level``. Unsuppressed:
    show ``did`` through ``shown_did``."""
    plan, kept_out = plan_at(plan_codes, plan_level, level, lsoa_to_ward, lsoa_claimants, min_share)
    if not plan:
        raise ValueError(
            f"no {level} is mostly in the plan (at least {min_share:.0%} of its out-of-work "
            "claimants): read the plan at its own level"
        )
    comparison = choose_comparison(
        plan, features, out_of_work, boroughs, weights=weights, neighbours=neighbours,
        exclude=kept_out,
    )  # fmt: skip
    lookup = lsoa_to_ward if level == "ward" else None
    did = difference_in_differences(
        at_level(counts, level, lsoa_to_ward), comparison.plan, comparison.comparison,
        claimants_at(lsoa_claimants, lookup), flood, outcome, draws=draws, seed=seed,
    )  # fmt: skip
    return LevelReading(level, plan, comparison, did, kept_out)
