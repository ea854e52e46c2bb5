"""The Map page in headless Chromium: switch layer and level, pick a borough, search an area, open its
profile, toggle venues, then reopen the copied link and get the same view back."""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser

GRAPH = "#map-graph .js-plotly-plot"


class MapPage:
    """Intent-level actions on the Map page."""

    def __init__(self, page) -> None:
        self.page = page

    def open(self, query: str = "") -> MapPage:
        self.page.goto(self.page.base_url + "/" + query)
        self.page.wait_for_selector("#map-graph .maplibregl-canvas", state="attached")
        self.wait_for_areas()
        return self

    def wait_for_areas(self, n: int | None = None) -> None:
        check = f"=== {n}" if n is not None else "> 0"
        self.page.wait_for_function(
            f"() => {{ const g = document.querySelector('{GRAPH}');"
            f" return g && g._fullData && g._fullData[0].locations.length {check}; }}"
        )
        self.page.wait_for_load_state("networkidle")
        # MapLibre draws after the data arrives: wait until it has finished rendering.
        self.page.wait_for_function(
            f"() => {{ const g = document.querySelector('{GRAPH}');"
            " const s = g && g._fullLayout.map && g._fullLayout.map._subplot;"
            " return s && s.map && s.map.loaded() && !s.map.isMoving(); }"
        )
        self.page.wait_for_timeout(300)

    def trace(self, index: int, prop: str):
        return self.page.evaluate(f"() => document.querySelector('{GRAPH}').data[{index}].{prop}")

    def choose(self, dropdown: str, option: str) -> None:
        self.page.click(dropdown)
        self.page.get_by_role("option", name=option, exact=True).click()
        self.page.wait_for_load_state("networkidle")

    def choose_layer(self, title: str) -> None:
        self.choose("#layer-picker", title)

    def choose_level(self, label: str) -> None:
        self.page.get_by_role("radio", name=label, exact=True).check()
        self.page.wait_for_load_state("networkidle")

    def search(self, text: str) -> None:
        self.page.click("#area-search")
        self.page.locator(
            "#area-search-popover .dash-dropdown-search, .dash-dropdown-search"
        ).first.fill(text)
        self.page.get_by_role("option").filter(has_text=text).first.click()
        self.page.wait_for_load_state("networkidle")

    def toggle_venue(self, label: str) -> None:
        self.page.get_by_role("checkbox", name=label).click()
        self.page.wait_for_load_state("networkidle")


def test_explore_then_share_the_view(page):
    atlas = MapPage(page).open()
    assert atlas.trace(0, "locations.length") == 1003
    assert isinstance(atlas.trace(0, "geojson"), str)  # geometry by URL, never embedded
    screenshot(page, "map-01-default")

    atlas.choose_layer("Health · Illness and disability benefits")
    page.wait_for_function(
        "() => document.querySelector('#layer-info').innerText.includes('CIDR') || document.querySelector('#layer-info').innerText.includes('illness')"
    )
    assert "Illness and disability benefits" in page.inner_text("#layer-info")

    atlas.choose_level("Ward (May 2025)")
    atlas.wait_for_areas(159)

    atlas.choose("#borough-picker", "Knowsley")
    page.wait_for_function(
        "() => document.querySelector('#map-legend').innerText.includes('Knowsley')"
    )
    screenshot(page, "map-02-wards-knowsley")

    atlas.search("Halewood North")
    page.wait_for_function(
        "() => document.querySelector('#area-profile').innerText.includes('Halewood North')"
    )
    profile = page.inner_text("#area-profile")
    assert "LSOAs best-fitted to this ward" in profile
    assert "City Region" in profile and "Rank" in profile
    assert atlas.trace(2, "locations") == ["E05010936"]  # outlined on the map

    atlas.toggle_venue("Pharmacies")
    page.wait_for_function(f"() => document.querySelector('{GRAPH}').data[4].visible === true")
    screenshot(page, "map-03-profile-venues")

    page.wait_for_function("() => window.location.search.includes('venues=pharmacy')")
    link = page.url
    for part in ("layer=illness", "level=ward", "borough=knowsley", "area=E05010936"):
        assert part in link
    assert page.console_watch.errors == []

    # A copied link reopened in a fresh page restores the view.
    fresh = page.context.new_page()
    fresh.base_url = page.base_url
    reopened = MapPage(fresh)
    fresh.goto(link)
    reopened.wait_for_areas(159)
    assert "Halewood North" in fresh.inner_text("#area-profile")
    assert "Illness and disability benefits" in fresh.inner_text("#layer-info")
    assert reopened.trace(4, "visible") is True
    assert fresh.get_by_role("radio", name="Ward (May 2025)", exact=True).is_checked()
    screenshot(fresh, "map-04-reopened-link")


