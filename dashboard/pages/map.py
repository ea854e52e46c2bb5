"""Map page: indicator layers on LSOA, ward and borough boundaries, area profiles and outreach venues.

The view lives in the URL (layer, level, borough, scheme, area, venues, period). Callbacks are thin:
each reads its inputs, builds the request's context once (``request_context``: the bundle, the
catalog of built-in layers, the partnership's imports and this browser's uploads held on the
server, the code fingerprint, the user), calls one function in ``dashboard.mapview.controller``
with what it needs and returns the outputs.
"""

from __future__ import annotations

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, clientside_callback, dcc, html

from dashboard import basemap as basemaps
from dashboard import ids
from dashboard.components import copy_link
from dashboard.components.attrs import aria
from dashboard.context import request_context
from dashboard.mapview import controller, figure, map_panels, model, table_export
from dashboard.mapview.state import VENUE_KINDS, as_dict, parse_query, to_query
from dashboard.postcodes import callbacks as postcode_callbacks
from dashboard.postcodes import view as postcode_view

dash.register_page(__name__, path="/", title="Map · Outreach Atlas", name="Map")

MAP_COPY_LABEL = "Copy link to this view"
JOBCENTRE_NOTE = (
    "Jobcentre offices are not shown: the DWP register (Nov 2019) gives no postcode or coordinates "
    "for them, only a property reference that cannot be looked up here."
)


