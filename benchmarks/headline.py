"""The headline table of docs/performance.md, as Markdown, from the latest benchmarks/results/*.json.

``python -m benchmarks.headline`` prints it (``python -m benchmarks`` prints it at the end too).
Every row with a goal is included, plus a few reference figures.
"""

from __future__ import annotations

import json
from typing import Any

from benchmarks.common import RESULTS, command_line, machine

ORDER = ("map", "target", "scale", "foundation", "browser", "load")
ALSO = (
    "naive px.choropleth_map rebuild: response size",
    "throughput",
    "p50 response",
    "p99 response",
    "retries",
    "robustness, 200 weight draws",
    "Gi* hot spots",
    "queen contiguity",
    "data build, cold",
    "bundle size on disk",
    "app cold start",
    "whole page view model",
    "Overview: every chart drawn",
    "Overview: longest main-thread task",
)


def shown(row: dict[str, Any]) -> str:
    value = row["value"]
    unit = row.get("unit", "")
    if isinstance(value, float):
        text = f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.1f}"
    else:
        text = f"{value:,}"
    return f"{text} {unit}".strip()


def verdict(row: dict[str, Any]) -> str:
    goal = str(row.get("goal", ""))
    digits = "".join(ch for ch in goal if ch.isdigit() or ch == ".")
    if not digits or not goal.lstrip().startswith(("<=", "≤", "0")):
        return ""
    limit = float(digits)
    return " ✓" if float(row["value"]) <= limit else " ✗"


def markdown() -> str:
    lines = [
        f"Measured on {machine()}.",
        "",
        "| Measure | Measured | Goal | Baseline / note |",
        "|---|---|---|---|",
    ]
    for name in ORDER:
        path = RESULTS / f"{name}.json"
        if not path.exists():
            continue
        for row in json.loads(path.read_text()).get("rows", []):
            if not row.get("goal") and not any(a in row["measure"] for a in ALSO):
                continue
            note = row.get("baseline") or ""
            lines.append(
                f"| {name}: {row['measure']} | {shown(row)}{verdict(row)} | "
                f"{row.get('goal', '')} | {note} |"
            )
    return "\n".join(lines)


if __name__ == "__main__":
    command_line("benchmarks.headline", __doc__)
    print(markdown())
