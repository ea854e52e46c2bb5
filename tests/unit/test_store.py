"""The store of saved work on SQLite and on a real PostgreSQL the tests start on loopback:
permissions, the version check, the audit trail, migrations, backup and restore."""

from __future__ import annotations

import itertools
import os
from datetime import date

import pytest
from sqlalchemy import inspect

from dashboard.store import (
    Actor,
    AuditFilter,
    Conflict,
    Forbidden,
    Invalid,
    NotFound,
    PlanFilter,
    Store,
)
from dashboard.store.backup import BackupError, backup, restore
from dashboard.store.engine import current_revision, database_url, head_revision
from tests.postgres import fresh_database, pg_bin, postgres_server

_names = itertools.count()


@pytest.fixture(scope="module")
def pg_server():
    if pg_bin() is None:
        message = "PostgreSQL is not installed (make test installs Debian's postgresql)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with postgres_server() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'atlas.sqlite3'}"
    return fresh_database(request.getfixturevalue("pg_server"), f"t{next(_names)}")


@pytest.fixture
def store(empty_url):
    store = Store(empty_url)
    store.migrate()
    yield store
    store.dispose()


def result(codes, boroughs=("Knowsley",)):
    return {
        "areas": [
            {"code": c, "name": f"Area {c}", "borough": boroughs[i % len(boroughs)], "zone": 1 + i // 2,
             "score": 90 - i, "rank": i + 1, "by": "rules", "population": 1500, "claimants": 100}
            for i, c in enumerate(codes)
        ],
        "zones": [],
        "data_versions": {"out_of_work": "abc123"},
    }  # fmt: skip


def people(store):
    with store.transaction() as tx:
        ids = {
            role: tx.users.add(f"{role}@example.org", role, "hash").id
            for role in ("viewer", "planner", "admin")
        }
        ids["planner2"] = tx.users.add("planner2@example.org", "planner", "hash").id
    return {
        name: Actor(uid, f"{name}@example.org", "planner" if name == "planner2" else name)
        for name, uid in ids.items()
    }


def save(store, actor, name="Knowsley flood", visibility="private", codes=("E1", "E2", "E3")):
    with store.transaction() as tx:
        plan = tx.plans.create(
            actor, name=name, description="first go", visibility=visibility, region="lcr",
            level="lsoa", query="lvl=lsoa&top=3", result=result(codes, ("Knowsley", "Sefton")),
        )  # fmt: skip
        return plan.id


def test_a_plan_keeps_its_link_and_frozen_result(store):
    who = people(store)
    plan_id = save(store, who["planner"])
    with store.transaction() as tx:
        plan = tx.plans.get(plan_id, who["planner"])
        assert plan is not None
        assert plan.query == "lvl=lsoa&top=3"
        assert [a["code"] for a in plan.result["areas"]] == ["E1", "E2", "E3"]
        assert plan.result["data_versions"] == {"out_of_work": "abc123"}
        assert (plan.n_areas, plan.residents, plan.claimants) == (3, 4500, 300)
        assert sorted(tx.plans.zones(plan_id)) == [1, 2]
        assert [e.action for e, _ in tx.audit.for_plan(plan_id)] == ["plan.create"]


def test_viewers_cannot_save_and_private_plans_stay_private(store):
    who = people(store)
    with pytest.raises(Forbidden), store.transaction() as tx:
        tx.plans.create(who["viewer"], name="x", description="", visibility="private",
                        region="lcr", level="lsoa", query="", result=result(["E1"]))  # fmt: skip
    plan_id = save(store, who["planner"])
    with store.transaction() as tx:
        assert tx.plans.get(plan_id, who["planner2"]) is None
        assert tx.plans.get(plan_id, who["viewer"]) is None
        assert tx.plans.get(plan_id, None) is None
        assert tx.plans.get(plan_id, who["admin"]) is not None
        assert tx.plans.visible(who["planner2"]) == []
    with pytest.raises(NotFound), store.transaction() as tx:
        tx.plans.update(who["planner2"], plan_id, 1, name="mine now")


