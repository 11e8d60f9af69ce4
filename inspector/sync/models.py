"""The sync tables of the local store: keys, provisioning, outbox, and what came down."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from inspector.storage.models import Base, new_id, utcnow
from inspector.storage.types import Encrypted, EncryptedBytes

KEY_PURPOSES = ("root", "recipient", "device-sign", "device-box")


class SyncKey(Base):
    """A key of this store: the office root and recipient keys, or this laptop's device keys.

    The private half is encrypted with the store's data key; a public key seen from elsewhere
    has none. ``statement`` holds the root-signed statement (canonical JSON) of a recipient key.
    """

    __tablename__ = "sync_key"
    key_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    purpose: Mapped[str] = mapped_column(String(20))
    role: Mapped[str | None] = mapped_column(String(20))
    public: Mapped[bytes] = mapped_column(LargeBinary)
    private: Mapped[bytes | None] = mapped_column(EncryptedBytes("sync_key.private"))
    statement: Mapped[str | None] = mapped_column(Text)
    signature: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    retired_at: Mapped[datetime | None]


class SyncLink(Base):
    """This laptop's link to the office service (one row): set at provisioning."""

    __tablename__ = "sync_link"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, default=1)
    server_url: Mapped[str] = mapped_column(String(500))
    device_id: Mapped[str] = mapped_column(String(36))
    #: The bearer secret the service gave this device, encrypted.
    credential: Mapped[str] = mapped_column(Encrypted("sync_link.credential"))
    root_public: Mapped[bytes] = mapped_column(LargeBinary)
    #: The verified trust bundle (public keys and root signatures only).
    trust_bundle: Mapped[str] = mapped_column(Text)
    provisioned_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_sync_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(String(500))
    #: Cursor of what came down (outcomes, planned visits).
    down_cursor: Mapped[int] = mapped_column(Integer, default=0)


OUTBOX_STATES = ("unsealed", "waiting", "delivered", "purged")


class OutboxRecord(Base):
    """One record to deliver. ``unsealed``: made before this laptop was provisioned, sealed at
    the next sync; ``waiting``: sealed file in the outbox folder; ``delivered``: a verified
    receipt came back."""

    __tablename__ = "sync_outbox"
    record_id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    kind: Mapped[str] = mapped_column(String(20))
    #: The inspection or registration (registration) the record was made of.
    source_id: Mapped[str] = mapped_column(String(36), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    supersedes: Mapped[str | None] = mapped_column(String(36))
    state: Mapped[str] = mapped_column(String(20), default="unsealed", index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sealed_at: Mapped[datetime | None]
    sha256: Mapped[str | None] = mapped_column(String(64))
    size: Mapped[int | None] = mapped_column(Integer)
    bytes_sent: Mapped[int] = mapped_column(Integer, default=0)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))
    delivered_at: Mapped[datetime | None]
    receipt: Mapped[str | None] = mapped_column(Text)
    receipt_seq: Mapped[int | None] = mapped_column(Integer)


class SyncInbox(Base):
    """An outcome or planned visit that came down, opened with the device key and re-encrypted
    with the store's data key."""

    __tablename__ = "sync_inbox"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(20))
    record_id: Mapped[str | None] = mapped_column(String(36), index=True)
    state: Mapped[str | None] = mapped_column(String(20))
    content: Mapped[dict[str, object] | None] = mapped_column(Encrypted("sync_inbox.content"))
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
