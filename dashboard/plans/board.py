"""The Overview's "Agreed plans" section for the board: each agreed or active plan the reader may
see, with its areas, residents, claimants, flood period and teams. Built per request (plans change
and are not everyone's), beside the Overview's cached sections; printable with them."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.plans.compare import reach_of
from dashboard.plans.views import number, status_badge, when
from dashboard.saved import get_store
from dashboard.store import Actor

SHOWN = ("agreed", "active")


def agreed_plans_section(actor: Actor | None) -> html.Section:
    title = html.H2("Agreed plans", className="h4")
    if actor is None:
        return html.Section(
            [
                title,
                html.P(
                    [
                        "The partnership's agreed outreach plans are shown to signed-in members: ",
                        html.A("sign in", href="/login?next=/overview"),
                        ".",
                    ],
                    className="small text-body-secondary",
                ),
            ],
            id="ov-agreed-plans",
            className="ov-section",
        )
    with get_store().transaction() as tx:
        plans = tx.plans.in_status(actor, SHOWN)
        teams = {p.id: tx.plans.zones(p.id) for p in plans}
    if not plans:
        body: list = [html.P("No plan is agreed or active yet.", className="text-body-secondary")]
    else:
        rows = []
        for plan in plans:
            reach = reach_of(plan.result)
            zone_teams = "; ".join(
                f"zone {z}: {row.team}" for z, row in sorted(teams[plan.id].items()) if row.team
            )
            rows.append(
                html.Tr(
                    [
                        html.Td(dcc.Link(plan.name, href=f"/plans?plan={plan.id}")),
                        html.Td(status_badge(plan.status)),
                        html.Td(f"{when(plan.flood_start)} – {when(plan.flood_end)}"),
                        html.Td(plan.n_areas),
                        html.Td(number(reach["population"])),
                        html.Td(number(reach["claimants"])),
                        html.Td(plan.boroughs.strip("|").replace("|", ", ")),
                        html.Td(zone_teams or "–"),
                        html.Td(html.A("Report", href=f"/plans/{plan.id}/report")),
                    ]
                )
            )
        head = [
            "Plan",
            "Status",
            "Flood period",
            "Areas",
            "Residents",
            "Out-of-work claimants",
            "Boroughs",
            "Teams",
            "For the board",
        ]
        body = [
            dbc.Table(
                [html.Thead(html.Tr([html.Th(h) for h in head])), html.Tbody(rows)],
                size="sm",
                responsive=True,
                id="ov-agreed-table",
            ),
            html.P(
                "Residents and claimants as frozen in each plan when it was saved (the data "
                "versions it was made from are listed on the plan).",
                className="small text-body-secondary",
            ),
        ]
    return html.Section([title, *body], id="ov-agreed-plans", className="ov-section")
