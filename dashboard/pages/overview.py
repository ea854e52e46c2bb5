"""Overview page: the City Region at a glance for the board."""

from __future__ import annotations

import dash
from dash import html

dash.register_page(__name__, path="/overview", title="Overview · Outreach Atlas", name="Overview")


def layout(**_query: str) -> html.Div:
    return html.Div(
        [
            html.H1("City Region overview", className="h3"),
            html.P("Headline figures, the six boroughs side by side, and trends."),
        ]
    )
