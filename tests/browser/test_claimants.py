"""The Claimant Count by LSOA in the browser: a year chosen on the map (the link, the profile's time
chart and the export follow it), the change 2019 -> 2022 on the map and as a Target indicator, and the
same on Greater Manchester."""

from __future__ import annotations

import csv
import io

import pytest

from dashboard.postcodes.lookup import UNAVAILABLE as POSTCODE_SEARCH_UNAVAILABLE
from layers.classify import DIVERGING_COLOURS
from tests.browser import leaflet
from tests.browser.conftest import screenshot
from tests.browser.test_map import MapPage

pytestmark = pytest.mark.browser

CHANGE = "Change in Claimant Count by LSOA (yearly), 2019 to 2022"


def _errors(page) -> list[str]:
    return list(page.console_watch.errors)


def _export(page) -> list[dict]:
    href = page.get_attribute("#map-download", "href")
    response = page.request.get(page.base_url + href)
    assert response.status == 200
    text = response.text()
    table = text.split("\n\n", 1)[0] if "\n\n" in text else text.split("\r\n\r\n", 1)[0]
    return list(csv.DictReader(io.StringIO(table)))


def _year_on_map_link_profile_and_export(page) -> None:
    atlas = MapPage(page).open("?layer=claimants_lsoa")
    page.wait_for_selector("#period-row", state="visible")
    assert "2022" in page.inner_text("#period-picker")  # the latest by default
    latest = leaflet.rows(page)

    before = leaflet.revision(page)
    atlas.choose("#period-picker", "2016")
    leaflet.wait_for_new_drawing(page, before)
    assert [row[0] for row in leaflet.rows(page)] != [row[0] for row in latest]
    page.wait_for_function("() => window.location.search.includes('period=2016')")
    assert "2016" in page.inner_text("#layer-info")

    box = page.locator("#map-graph").bounding_box()  # a click opens the LSOA's profile
    page.mouse.click(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.55)
    page.wait_for_selector("#profile-time .main-svg")
    chart = page.inner_text("#profile-time")
    assert "2013" in chart and "2022" in chart
    assert "Universal Credit roll-out" in chart and "Pandemic" in chart
    profile = page.inner_text("#area-profile") if page.locator("#area-profile").count() else chart
    assert "2016" in profile
    screenshot(page, "claimants-01-year-2016")

    rows = _export(page)
    assert rows and {row["period"] for row in rows} == {"2016"}
    assert all(row["source"].startswith("Office for National Statistics") for row in rows)
    assert _errors(page) == []


def _change_on_map(page) -> None:
    atlas = MapPage(page).open("?layer=claimants_lsoa&level=ward")
    page.wait_for_selector("#period-row", state="visible")
    before = leaflet.revision(page)
    atlas.choose("#compare-picker", "Change since 2019")
    leaflet.wait_for_new_drawing(page, before)
    page.wait_for_function(
        "() => window.location.search.includes('since=2019')"
        " && window.location.search.includes('period=2022')"
    )
    assert CHANGE in page.inner_text("#layer-info")
    legend = page.inner_text("#map-legend")
    assert "no change" in legend and "Red = more need" in legend
    codes = leaflet.hideout(page, "codes")
    shades = set(leaflet.colours(page, codes))
    assert DIVERGING_COLOURS[-1] in shades  # the largest rises, red
    assert shades & set(DIVERGING_COLOURS[:3])  # some wards fell, blue
    changed = leaflet.rows(page)
    screenshot(page, "claimants-02-change-2019-2022")

    rows = _export(page)
    assert rows and "2019 figure" in rows[0] and "2022 figure" in rows[0]
    row = rows[0]
    value = float(next(v for k, v in row.items() if k.startswith("Change in")))
    assert value == pytest.approx(float(row["2022 figure"]) - float(row["2019 figure"]), abs=1e-5)

    fresh = page.context.new_page()  # the link restores the change
    fresh.base_url = page.base_url
    fresh.goto(page.url)
    leaflet.wait_for_areas(fresh)
    assert "Change since 2019" in fresh.inner_text("#compare-picker")
    assert [row[0] for row in leaflet.rows(fresh)] == [row[0] for row in changed]

    before = leaflet.revision(page)
    atlas.choose("#compare-picker", "One period (no comparison)")
    leaflet.wait_for_new_drawing(page, before)
    page.wait_for_function("() => !window.location.search.includes('since=')")
    assert _errors(page) == []


def _change_on_target(page) -> None:
    page.goto(page.base_url + "/target?preset=claimants-rising&level=lsoa&top=20")
    page.wait_for_selector("#target-weights")
    page.wait_for_load_state("networkidle")
    assert CHANGE in page.inner_text("#target-weights")
    page.goto(page.base_url + "/target?w=claimants_lsoa__change__2019__2022:1&level=ward&top=10")
    page.wait_for_load_state("networkidle")
    assert CHANGE in page.inner_text("#target-weights")
    assert "The top 10 wards" in page.inner_text("#target-headline")
    # nothing says the indicator is unknown or unavailable (a region without a postcode lookup says
    # so of its postcode search, as it should: that notice is the only "not available" allowed)
    body = page.inner_text("body")
    assert "could not be used" not in body and "Unknown" not in body
    assert "not available" not in body.replace(POSTCODE_SEARCH_UNAVAILABLE, "")
    screenshot(page, "claimants-03-target-change")
    response = page.request.get(
        page.base_url
        + "/download/targets.csv?w=claimants_lsoa__change__2019__2022:1&level=ward&top=10"
    )
    assert response.status == 200 and "2019 to 2022" in response.text()
    assert _errors(page) == []


def test_a_year_on_the_map_the_link_the_profile_and_the_export(page):
    _year_on_map_link_profile_and_export(page)


def test_the_change_2019_to_2022_on_the_map(page):
    _change_on_map(page)


def test_the_change_as_a_target_indicator(page):
    _change_on_target(page)


def test_greater_manchester_year_change_and_target(gm_page):
    _year_on_map_link_profile_and_export(gm_page)
    _change_on_map(gm_page)
    _change_on_target(gm_page)


def _concentration_on_the_overview(page) -> None:
    page.goto(page.base_url + "/overview")
    page.wait_for_selector("#ov-claimant-concentration")
    section = page.locator("#ov-claimant-concentration")
    section.scroll_into_view_if_needed()
    page.evaluate("() => window.atlasOverviewLazy.all()")
    page.wait_for_selector("#ov-claimant-concentration .js-plotly-plot .main-svg")
    text = section.inner_text()
    assert "Is need concentrating?" in text and "2013" in text and "2022" in text
    traces = page.evaluate(
        """() => Array.from(document.querySelectorAll('#ov-claimant-concentration .js-plotly-plot'))
            .map(g => g._fullData.map(t => t.name))"""
    )
    assert traces[0] == [
        "10% re-ranked each year", "10% fixed in the base year",
        "20% re-ranked each year", "20% fixed in the base year",
    ]  # fmt: skip
    assert len(traces[1]) >= 3  # boroughs and the region
    response = page.request.get(page.base_url + "/download/overview.csv")
    rows = [r for r in csv.DictReader(io.StringIO(response.text()))
            if r["indicator"] == "cc_share_top10_reranked"]  # fmt: skip
    assert {r["date"] for r in rows} == {str(y) for y in range(2013, 2023)}
    screenshot(page, "claimants-04-concentration")
    assert _errors(page) == []


def test_the_concentration_chart_on_the_overview(page):
    _concentration_on_the_overview(page)


def test_greater_manchester_concentration(gm_page):
    _concentration_on_the_overview(gm_page)
