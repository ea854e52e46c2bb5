"""Shop-fronts on the server: the demand points and candidate sites of the loaded bundle (built once
per bundle, read-only), the planner's premises files (held like uploads: the browser keeps only an
id and the server's key), and one scenario's shop plan."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from dashboard.cache import get_or_compute, shared_cache
from dashboard.context import cache_key, keyed
from dashboard.postcodes.lookup import postcode_index
from geodata.bundle import Bundle
from layers.keyed import Keyed
from layers.targeting.areas import LevelContext
from layers.targeting.engine import TargetResult
from layers.targeting.premises import PREMISES_PREFIX, Premises, read_premises
from layers.targeting.scenario import Scenario
from layers.targeting.shopfront import ShopPlan, candidate_table, plan_shops
from layers.targeting.siting import Demand, centre_demand, postcode_demand, to_bng
from layers.targeting.zones import flood_zones, zone_table

PREMISES_TTL = 24 * 3600
HEX64 = re.compile(r"^[0-9a-f]{64}$")


def _storage_key(digest: str) -> str:
    return f"outreach-atlas:premises:{digest}"


def hold_premises(premises: Premises) -> tuple[str, dict[str, str]]:
    """Keep the premises on the server; return their id and the entry the browser's store keeps."""
    text = premises.canonical()
    digest = hashlib.sha256(text.encode()).hexdigest()
    shared_cache().set(_storage_key(digest), text.encode(), PREMISES_TTL)
    return premises.handle, {"key": digest, "title": premises.title[:120]}


@dataclass(frozen=True)
class PremisesLookup:
    premises: Premises | None
    note: str  # why the link's premises are not used ("" when they are, or none is named)


def premises_for(sites: str | None, store: Mapping[str, Any] | None) -> PremisesLookup:
    """The premises a scenario names, from this browser's store. Nothing in the store is trusted: the
    key must give the id, and the text the server holds must hash to the key."""
    if not sites:
        return PremisesLookup(None, "")
    entry = (store or {}).get(sites) if isinstance(store, Mapping) else None
    digest = entry.get("key") if isinstance(entry, Mapping) else None
    if (
        not isinstance(digest, str)
        or not HEX64.match(digest)
        or PREMISES_PREFIX + digest[:8] != sites
    ):
        return PremisesLookup(
            None,
            "The link names premises added in another browser tab; add the premises file again "
            "on this page to use it.",
        )
    raw = shared_cache().get(_storage_key(digest))
    if raw is None or hashlib.sha256(raw).hexdigest() != digest:
        return PremisesLookup(
            None,
            "The premises file is no longer held on the server (kept for a day): add it again.",
        )
    return PremisesLookup(Premises.from_payload(json.loads(raw.decode())), "")


def premises_note(sites: str | None, premises: Premises | None) -> str:
    """For the settings sheet: which premises were candidates, or why the named ones were not."""
    if premises is not None:
        return f"{premises.title}: {len(premises.table)} premises ({sites or premises.handle})"
    if sites:
        return (
            f"{sites} not used: premises are held for the browser tab that added them, and a link "
            "carries only their id (download from that tab, or pass the CSV to "
            "python -m dashboard.export --sites FILE)"
        )
    return ""


def read_uploaded_premises(bundle: Bundle, data: bytes, title: str) -> Premises:
    """A premises file placed by the region's postcode lookup (None: coordinates only)."""
    return read_premises(data, postcode_index(bundle), title)


@lru_cache(maxsize=2)
def _postcode_points(bundle: Keyed[Bundle]) -> pd.DataFrame | None:
    table = bundle.value.postcodes
    if table is None or table.empty:
        return None
    x, y = to_bng(table["lon"].to_numpy(), table["lat"].to_numpy())
    points = pd.DataFrame({"lsoa": table["lsoa"].to_numpy(), "ward": table["ward"].to_numpy()})
    points["x"], points["y"] = x, y
    return points


@lru_cache(maxsize=2)
def _venues(bundle: Keyed[Bundle]) -> pd.DataFrame:
    return candidate_table(bundle.value.venues, None)


