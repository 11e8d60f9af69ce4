"""The sync state as the window reads it: the outbox per record, the link, and what the office
sent down (outcomes per inspection or registration, planned visits).

Light on purpose (models only, no HTTP client): the main window, the registrations list and the
inspection page read it on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from inspector.storage.models import Inspection, Registration, Resident, utcnow
from inspector.sync.models import OutboxRecord, SyncInbox, SyncLink

#: Outbox states that still have to reach the office.
WAITING_STATES = ("unsealed", "waiting")


@dataclass(frozen=True)
class Outcome:
    """One answer of the office about a delivered record."""

    #: processed | returned (with a question) | refused
    state: str
    #: The office's words (the question, the reason), or None.
    message: str | None
    seq: int
    received_at: datetime


def outcomes_by_source(s: Session, source_ids: Iterable[str]) -> dict[str, list[Outcome]]:
    """The office's answers per inspection or registration id, oldest first (ids without an
    answer are left out)."""
    ids = list(dict.fromkeys(source_ids))
    if not ids:
        return {}
    rows = s.execute(
        select(OutboxRecord.source_id, SyncInbox)
        .join(SyncInbox, SyncInbox.record_id == OutboxRecord.record_id)
        .where(OutboxRecord.source_id.in_(ids), SyncInbox.kind == "outcome")
        .order_by(SyncInbox.seq)
    ).all()
    out: dict[str, list[Outcome]] = {}
    for source_id, row in rows:
        # Content that does not read as this item's own (row-bound since store format 3)
        # shows as damaged instead of taking the list down.
        content = row.content
        message = content.get("message") if isinstance(content, dict) else content
        out.setdefault(source_id, []).append(
            Outcome(
                state=row.state or "",
                message=str(message) if message else None,
                seq=row.seq,
                received_at=row.received_at,
            )
        )
    return out


def outcomes_of_inspection(s: Session, inspection_id: str) -> dict[str, list[Outcome]]:
    """The office's answers about an inspection and the registrations made during it, by
    inspection or registration id."""
    registrations = s.scalars(
        select(Registration.id).where(Registration.inspection_id == inspection_id)
    )
    return outcomes_by_source(s, [inspection_id, *registrations])


def latest_outcome(s: Session, source_id: str) -> Outcome | None:
    """The newest answer of the office about one inspection or registration."""
    found = outcomes_by_source(s, [source_id]).get(source_id)
    return found[-1] if found else None


def planned_visits(s: Session) -> int:
    """How many planned visits came down (the planning screens show them)."""
    return int(s.scalar(select(func.count()).where(SyncInbox.kind == "visit")) or 0)


@dataclass(frozen=True)
class Overview:
    """The link and the outbox in a few numbers (the status bar, the Sync page's header)."""

    provisioned: bool
    server: str | None = None
    device_id: str | None = None
    last_sync: datetime | None = None
    #: The last sync's first error (the client's sentence), None after a clean sync.
    last_error: str | None = None
    counts: dict[str, int] = field(default_factory=dict)
    oldest_waiting: datetime | None = None

    @property
    def waiting(self) -> int:
        return sum(self.counts.get(state, 0) for state in WAITING_STATES)

    def waiting_longer_than(self, days: int, now: datetime | None = None) -> bool:
        """Whether a record has waited more than *days* without a receipt."""
        if self.oldest_waiting is None:
            return False
        return (now or utcnow()) - self.oldest_waiting > timedelta(days=days)


def overview(s: Session) -> Overview:
    link = s.get(SyncLink, 1)
    counts = {
        str(state): int(n)
        for state, n in s.execute(
            select(OutboxRecord.state, func.count()).group_by(OutboxRecord.state)
        ).all()
    }
    oldest = s.scalar(
        select(func.min(OutboxRecord.created_at)).where(OutboxRecord.state.in_(WAITING_STATES))
    )
    if link is None:
        return Overview(False, counts=counts, oldest_waiting=oldest)
    return Overview(
        True,
        server=link.server_url,
        device_id=link.device_id,
        last_sync=link.last_sync_at,
        last_error=link.last_error,
        counts=counts,
        oldest_waiting=oldest,
    )


@dataclass(frozen=True)
class RecordLine:
    """One record of the outbox as the Sync page lists it."""

    record_id: str
    kind: str
    source_id: str
    version: int
    state: str
    size: int | None
    bytes_sent: int
    error: str | None
    created_at: datetime
    delivered_at: datetime | None
    #: The inspection's reference and address (the one the registration was made in).
    reference: str | None
    address: str | None
    #: The resident of a registration.
    resident: str | None
    outcome: Outcome | None


def record_lines(s: Session) -> list[RecordLine]:
    """Every record of the outbox, newest first, with what it is about and the office's
    latest answer."""
    rows = list(s.scalars(select(OutboxRecord).order_by(OutboxRecord.created_at.desc())))
    registrations = {
        e.id: (e.inspection_id, e.resident_id)
        for e in s.execute(
            select(Registration.id, Registration.inspection_id, Registration.resident_id).where(
                Registration.id.in_([r.source_id for r in rows if r.kind == "registration"])
            )
        ).all()
    }
    inspection_ids = {r.source_id for r in rows if r.kind == "inspection"} | {
        i for i, _ in registrations.values()
    }
    inspections = {
        i.id: i for i in s.scalars(select(Inspection).where(Inspection.id.in_(inspection_ids)))
    }
    residents = {
        r.id: r.name
        for r in s.scalars(
            select(Resident).where(Resident.id.in_([r for _, r in registrations.values()]))
        )
    }
    outcomes = outcomes_by_source(s, [r.source_id for r in rows])
    out: list[RecordLine] = []
    for r in rows:
        inspection_id, resident_id = registrations.get(r.source_id, (r.source_id, None))
        insp = inspections.get(inspection_id)
        address = None
        if insp is not None and isinstance(insp.location, dict):
            address = str(insp.location.get("address") or "") or None
        answers = outcomes.get(r.source_id)
        out.append(
            RecordLine(
                record_id=r.record_id,
                kind=r.kind,
                source_id=r.source_id,
                version=r.version,
                state=r.state,
                size=r.size,
                bytes_sent=r.bytes_sent,
                error=r.last_error,
                created_at=r.created_at,
                delivered_at=r.delivered_at,
                reference=None if insp is None else insp.reference,
                address=address,
                resident=residents.get(resident_id) if resident_id else None,
                outcome=answers[-1] if answers else None,
            )
        )
    return out
