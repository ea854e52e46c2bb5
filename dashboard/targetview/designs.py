"""Zone designs through the shared cache (``dashboard.cache``), under a key that names everything a
design depends on: the served bundle (its directory and input hash: the areas' residents, claimants,
contiguity and boundaries all come from it), the level, the shortlist in order and the zone rule;
``cache_key`` adds the running code's fingerprint.

The layers' content versions are not in the key because the design never reads a layer: they decide
the shortlist, and the shortlist is in the key, so another weighting or a replaced upload that gives
the same shortlist shares its design, and one that gives another shortlist cannot.
"""

from __future__ import annotations

from dataclasses import astuple

from dashboard.cache import get_or_compute
from dashboard.context import cache_key
from geodata.bundle import Bundle
from layers.targeting.areas import LevelContext
from layers.targeting.engine import ZonesOf, design_for
from layers.targeting.zoning import ZoneDesign, ZoneRule

ZONES_NAMESPACE = "zones"


def design_key(
    bundle: Bundle, level: str, shortlist: tuple[str, ...], rule: ZoneRule
) -> tuple[object, ...]:
    return cache_key(bundle, level, tuple(shortlist), astuple(rule))


def shared_zones(bundle: Bundle, context: LevelContext) -> ZonesOf:
    """``zones_of`` for ``layers.targeting.engine.run``: each design computed once for every user
    and worker (the page's two callbacks after a change, the pack and the exports ask for the same
    one)."""

    def zones_of(shortlist: tuple[str, ...], rule: ZoneRule) -> ZoneDesign:
        return get_or_compute(
            ZONES_NAMESPACE,
            design_key(bundle, context.level, shortlist, rule),
            lambda: design_for(context, shortlist, rule),
        )

    return zones_of
