"""Package boundaries: geodata never imports Dash or Plotly."""

from __future__ import annotations

import subprocess
import sys

from geodata.config import REPO_ROOT


def test_geodata_does_not_import_dash_or_plotly():
    code = (
        "import geodata, geodata.bundle, geodata.build, geodata.__main__, sys; "
        "bad = [m for m in ('dash', 'plotly') if m in sys.modules]; "
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, check=True)
