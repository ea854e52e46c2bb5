"""Progress per zone and month on the plan page: a chart and tables, every figure through the
suppression edge (``layers.outcomes.shown``), with its sources and dates."""

from __future__ import annotations

import math
from typing import Any

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from dashboard.outcomes.chart_svg import ZONE_COLOURS, progress_svg, svg_data_uri
from layers.outcomes.progress import ALL_OUTCOMES, PHASES, Progress
from layers.outcomes.shown import NOT_COVERED, SUPPRESSED, shown


def cell(value: Any, note: str = "", digits: int = 1, covered: bool = True) -> str:
    """A figure as text: "suppressed" or "missing" (with why, in the note) rather than a number."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        if "suppressed" in note:
            return "suppressed"
        return "missing" if not covered else "–"
    return f"{value:,.{digits}f}" if digits else f"{int(value):,}"


def shown_table(found: Progress) -> pd.DataFrame:
    return shown(found.table)


def shown_summary(found: Progress) -> pd.DataFrame:
    return shown(found.summary, {"count": ("per_100", "per_100_per_month", "share_of_target")})


def chosen_outcome(found: Progress) -> str:
    return found.target_outcome or ALL_OUTCOMES


def progress_chart(found: Progress, title: str = "Progress per zone") -> str:
    """The chart as SVG text (the page shows it as an image, the report inlines it)."""
    return progress_svg(found, shown_table(found), chosen_outcome(found), title)


def summary_rows(found: Progress) -> list[dict[str, str]]:
    """Per zone and phase, for the target's outcome: the rows both the page and the report show."""
    outcome = chosen_outcome(found)
    summary = shown_summary(found)
    summary = summary[summary["outcome"] == outcome]
    rows = []
    for _, r in summary.iterrows():
        note = str(r.get("note", ""))
        target = r["target_per_100"]
        rows.append(
            {
                "Zone": str(r["zone"]),
                "Phase": str(r["phase"]),
                "Months": str(r["months"]),
                "People": cell(r["count"], note, 0),
                "Out-of-work claimants": cell(r["claimants"], "", 0),
                "Per 100 claimants": cell(r["per_100"], note, 2),
                "Per 100 per month": cell(r["per_100_per_month"], note, 2),
                "Target per 100": "–" if pd.isna(target) else f"{target:g}",
                "Share of target": "–"
                if pd.isna(target)
                else cell(
                    None if pd.isna(r["share_of_target"]) else 100 * r["share_of_target"], note, 0
                )
                + ("" if pd.isna(r["share_of_target"]) else "%"),
            }
        )
    order: dict[str, int] = {p: i for i, p in enumerate(PHASES)}
    return sorted(rows, key=lambda r: (int(r["Zone"]), order.get(r["Phase"], 9)))


def month_rows(found: Progress) -> list[dict[str, str]]:
    outcome = chosen_outcome(found)
    table = shown_table(found)
    table = table[table["outcome"] == outcome]
    out = []
    for _, r in table.iterrows():
        note = str(r.get("note", ""))
        covered = bool(r["covered"])
        out.append(
            {
                "Zone": str(r["zone"]),
                "Month": str(r["month"]),
                "Phase": str(r["phase"]),
                "People": cell(r["count"], note, 0, covered),
                "Per 100 claimants": cell(r["per_100"], note, 2, covered),
                "Per 100 to date": cell(r["per_100_to_date"], note, 2)
                if r["phase"] == "during"
                else "",
                "Target per 100": ""
                if pd.isna(r["target_per_100"])
                else f"{r['target_per_100']:g}",
            }
        )
    return out


def table_of(rows: list[dict[str, str]], table_id: str) -> dbc.Table:
    if not rows:
        return dbc.Table(id=table_id)
    head = list(rows[0])
    return dbc.Table(
        [
            html.Thead(html.Tr([html.Th(h) for h in head])),
            html.Tbody([html.Tr([html.Td(r[h]) for h in head]) for r in rows]),
        ],
        size="sm",
        responsive=True,
        striped=True,
        id=table_id,
    )


def why_blank() -> str:
    return (
        f"“suppressed”: {SUPPRESSED} (and any rate built on them); “missing”: {NOT_COVERED}; "
        "neither is ever shown as 0."
    )


def progress_section(found: Progress, sources: str) -> html.Div:
    outcome = chosen_outcome(found)
    return html.Div(
        [
            html.H3("Progress per zone", className="h6"),
            html.P(
                f"“{outcome}” per 100 out-of-work claimants in each zone, month by month; the "
                f"flood period ({found.flood.label}) shaded. Before, during and after the flood "
                "below, with the zone's target over the flood.",
                className="small",
            ),
            html.Img(
                src=svg_data_uri(progress_chart(found)),
                alt=f"Chart: “{outcome}” per 100 claimants per zone, month by month",
                className="img-fluid mb-2",
                id="plan-progress-chart",
            ),
            html.P(
                "Zones beyond the seventh share colours, and the key names the first ten: the "
                "tables below name every zone.",
                className="small text-body-secondary",
            )
            if found.table["zone"].nunique() > len(ZONE_COLOURS)
            else None,
            table_of(summary_rows(found), "plan-progress-summary"),
            html.Details(
                [
                    html.Summary("Month by month", className="small"),
                    table_of(month_rows(found), "plan-progress-months"),
                ],
                className="mb-2",
            ),
            html.Ul([html.Li(n) for n in found.notes], className="small") if found.notes else None,
            html.P(why_blank(), className="small text-body-secondary"),
            html.P(sources, className="small text-body-secondary", id="plan-progress-sources"),
        ],
        className="mb-3",
    )
