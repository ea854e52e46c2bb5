"""Outcomes of an agreed plan in headless Chromium (issue 26): a planner saves a plan, sets its flood
period and an admin agrees it; the planner attaches two providers' outcome files, sees progress per
zone and the comparison with similar areas, and opens and prints the plan report. The files are
generated at test time from real postcodes of the region's lookup (benchmarks/outcome_files.py), in
memory only. No console errors (checked by ``as_user``)."""

from __future__ import annotations

import pytest

from benchmarks.outcome_files import as_files, outcome_records
from tests.browser.test_accessibility import _blocking_violations
from tests.browser.test_plans_journey import as_user, plans_server, save_plan  # noqa: F401

pytestmark = pytest.mark.browser

MONTHS = ("2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06")


def plan_codes(url: str, plan_id: int) -> list[str]:
    from dashboard.store import Store
    from dashboard.store.schema import Plan

    store = Store(url)
    try:
        with store.transaction() as tx:
            plan = tx.session.get(Plan, plan_id)
            return [a["code"] for a in plan.result["areas"]]
    finally:
        store.dispose()


def test_attach_two_files_see_progress_and_comparison_and_print_the_report(
    as_user,  # noqa: F811
    plans_server,  # noqa: F811
    bundle,
    tmp_path,
):
    _, url = plans_server
    ann = as_user("ann")
    plan_id = save_plan(ann, "Spring flood", "partnership")
    ann.goto(f"{ann.base_url}/plans?plan={plan_id}")
    ann.wait_for_selector("#plan-flood-start")
    ann.fill("#plan-flood-start", "2025-04-01")
    ann.fill("#plan-flood-end", "2025-06-30")
    ann.click("#plan-save-details")
    # Saved changes reload the plan.
    ann.wait_for_selector("text=flood period 1 Apr 2025 to 30 Jun 2025")
    ann.click("button:has-text('Propose')")
    ann.wait_for_selector("#plan-title .badge:has-text('proposed')")
    assert "attached once the plan is agreed" in ann.inner_text("#plan-outcomes")

    ada = as_user("ada")
    ada.goto(f"{ada.base_url}/plans?plan={plan_id}")
    ada.click("button:has-text('Agree')")
    ada.wait_for_selector("#plan-title .badge:has-text('agreed')")

    claimants = bundle.lsoa["iod25_ind_employment_domain_numerator"]
    records = outcome_records(bundle.postcodes, claimants, MONTHS,
                              planted={"Started work": 3.0},
                              planted_areas=plan_codes(url, plan_id),
                              planted_months=MONTHS[3:])  # fmt: skip
    files = as_files(records, 2)

    ann.goto(f"{ann.base_url}/plans?plan={plan_id}")
    ann.wait_for_selector("#plan-outcome-attach")
    for i, data in enumerate(files, start=1):
        ann.fill("#plan-outcome-label", f"Provider {i}, Jan–Jun 2025")
        ann.set_input_files("#plan-outcome-upload input[type=file]",
                            files=[{"name": f"outcomes-{i}.csv", "mimeType": "text/csv",
                                    "buffer": data}])  # fmt: skip
        ann.wait_for_selector(f"#plan-outcome-report:has-text('Provider {i}')", timeout=120_000)
        assert "Attached" in ann.inner_text("#plan-outcome-report")
    files_table = ann.inner_text("#plan-outcome-files")
    assert "Provider 1" in files_table and "Provider 2" in files_table
    ann.wait_for_selector("#plan-progress-chart")
    summary = ann.inner_text("#plan-progress-summary")
    assert "during" in summary and "before" in summary
    sentence = ann.inner_text("#plan-did-sentence")
    assert "more in the plan's areas than in the comparison areas" in sentence
    assert ann.locator("#plan-comparison-map").is_visible()
    assert ann.locator("#plan-comparison-areas tbody tr").count() > 10
    assert "not what the flood caused" in ann.inner_text("#plan-caveats")
    assert _blocking_violations(ann) == []

    ann.click("#plan-report-link")
    ann.wait_for_selector("#report-title")
    body = ann.inner_text("body")
    assert "Progress against targets" in body and "Compared with similar areas" in body
    assert "What this can and cannot show" in body
    ann.emulate_media(media="print")
    printed = tmp_path / "report.pdf"
    ann.pdf(path=str(printed))
    assert printed.stat().st_size > 10_000
