"""The tables of the local store: SQLAlchemy 2 typed models; personal data only as ciphertext."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from inspector.states import InspectionState, RegistrationState
from inspector.storage import seal as _seal
from inspector.storage.types import Encrypted, EncryptedBytes, UTCDateTime


def new_id() -> str:
    return str(uuid.uuid4())


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UTCDateTime()}


class SealVersion:
    """Raised on every change of a row: its ciphertexts are bound to it (see storage.seal)."""

    seal_v: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class Timestamped:
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


ROLES = ("officer", "clerk", "coordinator", "administrator")


class Officer(SealVersion, Timestamped, Base):
    """A user of the app on this laptop."""

    __tablename__ = "officer"
    #: HMAC of the lower-cased username with the store's salt: look-up without plaintext.
    username_lookup: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(Encrypted("officer.name"))
    username: Mapped[str] = mapped_column(Encrypted("officer.username"))
    role: Mapped[str] = mapped_column(String(20), default="officer")
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True)


INSPECTION_STATES = tuple(s.value for s in InspectionState)


class Inspection(SealVersion, Timestamped, Base):
    """A control location: one address visited on one occasion."""

    __tablename__ = "inspection"
    reference: Mapped[str] = mapped_column(String(32), unique=True)
    state: Mapped[str] = mapped_column(
        String(20), default=InspectionState.PLANNED.value, index=True
    )
    #: {"address", "postcode", "city", "bag_ids": {"verblijfsobject", "nummeraanduiding", "pand"}}
    #: One ciphertext for the whole location, so that listing decrypts once per row.
    location: Mapped[dict[str, Any]] = mapped_column(Encrypted("inspection.location"))
    planned_at: Mapped[datetime | None]
    started_at: Mapped[datetime | None]
    finalized_at: Mapped[datetime | None]
    officers_present: Mapped[list[str] | None] = mapped_column(
        Encrypted("inspection.officers_present")
    )
    partners: Mapped[list[str] | None] = mapped_column(Encrypted("inspection.partners"))
    created_by: Mapped[str | None] = mapped_column(ForeignKey("officer.id"))

    residents: Mapped[list[Resident]] = relationship(
        back_populates="inspection", order_by="Resident.position", cascade="all, delete-orphan"
    )


class Resident(SealVersion, Timestamped, Base):
    """A person found at the control location."""

    __tablename__ = "resident"
    inspection_id: Mapped[str] = mapped_column(ForeignKey("inspection.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    #: Language the resident is addressed in (nl, en, pl, uk, ro).
    language: Mapped[str] = mapped_column(String(5), default="nl")
    #: Display name as the officer typed it first ("Anna T."); full data is in the answers.
    name: Mapped[str] = mapped_column(Encrypted("resident.name"))
    #: HMAC of the import identity (name + birth date / BSN) to avoid duplicates on re-import.
    import_key: Mapped[str | None] = mapped_column(String(64), index=True)
    #: Room number from an employer's list (encrypted: it locates a person).
    room: Mapped[str | None] = mapped_column(Encrypted("resident.room"))

    inspection: Mapped[Inspection] = relationship(back_populates="residents")


class FormRecord(SealVersion, Timestamped, Base):
    """One questionnaire filled in for an inspection (resident_id None) or for a resident."""

    __tablename__ = "form_record"
    __table_args__ = (UniqueConstraint("inspection_id", "subject", "form_id"),)
    inspection_id: Mapped[str] = mapped_column(ForeignKey("inspection.id"), index=True)
    resident_id: Mapped[str | None] = mapped_column(ForeignKey("resident.id"))
    #: The resident id, or "location" for the inspection's own forms (keeps the key unique).
    subject: Mapped[str] = mapped_column(String(36))
    form_id: Mapped[str] = mapped_column(String(64))
    form_version: Mapped[int] = mapped_column(Integer)
    #: Binds the record's owner (inspection, resident, form) to the store's key: a record moved
    #: to another resident in SQL no longer authenticates.
    seal: Mapped[Any] = mapped_column(Encrypted("form_record.seal"), nullable=True)


class RepeatInstance(Base):
    """One instance of a repeat (a bedroom): its id stays, its position may change."""

    __tablename__ = "repeat_instance"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    record_id: Mapped[str] = mapped_column(ForeignKey("form_record.id"), index=True)
    repeat_id: Mapped[str] = mapped_column(String(64))
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Answer(SealVersion, Base):
    """One answer to one field; inside a repeat, tied to the repeat instance."""

    __tablename__ = "answer"
    __table_args__ = (UniqueConstraint("record_id", "instance_id", "field_id"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    record_id: Mapped[str] = mapped_column(ForeignKey("form_record.id"))
    #: "" for top-level fields, else the RepeatInstance id.
    instance_id: Mapped[str] = mapped_column(String(36), default="")
    field_id: Mapped[str] = mapped_column(String(64))
    value: Mapped[Any] = mapped_column(Encrypted("answer.value"))
    form_version: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by: Mapped[str | None] = mapped_column(String(36))


class InspectionStateChange(SealVersion, Base):
    """One change of an inspection's state by an officer: finalized, with the reason when
    points were left open, or reopened, always with a reason. The reason may name people: it
    is encrypted and sealed to its row (which inspection, what change, when, by whom)."""

    __tablename__ = "inspection_state_change"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    inspection_id: Mapped[str] = mapped_column(ForeignKey("inspection.id"), index=True)
    #: A ``StateChangeKind``.
    kind: Mapped[str] = mapped_column(String(24))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    officer_id: Mapped[str | None] = mapped_column(String(36))
    reason: Mapped[str | None] = mapped_column(
        Encrypted("inspection_state_change.reason"), nullable=True
    )


ATTACHMENT_KINDS = ("photo", "id_front", "id_back", "signature", "document")


class Attachment(SealVersion, Base):
    """A photo, ID scan, signature or produced document; content encrypted."""

    __tablename__ = "attachment"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    inspection_id: Mapped[str] = mapped_column(ForeignKey("inspection.id"), index=True)
    resident_id: Mapped[str | None] = mapped_column(ForeignKey("resident.id"))
    #: Stored as "enrolment_id" (a stored name is format: docs/architecture.md).
    registration_id: Mapped[str | None] = mapped_column("enrolment_id", String(36))
    kind: Mapped[str] = mapped_column(String(20))
    #: What the attachment documents: "form_id/field_id" (and instance_id for a bedroom).
    field_ref: Mapped[str | None] = mapped_column(String(140))
    instance_id: Mapped[str | None] = mapped_column(String(36))
    caption: Mapped[str | None] = mapped_column(Encrypted("attachment.caption"))
    mime: Mapped[str] = mapped_column(String(60))
    size: Mapped[int] = mapped_column(default=0)
    content: Mapped[bytes] = mapped_column(EncryptedBytes("attachment.content"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str | None] = mapped_column(String(36))


REGISTRATION_STATES = tuple(s.value for s in RegistrationState)


class Registration(SealVersion, Timestamped, Base):
    """An on-the-spot BRP registration; once signed, read-only (a correction is a new version)."""

    #: The table keeps its first name: it is bound into every sealed value (storage/seal.py).
    __tablename__ = "enrolment"
    inspection_id: Mapped[str] = mapped_column(ForeignKey("inspection.id"), index=True)
    resident_id: Mapped[str] = mapped_column(ForeignKey("resident.id"), index=True)
    version: Mapped[int] = mapped_column(default=1)
    state: Mapped[str] = mapped_column(String(20), default=RegistrationState.DRAFT.value)
    kind: Mapped[str | None] = mapped_column(String(20))  # ingezetene | rni
    data: Mapped[dict[str, Any] | None] = mapped_column(Encrypted("enrolment.data"))
    consent_at: Mapped[datetime | None]
    signed_at: Mapped[datetime | None]
    officer_id: Mapped[str | None] = mapped_column(String(36))
    supersedes_id: Mapped[str | None] = mapped_column(String(36))


class FindingRecord(SealVersion, Base):
    """A computed finding, registration duty or signal, kept for reports and sync."""

    __tablename__ = "finding"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    inspection_id: Mapped[str] = mapped_column(ForeignKey("inspection.id"), index=True)
    resident_id: Mapped[str | None] = mapped_column(String(36))
    category: Mapped[str] = mapped_column(String(20))  # finding | signal | duty
    code: Mapped[str] = mapped_column(String(64))
    outcome: Mapped[str] = mapped_column(String(20))
    data: Mapped[dict[str, Any]] = mapped_column(Encrypted("finding.data"))
    computed_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuditEvent(Base):
    """One link of the append-only, hash-chained audit log; never personal data."""

    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_seq", "seq", unique=True),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    seq: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    officer_id: Mapped[str | None] = mapped_column(String(36))
    action: Mapped[str] = mapped_column(String(64))
    record_type: Mapped[str | None] = mapped_column(String(32))
    record_id: Mapped[str | None] = mapped_column(String(36))
    #: Non-personal details only (form and field ids, states, counts, languages).
    details: Mapped[str] = mapped_column(String(2000), default="{}")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


# The sync, clerk and planning tables live with their packages; imported here so that they
# belong to the schema.
from inspector.clerk import models as _clerk_models  # noqa: E402,F401
from inspector.planning import models as _planning_models  # noqa: E402,F401
from inspector.sync import models as _sync_models  # noqa: E402,F401

_seal.install(Base)
