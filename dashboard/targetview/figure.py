"""The Target map on dash-leaflet: the component once, then score or hot-spot colours and the
shortlist's outlines as hideout values (assets/atlas_map.js styles the areas from them).
"""

from __future__ import annotations

from dataclasses import dataclass

import dash_leaflet as dl
import numpy as np
from plotly.colors import make_colorscale, sample_colorscale, sequential

from dashboard import ids
from dashboard.basemap import Basemap
from dashboard.mapview import figure
from dashboard.mapview.state import ViewState
from dashboard.routes.geo import geojson_url
from dashboard.targetview.model import TargetView
from geodata.bundle import Bundle

SCORE_COLOURS = make_colorscale(sequential.OrRd)


# cold, neither, hot
HOTSPOT_COLOURS: list[tuple[float, str]] = [(0, "#2166ac"), (0.5, "#e5e5e5"), (1, "#b2182b")]


HOVER = "<b>%{customdata[0]}</b><br>%{customdata[1]}<br>Score %{customdata[2]} · rank %{customdata[3]}<extra></extra>"


NO_SCORE_COLOUR = "#f2f2f2"


SCORE_STEPS = 7  # score colours: equal steps between the lowest and highest score shown


def map_component(bundle: Bundle, level: str, basemap: Basemap | None) -> dl.Map:
    """Geometry once: the areas and the shortlist's outlines take the level's hashed static URL;
    score colours and the shortlist come later through their ``hideout`` (``map_update``). Box and
    lasso (polygon) shortlisting is Leaflet.draw's control (dash-leaflet's EditControl)."""
    url = geojson_url(bundle, level)
    centre, zoom = figure.opening_view(bundle, ViewState())
    return dl.Map(
        id=ids.TARGET_MAP,
        center=centre,
        zoom=zoom,
        attributionControl=False,
        preferCanvas=True,
        zoomSnap=0.25,
        minZoom=8,
        maxZoom=basemap.max_zoom if basemap else 18,
        className="atlas-target-map",
        eventHandlers={"zoomend": figure.fn("zoomClass")},
        children=[
            dl.LayerGroup(figure.basemap_layers(basemap, True), id=ids.TARGET_BASEMAP),
            dl.Pane(
                dl.GeoJSON(
                    id=ids.TARGET_AREAS, url=url, hideout=EMPTY_HIDEOUT,
                    style=figure.fn("areaStyle"), onEachFeature=figure.fn("areaFeature"),
                    hoverStyle={"weight": 2.5, "color": "#111111"},
                ),
                name="areas",
            ),
            dl.Pane(
                [
                    dl.GeoJSON(url=geojson_url(bundle, "borough"), style=figure.fn("boroughLine"),
                               interactive=False),
                    dl.GeoJSON(id=ids.TARGET_SHORTLIST_LINES, url=url, hideout={"shortlist": []},
                               filter=figure.fn("inShortlist"), style=figure.fn("shortlistStyle"),
                               interactive=False),
                ],
                name="lines",
            ),
            dl.GeoJSON(url=geojson_url(bundle, "labels"), pointToLayer=figure.fn("label"),
                       onEachFeature=figure.fn("labelFeature"), interactive=False),
            dl.LayerGroup(id=ids.TARGET_ZONE_LAYER),  # zone numbers and shop-front sites
            dl.FeatureGroup(
                dl.EditControl(
                    id=ids.TARGET_DRAW,
                    position="topleft",
                    draw={"rectangle": {"showArea": False}, "polygon": {"showArea": False},
                          "polyline": False, "circle": False, "marker": False,
                          "circlemarker": False},
                    edit={"edit": False},  # "remove" stays: clearing a drawn shape needs it
                )
            ),
            dl.ScaleControl(position="bottomleft", imperial=False),
            figure.attribution(),
        ],
    )  # fmt: skip


EMPTY_HIDEOUT = {"codes": [], "names": [], "classes": "", "colours": [NO_SCORE_COLOUR],
                 "opacity": None, "customdata": [], "hovertemplate": HOVER}  # fmt: skip


@dataclass(frozen=True)
class MapColours:
    classes: list[int]  # per area: an index into ``palette`` (-1 = no score)
    palette: list[str]
    key: list[tuple[str, str]]  # (colour, label) for the map's key, most need first


def map_colours(view: TargetView) -> MapColours:
    """Each area's colour class: hot/cold spot, or its score in equal steps from lowest to highest."""
    if view.colour_by_hotspots:
        palette = [colour for _, colour in HOTSPOT_COLOURS]
        classes = [-1 if z is None else int(z) for z in view.z]
        return MapColours(classes, palette, [(palette[2], "hot spot"), (palette[1], "neither"),
                                             (palette[0], "cold spot")])  # fmt: skip
    palette = sample_colorscale(SCORE_COLOURS, [i / (SCORE_STEPS - 1) for i in range(SCORE_STEPS)])
    palette = [_hex(c) for c in palette]
    scores = np.array([np.nan if z is None else z for z in view.z], dtype=float)
    known = scores[~np.isnan(scores)]
    if not len(known):
        return MapColours([-1] * len(scores), palette, [])
    low, high = float(known.min()), float(known.max())
    span = high - low or 1.0
    steps = np.floor((scores - low) / span * SCORE_STEPS).clip(0, SCORE_STEPS - 1)
    classes = [-1 if np.isnan(s) else int(c) for s, c in zip(scores, steps, strict=True)]
    key = [(palette[-1], f"highest score ({high:.1f})"), (palette[0], f"lowest ({low:.1f})")]
    return MapColours(classes, palette, key)


def _hex(colour: str) -> str:
    """plotly's "rgb(r, g, b)" as "#rrggbb"."""
    if colour.startswith("#"):
        return colour
    r, g, b = (int(float(x)) for x in colour[colour.index("(") + 1 : -1].split(",")[:3])
    return f"#{r:02x}{g:02x}{b:02x}"


@dataclass(frozen=True)
class MapUpdate:
    url: str
    hideout: dict
    shortlist: dict
    key: list[tuple[str, str]]


def map_update(bundle: Bundle, view: TargetView, level: str) -> MapUpdate:
    """What the Target map receives on every change: the level's URL (unchanged unless the level
    changed, so nothing is fetched again), colour classes and hover values, and the shortlist."""
    colours = map_colours(view)
    hideout = {
        "made": figure.made(),
        "codes": view.codes,
        "names": [row[0] for row in view.customdata],
        "classes": figure.packed_classes(colours.classes),
        "colours": [NO_SCORE_COLOUR, *colours.palette],
        "opacity": None,
        "customdata": view.customdata,
        "hovertemplate": HOVER,
    }
    return MapUpdate(
        geojson_url(bundle, level), hideout, {"shortlist": view.shortlist}, colours.key
    )


def legend_children(text: str, key: list[tuple[str, str]]) -> list:
    """The map's key (its colours, most need first) above the legend's words."""
    from dash import html

    swatches = [
        html.Span(
            [html.Span(className="atlas-key-swatch", style={"backgroundColor": colour}), label],
            className="me-3 text-nowrap",
        )
        for colour, label in key
    ]
    return [html.Div(swatches, className="mb-1"), html.Span(text)] if swatches else [text]
