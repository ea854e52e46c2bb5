"""Hostile links: generated query strings and paths against every page's layout (in-process, fast) and
against a running app (the pages routing callback, the page HTML and every plain route).

Nothing may raise or answer 500, and nothing from the address may come back as live markup.
"""

from __future__ import annotations

import json
import re
from urllib.parse import quote

import plotly
import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from layers.targeting.link import QUERY_KEYS
from tests.reliability.conftest import pages_request
from tests.reliability.hostile import HOSTILE, SCRIPT, param_dicts, paths, query_strings

MAP_KEYS = ("layer", "level", "borough", "scheme", "area", "venues")
TARGET_KEYS = tuple(QUERY_KEYS)
ALL_KEYS = MAP_KEYS + TARGET_KEYS
LIVE = settings(
    max_examples=200, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)  # fmt: skip
# Markup that must never come back raw: every hostile value that opens a tag.
MARKUP = tuple(h for h in HOSTILE if "<" in h)
RAW_TAG = re.compile(r"<(script|img|svg|iframe)\b", re.IGNORECASE)


def _page_modules():
    from dashboard.pages import data, map, not_found_404, overview, target

    return {"map": map, "target": target, "overview": overview, "data": data, "404": not_found_404}


def _serialised(component) -> str:
    return json.dumps(component, cls=plotly.utils.PlotlyJSONEncoder, ensure_ascii=False)


@pytest.mark.parametrize(
    ("page", "examples"),
    [("map", 200), ("target", 200), ("overview", 40), ("data", 40), ("404", 40)],
)
def test_every_layout_accepts_any_link_parameters(atlas_app, page, examples):
    module = _page_modules()[page]
    keys = {"map": MAP_KEYS, "target": TARGET_KEYS}.get(page, ALL_KEYS)
    tried: list[dict] = []

    @settings(max_examples=examples, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
    @given(params=param_dicts(keys))
    def run(params):
        tried.append(params)
        with atlas_app.server.test_request_context("/"):
            text = _serialised(module.layout(**params))
        assert text.startswith("{")

    run()
    assert len(tried) >= examples


def test_hostile_map_link_shows_a_plain_notice(atlas_app):
    from dashboard.pages import map

    with atlas_app.server.test_request_context("/"):
        text = _serialised(map.layout(layer=SCRIPT, level="\x00", borough="'; DROP TABLE"))
    assert "Unknown layer" in text and "Unknown level" in text and "Unknown borough" in text
    # The value is quoted as text in a notice (React renders text, never markup), and nothing on the
    # page turns a string into HTML.
    assert "“<script>alert(1)" in text
    assert '"dangerously_allow_html": true' not in text


def test_hostile_target_link_falls_back_to_the_default_list_with_a_message(atlas_app):
    from dashboard.pages import target

    with atlas_app.server.test_request_context("/"):
        text = _serialised(target.layout(w="out_of_work:NaN", top="-1"))
    assert "could not be used" in text


def _assert_no_raw_markup(body: str) -> None:
    for marker in MARKUP:
        assert marker not in body
    # The index page carries Dash's own <script> tags; a reflected value would add an injected one.
    assert "alert(1)" not in body or "alert(1)</script>" not in body


def test_pages_callback_renders_any_address(live_server):
    session = requests.Session()
    session.get(live_server + "/", timeout=10)  # the renderer's first request, as in a browser
    tried: list[tuple[str, str]] = []

    @LIVE
    @given(path=paths(), query=query_strings(ALL_KEYS))
    def run(path, query):
        tried.append((path, query))
        response = session.post(
            live_server + "/_dash-update-component",
            json=pages_request(path, "?" + query if query else ""),
            timeout=30,
        )
        assert response.status_code == 200, (path, query, response.text[:300])
        payload = response.json()
        assert "_pages_content" in payload["response"]
        assert not RAW_TAG.search(response.text)
        _assert_no_raw_markup(response.text)

    run()
    assert len(tried) >= 200


def test_page_html_never_reflects_the_address_raw(live_server):
    session = requests.Session()
    tried: list[str] = []

    @LIVE
    @given(path=paths(), query=query_strings(ALL_KEYS))
    def run(path, query):
        url = live_server + path + ("?" + query if query else "")
        tried.append(url)
        response = session.get(url, timeout=30)
        assert response.status_code in (200, 400, 404), (url, response.status_code)
        if response.status_code == 200:
            assert response.headers["Content-Type"].startswith("text/html")
            assert 'id="react-entry-point"' in response.text
        _assert_no_raw_markup(response.text)

    run()
    assert len(tried) >= 200


@st.composite
def plain_route_urls(draw) -> str:
    garbage = quote(draw(st.sampled_from(HOSTILE)), safe="")
    query = draw(query_strings(ALL_KEYS))
    route = draw(
        st.sampled_from(
            (
                "/download/targets.csv", "/download/targets.xlsx", "/download/targets.geojson",
                f"/download/targets.{garbage or 'x'}", "/download/overview.csv", "/healthz",
                f"/geo/{garbage or 'x'}/lsoa.geojson", f"/geo/x/{garbage or 'x'}.geojson",
                f"/overview/map/{garbage or 'x'}/E08000012.png", f"/download/{garbage}",
                f"/_dash-component-suites/{garbage}",
            )
        )
    )  # fmt: skip
    return route + ("?" + query if query else "")


def test_plain_routes_and_downloads_never_fail(live_server):
    session = requests.Session()
    tried: list[str] = []
    statuses: dict[int, int] = {}

    @LIVE
    @given(url=plain_route_urls())
    def run(url):
        tried.append(url)
        response = session.get(live_server + url, timeout=60)
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        assert response.status_code in (200, 400, 404), (url, response.status_code)
        assert response.headers.get("X-Content-Type-Options") == "nosniff"
        if response.headers.get("Content-Type", "").startswith("text/html"):
            _assert_no_raw_markup(response.text)
        if response.status_code == 400:
            # Messages are plain text (and nosniff): a reflected value can never run as markup.
            assert response.headers["Content-Type"].startswith("text/plain")

    run()
    assert len(tried) >= 200
    assert statuses.get(200, 0) > 0 and statuses.get(400, 0) > 0, statuses
