"""sync seal: the sync tables' secrets bound to their rows (seal version)

The schema change only; the values (``sync_key.private``, ``sync_link.credential``,
``sync_inbox.content``) are re-encrypted with their row-bound associated data when the store
is next unlocked (that needs the data key): store format 3, see ``inspector.storage.upgrade``.

Revision ID: 0006_sync_seal
Revises: 0005_planning
Create Date: 2026-11-30 12:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_sync_seal"
down_revision = "0005_planning"
branch_labels = None
depends_on = None

TABLES = ("sync_key", "sync_link", "sync_inbox")


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("seal_v", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("seal_v")
