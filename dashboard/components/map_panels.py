"""The map page's panels, rendered from pure models: layer card, legend, area profile, notices."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import html

from dashboard.data import get_bundle, get_region
from dashboard.mapview import controller
from dashboard.mapview.model import BIVARIATE, MapModel, Univariate
from dashboard.mapview.profile import Profile, build_profile
from dashboard.mapview.state import NEED_ACCESS, ViewState, as_dict, from_dict
from layers import LAYERS
from layers.availability import describe, weight_note
from layers.base import LEVEL_LABELS
from layers.classify import NO_DATA_COLOUR, SCHEMES


def layer_card(state: ViewState) -> list:
    if state.layer == NEED_ACCESS:
        return [
            html.H2("Need and access", className="h6 mb-1"),
            html.P(
                "Out-of-work benefits rate (IoD 2025 employment deprivation) against the IoD 2025 "
                f"connectivity score, each cut into thirds across {get_region().called}. Dark areas "
                "have high out-of-work rates and poor transport access: the WorkWise concern.",
                className="small mb-1",
            ),
            html.P(
                f"Source: {LAYERS['out_of_work'].citation}; {LAYERS['connectivity'].date}.",
                className="small text-body-secondary mb-0",
            ),
        ]
    layer = LAYERS[state.layer]
    bundle = get_bundle()
    facts = [
        ("Measures", layer.description),
        ("Unit", layer.unit_at(state.level)),
        ("Source", f"{layer.citation} · {layer.date}"),
        ("Published for", f"{layer.geography}; map levels: "
         + ", ".join(LEVEL_LABELS[lv] for lv in layer.levels)),
        ("Aggregation", describe(layer.how_it_aggregates(), layer, bundle)),
        ("More need is", "lower values" if not layer.higher_is_worse_at(state.level) else "higher values"),
    ]  # fmt: skip
    if layer.proxy_note:
        facts.append(("Read with care", describe(layer.proxy_note, layer, bundle)))
    if weight_note(layer, bundle):
        facts.append(("Weights", weight_note(layer, bundle)))
    return [
        html.H2(layer.title, className="h6 mb-1"),
        html.Dl(
            [item for term, text in facts for item in (html.Dt(term), html.Dd(text))],
            className="atlas-facts small mb-0",
        ),
    ]


def legend_row(colour: str, label: str, count: int) -> html.Li:
    # The swatch is the row's ::before, coloured by --swatch (assets/map.css): the legend goes with
    # every layer change, so a row is one element holding two texts rather than four elements.
    return html.Li([html.Span(label), html.Span(f"{count:,}")], style={"--swatch": colour})


def legend(model: MapModel) -> list:
    state = model.state
    region = get_region()
    where = f" in {region.lad_name(state.borough)}" if state.borough else f" in {region.called}"
    if isinstance(model.detail, Univariate):
        c = model.detail.classification
        rows = [
            legend_row(cls.colour, cls.label, cls.count)
            for cls in reversed(c.legend)  # most need at the top
        ]
        rows.append(
            legend_row(NO_DATA_COLOUR, "No data (suppressed or not published)", c.n_missing)
        )
        layer = LAYERS[state.layer]
        direction = (
            "Darker = more need (lower values)"
            if not layer.higher_is_worse_at(state.level)
            else "Darker = more need (higher values)"
        )
        return [
            html.P(
                [html.Strong(SCHEMES[c.scheme]), f" · {direction} · areas{where}"],
                className="small mb-1",
            ),
            html.Ul(rows, className="atlas-legend list-unstyled mb-0", **{"aria-label": "Legend"}),
        ]
    detail = model.detail
    header = html.Tr(
        [html.Th("Poor access (rows) · out-of-work (columns)", scope="col", className="small")]
        + [html.Th(t, scope="col", className="small") for t in ("low", "mid", "high")]
    )
    body = []
    for b in (2, 1, 0):
        cells = [html.Th(("low", "mid", "high")[b], scope="row", className="small")]
        for a in range(3):
            colour = BIVARIATE[b][a]
            text_colour = "#ffffff" if (a + b) >= 3 else "#111111"
            cells.append(
                html.Td(
                    f"{detail.counts[b][a]:,}",
                    style={"backgroundColor": colour, "color": text_colour},
                    className="atlas-bivariate-cell",
                )
            )
        body.append(html.Tr(cells))
    return [
        html.P(
            [html.Strong("Need and access, thirds"), f" · counts of areas{where}"],
            className="small mb-1",
        ),
        html.Table([html.Thead(header), html.Tbody(body)], className="atlas-bivariate mb-1"),
        html.P(
            f"Out-of-work thirds split at {detail.need_breaks[0]}% and {detail.need_breaks[1]}%; "
            f"connectivity at {detail.access_breaks[1]} and {detail.access_breaks[0]} (lower = "
            f"poorer access). No data: {detail.n_missing:,} (grey).",
            className="small text-body-secondary mb-0",
        ),
    ]


def notices(messages: list[str]) -> list:
    if not messages:
        return []
    return [
        dbc.Alert(
            [html.Div(m) for m in messages],
            color="warning",
            className="py-2 small mb-2",
            dismissable=True,
        )
    ]


def profile(model: Profile | None) -> list:
    if model is None:
        return [
            html.H2("Area profile", className="h6"),
            html.P(
                "Click an area on the map, pick a row in the table, or search by name or code to "
                f"see every indicator for it beside its borough, {get_region().called} and England.",
                className="small text-body-secondary",
            ),
        ]
    nesting = []
    for heading, members in model.nesting:
        nesting.append(html.Dt(heading, className="small"))
        if members:
            shown = members[:40]
            items = ", ".join(f"{name} ({code})" for code, name in shown)
            more = f" … and {len(members) - len(shown)} more" if len(members) > len(shown) else ""
            nesting.append(html.Dd(items + more, className="small"))
    items = []
    for r in model.rows:
        compare = []
        if model.level != "borough" and r.borough:
            compare.append(f"{model.borough_name} {r.borough}")
        if r.city_region:
            compare.append(f"{get_region().adjective} {r.city_region}")
        if r.england:
            compare.append(r.england if r.england.startswith("England") else f"England {r.england}")
        items.append(
            html.Li(
                [
                    html.Div(html.Strong(r.title)),
                    html.Div(
                        [
                            html.Span(r.value, className="atlas-profile-value"),
                            html.Span(f" {r.unit}", className="text-body-secondary"),
                        ]
                    ),
                    html.Div(
                        f"Rank {r.rank} (1 = most need; equal values share a rank)"
                        if r.rank != "–"
                        else "Not ranked"
                    ),
                    html.Div(" · ".join(compare), className="atlas-profile-compare")
                    if compare
                    else None,
                    html.Div(r.note, className="text-body-secondary") if r.note else None,
                    html.Div(f"Data: {r.vintage}", className="text-body-secondary"),
                ],
                className="small",
            )
        )
    table = html.Ul(items, className="atlas-profile-list list-unstyled mb-2")
    vintages = sorted({r.source for r in model.rows})
    return [
        html.H2(
            [
                model.name,
                html.Span(f" · {model.kind} · {model.code}", className="text-body-secondary"),
            ],
            className="h6",
            id="profile-heading",
        ),
        html.Dl(nesting, className="mb-2"),
        table,
        html.Details(
            [
                html.Summary("Sources and vintages", className="small"),
                html.Ul([html.Li(v) for v in vintages], className="small mb-1"),
                html.P(
                    "Not published at this level: " + "; ".join(model.elsewhere) + ".",
                    className="small text-body-secondary",
                )
                if model.elsewhere
                else None,
            ]
        ),
    ]


def controls_outputs(layer, level, borough, scheme, current, drawn_level, month=None) -> tuple:
    """Everything the map's controls callback returns, in its Output order: the map Patch, the
    level and class options that fit the chosen layer, the legend, layer card, notices, state, and
    the month picker (Claimant Count only), the fill store's palette and opacity, and the open
    area's profile when the Claimant Count month changed (the profile reads the map's month)."""
    update = controller.on_controls(
        layer, level, borough, scheme, current, drawn_level, month=month
    )
    state = update.state
    month_changed = state.month != from_dict(current).month
    area_profile = (
        profile(build_profile(state.area, state.level, state.month))
        if state.area and month_changed
        else dash.no_update
    )
    return (
        update.patch,
        controller.level_options(state.layer),
        state.level,
        controller.scheme_options(state.layer, state.level),
        state.scheme,
        legend(update.model),
        layer_card(state),
        notices(update.notices),
        as_dict(state),
        state.level,
        *controller.month_control(state),
        update.fill,
        area_profile,
    )
