"""The documentation's screenshots, taken from the running atlas so they never go stale.

``python -m tests.browser.screenshots [--out docs/images] [--data-dir DIR]`` starts the app on a free
loopback port with the real data (as the browser tests do), opens the Map, Target, Overview, Data and
Compare pages in headless Chromium, waits until each has drawn, and writes ``map.png``,
``target.png``, ``overview.png``, ``data.png`` and ``compare.png`` (the region's first three
boroughs side by side), reduced to a 256-colour palette so they stay small enough to commit.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from geodata.config import REPO_ROOT

OUT = REPO_ROOT / "docs" / "images"
VIEWPORT = {"width": 1280, "height": 800}


def _wait_for_map(page) -> None:
    from tests.browser.leaflet import wait_for_areas

    wait_for_areas(page)


def _wait_for_target(page) -> None:
    from tests.browser.leaflet import wait_for_areas

    page.wait_for_selector("#target-headline:has-text('The top')")
    wait_for_areas(page, layer="target-areas")


def _wait_for_overview(page) -> None:
    page.wait_for_selector(".js-plotly-plot .main-svg")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)


def _wait_for_data(page) -> None:
    page.wait_for_selector("#data-catalogue table, #data-catalogue .ag-row")
    page.wait_for_load_state("networkidle")


def _wait_for_compare(page) -> None:
    page.wait_for_selector("#compare-table")
    page.wait_for_load_state("networkidle")


# name -> (path and query, what "drawn" means on that page); ``{areas}``: some of the region's codes
SHOTS: dict[str, tuple[str, Callable]] = {
    "map": ("/?layer=out_of_work&level=lsoa", _wait_for_map),
    "target": ("/target?preset=worklessness&top=50", _wait_for_target),
    "overview": ("/overview", _wait_for_overview),
    "data": ("/data", _wait_for_data),
    "compare": ("/compare?areas={areas}", _wait_for_compare),
}


def _small_png(path: Path) -> int:
    """Rewrite the screenshot as a 256-colour palette PNG (a third of the size or less); its bytes."""
    from PIL import Image

    with Image.open(path) as image:
        reduced = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    reduced.save(path, optimize=True)
    return path.stat().st_size


def take(base_url: str, out: Path, names: list[str], areas: str) -> dict[str, int]:
    from playwright.sync_api import sync_playwright

    from tests.live import CHROMIUM, CHROMIUM_ARGS

    out.mkdir(parents=True, exist_ok=True)
    sizes = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            for name in names:
                target, drawn = SHOTS[name]
                context = browser.new_context(viewport=VIEWPORT)
                page = context.new_page()
                page.set_default_timeout(60_000)
                page.goto(base_url + target.format(areas=areas))
                drawn(page)
                path = out / f"{name}.png"
                page.screenshot(path=str(path))
                sizes[name] = _small_png(path)
                context.close()
        finally:
            browser.close()
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.browser.screenshots", description=__doc__
    )
    parser.add_argument("--out", type=Path, default=OUT, help=f"where to write (default {OUT})")
    parser.add_argument("--data-dir", type=Path, help="the data (default: as the tests find it)")
    parser.add_argument("--only", help=f"some of: {', '.join(SHOTS)} (comma-separated)")
    args = parser.parse_args(argv)
    names = args.only.split(",") if args.only else list(SHOTS)
    unknown = [n for n in names if n not in SHOTS]
    if unknown:
        parser.error(f"unknown screenshot {', '.join(unknown)}; choose from {', '.join(SHOTS)}")

    import tests.conftest  # noqa: F401  (loads the fixtures module before tests.live, as pytest does)
    from geodata.region import load_region
    from tests.conftest import SHARED_DATA
    from tests.live import app_server

    data_dir = args.data_dir or SHARED_DATA
    if not (data_dir / "PROVENANCE.md").is_file():
        print(f"no data at {data_dir}: give --data-dir", file=sys.stderr)
        return 2
    areas = ",".join(list(load_region(data_dir).lads)[:3])
    with tempfile.TemporaryDirectory() as cache, app_server(data_dir, Path(cache)) as url:
        sizes = take(url, args.out, names, areas)
    for name, size in sizes.items():
        print(f"{args.out / name}.png  {size / 1024:.0f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
