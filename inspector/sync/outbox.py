"""The outbox: a sealed record per finalized inspection and per signed registration.

The hooks (:func:`inspection_finalized`, :func:`registration_signed`) run inside the caller's
transaction: the outbox row commits or rolls back with the state change. When this laptop is
provisioned the record is sealed at once (the sealed file is written before the commit and
removed again when the transaction fails); before provisioning the row waits as ``unsealed``
and :func:`seal_pending` seals it at the next sync.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from inspector.paths import DataPaths
from inspector.storage import codec
from inspector.storage.models import (
    Answer,
    Attachment,
    FindingRecord,
    FormRecord,
    Inspection,
    Registration,
    RepeatInstance,
    Resident,
    new_id,
    utcnow,
)
from inspector.sync import envelope
from inspector.sync.keys import device_keys, signing_private
from inspector.sync.models import OutboxRecord, SyncLink
from inspector.sync.trust import TrustBundle, TrustError, x_public

if TYPE_CHECKING:
    from inspector.core.workspace import Workspace

#: Who gets what. A registration goes to burgerzaken only. The inspection goes to handhaving,
#: and to burgerzaken too: the BRP address investigation needs who was found at the address.
RECIPIENT_ROLES: dict[str, tuple[str, ...]] = {
    "inspection": ("enforcement", "registry"),
    "registration": ("registry",),
}


def outbox_dir(paths: DataPaths) -> Path:
    return paths.root / "outbox"


def record_path(paths: DataPaths, record_id: str) -> Path:
    return outbox_dir(paths) / f"{record_id}.sealed"


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


# -- payloads ------------------------------------------------------------------------------------


def _attachment_meta(a: Attachment) -> dict[str, Any]:
    return {
        "id": a.id,
        "kind": a.kind,
        "resident_id": a.resident_id,
        "enrolment_id": a.registration_id,
        "field_ref": a.field_ref,
        "instance_id": a.instance_id,
        "caption": a.caption,
        "mime": a.mime,
        "size": a.size,
        "created_at": _iso(a.created_at),
    }


def inspection_payload(s: Session, inspection_id: str) -> tuple[dict[str, Any], list[str]]:
    """Everything handhaving needs of one inspection, and the ids of its attachments (photos
    and produced documents; registration files go in the registration records)."""
    row = s.get(Inspection, inspection_id)
    assert row is not None
    residents = s.scalars(
        select(Resident).where(Resident.inspection_id == row.id).order_by(Resident.position)
    ).all()
    forms = []
    for rec in s.scalars(
        select(FormRecord).where(FormRecord.inspection_id == row.id).order_by(FormRecord.id)
    ):
        answers = s.scalars(select(Answer).where(Answer.record_id == rec.id).order_by(Answer.id))
        instances = s.scalars(
            select(RepeatInstance)
            .where(RepeatInstance.record_id == rec.id)
            .order_by(RepeatInstance.repeat_id, RepeatInstance.position)
        )
        forms.append(
            {
                "record_id": rec.id,
                "form_id": rec.form_id,
                "form_version": rec.form_version,
                "resident_id": rec.resident_id,
                "repeats": [
                    {"id": i.id, "repeat_id": i.repeat_id, "position": i.position}
                    for i in instances
                ],
                "answers": [
                    {"instance_id": a.instance_id, "field_id": a.field_id, "value": a.value}
                    for a in answers
                ],
            }
        )
    findings = s.scalars(
        select(FindingRecord)
        .where(FindingRecord.inspection_id == row.id)
        .order_by(FindingRecord.id)
    )
    atts = s.scalars(
        select(Attachment)
        .where(Attachment.inspection_id == row.id, Attachment.registration_id.is_(None))
        .order_by(Attachment.created_at, Attachment.id)
    ).all()
    payload = {
        "kind": "inspection",
        "inspection": {
            "id": row.id,
            "reference": row.reference,
            "state": row.state,
            "location": row.location,
            "planned_at": _iso(row.planned_at),
            "started_at": _iso(row.started_at),
            "finalized_at": _iso(row.finalized_at),
            "officers_present": row.officers_present,
            "partners": row.partners,
        },
        "residents": [
            {
                "id": r.id,
                "name": r.name,
                "language": r.language,
                "room": r.room,
                "position": r.position,
            }
            for r in residents
        ],
        "forms": forms,
        "findings": [
            {
                "id": f.id,
                "resident_id": f.resident_id,
                "category": f.category,
                "code": f.code,
                "outcome": f.outcome,
                "data": f.data,
                "computed_at": _iso(f.computed_at),
            }
            for f in findings
        ],
        "attachments": [_attachment_meta(a) for a in atts],
    }
    from inspector.planning.visits import investigation_for

    investigation = investigation_for(s, row.id)
    if investigation is not None:
        # The address investigation (adresonderzoek) of a planned visit goes back with it.
        payload["address_investigation"] = investigation
    return payload, [a.id for a in atts]


def registration_payload(s: Session, registration_id: str) -> tuple[dict[str, Any], list[str]]:
    """A signed registration as signed: its data, and its files (ID scans, signature, PDF)."""
    row = s.get(Registration, registration_id)
    assert row is not None
    data = dict(row.data or {})
    ids: list[str] = []
    for value in (
        data.get("pdf_attachment_id"),
        (data.get("signature") or {}).get("attachment_id"),
        *(data.get("scans") or {}).values(),
    ):
        if isinstance(value, str) and value not in ids:
            ids.append(value)
    atts = [a for a in (s.get(Attachment, i) for i in ids) if a is not None]
    inspection = s.get(Inspection, row.inspection_id)
    payload = {
        "kind": "registration",
        "enrolment": {
            "id": row.id,
            "inspection_id": row.inspection_id,
            "inspection_reference": None if inspection is None else inspection.reference,
            "resident_id": row.resident_id,
            "version": row.version,
            "state": row.state,
            "kind": row.kind,
            "data": data,
            "consent_at": _iso(row.consent_at),
            "signed_at": _iso(row.signed_at),
            "officer_id": row.officer_id,
            "supersedes_id": row.supersedes_id,
        },
        "address": None if inspection is None else inspection.location,
        "attachments": [_attachment_meta(a) for a in atts],
    }
    # The address investigation (adresonderzoek) of a planned visit travels with the
    # inspection's own record (inspection_payload), which the registry opens too.
    return payload, [a.id for a in atts]


# -- hooks ---------------------------------------------------------------------------------------


def inspection_finalized(s: Session, paths: DataPaths, inspection_id: str) -> None:
    """Called in the finalizing transaction: one outbox record for this finalization."""
    _enqueue(s, paths, "inspection", inspection_id, version=1, supersedes=None)


def registration_signed(s: Session, paths: DataPaths, registration: Registration) -> None:
    """Called in the signing transaction; a correction supersedes the earlier version's record."""
    supersedes = None
    if registration.supersedes_id:
        supersedes = s.scalar(
            select(OutboxRecord.record_id)
            .where(OutboxRecord.source_id == registration.supersedes_id)
            .order_by(OutboxRecord.created_at.desc())
        )
    _enqueue(s, paths, "registration", registration.id, registration.version, supersedes)


