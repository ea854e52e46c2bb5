"""Safe defaults for an exposed server (issue 21 item 11): expensive requests limited per client
(loopback included) with a page that says how long to wait; gunicorn on loopback unless HOST says
otherwise; /healthz names no server path to anonymous callers."""

from __future__ import annotations

import importlib
import json
import re

import pytest

from dashboard import ratelimit
from dashboard.routes import health

pytestmark = pytest.mark.realdata

LOOPBACK = {"REMOTE_ADDR": "127.0.0.1"}
ANOTHER = {"REMOTE_ADDR": "192.0.2.7"}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, ratelimit.DEFAULT_LIMIT),
        ("", ratelimit.DEFAULT_LIMIT),
        ("3 per minute", "3 per minute"),
        ("500 per minute; 5000 per hour", "500 per minute; 5000 per hour"),
        ("lots", ratelimit.DEFAULT_LIMIT),  # unreadable: the default, never no limit
        ("off", None),
    ],
)
def test_the_limit_is_configuration_and_on_by_default(raw, expected):
    env = {} if raw is None else {ratelimit.LIMIT_ENV: raw}
    assert ratelimit.configured_limit(env) == expected


@pytest.fixture()
def limited(app_bundle, data_dir, monkeypatch):
    from dashboard.factory import create_app

    monkeypatch.setenv(ratelimit.LIMIT_ENV, "2 per minute")
    return create_app(data_dir).server.test_client()


def test_expensive_requests_are_limited_per_client_with_a_page_saying_when(limited):
    for _ in range(4):  # a short list is cheap: never limited
        assert limited.get("/download/targets.csv?top=5", environ_base=LOOPBACK).status_code == 200
    for _ in range(2):
        response = limited.get("/download/targets.csv?top=all", environ_base=LOOPBACK)
        assert response.status_code == 200
    over = limited.get("/download/targets.csv?top=all", environ_base=LOOPBACK)
    assert over.status_code == 429
    text = over.get_data(as_text=True)
    wait = int(re.search(r"Too many requests: try again in (\d+) s\.", text)[1])
    assert 1 <= wait <= 61 and over.headers["Retry-After"] == str(wait)
    assert "Traceback" not in text and over.mimetype == "text/html"
    # The PDF counts against the same limit: refused before it is made.
    assert (
        limited.get("/pack.pdf?preset=worklessness&top=5", environ_base=LOOPBACK).status_code == 429
    )
    # Another client is not held up by the first.
    assert limited.get("/download/targets.csv?top=all", environ_base=ANOTHER).status_code == 200
    assert limited.get("/download/targets.csv?top=5", environ_base=LOOPBACK).status_code == 200


def test_gunicorn_binds_loopback_unless_host_says_otherwise(monkeypatch):
    from dashboard import gunicorn_conf

    monkeypatch.delenv("HOST", raising=False)
    monkeypatch.setenv("PORT", "8062")
    assert importlib.reload(gunicorn_conf).bind == "127.0.0.1:8062"
    monkeypatch.setenv("HOST", "0.0.0.0")
    assert importlib.reload(gunicorn_conf).bind == "0.0.0.0:8062"
    monkeypatch.delenv("HOST")
    importlib.reload(gunicorn_conf)


def test_healthz_tells_anonymous_callers_status_region_staleness_and_no_path(
    app_bundle, data_dir, monkeypatch
):
    from dashboard.factory import create_app

    monkeypatch.setenv(health.TOKEN_ENV, "s3cret-token")
    client = create_app(data_dir).server.test_client()
    anonymous = client.get("/healthz")
    payload = anonymous.get_json()
    assert payload["status"] == "ok" and payload["stale"] is False
    assert payload["region"]["name"] == "Liverpool City Region"
    assert "data_dir" not in payload
    text = json.dumps(payload)
    assert str(data_dir) not in text and str(app_bundle.path) not in text and "/work" not in text
    wrong = client.get("/healthz", headers={"Authorization": "Bearer guess"}).get_json()
    assert "data_dir" not in wrong
    operator = client.get("/healthz", headers={"Authorization": "Bearer s3cret-token"})
    assert operator.get_json()["data_dir"] == str(data_dir)


def test_a_failure_message_keeps_the_file_name_and_loses_its_directory():
    message = "value 'n/a' is not a number (file /srv/atlas/data/lcr_iod2025.csv, row 5)"
    assert health.without_paths(message) == (
        "value 'n/a' is not a number (file lcr_iod2025.csv, row 5)"
    )
    assert (
        health.without_paths(r"missing C:\data\lcr\x.csv; ratio 1/2") == "missing x.csv; ratio 1/2"
    )
