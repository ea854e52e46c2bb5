"""A file over the upload limit, chosen in a real browser: the drop zone refuses it before anything is
sent, and the page says so (name, size, limit, what to do) while datasets already added stay. A file
just under the limit still goes to the server and is read as before."""

from __future__ import annotations

import pytest

from geodata.imports.safety import MAX_UPLOAD_BYTES
from tests.browser.conftest import screenshot
from tests.browser.test_data_page import DataPage, claimant_file

pytestmark = pytest.mark.browser

INPUT = "#data-upload input[type=file]"
STATUS = "#data-upload-status"


def _csv_of_size(path, n_bytes: int):
    head, row = b"lsoa_code,claimants\n", b"E01006512,12\n"
    body = head + row * ((n_bytes - len(head)) // len(row))
    path.write_bytes(body + b"\n" * (n_bytes - len(body)))
    assert path.stat().st_size == n_bytes
    return path


def test_a_file_over_the_limit_is_named_with_its_size_and_added_data_stays(page, bundle, tmp_path):
    data = DataPage(page).open()
    data.add_file("claimants.csv", claimant_file(bundle), "Claimants (partner extract)",
                  "Nomis: claimant count by LSOA", "October 2023")  # fmt: skip
    assert page.is_visible("#data-import-form")

    too_big = _csv_of_size(tmp_path / "all_england_lsoas.csv", MAX_UPLOAD_BYTES + 512 * 1024)
    page.set_input_files(INPUT, str(too_big))
    page.wait_for_selector(f"{STATUS} [role=alert]")
    message = page.inner_text(STATUS)
    assert "“all_england_lsoas.csv” is 10.5 MB; the limit is 10 MB" in message
    assert "Liverpool City Region" in message and "split it" in message
    assert page.is_hidden("#data-import-form")  # it described the earlier file
    assert "Claimants (partner extract)" in page.inner_text("#data-yours")
    screenshot(page, "data-upload-too-large")

    just_under = _csv_of_size(tmp_path / "city_region.csv", MAX_UPLOAD_BYTES - 1024)
    page.set_input_files(INPUT, str(just_under))
    page.wait_for_function(
        f"() => document.querySelector('{STATUS}').innerText.includes('“city_region.csv”: CSV')"
    )
    assert page.is_visible("#data-import-form")

    # Dropped on the zone rather than chosen: the same message.
    page.evaluate(
        """(n) => {
            const files = new DataTransfer();
            files.items.add(new File([new Uint8Array(n)], 'dropped.xlsx'));
            document.querySelector('#data-upload').dispatchEvent(new DragEvent(
                'drop', {bubbles: true, cancelable: true, dataTransfer: files}));
        }""",
        MAX_UPLOAD_BYTES + 3 * 1024 * 1024,
    )
    page.wait_for_function(
        f"() => document.querySelector('{STATUS}').innerText.includes('“dropped.xlsx” is 13.0 MB')"
    )
    assert page.is_hidden("#data-import-form")
    assert "Claimants (partner extract)" in page.inner_text("#data-yours")
    assert page.console_watch.errors == []


CASELOAD_INPUT = "#caseload-upload input[type=file]"
CASELOAD_REPORT = "#caseload-report"


def test_a_caseload_over_the_limit_gets_the_same_message_never_silence(page, tmp_path):
    """The caseload's drop zone is the same widget as the dataset's (issue 21 item 7)."""
    DataPage(page).open()
    page.wait_for_selector("#caseload-upload")
    too_big = _csv_of_size(
        tmp_path / "whole_service_caseload.csv", MAX_UPLOAD_BYTES + 2 * 1024 * 1024
    )
    page.set_input_files(CASELOAD_INPUT, str(too_big))
    page.wait_for_selector(f"{CASELOAD_REPORT} [role=alert]")
    message = page.inner_text(CASELOAD_REPORT)
    assert "“whole_service_caseload.csv” is 12.0 MB; the limit is 10 MB" in message
    assert "split the list" in message and "Caseloads you have already added are kept" in message
    assert page.inner_text(STATUS).strip() == ""  # the dataset zone's status is not touched
    screenshot(page, "data-caseload-too-large")

    page.evaluate(
        """(n) => {
            const files = new DataTransfer();
            files.items.add(new File([new Uint8Array(n)], 'dropped_caseload.xlsx'));
            document.querySelector('#caseload-upload').dispatchEvent(new DragEvent(
                'drop', {bubbles: true, cancelable: true, dataTransfer: files}));
        }""",
        MAX_UPLOAD_BYTES + 1024 * 1024,
    )
    page.wait_for_function(
        f"() => document.querySelector('{CASELOAD_REPORT}').innerText"
        ".includes('“dropped_caseload.xlsx” is 11.0 MB')"
    )
