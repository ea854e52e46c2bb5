"""The map before dash-leaflet, measured beside the current one in the same benchmark run.

The baseline is the commit before the Leaflet map (plotly.js choroplethmap with the MapLibre
feature-state fill), unpacked with ``git archive`` into a temporary folder (nothing is added to the
repository's worktrees), served by this virtual environment on its own loopback port from the same
data and bundle. It lives only here, for measuring: none of its code is in the product.
``OUTREACH_ATLAS_BENCH_BASELINE`` names another commit; ``--no-baseline`` skips it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from geodata.config import CACHE_DIR_ENV, DATA_DIR_ENV, REPO_ROOT, cache_root, resolve_data_dir

BASELINE_COMMIT = "ea12a083c4b18c2f498b8c7b289abdd7fd0ddd10"  # main before issue 14
BASELINE_ENV = "OUTREACH_ATLAS_BENCH_BASELINE"


def wanted() -> bool:
    return "--no-baseline" not in sys.argv


def commit() -> str:
    return os.environ.get(BASELINE_ENV) or BASELINE_COMMIT


def checkout(rev: str | None = None) -> Path:
    """The baseline's files in a temporary folder (made once per commit and kept for reuse)."""
    rev = rev or commit()
    root = Path(tempfile.gettempdir()) / f"outreach-atlas-baseline-{rev[:12]}"
    if not (root / "app.py").is_file():
        root.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(
            ["git", "archive", "--format=tar", rev], cwd=REPO_ROOT, check=True, capture_output=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(root)], input=archive, check=True)
    # The partial plotly.js is built, not committed: the baseline serves the same build.
    dist = root / "vendor" / "plotly.js" / "dist"
    if not dist.exists():
        dist.symlink_to((REPO_ROOT / "vendor" / "plotly.js" / "dist").resolve())
    return root


def environment(root: Path) -> dict[str, str]:
    """Run the baseline's code with this environment's packages, data and bundle."""
    return {
        "PYTHONPATH": str(root),
        DATA_DIR_ENV: str(resolve_data_dir()),
        CACHE_DIR_ENV: str(cache_root()),
    }


def run_python(root: Path, code: str) -> str:
    """Run ``code`` with the baseline's modules and return what it prints."""
    env = {**os.environ, **environment(root)}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=root, env=env, check=True, capture_output=True, text=True
    )
    return done.stdout
