"""Imported datasets as layers: levels, aggregation from counts, 2011 carrying, the mental-health share,
the browser-store payload, and the permanent data-directory convention."""

from __future__ import annotations

import json

import numpy as np
import pytest

from geodata.imports import Metadata, import_file, reference_for
from geodata.imports.__main__ import main as imports_cli
from geodata.imports.model import ImportedDataset
from geodata.imports.reference import AreaSet
from layers.base import IndicatorLayer, city_region_value
from layers.catalog import catalog_for
from layers.imported import (
    is_imported,
    layer_from_dataset,
    permanent_layers,
    upload_id,
)

META = Metadata(title="Claimants", source="Nomis claimant extract", date="October 2023")


@pytest.fixture(scope="module")
def reference(bundle):
    return reference_for(bundle)


def lsoa_file(bundle, codes, with_denominator=True) -> bytes:
    lines = ["lsoa_code,claimants" + (",population" if with_denominator else "")]
    for i, code in enumerate(codes):
        lines.append(f"{code},{i % 7 + 1}" + (f",{100 + i}" if with_denominator else ""))
    return ("\n".join(lines) + "\n").encode()


def test_lsoa2021_ratio_aggregates_from_counts(bundle, reference):
    codes = list(bundle.lsoa.index)
    dataset = import_file(lsoa_file(bundle, codes), "c.csv", META, reference)
    layer = layer_from_dataset(dataset, "upload_test")
    assert isinstance(layer, IndicatorLayer) and layer.levels == ("lsoa", "ward", "borough")
    table = dataset.at()
    lsoa = layer.values(bundle, "lsoa")
    assert len(lsoa) == 1003
    expected = table["count"] / table["denominator"] * 100
    assert np.allclose(lsoa["value"].reindex(table.index), expected)
    ward = layer.values(bundle, "ward")
    assert len(ward) == 159
    members = bundle.lsoa.index[bundle.lsoa["ward_code"] == ward.index[0]]
    assert ward["value"].iloc[0] == pytest.approx(
        table.loc[members, "count"].sum() / table.loc[members, "denominator"].sum() * 100
    )
    assert ward.loc["E05015332", "note"] == "no imported area falls here"  # Waterfront North
    borough = layer.values(bundle, "borough")
    halton = bundle.lsoa.index[bundle.lsoa["lad_code"] == "E06000006"]
    assert borough.loc["E06000006", "value"] == pytest.approx(
        table.loc[halton, "count"].sum() / table.loc[halton, "denominator"].sum() * 100
    )
    assert city_region_value(layer, bundle) == pytest.approx(
        table["count"].sum() / table["denominator"].sum() * 100
    )
    assert layer.citation.startswith("Nomis claimant extract (October 2023")


def test_lsoa2011_counts_are_carried_and_flagged(bundle, reference):
    codes = list(reference.names[AreaSet.LSOA_2011])
    only_2011 = sorted(set(codes) - set(bundle.lsoa.index))
    dataset = import_file(lsoa_file(bundle, codes, False), "c.csv", META, reference)
    assert dataset.area_set == "lsoa2011" and dataset.value_kind == "count"
    assert only_2011  # split/merged 2011 codes exist, which is why the set was detected
    layer = layer_from_dataset(dataset, "upload_2011")
    lsoa = layer.values(bundle, "lsoa")
    assert len(lsoa) == 1003
    split = bundle.lsoa.index[bundle.lsoa["from_2011_change"] == "S"]
    assert lsoa.loc[split, "value"].isna().all()  # a split's count is not apportioned
    assert lsoa.loc[split, "note"].str.contains("split").all()
    borough = layer.values(bundle, "borough")
    assert borough["value"].sum() == dataset.at()["count"].sum()  # boroughs summed from 2011 LSOAs


def test_lsoa2011_merge_with_a_parent_missing_has_no_value_and_says_why(bundle, reference):
    # E01034404 merges E01033749 and E01033766: without E01033749 its count is unknown, not 0.
    codes = [c for c in reference.names[AreaSet.LSOA_2011] if c != "E01033749"]
    dataset = import_file(lsoa_file(bundle, codes, False), "c.csv", META, reference)
    lsoa = layer_from_dataset(dataset, "upload_2011").values(bundle, "lsoa")
    assert np.isnan(lsoa.loc["E01034404", "value"])
    assert "at least one of which is suppressed or not published" in lsoa.loc["E01034404", "note"]
    assert lsoa.loc["E01034401", "value"] > 0  # a merge with every parent is still summed


def test_mental_health_share_from_condition_counts(bundle, reference):
    msoas = list(bundle.msoa.index[:40])
    header = (
        "msoa_code,Mental and behavioural disorders,Diseases of the nervous system,Unknown,Total"
    )
    body = [f"{code},{10 + i},{5 + i % 3},{1},{40 + 2 * i}" for i, code in enumerate(msoas)]
    data = "\n".join([header, *body]).encode()
    dataset = import_file(data, "esa.csv", META, reference)
    assert dataset.roles["count"] == "Mental and behavioural disorders"
    assert dataset.roles["denominator"] == "Total"
    layer = layer_from_dataset(dataset, "upload_esa")
    table = dataset.at()
    by_borough = bundle.msoa.loc[msoas, "lad_code"]
    borough = layer.values(bundle, "borough")
    for lad, members in by_borough.groupby(by_borough).groups.items():
        expected = table.loc[members, "count"].sum() / table.loc[members, "denominator"].sum() * 100
        assert borough.loc[lad, "value"] == pytest.approx(
            expected
        )  # ratio of sums, not mean of shares


