"""Map page: indicator layers on LSOA, ward and borough boundaries, area profiles and outreach venues.

The view lives in the URL (layer, level, borough, scheme, area, venues). Callbacks are thin: each reads
its inputs, calls one function in ``dashboard.mapview.controller`` and returns the outputs.
"""

from __future__ import annotations

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import ALL, ClientsideFunction, Input, Output, State, clientside_callback, dcc, html

from dashboard import ids
from dashboard.components import map_panels
from dashboard.data import get_bundle
from dashboard.mapview import controller, figure, model
from dashboard.mapview.profile import build_profile
from dashboard.mapview.state import VENUE_KINDS, as_dict, parse_query, to_query
from layers import LAYERS
from layers.imported import imported_layers_in_use

dash.register_page(__name__, path="/", title="Map · Outreach Atlas", name="Map")

GRAPH_CONFIG = {
    "responsive": True,
    "scrollZoom": True,
    "displaylogo": False,
    "modeBarButtonsToRemove": ["select2d", "lasso2d"],
    "toImageButtonOptions": {"filename": "outreach-atlas-map"},
}


def table_grid(view: controller.TableView) -> dag.AgGrid:
    return dag.AgGrid(
        id=ids.map_table_grid(),
        rowData=view.rows,
        columnDefs=view.columns,
        defaultColDef={"sortable": True, "filter": True, "resizable": True},
        dashGridOptions={
            "rowSelection": {"mode": "singleRow", "enableClickSelection": True},
            "pagination": True,
            "paginationPageSize": 50,
            "ensureDomOrder": True,
        },
        columnSize="responsiveSizeToFit",
        style={"height": "560px"},
        className="ag-theme-alpine",
    )


def layout(**query: str) -> html.Div:
    state, notices = parse_query(query)
    map_model = model.build(state)
    fig = figure.full_figure(map_model, get_bundle().venues)
    area = build_profile(state.area, state.level, state.month) if state.area else None
    search_value = f"{area.level}|{area.code}" if area else None
    controls = dbc.Card(
        dbc.CardBody(
            [
                html.Label(
                    "Search an area (name or code)",
                    htmlFor=ids.SEARCH,
                    className="form-label small fw-bold",
                ),
                dcc.Dropdown(
                    id=ids.SEARCH,
                    options=controller.search_options("", search_value),
                    value=search_value,
                    placeholder=controller.search_example(),
                    searchable=True,
                    clearable=True,
                    className="mb-3",
                ),
                html.Label("Layer", htmlFor=ids.LAYER_PICKER, className="form-label small fw-bold"),
                dcc.Dropdown(
                    id=ids.LAYER_PICKER,
                    options=controller.layer_options(),
                    value=state.layer,
                    clearable=False,
                    className="mb-3",
                ),
                month_picker(state),
                html.Fieldset(
                    [
                        html.Legend("Level", className="form-label small fw-bold"),
                        dbc.RadioItems(
                            id=ids.LEVEL_PICKER,
                            options=controller.level_options(state.layer),
                            value=state.level,
                            className="small",
                        ),
                    ],
                    className="mb-3",
                ),
                html.Label(
                    "Borough", htmlFor=ids.BOROUGH_PICKER, className="form-label small fw-bold"
                ),
                dcc.Dropdown(
                    id=ids.BOROUGH_PICKER,
                    options=controller.borough_options(),
                    value=state.borough or "all",
                    clearable=False,
                    className="mb-3",
                ),
                html.Fieldset(
                    [
                        html.Legend("Classes", className="form-label small fw-bold"),
                        dbc.RadioItems(
                            id=ids.CLASSIFICATION_PICKER,
                            options=controller.scheme_options(state.layer, state.level),
                            value=state.scheme,
                            className="small",
                        ),
                    ],
                    className="mb-3",
                ),
                html.Fieldset(
                    [
                        html.Legend("Outreach venues", className="form-label small fw-bold"),
                        dbc.Checklist(
                            id=ids.VENUE_TOGGLES,
                            options=[
                                {
                                    "label": html.Span(
                                        [
                                            html.Span(
                                                className="atlas-dot",
                                                style={"backgroundColor": figure.VENUE_COLOUR[k]},
                                            ),
                                            label,
                                        ]
                                    ),
                                    "value": k,
                                }
                                for k, label in VENUE_KINDS.items()
                                if k
                                in controller.venue_kinds()  # only venues the region's data has
                            ],
                            value=list(state.venues),
                            className="small",
                        ),
                        html.P(
                            "GP practices and pharmacies: NHS ODS (2025), at postcode centroids. "
                            "Libraries: open in July 2016 (DCMS).",
                            className="small text-body-secondary mb-0",
                        )
                        if controller.venue_kinds()
                        else html.P(
                            "No venue files in this region's data (see the Data page).",
                            className="small text-body-secondary mb-0",
                        ),
                    ],
                    className="mb-3",
                ),
                html.Div(
                    [
                        dcc.Clipboard(
                            id=ids.MAP_COPY_LINK,
                            content="",
                            title="Copy a link to this view",
                            className="btn btn-outline-primary btn-sm",
                            children=[
                                html.I(className="bi bi-link-45deg"),
                                " Copy link to this view",
                            ],
                        ),
                    ]
                ),
            ]
        ),
        className="mb-3",
    )
    map_tab = html.Div(
        [
            dcc.Graph(
                id=ids.MAP,
                figure=fig,
                config=GRAPH_CONFIG,
                className="atlas-map",
                responsive=True,
            ),
            html.Div(map_panels.legend(map_model), id=ids.LEGEND, className="mt-2"),
        ]
    )
    table_tab = html.Div(
        [
            html.P(id=ids.MAP_TABLE_NOTE, className="small text-body-secondary mb-1"),
            # Filled with the grid when the tab first opens (see _on_table): AG Grid's script is
            # large, and loading it with the page delayed the map.
            html.Div(
                html.P("Loading the table…", className="small text-body-secondary"),
                id=ids.MAP_TABLE,
            ),
        ]
    )
    return html.Div(
        [
            html.H1("Map", className="h3 mb-1"),
            html.P(
                "Where out-of-work benefits, ill health, child poverty and poor access to jobs "
                "concentrate. Choose a layer and level, click an area for its profile.",
                className="small mb-2",
            ),
            html.Div(map_panels.notices(notices), id=ids.MAP_NOTICE, role="status"),
            dcc.Store(id=ids.MAP_STATE, data=as_dict(state)),
            dcc.Store(id=ids.MAP_DRAWN_LEVEL, data=state.level),
            dcc.Store(id=ids.MAP_URL_SYNC, data=to_query(state)),
            dcc.Store(id=ids.MAP_FILL, data=figure.fill(map_model)),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            dbc.Tabs(
                                [
                                    dbc.Tab(map_tab, label="Map", tab_id="map"),
                                    dbc.Tab(table_tab, label="Table", tab_id="table"),
                                ],
                                id=ids.MAP_TABS,
                                active_tab="map",
                                className="mb-2",
                            ),
                        ],
                        xs=12,
                        lg=6,
                        className="order-1 order-lg-2",
                    ),
                    dbc.Col(
                        [
                            controls,
                            dbc.Card(
                                dbc.CardBody(map_panels.layer_card(state), id=ids.LAYER_INFO),
                                className="mb-3",
                            ),
                        ],
                        xs=12,
                        lg=3,
                        className="order-2 order-lg-1",
                    ),
                    dbc.Col(
                        dbc.Card(
                            dbc.CardBody(
                                html.Div(
                                    map_panels.profile(area),
                                    id=ids.PROFILE,
                                    **{"aria-live": "polite"},
                                )
                            )
                        ),
                        xs=12,
                        lg=3,
                        className="order-3",
                    ),
                ],
                className="g-3",
            ),
        ]
    )


