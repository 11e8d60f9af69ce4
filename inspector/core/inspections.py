"""Inspections: create, list, find, open, finalize and reopen; one unit of work per call."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any, overload

from sqlalchemy import func, select, type_coerce
from sqlalchemy.orm import Session
from sqlalchemy.types import NullType

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
from inspector.storage import seal
from inspector.storage.models import (
    FormRecord,
    Inspection,
    InspectionStateChange,
    Resident,
    utcnow,
)
from inspector.storage.types import Encrypted


@dataclass(frozen=True)
class StateChange:
    """One finalize or reopen of an inspection (``InspectionStateChange``, detached)."""

    kind: str
    at: datetime
    officer_id: str | None
    #: The officer's reason (None: finalized complete); may read as damaged.
    reason: Any


#: The columns :meth:`Inspections.listing` reads raw: the row's bound columns (the seal's
#: associated data), the timestamps shown, and the encrypted location.
_BOUND = seal.bound_columns("inspection")
_RAW_COLUMNS = (*_BOUND, "created_at", "updated_at", "location")
_TIMES = ("planned_at", "started_at", "finalized_at", "created_at", "updated_at")


def _stored_time(value: Any) -> datetime | None:
    """A timestamp as SQLite holds it ("2026-05-04 09:30:00.000000", UTC), as the column type
    gives it: aware, in UTC."""
    if value is None:
        return None
    return datetime.fromisoformat(str(value)).replace(tzinfo=UTC)


class SummaryList(Sequence[InspectionSummary]):
    """The inspections list read in one query, each row decrypted the first time it is asked
    for: a window shows its first screenful without waiting for thousands of decryptions.

    ``ids`` (plaintext, in list order) need no decryption; :meth:`decrypt_next` decrypts the
    rows not yet asked for a few at a time (in the background, after the first screen), until
    :attr:`complete`. A row that does not decrypt reads as damaged, as in every listing
    (``summary_of``). Safe to use from several threads.
    """

    def __init__(
        self,
        rows: Sequence[Sequence[Any]],
        counts: dict[str, int],
        open_location: Callable[[bytes | None, Sequence[Any]], Any],
    ) -> None:
        self._raw: list[Sequence[Any] | None] = list(rows)
        self._counts = counts
        self._open = open_location
        self._items: list[InspectionSummary | None] = [None] * len(rows)
        self._left = len(rows)
        self._next = 0
        self._lock = threading.Lock()
        self.ids: list[InspectionId] = [InspectionId(str(r[0])) for r in rows]
        self._index: dict[str, int] | None = None

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, index: int) -> InspectionSummary: ...

    @overload
    def __getitem__(self, index: slice) -> list[InspectionSummary]: ...

    def __getitem__(self, index: int | slice) -> InspectionSummary | list[InspectionSummary]:
        if isinstance(index, slice):
            return [self._item(i) for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self._item(index)

    @property
    def complete(self) -> bool:
        """Every row is decrypted."""
        return self._left == 0

    @property
    def decrypted(self) -> int:
        return len(self) - self._left

    def index_of(self, inspection_id: str) -> int:
        """The row of *inspection_id*, or -1 (by id: nothing decrypted)."""
        if self._index is None:
            self._index = {i: n for n, i in enumerate(self.ids)}
        return self._index.get(inspection_id, -1)

    def decrypt_next(self, count: int) -> bool:
        """Decrypt up to *count* rows not yet asked for, in list order; True once complete."""
        done = 0
        while done < count and self._left:
            with self._lock:
                while self._next < len(self._items) and self._items[self._next] is not None:
                    self._next += 1
                at = self._next
            if at >= len(self._items):
                break
            self._item(at)
            done += 1
        return self.complete

    def _item(self, index: int) -> InspectionSummary:
        item = self._items[index]
        if item is not None:
            return item
        with self._lock:
            item = self._items[index]
            if item is not None:
                return item
            raw = self._raw[index]
            assert raw is not None
            item = self._summary(raw)
            self._items[index] = item
            self._raw[index] = None  # the ciphertext is not needed any more
            self._left -= 1
        return item

    def _summary(self, raw: Sequence[Any]) -> InspectionSummary:
        values = dict(zip(_RAW_COLUMNS, raw, strict=True))
        location = self._open(values["location"], [values[name] for name in _BOUND])
        row = SimpleNamespace(
            id=values["id"],
            reference=values["reference"],
            state=values["state"],
            location=location,
            **{name: _stored_time(values[name]) for name in _TIMES},
        )
        return summary_of(row, self._counts.get(values["id"], 0))


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
        """Every inspection, newest first, decrypted (the command line; see :meth:`listing`)."""
        listing = self.listing()
        return [listing[i] for i in range(len(listing))]

    def listing(self) -> SummaryList:
        """Every inspection, newest first, read in one query; each row's encrypted location is
        decrypted when the row is first asked for (:class:`SummaryList`).

        The order and the ids need no key. Listing is audited (who listed, how many) as a
        whole, here: the addresses are in memory from now on, decrypted or not.
        """
        table = Inspection.__table__
        # Raw: the ciphertext and the bound columns exactly as SQLite holds them (what the
        # seal's associated data is made of), no type processing; datetimes are parsed later.
        raw = [type_coerce(table.c[name], NullType()).label(name) for name in _RAW_COLUMNS]
        with self._ws.unit() as s:
            counts = dict(
                s.execute(
                    select(Resident.inspection_id, func.count()).group_by(Resident.inspection_id)
                ).all()
            )
            rows = s.execute(select(*raw).order_by(table.c.created_at.desc())).all()
            # The list shows addresses: who listed them, and how many, is recorded.
            self._ws.audit(s, "inspection.listed", "inspection", None, count=len(rows))
        location = table.c.location.type
        assert isinstance(location, Encrypted)
        db = self._ws.db

        def open_location(blob: bytes | None, bound: Sequence[Any]) -> Any:
            return location.open_stored(db.cipher, blob, bound)

        return SummaryList(rows, counts, open_location)

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