STATXPLORE_ESA = """Stat-Xplore

"ESA claimants by ICD-10 chapter (z)"
"National - Regional - LA - OAs by ICD-10"
"Counting: ESA claimants"

Filters:
"Quarter","May-23"

"ICD-10","Mental and behavioural disorders","Mental and behavioural disorders - Annotations","Diseases of the nervous system","Diseases of the nervous system - Annotations","Unknown","Unknown - Annotations","Total","Total - Annotations",
"National - Regional - LA - OAs",
"Halton",3000,,800,,..,,6000,,
"Knowsley",4000,,900,,50,,8000,,
"Total",7000,,1700,,50,,14000,,

Source: Department for Work and Pensions
"""


def test_statxplore_condition_breakdown_gives_the_share(bundle, reference):
    dataset = import_file(STATXPLORE_ESA.encode(), "esa.csv", META, reference)
    assert dataset.value_kind == "ratio" and dataset.periods == ("May-23",)
    assert "F00–F99" in dataset.unit
    layer = layer_from_dataset(dataset, "upload_esa_sx")
    values = layer.values(bundle, "borough")
    assert values.loc["E06000006", "value"] == pytest.approx(50.0)
    assert values.loc["E08000011", "value"] == pytest.approx(50.0)
    assert np.isnan(values.loc["E08000012", "value"])


def test_payload_round_trip_and_store(bundle, reference, data_dir):
    from dashboard.uploads import hold, uploads_from_store

    data = (data_dir / "samples" / "statxplore_cilif_relative_msoa_lcr.csv").read_bytes()
    dataset = import_file(data, "cilif.csv", META, reference)
    payload = json.loads(json.dumps(dataset.to_payload()))
    again = ImportedDataset.from_payload(payload)
    assert again.periods == dataset.periods and again.report == dataset.report
    assert again.at().sort_index()["count"].equals(dataset.at().sort_index()["count"])
    layer_id, entry = hold(dataset)  # held on the server; the browser keeps the key
    assert is_imported(layer_id) and layer_id == upload_id(dataset.to_payload())
    assert set(entry) == {"key", "title"} and len(entry["key"]) == 64
    store = {layer_id: entry, "upload_broken": {"version": 99}, "not_ours": entry}
    checked = uploads_from_store(store)
    assert list(checked.layers) == [layer_id] and checked.rejected == ("upload_broken",)
    layer = checked.layers[layer_id]
    # Every period of the file is a period of the layer; the latest (provisional) is the default.
    periods = layer.periods(bundle)
    assert periods[-1].shown == "2021/22 (provisional)" and len(periods) == len(dataset.periods)
    assert layer.date_for(bundle) == "2021/22 (provisional)"
    older = layer.values(bundle, "msoa", "2015/16")["value"]
    latest = layer.values(bundle, "msoa")["value"]
    assert not older.equals(latest)
    assert uploads_from_store(None).layers == {}
    merged = catalog_for(bundle, {}, checked.layers)
    assert "out_of_work" in merged and layer_id in merged


def test_permanent_dataset_via_cli(bundle, data_dir, tmp_path, monkeypatch, capsys):
    imports = tmp_path / "imports"
    monkeypatch.setenv("OUTREACH_ATLAS_IMPORTS_DIR", str(imports))
    sample = data_dir / "samples" / "statxplore_cilif_relative_msoa_lcr.csv"
    code = imports_cli(
        [
            "--data-dir", str(data_dir), "add", str(sample), "--title", "Children in low income",
            "--source", "DWP Stat-Xplore: CILIF", "--date", "FYE2015–FYE2022",
        ]
    )  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0 and "200 of 200" in out
    card = json.loads((imports / "children_in_low_income.json").read_text())
    assert (
        card["source"] == "DWP Stat-Xplore: CILIF" and card["file"] == "children_in_low_income.csv"
    )
    layers = permanent_layers(bundle)
    assert list(layers) == ["import_children_in_low_income"]
    assert layers["import_children_in_low_income"].group == "Imported datasets"
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"<html></html>")
    assert imports_cli(["--data-dir", str(data_dir), "add", str(bad), "--title", "x",
                        "--source", "y", "--date", "z"]) == 1  # fmt: skip
    assert "web page" in capsys.readouterr().err
    assert imports_cli(["--data-dir", str(data_dir), "remove", "children_in_low_income"]) == 0
    assert permanent_layers(bundle) == {}
    assert not (data_dir / "imports").exists()  # the shared data directory is never written


def test_a_catalog_is_a_value_no_registry_sees_uploads(bundle, reference):
    """Uploads are in the catalog a request builds with them, and nowhere else: there is no ambient
    registry for them to leak into."""
    from layers import LAYERS

    text = "msoa_code,claimants\nE02001327,5\n"
    dataset = import_file(text.encode(), "d.csv", META, reference)
    layer_id = upload_id(dataset.to_payload())
    mine = catalog_for(bundle, {}, {layer_id: layer_from_dataset(dataset, layer_id)})
    theirs = catalog_for(bundle, {}, {})
    assert mine[layer_id].title == "Claimants" and "out_of_work" in mine
    assert layer_id not in theirs and layer_id not in LAYERS
