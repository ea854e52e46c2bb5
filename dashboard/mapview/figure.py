"""The map figure: built whole once per page load, then changed with small ``dash.Patch`` updates.

Geometry never travels in a callback response: each trace's ``geojson`` is the level's hashed static
URL, which the browser fetches once and caches. A layer, classification or borough change sends only
class indices and hover values (figure) and the palette and opacity (fill store); a level change adds
locations and names.

The areas' colours are painted by ``assets/map_fill.js`` as MapLibre feature state on a layer of its
own: plotly.js recolours a choropleth by rebuilding its whole GeoJSON source, which MapLibre then
re-tiles (most of a layer change's time). The choropleth trace stays, transparent, for hover and
click. ``layout.datarevision`` tells ``Plotly.react`` when the arrays it draws from changed (level or
selected area): while it holds, new hover values and classes are read without a redraw.
"""

from __future__ import annotations

import base64

import dash
import numpy as np
import plotly.graph_objects as go

from dashboard.mapview import areas
from dashboard.mapview.model import MapModel
from dashboard.mapview.state import VENUE_KINDS, ViewState
from dashboard.routes.geo import geojson_url

CHOROPLETH, SELECTED_HALO, SELECTED = 0, 1, 2
VENUE_TRACE = {kind: 3 + i for i, kind in enumerate(VENUE_KINDS)}
# Okabe–Ito colours: distinct for colour-blind readers, each with a white outline ring.
VENUE_COLOUR = {"gp": "#0072B2", "pharmacy": "#009E73", "library": "#CC79A7"}
UIREVISION = "atlas-map"
SELECTED_LINE = "#000000"


def map_view(state: ViewState) -> dict:
    if state.area:
        area = areas.find(state.area, state.level)
        if area is not None:
            return areas.view_of(area.level, area.code)
    if state.borough:
        return areas.view_of("borough", state.borough)
    return areas.region_view()


def full_figure(model: MapModel, venues) -> go.Figure:
    state = model.state
    names = areas.names(state.level).reindex(model.codes).tolist()
    # Transparent (opacity 0: MapLibre skips drawing it): hover and click only; map_fill.js paints.
    choropleth = go.Choroplethmap(
        geojson=geojson_url(state.level),
        featureidkey="properties.code",
        locations=model.codes,
        z=[0] * len(model.codes),  # plotly.js needs a z per area; the classes are in the fill store
        text=names,
        customdata=model.customdata,
        hovertemplate=model.hovertemplate,
        hovertemplatefallback="no data",
        showscale=False,
        marker={"line": {"width": 0}, "opacity": 0},
        name="areas",
    )
    fig = go.Figure([choropleth, selected_trace(state, halo=True), selected_trace(state)])
    for kind, label in VENUE_KINDS.items():
        rows = venues[venues["kind"] == kind]
        fig.add_trace(
            go.Scattermap(
                lat=rows["lat"].tolist(),
                lon=rows["lon"].tolist(),
                text=rows["name"].tolist(),
                mode="markers",
                marker={"size": 9, "color": VENUE_COLOUR[kind]},
                hovertemplate=f"<b>%{{text}}</b><br>{label[:-1] if label.endswith('s') else label}"
                "<extra></extra>",
                name=label,
                visible=kind in state.venues,
            )
        )
    fig.update_layout(
        map={
            "style": "white-bg",
            **map_view(state),
            "layers": [borough_outline()],
        },
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        uirevision=UIREVISION,
        datarevision=data_revision(state),
        showlegend=False,
        hoverlabel={"bgcolor": "white", "font": {"color": "#111111", "size": 13}, "align": "left"},
    )
    # No template and no meta: Dash hands plotly.js a fresh copy of the figure on every update, and
    # a fresh object there (unlike arrays, under datarevision) makes plotly.js redraw every area.
    fig.layout.template = None
    return fig


