"""The map page's panels, rendered from pure models: layer card, legend, area profile, notices."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlencode

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html
from dash.development.base_component import Component

from dashboard import ids
from dashboard.components.attrs import aria
from dashboard.mapview import controller
from dashboard.mapview.model import (
    BIVARIATE,
    SUPPRESSED_COLOUR,
    SUPPRESSED_LABEL,
    MapModel,
    Univariate,
)
from dashboard.mapview.profile import Profile, TimeView
from dashboard.mapview.state import ViewState, as_dict, from_dict, to_query
from geodata.region import Region
from layers.availability import describe, weight_note
from layers.base import COUNT_NOT_RANKED, LEVEL_LABELS
from layers.catalog import Catalog
from layers.classify import DIVERGING, NO_DATA_COLOUR, SCHEMES
from layers.imported import UPLOAD_PREFIX


def layer_card(state: ViewState, catalog: Catalog) -> list:
    composite = catalog.composite(state.layer)
    if composite is not None:
        first, second = catalog[composite.first], catalog[composite.second]
        about = composite.description or (
            f"{first.title} against {second.title}, each cut into thirds of need across "
            f"{catalog.bundle.region.called} (darker = more need on both)."
        )
        return [
            html.H2(composite.title_in(catalog), className="h6 mb-1"),
            html.P(about, className="small mb-1"),
            html.P(
                f"Source: {first.citation}, {catalog.date(first.id)}; {second.citation}, "
                f"{catalog.date(second.id)}. Each at its latest period.",
                className="small text-body-secondary mb-0",
            ),
        ]
    layer = catalog[state.layer]
    periods = catalog.periods(state.layer)
    bundle = catalog.bundle
    facts = [
        ("Measures", layer.description),
        ("Unit", layer.unit_at(state.level)),
        ("Source", f"{layer.citation} · {catalog.date(state.layer, state.period)}"),
        ("Published for", f"{layer.geography}; map levels: "
         + ", ".join(LEVEL_LABELS[lv] for lv in layer.levels)),
        ("Aggregation", describe(layer.how_it_aggregates(), layer, bundle)),
        ("More need is", "lower values" if not layer.higher_is_worse_at(state.level) else "higher values"),
    ]  # fmt: skip
    if len(periods) > 1:
        flagged = [p.shown for p in periods if p.status]
        facts.append((
            "Periods",
            f"{len(periods)}, {periods[0].label} to {periods[-1].label}; the latest is shown unless "
            "you choose another (the choice is in the link)."
            + (f" Flagged by the publisher: {', '.join(flagged)}." if flagged else ""),
        ))  # fmt: skip
    if layer.proxy_note:
        facts.append(("Read with care", describe(layer.proxy_note, layer, bundle)))
    if weight_note(layer, bundle):
        facts.append(("Weights", weight_note(layer, bundle)))
    if layer.comparability:
        facts.append(("Comparing editions", layer.comparability))
    return [
        html.H2(layer.title, className="h6 mb-1"),
        html.Dl(
            [item for term, text in facts for item in (html.Dt(term), html.Dd(text))],
            className="atlas-facts small mb-0",
        ),
        # Uploads live in the browser's session, not on the server the download reads.
        html.A(
            "Download these figures (CSV, with source and period)",
            href="/download/map.csv" + to_query(state, catalog.bundle.region),
            id=ids.MAP_DOWNLOAD,
            className="small",
            download="",
        )
        if not state.layer.startswith(UPLOAD_PREFIX)
        else None,
    ]


def legend_row(colour: str, label: str, count: int) -> html.Li:
    # The swatch is the row's ::before, coloured by --swatch (assets/map.css): the legend goes with
    # every layer change, so a row is its label as text and one element for the count, the least
    # markup that lays out as swatch, label, count.
    return html.Li([label, html.Span(f"{count:,}")], style={"--swatch": colour})


def legend(model: MapModel, catalog: Catalog) -> list:
    state = model.state
    region = catalog.bundle.region
    where = f" in {region.lad_name(state.borough)}" if state.borough else f" in {region.called}"
    if isinstance(model.detail, Univariate):
        c = model.detail.classification
        rows = [
            legend_row(cls.colour, cls.label, cls.count)
            for cls in reversed(c.legend)  # most need at the top
        ]
        suppressed = model.detail.n_suppressed
        if suppressed:
            rows.append(legend_row(SUPPRESSED_COLOUR, SUPPRESSED_LABEL, suppressed))
        rows.append(
            legend_row(
                NO_DATA_COLOUR,
                "No data (not published)"
                if suppressed
                else "No data (suppressed or not published)",
                c.n_missing - suppressed,
            )
        )
        layer = catalog[state.layer]
        direction = (
            "Darker = more need (lower values)"
            if not layer.higher_is_worse_at(state.level)
            else "Darker = more need (higher values)"
        )
        if layer.palette == DIVERGING:
            went = "rose" if layer.higher_is_worse_at(state.level) else "fell"
            direction = f"Red = more need ({went}), blue = less, white = no change"
        return [
            html.P(
                [html.Strong(SCHEMES[c.scheme]), f" · {direction} · areas{where}"],
                className="small mb-1",
            ),
            html.Ul(rows, className="atlas-legend list-unstyled mb-0", **aria(label="Legend")),
        ]
    detail = model.detail
    first, second = detail.titles
    header = html.Tr(
        [html.Th(f"{second} (rows) · {first} (columns), need", scope="col", className="small")]
        + [html.Th(t, scope="col", className="small") for t in ("low", "mid", "high")]
    )
    body = []
    for b in (2, 1, 0):
        cells: list[Component] = [
            html.Th(("low", "mid", "high")[b], scope="row", className="small")
        ]
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
            [html.Strong(f"{detail.layer.title_in_titles(first, second)}, thirds"),
             f" · counts of areas{where}"],
            className="small mb-1",
        ),
        html.Table([html.Thead(header), html.Tbody(body)], className="atlas-bivariate mb-1"),
        html.P(
            f"{first} thirds (low, mid, high need): {'; '.join(detail.first_thirds)} "
            f"({detail.units[0]}). {second} thirds: {'; '.join(detail.second_thirds)} "
            f"({detail.units[1]}). No data: {detail.n_missing:,} (grey).",
            className="small text-body-secondary mb-0",
        ),
    ]  # fmt: skip


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


def profile(region: Region, model: Profile | None) -> list:
    if model is None:
        return [
            html.H2("Area profile", className="h6"),
            html.P(
                "Click an area on the map, pick a row in the table, or search by name or code to "
                f"see every indicator for it beside its borough, {region.called} and England.",
                className="small text-body-secondary",
            ),
        ]
    nesting: list[Component] = []
    for heading, members in model.nesting:
        nesting.append(html.Dt(heading, className="small"))
        if members:
            shown = members[:40]
            names = ", ".join(f"{name} ({code})" for code, name in shown)
            more = f" … and {len(members) - len(shown)} more" if len(members) > len(shown) else ""
            nesting.append(html.Dd(names + more, className="small"))
    items = []
    for r in model.rows:
        compare = []
        # A count's borough and region figures are their totals, which hold the area: said so.
        total = " total" if r.rank == COUNT_NOT_RANKED else ""
        if model.level != "borough" and r.borough:
            compare.append(f"{model.borough_name}{total} {r.borough}")
        if r.city_region:
            compare.append(f"{region.adjective}{total} {r.city_region}")
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
                        if r.rank[:1].isdigit()
                        else r.rank.capitalize()
                        if r.rank == COUNT_NOT_RANKED
                        else "Not ranked"
                    ),
                    html.Div(" · ".join(compare), className="atlas-profile-compare")
                    if compare
                    else None,
                    html.Div(r.count) if r.count else None,
                    html.Div(r.note, className="text-body-secondary") if r.note else None,
                    html.Div(f"Data: {r.vintage}", className="text-body-secondary"),
                ],
                className="small",
            )
        )
    table = html.Ul(items, className="atlas-profile-list list-unstyled mb-2")
    vintages = sorted({r.source for r in model.rows})
    over_time = time_chart(model.series) if model.series is not None else None
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
        profile_downloads(model),
        over_time,
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


def profile_downloads(model: Profile) -> html.P:
    """The profile to keep or print: CSV and PDF from ``/profile.*`` (dashboard/routes/profile.py),
    with the map's layer so its period is the one shown."""
    query = {"area": model.code, "level": model.level}
    if model.series is not None:
        query["layer"] = model.series.layer_id
    q = urlencode(query)
    return html.P(
        [
            html.I(className="bi bi-download me-1", **aria(hidden="true")),
            "This profile: ",
            html.A("CSV", href=f"/profile.csv?{q}", id=ids.PROFILE_CSV, download=""),
            " · ",
            html.A("PDF to print or keep", href=f"/profile.pdf?{q}", id=ids.PROFILE_PDF,
                   target="_blank", rel="noopener"),
            " (with sources and dates) · ",
            html.A([html.I(className="bi bi-layout-three-columns me-1", **aria(hidden="true")),
                    "Add to comparison"],
                   href=f"/compare?{urlencode({'add': model.code, 'level': model.level})}",
                   id=ids.PROFILE_COMPARE),
        ],
        className="small mb-2",
    )  # fmt: skip


