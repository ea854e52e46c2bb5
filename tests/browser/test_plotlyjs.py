"""The partial plotly.js the atlas serves draws every chart on every page.

plotly.js quietly hides a trace whose type it does not know, so a chart type missing from the build
would show as an empty chart, not as an error: this checks every drawn trace's type is in the build.
"""

from __future__ import annotations

import pytest

from dashboard.routes.plotlyjs import TRACE_TYPES

pytestmark = pytest.mark.browser

UNKNOWN_TRACES = """() => {
    const known = new Set(Object.keys(window.Plotly.PlotSchema.get().traces));
    const drawn = Array.from(document.querySelectorAll('.js-plotly-plot'));
    const types = drawn.flatMap(g => (g.data || []).map(t => t.type || 'scatter'));
    return { charts: drawn.length, types: Array.from(new Set(types)),
             unknown: types.filter(t => !known.has(t)) };
}"""

# The Map and Target maps are Leaflet (dash-leaflet): plotly.js draws the charts only.
PAGES = {
    "/target": ".js-plotly-plot:visible",  # the open tab's chart (other tabs' are hidden)
    "/overview": ".ov-page .js-plotly-plot",
}


def test_served_plotly_is_the_partial_build(page):
    page.goto(page.base_url + "/overview")
    page.wait_for_function("() => window.Plotly && window.Plotly.PlotSchema")
    traces = page.evaluate("() => Object.keys(window.Plotly.PlotSchema.get().traces).sort()")
    assert traces == sorted(TRACE_TYPES)


@pytest.mark.parametrize("path", PAGES)
def test_every_chart_on_the_page_is_a_trace_type_the_build_has(page, path):
    page.goto(page.base_url + path)
    if path == "/target":  # its charts are in tabs
        page.wait_for_selector("#target-headline:has-text('The top')")
        page.get_by_role("tab", name="Reach curve").click()
    page.wait_for_selector(PAGES[path])
    if path == "/overview":
        page.evaluate("() => window.atlasOverviewLazy.all()")
    page.wait_for_load_state("networkidle")
    found = page.evaluate(UNKNOWN_TRACES)
    assert found["charts"] > 0
    assert found["unknown"] == [], found
    assert page.console_watch.errors == []


def test_the_map_page_does_not_load_plotly_js(page):
    """No chart on the Map page, so the 3 MB plotly.js is neither fetched nor evaluated there."""
    scripts = []
    page.on("request", lambda r: scripts.append(r.url) if "plotly" in r.url else None)
    page.goto(page.base_url + "/")
    page.wait_for_selector("#map-graph.leaflet-container")
    page.wait_for_load_state("networkidle")
    assert scripts == [] and page.evaluate("() => typeof window.Plotly") == "undefined"
