"""``/download/targets.*`` and ``python -m dashboard.export`` see the partnership's imports (registered
in ``imports/``) exactly as the Target page does: the same list, the same rows."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from urllib.parse import urlencode

import pytest

from dashboard import export
from dashboard.targetview.downloads import uses_imported
from dashboard.uploads import page_catalog
from layers.targeting.link import from_query
from tests.callbacks.test_import_versions import lsoa_csv, register

pytestmark = pytest.mark.realdata

LAYER_ID = "import_outreach_need"
QUERY = {
    "w": f"{LAYER_ID}:2,out_of_work:1",
    "top": "25",
    "level": "lsoa",
    "filter": f"{LAYER_ID}:ge:2",
}


@pytest.fixture
def registered(app_bundle, data_dir, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """One partnership import, in a temporary imports folder (the shared data is never written)."""
    monkeypatch.setenv("OUTREACH_ATLAS_IMPORTS_DIR", str(tmp_path / "imports"))
    source = tmp_path / "need.csv"
    source.write_bytes(lsoa_csv(list(app_bundle.lsoa.index), 1))
    register(data_dir, source, replace=False)
    return tmp_path


def table_rows(body: bytes) -> list[list[str]]:
    """The CSV's rows from its header on (the settings block above holds the time it was made)."""
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))
    start = next(i for i, r in enumerate(rows) if r and r[0] == "Area code")
    return [r for r in rows[start:] if r]


def test_downloads_and_command_line_see_partnership_imports(registered, app_bundle, data_dir):
    from dashboard.factory import create_app
    from dashboard.targetview import model as target_model
    from dashboard.targetview.context import export_download

    scenario = from_query(QUERY)
    catalog = page_catalog(app_bundle, None)  # as the Target page's callbacks build it
    page = target_model.build_view(scenario, catalog)
    page_file = export_download(scenario, "csv", catalog)
    page_rows = table_rows(page_file.body)
    assert [r[0] for r in page_rows[1:]] == page.shortlist and len(page.shortlist) >= 25
    assert any(h.startswith("Outreach need") for h in page_rows[0])

    client = create_app(data_dir).server.test_client()
    response = client.get(f"/download/targets.csv?{urlencode(QUERY, safe=':,')}")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert table_rows(response.data) == page_rows

    out = registered / "targets.csv"
    argv = ["--w", QUERY["w"], "--top", QUERY["top"], "--level", "lsoa",
            "--filter", QUERY["filter"], "-o", str(out), "--data-dir", str(data_dir)]  # fmt: skip
    assert export.main(argv) == 0
    assert table_rows(out.read_bytes()) == page_rows

    # Partnership imports are the same for everyone: the page links to the plain download URL.
    assert not uses_imported(urlencode(QUERY, safe=":,"))
    assert uses_imported("w=upload_0123abcd:1")  # a browser's own upload goes through the page