def _enqueue(
    s: Session, paths: DataPaths, kind: str, source_id: str, version: int, supersedes: str | None
) -> None:
    # A reopened and finalized-again inspection is a new version of the earlier record.
    if kind == "inspection":
        prev = s.scalars(
            select(OutboxRecord)
            .where(OutboxRecord.source_id == source_id)
            .order_by(OutboxRecord.version.desc())
        ).first()
        if prev is not None:
            version, supersedes = prev.version + 1, prev.record_id
    row = OutboxRecord(
        record_id=new_id(),
        kind=kind,
        source_id=source_id,
        version=version,
        supersedes=supersedes,
        state="unsealed",
        created_at=utcnow(),
    )
    s.add(row)
    s.flush()
    link = s.get(SyncLink, 1)
    if link is not None:
        with contextlib.suppress(SealError):
            seal_row(s, paths, row, link)


class SealError(Exception):
    """A record cannot be sealed now (not provisioned, no recipient key); it stays unsealed."""


def _attachment_source(s: Session, att_id: str) -> envelope.AttachmentSource:
    size = s.scalar(select(Attachment.size).where(Attachment.id == att_id)) or 0

    def chunks() -> Iterator[bytes]:
        # One attachment is decrypted at a time; the envelope re-chunks and encrypts it.
        data = s.scalar(select(Attachment.content).where(Attachment.id == att_id)) or b""
        for i in range(0, len(data), envelope.CHUNK_SIZE):
            yield data[i : i + envelope.CHUNK_SIZE]

    return envelope.AttachmentSource(att_id, size, chunks)


