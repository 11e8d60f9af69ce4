"""What the office's outcomes change on the laptop: a registration that burgerzaken processed
becomes PROCESSED here too, with the BSN and the date of registration from the BRP, so that
the officer can hand over the confirmation letter; one it refused becomes REFUSED with the
reason (it is then not signed, corrected or sent again). A returned outcome changes no state:
the window and ``inspection show`` show the question.

Applied after every pull, over every processed or refused outcome received; one already
applied (the registration is no longer SIGNED) changes nothing, so the same outcome pulled
twice — or posted twice by the office — is harmless."""

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
            select(
                SyncInbox.seq,
                SyncInbox.state,
                SyncInbox.content,
                OutboxRecord.source_id,
                Registration.state,
            )
            .join(OutboxRecord, OutboxRecord.record_id == SyncInbox.record_id)
            .join(Registration, Registration.id == OutboxRecord.source_id)
            .where(
                SyncInbox.kind == "outcome",
                SyncInbox.state.in_(
                    (RegistrationState.PROCESSED.value, RegistrationState.REFUSED.value)
                ),
                OutboxRecord.kind == "registration",
            )
            .order_by(SyncInbox.seq)
        ).all()
    applied = 0
    for seq, outcome, content, registration_id, state in found:
        if state != RegistrationState.SIGNED.value:
            # Already applied (pulled before), or a version replaced by a correction.
            continue
        if outcome == RegistrationState.REFUSED.value:
            if _refuse(ws, seq, content, registration_id):
                applied += 1
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


#: The lead-in of a refusal's message (``clerk.desk.downlink_content``), before the reason.
REFUSAL_LEAD = "geweigerd door burgerzaken: "


def _refuse(ws: Workspace, seq: int, content: object, registration_id: str) -> bool:
    if not isinstance(content, dict):
        return False
    reason = str(content.get("reason") or "").strip()
    if not reason:  # an office of before the reason had its own field
        reason = str(content.get("message") or "").removeprefix(REFUSAL_LEAD).strip()
    try:
        day = content.get("decided_on")
        ws.registrations.record_refusal(
            RegistrationId(registration_id),
            reason=reason or "(geen reden opgegeven)",
            decided_on=date.fromisoformat(str(day)) if day else None,
            via="office",
        )
    except (KnownError, ValueError) as exc:
        log.warning("outcome %s not applied: %s", seq, type(exc).__name__)
        return False
    return True
