"""Compare page (``/compare?areas=<code>,<code>&level=<level>``): two to four areas' profiles side by
side with their boroughs, the region and England; a CSV and a printable page. The link is the state:
the page is drawn on the server from it, and the callbacks only search for areas and build the
next link. ``?add=<code>`` (the Map profile's "Add to comparison") adds an area to the ones this
browser compared last, and the address bar then shows the whole comparison's link."""

from __future__ import annotations

from datetime import UTC, datetime

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, clientside_callback, dcc, html
from dash.development.base_component import Component
from dash.exceptions import PreventUpdate

from dashboard import ids
from dashboard.compareview.model import compare
from dashboard.compareview.query import (
    CompareQueryError,
    parse_query,
    resolve,
    split_codes,
    with_added,
)
from dashboard.compareview.remembered import remember, remembered
from dashboard.compareview.view import (
    compare_href,
    comparison_table,
    created_line,
    downloads,
    picked_href,
    picker,
    picker_options,
)
from dashboard.context import request_context
from dashboard.mapview import areas as area_index
from dashboard.public_url import public_url

dash.register_page(__name__, path="/compare", title="Compare areas · Outreach Atlas",
                   name="Compare")  # fmt: skip

INTRO = (
    "Two to four areas, at any level (LSOA, ward, borough), side by side with their boroughs, "
    "{region} and England. Each figure is the one the Map's profile shows, with its date and source."
)


def layout(
    areas: str | None = None, level: str | None = None, add: str | None = None, **_unknown: str
) -> html.Div:
    context = request_context(None)
    region = context.region
    head: list[Component] = [
        html.H1("Compare areas", className="h3"),
        html.P(INTRO.format(region=region.called), className="text-body-secondary"),
        dcc.Store(id=ids.COMPARE_LINK, data=None),
    ]
    notes: list[Component] = []
    if add and not areas:
        codes, dropped = with_added(remembered(context.bundle), split_codes(add)[:1])
        areas = ",".join(codes)
        if dropped:
            notes.append(dbc.Alert(
                f"At most four areas are compared at a time: {', '.join(dropped)} made way.",
                color="info", className="no-print",
            ))  # fmt: skip
    try:
        query = parse_query(context.bundle, areas, level, region.called)
    except CompareQueryError as exc:
        return html.Div(
            [*head, dbc.Alert(f"This comparison cannot be shown: {exc}.", color="warning",
                              id=ids.COMPARE_MESSAGE), picker(context.bundle, []), downloads([], None)]
        )  # fmt: skip
    chosen = resolve(context.bundle, query)
    remember(query.codes)
    head[-1] = dcc.Store(id=ids.COMPARE_LINK, data=compare_href(query.codes, query.level))
    body: list[Component] = [*notes, picker(context.bundle, chosen)]
    if len(chosen) < 2:
        body.append(dbc.Alert(
            "Choose two to four areas above (or use “Add to comparison” in a Map profile).",
            color="info", id=ids.COMPARE_MESSAGE,
        ))  # fmt: skip
    body.append(downloads(query.codes, query.level))
    if chosen:
        comparison = compare(chosen, context.catalog)
        body.append(comparison_table(comparison, region.adjective))
        link = public_url() + compare_href(query.codes, query.level)
        body.append(created_line(datetime.now(UTC), context.bundle.manifest.get("built_at"), link))
    return html.Div(head + body)


@callback(
    Output(ids.COMPARE_AREAS, "options"),
    Input(ids.COMPARE_AREAS, "search_value"),
    State(ids.COMPARE_AREAS, "value"),
)
def search_areas(typed: str | None, value: list[str] | None) -> list[dict[str, str]]:
    if not typed:
        raise PreventUpdate
    bundle = request_context(None).bundle
    chosen = [a for a in (area_index.find(bundle, code) for code in value or []) if a is not None]
    return picker_options(bundle, chosen, typed)


@callback(
    Output(ids.COMPARE_GO, "href"),
    Input(ids.COMPARE_AREAS, "value"),
    State(ids.COMPARE_LINK, "data"),
)
def next_link(value: list[str] | None, current: str | None) -> str:
    return picked_href(value, current)


clientside_callback(
    "function(n) { if (n) { window.print(); } return window.dash_clientside.no_update; }",
    Output(ids.COMPARE_PRINT, "title"),
    Input(ids.COMPARE_PRINT, "n_clicks"),
    prevent_initial_call=True,
)

# The address bar shows the comparison drawn (after ?add=, the whole list), so it can be shared.
clientside_callback(
    """function(href) {
        if (href && window.location.pathname + window.location.search !== href) {
            window.history.replaceState(null, '', href);
        }
        return window.dash_clientside.no_update;
    }""",
    Output(ids.COMPARE_LINK, "modified_timestamp"),
    Input(ids.COMPARE_LINK, "data"),
)
