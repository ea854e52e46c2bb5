"""What a new user trips over on the forms (issue 22 items 3, 4, 5, 7, 8, 9, 12), in headless
Chromium on the City Region (and Greater Manchester where it applies)."""

from __future__ import annotations

import pytest

from tests.browser import leaflet
from tests.browser.conftest import screenshot
from tests.browser.test_data_page import DataPage

pytestmark = pytest.mark.browser


def errors(page) -> list[str]:
    """Every console error the page logged (none expected)."""
    return list(page.console_watch.errors)


def test_a_new_file_starts_a_clean_form(page, data_dir):
    samples = data_dir / "samples"
    data = DataPage(page).open()
    data.upload("uc.csv", (samples / "statxplore_uc_households_msoa_lcr.csv").read_bytes())
    page.wait_for_selector("#data-period-labels", state="visible")
    assert page.input_value("#data-unit") == "count"  # what is counted, not the title
    assert page.input_value("#data-title") == "Households on Universal Credit"
    assert page.is_disabled("#data-scale")  # a count: no rate scale to choose
    assert page.input_value("#data-scale") == ""  # "not used: a count", never "per cent"
    page.fill("#data-period-labels", "2015-08..2022-12, 2023-11")

    # The next file has its own header row, so the period-label field is hidden: it must be empty.
    data.upload("cilif.csv", (samples / "statxplore_cilif_relative_msoa_lcr.csv").read_bytes())
    page.wait_for_selector("#data-period-labels", state="hidden")
    assert page.input_value("#data-period-labels") == ""
    assert page.input_value("#data-date") == "2014/15 to 2021/22"
    data.describe("Children in low income families", "DWP Stat-Xplore", "2014/15 to 2021/22")
    report = data.add()
    assert "period labels" not in report and "Added" in report, report
    screenshot(page, "newuser-data-clean-form")
    assert errors(page) == []


# --- item 5: keyboard ------------------------------------------------------------------------------


def _tab_to(page, selector: str, limit: int = 80) -> None:
    page.locator("body").focus()
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => !!document.activeElement.closest('{selector}')"):
            return
    raise AssertionError(f"Tab never reached {selector}")


@pytest.mark.parametrize(
    ("path", "button", "wanted"),
    [("/", "#map-copy-link-button", "layer="), ("/target", "#target-copy-link-button", "preset=")],
)
def test_copy_link_is_a_button_reached_and_pressed_by_keyboard(page, path, button, wanted):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=page.base_url)
    page.goto(page.base_url + path)
    page.wait_for_selector(button)
    page.wait_for_load_state("networkidle")
    assert page.evaluate(f"() => document.querySelector('{button}').tagName") == "BUTTON"
    _tab_to(page, button)
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => document.querySelector('{button}').innerText.includes('copied')")
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied.startswith(page.base_url + path.rstrip("/")) and wanted in copied, copied
    assert errors(page) == []


@pytest.mark.parametrize(
    ("path", "picker", "typed", "param"),
    [
        ("/", "#layer-picker", "illness", "layer=illness"),
        ("/target", "#target-preset", "famil", "preset=families"),
    ],
)
def test_dropdowns_filter_as_you_type(page, path, picker, typed, param):
    page.goto(page.base_url + path)
    page.wait_for_selector(picker)
    if path == "/":
        leaflet.wait_for_areas(page)  # the page's first callbacks have settled
    page.wait_for_load_state("networkidle")
    _tab_to(page, picker)
    page.keyboard.press(typed[0])  # the first letter opens the list with its search box
    page.wait_for_selector(".dash-dropdown-search")
    # The rest is typed once the search box holds the focus (as a person sees it open, then types):
    # keys pressed while the list was still opening went nowhere on a busy machine.
    page.wait_for_function(
        "() => document.activeElement && document.activeElement.matches('.dash-dropdown-search')"
    )
    for key in typed[1:]:
        page.keyboard.press(key)
    page.wait_for_function(
        f"() => document.querySelector('.dash-dropdown-search').value === {typed!r}"
    )
    # Enter once the list shows the matches (as a person sees them): pressed while the list was
    # still unfiltered, it picked the first layer of the whole list on a busy machine.
    page.wait_for_function(
        "(typed) => { const o = document.querySelector('[role=option]');"
        " return !!o && o.innerText.toLowerCase().includes(typed); }",
        arg=typed,
    )
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => window.location.search.includes('{param}')")
    assert errors(page) == []


def _aria_hidden_focus(page) -> list:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page, options={"runOnly": {"type": "rule", "values": ["aria-hidden-focus"]}}
    )
    return results.response["violations"]


@pytest.mark.parametrize("path", ["/", "/target", "/overview", "/data", "/compare", "/nowhere"])
def test_no_aria_hidden_focus_on_any_page(page, path):
    page.goto(page.base_url + path)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    assert _aria_hidden_focus(page) == []


def test_no_aria_hidden_focus_on_greater_manchester(gm_page):
    for path in ("/", "/target"):
        gm_page.goto(gm_page.base_url + path)
        gm_page.wait_for_load_state("networkidle")
        gm_page.wait_for_timeout(300)
        assert _aria_hidden_focus(gm_page) == [], path


DESKTOP = {"width": 1280, "height": 800}


# --- item 4: counts as rates -----------------------------------------------------------------------


def _profile(page, query: str, name: str) -> None:
    page.set_viewport_size(DESKTOP)
    page.goto(page.base_url + "/?" + query)
    page.wait_for_selector("#map-graph.leaflet-container", state="attached")
    page.wait_for_selector("#area-profile")
    page.wait_for_function(
        f"() => document.querySelector('#area-profile').innerText.includes({name!r})"
    )
    page.wait_for_load_state("networkidle")


