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


def real_data_dir() -> Path:
    candidate = Path(os.environ.get("OUTREACH_ATLAS_DATA_DIR") or SHARED_DATA)
    if not (candidate / "PROVENANCE.md").is_file():
        message = f"real LCR data not found at {candidate}"
        if IN_CI:
            pytest.fail(message + " (CI is set: real-data tests must run)")
        pytest.skip(message)
    return candidate


def shared_dir(name: str) -> Path:
    """Another of ``../shared/data``'s directories (``gm``, ``england``): fails under CI when
    missing, skips otherwise, as the LCR's does."""
    candidate = SHARED_DATA.parent / name
    if not (candidate / "PROVENANCE.md").is_file():
        message = f"real data not found at {candidate}"
        if IN_CI:
            pytest.fail(message + " (CI is set: real-data tests must run)")
        pytest.skip(message)
    return candidate


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
