"""Compare areas side by side in headless Chromium: a shared link opens with one column per area,
its CSV holds the same figure as the area's own profile, the Map profile leads there, and Greater
Manchester's atlas compares its own areas and explains a code from another region."""

from __future__ import annotations

import csv
import io

import pytest

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser


def _csv_rows(text: str) -> list[dict[str, str]]:
    lines = text.lstrip("\ufeff").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Indicator,"))
    return list(csv.DictReader(io.StringIO("\n".join(lines[start:]))))


def _header_cells(page) -> list[str]:
    return page.locator("#compare-table thead th").all_inner_texts()


def test_lcr_compare_link_shows_three_columns_and_downloads_the_csv(page, app_bundle):
    lsoa = app_bundle.lsoa.index[0]
    ward = app_bundle.lsoa.at[lsoa, "ward_code"]
    borough = app_bundle.lsoa.at[lsoa, "lad_code"]
    page.goto(f"{page.base_url}/compare?areas={lsoa},{ward},{borough}")
    page.wait_for_selector("#compare-table")
    heads = _header_cells(page)
    assert len(heads) == 1 + 3 + 3  # indicator, the three areas, region, England, date and source
    assert app_bundle.lsoa.at[lsoa, "lsoa_name"] in heads[1]
    assert app_bundle.region.lad_name(borough) in heads[3]
    screenshot(page, "compare-lcr-three")
    # The printable page: the table without the picker and links.
    assert page.is_hidden("#compare-created")  # on paper only
    page.emulate_media(media="print")
    assert page.is_hidden("#compare-areas") and page.is_hidden("#compare-csv")
    assert page.is_visible("#compare-table")
    created = page.inner_text("#compare-created")
    assert created.startswith("Created ") and f"Link: {page.base_url}/compare?areas=" in created
    screenshot(page, "compare-lcr-print")
    page.emulate_media(media="screen")

    with page.expect_download() as info:
        page.click("#compare-csv")
    rows = _csv_rows(info.value.path().read_text(encoding="utf-8-sig"))
    assert {r["Area code"] for r in rows} == {lsoa, ward, borough}
    profile = _csv_rows(page.request.get(f"{page.base_url}/profile.csv?area={lsoa}").text())
    imd = next(r for r in profile if r["Value"] and not r["Value"].startswith("no data"))
    mine = next(r for r in rows if r["Area code"] == lsoa and r["Indicator"] == imd["Indicator"])
    assert mine["Value"] == imd["Value"] and mine["Data date"] == imd["Data date"]
    assert page.console_watch.errors == []


def test_lcr_map_profile_adds_areas_to_the_comparison(page, app_bundle):
    first, second = app_bundle.lsoa.index[0], app_bundle.lsoa.index[1]
    for code, columns in ((first, 1), (second, 2)):
        page.goto(f"{page.base_url}/?area={code}")
        page.wait_for_selector("#profile-compare")
        page.click("#profile-compare")
        page.wait_for_selector("#compare-table")
        assert len(_header_cells(page)) == 1 + columns + 3
    # The address bar holds the whole comparison, to share.
    page.wait_for_function("() => window.location.search.includes(',')")
    assert page.url.endswith(f"/compare?areas={first},{second}&level=lsoa")
    assert page.console_watch.errors == []


def test_gm_compares_its_boroughs_and_explains_another_regions_code(gm_page):
    page = gm_page
    page.goto(f"{page.base_url}/compare?areas=E08000001,E08000003")
    page.wait_for_selector("#compare-table")
    heads = _header_cells(page)
    assert len(heads) == 1 + 2 + 3
    assert "Bolton" in heads[1] and "Manchester" in heads[2]
    assert "Greater Manchester" in heads[3]
    screenshot(page, "compare-gm-two")

    # A third area from the picker: typed, chosen, compared.
    page.click("#compare-areas")
    page.keyboard.type("Wigan")
    page.get_by_role("option", name="Wigan · Borough · E08000010").click()
    page.keyboard.press("Escape")
    page.wait_for_function(
        "() => document.querySelector('#compare-go').getAttribute('href').includes('E08000010')"
    )
    page.click("#compare-go")
    page.wait_for_function(
        "() => document.querySelectorAll('#compare-table thead th').length === 7"
    )
    assert page.url.endswith("/compare?areas=E08000001,E08000003,E08000010")

    page.goto(f"{page.base_url}/compare?areas=E08000001,E01006412")
    page.wait_for_selector("#compare-message")
    message = page.inner_text("#compare-message")
    assert "E01006412 is not an area of Greater Manchester" in message
    assert page.locator("#compare-table").count() == 0
    assert page.console_watch.errors == []
