"""planning link: the coordinator's office service address and access code, kept

The access code is encrypted under the data key and bound to its row and the service's
address (``storage.seal``), like the laptop's ``sync_link.credential``.

Revision ID: 0007_planning_link
Revises: 0006_sync_seal
Create Date: 2026-11-30 15:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_planning_link"
down_revision = "0006_sync_seal"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "planning_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("server_url", sa.String(length=500), nullable=False),
        sa.Column("token", sa.LargeBinary(), nullable=False),
        sa.Column("linked_at", sa.DateTime(), nullable=False),
        sa.Column("seal_v", sa.Integer(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("planning_link")
