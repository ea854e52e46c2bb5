"""After a postcode sector or district search the areas still answer the pointer (issue 22, item 1):
the sector's outlines are drawn on a canvas of their own, above the areas, which must never take a
hover or a click from them. Map and Target pages, desktop and phone width."""

from __future__ import annotations

import pytest

from tests.browser import leaflet
from tests.browser.conftest import screenshot
from tests.browser.test_postcodes import find_postcode

pytestmark = pytest.mark.browser


def pointer_target(page, map_id: str) -> str:
    """The pane whose element is under the centre of the map: where a hover or click goes."""
    return page.evaluate(
        """(id) => { const box = document.getElementById(id).getBoundingClientRect();
        const el = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
        const pane = el && el.closest('.leaflet-pane:not(.leaflet-map-pane)');
        return pane ? pane.className : (el ? el.tagName : ''); }""",
        map_id,
    )


def hover_centre(page, map_id: str) -> str:
    box = page.locator(f"#{map_id}").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x - 6, y - 6)
    page.mouse.move(x, y)
    tooltip = page.locator(f"#{map_id} .leaflet-tooltip").first
    tooltip.wait_for()
    return tooltip.text_content() or ""


@pytest.mark.parametrize("query", ["L32 1", "L32"])
def test_areas_answer_hover_and_click_after_a_sector_or_district_search(page, query):
    page.goto(page.base_url + "/")
    leaflet.wait_for_areas(page, 1003)
    said = find_postcode(page, query)
    assert f"Postcode {'sector' if ' ' in query else 'district'} {query}" in said
    page.wait_for_function(
        "() => ((window.atlasPostcodes.drawn['map-postcode-areas'] || {styled: []}).styled"
        ".length) >= 4"
    )
    page.wait_for_timeout(800)  # the fly-to ends
    assert "leaflet-areas-pane" in pointer_target(page, "map-graph")
    hover = hover_centre(page, "map-graph")
    code = hover.split("E0", 1)[1][:7] if "E0" in hover else ""
    assert code, hover
    box = page.locator("#map-graph").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_function("(code) => window.location.search.includes('area=E0' + code)", arg=code)
    assert f"E0{code}" in page.inner_text("#area-profile")
    screenshot(page, f"pointer-after-{query.replace(' ', '-')}-map")

    page.goto(page.base_url + "/target")
    leaflet.wait_for_areas(page, layer="target-areas")
    find_postcode(page, query, prefix="target-")
    page.wait_for_function(
        "() => ((window.atlasPostcodes.drawn['target-postcode-areas'] || {styled: []}).styled"
        ".length) >= 4"
    )
    page.wait_for_timeout(800)
    assert "leaflet-areas-pane" in pointer_target(page, "target-map")
    assert "Score" in hover_centre(page, "target-map")
    assert page.console_watch.errors == []
