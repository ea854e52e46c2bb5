"""Postcode search and caseloads, the way the page callbacks run them (their logic functions, one
process, shared caches), and the privacy promise: no postcode reaches a log line, a cache shared
between users, the browser's store, an export or a URL."""

from __future__ import annotations

import base64
import csv
import io
import json
import logging

import pytest
from dash import html

from dashboard.context import shared_context
from dashboard.mapview import controller
from dashboard.postcodes import callbacks, caseload_view
from dashboard.postcodes.store import caseloads_from_store, storage_key
from dashboard.targetview.context import export_download
from dashboard.upload_store import upload_store
from dashboard.uploads import page_catalog
from layers.targeting.link import to_query
from layers.targeting.scenario import Scenario

pytestmark = pytest.mark.realdata

# Real postcodes of the lookup (from different boroughs), and two that are not in it.
REAL = ["L32 1AB", "CH25 9AA", "L1 0AA", "WA8 7AA", "PR8 1AA", "L36 0AA"]


def text_of(component) -> str:
    """Every string in a Dash component tree."""
    return json.dumps(component.to_plotly_json() if hasattr(component, "to_plotly_json")
                      else component, default=lambda c: c.to_plotly_json(), ensure_ascii=False)  # fmt: skip


@pytest.fixture
def catalog(app_bundle):
    return page_catalog(app_bundle, None)


def test_a_full_postcode_pins_and_opens_its_lsoa_and_the_link_keeps_only_the_area(catalog):
    out = callbacks.map_outputs("l321ab", None, catalog)
    message, pin, _url, _hideout, *_outline, _viewport, profile, state = out
    assert "L32 1AB" in text_of(message) and "Knowsley 001E" in text_of(message)
    assert pin and pin[0].position[0] == pytest.approx(53.48869)
    assert state["area"] == "E01006495"
    assert "E01006495" in text_of(profile)
    link = controller.link_for(state, catalog)
    assert "area=E01006495" in link and "L32" not in link.upper().replace("%20", " ")


def test_at_ward_level_a_postcode_opens_its_ward(catalog):
    current = {"layer": "out_of_work", "level": "ward"}
    *_, state = callbacks.map_outputs("L32 1AB", current, catalog)
    assert state["area"] == "E05010943"


def test_a_sector_outlines_its_lsoas_and_a_district_more(catalog):
    message, pin, url, hideout, *_ = callbacks.map_outputs("L32 1", None, catalog)
    assert pin == [] and url.endswith("/lsoa.geojson")
    assert hideout["codes"] == ["E01006437", "E01006457", "E01006494", "E01006495"]
    assert "48 City Region postcodes" in text_of(message)
    _, _, _, district, *_ = callbacks.map_outputs("l32", None, catalog)
    assert set(hideout["codes"]) < set(district["codes"])


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("L32 9ZZ", "Postcode L32 9ZZ was not found"),
        ("M1 1AA", "M1 1AA is outside the City Region"),
        ("hello there", "“hello there” is not a postcode"),
    ],
)
def test_what_is_not_found_is_said_with_what_was_tried(catalog, typed, said):
    message, pin, url, hideout, *_, _state = callbacks.map_outputs(typed, None, catalog)
    assert said in text_of(message)
    assert pin == [] and url is None and hideout == {"codes": []}


def test_target_search_outlines_the_area_and_changes_nothing_else(app_bundle):
    message, pin, _url, hideout, viewport = callbacks.target_outputs(
        shared_context().bundle, "CH25 9AA", "lsoa"
    )
    assert hideout == {"codes": ["E01034838"]} and pin
    assert "unchanged" in text_of(message)
    assert viewport["transition"] == "fitBounds"


# --- caseloads ------------------------------------------------------------------------------


