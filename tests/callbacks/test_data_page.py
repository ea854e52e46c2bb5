"""The Data page's callbacks, through the pure functions behind them (no server, no browser)."""

from __future__ import annotations

import base64
import csv
import io

import pytest

from dashboard.dataview import data_catalogue, data_upload
from dashboard.dataview.data_upload import ImportForm
from dashboard.uploads import uploads_from_store
from geodata.imports.safety import MAX_UPLOAD_BYTES


def layers_from_store(store):
    return uploads_from_store(store).layers


UC_PERIODS = "2015-08..2022-12, 2023-11"


def as_upload(data: bytes, mime: str = "text/csv") -> str:
    return f"data:{mime};base64," + base64.b64encode(data).decode()


def sample(data_dir, name: str) -> str:
    return as_upload((data_dir / "samples" / name).read_bytes())


def form(**overrides) -> ImportForm:
    values = {"title": "UC households", "source": "DWP Stat-Xplore", "date": "Nov 2023"}
    return ImportForm(**(values | overrides))


def test_preview_of_a_statxplore_export_without_header(data_dir):
    view = data_upload.preview_upload(
        "uc.csv", sample(data_dir, "statxplore_uc_households_msoa_lcr.csv")
    )
    assert view.ok and view.file_kind == "Stat-Xplore export"
    assert view.needs_period_labels and not view.needs_roles
    assert view.suggested["title"] == "Households on Universal Credit"


def test_preview_of_a_generic_csv_guesses_roles():
    text = (
        "lsoa_code,claimants,population,claimant rate\nE01006412,5,100,5.0\nE01006413,6,120,5.0\n"
    )
    view = data_upload.preview_upload("c.csv", as_upload(text.encode()))
    assert view.ok and view.needs_roles
    assert view.roles == {
        "code": "lsoa_code", "count": "claimants", "denominator": "population",
        "rate": "claimant rate", "period": None,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("filename", "data", "expected"),
    [
        ("page.csv", b"<html><body>Sign in</body></html>", "web page"),
        ("bad.csv", "code,n\nE01006412,caf\xe9\n".encode("cp1252"), "not UTF-8"),
        ("big.csv", b"a" * (MAX_UPLOAD_BYTES + 10), "limit is 10.0 MB"),
    ],
)
def test_bad_files_give_a_plain_message(filename, data, expected):
    view = data_upload.preview_upload(filename, as_upload(data))
    assert not view.ok and expected in view.message


def test_import_adds_to_this_session_only(app_bundle, data_dir):
    upload = sample(data_dir, "statxplore_uc_households_msoa_lcr.csv")
    outcome = data_upload.import_upload(
        "uc.csv", upload, form(period_labels=UC_PERIODS), None, app_bundle
    )
    assert outcome.ok and outcome.layer_id.startswith("upload_")
    assert outcome.dataset.report.matched == 200
    browser_a = outcome.store
    browser_b: dict = {}
    # The browser holds the key only; the table is on the server.
    assert browser_a[outcome.layer_id].keys() == {"key", "title"}
    assert outcome.layer_id in layers_from_store(browser_a)
    assert layers_from_store(browser_b) == {}  # another browser's store never holds it
    layer = layers_from_store(browser_a)[outcome.layer_id]
    assert layer.date_for(app_bundle) in ("2023-11 (provisional)", "2023-11")
    assert layer.citation.startswith("DWP Stat-Xplore")
    # A period is chosen where it is read, like any layer's: the dataset and its id never change.
    assert [p.key for p in layer.periods(app_bundle)][:2] == ["2015-08", "2015-09"]
    assert layer.date_for(app_bundle, "2019-03") == "2019-03"
    assert data_upload.remove_dataset(browser_a, outcome.layer_id) == {}


def test_import_problems_leave_the_store_alone(app_bundle):
    text = "lsoa_code,claimants\nE01006412,5\nE01006412,6\n"
    outcome = data_upload.import_upload(
        "d.csv", as_upload(text.encode()), form(), {"x": 1}, app_bundle
    )
    assert not outcome.ok and outcome.store is None
    assert "rows 2 and 3" in outcome.message
    missing = data_upload.import_upload(
        "d.csv", as_upload(b"lsoa_code,n\nE01006412,5\n"), form(source=""), None, app_bundle
    )
    assert not missing.ok and "source" in missing.message


def test_export_is_the_tidy_table_with_its_source_and_no_formulas(app_bundle):
    text = "lsoa_code,claimants\nE01006412,5\nE01006413,..\n"
    outcome = data_upload.import_upload(
        "d.csv", as_upload(text.encode()), form(title="=cmd|' /C calc'!A0"), None, app_bundle
    )
    filename, body = data_upload.tidy_csv(outcome.store, outcome.layer_id)
    rows = list(csv.reader(io.StringIO(body)))
    assert filename.endswith(".csv")
    assert rows[0][0].startswith("'=")  # neutralised: a spreadsheet shows it as text
    assert rows[1][0].startswith("Source: DWP Stat-Xplore")
    assert rows[3] == ["code", "period", "count", "denominator", "rate", "suppressed"]
    assert ["E01006413", "Nov 2023", "", "", "", "yes"] in rows  # suppressed, never 0


def test_catalogue_lists_built_in_and_session_datasets(app_bundle):
    from geodata.sources import SOURCES

    text = "msoa_code,claimants\nE02001327,5\n"
    outcome = data_upload.import_upload(
        "d.csv", as_upload(text.encode()), form(title="Mine"), None, app_bundle
    )
    rows = data_catalogue.catalogue_rows(app_bundle, outcome.store)
    assert len([r for r in rows if r.kind == "Built-in"]) == len(SOURCES)
    mine = [r for r in rows if r.kind.startswith("Your upload")]
    assert [(r.title, r.source, r.geography) for r in mine] == [
        ("Mine", "DWP Stat-Xplore", "MSOA (2011)")
    ]
    assert all(r.licence for r in rows if r.kind != "Partnership import")


