"""Zones and shop-fronts where the data has less (``tests/zones_region_check.py``, a process per
region): Greater Manchester has no venues and no postcode lookup, so shop-fronts come from the
planner's premises placed by coordinates only, and say so; the City Region without its postcode
lookup places claimants at area centres and still sites shops among its venues."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.lcr import LCR_REGION
from tests.report_process import run_report

pytestmark = pytest.mark.realdata


def run_check(data_dir: Path, cache: Path) -> dict:
    report = run_report("tests.zones_region_check", data_dir, cache)
    assert report["errors"] == [], "\n".join(report["errors"])
    return report


def test_greater_manchester_sites_from_the_planners_file_only(gm_data_dir, tmp_path):
    report = run_check(gm_data_dir, tmp_path / "cache")
    assert report["venues"] == 0 and report["postcodes"] is False
    assert report["zones"] == 8 and report["zone_labels"] == 8
    assert report["sites_from_venues"] == 0
    assert any("No candidate sites" in note for note in report["notes"])
    assert any("No postcode lookup" in note for note in report["notes"])
    assert "No candidate sites" in report["panel"]
    # A postcode cannot place premises here; coordinates can, and the site is then chosen.
    assert report["by_postcode"]["placed"] == 0
    assert "'lat' and 'lon'" in report["by_postcode"]["problems"][0]
    assert report["sites_with_premises"] == ["Community hall"]
    assert report["export_site_column"] == ["Community hall"]


def test_city_region_without_its_postcode_lookup(data_dir, tmp_path):
    """Demand at area centres (said so), sites still chosen among the venues, packs name them."""
    copy = tmp_path / "lcr-no-postcodes"
    shutil.copytree(data_dir, copy, ignore=shutil.ignore_patterns("*postcodes*"))
    # With a region.json of its own, a source the directory lacks is left out, not an error.
    manifest = {"code": LCR_REGION.code, "name": LCR_REGION.name, "lads": dict(LCR_REGION.lads)}
    (copy / "region.json").write_text(json.dumps(manifest))
    report = run_check(copy, tmp_path / "cache")
    assert report["postcodes"] is False and report["venues"] > 0
    assert report["zones"] == 8
    assert report["sites_from_venues"] == 2
    assert any("No postcode lookup" in note for note in report["notes"])
    assert report["by_postcode"]["placed"] == 0
    assert report["export_site_column"]  # every zone names a site from the venues or the hall
    assert report["pack_zones"] == 8
    assert all(line.startswith("Suggested shop-front") for line in report["pack_shop_fronts"])
