"""Unknown paths get a helpful page, not an error."""

import dash
from dash import html

dash.register_page(__name__, path="/404", title="Not found · Outreach Atlas")


def layout(**_query: str) -> html.Div:
    return html.Div(
        [
            html.H1("Page not found", className="h3"),
            html.P(["There is no page at this address. Try the ", html.A("map", href="/"), "."]),
        ]
    )
