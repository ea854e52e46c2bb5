"""Target page: the planners' workbench. Build a need score, set selection rules, see flood zones and
the reach curve, edit the shortlist on the map or in the table, and download it with its settings.

The whole scenario lives in the URL (compact query string, with ``period=`` for indicators scored at
another period than their latest), so a link reproduces the list, and the download buttons are plain
``/download/targets.*`` links built from the same state. Each callback builds its request's catalog
(``page_catalog``: built-in layers, the partnership's imports, this browser's uploads) and passes it.
"""

from __future__ import annotations

import time

import dash
import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, clientside_callback, ctx, dcc, html

from dashboard import ids
from dashboard.components import target_views as views
from dashboard.components.target_controls import controls, weight_inputs
from dashboard.components.target_downloads import uses_imported
from dashboard.components.target_results import results_column
from dashboard.data import get_bundle
from dashboard.exports.writers import FORMATS
from dashboard.uploads import page_catalog
from layers.catalog import Catalog
from layers.targeting.scenario import (
    QUERY_KEYS,
    Scenario,
    ScenarioError,
    edit,
    from_query,
    to_query,
)

dash.register_page(__name__, path="/target", title="Target · Outreach Atlas", name="Target")


def _scenario_from_url(query: dict[str, str], catalog: Catalog) -> tuple[Scenario, str]:
    known = {k: v for k, v in query.items() if k in QUERY_KEYS}
    try:
        scenario = from_query(known)
        views.run_scenario(scenario, catalog)  # unknown layer ids, periods etc. surface here
        return scenario, ""
    except ScenarioError as exc:
        return (
            Scenario(),
            f"The link's settings could not be used ({exc}), so the default list is shown.",
        )


def layout(**query: str) -> html.Div:
    # Built on the server before the browser's store is read: the catalog has no uploads yet.
    catalog = page_catalog(get_bundle(), None)
    scenario, problem = _scenario_from_url(query, catalog)
    resolved = views.resolve_weights(
        scenario.effective_weights, catalog, scenario.level, strict=False
    )
    weights = {c.layer.id: c.weight for c in resolved.components}
    state = to_query(scenario)
    return html.Div(
        [
            dcc.Store(id=ids.TARGET_STATE, data=state),
            dcc.Store(id=ids.TARGET_URL_SYNC),
            html.H1("Target", className="h3"),
            html.P(
                "Build a weighted need score, choose the rules, and see where to flood outreach. "
                "Every setting is in the address bar: copy it to share this exact list.",
                className="text-body-secondary",
            ),
            dbc.Alert(problem, color="warning", is_open=bool(problem), dismissable=True),
            dbc.Row(
                [
                    dbc.Col(
                        controls(scenario, weights, " ".join(resolved.skipped), catalog),
                        lg=4,
                        xl=3,
                        className="mb-3",
                    ),
                    dbc.Col(results_column(scenario), lg=8, xl=9),
                ]
            ),
        ]
    )


# --- callbacks: thin adapters over dashboard.components.target_views ------------------------


@dash.callback(
    Output(ids.TARGET_INDICATORS, "value"),
    Output(ids.TARGET_INDICATORS, "options"),
    Output(ids.TARGET_WEIGHTS, "children"),
    Output(ids.TARGET_PRESET_NOTE, "children"),
    Input(ids.TARGET_PRESET, "value"),
    Input(ids.TARGET_LEVEL, "value"),
    Input(ids.TARGET_INDICATORS, "value"),
    State(ids.target_weight(ALL), "value"),
    State(ids.target_weight(ALL), "id"),
    State(ids.target_period(ALL), "value"),
    State(ids.target_period(ALL), "id"),
    State(ids.IMPORTED_LAYERS, "data"),
    prevent_initial_call=True,
)
def _on_indicators(
    preset, level, indicators, weight_values, weight_ids, period_values, period_ids, imported
):
    catalog = page_catalog(get_bundle(), imported)
    periods = {i["layer"]: v for i, v in zip(period_ids, period_values, strict=True)}
    return _indicator_outputs(
        catalog, preset, level, indicators, weight_values, weight_ids, periods
    )


@dash.callback(
    Output(ids.TARGET_INDICATORS, "options", allow_duplicate=True),
    Input(ids.IMPORTED_LAYERS, "data"),
    Input(ids.TARGET_INDICATORS, "id"),  # the page's own component: runs when the page opens
    State(ids.TARGET_LEVEL, "value"),
    prevent_initial_call="initial_duplicate",
)
def _on_imported_layers(imported, _page, level):
    """This browser session's uploads join the indicator list (scorable at their levels)."""
    catalog = page_catalog(get_bundle(), imported)
    if not any(layer_id.startswith("upload_") for layer_id in catalog):
        return dash.no_update  # the page was built with these options: nothing to add
    return views.indicator_options(level or "lsoa", catalog)