def data_revision(state: ViewState) -> str:
    """Changes exactly when the traces' locations do (level or selected area), so ``Plotly.react``
    recomputes the areas then, and only then."""
    return f"{state.level}|{state.area or ''}"


def packed_classes(classes: list[int]) -> str:
    """Class indices (-1 = no data), one signed byte an area in base64: 1.3 KB for the 1,003 LSOAs
    where a JSON list takes 3 KB."""
    return base64.b64encode(np.asarray(classes, dtype=np.int8).tobytes()).decode("ascii")


def fill(model: MapModel) -> dict:
    """What ``assets/map_fill.js`` paints with: each area's class (``packed_classes``, in the
    figure's location order), the colour of each class (index = class + 1, first the no-data colour)
    and each area's opacity (areas outside a chosen borough dimmed). Also the borough names drawn
    over the map by ``assets/map_labels.js`` (HTML: MapLibre text needs glyph files from the
    internet). The classes are not the figure's ``z``: a new ``z`` would make plotly.js rebuild the
    areas' source, which is what the fill layer is there to avoid."""
    return {
        "classes": packed_classes(model.z),
        "colours": model.colours,
        "opacity": model.opacity,
        "labels": list(areas.borough_labels()),
    }


def borough_outline() -> dict:
    """Borough boundaries drawn over everything (a line layer from the cached static file)."""
    return {
        "source": geojson_url("borough"),
        "sourcetype": "geojson",
        "type": "line",
        "color": "#333333",
        "line": {"width": 1.4},
    }


def selected_trace(state: ViewState, halo: bool = False) -> go.Choroplethmap:
    """The chosen area's outline: black over a white halo, so it stands out from borough lines."""
    area = areas.find(state.area, state.level) if state.area else None
    level, codes = (area.level, [area.code]) if area else (state.level, [])
    return go.Choroplethmap(
        geojson=geojson_url(level),
        featureidkey="properties.code",
        locations=codes,
        z=[0] * len(codes),
        colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]],
        showscale=False,
        marker={"line": {"width": 7 if halo else 3, "color": "#ffffff" if halo else SELECTED_LINE}},
        hoverinfo="skip",
        name="selected area halo" if halo else "selected area",
    )


def layer_patch(model: MapModel, drawn_level: str | None, zoom: dict | None = None) -> dash.Patch:
    """Only what changed: hover values; plus locations and names when the level changed. Classes
    and colours go to the fill store (``fill``)."""
    patch = dash.Patch()
    trace = patch["data"][CHOROPLETH]
    state = model.state
    if drawn_level != state.level:
        trace["geojson"] = geojson_url(state.level)
        trace["locations"] = model.codes
        trace["text"] = areas.names(state.level).reindex(model.codes).tolist()
        trace["z"] = [0] * len(model.codes)
        patch["layout"]["datarevision"] = data_revision(state)
    trace["customdata"] = model.customdata
    trace["hovertemplate"] = model.hovertemplate
    if zoom is not None:
        patch["layout"]["map"]["center"] = zoom["center"]
        patch["layout"]["map"]["zoom"] = zoom["zoom"]
    return patch


def selection_patch(state: ViewState, zoom: bool) -> dash.Patch:
    patch = dash.Patch()
    trace = selected_trace(state)
    for index in (SELECTED_HALO, SELECTED):
        patch["data"][index]["geojson"] = trace.geojson
        patch["data"][index]["locations"] = list(trace.locations)
        patch["data"][index]["z"] = list(trace.z)
    patch["layout"]["datarevision"] = data_revision(state)
    if zoom:
        view = map_view(state)
        patch["layout"]["map"]["center"] = view["center"]
        patch["layout"]["map"]["zoom"] = view["zoom"]
    return patch


def venues_patch(shown: list[str]) -> dash.Patch:
    patch = dash.Patch()
    for kind, index in VENUE_TRACE.items():
        patch["data"][index]["visible"] = kind in shown
    return patch
