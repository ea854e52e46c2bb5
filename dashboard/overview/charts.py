"""Plotly figures for the overview, each drawn only from rows of the overview's tidy frame."""

from __future__ import annotations

import plotly.graph_objects as go

from geodata.overview import (
    INDICATORS,
    Overview,
    sorted_areas,
)
from geodata.region import Region
from geodata.sources import ENGLAND_CODE

# Dark enough for 3:1 against white (WCAG non-text contrast), given to the boroughs in the region's
# order (repeating past twelve); the region is black, England grey.
BOROUGH_COLOURS = ("#b15928", "#1f78b4", "#2e7d32", "#6a3d9a", "#c2185b", "#00838f", "#8c510a",
                   "#4d4d4d", "#01665e", "#762a83", "#b2182b", "#2166ac")  # fmt: skip
REGION_COLOUR, ENGLAND_COLOUR = "#111111", "#595959"
BOROUGH_DOT = "#4f6d8a"
FONT = {"family": "Lato, Helvetica, Arial, sans-serif", "size": 12, "color": "#212529"}


def area_colours(region: Region) -> dict[str, str]:
    colours = {
        code: BOROUGH_COLOURS[i % len(BOROUGH_COLOURS)] for i, code in enumerate(region.lads)
    }
    return {**colours, region.code: REGION_COLOUR, ENGLAND_CODE: ENGLAND_COLOUR}


def _base(fig: go.Figure, height: int, title: str | None = None) -> go.Figure:
    fig.update_layout(
        height=height,
        margin={"l": 10, "r": 20, "t": 40 if title else 10, "b": 40},
        font=FONT,
        plot_bgcolor="white",
        paper_bgcolor="white",
        hoverlabel={"bgcolor": "white"},
        title={"text": title, "x": 0.01, "font": {"size": 14}} if title else None,
        showlegend=False,
    )
    fig.update_xaxes(gridcolor="#e5e5e5", zeroline=False, linecolor="#888888")
    fig.update_yaxes(gridcolor="#e5e5e5", zeroline=False, linecolor="#888888")
    return fig


def _label(code: str, name: str, region_code: str) -> str:
    return f"<b>{name}</b>" if code == region_code else name


def borough_dots(
    overview: Overview,
    indicator: str,
    *,
    region: Region,
    reference: tuple[float, str] | None = None,
    bars: bool = False,
) -> go.Figure:
    """The boroughs and the region, highest at the top, the region marked."""
    rows = sorted_areas(overview, indicator).iloc[::-1]  # plotly draws the first category lowest
    labels = [
        _label(c, n, region.code) for c, n in zip(rows["area_code"], rows["area_name"], strict=True)
    ]
    is_region = rows["area_code"] == region.code
    colours = ["#111111" if r else BOROUGH_DOT for r in is_region]
    hover = [
        f"{n}: {s}<br>{d}"
        for n, s, d in zip(rows["area_name"], rows["shown"], rows["date"], strict=True)
    ]
    if bars:
        trace = go.Bar(
            x=rows["value"], y=labels, orientation="h", marker={"color": colours},
            text=rows["shown"], textposition="outside", cliponaxis=False,
            hovertext=hover, hoverinfo="text",
        )  # fmt: skip
    else:
        trace = go.Scatter(
            x=rows["value"], y=labels, mode="markers+text",
            marker={"color": colours, "size": [14 if r else 11 for r in is_region],
                    "symbol": ["diamond" if r else "circle" for r in is_region]},
            text=rows["shown"], textposition="middle right", cliponaxis=False,
            hovertext=hover, hoverinfo="text",
        )  # fmt: skip
    fig = go.Figure(trace)
    if reference is not None:
        value, text = reference
        fig.add_vline(x=value, line={"color": "#595959", "dash": "dash", "width": 1.5})
        fig.add_annotation(
            x=value, y=1.0, yref="paper", yanchor="bottom", text=text, showarrow=False,
            font={"size": 11, "color": "#404040"},
        )  # fmt: skip
    _base(fig, 270)
    fig.update_xaxes(title={"text": INDICATORS[indicator].unit}, rangemode="tozero")
    fig.update_layout(margin={"l": 10, "r": 60, "t": 28, "b": 40})
    return fig


