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
