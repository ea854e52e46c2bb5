"""The Overview page's plan section: progress against the plan's own targets and the boroughs'
ordering on them. Drawn from the region's plan file (``Region.plan``), only for a region that has one;
a measure the plan does not give has no row."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html
from dash.development.base_component import Component

from dashboard.overview import charts
from dashboard.overview.cards import (
    chart_panel,
    fig,
    figure_tag,
)
from geodata.overview import Overview, cite, plan_source, ranked_boroughs
from geodata.region import Region
from geodata.sources import ENGLAND_CODE

# 5. The plan's own targets --------------------------------------------------------------------------


def plan_section(o: Overview, region: Region) -> html.Section | None:
    if not region.plan or not o.has("maa_ib_claimants_baseline"):
        return None
    source = plan_source(region)
    return html.Section(
        [
            html.H2(f"The plan's own targets ({region.plan.get('title', '')})", className="h4"),
            html.P(
                [
                    "Figures as documented in the ",
                    html.Em(source),
                    ". They are the plan's "
                    "baselines and targets, not data; no value is extended past the years the "
                    "plan gives.",
                ],
                className="small text-body-secondary",
            ),
            dbc.Row(
                [
                    chart_panel(
                        region,
                        "plan-ib",
                        "Incapacity Benefit claimants: baseline, trend and stretch target",
                        charts.plan_ib_chart(o),
                        f"{region.called_title}. The atlas's data holds no Incapacity Benefit or ESA "
                        "claimant series, so outcomes against this target cannot be shown here.",
                        source,
                        width=5,
                    ),
                    dbc.Col(targets_table(o, region), xs=12, lg=7, className="mb-3"),
                ]
            ),
            html.H3("Then and now: which boroughs have the most out-of-work need", className="h6"),
            ordering_table(o, region),
        ],
        id="ov-plan",
        className="ov-section",
    )


def targets_table(o: Overview, region: Region) -> dbc.Table:
    lcr, eng = region.code, ENGLAND_CODE
    plan_areas = {f["area"] for f in region.plan.get("figures", ())} if region.plan else set()
    english = next((a for a in sorted(plan_areas) if a.startswith("E12")), "")
    english_name = (region.plan or {}).get("area_names", {}).get(english, english)
    body = [
        jsa_row(o, "maa_jsa_into_work_all", "JSA leavers entering work, all claimants", region),
        jsa_row(o, "maa_jsa_into_work_18_24", "JSA leavers entering work, aged 18–24", region),
        level_row(o, "maa_level2", "Working-age residents qualified to Level 2", region),
        level_row(o, "maa_level3", "Working-age residents qualified to Level 3", region),
        _row(
            "IB/SDA claimant rate, 2008",
            [f"{region.adjective} ", fig(o, "maa_ib_sda_rate", lcr),
             *([f", {english_name} ", fig(o, "maa_ib_sda_rate", english)] if english else []),
             ", England ", fig(o, "maa_ib_sda_rate", eng),
             f" ({region.adjective} ", fig(o, "maa_ib_sda_rate_vs_england"), " England)"],
            "—",
            [f"Different measure: out-of-work benefit rate (IoD 2025) {region.adjective} ",
             fig(o, "out_of_work_rate"), "; comparative illness and disability ratio ",
             fig(o, "cidr"), ", ", fig(o, "cidr_vs_england"), " England."],
        ) if o.has("maa_ib_sda_rate") else None,
        _row(
            "IB/SDA claims for mental and behavioural disorders, 2008",
            [f"{region.adjective} ", fig(o, "maa_ib_sda_mental_share", lcr), ", England ",
             fig(o, "maa_ib_sda_mental_share", eng)],
            "—",
            "Not available: the IoD mental health indicator is a composite, not a claimant share.",
        ) if o.has("maa_ib_sda_mental_share") else None,
    ]  # fmt: skip
    body = [r for r in body if r is not None]
    head = html.Thead(html.Tr([html.Th("Plan measure"), html.Th("Baseline"), html.Th("Target"), html.Th("What the atlas's data can show now")]))  # fmt: skip
    return dbc.Table([head, html.Tbody(body)], bordered=False, striped=True, size="sm", responsive=True, className="ov-table small")  # fmt: skip


def _row(what: str, baseline, target, now: str | list[Component | str]) -> html.Tr:
    return html.Tr(
        [
            html.Th(what, scope="row"),
            html.Td(baseline),
            html.Td(target),
            html.Td(now, className="small"),
        ]
    )


def _baseline(o: Overview, key: str, region: Region) -> list[Component | str]:
    return [_plan_fig(o, key, "baseline", region), f" ({_plan_date(o, key, 'baseline', region)})"]


def jsa_row(o: Overview, key: str, what: str, region: Region) -> html.Tr | None:
    """A JSA off-flow measure: the plan's baseline and target; the atlas holds no such data."""
    if not o.has(key):
        return None
    target = [_plan_fig(o, key, "target", region), f" {_plan_date(o, key, 'target', region)}"]
    return _row(what, _baseline(o, key, region), target,
                "No JSA off-flow data in the atlas's sources.")  # fmt: skip


