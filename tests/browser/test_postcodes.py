"""Postcodes in headless Chromium: search a full postcode, a sector and an unknown one on the Map and
Target pages; upload a caseload built from real postcodes of the lookup (with malformed and
out-of-region rows), check the map's counts per LSOA against a count made here, suppression, the gap
view, and that no postcode reaches the page's URL, a download or the server's log."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter

import numpy as np
import pytest

from tests.browser import leaflet
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser

SMALL_LSOA = "E01006495"  # L32 1AB's LSOA: given 3 people, so its count is suppressed
BAD_ROWS = [("M1 1AA", "not in the City Region"), ("SW1A 1AA", "not in the City Region"),
            ("L32 9ZZ", "unknown"), ("not known", "malformed"), ("L3", "malformed")]  # fmt: skip


def covered_codes(page, layer: str) -> list[str]:
    return page.evaluate(
        f"() => ((window.atlasPostcodes.drawn[{layer!r}] || {{styled: []}}).styled)"
    )


def wait_for_layer(page, title_part: str, n: int) -> None:
    """Until the areas are drawn from the hideout of the layer whose title has ``title_part``."""
    page.wait_for_function(
        f"(part) => {{ const d = {leaflet.drawn('map-areas')};"
        " return !!d && d.hideout.hovertemplate.includes(part); }",
        arg=title_part,
    )
    leaflet.wait_for_areas(page, n)


def find_postcode(page, text: str, prefix: str = "") -> str:
    box, button, message = (f"#{prefix}postcode-search", f"#{prefix}postcode-find",
                            f"#{prefix}postcode-message")  # fmt: skip
    before = page.inner_text(message)
    page.fill(box, text)
    page.click(button)
    page.wait_for_function(
        f"(before) => {{ const m = document.querySelector({message!r});"
        " return m && m.innerText && m.innerText !== before; }",
        arg=before,
    )
    page.wait_for_load_state("networkidle")
    return page.inner_text(message)


def test_search_a_postcode_a_sector_and_an_unknown_one(page):
    page.goto(page.base_url + "/")
    leaflet.wait_for_areas(page, 1003)
    said = find_postcode(page, "l321ab")
    assert "L32 1AB" in said and "Knowsley 001E" in said
    pin = page.locator("img[alt='Postcode L32 1AB']")
    pin.wait_for()
    page.wait_for_function(
        "() => document.querySelector('#area-profile').innerText.includes('E01006495')"
    )
    page.wait_for_function("() => window.location.search.includes('area=E01006495')")
    page.wait_for_timeout(600)  # the map's fly-to ends
    shot = screenshot(page, "postcode-pin")
    assert shot.stat().st_size > 10_000
    assert "L32" not in page.url.upper() and "1AB" not in page.url.upper()

    said = find_postcode(page, "L32 1")
    assert "Postcode sector L32 1: 48 City Region postcodes" in said
    page.wait_for_function(
        "() => ((window.atlasPostcodes.drawn['map-postcode-areas'] || {styled: []}).styled"
        ".length) >= 4"
    )
    assert set(covered_codes(page, "map-postcode-areas")) == {
        "E01006437", "E01006457", "E01006494", "E01006495",
    }  # fmt: skip
    assert pin.count() == 0  # a new search clears the pin
    screenshot(page, "postcode-sector")

    said = find_postcode(page, "L32 9ZZ")
    assert "Postcode L32 9ZZ was not found" in said
    said = find_postcode(page, "M1 1AA")
    assert "M1 1AA is outside the City Region" in said
    said = find_postcode(page, "hello")
    assert "“hello” is not a postcode" in said
    assert "L32" not in page.url.upper() and "M1" not in page.url.upper()

    page.goto(page.base_url + "/target")
    page.wait_for_selector("#target-postcode-search")
    page.wait_for_load_state("networkidle")
    said = find_postcode(page, "ch25 9aa", prefix="target-")
    assert "CH25 9AA" in said and "unchanged" in said
    page.locator("img[alt='Postcode CH25 9AA']").wait_for()
    assert "CH25" not in page.url.upper()
    assert page.console_watch.errors == []


def lookup_file(data_dir) -> dict[str, str]:
    with (data_dir / "lookups/lcr_postcodes_nspl2025.csv").open(encoding="utf-8") as handle:
        return {r["postcode"].replace(" ", ""): r["lsoa2021_code"] for r in csv.DictReader(handle)}


def caseload(lookup: dict[str, str]) -> tuple[bytes, Counter, list[str]]:
    """Real postcodes (mixed spelling) with dates, 3 people in one LSOA, and bad rows at the end."""
    rng = np.random.default_rng(2026)
    postcodes = sorted(lookup)
    chosen = [postcodes[i] for i in rng.integers(0, len(postcodes), 2500)]
    chosen = [p for p in chosen if lookup[p] != SMALL_LSOA] + ["L321AB", "L321AB", "L321AD"]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Client", "Postcode", "Referral date", "Outcome"])
    for i, p in enumerate(chosen):
        typed = p.lower() if i % 2 else f"{p[:-3]} {p[-3:]}"
        writer.writerow([f"C{i}", typed, f"{1 + i % 28:02d}/{1 + i % 12:02d}/2024",
                         "into work" if i % 4 == 0 else "engaged"])  # fmt: skip
    for typed, _why in BAD_ROWS:
        writer.writerow(["X", typed, "01/01/2024", "engaged"])
    return out.getvalue().encode(), Counter(lookup[p] for p in chosen), chosen


def test_caseload_counts_suppression_gap_and_no_postcode_anywhere(page, data_dir, bundle_root):
    lookup = lookup_file(data_dir)
    data, expected, chosen = caseload(lookup)
    assert expected[SMALL_LSOA] == 3
    page.goto(page.base_url + "/data")
    page.wait_for_selector("#caseload-upload")
    page.fill("#caseload-title", "Outreach 2024")
    page.set_input_files("#caseload-upload input[type=file]",
                         files=[{"name": "caseload.csv", "mimeType": "text/csv", "buffer": data}])  # fmt: skip
    page.wait_for_selector("#caseload-show-reach")
    report = page.inner_text("#caseload-report")
    n = len(chosen)
    assert f"{n + len(BAD_ROWS):,} rows read: {n:,} matched" in report
    table = page.inner_text("#caseload-unmatched")
    for offset, (typed, why) in enumerate(BAD_ROWS):
        assert re.search(rf"{n + 2 + offset}\s+{re.escape(typed)}\s+{why}", table), typed
    screenshot(page, "caseload-report")
    layer = page.get_attribute("#caseload-show-reach", "href").split("layer=")[1]

    # Counts per LSOA on the map (its hover values), against the count made here.
    page.goto(page.base_url + f"/?layer={layer}_n")
    wait_for_layer(page, "Outreach 2024: people reached", 1003)
    codes = leaflet.hideout(page, "codes")
    shown = dict(zip(codes, (row[0] for row in leaflet.rows(page)), strict=True))
    notes = dict(zip(codes, (row[2] for row in leaflet.rows(page)), strict=True))
    for code in codes:
        want = expected.get(code, 0)
        if 0 < want < 5:
            assert shown[code] is None, code  # suppressed: never a number
            assert "suppressed" in notes[code], code  # and the hover says why
        else:
            assert shown[code] == want, code
    # The profile of the small LSOA says suppressed, never 3.
    find_postcode(page, "L32 1AB")
    page.wait_for_function(
        "() => { const p = document.querySelector('#area-profile');"
        " return !!p && p.innerText.includes('suppressed'); }"
    )
    profile = page.inner_text("#area-profile")
    assert "people reached" in profile and "no data (1 to 4 people: suppressed)" in profile

    # Reach per 100 claimants, and the gap view.
    page.goto(page.base_url + f"/?layer={layer}")
    wait_for_layer(page, "reach per 100 out-of-work claimants", 1003)
    page.wait_for_timeout(500)
    screenshot(page, "caseload-reach")
    page.goto(page.base_url + f"/?layer={layer}_gap&level=ward")
    wait_for_layer(page, "need–reach gap", 159)
    gaps = [row[0] for row in leaflet.rows(page) if row[0] is not None]
    assert len(gaps) > 150 and max(gaps) > 50 and min(gaps) < -50
    screenshot(page, "caseload-gap")

    # The counts download: suppressed, and no postcode in it.
    page.goto(page.base_url + "/data")
    page.wait_for_selector(f"#caseload-card-{layer}")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download counts (CSV)").click()
    exported = download.value.path().read_text()
    assert f"LSOA (2021),{SMALL_LSOA},suppressed" in exported.replace('"', "")

    # Target: the caseload's reach in the shortlist before and during the flood period.
    page.goto(page.base_url + "/target")
    page.wait_for_selector("#target-tabs")
    page.get_by_role("tab", name="Caseload reach").click()
    page.wait_for_selector("#target-caseload-table")
    reach = page.inner_text("#target-caseload-table")
    assert "Shortlist" in reach and "Rest of the City Region" in reach and "from 2024" in reach
    screenshot(page, "caseload-target-reach")

    # Nowhere: URL, download, the server's log.
    port = page.base_url.rsplit(":", 1)[1]
    log = (bundle_root / f"server-{port}.log").read_text()
    for postcode in {*chosen[:300], "M11AA", "SW1A1AA", "L329ZZ"}:
        spaced = f"{postcode[:-3]} {postcode[-3:]}"
        for text, where in ((page.url, "URL"), (exported, "download"), (log, "server log")):
            folded = text.upper()
            assert postcode not in folded and spaced not in folded, (postcode, where)
    assert page.console_watch.errors == []
