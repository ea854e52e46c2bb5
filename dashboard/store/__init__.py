"""Saved work (accounts, plans, audit) in a real database: SQLAlchemy 2 and Alembic. No Dash here."""

from dashboard.store.access import Actor, can_edit, can_move, can_view, next_statuses
from dashboard.store.errors import Conflict, Forbidden, Invalid, NotFound, StoreError
from dashboard.store.repository import (
    AuditFilter,
    AuditPage,
    AuditRow,
    CountRow,
    PlanFilter,
    Store,
    Transaction,
    actor_of,
)

__all__ = [
    "Actor",
    "AuditFilter",
    "AuditPage",
    "AuditRow",
    "Conflict",
    "CountRow",
    "Forbidden",
    "Invalid",
    "NotFound",
    "PlanFilter",
    "Store",
    "StoreError",
    "Transaction",
    "actor_of",
    "can_edit",
    "can_move",
    "can_view",
    "next_statuses",
]
