"""The keys a store holds for sync: the office ceremony (root and recipient keys, rotation,
backup) and a laptop's device keys. Private halves are kept under the store's data key."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric import ed25519, x25519
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import select
from sqlalchemy.orm import Session

from inspector.security.passwords import KdfParams, checked_params, derive_key
from inspector.storage.models import utcnow
from inspector.storage.types import is_damaged
from inspector.sync.models import SyncKey
from inspector.sync.trust import (
    RECIPIENT_ROLES,
    SignedStatement,
    TrustBundle,
    TrustError,
    b64,
    canonical_json,
    fingerprint,
    key_id,
    raw_private,
    raw_public,
    recipient_statement,
    service_statement,
    sign_statement,
    unb64,
)

BACKUP_FORMAT = "inspector-key-backup"
#: The backup is read on another machine years later: a strong, fixed scrypt cost.
BACKUP_KDF = KdfParams(n=2**17, r=8, p=1)
MIN_BACKUP_PASSPHRASE = 12
LOST_KEY_WARNING = (
    "Keep this backup and its passphrase apart and safe: a lost private recipient key means "
    "that every record sealed to it can never be opened again."
)


class KeyError_(Exception):
    """A key operation cannot be done; one sentence for the user."""


def private_bytes(row: SyncKey) -> bytes:
    """The private half of *row*; refused when it does not read as this key's own (moved from
    another key, put back, or its key id or purpose changed outside the app)."""
    if is_damaged(row.private):
        raise KeyError_(
            f"de geheime sleutel {row.key_id} is buiten de app om gewijzigd of verplaatst en "
            "wordt niet gebruikt; zie 'inspector doctor' (herstel: een reservekopie van de "
            "sleutels, 'inspector keys restore')"
        )
    assert row.private is not None
    return row.private


@dataclass(frozen=True)
class KeyInfo:
    key_id: str
    purpose: str
    role: str | None
    created_at: datetime
    retired_at: datetime | None
    has_private: bool


def _info(row: SyncKey) -> KeyInfo:
    return KeyInfo(
        row.key_id, row.purpose, row.role, row.created_at, row.retired_at, row.private is not None
    )


def list_keys(s: Session) -> list[KeyInfo]:
    rows = s.scalars(select(SyncKey).order_by(SyncKey.created_at, SyncKey.key_id))
    return [_info(r) for r in rows]


def root_key(s: Session) -> SyncKey | None:
    return s.scalars(
        select(SyncKey).where(SyncKey.purpose == "root", SyncKey.private.is_not(None))
    ).first()


def _ensure_root(s: Session) -> SyncKey:
    row = root_key(s)
    if row is not None:
        return row
    priv = ed25519.Ed25519PrivateKey.generate()
    pub = raw_public(priv.public_key())
    row = SyncKey(key_id=key_id("root", pub), purpose="root", public=pub, private=raw_private(priv))
    s.add(row)
    s.flush()
    return row


def root_private(row: SyncKey) -> ed25519.Ed25519PrivateKey:
    return ed25519.Ed25519PrivateKey.from_private_bytes(private_bytes(row))


def create_recipient_key(s: Session, role: str) -> tuple[KeyInfo, str]:
    """A new X25519 key for *role*, signed by the office root (made on first use). An earlier
    key of the role is retired: laptops seal to the new one, its private half stays to open
    the records sealed to it. Returns the key and the root's fingerprint."""
    if role not in RECIPIENT_ROLES:
        raise KeyError_(f"unknown role {role!r}; use one of {', '.join(RECIPIENT_ROLES)}")
    root = _ensure_root(s)
    priv = x25519.X25519PrivateKey.generate()
    pub = raw_public(priv.public_key())
    signed = sign_statement(root_private(root), recipient_statement(role, pub))
    now = utcnow()
    for old in s.scalars(
        select(SyncKey).where(
            SyncKey.purpose == "recipient", SyncKey.role == role, SyncKey.retired_at.is_(None)
        )
    ):
        old.retired_at = now
    row = SyncKey(
        key_id=signed.key_id,
        purpose="recipient",
        role=role,
        public=pub,
        private=raw_private(priv),
        statement=canonical_json(signed.statement).decode(),
        signature=signed.signature,
        created_at=now,
    )
    s.add(row)
    s.flush()
    return _info(row), fingerprint(root.public)


def recipient_private(s: Session, kid: str) -> x25519.X25519PrivateKey:
    row = s.get(SyncKey, kid)
    if row is None or row.private is None or row.purpose != "recipient":
        raise KeyError_(f"this store holds no private key {kid}")
    return x25519.X25519PrivateKey.from_private_bytes(private_bytes(row))


def trust_bundle(s: Session, service_public: bytes | None = None) -> TrustBundle:
    """The public keys of this office, signed by its root; with *service_public*, the service's
    receipt key is signed too."""
    root = root_key(s)
    if root is None:
        raise KeyError_("this store has no office keys yet: run 'inspector keys create' first")
    recipients = []
    for row in s.scalars(
        select(SyncKey).where(SyncKey.purpose == "recipient").order_by(SyncKey.created_at)
    ):
        if row.statement is None or row.signature is None:
            continue
        recipients.append(SignedStatement(json.loads(row.statement), row.signature))
    service = None
    if service_public is not None:
        if len(service_public) != 32:
            raise KeyError_("the service key must be 32 bytes (base64 of an Ed25519 key)")
        service = sign_statement(root_private(root), service_statement(service_public))
    return TrustBundle(root.public, tuple(recipients), service)


