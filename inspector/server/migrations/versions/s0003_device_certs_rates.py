"""device key proof and certificate; rate-limit counters shared by all workers

Revision ID: s0003_device_certs_rates
Revises: s0002_quarantine
Create Date: 2026-11-30 15:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "s0003_device_certs_rates"
down_revision = "s0002_quarantine"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("device", schema=None) as batch_op:
        batch_op.add_column(sa.Column("key_proof", sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column("certificate", sa.Text(), nullable=True))
    op.create_table(
        "rate_hit",
        sa.Column("who", sa.String(length=80), nullable=False),
        sa.Column("minute", sa.BigInteger(), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("who", "minute"),
    )


def downgrade() -> None:
    op.drop_table("rate_hit")
    with op.batch_alter_table("device", schema=None) as batch_op:
        batch_op.drop_column("certificate")
        batch_op.drop_column("key_proof")
