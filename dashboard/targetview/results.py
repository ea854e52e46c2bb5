"""The Target page's right column: headline and notes, the download bar, the map with its box/lasso
mode, and the tabs (editable shortlist, flood zones, reach curve, why these areas)."""

from __future__ import annotations

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import basemap as basemaps
from dashboard import ids
from dashboard.components.attrs import aria
from dashboard.postcodes import target_reach
from dashboard.postcodes import view as postcode_view
from dashboard.targetview.downloads import downloads
from dashboard.targetview.figure import map_component
from dashboard.targetview.stored import link_query
from geodata.bundle import Bundle
from layers.targeting.scenario import Scenario


def results_column(bundle: Bundle, scenario: Scenario) -> list:
    """Status, downloads, the map with its selection mode, and the result tabs."""
    return [
        dbc.Alert(id=ids.TARGET_ERROR, color="danger", is_open=False),
        html.Div(
            [
                html.P(id=ids.TARGET_HEADLINE, className="h5 mb-1"),
                html.P(id=ids.TARGET_NOTES, className="small mb-2"),
            ],
            role="status",
            **aria(live="polite"),
        ),
        downloads(link_query(scenario, for_download=True)),
        postcode_view.search_box(
            bundle,
            ids.TARGET_POSTCODE_SEARCH,
            ids.TARGET_POSTCODE_FIND,
            ids.TARGET_POSTCODE_MESSAGE,
        ),
        dbc.Card(
            [
                html.Div(
                    [
                        postcode_view.with_layers(
                            map_component(bundle, scenario.level, basemaps.configured()),
                            ids.TARGET_POSTCODE_PIN,
                            ids.TARGET_POSTCODE_AREAS,
                        ),
                        dcc.Store(id=ids.TARGET_AREA_VALUES),
                    ],
                    role="region",
                    **aria(label="Map of the need score; the Shortlist tab lists the areas"),
                ),
                dbc.CardFooter(
                    [
                        html.Div(id=ids.TARGET_LEGEND, className="small mb-1"),
                        dbc.RadioItems(
                            id=ids.TARGET_SELECT_MODE,
                            options=[
                                {"label": "Box or lasso drawn adds", "value": "add"},
                                {
                                    "label": "Box or lasso drawn removes",
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
            className="mb-3 atlas-target-map-card",
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
                    html.Div(
                        [
                            dcc.Graph(id=ids.TARGET_TRADEOFF, config={"displaylogo": False}),
                            html.Div(id=ids.TARGET_SHOP_PANEL),
                        ]
                    ),
                    label="Zones & shop-fronts",
                    tab_id="shops",
                ),
                dbc.Tab(
                    dcc.Graph(id=ids.TARGET_REACH, config={"displaylogo": False}),
                    label="Reach curve",
                    tab_id="reach",
                ),
                dbc.Tab(
                    dcc.Graph(id=ids.TARGET_WHY, config={"displaylogo": False}),
                    label="Why these areas",
                    tab_id="why",
                ),
                dbc.Tab(target_reach.tab(), label="Caseload reach", tab_id="caseload"),
            ],
            id=ids.TARGET_TABS,
            active_tab="shortlist",
        ),
        html.P(
            "Rank 1 = highest score; equal scores are listed in area-code order, so a "
            "top-N list is the same every time. Sources: English Indices of Deprivation "
            "2025 (MHCLG), Census 2021 (ONS); each indicator's source is in the "
            "download's settings sheet. Claimants = IoD 2025 employment-domain numerator; "
            "children = IoD 2025 IDACI numerator (rounded to 5, some suppressed).",
            className="small text-body-secondary mt-2",
        ),
    ]


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
