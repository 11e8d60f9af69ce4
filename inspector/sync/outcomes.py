"""What the office's outcomes change on the laptop: a registration that burgerzaken processed
becomes PROCESSED here too, with the BSN and the date of registration from the BRP, so that
the officer can hand over the confirmation letter. Returned and refused outcomes change no
state: the window and ``inspection show`` show the question or the refusal.

Applied after every pull, over every processed outcome received; one already applied (the
registration is PROCESSED) changes nothing, so the same outcome pulled twice — or posted
twice by the office — is harmless."""

from __future__ import annotations

import logging
from datetime import date

from sqlalchemy import select

from inspector.core.ids import RegistrationId
from inspector.core.workspace import Workspace
from inspector.error_kinds import KnownError
from inspector.states import RegistrationState
from inspector.storage.models import Registration
from inspector.sync.models import OutboxRecord, SyncInbox

log = logging.getLogger(__name__)


def apply_outcomes(ws: Workspace) -> int:
    """Record every processed outcome on its registration; returns how many changed."""
    with ws.unit() as s:
        found = s.execute(
            select(SyncInbox.seq, SyncInbox.content, OutboxRecord.source_id, Registration.state)
            .join(OutboxRecord, OutboxRecord.record_id == SyncInbox.record_id)
            .join(Registration, Registration.id == OutboxRecord.source_id)
            .where(
                SyncInbox.kind == "outcome",
                SyncInbox.state == RegistrationState.PROCESSED.value,
                OutboxRecord.kind == "registration",
            )
            .order_by(SyncInbox.seq)
        ).all()
    applied = 0
    for seq, content, registration_id, state in found:
        if state != RegistrationState.SIGNED.value:
            # Already processed (pulled before), or a version replaced by a correction.
            continue
        if not isinstance(content, dict) or not content.get("bsn"):
            log.warning("outcome %s: no BSN in the processed outcome", seq)
            continue
        try:
            day = date.fromisoformat(str(content.get("registration_date")))
            ws.registrations.record_processing(
                RegistrationId(registration_id),
                bsn=str(content["bsn"]),
                registration_date=day,
                registration_type=str(content.get("registration_type") or ""),
                via="office",
            )
        except (KnownError, ValueError) as exc:
            # The laptop keeps the outcome as a message; the registration stays signed.
            log.warning("outcome %s not applied: %s", seq, type(exc).__name__)
            continue
        applied += 1
    return applied
