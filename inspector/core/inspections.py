"""Inspections: create, list, find, open, finalize and reopen; one unit of work per call."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from inspector.core.ids import InspectionId
from inspector.core.workspace import (
    BAG_KEYS,
    FormAnswers,
    InspectionDetail,
    InspectionSummary,
    InvalidInput,
    NotFound,
    Workspace,
    inspection_row,
    load_record,
    name_list,
    resident_info,
    summary_of,
    writable_inspection,
)
from inspector.identifiers import bag_id_problem, normalize_postcode
from inspector.states import InspectionState, StateChangeKind
from inspector.storage.models import (
    FormRecord,
    Inspection,
    InspectionStateChange,
    Resident,
    utcnow,
)


@dataclass(frozen=True)
class StateChange:
    """One finalize or reopen of an inspection (``InspectionStateChange``, detached)."""

    kind: str
    at: datetime
    officer_id: str | None
    #: The officer's reason (None: finalized complete); may read as damaged.
    reason: Any


class Inspections:
    """Inspections: create, list, find, open, finalize and reopen; one unit of work per call."""

    def __init__(self, ws: Workspace) -> None:
        self._ws = ws

    def _next_reference(self, s: Session) -> str:
        year = datetime.now(UTC).year
        device = self._ws.meta.store_id[:4].upper()
        prefix = f"{year}-{device}-"
        last = s.scalar(
            select(func.max(Inspection.reference)).where(Inspection.reference.like(prefix + "%"))
        )
        number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
        return f"{prefix}{number:04d}"

    def create(
        self,
        *,
        address: str,
        postcode: str,
        city: str,
        bag_ids: Mapping[str, str] | None = None,
        planned_at: datetime | None = None,
    ) -> InspectionSummary:
        address, city = address.strip(), city.strip()
        if not address:
            raise InvalidInput("address.empty", "het adres is leeg", "the address is empty")
        if not city:
            raise InvalidInput("city.empty", "de plaats is leeg", "the city is empty")
        pc = normalize_postcode(postcode)
        if pc is None:
            raise InvalidInput(
                "postcode.invalid",
                "'{postcode}' is geen Nederlandse postcode (vier cijfers, dan twee letters: "
                "1234 AB)",
                "'{postcode}' is not a Dutch postcode (four digits, then two letters: 1234 AB)",
                postcode=postcode,
            )
        bags: dict[str, str] = {}
        for key, value in (bag_ids or {}).items():
            if not value:
                continue
            if key not in BAG_KEYS:
                raise InvalidInput(
                    "bag.unknown_type",
                    "onbekend BAG-objecttype {key!r}",
                    "unknown BAG object type {key!r}",
                    key=key,
                )
            problem = bag_id_problem(value.strip(), key)
            if problem:
                raise InvalidInput(
                    "bag.invalid",
                    "BAG-id {value!r}: {problem}",
                    "BAG id {value!r}: {problem}",
                    value=value,
                    problem=problem,
                )
            bags[key] = value.strip()
        with self._ws.unit() as s:
            row = Inspection(
                reference=self._next_reference(s),
                state=InspectionState.PLANNED.value,
                location={"address": address, "postcode": pc, "city": city, "bag_ids": bags},
                planned_at=planned_at,
                officers_present=[self._ws.officer.name],
                partners=[],
                created_by=self._ws.officer.id,
            )
            s.add(row)
            s.flush()
            self._ws.audit(s, "inspection.created", "inspection", row.id)
            return summary_of(row)

    def list_all(self) -> list[InspectionSummary]:
        # Plain column rows, not ORM objects: listing thousands must stay well under 300 ms.
        cols = (
            Inspection.id,
            Inspection.reference,
            Inspection.state,
            Inspection.location,
            Inspection.planned_at,
            Inspection.started_at,
            Inspection.finalized_at,
            Inspection.created_at,
            Inspection.updated_at,
        )
        with self._ws.unit() as s:
            counts = dict(
                s.execute(
                    select(Resident.inspection_id, func.count()).group_by(Resident.inspection_id)
                ).all()
            )
            rows = s.execute(select(*cols).order_by(Inspection.created_at.desc())).all()
            # The list shows addresses: who listed them, and how many, is recorded.
            self._ws.audit(s, "inspection.listed", "inspection", None, count=len(rows))
        return [summary_of(r, counts.get(r.id, 0)) for r in rows]

    def find(self, key: str) -> InspectionId:
        """The id of the inspection with id or reference *key* (e.g. 2026-48E0-0001)."""
        key = key.strip()
        with self._ws.unit() as s:
            row = s.get(Inspection, key) if key else None
            if row is None and key:
                row = s.scalar(
                    select(Inspection).where(func.upper(Inspection.reference) == key.upper())
                )
            if row is None:
                raise NotFound(
                    "inspection.not_found",
                    "geen inspectie met id of kenmerk {key!r}",
                    "no inspection with id or reference {key!r}",
                    key=key,
                )
            return InspectionId(row.id)

    def get(self, inspection_id: InspectionId, *, audit_view: bool = True) -> InspectionDetail:
        with self._ws.unit() as s:
            row = inspection_row(s, inspection_id)
            damaged: list[str] = []
            residents = [resident_info(r, damaged) for r in row.residents]
            forms: dict[str, FormAnswers] = {}
            resident_forms: dict[str, dict[str, FormAnswers]] = {}
            records = s.scalars(
                select(FormRecord).where(FormRecord.inspection_id == inspection_id)
            ).all()
            for rec in records:
                if rec.form_id.startswith("_"):
                    continue  # a store not yet at format 4 (reasons as made-up forms)
                answers = load_record(s, rec)
                damaged.extend(f"{rec.form_id}/{path}" for path in answers.damaged)
                if rec.resident_id is None:
                    forms[rec.form_id] = answers
                else:
                    resident_forms.setdefault(rec.resident_id, {})[rec.form_id] = answers
            if audit_view:
                self._ws.audit(s, "inspection.viewed", "inspection", row.id)
            summary = summary_of(row, len(residents))
            if summary.damaged:
                damaged.insert(0, "inspection/location")
            return InspectionDetail(
                summary=summary,
                officers_present=name_list(
                    row.officers_present, damaged, "inspection/officers_present"
                ),
                partners=name_list(row.partners, damaged, "inspection/partners"),
                residents=residents,
                forms=forms,
                resident_forms=resident_forms,
                damaged=damaged,
            )

    def update_location(
        self,
        inspection_id: InspectionId,
        *,
        officers_present: Sequence[str] | None = None,
        partners: Sequence[str] | None = None,
    ) -> None:
        with self._ws.unit() as s:
            row = writable_inspection(s, inspection_id)
            if officers_present is not None:
                row.officers_present = [o.strip() for o in officers_present if o.strip()]
            if partners is not None:
                row.partners = [p.strip() for p in partners if p.strip()]
            self._ws.audit(s, "inspection.changed", "inspection", row.id)

    def finalize(
        self,
        inspection_id: InspectionId,
        *,
        incomplete_reason: str | None = None,
        open_points: Mapping[str, int] | None = None,
    ) -> InspectionSummary:
        """Lock the inspection (the caller has checked completeness). Finalized with open
        points: the officer's reason is kept encrypted (it may name people) and the audit
        records the open points per kind and the reason's length."""
        with self._ws.unit() as s:
            row = writable_inspection(s, inspection_id)
            row.state = InspectionState.FINALIZED.value
            row.finalized_at = utcnow()
            reason = incomplete_reason.strip() if incomplete_reason is not None else None
            s.add(
                InspectionStateChange(
                    inspection_id=row.id,
                    kind=StateChangeKind.FINALIZED.value,
                    at=row.finalized_at,
                    officer_id=self._ws.officer.id,
                    reason=reason,
                )
            )
            if incomplete_reason is None:
                self._ws.audit(s, "inspection.finalized", "inspection", row.id)
            else:
                self._ws.audit(
                    s,
                    "inspection.finalized",
                    "inspection",
                    row.id,
                    incomplete=True,
                    open_points=dict(open_points or {}),
                    reason_chars=len(incomplete_reason.strip()),
                )
            self._ws.outbox.inspection_finalized(s, row.id)
            return summary_of(row, len(row.residents))

    def finalize_reasons(self, inspection_id: InspectionId) -> list[str]:
        """The reasons given for finalizing this inspection with open points, oldest first."""
        return [
            str(c.reason)
            for c in self.state_changes(inspection_id)
            if c.kind == StateChangeKind.FINALIZED and c.reason is not None
        ]

    def state_changes(self, inspection_id: str) -> list[StateChange]:
        """Every finalize and reopen of this inspection with its reason, oldest first (a
        reason that does not decrypt reads as damaged)."""
        with self._ws.unit() as s:
            rows = s.scalars(
                select(InspectionStateChange)
                .where(InspectionStateChange.inspection_id == inspection_id)
                .order_by(InspectionStateChange.at, InspectionStateChange.id)
            ).all()
            return [StateChange(r.kind, r.at, r.officer_id, r.reason) for r in rows]

    def reopen(self, inspection_id: InspectionId, reason: str) -> InspectionSummary:
        if len(reason.strip()) < 5:
            raise InvalidInput(
                "reopen.reason_needed",
                "geef een reden om te heropenen (minstens 5 tekens)",
                "give a reason for reopening (at least 5 characters)",
            )
        with self._ws.unit() as s:
            row = inspection_row(s, inspection_id)
            if row.state != InspectionState.FINALIZED:
                raise InvalidInput(
                    "inspection.not_finalized",
                    "inspectie {ref} is niet afgerond",
                    "inspection {ref} is not finalized",
                    ref=row.reference,
                )
            row.state = InspectionState.IN_PROGRESS.value
            row.finalized_at = None
            # The reason may name people, so the audit keeps only its length; the text itself
            # is kept encrypted, sealed to its state-change row.
            s.add(
                InspectionStateChange(
                    inspection_id=row.id,
                    kind=StateChangeKind.REOPENED.value,
                    at=utcnow(),
                    officer_id=self._ws.officer.id,
                    reason=reason.strip(),
                )
            )
            self._ws.audit(s, "inspection.reopened", "inspection", row.id, reason_chars=len(reason))
            return summary_of(row, len(row.residents))
