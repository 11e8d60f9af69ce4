"""The append-only audit log, chained with an HMAC keyed from the data key; verification."""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from inspector.storage import seal
from inspector.storage.models import AuditEvent, new_id, utcnow
from inspector.storage.types import cipher_of

GENESIS = "0" * 64
#: The key in an event's details listing the rows sealed with it: [[table, id, version], ...]
#: (version 0: deleted by the app). Ids and numbers only.
SEALED_DETAIL = "sealed"
#: The event that carries them, one per unit of work that wrote rows of the bound tables.
SEALED_ACTION = "store.sealed"


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
    session.info["last_event"] = (event.seq, event.hash)
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
            return f"audit log intact: {self.events} events, chain and anchor verified"
        if self.broken_seq is None:
            return f"audit log not intact: {self.reason}"
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


@dataclass(frozen=True)
class RolledBack:
    """A row whose stored seal version is not the newest the audit chain recorded for it."""

    table: str
    row_id: str
    recorded: int
    found: int | None  # None: the row is gone

    def describe(self) -> str:
        if self.found is None:
            return (
                f"{self.table} rij {self.row_id}: ontbreekt, maar het auditlog kent versie "
                f"{self.recorded} (buiten de app om verwijderd)"
            )
        if self.recorded == seal.DELETED:
            return (
                f"{self.table} rij {self.row_id}: staat er weer (versie {self.found}), maar de "
                "app heeft haar verwijderd (buiten de app om teruggezet)"
            )
        return (
            f"{self.table} rij {self.row_id}: versie {self.found}, maar het auditlog kent "
            f"versie {self.recorded} (een oudere rij teruggezet)"
        )


def recorded_versions(session: Session) -> dict[tuple[str, str], int]:
    """(table, row id) -> the newest seal version the audit chain recorded (0: deleted)."""
    newest: dict[tuple[str, str], int] = {}
    query = (
        select(AuditEvent.details)
        .where(AuditEvent.action == SEALED_ACTION)
        .order_by(AuditEvent.seq)
    )
    for (details,) in session.execute(query):
        try:
            rows = json.loads(details).get(SEALED_DETAIL, [])
            for table, row_id, version in rows:
                newest[(str(table), str(row_id))] = int(version)
        except (ValueError, TypeError, AttributeError):
            continue  # the chain's own check reports a changed event
    return newest


def rolled_back(session: Session) -> list[RolledBack]:
    """Rows put back from an older copy (their seal version with them: each value still
    authenticates under its row), rows deleted outside the app and rows the app deleted
    that are back: every row compared with the newest version the (anchored) chain recorded.
    Rows never written since this record began (store creation, a format upgrade) have no
    record and are not judged."""
    from sqlalchemy import column, table

    newest = recorded_versions(session)
    by_table: dict[str, dict[str, int]] = {}
    for (table_name, row_id), version in newest.items():
        by_table.setdefault(table_name, {})[row_id] = version
    out: list[RolledBack] = []
    for table_name, recorded in sorted(by_table.items()):
        if table_name not in seal.BOUND:
            continue
        pk = seal.BOUND[table_name][0]
        query: Any = select(column(pk), column("seal_v")).select_from(table(table_name))
        found: dict[str, int] = {
            str(row_id): int(version or 0) for row_id, version in session.execute(query)
        }
        for row_id, version in sorted(recorded.items()):
            stored = found.get(row_id)
            if version == seal.DELETED:
                if stored is not None:
                    out.append(RolledBack(table_name, row_id, version, stored))
            elif stored is None:
                out.append(RolledBack(table_name, row_id, version, None))
            elif stored < version:
                out.append(RolledBack(table_name, row_id, version, stored))
    return out
