"""The main journeys on Greater Manchester's data directory (boundaries and IoD 2025 only): the Map,
Target and Overview work for a second region, show only what its data gives, and say what is missing.
The LCR's journeys are the other browser tests, unchanged."""

from __future__ import annotations

import io
import re

import pandas as pd
import pytest

from layers import BUILT_IN
from layers.availability import available, left_out
from layers.catalog import shared_catalog
from layers.child_poverty import CHILD_POVERTY_IDACI
from layers.imported import permanent_layers
from tests.browser import leaflet
from tests.browser.conftest import screenshot
from tests.browser.test_map import MapPage
from tests.browser.test_target import TargetPage, csv_table

pytestmark = pytest.mark.browser

GM = "E47000001"


@pytest.fixture(scope="module")
def gm_bundle(gm_data_dir, tmp_path_factory):
    """GM's bundle, built apart from the server's, to say which layers its data gives."""
    from geodata.bundle import ensure_bundle

    return ensure_bundle(gm_data_dir, tmp_path_factory.mktemp("gm-test-bundle"))


def _label(layer) -> str:
    return f"{layer.group} · {layer.title}"


def test_gm_map(gm_page, gm_bundle):
    page = gm_page
    atlas = MapPage(page).open()
    assert atlas.area_count() == len(gm_bundle.lsoa)  # every GM LSOA
    assert "Greater Manchester" in page.inner_text("nav")
    # only the layers GM's data gives, in the catalog's order, then the bivariate views
    page.click("#layer-picker")
    options = page.get_by_role("option").all_inner_texts()
    page.keyboard.press("Escape")
    layers = {**available(BUILT_IN, gm_bundle), **permanent_layers(gm_bundle)}  # then imports
    offered = [_label(layer) for layer in layers.values()]
    catalog = shared_catalog(gm_bundle)
    views = [
        f"{view.group} · {view.title_in(catalog)} (bivariate)" for view in catalog.composites()
    ]
    assert views and options == offered + views
    lacking = left_out(BUILT_IN, gm_bundle)
    assert not {_label(BUILT_IN[layer_id]) for layer_id in lacking} & set(options)
    # GM's data has no Census, DWP, ward Claimant Count or IoD 2019 (the Claimant Count by LSOA is
    # its own source, which GM has)
    assert {"census_disabled", "uc_households", "claimant_count", "imd2019_decile1"} <= set(lacking)
    assert not any(re.search("Census|Universal Credit|DWP|2019", o) for o in options)
    # no MSOA or 2021-set ward level offered
    assert page.get_by_role("radio", name="MSOA (2011)", exact=True).count() == 0

    before = leaflet.revision(page)
    atlas.choose_layer("Health · Illness and disability benefits")
    leaflet.wait_for_new_drawing(page, before)
    page.wait_for_function(
        "() => document.querySelector('#layer-info').innerText.includes('income domain implies')"
    )
    atlas.choose_level("Ward (May 2025)")
    atlas.wait_for_areas(len(gm_bundle.wards))
    atlas.choose("#borough-picker", "Bolton")
    page.wait_for_function(
        "() => document.querySelector('#map-legend').innerText.includes('Bolton')"
    )
    atlas.search("Astley Bridge")
    page.wait_for_function(
        "() => document.querySelector('#area-profile').innerText.includes('Astley Bridge')"
    )
    profile = page.inner_text("#area-profile")
    assert "Greater Manchester" in profile and "England" in profile and "Rank" in profile
    screenshot(page, "gm-map-ward-profile")

    # a link to a layer GM lacks shows the default layer and says why
    MapPage(page).open("?layer=census_disabled")
    assert "not in Greater Manchester's data" in page.inner_text("#map-notice")
    assert page.console_watch.errors == []


def test_gm_target(gm_page, tmp_path):
    page = gm_page
    target = TargetPage(page)
    target.open("?preset=families&top=30")
    # the preset's missing layer, said by its title
    assert f"{CHILD_POVERTY_IDACI.title} is not in this region's data" in page.inner_text("body")
    target.open("?preset=worklessness&top=30")
    target.open_tab("Shortlist")
    page.wait_for_selector("#target-shortlist .ag-row")
    codes = target.shortlist_codes()
    assert len(codes) == 30 and all(c.startswith("E01") for c in codes)
    name, body = target.download("csv", tmp_path)
    assert name.startswith("gm-targets_worklessness_lsoa_top30_")
    settings, rows = csv_table(body)
    assert [r["Area code"] for r in rows] == codes
    assert "Greater Manchester target list" in settings["Product"]
    assert (
        "GP practices" not in rows[0]
        and "Population (implied by the IoD 2025 income domain)" in rows[0]
    )
    screenshot(page, "gm-target")
    assert page.console_watch.errors == []


