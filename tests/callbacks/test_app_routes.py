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
    assert "data_dir" not in payload  # no server path for an anonymous caller
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
        f"dashboard.pages.{n}" for n in ("map", "target", "overview", "data", "plans", "compare")
    } | {"dashboard.pages.not_found_404"}
    assert map_page.__name__ in modules  # imported elsewhere: the same module, not a copy
    again = create_app(data_dir).server.test_client()
    assert again.get("/healthz").get_json()["status"] == "ok"


def test_an_address_that_is_no_page_answers_404(client):
    """Issue 22 item 9: the "Page not found" page comes with HTTP 404, every page with 200."""
    for path in ("/", "/target", "/overview", "/data", "/data/", "/target?preset=families"):
        assert client.get(path).status_code == 200, path
    for path in ("/nonsense", "/404", "/target/extra", "/maps"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert b"<html" in response.data  # the page shell still draws "Page not found"
    assert client.get("/healthz").status_code == 200
    assert client.get("/favicon.ico").status_code == 301  # to Dash's /_favicon.ico, not a 404


def test_an_area_profile_downloads_as_csv_and_pdf_with_sources_and_dates(client, app_bundle):
    """Issue 22 item 12: one area's profile to keep or print, every figure with its source and date."""
    import csv as csv_module

    from layers.catalog import shared_catalog

    code = app_bundle.lsoa.index[0]
    response = client.get(f"/profile.csv?area={code}&level=lsoa&layer=out_of_work")
    assert response.status_code == 200
    assert code in response.headers["Content-Disposition"]
    lines = response.data.decode("utf-8-sig").splitlines()
    head = dict(line.split(",", 1) for line in lines if line.startswith("# "))
    assert app_bundle.lsoa.at[code, "lsoa_name"] in head["# Outreach Atlas"]
    assert head["# Link"].startswith('"http://localhost/?area=') or head["# Link"].startswith(
        "http://localhost/?area="
    )
    assert "Open Government Licence" in head["# Licence and attribution"]
    rows = list(
        csv_module.DictReader(
            lines[lines.index(next(x for x in lines if x.startswith("Indicator,"))) :]
        )
    )
    catalog = shared_catalog(app_bundle)
    lsoa_layers = [k for k, layer in catalog.items() if layer.available_at("lsoa")]
    assert len(rows) == len(lsoa_layers)
    assert all(r["Source"] and r["Data date"] for r in rows)
    out_of_work = next(r for r in rows if r["Indicator"] == catalog["out_of_work"].title)
    assert out_of_work["Rank (1 = most need)"].endswith(" of 1,003")

    pdf = client.get(f"/profile.pdf?area={code}")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert client.get("/profile.pdf?area=E01999999").status_code == 400
    assert client.get("/profile.csv").status_code == 400
    assert client.get(f"/profile.csv?area={code}&level=county").status_code == 400
