"""The catalog (``layers.catalog``): a value built per request, layers with periods, and identity as
versioned content (``LayerKey``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from geodata.imports import Metadata, import_file, reference_for
from layers import BUILT_IN
from layers.base import SINGLE, PeriodError
from layers.catalog import LayerKey, catalog_for, shared_catalog
from layers.imported import layer_from_dataset
from layers.keyed import Keyed

ROOT = Path(__file__).resolve().parents[2]


def test_built_in_layers_have_periods_and_a_default(bundle):
    catalog = catalog_for(bundle)
    assert list(catalog) == list(BUILT_IN)
    assert catalog.periods("illness") == (catalog.period("illness"),)
    assert catalog.period("illness").key == SINGLE and not catalog.has_periods("illness")
    assert catalog.date("illness") == BUILT_IN["illness"].date
    assert [p.key for p in catalog.periods("claimant_count")] == [
        "2023-07", "2023-08", "2023-09", "2023-10",
    ]  # fmt: skip
    assert catalog.period("claimant_count").label == "October 2023"
    assert catalog.period("child_poverty", "2014-15").label == "2014/15"
    with pytest.raises(PeriodError):
        catalog.period("child_poverty", "2014/15")  # keys are URL-safe; labels are not keys
    assert catalog.check_period("child_poverty", "1999-00") is None
    assert catalog.check_period("illness", SINGLE) is None  # one period: nothing to choose


def test_a_layer_key_is_id_content_version_and_period(bundle):
    catalog = catalog_for(bundle)
    key = catalog.key("claimant_count", "2023-08")
    assert key == LayerKey("claimant_count", bundle.manifest["input_hash"], "2023-08")
    assert catalog.key("claimant_count") == LayerKey(
        "claimant_count", bundle.manifest["input_hash"], "2023-10"
    )  # the default period is named in the key, so "latest" and "2023-10" share cached values


def test_imported_content_version_is_the_servers_hash_of_the_content(bundle):
    reference = reference_for(bundle)
    meta = Metadata(title="T", source="S", date="2024")

    def layer(counts: str):
        text = f"msoa_code,claimants\nE02001327,{counts}\n"
        dataset = import_file(text.encode(), "t.csv", meta, reference)
        return layer_from_dataset(dataset, "upload_same")

    one, other = layer("5"), layer("6")
    a = catalog_for(bundle, {}, {"upload_same": one}).key("upload_same")
    b = catalog_for(bundle, {}, {"upload_same": other}).key("upload_same")
    assert a.id == b.id and a.version != b.version
    assert a.version.startswith(one.dataset_key) and len(one.dataset_key) == 64
    assert catalog_for(bundle, {}, {"upload_same": layer("5")}).key("upload_same") == a


def test_values_are_cached_by_key_not_by_the_object_carried(bundle):
    catalog = shared_catalog(bundle)
    assert Keyed("k", 1) == Keyed("k", 2) and hash(Keyed("k", 1)) == hash(Keyed("k", 2))
    assert Keyed("k", 1) != Keyed("other", 1)
    first = catalog.values_of("child_poverty", "borough", "2016-17")
    again = catalog_for(bundle).values_of("child_poverty", "borough", "2016-17")
    assert first is again  # another catalog, the same key: the same cached frame
    latest = catalog.values_of("child_poverty", "borough")
    assert not first["value"].equals(latest["value"])


def test_no_module_reads_layers_from_hidden_state():
    """The old request-scoped registry (a context variable that callbacks had to set) is gone: no
    file of the repository names it (the names are spelled in pieces here, so this file does not)."""
    names = ("Context" + "Var", "imported_layers" + "_in_use", "_IN" + "_USE")
    found = subprocess.run(
        ["git", "grep", "-n", *(arg for name in names for arg in ("-e", name))],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert found.stdout == ""


def test_series_fast_path_gives_the_same_figures_as_each_period(bundle):
    catalog = catalog_for(bundle)
    for layer_id in ("uc_households", "child_poverty"):
        series = catalog.series(layer_id, "borough")
        for period in (catalog.periods(layer_id)[0], catalog.periods(layer_id)[-1]):
            one = catalog.values_of(layer_id, "borough", period.key)["value"]
            assert series[period.key].reindex(one.index).tolist() == pytest.approx(one.tolist())
            assert catalog.city_region_series(layer_id)[period.key] == pytest.approx(
                catalog.city_region(layer_id, period.key)
            )


def test_catalog_module_needs_no_dash():
    code = "import layers.catalog, sys; assert 'dash' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def test_a_layer_whose_source_the_region_lacks_is_left_out_and_a_link_to_it_says_why(bundle):
    """The LCR's bundle as if its data held no Census file: the Census layers leave the catalog (so
    menus, scores and exports never offer them) and a link naming one says what is missing."""
    from dataclasses import replace
    from types import MappingProxyType

    from dashboard.mapview.state import not_offered_notice

    why = {"census2021": "not in this region's data directory"}
    lacking = replace(
        bundle, manifest=MappingProxyType({**bundle.manifest, "missing_sources": why})
    )
    catalog = catalog_for(lacking)
    assert "census_disabled" in catalog_for(bundle) and "census_disabled" not in catalog
    assert "out_of_work" in catalog and "income" in catalog  # rates from IoD 2025 counts stay
    notice = not_offered_notice("census_disabled", catalog)
    assert notice is not None and "it needs Census 2021" in notice
    assert not_offered_notice("no_such_layer", catalog) is None
    assert not_offered_notice("out_of_work", catalog) is None