def level_row(o: Overview, key: str, what: str, region: Region) -> html.Tr | None:
    """A qualifications measure: the plan's baseline, its proposed target with its range and the
    national PSA aim; the atlas holds no qualifications data."""
    if not o.has(key):
        return None
    target = [
        _plan_fig(o, key, "proposed target", region),
        f" proposed for {_plan_date(o, key, 'proposed target', region)} (",
        _plan_fig(o, key, "target range, lower", region), " to ",
        _plan_fig(o, key, "target range, upper", region), "); national PSA aim ",
        fig(o, key, ENGLAND_CODE), "",
    ]  # fmt: skip
    return _row(what, _baseline(o, key, region), target,
                "No qualifications data in the atlas's sources.")  # fmt: skip


def _plan_row(o: Overview, indicator: str, note: str, region: Region):
    rows = o.rows(indicator, region.code)
    return rows[rows["note"] == note].iloc[0]


def _plan_fig(o: Overview, indicator: str, note: str, region: Region) -> html.Span:
    row = _plan_row(o, indicator, note, region)
    return html.Span(row["shown"], className="ov-fig", **figure_tag(row))


def _plan_date(o: Overview, indicator: str, note: str, region: Region) -> str:
    return str(_plan_row(o, indicator, note, region)["date"])


def ordering_table(o: Overview, region: Region) -> html.Div:
    """The plan's 2008 borough ordering beside today's, each labelled with its own measure and date."""
    # The boroughs the plan names, as it names them ("highest borough", "lowest borough").
    plan_rates = o.rows("maa_ib_sda_rate")
    plan_notes = {
        code: note.removesuffix(" borough")
        for code, note in zip(plan_rates["area_code"], plan_rates["note"], strict=True)
        if code in region.lads and note
    }
    order_now = ranked_boroughs(o, "out_of_work_rate")
    rows = []
    for code in order_now:
        plan: list[Component | str] = (
            [fig(o, "maa_ib_sda_rate", code), f" ({plan_notes[code]})"]
            if code in plan_notes
            else [html.Span("not given in the plan", className="text-body-secondary")]
        )
        rows.append(
            html.Tr(
                [html.Th(region.lads[code], scope="row"), html.Td(plan), html.Td(fig(o, "out_of_work_rate", code)),
                 html.Td(fig(o, "cidr", code))]
            )
        )  # fmt: skip
    rows.append(
        html.Tr(
            [html.Th(html.Strong(region.name), scope="row"), html.Td(fig(o, "maa_ib_sda_rate")),
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
    highest, lowest = region.lads[order_now[0]], region.lads[order_now[-1]]
    named = {note: region.lads[code] for code, note in plan_notes.items()}
    then = (
        f"The plan named {named['highest']} highest and {named['lowest']} lowest on IB/SDA claims "
        "in 2008; on the "
        if {"highest", "lowest"} <= set(named)
        else "On the "
    )
    return html.Div(
        [
            dbc.Table([head, html.Tbody(rows)], size="sm", striped=True, responsive=True, className="ov-table small"),
            html.P(
                f"{then}"
                f"IoD 2025 out-of-work rate (a wider set of benefits, on a different date) {highest} "
                f"is highest and {lowest} lowest. These are different measures: compare orderings, "
                "not values.",
                className="small",
            ),
            html.P(["Sources: ", plan_source(region), "; ", cite("iod2025"), "."], className="ov-source small"),
        ]
    )  # fmt: skip
