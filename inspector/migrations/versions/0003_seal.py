"""seal: every encrypted value bound to its row (seal version), form records sealed

The schema change only; the values themselves are re-encrypted with their row-bound
associated data when the store is next unlocked (that needs the data key): see
``inspector.storage.upgrade``.

Revision ID: 0003_seal
Revises: 0002_sync
Create Date: 2026-11-30 09:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_seal"
down_revision = "0002_sync"
branch_labels = None
depends_on = None

TABLES = (
    "officer",
    "inspection",
    "resident",
    "form_record",
    "answer",
    "attachment",
    "enrolment",
    "finding",
)


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("seal_v", sa.Integer(), nullable=False, server_default="0"))
    with op.batch_alter_table("form_record") as batch:
        batch.add_column(sa.Column("seal", sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("form_record") as batch:
        batch.drop_column("seal")
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("seal_v")
