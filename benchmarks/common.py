"""Shared plumbing for benchmark scripts: where results go and how they are printed."""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"


def machine() -> str:
    import os

    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def command_line(module: str, doc: str | None) -> argparse.Namespace:
    """The command line every benchmark script shares: ``--help`` says what it measures (and runs
    nothing); ``--quick`` and ``--kill-worker``, which ``python -m benchmarks`` passes to every script,
    are accepted by all (see ``quick()``)."""
    parser = argparse.ArgumentParser(
        prog=f"python -m {module}",
        description=doc,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--quick", action="store_true", help="fewer repeats and shorter runs")
    parser.add_argument("--kill-worker", action="store_true", help="used by bench_load only")
    return parser.parse_args()


def quick() -> bool:
    """``--quick`` (or ``BENCH_QUICK=1``): fewer repeats and shorter runs, for a fast look."""
    import os
    import sys

    return "--quick" in sys.argv or os.environ.get("BENCH_QUICK") == "1"


def median_seconds(action: Callable[[], Any], repeats: int = 5) -> float:
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def write(name: str, rows: list[dict[str, Any]]) -> Path:
    """rows: {"measure", "value", "unit", "goal"?, "baseline"?, "note"?}"""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps({"machine": machine(), "rows": rows}, indent=2))
    print_table(name, rows)
    return path


def print_table(name: str, rows: list[dict[str, Any]]) -> None:
    print(f"\n## {name}  ({machine()})")
    print(f"{'measure':<58} {'value':>12} {'unit':<6} {'goal':<14} baseline")
    for row in rows:
        value = row["value"]
        shown = f"{value:,.3f}" if isinstance(value, float) else f"{value:,}"
        print(
            f"{row['measure']:<58} {shown:>12} {row.get('unit', ''):<6} "
            f"{row.get('goal', ''):<14} {row.get('baseline', '')}"
        )
        if row.get("note"):
            print(f"    {row['note']}")
