"""Overview page: the City Region at a glance for the board, ready to print into its papers.

Everything here is computed once per process (``overview_data``); the layout itself is built once per
bundle and served as it is, so the page costs no computation per visit.
"""

from __future__ import annotations

from functools import lru_cache

import dash
import dash_bootstrap_components as dbc
from dash import MATCH, Input, Output, State, clientside_callback, html

from dashboard import ids
from dashboard.components import overview_charts as charts
from dashboard.components.overview_cards import (
    chart_panel,
    fig,
    headline_card,
    map_panel,
)
from dashboard.components.overview_data import bundle_hash, current_overview
from dashboard.routes.overview import CSV_PATH, map_url
from geodata.overview import MAA_SOURCE, Overview, cite, ranked_boroughs
from geodata.sources import ATTRIBUTION, BOROUGHS, CITY_REGION_CODE, ENGLAND_CODE, source

dash.register_page(__name__, path="/overview", title="Overview · Outreach Atlas", name="Overview")

KNOWSLEY, SEFTON, NORTH_WEST = "E08000011", "E08000014", "E12000002"


def layout(**_query: str) -> html.Div:
    return _layout(bundle_hash())


@lru_cache(maxsize=1)
def _layout(_bundle_hash: str) -> html.Div:
    overview = current_overview()
    return html.Div(
        [
            header(overview),
            headline_section(overview),
            boroughs_section(overview),
            concentration_section(overview),
            trends_section(overview),
            plan_section(overview),
            sources_section(),
        ],
        id=ids.OVERVIEW,
        className="ov-page",
    )


def header(overview: Overview) -> html.Div:
    return html.Div(
        [
            html.Div(
                [
                    html.H1("Liverpool City Region overview", className="h3 mb-1"),
                    html.P(
                        "Employment and Skills Board: headline figures, the six boroughs side by "
                        "side, how concentrated need is, trends, and the plan's own targets.",
                        className="mb-0 text-body-secondary",
                    ),
                ],
                className="flex-grow-1",
            ),
            html.Div(
                [
                    dbc.Button(
                        [html.I(className="bi bi-printer me-1", **{"aria-hidden": "true"}), "Print / save as PDF"],
                        id=ids.OVERVIEW_PRINT, color="primary", className="me-2",
                    ),
                    html.A(
                        [html.I(className="bi bi-filetype-csv me-1", **{"aria-hidden": "true"}), "Download figures (CSV)"],
                        href=CSV_PATH, id=ids.OVERVIEW_CSV, className="btn btn-outline-primary",
                        download="lcr-overview.csv",
                    ),
                    html.Span(id=ids.OVERVIEW_PRINT_STATUS, className="visually-hidden", role="status"),
                ],
                className="no-print d-flex flex-wrap gap-2 align-items-start",
            ),
        ],
        className="d-flex flex-wrap gap-3 align-items-start mb-3 ov-header",
    )  # fmt: skip


# 1. Headline cards ----------------------------------------------------------------------------------


