"""Target page: the planners' workbench. Build a need score, set selection rules, see flood zones and
the reach curve, edit the shortlist on the map or in the table, and download it with its settings.

The whole scenario lives in the URL (compact query string, with ``period=`` for indicators scored at
another period than their latest), so a link reproduces the list, and the download buttons are plain
``/download/targets.*`` links built from the same state. Each callback builds its request's context
once (``request_context``: the region, the bundle, the catalog with this browser's uploads, the code
fingerprint, the user) and passes it, or the part a function needs, down.
"""

from __future__ import annotations

import time
from dataclasses import replace

import dash
import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, clientside_callback, ctx, dcc, html

from dashboard import ids
from dashboard.components import copy_link
from dashboard.context import RequestContext, request_context
from dashboard.exports.writers import FORMATS
from dashboard.plans.save import save_button
from dashboard.postcodes import callbacks as postcode_callbacks
from dashboard.postcodes import target_reach
from dashboard.targetview import stored
from dashboard.targetview.context import run_scenario
from dashboard.targetview.controls import controls, weight_inputs
from dashboard.targetview.downloads import TARGET_COPY_LABEL, pack_links, uses_imported
from dashboard.targetview.inputs import CONTROL_INPUTS, CONTROL_STATE, Controls
from dashboard.targetview.outputs import VIEW_OUTPUTS, Change, apply_change, view_values
from dashboard.targetview.parsing import scenario_after
from dashboard.targetview.results import results_column
from dashboard.targetview.weights import indicator_options, weights_panel
from dashboard.targetview.zone_outputs import premises_upload, zone_view
from dashboard.targetview.zoning import scenario_with_zoning
from layers.targeting.link import QUERY_KEYS, from_query, query_string, to_query
from layers.targeting.presets import resolve_weights
from layers.targeting.scenario import Scenario, ScenarioError

dash.register_page(__name__, path="/target", title="Target · Outreach Atlas", name="Target")


def _scenario_from_url(query: dict[str, str], context: RequestContext) -> tuple[Scenario, str]:
    known = {k: v for k, v in query.items() if k in QUERY_KEYS}
    try:
        known = stored.resolve(known)
    except ScenarioError as exc:
        known.pop("edits", None)
        scenario, problem = _scenario_from_url(known, context)
        return scenario, problem or f"The link's hand edits could not be used: {exc}."
    try:
        scenario = from_query(known, context.region.lads.values())
        run_scenario(scenario, context.catalog)  # unknown layer ids, periods etc. surface here
        return scenario, ""
    except ScenarioError as exc:
        return (
            Scenario(),
            f"The link's settings could not be used ({exc}), so the default list is shown.",
        )


def layout(**query: str) -> html.Div:
    # Built on the server before the browser's store is read: the catalog has no uploads yet.
    context = request_context(None)
    catalog = context.catalog
    scenario, problem = _scenario_from_url(query, context)
    resolved = resolve_weights(scenario.effective_weights, catalog, scenario.level, strict=False)
    weights = {c.layer.id: c.weight for c in resolved.components}
    state = to_query(scenario)
    return html.Div(
        [
            dcc.Store(id=ids.TARGET_STATE, data=state),
            dcc.Store(id=ids.TARGET_URL_SYNC),
            html.Div(
                [html.H1("Target", className="h3 mb-0"), save_button()],
                className="d-flex align-items-center gap-3 mb-2",
            ),
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
                        className="mb-3 order-2 order-lg-1",
                    ),
                    # On a phone the results, with the map first (assets/map.css), come before
                    # the controls.
                    dbc.Col(
                        results_column(context.bundle, scenario),
                        lg=8,
                        xl=9,
                        className="order-1 order-lg-2 atlas-target-results",
                    ),
                ]
            ),
        ]
    )


# --- callbacks: thin adapters over dashboard.targetview ------------------------


