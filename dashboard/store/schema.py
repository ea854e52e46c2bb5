"""The saved-work tables: accounts, plans (with their frozen result and zones) and the audit trail.

Portable between SQLite and PostgreSQL: JSON columns for the frozen result, timezone-aware times in
UTC, no database-specific types. Schema changes go through Alembic (``migrations/``), never
``create_all`` outside the tests of the migrations themselves.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, deferred, mapped_column

ROLES = ("viewer", "planner", "admin")
VISIBILITIES = ("private", "partnership")
STATUSES = ("draft", "proposed", "agreed", "active", "finished")


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    role: Mapped[str] = mapped_column(String(16), default="viewer")
    password_hash: Mapped[str | None] = mapped_column(String(256), nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Plan(Base):
    __tablename__ = "plans"
    __table_args__ = (Index("ix_plans_status", "status"), Index("ix_plans_owner", "owner_id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    visibility: Mapped[str] = mapped_column(String(16), default="private")
    status: Mapped[str] = mapped_column(String(16), default="draft")
    region: Mapped[str] = mapped_column(String(32))
    level: Mapped[str] = mapped_column(String(16))
    # The scenario as its link's query string: reopening the plan on today's data starts here.
    query: Mapped[str] = mapped_column(Text)
    # Summary columns, so the plans list never reads the frozen result.
    n_areas: Mapped[int] = mapped_column(Integer, default=0)
    residents: Mapped[float | None] = mapped_column(Float, nullable=True)
    claimants: Mapped[float | None] = mapped_column(Float, nullable=True)
    boroughs: Mapped[str] = mapped_column(Text, default="")  # "|<borough>|<borough>|" for filtering
    # The frozen result: areas (code, name, borough, ward, zone, score, rank, selected by, residents,
    # claimants, children), zones, and the data versions (LayerKeys) it was made from.
    result: Mapped[dict[str, Any]] = deferred(mapped_column(JSON))
    flood_start: Mapped[date | None] = mapped_column(Date, nullable=True)
    flood_end: Mapped[date | None] = mapped_column(Date, nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class PlanZone(Base):
    """A zone of a plan: the team that floods it, and (issue 26) its outcome target."""

    __tablename__ = "plan_zones"

    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"), primary_key=True)
    zone: Mapped[int] = mapped_column(Integer, primary_key=True)
    team: Mapped[str] = mapped_column(String(200), default="")
    target_per_100: Mapped[float | None] = mapped_column(Float, nullable=True)


class AuditEntry(Base):
    __tablename__ = "audit"
    __table_args__ = (Index("ix_audit_plan", "plan_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    action: Mapped[str] = mapped_column(String(64))
    plan_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class OutcomeFile(Base):
    """An outcome file attached to a plan (issue 26): who added it, what it covers, how much of it
    matched. Its postcodes were read in memory and dropped; only ``OutcomeCount`` rows are kept."""

    __tablename__ = "outcome_files"
    __table_args__ = (Index("ix_outcome_files_plan", "plan_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"))
    label: Mapped[str] = mapped_column(String(200))
    provider: Mapped[str] = mapped_column(String(200), default="")
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    first_month: Mapped[str] = mapped_column(String(7), default="")  # "2024-03"; "" undated
    last_month: Mapped[str] = mapped_column(String(7), default="")
    rows_read: Mapped[int] = mapped_column(Integer, default=0)
    rows_matched: Mapped[int] = mapped_column(Integer, default=0)
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class OutcomeCount(Base):
    """People with an outcome in an LSOA and month, from one file: counts only, never a postcode.
    ``month`` is "" for rows whose date could not be read, ``outcome`` "" for rows without one."""

    __tablename__ = "outcome_counts"

    file_id: Mapped[int] = mapped_column(ForeignKey("outcome_files.id"), primary_key=True)
    lsoa: Mapped[str] = mapped_column(String(12), primary_key=True)
    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    outcome: Mapped[str] = mapped_column(String(60), primary_key=True)
    count: Mapped[int] = mapped_column(Integer)
