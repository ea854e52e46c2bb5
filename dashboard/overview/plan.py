"""The Overview page's plan section: progress against the plan's own targets and the boroughs'
ordering on them."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from dashboard.overview import charts
from dashboard.overview.cards import (
    chart_panel,
    fig,
    figure_tag,
)
from geodata.overview import MAA_SOURCE, Overview, cite, ranked_boroughs
from geodata.sources import BOROUGHS, CITY_REGION_CODE, ENGLAND_CODE

KNOWSLEY, SEFTON, NORTH_WEST = "E08000011", "E08000014", "E12000002"


# 5. The plan's own targets --------------------------------------------------------------------------


def plan_section(o: Overview) -> html.Section:
    return html.Section(
        [
            html.H2("The plan's own targets (Multi Area Agreement, January 2009)", className="h4"),
            html.P(
                [
                    "Figures as documented in the ",
                    html.Em(MAA_SOURCE),
                    ". They are the plan's "
                    "baselines and targets, not data; no value is extended past the years the "
                    "plan gives.",
                ],
                className="small text-body-secondary",
            ),
            dbc.Row(
                [
                    chart_panel(
                        "plan-ib",
                        "Incapacity Benefit claimants: baseline, trend and stretch target",
                        charts.plan_ib_chart(o),
                        "City Region. The atlas's data holds no Incapacity Benefit or ESA claimant "
                        "series, so outcomes against this target cannot be shown here.",
                        MAA_SOURCE,
                        width=5,
                    ),
                    dbc.Col(targets_table(o), xs=12, lg=7, className="mb-3"),
                ]
            ),
            html.H3("Then and now: which boroughs have the most out-of-work need", className="h6"),
            ordering_table(o),
        ],
        id="ov-plan",
        className="ov-section",
    )


def targets_table(o: Overview) -> dbc.Table:
    def row(what: str, baseline, target, now: str) -> html.Tr:
        return html.Tr(
            [
                html.Th(what, scope="row"),
                html.Td(baseline),
                html.Td(target),
                html.Td(now, className="small"),
            ]
        )

    lcr, eng = CITY_REGION_CODE, ENGLAND_CODE
    body = [
        row(
            "JSA leavers entering work, all claimants",
            [fig(o, "maa_jsa_into_work_all", lcr, "Sept 2007 – Sept 2008"), " (Sept 2007 – Sept 2008)"],
            [fig(o, "maa_jsa_into_work_all", lcr, "by 2012"), " by 2012"],
            "No JSA off-flow data in the atlas's sources.",
        ),
        row(
            "JSA leavers entering work, aged 18–24",
            [fig(o, "maa_jsa_into_work_18_24", lcr, "Sept 2007 – Sept 2008"), " (Sept 2007 – Sept 2008)"],
            [fig(o, "maa_jsa_into_work_18_24", lcr, "by 2012"), " by 2012"],
            "No JSA off-flow data in the atlas's sources.",
        ),
        row(
            "Working-age residents qualified to Level 2",
            [_plan_fig(o, "maa_level2", "baseline"), " (2006)"],
            [_plan_fig(o, "maa_level2", "proposed target"), " proposed for 2011 (",
             _plan_fig(o, "maa_level2", "target range, lower"), " to ",
             _plan_fig(o, "maa_level2", "target range, upper"), "); national PSA aim ",
             fig(o, "maa_level2", eng), ""],
            "No qualifications data in the atlas's sources.",
        ),
        row(
            "Working-age residents qualified to Level 3",
            [_plan_fig(o, "maa_level3", "baseline"), " (2006)"],
            [_plan_fig(o, "maa_level3", "proposed target"), " proposed for 2011 (",
             _plan_fig(o, "maa_level3", "target range, lower"), " to ",
             _plan_fig(o, "maa_level3", "target range, upper"), "); national PSA aim ",
             fig(o, "maa_level3", eng), ""],
            "No qualifications data in the atlas's sources.",
        ),
        row(
            "IB/SDA claimant rate, 2008",
            ["City Region ", fig(o, "maa_ib_sda_rate", lcr), ", North West ",
             fig(o, "maa_ib_sda_rate", NORTH_WEST), ", England ", fig(o, "maa_ib_sda_rate", eng),
             " (City Region ", fig(o, "maa_ib_sda_rate_vs_england"), " England)"],
            "—",
            ["Different measure: out-of-work benefit rate (IoD 2025) City Region ",
             fig(o, "out_of_work_rate"), "; comparative illness and disability ratio ",
             fig(o, "cidr"), ", ", fig(o, "cidr_vs_england"), " England."],
        ),
        row(
            "IB/SDA claims for mental and behavioural disorders, 2008",
            ["City Region ", fig(o, "maa_ib_sda_mental_share", lcr), ", England ",
             fig(o, "maa_ib_sda_mental_share", eng)],
            "—",
            "Not available: the IoD mental health indicator is a composite, not a claimant share.",
        ),
    ]  # fmt: skip
    head = html.Thead(html.Tr([html.Th("Plan measure"), html.Th("Baseline"), html.Th("Target"), html.Th("What the atlas's data can show now")]))  # fmt: skip
    return dbc.Table([head, html.Tbody(body)], bordered=False, striped=True, size="sm", responsive=True, className="ov-table small")  # fmt: skip


def _plan_fig(o: Overview, indicator: str, note: str) -> html.Span:
    rows = o.rows(indicator, CITY_REGION_CODE)
    row = rows[rows["note"] == note].iloc[0]
    return html.Span(row["shown"], className="ov-fig", **figure_tag(row))


def ordering_table(o: Overview) -> html.Div:
    """The plan's 2008 borough ordering beside today's, each labelled with its own measure and date."""
    plan_notes = {KNOWSLEY: "highest", SEFTON: "lowest"}
    order_now = ranked_boroughs(o, "out_of_work_rate")
    rows = []
    for code in order_now:
        plan = (
            [fig(o, "maa_ib_sda_rate", code), f" ({plan_notes[code]})"]
            if code in plan_notes
            else [html.Span("not given in the plan", className="text-body-secondary")]
        )
        rows.append(
            html.Tr(
                [html.Th(BOROUGHS[code], scope="row"), html.Td(plan), html.Td(fig(o, "out_of_work_rate", code)),
                 html.Td(fig(o, "cidr", code))]
            )
        )  # fmt: skip
    rows.append(
        html.Tr(
            [html.Th(html.Strong("Liverpool City Region"), scope="row"), html.Td(fig(o, "maa_ib_sda_rate")),
             html.Td(fig(o, "out_of_work_rate")), html.Td(fig(o, "cidr"))],
            className="fw-semibold",
        )
    )  # fmt: skip
    head = html.Thead(
        html.Tr(
            [
                html.Th("Borough (highest out-of-work rate now first)"),
                html.Th("Plan: IB/SDA claimant rate, 2008"),
                html.Th("Now: out-of-work benefit rate, IoD 2025"),
                html.Th("Now: illness and disability ratio, IoD 2025"),
            ]
        )
    )
    highest, lowest = BOROUGHS[order_now[0]], BOROUGHS[order_now[-1]]
    return html.Div(
        [
            dbc.Table([head, html.Tbody(rows)], size="sm", striped=True, responsive=True, className="ov-table small"),
            html.P(
                f"The plan named Knowsley highest and Sefton lowest on IB/SDA claims in 2008; on the "
                f"IoD 2025 out-of-work rate (a wider set of benefits, on a different date) {highest} "
                f"is highest and {lowest} lowest. These are different measures: compare orderings, "
                "not values.",
                className="small",
            ),
            html.P(["Sources: ", MAA_SOURCE, "; ", cite("iod2025"), "."], className="ov-source small"),
        ]
    )  # fmt: skip