def headline_section(o: Overview) -> html.Section:
    lcr = CITY_REGION_CODE
    claimant_month = o.row("claimant_rate")["date"]
    cards = [
        headline_card(
            "Population",
            [fig(o, "population", big=True), html.Div(["people, ", o.row("population")["date"]])],
            f"{cite('population2020')}, {o.row('population')['date']}",
            "population",
        ),
        headline_card(
            "Claimant Count",
            [
                html.Div([fig(o, "claimant_rate", big=True), " of residents aged 16–64"]),
                html.Div([fig(o, "claimant_count"), f" people, {claimant_month}"]),
                html.Div(
                    [
                        "England: ",
                        fig(o, "claimant_rate_annual", ENGLAND_CODE, "2023"),
                        " (2023, annual series; no monthly England figure in the data). Latest "
                        "annual, 2025: City Region ",
                        fig(o, "claimant_rate_annual", lcr, "2025"),
                        ", England ",
                        fig(o, "claimant_rate_annual", ENGLAND_CODE, "2025"),
                        ".",
                    ],
                    className="small",
                ),
            ],
            f"{cite('claimant_count_ward')}, {claimant_month}; England: {cite('claimant_rate_annual')}",
            "claimants",
        ),
        headline_card(
            "Out-of-work benefit rate",
            [
                html.Div([fig(o, "out_of_work_rate", big=True), " of working-age people"]),
                html.Div(
                    [
                        fig(o, "out_of_work_claimants"),
                        " claimants of ",
                        fig(o, "out_of_work_denominator"),
                        " working-age people",
                    ],
                    className="small",
                ),
                html.Div(
                    "JSA, ESA/IB, SDA, Carer's Allowance and Universal Credit without work (IoD "
                    "2025 employment domain), recomputed from LSOA counts.",
                    className="small text-body-secondary",
                ),
            ],
            f"{cite('iod2025')}",
            "out-of-work",
        ),
        headline_card(
            "Comparative illness and disability ratio",
            [
                html.Div([fig(o, "cidr", big=True), " (England = 100)"]),
                html.Div(
                    [
                        fig(o, "cidr_vs_england"),
                        " England's level of benefit receipt for ill health "
                        "or disability, after allowing for age and sex",
                    ],
                    className="small",
                ),
                html.Div(
                    "Weighted by Census 2021 residents.", className="small text-body-secondary"
                ),
            ],
            f"{cite('iod2025')}; weights {cite('census2021')}",
            "cidr",
        ),
        headline_card(
            "Neighbourhoods in England's most deprived 10%",
            [
                html.Div([fig(o, "imd25_decile1_share", big=True), " of LSOAs (IMD 2025)"]),
                html.Div(
                    [fig(o, "imd25_decile1_lsoas"), " of ", fig(o, "imd25_lsoas"), " LSOAs (2021)"],
                    className="small",
                ),
                html.Div(
                    [
                        "IMD 2019: ",
                        fig(o, "imd19_decile1_share"),
                        " (",
                        fig(o, "imd19_decile1_lsoas"),
                        " of ",
                        fig(o, "imd19_lsoas"),
                        " 2011 LSOAs); change ",
                        fig(o, "imd_decile1_change"),
                        ". A change in relative position among English LSOAs; the LSOA sets differ.",
                    ],
                    className="small",
                ),
            ],
            f"{cite('iod2025')}; {cite('iod2019')}",
            "deprived",
        ),
        headline_card(
            "Children in relative low income families",
            [
                html.Div([fig(o, "cilif_children", big=True), " children aged under 16"]),
                html.Div(
                    [
                        fig(o, "cilif_rate"),
                        " of children aged 0–15 (denominator: ONS mid-2020, ",
                        fig(o, "children_0_15"),
                        " children)",
                    ],
                    className="small",
                ),
                html.Div(
                    f"{o.row('cilif_children')['date']}, before housing costs.",
                    className="small text-body-secondary",
                ),
            ],
            f"{cite('cilif')}, {o.row('cilif_children')['date']}",
            "children",
        ),
        headline_card(
            "Households on Universal Credit",
            [
                html.Div([fig(o, "uc_households", big=True), " households"]),
                html.Div(
                    [
                        fig(o, "uc_rate"),
                        " per 100 households (Census 2021: ",
                        fig(o, "households"),
                        ")",
                    ],
                    className="small",
                ),
                html.Div(
                    f"{o.row('uc_households')['date']}. Includes households in work.",
                    className="small text-body-secondary",
                ),
            ],
            f"{cite('uc_households')}, {o.row('uc_households')['date']}",
            "uc",
        ),
    ]
    return html.Section(
        [
            html.H2("The City Region at a glance", className="h4"),
            dbc.Row(cards, id=ids.OVERVIEW_CARDS),
        ],
        id="ov-headline",
        className="ov-section",
    )


# 2. Boroughs side by side ---------------------------------------------------------------------------


