"""Shared fixtures: the real data (fails under CI when missing), a built bundle, a live server."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from geodata.config import REPO_ROOT

SHARED_DATA = REPO_ROOT.parent / "shared" / "data" / "lcr"
IN_CI = bool(os.environ.get("CI"))
# Apps built by the tests (and the live servers they start) keep saved work in a database of the
# test run's own, never in the checkout's instance/atlas.sqlite3.
if "OUTREACH_ATLAS_DATABASE_URL" not in os.environ:
    import tempfile

    _TEST_DB = Path(tempfile.mkdtemp(prefix="atlas-test-db-")) / "atlas.sqlite3"
    os.environ["OUTREACH_ATLAS_DATABASE_URL"] = f"sqlite:///{_TEST_DB}"

# The suite asks for many packs and whole-ranking downloads from loopback, one client to the rate
# limit (dashboard/ratelimit.py): it raises the limit through the setting a deployment uses, as the
# load test does. tests/callbacks/test_rate_limit.py checks the default and a low limit.
os.environ.setdefault("OUTREACH_ATLAS_RATE_LIMIT", "100000 per minute")

# The fixtures that read ../shared. A test that uses one, directly or through another fixture
# (``bundle``, ``app_bundle``, ``live_server``, ``page`` ...), is marked ``realdata`` at collection,
# so ``pytest -m "not realdata"`` is exactly the tier that runs without the data.
REAL_DATA_FIXTURES = frozenset({"data_dir", "gm_data_dir", "england_table"})
# The tier a test belongs to is its directory: ``pytest -m unit``, ``-m "callbacks and not realdata"``.
TIERS = ("unit", "callbacks", "realdata", "reliability", "browser")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    tests_dir = Path(__file__).resolve().parent
    for item in items:
        if REAL_DATA_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.realdata)
        try:
            tier = item.path.resolve().relative_to(tests_dir).parts[0]
        except ValueError:
            continue
        if tier in TIERS:
            item.add_marker(getattr(pytest.mark, tier))


def _present(candidate: Path, what: str) -> Path:
    """``candidate`` if it holds data (its ``PROVENANCE.md``); else the test fails under CI, where
    real-data tests must run, and is skipped with the reason elsewhere."""
    if not (candidate / "PROVENANCE.md").is_file():
        message = f"{what} not found at {candidate}"
        if IN_CI:
            pytest.fail(message + " (CI is set: real-data tests must run)")
        pytest.skip(message)
    return candidate


def real_data_dir() -> Path:
    candidate = Path(os.environ.get("OUTREACH_ATLAS_DATA_DIR") or SHARED_DATA)
    return _present(candidate, "real LCR data")


def shared_dir(name: str) -> Path:
    """Another of ``../shared/data``'s directories (``gm``, ``england``), as the LCR's."""
    return _present(SHARED_DATA.parent / name, "real data")


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return real_data_dir()


@pytest.fixture(scope="session")
def gm_data_dir() -> Path:
    return shared_dir("gm")


@pytest.fixture(scope="session")
def england_table() -> Path:
    return shared_dir("england") / "england_iod2025_lsoa21.csv"


@pytest.fixture(scope="session")
def bundle_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("bundle-cache")


@pytest.fixture(scope="session")
def bundle(data_dir: Path, bundle_root: Path):
    from geodata.bundle import ensure_bundle

    return ensure_bundle(data_dir, bundle_root)


@pytest.fixture(scope="session")
def app_bundle(data_dir: Path, bundle_root: Path, bundle):
    """The bundle as the dashboard sees it (``dashboard.data.get_bundle``), on the session cache."""
    from dashboard import data

    os.environ["OUTREACH_ATLAS_CACHE_DIR"] = str(bundle_root)
    data.configure(data_dir)
    return data.get_bundle()


# Registered here, once for every directory: see tests/live.py.
from tests.live import browser, gm_live_server, gm_page, live_server, page  # noqa: E402, F401
