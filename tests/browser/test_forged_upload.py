"""Two browsers, one server: B takes A's upload id from a shared link and puts other content under it in
its own session store. A's map keeps showing A's values; B sees neither A's data nor its own content
passed off as A's, and is told the entry could not be checked."""

from __future__ import annotations

import csv
import io

import pytest

from tests.browser import leaflet
from tests.browser.test_data_page import DataPage

pytestmark = pytest.mark.browser

STORE = "imported-layers"  # the shell's session store (dashboard.ids.IMPORTED_LAYERS)


def lsoa_file(bundle, base: int) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["lsoa_code", "claimants", "residents aged 16-64"])
    for i, code in enumerate(bundle.lsoa.index):
        writer.writerow([code, base + i % 40, 1000])
    return out.getvalue().encode()


def add_upload(page, bundle, title: str, base: int) -> str:
    """Upload on the Data page; the id it is stored under."""
    DataPage(page).open().add_file(
        "mine.csv", lsoa_file(bundle, base), title, "Partner extract", "2024"
    )
    return page.evaluate(f"() => Object.keys(JSON.parse(sessionStorage.getItem('{STORE}')))[0]")


def map_values(page, layer_id: str, title: str | None = None) -> list:
    """Open the map on ``layer_id`` (as a shared link would), wait until it shows ``title`` if given,
    and read the values it draws."""
    page.goto(f"{page.base_url}/?layer={layer_id}")
    page.wait_for_selector("#map-graph.leaflet-container", state="attached")
    if title is not None:
        page.wait_for_function(
            "(title) => { const p = document.querySelector('#layer-picker');"
            " return p !== null && p.innerText.includes(title); }",
            arg=title,
        )
    leaflet.wait_for_areas(page)
    if title is not None:  # drawn from the hideout whose hover names this layer
        page.wait_for_function(
            f"(title) => {leaflet.drawn('map-areas')}.hideout.hovertemplate.includes(title)",
            arg=title,
        )
    return [row[0] for row in leaflet.rows(page)]


def test_a_forged_upload_id_cannot_change_what_another_browser_sees(page, browser, bundle):
    id_a = add_upload(page, bundle, "A's private data", 5)
    a_before = map_values(page, id_a, "A's private data")
    assert a_before[:3] == [0.5, 0.6, 0.7]  # 5, 6, 7 claimants of 1,000

    other = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        b = other.new_page()
        b.base_url = page.base_url
        b.set_default_timeout(20_000)
        add_upload(b, bundle, "B's content", 30)
        # B forges its store: its own content under A's id, then opens A's shared link.
        b.evaluate(
            f"""(idA) => {{
                const store = JSON.parse(sessionStorage.getItem('{STORE}'));
                const forged = {{[idA]: Object.values(store)[0]}};
                sessionStorage.setItem('{STORE}', JSON.stringify(forged));
            }}""",
            id_a,
        )
        b_values = map_values(b, id_a)
        body = b.inner_text("body")
        assert "A's private data" not in body and "B's content" not in b.inner_text("#layer-picker")
        assert f"Unknown layer “{id_a}”" in b.inner_text("#map-notice")
        assert b_values != a_before  # the default layer, not A's values
        b.goto(page.base_url + "/data")
        b.wait_for_selector("#data-catalogue table")
        b.wait_for_load_state("networkidle")
        assert "could not be checked" in b.inner_text("#data-yours")
        assert "A's private data" not in b.inner_text("body")
    finally:
        other.close()

    assert (
        map_values(page, id_a, "A's private data") == a_before
    )  # A, on the same server afterwards, still sees A's
    assert page.console_watch.errors == []