def boroughs_section(o: Overview) -> html.Section:
    england_2023 = o.value("claimant_rate_annual", ENGLAND_CODE, "2023")
    panels = [
        chart_panel(
            "claimant-rate", f"Claimant Count rate, {o.row('claimant_rate')['date']}",
            charts.borough_dots(o, "claimant_rate", reference=(england_2023, f"England 2023 (annual) {o.shown('claimant_rate_annual', ENGLAND_CODE, '2023')}")),
            "Published rates (nomis: claimants / ONS residents aged 16–64). England from the annual series.",
            cite("claimant_count_ward"),
        ),
        chart_panel(
            "out-of-work", "Out-of-work benefit rate (IoD 2025)",
            charts.borough_dots(o, "out_of_work_rate"),
            "Sum of LSOA claimant counts over the sum of implied working-age populations.",
            cite("iod2025"),
        ),
        chart_panel(
            "cidr", "Comparative illness and disability ratio (IoD 2025)",
            charts.borough_dots(o, "cidr", reference=(100.0, "England = 100")),
            "LSOA ratios weighted by Census 2021 residents.",
            f"{cite('iod2025')}; {cite('census2021')}",
        ),
        chart_panel(
            "deprived", "LSOAs in England's most deprived 10%: IMD 2019 to IMD 2025",
            charts.deprivation_dumbbell(o),
            "IMD 2025 on 2021 LSOAs (filled), IMD 2019 on 2011 LSOAs (open).",
            f"{cite('iod2025')}; {cite('iod2019')}",
        ),
        chart_panel(
            "children", f"Children in relative low income families, {o.row('cilif_rate')['date']}",
            charts.borough_dots(o, "cilif_rate"),
            "Children counted by DWP (MSOA sums) over ONS children aged 0–15, mid-2020.",
            f"{cite('cilif')}; {cite('population2020')}",
        ),
        chart_panel(
            "uc", f"Households on Universal Credit, {o.row('uc_rate')['date']}",
            charts.borough_dots(o, "uc_rate"),
            "Per 100 households counted in Census 2021 (March 2021). Includes households in work.",
            f"{cite('uc_households')}; {cite('census2021')}",
        ),
        chart_panel(
            "population", "Population, mid-2020",
            charts.borough_dots(o, "population", bars=True),
            "Sum of ONS mid-2020 LSOA estimates.",
            cite("population2020"),
        ),
    ]  # fmt: skip
    return html.Section(
        [
            html.H2("The six boroughs side by side", className="h4"),
            html.P(
                "Highest first; the City Region is the black diamond. Every borough and City Region "
                "figure is recomputed from counts and denominators, never averaged.",
                className="small text-body-secondary",
            ),
            dbc.Row(panels),
        ],
        id="ov-boroughs",
        className="ov-section",
    )


# 3. Concentration -----------------------------------------------------------------------------------


def concentration_section(o: Overview) -> html.Section:
    points = o.rows("reach_share_of_claimants")
    lsoas = o.rows("reach_lsoas")
    sentences = [
        html.Li(
            [
                "The most deprived ", html.Span(n["shown"], className="ov-fig", **_tag(n)),
                f" LSOAs ({n['note'].removeprefix('most deprived ').removesuffix(' of LSOAs')} of the City Region's) "
                "are home to ", html.Span(p["shown"], className="ov-fig", **_tag(p)),
                " of its out-of-work benefit claimants.",
            ]
        )
        for (_, p), (_, n) in zip(points.iterrows(), lsoas.iterrows(), strict=True)
    ]  # fmt: skip
    maps = [map_panel(name, map_url(code)) for code, name in BOROUGHS.items()]
    return html.Section(
        [
            html.H2("How concentrated need is", className="h4"),
            dbc.Row(
                [
                    chart_panel(
                        "reach",
                        "Reach: out-of-work claimants in the most deprived LSOAs",
                        charts.reach_chart(o),
                        "LSOAs taken in order of IMD 2025 score, most deprived first; the curve is "
                        "the running share of the City Region's out-of-work claimants (IoD 2025 "
                        "employment domain numerators). The further above the dotted line, the "
                        "stronger the case for flooding the few.",
                        cite("iod2025"),
                        width=7,
                    ),
                    dbc.Col(
                        [
                            html.H3("The case for flooding", className="h6"),
                            html.Ul(sentences, className="mb-2"),
                        ],
                        xs=12,
                        lg=5,
                        className="mb-3",
                    ),
                ]
            ),
            html.H3(
                "Out-of-work benefit rate by neighbourhood, borough by borough", className="h6"
            ),
            html.P(
                "The same five classes (City Region quintiles of LSOA rates) in every map; "
                "neighbourhoods in England's most deprived 10% (IMD 2025) outlined.",
                className="small text-body-secondary",
            ),
            dbc.Row(maps, className="ov-maps"),
        ],
        id="ov-concentration",
        className="ov-section",
    )


def _tag(row) -> dict[str, str]:
    return {
        "data-indicator": row["indicator"],
        "data-area": row["area_code"],
        "data-date": row["date"],
    }


