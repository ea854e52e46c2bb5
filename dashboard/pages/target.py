"""Target page: the planners' workbench. Build a need score, set selection rules, see flood zones and
the reach curve, edit the shortlist on the map or in the table, and download it with its settings.

The whole scenario lives in the URL (compact query string), so a link reproduces the list, and the
download buttons are plain ``/download/targets.*`` links built from the same state.
"""

from __future__ import annotations

import json

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, clientside_callback, ctx, dcc, html

from dashboard import ids
from dashboard.components import target_views as views
from dashboard.data import get_bundle
from dashboard.exports.writers import FORMATS
from geodata.sources import BOROUGHS
from layers import LAYERS
from layers.base import LEVEL_LABELS
from layers.imported import PERMANENT_PREFIX, UPLOAD_PREFIX, imported_layers_in_use
from layers.targeting.presets import PRESETS
from layers.targeting.scenario import (
    QUERY_KEYS,
    Scenario,
    ScenarioError,
    edit,
    from_query,
    to_query,
)
from layers.targeting.scoring import METHODS, MISSING_POLICIES

dash.register_page(__name__, path="/target", title="Target · Outreach Atlas", name="Target")

FORMAT_LABELS = {"csv": "CSV", "xlsx": "Excel", "geojson": "GeoJSON"}
BOROUGH_NAMES = sorted(BOROUGHS.values())


def _scenario_from_url(query: dict[str, str]) -> tuple[Scenario, str]:
    known = {k: v for k, v in query.items() if k in QUERY_KEYS}
    try:
        scenario = from_query(known)
        views.run_scenario(scenario)  # unknown layer ids etc. surface here
        return scenario, ""
    except ScenarioError as exc:
        return (
            Scenario(),
            f"The link's settings could not be used ({exc}), so the default list is shown.",
        )


def _number_input(id_: str, label: str, value, help_text: str, **kwargs) -> html.Div:
    return html.Div(
        [
            dbc.Label(label, html_for=id_, className="mb-0 small fw-semibold"),
            dcc.Input(
                id=id_,
                type="number",
                value=value,
                debounce=True,
                className="form-control form-control-sm",
                **kwargs,
            ),
            html.Div(help_text, className="form-text mt-0"),
        ],
        className="mb-2",
    )


def dom_id(component_id: dict) -> str:
    """The DOM id Dash gives a pattern-matching component (keys sorted, compact JSON), for labels."""
    return json.dumps(component_id, sort_keys=True, separators=(",", ":"))


def weight_inputs(weights: dict[str, float]) -> list:
    if not weights:
        return [html.P("No indicator chosen.", className="small text-danger")]
    rows = []
    for layer_id, weight in weights.items():
        layer = LAYERS[layer_id]
        rows.append(
            dbc.InputGroup(
                [
                    html.Label(
                        layer.title,
                        htmlFor=dom_id(ids.target_weight(layer_id)),
                        className="input-group-text flex-grow-1 text-wrap text-start small",
                    ),
                    dcc.Input(
                        id=ids.target_weight(layer_id),
                        type="number",
                        min=0,
                        step=0.1,
                        value=weight,
                        debounce=True,
                        className="form-control form-control-sm",
                        style={"maxWidth": "5.5rem"},
                    ),
                ],
                size="sm",
                className="mb-1",
            )
        )
    return rows