def _indicator_outputs(catalog, preset, level, indicators, weight_values, weight_ids, periods):
    trigger = {ids.TARGET_PRESET: "preset", ids.TARGET_LEVEL: "level"}.get(
        ctx.triggered_id, "indicators"
    )
    existing = {i["layer"]: v for i, v in zip(weight_ids, weight_values, strict=True)}
    panel = views.weights_panel(trigger, preset, level, indicators, existing, catalog)
    return (
        panel.indicators,
        views.indicator_options(level, catalog),
        weight_inputs(panel.weights, catalog, periods),
        panel.note,
    )


@dash.callback(
    Output(ids.TARGET_STATE, "data"),
    Output(ids.TARGET_ERROR, "children"),
    Output(ids.TARGET_ERROR, "is_open"),
    Output(ids.TARGET_DRAW, "editToolbar"),
    Input(ids.TARGET_LEVEL, "value"),
    Input(ids.TARGET_PRESET, "value"),
    Input(ids.target_weight(ALL), "value"),
    Input(ids.target_period(ALL), "value"),
    Input(ids.TARGET_METHOD, "value"),
    Input(ids.TARGET_MISSING, "value"),
    Input(ids.TARGET_TOP, "value"),
    Input(ids.TARGET_POP, "value"),
    Input(ids.TARGET_MIN_SCORE, "value"),
    Input(ids.TARGET_MIN_POP, "value"),
    Input(ids.target_filter("layer", ALL), "value"),
    Input(ids.target_filter("op", ALL), "value"),
    Input(ids.target_filter("value", ALL), "value"),
    Input(ids.TARGET_BOROUGHS, "value"),
    Input(ids.TARGET_PER_BOROUGH, "value"),
    Input(ids.TARGET_HOTSPOTS, "value"),
    Input(ids.TARGET_AREAS, "clickData"),
    Input(ids.TARGET_DRAW, "geojson"),
    Input(ids.TARGET_REMOVE, "n_clicks"),
    Input(ids.TARGET_ADD, "n_clicks"),
    Input(ids.TARGET_RESET_EDITS, "n_clicks"),
    State(ids.target_weight(ALL), "id"),
    State(ids.target_period(ALL), "id"),
    State(ids.TARGET_STATE, "data"),
    State(ids.TARGET_SHORTLIST, "selectedRows"),
    State(ids.TARGET_ADD_PICKER, "value"),
    State(ids.TARGET_SELECT_MODE, "value"),
    State(ids.IMPORTED_LAYERS, "data"),
    prevent_initial_call=True,
)
def _on_controls(*args):
    *controls, imported = args
    drawn = f"{ids.TARGET_DRAW}.geojson" in ctx.triggered_prop_ids
    if drawn and not (controls[17] or {}).get("features"):
        return dash.no_update, dash.no_update, dash.no_update, dash.no_update  # shapes cleared
    outputs = _controls_outputs(page_catalog(get_bundle(), imported), *controls)
    # A drawn shape has done its work once its areas are added or removed: clear it from the map.
    clear = {"mode": "remove", "action": "clear all", "n_clicks": time.time_ns()}
    return *outputs, clear if drawn else dash.no_update


def _controls_outputs(catalog, level, preset, weight_values, period_values, method, missing, top,
                      pop, min_score, min_pop, filter_layers, filter_ops, filter_values, boroughs,
                      per_borough, hot, click, drawing, _remove, _add, _reset, weight_ids, period_ids,
                      state, ticked, to_add, mode):  # fmt: skip
    try:
        previous = from_query(state or {})
        trigger = ctx.triggered_id
        # Finishing a box also clicks the area under the pointer: the shape wins.
        if f"{ids.TARGET_DRAW}.geojson" in ctx.triggered_prop_ids:
            scenario = views.apply_drawing(previous, drawing, mode)
        elif f"{ids.TARGET_AREAS}.clickData" in ctx.triggered_prop_ids:
            scenario = views.apply_click(previous, click, catalog)
        elif trigger == ids.TARGET_REMOVE:
            scenario = edit(previous, remove=tuple(row["code"] for row in ticked or []))
        elif trigger == ids.TARGET_ADD:
            scenario = edit(previous, add=(to_add,)) if to_add else previous
        elif trigger == ids.TARGET_RESET_EDITS:
            scenario = views.reset_edits(previous)
        else:
            weights = {i["layer"]: v for i, v in zip(weight_ids, weight_values, strict=True)}
            periods = {i["layer"]: v for i, v in zip(period_ids, period_values, strict=True)}
            scenario = views.scenario_from_controls(
                previous, level=level, preset=preset, weights=weights, method=method,
                missing=missing, top=top, pop=pop, min_score=min_score, min_pop=min_pop,
                filters=list(zip(filter_layers, filter_ops, filter_values, strict=True)),
                boroughs=boroughs or [], per_borough=per_borough, hot=hot, layers=catalog,
                periods=periods,
            )  # fmt: skip
        views.run_scenario(scenario, catalog)  # a rule that cannot run is reported, the list kept
    except ScenarioError as exc:
        return dash.no_update, f"Not applied: {exc}. The list below is unchanged.", True
    return to_query(scenario), "", False


