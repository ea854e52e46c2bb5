"""A live app in a subprocess and headless Debian Chromium driven by Playwright.

Defined once here and registered by the root ``tests/conftest.py``: a second definition (from another
conftest) would start a second Playwright in the same thread, which Playwright refuses.

Under CI (``CI`` set) a missing browser is a failure, never a skip.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from geodata.config import REPO_ROOT
from tests.conftest import IN_CI

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = REPO_ROOT / "artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]  # fmt: skip


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def app_server(data_dir: Path, bundle_root: Path, extra_env: dict[str, str] | None = None):
    """The app (``python app.py``) on a free loopback port, with ``extra_env`` set; its URL."""
    port = _free_port()
    env = {
        **os.environ,
        "PORT": str(port),
        "OUTREACH_ATLAS_DATA_DIR": str(data_dir),
        "OUTREACH_ATLAS_CACHE_DIR": str(bundle_root),
        **(extra_env or {}),
    }
    log = bundle_root / f"server-{port}.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "app.py"], cwd=REPO_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"app exited early:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2):
                break
        except OSError:
            time.sleep(0.3)
    else:
        process.kill()
        pytest.fail(f"app did not answer /healthz within 60 s:\n{log.read_text()}")
    try:
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def live_server(data_dir: Path, bundle_root: Path, bundle) -> Iterator[str]:
    with app_server(data_dir, bundle_root) as url:
        yield url


@pytest.fixture(scope="session")
def gm_live_server(gm_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The atlas on Greater Manchester's data directory, with a bundle cache of its own."""
    with app_server(gm_data_dir, tmp_path_factory.mktemp("gm-bundle-cache")) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        message = f"Chromium not found at {CHROMIUM} (make test installs Debian's chromium)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield instance
        instance.close()


class ConsoleWatch:
    """Collects console errors and uncaught page errors while a test runs."""

    def __init__(self, page) -> None:
        self.errors: list[str] = []
        page.on("console", self._on_console)
        page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))

    def _on_console(self, message) -> None:
        if message.type == "error":
            self.errors.append(f"console: {message.text}")


@pytest.fixture
def page(browser, live_server):
    yield from _page(browser, live_server)


@pytest.fixture
def gm_page(browser, gm_live_server):
    """A page on the Greater Manchester atlas."""
    yield from _page(browser, gm_live_server)


def _page(browser, base_url: str):
    context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.console_watch = ConsoleWatch(page)
    page.base_url = base_url
    page.set_default_timeout(20_000)
    yield page
    context.close()


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
