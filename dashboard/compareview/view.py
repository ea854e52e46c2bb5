"""The Compare page's parts: the picker, the message for a bad link, and the side-by-side table."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import dash_bootstrap_components as dbc
from dash import dcc, html
from dash.development.base_component import Component

from dashboard import ids
from dashboard.compareview.model import Cell, Comparison
from dashboard.compareview.query import MAX_AREAS
from dashboard.components.shell import built_on
from dashboard.mapview.areas import Area, option_label, search
from geodata.bundle import Bundle

# Icons are decoration: screen readers read the words beside them.
ARIA_HIDDEN: dict[str, Any] = {"aria-hidden": "true"}
TABLE_LABEL: dict[str, Any] = {"aria-label": "Areas compared, side by side"}


def compare_href(codes: list[str], level: str | None = None, path: str = "/compare") -> str:
    query = {"areas": ",".join(codes)}
    if level:
        query["level"] = level
    return f"{path}?{urlencode(query, safe=',')}"


def picker_options(bundle: Bundle, chosen: list[Area], typed: str | None) -> list[dict[str, str]]:
    """The chosen areas first (so they stay selected), then what the typed text finds."""
    options = [{"label": option_label(a), "value": a.code} for a in chosen]
    known = {a.code for a in chosen}
    for found in search(bundle, typed or "", limit=12):
        if found.code not in known:
            known.add(found.code)
            options.append({"label": option_label(found), "value": found.code})
    return options


def picker(bundle: Bundle, chosen: list[Area]) -> html.Div:
    return html.Div(
        [
            html.Label("Areas to compare (two to four)", htmlFor=ids.COMPARE_AREAS,
                       className="form-label"),
            dcc.Dropdown(
                id=ids.COMPARE_AREAS,
                options=picker_options(bundle, chosen, None),
                value=[a.code for a in chosen],
                multi=True,
                searchable=True,
                placeholder="Type a place, ward, borough or LSOA code…",
            ),
            html.Div(
                [
                    # A plain link: the page is drawn on the server from the address it opens.
                    html.A("Compare", href=compare_href([a.code for a in chosen]),
                           id=ids.COMPARE_GO, className="btn btn-primary btn-sm mt-2"),
                ]
            ),
        ],
        className="no-print mb-3",
    )  # fmt: skip


def picked_href(values: list[str] | None, current: str | None = None) -> str:
    """The link for the picked areas, keeping the level the current link prefers (a ward code in
    both ward sets stays in the set it was added from)."""
    level = parse_qs(urlsplit(current or "").query).get("level", [None])[0]
    return compare_href(list(values or [])[:MAX_AREAS], level)


def _cell(cell: Cell, row_unit: str) -> list[Component]:
    if not cell.value:
        return [html.Span("missing", className="text-body-secondary"),
                html.Div(cell.why, className="small text-body-secondary")]  # fmt: skip
    parts: list[Component] = [html.Div(html.Strong(cell.value))]
    extras = [
        # A layer can be published on another scale at another level (a score for LSOAs, a share
        # for wards): the cell says so where its unit is not the row's.
        cell.unit if cell.unit != row_unit else "",
        f"borough {cell.borough}" if cell.borough else "",
        f"rank {cell.rank}" if cell.rank and cell.rank != "–" else "",
        cell.england_decile,
        cell.count,
        cell.note,
    ]
    parts += [html.Div(text, className="small text-body-secondary") for text in extras if text]
    return parts


def comparison_table(comparison: Comparison, region: str) -> html.Div:
    heads = [html.Th("Indicator", scope="col")]
    for p in comparison.profiles:
        where = "" if p.level == "borough" else f" · {p.borough_name}"
        heads.append(
            html.Th([html.Div(p.name), html.Div(f"{p.kind}{where} · {p.code}",
                                                className="small fw-normal")], scope="col")
        )  # fmt: skip
    heads += [html.Th(region, scope="col"), html.Th("England", scope="col"),
              html.Th("Data date · source", scope="col")]  # fmt: skip
    body = []
    for row in comparison.rows:
        unit = next((c.unit for c in row.cells if c.unit), "")
        body.append(
            html.Tr(
                [html.Th([html.Div(row.title), html.Div(unit, className="small fw-normal")],
                         scope="row")]
                + [html.Td(_cell(c, unit)) for c in row.cells]
                + [html.Td(row.region), html.Td(row.england),
                   html.Td([html.Div(row.vintage), html.Div(row.source, className="small")])]
            )
        )  # fmt: skip
    return html.Div(
        dbc.Table([html.Thead(html.Tr(heads)), html.Tbody(body)], bordered=True, hover=True,
                  size="sm", className="compare-table align-top"),
        id=ids.COMPARE_TABLE,
        className="table-responsive",
        # Scrolls sideways on a phone: a keyboard user must be able to reach and scroll it too.
        tabIndex="0",
        role="region",
        **TABLE_LABEL,
    )  # fmt: skip


def downloads(codes: list[str], level: str | None) -> html.P:
    """The CSV link and the print button; hidden (but present, for the callbacks) with no areas."""
    return html.P(
        [
            html.A([html.I(className="bi bi-download me-1", **ARIA_HIDDEN), "CSV"],
                   href=compare_href(codes, level, "/compare.csv"), id=ids.COMPARE_CSV,
                   download=""),
            " (every figure with its date and source; missing figures say why) · ",
            html.Button([html.I(className="bi bi-printer me-1", **ARIA_HIDDEN),
                         "Print"], id=ids.COMPARE_PRINT, type="button",
                        className="btn btn-link btn-sm p-0 align-baseline"),
        ],
        className="small no-print",
        hidden=not codes,
    )  # fmt: skip


def created_line(created: datetime, built_at: str | None, link: str) -> html.P:
    """Printed under the table (hidden on screen), as the CSV's head says it: when the comparison
    was drawn, from which build of the data, and its link in full (a relative path means nothing
    on paper)."""
    return html.P(
        [
            f"Created {created:%Y-%m-%d %H:%M} UTC from the data built {built_on(built_at)} "
            "(each figure's own date is in its row). Link: ",
            link,
        ],
        id=ids.COMPARE_CREATED,
        className="d-none d-print-block small text-body-secondary mt-2",
    )