def test_uc_households_compared_as_a_rate_and_the_count_not_ranked(page, bundle):
    code = bundle.msoa.index[0]
    name = bundle.msoa.at[code, "msoa_name"]
    _profile(page, f"layer=uc_households_rate&level=msoa&area={code}", name)
    page.wait_for_selector("#area-profile .js-plotly-plot .scatterlayer .trace")
    assert page.locator("#area-profile .scatterlayer .trace").count() == 3  # area, borough, region
    assert "per 1,000 residents" in page.inner_text("#area-profile")
    screenshot(page, "newuser-uc-rate-profile")

    _profile(page, f"layer=uc_households&level=msoa&area={code}", name)
    page.wait_for_selector("#area-profile .js-plotly-plot .scatterlayer .trace")
    assert page.locator("#area-profile .scatterlayer .trace").count() == 1  # its own series only
    assert "Not ranked: a count" in page.inner_text("#area-profile")
    screenshot(page, "newuser-uc-count-profile")
    assert errors(page) == []


# --- item 7: the Target headline after hand edits --------------------------------------------------


def test_target_headline_follows_a_hand_edit(page):
    page.set_viewport_size(DESKTOP)
    page.goto(page.base_url + "/target?top=10")
    page.wait_for_selector("#target-headline:has-text('The top 10')")
    page.wait_for_selector("#target-map.leaflet-container", state="attached")
    page.wait_for_function(
        "() => window.atlasMap && window.atlasMap.drawn['target-areas']"
        " && window.atlasMap.drawn['target-areas'].styled >= 1003"
    )
    page.wait_for_load_state("networkidle")
    page.locator("#target-map").scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    box = page.locator("#target-map").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_selector("#target-headline:has-text('Your list of')")
    headline = page.inner_text("#target-headline")
    notes = page.inner_text("#target-notes")
    assert "by hand" in headline and "The top 10" not in headline, headline
    assert "by hand (1" in notes, notes
    screenshot(page, "newuser-target-hand-edit")
    assert errors(page) == []


# --- item 8: doors to knock ------------------------------------------------------------------------


def test_pack_gives_doors_to_knock_first_and_a_full_scenario_link(page):
    page.set_viewport_size(DESKTOP)
    page.goto(page.base_url + "/pack?preset=worklessness&top=50&zone=1")
    page.wait_for_selector("h3:has-text('Door-knocking list')")
    assert "postcodes to knock" in page.inner_text("body")
    # The scenario line is printed at the foot of every paper page (CSS @page), not shown on screen.
    assert f"Scenario link: {page.base_url}/pack?" in page.content()
    screenshot(page, "newuser-pack-doors")


# --- item 9: contradictions and look-alikes --------------------------------------------------------


def test_labels_that_no_longer_contradict(page):
    page.set_viewport_size(DESKTOP)
    response = page.goto(page.base_url + "/no-such-page")
    assert response.status == 404
    page.wait_for_selector("text=Page not found")
    page.goto(page.base_url + "/data")
    page.wait_for_selector("#data-catalogue table")
    assert "/work/" not in page.inner_text("#data-region") and "region.json" in page.inner_text(
        "#data-region"
    )
    page.goto(page.base_url + "/?layer=illness&level=ward&area=E05010936")
    page.wait_for_selector("#area-profile")
    page.wait_for_function(
        "() => document.querySelector('#area-profile').innerText.includes('Halewood North')"
    )
    profile = page.inner_text("#area-profile")
    assert "England = 100" not in profile and "expected at England's rates" in profile
    assert "LSOAs best-fitted to this ward" in profile
    # The browser reports the 404 page's own status; nothing else may fail.
    assert [e for e in errors(page) if "status of 404" not in e] == []


def test_greater_manchester_offers_no_liverpool_postcode_and_no_internal_id(gm_page):
    page = gm_page
    page.set_viewport_size(DESKTOP)
    page.goto(page.base_url + "/")
    page.wait_for_selector("#postcode-search")
    assert page.is_disabled("#postcode-search")
    assert "L32" not in (page.get_attribute("#postcode-search", "placeholder") or "")
    assert "no postcode lookup" in page.inner_text("#postcode-message")
    screenshot(page, "newuser-gm-map-postcode")
    page.goto(page.base_url + "/target?preset=families")
    page.wait_for_selector("#target-headline:has-text('The top')")
    page.wait_for_load_state("networkidle")
    body = page.inner_text("body")
    assert "child_poverty_idaci" not in body and "L32 1AB" not in body
    screenshot(page, "newuser-gm-target-families")


# --- item 12: the profile to keep or print ---------------------------------------------------------


def test_profile_panel_downloads_csv_and_pdf(page):
    _profile(page, "layer=out_of_work&level=ward&area=E05010936", "Halewood North")
    page.wait_for_selector("#profile-csv")
    screenshot(page, "newuser-profile-downloads")
    with page.expect_download() as download:
        page.click("#profile-csv")
    text = download.value.path().read_text(encoding="utf-8-sig")
    assert text.startswith("# Outreach Atlas,area profile: Halewood North")
    assert "Data date" in text and "Open Government Licence" in text
    href = page.get_attribute("#profile-pdf", "href")
    response = page.request.get(page.base_url + href)
    assert response.status == 200 and response.body().startswith(b"%PDF")
    assert errors(page) == []