def deprivation_dumbbell(overview: Overview, region: Region) -> go.Figure:
    """Share of LSOAs in England's most deprived 10%: IMD 2025 (filled) against IMD 2019 (open, where
    the region's data has IMD 2019)."""
    now = sorted_areas(overview, "imd25_decile1_share").iloc[::-1]
    then = overview.rows("imd19_decile1_share").set_index("area_code")["value"]
    then_shown = overview.rows("imd19_decile1_share").set_index("area_code")["shown"]
    has_then = not then.empty
    labels = [
        _label(c, n, region.code) for c, n in zip(now["area_code"], now["area_name"], strict=True)
    ]
    fig = go.Figure()
    for label, code, value in zip(labels, now["area_code"], now["value"], strict=True):
        if not has_then:
            break
        fig.add_trace(
            go.Scatter(
                x=[then[code], value], y=[label, label], mode="lines",
                line={"color": "#9aa5ae", "width": 3}, hoverinfo="skip", showlegend=False,
            )
        )  # fmt: skip
    if has_then:
        fig.add_trace(
            go.Scatter(
                x=[then[c] for c in now["area_code"]], y=labels, mode="markers", name="IMD 2019 (2011 LSOAs)",
                marker={"color": "white", "size": 11, "line": {"color": "#4f6d8a", "width": 2}},
                hovertext=[f"{n}: {then_shown[c]} (IMD 2019)" for c, n in zip(now["area_code"], now["area_name"], strict=True)],
                hoverinfo="text",
            )
        )  # fmt: skip
    fig.add_trace(
        go.Scatter(
            x=now["value"], y=labels, mode="markers+text", name="IMD 2025 (2021 LSOAs)",
            marker={"color": [REGION_COLOUR if c == region.code else "#4f6d8a" for c in now["area_code"]],
                    "size": 12},
            text=now["shown"], textposition="middle left", cliponaxis=False,
            hovertext=[f"{n}: {s} (IMD 2025)" for n, s in zip(now["area_name"], now["shown"], strict=True)],
            hoverinfo="text",
        )
    )  # fmt: skip
    # England's share as the data gives it (the England-wide table), else the published definition.
    england = overview.row("imd25_decile1_share", ENGLAND_CODE)
    computed = england is not None and "computed" in str(england["note"])
    x = float(england["value"]) if england is not None else 10.0
    text = f"England {england['shown']}" if computed else "England 10% (by definition)"
    fig.add_vline(x=x, line={"color": "#595959", "dash": "dash", "width": 1.5})
    fig.add_annotation(
        x=x, y=1.0, yref="paper", yanchor="bottom", text=text,
        showarrow=False, font={"size": 11, "color": "#404040"},
    )  # fmt: skip
    _base(fig, 330)
    fig.update_layout(
        showlegend=True,
        legend={"orientation": "h", "y": -0.22, "x": 0},
        margin={"l": 10, "r": 30, "t": 28, "b": 40},
    )
    fig.update_xaxes(title={"text": "% of LSOAs"}, rangemode="tozero")
    return fig


def reach_chart(overview: Overview, region: Region) -> go.Figure:
    curve = overview.reach_curve
    x = (curve["share_of_areas"] * 100).tolist()
    y = (curve["share_reached"] * 100).tolist()
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=[0, 100], y=[0, 100], mode="lines", line={"color": "#9aa5ae", "dash": "dot"},
            hoverinfo="skip", name="If need were spread evenly", meta="reference",
        )
    )  # fmt: skip
    fig.add_trace(
        go.Scatter(
            x=x, y=y, mode="lines", line={"color": "#111111", "width": 3},
            name=region.name, hovertemplate="%{x:.1f}% of LSOAs hold %{y:.1f}% of claimants<extra></extra>",
        )
    )  # fmt: skip
    points = overview.rows("reach_share_of_claimants")
    lsoas = overview.rows("reach_lsoas")
    for (_, point), (_, n) in zip(points.iterrows(), lsoas.iterrows(), strict=True):
        share_of_lsoas = n["value"] / len(curve) * 100
        fig.add_trace(
            go.Scatter(
                x=[share_of_lsoas], y=[point["value"]], mode="markers",
                marker={"color": "#c2185b", "size": 10}, hoverinfo="skip", showlegend=False,
            )
        )  # fmt: skip
        fig.add_annotation(
            x=share_of_lsoas, y=point["value"], text=f"{n['shown']} LSOAs: {point['shown']}",
            showarrow=True, arrowhead=0, ax=45, ay=22, xanchor="left", font={"size": 11},
            bgcolor="rgba(255,255,255,0.85)",
        )  # fmt: skip
    _base(fig, 380)
    fig.update_layout(showlegend=True, legend={"x": 0.55, "y": 0.12})
    fig.update_xaxes(
        title={"text": f"Share of {region.called}'s {len(curve):,} LSOAs, most deprived first (IMD 2025 score)"},
        ticksuffix="%", range=[0, 100],
    )  # fmt: skip
    fig.update_yaxes(
        title={"text": "Share of out-of-work claimants"}, ticksuffix="%", range=[0, 100]
    )
    return fig