def test_partnership_plans_are_read_by_viewers_and_edited_by_planners(store):
    who = people(store)
    plan_id = save(store, who["planner"], visibility="partnership")
    with store.transaction() as tx:
        assert tx.plans.get(plan_id, who["viewer"]) is not None
        tx.plans.update(who["planner2"], plan_id, 1, name="Renamed")
    with pytest.raises(Forbidden), store.transaction() as tx:
        tx.plans.update(who["viewer"], plan_id, 2, name="viewer edit")
    with store.transaction() as tx:
        assert tx.plans.get(plan_id, who["viewer"]).name == "Renamed"


def test_a_stale_version_is_a_conflict_and_saves_nothing(store):
    who = people(store)
    plan_id = save(store, who["planner"], visibility="partnership")
    with store.transaction() as tx:
        tx.plans.update(who["planner"], plan_id, 1, name="First planner's name")
    with pytest.raises(Conflict, match="Someone else changed"), store.transaction() as tx:
        tx.plans.update(who["planner2"], plan_id, 1, description="Second planner's words")
    with store.transaction() as tx:
        plan = tx.plans.get(plan_id, who["planner"])
        assert (plan.name, plan.description, plan.version) == (
            "First planner's name",
            "first go",
            2,
        )
        assert [e.action for e, _ in tx.audit.for_plan(plan_id)] == ["plan.create", "plan.update"]


def test_a_failed_transaction_leaves_nothing_half_done(store):
    who = people(store)
    with pytest.raises(RuntimeError), store.transaction() as tx:
        tx.plans.create(who["planner"], name="half", description="", visibility="private",
                        region="lcr", level="lsoa", query="", result=result(["E1"]))  # fmt: skip
        raise RuntimeError("worker killed")
    with store.transaction() as tx:
        assert tx.plans.visible(who["admin"]) == []
        assert all(e.action.startswith("account.") for e, _ in tx.audit.recent())


def test_status_moves_and_only_admins_agree(store):
    who = people(store)
    plan_id = save(store, who["planner"], visibility="partnership")
    with store.transaction() as tx:
        tx.plans.set_status(who["planner"], plan_id, 1, "proposed")
    with pytest.raises(Forbidden), store.transaction() as tx:
        tx.plans.set_status(who["planner"], plan_id, 2, "agreed")
    with pytest.raises(Forbidden), store.transaction() as tx:
        tx.plans.set_status(who["admin"], plan_id, 2, "finished")
    with store.transaction() as tx:
        tx.plans.set_status(who["admin"], plan_id, 2, "agreed")
        tx.plans.update(who["planner"], plan_id, 3, flood_start=date(2027, 1, 4),
                        flood_end=date(2027, 3, 26))  # fmt: skip
        tx.plans.set_teams(who["planner"], plan_id, 4, {1: "Kirkby team", 2: "Huyton team"})
    with store.transaction() as tx:
        assert [p.id for p in tx.plans.in_status(who["viewer"], ("agreed", "active"))] == [plan_id]
        assert tx.plans.zones(plan_id)[1].team == "Kirkby team"
        trail = [(e.action, e.detail, email) for e, email in tx.audit.for_plan(plan_id)]
        assert ("plan.status", {"status": ["proposed", "agreed"]}, "admin@example.org") in trail
        assert ("plan.teams", {"zone 1": ["", "Kirkby team"], "zone 2": ["", "Huyton team"]},
                "planner@example.org") in trail  # fmt: skip
        assert trail[-2][1]["flood_start"] == [None, "2027-01-04"]
    with pytest.raises(Invalid), store.transaction() as tx:
        tx.plans.update(who["planner"], plan_id, 5, flood_end=date(2026, 1, 1))


def test_duplicate_delete_and_restore(store):
    who = people(store)
    plan_id = save(store, who["planner"], visibility="partnership")
    with store.transaction() as tx:
        copy = tx.plans.duplicate(who["planner2"], plan_id)
        assert (copy.owner_id, copy.visibility, copy.status) == (
            who["planner2"].id,
            "private",
            "draft",
        )
        assert copy.result == tx.plans.get(plan_id, who["planner"]).result
        copy_id = copy.id
    with pytest.raises(Forbidden), store.transaction() as tx:
        tx.plans.delete(who["planner2"], plan_id, 1)  # not theirs
    with store.transaction() as tx:
        tx.plans.delete(who["planner2"], copy_id, 1)
    with store.transaction() as tx:
        assert tx.plans.get(copy_id, who["planner2"]) is None
        assert [
            p.id for p, _ in tx.plans.visible(who["admin"], PlanFilter(include_deleted=True))
        ] == [
            copy_id,
            plan_id,
        ]
        tx.plans.restore(who["admin"], copy_id)
    with store.transaction() as tx:
        assert tx.plans.get(copy_id, who["planner2"]) is not None


