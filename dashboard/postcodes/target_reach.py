"""Target page: a caseload's reach in the shortlist before and during a flood period.

The planner picks one of this tab's caseloads and the period the flood (intensive outreach in the
shortlist) starts; the table compares people reached in the shortlisted areas, and in the rest of the
City Region, before that period and from it on, each count suppressed as everywhere (1 to 4 people:
"suppressed"), with the average per period (the two spans differ in length) and per 100 out-of-work
claimants. Rows without a readable date are in neither span.
"""

from __future__ import annotations

from dataclasses import dataclass

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard import ids
from dashboard.components.attrs import aria
from dashboard.components.fields import labelled
from dashboard.postcodes.store import caseloads_from_store
from geodata.bundle import Bundle
from geodata.caseload import Caseload, suppress
from layers.caseload import CLAIMANTS, denominator_at, people_at, period_label


def tab() -> html.Div:
    return html.Div(
        [
            html.P(
                "Reach of one of your caseloads (added on the Data page) in the shortlisted areas, "
                "before the flood period starts and from then on. Counts of 1 to 4 people are "
                "suppressed.",
                className="small text-body-secondary mt-2",
            ),
            dbc.Row(
                [
                    labelled(
                        "Caseload",
                        dcc.Dropdown(id=ids.TARGET_CASELOAD, options=[], clearable=False),
                        md=7,
                    ),
                    labelled(
                        "Flood period starts",
                        dcc.Dropdown(id=ids.TARGET_FLOOD_START, options=[], clearable=False),
                        md=5,
                    ),
                ],
                className="mb-2",
            ),
            html.Div(id=ids.TARGET_CASELOAD_REACH, role="status", **aria(live="polite")),
        ]
    )


@dataclass(frozen=True)
class ReachPanel:
    options: list[dict]
    caseload: str | None
    period_options: list[dict]
    start: str | None
    table: html.Div | html.P


def panel(
    store: dict | None, chosen: str | None, start: str | None, shortlist: tuple[str, ...],
    level: str, bundle: Bundle,
) -> ReachPanel:  # fmt: skip
    held = caseloads_from_store(store).held
    options = [{"label": h.caseload.title, "value": k} for k, h in held.items()]
    if not held:
        note = html.P("No caseload in this tab yet: add one on the Data page.", className="small")
        return ReachPanel(options, None, [], None, note)
    key = chosen if chosen in held else next(iter(held))
    caseload = held[key].caseload
    if not caseload.has_periods:
        note = html.P("This caseload has no dates (or only one period): before and during needs "
                      "dated rows.", className="small")  # fmt: skip
        return ReachPanel(options, key, [], None, note)
    starts = list(caseload.periods[1:])
    period_options = [{"label": period_label(p), "value": p} for p in starts]
    first = start if start in starts else starts[len(starts) // 2]
    return ReachPanel(options, key, period_options, first,
                      table(caseload, bundle, shortlist, level, first))  # fmt: skip


def spans(caseload: Caseload, start: str) -> dict[str, tuple[str, ...]]:
    return {
        f"before {period_label(start)}": tuple(p for p in caseload.periods if p < start),
        f"from {period_label(start)}": tuple(p for p in caseload.periods if p >= start),
    }


def table(
    caseload: Caseload, bundle: Bundle, shortlist: tuple[str, ...], level: str, start: str
) -> html.Div | html.P:
    if level not in ("lsoa", "ward"):
        return html.P("Caseload reach is counted at LSOA and ward level.", className="small")
    codes = list(shortlist)
    claimants = denominator_at(bundle, CLAIMANTS, level)
    rows = []
    for name, periods in spans(caseload, start).items():
        counts = people_at(caseload, bundle, level, periods, None).fillna(0)
        for group, members in (("Shortlist", codes),
                               (f"Rest of {bundle.region.called}",
                                [c for c in counts.index if c not in set(codes)])):  # fmt: skip
            people = float(counts.reindex(members).fillna(0).sum())
            shown = suppress(pd.Series([people])).iloc[0]
            denominator = float(claimants.reindex(members).sum())
            rows.append(
                html.Tr(
                    [
                        html.Td(group),
                        html.Td(f"{name} ({len(periods)} {caseload.periodicity}s)"),
                        html.Td("suppressed" if pd.isna(shown) else f"{people:,.0f}"),
                        html.Td(
                            "suppressed"
                            if pd.isna(shown)
                            else f"{people / max(len(periods), 1):,.1f}"
                        ),
                        html.Td(
                            "suppressed"
                            if pd.isna(shown) or denominator <= 0
                            else f"{people / denominator * 100:,.1f}"
                        ),
                    ]
                )
            )
    header = html.Thead(html.Tr([html.Th("Areas"), html.Th("Span"), html.Th("People reached"),
                                 html.Th(f"Per {caseload.periodicity}"),
                                 html.Th("Per 100 out-of-work claimants")]))  # fmt: skip
    return html.Div(
        [
            dbc.Table(
                [header, html.Tbody(rows)],
                size="sm",
                striped=True,
                className="small",
                id=ids.TARGET_CASELOAD_TABLE,
            ),
            html.P(
                f"Shortlist: {len(codes)} areas. Undated rows ({caseload.n_undated:,}) are in "
                "neither span.",
                className="small text-body-secondary mb-0",
            ),
        ]
    )