@dash.callback(
    Output(ids.TARGET_POSTCODE_MESSAGE, "children"),
    Output(ids.TARGET_POSTCODE_PIN, "children"),
    Output(ids.TARGET_POSTCODE_AREAS, "url"),
    Output(ids.TARGET_POSTCODE_AREAS, "hideout"),
    Output(ids.TARGET_MAP, "viewport", allow_duplicate=True),
    Input(ids.TARGET_POSTCODE_FIND, "n_clicks"),
    Input(ids.TARGET_POSTCODE_SEARCH, "n_submit"),
    State(ids.TARGET_POSTCODE_SEARCH, "value"),
    State(ids.TARGET_LEVEL, "value"),
    prevent_initial_call=True,
)
def _on_postcode(_clicks, _submits, text, level):
    """Pin a postcode and outline its area, or outline a sector's or district's areas; the
    scenario (and so the link) is unchanged."""
    return postcode_callbacks.target_outputs(request_context(None).bundle, text, level or "lsoa")


@dash.callback(
    output=[
        Output(ids.TARGET_INDICATORS, "value"),
        Output(ids.TARGET_INDICATORS, "options"),
        Output(ids.TARGET_WEIGHTS, "children"),
        Output(ids.TARGET_PRESET_NOTE, "children"),
    ],
    inputs={
        "preset": Input(ids.TARGET_PRESET, "value"),
        "level": Input(ids.TARGET_LEVEL, "value"),
        "indicators": Input(ids.TARGET_INDICATORS, "value"),
    },
    state={
        "weight_values": State(ids.target_weight(ALL), "value"),
        "weight_ids": State(ids.target_weight(ALL), "id"),
        "period_values": State(ids.target_period(ALL), "value"),
        "period_ids": State(ids.target_period(ALL), "id"),
        "imported": State(ids.IMPORTED_LAYERS, "data"),
    },
    prevent_initial_call=True,
)
def _on_indicators(
    *, preset, level, indicators, weight_values, weight_ids, period_values, period_ids, imported
):
    catalog = request_context(imported).catalog
    periods = {i["layer"]: v for i, v in zip(period_ids, period_values, strict=True)}
    existing = {i["layer"]: v for i, v in zip(weight_ids, weight_values, strict=True)}
    return _indicator_outputs(catalog, preset, level, indicators, existing, periods)


@dash.callback(
    Output(ids.TARGET_INDICATORS, "options", allow_duplicate=True),
    Input(ids.IMPORTED_LAYERS, "data"),
    Input(ids.TARGET_INDICATORS, "id"),  # the page's own component: runs when the page opens
    State(ids.TARGET_LEVEL, "value"),
    prevent_initial_call="initial_duplicate",
)
def _on_imported_layers(imported, _page, level):
    """This browser session's uploads join the indicator list (scorable at their levels)."""
    catalog = request_context(imported).catalog
    if not any(layer_id.startswith("upload_") for layer_id in catalog):
        return dash.no_update  # the page was built with these options: nothing to add
    return indicator_options(level or "lsoa", catalog)


def _indicator_outputs(catalog, preset, level, indicators, existing, periods):
    trigger = {ids.TARGET_PRESET: "preset", ids.TARGET_LEVEL: "level"}.get(
        ctx.triggered_id, "indicators"
    )
    panel = weights_panel(trigger, preset, level, indicators, existing, catalog)
    return (
        panel.indicators,
        indicator_options(level, catalog),
        weight_inputs(panel.weights, catalog, periods),
        panel.note,
    )


