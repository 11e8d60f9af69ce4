"""Retention: identity-document scans are kept only as long as the registration needs them, and
the registered persons of address selection only as long as the planning needs them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select

from inspector.core.workspace import Workspace
from inspector.localtime import local_day
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


@dataclass(frozen=True)
class PersonsPurge:
    """What the retention of registered persons deleted (or, dry, would delete)."""

    #: 1 when the imported list of registered persons was deleted, else 0.
    lists: int
    #: Persons whose names were taken out of planned visits (the coordinator's and a laptop's).
    visit_persons: int


def purge_registered_persons(
    ws: Workspace, *, now: datetime | None = None, dry_run: bool = False
) -> PersonsPurge:
    """Delete the registered persons (personal data from a BRP extract) once they are no
    longer needed: the imported list ``persons_retention_days`` after its import, their names
    in planned visits ``visit_persons_retention_days`` after the visit day (what burgerzaken
    needs went to it with the finalized inspection). Counts stay; audited with counts only."""
    from inspector.planning.models import AddressSource, PlannedVisit

    selection = ws.settings.address_selection
    moment = now or utcnow()
    list_cutoff = moment - timedelta(days=selection.persons_retention_days)
    visit_cutoff = local_day(moment) - timedelta(days=selection.visit_persons_retention_days)
    lists = visit_persons = 0
    with ws.unit() as s:
        row = s.get(AddressSource, "persons")
        if row is not None and row.imported_at < list_cutoff:
            lists = 1
            if not dry_run:
                s.delete(row)
        for visit in s.scalars(select(PlannedVisit).where(PlannedVisit.visit_date < visit_cutoff)):
            content = visit.content
            persons = content.get("persons") or []
            outcome = visit.outcome or {}
            # The coordinator's outcome lists marks and persons found with their names (the
            # laptop's keeps ids only).
            named = [
                entry
                for part in ("marks", "found")
                if isinstance(outcome.get(part), list)
                for entry in outcome[part]
                if isinstance(entry, dict) and entry.get("name")
            ]
            if not persons and not named:
                continue
            visit_persons += len(persons) or len(named)
            if dry_run:
                continue
            visit.content = {**content, "persons": [], "persons_removed": len(persons)}
            if named:
                visit.outcome = {key: _nameless(value) for key, value in outcome.items()}
        if (lists or visit_persons) and not dry_run:
            ws.audit(
                s,
                "retention.registered_persons_purged",
                "address_source",
                None,
                lists=lists,
                visit_persons=visit_persons,
                retention_days=selection.persons_retention_days,
                visit_retention_days=selection.visit_persons_retention_days,
            )
    return PersonsPurge(lists, visit_persons)


def _nameless(value: Any) -> Any:
    """A list of marks or persons found without their names; anything else as it is."""
    if isinstance(value, list):
        return [
            {k: v for k, v in e.items() if k != "name"} if isinstance(e, dict) else e for e in value
        ]
    return value
