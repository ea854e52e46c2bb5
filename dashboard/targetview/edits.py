"""Editing the shortlist on the map: a click toggles an area, a box or lasso adds or removes the
areas it holds, and a reset drops every hand edit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

import shapely
import shapely.geometry
from shapely.errors import GEOSException

from dashboard.mapview import areas as areas_of_map
from dashboard.targetview.context import (
    run_scenario,
)
from geodata.bundle import Bundle
from layers.catalog import Catalog
from layers.targeting.scenario import Scenario, record_edits, toggle


def clicked_code(click: Mapping | None) -> str | None:
    """The area of a click on the map (dash-leaflet's ``clickData`` is the clicked feature)."""
    if click is None:
        return None
    try:
        code = click["properties"]["code"]
    except (TypeError, KeyError):
        return None
    return code if isinstance(code, str) else None


def apply_click(
    scenario: Scenario,
    click: Mapping | None,
    catalog: Catalog,
    shown: Sequence[str] | None = None,
) -> Scenario:
    """A click toggles the area: out of the shortlist if it is in it, into it otherwise. ``shown``
    is the shortlist the map shows (so the scenario need not be run again to know it)."""
    code = clicked_code(click)
    if code is None:
        return scenario
    shortlist = tuple(shown) if shown is not None else run_scenario(scenario, catalog).shortlist
    return toggle(scenario, (code,), shortlist)


def apply_drawing(
    scenario: Scenario, drawing: Mapping | None, mode: str | None, catalog: Catalog
) -> Scenario:
    """A box or lasso drawn on the map adds the areas inside it (or removes them); the link records
    only the areas whose place in the list it changed."""
    codes = codes_in_drawing(catalog.bundle, scenario.level, drawing)
    if not codes:
        return scenario
    if mode == "remove":
        return apply_edit(scenario, catalog, remove=codes)
    return apply_edit(scenario, catalog, add=codes)


def apply_edit(
    scenario: Scenario,
    catalog: Catalog,
    add: tuple[str, ...] = (),
    remove: tuple[str, ...] = (),
) -> Scenario:
    """Areas added to or removed from the list by hand, recorded against the rules' own list."""
    result = run_scenario(scenario, catalog)
    return record_edits(
        scenario, tuple(result.selection.codes), frozenset(result.rank.index), add, remove
    )


def reset_edits(scenario: Scenario) -> Scenario:
    return replace(scenario, added=(), removed=())


def codes_in_drawing(bundle: Bundle, level: str, drawing: Mapping | None) -> tuple[str, ...]:
    """Areas inside the last shape drawn on the map (box or lasso): those whose inside point
    (the one their name is drawn at) falls in it."""
    features = (drawing or {}).get("features") or []
    if not features:
        return ()
    try:
        shape = shapely.make_valid(shapely.geometry.shape(features[-1]["geometry"]))
    except (KeyError, TypeError, ValueError, AttributeError, IndexError, GEOSException):
        return ()  # not a shape the control draws: nothing to add
    points = areas_of_map.inside_points(bundle, level)
    codes = list(points)
    inside = shapely.covers(shape, shapely.points([points[c] for c in codes]))
    return tuple(code for code, hit in zip(codes, inside, strict=True) if hit)
