"""The saved-plans journey in headless Chromium on a live server with its own database: a planner
saves a plan from the Target page and signs out; another planner opens it, duplicates it and
compares the two; an admin agrees it; the board sees it on the Overview. A viewer's forged save
request is refused, and one planner cannot open another's private plan by its id."""

from __future__ import annotations

import re
import time
import urllib.request
from collections.abc import Iterator

import pytest

from tests.browser.test_accessibility import _blocking_violations
from tests.live import ConsoleWatch, app_server

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
PEOPLE = {"ann": "planner", "ben": "planner", "ada": "admin", "vic": "viewer"}


@pytest.fixture(scope="module")
def plans_server(data_dir, bundle_root, bundle, tmp_path_factory) -> Iterator[tuple[str, str]]:
    from dashboard.accounts.passwords import hash_password
    from dashboard.store import Store

    url = f"sqlite:///{tmp_path_factory.mktemp('journey') / 'atlas.sqlite3'}"
    store = Store(url)
    store.migrate()
    with store.transaction() as tx:
        for name, role in PEOPLE.items():
            tx.users.add(f"{name}@example.org", role, hash_password(PASSWORD))
    store.dispose()
    with app_server(data_dir, bundle_root, {"OUTREACH_ATLAS_DATABASE_URL": url}) as base:
        settled(base)
        yield base, url


def settled(base: str) -> None:
    """Wait until Dash's first-request set-up (run by the health poll, in another thread of the
    development server) has finished: pages served before it lack the validation layout."""
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        with urllib.request.urlopen(f"{base}/target", timeout=30) as response:
            if b'"validation_layout"' in response.read():
                return
        time.sleep(0.5)
    pytest.fail("the app never finished its first-request set-up")


@pytest.fixture
def as_user(browser, plans_server):
    base, _ = plans_server
    contexts, pages = [], []

    def open_as(name: str | None):
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.console_watch = ConsoleWatch(page)
        pages.append(page)
        page.set_default_timeout(30_000)
        page.base_url = base
        if name:
            page.goto(f"{base}/login")
            assert _blocking_violations(page) == []
            page.fill("#email", f"{name}@example.org")
            page.fill("#password", PASSWORD)
            page.click("#login-submit")
            page.wait_for_url(re.compile(r".*/$"))
            page.wait_for_selector(f"text={name}@example.org")
        return page

    yield open_as
    errors = [e for page in pages for e in page.console_watch.errors]
    for context in contexts:
        context.close()
    assert errors == []


def save_plan(page, name: str, visibility: str) -> int:
    page.goto(f"{page.base_url}/target")
    page.wait_for_selector("#target-shortlist .ag-row")
    page.click("#plan-save-open")
    page.fill("#plan-save-name", name)
    page.fill("#plan-save-description", "Browser journey")
    page.locator("#plan-save-visibility label", has_text="partnership" if visibility ==
                 "partnership" else "Only me").click()  # fmt: skip
    page.click("#plan-save-submit")
    message = page.wait_for_selector("#plan-save-message .alert-success").inner_text()
    return int(re.search(r"Saved as plan (\d+)", message).group(1))


def sign_out(page) -> None:
    page.click("#user-menu-dropdown")
    page.click("#sign-out")
    page.wait_for_selector("#user-menu-sign-in")


def test_save_open_duplicate_compare_agree_and_the_board_sees_it(as_user):
    ann = as_user("ann")
    plan_id = save_plan(ann, "Winter flood", "partnership")
    ann.click("#plan-save-open-link")
    ann.wait_for_selector("#plan-title")
    assert "Winter flood" in ann.inner_text("#plan-title")
    sign_out(ann)

    ben = as_user("ben")
    ben.goto(f"{ben.base_url}/plans")
    ben.wait_for_selector("#plans-list")
    assert _blocking_violations(ben) == []
    ben.click("#plans-list >> text=Winter flood")
    ben.wait_for_selector("#plan-areas")
    assert "Today's data gives the same list" in ben.inner_text("body")
    ben.click("#plan-duplicate")
    ben.wait_for_selector("#plan-title:has-text('Copy of Winter flood')")
    ben.click("#plan-compare-with")
    ben.keyboard.type("Winter flood")
    ben.keyboard.press("Enter")
    ben.click("#plan-compare-go")
    ben.wait_for_selector("#compare-summary")
    assert _blocking_violations(ben) == []
    assert "50 areas in both, 0 only in A, 0 only in B" in ben.inner_text("#compare-summary")
    ben.goto(f"{ben.base_url}/plans?plan={plan_id}")
    ben.click("#plan-status-proposed, button:has-text('Propose')")
    ben.wait_for_selector("#plan-title .badge:has-text('proposed')")
    assert ben.locator("button:has-text('Agree')").count() == 0  # planners cannot agree

    ada = as_user("ada")
    ada.goto(f"{ada.base_url}/plans?plan={plan_id}")
    ada.click("button:has-text('Agree')")
    ada.wait_for_selector("#plan-title .badge:has-text('agreed')")
    assert _blocking_violations(ada) == []  # the plan as an admin sees it: every form and button
    assert "ada@example.org" in ada.inner_text("#plan-audit")

    board = as_user("vic")
    board.goto(f"{board.base_url}/overview")
    board.wait_for_selector("#ov-agreed-table")
    assert "Winter flood" in board.inner_text("#ov-agreed-plans")


def test_a_viewers_forged_save_is_refused(as_user, plans_server):
    from dashboard.store import Actor, Store

    vic = as_user("vic")
    vic.goto(f"{vic.base_url}/target")
    vic.wait_for_selector("#plan-save-open")
    layout = vic.request.get(f"{vic.base_url}/_dash-dependencies").json()
    (output,) = [
        d["output"] for d in layout if d["output"].startswith("plan-save-message.children@")
    ]
    body = {
        "output": output,
        "outputs": {"id": "plan-save-message", "property": output.split(".", 1)[1]},
        "inputs": [{"id": "plan-save-submit", "property": "n_clicks", "value": 1}],
        "state": [
            {"id": "plan-save-name", "property": "value", "value": "forged"},
            {"id": "plan-save-description", "property": "value", "value": ""},
            {"id": "plan-save-visibility", "property": "value", "value": "partnership"},
            {"id": "target-state", "property": "data", "value": {}},
            {"id": "imported-layers", "property": "data", "value": None},
        ],
        "changedPropIds": ["plan-save-submit.n_clicks"],
    }
    response = vic.request.post(f"{vic.base_url}/_dash-update-component", data=body)
    assert response.ok and "Saved" not in response.text() and "planner role" in response.text()
    store = Store(plans_server[1])
    with store.transaction() as tx:
        admin = tx.users.by_email("ada@example.org")
        names = [p.name for p, _ in tx.plans.visible(Actor(admin.id, admin.email, "admin"))]
    store.dispose()
    assert "forged" not in names


def test_a_private_plan_cannot_be_opened_by_its_id(as_user):
    ann = as_user("ann")
    plan_id = save_plan(ann, "Ann's private list", "private")
    ben = as_user("ben")
    ben.goto(f"{ben.base_url}/plans?plan={plan_id}")
    ben.wait_for_selector("#plan-not-found")
    assert "Ann's private list" not in ben.inner_text("body")
    assert ben.request.get(f"{ben.base_url}/download/targets.csv?plan={plan_id}").status == 400
