"""The Overview page's middle: the boroughs side by side, the region against England and the other
combined authorities, how concentrated need is, the trends, and the sources and notes that close the
page. A panel whose source the region lacks is left out (the Data page says which and why)."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from dashboard.components.attrs import aria
from dashboard.components.wording import count_words
from dashboard.overview import charts
from dashboard.overview.cards import (
    chart_panel,
    fig,
    figure_tag,
    map_panel,
)
from dashboard.routes.overview import CSV_PATH
from geodata import national
from geodata.overview import Overview, cite, comparison, plan_source
from geodata.region import Region
from geodata.sources import ENGLAND_CODE, attribution, source

# 2. Boroughs side by side ---------------------------------------------------------------------------


def boroughs_section(
    o: Overview, region: Region, weight_note: str | None = None
) -> html.Section | None:
    """The boroughs side by side (``weight_note``: how the region's illness ratio is weighted, as
    its row says)."""
    if weight_note is None:
        cidr = o.row("cidr")
        weight_note = "" if cidr is None else str(cidr["note"])
    if region.is_single_lad:
        return None  # one borough: nothing to set side by side (the comparison section compares it)
    england_2023 = o.value("claimant_rate_annual", ENGLAND_CODE, "2023")
    england_cidr = o.row("cidr", ENGLAND_CODE)
    candidates = [
        ("claimant_rate", lambda: chart_panel(
            region,
            "claimant-rate", f"Claimant Count rate, {o.row('claimant_rate')['date']}",
            charts.borough_dots(o, "claimant_rate", region=region, reference=None if england_2023 is None else (england_2023, f"England 2023 (annual) {o.shown('claimant_rate_annual', ENGLAND_CODE, '2023')}")),
            "Published rates (nomis: claimants / ONS residents aged 16–64). England from the annual series.",
            cite("claimant_count_ward"),
        )),
        ("out_of_work_rate", lambda: chart_panel(
            region,
            "out-of-work", "Out-of-work benefit rate (IoD 2025)",
            charts.borough_dots(o, "out_of_work_rate", region=region),
            "Sum of LSOA claimant counts over the sum of implied working-age populations.",
            cite("iod2025"),
        )),
        ("cidr", lambda: chart_panel(
            region,
            "cidr", "Comparative illness and disability ratio (IoD 2025)",
            charts.borough_dots(o, "cidr", region=region, reference=(
                float(england_cidr["value"]), f"England {england_cidr['shown']}")),
            f"LSOA ratios {weight_note}. England: {england_cidr['note']}.",
            f"{cite('iod2025')}; {cite('census2021')}" if weight_note.startswith("weighted by Census") else cite("iod2025"),
        )),
        ("imd25_decile1_share", lambda: chart_panel(
            region,
            "deprived", "LSOAs in England's most deprived 10%: IMD 2019 to IMD 2025"
            if o.has("imd19_decile1_share") else "LSOAs in England's most deprived 10% (IMD 2025)",
            charts.deprivation_dumbbell(o, region),
            "IMD 2025 on 2021 LSOAs (filled), IMD 2019 on 2011 LSOAs (open)."
            if o.has("imd19_decile1_share") else "IMD 2025 on 2021 LSOAs.",
            f"{cite('iod2025')}; {cite('iod2019')}" if o.has("imd19_decile1_share") else cite("iod2025"),
        )),
        ("cilif_rate", lambda: chart_panel(
            region,
            "children", f"Children in relative low income families, {o.row('cilif_rate')['date']}",
            charts.borough_dots(o, "cilif_rate", region=region),
            "Children counted by DWP (MSOA sums) over ONS children aged 0–15, mid-2020.",
            f"{cite('cilif')}; {cite('population2020')}",
        )),
        ("uc_rate", lambda: chart_panel(
            region,
            "uc", f"Households on Universal Credit, {o.row('uc_rate')['date']}",
            charts.borough_dots(o, "uc_rate", region=region),
            "Per 100 households counted in Census 2021 (March 2021). Includes households in work.",
            f"{cite('uc_households')}; {cite('census2021')}",
        )),
        ("population", lambda: chart_panel(
            region,
            "population", "Population, mid-2020",
            charts.borough_dots(o, "population", region=region, bars=True),
            "Sum of ONS mid-2020 LSOA estimates.",
            cite("population2020"),
        )),
    ]  # fmt: skip
    # Only the panels whose figures the region's data gives.
    panels = [make() for indicator, make in candidates if o.has(indicator)]
    rates_shown = [
        label
        for indicator, label in (
            ("out_of_work_rate", "out-of-work"),
            ("cilif_rate", "children"),
            ("uc_rate", "Universal Credit"),
        )
        if o.has(indicator)
    ]
    return html.Section(
        [
            html.H2(f"The {count_words(len(region.lads))} boroughs side by side", className="h4"),
            html.P(
                f"Highest first; {region.called} is the black diamond. Borough and "
                f"{region.adjective} rates are summed counts over summed denominators ("
                + ", ".join(rates_shown)
                + ")"
                + (
                    "; the Claimant Count rate is nomis's published rate"
                    if o.has("claimant_rate")
                    else ""
                )
                + f"; the illness ratio is the LSOA ratios {weight_note}; deprivation is a count of "
                "LSOAs. Each panel says which.",
                className="small text-body-secondary",
            ),
            dbc.Row(panels),
        ],
        id="ov-boroughs",
        className="ov-section",
    )


# 3. Concentration -----------------------------------------------------------------------------------


def concentration_section(o: Overview, region: Region, map_url) -> html.Section:
    points = o.rows("reach_share_of_claimants")
    lsoas = o.rows("reach_lsoas")
    sentences = [
        html.Li(
            [
                "The most deprived ", html.Span(n["shown"], className="ov-fig", **figure_tag(n)),
                f" LSOAs ({n['note'].removeprefix('most deprived ').removesuffix(' of LSOAs')} of {region.called}'s) "
                "are home to ", html.Span(p["shown"], className="ov-fig", **figure_tag(p)),
                " of its out-of-work benefit claimants.",
            ]
        )
        for (_, p), (_, n) in zip(points.iterrows(), lsoas.iterrows(), strict=True)
    ]  # fmt: skip
    maps = [map_panel(name, map_url(code), region) for code, name in region.lads.items()]
    return html.Section(
        [
            html.H2("How concentrated need is", className="h4"),
            claimants_concentrating(o, region),
            dbc.Row(
                [
                    chart_panel(
                        region,
                        "reach",
                        "Reach: out-of-work claimants in the most deprived LSOAs",
                        charts.reach_chart(o, region),
                        "LSOAs taken in order of IMD 2025 score, most deprived first; the curve is "
                        f"the running share of {region.called}'s out-of-work claimants (IoD 2025 "
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
                f"The same five classes ({region.adjective} quintiles of LSOA rates) in every map; "
                "neighbourhoods in England's most deprived 10% (IMD 2025) outlined.",
                className="small text-body-secondary",
            ),
            dbc.Row(maps, className="ov-maps"),
        ],
        id="ov-concentration",
        className="ov-section",
    )


def claimants_concentrating(o: Overview, region: Region) -> dbc.Row | None:
    """Is need concentrating? The share of claimants in the 10% and 20% highest-claimant LSOAs over
    ten years, the set fixed in the first year and re-ranked each year, and the boroughs' split."""
    if not o.has("cc_share_top10_reranked"):
        return None
    rows = o.rows("cc_share_top10_reranked", region.code).sort_values("date")
    fixed = o.rows("cc_share_top10_fixed", region.code).sort_values("date")
    first, last = rows.iloc[0], rows.iloc[-1]
    then = fixed.iloc[-1]
    moved = last["value"] - first["value"]
    verdict = (
        "more concentrated" if moved >= 0.5 else "less concentrated" if moved <= -0.5 else
        "about as concentrated"
    )  # fmt: skip
    answer = html.P(
        [
            f"Is need concentrating? In {first['date']} the 10% of {region.called}'s LSOAs with "
            "most claimants held ", html.Span(first["shown"], className="ov-fig", **figure_tag(first)),
            f" of its claimants; in {last['date']} the 10% with most held ",
            html.Span(last["shown"], className="ov-fig", **figure_tag(last)),
            f" ({verdict}), and the {first['date']} set still held ",
            html.Span(then["shown"], className="ov-fig", **figure_tag(then)),
            ". Read with the shaded years: Universal Credit's roll-out and the pandemic changed "
            "who counts as a claimant.",
        ],
        className="mb-2",
    )  # fmt: skip
    caption = (
        "LSOAs (2011) ranked by their average number of claimants in the year (LSOAs are of "
        "similar size). Re-ranked: the 10% (20%) of LSOAs with most claimants that year; "
        f"fixed: the set with most claimants in {first['date']}, the base year, followed."
    )
    source_text = cite("claimant_count_lsoa")
    return dbc.Row(
        [
            dbc.Col(answer, xs=12),
            chart_panel(
                region,
                "claimant-concentration",
                f"Claimants in the highest-claimant LSOAs, {first['date']}–{last['date']}",
                charts.claimant_concentration(o, region),
                caption,
                source_text,
            ),
            chart_panel(
                region,
                "claimant-concentration-boroughs",
                "Borough split: claimants in the region's highest-claimant 10% of LSOAs",
                charts.claimant_concentration_boroughs(o, region),
                "Share of each borough's claimants living in the region's 10% of LSOAs with most "
                "claimants that year (re-ranked). The CSV holds every set, year and borough.",
                source_text,
            ),
        ],
        id="ov-claimant-concentration",
    )


