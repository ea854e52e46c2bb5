"""Saved plans with 1,000 plans in the database, on SQLite and (when Debian's PostgreSQL is
installed) on a throwaway PostgreSQL server: server time of the /plans list as a signed-in planner,
a filtered list, opening one plan (with today's-data check), comparing two, the comparison CSV, and
saving a plan from the Target page's callback (the scenario run and frozen). In-process (Flask test
client): server time only, no network or browser."""

from __future__ import annotations

import os
import re
import tempfile
import time
from collections.abc import Iterator
from typing import Any

from benchmarks import plan_users
from benchmarks.common import command_line, median_seconds, quick, write
from benchmarks.plan_users import page_body
from dashboard.context import shared_context

PLANS = 1000
PASSWORD = "benchmark password 1"


def save_body(app, name: str) -> dict:
    from layers.targeting.link import to_query
    from layers.targeting.scenario import Scenario

    (key,) = [k for k in app.callback_map if k.startswith("plan-save-message.children@")]
    return plan_users.save_body(key, name, to_query(Scenario()))


def databases() -> Iterator[tuple[str, str]]:
    """SQLite, then PostgreSQL when installed, each alive while its measures run."""
    with tempfile.TemporaryDirectory() as folder:
        yield "SQLite", f"sqlite:///{folder}/atlas.sqlite3"
    from tests.postgres import pg_bin, postgres_server

    if pg_bin() is None:
        print("PostgreSQL is not installed: SQLite only")
        return
    with postgres_server() as url:
        yield "PostgreSQL", url


def measure(label: str, url: str, repeats: int) -> list[dict[str, Any]]:
    from dashboard.accounts.passwords import hash_password
    from dashboard.factory import create_app
    from dashboard.plans.freeze import freeze
    from dashboard.saved import EXTENSION
    from dashboard.store import Actor
    from layers.targeting.scenario import Scenario

    os.environ["OUTREACH_ATLAS_DATABASE_URL"] = url
    app = create_app()
    store = app.server.extensions[EXTENSION]
    with store.transaction() as tx:
        user = tx.users.add("bench@example.org", "planner", hash_password(PASSWORD))
        owner = Actor(user.id, user.email, user.role)
    frozen = freeze(Scenario(), catalog=shared_context().catalog)
    started = time.perf_counter()
    with store.transaction() as tx:
        for i in range(PLANS):
            tx.plans.create(owner, name=f"Plan {i} {'winter' if i % 7 == 0 else 'spring'}",
                            description="seeded", visibility="partnership", region="lcr",
                            level="lsoa", query=frozen["query"], result=frozen)  # fmt: skip
    seeded = time.perf_counter() - started
    client = app.server.test_client()
    login = client.get("/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf" value="([^"]+)"', login).group(1)
    client.post("/login", data={"csrf": csrf, "email": "bench@example.org", "password": PASSWORD})

    def get(search: str) -> None:
        response = client.post("/_dash-update-component", json=page_body("/plans", search))
        assert response.status_code == 200, response.status_code

    rows = [{"measure": f"plans ({label}): seeding {PLANS:,} plans in one transaction",
             "value": seeded, "unit": "s"}]  # fmt: skip
    get("")
    rows.append({"measure": f"plans ({label}): /plans list with {PLANS:,} plans (server)",
                 "value": median_seconds(lambda: get(""), repeats) * 1000, "unit": "ms",
                 "goal": "≤ 300 ms", "note": "first 200 rows shown"})  # fmt: skip
    rows.append({"measure": f"plans ({label}): open one plan (with today's-data check)",
                 "value": median_seconds(lambda: get("?plan=500"), repeats) * 1000, "unit": "ms"})  # fmt: skip
    rows.append({"measure": f"plans ({label}): compare two plans (page)",
                 "value": median_seconds(lambda: get("?a=10&b=20"), repeats) * 1000, "unit": "ms"})  # fmt: skip
    rows.append({"measure": f"plans ({label}): comparison CSV",
                 "value": median_seconds(lambda: client.get("/download/plan-compare.csv?a=10&b=20"),
                                         repeats) * 1000, "unit": "ms"})  # fmt: skip
    counter = iter(range(10_000))

    def save() -> None:
        response = client.post(
            "/_dash-update-component", json=save_body(app, f"Saved {next(counter)}")
        )
        assert "Saved as plan" in response.get_data(as_text=True)

    rows.append({"measure": f"plans ({label}): save a plan from Target (run, freeze, write)",
                 "value": median_seconds(save, repeats) * 1000, "unit": "ms"})  # fmt: skip
    store.dispose()
    return rows


def main() -> None:
    from dashboard.data import configure

    configure(None)
    repeats = 3 if quick() else 9
    rows: list[dict[str, Any]] = []
    for label, url in databases():
        rows += measure(label, url, repeats)
    write("plans", rows)


if __name__ == "__main__":
    command_line("benchmarks.bench_plans", __doc__)
    main()
