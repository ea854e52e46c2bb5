"""A check that runs on one data directory in a process of its own (the app's caches hold one bundle
per process) and answers with one JSON report on standard output: the check module's ``main`` and
the real-data test's call to it share this one protocol."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from geodata.config import REPO_ROOT

PREFIX = "REPORT "


def serve(check: Callable[[Path], dict], argv: list[str]) -> int:
    """``python -m tests.<check> DATA_DIR CACHE_DIR``: the report of ``check`` on ``DATA_DIR``, its
    bundle built in ``CACHE_DIR``."""
    data_dir, cache_dir = Path(argv[0]), Path(argv[1])
    os.environ["OUTREACH_ATLAS_CACHE_DIR"] = str(cache_dir)
    report = check(data_dir)
    print(PREFIX + json.dumps(report, default=str))
    return 0


def run_report(module: str, data_dir: Path, cache: Path) -> dict:
    """Run ``python -m module DATA_DIR CACHE`` from the repository and read its report (a failure to
    answer fails with the end of its standard error)."""
    out = subprocess.run(
        [sys.executable, "-m", module, str(data_dir), str(cache)],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=900, check=False,
    )  # fmt: skip
    lines = [line for line in out.stdout.splitlines() if line.startswith(PREFIX)]
    assert out.returncode == 0 and lines, out.stderr[-3000:]
    return json.loads(lines[-1].removeprefix(PREFIX))
