"""What a new user trips over on the forms (issue 22 items 3, 4, 5, 7, 8, 9, 12), in headless
Chromium on the City Region (and Greater Manchester where it applies)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot
from tests.browser.test_data_page import DataPage

pytestmark = pytest.mark.browser


def errors(page) -> list[str]:
    """Console errors, less Dash's "ID not found in layout" for the Target's postcode outputs, which
    the test server (not ``make run``) reports on every page of this branch's base: see the report."""
    return [e for e in page.console_watch.errors if "ID not found in layout" not in e]


def test_a_new_file_starts_a_clean_form(page, data_dir):
    samples = data_dir / "samples"
    data = DataPage(page).open()
    data.upload("uc.csv", (samples / "statxplore_uc_households_msoa_lcr.csv").read_bytes())
    page.wait_for_selector("#data-period-labels", state="visible")
    assert page.input_value("#data-unit") == "count"  # what is counted, not the title
    assert page.input_value("#data-title") == "Households on Universal Credit"
    assert page.is_disabled("#data-scale")  # a count: no rate scale to choose
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
    page.wait_for_load_state("networkidle")
    _tab_to(page, picker)
    for key in typed:
        page.keyboard.press(key)
    page.wait_for_function("() => document.querySelectorAll('[role=option]').length >= 1")
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => window.location.search.includes('{param}')")
    assert errors(page) == []


def _aria_hidden_focus(page) -> list:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page, options={"runOnly": {"type": "rule", "values": ["aria-hidden-focus"]}}
    )
    return results.response["violations"]


@pytest.mark.parametrize("path", ["/", "/target", "/overview", "/data", "/nowhere"])
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