def filter_rows(scenario: Scenario) -> list:
    filters = list(scenario.rules.filters)
    options = [o for o in views.indicator_options(scenario.level) if not o.get("disabled")]
    rows = []
    for row in range(views.FILTER_ROWS):
        current = filters[row] if row < len(filters) else None
        rows.append(
            dbc.Row(
                [
                    dbc.Col(
                        dcc.Dropdown(
                            id=ids.target_filter("layer", row),
                            options=options,
                            value=current.layer_id if current else None,
                            placeholder="Indicator…",
                            clearable=True,
                            style={"fontSize": "0.85rem"},
                        ),
                        xs=12,
                    ),
                    dbc.Col(
                        dcc.Dropdown(
                            id=ids.target_filter("op", row),
                            options=[
                                {"label": "at least", "value": "ge"},
                                {"label": "at most", "value": "le"},
                            ],
                            value=current.op if current else "ge",
                            clearable=False,
                            style={"fontSize": "0.85rem"},
                        ),
                        xs=6,
                    ),
                    dbc.Col(
                        [
                            html.Label(
                                f"Filter {row + 1} value",
                                htmlFor=dom_id(ids.target_filter("value", row)),
                                className="visually-hidden",
                            ),
                            dcc.Input(
                                id=ids.target_filter("value", row),
                                type="number",
                                value=current.value if current else None,
                                debounce=True,
                                className="form-control form-control-sm",
                            ),
                        ],
                        xs=6,
                    ),
                ],
                className="g-1 mb-1",
            )
        )
    return rows


def controls(scenario: Scenario, weights: dict[str, float], note: str) -> html.Div:
    r = scenario.rules
    return html.Div(
        [
            dbc.Card(
                dbc.CardBody(
                    [
                        html.H2("Score", className="h6"),
                        dbc.Label(
                            "Areas", html_for=ids.TARGET_LEVEL, className="small fw-semibold mb-0"
                        ),
                        dbc.RadioItems(
                            id=ids.TARGET_LEVEL,
                            options=[
                                {"label": LEVEL_LABELS[lv], "value": lv} for lv in ("lsoa", "ward")
                            ],
                            value=scenario.level,
                            inline=True,
                            className="mb-2",
                        ),
                        dbc.Label(
                            "Preset", html_for=ids.TARGET_PRESET, className="small fw-semibold mb-0"
                        ),
                        dcc.Dropdown(
                            id=ids.TARGET_PRESET,
                            options=[
                                {"label": f"{p.title} — {p.description}", "value": p.id}
                                for p in PRESETS.values()
                            ],
                            value=scenario.preset,
                            placeholder="Custom",
                            clearable=True,
                            className="mb-1",
                        ),
                        html.Div(
                            note,
                            id=ids.TARGET_PRESET_NOTE,
                            className="small text-warning-emphasis mb-2",
                            role="status",
                        ),
                        dbc.Label(
                            "Indicators",
                            html_for=ids.TARGET_INDICATORS,
                            className="small fw-semibold mb-0",
                        ),
                        dcc.Dropdown(
                            id=ids.TARGET_INDICATORS,
                            options=views.indicator_options(scenario.level),
                            value=list(weights),
                            multi=True,
                            className="mb-2",
                        ),
                        html.Div(weight_inputs(weights), id=ids.TARGET_WEIGHTS, className="mb-2"),
                        dbc.Label(
                            "Normalise by",
                            html_for=ids.TARGET_METHOD,
                            className="small fw-semibold mb-0",
                        ),
                        dbc.RadioItems(
                            id=ids.TARGET_METHOD,
                            value=scenario.method,
                            options=[{"label": v, "value": k} for k, v in METHODS.items()],
                            className="small mb-2",
                        ),
                        dbc.Label(
                            "Missing values",
                            html_for=ids.TARGET_MISSING,
                            className="small fw-semibold mb-0",
                        ),
                        dbc.RadioItems(
                            id=ids.TARGET_MISSING,
                            value=scenario.missing,
                            options=[{"label": v, "value": k} for k, v in MISSING_POLICIES.items()],
                            className="small",
                        ),
                    ]
                ),
                className="mb-3",
            ),
            dbc.Card(
                dbc.CardBody(
                    [
                        html.H2("Selection rules", className="h6"),
                        dbc.Row(
                            [
                                dbc.Col(
                                    _number_input(
                                        ids.TARGET_TOP,
                                        "Top N areas",
                                        r.top_n,
                                        "Empty = no limit",
                                        min=1,
                                        step=1,
                                    ),
                                    xs=6,
                                ),
                                dbc.Col(
                                    _number_input(
                                        ids.TARGET_POP,
                                        "Top % of population",
                                        r.top_population_pct,
                                        "Areas holding it",
                                        min=0,
                                        max=100,
                                    ),
                                    xs=6,
                                ),
                                dbc.Col(
                                    _number_input(
                                        ids.TARGET_MIN_SCORE,
                                        "Minimum score",
                                        r.min_score,
                                        "Empty = none",
                                    ),
                                    xs=6,
                                ),
                                dbc.Col(
                                    _number_input(
                                        ids.TARGET_MIN_POP,
                                        "Minimum residents",
                                        r.min_population or None,
                                        "Per area",
                                        min=0,
                                        step=1,
                                    ),
                                    xs=6,
                                ),
                            ],
                            className="g-2",
                        ),
                        html.Div("Indicator filters", className="small fw-semibold"),
                        *filter_rows(scenario),
                        dbc.Label(
                            "Boroughs",
                            html_for=ids.TARGET_BOROUGHS,
                            className="small fw-semibold mb-0 mt-2",
                        ),
                        dcc.Dropdown(
                            id=ids.TARGET_BOROUGHS,
                            options=BOROUGH_NAMES,
                            value=list(r.boroughs),
                            multi=True,
                            placeholder="All six boroughs",
                        ),
                        _number_input(
                            ids.TARGET_PER_BOROUGH,
                            "Minimum areas per borough",
                            r.per_borough_min or None,
                            "Tops up each borough with its next-best areas",
                            min=0,
                            step=1,
                        ),
                        dbc.Switch(
                            id=ids.TARGET_HOTSPOTS,
                            label="Colour by hot and cold spots (Gi*)",
                            value=scenario.hotspots,
                            className="small",
                        ),
                    ]
                ),
            ),
        ]
    )


