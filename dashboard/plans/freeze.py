"""A plan's frozen result, and how today's data would differ from it (no Dash here).

A plan keeps its scenario (the Target link) and the list it gave when saved: areas with their zone,
score, rank and "selected by", the zones, and the data versions (``LayerKey``) it was made from. It
reopens from the frozen list; today's run of the same scenario is compared with it, never silently
swapped in.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from dashboard.cache import get_or_compute
from dashboard.targetview.context import level_context, run_scenario, shared_key
from dashboard.targetview.model import zone_table_view
from geodata.region import Region
from layers.catalog import Catalog
from layers.targeting.engine import TargetResult
from layers.targeting.link import from_query, query_string
from layers.targeting.scenario import Scenario


def _number(value: Any, digits: int = 2) -> float | int | None:
    if value is None:
        return None
    number = float(value)
    if math.isnan(number):
        return None
    return int(number) if digits == 0 else round(number, digits)


def data_versions(result: TargetResult, catalog: Catalog) -> dict[str, dict[str, str]]:
    periods = dict(result.scenario.periods)
    out = {}
    for layer in result.layers:
        key = catalog.key(layer.id, periods.get(layer.id))
        out[layer.id] = {"version": key.version, "period": key.period, "title": layer.title}
    return out


def freeze(scenario: Scenario, catalog: Catalog) -> dict[str, Any]:
    """The scenario's list as it stands now, in plain JSON."""
    result = run_scenario(scenario, catalog)
    areas = level_context(catalog.bundle, scenario.level).areas
    rule_selected = set(result.selection.codes)
    rows = []
    for code in result.shortlist:
        area = areas.loc[code]
        rows.append(
            {
                "code": code,
                "name": str(area["name"]),
                "borough": str(area["borough"]),
                "ward": str(area["ward"]),
                "zone": int(result.zone[code]),
                "score": _number(result.scored.score[code], 1),
                "rank": _number(result.rank[code], 0),
                "by": "rules" if code in rule_selected else "added by hand",
                "population": _number(area["population"], 0),
                "claimants": _number(area["claimants"], 0),
                "children": _number(area["children"], 0),
            }
        )
    zone_rows, _ = zone_table_view(result)
    # The plan just saved is usually opened next: its check against today's data is then a hit.
    today_list(scenario, catalog, lambda: _listed(result, catalog))
    manifest = catalog.bundle.manifest
    return {
        "areas": rows,
        "zones": zone_rows,
        "data_versions": data_versions(result, catalog),
        "bundle": manifest.get("input_hash"),
        "data_built_at": manifest.get("built_at"),
        "region": catalog.bundle.region.code,
        "level": scenario.level,
        "query": query_string(scenario),
        "notes": list(result.notes),
        "frozen_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


Listed = tuple[tuple[str, ...], dict[str, dict[str, str]]]


def _listed(result: TargetResult, catalog: Catalog) -> Listed:
    return tuple(result.shortlist), data_versions(result, catalog)


def today_list(
    scenario: Scenario, catalog: Catalog, compute: Callable[[], Listed] | None = None
) -> Listed:
    """Today's shortlist of ``scenario`` and the data versions it uses. Opening a plan needs it
    twice (the frozen list's hand edits, the check against today's data) and every reader of the
    plan needs the same: shared by every worker under what decides it (the bundle, the canonical
    query, the ``LayerKey`` of every layer it names, and the code's fingerprint)."""
    key = shared_key(scenario, catalog)
    return get_or_compute(
        "plan-today-list",
        key,
        compute or (lambda: _listed(run_scenario(scenario, catalog), catalog)),
    )


def codes_of(result: dict[str, Any]) -> list[str]:
    return [a["code"] for a in result.get("areas", [])]


def scenario_of(query: str, region: Region) -> Scenario:
    pairs = dict(p.split("=", 1) for p in query.split("&") if "=" in p)
    return from_query(pairs, region.lads.values())


def frozen_scenario(query: str, frozen_codes: list[str], catalog: Catalog) -> Scenario:
    """The plan's scenario with hand edits that make today's run give exactly the frozen list: an
    action pack or export from it lists the plan's areas, whatever today's rules would pick."""
    scenario = replace(scenario_of(query, catalog.bundle.region), added=(), removed=())
    today, _ = today_list(scenario, catalog)
    frozen = set(frozen_codes)
    return replace(
        scenario,
        added=tuple(c for c in frozen_codes if c not in set(today)),
        removed=tuple(c for c in today if c not in frozen),
    )


@dataclass(frozen=True)
class Drift:
    """How today's data changes the plan's list: areas that would join and areas that would leave."""

    join: tuple[str, ...]
    leave: tuple[str, ...]
    changed_versions: tuple[str, ...]  # layer titles whose data changed since the plan was made
    error: str = ""  # the scenario cannot run today (a layer gone): said, not hidden

    @property
    def differs(self) -> bool:
        return bool(self.join or self.leave or self.changed_versions or self.error)


def drift(plan_result: dict[str, Any], catalog: Catalog) -> Drift:
    try:
        scenario = scenario_of(plan_result["query"], catalog.bundle.region)
        shortlist, versions = today_list(scenario, catalog)
    except ValueError as exc:
        return Drift((), (), (), f"The plan's settings cannot be run on today's data: {exc}")
    frozen = codes_of(plan_result)
    now = list(shortlist)
    changed = tuple(
        info.get("title", layer_id)
        for layer_id, info in plan_result.get("data_versions", {}).items()
        if versions.get(layer_id, {}).get("version") != info.get("version")
    )
    return Drift(
        join=tuple(c for c in now if c not in set(frozen)),
        leave=tuple(c for c in frozen if c not in set(now)),
        changed_versions=changed,
    )