def caseload_upload(postcodes: list[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Client name", "Postcode", "Date", "Outcome"])
    for i, postcode in enumerate(postcodes):
        writer.writerow([f"Person {i}", postcode, f"{1 + i % 28:02d}/0{1 + i % 6}/2024", "engaged"])
    return "data:text/csv;base64," + base64.b64encode(out.getvalue().encode()).decode()


def test_no_postcode_reaches_logs_shared_caches_stores_exports_or_urls(app_bundle, caplog):
    typed = [p for p in REAL for _ in range(7)] + ["M1 1AA", "L32 9ZZ", "not one"]
    caplog.set_level(logging.DEBUG)
    outcome = caseload_view.add_caseload(shared_context().bundle, "clients.csv", caseload_upload(typed), "Clinic", "month",
                                         None)  # fmt: skip
    assert outcome.ok, outcome.message
    store = outcome.store
    layer_id = outcome.layer_id
    held = caseloads_from_store(store).held[layer_id]
    catalog = page_catalog(app_bundle, store)

    seen: dict[str, str] = {
        "store (browser)": json.dumps(store),
        "upload store": upload_store().get(storage_key(store[layer_id]["key"])).decode(),
        "counts CSV": caseload_view.counts_csv(store, layer_id, app_bundle)[1],
        "map link": controller.link_for({"layer": layer_id, "level": "ward"}, catalog),
        "logs": "\n".join(r.getMessage() for r in caplog.records),
        "layer ids": " ".join(catalog),
    }
    scenario = Scenario(level="ward", weights=((layer_id + "_gap", 1.0),))
    for fmt in ("csv", "xlsx", "geojson"):
        download = export_download(scenario, fmt, catalog)
        body = download.body
        if fmt == "xlsx":
            from openpyxl import load_workbook

            book = load_workbook(io.BytesIO(body), read_only=True)
            body = "\n".join(
                str(c) for s in book.worksheets for r in s.iter_rows(values_only=True) for c in r
            ).encode()
        seen[f"Target export ({fmt})"] = body.decode("utf-8", "replace")
    seen["Target link"] = json.dumps(to_query(scenario))
    for where, text in seen.items():
        folded = text.upper().replace(" ", "")
        for postcode in [*REAL, "M11AA", "L329ZZ"]:
            assert postcode.replace(" ", "") not in folded, f"{postcode} found in {where}"
        assert "PERSON 1" not in folded.replace("PERSON1", "PERSON 1")
    # The uploader is told about their own unmatched rows, on their page only.
    report = text_of(caseload_view.report(shared_context().bundle, outcome))
    assert "M1 1AA" in report and "L32 9ZZ" in report and "not one" in report
    assert held.caseload.n_matched == len(REAL) * 7


def test_counts_of_one_to_four_are_suppressed_in_the_counts_csv(app_bundle):
    typed = ["L32 1AB"] * 3 + ["CH25 9AA"] * 6
    outcome = caseload_view.add_caseload(
        shared_context().bundle, "c.csv", caseload_upload(typed), "Small", "quarter", None
    )
    text = caseload_view.counts_csv(outcome.store, outcome.layer_id, app_bundle)[1]
    rows = {(r[0], r[1]): r for r in csv.reader(io.StringIO(text)) if len(r) > 2}
    header = next(r for r in csv.reader(io.StringIO(text)) if r and r[0] == "level")
    people = header.index("Small: people reached")
    assert rows[("LSOA (2021)", "E01006495")][people] == "suppressed"
    assert rows[("LSOA (2021)", "E01034838")][people] == "6"
    assert rows[("Borough", "E08000011")][people] == "suppressed"  # Knowsley: 3 people


def test_a_forged_or_unknown_caseload_key_gives_nothing(app_bundle):
    forged = {"upload_caseload_00000000": {"key": "0" * 64, "title": "x"},
              "upload_caseload_zz": {"key": "nope"}}  # fmt: skip
    check = caseloads_from_store(forged)
    assert check.held == {} and len(check.unavailable) == 2
    assert not any(k.startswith("upload_caseload_") for k in page_catalog(app_bundle, forged))


def test_bad_files_give_a_clear_message_not_a_trace(app_bundle):
    outcome = caseload_view.add_caseload(shared_context().bundle, "c.csv", "data:text/csv;base64,"
                                         + base64.b64encode(b"name\nAnn\n").decode(), "", "", None)  # fmt: skip
    assert not outcome.ok and "No column of postcodes" in outcome.message
    assert isinstance(caseload_view.report(shared_context().bundle, outcome), html.Div)
    empty = caseload_view.add_caseload(shared_context().bundle, "c.csv", None, "", "", None)
    assert not empty.ok and "No file was received" in empty.message


def test_target_reach_before_and_during_the_flood(app_bundle):
    from dashboard.postcodes import target_reach

    typed = ["L32 1AB"] * 7 + ["CH25 9AA"] * 9
    outcome = caseload_view.add_caseload(
        shared_context().bundle, "c.csv", caseload_upload(typed), "Flood", "month", None
    )
    shown = target_reach.panel(outcome.store, None, None, ("E01006495",), "lsoa", app_bundle)
    assert shown.caseload == outcome.layer_id and shown.start in {"2024-02", "2024-03", "2024-04"}
    text = text_of(shown.table)
    # 7 people in the one shortlisted LSOA across six months: each span holds fewer than 5.
    assert text.count("suppressed") >= 2 and "Rest of the City Region" in text
    none = target_reach.panel({}, None, None, (), "lsoa", app_bundle)
    assert "No caseload" in text_of(none.table)


def test_at_msoa_level_a_postcode_opens_the_msoa_it_falls_in(catalog):
    current = {"layer": "child_poverty", "level": "msoa"}
    message, *_, state = callbacks.map_outputs("L32 1AB", current, catalog)
    assert state["area"].startswith("E02") and "MSOA" in text_of(message)


def test_without_the_lookup_search_says_so():
    from dashboard.postcodes.lookup import UNAVAILABLE
    from dashboard.postcodes.search import search

    assert search(shared_context().bundle, "L32 1AB", "lsoa", None).message == UNAVAILABLE


@pytest.mark.parametrize("typed", ["L41 0AA", "l41 0", "L41"])
def test_a_retired_postcode_is_found_and_said_to_be_retired_with_its_successor(catalog, typed):
    """Wirral's L41-L49 (7,181 postcodes in the ONS lookup) were replaced by CH41-CH49: search
    still finds them, warns, and names the successor district from the region's manifest."""
    message, *_ = callbacks.map_outputs(typed, None, catalog)
    said = text_of(message)
    assert "Retired postcode: district L41" in said and "replaced it with CH41" in said
    assert '"data-tone": "warning"' in said
    target_message, *_ = callbacks.target_outputs(shared_context().bundle, typed, "lsoa")
    assert "replaced it with CH41" in text_of(target_message)
    current, *_ = callbacks.map_outputs("CH41 1AA", None, catalog)
    assert "Retired" not in text_of(current)


def test_a_caseload_over_the_session_limit_is_refused_before_anything_is_stored(app_bundle):
    from dashboard.dataview.data_upload import MAX_SESSION_DATASETS
    from dashboard.postcodes.store import prepare_caseload

    full = {f"upload_{n:08x}": {"key": "0" * 64, "title": "x"} for n in range(MAX_SESSION_DATASETS)}
    upload = caseload_upload([*REAL, "L32 1AB", "L36 0AA"])
    outcome = caseload_view.add_caseload(
        shared_context().bundle, "late.csv", upload, "Late", "month", full
    )
    assert not outcome.ok and f"already holds {MAX_SESSION_DATASETS}" in outcome.message
    assert outcome.reading is not None
    prepared = prepare_caseload(outcome.reading.caseload)
    assert upload_store().get(storage_key(prepared.entry["key"])) is None  # nothing was held
    # With room in the session the same file is held.
    added = caseload_view.add_caseload(
        shared_context().bundle, "late.csv", upload, "Late", "month", {}
    )
    assert added.ok and upload_store().get(storage_key(added.store[added.layer_id]["key"]))


def test_suppressed_reach_is_painted_apart_from_no_data(app_bundle):
    """Issue 22 item 9: a count of 1 to 4 (held back) is not the grey of "no data"."""
    from dashboard.mapview import model as map_model
    from dashboard.mapview.map_panels import legend
    from dashboard.mapview.state import ViewState
    from layers.classify import NO_DATA_COLOUR

    typed = ["L32 1AB"] * 2 + [p for p in REAL[1:] for _ in range(6)]
    outcome = caseload_view.add_caseload(
        shared_context().bundle, "c.csv", caseload_upload(typed), "Few", "month", None
    )
    catalog = page_catalog(app_bundle, outcome.store)
    counts = next(k for k in catalog if k.startswith(outcome.layer_id) and k.endswith("_n"))
    built = map_model.build(ViewState(layer=counts, level="lsoa"), catalog)
    suppressed_class = len(built.detail.classification.colours)
    at = built.codes.index(app_bundle.postcodes.set_index("postcode").at["L321AB", "lsoa"])
    assert built.z[at] == suppressed_class
    assert built.colours[suppressed_class + 1] == map_model.SUPPRESSED_COLOUR != NO_DATA_COLOUR
    assert built.detail.n_suppressed == 1
    shown = text_of(html.Div(legend(built, catalog)))
    assert map_model.SUPPRESSED_LABEL in shown and "No data (not published)" in shown


def test_the_caseload_count_is_shown_but_never_ranked_on_the_map(app_bundle):
    """Issue 22 item 4 for a caseload's own count: a bigger area holds more people, so the map
    ranks no area by it and its hover says so; the rate per 100 claimants is ranked."""
    from dashboard.mapview import model as map_model
    from dashboard.mapview.state import ViewState
    from layers.base import COUNT_NOT_RANKED

    typed = [p for p in REAL for _ in range(6)]
    outcome = caseload_view.add_caseload(
        shared_context().bundle, "c.csv", caseload_upload(typed), "Many", "month", None
    )
    catalog = page_catalog(app_bundle, outcome.store)
    counts = next(k for k in catalog if k.startswith(outcome.layer_id) and k.endswith("_n"))
    built = map_model.build(ViewState(layer=counts, level="lsoa"), catalog)
    assert any(not text.startswith("no data") for text in built.detail.value_text)  # shown
    assert all(r is None for r in built.detail.rank)
    assert COUNT_NOT_RANKED.capitalize() in built.hovertemplate
    rate = map_model.build(ViewState(layer=outcome.layer_id, level="lsoa"), catalog)
    assert any(r is not None for r in rate.detail.rank)
