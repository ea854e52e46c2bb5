"""A planner builds a scenario on Target, opens its action pack, checks zone 1's figures against
values computed here from the bundle, downloads the PDF and prints the page: one section per zone in
both, with the scenario and licence on every page."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from tests.browser.conftest import screenshot
from tests.browser.test_basemap import street_page, street_server, tiles  # noqa: F401 (fixtures)
from tests.browser.test_target import TargetPage, csv_table
from tests.conftest import IN_CI

pytestmark = pytest.mark.browser

ZONE_HEADING = re.compile(r"^Flood zone (\d+): ", flags=re.M)


def pdf_text(path) -> str:
    if not shutil.which("pdftotext"):
        message = "pdftotext not found (make test installs poppler-utils)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    run = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return run.stdout


def zone_figures_from_bundle(bundle, codes: list[str]) -> dict[str, str]:
    lsoa = bundle.lsoa.loc[codes]
    num, score = lsoa["iod25_ind_employment_domain_numerator"], lsoa["iod25_employment_score"]
    known = num.notna() & score.notna() & (score > 0)
    return {
        "Residents": f"{lsoa['census21_residents_total'].sum():,.0f}",
        "Households: doors to knock": f"{lsoa['census21_households_total'].sum():,.0f}",
        "Working-age people on out-of-work benefits": f"{num.sum():,.0f}",
        "Out-of-work benefit rate": f"{num[known].sum() / (num[known] / score[known]).sum() * 100:.1f}",
    }  # fmt: skip


def test_planner_opens_prints_and_downloads_the_action_pack(page, bundle, tmp_path):
    target = TargetPage(page)
    target.open()
    target.choose_preset("Families")
    target.wait_for_query("preset", "^families$")
    target.set_top(20)
    target.wait_for_query("top", "^20$")
    page.wait_for_selector("#target-headline:has-text('The top 20 LSOAs')")
    query = page.evaluate("() => window.location.search")
    page.wait_for_function(
        "q => document.querySelector('#target-pack').getAttribute('href') === '/pack' + q",
        arg=query,
    )
    assert page.get_attribute("#target-pack-pdf", "href") == "/pack.pdf" + query
    _, body = target.download("csv", tmp_path)
    _, rows = csv_table(body)
    zones = {r["Zone"] for r in rows}
    zone1 = [r["Area code"] for r in rows if r["Zone"] == "1"]

    with page.context.expect_page() as opened:
        page.click("#target-pack")
    pack = opened.value
    pack.wait_for_load_state()
    assert pack.url.endswith("/pack" + query)
    sections = pack.locator("section.zone")
    assert sections.count() == len(zones)
    first = pack.locator("section.zone[data-zone='1']")
    for label, value in zone_figures_from_bundle(bundle, zone1).items():
        cell = first.locator(f"td[data-figure='{label}']")
        assert cell.inner_text().split("\n")[0] == value, label
    area_codes = first.locator("table.areas td:nth-child(2)").all_inner_texts()
    assert [text.split("\n")[0] for text in area_codes] == zone1
    assert first.locator("svg.zone-map path").count() > len(zone1)
    assert first.locator("svg.zone-map text.rank").count() == len(zone1)
    pack.set_viewport_size({"width": 1000, "height": 1400})
    screenshot(pack, "action-pack")

    # The server's PDF, from the pack's own link: one section per zone.
    with pack.expect_download() as info:
        pack.click("#pack-pdf")
    download = info.value
    assert download.suggested_filename.startswith("lcr-action-pack_families_lsoa_top20_")
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    text = pdf_text(path)
    assert [int(n) for n in ZONE_HEADING.findall(text)] == sorted(int(z) for z in zones)
    for page_text in filter(str.strip, text.split("\f")):
        assert "Open Government Licence v3.0" in page_text and "Scenario: families" in page_text

    # The printable page, printed by the browser: the same sections, the scenario on every page.
    pack.emulate_media(media="print")
    printed = tmp_path / "printed.pdf"
    pack.pdf(path=str(printed), format="A4", print_background=True)
    text = pdf_text(printed)
    assert [int(n) for n in ZONE_HEADING.findall(text)] == sorted(int(z) for z in zones)
    for page_text in filter(str.strip, text.split("\f")):
        assert "Scenario: families" in page_text and "Open Government Licence v3.0" in page_text
    assert not page.console_watch.errors


def test_a_zone_pack_meets_wcag_aa_and_reads_without_script(page):
    from tests.browser.test_accessibility import _blocking_violations

    page.goto(page.base_url + "/pack?preset=worklessness&top=50&zone=3")
    page.wait_for_selector("section.zone[data-zone='3'] svg.zone-map")
    assert page.locator("script").count() == 0
    found = _blocking_violations(page)
    assert found == [], "\n".join(found)
    screenshot(page, "action-pack-zone-3")
    assert page.console_watch.errors == []


def slippy_tile(lon: float, lat: float, zoom: int) -> tuple[int, int]:
    """The OSM "slippy map" tile holding a point, by the published formula."""
    import math

    n = 2**zoom
    x = int((lon + 180.0) / 360.0 * n)
    y = int((1.0 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2.0 * n)
    return x, y


def test_printable_pack_draws_a_configured_basemap_under_the_zone(street_page, tiles, bundle):  # noqa: F811
    page = street_page
    response = page.goto(page.base_url + "/pack?preset=worklessness&top=50&zone=5")
    assert tiles.origin in response.headers["content-security-policy"]
    section = page.locator("section.zone[data-zone='5']")
    images = section.locator("svg.zone-map image")
    assert images.count() > 0
    page.wait_for_load_state("networkidle")
    hrefs = images.evaluate_all("els => els.map(e => e.getAttribute('href'))")
    zooms = {int(h.split("/")[-3]) for h in hrefs}
    assert len(zooms) == 1
    zoom = zooms.pop()
    # The tile under the zone's first LSOA (its centroid from the bundle's display geometry) is drawn.
    import geopandas as gpd

    code = section.locator("table.areas td:nth-child(2)").first.inner_text().split("\n")[0]
    shapes = gpd.read_file(bundle.geojson_path("lsoa")).set_index("code")
    point = shapes.geometry[code].representative_point()
    x, y = slippy_tile(point.x, point.y, zoom)
    assert f"/tiles/{zoom}/{x}/{y}.png" in [h.removeprefix(tiles.origin) for h in hrefs]
    assert f"/tiles/{zoom}/{x}/{y}.png" in tiles.requests
    assert "Test streets © Outreach Atlas tests" in section.inner_text()
    section.locator("svg.zone-map").screenshot(path=str(tmp_shot()))
    assert page.console_watch.errors == []


def tmp_shot():
    from tests.live import SCREENSHOTS

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / "action-pack-basemap.png"
