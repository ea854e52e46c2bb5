"""The comparison areas (map and list) and the difference in differences with its interval and
caveats, in plain words. Figures come from ``shown_did``: a group with 1 to 4 people in a phase has
its rates and the estimate withheld."""

from __future__ import annotations

import math
from typing import Any

import dash_bootstrap_components as dbc
from dash import html

from dashboard.outcomes.analysis import PlanComparison
from dashboard.outcomes.chart_svg import svg_data_uri
from dashboard.outcomes.progress_view import table_of
from dashboard.plans.mapsvg import FILLS, comparison_svg
from geodata.bundle import Bundle
from layers.outcomes.comparison import WELL_BALANCED
from layers.outcomes.did import DidResult

PLAN_KIND, COMPARISON_KIND = "only A", "only B"  # the plans map's two colours


def map_svg(bundle: Bundle, level: str, found: PlanComparison, title: str) -> str:
    if found.comparison is None:
        return ""
    membership = {c: PLAN_KIND for c in found.comparison.plan}
    membership |= {c: COMPARISON_KIND for c in found.comparison.comparison}
    return comparison_svg(bundle, level, membership, title)


def _num(value: float, digits: int = 2) -> str:
    return "withheld" if value is None or math.isnan(value) else f"{value:+.{digits}f}"


def _rate(value: float) -> str:
    return "withheld" if math.isnan(value) else f"{value:.2f}"


def _count(value: int) -> str:
    return "suppressed" if value < 0 else f"{value:,}"


def did_sentence(did: DidResult) -> str:
    """The result in one sentence a board member can read."""
    what = f"“{did.outcome}”" if did.outcome else "outcomes"
    if did.withheld or math.isnan(did.estimate):
        return (
            f"The difference in {what} between the plan's areas and the comparison areas cannot be "
            "shown (see why below)."
        )
    level = f"{did.confidence:.0%}"
    if math.isnan(did.low):
        interval = "no interval could be drawn"
    else:
        interval = f"{level} interval {did.low:+.2f} to {did.high:+.2f}"
    verdict = (
        "The interval includes zero: the data cannot tell a difference from chance."
        if not math.isnan(did.low) and did.low <= 0 <= did.high
        else "The interval does not include zero."
    )
    return (
        f"During the flood, {what} per 100 out-of-work claimants per month changed by "
        f"{_num(did.estimate)} more in the plan's areas than in the comparison areas "
        f"({interval}). {verdict}"
    )


def placebo_sentence(did: DidResult) -> str:
    """The same estimate inside the months before the flood (a flood that never was)."""
    if math.isnan(did.pre_trend):
        return (
            "Check before the flood: not possible (fewer than two months before it, or a count of "
            "1 to 4 behind it)."
        )
    interval = (
        ""
        if math.isnan(did.pre_trend_low)
        else f" ({did.confidence:.0%} interval {did.pre_trend_low:+.2f} to {did.pre_trend_high:+.2f})"
    )
    return (
        "Check before the flood: the same comparison between the first and second half of the "
        f"months before it gives {did.pre_trend:+.2f}{interval}; near 0 means the groups were "
        "moving together before the flood."
    )


def did_rows(did: DidResult) -> list[dict[str, str]]:
    rows = []
    for name, group in (("Plan areas", did.plan), ("Comparison areas", did.comparison)):
        rows.append(
            {
                "Group": name,
                "Areas": f"{group.n_areas:,}",
                "Out-of-work claimants": f"{group.claimants:,.0f}",
                "People before": _count(group.count_before),
                "People during": _count(group.count_during),
                "Per 100 per month before": _rate(group.before),
                "Per 100 per month during": _rate(group.during),
                "Change": _num(group.change),
            }
        )
    return rows


def match_rows(found: PlanComparison, names: dict[str, str]) -> list[dict[str, str]]:
    assert found.comparison is not None
    return [
        {
            "Plan area": f"{r.plan_code} {names.get(r.plan_code, '')}".strip(),
            "Comparison area": f"{r.comparison_code} {names.get(r.comparison_code, '')}".strip(),
            "Distance": f"{r.distance:.2f}",
            "Matched within": "the borough" if r.scope == "borough" else "the region",
        }
        for r in found.comparison.matches.itertuples()
    ]


def balance_rows(found: PlanComparison) -> list[dict[str, str]]:
    assert found.comparison is not None
    comparison = found.comparison
    return [
        {
            "Indicator": comparison.title(str(r.indicator)),
            "Plan areas": f"{r.plan_mean:.2f}",
            "Comparison areas": f"{r.comparison_mean:.2f}",
            "Region": f"{r.region_mean:.2f}",
            "Difference (SDs)": "–" if math.isnan(r.std_difference) else f"{r.std_difference:+.2f}",
            "Alike?": "yes" if r.balanced else f"no (over {WELL_BALANCED})",
        }
        for r in found.comparison.balance.itertuples()
    ]


def _table(rows: list[dict[str, str]], table_id: str) -> dbc.Table | None:
    return table_of(rows, table_id) if rows else None


def key() -> html.Div:
    return html.Div(
        [
            html.Span(
                [
                    html.Span(className="atlas-key-swatch", style={"backgroundColor": FILLS[kind]}),
                    f" {label} ",
                ],
                className="me-3",
            )
            for kind, label in ((PLAN_KIND, "Plan areas"), (COMPARISON_KIND, "Comparison areas"))
        ],
        className="small mb-1",
    )


def comparison_section(
    plan: dict[str, Any],
    found: PlanComparison,
    names: dict[str, str],
    sources: str,
    bundle: Bundle,
) -> html.Div:
    heading = html.H3("Compared with similar areas", className="h6")
    if found.comparison is None or found.did is None:
        return html.Div(
            [heading, html.P(found.problem, className="small", id="plan-comparison-problem")]
        )
    did = found.did
    svg = map_svg(bundle, plan["level"], found, f"{plan['name']}: plan and comparison areas")
    return html.Div(
        [
            heading,
            html.P(did_sentence(did), className="fw-semibold", id="plan-did-sentence"),
            _table(did_rows(did), "plan-did"),
            html.P(placebo_sentence(did), className="small", id="plan-did-placebo"),
            html.H4("What this can and cannot show", className="h6"),
            html.Ul([html.Li(c.text) for c in did.caveats], className="small", id="plan-caveats"),
            html.H4("The comparison areas", className="h6"),
            html.P(found.comparison.method, className="small"),
            key() if svg else None,
            html.Img(
                src=svg_data_uri(svg),
                alt="Map: the plan's areas and their comparison areas",
                className="img-fluid mb-2",
                style={"maxHeight": "28rem"},
                id="plan-comparison-map",
            )
            if svg
            else None,
            html.Ul([html.Li(n) for n in found.comparison.notes], className="small")
            if found.comparison.notes
            else None,
            html.Details(
                [
                    html.Summary("Each plan area and its comparison area", className="small"),
                    _table(match_rows(found, names), "plan-comparison-areas"),
                ],
                open=True,
            ),
            html.Details(
                [
                    html.Summary("How alike the groups were", className="small"),
                    _table(balance_rows(found), "plan-comparison-balance"),
                ]
            ),
            html.P(sources, className="small text-body-secondary"),
        ],
        className="mb-3",
        id="plan-comparison",
    )
