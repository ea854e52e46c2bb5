"""Outcome files attached to plans and their counts per LSOA, month and outcome (issue 26).

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outcome_files",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("plan_id", sa.Integer, sa.ForeignKey("plans.id"), nullable=False),
        sa.Column("label", sa.String(200), nullable=False),
        sa.Column("provider", sa.String(200), nullable=False),
        sa.Column("uploaded_by", sa.Integer, sa.ForeignKey("users.id"), nullable=True),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("first_month", sa.String(7), nullable=False),
        sa.Column("last_month", sa.String(7), nullable=False),
        sa.Column("rows_read", sa.Integer, nullable=False),
        sa.Column("rows_matched", sa.Integer, nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_outcome_files_plan", "outcome_files", ["plan_id"])
    op.create_table(
        "outcome_counts",
        sa.Column("file_id", sa.Integer, sa.ForeignKey("outcome_files.id"), primary_key=True),
        sa.Column("lsoa", sa.String(12), primary_key=True),
        sa.Column("month", sa.String(7), primary_key=True),
        sa.Column("outcome", sa.String(60), primary_key=True),
        sa.Column("count", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("outcome_counts")
    op.drop_index("ix_outcome_files_plan", "outcome_files")
    op.drop_table("outcome_files")
