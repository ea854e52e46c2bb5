"""Process caches that used to be keyed by level alone (area tables, their bounds, the postcode
index, the postcode search's area trees) are keyed by the served bundle too (issue 21 item 9): a
process handed another bundle never answers from the first one."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from types import MappingProxyType

import pytest

from dashboard.mapview import areas
from dashboard.postcodes import lookup, search
from layers.keyed import Keyed, bundle_identity

pytestmark = pytest.mark.realdata


@pytest.fixture()
def smaller(app_bundle, tmp_path):
    """A second bundle: the same region cut to its first ten LSOAs (another directory and hash)."""
    keep = app_bundle.lsoa.index[:10]
    geo = tmp_path / "geo"
    shutil.copytree(app_bundle.path / "geo", geo)
    data = json.loads((geo / "lsoa.geojson").read_text())
    data["features"] = [f for f in data["features"] if f["properties"]["code"] in set(keep)]
    (geo / "lsoa.geojson").write_text(json.dumps(data))
    postcodes = app_bundle.postcodes
    manifest = MappingProxyType({**app_bundle.manifest, "input_hash": "another-build"})
    return replace(
        app_bundle,
        path=tmp_path,
        manifest=manifest,
        lsoa=app_bundle.lsoa.loc[keep],
        postcodes=None if postcodes is None else postcodes.iloc[:0],
    )


def test_bundle_identity_is_its_directory_and_input_hash(app_bundle, smaller):
    assert bundle_identity(app_bundle) != bundle_identity(smaller)
    assert Keyed(bundle_identity(app_bundle), 1) != Keyed(bundle_identity(smaller), 1)


def test_area_caches_follow_the_bundle_they_are_given(app_bundle, smaller):
    full = len(areas.names(app_bundle, "lsoa"))
    assert full == len(app_bundle.lsoa) and len(areas.bounds(app_bundle, "lsoa")) == full
    assert len(areas.names(smaller, "lsoa")) == 10
    assert len(areas.boroughs_of(smaller, "lsoa")) == 10
    assert len(areas.bounds(smaller, "lsoa")) == 10
    assert len(areas.inside_points(smaller, "lsoa")) == 10
    assert len(areas.names(app_bundle, "lsoa")) == full


def test_postcode_caches_follow_the_bundle_they_are_given(app_bundle, smaller):
    if app_bundle.postcodes is None:
        pytest.fail("the LCR data directory holds a postcode lookup")
    full = lookup.postcode_index(app_bundle)
    assert full is not None
    _, codes = search._level_tree(app_bundle, "lsoa")
    assert len(codes) == len(app_bundle.lsoa)
    index = lookup.postcode_index(smaller)
    assert index is not None and index is not full
    _, codes = search._level_tree(smaller, "lsoa")
    assert len(codes) == 10
    assert lookup.postcode_index(app_bundle) is full  # the first bundle's index is still its own


def test_target_caches_follow_the_bundle_they_are_given(app_bundle, smaller):
    """The Target page's geometry cache is keyed by ``cache_key`` of the bundle passed to it: the
    smaller bundle never reads the full one's areas, nor the other way round."""
    from dashboard.targetview.context import level_geometry

    full = len(level_geometry(app_bundle, "lsoa"))
    assert len(level_geometry(smaller, "lsoa")) == 10
    assert len(level_geometry(app_bundle, "lsoa")) == full > 10
