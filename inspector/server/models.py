"""The office service's tables: ciphertext and non-personal manifest fields only.

Its own metadata (not the laptop store's): devices, office users, uploads in progress, the
sealed records with their receipts, and what goes down to the devices (sealed).
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    BigInteger,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from inspector.states import CLERK_DONE


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTC_(TypeDecorator[datetime]):
    """Aware UTC datetimes on SQLite and PostgreSQL alike."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        return None if value is None else value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class ServerBase(DeclarativeBase):
    type_annotation_map = {datetime: UTC_()}


class ServiceKey(ServerBase):
    """The service's Ed25519 receipt key (not a recipient key: it opens nothing)."""

    __tablename__ = "service_key"
    key_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    private: Mapped[bytes] = mapped_column(LargeBinary)
    public: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Trust(ServerBase):
    """The office's trust bundle (public keys, root signatures), published to the laptops."""

    __tablename__ = "trust"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    bundle: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


DEVICE_STATES = ("pending", "active", "revoked")


class Device(ServerBase):
    __tablename__ = "device"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    #: A label such as "Laptop 12" (an asset name, never a person's name).
    label: Mapped[str] = mapped_column(String(80))
    state: Mapped[str] = mapped_column(String(10), default="pending")
    code_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    code_expires_at: Mapped[datetime | None]
    secret_hash: Mapped[str | None] = mapped_column(String(64))
    sign_public: Mapped[bytes | None] = mapped_column(LargeBinary)
    box_public: Mapped[bytes | None] = mapped_column(LargeBinary)
    #: HMAC of the two public keys under the office's half of the one-time code (the service
    #: cannot make one for other keys); the office checks it and certifies the keys.
    key_proof: Mapped[bytes | None] = mapped_column(LargeBinary)
    #: The office root's signed statement of these keys (JSON), once an office store made it.
    certificate: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    provisioned_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]


USER_ROLES = ("registry", "enforcement", "coordinator", "administrator")


class OfficeUser(ServerBase):
    __tablename__ = "office_user"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    label: Mapped[str] = mapped_column(String(80))
    role: Mapped[str] = mapped_column(String(20))
    secret_hash: Mapped[str] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Upload(ServerBase):
    """An upload in progress; its bytes are blob parts under its id."""

    __tablename__ = "upload"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    device_id: Mapped[str] = mapped_column(ForeignKey("device.id"), index=True)
    record_id: Mapped[str] = mapped_column(String(36), index=True)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(BigInteger)
    received: Mapped[int] = mapped_column(BigInteger, default=0)
    state: Mapped[str] = mapped_column(String(10), default="open")
    error: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class BlobPart(ServerBase):
    """One stored piece of a blob (an upload, then the record it became)."""

    __tablename__ = "blob_part"
    blob_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    offset: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class Record(ServerBase):
    """A stored sealed record: non-personal manifest fields and the signed receipt."""

    __tablename__ = "record"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    record_id: Mapped[str] = mapped_column(String(36), unique=True)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(20))
    version: Mapped[int] = mapped_column(Integer)
    supersedes: Mapped[str | None] = mapped_column(String(36))
    created: Mapped[str] = mapped_column(String(40))
    device_id: Mapped[str] = mapped_column(ForeignKey("device.id"), index=True)
    recipients: Mapped[str] = mapped_column(String(600))
    blob_id: Mapped[str] = mapped_column(String(36))
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    receipt: Mapped[str] = mapped_column(Text)
    receipt_signature: Mapped[bytes] = mapped_column(LargeBinary)
    outcome_state: Mapped[str | None] = mapped_column(String(20))
    #: Set when the office found the record failing a check (the reason names the check only).
    quarantined_at: Mapped[datetime | None]
    quarantine_reason: Mapped[str | None] = mapped_column(String(300))


OUTCOME_STATES = tuple(state.value for state in CLERK_DONE)


class Downlink(ServerBase):
    """An outcome or planned visit for one device, sealed to the device's X25519 key."""

    __tablename__ = "downlink"
    __table_args__ = (UniqueConstraint("device_id", "seq"),)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    device_id: Mapped[str] = mapped_column(ForeignKey("device.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    record_id: Mapped[str | None] = mapped_column(String(36))
    state: Mapped[str | None] = mapped_column(String(20))
    sealed: Mapped[bytes] = mapped_column(LargeBinary)
    posted_by: Mapped[str] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class RateHit(ServerBase):
    """Requests of one device or user in one minute: the rate limit shared by every service
    worker on this database."""

    __tablename__ = "rate_hit"
    who: Mapped[str] = mapped_column(String(80), primary_key=True)
    minute: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    hits: Mapped[int] = mapped_column(Integer, default=0)


class ServiceNotice(ServerBase):
    """A notice from one office to another (burgerzaken's outcome of a registration for
    handhaving), sealed to the receiving office's recipient key and signed by the sender's
    root-certified issuer key. The service can read and check neither; it keeps the bytes."""

    __tablename__ = "notice"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    notice_id: Mapped[str] = mapped_column(String(36), unique=True)
    #: The recipient role it is for (``enforcement``); users of the roles that read that
    #: role's records get it.
    recipient: Mapped[str] = mapped_column(String(20))
    sealed: Mapped[bytes] = mapped_column(LargeBinary)
    posted_by: Mapped[str] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
