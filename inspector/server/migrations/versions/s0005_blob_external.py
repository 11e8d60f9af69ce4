"""sealed bytes in PostgreSQL stored out of line without a compression attempt

Revision ID: s0005_blob_external
Revises: s0004_notices
Create Date: 2026-11-30 21:30:00

``blob_part.data`` holds ciphertext, which never compresses: with the default storage
(EXTENDED) PostgreSQL tries pglz on every part before it moves it out of line (TOAST);
EXTERNAL moves it out of line at once. Measured (benchmarks, 2 MB per record as two 1 MiB
rows, test cluster): the database server's CPU per record 8.5–9.0 → 7.0–8.0 ms. Only new rows
are written the new way; nothing is rewritten. SQLite has no such setting (nothing to do).
"""

from __future__ import annotations

from alembic import op

revision = "s0005_blob_external"
down_revision = "s0004_notices"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE blob_part ALTER COLUMN data SET STORAGE EXTERNAL")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE blob_part ALTER COLUMN data SET STORAGE EXTENDED")
