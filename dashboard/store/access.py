"""Who may do what with a plan: pure rules, checked by the store on every read and change."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.store.schema import Plan

RANK = {"viewer": 0, "planner": 1, "admin": 2}

# (from, to) -> the least role that may make the move.
TRANSITIONS: dict[tuple[str, str], str] = {
    ("draft", "proposed"): "planner",
    ("proposed", "draft"): "planner",
    ("proposed", "agreed"): "admin",
    ("agreed", "proposed"): "admin",
    ("agreed", "active"): "planner",
    ("active", "finished"): "planner",
}


@dataclass(frozen=True)
class Actor:
    """The signed-in user a request acts for (never a browser-supplied value)."""

    id: int
    email: str
    role: str

    def at_least(self, role: str) -> bool:
        return RANK.get(self.role, -1) >= RANK[role]


def can_view(actor: Actor | None, plan: Plan) -> bool:
    if actor is None:
        return False
    if plan.deleted_at is not None:
        return actor.at_least("admin")
    return plan.visibility == "partnership" or plan.owner_id == actor.id or actor.at_least("admin")


def can_edit(actor: Actor | None, plan: Plan) -> bool:
    """Planners change their own plans and the partnership's; admins change any."""
    if actor is None or not actor.at_least("planner") or plan.deleted_at is not None:
        return False
    return actor.at_least("admin") or plan.owner_id == actor.id or plan.visibility == "partnership"


def can_move(actor: Actor | None, plan: Plan, to_status: str) -> bool:
    needed = TRANSITIONS.get((plan.status, to_status))
    return (
        needed is not None
        and can_edit(actor, plan)
        and actor is not None
        and actor.at_least(needed)
    )


def next_statuses(actor: Actor | None, plan: Plan) -> list[str]:
    return [to for (frm, to) in TRANSITIONS if frm == plan.status and can_move(actor, plan, to)]