# 4. Trends ------------------------------------------------------------------------------------------


def trends_section(o: Overview, region: Region) -> html.Section | None:
    """The trends the region's data gives (none: no section)."""
    uc_months = sorted(o.rows("uc_households_monthly")["date"].unique())
    period = (region.plan or {}).get("period_caption", "")
    candidates = [
                    ("claimant_rate_annual", lambda: chart_panel(
                        region,
                        "claimant-trend",
                        "Claimant Count rate, 2001–2025",
                        charts.claimant_trend(o, region),
                        "Annual rate, % of residents aged 16–64 (JSA claimants; from 2013 also "
                        "Universal Credit claimants searching for work)." + (f" {period}" if period else ""),
                        cite("claimant_rate_annual"),
                        width=12,
                    )),
                    ("jts_pt_walk", lambda: chart_panel(
                        region,
                        "jts",
                        "Public transport or walking time to the nearest employment centre",
                        charts.jts_trend(o, region),
                        "Average minutes to the nearest centre with 500 to 4999 jobs. Not published "
                        "for 2018: the gap is left open. Borough level only.",
                        cite("jts"),
                    )),
                    ("cilif_children_annual", lambda: chart_panel(
                        region,
                        "cilif-trend",
                        "Children in relative low income families, by borough",
                        charts.cilif_trend(o, region),
                        "Counts of children aged under 16, summed from MSOAs; the last year is "
                        "provisional.",
                        cite("cilif"),
                    )),
                    ("uc_households_monthly", lambda: chart_panel(
                        region,
                        "uc-trend",
                        "Households on Universal Credit, by borough",
                        charts.uc_trend(o, region),
                        f"Monthly, {uc_months[0] if uc_months else ''} to {uc_months[-1] if uc_months else ''}, summed from MSOAs. Includes "
                        "households in work, so it rises with Universal Credit's roll-out as well as "
                        "with need. Shaded months were revised by DWP; the last month is provisional.",
                        cite("uc_households"),
                        width=12,
                    )),
    ]  # fmt: skip
    panels = [make() for indicator, make in candidates if o.has(indicator)]
    if not panels:
        return None
    return html.Section(
        [
            html.H2("Trends", className="h4"),
            dbc.Row(panels),
        ],
        id="ov-trends",
        className="ov-section",
    )


