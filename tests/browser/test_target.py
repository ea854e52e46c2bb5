"""A planner builds a target list end to end: preset, weight, top 50, zones, reach curve, a removal from
the shortlist, and CSV and Excel downloads holding exactly that shortlist with its settings."""

from __future__ import annotations

import csv
import io
import re
from urllib.parse import parse_qs, urlparse

import openpyxl
import pytest

from layers.targeting.link import expand_codes
from tests.browser import leaflet
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser


class TargetPage:
    """Intent-level actions on the Target page."""

    def __init__(self, page) -> None:
        self.page = page

    def open(self, query: str = "") -> None:
        self.page.goto(self.page.base_url + "/target" + query)
        self.wait_for_headline()

    def wait_for_headline(self) -> None:
        self.page.wait_for_selector("#target-headline:has-text('The top')")

    def query(self) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(urlparse(self.page.url).query).items()}

    def wait_for_query(self, key: str, pattern: str) -> None:
        self.page.wait_for_function(
            "([key, pattern]) => new RegExp(pattern).test("
            "new URLSearchParams(window.location.search).get(key) || '')",
            arg=[key, pattern],
        )

    def choose_preset(self, title: str) -> None:
        self.page.click("#target-preset")
        self.page.get_by_role("option", name=re.compile(f"^{title} —")).click()

    def set_weight(self, layer_id: str, value: float) -> None:
        selector = f'[id=\'{{"layer":"{layer_id}","type":"target-weight"}}\']'
        self.page.fill(selector, str(value))
        self.page.press(selector, "Enter")

    def set_top(self, n: int) -> None:
        self.page.fill("#target-top", str(n))
        self.page.press("#target-top", "Enter")

    def open_tab(self, label: str) -> None:
        self.page.get_by_role("tab", name=label).click()

    def shortlist_codes(self) -> list[str]:
        """Codes in the grid, in its (rank) order, read from the grid's own row model."""
        return self.page.evaluate(
            "() => { const api = dash_ag_grid.getApi('target-shortlist'); const out = [];"
            " api.forEachNodeAfterFilterAndSort(n => out.push(n.data.code)); return out; }"
        )

    def remove_from_shortlist(self, code: str) -> None:
        self.page.locator(
            f"#target-shortlist .ag-row[row-id='{code}'] input[type=checkbox]"
        ).first.check()
        self.page.click("#target-remove")

    def download(self, fmt: str, tmp_path) -> tuple[str, bytes]:
        with self.page.expect_download() as info:
            self.page.click(f"#target-download-{fmt}")
        download = info.value
        path = tmp_path / download.suggested_filename
        download.save_as(path)
        return download.suggested_filename, path.read_bytes()


def csv_table(body: bytes) -> tuple[dict[str, str], list[dict[str, str]]]:
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))
    settings = {r[0][2:]: r[1] for r in rows if r and r[0].startswith("# ")}
    header_at = next(i for i, r in enumerate(rows) if r and r[0] == "Area code")
    header = rows[header_at]
    return settings, [dict(zip(header, r, strict=True)) for r in rows[header_at + 1 :] if r]


def test_planner_builds_edits_and_downloads_a_target_list(page, tmp_path):
    target = TargetPage(page)
    target.open()

    target.choose_preset("Workwise")
    target.wait_for_query("preset", "^workwise$")
    page.wait_for_selector('[id=\'{"layer":"connectivity","type":"target-weight"}\']')
    target.set_weight("out_of_work", 3)
    target.wait_for_query("w", "out_of_work:3")
    target.set_top(50)
    target.wait_for_query("top", "^50$")
    page.wait_for_selector("#target-headline:has-text('The top 50 LSOAs')")
    assert re.search(r"The top 50 LSOAs \(5% of areas\) hold \d+% of out-of-work claimants",
                     page.inner_text("#target-headline"))  # fmt: skip

    target.open_tab("Flood zones")
    page.wait_for_selector("#target-zones .ag-row")
    assert page.locator("#target-zones .ag-row").count() >= 1
    target.open_tab("Reach curve")
    page.wait_for_selector("#target-reach .scatterlayer .trace")
    assert page.locator("#target-reach .scatterlayer .trace").count() == 4
    screenshot(page, "target-reach")

    target.open_tab("Shortlist")
    page.wait_for_selector("#target-shortlist .ag-row")
    before = target.shortlist_codes()
    assert len(before) == 50
    removed = before[3]
    target.remove_from_shortlist(removed)
    target.wait_for_query("drop", ".+")
    page.wait_for_function(
        "() => { const api = dash_ag_grid.getApi('target-shortlist');"
        " return api && api.getDisplayedRowCount() === 49; }"
    )
    shortlist = target.shortlist_codes()
    assert removed not in shortlist and shortlist == [c for c in before if c != removed]
    screenshot(page, "target-workbench")

    name, body = target.download("csv", tmp_path)
    assert name.startswith("lcr-targets_custom_lsoa_top50_49-areas_") and name.endswith(".csv")
    settings, rows = csv_table(body)
    assert [r["Area code"] for r in rows] == shortlist
    assert settings["Removed by hand"].split(" ")[0] == removed  # the code, then its name
    assert "out_of_work] weight 3" in settings["Indicators and weights"]
    assert "connectivity] weight 1" in settings["Indicators and weights"]
    assert settings["Rule: top N"] == "50"

    name, body = target.download("xlsx", tmp_path)
    assert name.endswith(".xlsx") and "49-areas" in name
    workbook = openpyxl.load_workbook(io.BytesIO(body))
    data = workbook["Targets"]
    assert [c.value for c in data["A"]][1:] == shortlist
    meta = {r[0]: r[1] for r in workbook["Settings and sources"].iter_rows(values_only=True)}
    assert meta["Removed by hand"].split(" ")[0] == removed
    assert "out_of_work] weight 3" in meta["Indicators and weights"]
    assert page.console_watch.errors == []


