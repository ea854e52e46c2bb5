"""Difference in differences: did outcomes per 100 claimants change more in the plan's areas than in
their comparison areas once the flood began?

For each group (plan, comparison) and phase (before the flood, during it): the group's people with
the outcome over the phase's covered months, divided by the group's summed out-of-work claimants and
by the number of those months, times 100: **people per 100 claimants per month** (a ratio of sums,
never an average of area rates; a month no file covers is in neither the count nor the months). The
estimate is (plan during − plan before) − (comparison during − comparison before).

The interval is a percentile bootstrap over areas: each draw resamples the plan's areas with
replacement and, separately, the comparison areas with replacement, and computes the estimate again
(numpy's seeded Generator, ``draws`` times; the same seed gives the same interval). It reflects how
much the estimate depends on which areas happened to be in each group, not every uncertainty.

A placebo check goes with it: the same estimate inside the months before the flood, their first
half against their second. If its interval leaves out 0, the groups were drifting apart before any
flood, and a caveat says so.

The caveats travel with the figures (``DidResult.caveats``) so every view and export shows them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from geodata.caseload import SUPPRESS_BELOW
from layers.outcomes.comparison import Comparison
from layers.outcomes.counts import OutcomeCounts
from layers.outcomes.progress import FloodPeriod

DRAWS = 2000
SEED = 26  # the number: any fixed seed makes the interval repeatable
CONFIDENCE = 0.95
FEW_AREAS = 10  # fewer areas than this in a group: the interval is rough, and said so
UNIT = "people per 100 out-of-work claimants per month"


@dataclass(frozen=True)
class Caveat:
    """A plain-words limit of the comparison: ``key`` for the app, ``text`` for people."""

    key: str
    text: str


@dataclass(frozen=True)
class GroupRates:
    """One group's figures (unsuppressed counts: show them through ``shown_did``)."""

    n_areas: int
    claimants: float
    count_before: int
    count_during: int
    before: float  # per 100 claimants per month (NaN with no covered month)
    during: float

    @property
    def change(self) -> float:
        return self.during - self.before


@dataclass(frozen=True)
class DidResult:
    """The difference in differences for one outcome at one level."""

    outcome: str | None  # None: every record
    level: str
    estimate: float  # NaN when it cannot be computed (``caveats`` say why)
    low: float
    high: float
    plan: GroupRates
    comparison: GroupRates
    months_before: tuple[str, ...]  # covered months used
    months_during: tuple[str, ...]
    caveats: tuple[Caveat, ...]
    confidence: float = CONFIDENCE
    draws: int = DRAWS
    seed: int = SEED
    left_out: tuple[str, ...] = ()  # areas with no claimant count, in neither group
    withheld: bool = False  # figures hidden by ``shown_did`` (a group's count of 1 to 4)
    # The same estimate inside the months before the flood, their first half against their second
    # (a placebo flood): away from 0, the groups were already drifting apart. NaN with fewer than
    # two months before, or when a count behind it is 1 to 4.
    pre_trend: float = float("nan")
    pre_trend_low: float = float("nan")
    pre_trend_high: float = float("nan")
    unit: str = UNIT
    draws_values: np.ndarray = field(default_factory=lambda: np.empty(0), repr=False, compare=False)

    def covers(self, value: float) -> bool:
        return bool(self.low <= value <= self.high)


def _group(counts: OutcomeCounts, codes: Sequence[str], months: Sequence[str], outcome: str | None):
    """Per-area totals over ``months`` (rows: codes)."""
    if not months:
        return np.zeros(len(codes))
    grid = counts.table(codes, months, outcome)
    return grid.to_numpy(dtype="float64").sum(axis=1)


def _by_month(
    counts: OutcomeCounts, codes: Sequence[str], months: Sequence[str], outcome: str | None
) -> np.ndarray:
    """Per-area counts for each of ``months`` (rows: codes, columns: months)."""
    if not months:
        return np.zeros((len(codes), 0))
    return counts.table(codes, months, outcome).to_numpy(dtype="float64")