# Sources ----------------------------------------------------------------------------------------------

SECTION_SOURCES = ("population2020", "claimant_count_ward", "claimant_rate_annual", "iod2025", "iod2019",
                   "census2021", "cilif", "uc_households", "jts", "lsoa2021_boundaries")  # fmt: skip


def sources_section(region: Region, present: set[str], has_benchmarks: bool) -> html.Section:
    """The sources of the figures shown (only those the region's data holds)."""
    items = [
        html.Li(
            [html.Strong(source(s).title), ": ", source(s).short_citation, f". {source(s).caveats}"]
        )
        for s in SECTION_SOURCES
        if s in present
    ]
    if has_benchmarks:
        items.append(html.Li([html.Strong("England and combined authorities"), ": ",
                              national.SOURCE, ", computed in the atlas (see the comparison)."]))  # fmt: skip
    if region.plan:
        items.append(html.Li([html.Strong("Targets"), ": ", plan_source(region), "."]))
    return html.Section(
        [
            html.H2("Sources and notes", className="h5"),
            html.Ul(items, className="small"),
            html.P(attribution(present), className="small"),
            html.P(
                ["Every figure on this page, with its source and date, is in ",
                 html.A("the CSV download", href=CSV_PATH), "."],
                className="small no-print",
            ),
        ],
        id="sources",
        className="ov-section",
    )  # fmt: skip


