"""The map (dash-leaflet): built whole once per page load, then changed through ``hideout`` values.

Geometry never travels in a callback response: the areas' GeoJSON is the level's hashed static URL,
fetched once and cached by the browser. A layer, classification or borough change sends only class
indices, colours and hover values as a ``dash.Patch`` of the areas' ``hideout``; the style function
(``atlasMap.areaStyle`` in assets/atlas_map.js) colours each area from it. A level change also sends
the new level's URL, codes and names.

Layers, bottom to top: an optional street basemap (dashboard/basemap.py), the areas (their own pane,
so their opacity over streets is one CSS variable), borough lines and the chosen area's outline,
venues, and place names (boroughs always, wards and LSOAs as you zoom in), with a scale bar.
"""

from __future__ import annotations

import base64
import re
import time

import dash
import dash_leaflet as dl
import numpy as np

from dashboard import ids
from dashboard.basemap import Basemap
from dashboard.mapview import areas
from dashboard.mapview.model import MapModel
from dashboard.mapview.state import ViewState
from dashboard.routes.geo import geojson_url
from geodata.bundle import Bundle

# Okabe–Ito colours: distinct for colour-blind readers, each with a white outline ring.
VENUE_COLOUR = {"gp": "#0072B2", "pharmacy": "#009E73", "library": "#CC79A7"}
SELECTED_LINE = "#000000"
AREAS_ATTRIBUTION = (
    "Boundaries: ONS, OGL v3.0. Contains OS data © Crown copyright and database right"
)


def fn(name: str) -> dict[str, str]:
    """A function in assets/atlas_map.js, as dash-leaflet takes it."""
    return {"variable": f"atlasMap.{name}"}


def city_region_bounds(bundle: Bundle) -> list[list[float]]:
    boxes = list(areas.bounds(bundle, "borough").values())
    return [
        [min(b[1] for b in boxes), min(b[0] for b in boxes)],
        [max(b[3] for b in boxes), max(b[2] for b in boxes)],
    ]


def bounds_of(bundle: Bundle, level: str, code: str) -> list[list[float]]:
    """[[south, west], [north, east]] of an area, as Leaflet takes bounds."""
    box = areas.bounds(bundle, level).get(code)
    if box is None:
        return city_region_bounds(bundle)
    min_lon, min_lat, max_lon, max_lat = box
    return [[min_lat, min_lon], [max_lat, max_lon]]


def map_bounds(bundle: Bundle, state: ViewState) -> list[list[float]]:
    """What the map shows for a view: the chosen area, else the chosen borough, else the region."""
    if state.area:
        area = areas.find(bundle, state.area, state.level)
        if area is not None:
            return bounds_of(bundle, area.level, area.code)
    if state.borough:
        return bounds_of(bundle, "borough", state.borough)
    return city_region_bounds(bundle)


def opening_view(bundle: Bundle, state: ViewState) -> tuple[list[float], float]:
    """The map's first view: the view the region's manifest sets for the whole region, if it sets
    one, else fitted to what the view shows (``map_bounds``)."""
    view = bundle.region.view
    if view and not state.area and not state.borough:
        return [float(view["center"]["lat"]), float(view["center"]["lon"])], float(view["zoom"]) + 1
    return initial_view(map_bounds(bundle, state))


def initial_view(bounds: list[list[float]]) -> tuple[list[float], float]:
    """Centre and zoom that fit ``bounds`` in a map about 650 px across, for the first view:
    dash-leaflet applies ``center`` and ``zoom`` after ``bounds``, so the first view is given so.
    (``areas.fit`` counts MapLibre's 512 px world; Leaflet's is 256 px, one zoom more.)"""
    (south, west), (north, east) = bounds
    view = areas.fit((west, south, east, north), width_px=650, height_px=600)
    return [view["center"]["lat"], view["center"]["lon"]], round(view["zoom"] + 1, 2)


def viewport(bounds: list[list[float]]) -> dict:
    """Move the map to ``bounds`` (dash-leaflet's ``viewport``), fitting the map's real size."""
    return {"bounds": bounds, "transition": "fitBounds", "options": {"padding": [12, 12]}}