# -- backup --------------------------------------------------------------------------------------


def _export_rows(s: Session) -> list[dict[str, Any]]:
    out = []
    for row in s.scalars(select(SyncKey).order_by(SyncKey.created_at)):
        if row.private is None:
            continue
        out.append(
            {
                "key_id": row.key_id,
                "purpose": row.purpose,
                "role": row.role,
                "public": b64(row.public),
                "private": b64(private_bytes(row)),
                "statement": row.statement,
                "signature": None if row.signature is None else b64(row.signature),
                "created_at": row.created_at.isoformat(),
                "retired_at": None if row.retired_at is None else row.retired_at.isoformat(),
            }
        )
    return out


def write_backup(s: Session, path: Path, passphrase: str, params: KdfParams = BACKUP_KDF) -> int:
    """Every private key of this store in one file, encrypted with a key derived from
    *passphrase* (scrypt, AES-256-GCM). Returns the number of keys written."""
    if len(passphrase) < MIN_BACKUP_PASSPHRASE:
        raise KeyError_(f"the backup passphrase needs at least {MIN_BACKUP_PASSPHRASE} characters")
    rows = _export_rows(s)
    if not rows:
        raise KeyError_("this store holds no private keys to back up")
    salt, nonce = os.urandom(16), os.urandom(12)
    header = {
        "format": BACKUP_FORMAT,
        "version": 1,
        "kdf": "scrypt",
        "n": params.n,
        "r": params.r,
        "p": params.p,
        "salt": b64(salt),
        "nonce": b64(nonce),
    }
    kek = derive_key(passphrase, salt, params)
    ct = AESGCM(kek).encrypt(nonce, canonical_json({"keys": rows}), canonical_json(header))
    data = {**header, "ciphertext": b64(ct), "warning": LOST_KEY_WARNING}
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=1)
    tmp.replace(path)
    return len(rows)


def read_backup(path: Path, passphrase: str) -> list[dict[str, Any]]:
    """The keys in a backup file (raises KeyError_ for a wrong passphrase or a damaged file)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        header = {k: data[k] for k in ("format", "version", "kdf", "n", "r", "p", "salt", "nonce")}
        if header["format"] != BACKUP_FORMAT or header["version"] != 1:
            raise KeyError_(f"{path} is not a key backup of this app")
        params = checked_params(int(header["n"]), int(header["r"]), int(header["p"]))
        kek = derive_key(passphrase, unb64(header["salt"]), params)
        plain = AESGCM(kek).decrypt(
            unb64(header["nonce"]), unb64(data["ciphertext"]), canonical_json(header)
        )
    except InvalidTag as exc:
        raise KeyError_("the passphrase does not open this key backup") from exc
    except (OSError, ValueError, KeyError, TypeError, TrustError) as exc:
        raise KeyError_(f"{path} cannot be read as a key backup") from exc
    keys = json.loads(plain)["keys"]
    assert isinstance(keys, list)
    return keys


def restore_backup(s: Session, keys: list[dict[str, Any]]) -> int:
    """Put backed-up keys into this store (keys it already has are left alone)."""
    added = 0
    for k in keys:
        if s.get(SyncKey, k["key_id"]) is not None:
            continue
        s.add(
            SyncKey(
                key_id=k["key_id"],
                purpose=k["purpose"],
                role=k["role"],
                public=unb64(k["public"]),
                private=unb64(k["private"]),
                statement=k["statement"],
                signature=None if k["signature"] is None else unb64(k["signature"]),
                created_at=datetime.fromisoformat(k["created_at"]),
                retired_at=None
                if k["retired_at"] is None
                else datetime.fromisoformat(k["retired_at"]),
            )
        )
        added += 1
    s.flush()
    return added


# -- device keys ---------------------------------------------------------------------------------


def device_keys(s: Session, create: bool = False) -> tuple[SyncKey, SyncKey] | None:
    """This laptop's signing (Ed25519) and box (X25519) keys; made when *create* is set."""
    sign = s.scalars(select(SyncKey).where(SyncKey.purpose == "device-sign")).first()
    box = s.scalars(select(SyncKey).where(SyncKey.purpose == "device-box")).first()
    if sign is not None and box is not None:
        return sign, box
    if not create:
        return None
    if sign is None:
        spriv = ed25519.Ed25519PrivateKey.generate()
        spub = raw_public(spriv.public_key())
        sign = SyncKey(
            key_id=key_id("device", spub),
            purpose="device-sign",
            public=spub,
            private=raw_private(spriv),
        )
        s.add(sign)
    if box is None:
        bpriv = x25519.X25519PrivateKey.generate()
        bpub = raw_public(bpriv.public_key())
        box = SyncKey(
            key_id=key_id("devicebox", bpub),
            purpose="device-box",
            public=bpub,
            private=raw_private(bpriv),
        )
        s.add(box)
    s.flush()
    return sign, box


def signing_private(row: SyncKey) -> ed25519.Ed25519PrivateKey:
    return ed25519.Ed25519PrivateKey.from_private_bytes(private_bytes(row))


def box_private(row: SyncKey) -> x25519.X25519PrivateKey:
    return x25519.X25519PrivateKey.from_private_bytes(private_bytes(row))