def test_bad_link_falls_back_with_a_notice_and_table_mirrors_the_map(page):
    atlas = MapPage(page).open("?layer=nope&level=moon&borough=atlantis&area=XYZ&zoom=3")
    notice = page.inner_text("#map-notice")
    assert "Unknown layer" in notice and "Unknown borough" in notice and "not found" in notice
    assert atlas.trace(0, "locations.length") == 1003
    page.get_by_role("tab", name="Table").click()
    page.wait_for_selector("#map-table .ag-row")
    assert "1,003 LSOA (2021) areas" in page.inner_text("#map-table-note")
    screenshot(page, "map-05-bad-link-table")
    assert page.console_watch.errors == []


def test_phone_width_puts_the_map_first_and_full_width(page):
    page.set_viewport_size({"width": 390, "height": 844})
    MapPage(page).open("?layer=need_access&level=ward")
    box = page.locator("#map-graph").bounding_box()
    assert box["width"] >= 340
    controls = page.locator("#layer-picker").bounding_box()
    assert box["y"] < controls["y"]  # map above the panels
    assert "Need and access" in page.inner_text("#map-legend")
    screenshot(page, "map-06-phone-bivariate")
    assert page.console_watch.errors == []


def test_layer_change_repaints_the_areas_and_hover_reads_the_new_values(page):
    """Colours are MapLibre feature state set by assets/map_fill.js, and plotly.js does not redraw
    the areas on a layer change (layout.datarevision holds): the map must still show the new
    layer's classes, and hovering must show the new layer's values."""
    from dashboard.mapview import model
    from dashboard.mapview.state import ViewState

    atlas = MapPage(page).open()
    painted = "() => document.querySelector('" + GRAPH + "')._atlasFill.painted"
    before = page.evaluate(painted)
    atlas.choose_layer("Health · Illness and disability benefits")
    page.wait_for_function(f"() => ({painted})() > {before}")
    atlas.wait_for_areas(1003)
    expected = model.build(ViewState(layer="illness"))
    shown = page.evaluate(
        f"(codes) => {{ const g = document.querySelector('{GRAPH}');"
        " const m = g._fullLayout.map._subplot.map;"
        " return codes.map(c => m.getFeatureState({source: 'atlas-areas', id: c}).colour); }",
        expected.codes[:50],
    )
    assert shown == [expected.colours[z + 1] for z in expected.z[:50]]
    # plotly.js's own copy of the areas is not drawn (map_fill.js hides its layers), so MapLibre
    # tiles the areas once; hover below still comes from plotly.js.
    hidden = page.evaluate(
        f"() => {{ const g = document.querySelector('{GRAPH}');"
        " const m = g._fullLayout.map._subplot.map; const uid = g._fullData[0].uid;"
        " return ['-fill', '-line'].map(s => m.getLayoutProperty("
        "'plotly-trace-layer-' + uid + s, 'visibility')); }"
    )
    assert hidden == ["none", "none"]

    box = page.locator("#map-graph .maplibregl-canvas").bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.45, box["y"] + box["height"] * 0.55)
    page.wait_for_selector("#map-graph .hovertext")
    hover = page.locator("#map-graph .hovertext").first.text_content()
    assert "Illness and disability benefits" in hover and "Rank" in hover
    code = next(c for c in expected.codes if c in hover)
    assert expected.detail.value_text[expected.codes.index(code)] in hover  # the new layer's value
    screenshot(page, "map-07-hover-after-layer-change")
    assert page.console_watch.errors == []
