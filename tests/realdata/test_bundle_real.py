"""The real LCR bundle: feature counts, per-borough figures as PROVENANCE.md documents them."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import shapely
from shapely.geometry import shape

from geodata.bundle import build_bundle, input_hash
from geodata.config import REPO_ROOT
from tests.lcr import BOROUGHS

LSOAS_PER_BOROUGH = {
    "Halton": 80, "Knowsley": 100, "Liverpool": 302, "St Helens": 121, "Sefton": 191, "Wirral": 209,
}  # fmt: skip
POPULATION_MID2020 = {
    "Liverpool": 500_474, "Wirral": 324_336, "Sefton": 275_899,
    "St Helens": 181_095, "Knowsley": 152_452, "Halton": 129_759,
}  # fmt: skip


def test_feature_counts(bundle):
    assert len(bundle.lsoa) == 1003
    assert len(bundle.wards) == 159
    assert bundle.lsoa["lad_code"].nunique() == 6
    assert dict(bundle.manifest["features"]) == {
        "lsoa": 1003, "ward": 159, "borough": 6, "msoa": 200, "ward2021": 123,
    }  # fmt: skip


def test_lsoas_per_borough(bundle):
    counts = bundle.lsoa["lad_code"].map(BOROUGHS).value_counts().to_dict()
    assert counts == LSOAS_PER_BOROUGH


def test_mid2020_population_per_borough_equals_ons_totals(bundle):
    by_borough = bundle.msoa.groupby("lad_code")["pop20_total"].sum().rename(BOROUGHS)
    assert by_borough.to_dict() == POPULATION_MID2020


def test_every_lsoa_has_a_ward_and_borough_and_waterfront_north_is_kept_empty(bundle):
    assert bundle.lsoa["ward_code"].notna().all()
    assert bundle.lsoa["lad_code"].notna().all()
    assert bundle.wards.loc["E05015332", "n_lsoa"] == 0
    assert "E05015332" not in set(bundle.lsoa["ward_code"])


def test_2011_values_carried_and_flagged(bundle):
    flags = bundle.lsoa["from_2011_change"].value_counts().to_dict()
    assert flags == {"U": 967, "S": 33, "M": 3}
    split = bundle.lsoa[bundle.lsoa["from_2011_change"] == "S"]
    assert split["iod19_employment_rate"].notna().all()
    assert split["pop20_total"].isna().all()  # counts are not apportioned


def test_display_geojson_one_feature_per_code_counter_clockwise_rings(bundle):
    document = json.loads(bundle.geojson_path("lsoa").read_text())
    codes = [f["properties"]["code"] for f in document["features"]]
    assert len(codes) == len(set(codes)) == 1003
    for feature in document["features"][:50]:
        geometry = shape(feature["geometry"])
        polygons = getattr(geometry, "geoms", [geometry])
        assert all(shapely.is_ccw(p.exterior) for p in polygons)
        x, y = (
            feature["geometry"]["coordinates"][0][0][:2]
            if feature["geometry"]["type"] == "Polygon"
            else feature["geometry"]["coordinates"][0][0][0]
        )
        assert round(x, 5) == x and round(y, 5) == y


def test_rebuild_reuses_the_bundle_when_inputs_are_unchanged(bundle, data_dir, bundle_root):
    assert build_bundle(data_dir, bundle_root) == bundle.path
    assert bundle.manifest["input_hash"] == input_hash(data_dir)


def test_cli_reports_a_missing_data_directory_clearly(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "geodata", "build", "--data-dir", str(tmp_path / "nowhere")],
        cwd=REPO_ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert "No data directory holds" in result.stderr
    assert "indicators/lcr_iod2025_lsoa2021.csv" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("level", ["lsoa", "ward", "borough", "msoa", "ward2021"])
def test_every_level_has_display_geometry(bundle, level):
    assert bundle.geojson_path(level).is_file()
    assert bundle.geojson_path(level).with_suffix(".geojson.gz").is_file()


def test_the_full_dwp_msoa_series_are_in_the_bundle(bundle):
    """Every published period of the two DWP MSOA tables, tidy, with DWP's flags: the map offers
    each as a period (the MSOA table itself keeps the latest, as the Overview reads it)."""
    table = bundle.series["msoa_periods"]
    uc = table[table["series"] == "uc_households"]
    cilif = table[table["series"] == "cilif"]
    assert len(uc) == 18_000 and uc["period"].nunique() == 90
    assert len(cilif) == 1_600 and sorted(cilif["period"].unique())[0] == "2014-15"
    assert set(uc.loc[uc["period"] == "2023-11", "status"]) == {"provisional"}
    assert uc.loc[uc["status"] == "revised", "period"].nunique() == 13
    assert set(cilif.loc[cilif["period"] == "2021-22", "status"]) == {"provisional"}
    latest = uc[uc["period"] == "2023-11"].set_index("msoa_code")["value"]
    assert latest.reindex(bundle.msoa.index).equals(bundle.msoa["uc_households"].astype("float64"))
    nov = uc[uc["period"] == "2023-11"].merge(bundle.msoa[["lad_code"]], left_on="msoa_code",
                                               right_index=True)  # fmt: skip
    assert nov.groupby("lad_code")["value"].sum()["E08000012"] == 58_943  # PROVENANCE.md, Liverpool
