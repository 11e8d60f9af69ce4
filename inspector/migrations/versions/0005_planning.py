"""planning: imported address data, planned visits, the coordinator's records cursor

Revision ID: 0005_planning
Revises: 0004_clerk
Create Date: 2026-11-30 12:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_planning"
down_revision = "0004_clerk"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "address_source",
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("refused", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("kind"),
    )
    op.create_table(
        "planned_visit",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("side", sa.String(length=12), nullable=False),
        sa.Column("visit_date", sa.Date(), nullable=False),
        sa.Column("slot", sa.String(length=20), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("inspection_id", sa.String(length=36), nullable=True),
        sa.Column("outcome", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("reported_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("planned_visit") as batch:
        batch.create_index("ix_planned_visit_side", ["side"])
        batch.create_index("ix_planned_visit_visit_date", ["visit_date"])
        batch.create_index("ix_planned_visit_state", ["state"])
        batch.create_index("ix_planned_visit_inspection_id", ["inspection_id"])
    op.create_table(
        "planning_cursor",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("records_after", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("planning_cursor")
    with op.batch_alter_table("planned_visit") as batch:
        batch.drop_index("ix_planned_visit_inspection_id")
        batch.drop_index("ix_planned_visit_state")
        batch.drop_index("ix_planned_visit_visit_date")
        batch.drop_index("ix_planned_visit_side")
    op.drop_table("planned_visit")
    op.drop_table("address_source")
