"""The Map page in headless Chromium: switch layer and level, pick a borough, search an area, open its
profile, toggle venues, then reopen the copied link and get the same view back."""

from __future__ import annotations

import json

import pytest

from dashboard.context import shared_context
from tests.browser import leaflet
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser


class MapPage:
    """Intent-level actions on the Map page."""

    def __init__(self, page) -> None:
        self.page = page

    def open(self, query: str = "") -> MapPage:
        self.page.goto(self.page.base_url + "/" + query)
        self.page.wait_for_selector("#map-graph.leaflet-container", state="attached")
        self.wait_for_areas()
        return self

    def wait_for_areas(self, n: int | None = None) -> None:
        leaflet.wait_for_areas(self.page, n)

    def area_count(self) -> int:
        return len(leaflet.hideout(self.page, "codes"))

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
    geometry = []
    page.on("request", lambda r: geometry.append(r.url) if "/geo/" in r.url else None)
    atlas = MapPage(page).open()
    assert atlas.area_count() == 1003
    # Geometry by the cached URLs, never in a callback response.
    assert any(u.endswith("/lsoa.geojson") for u in geometry)
    assert any(u.endswith("/labels.geojson") for u in geometry)
    assert not any(u.endswith("/venues.geojson") for u in geometry)  # none shown yet
    screenshot(page, "map-01-default")

    before = leaflet.revision(page)
    atlas.choose_layer("Health · Illness and disability benefits")
    leaflet.wait_for_new_drawing(page, before)
    assert "Illness and disability benefits" in page.inner_text("#layer-info")

    atlas.choose_level("Ward (May 2025)")
    atlas.wait_for_areas(159)
    assert any(u.endswith("/ward.geojson") for u in geometry)

    atlas.choose("#borough-picker", "Knowsley")
    page.wait_for_function(
        "() => document.querySelector('#map-legend').innerText.includes('Knowsley')"
    )
    atlas.wait_for_areas(159)
    faded = leaflet.hideout(page, "opacity")
    assert sum(1 for o in faded if o == 1) == 15  # Knowsley's wards; the rest faded
    screenshot(page, "map-02-wards-knowsley")

    atlas.search("Halewood North")
    page.wait_for_function(
        "() => document.querySelector('#area-profile').innerText.includes('Halewood North')"
    )
    profile = page.inner_text("#area-profile")
    assert "LSOAs best-fitted to this ward" in profile
    assert "City Region" in profile and "Rank" in profile
    page.wait_for_function(f"() => !!{leaflet.drawn('map-selected')}")
    assert leaflet.styled_codes(page, "map-selected") == ["E05010936"]  # outlined on the map
    # Zoomed in on the ward: ward names are shown, LSOA names not yet.
    page.wait_for_function("() => Number(document.querySelector('#map-graph').dataset.zoom) >= 12")
    assert (
        page.locator("#map-graph .atlas-map-label-ward")
        .filter(has_text="Halewood North")
        .first.is_visible()
    )

    atlas.toggle_venue("Pharmacies")
    page.wait_for_function(
        f"() => {leaflet.drawn('map-venues')} && {leaflet.drawn('map-venues')}.styled > 300"
    )
    assert set(leaflet.hideout(page, "kinds", "map-venues")) == {"pharmacy"}
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
    fresh.wait_for_function(f"() => !!{leaflet.drawn('map-venues')}")
    assert leaflet.hideout(fresh, "kinds", "map-venues") == ["pharmacy"]
    assert fresh.get_by_role("radio", name="Ward (May 2025)", exact=True).is_checked()
    assert leaflet.styled_codes(fresh, "map-selected") == ["E05010936"]
    screenshot(fresh, "map-04-reopened-link")


def test_bad_link_falls_back_with_a_notice_and_table_mirrors_the_map(page):
    atlas = MapPage(page).open("?layer=nope&level=moon&borough=atlantis&area=XYZ&zoom=3")
    notice = page.inner_text("#map-notice")
    assert "Unknown layer" in notice and "Unknown borough" in notice and "not found" in notice
    assert atlas.area_count() == 1003
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


def test_layer_change_repaints_the_areas_hover_reads_the_new_values_and_click_opens_a_profile(page):
    """Colours come from the hideout through assets/atlas_map.js's style function: after a layer
    change the areas must show the new layer's classes, hovering must show its values, and a click
    opens the area's profile."""
    from dashboard.mapview import model
    from dashboard.mapview.state import ViewState

    atlas = MapPage(page).open()
    before = leaflet.revision(page)
    atlas.choose_layer("Health · Illness and disability benefits")
    leaflet.wait_for_new_drawing(page, before)
    atlas.wait_for_areas(1003)
    expected = model.build(ViewState(layer="illness"), catalog=shared_context().catalog)
    shown = leaflet.colours(page, expected.codes[:50])
    assert shown == [expected.colours[z + 1] for z in expected.z[:50]]

    box = page.locator("#map-graph").bounding_box()
    x, y = box["x"] + box["width"] * 0.47, box["y"] + box["height"] * 0.57
    page.mouse.move(x - 5, y - 5)
    page.mouse.move(x, y)
    page.wait_for_selector("#map-graph .leaflet-tooltip")
    hover = page.locator("#map-graph .leaflet-tooltip").first.text_content()
    assert "Illness and disability benefits" in hover and "Rank" in hover
    code = next(c for c in expected.codes if c in hover)
    assert expected.detail.value_text[expected.codes.index(code)] in hover  # the new layer's value
    screenshot(page, "map-07-hover-after-layer-change")

    page.mouse.click(x, y)
    page.wait_for_function(
        "(code) => document.querySelector('#area-profile').innerText.includes(code)", arg=code
    )
    page.wait_for_function("(code) => window.location.search.includes('area=' + code)", arg=code)
    assert page.console_watch.errors == []