def month_picker(state) -> html.Div:
    options, value, style = controller.month_control(state)
    return html.Div(
        [
            html.Label("Month", htmlFor=ids.MONTH_PICKER, className="form-label small fw-bold"),
            dcc.Dropdown(
                id=ids.MONTH_PICKER, options=options, value=value, clearable=False,
                className="mb-3",
            ),
        ],
        id=ids.MONTH_ROW,
        style=style,
    )  # fmt: skip


@dash.callback(
    Output(ids.MAP, "figure"),
    Output(ids.LEVEL_PICKER, "options"),
    Output(ids.LEVEL_PICKER, "value"),
    Output(ids.CLASSIFICATION_PICKER, "options"),
    Output(ids.CLASSIFICATION_PICKER, "value"),
    Output(ids.LEGEND, "children"),
    Output(ids.LAYER_INFO, "children"),
    Output(ids.MAP_NOTICE, "children"),
    Output(ids.MAP_STATE, "data"),
    Output(ids.MAP_DRAWN_LEVEL, "data"),
    Output(ids.MONTH_PICKER, "options"),
    Output(ids.MONTH_PICKER, "value"),
    Output(ids.MONTH_ROW, "style"),
    Output(ids.MAP_FILL, "data"),
    Output(ids.PROFILE, "children", allow_duplicate=True),
    Input(ids.LAYER_PICKER, "value"),
    Input(ids.LEVEL_PICKER, "value"),
    Input(ids.BOROUGH_PICKER, "value"),
    Input(ids.CLASSIFICATION_PICKER, "value"),
    Input(ids.MONTH_PICKER, "value"),
    State(ids.MAP_STATE, "data"),
    State(ids.MAP_DRAWN_LEVEL, "data"),
    State(ids.IMPORTED_LAYERS, "data"),
    prevent_initial_call=True,
)
def _on_controls(layer, level, borough, scheme, month, current, drawn_level, imported):
    with imported_layers_in_use(get_bundle(), imported):
        return map_panels.controls_outputs(
            layer, level, borough, scheme, current, drawn_level, month
        )


