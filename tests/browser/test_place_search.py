"""Search by the places people name (issue 22, item 6), on the City Region and Greater Manchester: a
town's name lists its neighbourhoods, choosing the town outlines all of them, choosing one outlines
it, an LSOA's profile names its neighbourhood, and the footer credits the Open Parliament Licence."""

from __future__ import annotations

import pytest

from tests.browser import leaflet
from tests.browser.conftest import screenshot
from tests.browser.test_map_phone_and_table import own_errors

pytestmark = pytest.mark.browser


def search(page, text: str) -> list[str]:
    page.click("#area-search")
    page.locator(".dash-dropdown-search").first.fill(text)
    page.get_by_role("option").first.wait_for()
    page.wait_for_timeout(400)
    return page.get_by_role("option").all_inner_texts()


def outlined(page) -> list[str]:
    return page.evaluate(
        "() => ((window.atlasPostcodes.drawn['map-postcode-areas'] || {styled: []}).styled)"
    )


def choose_town(page, town: str, n_neighbourhoods: int, shot: str) -> None:
    options = search(page, town)
    assert options[0].startswith(f"{town} · every neighbourhood named so")
    named = [o for o in options if "Neighbourhood (MSOA 2021)" in o]
    assert len(named) == n_neighbourhoods and all(town in o for o in named)
    n_lsoas = int(options[0].split(" · ")[-1].split()[0])
    page.get_by_role("option").first.click()
    page.wait_for_function(
        "(n) => new Set((window.atlasPostcodes.drawn['map-postcode-areas'] || {styled: []})"
        ".styled).size >= n",
        arg=n_lsoas,
    )
    page.wait_for_function(
        "(t) => document.querySelector('#area-profile').innerText.includes(t + ' · ')", arg=town
    )
    assert f"{n_neighbourhoods} neighbourhoods named after it" in page.inner_text("#area-profile")
    page.wait_for_timeout(800)  # the map's move ends
    screenshot(page, shot)


def test_kirkby_finds_its_neighbourhoods_and_the_profile_names_them(page):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(page.base_url + "/")
    leaflet.wait_for_areas(page, 1003)
    assert "Open Parliament Licence" in page.inner_text("footer")
    choose_town(page, "Kirkby", 4, "place-search-kirkby")
    # One neighbourhood.
    search(page, "Stockbridge Village")
    page.get_by_role("option").filter(has_text="Neighbourhood (MSOA 2021)").first.click()
    page.wait_for_function(
        "() => document.querySelector('#area-profile').innerText.includes('Stockbridge Village ·')"
    )
    page.wait_for_function(
        "() => new Set(window.atlasPostcodes.drawn['map-postcode-areas'].styled).size >= 1"
    )
    # A ward once, with its sets.
    halewood = [o for o in search(page, "Halewood North") if "E05010936" in o]
    assert len(halewood) == 1 and "also in the 2021 set" in halewood[0]
    page.keyboard.press("Escape")
    # An LSOA's profile names its neighbourhood.
    page.goto(page.base_url + "/?area=E01006412")
    leaflet.wait_for_areas(page, 1003)
    profile = page.inner_text("#area-profile")
    assert "Stockbridge Village (E02001332)" in profile
    assert own_errors(page) == []


def test_greater_manchester_finds_wythenshawe(gm_page):
    page = gm_page
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(page.base_url + "/")
    leaflet.wait_for_areas(page)
    assert "Open Parliament Licence" in page.inner_text("footer")
    choose_town(page, "Wythenshawe", 3, "place-search-gm-wythenshawe")
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_timeout(500)
    page.screenshot(path=str(screenshot(page, "place-search-gm-phone")))


def test_on_a_phone_a_chosen_town_opens_in_the_sheet(page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(page.base_url + "/")
    leaflet.wait_for_areas(page, 1003)
    search(page, "Kirkby")
    page.get_by_role("option").first.click()
    page.wait_for_function(
        "() => document.querySelector('#area-profile-sheet').classList.contains('atlas-sheet-open')"
    )
    page.wait_for_timeout(800)
    sheet = page.locator("#area-profile-sheet").bounding_box()
    assert sheet["y"] + sheet["height"] <= 845 and "Kirkby ·" in page.inner_text("#area-profile")
    graph = page.locator("#map-graph").bounding_box()
    assert -5 <= graph["y"] < sheet["y"]  # the outlined map above the sheet, in view
    page.screenshot(path=str(screenshot(page, "place-search-kirkby-phone")))
    assert own_errors(page) == []
