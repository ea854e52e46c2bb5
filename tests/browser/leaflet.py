"""Reading the Leaflet maps from a test: what assets/atlas_map.js records each time it styles a layer
(``window.atlasMap.drawn[<component id>]``: the hideout it drew from, how many features took it and
each one's colour). No Leaflet internals."""

from __future__ import annotations

import json


def drawn(layer: str) -> str:
    return f"(window.atlasMap && window.atlasMap.drawn[{json.dumps(layer)}])"


def wait_for_areas(page, n: int | None = None, layer: str = "map-areas") -> None:
    """Until every area of the layer's current hideout is styled (``n`` of them, if given), the
    network is quiet and the canvas has had time to draw."""
    count = f"=== {n}" if n is not None else "> 0"
    page.wait_for_function(
        f"() => {{ const d = {drawn(layer)};"
        f" return !!d && d.hideout.codes.length {count} && d.styled >= d.hideout.codes.length; }}"
    )
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)


def hideout(page, key: str, layer: str = "map-areas"):
    return page.evaluate(f"() => {drawn(layer)}.hideout[{json.dumps(key)}]")


def revision(page, layer: str = "map-areas") -> int:
    return page.evaluate(f"() => ({drawn(layer)} || {{revision: 0}}).revision")


def wait_for_new_drawing(page, before: int, layer: str = "map-areas") -> None:
    page.wait_for_function(
        f"() => {{ const d = {drawn(layer)}; return !!d && d.revision > {before}"
        " && d.styled >= d.hideout.codes.length; }"
    )


def colours(page, codes: list[str], layer: str = "map-areas") -> list[str | None]:
    return page.evaluate(f"(codes) => codes.map(c => {drawn(layer)}.colours[c] || null)", codes)


def styled_codes(page, layer: str) -> list[str]:
    return page.evaluate(f"() => Object.keys(({drawn(layer)} || {{colours: {{}}}}).colours)")


def rows(page, layer: str = "map-areas") -> list[list]:
    """Each area's hover values ([value, rank, note], or the bivariate texts) as last drawn."""
    return page.evaluate(f"() => window.atlasMap.rows({json.dumps(layer)})")


def point_of(page, lat: float, lon: float, layer: str = "map-areas") -> tuple[float, float] | None:
    """Where (lat, lon) is drawn in the map's element, in CSS pixels from its top left."""
    point = page.evaluate(
        f"([lat, lon]) => window.atlasMap.pointOf({json.dumps(layer)}, lat, lon)", [lat, lon]
    )
    return None if point is None else (point[0], point[1])
