"""Progress per zone as an SVG line chart drawn on the server: no script, prints on the page and in
the report alike, and passes the page's CSP as an image. Values come through the suppression edge:
a suppressed month or one no file covers is a gap in the line, never 0."""

from __future__ import annotations

import base64
import math
from html import escape

import pandas as pd

from layers.outcomes.progress import Progress

ZONE_COLOURS = ("#1f4e79", "#b35900", "#2e7d32", "#6a1b9a", "#00838f", "#8d6e63", "#c62828")
WIDTH, HEIGHT = 760.0, 300.0
LEFT, RIGHT, TOP, BOTTOM = 56.0, 12.0, 16.0, 44.0


def _nice_top(value: float) -> float:
    if value <= 0 or not math.isfinite(value):
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power


def progress_svg(found: Progress, table: pd.DataFrame, outcome: str, title: str) -> str:
    """``table``: the progress table as it may be shown (``layers.outcomes.shown.shown``)."""
    months = list(found.months)
    rows = table[table["outcome"] == outcome]
    if not months or rows.empty:
        return ""
    top = _nice_top(float(rows["per_100"].max(skipna=True) or 0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(months) - 1, 1)

    def x(i: int) -> float:
        return LEFT + i * step

    def y(v: float) -> float:
        return TOP + plot_h * (1 - v / top)

    parts = [
        f'<svg viewBox="0 0 {WIDTH:g} {HEIGHT:g}" role="img" aria-label="{escape(title)}" '
        'xmlns="http://www.w3.org/2000/svg" font-family="DejaVu Sans, Arial, sans-serif">',
        f"<title>{escape(title)}</title>",
    ]
    during = [i for i, m in enumerate(months) if found.flood.phase(m) == "during"]
    if during:
        x0, x1 = x(during[0]) - step / 2, x(during[-1]) + step / 2
        x0, x1 = max(x0, LEFT), min(x1, WIDTH - RIGHT)
        parts.append(
            f'<rect x="{x0:.1f}" y="{TOP}" width="{x1 - x0:.1f}" height="{plot_h}" '
            'fill="#ffe08a" fill-opacity="0.45"/>'
        )
        parts.append(f'<text x="{x0 + 3:.1f}" y="{TOP + 11}" font-size="10">flood</text>')
    for k in range(5):
        v = top * k / 4
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(v):.1f}" y2="{y(v):.1f}" '
            'stroke="#dee2e6" stroke-width="0.6"/>'
        )
        parts.append(
            f'<text x="{LEFT - 4}" y="{y(v) + 3:.1f}" font-size="9" text-anchor="end">{v:g}</text>'
        )
    every = max(1, math.ceil(len(months) / 12))
    for i, month in enumerate(months):
        if i % every == 0:
            parts.append(
                f'<text x="{x(i):.1f}" y="{HEIGHT - BOTTOM + 13}" font-size="9" '
                f'text-anchor="middle">{escape(month)}</text>'
            )
    parts.append(
        f'<text x="12" y="{TOP + plot_h / 2:.0f}" font-size="9" text-anchor="middle" '
        f'transform="rotate(-90 12 {TOP + plot_h / 2:.0f})">per 100 claimants</text>'
    )
    position = {m: i for i, m in enumerate(months)}
    for n, (zone, zone_rows) in enumerate(rows.groupby("zone")):
        colour = ZONE_COLOURS[n % len(ZONE_COLOURS)]
        segment: list[str] = []
        segments: list[list[str]] = []
        for month, value in zip(zone_rows["month"], zone_rows["per_100"], strict=True):
            if month not in position:
                continue
            if value is None or not math.isfinite(float(value)):
                if segment:
                    segments.append(segment)
                segment = []
                continue
            segment.append(f"{x(position[month]):.1f},{y(float(value)):.1f}")
        if segment:
            segments.append(segment)
        for points in segments:
            if len(points) == 1:
                cx, cy = points[0].split(",")
                parts.append(f'<circle cx="{cx}" cy="{cy}" r="2" fill="{colour}"/>')
            else:
                parts.append(
                    f'<polyline points="{" ".join(points)}" fill="none" stroke="{colour}" '
                    'stroke-width="1.6"/>'
                )
        lx = LEFT + (n % 10) * (plot_w / 10)
        ly = HEIGHT - 14 + (n // 10) * 0  # one row: zones beyond ten share colours, named in tables
        if n < 10:
            parts.append(
                f'<rect x="{lx:.1f}" y="{ly - 7:.1f}" width="8" height="8" fill="{colour}"/>'
                f'<text x="{lx + 11:.1f}" y="{ly:.1f}" font-size="9">Zone {escape(str(zone))}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def svg_data_uri(svg: str) -> str:
    """An SVG as an image address (the page's CSP allows data: images)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
