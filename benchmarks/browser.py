"""Headless Chromium for benchmarks (Debian's, as the browser tests use) and the main user journeys,
scripted once so the browser benchmark and the load test's recorder share them."""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator

from dashboard.context import shared_context

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]  # fmt: skip
# True once every area of the map's current hideout has been styled (assets/atlas_map.js records it).
MAP_PAINTED_JS = (
    "() => { const d = window.atlasMap && window.atlasMap.drawn['map-areas'];"
    " return !!d && d.hideout.codes.length > 0 && d.styled >= d.hideout.codes.length; }"
)


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


def choose(page, dropdown: str, option: str) -> None:
    page.click(dropdown)
    page.get_by_role("option", name=option, exact=True).click()


def wait_map(page) -> None:
    page.wait_for_function(MAP_PAINTED_JS, timeout=30_000)


def layer_label(layer_id: str) -> str:
    """The layer picker's label for ``layer_id``."""
    from dashboard.mapview.controller import layer_options

    return next(
        o["label"]
        for o in layer_options(catalog=shared_context().catalog)
        if o["value"] == layer_id
    )


def map_journey(page, base_url: str, layer_ids: list[str], mark=lambda _action: None) -> None:
    """Open the map, switch layers, then switch to wards. ``mark(name)`` is called before each
    user action, so a recorder can tell one action's requests from the next."""
    from layers.base import LEVEL_LABELS

    mark("open map")
    page.goto(base_url + "/")
    wait_map(page)
    page.wait_for_load_state("networkidle")
    for layer_id in layer_ids:
        mark(f"layer {layer_id}")
        choose(page, "#layer-picker", layer_label(layer_id))
        page.wait_for_load_state("networkidle")
    mark("level ward")
    page.get_by_role("radio", name=LEVEL_LABELS["ward"], exact=True).check()
    page.wait_for_load_state("networkidle")


def page_journey(page, base_url: str, path: str, mark=lambda _action: None) -> None:
    mark(f"open {path}")
    page.goto(base_url + path)
    page.wait_for_load_state("networkidle")