def packed(numbers: list[int | None]) -> dict:
    """Whole numbers (None = missing) bit-packed, as few bits each as their range needs, in base64:
    ``{"offset", "bits", "data"}``; the largest code the bits hold means missing. A layer's 1,003
    classes take 3 or 4 bits each and its values or ranks 9 to 14 (0.5 to 2.4 KB, where JSON lists
    took 3 KB and 12 KB, most of a layer change's response). Read by assets/atlas_map.js."""
    known = [n for n in numbers if n is not None]
    offset = min(known) if known else 0
    bits = max(1, (max(known) - offset + 1 if known else 0).bit_length())
    missing = (1 << bits) - 1
    codes = np.array([missing if n is None else n - offset for n in numbers], dtype=np.uint64)
    # Code i holds bits [i * bits, (i + 1) * bits) of the stream, lowest bit first.
    stream = (codes[:, None] >> np.arange(bits, dtype=np.uint64)) & np.uint64(1)
    data = np.packbits(stream.astype(np.uint8).ravel(), bitorder="little").tobytes()
    return {"offset": int(offset), "bits": bits, "data": base64.b64encode(data).decode("ascii")}


def unpacked(column: dict, n: int) -> list[int | None]:
    """``packed`` read back, as the browser reads it (the tests check the two agree)."""
    bits = column["bits"]
    raw = np.frombuffer(base64.b64decode(column["data"]), dtype=np.uint8)
    stream = np.unpackbits(raw, bitorder="little")[: n * bits].reshape(n, bits).astype(np.uint64)
    codes = (stream << np.arange(bits, dtype=np.uint64)).sum(axis=1)
    missing = (1 << bits) - 1
    return [None if c == missing else int(c) + column["offset"] for c in codes]


def packed_classes(classes: list[int]) -> dict:
    """Each area's class (-1 = no data), packed."""
    return packed(list(classes))


def hover_values(model: MapModel) -> dict | list:
    """The hover's values per area. A univariate layer's are numbers (rounded as shown) and ranks:
    packed as whole numbers (the value times 10 to its shown decimals), and the notes of partial
    figures as {index: note}. The bivariate view's are its two texts, sent as they are."""
    rows = model.customdata
    if not rows or any(not isinstance(row[0], int | float | type(None)) for row in rows):
        return rows
    spec = re.search(r"customdata\[0\]:[^.]*\.(\d+)f", model.hovertemplate)
    decimals = int(spec.group(1)) if spec else 0
    scale = 10**decimals
    values = [None if row[0] is None else round(row[0] * scale) for row in rows]
    if any(v is not None and abs(v) >= 2**30 for v in values):
        return rows  # beyond what the browser unpacks exactly: sent as they are
    notes = {i: row[2] for i, row in enumerate(rows) if len(row) > 2 and row[2]}
    return {
        "values": packed(values),
        "scale": scale,
        "ranks": packed([row[1] for row in rows]),
        "notes": notes,
    }


def made() -> int:
    """When a hideout was made (ms): the browser draws the latest of those it has been sent, even
    one that arrived while the areas were loading (assets/atlas_map.js)."""
    return time.time_ns() // 1_000_000


def area_values(model: MapModel) -> dict:
    """What changes with a layer: classes, colours, opacity (areas outside a chosen borough faded)
    and the hover values and template."""
    return {
        "made": made(),
        "classes": packed_classes(model.z),
        "colours": model.colours,
        "opacity": model.opacity,
        "customdata": hover_values(model),
        "hovertemplate": model.hovertemplate,
    }


def area_hideout(model: MapModel) -> dict:
    """Everything the style and hover functions read: the level's codes and names, then the values."""
    names = areas.names(model.bundle, model.state.level).reindex(model.codes).tolist()
    return {"codes": model.codes, "names": names, **area_values(model)}


def selected_hideout(bundle: Bundle, state: ViewState) -> tuple[str | None, dict]:
    """The URL and hideout of the chosen area's outline (its own level's areas, filtered to it)."""
    area = areas.find(bundle, state.area, state.level) if state.area else None
    if area is None:
        return None, {"code": None}
    return geojson_url(bundle, area.level), {"code": area.code}


