"""The clerk's tables in the local store: the service link, received registrations and their
files, quarantine, bearing findings of inspections, and the hand-over list."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Date, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from inspector.states import CLERK_OPEN, ClerkState
from inspector.storage.models import Base, new_id, utcnow
from inspector.storage.types import Encrypted, EncryptedBytes

#: received → in_progress (taken) → [awaiting_confirmation (four eyes)] → processed |
#: returned | refused; a correction turns the earlier version into ``superseded``.
STATES = tuple(ClerkState)
OPEN_STATES = CLERK_OPEN


class ClerkLink(Base):
    """This office store's access to the service as a registry user (one row)."""

    __tablename__ = "clerk_link"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, default=1)
    server_url: Mapped[str] = mapped_column(String(500))
    #: The office user's bearer token, encrypted under the data key.
    token: Mapped[str] = mapped_column(Encrypted("clerk_link.token"))
    cursor: Mapped[int] = mapped_column(Integer, default=0)
    linked_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_pull_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(String(500))


class ClerkRegistration(Base):
    """One received version of a registration. Personal data only in the encrypted columns;
    the plain ones are bookkeeping the queue sorts and filters on."""

    __tablename__ = "clerk_registration"
    record_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    device_id: Mapped[str] = mapped_column(String(36))
    source_id: Mapped[str] = mapped_column(String(36), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    supersedes: Mapped[str | None] = mapped_column(String(36))
    superseded_by: Mapped[str | None] = mapped_column(String(36))
    state: Mapped[str] = mapped_column(String(24), default=ClerkState.RECEIVED, index=True)
    on_the_spot: Mapped[bool] = mapped_column(Boolean, default=True)
    officer_id: Mapped[str | None] = mapped_column(String(36))
    inspection_id: Mapped[str | None] = mapped_column(String(36))
    inspection_reference: Mapped[str | None] = mapped_column(String(40))
    signed_at: Mapped[datetime | None]
    received_at: Mapped[datetime]
    pulled_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: The first day the processing term is over (working days, public holidays counted).
    due_on: Mapped[date] = mapped_column(Date)
    #: Keyed hashes (HMAC under a subkey of the data key) of name + date of birth + document
    #: number, and of the BSN: "received before" and "BSN already given" without decrypting.
    person_hash: Mapped[str] = mapped_column(String(64), index=True)
    bsn_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    assigned_to: Mapped[str | None] = mapped_column(String(36))
    assigned_at: Mapped[datetime | None]
    #: Name, date of birth, officer, address: what the queue shows and search looks in.
    summary: Mapped[dict[str, Any]] = mapped_column(Encrypted("clerk_registration.summary"))
    #: The payload as signed and opened (without the files).
    payload: Mapped[dict[str, Any]] = mapped_column(Encrypted("clerk_registration.payload"))
    #: What changed against the version this one supersedes.
    changes: Mapped[list[Any] | None] = mapped_column(Encrypted("clerk_registration.changes"))
    #: The outcome: BSN, date, first/re-registration, question, reason.
    outcome: Mapped[dict[str, Any] | None] = mapped_column(Encrypted("clerk_registration.outcome"))
    outcome_at: Mapped[datetime | None]
    outcome_by: Mapped[str | None] = mapped_column(String(36))
    #: Four eyes: who proposed the outcome that awaits confirmation.
    proposed_by: Mapped[str | None] = mapped_column(String(36))
    posted_at: Mapped[datetime | None]
    post_error: Mapped[str | None] = mapped_column(String(500))
    scans_deleted_at: Mapped[datetime | None]

    __table_args__ = (Index("ix_clerk_registration_queue", "state", "on_the_spot", "due_on"),)


class ClerkFile(Base):
    """A file of a received registration: ID scan front/back, signature, signed PDF."""

    __tablename__ = "clerk_file"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    record_id: Mapped[str] = mapped_column(String(36), index=True)
    attachment_id: Mapped[str] = mapped_column(String(36))
    kind: Mapped[str] = mapped_column(String(20))
    mime: Mapped[str] = mapped_column(String(60))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes | None] = mapped_column(EncryptedBytes("clerk_file.content"))
    deleted_at: Mapped[datetime | None]


class ClerkQuarantine(Base):
    """A record that failed a check: kept with the reason, never dropped."""

    __tablename__ = "clerk_quarantine"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    record_id: Mapped[str] = mapped_column(String(36), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    device_id: Mapped[str] = mapped_column(String(36))
    version: Mapped[int | None] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(500))
    detected_at: Mapped[datetime] = mapped_column(default=utcnow)
    reported_at: Mapped[datetime | None]
    report_error: Mapped[str | None] = mapped_column(String(500))
    #: The sealed bytes as received, kept for investigation (still sealed: no plaintext).
    sealed: Mapped[bytes | None] = mapped_column(EncryptedBytes("clerk_quarantine.sealed"))


class ClerkInspection(Base):
    """What the clerk keeps of an inspection record: only the findings that bear on the
    address and the signals to hand over, never the rest of the enforcement file."""

    __tablename__ = "clerk_inspection"
    record_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    inspection_id: Mapped[str] = mapped_column(String(36), index=True)
    reference: Mapped[str | None] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(Integer, default=1)
    received_at: Mapped[datetime]
    bearing: Mapped[list[Any]] = mapped_column(Encrypted("clerk_inspection.bearing"))


class ClerkHandover(Base):
    """A signal to hand over: use of the address not allowed → permits/enforcement;
    exploitation → the human-trafficking coordinator."""

    __tablename__ = "clerk_handover"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    inspection_id: Mapped[str] = mapped_column(String(36), index=True)
    reference: Mapped[str | None] = mapped_column(String(40))
    code: Mapped[str] = mapped_column(String(64))
    recipient: Mapped[str] = mapped_column(String(20))
    signalled_at: Mapped[datetime]
    handed_over_at: Mapped[datetime | None]
    handed_over_by: Mapped[str | None] = mapped_column(String(36))
