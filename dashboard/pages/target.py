"""Target page: the planners' workbench."""

from __future__ import annotations

import dash
from dash import html

dash.register_page(__name__, path="/target", title="Target · Outreach Atlas", name="Target")


def layout(**_query: str) -> html.Div:
    return html.Div(
        [
            html.H1("Target", className="h3"),
            html.P(
                "Build a weighted need score and pick the neighbourhoods to flood with outreach."
            ),
        ]
    )
