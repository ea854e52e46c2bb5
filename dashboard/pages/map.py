"""Map page: indicator layers on LSOA and ward boundaries."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import dcc, html

from dashboard import ids
from dashboard.data import get_bundle
from dashboard.routes.geo import geojson_url
from layers import DEFAULT_LAYER, LAYERS

dash.register_page(__name__, path="/", title="Map · Outreach Atlas", name="Map")


def figure(layer_id: str = DEFAULT_LAYER, level: str = "lsoa") -> go.Figure:
    layer = LAYERS[layer_id]
    values = layer.values(get_bundle(), level)
    fig = go.Figure(
        go.Choroplethmap(
            geojson=geojson_url(level),
            featureidkey="properties.code",
            locations=values.index.tolist(),
            z=values["value"].tolist(),
            colorscale="Reds",
            marker={"line": {"width": 0.3, "color": "white"}},
            colorbar={"title": {"text": layer.unit_at(level)}},
        )
    )
    fig.update_layout(
        map={"style": "white-bg", "center": {"lat": 53.42, "lon": -2.85}, "zoom": 9},
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        uirevision="map",
    )
    return fig


def layout(**_query: str) -> html.Div:
    layer = LAYERS[DEFAULT_LAYER]
    return html.Div(
        [
            html.H1("Map", className="h3"),
            html.P([html.Strong(layer.title), " — ", layer.description]),
            dbc.Card(dcc.Graph(id=ids.MAP, figure=figure(), style={"height": "70vh"})),
            html.P(f"Source: {layer.citation}.", className="small text-body-secondary mt-2"),
        ]
    )
