"""Outcome figures as they may be shown: the one edge every view and export goes through.

The rule is the caseloads' (``geodata.caseload.suppress``): a count of 1 to 4 people is never shown,
nor any rate built on it (the rate and its denominator would give the count back). 0 is shown. A
month no file covers is shown as missing with that reason, never as 0.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from geodata.caseload import SUPPRESS_BELOW, is_suppressed, suppress

SUPPRESSED = f"1 to {SUPPRESS_BELOW - 1} people: suppressed"
NOT_COVERED = "no outcome file covers this month"
NO_CLAIMANTS = "no out-of-work claimant count for this area"
# Count columns and the rate columns built on each, as the progress table names them.
PAIRS: Mapping[str, Sequence[str]] = {
    "count": ("per_100",),
    "count_to_date": ("per_100_to_date", "share_of_target"),
}
# How a note names a count column other than the month's own count.
NAMES: Mapping[str, str] = {"count_to_date": "flood total so far"}


def shown_counts(counts: pd.Series) -> pd.Series:
    """Counts as they may be shown: 1 to 4 become missing; 0 and 5+ stay; missing stays missing."""
    return suppress(counts)


def shown_rate(counts: pd.Series, denominator: pd.Series, scale: float = 100.0) -> pd.Series:
    """``counts`` per ``scale`` of ``denominator``, missing where the count is suppressed or the
    denominator is missing or 0."""
    den = denominator.astype("float64")
    return shown_counts(counts) / den.where(den > 0) * scale


def shown(
    table: pd.DataFrame,
    pairs: Mapping[str, Sequence[str]] | None = None,
    note: str = "note",
) -> pd.DataFrame:
    """A copy of ``table`` safe to show: each count column of ``pairs`` (count → the rate columns
    built on it; default ``PAIRS``, columns absent from the table skipped) has 1 to 4 blanked, and
    its rates blanked with it. ``note`` gains the reason (appended to any note already there)."""
    out = table.copy()
    reasons = (
        out[note].astype(object).fillna("")
        if note in out
        else pd.Series("", index=out.index, dtype=object)
    )
    for count, rates in (PAIRS if pairs is None else pairs).items():
        if count not in out:
            continue
        hidden = is_suppressed(out[count].fillna(0)).to_numpy()
        out[count] = shown_counts(out[count])
        for rate in rates:
            if rate in out:
                out[rate] = out[rate].astype("float64").where(~hidden)
        name = NAMES.get(count, count.replace("_", " "))
        reasons = _add(reasons, hidden, SUPPRESSED if count == "count" else f"{name}: {SUPPRESSED}")
    out[note] = reasons
    return out


def _add(notes: pd.Series, where: np.ndarray, text: str) -> pd.Series:
    added = notes.copy()
    for i in np.flatnonzero(where):
        current = added.iloc[i]
        added.iloc[i] = text if not current else f"{current}; {text}"
    return added


def shown_total(count: int) -> int | None:
    """One total as it may be shown (None when 1 to 4)."""
    return None if 0 < count < SUPPRESS_BELOW else int(count)
