"""state changes: the reasons of finalizing and reopening an inspection in their own table

The schema change only; the reasons kept so far as answers of the made-up forms ``_finalize``
and ``_reopen`` are moved into ``inspection_state_change`` (re-sealed to their new rows) when
the store is next unlocked, which needs the data key: store format 4, see
``inspector.storage.upgrade.move_state_reasons``.

Revision ID: 0008_state_changes
Revises: 0007_planning_link
Create Date: 2026-11-30 15:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_state_changes"
down_revision = "0007_planning_link"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "inspection_state_change",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("seal_v", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("inspection_id", sa.String(36), sa.ForeignKey("inspection.id"), nullable=False),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("officer_id", sa.String(36), nullable=True),
        sa.Column("reason", sa.LargeBinary(), nullable=True),
    )
    op.create_index(
        "ix_inspection_state_change_inspection_id", "inspection_state_change", ["inspection_id"]
    )


def downgrade() -> None:
    op.drop_index("ix_inspection_state_change_inspection_id", "inspection_state_change")
    op.drop_table("inspection_state_change")
