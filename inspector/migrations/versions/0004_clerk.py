"""clerk: the registry clerk's workspace (link, received registrations, files, quarantine,
bearing findings, hand-over list)

Revision ID: 0004_clerk
Revises: 0003_seal
Create Date: 2026-11-30 12:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_clerk"
down_revision = "0003_seal"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "clerk_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("server_url", sa.String(length=500), nullable=False),
        sa.Column("token", sa.LargeBinary(), nullable=False),
        sa.Column("cursor", sa.Integer(), nullable=False),
        sa.Column("linked_at", sa.DateTime(), nullable=False),
        sa.Column("last_pull_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "clerk_registration",
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("source_id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("supersedes", sa.String(length=36), nullable=True),
        sa.Column("superseded_by", sa.String(length=36), nullable=True),
        sa.Column("state", sa.String(length=24), nullable=False),
        sa.Column("on_the_spot", sa.Boolean(), nullable=False),
        sa.Column("officer_id", sa.String(length=36), nullable=True),
        sa.Column("inspection_id", sa.String(length=36), nullable=True),
        sa.Column("inspection_reference", sa.String(length=40), nullable=True),
        sa.Column("signed_at", sa.DateTime(), nullable=True),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("pulled_at", sa.DateTime(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("person_hash", sa.String(length=64), nullable=False),
        sa.Column("bsn_hash", sa.String(length=64), nullable=True),
        sa.Column("assigned_to", sa.String(length=36), nullable=True),
        sa.Column("assigned_at", sa.DateTime(), nullable=True),
        sa.Column("summary", sa.LargeBinary(), nullable=False),
        sa.Column("payload", sa.LargeBinary(), nullable=False),
        sa.Column("changes", sa.LargeBinary(), nullable=True),
        sa.Column("outcome", sa.LargeBinary(), nullable=True),
        sa.Column("outcome_at", sa.DateTime(), nullable=True),
        sa.Column("outcome_by", sa.String(length=36), nullable=True),
        sa.Column("proposed_by", sa.String(length=36), nullable=True),
        sa.Column("posted_at", sa.DateTime(), nullable=True),
        sa.Column("post_error", sa.String(length=500), nullable=True),
        sa.Column("scans_deleted_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("record_id"),
    )
    with op.batch_alter_table("clerk_registration", schema=None) as batch_op:
        batch_op.create_index(
            "ix_clerk_registration_queue", ["state", "on_the_spot", "due_on"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_clerk_registration_source_id"), ["source_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_clerk_registration_state"), ["state"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_clerk_registration_person_hash"), ["person_hash"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_clerk_registration_bsn_hash"), ["bsn_hash"], unique=False
        )
    op.create_table(
        "clerk_file",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("attachment_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("mime", sa.String(length=60), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("clerk_file", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_clerk_file_record_id"), ["record_id"], unique=False)
    op.create_table(
        "clerk_quarantine",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("detected_at", sa.DateTime(), nullable=False),
        sa.Column("reported_at", sa.DateTime(), nullable=True),
        sa.Column("report_error", sa.String(length=500), nullable=True),
        sa.Column("sealed", sa.LargeBinary(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("clerk_quarantine", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_clerk_quarantine_record_id"), ["record_id"], unique=False
        )
    op.create_table(
        "clerk_inspection",
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("inspection_id", sa.String(length=36), nullable=False),
        sa.Column("reference", sa.String(length=40), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("bearing", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("record_id"),
    )
    with op.batch_alter_table("clerk_inspection", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_clerk_inspection_inspection_id"), ["inspection_id"], unique=False
        )
    op.create_table(
        "clerk_handover",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("inspection_id", sa.String(length=36), nullable=False),
        sa.Column("reference", sa.String(length=40), nullable=True),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("recipient", sa.String(length=20), nullable=False),
        sa.Column("signalled_at", sa.DateTime(), nullable=False),
        sa.Column("handed_over_at", sa.DateTime(), nullable=True),
        sa.Column("handed_over_by", sa.String(length=36), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("clerk_handover", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_clerk_handover_inspection_id"), ["inspection_id"], unique=False
        )


def downgrade() -> None:
    for table in (
        "clerk_handover",
        "clerk_inspection",
        "clerk_quarantine",
        "clerk_file",
        "clerk_registration",
        "clerk_link",
    ):
        op.drop_table(table)
