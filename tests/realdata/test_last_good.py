"""Broken data at start-up: the build fails with its message, records it beside the bundles, and the
app starts on the last good bundle, saying so on every page and in /healthz. With no good bundle to
fall back on, nothing starts (exit code 2)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from geodata import last_good
from geodata.config import REPO_ROOT
from geodata.errors import DataError

IOD25 = "indicators/lcr_iod2025_lsoa2021.csv"
BROKEN_MESSAGE = "text 'n/a' in a numeric column"


@pytest.fixture(scope="module")
def good(tmp_path_factory, data_dir: Path):
    """A private copy of the data and a cache whose current bundle was built from it."""
    root = tmp_path_factory.mktemp("last-good")
    copy = root / "data"
    shutil.copytree(data_dir, copy, ignore=shutil.ignore_patterns("samples", "imports"))
    cache = root / "cache"
    return copy, cache, last_good.build(copy, cache)


@pytest.fixture
def broken(good):
    """The copy with one numeric cell turned into text, for one test; put back afterwards."""
    copy, cache, good_path = good
    path = copy / IOD25
    original = path.read_bytes()
    path.write_bytes(original.replace(b",66.076,", b",n/a,", 1))
    yield copy, cache, good_path
    path.write_bytes(original)
    last_good.clear_failure(cache)


def test_a_failed_build_records_why_and_a_good_one_clears_it(broken):
    copy, cache, good_path = broken
    with pytest.raises(DataError, match=BROKEN_MESSAGE):
        last_good.build(copy, cache)
    assert last_good.last_good(cache) == good_path
    failure = last_good.read_failure(cache)
    assert failure is not None
    assert "lcr_iod2025_lsoa2021.csv" in failure.message and BROKEN_MESSAGE in failure.message
    assert failure.data_dir == str(copy) and failure.failed_at.startswith("20")

    (copy / IOD25).write_bytes((copy / IOD25).read_bytes().replace(b",n/a,", b",66.076,", 1))
    assert last_good.build(copy, cache) == good_path
    assert last_good.read_failure(cache) is None


def test_broken_data_serves_the_last_good_bundle_with_the_reason(broken):
    copy, cache, good_path = broken
    served = last_good.latest_or_last_good(copy, cache)
    assert served.stale and served.bundle.path == good_path
    assert served.bundle.lsoa.shape[0] == 1003
    assert BROKEN_MESSAGE in served.failure.message


def test_with_no_good_bundle_broken_data_still_stops(broken, tmp_path):
    copy, _cache, _good = broken
    with pytest.raises(DataError, match=BROKEN_MESSAGE):
        last_good.latest_or_last_good(copy, tmp_path / "empty-cache")


def test_an_unreadable_status_file_still_counts_as_a_failure(tmp_path):
    (tmp_path / last_good.STATUS_FILE).write_text("{not json")
    assert last_good.read_failure(tmp_path).message == "the reason was not recorded readably"
    assert last_good.read_failure(tmp_path / "elsewhere") is None


@pytest.fixture
def stale_app(broken, monkeypatch, app_bundle):
    """The app built on the broken copy (the last good bundle served); the session's app data after."""
    from dashboard import data
    from dashboard.factory import create_app

    copy, cache, good_path = broken
    monkeypatch.setenv("OUTREACH_ATLAS_CACHE_DIR", str(cache))
    monkeypatch.setenv(data.DATA_DIR_OVERRIDE, os.environ.get(data.DATA_DIR_OVERRIDE, ""))
    try:
        yield create_app(copy), copy, good_path
    finally:
        data.served.cache_clear()  # the next caller loads the session's bundle again


def test_the_app_starts_on_the_last_good_bundle_and_says_so(stale_app):
    app, copy, good_path = stale_app
    client = app.server.test_client()
    health = client.get("/healthz").get_json()
    assert health["status"] == "ok" and health["stale"] is True
    assert BROKEN_MESSAGE in health["stale_reason"] and "lcr_iod2025" in health["stale_reason"]
    assert health["bundle"] == good_path.name.removeprefix("bundle-")
    layout = json.dumps(client.get("/_dash-layout").get_json(), ensure_ascii=False)
    assert '"stale-notice"' in layout and "the latest data could not be loaded" in layout
    assert f"from {copy}" in layout and BROKEN_MESSAGE in layout
    assert client.get("/").status_code == 200


def test_the_app_on_good_data_shows_no_notice(client_on_good_data):
    health = client_on_good_data.get("/healthz").get_json()
    assert health["stale"] is False and health["stale_reason"] is None
    assert '"stale-notice"' not in client_on_good_data.get("/_dash-layout").get_data(as_text=True)


@pytest.fixture
def client_on_good_data(app_bundle, data_dir):
    from dashboard.factory import create_app

    return create_app(data_dir).server.test_client()


def test_the_command_line_says_the_previous_bundle_stays_in_use(broken):
    copy, cache, good_path = broken
    result = subprocess.run(
        [sys.executable, "-m", "geodata", "build", "--data-dir", str(copy), "--cache-dir",
         str(cache)],
        cwd=REPO_ROOT, capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "Build stopped" in result.stderr and BROKEN_MESSAGE in result.stderr
    assert "previous bundle stays current" in result.stderr and str(copy) in result.stderr
    assert last_good.last_good(cache) == good_path
    recorded = json.loads((cache / last_good.STATUS_FILE).read_text())
    assert BROKEN_MESSAGE in recorded["message"]


def test_with_no_good_bundle_the_app_exits_with_code_2(broken, tmp_path):
    copy, _cache, _good = broken
    env = {**os.environ, "OUTREACH_ATLAS_CACHE_DIR": str(tmp_path / "empty-cache")}
    env.pop("OUTREACH_ATLAS_DATA_DIR", None)
    result = subprocess.run(
        [sys.executable, "app.py", "--data-dir", str(copy)], cwd=REPO_ROOT, env=env,
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "Outreach Atlas cannot start" in result.stderr and BROKEN_MESSAGE in result.stderr
    assert "no earlier good bundle" in result.stderr
