"""The Target page's charts, as plain plotly figure dicts: the reach curve and why each area was
picked.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from geodata.region import Region
from layers.targeting.engine import TargetResult

# Figures are plain dicts: plotly's validating classes cost ~50 ms per figure on every update.
AXIS = {"gridcolor": "#e5e5e5", "zeroline": False, "linecolor": "#999999"}


PLAIN = {"plot_bgcolor": "#ffffff", "paper_bgcolor": "#ffffff", "font": {"color": "#212529"}}


def reach_figure(curves: pd.DataFrame, n: int, unit: str, region: Region) -> dict:
    x = curves["n_areas"].tolist()
    series = (
        ("claimants_score", "Claimants: flood (score order)", "#b2182b", "solid"),
        ("claimants_even", "Claimants: spread evenly across boroughs", "#b2182b", "dot"),
        ("children_score", "Children (where known): flood", "#2166ac", "solid"),
        ("children_even", "Children (where known): spread evenly", "#2166ac", "dot"),
    )
    data = [
        {
            "type": "scatter",
            "x": x,
            "y": (curves[column] * 100).round(2).tolist(),
            "name": name,
            "mode": "lines",
            "line": {"color": colour, "dash": dash_style, "width": 2},
            "hovertemplate": f"%{{x}} {unit}: %{{y:.1f}}%<extra>{name}</extra>",
        }
        for column, name, colour, dash_style in series
    ]
    shapes, annotations = [], []
    if n:
        shapes.append({"type": "line", "x0": n, "x1": n, "y0": 0, "y1": 100,
                       "line": {"color": "#333333", "width": 1, "dash": "dash"}})  # fmt: skip
        annotations.append({"x": n, "y": 100, "text": f"your {n} {unit}", "showarrow": False,
                            "xanchor": "left", "yanchor": "top"})  # fmt: skip
    return {
        "data": data,
        "layout": {
            **PLAIN,
            "xaxis": {**AXIS, "title": {"text": f"Number of {unit}, neediest first"}},
            "yaxis": {
                **AXIS,
                "title": {"text": f"Share of {region.called}'s total reached (%)"},
                "range": [0, 100],
            },
            "legend": {"orientation": "h", "y": -0.25},
            "margin": {"l": 60, "r": 10, "t": 10, "b": 10},
            "height": 420,
            "shapes": shapes,
            "annotations": annotations,
        },
    }


def why_figure(result: TargetResult, areas: pd.DataFrame, share: pd.Series) -> dict:
    codes = list(result.shortlist)
    names = areas["name"].reindex(codes).tolist()
    labels = [f"{name} ({code})" for name, code in zip(names, codes, strict=True)]
    rules = set(result.selection.codes)
    kept = [
        ["added by hand" if code not in rules else f"kept in {v:.0%} of draws" if not np.isnan(v)
         else "robustness not assessed"]
        for code, v in zip(codes, share.reindex(codes).tolist(), strict=True)
    ]  # fmt: skip
    palette = ["#b2182b", "#2166ac", "#1b7837", "#762a83", "#e08214", "#4d4d4d"]
    data = [
        {
            "type": "bar",
            "orientation": "h",
            "y": labels,
            "x": result.scored.contributions[c.layer.id].reindex(codes).round(2).tolist(),
            "name": c.layer.title,
            "marker": {"color": palette[i % len(palette)]},
            "customdata": kept,
            "hovertemplate": "%{y}<br>%{x:.1f} points<br>%{customdata[0]}"
            f"<extra>{c.layer.title}</extra>",
        }
        for i, c in enumerate(result.components)
    ]
    return {
        "data": data,
        "layout": {
            **PLAIN,
            "barmode": "relative",
            "xaxis": {
                **AXIS,
                "title": {"text": "Score points from each indicator (they add up to the score)"},
            },
            "yaxis": {"autorange": "reversed", "automargin": True},
            "legend": {"orientation": "h", "y": 1.02, "yanchor": "bottom"},
            "margin": {"l": 10, "r": 10, "t": 40, "b": 10},
            "height": max(300, 22 * len(codes) + 120),
        },
    }
