"""The Overview page's middle: the six boroughs side by side, how concentrated need is, the trends,
and the sources and notes that close the page."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from dashboard.overview import charts
from dashboard.overview.cards import (
    chart_panel,
    figure_tag,
    map_panel,
)
from dashboard.routes.overview import CSV_PATH, map_url
from geodata.overview import MAA_SOURCE, Overview, cite
from geodata.sources import ATTRIBUTION, BOROUGHS, ENGLAND_CODE, source

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
                "Highest first; the City Region is the black diamond. Borough and City Region rates "
                "are summed counts over summed denominators (out-of-work, children, Universal "
                "Credit); the Claimant Count rate is nomis's published rate; the illness ratio is "
                "the LSOA ratios weighted by Census 2021 residents; deprivation is a count of LSOAs. "
                "Each panel says which.",
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
                "The most deprived ", html.Span(n["shown"], className="ov-fig", **figure_tag(n)),
                f" LSOAs ({n['note'].removeprefix('most deprived ').removesuffix(' of LSOAs')} of the City Region's) "
                "are home to ", html.Span(p["shown"], className="ov-fig", **figure_tag(p)),
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
