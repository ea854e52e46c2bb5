"""Phone width and the Map's table (issue 22, items 10 and 13): on a phone the Map's profile opens as a
sheet where the tap was and the Target map comes before the controls; the Map's table opens sorted
by need, its rank column readable, and downloads exactly as shown (sort and filter)."""

from __future__ import annotations

import csv
import io

import pytest

from tests.browser import leaflet
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def own_errors(page) -> list[str]:
    return list(page.console_watch.errors)


def test_on_a_phone_the_profile_opens_where_the_tap_was_and_closes(page):
    page.set_viewport_size(PHONE)
    page.goto(page.base_url + "/?level=ward")
    leaflet.wait_for_areas(page, 159)
    box = page.locator("#map-graph").bounding_box()
    x, y = box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.45
    page.mouse.click(x, y)
    page.wait_for_function("() => window.location.search.includes('area=')")
    sheet = page.locator("#area-profile-sheet")
    page.wait_for_function(
        "() => document.querySelector('#area-profile-sheet').classList.contains('atlas-sheet-open')"
    )
    page.wait_for_timeout(300)
    shown = sheet.bounding_box()
    # On screen, at the bottom, without scrolling: where the user is.
    assert shown["y"] < PHONE["height"] and shown["y"] + shown["height"] <= PHONE["height"] + 1
    assert shown["height"] <= PHONE["height"] * 0.46
    assert page.evaluate("() => window.scrollY") < 400
    assert "Ward" in page.inner_text("#area-profile")
    screenshot(page, "phone-map-profile-sheet")
    page.get_by_role("button", name="Close").click()
    page.wait_for_function(
        "() => !document.querySelector('#area-profile-sheet').classList.contains('atlas-sheet-open')"
    )
    assert sheet.bounding_box()["y"] > PHONE["height"]  # back in the page, below the map
    # A layer change does not open it again.
    page.get_by_role("radio", name="LSOA (2021)", exact=True).check()
    leaflet.wait_for_areas(page, 1003)
    assert "atlas-sheet-open" not in (sheet.get_attribute("class") or "")
    assert own_errors(page) == []


def test_on_a_phone_the_target_map_comes_before_the_controls(page):
    page.set_viewport_size(PHONE)
    page.goto(page.base_url + "/target")
    leaflet.wait_for_areas(page, 1003, "target-areas")
    map_box = page.locator("#target-map").bounding_box()
    controls = page.locator("#target-preset").bounding_box()
    headline = page.locator("#target-headline").bounding_box()
    assert map_box["y"] < headline["y"] < controls["y"]
    assert map_box["y"] < 400 and map_box["width"] >= 340
    page.screenshot(
        path=str(screenshot(page, "phone-target-map-first")).replace(".png", "-top.png")
    )


def test_desktop_keeps_the_profile_beside_the_map(page):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(page.base_url + "/?level=ward&area=E05010936")
    leaflet.wait_for_areas(page, 159)
    sheet = page.locator("#area-profile-sheet").bounding_box()
    graph = page.locator("#map-graph").bounding_box()
    assert sheet["x"] > graph["x"] + graph["width"] - 5  # the right-hand column
    assert not page.get_by_role("button", name="Close").is_visible()
    screenshot(page, "desktop-map-profile")


def grid_codes(page) -> list[str]:
    return page.evaluate(
        '() => { const out = []; dash_ag_grid.getApi({"type":"map-table-grid","index":"map"})'
        ".forEachNodeAfterFilterAndSort(n => out.push(n.data.code)); return out; }"
    )


def test_the_table_sorts_by_need_reads_its_rank_and_downloads_as_shown(page):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(page.base_url + "/?level=ward")
    leaflet.wait_for_areas(page, 159)
    page.get_by_role("tab", name="Table").click()
    page.wait_for_selector(".ag-row")
    page.wait_for_timeout(500)
    ranks = page.evaluate(
        '() => { const out = []; dash_ag_grid.getApi({"type":"map-table-grid","index":"map"})'
        ".forEachNodeAfterFilterAndSort(n => out.push(n.data.rank)); return out; }"
    )
    known = [r for r in ranks if r is not None]
    assert known[0] == 1 and known == sorted(known)  # opens sorted by need
    header = page.locator(".ag-header-cell[col-id='rank'] .ag-header-cell-text")
    assert header.inner_text() == "Rank (1 = most need)"
    box = header.bounding_box()
    grid = page.locator(".ag-root-wrapper").bounding_box()
    assert box["x"] + box["width"] <= grid["x"] + grid["width"]  # on screen, no sideways scroll
    assert header.evaluate(
        "e => e.scrollWidth <= e.clientWidth + 1 && e.scrollHeight <= e.clientHeight + 1"
    )
    screenshot(page, "desktop-map-table")

    # Sort by name and filter to one borough's wards: the download has these rows in this order.
    page.locator(".ag-header-cell[col-id='name'] .ag-header-cell-label").click()
    page.evaluate(
        '() => dash_ag_grid.getApi({"type":"map-table-grid","index":"map"})'
        ".setFilterModel({borough: {filterType: 'text', type: 'equals', filter: 'Knowsley'}})"
    )
    page.wait_for_timeout(600)
    shown = grid_codes(page)
    assert 10 <= len(shown) < 159
    with page.expect_download() as download:
        page.get_by_role("button", name="Download as shown (CSV)").click()
    text = download.value.path().read_text()
    lines = list(csv.reader(io.StringIO(text)))
    assert "Source:" in lines[0][0] and lines[2][:2] == ["Area", "Rank (1 = most need)"]
    codes = lines[2].index("Code")
    assert [row[codes] for row in lines[3:]] == shown
    assert download.value.suggested_filename.endswith(".csv")
    page.set_viewport_size(PHONE)
    page.wait_for_timeout(500)
    page.locator("#map-table-download-button").scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot(page, "phone-map-table")))
    assert own_errors(page) == []