@dash.callback(
    output=[
        Output(ids.TARGET_STATE, "data"),
        Output(ids.TARGET_ERROR, "children"),
        Output(ids.TARGET_ERROR, "is_open"),
        Output(ids.TARGET_DRAW, "editToolbar"),
        *[Output(component, prop, allow_duplicate=True) for component, prop in VIEW_OUTPUTS],
    ],
    # Copies: Dash merges the inputs into the state dict it is given, which changed the shared
    # CONTROL_STATE for everything reading it after the page registered.
    inputs=dict(CONTROL_INPUTS),
    state=dict(CONTROL_STATE),
    prevent_initial_call=True,
)
def _on_controls(**values):
    controls = Controls.read(values)
    unchanged = (dash.no_update,) * (4 + len(VIEW_OUTPUTS))
    drawn = f"{ids.TARGET_DRAW}.geojson" in ctx.triggered_prop_ids
    if drawn and controls.drawing_cleared:
        return unchanged  # shapes cleared
    context = request_context(controls.imported)
    triggered, props = ctx.triggered_id, ctx.triggered_prop_ids
    change = apply_change(
        controls.state,
        context,
        lambda previous: scenario_after(previous, controls, context.catalog, triggered, props),
    )
    # A drawn shape has done its work once its areas are added or removed: clear it from the map.
    clear = {"mode": "remove", "action": "clear all", "n_clicks": time.time_ns()}
    toolbar = clear if drawn and change.scenario is not None else dash.no_update
    state, message, failed, view = _change_outputs(change)
    return state, message, failed, toolbar, *view


def _change_outputs(change: Change) -> tuple[object, str, bool, tuple]:
    """The store, the error line (text, shown) and the view after ``change``: unchanged but for the
    message when it was refused."""
    if change.scenario is None or change.view is None:
        return dash.no_update, change.message, True, (dash.no_update,) * len(VIEW_OUTPUTS)
    return change.state, "", False, change.view


@dash.callback(
    *[Output(component, prop) for component, prop in VIEW_OUTPUTS],
    Input(ids.TARGET_STATE, "id"),  # the page's own store: runs once, when the page opens
    State(ids.TARGET_STATE, "data"),
    State(ids.IMPORTED_LAYERS, "data"),
)
def _render(_page, state, imported):
    context = request_context(imported)
    return view_values(from_query(state or {}, context.region.lads.values()), context.catalog)


@dash.callback(
    Output(ids.TARGET_CASELOAD, "options"),
    Output(ids.TARGET_CASELOAD, "value"),
    Output(ids.TARGET_FLOOD_START, "options"),
    Output(ids.TARGET_FLOOD_START, "value"),
    Output(ids.TARGET_CASELOAD_REACH, "children"),
    Input(ids.TARGET_TABS, "active_tab"),
    Input(ids.TARGET_STATE, "data"),
    Input(ids.TARGET_CASELOAD, "value"),
    Input(ids.TARGET_FLOOD_START, "value"),
    State(ids.IMPORTED_LAYERS, "data"),
    prevent_initial_call=True,
)
def _on_caseload_reach(tab, state, chosen, start, imported):
    """A caseload's reach in the shortlist before and during the flood (read when the tab opens)."""
    if tab != "caseload":
        return (dash.no_update,) * 5
    scenario = from_query(state or {})
    context = request_context(imported)
    shortlist = run_scenario(scenario, context.catalog).shortlist
    shown = target_reach.panel(imported, chosen, start, shortlist, scenario.level, context.bundle)
    return shown.options, shown.caseload, shown.period_options, shown.start, shown.table


@dash.callback(
    Output(ids.TARGET_PACK, "href"),
    Output(ids.TARGET_PACK_PDF, "href"),
    Input(ids.TARGET_URL_SYNC, "data"),
)
def _pack_links(search):
    """The action pack follows the scenario in the address bar (edits included)."""
    return pack_links(search or "")


# Score colours restyle the areas in place, as on the Map; areas still loading take them when
# they are styled (assets/atlas_map.js).
clientside_callback(
    "function(values, id) { window.atlasMap.apply(values, id); }",
    Input(ids.TARGET_AREA_VALUES, "data"),
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
    Output(ids.TARGET_COPY_LINK, "data"),
    Input(ids.TARGET_URL_SYNC, "data"),
)

