"""The admins' audit trail in headless Chromium: a planner's save shows there with who, what and which
plan; the admin filters it by who through the form (the filtered page is a link); a planner who types
the address is refused."""

from __future__ import annotations

import re

import pytest

from tests.browser import test_plans_journey as journey
from tests.browser.test_accessibility import _blocking_violations

pytestmark = pytest.mark.browser

# The journey's live server (its own database and accounts) and signed-in browser contexts.
plans_server = journey.plans_server
as_user = journey.as_user


def test_an_admin_reads_and_filters_the_audit_trail_a_planner_is_refused(as_user):
    ann = as_user("ann")
    plan_id = journey.save_plan(ann, "Audited list", "private")
    ben = as_user("ben")
    journey.save_plan(ben, "Ben's list", "partnership")

    ada = as_user("ada")
    ada.goto(f"{ada.base_url}/plans")
    ada.click("#audit-link")
    ada.wait_for_selector("#audit-table")
    assert _blocking_violations(ada) == []
    body = ada.inner_text("#audit-table")
    assert "ann@example.org" in body and "ben@example.org" in body
    assert f"{plan_id} · Audited list" in body

    ada.fill("#audit-user", "ann@example.org")
    ada.select_option("#audit-action", "plan.create")
    ada.click("#audit-filter")
    ada.wait_for_url(re.compile(r".*audit=all.*user=ann%40example\.org.*action=plan\.create"))
    ada.wait_for_selector("#audit-table")
    rows = ada.locator("#audit-table tbody tr")
    assert rows.count() == 1
    assert "Audited list" in rows.first.inner_text()
    assert "ben@example.org" not in ada.inner_text("#audit-table")
    assert ada.input_value("#audit-user") == "ann@example.org"
    ada.click(f"#audit-table >> text={plan_id} · Audited list")
    ada.wait_for_selector("#plan-title:has-text('Audited list')")

    ann.goto(f"{ann.base_url}/plans?audit=all")
    ann.wait_for_selector("#audit-refused")
    assert ann.locator("#audit-table").count() == 0
    assert "ben@example.org" not in ann.inner_text("body")
