"""Building blocks of the overview page: figures tagged with where they come from, headline cards,
chart panels with a PNG download, and the plan's targets table."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import dcc, html
from plotly.utils import PlotlyJSONEncoder

from dashboard import ids
from dashboard.components.attrs import aria, data
from geodata.overview import INDICATORS, Overview
from geodata.region import Region

GRAPH_CONFIG: dcc.Graph.Config = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}  # fmt: skip


def figure_tag(row) -> dict[str, Any]:
    """The data attributes that tie a figure shown from an overview row to its row in the CSV."""
    return data(indicator=row["indicator"], area=row["area_code"], date=row["date"])


def fig(
    overview: Overview,
    indicator: str,
    area: str | None = None,
    date: str | None = None,
    big: bool = False,
) -> html.Span:
    """A figure exactly as the CSV's ``shown`` column has it, tagged so a check can find its row
    (``area``: the region itself unless given)."""
    area = area or overview.region_code
    row = overview.row(indicator, area, date)
    text = "no data" if row is None else str(row["shown"])
    return html.Span(
        text,
        className="ov-fig ov-big" if big else "ov-fig",
        **data(indicator=indicator, area=area, date="" if row is None else str(row["date"])),
    )


def source_line(*parts: str) -> html.P:
    return html.P(["Source: ", "; ".join(parts), "."], className="ov-source small mb-0")


def headline_card(title: str, body: Sequence, source: str, card_id: str) -> dbc.Col:
    return dbc.Col(
        dbc.Card(
            dbc.CardBody(
                [html.H3(title, className="ov-card-title h6"), *body, source_line(source)],
                className="d-flex flex-column gap-1",
            ),
            className="h-100 ov-card",
            id=f"ov-card-{card_id}",
        ),
        xs=12, sm=6, xl=3, className="mb-3",
    )  # fmt: skip


def chart_panel(
    region: Region,
    name: str,
    title: str,
    figure: go.Figure,
    caption: Sequence | str,
    source: str,
    width: int = 6,
) -> dbc.Col:
    """A titled chart with its caption, source and a PNG download (the download is screen-only)."""
    return dbc.Col(
        dbc.Card(
            dbc.CardBody(
                [
                    html.Div(
                        [
                            html.H3(title, className="h6 mb-0 flex-grow-1"),
                            dbc.Button(
                                [html.I(className="bi bi-download me-1", **aria(hidden="true")), "PNG"],
                                id=ids.overview_png(name), size="sm", color="secondary", outline=True,
                                className="no-print", title=f"Download “{title}” as a PNG image",
                            ),
                        ],
                        className="d-flex align-items-start gap-2 mb-1",
                    ),
                    html.Span(
                        id=ids.overview_png_status(name), className="visually-hidden", role="status"
                    ),
                    lazy_graph(name, figure, region),
                    html.P(caption, className="small mb-1 ov-caption"),
                    source_line(source),
                ]
            ),
            className="h-100 ov-chart",
        ),
        xs=12, lg=width, className="mb-3 ov-chart-col",
    )  # fmt: skip


def file_stem(region: Region, name: str) -> str:
    """A download's file name for this region, e.g. ``lcr-overview`` (its files' prefix)."""
    return f"{region.prefix}-{name}"


def lazy_graph(name: str, figure: go.Figure, region: Region) -> html.Div:
    """A box as tall as the figure, holding the chart as JSON until it comes into view.

    Drawing all the page's charts at once blocked the browser for about a second; drawn as they come
    into view (and the rest one per idle moment, see assets/overview_lazy.js) the page is usable at
    once and shows the same charts.
    """
    graph = dcc.Graph(
        id=ids.overview_graph(name), figure=figure, config=_config(name, region), responsive=True
    )
    return html.Div(
        id=ids.overview_slot(name),
        className="ov-lazy",
        # Responsive graphs fill their box: the box is as tall as the figure.
        style={"height": f"{figure.layout.height}px"},
        **data(graph=json.dumps(graph.to_plotly_json(), cls=PlotlyJSONEncoder)),
    )


def _config(name: str, region: Region) -> dcc.Graph.Config:
    return {
        **GRAPH_CONFIG,
        "toImageButtonOptions": {
            "format": "png",
            "filename": file_stem(region, f"overview-{name}"),
            "scale": 2,
        },
    }


def map_panel(name: str, url: str, region: Region) -> dbc.Col:
    return dbc.Col(
        html.Figure(
            [
                html.Img(
                    src=url, alt=f"{name}: out-of-work benefit rate by LSOA (IoD 2025), England's most "
                    "deprived 10% outlined", className="img-fluid ov-map", width=676, height=650,
                ),
                html.Figcaption(
                    html.A(
                        [html.I(className="bi bi-download me-1", **aria(hidden="true")), f"{name} map (PNG)"],
                        href=url, download=file_stem(region, f"overview-map-{name.lower().replace(' ', '-')}") + ".png",
                        className="small",
                    ),
                    className="no-print",
                ),
            ],
            className="mb-2",
        ),
        xs=12, sm=6, lg=4, className="ov-map-col",
    )  # fmt: skip


def _seq(value: Sequence | str) -> list:
    return [value] if isinstance(value, str) else list(value)


def unit(indicator: str) -> str:
    return INDICATORS[indicator].unit
