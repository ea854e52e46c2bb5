"""Saved plans: the scenario, its frozen result, status, flood period and zones.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "plans",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("owner_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("visibility", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("region", sa.String(32), nullable=False),
        sa.Column("level", sa.String(16), nullable=False),
        sa.Column("query", sa.Text, nullable=False),
        sa.Column("n_areas", sa.Integer, nullable=False),
        sa.Column("residents", sa.Float, nullable=True),
        sa.Column("claimants", sa.Float, nullable=True),
        sa.Column("boroughs", sa.Text, nullable=False),
        sa.Column("result", sa.JSON, nullable=False),
        sa.Column("flood_start", sa.Date, nullable=True),
        sa.Column("flood_end", sa.Date, nullable=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_plans_status", "plans", ["status"])
    op.create_index("ix_plans_owner", "plans", ["owner_id"])
    op.create_table(
        "plan_zones",
        sa.Column("plan_id", sa.Integer, sa.ForeignKey("plans.id"), primary_key=True),
        sa.Column("zone", sa.Integer, primary_key=True),
        sa.Column("team", sa.String(200), nullable=False),
        sa.Column("target_per_100", sa.Float, nullable=True),
    )


def downgrade() -> None:
    op.drop_table("plan_zones")
    op.drop_index("ix_plans_owner", "plans")
    op.drop_index("ix_plans_status", "plans")
    op.drop_table("plans")
