"""The load test's planners: users who sign in, save the Target list as a plan, list, open and compare
plans and download a comparison, as a planner does in the browser; and the check afterwards that every
save answered OK is in the database, complete.

The accounts are made with the store API before the server starts (as ``python -m dashboard.accounts
add`` would), on the database the server then uses.
"""

from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

PASSWORD = "load test password 1"
SAVED = re.compile(r"Saved as plan (\d+) with (\d+) areas")
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def email(index: int) -> str:
    return f"planner{index}@load.example.org"


def make_accounts(url: str, count: int) -> None:
    """``count`` planner accounts on a freshly migrated database at ``url``."""
    from dashboard.accounts.passwords import hash_password
    from dashboard.store import Store

    store = Store(url)
    store.migrate()
    hashed = hash_password(PASSWORD)
    with store.transaction() as tx:
        for i in range(count):
            tx.users.add(email(i), "planner", hashed)
    store.dispose()


def page_body(path: str, search: str) -> dict[str, Any]:
    """The routing callback Dash sends when the browser goes to ``path?search``."""
    return {
        "output": ".._pages_content.children..._pages_store.data..",
        "outputs": [{"id": "_pages_content", "property": "children"},
                    {"id": "_pages_store", "property": "data"}],
        "inputs": [{"id": "_pages_location", "property": "pathname", "value": path},
                   {"id": "_pages_location", "property": "search", "value": search}],
        "changedPropIds": ["_pages_location.pathname", "_pages_location.search"],
        "state": [],
    }  # fmt: skip


def save_key(dependencies: list[dict[str, Any]]) -> str:
    """The Save button's callback output, as this server's ``/_dash-dependencies`` names it."""
    (key,) = [d["output"] for d in dependencies if d["output"].startswith("plan-save-message.")]
    return key


def save_body(key: str, name: str, target_query: dict[str, Any]) -> dict[str, Any]:
    """The Save button's callback as the browser sends it, for the Target list ``target_query``."""
    state = [("plan-save-name", "value", name), ("plan-save-description", "value", "load test"),
             ("plan-save-visibility", "value", "partnership"),
             ("target-state", "data", target_query), ("imported-layers", "data", None)]  # fmt: skip
    return {
        "output": key,
        "outputs": {"id": "plan-save-message", "property": key.split(".", 1)[1]},
        "inputs": [{"id": "plan-save-submit", "property": "n_clicks", "value": 1}],
        "state": [{"id": i, "property": p, "value": v} for i, p, v in state],
        "changedPropIds": ["plan-save-submit.n_clicks"],
    }  # fmt: skip


@dataclass
class Saves:
    """What the planners were told: every plan a save answered OK, and the saves in flight (so the
    worker-kill can pick the worker serving one)."""

    answered: dict[int, str] = field(default_factory=dict)  # plan id -> name
    in_flight: dict[int, int] = field(default_factory=dict)  # thread id -> client's local port
    lock: threading.Lock = field(default_factory=threading.Lock)


