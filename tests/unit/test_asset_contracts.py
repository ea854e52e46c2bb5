"""Pinned contracts with the libraries the browser code leans on (issue 21 item 12): the versions
pinned below their next minor, the dash-leaflet context fields assets/atlas_map.js reads written
down in the decision record, and no asset reading plotly's private state."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
ASSETS = ROOT / "assets"
RECORD = ROOT / "docs" / "decisions" / "0001-map-restyle.md"


def _requirements() -> dict[str, Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    found = (Requirement(line) for line in project["dependencies"])
    return {r.name.lower(): r for r in found}


def test_dash_and_dash_leaflet_are_pinned_below_their_next_major_and_minor():
    requirements = _requirements()
    leaflet, dash = requirements["dash-leaflet"].specifier, requirements["dash"].specifier
    assert str(leaflet) in ("<1.2,>=1.1.3", ">=1.1.3,<1.2")
    assert str(dash) in ("<5,>=4.4.1", ">=4.4.1,<5")
    assert Version("1.2.0") not in leaflet and Version("5.0.0") not in dash
    assert Version(metadata.version("dash-leaflet")) in leaflet  # what runs is what is pinned
    assert Version(metadata.version("dash")) in dash


def test_the_decision_record_names_every_context_field_the_map_script_reads():
    script = (ASSETS / "atlas_map.js").read_text()
    fields = set(re.findall(r"\bcontext\.(\w+)", script))
    assert fields == {"hideout", "id", "map"}, "a new dash-leaflet field: update the record"
    record = RECORD.read_text()
    for name in fields:
        assert f"`context.{name}`" in record
    assert "atlasMap.apply" in record and "dash-leaflet>=1.1.3,<1.2" in record


def test_no_asset_reads_plotly_private_state():
    private = re.compile(r"\._(fullLayout|fullData|context|transitionData|ev)\b")
    readers = {
        path.name: private.findall(path.read_text())
        for path in ASSETS.glob("*.js")
        if private.search(path.read_text())
    }
    assert readers == {}
