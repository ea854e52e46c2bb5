# ruff: noqa: F811  (the store fixtures are shared with test_store.py by import)
"""Outcome files in the store (issue 26) on SQLite and PostgreSQL: attached in one transaction,
added up over files, withdrawn with their counts, recorded only by planners and admins, audited;
and the migration from revision 0002 keeps the plans it finds."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, select

from dashboard.store import CountRow, Forbidden, Invalid, Store
from dashboard.store.engine import current_revision, head_revision
from dashboard.store.schema import OutcomeCount
from tests.unit.test_store import empty_url, people, pg_server, save, store  # noqa: F401


def agreed(store, who, visibility="partnership"):
    plan_id = save(store, who["planner"], visibility=visibility)
    for to, actor in (("proposed", "planner"), ("agreed", "admin")):
        with store.transaction() as tx:
            version = tx.plans.get(plan_id, who[actor]).version
            tx.plans.set_status(who[actor], plan_id, version, to)
    return plan_id


def attach(store, actor, plan_id, rows, label="Provider A"):
    with store.transaction() as tx:
        return tx.outcomes.attach(
            actor, plan_id, label=label, provider="A", counts=rows, rows_read=10, rows_matched=9
        ).id


FIRST = [CountRow("E1", "2025-01", "started work", 3), CountRow("E2", "2025-02", "engaged", 7)]
SECOND = [CountRow("E1", "2025-01", "started work", 4), CountRow("E3", "", "", 2)]


def test_files_add_up_and_a_withdrawn_file_takes_its_counts(store):
    who = people(store)
    plan_id = agreed(store, who)
    first = attach(store, who["planner"], plan_id, FIRST)
    second = attach(store, who["planner2"], plan_id, SECOND, label="Provider B")
    with store.transaction() as tx:
        counts = tx.outcomes.counts(who["viewer"], plan_id)
        files = tx.outcomes.files(who["viewer"], plan_id)
    assert CountRow("E1", "2025-01", "started work", 7) in counts
    assert CountRow("E3", "", "", 2) in counts
    assert [(f.label, f.first_month, f.last_month, email) for f, email in files] == [
        ("Provider A", "2025-01", "2025-02", "planner@example.org"),
        ("Provider B", "2025-01", "2025-01", "planner2@example.org"),
    ]
    with store.transaction() as tx:
        tx.outcomes.withdraw(who["planner"], second)
    with store.transaction() as tx:
        assert tx.outcomes.counts(who["viewer"], plan_id) == sorted(
            FIRST, key=lambda c: (c.lsoa, c.month)
        )
        left = tx.session.scalars(select(OutcomeCount.file_id)).all()
        assert set(left) == {first}
        files = tx.outcomes.files(who["admin"], plan_id)
        assert files[1][0].withdrawn_at is not None
        actions = [e.action for e, _ in tx.audit.for_plan(plan_id)]
    assert actions[-3:] == ["outcomes.attach", "outcomes.attach", "outcomes.withdraw"]


def test_only_planners_and_admins_record_and_only_on_agreed_plans(store):
    who = people(store)
    draft = save(store, who["planner"], visibility="partnership")
    with pytest.raises(Invalid):
        attach(store, who["planner"], draft, FIRST)
    plan_id = agreed(store, who)
    with pytest.raises(Forbidden):
        attach(store, who["viewer"], plan_id, FIRST)
    file_id = attach(store, who["planner"], plan_id, FIRST)
    with pytest.raises(Forbidden), store.transaction() as tx:
        tx.outcomes.withdraw(who["viewer"], file_id)
    with pytest.raises(Forbidden), store.transaction() as tx:
        tx.outcomes.set_targets(who["viewer"], plan_id, {1: 5.0})
    with store.transaction() as tx:
        tx.outcomes.set_targets(who["planner2"], plan_id, {1: 5.0, 2: None})
    with store.transaction() as tx:
        assert tx.plans.zones(plan_id)[1].target_per_100 == 5.0
    with pytest.raises(Invalid), store.transaction() as tx:
        tx.outcomes.set_targets(who["planner"], plan_id, {9: 5.0})


def test_a_private_plans_outcomes_are_not_read_by_others(store):
    who = people(store)
    plan_id = agreed(store, who, visibility="private")
    attach(store, who["planner"], plan_id, FIRST)
    with pytest.raises(Exception, match="no plan"), store.transaction() as tx:
        tx.outcomes.counts(who["planner2"], plan_id)


def test_a_failed_attach_leaves_nothing(store):
    who = people(store)
    plan_id = agreed(store, who)
    bad = [*FIRST, CountRow("E1" * 10, "2025-01", "engaged", 5)]
    with pytest.raises(Invalid):
        attach(store, who["planner"], plan_id, bad)
    with store.transaction() as tx:
        assert tx.outcomes.files(who["admin"], plan_id) == []
        assert tx.session.scalars(select(OutcomeCount)).all() == []


def test_migration_from_0002_keeps_plans_and_adds_outcome_tables(empty_url):
    store = Store(empty_url)
    try:
        store.migrate("0002")
        assert "outcome_files" not in inspect(store.engine).get_table_names()
        who = people(store)
        plan_id = save(store, who["planner"])
        store.migrate()
        assert current_revision(store.engine) == head_revision()
        assert {"outcome_files", "outcome_counts"} <= set(inspect(store.engine).get_table_names())
        with store.transaction() as tx:
            assert tx.plans.get(plan_id, who["planner"]).name == "Knowsley flood"
            assert tx.outcomes.files(who["planner"], plan_id) == []
    finally:
        store.dispose()