def test_map_click_toggles_an_area_and_the_phone_layout_holds(page):
    page.set_viewport_size({"width": 390, "height": 844})
    target = TargetPage(page)
    target.open("?top=10")
    page.wait_for_selector("#target-map.leaflet-container", state="attached")
    leaflet.wait_for_areas(page, 1003, "target-areas")
    page.wait_for_function(
        "() => { const api = dash_ag_grid.getApi('target-shortlist');"
        " return api && api.getDisplayedRowCount() === 10; }"
    )
    page.wait_for_load_state("networkidle")
    # The shortlist is outlined on the map.
    page.wait_for_function(f"() => !!{leaflet.drawn('target-areas')}")
    # A real click in the middle of the map toggles the area under the pointer.
    page.locator("#target-map").scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    box = page.locator("#target-map").bounding_box()
    assert target.query().get("add") is None and target.query().get("drop") is None
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_function("() => /[?&](add|drop)=/.test(window.location.search)")
    query = target.query()
    added = query.get("add")
    code = "E01" + (added or query["drop"]).zfill(6)
    page.wait_for_function(
        "([code, added]) => { const api = dash_ag_grid.getApi('target-shortlist');"
        " return api && !!api.getRowNode(code) === added; }",
        arg=[code, added is not None],
    )
    screenshot(page, "target-phone")
    assert page.console_watch.errors == []


def test_a_box_and_a_lasso_drawn_on_the_map_add_then_remove_areas(page):
    """Box (rectangle) and lasso (polygon) shortlisting with Leaflet.draw's control: the areas
    inside the shape join the shortlist, or leave it when the mode says remove; the shape is then
    cleared from the map."""
    target = TargetPage(page)
    target.open("?top=10")
    leaflet.wait_for_areas(page, 1003, "target-areas")
    page.locator("#target-map").scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    box = page.locator("#target-map").bounding_box()

    def at(fx: float, fy: float) -> tuple[float, float]:
        return box["x"] + box["width"] * fx, box["y"] + box["height"] * fy

    # A box over part of Liverpool adds every LSOA inside it.
    page.click("#target-map .leaflet-draw-draw-rectangle")
    page.mouse.move(*at(0.50, 0.62))
    page.mouse.down()
    page.mouse.move(*at(0.57, 0.70), steps=6)
    page.mouse.up()
    target.wait_for_query("add", ".+")
    added = expand_codes(target.query()["add"], "lsoa")  # runs of codes travel as ranges
    assert len(added) >= 3
    page.wait_for_function(
        "(n) => dash_ag_grid.getApi('target-shortlist').getDisplayedRowCount() >= n",
        arg=10 + len(added) - 2,
    )
    page.wait_for_function(
        "() => document.querySelectorAll('#target-map .leaflet-interactive.leaflet-draw-shape,"
        " #target-map path.leaflet-interactive').length === 0"
    )
    screenshot(page, "target-box-added")

    # Lasso (polygon, click by click) in remove mode takes them out again.
    page.get_by_text("Box or lasso drawn removes").click()
    page.click("#target-map .leaflet-draw-draw-polygon")
    for point in ((0.48, 0.60), (0.60, 0.60), (0.60, 0.72), (0.48, 0.72)):
        page.mouse.click(*at(*point))
        page.wait_for_timeout(150)
    page.mouse.click(*at(0.48, 0.60))  # back on the first point closes the lasso
    page.wait_for_function("() => !new URLSearchParams(window.location.search).get('add')")
    assert page.console_watch.errors == []
