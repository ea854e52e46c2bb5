"""Safe defaults: debug off unless asked for, security headers on every kind of response, a strict
Content-Security-Policy, no stack traces to users, structured logs, /healthz, bounded request bodies."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import logging
import re

import pytest
import requests
from dash import Dash, Input, Output, html

from dashboard import security
from dashboard.logs import JsonFormatter
from tests.reliability.conftest import pages_request

SECRET = "secret-internal-detail-1234"


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def assert_safe_headers(response) -> None:
    headers = response.headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] in (
        "same-origin",
        "strict-origin-when-cross-origin",
        "no-referrer",
    )
    assert headers["X-Frame-Options"] == "DENY"
    csp = csp_directives(headers["Content-Security-Policy"])
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["connect-src"] == ["'self'"]
    scripts = csp["script-src"]
    assert scripts[0] == "'self'"
    # Only hashes beside 'self': no inline script or eval that the app did not ship itself.
    assert all(re.fullmatch(r"'sha256-[A-Za-z0-9+/=]+'", s) for s in scripts[1:]), scripts
    everything = " ".join(v for values in csp.values() for v in values)
    assert "unsafe-eval" not in everything and "*" not in everything and "http:" not in everything


@pytest.mark.parametrize("value", [None, "", "0", "true", "yes", "TRUE", " 1", "on"])
def test_debug_is_off_unless_exactly_requested(value):
    environ = {} if value is None else {security.DEBUG_ENV: value}
    assert security.debug_requested(environ) is False


def test_debug_flag_turns_debug_on():
    assert security.debug_requested({security.DEBUG_ENV: "1"}) is True


def test_running_app_has_dev_tools_off(live_server):
    index = requests.get(live_server + "/", timeout=10).text
    config = json.loads(
        re.search(r'id="_dash-config" type="application/json">(.*?)</script>', index)[1]
    )
    assert config["ui"] is False
    assert "hot_reload" not in config
    assert config["props_check"] is False


def test_headers_on_pages_callbacks_downloads_assets_and_errors(client, app_bundle):
    client.get("/")
    responses = {
        "index": client.get("/"),
        "layout": client.get("/_dash-layout"),
        "dependencies": client.get("/_dash-dependencies"),
        "callback": client.post("/_dash-update-component", json=pages_request("/target", "")),
        "download csv": client.get("/download/targets.csv?top=5"),
        "download xlsx": client.get("/download/targets.xlsx?top=5"),
        "download error": client.get("/download/targets.csv?top=banana"),
        "overview csv": client.get("/download/overview.csv"),
        "geometry": client.get(f"/geo/{app_bundle.manifest['input_hash']}/borough.geojson"),
        "asset": client.get("/assets/atlas.css"),
        "healthz": client.get("/healthz"),
        "not found": client.get("/download/targets.exe"),
    }
    expected = {"download error": 400, "not found": 404}
    for name, response in responses.items():
        assert response.status_code == expected.get(name, 200), name
        assert_safe_headers(response)


def test_every_inline_script_of_the_page_is_allowed_by_hash(client):
    response = client.get("/")
    allowed = set(csp_directives(response.headers["Content-Security-Policy"])["script-src"])
    # Dash's Internet Explorer notice sits in a conditional comment that no current browser runs.
    page = re.sub(r"<!--.*?-->", "", response.text, flags=re.DOTALL)
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", page, re.DOTALL)
    executable = [body for attrs, body in inline if "application/json" not in attrs]
    assert executable
    for body in executable:
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in allowed


def test_download_is_an_attachment_and_never_cached(client):
    response = client.get("/download/targets.csv?top=5")
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["Cache-Control"] == "no-store"


def test_healthz_answers_json(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.is_json
    assert response.get_json()["status"] == "ok"


def test_oversized_request_body_is_refused_before_reading(client):
    body = b"{" + b" " * (security.MAX_REQUEST_BYTES + 1) + b"}"
    response = client.post("/_dash-update-component", data=body, content_type="application/json")
    assert response.status_code == 413
    assert "Traceback" not in response.get_data(as_text=True)
    assert_safe_headers(response)


@pytest.fixture(scope="module")
def failing_app():
    """A small Dash app with the atlas's safety layer, a route and a callback that fail."""
    app = Dash(__name__ + ".failing")
    app.layout = html.Div([html.Button(id="go"), html.Div(id="out")])

    @app.callback(Output("out", "children"), Input("go", "n_clicks"), prevent_initial_call=True)
    def _explode(_clicks):
        raise RuntimeError(SECRET)

    def _route():
        raise KeyError(SECRET)

    app.server.add_url_rule("/explode", "explode", _route)
    security.install(app)
    return app


@pytest.fixture
def captured_log():
    logger = logging.getLogger("outreach_atlas")
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger.addHandler(handler)
    yield stream
    logger.removeHandler(handler)


def _assert_generic_500(response) -> None:
    assert response.status_code == 500
    text = response.get_data(as_text=True)
    assert response.is_json
    assert response.get_json() == {
        "error": "Something went wrong on our side. The problem has been logged."
    }
    assert SECRET not in text and "Traceback" not in text and ".py" not in text
    assert_safe_headers(response)


def test_failing_route_returns_the_generic_message_and_logs_json(failing_app, captured_log):
    _assert_generic_500(failing_app.server.test_client().get("/explode"))
    entry = json.loads(captured_log.getvalue().strip().splitlines()[-1])
    assert entry["level"] == "ERROR" and entry["message"] == "unhandled error on GET /explode"
    assert SECRET in entry["exception"] and "Traceback" in entry["exception"]


def test_failing_callback_returns_the_generic_message(failing_app, captured_log):
    client = failing_app.server.test_client()
    client.get("/")
    response = client.post(
        "/_dash-update-component",
        json={
            "output": "out.children",
            "outputs": {"id": "out", "property": "children"},
            "inputs": [{"id": "go", "property": "n_clicks", "value": 1}],
            "changedPropIds": ["go.n_clicks"],
            "state": [],
        },
    )
    _assert_generic_500(response)
    assert SECRET in captured_log.getvalue()


def test_dash_finishes_its_set_up_before_the_first_request(app_bundle):
    """Dash registers Pages' title script on its first request and marks the set-up done before it
    starts, so a request racing it fixed a policy without that script's hash (the browser then blocked
    it). The factory makes that first request itself: no request can register a script afterwards."""
    from dashboard.factory import create_app

    app = create_app()
    ready = list(app.csp_hashes())
    app.server.test_client().get("/")
    assert list(app.csp_hashes()) == ready
