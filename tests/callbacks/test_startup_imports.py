"""What a gunicorn worker holds from start-up: the app built and its first page answered (as the
master does before forking) imports none of the heavy libraries only some requests need. Each of
these costs every worker resident memory (docs/performance.md). mapclassify and libpysal (with the
scikit-learn and matplotlib they import) are the map's classes and the areas' contiguity, needed by
every worker, so they are loaded at start-up and not listed here."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from geodata.config import REPO_ROOT

# Loaded where they are used: exports, PDFs, hot spots, zone design, siting, the bundle build.
LAZY = (
    "esda",
    "openpyxl",
    "fpdf",
    "spopt",
    "pulp",
)

PROBE = """
import json, sys
from dashboard.factory import create_app
server = create_app().server
with server.test_client() as client:
    for path in ("/", "/_dash-layout", "/_dash-dependencies"):
        assert client.get(path).status_code == 200, path
print(json.dumps(sorted(name for name in %r if name in sys.modules)))
"""


def test_start_up_imports_no_library_only_some_requests_need(
    data_dir: Path, bundle_root: Path, bundle
) -> None:
    env = {**os.environ, "OUTREACH_ATLAS_DATA_DIR": str(data_dir),
           "OUTREACH_ATLAS_CACHE_DIR": str(bundle_root)}  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-c", PROBE % (LAZY,)],
        cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []
