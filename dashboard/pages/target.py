"""Target page: the planners' workbench. Build a need score, set selection rules, see flood zones and
the reach curve, edit the shortlist on the map or in the table, and download it with its settings.

The whole scenario lives in the URL (compact query string), so a link reproduces the list, and the
download buttons are plain ``/download/targets.*`` links built from the same state.
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, clientside_callback, ctx, dcc, html

from dashboard import ids
from dashboard.components import target_views as views
from dashboard.components.target_context import offered_layers
from dashboard.components.target_controls import controls, weight_inputs
from dashboard.components.target_downloads import uses_imported
from dashboard.components.target_results import results_column
from dashboard.data import get_bundle, get_region
from dashboard.exports.writers import FORMATS
from layers.imported import imported_layers_in_use
from layers.targeting.scenario import (
    QUERY_KEYS,
    Scenario,
    ScenarioError,
    edit,
    from_query,
    to_query,
)

dash.register_page(__name__, path="/target", title="Target · Outreach Atlas", name="Target")


def _scenario_from_url(query: dict[str, str]) -> tuple[Scenario, str]:
    known = {k: v for k, v in query.items() if k in QUERY_KEYS}
    try:
        scenario = from_query(known, get_region().lads.values())
        views.run_scenario(scenario)  # unknown layer ids etc. surface here
        return scenario, ""
    except ScenarioError as exc:
        return (
            Scenario(),
            f"The link's settings could not be used ({exc}), so the default list is shown.",
        )


def layout(**query: str) -> html.Div:
    scenario, problem = _scenario_from_url(query)
    resolved = views.resolve_weights(
        scenario.effective_weights, offered_layers(), scenario.level, strict=False
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
                        controls(scenario, weights, " ".join(resolved.skipped)),
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
    State(ids.IMPORTED_LAYERS, "data"),
    prevent_initial_call=True,
)
def _on_indicators(preset, level, indicators, weight_values, weight_ids, imported):
    with imported_layers_in_use(get_bundle(), imported):
        return _indicator_outputs(preset, level, indicators, weight_values, weight_ids)


@dash.callback(
    Output(ids.TARGET_INDICATORS, "options", allow_duplicate=True),
    Input(ids.IMPORTED_LAYERS, "data"),
    Input(ids.TARGET_INDICATORS, "id"),  # the page's own component: runs when the page opens
    State(ids.TARGET_LEVEL, "value"),
    prevent_initial_call="initial_duplicate",
)
def _on_imported_layers(imported, _page, level):
    """This browser session's imported layers join the indicator list (scorable at their levels)."""
    with imported_layers_in_use(get_bundle(), imported) as extra:
        if not extra:
            return dash.no_update  # the page was built with these options: nothing to add
        return views.indicator_options(level or "lsoa")


def _indicator_outputs(preset, level, indicators, weight_values, weight_ids):
    trigger = {ids.TARGET_PRESET: "preset", ids.TARGET_LEVEL: "level"}.get(
        ctx.triggered_id, "indicators"
    )
    existing = {i["layer"]: v for i, v in zip(weight_ids, weight_values, strict=True)}
    panel = views.weights_panel(trigger, preset, level, indicators, existing)
    return (
        panel.indicators,
        views.indicator_options(level),
        weight_inputs(panel.weights),
        panel.note,
    )


@dash.callback(
    Output(ids.TARGET_STATE, "data"),
    Output(ids.TARGET_ERROR, "children"),
    Output(ids.TARGET_ERROR, "is_open"),
    Input(ids.TARGET_LEVEL, "value"),
    Input(ids.TARGET_PRESET, "value"),
    Input(ids.target_weight(ALL), "value"),
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
    Input(ids.TARGET_MAP, "clickData"),
    Input(ids.TARGET_MAP, "selectedData"),
    Input(ids.TARGET_REMOVE, "n_clicks"),
    Input(ids.TARGET_ADD, "n_clicks"),
    Input(ids.TARGET_RESET_EDITS, "n_clicks"),
    State(ids.target_weight(ALL), "id"),
    State(ids.TARGET_STATE, "data"),
    State(ids.TARGET_SHORTLIST, "selectedRows"),
    State(ids.TARGET_ADD_PICKER, "value"),
    State(ids.TARGET_SELECT_MODE, "value"),
    State(ids.IMPORTED_LAYERS, "data"),
    prevent_initial_call=True,
)
def _on_controls(*args):
    *controls, imported = args
    with imported_layers_in_use(get_bundle(), imported):
        return _controls_outputs(*controls)


def _controls_outputs(level, preset, weight_values, method, missing, top, pop, min_score, min_pop,
                      filter_layers, filter_ops, filter_values, boroughs, per_borough, hot, click,
                      box, _remove, _add, _reset, weight_ids, state, ticked, to_add, mode):  # fmt: skip
    try:
        previous = from_query(state or {}, get_region().lads.values())
        trigger = ctx.triggered_id
        if f"{ids.TARGET_MAP}.clickData" in ctx.triggered_prop_ids:
            scenario = views.apply_click(previous, click)
        elif f"{ids.TARGET_MAP}.selectedData" in ctx.triggered_prop_ids:
            scenario = views.apply_box(previous, box, mode)
        elif trigger == ids.TARGET_REMOVE:
            scenario = edit(previous, remove=tuple(row["code"] for row in ticked or []))
        elif trigger == ids.TARGET_ADD:
            scenario = edit(previous, add=(to_add,)) if to_add else previous
        elif trigger == ids.TARGET_RESET_EDITS:
            scenario = views.reset_edits(previous)
        else:
            weights = {i["layer"]: v for i, v in zip(weight_ids, weight_values, strict=True)}
            scenario = views.scenario_from_controls(
                previous, level=level, preset=preset, weights=weights, method=method,
                missing=missing, top=top, pop=pop, min_score=min_score, min_pop=min_pop,
                filters=list(zip(filter_layers, filter_ops, filter_values, strict=True)),
                boroughs=boroughs or [], per_borough=per_borough, hot=hot,
            )  # fmt: skip
        views.run_scenario(scenario)  # a rule that cannot run is reported, the list kept
    except ScenarioError as exc:
        return dash.no_update, f"Not applied: {exc}. The list below is unchanged.", True
    return to_query(scenario), "", False


@dash.callback(
    Output(ids.TARGET_MAP, "figure"),
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
    scenario = from_query(state or {}, get_region().lads.values())
    with imported_layers_in_use(get_bundle(), imported):
        view = views.build_view(scenario)
    download_query = views.query_string(scenario, for_download=True)
    notes = [view.detail, *(f" {n}" for n in view.notes)]
    return (
        views.map_patch(view, scenario.level),
        view.headline,
        notes,
        view.legend,
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
    scenario = from_query(state or {}, get_region().lads.values())
    if fmt is None or not uses_imported(views.query_string(scenario, for_download=True)):
        return dash.no_update  # no upload named: the link's own URL serves the file
    from dashboard.components.target_context import export_download

    with imported_layers_in_use(get_bundle(), imported):
        download = export_download(scenario, fmt)
    return dcc.send_bytes(download.body, download.filename, type=download.media_type)
