"""What a person waits for, measured in headless Chromium with the Performance API (median of 5+):

* navigation to the first painted map (goal 2 s), first visit (empty browser cache) and repeat visit;
* a layer change to the repainted map (goal 300 ms);
* the Overview: navigation to the first chart, to all 14 charts drawn, and to interactive (the end of
  the last long main-thread task; goal 1.5 s), with the total blocking time.

Times come from the page's own clock (``performance.now()``, zero at navigation start), sampled every
animation frame, so they include network, script parsing, Dash's callbacks and MapLibre's drawing.
"""

from __future__ import annotations

import statistics
from typing import Any

from benchmarks import browser
from benchmarks.common import quick, write
from benchmarks.server import serve

OVERVIEW_CHARTS = 14
LAYER_CYCLE = ["illness", "connectivity", "mental_health", "out_of_work", "imd_score", "illness"]

# Injected before any page script: watches every animation frame for the moments we time.
PROBE = (
    """
(() => {
  const probe = window.__atlasProbe = { marks: {}, long: [], pending: null, changes: [] };
  try {
    new PerformanceObserver(list => list.getEntries().forEach(
      e => probe.long.push([e.startTime, e.duration]))).observe({ type: "longtask", buffered: true });
  } catch (e) {}
  document.addEventListener("click", e => {
    if (!e.target.closest || !e.target.closest("[role=option]")) { return; }
    const g = document.querySelector("#map-graph .js-plotly-plot");
    if (g && g.data) { probe.pending = { at: e.timeStamp, z: g.data[0].z, frames: -1 }; }
  }, true);
  function mapIdle(g) {
    const s = g && g._fullLayout && g._fullLayout.map && g._fullLayout.map._subplot;
    return !!(s && s.map && s.map.loaded() && !s.map.isMoving());
  }
  function frame() {
    const now = performance.now();
    const g = document.querySelector("#map-graph .js-plotly-plot");
    if (!probe.marks.map && g && g._fullData && g._fullData[0] && g._fullData[0].locations
        && g._fullData[0].locations.length > 0 && mapIdle(g)) { probe.marks.map = now; }
    const p = probe.pending;
    if (p && g && g.data) {
      if (p.frames < 0 && g.data[0].z !== p.z) { p.frames = 0; }
      if (p.frames >= 0 && mapIdle(g) && ++p.frames >= 2) {
        probe.changes.push(now - p.at); probe.pending = null;
      }
    }
    const drawn = Array.from(document.querySelectorAll(".ov-page .js-plotly-plot"))
      .filter(c => c._fullLayout && c.querySelector(".main-svg")).length;
    if (drawn > 0 && !probe.marks.firstChart) { probe.marks.firstChart = now; }
    if (drawn >= %d && !probe.marks.allCharts) { probe.marks.allCharts = now; }
    requestAnimationFrame(frame);
  }
  requestAnimationFrame(frame);
})();
"""
    % OVERVIEW_CHARTS
)  # noqa: UP031 (a JS template full of braces)


def marks(page) -> dict[str, Any]:
    return page.evaluate("() => window.__atlasProbe")


def new_page(chrome, context=None):
    context = context or chrome.new_context(viewport={"width": 1400, "height": 900})
    context.add_init_script(PROBE)
    return context, context.new_page()


def measure_map(chrome, url: str, runs: int) -> dict[str, list[float]]:
    first, repeat, changes = [], [], []
    for run in range(runs):
        context, page = new_page(chrome)
        page.goto(url + "/")
        page.wait_for_function("() => window.__atlasProbe.marks.map", timeout=30_000)
        first.append(marks(page)["marks"]["map"])
        page.wait_for_load_state("networkidle")
        # Repeat visit: same browser, its cache warm.
        page.goto(url + "/")
        page.wait_for_function("() => window.__atlasProbe.marks.map", timeout=30_000)
        repeat.append(marks(page)["marks"]["map"])
        page.wait_for_load_state("networkidle")
        if run == 0:
            for layer_id in LAYER_CYCLE:
                browser.choose(page, "#layer-picker", browser.layer_label(layer_id))
                page.wait_for_function("() => window.__atlasProbe.pending === null", timeout=15_000)
                page.wait_for_load_state("networkidle")
            changes = marks(page)["changes"]
        context.close()
    return {"first": first, "repeat": repeat, "changes": changes}


def interactive(probe: dict[str, Any]) -> tuple[float, float]:
    """(end of the last long task, total blocking time) in ms since navigation."""
    long_tasks = probe["long"]
    end = max((start + duration for start, duration in long_tasks), default=0.0)
    blocking = sum(max(0.0, duration - 50) for _, duration in long_tasks)
    return max(end, probe["marks"].get("allCharts", 0.0)), blocking


def measure_overview(chrome, url: str, runs: int) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {"first": [], "all": [], "interactive": [], "blocking": []}
    for _ in range(runs):
        context, page = new_page(chrome)
        page.goto(url + "/overview")
        page.wait_for_function("() => window.__atlasProbe.marks.allCharts", timeout=60_000)
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(500)  # let any trailing long task be reported
        probe = marks(page)
        tti, blocking = interactive(probe)
        out["first"].append(probe["marks"]["firstChart"])
        out["all"].append(probe["marks"]["allCharts"])
        out["interactive"].append(tti)
        out["blocking"].append(blocking)
        context.close()
    return out


def med(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def spread(values: list[float]) -> str:
    return f"n={len(values)}, min {min(values):,.0f}, max {max(values):,.0f}" if values else "n=0"


def main() -> None:
    runs = 5 if quick() else 7
    with serve(workers=2) as server, browser.chromium() as chrome:
        map_times = measure_map(chrome, server.url, runs)
        overview = measure_overview(chrome, server.url, runs)
    rows = [
        {"measure": "navigation -> first painted map, first visit", "value": med(map_times["first"]),
         "unit": "ms", "goal": "<= 2,000 ms", "note": spread(map_times["first"])},
        {"measure": "navigation -> first painted map, repeat visit", "value": med(map_times["repeat"]),
         "unit": "ms", "goal": "<= 2,000 ms", "note": spread(map_times["repeat"])},
        {"measure": "layer change -> map repainted", "value": med(map_times["changes"]),
         "unit": "ms", "goal": "<= 300 ms", "note": spread(map_times["changes"])},
        {"measure": "Overview: navigation -> first chart drawn", "value": med(overview["first"]),
         "unit": "ms", "note": spread(overview["first"])},
        {"measure": f"Overview: navigation -> all {OVERVIEW_CHARTS} charts drawn",
         "value": med(overview["all"]), "unit": "ms", "note": spread(overview["all"])},
        {"measure": "Overview: navigation -> interactive (last long task ends)",
         "value": med(overview["interactive"]), "unit": "ms", "goal": "<= 1,500 ms",
         "note": spread(overview["interactive"])},
        {"measure": "Overview: total blocking time", "value": med(overview["blocking"]),
         "unit": "ms", "note": spread(overview["blocking"])},
    ]  # fmt: skip
    write("browser", rows)


if __name__ == "__main__":
    main()
