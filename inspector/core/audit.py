"""The append-only audit log, chained with an HMAC keyed from the data key; verification."""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from inspector.storage.models import AuditEvent, new_id, utcnow
from inspector.storage.types import cipher_of

GENESIS = "0" * 64


_PURPOSE = b"inspector audit chain v1"


def _chain_key(session: Session) -> bytes:
    """The chain is an HMAC keyed from the data key: without the key nobody can rewrite it."""
    bind = session.get_bind()
    return cipher_of(bind.dialect).subkey(_PURPOSE)


def _digest(event: AuditEvent, key: bytes) -> str:
    payload = json.dumps(
        [
            event.seq,
            event.id,
            event.at.isoformat(),
            event.officer_id,
            event.action,
            event.record_type,
            event.record_id,
            event.details,
            event.prev_hash,
        ],
        separators=(",", ":"),
    )
    return hmac.new(key, payload.encode(), hashlib.sha256).hexdigest()


def append(
    session: Session,
    officer_id: str | None,
    action: str,
    record_type: str | None = None,
    record_id: str | None = None,
    **details: Any,
) -> AuditEvent:
    """Add one event at the end of the chain, inside the caller's transaction.

    *details* must never hold personal data: ids, form and field ids, states, counts, languages.
    While the store can only be read (full disk), the event is kept for later instead.
    """
    if session.info.get("read_only"):
        pending = PendingEvent(
            officer_id, action, record_type, record_id, utcnow().isoformat(), details
        )
        session.info.setdefault("audit_events", []).append(pending)
        return AuditEvent(action=action, officer_id=officer_id, details="{}")
    last = session.execute(
        select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1)
    ).first()
    seq, prev = (1, GENESIS) if last is None else (last[0] + 1, last[1])
    event = AuditEvent(
        id=new_id(),
        seq=seq,
        at=utcnow(),
        officer_id=officer_id,
        action=action,
        record_type=record_type,
        record_id=record_id,
        details=json.dumps(details, sort_keys=True, separators=(",", ":"), default=str),
        prev_hash=prev,
        hash="",
    )
    event.hash = _digest(event, _chain_key(session))
    session.add(event)
    session.flush()
    session.info.setdefault("audit_events", []).append(
        PendingEvent(officer_id, action, record_type, record_id, event.at.isoformat(), details)
    )
    return event


@dataclass(frozen=True)
class PendingEvent:
    """An event that could not be written yet (full disk); appended later with its time."""

    officer_id: str | None
    action: str
    record_type: str | None
    record_id: str | None
    at: str
    details: dict[str, Any]


def replay(session: Session, event: PendingEvent) -> None:
    """Append an event kept in memory, saying when it really happened."""
    append(
        session,
        event.officer_id,
        event.action,
        event.record_type,
        event.record_id,
        **{**event.details, "delayed_from": event.at},
    )


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    events: int
    broken_seq: int | None = None
    broken_id: str | None = None
    reason: str = ""

    def describe(self) -> str:
        if self.ok:
            return f"audit log intact: {self.events} events, chain verified"
        return f"audit log broken at event #{self.broken_seq} (id {self.broken_id}): {self.reason}"


def verify(session: Session) -> VerifyResult:
    """Walk the chain in order; report the first event whose link or content does not hold."""
    key = _chain_key(session)
    prev = GENESIS
    expected_seq = 1
    count = 0
    for event in session.scalars(select(AuditEvent).order_by(AuditEvent.seq)):
        count += 1
        if event.seq != expected_seq:
            return VerifyResult(
                False, count, event.seq, event.id, f"event #{expected_seq} is missing"
            )
        if event.prev_hash != prev:
            return VerifyResult(
                False, count, event.seq, event.id, "it does not link to the event before it"
            )
        # SQLite keeps microseconds, so the recomputed digest matches the stored one.
        if not hmac.compare_digest(_digest(event, key), event.hash):
            return VerifyResult(
                False, count, event.seq, event.id, "its content does not match its hash"
            )
        prev = event.hash
        expected_seq += 1
    return VerifyResult(True, count)