def test_names_and_scale_show_without_any_basemap(page):
    """Offline context from our own data: borough names at the City Region view, LSOA names once
    zoomed in, a metric scale bar, and no tile requested from anywhere."""
    tiles = []
    page.on("request", lambda r: tiles.append(r.url) if r.resource_type == "image" else None)
    MapPage(page).open()
    boroughs = page.locator("#map-graph .atlas-map-label-borough")
    assert sorted(boroughs.all_inner_texts()) == [
        "Halton", "Knowsley", "Liverpool", "Sefton", "St Helens", "Wirral",
    ]  # fmt: skip
    assert not page.locator("#map-graph .atlas-map-label-lsoa").first.is_visible()
    assert "km" in page.inner_text("#map-graph .leaflet-control-scale")
    assert page.locator("#map-graph .leaflet-tile").count() == 0 and tiles == []
    assert page.locator("#map-frame fieldset[hidden]").count() == 0  # no street controls shown
    assert not page.locator("#map-streets").is_visible()

    MapPage(page).open("?area=E01006512")  # one LSOA: the map zooms in to it
    page.wait_for_function("() => Number(document.querySelector('#map-graph').dataset.zoom) >= 14")
    lsoa_names = page.locator("#map-graph .atlas-map-label-lsoa").filter(has_text="Liverpool 031A")
    assert lsoa_names.first.is_visible()
    screenshot(page, "map-08-labels-zoomed-in")
    assert page.console_watch.errors == []


def _rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)


def _close(a: tuple[int, ...], b: tuple[int, ...], tolerance: int = 10) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a[:3], b[:3], strict=True))


def test_a_layer_change_repaints_the_map_pixels(page, app_bundle):
    """What reaches the screen, not only what atlasMap.drawn counted: a screenshot of the map element
    before and after a layer change, read at a point inside each of many areas whose colour the
    change alters (docs/decisions/0001-map-restyle.md)."""
    import io

    import shapely
    import shapely.geometry
    from PIL import Image

    from dashboard.mapview import model
    from dashboard.mapview.state import ViewState

    atlas = MapPage(page).open()
    first = model.build(ViewState(), catalog=shared_context().catalog)
    after = model.build(ViewState(layer="illness"), catalog=shared_context().catalog)
    colour_before = {c: first.colours[z + 1] for c, z in zip(first.codes, first.z, strict=True)}
    colour_after = {c: after.colours[z + 1] for c, z in zip(after.codes, after.z, strict=True)}
    # Areas whose colour the change alters, and far enough apart in colour to tell.
    changed = [
        c
        for c in first.codes
        if c in colour_after and not _close(_rgb(colour_before[c]), _rgb(colour_after[c]), 40)
    ]
    assert len(changed) > 100
    # Each area's sampling point: the centre of the largest circle inside it, so the point is well
    # away from its edges; the areas with the largest such circles cover many pixels each.
    inside, radius = {}, {}
    for feature in json.loads(app_bundle.geojson_path("lsoa").read_text())["features"]:
        circle = shapely.maximum_inscribed_circle(shapely.geometry.shape(feature["geometry"]))
        centre = circle.coords[0]
        inside[feature["properties"]["code"]] = centre
        radius[feature["properties"]["code"]] = circle.length
    box = page.locator("#map-graph").bounding_box()
    # Names are drawn over the areas: a point under one is not sampled.
    labels = [
        (b["x"] - box["x"] - 3, b["y"] - box["y"] - 3, b["x"] - box["x"] + b["width"] + 3,
         b["y"] - box["y"] + b["height"] + 3)
        for b in (el.bounding_box() for el in page.locator("#map-graph .atlas-map-label").all())
        if b is not None
    ]  # fmt: skip

    def sample(codes):
        shot = Image.open(io.BytesIO(page.locator("#map-graph").screenshot())).convert("RGB")
        scale = shot.width / box["width"]
        out = {}
        for code in codes:
            lon, lat = inside[code]
            point = leaflet.point_of(page, lat, lon)
            if point is None or any(
                x0 <= point[0] <= x1 and y0 <= point[1] <= y1 for x0, y0, x1, y1 in labels
            ):
                continue
            x, y = round(point[0] * scale), round(point[1] * scale)
            if 20 < x < shot.width - 20 and 20 < y < shot.height - 20:
                # A 7 x 7 patch, mostly the area's fill even where a line crosses it.
                out[code] = [
                    shot.getpixel((x + dx, y + dy)) for dx in range(-3, 4) for dy in range(-3, 4)
                ]
        return out

    def shows(patch, colour: str) -> bool:
        return sum(_close(px, _rgb(colour)) for px in patch) >= 0.5 * len(patch)

    probe = sorted(changed, key=lambda c: -radius[c])[:80]
    shown_before = sample(probe)
    assert len(shown_before) >= 40
    matched = [c for c, patch in shown_before.items() if shows(patch, colour_before[c])]
    assert len(matched) >= 0.8 * len(shown_before)  # the method reads the map as drawn

    revision = leaflet.revision(page)
    atlas.choose_layer("Health · Illness and disability benefits")
    leaflet.wait_for_new_drawing(page, revision)
    atlas.wait_for_areas(1003)
    shown_after = sample(matched)
    repainted = [c for c, patch in shown_after.items() if shows(patch, colour_after[c])]
    stale = [c for c, patch in shown_after.items() if shows(patch, colour_before[c])]
    assert len(repainted) >= 0.8 * len(shown_after), (len(repainted), len(shown_after), stale[:5])
    assert len(stale) <= 0.05 * len(shown_after)