def recipients_for(bundle: TrustBundle, kind: str) -> list[envelope.Recipient]:
    out = []
    for role in RECIPIENT_ROLES[kind]:
        try:
            st = bundle.current_recipient(role)
        except TrustError as exc:
            raise SealError(str(exc)) from exc
        out.append(envelope.Recipient(st.key_id, x_public(st.public)))
    return out


def seal_row(s: Session, paths: DataPaths, row: OutboxRecord, link: SyncLink) -> None:
    """Seal one outbox record into the outbox folder; the row becomes ``waiting``."""
    keys = device_keys(s)
    if keys is None:
        raise SealError("this laptop has no device keys; provision it first")
    try:
        bundle = TrustBundle.from_json(json.loads(link.trust_bundle)).verified(link.root_public)
    except (TrustError, ValueError) as exc:
        raise SealError(f"the stored office keys do not verify: {exc}") from exc
    recipients = recipients_for(bundle, row.kind)
    if row.kind == "inspection":
        payload, att_ids = inspection_payload(s, row.source_id)
    else:
        payload, att_ids = registration_payload(s, row.source_id)
    folder = outbox_dir(paths)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    target = record_path(paths, row.record_id)
    tmp = target.with_suffix(".tmp")
    with open(tmp, "wb") as out, tempfile.TemporaryFile(dir=folder) as scratch:
        envelope.seal(
            out,
            record_id=row.record_id,
            kind=row.kind,
            version=row.version,
            supersedes=row.supersedes,
            created=row.created_at.isoformat(),
            device_id=link.device_id,
            device_key=signing_private(keys[0]),
            recipients=recipients,
            payload=codec.encode(payload),
            attachments=[_attachment_source(s, i) for i in att_ids],
            scratch=scratch,
        )
        out.flush()
        os.fsync(out.fileno())
    tmp.replace(target)
    sha, size = envelope.file_sha256(target)
    row.sha256, row.size, row.state, row.sealed_at = sha, size, "waiting", utcnow()
    s.flush()

    committed = False

    def _kept(_session: Session) -> None:
        nonlocal committed
        committed = True

    def _forget(_session: Session) -> None:
        # The state change did not happen, so neither did the record.
        if not committed:
            target.unlink(missing_ok=True)

    event.listen(s, "after_commit", _kept, once=True)
    event.listen(s, "after_rollback", _forget, once=True)


def seal_pending(s: Session, paths: DataPaths) -> int:
    """Seal every record made before provisioning. Returns how many were sealed."""
    link = s.get(SyncLink, 1)
    if link is None:
        return 0
    count = 0
    for row in s.scalars(select(OutboxRecord).where(OutboxRecord.state == "unsealed")).all():
        seal_row(s, paths, row, link)
        count += 1
    return count


def remove_strays(s: Session, paths: DataPaths) -> int:
    """Delete sealed files without an outbox row (a transaction that failed after sealing)."""
    folder = outbox_dir(paths)
    if not folder.exists():
        return 0
    known = set(s.scalars(select(OutboxRecord.record_id)))
    removed = 0
    for p in folder.iterdir():
        if p.suffix in (".sealed", ".tmp") and p.stem not in known:
            p.unlink(missing_ok=True)
            removed += 1
    return removed


def waiting(s: Session) -> Sequence[OutboxRecord]:
    return s.scalars(
        select(OutboxRecord)
        .where(OutboxRecord.state == "waiting")
        .order_by(OutboxRecord.created_at)
    ).all()


class Outbox:
    """The outbox on the workspace (``ws.outbox``). Unlike the other managers its methods take
    the caller's session: an outbox record commits or rolls back with the change that made it
    (finalizing, signing), and the sync client seals and lists inside its own unit of work."""

    def __init__(self, ws: Workspace) -> None:
        self._ws = ws

    def inspection_finalized(self, s: Session, inspection_id: str) -> None:
        """One outbox record for this finalization (in the finalizing transaction)."""
        inspection_finalized(s, self._ws.paths, inspection_id)

    def registration_signed(self, s: Session, registration: Registration) -> None:
        """One outbox record for this signed version (in the signing transaction)."""
        registration_signed(s, self._ws.paths, registration)

    def seal_pending(self, s: Session) -> int:
        """Seal what waited for provisioning; returns how many were sealed."""
        return seal_pending(s, self._ws.paths)

    def remove_strays(self, s: Session) -> int:
        """Remove sealed files whose outbox row is gone; returns how many."""
        return remove_strays(s, self._ws.paths)

    def waiting(self, s: Session) -> Sequence[OutboxRecord]:
        """The sealed records waiting to be sent, oldest first."""
        return waiting(s)
