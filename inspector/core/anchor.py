"""The anchor of the audit chain: its last event (sequence and hash), MAC'd, kept outside the
database, so that deleted events, a rewritten tail or an older copy of the file show.

Two copies: ``anchor.json`` next to the database, renewed after every unit of work that
appended events, and one with the key material (the OS keyring entry or the key file),
renewed at every unlock and lock. A copy of the database older than either fails the check.
The MAC key is a subkey of the data key: without the password nobody can write an anchor.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from inspector.paths import DataPaths
from inspector.security.crypto import DataCipher
from inspector.security.keystore import KeyFileKeyStore, KeyringKeyStore, KeyStoreError
from inspector.storage.models import AuditEvent

if TYPE_CHECKING:
    from inspector.core.vault import StoreMeta

_log = logging.getLogger(__name__)
_PURPOSE = b"inspector audit anchor v1"
EXTRA_NAME = "anchor"


@dataclass(frozen=True)
class Anchor:
    store_id: str
    format: int
    seq: int
    hash: str

    def payload(self) -> bytes:
        return json.dumps(
            [self.store_id, self.format, self.seq, self.hash], separators=(",", ":")
        ).encode()

    def encode(self, cipher: DataCipher) -> str:
        mac = hmac.new(cipher.subkey(_PURPOSE), self.payload(), hashlib.sha256).hexdigest()
        return json.dumps(
            {
                "store_id": self.store_id,
                "format": self.format,
                "seq": self.seq,
                "hash": self.hash,
                "mac": mac,
            }
        )


class AnchorForged(Exception):
    """An anchor whose MAC does not hold (written without the key)."""


def decode(text: str | None, cipher: DataCipher, store_id: str) -> Anchor | None:
    if not text:
        return None
    try:
        raw: dict[str, Any] = json.loads(text)
        anchor = Anchor(str(raw["store_id"]), int(raw["format"]), int(raw["seq"]), str(raw["hash"]))
        mac = str(raw["mac"])
    except (ValueError, KeyError, TypeError) as exc:
        raise AnchorForged("the anchor cannot be read") from exc
    expected = hmac.new(cipher.subkey(_PURPOSE), anchor.payload(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(mac, expected) or anchor.store_id != store_id:
        raise AnchorForged("the anchor's MAC does not hold")
    return anchor


def _key_material(paths: DataPaths, meta: StoreMeta) -> KeyringKeyStore | KeyFileKeyStore:
    if meta.key_mode == "keyring":
        return KeyringKeyStore(meta.store_id)
    return KeyFileKeyStore(paths.key_file)


@dataclass(frozen=True)
class Anchors:
    """The anchors found, and what could not be trusted."""

    file: Anchor | None
    key_material: Anchor | None
    problems: tuple[str, ...] = ()

    def newest(self) -> Anchor | None:
        found = [a for a in (self.file, self.key_material) if a is not None]
        return max(found, key=lambda a: a.seq) if found else None


def read(paths: DataPaths, meta: StoreMeta, cipher: DataCipher) -> Anchors:
    problems = []
    try:
        text = paths.anchor.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = None
    except OSError:
        text = None
        problems.append("anchor.json kan niet worden gelezen")
    try:
        in_file = decode(text, cipher, meta.store_id)
    except AnchorForged:
        in_file = None
        problems.append("anchor.json is gewijzigd of beschadigd")
    try:
        in_keys = decode(_key_material(paths, meta).get_extra(EXTRA_NAME), cipher, meta.store_id)
    except (AnchorForged, KeyStoreError):
        in_keys = None
        problems.append("het anker bij de sleutel is gewijzigd of beschadigd")
    return Anchors(in_file, in_keys, tuple(problems))


def last_event(session: Session) -> tuple[int, str] | None:
    row = session.execute(
        select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1)
    ).first()
    return None if row is None else (int(row[0]), str(row[1]))


def check(session: Session, anchor: Anchor | None, store_format: int) -> str | None:
    """Why the database does not reach its anchor (an older copy, deleted or rewritten events),
    or None."""
    if anchor is None:
        return None
    if store_format < anchor.format:
        return (
            "de database is van een oudere opmaak dan de laatst bekende stand: een oudere kopie "
            "is teruggezet of er is buiten de app om in geschreven"
        )
    row = session.execute(
        select(AuditEvent.hash).where(AuditEvent.seq == anchor.seq)
    ).scalar_one_or_none()
    if row is None:
        return (
            f"het auditlog eindigt vóór gebeurtenis #{anchor.seq}, de laatst bekende: "
            "gebeurtenissen zijn verwijderd of een oudere kopie van de database is teruggezet"
        )
    if not hmac.compare_digest(str(row), anchor.hash):
        return (
            f"gebeurtenis #{anchor.seq} van het auditlog is niet meer de laatst bekende: "
            "het log is buiten de app om herschreven"
        )
    return None


def record_file(
    paths: DataPaths, anchor: Anchor, cipher: DataCipher, *, force: bool = False
) -> None:
    """Renew anchor.json (only forward: a slower process never moves it back)."""
    try:
        current = decode(paths.anchor.read_text(encoding="utf-8"), cipher, anchor.store_id)
    except (OSError, AnchorForged):
        current = None
    if current is not None and current.seq >= anchor.seq and not force:
        return
    tmp = paths.anchor.with_name(f"anchor.{os.getpid()}.tmp")
    try:
        tmp.write_text(anchor.encode(cipher), encoding="utf-8")
        tmp.replace(paths.anchor)
    except OSError:
        # A full disk: the key-material copy (at lock) and the database itself still hold.
        _log.warning("the audit anchor file could not be renewed")
        tmp.unlink(missing_ok=True)


def record_key_material(
    paths: DataPaths, meta: StoreMeta, anchor: Anchor, cipher: DataCipher, *, force: bool = False
) -> None:
    store = _key_material(paths, meta)
    try:
        current = decode(store.get_extra(EXTRA_NAME), cipher, meta.store_id)
    except (AnchorForged, KeyStoreError):
        current = None
    if current is not None and current.seq >= anchor.seq and not force:
        return
    try:
        store.set_extra(EXTRA_NAME, anchor.encode(cipher))
    except (KeyStoreError, OSError):
        _log.warning("the audit anchor could not be kept with the key")