# The board's comparison: the region against England and the other combined authorities -------------


def comparison_section(o: Overview, region: Region) -> html.Section | None:
    """Each headline IoD measure for every combined authority, the region's English region and
    England, highest (most need) first, the region marked: computed from the England-wide table, so
    every row is built the same way (``geodata.national``). Left out when the region's data points
    at no England-wide table (the Data page says so)."""
    if not o.has("cmp_out_of_work_rate"):
        return None
    english = region.english_region[0] if region.english_region else ""
    tables = []
    for key, spec in national.BENCHMARKS.items():
        rows = comparison(o, key)
        body = []
        rank = 0
        for _, row in rows.iterrows():
            is_region = row["area_code"] == region.code
            is_reference = row["area_code"] in (ENGLAND_CODE, english) and not is_region
            if not is_reference and "rank" in row["note"]:
                rank += 1
            name = row["area_name"] + (" (England region)" if row["area_code"] == english else "")
            body.append(
                html.Tr(
                    [
                        html.Td("" if is_reference or "rank" not in row["note"] else str(rank)),
                        html.Th(
                            [html.Span("◆ ", **aria(hidden="true")) if is_region else None, name],
                            scope="row",
                        ),
                        html.Td(fig(o, f"cmp_{key}", row["area_code"], row["date"]), className="text-end"),
                    ],
                    className="ov-cmp-region fw-bold" if is_region
                    else ("ov-cmp-ref fst-italic text-body-secondary" if is_reference else ""),
                )
            )  # fmt: skip
        head = html.Thead(html.Tr([html.Th("#", scope="col"), html.Th("Area", scope="col"),
                                   html.Th(spec.unit, scope="col", className="text-end")]))  # fmt: skip
        tables.append(
            dbc.Col(
                [
                    html.H3(spec.title, className="h6"),
                    dbc.Table(
                        [head, html.Tbody(body)],
                        size="sm",
                        striped=True,
                        className="ov-table ov-cmp small mb-1",
                        id=f"ov-cmp-{key}",
                    ),
                    html.P(
                        spec.note[:1].upper() + spec.note[1:] + ".", className="small ov-caption"
                    ),
                ],
                xs=12,
                md=6,
                xl=3,
                className="mb-3",
            )
        )
    return html.Section(
        [
            html.H2(
                f"{region.called_title} against England and the combined authorities",
                className="h4",
            ),
            html.P(
                [
                    "Highest (most need) first; ◆ marks ",
                    region.name,
                    ", # its rank among the combined authorities. Every row, ",
                    region.name,
                    " included, is computed the same "
                    "way from the England-wide IoD 2025 table, so these figures can differ slightly "
                    "from the headline figures above (the illness ratio here is weighted by the "
                    "population the income domain implies, for every area alike).",
                ],
                className="small text-body-secondary",
            ),
            dbc.Row(tables),
            html.P(
                ["Source: ", national.SOURCE, ", ", national.DATE, "."],
                className="ov-source small",
            ),
        ],
        id="ov-compare",
        className="ov-section",
    )