def downloads(query: str) -> html.Div:
    return html.Div(
        [
            html.Span("Download the shortlist:", className="small me-2"),
            *[
                html.A(
                    [html.I(className="bi bi-download me-1"), FORMAT_LABELS[fmt]],
                    id=ids.target_download(fmt),
                    href=f"/download/targets.{fmt}?{query}",
                    className="btn btn-outline-primary btn-sm me-1",
                )
                for fmt in FORMATS
            ],
            # Imported layers live in the browser, so their exports go through a callback, not a URL.
            dcc.Download(id=ids.IMPORTED_EXPORT),
            dcc.Clipboard(
                id=ids.TARGET_COPY_LINK,
                title="Copy a link to this list",
                className="btn btn-outline-secondary btn-sm d-inline-block",
            ),
        ],
        className="d-flex flex-wrap align-items-center gap-1 mb-2",
    )


def layout(**query: str) -> html.Div:
    scenario, problem = _scenario_from_url(query)
    resolved = views.resolve_weights(
        scenario.effective_weights, LAYERS, scenario.level, strict=False
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
                    dbc.Col(
                        [
                            dbc.Alert(id=ids.TARGET_ERROR, color="danger", is_open=False),
                            html.Div(
                                [
                                    html.P(id=ids.TARGET_HEADLINE, className="h5 mb-1"),
                                    html.P(id=ids.TARGET_NOTES, className="small mb-2"),
                                ],
                                role="status",
                                **{"aria-live": "polite"},
                            ),
                            downloads(views.query_string(scenario, for_download=True)),
                            dbc.Card(
                                [
                                    dcc.Graph(
                                        id=ids.TARGET_MAP,
                                        figure=views.map_figure(scenario.level),
                                        style={"height": "62vh", "minHeight": "360px"},
                                        config={
                                            "displaylogo": False,
                                            "scrollZoom": True,
                                            "modeBarButtonsToAdd": ["select2d", "lasso2d"],
                                        },
                                    ),
                                    dbc.CardFooter(
                                        [
                                            html.Span(id=ids.TARGET_LEGEND, className="small me-2"),
                                            dbc.RadioItems(
                                                id=ids.TARGET_SELECT_MODE,
                                                options=[
                                                    {"label": "Box/lasso adds", "value": "add"},
                                                    {
                                                        "label": "Box/lasso removes",
                                                        "value": "remove",
                                                    },
                                                ],
                                                value="add",
                                                inline=True,
                                                className="small d-inline-block",
                                            ),
                                        ]
                                    ),
                                ],
                                className="mb-3",
                            ),
                            dbc.Tabs(
                                [
                                    dbc.Tab(shortlist_tab(), label="Shortlist", tab_id="shortlist"),
                                    dbc.Tab(
                                        dag.AgGrid(
                                            id=ids.TARGET_ZONES,
                                            rowData=[],
                                            columnDefs=[],
                                            defaultColDef={
                                                "sortable": True,
                                                "resizable": True,
                                                "wrapText": True,
                                                "autoHeight": True,
                                                "wrapHeaderText": True,
                                                "autoHeaderHeight": True,
                                            },
                                            columnSize="responsiveSizeToFit",
                                            style={"height": "420px"},
                                            className="ag-theme-alpine",
                                        ),
                                        label="Flood zones",
                                        tab_id="zones",
                                    ),
                                    dbc.Tab(
                                        dcc.Graph(
                                            id=ids.TARGET_REACH, config={"displaylogo": False}
                                        ),
                                        label="Reach curve",
                                        tab_id="reach",
                                    ),
                                    dbc.Tab(
                                        dcc.Graph(id=ids.TARGET_WHY, config={"displaylogo": False}),
                                        label="Why these areas",
                                        tab_id="why",
                                    ),
                                ],
                                id=ids.TARGET_TABS,
                                active_tab="shortlist",
                            ),
                            html.P(
                                "Sources: English Indices of Deprivation 2025 (MHCLG; benefit data 2022), "
                                "Census 2021 (ONS); each indicator's source is in the download's settings "
                                "sheet. Claimants = IoD 2025 employment-domain numerator; children = IoD "
                                "2025 IDACI numerator (rounded to 5, some suppressed).",
                                className="small text-body-secondary mt-2",
                            ),
                        ],
                        lg=8,
                        xl=9,
                    ),
                ]
            ),
        ]
    )


