"""Did the flood work? A plan's outcomes against comparison areas (issue 26), as pure functions.

One job per module:

* ``counts``: outcome counts per (area, month, outcome) added up from a plan's files; LSOA → ward.
* ``shown``: the suppression edge (counts of 1 to 4 and the rates built on them) for every view.
* ``progress``: per zone and month, outcomes per 100 out-of-work claimants against the zone's target.
* ``comparison``: comparison areas matched on the score's indicators and the out-of-work rate.
* ``did``: the difference in differences with a bootstrap interval over areas, and its caveats.
* ``levels``: one plan read at LSOA and at ward level, whatever level it was made at.
* ``inputs``: what these read from the bundle (claimants, the ward lookup, boroughs, neighbours).

No Dash and no database here: the app (``dashboard/``) stores the counts and shows the results.
"""

from layers.outcomes.comparison import Comparison, choose_comparison, neighbours_of
from layers.outcomes.counts import (
    OutcomeCounts,
    OutcomeFile,
    add_up,
    at_level,
    claimants_at,
    from_stored,
    month_span,
    months_text,
    plan_wards,
    stored_rows,
    to_wards,
)
from layers.outcomes.did import (
    Caveat,
    DidResult,
    GroupRates,
    did_table,
    difference_in_differences,
    shown_did,
)
from layers.outcomes.levels import LevelReading, plan_at, read_at
from layers.outcomes.progress import FloodPeriod, Progress, progress, target_outcome_of
from layers.outcomes.shown import shown, shown_counts, shown_rate

__all__ = [
    "Caveat",
    "Comparison",
    "DidResult",
    "FloodPeriod",
    "GroupRates",
    "LevelReading",
    "OutcomeCounts",
    "OutcomeFile",
    "Progress",
    "add_up",
    "at_level",
    "choose_comparison",
    "claimants_at",
    "did_table",
    "difference_in_differences",
    "from_stored",
    "month_span",
    "months_text",
    "neighbours_of",
    "plan_at",
    "plan_wards",
    "progress",
    "read_at",
    "shown",
    "shown_counts",
    "shown_did",
    "shown_rate",
    "stored_rows",
    "target_outcome_of",
    "to_wards",
]
