"""The Overview page's top: its title with the print and CSV buttons, and the region's headline
cards (each only where the region's data gives its figure)."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from dashboard import ids
from dashboard.components.attrs import aria
from dashboard.components.wording import count_words
from dashboard.overview.cards import (
    fig,
    headline_card,
)
from dashboard.routes.overview import CSV_PATH
from geodata.overview import Overview, cite
from geodata.region import Region
from geodata.sources import ENGLAND_CODE


def header(overview: Overview, region: Region, csv_name: str) -> html.Div:
    boroughs = (
        ""
        if region.is_single_lad
        else f"the {count_words(len(region.lads))} boroughs side by side, "
    )
    return html.Div(
        [
            html.Div(
                [
                    html.H1(f"{region.name} overview", className="h3 mb-1"),
                    html.P(
                        f"For the board: headline figures, {boroughs}how it compares with England "
                        "and the other combined authorities, how concentrated need is"
                        + (", trends" if overview.has("claimant_rate_annual") else "")
                        + (", and the plan's own targets." if region.plan else "."),
                        className="mb-0 text-body-secondary",
                    ),
                ],
                className="flex-grow-1",
            ),
            html.Div(
                [
                    dbc.Button(
                        [html.I(className="bi bi-printer me-1", **aria(hidden="true")), "Print / save as PDF"],
                        id=ids.OVERVIEW_PRINT, color="primary", className="me-2",
                    ),
                    html.A(
                        [html.I(className="bi bi-filetype-csv me-1", **aria(hidden="true")), "Download figures (CSV)"],
                        href=CSV_PATH, id=ids.OVERVIEW_CSV, className="btn btn-outline-primary",
                        download=csv_name,
                    ),
                    html.Span(id=ids.OVERVIEW_PRINT_STATUS, className="visually-hidden", role="status"),
                ],
                className="no-print d-flex flex-wrap gap-2 align-items-start",
            ),
        ],
        className="d-flex flex-wrap gap-3 align-items-start mb-3 ov-header",
    )  # fmt: skip


# 1. Headline cards ----------------------------------------------------------------------------------


def headline_section(o: Overview, region: Region, weight_note: str) -> html.Section:
    """The region's headline cards: a card whose source the region lacks is left out (the Data page
    says which and why), never shown as zero."""
    lcr = region.code
    cards = []
    if o.has("population"):
        cards.append(
            headline_card(
                "Population",
                [
                    fig(o, "population", big=True),
                    html.Div(["people, ", o.row("population")["date"]]),
                ],
                f"{cite('population2020')}, {o.row('population')['date']}",
                "population",
            )
        )
    if o.has("claimant_rate"):
        claimant_month = o.row("claimant_rate")["date"]
        cards.append(
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
                            f"annual, 2025: {region.adjective} ",
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
            )
        )
    cards.append(
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
        )
    )
    cards.append(
        headline_card(
            "Comparative illness and disability ratio",
            [
                html.Div(
                    [
                        fig(o, "cidr", big=True),
                        " (IoD ratio; England ",
                        fig(o, "cidr", ENGLAND_CODE),
                        ")",
                    ]
                ),
                html.Div(
                    [
                        fig(o, "cidr_vs_england"),
                        " England's level of benefit receipt for ill health "
                        "or disability, after allowing for age and sex",
                    ],
                    className="small",
                ),
                html.Div(
                    weight_note[:1].upper() + weight_note[1:] + ".",
                    className="small text-body-secondary",
                ),
            ],
            f"{cite('iod2025')}; weights {cite('census2021')}"
            if weight_note.startswith("weighted by Census")
            else cite("iod2025"),
            "cidr",
        )
    )
    cards.append(
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
                )
                if o.has("imd19_decile1_share")
                else None,
            ],
            f"{cite('iod2025')}; {cite('iod2019')}"
            if o.has("imd19_decile1_share")
            else cite("iod2025"),
            "deprived",
        )
    )
    if o.has("cilif_children"):
        cards.append(
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
            )
        )
    if o.has("uc_households"):
        cards.append(
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
                    )
                    if o.has("uc_rate")
                    else None,
                    html.Div(
                        f"{o.row('uc_households')['date']}. Includes households in work.",
                        className="small text-body-secondary",
                    ),
                ],
                f"{cite('uc_households')}, {o.row('uc_households')['date']}",
                "uc",
            )
        )
    return html.Section(
        [
            html.H2(f"{region.called_title} at a glance", className="h4"),
            dbc.Row(cards, id=ids.OVERVIEW_CARDS),
        ],
        id="ov-headline",
        className="ov-section",
    )