@dash.callback(
    Output(ids.MAP, "figure", allow_duplicate=True),
    Output(ids.PROFILE, "children"),
    Output(ids.MAP_STATE, "data", allow_duplicate=True),
    Input(ids.MAP, "clickData"),
    Input(ids.SEARCH, "value"),
    Input(ids.map_table_grid(ALL), "selectedRows"),
    State(ids.MAP_STATE, "data"),
    State(ids.IMPORTED_LAYERS, "data"),
    prevent_initial_call=True,
)
def _on_select(click_data, search_value, table_rows, current, imported):
    trigger = dash.ctx.triggered_id
    if trigger == ids.MAP:
        code, zoom = controller.clicked_code(click_data), False
    elif trigger == ids.SEARCH:
        code, zoom = search_value, True
    else:
        code, zoom = controller.table_pick(table_rows), True
    if code is None:
        return dash.no_update, dash.no_update, dash.no_update
    with imported_layers_in_use(get_bundle(), imported):
        update = controller.on_select(code, current, zoom=zoom)
    if update.patch is None:
        return dash.no_update, map_panels.profile(update.profile), dash.no_update
    return update.patch, map_panels.profile(update.profile), as_dict(update.state)


@dash.callback(
    Output(ids.MAP, "figure", allow_duplicate=True),
    Output(ids.MAP_STATE, "data", allow_duplicate=True),
    Input(ids.VENUE_TOGGLES, "value"),
    State(ids.MAP_STATE, "data"),
    State(ids.IMPORTED_LAYERS, "data"),
    prevent_initial_call=True,
)
def _on_venues(shown, current, imported):
    with imported_layers_in_use(get_bundle(), imported):
        state, patch = controller.on_venues(shown, current)
    return patch, as_dict(state)


@dash.callback(
    Output(ids.SEARCH, "options"),
    Input(ids.SEARCH, "search_value"),
    State(ids.SEARCH, "value"),
    prevent_initial_call=True,
)
def _on_search(query, selected):
    if not query:
        return dash.no_update
    return controller.search_options(query, selected)


@dash.callback(
    Output(ids.MAP_TABLE, "children"),
    Output(ids.map_table_grid(ALL), "rowData"),
    Output(ids.map_table_grid(ALL), "columnDefs"),
    Output(ids.MAP_TABLE_NOTE, "children"),
    Input(ids.MAP_TABS, "active_tab"),
    Input(ids.MAP_STATE, "data"),
    State(ids.map_table_grid(ALL), "id"),
    State(ids.IMPORTED_LAYERS, "data"),
    prevent_initial_call=True,
)
def _on_table(tab, current, grids, imported):
    action = controller.table_action(tab, len(grids))
    if action == "skip":
        unchanged = [dash.no_update] * len(grids)  # a pattern output takes one value per match
        return dash.no_update, unchanged, unchanged, dash.no_update
    with imported_layers_in_use(get_bundle(), imported):
        view = controller.table_view(current)
    if action == "create":
        return table_grid(view), [], [], view.note
    return dash.no_update, [view.rows] * len(grids), [view.columns] * len(grids), view.note


@dash.callback(
    Output(ids.MAP_URL_SYNC, "data"),
    Input(ids.MAP_STATE, "data"),
    State(ids.IMPORTED_LAYERS, "data"),
)
def _on_state(current, imported):
    with imported_layers_in_use(get_bundle(), imported):
        return controller.link_for(current)


@dash.callback(
    Output(ids.LAYER_PICKER, "options"),
    Output(ids.LAYER_PICKER, "value"),
    Input(ids.IMPORTED_LAYERS, "data"),
    State(ids.URL, "search"),
    State(ids.LAYER_PICKER, "value"),
)
def _on_imported_layers(imported, search, current_layer):
    """This session's imported layers join the picker; a link to one of them (``?layer=upload_…``,
    unknown when the page was built on the server) selects it once the browser's store is read."""
    with imported_layers_in_use(get_bundle(), imported):
        wanted = controller.linked_layer(search)
        options = controller.layer_options()
        value = wanted if wanted in LAYERS and wanted != current_layer else dash.no_update
    return options, value


# Paint the areas' colours (assets/map_fill.js): MapLibre feature state, no source rebuild. The
# output is never updated; Dash calls a callback on page load only if it has one.
clientside_callback(
    ClientsideFunction("atlasMap", "paint"),
    Output(ids.MAP_FILL, "modified_timestamp"),
    Input(ids.MAP_FILL, "data"),
    Input(ids.MAP, "figure"),
    State(ids.MAP, "id"),
)

# Write the view into the address bar without a navigation (a Location change would re-render the
# page and reset the map), and keep the copy-link button's text current.
clientside_callback(
    """
    function(search) {
        if (typeof search === "string" && window.location.search !== search) {
            window.history.replaceState(window.history.state, "", window.location.pathname + search);
        }
        return window.location.origin + window.location.pathname + (search || "");
    }
    """,
    Output(ids.MAP_COPY_LINK, "content"),
    Input(ids.MAP_URL_SYNC, "data"),
)

__all__ = ["LAYERS", "layout"]