def _lines(
    overview: Overview,
    indicator: str,
    areas: tuple[str, ...],
    periods: list[str],
    region_: Region,
    *,
    x_values: list | None = None,
) -> go.Figure:
    fig = go.Figure()
    rows = overview.rows(indicator)
    colours = area_colours(region_)
    for code in dict.fromkeys(areas):
        own = (
            rows[rows["area_code"] == code]
            .drop_duplicates("date")
            .set_index("date")
            .reindex(periods)
        )
        if own["value"].isna().all():
            continue  # an area the series does not cover: no empty line in the legend
        name = own["area_name"].dropna().iloc[0]
        region, england = code == region_.code, code == ENGLAND_CODE
        fig.add_trace(
            go.Scatter(
                x=x_values or periods, y=own["value"], name=name,
                mode="lines+markers" if len(periods) <= 30 else "lines",
                connectgaps=False,
                line={"color": colours.get(code, ENGLAND_COLOUR), "width": 3.5 if region else 2,
                      "dash": "dash" if england else "solid"},
                marker={"size": 5},
                customdata=own[["shown", "note"]].fillna("").to_numpy(),
                hovertemplate=f"{name}: %{{customdata[0]}}<br>%{{x}} %{{customdata[1]}}<extra></extra>",
            )
        )  # fmt: skip
    _base(fig, 340)
    fig.update_layout(showlegend=True, legend={"orientation": "h", "y": -0.2, "x": 0})
    fig.update_layout(margin={"l": 10, "r": 20, "t": 40, "b": 70})
    return fig


def claimant_trend(overview: Overview, region: Region) -> go.Figure:
    years = sorted(overview.rows("claimant_rate_annual")["date"].unique())
    areas = (*region.lads, region.code, ENGLAND_CODE)
    fig = _lines(
        overview, "claimant_rate_annual", areas, years, region, x_values=[int(y) for y in years]
    )
    plan = region.plan or {}
    if plan.get("period"):  # the region's plan period, shaded, when it has a plan
        start, end = plan["period"]
        fig.add_vrect(
            x0=start - 0.5, x1=end + 0.5, fillcolor="#f1c40f", opacity=0.18, line_width=0,
            annotation_text=plan.get("period_label", ""), annotation_position="top left",
            annotation_font={"size": 11},
        )  # fmt: skip
    fig.update_yaxes(title={"text": "% of residents aged 16–64"}, rangemode="tozero")
    fig.update_xaxes(dtick=2)
    return fig


def jts_trend(overview: Overview, region: Region) -> go.Figure:
    published = sorted(int(y) for y in overview.rows("jts_pt_walk")["date"].unique())
    # Every calendar year on the axis, so a year with no publication (2018) shows as a gap.
    years = [str(y) for y in range(published[0], published[-1] + 1)]
    areas = (*region.lads, ENGLAND_CODE)
    fig = _lines(overview, "jts_pt_walk", areas, years, region, x_values=[int(y) for y in years])
    fig.update_yaxes(title={"text": "minutes"})
    fig.update_xaxes(dtick=1)
    return fig


def uc_trend(overview: Overview, region: Region) -> go.Figure:
    rows = overview.rows("uc_households_monthly")
    months = sorted(rows["date"].unique())
    fig = _lines(overview, "uc_households_monthly", tuple(region.lads), months, region)
    flagged = rows[rows["note"].str.contains("revised")]["date"].unique()
    if len(flagged):
        fig.add_vrect(
            x0=min(flagged), x1=max(flagged), fillcolor="#9aa5ae", opacity=0.2, line_width=0,
            annotation_text="revised", annotation_position="top left", annotation_font={"size": 11},
        )  # fmt: skip
    provisional = sorted(rows[rows["note"].str.contains("provisional")]["date"].unique())
    for month in provisional:
        fig.add_annotation(
            x=month, y=1.0, yref="paper", text="provisional", showarrow=False,
            xanchor="right", yanchor="bottom", font={"size": 11},
        )  # fmt: skip
    fig.update_yaxes(title={"text": "households (in and out of work)"}, rangemode="tozero")
    fig.update_xaxes(tickvals=[m for m in months if m.endswith("-01")],
                     ticktext=[m[:4] for m in months if m.endswith("-01")])  # fmt: skip
    return fig


def cilif_trend(overview: Overview, region: Region) -> go.Figure:
    rows = overview.rows("cilif_children_annual")
    years = sorted(rows["date"].unique())
    fig = _lines(overview, "cilif_children_annual", tuple(region.lads), years, region)
    for year in sorted(rows[rows["note"] == "provisional"]["date"].unique()):
        fig.add_annotation(
            x=year, y=1.0, yref="paper", text="provisional", showarrow=False,
            yanchor="bottom", font={"size": 11},
        )  # fmt: skip
    fig.update_yaxes(title={"text": "children aged under 16"}, rangemode="tozero")
    return fig