# Open markers for provisional (and revised) periods, as the publisher flags them.
LINE_COLOURS = ("#b2182b", "#2166ac", "#4d4d4d")


def _x_values(view: TimeView) -> tuple[list, str]:
    """Months on a date axis, so a gap in the source (UC has none for Jan–Oct 2023) shows as a gap;
    financial years and other labels as categories."""
    try:
        return [datetime.strptime(label, "%B %Y").strftime("%Y-%m-01") for label in view.labels], (
            "date"
        )
    except ValueError:
        return list(view.labels), "category"


def time_figure(view: TimeView) -> dict:
    """A small line chart: the area, its borough and the region over the layer's periods."""
    x, axis_type = _x_values(view)
    flagged = [i for i, status in enumerate(view.statuses) if status]
    data: list[dict] = []
    for (name, values), colour in zip(view.lines, LINE_COLOURS, strict=False):
        symbols = ["circle-open" if s else "circle" for s in view.statuses]
        data.append({
            "type": "scatter", "mode": "lines+markers", "name": name, "x": x, "y": values,
            "line": {"color": colour, "width": 1.5 if len(data) == len(view.lines) - 1 else 2,
                     "dash": "solid" if len(data) == 0 else "dot"},
            "marker": {"symbol": symbols, "size": 6 if len(x) <= 24 else 4, "color": colour},
            "customdata": [f" ({s})" if s else "" for s in view.statuses],
            "hovertemplate": "%{x}%{customdata}: %{y:,.1f}<extra>" + name + "</extra>",
            "connectgaps": False,
        })  # fmt: skip

    def at(i: int) -> object:
        # On a category axis a shape's x is the category's index: a label that reads as a number
        # ("2016") would otherwise be taken as index 2016.
        return i if axis_type == "category" else x[i]

    shapes = [{
        "type": "line", "xref": "x", "yref": "paper", "x0": at(view.chosen), "x1": at(view.chosen),
        "y0": 0, "y1": 1, "line": {"color": "#6c757d", "width": 1, "dash": "dash"},
    }]  # fmt: skip
    if view.compared is not None:  # a change on the map: where it starts, dotted
        shapes.append({
            "type": "line", "xref": "x", "yref": "paper", "x0": at(view.compared),
            "x1": at(view.compared), "y0": 0, "y1": 1,
            "line": {"color": "#6c757d", "width": 1, "dash": "dot"},
        })  # fmt: skip
    annotations = []
    for start, end, text in view.marks:
        # On a category axis a number is a category's index: ±0.5 covers the whole category.
        x0, x1 = (start - 0.5, end + 0.5) if axis_type == "category" else (x[start], x[end])
        shapes.append({
            "type": "rect", "xref": "x", "yref": "paper", "x0": x0, "x1": x1, "y0": 0, "y1": 1,
            "fillcolor": "#6c757d", "opacity": 0.08, "line": {"width": 0}, "layer": "below",
        })  # fmt: skip
        annotations.append({
            "xref": "x", "yref": "paper", "x": x0, "y": 1, "xanchor": "left", "yanchor": "top",
            "text": text, "showarrow": False, "font": {"size": 9, "color": "#495057"},
        })  # fmt: skip
    return {
        "data": data,
        "layout": {
            "height": 220,
            "margin": {"l": 40, "r": 8, "t": 8, "b": 30},
            "xaxis": {"type": axis_type, "gridcolor": "#eeeeee", "tickfont": {"size": 10}},
            "yaxis": {"gridcolor": "#eeeeee", "tickfont": {"size": 10}, "rangemode": "tozero"},
            "legend": {"orientation": "h", "y": -0.25, "font": {"size": 10}},
            "showlegend": True,
            "plot_bgcolor": "#ffffff",
            "paper_bgcolor": "#ffffff",
            "shapes": shapes,
            "annotations": annotations,
            "meta": {
                "flagged": [view.labels[i] for i in flagged],
                "marks": [text for _, _, text in view.marks],
            },
        },
    }


