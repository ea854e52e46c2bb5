"""Bring your own data in headless Chromium: upload a file on the Data page, read the report, map the
layer, download it; and a second browser never sees it."""

from __future__ import annotations

import csv
import io

import pytest

from tests.browser import leaflet
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser


class DataPage:
    def __init__(self, page) -> None:
        self.page = page

    def open(self) -> DataPage:
        self.page.goto(self.page.base_url + "/data")
        self.page.wait_for_selector("#data-catalogue table")
        return self

    def upload(self, name: str, data: bytes, mime: str = "text/csv") -> None:
        self.page.set_input_files(
            "#data-upload input[type=file]",
            files=[{"name": name, "mimeType": mime, "buffer": data}],
        )
        self.page.wait_for_selector("#data-upload-status [role]")

    def describe(self, title: str, source: str, date: str) -> None:
        self.page.fill("#data-title", title)
        self.page.fill("#data-source", source)
        self.page.fill("#data-date", date)

    def add(self) -> str:
        self.page.click("#data-add")
        self.page.wait_for_selector("#data-report [role]")
        return self.page.inner_text("#data-report")

    def add_file(self, name: str, data: bytes, title: str, source: str, date: str) -> str:
        """Upload, describe and add a file, and wait until its card is listed; the report."""
        self.upload(name, data)
        self.describe(title, source, date)
        report = self.add()
        self.page.wait_for_selector("#data-yours .card")
        return report


def claimant_file(bundle) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["lsoa_code", "claimants", "residents aged 16-64"])
    for i, code in enumerate(bundle.lsoa.index):
        writer.writerow([code, 5 + i % 40, 900 + i % 300])
    writer.writerow(["E01000001", 3, 800])  # City of London: outside the City Region
    return out.getvalue().encode()


def test_upload_map_and_download(page, bundle):
    data = DataPage(page).open()
    data.upload("page.csv", b"<!DOCTYPE html><html><body>Sign in</body></html>")
    assert "web page (HTML)" in page.inner_text("#data-upload-status")

    data.upload("claimants.csv", claimant_file(bundle))
    assert "CSV" in page.inner_text("#data-upload-status")
    data.describe("Claimants (partner extract)", "Nomis: claimant count by LSOA", "October 2023")
    report = data.add()
    assert "1,003 of 1,003" in report and "1 outside the City Region" in report
    assert "E01000001" in report
    page.wait_for_selector("#data-yours .card")
    assert "Nomis: claimant count by LSOA" in page.inner_text("#data-catalogue")
    screenshot(page, "data-upload-report")

    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV").click()
    text = download.value.path().read_text()
    assert text.startswith("Claimants (partner extract)") and "Nomis: claimant count" in text

    page.get_by_role("link", name="Show it on the map").click()
    page.wait_for_selector("#map-graph.leaflet-container", state="attached")
    page.wait_for_function(
        "() => { const v = document.querySelector('#layer-picker');"
        " return v && v.innerText.includes('Claimants (partner extract)'); }"
    )
    leaflet.wait_for_areas(page, 1003)
    assert "Nomis: claimant count by LSOA" in page.inner_text("#layer-info")
    page.get_by_role("radio", name="Ward (May 2025)", exact=True).check()
    leaflet.wait_for_areas(page, 159)
    screenshot(page, "data-upload-on-map")

    # The score builder offers it; a score on it alone exports with the source the user gave.
    page.click("a[href='/target']")
    page.wait_for_selector("#target-indicators")
    page.wait_for_load_state("networkidle")
    page.click("#target-indicators")
    page.get_by_role("option", name="Claimants (partner extract)").first.click()
    page.keyboard.press("Escape")
    page.wait_for_function("() => window.location.search.includes('upload_')")
    page.wait_for_load_state("networkidle")
    screenshot(page, "data-upload-in-score")
    with page.expect_download() as download:
        page.click("#target-download-csv")
    exported = download.value.path().read_text(encoding="utf-8-sig")
    assert "Claimants (partner extract)" in exported
    assert "Nomis: claimant count by LSOA" in exported
    assert page.console_watch.errors == []


def test_a_second_browser_never_sees_the_upload(page, browser, bundle):
    data = DataPage(page).open()
    data.add_file("claimants.csv", claimant_file(bundle), "Private upload", "Nomis", "2023")

    other = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        second = other.new_page()
        second.goto(page.base_url + "/data")
        second.wait_for_selector("#data-catalogue table")
        second.wait_for_load_state("networkidle")
        assert "Private upload" not in second.inner_text("body")
        assert "No datasets added" in second.inner_text("#data-yours")
        second.goto(page.base_url + "/")
        second.wait_for_selector("#map-graph.leaflet-container", state="attached")
        second.wait_for_load_state("networkidle")
        second.click("#layer-picker")
        assert "Private upload" not in second.inner_text("body")
    finally:
        other.close()
    assert page.console_watch.errors == []
