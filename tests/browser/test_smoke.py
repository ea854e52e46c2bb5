"""Every page loads in headless Chromium with no console errors."""

from __future__ import annotations

import pytest

from tests.browser import leaflet
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser

PAGES = {"map": "/", "target": "/target", "overview": "/overview", "plans": "/plans",
         "compare": "/compare",
         "not_found": "/no-such-page"}  # fmt: skip


@pytest.mark.parametrize("name", PAGES)
def test_page_loads_without_console_errors(page, name):
    response = page.goto(page.base_url + PAGES[name])
    page.wait_for_selector("#footer")
    page.wait_for_load_state("networkidle")
    screenshot(page, f"smoke-{name}")
    assert "Open Government Licence" in page.inner_text("#footer")
    errors = page.console_watch.errors
    if name == "not_found":
        # The page answers HTTP 404, which the browser reports once for the document itself.
        assert response.status == 404
        errors = [e for e in errors if "status of 404" not in e]
    assert errors == []


def test_map_draws_real_lsoa_boundaries(page):
    page.goto(page.base_url + "/")
    page.wait_for_selector("#map-graph.leaflet-container", state="attached")
    leaflet.wait_for_areas(page, 1003)
    # Borough names are drawn over the map offline (no glyph server), one per borough; ward and
    # LSOA names wait for the zoom they fit.
    page.wait_for_function(
        "() => document.querySelectorAll('#map-graph .atlas-map-label-borough').length === 6"
    )
    names = page.locator("#map-graph .atlas-map-label-borough").all_inner_texts()
    assert sorted(names) == ["Halton", "Knowsley", "Liverpool", "Sefton", "St Helens", "Wirral"]
    screenshot(page, "map-lsoa")
    assert page.console_watch.errors == []


def test_claimant_count_month_is_chosen_on_the_map_and_kept_in_the_link(page, app_bundle):
    from layers.claimant_count import values_for_month

    july_rates = values_for_month(app_bundle, "ward2021", "2023-07")["value"].dropna()
    area = july_rates.index[0]
    page.goto(page.base_url + f"/?layer=claimant_count&level=ward2021&month=2023-07&area={area}")
    page.wait_for_selector("#period-row")
    leaflet.wait_for_areas(page, 123)
    assert "July 2023" in page.inner_text("#period-row")
    assert "July 2023" in page.inner_text("#area-profile")
    # The time view: the ward against its borough and the City Region over the four months.
    page.wait_for_selector("#profile-time .js-plotly-plot")
    lines = page.evaluate(
        "() => document.querySelector('#profile-time .js-plotly-plot').data.length"
    )
    assert lines == 3
    july = leaflet.hideout(page, "customdata")
    before = leaflet.revision(page)
    page.click("#period-picker")
    page.get_by_role("option", name="September 2023").click()
    page.wait_for_function("() => window.location.search.includes('period=2023-09')")
    leaflet.wait_for_new_drawing(page, before)
    september = leaflet.hideout(page, "customdata")
    assert september != july
    # The open area's profile reads the month on the map.
    page.wait_for_function(
        "() => document.querySelector('#area-profile').innerText.includes('September 2023')"
    )
    assert "July 2023" not in page.inner_text("#area-profile")
    assert page.console_watch.errors == []