def authority_count(england_table) -> int:
    """The combined authorities the England-wide table's lookup names (read apart from the atlas)."""
    codes = pd.read_csv(england_table, usecols=["cauth_code"], dtype=str)["cauth_code"]
    return codes.dropna().nunique()


def test_gm_overview(gm_page, england_table):
    page = gm_page
    page.goto(page.base_url + "/overview")
    page.wait_for_selector("#ov-card-out-of-work .ov-fig")
    page.evaluate("() => window.atlasOverviewLazy.all()")
    page.wait_for_load_state("networkidle")
    assert page.inner_text("h1") == "Greater Manchester overview"
    cards = page.eval_on_selector_all(".ov-card", "els => els.map(e => e.id)")
    assert cards == ["ov-card-out-of-work", "ov-card-cidr", "ov-card-deprived"]  # no DWP, Census
    assert "The ten boroughs side by side" in page.inner_text("#ov-boroughs")
    assert page.query_selector("#ov-trends") is None and page.query_selector("#ov-plan") is None

    # the board's comparison: sorted, GM marked, England and the North West as references
    compare = page.inner_text("#ov-compare")
    assert "Greater Manchester against England and the combined authorities" in compare
    marked = page.eval_on_selector_all("#ov-compare .ov-cmp-region", "els => els.length")
    assert marked == 4
    values = page.eval_on_selector_all(
        "#ov-cmp-out_of_work_rate .ov-fig", "els => els.map(e => parseFloat(e.innerText))"
    )
    assert values == sorted(values, reverse=True)
    assert len(values) == authority_count(england_table) + 2  # every CA, the North West, England
    maps = page.eval_on_selector_all("img.ov-map", "els => els.map(e => e.naturalWidth)")
    assert len(maps) == 10 and all(width > 300 for width in maps)

    # every figure on the page is in the CSV download, with the comparison
    response = page.request.get(page.base_url + "/download/overview.csv")
    assert 'filename="gm-overview.csv"' in response.headers["content-disposition"]
    frame = pd.read_csv(io.StringIO(response.text()), dtype={"date": str})
    shown = set(
        zip(frame["indicator"], frame["area_code"], frame["date"], frame["shown"], strict=True)
    )
    tagged = page.eval_on_selector_all(
        ".ov-fig",
        "els => els.map(e => [e.dataset.indicator, e.dataset.area, e.dataset.date, e.innerText])",
    )
    assert [t for t in tagged if tuple(t) not in shown] == []
    gm_rows = frame[(frame["indicator"] == "cmp_out_of_work_rate") & (frame["area_code"] == GM)]
    assert len(gm_rows) == 1 and "rank" in gm_rows["note"].iloc[0]
    screenshot(page, "gm-overview")
    assert page.console_watch.errors == []


def test_gm_data_page_says_what_is_missing(gm_page):
    page = gm_page
    page.goto(page.base_url + "/data")
    page.wait_for_selector("#data-region")
    text = page.inner_text("#data-region")
    for missing in ("Census 2021", "Claimant Count by ward", "GP practices"):
        assert missing in text
    assert "Disabled residents (Census 2021)" in text  # the layer left out, by name
    assert page.console_watch.errors == []


def test_gm_action_pack_from_the_target_page(gm_page):
    """The Target page's pack link opens a pack on GM's data: what it lacks (Census, IoD 2019,
    venues, postcodes) is said as missing with why, the weight used is named, and the PDF and door
    list download."""
    page = gm_page
    target = TargetPage(page)
    target.open("?preset=worklessness&top=10")
    page.wait_for_function("() => document.querySelector('#target-pack').getAttribute('href')")
    href = page.get_attribute("#target-pack", "href")
    page.goto(page.base_url + href.replace("/pack?", "/pack?zone=1&", 1))
    page.wait_for_selector("table.figures")
    figures = page.inner_text("table.figures")
    assert "not in Greater Manchester's data (needs Census 2021" in figures
    assert "weighted by the population the IoD 2025 income domain implies" in figures
    assert "weighted by Census 2021 residents" not in page.inner_text("body")
    assert "Not listed: GP practices, Pharmacies, Public libraries" in page.inner_text("body")
    assert "Royal Mail" not in page.inner_text("body")
    for route in ("/pack.pdf", "/pack/postcodes.csv"):
        response = page.request.get(page.base_url + href.replace("/pack", route, 1))
        assert response.status == 200, route
    screenshot(page, "gm-action-pack")
    assert page.console_watch.errors == []
