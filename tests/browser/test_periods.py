"""Periods and composite views in the browser: a layer's period chosen on the Map (the map, the
profile's time view and the link follow it), the two layers of a bivariate view chosen with its pair
pickers, and an uploaded table's period scored on Target."""

from __future__ import annotations

import pytest

from tests.browser import leaflet
from tests.browser.conftest import screenshot
from tests.browser.test_data_page import DataPage
from tests.browser.test_map import MapPage

pytestmark = pytest.mark.browser


def test_a_claimant_month_on_the_map_profile_and_link(page):
    atlas = MapPage(page).open("?layer=claimant_count")
    page.wait_for_selector("#period-row", state="visible")
    assert "October 2023" in page.inner_text("#period-picker")  # the latest by default
    latest = leaflet.rows(page)

    before = leaflet.revision(page)
    atlas.choose("#period-picker", "August 2023")
    leaflet.wait_for_new_drawing(page, before)
    august = leaflet.rows(page)
    assert [row[0] for row in august] != [row[0] for row in latest]
    page.wait_for_function("() => window.location.search.includes('period=2023-08')")
    assert "August 2023" in page.inner_text("#layer-info")

    box = page.locator("#map-graph").bounding_box()  # a click opens the ward's profile
    page.mouse.click(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.55)
    page.wait_for_selector("#profile-time .main-svg")
    chart = page.inner_text("#profile-time")
    assert "Aug" in chart and "Oct" in chart  # the area's series over the months held
    screenshot(page, "periods-01-claimant-month")

    fresh = page.context.new_page()
    fresh.base_url = page.base_url
    fresh.goto(page.url)
    leaflet.wait_for_areas(fresh)
    assert "August 2023" in fresh.inner_text("#period-picker")
    assert [row[0] for row in leaflet.rows(fresh)] == [row[0] for row in august]
    assert page.console_watch.errors == []


def test_the_pair_pickers_choose_the_bivariate_view(page):
    atlas = MapPage(page).open("?layer=need_access")
    page.wait_for_selector("#composite-row", state="visible")
    first = leaflet.rows(page)
    before = leaflet.revision(page)
    atlas.choose("#composite-second", "Deprivation (IMD 2025 score)")
    leaflet.wait_for_new_drawing(page, before)
    page.wait_for_function("() => window.location.search.includes('out_of_work__vs__imd_score')")
    assert leaflet.rows(page) != first
    assert "Deprivation (IMD 2025 score)" in page.inner_text("#map-legend")
    screenshot(page, "periods-02-bivariate-pair")

    atlas.choose_layer("Health · Illness and disability benefits")
    page.wait_for_selector("#composite-row", state="hidden")  # a single layer: no pair to pick
    assert page.console_watch.errors == []


def periods_file(bundle) -> bytes:
    lines = ["lsoa_code,period,claimants,population"]
    for i, code in enumerate(bundle.lsoa.index):
        lines.append(f"{code},2023-01,{i % 7 + 1},100")
        lines.append(f"{code},2023-06,{7 - i % 7},100")
    return ("\n".join(lines) + "\n").encode()


def test_an_uploads_period_is_scored_on_target_and_kept_in_the_link(page, bundle):
    data = DataPage(page).open()
    report = data.add_file("periods.csv", periods_file(bundle), "Two periods", "Partner extract",
                           "2023")  # fmt: skip
    assert "2023-01" in report or "2 periods" in report or "periods" in report.lower()
    layer_id = page.evaluate(
        "() => Object.keys(JSON.parse(sessionStorage.getItem('imported-layers')))[0]"
    )

    page.goto(f"{page.base_url}/target")
    page.wait_for_selector("#target-indicators")
    page.click("#target-indicators")
    page.get_by_role("option").filter(has_text="Two periods").first.click()
    page.keyboard.press("Escape")
    period = page.locator(f"[id*='target-period'][id*='{layer_id}']").first
    period.wait_for(state="visible")
    period.click()
    page.get_by_role("option", name="2023-01", exact=False).first.click()
    page.wait_for_function(
        "(id) => decodeURIComponent(window.location.search).includes('period=' + id + ':2023-01')",
        arg=layer_id,
    )
    page.wait_for_load_state("networkidle")
    screenshot(page, "periods-03-target-upload-period")
    with page.expect_download() as download:
        page.click("#target-download-csv")
    exported = download.value.path().read_text(encoding="utf-8-sig")
    assert "2023-01 (period=2023-01)" in exported  # the settings name the period scored
    assert page.console_watch.errors == []