def test_admins_read_the_whole_audit_trail_filtered_and_paged(store):
    who = people(store)
    private = save(store, who["planner"], name="Private one")
    shared = save(store, who["planner2"], name="Shared one", visibility="partnership")
    with store.transaction() as tx:
        tx.plans.delete(who["planner"], private, 1)  # a deleted plan's history stays readable
        tx.plans.set_status(who["planner2"], shared, 1, "proposed")
    for refused in (who["viewer"], who["planner"], None):
        with pytest.raises(Forbidden), store.transaction() as tx:
            tx.audit.search(refused, AuditFilter())
    with store.transaction() as tx:
        everything = tx.audit.search(who["admin"], AuditFilter())
        # Four accounts added from the command line ("system"), two saves, a delete, a move.
        assert everything.total == 8
        assert [e.action for e in everything.entries[:4]] == [
            "plan.status", "plan.delete", "plan.create", "plan.create",
        ]  # fmt: skip
        assert {e.who for e in everything.entries} == {
            "system", "planner@example.org", "planner2@example.org",
        }  # fmt: skip
        assert everything.entries[1].plan_name == "Private one"
        mine = tx.audit.search(who["admin"], AuditFilter(user="Planner@example.org "))
        assert [(e.action, e.plan_id) for e in mine.entries] == [
            ("plan.delete", private), ("plan.create", private),
        ]  # fmt: skip
        system = tx.audit.search(who["admin"], AuditFilter(user="system"))
        assert {e.action for e in system.entries} == {"account.add"} and system.total == 4
        moves = tx.audit.search(who["admin"], AuditFilter(action="plan.status"))
        assert [e.detail for e in moves.entries] == [{"status": ["draft", "proposed"]}]
        assert tx.audit.search(who["admin"], AuditFilter(plan_id=shared)).total == 2
        today = date.today()
        assert tx.audit.search(who["admin"], AuditFilter(since=today, until=today)).total == 8
        yesterday = date.fromordinal(today.toordinal() - 1)
        assert tx.audit.search(who["admin"], AuditFilter(until=yesterday)).total == 0
        first = tx.audit.search(who["admin"], AuditFilter(), page=1, per_page=3)
        last = tx.audit.search(who["admin"], AuditFilter(), page=99, per_page=3)
        assert (first.pages, len(first.entries), last.page, len(last.entries)) == (3, 3, 3, 2)
        assert "plan.status" in tx.audit.actions() and "account.add" in tx.audit.actions()


def test_list_filters(store):
    who = people(store)
    save(store, who["planner"], "Knowsley winter", "partnership", ("E1",))
    save(store, who["planner2"], "Sefton spring", "partnership", ("E2", "E3"))
    with store.transaction() as tx:
        names = lambda f: sorted(p.name for p, _ in tx.plans.visible(who["viewer"], f))  # noqa: E731
        assert names(PlanFilter(search="WINTER")) == ["Knowsley winter"]
        assert names(PlanFilter(owner="planner2@example.org")) == ["Sefton spring"]
        assert names(PlanFilter(borough="Sefton")) == ["Sefton spring"]
        assert names(PlanFilter(status="draft")) == ["Knowsley winter", "Sefton spring"]
        assert names(PlanFilter(status="agreed")) == []


def test_accounts_roles_and_disable(store):
    with store.transaction() as tx:
        tx.users.add(" Ann@Example.org ", "planner", "hash")
        with pytest.raises(Invalid):
            tx.users.add("ann@example.org", "viewer", "hash")
        with pytest.raises(Invalid):
            tx.users.add("bob@example.org", "superuser", "hash")
    with store.transaction() as tx:
        tx.users.set_role("ANN@example.org", "admin")
        tx.users.set_active("ann@example.org", False)
    with store.transaction() as tx:
        ann = tx.users.by_email("ann@example.org")
        assert (ann.role, ann.active) == ("admin", False)