def _rates(num_before, num_during, claimants, n_before, n_during):
    """Per 100 claimants per month for each row of summed counts (works on draws × 1 arrays)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        before = num_before / claimants / n_before * 100 if n_before else num_before * np.nan
        during = num_during / claimants / n_during * 100 if n_during else num_during * np.nan
    return before, during


def difference_in_differences(
    counts: OutcomeCounts,
    plan: Sequence[str],
    comparison: Sequence[str],
    claimants: pd.Series,
    flood: FloodPeriod,
    outcome: str | None = None,
    *,
    draws: int = DRAWS,
    seed: int = SEED,
    confidence: float = CONFIDENCE,
    chosen_for_need: bool = True,
    matched: Comparison | None = None,
) -> DidResult:
    """The estimate and its bootstrap interval (method in this module's docstring).

    ``plan`` and ``comparison``: area codes at ``counts.level`` (``Comparison.plan`` and
    ``Comparison.comparison``). ``claimants``: out-of-work claimants per area at that level.
    ``outcome``: one of ``counts.outcomes`` (None: every record). ``chosen_for_need``: the plan's
    areas were picked for their need (a Target list): says so in the caveats. ``matched``: the
    comparison the areas came from, whose fall-backs and loose balance the caveats then name."""
    if outcome is not None and outcome not in counts.outcomes:
        raise ValueError(
            f"no file has the outcome “{outcome}”; outcomes found: "
            + (", ".join(counts.outcomes) or "none")
        )
    if draws < 100:
        raise ValueError("use at least 100 bootstrap draws")
    if not 0 < confidence < 1:
        raise ValueError("confidence must be between 0 and 1")
    overlap = set(plan) & set(comparison)
    if overlap:
        raise ValueError(f"{len(overlap)} area(s) are in both the plan and the comparison")
    per_area = claimants.astype("float64")
    known = per_area[per_area > 0]
    left_out = tuple(c for c in (*plan, *comparison) if c not in known.index)
    plan_codes = [c for c in dict.fromkeys(plan) if c in known.index]
    comp_codes = [c for c in dict.fromkeys(comparison) if c in known.index]
    before = flood.months("before", counts.months)
    during = flood.months("during", counts.months)
    arrays = {}
    for name, codes in (("plan", plan_codes), ("comparison", comp_codes)):
        by_month = _by_month(counts, codes, before, outcome)
        arrays[name] = (
            by_month.sum(axis=1),
            _group(counts, codes, during, outcome),
            known.reindex(codes).to_numpy(dtype="float64"),
            by_month,
        )
    groups = {name: _rates_of(*arrays[name][:3], len(before), len(during)) for name in arrays}
    estimate = groups["plan"].change - groups["comparison"].change
    values = np.empty(0)
    low = high = np.nan
    if np.isfinite(estimate):
        values = _bootstrap(arrays["plan"][:3], arrays["comparison"][:3], len(before),
                            len(during), draws, seed)  # fmt: skip
        finite = values[np.isfinite(values)]
        if len(finite):
            tail = (1 - confidence) / 2 * 100
            low, high = (float(v) for v in np.percentile(finite, [tail, 100 - tail]))
    result = DidResult(
        outcome=outcome,
        level=counts.level,
        estimate=float(estimate),
        low=low,
        high=high,
        plan=groups["plan"],
        comparison=groups["comparison"],
        months_before=before,
        months_during=during,
        caveats=(),
        confidence=confidence,
        draws=draws,
        seed=seed,
        left_out=left_out,
        draws_values=values,
    )
    trend = _pre_trend(arrays, before, draws, seed, confidence)
    result = replace(result, pre_trend=trend[0], pre_trend_low=trend[1], pre_trend_high=trend[2])
    return replace(result, caveats=caveats(result, counts, chosen_for_need, matched))


def _pre_trend(arrays, before: tuple[str, ...], draws: int, seed: int, confidence: float):
    """The placebo estimate and interval inside the months before the flood (NaN when it cannot
    be made or rests on a count of 1 to 4)."""
    nan = (float("nan"),) * 3
    if len(before) < 2:
        return nan
    # The months before, split into halves from each group's per-month table (``arrays``' last
    # item): a flood that "started" half-way through them should show nothing.
    half = len(before) // 2
    split = {}
    for name, (_, _, claimants, by_month) in arrays.items():
        first = by_month[:, :half].sum(axis=1)
        second = by_month[:, half:].sum(axis=1)
        split[name] = (first, second, claimants)
    cells = [float(a.sum()) for name in split for a in split[name][:2]]
    if any(0 < c < SUPPRESS_BELOW for c in cells):
        return nan
    n_first, n_second = half, len(before) - half
    estimate = [
        _rates_of(*split[name], n_first, n_second).change for name in ("plan", "comparison")
    ]
    value = estimate[0] - estimate[1]
    if not np.isfinite(value):
        return nan
    draws_values = _bootstrap(split["plan"], split["comparison"], n_first, n_second, draws, seed)
    finite = draws_values[np.isfinite(draws_values)]
    if not len(finite):
        return (float(value), float("nan"), float("nan"))
    tail = (1 - confidence) / 2 * 100
    low, high = np.percentile(finite, [tail, 100 - tail])
    return (float(value), float(low), float(high))


def _rates_of(count_before, count_during, claimants, n_before, n_during) -> GroupRates:
    total = float(claimants.sum())
    b, d = _rates(float(count_before.sum()), float(count_during.sum()), total, n_before, n_during)
    return GroupRates(
        n_areas=len(claimants),
        claimants=total,
        count_before=int(count_before.sum()),
        count_during=int(count_during.sum()),
        before=float(b) if total > 0 else np.nan,
        during=float(d) if total > 0 else np.nan,
    )


def _bootstrap(plan, comparison, n_before: int, n_during: int, draws: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    changes = []
    for before, during, claimants in (plan, comparison):
        pick = rng.integers(0, len(claimants), size=(draws, len(claimants)))
        b, d = _rates(before[pick].sum(axis=1), during[pick].sum(axis=1),
                      claimants[pick].sum(axis=1), n_before, n_during)  # fmt: skip
        changes.append(d - b)
    return changes[0] - changes[1]


def caveats(
    result: DidResult,
    counts: OutcomeCounts,
    chosen_for_need: bool,
    matched: Comparison | None = None,
) -> tuple[Caveat, ...]:
    """What the figures can and cannot show, in plain words."""
    out: list[Caveat] = []
    plan, comp = result.plan, result.comparison
    if not result.months_before or not result.months_during:
        missing = "before the flood" if not result.months_before else "during the flood"
        out.append(Caveat("no_months", f"No outcome file covers any month {missing}, so there "
                          "is nothing to compare: attach a file that does."))  # fmt: skip
    if plan.n_areas == 0 or comp.n_areas == 0:
        out.append(Caveat("no_areas", "There are no plan or no comparison areas with a claimant "
                          "count, so there is nothing to compare."))  # fmt: skip
    if chosen_for_need:
        out.append(Caveat(
            "not_causal",
            "The plan's areas were chosen for their need, and comparison areas were matched only "
            "on what the indicators measure. The difference shows what changed alongside the "
            "flood, not what the flood caused: areas picked for high need often move differently "
            "anyway (they can improve from a low point, or feel other changes first).",
        ))  # fmt: skip
    out.append(Caveat(
        "partners_only",
        "Outcomes are only those the partners recorded and sent: people helped by other "
        "services, or who found work on their own, are not counted, and a partner working more in "
        "plan areas records more there whatever the flood did.",
    ))  # fmt: skip
    smallest = min(plan.count_before, plan.count_during, comp.count_before, comp.count_during)
    if smallest < 20:
        out.append(Caveat(
            "small_counts",
            f"Some of the four counts behind the figure are small (the smallest is "
            f"{'under ' + str(SUPPRESS_BELOW) if 0 < smallest < SUPPRESS_BELOW else smallest}): "
            "a few people more or less would move it a lot.",
        ))  # fmt: skip
    if 0 < min(plan.n_areas, comp.n_areas) < FEW_AREAS:
        out.append(Caveat("few_areas", f"Fewer than {FEW_AREAS} areas in a group: the interval "
                          "is rough."))  # fmt: skip
    interval = (
        f"{result.confidence:.0%} interval from {result.draws:,} bootstrap draws over areas "
        f"(seed {result.seed})"
    )
    out.append(Caveat(
        "what_went_in",
        f"Built from {plan.n_areas} plan and {comp.n_areas} comparison area(s) at {result.level} "
        f"level, {len(result.months_before)} month(s) before and {len(result.months_during)} during "
        f"the flood covered by {counts.n_files} file(s); {interval}.",
    ))  # fmt: skip
    if np.isfinite(result.pre_trend_low) and not (
        result.pre_trend_low <= 0 <= result.pre_trend_high
    ):
        out.append(Caveat(
            "pre_trend",
            "Before the flood the plan's and the comparison areas were already moving apart "
            f"({result.pre_trend:+.2f} per 100 claimants per month between the first and second "
            "half of the months before): part of the difference may have come anyway.",
        ))  # fmt: skip
    if matched is not None and matched.fell_back:
        out.append(Caveat("region_fallback", f"{len(matched.fell_back)} plan area(s) were "
                          "compared with areas outside their borough (too few alike inside it)."))  # fmt: skip
    if matched is not None:
        loose = matched.loosely_matched()
        if loose:
            out.append(Caveat(
                "loose_match",
                "The comparison areas differ from the plan's before the flood on "
                f"{', '.join(loose)} (see the balance table): they stand in for the plan's "
                "areas only roughly.",
            ))  # fmt: skip
    if result.left_out:
        out.append(Caveat("left_out", f"{len(result.left_out)} area(s) have no out-of-work "
                          "claimant count and are left out."))  # fmt: skip
    if counts.notes:
        out.append(Caveat("gaps", " ".join(counts.notes)))
    if counts.n_undated:
        out.append(Caveat("undated", f"{counts.n_undated:,} record(s) have no date in a covered "
                          "month and are in no figure."))  # fmt: skip
    return tuple(out)


def shown_did(result: DidResult) -> DidResult:
    """``result`` as it may be shown: when any of the four counts is 1 to 4 people, the rates and the
    estimate are withheld (they would let the small count be worked out), with a caveat; counts of 1
    to 4 are never shown (``GroupRates`` counts set to -1 mean "suppressed")."""
    cells = (result.plan.count_before, result.plan.count_during,
             result.comparison.count_before, result.comparison.count_during)  # fmt: skip
    if not any(0 < c < SUPPRESS_BELOW for c in cells):
        return result
    nan = float("nan")

    def hide(group: GroupRates) -> GroupRates:
        def count(c: int) -> int:
            return -1 if 0 < c < SUPPRESS_BELOW else c

        return replace(group, count_before=count(group.count_before),
                       count_during=count(group.count_during), before=nan, during=nan)  # fmt: skip

    note = Caveat("withheld", f"A group has 1 to {SUPPRESS_BELOW - 1} people in a phase: the "
                  "figures are withheld so no one can be identified.")  # fmt: skip
    return replace(
        result, estimate=nan, low=nan, high=nan, plan=hide(result.plan),
        comparison=hide(result.comparison), withheld=True, caveats=(note, *result.caveats),
        draws_values=np.empty(0), pre_trend=nan, pre_trend_low=nan, pre_trend_high=nan,
    )  # fmt: skip


def did_table(results: Sequence[DidResult]) -> pd.DataFrame:
    """One row per result as it may be shown or exported: each result goes through ``shown_did``
    (counts of 1 to 4 are missing, and so is everything built on them), caveats joined as text."""
    rows = []
    for raw in results:
        result = shown_did(raw)

        def count(c: int) -> float:
            return np.nan if c < 0 else float(c)

        rows.append(
            {
                "outcome": result.outcome or "all outcomes",
                "level": result.level,
                "estimate": result.estimate,
                "low": result.low,
                "high": result.high,
                "unit": result.unit,
                "plan_before": result.plan.before,
                "plan_during": result.plan.during,
                "comparison_before": result.comparison.before,
                "comparison_during": result.comparison.during,
                "plan_count_before": count(result.plan.count_before),
                "plan_count_during": count(result.plan.count_during),
                "comparison_count_before": count(result.comparison.count_before),
                "comparison_count_during": count(result.comparison.count_during),
                "plan_areas": result.plan.n_areas,
                "comparison_areas": result.comparison.n_areas,
                "months_before": len(result.months_before),
                "months_during": len(result.months_during),
                "interval": f"{result.confidence:.0%}, {result.draws:,} draws, seed {result.seed}",
                "pre_trend": result.pre_trend,
                "pre_trend_low": result.pre_trend_low,
                "pre_trend_high": result.pre_trend_high,
                "withheld": result.withheld,
                "caveats": " ".join(c.text for c in result.caveats),
            }
        )
    return pd.DataFrame(rows)
