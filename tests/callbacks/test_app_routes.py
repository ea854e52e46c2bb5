"""The app factory and its plain routes, through Flask's test client (no browser)."""

from __future__ import annotations

import gzip
import subprocess
import sys

import pytest

from geodata.config import REPO_ROOT


@pytest.fixture(scope="module")
def client(app_bundle, data_dir):
    from dashboard.factory import create_app

    return create_app(data_dir).server.test_client()


def test_healthz_reports_status_data_and_counts(client, data_dir):
    payload = client.get("/healthz").get_json()
    assert payload["status"] == "ok"
    assert payload["data_dir"] == str(data_dir)
    assert payload["features"]["lsoa"] == 1003
    assert payload["vintages"]["iod2025"] == "2025"


def test_geometry_is_served_once_compressed_and_cacheable(client, app_bundle):
    url = f"/geo/{app_bundle.manifest['input_hash']}/lsoa.geojson"
    response = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert "immutable" in response.headers["Cache-Control"]
    assert len(response.data) < 400_000
    assert client.get("/geo/stale-hash/lsoa.geojson").status_code == 404
    assert (
        client.get(f"/geo/{app_bundle.manifest['input_hash']}/parquet.geojson").status_code == 404
    )


def test_plotlyjs_is_the_partial_build_of_the_version_plotly_py_writes_figures_for(client):
    from plotly.offline import get_plotlyjs_version

    from dashboard.routes.plotlyjs import DASH_PLOTLYJS_PATH, PARTIAL_BUNDLE, bundle_version

    # Figures are built by plotly.py for its own plotly.js; the partial build must be that version.
    assert bundle_version() == get_plotlyjs_version()
    response = client.get(DASH_PLOTLYJS_PATH, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.data) == PARTIAL_BUNDLE.read_bytes()
    repeat = client.get(DASH_PLOTLYJS_PATH, headers={"If-None-Match": response.headers["ETag"]})
    assert repeat.status_code == 304
    assert repeat.data == b""


def test_without_the_partial_build_dash_serves_its_full_plotlyjs(tmp_path, monkeypatch, caplog):
    from flask import Flask

    from dashboard.routes import plotlyjs

    monkeypatch.setattr(plotlyjs, "PARTIAL_BUNDLE", tmp_path / "not-built.min.js")
    server = Flask("bare")
    with caplog.at_level("WARNING", logger="outreach_atlas"):
        plotlyjs.register(server)
    assert "plotlyjs" not in server.view_functions  # Dash's own route answers instead
    assert "partial plotly.js not built" in caplog.text


def test_app_refuses_to_start_without_data_and_says_why(tmp_path):
    result = subprocess.run(
        [sys.executable, "app.py", "--data-dir", str(tmp_path)],
        cwd=REPO_ROOT, capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip
    assert result.returncode == 2
    assert "cannot start" in result.stderr and "No data directory holds" in result.stderr
    assert "Traceback" not in result.stderr


def test_pages_are_the_package_modules_so_a_second_app_in_a_process_still_serves(
    client, app_bundle, data_dir
):
    import dash

    from dashboard.factory import create_app
    from dashboard.pages import map as map_page

    modules = {page["module"] for page in dash.page_registry.values()}
    assert modules == {
        f"dashboard.pages.{n}" for n in ("map", "target", "overview", "data", "plans")
    } | {"dashboard.pages.not_found_404"}
    assert map_page.__name__ in modules  # imported elsewhere: the same module, not a copy
    again = create_app(data_dir).server.test_client()
    assert again.get("/healthz").get_json()["status"] == "ok"