def test_migrations_upgrade_empty_and_previous_revision(empty_url):
    store = Store(empty_url)
    try:
        store.migrate("0001")
        assert current_revision(store.engine) == "0001"
        assert "plans" not in inspect(store.engine).get_table_names()
        with store.transaction() as tx:
            tx.users.add("early@example.org", "admin", "hash")
        store.migrate()
        assert current_revision(store.engine) == head_revision()
        assert {"users", "plans", "plan_zones", "audit"} <= set(
            inspect(store.engine).get_table_names()
        )
        with store.transaction() as tx:
            assert tx.users.by_email("early@example.org").role == "admin"
        store.migrate()  # again: nothing to do
    finally:
        store.dispose()


def test_backup_then_restore_gives_the_same_plans(store, tmp_path):
    who = people(store)
    first = save(store, who["planner"], "One", "partnership")
    save(store, who["planner2"], "Two")
    with store.transaction() as tx:
        tx.plans.update(who["planner"], first, 1, flood_start=date(2027, 1, 4))
    counts = backup(store, tmp_path / "atlas-backup.json")
    assert counts["plans"] == 2

    def snapshot():
        with store.transaction() as tx:
            return [
                (p.id, p.name, p.owner_id, p.status, p.version, p.flood_start, p.result, owner)
                for p, owner in tx.plans.visible(who["admin"], PlanFilter(include_deleted=True))
            ]

    before = snapshot()
    save(store, who["planner"], "Made after the backup")
    restore(store, tmp_path / "atlas-backup.json")
    assert snapshot() == before
    assert save(store, who["planner"], "New after restore") > max(p[0] for p in before)


def test_restore_refuses_what_is_not_a_backup(store, tmp_path):
    bad = tmp_path / "x.json"
    bad.write_text('{"format": "something else"}')
    with pytest.raises(BackupError, match="not an Outreach Atlas backup"):
        restore(store, bad)


def test_default_database_is_sqlite_in_the_instance_folder(tmp_path):
    assert (
        database_url(tmp_path / "instance", {})
        == f"sqlite:///{tmp_path / 'instance' / 'atlas.sqlite3'}"
    )
    assert database_url(tmp_path, {"OUTREACH_ATLAS_DATABASE_URL": "postgresql://u@h/db"}) == (
        "postgresql+psycopg://u@h/db"
    )


def test_db_command_upgrades_backs_up_and_restores(tmp_path, monkeypatch, capsys):
    from dashboard import db

    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    monkeypatch.setenv("OUTREACH_ATLAS_DATABASE_URL", url)
    assert db.main(["upgrade"]) == 0
    assert f"at schema {head_revision()}" in capsys.readouterr().out
    assert db.main(["backup", str(tmp_path / "b.json")]) == 0
    assert db.main(["restore", str(tmp_path / "b.json")]) == 0
    assert "restored" in capsys.readouterr().out
    assert db.main(["restore", str(tmp_path / "missing.json")]) == 2
    assert "cannot be read as a backup" in capsys.readouterr().err


KILLED_MID_SAVE = """
import os, signal, sys
from dashboard.store import Actor, Store
store = Store(sys.argv[1])
with store.transaction() as tx:
    user = tx.users.by_email("planner@example.org")
    tx.plans.create(Actor(user.id, user.email, "planner"), name="half-saved", description="",
                    visibility="private", region="lcr", level="lsoa", query="",
                    result={"areas": [{"code": "E1", "zone": 1}]})
    tx.session.flush()  # the rows are written to the database, not yet committed
    os.kill(os.getpid(), signal.SIGKILL)
"""


def test_a_worker_killed_mid_save_leaves_no_half_plan(store):
    import signal
    import subprocess
    import sys

    from geodata.config import REPO_ROOT

    who = people(store)
    kept = save(store, who["planner"], "saved before")
    done = subprocess.run(
        [sys.executable, "-c", KILLED_MID_SAVE, store.url], cwd=REPO_ROOT, capture_output=True
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    with store.transaction() as tx:
        listed = tx.plans.visible(who["admin"], PlanFilter(include_deleted=True))
        assert [p.id for p, _ in listed] == [kept]
        assert [e.action for e in tx.audit.for_plan(kept + 1)] == []
    assert save(store, who["planner"], "saved after") > kept  # the database is still usable