@dash.callback(
    Output(ids.TARGET_AREAS, "url"),
    Output(ids.TARGET_AREAS, "hideout"),
    Output(ids.TARGET_SHORTLIST_LINES, "url"),
    Output(ids.TARGET_SHORTLIST_LINES, "hideout"),
    Output(ids.TARGET_HEADLINE, "children"),
    Output(ids.TARGET_NOTES, "children"),
    Output(ids.TARGET_LEGEND, "children"),
    Output(ids.TARGET_SHORTLIST, "rowData"),
    Output(ids.TARGET_SHORTLIST, "columnDefs"),
    Output(ids.TARGET_ZONES, "rowData"),
    Output(ids.TARGET_ZONES, "columnDefs"),
    Output(ids.TARGET_REACH, "figure"),
    Output(ids.TARGET_WHY, "figure"),
    Output(ids.TARGET_ADD_PICKER, "options"),
    *[Output(ids.target_download(fmt), "href") for fmt in FORMATS],
    Output(ids.TARGET_URL_SYNC, "data"),
    Input(ids.TARGET_STATE, "data"),
    State(ids.IMPORTED_LAYERS, "data"),
)
def _render(state, imported):
    scenario = from_query(state or {})
    view = views.build_view(scenario, page_catalog(get_bundle(), imported))
    download_query = views.query_string(scenario, for_download=True)
    notes = [view.detail, *(f" {n}" for n in view.notes)]
    shown = views.map_update(view, scenario.level)
    return (
        shown.url,
        shown.hideout,
        shown.url,
        shown.shortlist,
        view.headline,
        notes,
        views.legend_children(view.legend, shown.key),
        view.shortlist_rows,
        view.shortlist_columns,
        view.zone_rows,
        view.zone_columns,
        view.reach,
        view.why,
        view.add_options,
        *[
            None if uses_imported(download_query) else f"/download/targets.{fmt}?{download_query}"
            for fmt in FORMATS
        ],
        "?" + view.query,
    )


# Score colours sent while the areas are still loading are drawn when they arrive (assets/atlas_map.js).
clientside_callback(
    "function(hideout, id) { window.atlasMap.remember(hideout, id); }",
    Input(ids.TARGET_AREAS, "hideout"),
    State(ids.TARGET_AREAS, "id"),
)

# The scenario goes into the address bar without a navigation (a Location change would re-render the
# page and reset the map); the copy button copies the full link.
clientside_callback(
    """
    function(search) {
        if (typeof search === "string" && window.location.search !== search) {
            window.history.replaceState(window.history.state, "", window.location.pathname + search);
        }
        return window.location.origin + window.location.pathname + (search || "");
    }
    """,
    Output(ids.TARGET_COPY_LINK, "content"),
    Input(ids.TARGET_URL_SYNC, "data"),
)


__all__ = ["layout"]


@dash.callback(
    Output(ids.IMPORTED_EXPORT, "data"),
    *[Input(ids.target_download(fmt), "n_clicks") for fmt in FORMATS],
    State(ids.TARGET_STATE, "data"),
    State(ids.IMPORTED_LAYERS, "data"),
    prevent_initial_call=True,
)
def _on_imported_export(*args):
    *_clicks, state, imported = args
    fmt = next((f for f in FORMATS if ctx.triggered_id == ids.target_download(f)), None)
    scenario = from_query(state or {})
    if fmt is None or not uses_imported(views.query_string(scenario, for_download=True)):
        return dash.no_update  # no upload named: the link's own URL serves the file
    from dashboard.components.target_context import export_download

    download = export_download(scenario, fmt, page_catalog(get_bundle(), imported))
    return dcc.send_bytes(download.body, download.filename, type=download.media_type)
