"""Outcome counts of a plan: people per (area, month, outcome), added up from its attached files.

An outcome file is a caseload (``geodata.caseload.read_caseload`` with ``periodicity="month"``):
postcodes were read in memory and only counts per LSOA, month and outcome were kept. A plan can have
several files (months, providers): their counts add up. Each file covers a span of months (by default
its first to its last dated month; the app may say otherwise). A month no file covers is *missing*;
a covered month with no record in an area is 0 there. Nothing is filled in between files.

Counts here are unsuppressed: figures leave through ``layers.outcomes.shown``. Above LSOA, counts
and claimants are summed from LSOAs (``to_wards``, ``claimants_at``); a rate is then a summed count
over a summed denominator, never an average of rates.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np
import pandas as pd

from geodata.caseload import Caseload

MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
LEVELS = ("lsoa", "ward")
# A file's dates spanning more than this many months (without the months said) is more likely a
# mistyped date than a file: every month between would count as 0.
MAX_SPAN_MONTHS = 36
COLUMNS = ("area", "month", "outcome", "n")
# The out-of-work claimant count per LSOA: the IoD 2025 employment-domain numerator (2022, rounded
# to 5), the same count the Target page and the caseload layers use.
CLAIMANTS = "iod25_ind_employment_domain_numerator"
CLAIMANTS_LABEL = "out-of-work benefit claimants (IoD 2025 employment numerator, 2022)"


def check_month(month: str, what: str = "month") -> str:
    """``month`` as "YYYY-MM", or a clear ValueError naming ``what``."""
    if not isinstance(month, str) or not MONTH.match(month):
        raise ValueError(f"{what} must be a month written YYYY-MM (e.g. 2025-03), not {month!r}")
    return month


def month_span(first: str, last: str) -> tuple[str, ...]:
    """Every month from ``first`` to ``last`` inclusive, as "YYYY-MM"."""
    check_month(first, "the first month")
    check_month(last, "the last month")
    if last < first:
        raise ValueError(f"the last month ({last}) is before the first ({first})")
    months = pd.period_range(first, last, freq="M")
    return tuple(str(p) for p in months)


def month_runs(months: Iterable[str]) -> tuple[tuple[str, str], ...]:
    """Consecutive months as (first, last) runs, oldest first."""
    ordered = sorted(set(months))
    runs: list[tuple[str, str]] = []
    for month in ordered:
        if runs and str(pd.Period(runs[-1][1], freq="M") + 1) == month:
            runs[-1] = (runs[-1][0], month)
        else:
            runs.append((month, month))
    return tuple(runs)


def month_label(month: str) -> str:
    """ "2024-03" → "March 2024"."""
    return pd.Period(month, freq="M").strftime("%B %Y")


def months_text(months: Iterable[str]) -> str:
    """Months in words, runs joined: "January 2024 to June 2024, August 2024" ("no month")."""
    runs = month_runs(months)
    if not runs:
        return "no month"
    return ", ".join(
        month_label(a) if a == b else f"{month_label(a)} to {month_label(b)}" for a, b in runs
    )


def month_of(value: object) -> str:
    """A date (``datetime.date``, Timestamp or ISO text) as its month "YYYY-MM"."""
    return str(pd.Timestamp(value).to_period("M"))


@dataclass(frozen=True)
class OutcomeFile:
    """One attached file: its counts, and the months it covers (inclusive). ``first_month`` and
    ``last_month`` default to the file's first and last dated month: a month inside that span with
    no record is a real 0, a month outside it is not covered by this file."""

    caseload: Caseload
    first_month: str | None = None
    last_month: str | None = None
    label: str = ""  # how notes name the file (its title by default)

    @property
    def name(self) -> str:
        return self.label or self.caseload.title

    @property
    def months(self) -> tuple[str, ...]:
        periods = self.caseload.periods
        first = self.first_month or (periods[0] if periods else None)
        last = self.last_month or (periods[-1] if periods else None)
        if first is None or last is None:
            return ()
        return month_span(first, last)

    def check(self) -> None:
        """A clear ValueError when the file cannot be counted by month."""
        caseload = self.caseload
        if caseload.periodicity not in ("month", ""):
            raise ValueError(
                f"“{self.name}” was counted by {caseload.periodicity}: outcome files are counted "
                "by month (read it with periodicity='month')."
            )
        if caseload.periodicity == "" and not (self.first_month and self.last_month):
            raise ValueError(
                f"“{self.name}” has no readable dates: say which months it covers, or give it a "
                "date column."
            )
        months = self.months
        if len(months) > MAX_SPAN_MONTHS and not (self.first_month and self.last_month):
            raise ValueError(
                f"“{self.name}” has dates from {month_label(months[0])} to "
                f"{month_label(months[-1])} ({len(months)} months): check it for mistyped dates, "
                "or say which months it covers."
            )

    @property
    def gaps(self) -> tuple[str, ...]:
        """Months the file covers in which it has no record at all (counted as 0 everywhere)."""
        present = set(self.caseload.counts["period"])
        return tuple(m for m in self.months if m not in present)

    @property
    def notes(self) -> tuple[str, ...]:
        """What a planner should check about the months this file covers."""
        gaps = self.gaps
        if not gaps:
            return ()
        return (
            f"“{self.name}” has no record in {months_text(gaps)}, inside the months it covers: "
            "those months count as 0 everywhere. If the file does not cover them, say which "
            "months it covers.",
        )


@dataclass(frozen=True)
class OutcomeCounts:
    """People per (area, month, outcome), unsuppressed, at one level (``lsoa`` or ``ward``).

    ``counts`` has columns area, month, outcome, n (int64), one row per non-zero cell; outcome ""
    holds records with no outcome (or beyond the file's six most frequent). ``months`` are the months
    the files cover (sorted); a month not in it is missing, whatever the table holds."""

    level: str
    counts: pd.DataFrame = field(repr=False, compare=False)
    months: tuple[str, ...]
    outcomes: tuple[str, ...]  # named outcomes, most records first
    n_files: int = 0
    # Records with no readable date, or dated outside the months their file covers: in no month,
    # so in no figure here.
    n_undated: int = 0
    files: tuple[str, ...] = ()  # the files' names, in the order given
    notes: tuple[str, ...] = ()  # what to check about the months the files cover

    def covered(self, month: str) -> bool:
        return month in self.months

    @cached_property
    def content_key(self) -> str:
        """sha256 of everything a figure depends on (level, months covered, counts): the key for
        any cache of results built on these counts (two sets of files with the same totals but
        different counts never share it)."""
        digest = hashlib.sha256(f"{self.level}|{','.join(self.months)}|".encode())
        ordered = self.counts.sort_values(["area", "month", "outcome"], kind="mergesort")
        for column in COLUMNS:
            digest.update("\x1f".join(map(str, ordered[column].tolist())).encode())
            digest.update(b"\x1e")
        return digest.hexdigest()

    @property
    def coverage_text(self) -> str:
        """The months the files cover, in words ("January 2024 to June 2024, August 2024")."""
        return months_text(self.months)

    def renamed(self, names: Mapping[str, str]) -> OutcomeCounts:
        """The same counts with outcomes renamed (``names``: old → new), so two providers'
        words for one outcome ("job start", "started work") count as one."""
        frame = self.counts.assign(outcome=self.counts["outcome"].replace(dict(names)))
        counts = frame.groupby(["area", "month", "outcome"], sort=True)["n"].sum().reset_index()
        return replace(self, counts=counts, outcomes=_outcomes(counts))

    def missing_months(self, first: str, last: str) -> tuple[str, ...]:
        """Months from ``first`` to ``last`` that no file covers."""
        return tuple(m for m in month_span(first, last) if m not in set(self.months))

    def table(
        self,
        codes: Sequence[str],
        months: Sequence[str],
        outcome: str | None = None,
    ) -> pd.DataFrame:
        """People per area (rows, ``codes`` order) and month (columns, ``months`` order) for one
        outcome (None: every record). A covered month with no record is 0; a month no file covers
        is NaN in every area."""
        frame = self.counts
        if outcome is not None:
            frame = frame[frame["outcome"] == outcome]
        frame = frame[frame["area"].isin(codes) & frame["month"].isin(months)]
        grid = frame.pivot_table(
            index="area", columns="month", values="n", aggfunc="sum", fill_value=0
        )
        out = grid.reindex(index=pd.Index(codes), columns=pd.Index(months)).fillna(0)
        out = out.astype("float64")
        uncovered = [m for m in months if m not in set(self.months)]
        if uncovered:
            out[uncovered] = np.nan
        return out

    def total(self, codes: Iterable[str], months: Iterable[str], outcome: str | None = None) -> int:
        """People in ``codes`` over the covered ones of ``months`` (unsuppressed)."""
        wanted = set(months) & set(self.months)
        frame = self.counts
        chosen = frame["area"].isin(set(codes)) & frame["month"].isin(wanted)
        if outcome is not None:
            chosen &= frame["outcome"] == outcome
        return int(frame.loc[chosen, "n"].sum())


def _file_counts(item: OutcomeFile) -> pd.DataFrame:
    counts = item.caseload.counts
    covered = set(item.months)
    if item.caseload.periodicity == "":
        # An undated file that says which months it covers cannot place its records in any one
        # of them: it adds nothing to a month's figure (its records are counted as undated).
        return counts.iloc[0:0].rename(columns={"lsoa": "area", "period": "month"})
    dated = counts[counts["period"].isin(covered)]
    return dated.rename(columns={"lsoa": "area", "period": "month"})[list(COLUMNS)]


def add_up(files: Sequence[OutcomeFile | Caseload]) -> OutcomeCounts:
    """Every file's counts added up, at LSOA level. A ``Caseload`` stands for an ``OutcomeFile``
    covering its own first to last month. Records dated outside a file's declared months are left
    out (and counted with the undated), as a month the file does not cover."""
    items = [f if isinstance(f, OutcomeFile) else OutcomeFile(f) for f in files]
    for item in items:
        item.check()
    frames = [_file_counts(item) for item in items]
    months: set[str] = set()
    n_undated = 0
    for item, frame in zip(items, frames, strict=True):
        months.update(item.months)
        n_undated += int(item.caseload.counts["n"].sum()) - int(frame["n"].sum())
    if frames:
        joined = pd.concat(frames, ignore_index=True)
    else:
        joined = pd.DataFrame({c: pd.Series(dtype=object) for c in COLUMNS})
    counts = (
        joined.groupby(["area", "month", "outcome"], sort=True)["n"]
        .sum()
        .astype("int64")
        .reset_index()
    )
    counts = counts[counts["n"] > 0].reset_index(drop=True)
    return OutcomeCounts(
        level="lsoa",
        counts=counts,
        months=tuple(sorted(months)),
        outcomes=_outcomes(counts),
        n_files=len(items),
        n_undated=n_undated,
        files=tuple(item.name for item in items),
        notes=tuple(note for item in items for note in item.notes),
    )


def _outcomes(counts: pd.DataFrame) -> tuple[str, ...]:
    """Named outcomes, most records first (ties by name)."""
    named = counts[counts["outcome"] != ""].groupby("outcome")["n"].sum()
    return tuple(str(o) for o in named.sort_values(ascending=False, kind="mergesort").index)


def stored_rows(item: OutcomeFile) -> pd.DataFrame:
    """One file's counts as the database keeps them: columns lsoa, month, outcome, n, for the
    months the file covers (records outside them, or undated, are in no month: not kept)."""
    item.check()
    frame = _file_counts(item).rename(columns={"area": "lsoa"})
    return frame[frame["n"] > 0].reset_index(drop=True)


def from_stored(title: str, first_month: str, last_month: str, rows: pd.DataFrame) -> OutcomeFile:
    """An attached file back from the database: its ``stored_rows`` and the months it covers."""
    month_span(first_month, last_month)  # a clear error for a damaged row
    counts = pd.DataFrame(
        {
            "lsoa": rows["lsoa"].astype(str).to_numpy(dtype=object),
            "period": rows["month"].astype(str).to_numpy(dtype=object),
            "outcome": rows["outcome"].fillna("").astype(str).to_numpy(dtype=object),
            "n": rows["n"].astype("int64").to_numpy(),
        }
    )
    bad = ~counts["period"].str.match(MONTH.pattern)
    if bad.any():
        raise ValueError(
            f"stored outcome counts hold a month that is not YYYY-MM: {counts['period'][bad].iloc[0]!r}"
        )
    caseload = Caseload(
        title=title,
        periodicity="month",
        periods=tuple(sorted(counts["period"].unique())),
        outcomes=_outcomes(counts.rename(columns={"lsoa": "area", "period": "month"})),
        counts=counts,
        n_rows=int(counts["n"].sum()),
        n_matched=int(counts["n"].sum()),
    )
    return OutcomeFile(caseload, first_month, last_month, title)


def to_wards(counts: OutcomeCounts, lsoa_to_ward: pd.Series) -> OutcomeCounts:
    """LSOA counts summed to wards through the bundle's lookup (``bundle.lsoa["ward_code"]``). An
    LSOA missing from the lookup is a clear ValueError, never silently dropped."""
    if counts.level != "lsoa":
        raise ValueError(f"counts are already at {counts.level} level")
    frame = counts.counts
    ward = frame["area"].map(lsoa_to_ward)
    if ward.isna().any():
        unknown = sorted(frame.loc[ward.isna(), "area"].unique())
        raise ValueError(
            f"{len(unknown)} LSOA(s) are not in the ward lookup (first: {unknown[0]}): are the "
            "outcome counts from another region?"
        )
    summed = (
        frame.assign(area=ward.to_numpy())
        .groupby(["area", "month", "outcome"], sort=True)["n"]
        .sum()
        .astype("int64")
        .reset_index()
    )
    return OutcomeCounts(
        level="ward",
        counts=summed,
        months=counts.months,
        outcomes=counts.outcomes,
        n_files=counts.n_files,
        n_undated=counts.n_undated,
        files=counts.files,
        notes=counts.notes,
    )


def at_level(counts: OutcomeCounts, level: str, lsoa_to_ward: pd.Series | None) -> OutcomeCounts:
    """``counts`` at ``level`` (``lsoa`` or ``ward``; ward needs the lookup)."""
    if level not in LEVELS:
        raise ValueError(f"outcomes are counted at LSOA or ward level, not {level!r}")
    if level == counts.level:
        return counts
    if lsoa_to_ward is None:
        raise ValueError("ward figures need the LSOA to ward lookup")
    return to_wards(counts, lsoa_to_ward)


def plan_wards(
    lsoa_codes: Iterable[str],
    lsoa_to_ward: pd.Series,
    lsoa_claimants: pd.Series,
    min_share: float = 0.5,
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """For a plan of LSOAs, read at ward level: the wards where the plan's LSOAs hold at least
    ``min_share`` of the ward's out-of-work claimants (the plan's wards), and the other wards
    holding any plan LSOA (touched: to be kept out of the comparison, as partly flooded).

    A ward's figures include its LSOAs outside the plan, so an effect in the plan's LSOAs shows at
    ward level diluted by their share of the ward's claimants: the ward reading answers "did the
    neighbourhood change", the LSOA reading "did the flooded streets"."""
    chosen = set(lsoa_codes)
    values = lsoa_claimants.astype("float64").fillna(0)
    ward = lsoa_to_ward.reindex(values.index)
    total = values.groupby(ward).sum()
    in_plan = values[values.index.isin(chosen)].groupby(ward[ward.index.isin(chosen)]).sum()
    share = (in_plan / total.reindex(in_plan.index).where(lambda t: t > 0)).fillna(0)
    wards = tuple(sorted(share.index[share >= min_share]))
    touched = tuple(sorted(w for w in share.index if w not in set(wards)))
    return wards, touched


def claimants_at(lsoa_claimants: pd.Series, lsoa_to_ward: pd.Series | None = None) -> pd.Series:
    """Out-of-work claimants per area: per LSOA as given, or summed to wards. A ward with any LSOA
    whose count is missing is missing (its outcomes would be counted over too few claimants)."""
    values = lsoa_claimants.astype("float64")
    if lsoa_to_ward is None:
        return values
    ward = lsoa_to_ward.reindex(values.index)
    summed = values.groupby(ward).sum(min_count=1)
    incomplete = values.isna().groupby(ward).any()
    return summed.where(~incomplete.reindex(summed.index).fillna(False).astype(bool))