def time_chart(view: TimeView) -> html.Div:
    flagged = [f"{view.labels[i]} ({s})" for i, s in enumerate(view.statuses) if s]
    note = "Dashed line: the period on the map."
    if view.compared is not None:
        note += f" Dotted line: the change on the map starts in {view.labels[view.compared]}."
    if view.marks:
        spans = [
            f"{text} ({view.labels[a]}" + (f"–{view.labels[b]})" if b != a else ")")
            for a, b, text in view.marks
        ]
        note += (
            " Shaded: " + "; ".join(spans) + ": the series changes with them, not only with need."
        )
    if flagged:
        note += " Open markers: periods the publisher flags, " + ", ".join(flagged) + "."
    return html.Div(
        [
            html.H3(f"{view.title} over time", className="small fw-bold mb-1"),
            html.P(view.unit, className="small text-body-secondary mb-0"),
            dcc.Graph(
                id=ids.PROFILE_TIME,
                figure=time_figure(view),
                config={"displayModeBar": False, "responsive": True},
                style={"height": "220px"},
            ),
            html.P(note, className="small text-body-secondary mb-2"),
        ],
        className="atlas-profile-time",
    )


def controls_outputs(
    layer,
    level,
    borough,
    scheme,
    current,
    drawn_level,
    period=None,
    *,
    catalog: Catalog,
    since=None,
) -> tuple:
    """Everything the map's controls callback returns, in its Output order: the map Patch, the
    level and class options that fit the chosen layer, the legend, layer card, notices, state, and
    the period and Compare pickers (layers with several periods only), the fill store's palette and opacity, and
    the open area's profile when the layer or period changed (the profile reads the map's)."""
    update = controller.on_controls(
        layer,
        level,
        borough,
        scheme,
        current,
        drawn_level,
        period=period,
        catalog=catalog,
        since=since,
    )
    state = update.state
    before = from_dict(current, catalog)
    changed = (state.period, state.layer) != (before.period, before.layer)
    area_profile = (
        profile(catalog.bundle.region, controller.profile_for(state, catalog))
        if state.area and changed
        else dash.no_update
    )
    return (
        update.hideout,
        update.url or dash.no_update,
        update.viewport or dash.no_update,
        controller.level_options(state.layer, catalog),
        state.level,
        controller.scheme_options(state.layer, state.level, catalog),
        state.scheme,
        legend(update.model, catalog),
        layer_card(state, catalog),
        notices(update.notices),
        as_dict(state),
        state.level,
        *controller.period_control(state, catalog),
        *controller.compare_control(state, catalog),
        area_profile,
    )
