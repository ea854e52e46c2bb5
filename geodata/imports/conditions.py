"""Claimants by medical condition (ICD-10 chapter): the share with mental and behavioural disorders.

ESA and Incapacity Benefit tables from Stat-Xplore break claimants down by ICD-10 chapter. The share
for "Mental and behavioural disorders" (F00–F99) is computed from counts — that chapter's claimants over
all claimants (the Total, which includes claimants whose condition is unknown) — so it aggregates to
wards and boroughs as a ratio of summed counts, never as an average of shares.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from geodata.imports.assemble import RawTable

MENTAL = re.compile(r"mental\s*(and|&)\s*behaviou?ral|\bF00\s*[-–]\s*F99\b", re.IGNORECASE)
TOTAL = re.compile(r"^(total|all conditions|all claimants|all)$", re.IGNORECASE)
SHARE_UNIT = "% of claimants with a mental or behavioural disorder (ICD-10 F00–F99)"


def mental_column(labels: Sequence[str]) -> int | None:
    hits = [i for i, label in enumerate(labels) if MENTAL.search(label)]
    return hits[0] if len(hits) == 1 else None


def total_column(labels: Sequence[str]) -> int | None:
    hits = [i for i, label in enumerate(labels) if TOTAL.match(label.strip())]
    return hits[0] if len(hits) == 1 else None


def is_condition_breakdown(labels: Sequence[str]) -> bool:
    return mental_column(labels) is not None and len(labels) >= 2


def suggest_roles(headers: Sequence[str]) -> dict[str, str]:
    """For a generic table with one column per condition: count = mental, denominator = total."""
    mental, total = mental_column(headers), total_column(headers)
    if mental is None or total is None:
        return {}
    return {"count": headers[mental], "denominator": headers[total]}


def mental_health_share(raw: RawTable, labels: Sequence[str], period: str) -> RawTable:
    """A condition breakdown (one column per chapter) turned into count and denominator for one period."""
    counts = raw.values["count"]
    mental = mental_column(labels)
    assert mental is not None
    total = total_column(labels)
    if total is not None:
        denominator = counts[:, total]
        denominator_suppressed = raw.suppressed[:, total]
        how = f"the “{labels[total]}” column"
    else:
        chapters = [i for i in range(len(labels))]
        denominator = counts[:, chapters].sum(axis=1)  # NaN if any chapter is unknown
        # A 2-D array's any(axis=1) is an array; numpy's stubs also allow a scalar for it.
        denominator_suppressed = raw.suppressed[:, chapters].any(axis=1)  # type: ignore[assignment]
        how = "the sum of all chapters (an area with a suppressed chapter has no denominator)"
    raw.values = {
        "count": counts[:, [mental]],
        "denominator": denominator.reshape(-1, 1),
    }
    raw.suppressed = (raw.suppressed[:, mental] | denominator_suppressed).reshape(-1, 1)
    raw.columns = {
        "count": [labels[mental]],
        "denominator": [labels[total] if total is not None else "all chapters"],
    }
    raw.periods = [period]
    raw.period_status = {}
    raw.notes.append(
        f"Claimants by condition: the share is “{labels[mental]}” over {how}, computed from counts "
        "so it adds up correctly to wards and boroughs."
    )
    raw.suggested["unit"] = SHARE_UNIT
    return raw
