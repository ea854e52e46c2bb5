"""The Target page's left column: the score builder (areas, preset, indicators and their weights,
normalisation, missing values) and the selection rules (top N, population share, thresholds, indicator
filters, boroughs, hot spots)."""

from __future__ import annotations

import json

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import ids
from dashboard.components.wording import count_words
from dashboard.targetview.parsing import FILTER_ROWS
from dashboard.targetview.weights import indicator_options
from dashboard.targetview.zoning import zone_card
from layers.base import LEVEL_LABELS
from layers.catalog import Catalog
from layers.targeting.presets import PRESETS
from layers.targeting.scenario import Scenario
from layers.targeting.scoring import METHODS, MISSING_POLICIES


def number_input(id_: str, label: str, value, help_text: str, **kwargs) -> html.Div:
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


def weight_inputs(
    weights: dict[str, float], catalog: Catalog, periods: dict[str, str] | None = None
) -> list:
    """A weight per chosen indicator, and, for an indicator with several periods, which one to score
    (each source has its own calendar, so the period is chosen per indicator; the latest by default)."""
    if not weights:
        return [html.P("No indicator chosen.", className="small text-danger")]
    rows = []
    for layer_id, weight in weights.items():
        layer = catalog[layer_id]
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
        if catalog.has_periods(layer_id):
            rows.append(period_input(catalog, layer_id, (periods or {}).get(layer_id)))
    return rows


def period_input(catalog: Catalog, layer_id: str, chosen: str | None) -> html.Div:
    component = ids.target_period(layer_id)
    return html.Div(
        [
            html.Label(
                f"Period of {catalog[layer_id].title}",
                htmlFor=dom_id(component),
                className="visually-hidden",
            ),
            dcc.Dropdown(
                id=component,
                options=[
                    {"label": p.shown, "value": p.key} for p in reversed(catalog.periods(layer_id))
                ],
                value=catalog.period(layer_id, chosen).key,
                clearable=False,
                style={"fontSize": "0.85rem"},
            ),
        ],
        className="mb-2 ms-3",
    )


def filter_rows(scenario: Scenario, catalog: Catalog) -> list:
    filters = list(scenario.rules.filters)
    options = [o for o in indicator_options(scenario.level, catalog) if not o.get("disabled")]
    rows = []
    for row in range(FILTER_ROWS):
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


def controls(
    scenario: Scenario, weights: dict[str, float], note: str, catalog: Catalog
) -> html.Div:
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
                            options=indicator_options(scenario.level, catalog),
                            value=list(weights),
                            multi=True,
                            className="mb-2",
                        ),
                        html.Div(
                            weight_inputs(weights, catalog, dict(scenario.periods)),
                            id=ids.TARGET_WEIGHTS,
                            className="mb-2",
                        ),
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
                                    number_input(
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
                                    number_input(
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
                                    number_input(
                                        ids.TARGET_MIN_SCORE,
                                        "Minimum score",
                                        r.min_score,
                                        "Empty = none",
                                    ),
                                    xs=6,
                                ),
                                dbc.Col(
                                    number_input(
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
                        *filter_rows(scenario, catalog),
                        dbc.Label(
                            "Boroughs",
                            html_for=ids.TARGET_BOROUGHS,
                            className="small fw-semibold mb-0 mt-2",
                        ),
                        dcc.Dropdown(
                            id=ids.TARGET_BOROUGHS,
                            options=sorted(catalog.bundle.region.lads.values()),
                            value=list(r.boroughs),
                            multi=True,
                            placeholder=f"All {count_words(len(catalog.bundle.region.lads))} boroughs"
                            if len(catalog.bundle.region.lads) > 1
                            else catalog.bundle.region.name,
                        ),
                        number_input(
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
            zone_card(scenario),
        ]
    )