def test_a_dataset_over_the_session_limit_is_refused_before_anything_is_stored(app_bundle):
    from dashboard.upload_store import upload_store
    from dashboard.uploads import prepare, storage_key

    text = "lsoa_code,claimants,population\nE01006412,5,100\nE01006413,6,120\n"
    roles = {"code": "lsoa_code", "count": "claimants", "denominator": "population"}
    full = {
        f"upload_{n:08x}": {"key": "0" * 64, "title": "x"}
        for n in range(data_upload.MAX_SESSION_DATASETS)
    }
    refused = data_upload.import_upload(
        "c.csv", as_upload(text.encode()), form(title="Late", roles=roles), full, app_bundle
    )
    assert not refused.ok and "already holds" in refused.message and refused.dataset is not None
    key = storage_key(prepare(refused.dataset).entry["key"])
    assert upload_store().get(key) is None  # nothing was held
    added = data_upload.import_upload(
        "c.csv", as_upload(text.encode()), form(title="Late", roles=roles), {}, app_bundle
    )
    assert added.ok and upload_store().get(key) is not None


def _walk(component, parent=None):
    yield component, parent
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        if hasattr(child, "to_plotly_json"):
            yield from _walk(child, component)


def test_every_drop_zone_on_the_data_page_says_when_a_file_is_too_large(app_bundle, data_dir):
    """Both drop zones (datasets and caseloads) are built by one widget, wrapped with the size
    limit that assets/upload_limit.js enforces out loud: a caseload over 10 MB is never ignored."""
    from dash import dcc

    from dashboard import ids
    from dashboard.factory import create_app

    create_app(data_dir)  # pages register with an app
    from dashboard.pages import data as data_page

    zones = {c.id: parent for c, parent in _walk(data_page.layout()) if isinstance(c, dcc.Upload)}
    assert set(zones) == {ids.DATA_UPLOAD, ids.CASELOAD_UPLOAD}
    status = {ids.DATA_UPLOAD: ids.DATA_UPLOAD_STATUS, ids.CASELOAD_UPLOAD: ids.CASELOAD_REPORT}
    for upload_id, wrapper in zones.items():
        attributes = wrapper.to_plotly_json()["props"]
        assert attributes["data-max-bytes"] == str(MAX_UPLOAD_BYTES), upload_id
        assert attributes["data-status-id"] == status[upload_id]
        notice = attributes["data-too-large"]
        assert "{name}" in notice and "{size}" in notice and "the limit is 10 MB" in notice


# --- the form after a new file (issue 22 item 3) ---------------------------------------------------


def test_a_new_file_starts_a_clean_form(data_dir):
    from dashboard.dataview import import_form_state

    uc = data_upload.preview_upload(
        "uc.csv", sample(data_dir, "statxplore_uc_households_msoa_lcr.csv")
    )
    cilif = data_upload.preview_upload(
        "cilif.csv", sample(data_dir, "statxplore_cilif_relative_msoa_lcr.csv")
    )
    first = import_form_state.after_upload(uc)
    assert not first.periods_hidden and first.period_labels == ""
    # Whatever was typed for the first file, the second's form holds only its own values.
    second = import_form_state.after_upload(cilif)
    assert second.periods_hidden and second.period_labels == ""
    # A count (no denominator): no rate scale, never "per cent" by default.
    assert (second.scale, second.direction, second.licence) == ("", "worse", first.licence)
    assert second.date == "2014/15 to 2021/22"  # from the file's own period header
    # The unit is what is counted, never the table's title.
    assert first.unit == "count" and first.title == "Households on Universal Credit"
    failed = import_form_state.after_upload(data_upload.preview_upload("x.csv", as_upload(b"")))
    assert failed.form_hidden and failed.period_labels == "" and failed.title == ""


def test_a_count_without_a_denominator_has_no_rate_scale():
    from dashboard.dataview import import_form_state

    assert not import_form_state.scale_applies(None, needs_roles=True)
    assert not import_form_state.scale_applies("population", needs_roles=False)  # Stat-Xplore
    assert import_form_state.scale_applies("population", needs_roles=True)
    assert import_form_state.scale_after(True, "") == "100"
    assert import_form_state.scale_after(True, "1000") == "1000"
    assert import_form_state.scale_after(False, "100") == ""
    table = "lsoa_code,people,residents\nE01006412,5,100\nE01006413,6,120\n"
    view = data_upload.preview_upload("t.csv", as_upload(table.encode()))
    assert import_form_state.after_upload(view).scale == "100"  # a rate: per cent by default
    counts = "lsoa_code,people\nE01006412,5\nE01006413,6\n"
    view = data_upload.preview_upload("c.csv", as_upload(counts.encode()))
    assert import_form_state.after_upload(view).scale == ""


def test_the_date_comes_from_the_statxplore_title_block():
    from geodata.imports import inspect_file

    text = (
        'Stat-Xplore\n\n"People on Universal Credit (I z)"\n'
        '"National - Regional - LA - OAs by Conditionality Regime"\n"Counting: People on UC"\n\n'
        'Filters:\n"Month","November 2023 (p)"\n\n'
        '"National - Regional - LA - OAs",\n"Halton",100,,\n"Liverpool",300,,\n'
    )
    suggested = inspect_file(text.encode(), "uc.csv").suggested
    assert suggested["date"] == "November 2023 (p)"
    assert (
        suggested["unit"] == "People on UC" and suggested["title"] == "People on Universal Credit"
    )