def venue_layer(bundle: Bundle, shown: list[str] | tuple[str, ...]) -> tuple[str | None, dict]:
    """The venues' URL (none until some are shown: nothing to fetch before) and hideout."""
    kinds = list(shown)
    return (geojson_url(bundle, "venues") if kinds else None), {
        "kinds": kinds,
        "colours": VENUE_COLOUR,
    }


def basemap_layers(basemap: Basemap | None, on: bool) -> list:
    if basemap is None or not on:
        return []
    return [
        dl.TileLayer(
            url=basemap.url,
            attribution=basemap.attribution,
            maxZoom=basemap.max_zoom,
            subdomains=basemap.subdomains,
            className="atlas-basemap",
        )
    ]


def map_component(
    model: MapModel, basemap: Basemap | None, *, map_id: str = ids.MAP, **style
) -> dl.Map:
    state = model.state
    selected_url, selected = selected_hideout(model.bundle, state)
    venues_url, venues = venue_layer(model.bundle, state.venues)
    centre, zoom = opening_view(model.bundle, state)
    return dl.Map(
        id=map_id,
        center=centre,
        zoom=zoom,
        attributionControl=False,
        preferCanvas=True,  # one canvas per pane: 1,003 areas draw far faster than as SVG paths
        zoomSnap=0.25,
        minZoom=8,
        maxZoom=basemap.max_zoom if basemap else 18,
        className="atlas-map",
        eventHandlers={"zoomend": fn("zoomClass")},
        style=style or None,
        children=[
            dl.LayerGroup(basemap_layers(basemap, True), id=ids.MAP_BASEMAP),
            dl.Pane(
                dl.GeoJSON(
                    id=ids.MAP_AREAS,
                    url=geojson_url(model.bundle, state.level),
                    hideout=area_hideout(model),
                    style=fn("areaStyle"),
                    onEachFeature=fn("areaFeature"),
                    hoverStyle={"weight": 2.5, "color": "#111111"},
                ),
                name="areas",
            ),
            dl.Pane(
                [
                    dl.GeoJSON(
                        url=geojson_url(model.bundle, "borough"),
                        style=fn("boroughLine"),
                        interactive=False,
                    ),
                    dl.GeoJSON(
                        id=ids.MAP_SELECTED_HALO,
                        url=selected_url,
                        hideout=selected,
                        filter=fn("selectedOnly"),
                        style=fn("haloStyle"),
                        interactive=False,
                    ),
                    dl.GeoJSON(
                        id=ids.MAP_SELECTED,
                        url=selected_url,
                        hideout=selected,
                        filter=fn("selectedOnly"),
                        style=fn("selectedStyle"),
                        interactive=False,
                    ),
                ],
                name="lines",
            ),
            dl.Pane(
                dl.GeoJSON(
                    id=ids.MAP_VENUES,
                    url=venues_url,
                    hideout=venues,
                    filter=fn("venueOnly"),
                    pointToLayer=fn("venue"),
                    onEachFeature=fn("venueFeature"),
                ),
                name="venues",
            ),
            dl.GeoJSON(
                url=geojson_url(model.bundle, "labels"),
                pointToLayer=fn("label"),
                onEachFeature=fn("labelFeature"),
                interactive=False,
            ),
            dl.ScaleControl(position="bottomleft", imperial=False),
            attribution(),
        ],
    )


def attribution() -> dl.AttributionControl:
    """Leaflet's credit and the boundaries' (OGL); a basemap's tiles add their own beside them."""
    return dl.AttributionControl(
        position="bottomright",
        prefix=f'<a href="https://leafletjs.com">Leaflet</a> · {AREAS_ATTRIBUTION}',
    )


def layer_patch(model: MapModel, drawn_level: str | None) -> dash.Patch:
    """Only what changed in the areas' hideout: the values; plus codes and names when the level
    changed (its URL is set beside it, ``level_url``)."""
    patch = dash.Patch()
    values = area_values(model)
    if drawn_level != model.state.level:
        values = area_hideout(model)
    for key, value in values.items():
        patch[key] = value
    return patch


def level_url(model: MapModel, drawn_level: str | None) -> str | None:
    """The areas' URL when the level changed, else None (nothing to fetch)."""
    return (
        geojson_url(model.bundle, model.state.level) if drawn_level != model.state.level else None
    )