@lru_cache(maxsize=4)
def _centres(bundle: Keyed[Bundle], level: str) -> pd.DataFrame:
    from dashboard.targetview.context import level_context

    geometry = level_context(bundle.value, level).geometry
    if geometry is None:
        return pd.DataFrame(columns=["x", "y"])
    points = geometry.representative_point()
    return pd.DataFrame({"x": points.x.to_numpy(), "y": points.y.to_numpy()}, index=geometry.index)


def demand_of(bundle: Bundle, context: LevelContext) -> Callable[[Sequence[str]], Demand]:
    """Demand for a set of areas: postcode centroids where the region has the lookup, area centres
    otherwise (said in the notes)."""
    points = _postcode_points(keyed(bundle))
    claimants = context.areas["claimants"]
    if points is not None:
        return lambda codes: postcode_demand(points, claimants, codes, context.level)
    centres = _centres(keyed(bundle), context.level)
    return lambda codes: centre_demand(centres, claimants, codes)


def candidates_for(bundle: Bundle, premises: Premises | None) -> pd.DataFrame:
    venues = _venues(keyed(bundle))
    if premises is None or premises.table.empty:
        return venues
    extra = candidate_table(pd.DataFrame(), premises.table)
    return pd.concat([venues, extra], ignore_index=True)


def shop_plan(
    bundle: Bundle, result: TargetResult, context: LevelContext, premises: Premises | None
) -> ShopPlan | None:
    """The scenario's shop plan; None when it asks for no shop-front. Shared by every user and
    worker through the cache (the page's tab, the pack and the exports ask for the same plan)."""
    scenario = result.scenario
    if not scenario.shops or result.zone.empty:
        return None
    return get_or_compute(
        "shops",
        plan_key(bundle, context.level, result.zone, scenario.shops, premises),
        lambda: plan_shops(
            result.zone,
            demand_of(bundle, context),
            candidates_for(bundle, premises),
            scenario.shops,
        ),
    )


def plan_key(
    bundle: Bundle, level: str, zone: pd.Series, shops: int, premises: Premises | None
) -> tuple[object, ...]:
    """What a shop plan depends on: the bundle (postcodes, claimants, venues), the level, each
    shortlisted area's zone, the number of shop-fronts and the premises' content (its digest); the
    cache adds the code's fingerprint."""
    zones = tuple(zip(map(str, zone.index), map(int, zone.to_numpy()), strict=True))
    return cache_key(bundle, level, zones, int(shops), premises.digest if premises else None)


def tradeoff_designs(result: TargetResult, context: LevelContext) -> dict[str, pd.DataFrame]:
    """Today's touching-only zones beside the scenario's own design (when it is another)."""
    designs = {}
    scenario: Scenario = result.scenario
    if not scenario.zoning.is_default:
        touching = flood_zones(
            result.shortlist, context.codes, context.adjacency, context.areas["claimants"]
        )
        designs["Touching areas only"] = zone_table(touching, context.areas)
        designs["This design"] = result.zones
    else:
        designs["Touching areas only (this design)"] = result.zones
    return designs


def region_totals(context: LevelContext) -> dict[str, float]:
    areas = context.areas
    return {
        name: float(np.nansum(areas[name].to_numpy(dtype="float64")))
        for name in ("claimants", "children")
    }


@lru_cache(maxsize=4)
def _wgs_centres(bundle: Keyed[Bundle], level: str) -> pd.DataFrame:
    from dashboard.targetview.context import level_geometry

    geometry = level_geometry(bundle.value, level)
    with_points = geometry.to_crs(27700).representative_point().to_crs(4326)
    return pd.DataFrame(
        {"lat": with_points.y.to_numpy(), "lon": with_points.x.to_numpy()}, index=geometry.index
    )


def area_centres(bundle: Bundle, level: str) -> pd.DataFrame:
    """A point inside each area (WGS84 ``lat, lon`` by code), for zone numbers on the map."""
    return _wgs_centres(keyed(bundle), level)