@dataclass
class Planner:
    """One signed-in planner. ``send(kind, method, path, body, form)`` is the load test's timed,
    retried request (returns the response text, or None after two failures)."""

    index: int
    send: Any
    client: Any
    key: str
    target: list[dict[str, Any]]
    target_query: dict[str, Any]
    saves: Saves
    failed: Any  # failed(reason): an answer that came back 200 but did not do what was asked
    mine: list[int] = field(default_factory=list)

    def sign_in(self) -> bool:
        page = self.send("sign-in", "GET", "/login", None)
        found = CSRF.search(page or "")
        if not found:
            return False
        form = urlencode({"csrf": found.group(1), "email": email(self.index),
                          "password": PASSWORD, "next": "/plans"})  # fmt: skip
        answer = self.send("sign-in", "POST", "/login", form, form=True)
        # Signed in is a redirect; the form again (an error, an expired token) is not.
        if answer is None or 'name="csrf"' in answer:
            self.failed("sign-in: refused")
            return False
        return True

    def actions(self) -> list[tuple[str, Any]]:
        """One round: the Target page, save, the plans list, open the plan, compare, its CSV."""
        return [
            ("open target", self._target),
            ("save plan", self._save),
            ("plans list", lambda: self._page("plan list", "")),
            ("open plan", self._open),
            ("compare", self._compare),
            ("comparison csv", self._csv),
        ]

    def _target(self) -> None:
        for step in self.target:
            self.send("page" if step["method"] == "GET" else "callback",
                      step["method"], step["path"], step["body"])  # fmt: skip

    def _save(self) -> None:
        name = f"Load planner {self.index} plan {len(self.mine) + 1}"
        ident = threading.get_ident()
        with self.saves.lock:
            self.saves.in_flight[ident] = self.client.local_port()
        try:
            body = json.dumps(save_body(self.key, name, self.target_query))
            answer = self.send("plan save", "POST", "/_dash-update-component", body)
        finally:
            with self.saves.lock:
                self.saves.in_flight.pop(ident, None)
        found = SAVED.search(answer or "")
        if answer is not None and not found:
            self.failed("plan save: answered without saving")
        if found:
            plan_id = int(found.group(1))
            self.mine.append(plan_id)
            with self.saves.lock:
                self.saves.answered[plan_id] = name

    def _page(self, kind: str, search: str) -> None:
        body = json.dumps(page_body("/plans", search))
        self.send(kind, "POST", "/_dash-update-component", body)

    def _open(self) -> None:
        if self.mine:
            self._page("plan open", f"?plan={self.mine[-1]}")

    def _pair(self) -> str | None:
        if len(self.mine) >= 2:
            return f"a={self.mine[-1]}&b={self.mine[-2]}"
        return None

    def _compare(self) -> None:
        pair = self._pair()
        if pair:
            self._page("plan compare", "?" + pair)

    def _csv(self) -> None:
        pair = self._pair()
        if pair:
            self.send("plan compare csv", "GET", f"/download/plan-compare.csv?{pair}", None)


def check(url: str, answered: dict[int, str]) -> dict[str, Any]:
    """After the run, on the database itself: every plan a save answered OK is there with the name it
    was given, and every plan (answered or not) is complete: its frozen areas, the summary columns
    that match them, a row per zone, and its audit entry. A plan half written would fail here."""
    from sqlalchemy import select

    from dashboard.store import Store
    from dashboard.store.schema import AuditEntry, Plan, PlanZone

    store = Store(url)
    lost, incomplete = [], []
    try:
        with store.transaction() as tx:
            session = tx.session
            plans = {p.id: p for p in session.scalars(select(Plan))}
            zones: dict[int, set[int]] = {}
            for row in session.scalars(select(PlanZone)):
                zones.setdefault(row.plan_id, set()).add(row.zone)
            created = set(
                session.scalars(
                    select(AuditEntry.plan_id).where(AuditEntry.action == "plan.create")
                )
            )
            for plan_id, name in answered.items():
                plan = plans.get(plan_id)
                if plan is None or plan.name != name or plan.deleted_at is not None:
                    lost.append(plan_id)
            for plan in plans.values():
                areas = (plan.result or {}).get("areas") or []
                wanted = {int(a["zone"]) for a in areas if a.get("zone") is not None}
                if (
                    not areas
                    or plan.n_areas != len(areas)
                    or zones.get(plan.id, set()) != wanted
                    or plan.id not in created
                ):
                    incomplete.append(plan.id)
            total = len(plans)
    finally:
        store.dispose()
    return {
        "answered": len(answered), "in_database": total,
        "saved_unanswered": total - len(set(answered) & set(plans)),
        "lost": lost, "incomplete": incomplete,
    }  # fmt: skip


def wait_for_save(saves: Saves, seconds: float) -> int | None:
    """The local port of a client whose save is on the wire (or None after ``seconds``)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with saves.lock:
            ports = [p for p in saves.in_flight.values() if p]
        if ports:
            return ports[0]
        time.sleep(0.005)
    return None
