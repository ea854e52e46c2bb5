"""Overview page: the region at a glance for the board, ready to print into its papers.

Everything here is computed once per process (``dashboard.overview.data``); the layout itself is built once per
bundle and served as it is; only the agreed plans (per reader, from the database) are built per visit.
"""

from __future__ import annotations

from functools import lru_cache

import dash
from dash import MATCH, Input, Output, State, clientside_callback, html
from dash.development.base_component import Component

from dashboard import ids
from dashboard.components.attrs import data
from dashboard.context import keyed, request_context
from dashboard.overview.data import current_overview
from dashboard.overview.headlines import header, headline_section
from dashboard.overview.plan import plan_section
from dashboard.overview.sections import (
    boroughs_section,
    comparison_section,
    concentration_section,
    sources_section,
    trends_section,
)
from dashboard.plans.board import agreed_plans_section
from dashboard.routes.overview import map_url
from geodata.bundle import Bundle
from layers.keyed import Keyed

dash.register_page(__name__, path="/overview", title="Overview · Outreach Atlas", name="Overview")


def layout(**_query: str) -> html.Div:
    # The cached sections with the agreed plans (per reader, never cached) before the sources.
    context = request_context(None)
    sections: list[Component] = list(_sections(keyed(context.bundle)))
    sections.insert(len(sections) - 1, agreed_plans_section(context.user))
    return html.Div(
        sections,
        id=ids.OVERVIEW,
        className="ov-page",
        **data(file_prefix=f"{context.region.prefix}-overview"),
    )


@lru_cache(maxsize=2)
def _sections(keyed_bundle: Keyed[Bundle]) -> tuple[Component, ...]:
    bundle = keyed_bundle.value
    overview, region = current_overview(bundle), bundle.region
    cidr = overview.row("cidr", region.code)
    weight_note = "" if cidr is None else str(cidr["note"])
    present = {s for s in bundle.vintages}
    sections = [
        header(overview, region, f"{region.prefix}-overview.csv"),
        headline_section(overview, region, weight_note),
        boroughs_section(overview, region, weight_note),
        comparison_section(overview, region),
        concentration_section(overview, region, lambda code: map_url(bundle, code)),
        trends_section(overview, region),
        plan_section(overview, region),
        sources_section(region, present, overview.has("cmp_out_of_work_rate")),
    ]
    # A section whose sources the region lacks is left out, never shown empty.
    return tuple(section for section in sections if section is not None)


# Callbacks: the browser does the work (printing, saving a chart), so nothing waits on the server.

clientside_callback(
    """async function (n) {
        if (!n) { return window.dash_clientside.no_update; }
        const printing = window.atlasOverviewPrint;
        if (printing) { await printing.fit(); }
        window.print();
        if (printing) { await printing.restore(); }
        return "Print dialog closed";
    }""",
    Output(ids.OVERVIEW_PRINT_STATUS, "children"),
    Input(ids.OVERVIEW_PRINT, "n_clicks"),
    prevent_initial_call=True,
)

clientside_callback(
    """async function (n, id) {
        if (!n) { return window.dash_clientside.no_update; }
        const host = document.getElementById("overview-graph-" + id.chart);
        const graph = host && host.querySelector(".js-plotly-plot");
        if (!graph || !window.Plotly) { return "The chart is not ready yet"; }
        const page = document.getElementById("overview");
        const name = (page ? page.dataset.filePrefix : "overview") + "-" + id.chart;
        await window.Plotly.downloadImage(graph, {
            format: "png", filename: name, scale: 2,
            width: Math.max(graph.offsetWidth, 900), height: graph.offsetHeight,
        });
        return "Saved " + name + ".png";
    }""",
    Output(ids.overview_png_status(MATCH), "children"),
    Input(ids.overview_png(MATCH), "n_clicks"),
    State(ids.overview_png(MATCH), "id"),
    prevent_initial_call=True,
)