# 4. Trends ------------------------------------------------------------------------------------------


def trends_section(o: Overview) -> html.Section:
    uc_months = sorted(o.rows("uc_households_monthly")["date"].unique())
    return html.Section(
        [
            html.H2("Trends", className="h4"),
            dbc.Row(
                [
                    chart_panel(
                        "claimant-trend",
                        "Claimant Count rate, 2001–2025",
                        charts.claimant_trend(o),
                        "Annual rate, % of residents aged 16–64 (JSA claimants; from 2013 also "
                        "Universal Credit claimants searching for work). The shaded band is the "
                        "Multi Area Agreement's 2009–2012 period.",
                        cite("claimant_rate_annual"),
                        width=12,
                    ),
                    chart_panel(
                        "jts",
                        "Public transport or walking time to the nearest employment centre",
                        charts.jts_trend(o),
                        "Average minutes to the nearest centre with 500 to 4999 jobs. Not published "
                        "for 2018: the gap is left open. Borough level only.",
                        cite("jts"),
                    ),
                    chart_panel(
                        "cilif-trend",
                        "Children in relative low income families, by borough",
                        charts.cilif_trend(o),
                        "Counts of children aged under 16, summed from MSOAs; the last year is "
                        "provisional.",
                        cite("cilif"),
                    ),
                    chart_panel(
                        "uc-trend",
                        "Households on Universal Credit, by borough",
                        charts.uc_trend(o),
                        f"Monthly, {uc_months[0]} to {uc_months[-1]}, summed from MSOAs. Includes "
                        "households in work, so it rises with Universal Credit's roll-out as well as "
                        "with need. Shaded months were revised by DWP; the last month is provisional.",
                        cite("uc_households"),
                        width=12,
                    ),
                ]
            ),
        ],
        id="ov-trends",
        className="ov-section",
    )


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
    return html.Span(row["shown"], className="ov-fig", **_tag(row))


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


# Sources ----------------------------------------------------------------------------------------------

SECTION_SOURCES = ("population2020", "claimant_count_ward", "claimant_rate_annual", "iod2025", "iod2019",
                   "census2021", "cilif", "uc_households", "jts", "lsoa2021_boundaries")  # fmt: skip


def sources_section() -> html.Section:
    items = [
        html.Li(
            [html.Strong(source(s).title), ": ", source(s).short_citation, f". {source(s).caveats}"]
        )
        for s in SECTION_SOURCES
    ]
    items.append(html.Li([html.Strong("Targets"), ": ", MAA_SOURCE, "."]))
    return html.Section(
        [
            html.H2("Sources and notes", className="h5"),
            html.Ul(items, className="small"),
            html.P(ATTRIBUTION, className="small"),
            html.P(
                ["Every figure on this page, with its source and date, is in ",
                 html.A("the CSV download", href=CSV_PATH), "."],
                className="small no-print",
            ),
        ],
        id="sources",
        className="ov-section",
    )  # fmt: skip


# Callbacks: the browser does the work (printing, saving a chart), so nothing waits on the server.

clientside_callback(
    """async function (n) {
        if (!n) { return window.dash_clientside.no_update; }
        const printing = window.atlasOverviewPrint;
        if (printing) { await printing.fit(); }
        window.print();
        if (printing) { await printing.restore(); }
        return "Print dialog closed";
    }""",
    Output(ids.OVERVIEW_PRINT_STATUS, "children"),
    Input(ids.OVERVIEW_PRINT, "n_clicks"),
    prevent_initial_call=True,
)

clientside_callback(
    """async function (n, id) {
        if (!n) { return window.dash_clientside.no_update; }
        const host = document.getElementById("overview-graph-" + id.chart);
        const graph = host && host.querySelector(".js-plotly-plot");
        if (!graph || !window.Plotly) { return "The chart is not ready yet"; }
        const name = "lcr-overview-" + id.chart;
        await window.Plotly.downloadImage(graph, {
            format: "png", filename: name, scale: 2,
            width: Math.max(graph.offsetWidth, 900), height: graph.offsetHeight,
        });
        return "Saved " + name + ".png";
    }""",
    Output(ids.overview_png_status(MATCH), "children"),
    Input(ids.overview_png(MATCH), "n_clicks"),
    State(ids.overview_png(MATCH), "id"),
    prevent_initial_call=True,
)
