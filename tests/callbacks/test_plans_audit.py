"""The admins' audit trail (``/plans?audit=all``) through the app: every entry, filtered and paged, for
admins; a refusal, decided on the server, for planners, viewers and strangers however they ask."""

from __future__ import annotations

import re

import pytest

from dashboard.plans.auditlog import PER_PAGE, page_link, parse_query
from tests.callbacks import test_plans as plans
from tests.callbacks.test_plans import (
    client_as,
    page,
    plans_page_body,
    save_via_callback,
    saved_id,
)

# The plans tests' app and store (module-scoped: this module gets its own database).
atlas = plans.atlas
store = plans.store


@pytest.fixture(scope="module")
def history(atlas):
    """Ann saves a private plan and deletes it; Ben saves a partnership plan."""
    ann, ben = client_as(atlas, "ann"), client_as(atlas, "ben")
    private = saved_id(save_via_callback(atlas, ann, name="Ann's private list"))
    shared = saved_id(
        save_via_callback(atlas, ben, name="Ben's shared list", visibility="partnership")
    )
    from dashboard.saved import EXTENSION
    from dashboard.store import Actor

    with atlas.server.extensions[EXTENSION].transaction() as tx:
        user = tx.users.by_email("ann@example.org")
        tx.plans.delete(Actor(user.id, user.email, user.role), private, 1)
    return {"private": private, "shared": shared}


def view(client, search: str) -> str:
    """The page's JSON as sent, with the slashes and ampersands Dash escapes put back."""
    return page(client, search).replace("\\u002f", "/").replace("\\u0026", "&")


def _texts(node) -> list[str]:
    if isinstance(node, str | int | float):
        return [str(node)]
    if isinstance(node, list):
        return [t for child in node for t in _texts(child)]
    if isinstance(node, dict):
        return _texts(node.get("props", {}).get("children"))
    return []


def _find(node, wanted: str):
    if isinstance(node, list):
        return next((f for child in node if (f := _find(child, wanted)) is not None), None)
    if isinstance(node, dict):
        props = node.get("props", {})
        if props.get("id") == wanted:
            return node
        return _find(props.get("children"), wanted)
    return None


def table(client, search: str) -> list[list[str]]:
    """The audit table's body rows as cell texts ([] when no table is shown)."""
    response = client.post("/_dash-update-component", json=plans_page_body(search))
    found = _find(response.get_json()["response"]["_pages_content"]["children"], "audit-table")
    if found is None or found["type"] != "Table":
        return []
    body = found["props"]["children"][1]
    return [[" ".join(_texts(cell)) for cell in row["props"]["children"]]
            for row in body["props"]["children"]]  # fmt: skip


def test_an_admin_sees_every_entry_with_who_what_and_which_plan(atlas, history):
    shown = view(client_as(atlas, "ada"), "?audit=all")
    assert "audit-table" in shown and "audit-refused" not in shown
    for text in ("ann@example.org", "ben@example.org", "system", "plan.create", "plan.delete",
                 "account.add", "Ann's private list", "Ben's shared list"):  # fmt: skip
        assert text in shown, text
    # A deleted plan's entries stay readable, with a link to the plan (which admins can restore).
    assert f"/plans?plan={history['private']}" in shown


def test_filters_by_user_action_plan_and_date(atlas, history):
    admin = client_as(atlas, "ada")
    anns = table(admin, "?audit=all&user=ann@example.org")
    assert [(r[1], r[2]) for r in anns] == [
        ("ann@example.org", "plan.delete"), ("ann@example.org", "plan.create"),
    ]  # fmt: skip
    assert all("Ann's private list" in r[3] for r in anns)
    deletes = table(admin, "?audit=all&action=plan.delete")
    assert [r[2] for r in deletes] == ["plan.delete"]
    one = table(admin, f"?audit=all&plan={history['shared']}")
    assert [(r[1], r[2]) for r in one] == [("ben@example.org", "plan.create")]
    system = table(admin, "?audit=all&user=system")
    assert {r[2] for r in system} == {"account.add"} and len(system) == 4
    assert table(admin, "?audit=all&until=2001-01-01") == []
    assert "No audit entries match." in view(admin, "?audit=all&until=2001-01-01")
    bad = view(admin, "?audit=all&since=yesterday&plan=abc")
    assert "is not a date" in bad and "is not a plan number" in bad
    assert len(table(admin, "?audit=all&since=yesterday&plan=abc")) >= 6  # the rest still applies


def test_entries_are_paged_and_the_links_keep_the_filters(atlas, history, store):
    from dashboard.store import Actor

    with store.transaction() as tx:
        user = tx.users.by_email("ada@example.org")
        admin = Actor(user.id, user.email, user.role)
        for i in range(PER_PAGE + 5):
            tx.audit.record(admin, "account.role", detail={"email": f"x{i}@example.org"})
    client = client_as(atlas, "ada")
    first = view(client, "?audit=all&action=account.role")
    assert "page 1 of 2" in first and "audit-older" in first and "audit-newer" not in first
    second = view(client, "?audit=all&action=account.role&page=2")
    assert "page 2 of 2" in second and "audit-newer" in second and "audit-older" not in second
    assert "/plans?audit=all&action=account.role&page=1" in second
    assert (
        page_link({"user": "a@b.org", "action": ""}, 3) == "/plans?audit=all&user=a%40b.org&page=3"
    )


@pytest.mark.parametrize("who", ["ann", "vic", None])
def test_planners_viewers_and_strangers_are_refused(atlas, history, who):
    shown = view(client_as(atlas, who), "?audit=all&user=ann@example.org")
    assert "audit-table" not in shown and "Ann's private list" not in shown
    assert table(client_as(atlas, who), "?audit=all") == []
    assert ("audit-refused" in shown) if who else ("/login?next=/plans" in shown)


def test_only_admins_are_offered_the_link(atlas, history):
    assert "audit-link" in view(client_as(atlas, "ada"), "")
    assert "audit-link" not in view(client_as(atlas, "ann"), "")


def test_the_query_is_read_without_surprises():
    asked = parse_query({"user": " Ann@Example.org ", "since": "2026-12-01", "until": "2026-11-01"})
    assert asked.filters.user == "Ann@Example.org"
    assert asked.filters.since is None and asked.filters.until is None
    assert any("wrong way round" in p for p in asked.problems)
    assert parse_query({"page": "-3"}).page == 1
    assert re.fullmatch(r"/plans\?audit=all&page=2", page_link({}, 2))


def test_a_plan_number_beyond_any_database_integer_is_no_plan(atlas, history):
    """A 30-digit number would overflow the database's integer (SQLite and PostgreSQL both raise):
    it is a plan nobody has, said as such, not a server error."""
    huge = "9" * 30
    admin = client_as(atlas, "ada")
    assert "plan-not-found" in view(admin, f"?plan={huge}")
    assert "plan-not-found" in view(admin, f"?a={huge}&b={history['shared']}")
    shown = view(admin, f"?audit=all&plan={huge}&page={huge}")
    assert "is not a plan number" in shown and "audit-table" in shown
    csv = admin.get(f"/download/plan-compare.csv?a={huge}&b={history['shared']}")
    assert csv.status_code in (400, 404)
    assert admin.get(f"/download/targets.csv?plan={huge}").status_code in (400, 404)
