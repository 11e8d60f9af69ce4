"""The officer's side of a planned visit: the visits that came down on sync, starting an
inspection from one, marking each registered person, and the address investigation that goes
back with the finalized inspection."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from inspector.core.ids import InspectionId
from inspector.planning.manager import MARKS, PlanningError, Visit, visit_from_row
from inspector.planning.models import PlannedVisit
from inspector.states import InspectionState, VisitState

if TYPE_CHECKING:
    from inspector.core.workspace import Workspace


def receive(ws: Workspace) -> int:
    """Turn the planned visits in the sync inbox into visits on this laptop (once each)."""
    from inspector.sync.models import SyncInbox

    count = 0
    with ws.unit() as s:
        have = set(s.scalars(select(PlannedVisit.id).where(PlannedVisit.side == "officer")))
        for item in s.scalars(select(SyncInbox).where(SyncInbox.kind == "visit")):
            c = item.content
            if not isinstance(c, dict) or str(c.get("visit_id")) in have:
                continue
            try:
                on = date.fromisoformat(str(c.get("visit_date")))
            except ValueError:
                continue
            s.add(
                PlannedVisit(
                    id=str(c["visit_id"]),
                    side="officer",
                    visit_date=on,
                    slot=str(c.get("slot", ""))[:20],
                    position=int(str(c.get("position") or 0)),
                    state=VisitState.RECEIVED,
                    content=c,
                    outcome={"marks": {}, "found": []},
                )
            )
            have.add(str(c["visit_id"]))
            count += 1
        if count:
            ws.audit(s, "planning.received", "planned_visit", None, count=count)
    return count


def received_visits(ws: Workspace) -> list[Visit]:
    """The visits on this laptop, by day and route order."""
    with ws.unit() as s:
        rows = s.scalars(
            select(PlannedVisit)
            .where(PlannedVisit.side == "officer")
            .order_by(PlannedVisit.visit_date, PlannedVisit.position)
        ).all()
        return [visit_from_row(r) for r in rows]


def _finalized(s: Session, inspection_id: str) -> bool:
    from inspector.storage.models import Inspection

    inspection = s.get(Inspection, inspection_id)
    return inspection is not None and inspection.state == InspectionState.FINALIZED


def _visit(s: Session, visit_id: str) -> PlannedVisit:
    row = s.get(PlannedVisit, visit_id)
    if row is None or row.side != "officer":
        raise PlanningError(
            "planning.no_such_visit", "Dit geplande bezoek bestaat niet.", "No such planned visit."
        )
    return row


def start_inspection(ws: Workspace, visit_id: str) -> InspectionId:
    """The inspection of a planned visit (made the first time, the same one after)."""
    with ws.unit() as s:
        row = _visit(s, visit_id)
        if row.inspection_id:
            return InspectionId(row.inspection_id)  # the store's id, wrapped where it enters
        visit = visit_from_row(row)
    hour = visit.slot[:5] if len(visit.slot) >= 5 and visit.slot[2] == ":" else "09:00"
    try:
        planned_at = datetime.fromisoformat(f"{visit.visit_date.isoformat()}T{hour}").replace(
            tzinfo=UTC
        )
    except ValueError:
        planned_at = None
    summary = ws.inspections.create(
        address=visit.address,
        postcode=visit.postcode,
        city=visit.city or "-",
        bag_ids=visit.bag_ids,
        planned_at=planned_at,
    )
    with ws.unit() as s:
        row = _visit(s, visit_id)
        row.inspection_id = summary.id
        row.state = VisitState.STARTED
        ws.audit(s, "planning.started", "planned_visit", visit_id, inspection=summary.id)
    return summary.id


def mark(ws: Workspace, visit_id: str, person_id: str, value: str) -> None:
    """Mark a registered person: lives here, does not live here, unknown."""
    if value not in MARKS:
        raise ValueError(f"mark must be one of {MARKS}")
    with ws.unit() as s:
        row = _visit(s, visit_id)
        if row.inspection_id and _finalized(s, row.inspection_id):
            raise PlanningError(
                "planning.inspection_finalized",
                "De inspectie is afgesloten; heropen haar om te wijzigen.",
                "The inspection is finalized; reopen it to change this.",
            )
        if person_id not in {p.id for p in visit_from_row(row).persons}:
            raise PlanningError(
                "planning.not_a_person_here",
                "Deze persoon hoort niet bij dit adres.",
                "Not a person here.",
            )
        outcome = dict(row.outcome or {})
        marks = dict(outcome.get("marks") or {})
        marks[person_id] = value
        outcome["marks"] = marks
        row.outcome = outcome
        ws.audit(s, "planning.marked", "planned_visit", visit_id)


def add_found(ws: Workspace, visit_id: str, name: str, language: str = "nl") -> str:
    """A person found here who is not registered: added as a resident of the inspection (the
    resident questionnaire and an on-the-spot registration follow from there)."""
    if not name.strip():
        raise PlanningError("planning.name_missing", "Vul de naam in.", "Fill in the name.")
    inspection_id = start_inspection(ws, visit_id)
    resident = ws.residents.add(inspection_id, name, language)
    with ws.unit() as s:
        row = _visit(s, visit_id)
        outcome = dict(row.outcome or {})
        outcome["found"] = [*(outcome.get("found") or []), resident.id]
        row.outcome = outcome
        ws.audit(s, "planning.found", "planned_visit", visit_id, resident=resident.id)
    return resident.id


def found_names(ws: Workspace, visit_id: str) -> list[str]:
    """The names of the residents found here who are not registered (added on site)."""
    from inspector.storage.models import Resident

    with ws.unit() as s:
        ids = list((_visit(s, visit_id).outcome or {}).get("found") or [])
        if not ids:
            return []
        names = {r.id: r.name for r in s.scalars(select(Resident).where(Resident.id.in_(ids)))}
        return [str(names[i]) for i in ids if i in names]


def marks_of(ws: Workspace, visit_id: str) -> dict[str, str]:
    with ws.unit() as s:
        return dict((_visit(s, visit_id).outcome or {}).get("marks") or {})


def investigation_for(s: Session, inspection_id: str) -> dict[str, Any] | None:
    """The address investigation of a planned visit's inspection, for the sealed record (None
    when the inspection was not planned). Called by the outbox when it is finalized."""
    from inspector.storage.models import Resident

    row = s.scalars(
        select(PlannedVisit).where(
            PlannedVisit.side == "officer", PlannedVisit.inspection_id == inspection_id
        )
    ).first()
    if row is None:
        return None
    visit = visit_from_row(row)
    outcome = row.outcome or {}
    marks = outcome.get("marks") or {}
    found_ids = list(outcome.get("found") or [])
    residents = {
        r.id: r.name
        for r in s.scalars(select(Resident).where(Resident.id.in_(found_ids)))
    } if found_ids else {}  # fmt: skip
    return {
        "visit_id": visit.id,
        "marks": [
            {"person_id": p.id, "name": p.name, "mark": marks.get(p.id, "unknown")}
            for p in visit.persons
        ],
        "found": [{"resident_id": rid, "name": residents.get(rid, "?")} for rid in found_ids],
    }