def shortlist_tab() -> html.Div:
    return html.Div(
        [
            html.Div(
                [
                    dbc.Button(
                        "Remove ticked areas",
                        id=ids.TARGET_REMOVE,
                        color="danger",
                        outline=True,
                        size="sm",
                        className="me-2",
                    ),
                    html.Div(
                        dcc.Dropdown(
                            id=ids.TARGET_ADD_PICKER,
                            placeholder="Find an area to add…",
                            options=[],
                            style={"minWidth": "16rem"},
                        ),
                        className="me-2 flex-grow-1",
                    ),
                    dbc.Button(
                        "Add", id=ids.TARGET_ADD, color="primary", size="sm", className="me-2"
                    ),
                    dbc.Button(
                        "Undo all edits",
                        id=ids.TARGET_RESET_EDITS,
                        color="secondary",
                        outline=True,
                        size="sm",
                    ),
                ],
                className="d-flex flex-wrap align-items-center gap-1 my-2",
            ),
            dag.AgGrid(
                id=ids.TARGET_SHORTLIST,
                rowData=[],
                columnDefs=[],
                defaultColDef={"sortable": True, "filter": True, "resizable": True},
                dashGridOptions={"rowSelection": {"mode": "multiRow"}, "ensureDomOrder": True},
                getRowId="params.data.code",
                columnSize="autoSize",
                style={"height": "460px"},
                className="ag-theme-alpine",
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
        previous = from_query(state or {})
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
    scenario = from_query(state or {})
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


def uses_imported(query: str) -> bool:
    """A scenario naming an imported layer (weights or filters) is exported through the callback."""
    return UPLOAD_PREFIX in query or PERMANENT_PREFIX in query


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
        return dash.no_update  # built-in layers only: the link's own URL serves the file
    from dashboard.components.target_context import export_download

    with imported_layers_in_use(get_bundle(), imported):
        download = export_download(scenario, fmt)
    return dcc.send_bytes(download.body, download.filename, type=download.media_type)
