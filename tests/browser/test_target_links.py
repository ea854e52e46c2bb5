"""A box over the whole region on the Target page gives a link that opens again, and downloads and an
action pack that work (issue 22, item 2): edits are recorded as changes against the rules' list, runs
of codes travel as ranges, and edits too long for any address are stored on the server."""

from __future__ import annotations

import csv
import io
import re
from urllib.parse import parse_qs, urlparse

import pytest

from tests.browser import leaflet
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser

REQUEST_LINE_LIMIT = 4094  # gunicorn's limit_request_line (dashboard/gunicorn_conf.py: the default)


def grid_rows(page) -> int:
    return page.evaluate("() => dash_ag_grid.getApi('target-shortlist').getDisplayedRowCount()")


def wait_for_rows(page, n: int) -> None:
    page.wait_for_function(
        "(n) => { const api = dash_ag_grid.getApi('target-shortlist');"
        " return api && api.getDisplayedRowCount() === n; }",
        arg=n,
    )


def box_over_the_map(page) -> None:
    page.locator("#target-map").scroll_into_view_if_needed()
    box = page.locator("#target-map").bounding_box()
    # Zoomed out a step, so the whole region is inside the frame.
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, 240)
    page.wait_for_timeout(800)
    page.click("#target-map .leaflet-draw-draw-rectangle")
    # From right of the map's controls (top left) to above its credits (bottom right).
    page.mouse.move(box["x"] + box["width"] * 0.12, box["y"] + box["height"] * 0.02)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.97, box["y"] + box["height"] * 0.92, steps=8)
    page.mouse.up()


@pytest.mark.parametrize("top", [50, 400])
def test_a_box_over_the_whole_region_gives_a_link_that_reloads_and_exports(page, top):
    page.goto(page.base_url + f"/target?top={top}")
    leaflet.wait_for_areas(page, 1003, "target-areas")
    wait_for_rows(page, top)
    box_over_the_map(page)
    page.wait_for_function("() => /[?&](add|edits)=/.test(window.location.search)")
    page.wait_for_load_state("networkidle")
    rows = grid_rows(page)
    assert rows > 900  # the box took in nearly every area
    link = page.url
    query = {k: v[0] for k, v in parse_qs(urlparse(link).query).items()}
    assert "add" in query or "edits" in query
    hrefs = [
        page.get_attribute(selector, "href")
        for selector in ("#target-download-csv", "#target-pack", "#target-pack-pdf")
    ]
    for href in [link, *hrefs]:
        assert len(f"GET {href} HTTP/1.1") < REQUEST_LINE_LIMIT, href[:120]
    screenshot(page, f"target-whole-region-box-top{top}")
    reopen_and_export(page, link, rows)


def test_hand_edits_too_long_for_a_link_are_stored_and_the_link_opens_again(page):
    """Every other LSOA added by hand: no runs to shorten, so the page's own link stores them."""
    codes = [f"{n}" for n in range(6413, 7400, 2)]
    page.goto(page.base_url + "/target?top=50&add=" + ".".join(codes))
    leaflet.wait_for_areas(page, 1003, "target-areas")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    assert re.search(r"[?&]edits=[0-9a-f]{20}", page.url), page.url[:300]
    link = page.url
    assert "add=" not in link and len(link) < 200
    # The pack of this list fails on main too (a venue of no kind, dashboard/pack/sections.py):
    # reported, not this item's.
    reopen_and_export(page, link, grid_rows(page), pack=False)


def reopen_and_export(page, link: str, rows: int, pack: bool = True) -> None:
    # The link opens the same list in a fresh page.
    fresh = page.context.new_page()
    fresh.goto(link)
    leaflet.wait_for_areas(fresh, 1003, "target-areas")
    wait_for_rows(fresh, rows)
    assert "could not be used" not in fresh.inner_text("body")

    # The CSV download and the action pack open from it.
    csv_href = fresh.get_attribute("#target-download-csv", "href")
    answer = fresh.request.get(page.base_url + csv_href)
    assert answer.status == 200
    body = answer.text()
    table = [r for r in csv.reader(io.StringIO(body)) if r and r[0].startswith("E01")]
    assert len(table) == rows
    if pack:
        answer = fresh.request.get(
            page.base_url + fresh.get_attribute("#target-pack", "href"), timeout=120_000
        )
        assert answer.status == 200
    fresh.close()
