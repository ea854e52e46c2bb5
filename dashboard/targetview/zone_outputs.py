"""What the Target page writes for zones and shop-fronts after the scenario or the premises change:
the trade-off chart, the tab's panel and the map's zone numbers and sites (one run of the scenario)."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from dash import html

from dashboard.targetview.context import level_context, run_scenario
from dashboard.targetview.shops import (
    area_centres,
    hold_premises,
    premises_for,
    read_uploaded_premises,
    region_totals,
    shop_plan,
    tradeoff_designs,
)
from dashboard.targetview.zoning import premises_message, shop_panel, tradeoff_figure, zone_layer
from geodata.bundle import Bundle
from layers.catalog import Catalog
from layers.targeting.scenario import Scenario
from layers.targeting.tradeoff import zone_tradeoff


def zone_view(
    scenario: Scenario, catalog: Catalog, premises_store: Mapping[str, Any] | None
) -> tuple[dict, list, list]:
    """(trade-off figure, shop panel children, map layer children)."""
    result = run_scenario(scenario, catalog)
    context = level_context(catalog.bundle, scenario.level)
    found = premises_for(scenario.sites, premises_store)
    plan = shop_plan(catalog.bundle, result, context, found.premises)
    curve = zone_tradeoff(tradeoff_designs(result, context), region_totals(context))
    return (
        tradeoff_figure(curve, catalog.bundle.region),
        shop_panel(result, plan, found.note),
        zone_layer(result, plan, area_centres(catalog.bundle, scenario.level)),
    )


@dataclass(frozen=True)
class PremisesUpload:
    error: list | str  # the message when nothing was added ("" otherwise)
    store: dict[str, dict[str, str]]
    message: list
    handle: str | None


def premises_upload(
    bundle: Bundle,
    contents: str | None,
    filename: str | None,
    store: Mapping[str, Any] | None,
) -> PremisesUpload:
    """A dcc.Upload's contents (a data URL) read as premises, held on the server and recorded in
    this tab's store. One premises file at a time: a new file replaces the last."""
    if not contents or "," not in contents:
        return PremisesUpload("No file was received.", {}, [], None)
    title = (filename or "premises").rsplit("/", 1)[-1][:80]
    try:
        data = base64.b64decode(contents.split(",", 1)[1], validate=False)
        premises = read_uploaded_premises(bundle, data, title)
    except (binascii.Error, ValueError) as exc:
        return PremisesUpload(
            [html.Span(f"{title} was not added: {exc}.", className="text-danger")], {}, [], None
        )
    if premises.table.empty:
        return PremisesUpload(
            [
                html.Span(f"{title}: no row could be placed.", className="text-danger"),
                *premises_message(title, 0, premises.problems)[1:],
            ],
            {},
            [],
            None,
        )
    handle, entry = hold_premises(premises)
    kept = {k: v for k, v in (store or {}).items() if k == handle} if store else {}
    kept[handle] = entry
    return PremisesUpload(
        "", kept, premises_message(title, len(premises.table), premises.problems), handle
    )
