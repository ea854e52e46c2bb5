"""The postcode search callbacks' logic: text and page state in, output values out."""

from __future__ import annotations

from dataclasses import replace

import dash

from dashboard.mapview import controller, figure
from dashboard.mapview.state import as_dict, from_dict
from dashboard.postcodes import view
from dashboard.postcodes.lookup import postcode_index
from dashboard.postcodes.search import search
from geodata.bundle import Bundle
from layers.catalog import Catalog

# Where the postcode goes, said where it is used: never into the page's link.
MAP_PINNED = " Its profile is open; the link keeps the area, never the postcode."
TARGET_PINNED = " Its area is outlined; the shortlist and the link are unchanged."


def map_outputs(text: str | None, current: dict | None, catalog: Catalog) -> tuple:
    """Message, pin, outlined areas, the chosen area's outline (and halo), viewport, profile and
    state for the Map page."""
    from dashboard.mapview import map_panels

    state = from_dict(current, catalog)
    bundle = catalog.bundle
    outcome = search(bundle, text, state.level, postcode_index(bundle))
    if outcome.pin is not None:
        outcome = replace(outcome, message=outcome.message + MAP_PINNED)
    covered_url, covered_hideout = view.covered(bundle, outcome)
    keep = [dash.no_update] * 4
    viewport = figure.viewport(outcome.bounds) if outcome.bounds else dash.no_update
    if outcome.area is None:
        return (view.message(outcome), view.pin(outcome), covered_url, covered_hideout, *keep,
                viewport, dash.no_update, dash.no_update)  # fmt: skip
    update = controller.on_select(outcome.area, current, zoom=False, catalog=catalog)
    chosen = update.selection
    outline = (
        [chosen.url, chosen.hideout, chosen.url, chosen.hideout] if chosen is not None else keep
    )
    return (view.message(outcome), view.pin(outcome), covered_url, covered_hideout, *outline,
            viewport, map_panels.profile(bundle.region, update.profile), as_dict(update.state))  # fmt: skip


def target_outputs(bundle: Bundle, text: str | None, level: str) -> tuple:
    """Message, pin, outlined areas and viewport for the Target page. A full postcode outlines the
    one area it falls in at the score's level; the shortlist and scenario are never changed."""
    outcome = search(bundle, text, level, postcode_index(bundle))
    if outcome.area is not None:
        shown_level, _, code = outcome.area.partition("|")
        outcome = replace(outcome, covered_level=shown_level, covered=(code,),
                          message=outcome.message + TARGET_PINNED)  # fmt: skip
    covered_url, covered_hideout = view.covered(bundle, outcome)
    viewport = figure.viewport(outcome.bounds) if outcome.bounds else dash.no_update
    message = view.message(outcome)
    return message, view.pin(outcome), covered_url, covered_hideout, viewport
