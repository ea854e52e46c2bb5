"""The requests a real browser makes on the main journeys, recorded once with Playwright and saved to
``benchmarks/journeys.json`` so the load test replays exactly what Dash sends (page, layout,
dependencies, routing and map callbacks, downloads).

``python -m benchmarks.journeys`` re-records (do so after changing a page's callbacks); the load test
also re-records by itself when a replayed request no longer succeeds.

Each request carries the user action it belongs to (open a page, change the layer, …): the load test
pauses for a person's thinking time between actions, never inside one.

Static files (``/_dash-component-suites/``, ``/assets/``) and the hashed geometry URLs (``/geo/``) are
left out: they are immutable and cached by the browser after the first visit, and in production a
reverse proxy or CDN serves them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from benchmarks import browser
from benchmarks.common import command_line
from benchmarks.server import serve

FIXTURE = Path(__file__).resolve().parent / "journeys.json"
SKIPPED_PREFIXES = ("/_dash-component-suites/", "/assets/", "/geo/", "/_favicon", "/favicon")
# Weights: how often a simulated user takes each journey.
WEIGHTS = {"map": 5, "target": 2, "overview": 2, "data": 1, "download": 1, "health": 1}
LAYER_SWITCHES = ["illness", "connectivity", "out_of_work"]
DOWNLOAD = "/download/targets.csv?preset=worklessness&top=50"


def _keep(path: str) -> bool:
    return not path.startswith(SKIPPED_PREFIXES)


def record() -> dict[str, list[dict[str, Any]]]:
    journeys: dict[str, list[dict[str, Any]]] = {}
    with serve() as server, browser.chromium() as chrome:
        steps = {
            "map": lambda page, mark: browser.map_journey(page, server.url, LAYER_SWITCHES, mark),
            "target": lambda page, mark: browser.page_journey(page, server.url, "/target", mark),
            "overview": lambda page, mark: browser.page_journey(
                page, server.url, "/overview", mark
            ),
            "data": lambda page, mark: browser.page_journey(page, server.url, "/data", mark),
        }
        for name, step in steps.items():
            context = chrome.new_context(viewport={"width": 1400, "height": 900})
            page = context.new_page()
            captured: list[dict[str, Any]] = []
            action = ["start"]

            def mark(name: str, action=action) -> None:
                action[0] = name

            def on_request(request, captured=captured, action=action) -> None:
                parts = urlsplit(request.url)
                path = parts.path + (f"?{parts.query}" if parts.query else "")
                if request.resource_type in ("document", "fetch", "xhr") and _keep(parts.path):
                    captured.append(
                        {"action": action[0], "method": request.method, "path": path,
                         "body": request.post_data}
                    )  # fmt: skip

            page.on("request", on_request)
            step(page, mark)
            context.close()
            journeys[name] = captured
    journeys["download"] = [{"action": "download", "method": "GET", "path": DOWNLOAD, "body": None}]
    journeys["health"] = [{"action": "health", "method": "GET", "path": "/healthz", "body": None}]
    return journeys


def save(journeys: dict[str, list[dict[str, Any]]]) -> None:
    FIXTURE.write_text(json.dumps({"weights": WEIGHTS, "journeys": journeys}, indent=1) + "\n")


def load() -> dict[str, Any]:
    if not FIXTURE.exists():
        save(record())
    return json.loads(FIXTURE.read_text())


def main() -> None:
    journeys = record()
    save(journeys)
    for name, requests in journeys.items():
        print(f"{name}: {len(requests)} requests")
        for r in requests:
            print(f"   {r['method']} {r['path'][:90]}")


if __name__ == "__main__":
    command_line("benchmarks.journeys", __doc__)
    main()
