"""Progress of a plan's zones, month by month, before, during and after the flood, against targets.

For each zone, month and outcome: people with that outcome in the zone's areas, per 100 out-of-work
claimants (the zone's summed claimants: a zone's rate is its summed count over its summed claimants,
never an average of its areas' rates). During the flood the running total from the flood's first
month is set against the zone's target per 100 claimants (``PlanZone.target_per_100``): the target is
for the whole flood period, on one outcome (``target_outcome``, by default the outcome that reads as
a job start). Months no file covers are missing (``covered`` False, figures NaN), never 0, and the
running total says how many months it is built from.

Figures here are unsuppressed: show them through ``layers.outcomes.shown.shown``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

import numpy as np
import pandas as pd

from layers.outcomes.counts import OutcomeCounts, check_month, month_of, month_span

Phase = Literal["before", "during", "after"]
PHASES: tuple[Phase, ...] = ("before", "during", "after")
ALL_OUTCOMES = "all outcomes"
_JOB = re.compile(r"job|work|employ|start", re.IGNORECASE)
_ENGAGED = re.compile(r"engag|enrol|regist|referr|contact", re.IGNORECASE)
TABLE_COLUMNS = (
    "zone", "month", "phase", "outcome", "covered", "count", "claimants", "per_100",
    "count_to_date", "months_to_date", "per_100_to_date", "target_per_100", "share_of_target",
)  # fmt: skip


@dataclass(frozen=True)
class FloodPeriod:
    """The months of a plan's flood, inclusive: ``end`` None while it runs on. A month the flood
    starts or ends in is a flood month (a plan's dates are days; outcomes are counted by month)."""

    start: str
    end: str | None = None

    def __post_init__(self) -> None:
        check_month(self.start, "the flood's first month")
        if self.end is not None:
            check_month(self.end, "the flood's last month")
            if self.end < self.start:
                raise ValueError(f"the flood ends ({self.end}) before it starts ({self.start})")

    @classmethod
    def from_dates(cls, start: date | None, end: date | None) -> FloodPeriod:
        """From a plan's ``flood_start`` and ``flood_end`` (``dashboard.store.schema.Plan``)."""
        if start is None:
            raise ValueError("the plan has no flood start date: set its flood period first")
        return cls(month_of(start), month_of(end) if end is not None else None)

    def phase(self, month: str) -> Phase:
        if month < self.start:
            return "before"
        if self.end is None or month <= self.end:
            return "during"
        return "after"

    def months(self, phase: Phase, months: Sequence[str]) -> tuple[str, ...]:
        """Those of ``months`` in ``phase``."""
        return tuple(m for m in months if self.phase(m) == phase)

    @property
    def label(self) -> str:
        return f"{self.start} to {self.end}" if self.end else f"from {self.start} (no end set)"


def target_outcome_of(outcomes: Sequence[str]) -> str | None:
    """The outcome a target per 100 claimants is read against: the first that reads as a job start
    ("started work", "job start", "into employment"), else None (the app asks)."""
    return next((o for o in outcomes if _JOB.search(o)), None)


def engagement_outcome_of(outcomes: Sequence[str]) -> str | None:
    """The outcome that reads as an engagement ("engaged", "enrolled", "registered"), else None."""
    return next((o for o in outcomes if _ENGAGED.search(o) and not _JOB.search(o)), None)


@dataclass(frozen=True)
class Progress:
    """Per zone, month and outcome (``table``, columns ``TABLE_COLUMNS``) and per zone and outcome
    over each phase (``summary``: zone, outcome, phase, count, claimants, months, per_100_per_month,
    per_100, target_per_100, share_of_target)."""

    table: pd.DataFrame = field(repr=False, compare=False)
    summary: pd.DataFrame = field(repr=False, compare=False)
    flood: FloodPeriod
    months: tuple[str, ...]  # every month shown, first to last
    months_covered: tuple[str, ...]  # of those, the ones an outcome file covers
    months_missing: tuple[str, ...]  # of those, the ones no file covers (shown as missing)
    target_outcome: str | None
    notes: tuple[str, ...] = ()


def progress(
    counts: OutcomeCounts,
    zones: Mapping[str, int],
    claimants: pd.Series,
    flood: FloodPeriod,
    targets: Mapping[int, float | None] | None = None,
    target_outcome: str | None = None,
    months: Sequence[str] | None = None,
) -> Progress:
    """Each zone's outcomes per 100 out-of-work claimants by month.

    ``zones``: area code → zone number, at ``counts.level`` (the plan's areas). ``claimants``: out-
    of-work claimants per area at that level (``counts.claimants_at``). ``targets``: zone → target
    per 100 claimants over the flood (None: no target). ``target_outcome``: the outcome targets are
    read against (default ``target_outcome_of(counts.outcomes)``). ``months``: the months to show
    (default: from the first covered month, or the flood's start if earlier, to the last covered
    month, or the flood's end if later)."""
    if not zones:
        raise ValueError("the plan has no areas")
    shown_months = tuple(months) if months is not None else _default_months(counts, flood)
    covered = set(counts.months)
    outcome = target_outcome if target_outcome is not None else target_outcome_of(counts.outcomes)
    if outcome is not None and outcome not in counts.outcomes:
        raise ValueError(
            f"no file has the outcome “{outcome}”; outcomes found: "
            + (", ".join(counts.outcomes) or "none")
        )
    per_area = claimants.reindex(list(zones)).astype("float64")
    unknown = per_area.index[per_area.isna() | (per_area <= 0)]
    if len(unknown) == len(per_area):
        raise ValueError(
            f"none of the plan's {len(per_area)} area(s) has an out-of-work claimant count at "
            f"{counts.level} level: are the plan's areas and the counts at the same level?"
        )
    notes: list[str] = list(counts.notes)
    if len(unknown):
        notes.append(
            f"{len(unknown)} area(s) have no out-of-work claimant count and are left out of their "
            f"zone's figures (first: {unknown[0]})."
        )
    zone_of = pd.Series(zones, dtype="int64").drop(unknown)
    zone_claimants = per_area.drop(unknown).groupby(zone_of).sum()
    rows: list[pd.DataFrame] = []
    for name in (*counts.outcomes, None):
        grid = counts.table(list(zone_of.index), shown_months, name)
        by_zone = grid.groupby(zone_of.reindex(grid.index).to_numpy()).sum(min_count=0)
        by_zone[[m for m in shown_months if m not in covered]] = np.nan
        for zone, values in by_zone.iterrows():
            rows.append(
                _zone_rows(
                    int(zone),
                    values,
                    float(zone_claimants[zone]),
                    flood,
                    ALL_OUTCOMES if name is None else name,
                    (targets or {}).get(int(zone)) if name == outcome else None,
                )
            )
    table = (
        pd.concat(rows, ignore_index=True)
        if rows
        else pd.DataFrame({c: pd.Series(dtype=object) for c in TABLE_COLUMNS})
    )
    missing = tuple(m for m in shown_months if m not in covered)
    if missing:
        notes.append(
            f"No outcome file covers {len(missing)} of the {len(shown_months)} months shown "
            f"({_months_text(missing)}): they are missing, not zero."
        )
    if targets and outcome is None:
        notes.append("Targets are not shown: no outcome in the files reads as a job start.")
    return Progress(
        table=table[list(TABLE_COLUMNS)],
        summary=_summary(table),
        flood=flood,
        months=shown_months,
        months_covered=tuple(m for m in shown_months if m in covered),
        months_missing=missing,
        target_outcome=outcome,
        notes=tuple(notes),
    )


def _default_months(counts: OutcomeCounts, flood: FloodPeriod) -> tuple[str, ...]:
    ends = [flood.start, *counts.months[:1]]
    lasts = [flood.end or flood.start, *counts.months[-1:]]
    return month_span(min(ends), max(lasts))


def _zone_rows(
    zone: int,
    values: pd.Series,
    claimants: float,
    flood: FloodPeriod,
    outcome: str,
    target: float | None,
) -> pd.DataFrame:
    months = list(values.index)
    phases = [flood.phase(m) for m in months]
    count = values.to_numpy(dtype="float64")
    during = np.array([p == "during" for p in phases])
    known = ~np.isnan(count)
    # The running total over the flood's covered months; before the flood there is none.
    to_date = np.where(during, np.cumsum(np.where(during & known, count, 0.0)), np.nan)
    months_to_date = np.where(during, np.cumsum(during & known), 0)
    to_date = np.where(during & (months_to_date > 0), to_date, np.nan)
    per_100 = count / claimants * 100 if claimants > 0 else np.full(len(count), np.nan)
    per_100_to_date = to_date / claimants * 100 if claimants > 0 else np.full(len(count), np.nan)
    target_value = np.nan if target is None else float(target)
    return pd.DataFrame(
        {
            "zone": zone,
            "month": months,
            "phase": phases,
            "outcome": outcome,
            "covered": known,
            "count": count,
            "claimants": claimants,
            "per_100": per_100,
            "count_to_date": to_date,
            "months_to_date": months_to_date.astype("int64"),
            "per_100_to_date": per_100_to_date,
            "target_per_100": np.where(during, target_value, np.nan),
            "share_of_target": np.where(
                during & (target_value > 0), per_100_to_date / target_value, np.nan
            )
            if target is not None
            else np.nan,
        }
    )


def _summary(table: pd.DataFrame) -> pd.DataFrame:
    """Per zone, outcome and phase: the phase's covered months summed (count over claimants)."""
    columns = ["zone", "outcome", "phase", "count", "claimants", "months", "per_100_per_month",
               "per_100", "target_per_100", "share_of_target"]  # fmt: skip
    if table.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    known = table[table["covered"]]
    grouped = known.groupby(["zone", "outcome", "phase"], sort=False)
    out = grouped.agg(count=("count", "sum"), claimants=("claimants", "first"),
                      months=("month", "count")).reset_index()  # fmt: skip
    target = table.groupby(["zone", "outcome"])["target_per_100"].max()
    out["per_100"] = out["count"] / out["claimants"].where(out["claimants"] > 0) * 100
    out["per_100_per_month"] = out["per_100"] / out["months"].where(out["months"] > 0)
    keys = pd.MultiIndex.from_frame(out[["zone", "outcome"]])
    out["target_per_100"] = np.where(
        out["phase"] == "during", target.reindex(keys).to_numpy(), np.nan
    )
    out["share_of_target"] = out["per_100"] / out["target_per_100"].where(out["target_per_100"] > 0)
    order = {p: i for i, p in enumerate(PHASES)}
    out = out.sort_values(
        ["zone", "outcome", "phase"], key=lambda s: s.map(order) if s.name == "phase" else s
    )
    return out[columns].reset_index(drop=True)


def _months_text(months: Sequence[str]) -> str:
    shown = ", ".join(months[:6])
    return shown + (f" and {len(months) - 6} more" if len(months) > 6 else "")