def plan_ib_chart(overview: Overview) -> go.Figure:
    """The plan's Incapacity Benefit baseline, trend and stretch target, as documented."""
    baseline = overview.rows("maa_ib_claimants_baseline").iloc[0]
    fig = go.Figure()
    for indicator, name, colour, dash in (
        ("maa_ib_claimants_trend", "Trend (no MAA)", "#595959", "dash"),
        ("maa_ib_claimants_stretch", "MAA stretch target", "#c2185b", "solid"),
    ):
        rows = overview.rows(indicator)
        fig.add_trace(
            go.Scatter(
                x=[baseline["date"], *rows["date"]], y=[baseline["value"], *rows["value"]],
                name=name, mode="lines+markers+text", line={"color": colour, "dash": dash, "width": 2.5},
                text=["", *rows["shown"]], textposition="bottom center" if dash == "solid" else "top center",
                customdata=[baseline["shown"], *rows["shown"]],
                hovertemplate=f"{name} %{{x}}: %{{customdata}}<extra></extra>",
            )
        )  # fmt: skip
    fig.add_trace(
        go.Scatter(
            x=[baseline["date"]], y=[baseline["value"]], mode="markers+text", name="Baseline",
            marker={"color": "#111111", "size": 12}, text=[baseline["shown"]], textposition="top right",
            hovertemplate=f"Baseline %{{x}}: {baseline['shown']}<extra></extra>",
        )
    )  # fmt: skip
    _base(fig, 300)
    fig.update_layout(showlegend=True, legend={"orientation": "h", "y": -0.2, "x": 0})
    fig.update_layout(margin={"l": 10, "r": 20, "t": 20, "b": 70})
    fig.update_yaxes(title={"text": "Incapacity Benefit claimants"}, range=[94000, 107000])
    fig.update_xaxes(type="category")
    return fig


# What changed the Claimant Count besides need: shaded on the concentration charts (as on the
# profile's time chart, layers.change.MARKS).
CLAIMANT_SPANS = ((2013, 2018, "Universal Credit roll-out"), (2020, 2021, "Pandemic"))
CONCENTRATION_LINES = (
    ("cc_share_top10_reranked", "10% re-ranked each year", "solid", 3),
    ("cc_share_top10_fixed", "10% fixed in the base year", "dot", 3),
    ("cc_share_top20_reranked", "20% re-ranked each year", "solid", 2),
    ("cc_share_top20_fixed", "20% fixed in the base year", "dot", 2),
)


def _claimant_spans(fig: go.Figure) -> None:
    for start, end, text in CLAIMANT_SPANS:
        fig.add_vrect(
            x0=start - 0.5, x1=end + 0.5, fillcolor="#6c757d", opacity=0.08, line_width=0,
            annotation_text=text, annotation_position="top left", annotation_font={"size": 10},
        )  # fmt: skip


def claimant_concentration(overview: Overview, region: Region) -> go.Figure:
    """The region's share of claimants in its 10% and 20% highest-claimant LSOAs, 2013-2022."""
    fig = go.Figure()
    for indicator, name, dash, width in CONCENTRATION_LINES:
        rows = overview.rows(indicator, region.code).drop_duplicates("date").sort_values("date")
        fig.add_trace(
            go.Scatter(
                x=[int(d) for d in rows["date"]], y=rows["value"], name=name, mode="lines+markers",
                line={"color": REGION_COLOUR if "10" in indicator else "#2166ac", "dash": dash,
                      "width": width},
                marker={"size": 5},
                customdata=rows[["shown", "note"]].to_numpy(),
                hovertemplate="%{x}: %{customdata[0]}<br>%{customdata[1]}<extra></extra>",
            )
        )  # fmt: skip
    _base(fig, 340)
    _claimant_spans(fig)
    fig.update_layout(showlegend=True, legend={"orientation": "h", "y": -0.2, "x": 0})
    fig.update_layout(margin={"l": 10, "r": 20, "t": 40, "b": 70})
    fig.update_yaxes(title={"text": "% of claimants"}, ticksuffix="%", rangemode="tozero")
    fig.update_xaxes(dtick=1)
    return fig


def claimant_concentration_boroughs(overview: Overview, region: Region) -> go.Figure:
    """Each borough's share of its claimants living in the region's 10% highest-claimant LSOAs
    (re-ranked each year)."""
    indicator = "cc_share_top10_reranked"
    years = sorted(overview.rows(indicator)["date"].unique())
    fig = _lines(
        overview, indicator, (*region.lads, region.code), years, region,
        x_values=[int(y) for y in years],
    )  # fmt: skip
    _claimant_spans(fig)
    fig.update_yaxes(
        title={"text": "% of the area's claimants"}, ticksuffix="%", rangemode="tozero"
    )
    fig.update_xaxes(dtick=1)
    return fig
