"""notices of burgerzaken's outcomes for handhaving: sent (clerk) and received (coordinator)

Revision ID: 0009_enforcement_notices
Revises: 0008_state_changes
Create Date: 2026-11-30 18:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_enforcement_notices"
down_revision = "0008_state_changes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("clerk_registration", schema=None) as batch_op:
        batch_op.add_column(sa.Column("notice_posted_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("notice_error", sa.String(length=500), nullable=True))
    with op.batch_alter_table("planning_cursor", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("notices_after", sa.Integer(), server_default="0", nullable=False)
        )
    op.create_table(
        "planning_notice",
        sa.Column("notice_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=True),
        sa.Column("inspection_id", sa.String(length=36), nullable=True),
        sa.Column("reason", sa.String(length=300), nullable=True),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.Column("sealed", sa.LargeBinary(), nullable=True),
        sa.PrimaryKeyConstraint("notice_id"),
    )
    op.create_index(
        "ix_planning_notice_inspection_id", "planning_notice", ["inspection_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_planning_notice_inspection_id", table_name="planning_notice")
    op.drop_table("planning_notice")
    with op.batch_alter_table("planning_cursor", schema=None) as batch_op:
        batch_op.drop_column("notices_after")
    with op.batch_alter_table("clerk_registration", schema=None) as batch_op:
        batch_op.drop_column("notice_error")
        batch_op.drop_column("notice_posted_at")
