"""A scenario is everything that decides a target list: level, indicators and weights, normalisation,
missing-value policy, selection rules and manual edits, as one immutable value. How it travels in a
link is ``layers.targeting.link``; how it becomes a list is ``layers.targeting.engine``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from layers.targeting.areas import SCORING_LEVELS
from layers.targeting.presets import DEFAULT_PRESET, PRESETS, preset_weights
from layers.targeting.scoring import (
    METHODS,
    MISSING_POLICIES,
    Method,
    MissingPolicy,
)
from layers.targeting.selection import (
    Rules,
)
from layers.targeting.siting import MAX_SHOPS
from layers.targeting.zoning import ZoneRule

CODE_PREFIX = {"lsoa": "E01", "ward": "E05"}


DEFAULT_TOP = 50


class ScenarioError(ValueError):
    """A scenario that cannot be run, with a message meant for the person who asked for it."""


@dataclass(frozen=True)
class Scenario:
    level: str = "lsoa"
    preset: str | None = DEFAULT_PRESET
    weights: tuple[tuple[str, float], ...] | None = None  # None = the preset's weights
    method: Method = "rank"
    missing: MissingPolicy = "exclude"
    rules: Rules = field(default_factory=Rules)
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    hotspots: bool = False
    # Per indicator, the period scored (only those not at their default, the latest): each source has
    # its own calendar (monthly counts, yearly child poverty, a file's own periods), so one period
    # for the whole score would mean nothing for most of them.
    periods: tuple[tuple[str, str], ...] = ()
    # How the shortlist becomes zones (touching by default; a walking gap, K, a minimum size).
    zoning: ZoneRule = field(default_factory=ZoneRule)
    # Shop-fronts to site over the shortlist (0: none), and the planner's premises file (its id).
    shops: int = 0
    sites: str | None = None

    def __post_init__(self) -> None:
        if self.level not in SCORING_LEVELS:
            raise ScenarioError(f"level must be 'lsoa' or 'ward', got {self.level!r}")
        if self.preset is not None and self.preset not in PRESETS:
            raise ScenarioError(
                f"unknown preset {self.preset!r}; choose one of {', '.join(PRESETS)}"
            )
        if self.preset is None and self.weights is None:
            raise ScenarioError("a custom score needs weights (w=layer:weight,...) or a preset")
        if self.method not in METHODS:
            raise ScenarioError(f"norm must be one of {', '.join(METHODS)}, got {self.method!r}")
        if not (0 <= self.shops <= MAX_SHOPS):
            raise ScenarioError(f"shops must be between 0 and {MAX_SHOPS}")
        if self.missing not in MISSING_POLICIES:
            raise ScenarioError(
                f"missing must be one of {', '.join(MISSING_POLICIES)}, got {self.missing!r}"
            )

    @property
    def effective_weights(self) -> tuple[tuple[str, float], ...]:
        if self.weights is not None:
            return self.weights
        return preset_weights(self.preset or DEFAULT_PRESET)

    @property
    def label(self) -> str:
        return self.preset if self.preset and self.weights is None else "custom"


def toggle(scenario: Scenario, codes: tuple[str, ...], shortlist: tuple[str, ...]) -> Scenario:
    """Click semantics: each code in the shortlist is removed, each code outside it is added."""
    added, removed = list(scenario.added), list(scenario.removed)
    for code in codes:
        if code in shortlist:
            added = [c for c in added if c != code]
            if code not in removed:
                removed.append(code)
        else:
            removed = [c for c in removed if c != code]
            if code not in added:
                added.append(code)
    return replace(scenario, added=tuple(added), removed=tuple(removed))


def edit(scenario: Scenario, add: tuple[str, ...] = (), remove: tuple[str, ...] = ()) -> Scenario:
    """Add (or un-remove) ``add`` and remove (or un-add) ``remove``."""
    added = [c for c in scenario.added if c not in remove] + [
        c for c in add if c not in scenario.added
    ]
    removed = [c for c in scenario.removed if c not in add] + [
        c for c in remove if c not in scenario.removed
    ]
    return replace(
        scenario,
        added=tuple(dict.fromkeys(c for c in added if c not in remove)),
        removed=tuple(dict.fromkeys(removed)),
    )


def record_edits(
    scenario: Scenario,
    selected: tuple[str, ...],
    known: frozenset[str] | set[str],
    add: tuple[str, ...] = (),
    remove: tuple[str, ...] = (),
) -> Scenario:
    """``add`` and ``remove`` applied to the list, recorded only as what differs from the rules' own
    list (``selected``): a box over the whole region adds the areas the rules left out, not every
    area in it, and a lasso removes the listed areas inside it, not all of them. ``known``: the
    level's area codes (a code the level lacks is never recorded). Previous edits keep their order."""
    chosen = set(selected)
    removing = set(remove)
    shown = (chosen | {c for c in scenario.added if c in known}) - set(scenario.removed)
    wanted = (shown | {c for c in add if c in known}) - removing
    added = [c for c in dict.fromkeys((*scenario.added, *add)) if c in wanted and c not in chosen]
    removed = [
        c for c in dict.fromkeys((*scenario.removed, *remove)) if c in chosen and c not in wanted
    ]
    return replace(scenario, added=tuple(added), removed=tuple(removed))
