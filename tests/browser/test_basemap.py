"""A street basemap from a configured tile server: its tiles are requested and drawn under the areas
(which turn see-through over them), its attribution is shown, the CSP lets its origin in, and the
switch and opacity control work. The tile server is a small one in this test: a PNG per tile that
looks like a street grid, and a record of every request."""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.browser import leaflet
from tests.browser.conftest import screenshot
from tests.live import ConsoleWatch, app_server

pytestmark = pytest.mark.browser

ATTRIBUTION = "Test streets © Outreach Atlas tests"


def street_tile(z: int, x: int, y: int) -> bytes:
    """A 256 px PNG: pale ground, white streets on a grid with grey kerbs, the tile's address."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (256, 256), (236, 232, 220))
    draw = ImageDraw.Draw(image)
    for at in range(0, 256, 64):
        for width, colour in ((9, (170, 170, 170)), (6, (255, 255, 255))):
            draw.line([(at + 32, 0), (at + 32, 255)], fill=colour, width=width)
            draw.line([(0, at + 32), (255, at + 32)], fill=colour, width=width)
    draw.text((6, 6), f"{z}/{x}/{y}", fill=(120, 120, 120))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


class TileServer:
    def __init__(self) -> None:
        self.requests: list[str] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                owner.requests.append(self.path)
                parts = self.path.strip("/").removesuffix(".png").split("/")
                try:
                    z, x, y = (int(p) for p in parts[-3:])
                except ValueError:
                    self.send_error(404)
                    return
                body = street_tile(z, x, y)
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_args) -> None:  # quiet
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def tiles() -> Iterator[TileServer]:
    server = TileServer()
    yield server
    server.close()


@pytest.fixture(scope="module")
def street_server(tiles, data_dir, bundle_root, bundle) -> Iterator[str]:
    env = {
        "OUTREACH_ATLAS_BASEMAP_URL": tiles.origin + "/tiles/{z}/{x}/{y}.png",
        "OUTREACH_ATLAS_BASEMAP_ATTRIBUTION": ATTRIBUTION,
    }
    with app_server(data_dir, bundle_root, env) as url:
        yield url


@pytest.fixture
def street_page(browser, street_server):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.console_watch = ConsoleWatch(page)
    page.base_url = street_server
    page.set_default_timeout(20_000)
    yield page
    context.close()


def map_pixels(page) -> list[tuple[int, int, int]]:
    """A grid of 400 pixels over the map (a screenshot of it)."""
    from PIL import Image

    shot = Image.open(io.BytesIO(page.locator("#map-graph").screenshot())).convert("RGB")
    width, height = shot.size
    return [
        shot.getpixel((int(width * (i + 0.5) / 20), int(height * (j + 0.5) / 20)))
        for i in range(20)
        for j in range(20)
    ]


def test_tiles_are_requested_and_drawn_under_the_areas(street_page, tiles):
    page = street_page
    response = page.goto(page.base_url + "/?area=E01006512")
    assert tiles.origin in response.headers["content-security-policy"]
    page.wait_for_selector("#map-graph.leaflet-container", state="attached")
    leaflet.wait_for_areas(page, 1003)
    page.wait_for_function(
        "() => document.querySelectorAll('#map-graph .leaflet-tile-pane img.leaflet-tile-loaded')"
        ".length > 0"
    )
    page.wait_for_load_state("networkidle")
    assert any(path.startswith("/tiles/") for path in tiles.requests)
    drawn = page.evaluate(
        """() => Array.from(document.querySelectorAll('#map-graph .leaflet-tile-pane img'))
            .filter(img => img.complete && img.naturalWidth === 256).length"""
    )
    assert drawn > 0
    # Under the areas: the tiles' pane is below the areas' pane, and the areas are see-through.
    order = page.evaluate(
        """() => { const z = s => Number(getComputedStyle(document.querySelector(s)).zIndex);
            const areas = document.querySelector('#map-graph .leaflet-areas-pane');
            return {tiles: z('#map-graph .leaflet-tile-pane'), areas: z('#map-graph .leaflet-areas-pane'),
                    opacity: Number(getComputedStyle(areas).opacity)}; }"""
    )
    assert order["tiles"] < order["areas"] and 0 < order["opacity"] < 1
    assert ATTRIBUTION in page.inner_text("#map-graph .leaflet-control-attribution")
    assert page.locator("#map-streets").is_checked()
    screenshot(page, "map-09-streets")

    # The streets show through the areas: most of the map looks different with them off.
    with_streets = map_pixels(page)
    page.locator("#map-streets").uncheck()
    page.wait_for_function(
        "() => document.querySelectorAll('#map-graph .leaflet-tile-pane img').length === 0"
    )
    page.wait_for_timeout(300)
    without = map_pixels(page)
    changed = sum(a != b for a, b in zip(with_streets, without, strict=True))
    assert changed > len(without) / 2
    opacity = page.evaluate(
        "() => getComputedStyle(document.querySelector('#map-graph .leaflet-areas-pane')).opacity"
    )
    assert float(opacity) == 1  # solid again without streets
    screenshot(page, "map-10-streets-off")

    page.locator("#map-streets").check()
    page.wait_for_function(
        "() => document.querySelectorAll('#map-graph .leaflet-tile-pane img').length > 0"
    )
    assert page.console_watch.errors == []


def test_the_target_map_shows_the_streets_too(street_page, tiles):
    page = street_page
    before = len(tiles.requests)
    page.goto(page.base_url + "/target?top=10")
    leaflet.wait_for_areas(page, 1003, "target-areas")
    page.wait_for_function(
        "() => document.querySelectorAll('#target-map .leaflet-tile-pane img').length > 0"
    )
    assert len(tiles.requests) > before
    assert ATTRIBUTION in page.inner_text("#target-map .leaflet-control-attribution")
    assert page.console_watch.errors == []
