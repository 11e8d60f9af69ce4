"""Retention: identity-document scans are kept only as long as the registration needs them."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select

from inspector.core.workspace import Workspace
from inspector.states import RegistrationState
from inspector.storage import seal
from inspector.storage.models import Attachment, Registration, utcnow

SCAN_KINDS = ("id_front", "id_back")
#: Registrations whose scans are no longer needed once the retention period has passed.
DONE_STATES = tuple(
    s.value
    for s in (RegistrationState.SIGNED, RegistrationState.PROCESSED, RegistrationState.SUPERSEDED)
)


def purge_id_scans(ws: Workspace, *, now: datetime | None = None, dry_run: bool = False) -> int:
    """Delete the ID scans of registrations signed more than ``id_scan_retention_days`` ago.

    The signed form (PDF) keeps the document details; the images themselves go. Returns how
    many scans were (or, with *dry_run*, would be) deleted.
    """
    cutoff = (now or utcnow()) - timedelta(days=ws.settings.id_scan_retention_days)
    done = select(Registration.id).where(
        Registration.state.in_(DONE_STATES),
        Registration.signed_at.is_not(None),
        Registration.signed_at < cutoff,
    )
    condition = (Attachment.kind.in_(SCAN_KINDS), Attachment.registration_id.in_(done))
    with ws.unit() as s:
        ids = list(s.scalars(select(Attachment.id).where(*condition)))
        if ids and not dry_run:
            s.execute(delete(Attachment).where(Attachment.id.in_(ids)))
            seal.note_deleted(s, "attachment", ids)
            ws.audit(
                s,
                "retention.id_scans_purged",
                "attachment",
                None,
                count=len(ids),
                retention_days=ws.settings.id_scan_retention_days,
            )
    return len(ids)
