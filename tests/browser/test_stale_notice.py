"""The app started on broken data, in a real browser: every page carries the notice that it shows the
last good bundle (when, from where, and why the latest data failed), the notice can be dismissed,
and the log says it once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request

import pytest

from geodata.config import REPO_ROOT
from tests.browser.conftest import screenshot
from tests.live import _free_port
from tests.realdata.test_last_good import BROKEN_MESSAGE, broken, good  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser
NOTICE = "#stale-notice"


@pytest.fixture
def stale_server(broken, tmp_path):  # noqa: F811
    copy, cache, _good = broken
    port = _free_port()
    env = {**os.environ, "PORT": str(port), "OUTREACH_ATLAS_CACHE_DIR": str(cache)}
    env.pop("OUTREACH_ATLAS_DATA_DIR", None)
    env.pop("OUTREACH_ATLAS_DEBUG", None)
    log = tmp_path / "server.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "app.py", "--data-dir", str(copy)], cwd=REPO_ROOT, env=env,
            stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    try:
        while True:
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "app did not answer /healthz within 60 s"
            try:
                with urllib.request.urlopen(url + "/healthz", timeout=2) as response:
                    health = json.loads(response.read())
                break
            except OSError:
                time.sleep(0.3)
        yield url, health, log, copy
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_every_page_says_it_shows_the_last_good_data(browser, stale_server):
    url, health, log, copy = stale_server
    assert health["stale"] is True and BROKEN_MESSAGE in health["stale_reason"]
    warnings = [line for line in log.read_text().splitlines() if '"WARNING"' in line]
    assert len(warnings) == 1 and "serving the last good bundle" in warnings[0]

    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.set_default_timeout(20_000)
    try:
        page.goto(url + "/data")
        page.wait_for_selector(f"{NOTICE}[role=alert]")
        text = page.inner_text(NOTICE)
        assert text.startswith("Not the latest data. Showing data built on ")
        assert f"from {copy}; the latest data could not be loaded: {BROKEN_MESSAGE}" in text
        assert "lcr_iod2025_lsoa2021.csv" in text
        page.wait_for_selector("#data-catalogue table")
        screenshot(page, "stale-notice")

        page.get_by_role("link", name="Target", exact=True).click()
        page.wait_for_selector("#target-indicators")
        assert BROKEN_MESSAGE in page.inner_text(NOTICE)  # the shell keeps it on every page
        page.locator(f"{NOTICE} .btn-close").click()
        page.wait_for_selector(NOTICE, state="detached")
        page.wait_for_load_state("networkidle")
        assert errors == []
    finally:
        context.close()