copy_link.register(ids.TARGET_COPY_LINK, TARGET_COPY_LABEL)

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
    context = request_context(imported)
    scenario = from_query(state or {}, context.region.lads.values())
    if fmt is None or not uses_imported(query_string(scenario, for_download=True)):
        return dash.no_update  # no upload named: the link's own URL serves the file
    from dashboard.targetview.context import export_download

    download = export_download(scenario, fmt, context.catalog)
    return dcc.send_bytes(download.body, download.filename, type=download.media_type)


# --- zones and shop-fronts (issue 25): their own controls, applied as the main controls are ------


@dash.callback(
    Output(ids.TARGET_STATE, "data", allow_duplicate=True),
    Output(ids.TARGET_ERROR, "children", allow_duplicate=True),
    Output(ids.TARGET_ERROR, "is_open", allow_duplicate=True),
    *[Output(component, prop, allow_duplicate=True) for component, prop in VIEW_OUTPUTS],
    inputs={
        "join": Input(ids.TARGET_ZONE_JOIN, "value"),
        "gap": Input(ids.TARGET_ZONE_GAP, "value"),
        "k": Input(ids.TARGET_ZONE_K, "value"),
        "min_measure": Input(ids.TARGET_ZONE_MIN_MEASURE, "value"),
        "min_size": Input(ids.TARGET_ZONE_MIN, "value"),
        "shops": Input(ids.TARGET_SHOPS, "value"),
    },
    state={
        "state": State(ids.TARGET_STATE, "data"),
        "imported": State(ids.IMPORTED_LAYERS, "data"),
    },
    prevent_initial_call=True,
)
def _on_zone_controls(join, gap, k, min_measure, min_size, shops, state, imported):
    change = apply_change(
        state,
        request_context(imported),
        lambda previous: scenario_with_zoning(
            previous, join=join, gap=gap, k=k, min_measure=min_measure, min_size=min_size,
            shops=shops,
        ),
    )  # fmt: skip
    stored_state, message, failed, view = _change_outputs(change)
    return stored_state, message, failed, *view


@dash.callback(
    Output(ids.TARGET_PREMISES_STORE, "data"),
    Output(ids.TARGET_PREMISES_MESSAGE, "children"),
    Output(ids.TARGET_STATE, "data", allow_duplicate=True),
    Output(ids.TARGET_URL_SYNC, "data", allow_duplicate=True),
    Input(ids.TARGET_PREMISES_UPLOAD, "contents"),
    State(ids.TARGET_PREMISES_UPLOAD, "filename"),
    State(ids.TARGET_PREMISES_STORE, "data"),
    State(ids.TARGET_STATE, "data"),
    prevent_initial_call=True,
)
def _on_premises(contents, filename, store, state):
    """A premises CSV: read and placed, held on the server, named in the scenario (``sites=``)."""
    outcome = premises_upload(request_context(None).bundle, contents, filename, store)
    if outcome.error:
        return dash.no_update, outcome.error, dash.no_update, dash.no_update
    region = request_context(None).region
    scenario = replace(from_query(state or {}, region.lads.values()), sites=outcome.handle)
    return outcome.store, outcome.message, to_query(scenario), "?" + query_string(scenario)


@dash.callback(
    Output(ids.TARGET_TRADEOFF, "figure"),
    Output(ids.TARGET_SHOP_PANEL, "children"),
    Output(ids.TARGET_ZONE_LAYER, "children"),
    Input(ids.TARGET_STATE, "data"),
    Input(ids.TARGET_PREMISES_STORE, "data"),
    State(ids.IMPORTED_LAYERS, "data"),
)
def _on_zone_view(state, premises_store, imported):
    context = request_context(imported)
    scenario = from_query(state or {}, context.region.lads.values())
    try:
        return zone_view(scenario, context.catalog, premises_store)
    except ScenarioError:
        return dash.no_update, dash.no_update, dash.no_update  # the main callback reports it