def table_grid(view: controller.TableView) -> dag.AgGrid:
    return dag.AgGrid(
        id=ids.map_table_grid(),
        rowData=view.rows,
        columnDefs=view.columns,
        # Headers wrap rather than cut off ("Rank (1 = most need)" was "Rank (1 = ...").
        defaultColDef={
            "sortable": True,
            "filter": True,
            "resizable": True,
            "wrapHeaderText": True,
            "autoHeaderHeight": True,
        },
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
    # Built on the server before the browser's store is read: no uploads yet. A link to an upload
    # (or to one of its periods) is restored once the store arrives (``_on_imported_layers``).
    catalog = request_context(None).catalog
    state, notices = parse_query(query, catalog)
    map_model = model.build(state, catalog)
    streets = basemaps.configured()
    area = controller.profile_for(state, catalog)
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
                    options=controller.search_options(catalog.bundle, "", search_value),
                    value=search_value,
                    placeholder=controller.search_example(catalog.bundle),
                    searchable=True,
                    clearable=True,
                    className="mb-3",
                ),
                postcode_view.search_box(
                    catalog.bundle, ids.POSTCODE_SEARCH, ids.POSTCODE_FIND, ids.POSTCODE_MESSAGE
                ),
                html.Label("Layer", htmlFor=ids.LAYER_PICKER, className="form-label small fw-bold"),
                dcc.Dropdown(
                    id=ids.LAYER_PICKER,
                    options=controller.layer_options(catalog, state.layer),
                    value=controller.picker_layer(state),
                    clearable=False,
                    className="mb-3",
                ),
                period_picker(state, catalog),
                composite_pickers(state, catalog),
                html.Fieldset(
                    [
                        html.Legend("Level", className="form-label small fw-bold"),
                        dbc.RadioItems(
                            id=ids.LEVEL_PICKER,
                            options=controller.level_options(state.layer, catalog),
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
                    options=controller.borough_options(catalog.bundle.region),
                    value=state.borough or "all",
                    clearable=False,
                    className="mb-3",
                ),
                html.Fieldset(
                    [
                        html.Legend("Classes", className="form-label small fw-bold"),
                        dbc.RadioItems(
                            id=ids.CLASSIFICATION_PICKER,
                            options=controller.scheme_options(state.layer, state.level, catalog),
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
                                            VENUE_KINDS[k],
                                        ]
                                    ),
                                    "value": k,
                                }
                                for k in controller.venue_kinds(
                                    catalog.bundle
                                )  # those the region's data has
                            ],
                            value=list(state.venues),
                            className="small",
                        ),
                        html.P(
                            "GP practices and pharmacies: NHS ODS (2025), at postcode centroids. "
                            "Libraries: open in July 2016 (DCMS). Hover a dot for its name. "
                            + JOBCENTRE_NOTE,
                            className="small text-body-secondary mb-0",
                        )
                        if controller.venue_kinds(catalog.bundle)
                        else html.P(
                            "No venue files in this region's data (see the Data page).",
                            className="small text-body-secondary mb-0",
                        ),
                    ],
                    className="mb-3",
                ),
                *street_controls(streets),
                html.Div(
                    [
                        copy_link.copy_link(
                            ids.MAP_COPY_LINK,
                            MAP_COPY_LABEL,
                            "Copy a link to this view",
                            "btn btn-outline-primary btn-sm",
                        ),
                    ]
                ),
            ]
        ),
        className="mb-3",
    )
    map_tab = html.Div(
        [
            html.Div(
                [
                    postcode_view.with_layers(
                        figure.map_component(map_model, streets),
                        ids.MAP_POSTCODE_PIN,
                        ids.MAP_POSTCODE_AREAS,
                    ),
                    dcc.Store(id=ids.MAP_AREA_VALUES, data=figure.area_hideout(map_model)),
                ],
                id=ids.MAP_FRAME,
                style=frame_style(streets is not None, basemaps.AREA_OPACITY_OVER_STREETS),
                role="region",
                **aria(label="Map of the chosen layer; the Table tab lists the same areas"),
            ),
            html.Div(map_panels.legend(map_model, catalog), id=ids.LEGEND, className="mt-2"),
        ]
    )
    table_tab = html.Div(
        [
            html.P(id=ids.MAP_TABLE_NOTE, className="small text-body-secondary mb-1"),
            html.Div(
                [
                    html.Span(
                        "Sorted by need (rank 1 first); click a header to sort, its menu to filter.",
                        className="small text-body-secondary me-2",
                    ),
                    dbc.Button(
                        [html.I(className="bi bi-download me-1"), "Download as shown (CSV)"],
                        id=ids.MAP_TABLE_DOWNLOAD_BUTTON,
                        color="primary",
                        outline=True,
                        size="sm",
                    ),
                    dcc.Download(id=ids.MAP_TABLE_DOWNLOAD),
                ],
                className="d-flex flex-wrap align-items-center gap-1 mb-2",
            ),
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
            dcc.Store(id=ids.MAP_URL_SYNC, data=to_query(state, catalog.bundle.region)),
            dcc.Store(id=ids.PROFILE_SHEET_AREA),
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
                                dbc.CardBody(
                                    map_panels.layer_card(state, catalog), id=ids.LAYER_INFO
                                ),
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
                                [
                                    dbc.Button(
                                        "Close",
                                        id=ids.PROFILE_SHEET_CLOSE,
                                        size="sm",
                                        color="secondary",
                                        outline=True,
                                        className="atlas-sheet-close float-end ms-2",
                                    ),
                                    html.Div(
                                        map_panels.profile(catalog.bundle.region, area),
                                        id=ids.PROFILE,
                                        **aria(live="polite"),
                                    ),
                                ]
                            ),
                            id=ids.PROFILE_SHEET,
                            className=SHEET_CLASS,
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


def frame_style(streets_on: bool, opacity: float | None) -> dict[str, str]:
    """The areas' opacity (a CSS variable read by the areas' pane, assets/map.css): see-through over
    streets so the streets show, solid without them."""
    return {"--atlas-area-opacity": str(opacity if streets_on and opacity else 1)}


def street_controls(streets: basemaps.Basemap | None) -> list:
    """A switch for the street basemap and the areas' opacity over it. Without a configured basemap
    they are hidden (and kept, so their callbacks always find them)."""
    return [
        html.Fieldset(
            [
                html.Legend("Street map", className="form-label small fw-bold"),
                dbc.Switch(
                    id=ids.MAP_STREETS, label="Show streets under the areas", value=True,
                    className="small",
                ),
                html.Label(
                    "Area colours over streets (opacity)", htmlFor=ids.MAP_AREA_OPACITY,
                    className="form-label small mb-0",
                ),
                dcc.Slider(
                    id=ids.MAP_AREA_OPACITY, min=0.2, max=1, step=0.1,
                    value=basemaps.AREA_OPACITY_OVER_STREETS,
                    marks={0.2: "20%", 0.6: "60%", 1: "100%"},
                ),
                html.P(
                    streets.attribution if streets else "", className="small text-body-secondary mb-0"
                ),
            ],
            className="mb-3",
            hidden=streets is None,
        )
    ]  # fmt: skip


def composite_pickers(state, catalog) -> html.Div:
    """A bivariate view is built from any two layers: these choose them."""
    style, options, first, second = controller.composite_control(state, catalog)
    label = "form-label small fw-bold"
    return html.Div(
        [
            html.Label("Columns: first layer", htmlFor=ids.COMPOSITE_FIRST, className=label),
            dcc.Dropdown(id=ids.COMPOSITE_FIRST, options=options, value=first, clearable=False,
                         className="mb-2"),
            html.Label("Rows: second layer", htmlFor=ids.COMPOSITE_SECOND, className=label),
            dcc.Dropdown(id=ids.COMPOSITE_SECOND, options=options, value=second, clearable=False,
                         className="mb-3"),
        ],
        id=ids.COMPOSITE_ROW,
        style=style,
    )  # fmt: skip


def period_picker(state, catalog) -> html.Div:
    options, value, style = controller.period_control(state, catalog)
    compare_options, compare_value = controller.compare_control(state, catalog)
    return html.Div(
        [
            html.Label("Period", htmlFor=ids.PERIOD_PICKER, className="form-label small fw-bold"),
            dcc.Dropdown(
                id=ids.PERIOD_PICKER, options=options, value=value, clearable=False,
                className="mb-2",
            ),
            html.Label("Compare", htmlFor=ids.COMPARE_PICKER, className="form-label small fw-bold"),
            dcc.Dropdown(
                id=ids.COMPARE_PICKER, options=compare_options, value=compare_value,
                clearable=False, className="mb-3",
            ),
        ],
        id=ids.PERIOD_ROW,
        style=style,
    )  # fmt: skip


@dash.callback(
    Output(ids.MAP_AREA_VALUES, "data"),
    Output(ids.MAP_AREAS, "url"),
    Output(ids.MAP, "viewport"),
    Output(ids.LEVEL_PICKER, "options"),
    Output(ids.LEVEL_PICKER, "value"),
    Output(ids.CLASSIFICATION_PICKER, "options"),
    Output(ids.CLASSIFICATION_PICKER, "value"),
    Output(ids.LEGEND, "children"),
    Output(ids.LAYER_INFO, "children"),
    Output(ids.MAP_NOTICE, "children"),
    Output(ids.MAP_STATE, "data"),
    Output(ids.MAP_DRAWN_LEVEL, "data"),
    Output(ids.PERIOD_PICKER, "options"),
    Output(ids.PERIOD_PICKER, "value"),
    Output(ids.PERIOD_ROW, "style"),
    Output(ids.COMPARE_PICKER, "options"),
    Output(ids.COMPARE_PICKER, "value"),
    Output(ids.PROFILE, "children", allow_duplicate=True),
    inputs={
        "layer": Input(ids.LAYER_PICKER, "value"),
        "level": Input(ids.LEVEL_PICKER, "value"),
        "borough": Input(ids.BOROUGH_PICKER, "value"),
        "scheme": Input(ids.CLASSIFICATION_PICKER, "value"),
        "period": Input(ids.PERIOD_PICKER, "value"),
        "since": Input(ids.COMPARE_PICKER, "value"),
    },
    state={
        "current": State(ids.MAP_STATE, "data"),
        "drawn_level": State(ids.MAP_DRAWN_LEVEL, "data"),
        "imported": State(ids.IMPORTED_LAYERS, "data"),
    },
    prevent_initial_call=True,
)
def _on_controls(*, layer, level, borough, scheme, period, since, current, drawn_level, imported):
    catalog = request_context(imported).catalog
    return map_panels.controls_outputs(
        layer=layer,
        level=level,
        borough=borough,
        scheme=scheme,
        current=current,
        drawn_level=drawn_level,
        period=period,
        catalog=catalog,
        since=since or "",
    )


@dash.callback(
    Output(ids.MAP_SELECTED, "url"),
    Output(ids.MAP_SELECTED, "hideout"),
    Output(ids.MAP_SELECTED_HALO, "url"),
    Output(ids.MAP_SELECTED_HALO, "hideout"),
    Output(ids.MAP, "viewport", allow_duplicate=True),
    Output(ids.PROFILE, "children"),
    Output(ids.MAP_STATE, "data", allow_duplicate=True),
    Output(ids.MAP_POSTCODE_AREAS, "url", allow_duplicate=True),
    Output(ids.MAP_POSTCODE_AREAS, "hideout", allow_duplicate=True),
    Input(ids.MAP_AREAS, "clickData"),
    Input(ids.SEARCH, "value"),
    Input(ids.map_table_grid(ALL), "selectedRows"),
    State(ids.MAP_STATE, "data"),
    State(ids.IMPORTED_LAYERS, "data"),
    prevent_initial_call=True,
)
def _on_select(click_data, search_value, table_rows, current, imported):
    trigger = dash.ctx.triggered_id
    if trigger == ids.MAP_AREAS:
        code, zoom = controller.clicked_code(click_data), False
    elif trigger == ids.SEARCH:
        code, zoom = search_value, True
    else:
        code, zoom = controller.table_pick(table_rows), True
    unchanged = [dash.no_update] * 5
    outlines = [dash.no_update] * 2
    if code is None:
        return *unchanged, dash.no_update, dash.no_update, *outlines
    context = request_context(imported)
    place = controller.on_place(context.bundle, code) if trigger == ids.SEARCH else None
    if place is not None:
        from dashboard.mapview.place_panel import place_panel  # only when a place is chosen

        # A neighbourhood or town: its LSOAs outlined (as a postcode sector's are) and in view.
        return (*unchanged[:4], place.viewport, place_panel(context.bundle, place.place),
                dash.no_update, place.url, place.hideout)  # fmt: skip
    update = controller.on_select(code, current, zoom=zoom, catalog=context.catalog)
    if update.selection is None:
        return (
            *unchanged,
            map_panels.profile(context.region, update.profile),
            dash.no_update,
            *outlines,
        )
    chosen = update.selection
    return (
        chosen.url,
        chosen.hideout,
        chosen.url,
        chosen.hideout,
        chosen.viewport or dash.no_update,
        map_panels.profile(context.region, update.profile),
        as_dict(update.state),
        *outlines,
    )


@dash.callback(
    Output(ids.POSTCODE_MESSAGE, "children"),
    Output(ids.MAP_POSTCODE_PIN, "children"),
    Output(ids.MAP_POSTCODE_AREAS, "url"),
    Output(ids.MAP_POSTCODE_AREAS, "hideout"),
    Output(ids.MAP_SELECTED, "url", allow_duplicate=True),
    Output(ids.MAP_SELECTED, "hideout", allow_duplicate=True),
    Output(ids.MAP_SELECTED_HALO, "url", allow_duplicate=True),
    Output(ids.MAP_SELECTED_HALO, "hideout", allow_duplicate=True),
    Output(ids.MAP, "viewport", allow_duplicate=True),
    Output(ids.PROFILE, "children", allow_duplicate=True),
    Output(ids.MAP_STATE, "data", allow_duplicate=True),
    Input(ids.POSTCODE_FIND, "n_clicks"),
    Input(ids.POSTCODE_SEARCH, "n_submit"),
    State(ids.POSTCODE_SEARCH, "value"),
    State(ids.MAP_STATE, "data"),
    State(ids.IMPORTED_LAYERS, "data"),
    prevent_initial_call=True,
)
def _on_postcode(_clicks, _submits, text, current, imported):
    """A postcode pins its centroid and opens its area's profile; a sector or district outlines
    the areas it covers. Only the area reaches the page's state (and so its link)."""
    return postcode_callbacks.map_outputs(text, current, request_context(imported).catalog)


@dash.callback(
    Output(ids.MAP_VENUES, "url"),
    Output(ids.MAP_VENUES, "hideout"),
    Output(ids.MAP_STATE, "data", allow_duplicate=True),
    Input(ids.VENUE_TOGGLES, "value"),
    State(ids.MAP_STATE, "data"),
    State(ids.IMPORTED_LAYERS, "data"),
    prevent_initial_call=True,
)
def _on_venues(shown, current, imported):
    update = controller.on_venues(shown, current, request_context(imported).catalog)
    return update.url, update.hideout, as_dict(update.state)


@dash.callback(
    Output(ids.SEARCH, "options"),
    Input(ids.SEARCH, "search_value"),
    State(ids.SEARCH, "value"),
    prevent_initial_call=True,
)
def _on_search(query, selected):
    if not query:
        return dash.no_update
    return controller.search_options(request_context(None).bundle, query, selected)


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
    view = controller.table_view(current, request_context(imported).catalog)
    if action == "create":
        return table_grid(view), [], [], view.note
    return dash.no_update, [view.rows] * len(grids), [view.columns] * len(grids), view.note


SHEET_CLASS = "atlas-profile-sheet"

# At phone width the profile is a sheet over the bottom of the screen (assets/map.css): it opens when
# an area is chosen (a tap, a search, the table, a link) and closes with its button; the area it
# opened for is remembered so that other changes (layer, level) do not open it again.
clientside_callback(
    """
    function(state, closeClicks, searched, opened) {
        const area = state && state.area ? state.area : null;
        const closed = "SHEET";
        const trigger = (dash_clientside.callback_context.triggered[0] || {}).prop_id || "";
        if (trigger.indexOf("CLOSE") === 0) return [closed, area];
        // A neighbourhood or town chosen in the search: its panel is the sheet's content.
        if (trigger.indexOf("SEARCH.") === 0) {
            if (/^(place|town)[|]/.test(searched || "") && searched !== opened) {
                // On a phone the search box is below the map: bring the outlined place into view.
                const map = document.getElementById("MAP");
                if (map && window.matchMedia("(max-width: 991.98px)").matches) {
                    map.scrollIntoView({block: "start"});
                }
                return [closed + " atlas-sheet-open", searched];
            }
            return [dash_clientside.no_update, dash_clientside.no_update];
        }
        if (!area) return [closed, area];
        if (area === opened) return [dash_clientside.no_update, dash_clientside.no_update];
        return [closed + " atlas-sheet-open", area];
    }
    """.replace("SHEET", SHEET_CLASS)
    .replace("CLOSE", ids.PROFILE_SHEET_CLOSE)
    .replace("SEARCH.", ids.SEARCH + ".")
    .replace('"MAP"', f'"{ids.MAP}"'),
    Output(ids.PROFILE_SHEET, "className"),
    Output(ids.PROFILE_SHEET_AREA, "data"),
    Input(ids.MAP_STATE, "data"),
    Input(ids.PROFILE_SHEET_CLOSE, "n_clicks"),
    Input(ids.SEARCH, "value"),
    State(ids.PROFILE_SHEET_AREA, "data"),
)


@dash.callback(
    Output(ids.MAP_TABLE_DOWNLOAD, "data"),
    Input(ids.MAP_TABLE_DOWNLOAD_BUTTON, "n_clicks"),
    State(ids.map_table_grid(ALL), "virtualRowData"),
    State(ids.map_table_grid(ALL), "columnDefs"),
    State(ids.MAP_TABLE_NOTE, "children"),
    prevent_initial_call=True,
)
def _on_table_download(_clicks, shown_rows, shown_columns, note):
    """The table as the reader has it: its sort and filters (the grid's rows in view order)."""
    if not shown_rows or shown_rows[0] is None:
        return dash.no_update
    text = table_export.table_csv(shown_rows[0], shown_columns[0], note or "")
    return dcc.send_string(text, table_export.file_name(note or ""), type="text/csv")


@dash.callback(
    Output(ids.MAP_URL_SYNC, "data"),
    Input(ids.MAP_STATE, "data"),
    State(ids.IMPORTED_LAYERS, "data"),
)
def _on_state(current, imported):
    return controller.link_for(current, request_context(imported).catalog)


@dash.callback(
    Output(ids.LAYER_PICKER, "options"),
    Output(ids.LAYER_PICKER, "value"),
    Output(ids.PERIOD_PICKER, "options", allow_duplicate=True),
    Output(ids.PERIOD_PICKER, "value", allow_duplicate=True),
    Output(ids.MAP_NOTICE, "children", allow_duplicate=True),
    Input(ids.IMPORTED_LAYERS, "data"),
    State(ids.URL, "search"),
    State(ids.LAYER_PICKER, "value"),
    State(ids.MAP_NOTICE, "children"),
    prevent_initial_call="initial_duplicate",
)
def _on_imported_layers(imported, search, current_layer, shown_notices):
    """This session's uploads join the picker; a link to one of them (``?layer=upload_…``, and its
    ``period=``), unknown when the page was built on the server, selects it once the browser's store
    is read. Uploads the server no longer holds are named in a notice."""
    catalog = request_context(imported).catalog
    pick = controller.linked_upload(search, current_layer, catalog)
    said = map_panels.notices(controller.store_notices(imported))
    # Added to what the page already says (e.g. an unknown layer in the link), never replacing it.
    notice = [*(shown_notices or []), *said] if said else dash.no_update
    options = controller.layer_options(
        catalog, pick.layer if isinstance(pick.layer, str) else current_layer
    )
    return options, pick.layer, pick.period_options, pick.period, notice


@dash.callback(
    Output(ids.COMPOSITE_ROW, "style"),
    Output(ids.COMPOSITE_FIRST, "options"),
    Output(ids.COMPOSITE_FIRST, "value"),
    Output(ids.COMPOSITE_SECOND, "options"),
    Output(ids.COMPOSITE_SECOND, "value"),
    Input(ids.MAP_STATE, "data"),
    State(ids.IMPORTED_LAYERS, "data"),
    prevent_initial_call=True,
)
def _on_composite_shown(current, imported):
    catalog = request_context(imported).catalog
    style, options, first, second = controller.composite_control(
        controller.from_dict(current, catalog), catalog
    )
    return style, options, first, options, second


@dash.callback(
    Output(ids.LAYER_PICKER, "options", allow_duplicate=True),
    Output(ids.LAYER_PICKER, "value", allow_duplicate=True),
    Output(ids.MAP_NOTICE, "children", allow_duplicate=True),
    Input(ids.COMPOSITE_FIRST, "value"),
    Input(ids.COMPOSITE_SECOND, "value"),
    State(ids.LAYER_PICKER, "value"),
    State(ids.IMPORTED_LAYERS, "data"),
    prevent_initial_call=True,
)
def _on_composite_pair(first, second, current, imported):
    catalog = request_context(imported).catalog
    options, value, said = controller.pair_choice(first, second, current, catalog)
    return options, value, map_panels.notices(said) if said else dash.no_update


@dash.callback(
    Output(ids.MAP_BASEMAP, "children"),
    Input(ids.MAP_STREETS, "value"),
    prevent_initial_call=True,
)
def _on_streets(on):
    return figure.basemap_layers(basemaps.configured(), bool(on))


# Each change's values restyle the areas in place (assets/atlas_map.js); areas still loading take
# them when they are styled. No output: the browser keeps them.
clientside_callback(
    "function(values, id) { window.atlasMap.apply(values, id); }",
    Input(ids.MAP_AREA_VALUES, "data"),
    State(ids.MAP_AREAS, "id"),
)

# The areas' opacity over streets is a CSS variable on the map's frame: no server round trip, and
# no area is redrawn (their pane's opacity changes).
clientside_callback(
    """
    function(on, opacity) {
        return {"--atlas-area-opacity": String(on && opacity ? opacity : 1)};
    }
    """,
    Output(ids.MAP_FRAME, "style"),
    Input(ids.MAP_STREETS, "value"),
    Input(ids.MAP_AREA_OPACITY, "value"),
    prevent_initial_call=True,
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
    Output(ids.MAP_COPY_LINK, "data"),
    Input(ids.MAP_URL_SYNC, "data"),
)

copy_link.register(ids.MAP_COPY_LINK, MAP_COPY_LABEL)

__all__ = ["layout"]
