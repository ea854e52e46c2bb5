"""Other regions, and regions without optional sources: every page, layer, level, profile, preset and
download works (``tests/regions_check.py``, in a process of its own per region), nothing a region
lacks is shown (as zero or at all), and the Data page lists what is missing.

* Greater Manchester: its own ``region.json``, boundaries and IoD 2025 only;
* the LCR's core sources only (boundaries, wards, IoD 2025): the minimal supported configuration;
* the LCR without its Census file: scores above LSOA weighted by the IoD's implied population;
* Wirral cut from the LCR's files (``python -m geodata region cut``): a single local authority.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from geodata.region import load_region
from geodata.sources import SOURCES
from layers import BUILT_IN, LAYERS
from tests.lcr import LCR_REGION
from tests.report_process import run_report

pytestmark = pytest.mark.realdata

ALL_LAYERS = len(BUILT_IN)
# The layers the IoD 2025 alone gives: every region has them.
IOD2025_LAYERS = {"out_of_work", "illness", "mental_health", "connectivity", "imd_score", "imd_decile1",
                  "income", "education", "health", "crime", "housing", "living_env"}  # fmt: skip
CARRIED_FLAG = "Flag: carried from 2011 geography"
CORE = [s.path.format(prefix="lcr") for s in SOURCES if s.required]


def run_check(data_dir: Path, cache: Path) -> dict:
    return run_report("tests.regions_check", data_dir, cache)


def assert_nothing_broke(report: dict) -> None:
    assert report["errors"] == [], "\n".join(report["errors"])[:5000]
    assert report["all_zero"] == []
    assert all(status == 200 for status in report["downloads"].values()), report["downloads"]
    assert report["presets"], "no Target preset ran"
    assert all(r["shortlist"] > 0 for r in report["presets"].values())
    # every route answers (action packs as page, PDF and door list, with and without zone=, at
    # both levels), and none goes unrequested
    from tests.regions_check import NOT_OK_BY_DESIGN

    failed = {
        url: status
        for url, status in report["routes"].items()
        if status != NOT_OK_BY_DESIGN.get(url, 200)
    }
    assert failed == {}, failed
    assert any(url.startswith("/pack.pdf?") and "zone=1" in url for url in report["routes"])
    assert report["unrequested"] == [], "routes the region check does not request"
    # every command line: target lists and packs written, the build and the imports list run
    broken = {name: run for name, run in report["cli"].items() if run["exit"] != 0}
    assert broken == {}, broken
    assert all(run["bytes"] > 0 for name, run in report["cli"].items() if "bytes" in run)


NO_CENSUS_WEIGHT = "weighted by the population the IoD 2025 income domain implies"


def assert_says_what_it_lacks(report: dict, region: str) -> None:
    """Without the Census: the pack keeps Census figures as missing, with why; every weighted
    figure and source line names the weight actually used (never Census residents)."""
    page = report["packs"]["page"]
    census = f"missing: not in {region}'s data (needs Census 2021"
    for label in ("Residents", "Households: doors to knock"):
        assert f"{label} " in page and census in page.split(label, 1)[1][:300], label
    assert "weighted by Census 2021 residents" not in page
    assert page.count(NO_CENSUS_WEIGHT) >= 3  # illness, mental health, connectivity
    settings = "\n".join(report["target_settings"])
    assert "Census 2021 residents" not in settings
    assert "Source: Illness and disability benefits" in settings and NO_CENSUS_WEIGHT in settings


def copy_lcr(data_dir: Path, target: Path, keep: list[str], manifest: dict) -> Path:
    for relative in keep:
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(data_dir / relative, target / relative)
    (target / "region.json").write_text(json.dumps(manifest))
    return target


def test_greater_manchester(gm_data_dir, tmp_path):
    report = run_check(gm_data_dir, tmp_path / "cache")
    assert_nothing_broke(report)
    assert report["region"] == "Greater Manchester"
    assert report["levels"] == ["lsoa", "ward", "borough"]
    # every IoD 2025 layer; nothing from the Census or the IoD 2019 it lacks; each layer either offered
    # or left out with the sources it needs (more layers may come as GM's data grows)
    assert set(report["layers"]) >= IOD2025_LAYERS
    assert "claimants_lsoa" in report["layers"]  # GM's Claimant Count by LSOA (optional source)
    assert set(report["layers"]) | set(report["left_out"]) == set(BUILT_IN)
    assert not set(report["layers"]) & set(report["left_out"])
    for layer, source in (("census_disabled", "census2021"), ("census_hh_deprived", "census2021"),
                          ("imd2019_decile1", "iod2019"), ("child_poverty_idaci", "iod2019")):  # fmt: skip
        assert source in report["left_out"][layer]
    assert report["health"]["features"] == {"lsoa": 1702, "ward": 215, "borough": 10}
    # a link to a layer GM lacks falls back to the default, and says why
    link = report["missing_layer_link"]
    assert (
        link["layer"] == "out_of_work" and "not in Greater Manchester's data" in link["notices"][0]
    )
    # no GP, pharmacy or library columns, and the population column says what it is; GM now has the
    # ONS 2011 -> 2021 change lookup, so its lists say which rows are carried from 2011 geography
    columns = report["target_columns"]
    assert not {"GP practices", "Pharmacies", "Libraries (2016)"} & set(columns)
    assert CARRIED_FLAG in columns
    assert "LSOA 2011 to 2021 change lookup" not in report["data_page_missing"]
    assert "Population (implied by the IoD 2025 income domain)" in columns
    # the Overview shows only what GM's data gives, with the comparison
    shown = set(report["overview_indicators"])
    assert {"out_of_work_rate", "cidr", "imd25_decile1_share", "cmp_out_of_work_rate"} <= shown
    assert not {"population", "claimant_rate", "uc_households", "cilif_rate", "imd19_decile1_share",
                "households", "claimant_rate_annual", "maa_level2"} & shown  # fmt: skip
    assert "Census 2021: disability and household deprivation" in report["data_page_missing"]
    families = report["presets"]["families/lsoa"]["notes"]
    # the note names the indicator as users know it, never its internal id
    idaci = LAYERS["child_poverty_idaci"].title
    assert any(idaci in note for note in families)
    assert not any("child_poverty_idaci" in note for note in families)
    # the action pack: Census and IoD 2019 figures missing with why, the weight used said, and
    # the licence line crediting only the publishers of GM's data
    assert_says_what_it_lacks(report, "Greater Manchester")
    page = report["packs"]["page"]
    assert (
        "missing: not in Greater Manchester's data (needs English Indices of Deprivation 2019)"
        in page
    )
    assert "Not listed: GP practices, Pharmacies, Public libraries" in page
    assert "lookups/gm_postcodes_nspl2025.csv" in report["packs"]["postcodes_head"]
    assert (
        "Sources: MHCLG English Indices of Deprivation 2025; ONS boundaries." in page
    )  # every page
    settings = "\n".join(report["target_settings"])
    for text in (page, report["packs"]["postcodes_head"], settings, report["footer"]):
        # GM's data: ONS geography, MHCLG's IoD 2025 and the Claimant Count (ONS and DWP via Autonomy)
        for present in ("Office for National Statistics", "Ministry of Housing",
                        "Department for Work and Pensions", "Autonomy"):  # fmt: skip
            assert present in text, present
        for absent in ("NHS England", "Department for Transport", "DCMS", "Royal Mail"):
            assert absent not in text, absent


def test_only_the_core_sources(data_dir, tmp_path):
    """Boundaries, wards and IoD 2025, nothing else (no England table either): a supported region."""
    manifest = {"code": LCR_REGION.code, "name": LCR_REGION.name, "lads": dict(LCR_REGION.lads),
                "england_table": "no-such-table.csv"}  # fmt: skip
    copy = copy_lcr(data_dir, tmp_path / "core", CORE, manifest)
    report = run_check(copy, tmp_path / "cache")
    assert_nothing_broke(report)
    assert report["levels"] == ["lsoa", "ward", "borough"]
    assert "England-wide IoD 2025 table" in report["data_page_missing"]
    # no change lookup: no 2011 data is carried, and the lists do not pretend to flag it
    assert "LSOA 2011 to 2021 change lookup" in report["data_page_missing"]
    assert CARRIED_FLAG not in report["target_columns"]
    assert set(report["layers"]) == IOD2025_LAYERS
    shown = set(report["overview_indicators"])
    assert "cmp_out_of_work_rate" not in shown  # no table, no comparison
    assert {"out_of_work_rate", "cidr", "imd25_decile1_share"} <= shown


def test_without_the_census(data_dir, tmp_path):
    region = load_region(data_dir)
    present = [s.path.format(prefix="lcr") for s in SOURCES if s.id != "census2021"]
    manifest = {"code": region.code, "name": region.name, "lads": dict(region.lads),
                "england_table": str(data_dir.parent / "england" / "england_iod2025_lsoa21.csv")}  # fmt: skip
    copy = copy_lcr(data_dir, tmp_path / "nocensus", present, manifest)
    report = run_check(copy, tmp_path / "cache")
    assert_nothing_broke(report)
    assert set(report["left_out"]) == {"census_disabled", "census_hh_deprived"}
    shown = set(report["overview_indicators"])
    assert "uc_households" in shown and not {"uc_rate", "households"} & shown  # no denominator
    assert_says_what_it_lacks(report, report["region"])


def test_a_single_borough_cut_from_the_city_region(data_dir, tmp_path):
    from geodata.regional import cut_region

    out = tmp_path / "wirral"
    written = cut_region(data_dir, out, {"E08000015": "Wirral"}, name="Wirral")
    assert "boundaries/wirral_lsoa2021.geojson" in written
    report = run_check(out, tmp_path / "cache")
    assert_nothing_broke(report)
    assert report["region"] == "Wirral" and report["health"]["features"]["borough"] == 1
    assert report["health"]["features"]["lsoa"] == 209
    assert len(report["layers"]) == ALL_LAYERS
    assert "cmp_out_of_work_rate" in report["overview_indicators"]
