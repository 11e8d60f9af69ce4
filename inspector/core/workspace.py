"""The unlocked store: every operation the window and the command line perform on data."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from inspector.core import anchor as anchor_mod
from inspector.core import audit as audit_log
from inspector.core.identifiers import bag_id_problem, normalize_postcode
from inspector.core.vault import OfficerInfo, StoreMeta
from inspector.oscompat import write_atomic
from inspector.paths import DataPaths
from inspector.security.crypto import DataCipher, DecryptionError
from inspector.settings import Settings
from inspector.storage import codec, seal
from inspector.storage.db import Database, is_write_failure, wrote_data
from inspector.storage.models import (
    Answer,
    Attachment,
    FormRecord,
    Inspection,
    Registration,
    RepeatInstance,
    Resident,
    new_id,
    utcnow,
)
from inspector.storage.types import Damaged, cipher_of, is_damaged
from inspector.sync import outbox as sync_outbox

DAMAGED_TEXT = Damaged.TEXT

_log = logging.getLogger(__name__)

LOCATION = "location"
RESIDENT_LANGUAGES = ("nl", "en", "pl", "uk", "ro")
BAG_KEYS = ("verblijfsobject", "nummeraanduiding", "pand")


class WorkspaceError(Exception):
    """An operation cannot be done; the message is one sentence for the user."""


class NotFound(WorkspaceError):
    pass


class StorageFull(WorkspaceError):
    """A change could not be written (disk full, read-only file); nothing was saved."""


class ReadOnly(WorkspaceError):
    pass


class InvalidInput(WorkspaceError):
    pass


@dataclass(frozen=True)
class InspectionSummary:
    id: str
    reference: str
    state: str
    address: str
    postcode: str
    city: str
    planned_at: datetime | None
    started_at: datetime | None
    finalized_at: datetime | None
    created_at: datetime
    updated_at: datetime
    resident_count: int = 0
    bag_ids: Mapping[str, str] = field(default_factory=dict)
    #: True when the stored location does not decrypt (tampered with or damaged).
    damaged: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "reference": self.reference,
            "state": self.state,
            "address": self.address,
            "postcode": self.postcode,
            "city": self.city,
            "bag_ids": dict(self.bag_ids),
            "planned_at": _iso(self.planned_at),
            "started_at": _iso(self.started_at),
            "finalized_at": _iso(self.finalized_at),
            "created_at": _iso(self.created_at),
            "updated_at": _iso(self.updated_at),
            "resident_count": self.resident_count,
            "damaged": self.damaged,
        }


@dataclass(frozen=True)
class ResidentInfo:
    id: str
    inspection_id: str
    name: str
    language: str
    position: int
    room: str | None = None


@dataclass
class FormAnswers:
    """The answers of one questionnaire, shaped as the form engine expects them."""

    form_id: str
    form_version: int | None
    record_id: str | None
    values: dict[str, Any] = field(default_factory=dict)
    #: Per repeat, the instance ids in order (parallel to the list in ``values``).
    instances: dict[str, list[str]] = field(default_factory=dict)
    #: The form version each stored answer was given against, by field path.
    versions: dict[str, int] = field(default_factory=dict)
    #: Field paths whose stored answer does not decrypt (shown as damaged, never guessed).
    damaged: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class InspectionDetail:
    summary: InspectionSummary
    officers_present: list[str]
    partners: list[str]
    residents: list[ResidentInfo]
    forms: dict[str, FormAnswers]
    resident_forms: dict[str, dict[str, FormAnswers]]
    #: What of this inspection does not decrypt ("form/field", "resident name", ...).
    damaged: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            **self.summary.to_json(),
            "officers_present": self.officers_present,
            "partners": self.partners,
            "damaged": self.damaged,
            "answers": {k: _jsonable(v.values) for k, v in self.forms.items()},
            "residents": [
                {
                    "id": r.id,
                    "name": r.name,
                    "language": r.language,
                    "room": r.room,
                    "answers": {
                        k: _jsonable(v.values) for k, v in self.resident_forms.get(r.id, {}).items()
                    },
                }
                for r in self.residents
            ],
        }


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _summary(row: Any, residents: int = 0) -> InspectionSummary:
    """From an Inspection, or a result row with the same column names."""
    loc = row.location or {}
    damaged = is_damaged(loc)
    if damaged:
        _log.warning("inspection %s: its location does not decrypt", row.id)
        loc = {"address": DAMAGED_TEXT}
    return InspectionSummary(
        id=row.id,
        reference=row.reference,
        state=row.state,
        address=str(loc.get("address", "")),
        postcode=str(loc.get("postcode", "")),
        city=str(loc.get("city", "")),
        bag_ids=dict(loc.get("bag_ids") or {}),
        planned_at=row.planned_at,
        started_at=row.started_at,
        finalized_at=row.finalized_at,
        created_at=row.created_at,
        updated_at=row.updated_at,
        resident_count=residents,
        damaged=damaged,
    )


def _text(value: Any) -> Any:
    """A decrypted value, or the plain "damaged" text where it does not decrypt."""
    return DAMAGED_TEXT if is_damaged(value) else value


def _names(value: Any, damaged: list[str], what: str) -> list[str]:
    if is_damaged(value):
        damaged.append(what)
        return []
    return list(value or [])


def _resident_info(r: Resident, damaged: list[str]) -> ResidentInfo:
    if is_damaged(r.name) or is_damaged(r.room):
        damaged.append(f"resident/{r.id}")
    return ResidentInfo(r.id, r.inspection_id, _text(r.name), r.language, r.position, _text(r.room))


class Workspace:
    """One officer's unlocked store. Each public method is one unit of work."""

    def __init__(
        self,
        paths: DataPaths,
        db: Database,
        settings: Settings,
        officer: OfficerInfo,
        meta: StoreMeta,
    ) -> None:
        self.paths = paths
        self.db = db
        self.settings = settings
        self.officer = officer
        self.meta = meta
        #: Audit events of reading that could not be written (disk full); see ``unit``.
        self._deferred_audit: list[audit_log.PendingEvent] = []
        #: Anchor copies that could not be trusted at unlock (reported by ``doctor``).
        self.anchor_problems: list[str] = []

    # -- plumbing ---------------------------------------------------------------------------

    @contextmanager
    def unit(self) -> Iterator[Session]:
        """One unit of work: committed when the block ends, rolled back on an exception.

        A unit that only reads (its only writes are audit events of viewing) still returns its
        data when the disk is full: the events are kept in memory and written with the next
        unit that succeeds. A unit that changes data and cannot be written raises StorageFull;
        nothing of it is half-saved (SQLite rolls the transaction back).
        """
        s = self.db.new_session()
        replayed = [] if self.db.read_only else list(self._deferred_audit)
        s.info["read_only"] = self.db.read_only
        try:
            for event in replayed:
                audit_log.replay(s, event)
            first_own = len(s.info.get("audit_events", []))
            yield s
            if self.db.read_only:
                changed = bool(s.new or s.dirty or s.deleted) or wrote_data(s)
                s.rollback()
                if changed:
                    raise StorageFull(
                        "de wijziging kon niet worden opgeslagen: de schijf is vol; eerder "
                        "opgeslagen gegevens zijn niet aangetast. Maak ruimte vrij en probeer "
                        "het opnieuw"
                    )
                self._deferred_audit.extend(s.info.get("audit_events", []))
                return
            try:
                s.commit()
            except OperationalError as exc:
                if not is_write_failure(exc):
                    raise
                events = s.info.get("audit_events", [])[first_own:]
                s.rollback()
                if wrote_data(s):
                    raise StorageFull(
                        "de wijziging kon niet worden opgeslagen: de schijf is vol of niet "
                        "beschrijfbaar; eerder opgeslagen gegevens zijn niet aangetast. "
                        "Maak ruimte vrij en probeer het opnieuw"
                    ) from exc
                _log.warning("audit events kept in memory: the store cannot be written now")
                self._deferred_audit.extend(events)
                return
            del self._deferred_audit[: len(replayed)]
            last = s.info.get("last_event")
            if last is not None:
                self._anchor_file(*last)
        except OperationalError as exc:
            s.rollback()
            if is_write_failure(exc) and wrote_data(s):
                raise StorageFull(
                    "de wijziging kon niet worden opgeslagen: de schijf is vol of niet "
                    "beschrijfbaar; eerder opgeslagen gegevens zijn niet aangetast"
                ) from exc
            raise
        except BaseException:
            s.rollback()
            raise
        finally:
            s.close()

    def audit(
        self,
        s: Session,
        action: str,
        record_type: str | None,
        record_id: str | None,
        **details: Any,
    ) -> None:
        audit_log.append(s, self.officer.id, action, record_type, record_id, **details)

    def _anchor(self, seq: int, digest: str) -> anchor_mod.Anchor:
        return anchor_mod.Anchor(self.meta.store_id, seal.FORMAT, seq, digest)

    def _anchor_file(self, seq: int, digest: str) -> None:
        anchor_mod.record_file(self.paths, self._anchor(seq, digest), self._cipher())

    def _cipher(self) -> DataCipher:
        return cipher_of(self.db.engine.dialect)

    def renew_anchor(self, *, key_material: bool = False, force: bool = False) -> None:
        """Anchor the audit chain's current end (file; with *key_material* also the key).

        *force* also moves an anchor back (only ``doctor --accept-current`` does that).
        """
        with self.db.session() as s:
            last = anchor_mod.last_event(s)
        if last is None:
            return
        anchor = self._anchor(*last)
        anchor_mod.record_file(self.paths, anchor, self._cipher(), force=force)
        if key_material:
            anchor_mod.record_key_material(
                self.paths, self.meta, anchor, self._cipher(), force=force
            )

    def anchor_problem(self) -> str | None:
        """Why the store does not reach its anchor (older copy, cut or rewritten log), or None."""
        anchors = anchor_mod.read(self.paths, self.meta, self._cipher())
        with self.db.session() as s:
            fmt = int(s.connection().exec_driver_sql("PRAGMA user_version").scalar() or 0)
            return anchor_mod.check(s, anchors.newest(), fmt)

    def close(self) -> None:
        if self.db.engine.dialect is not None and getattr(
            self.db.engine.dialect, "inspector_cipher", None
        ):
            try:
                self.renew_anchor(key_material=True)
            except Exception:  # noqa: BLE001 - locking must not fail on a full disk or a busy file
                _log.warning("the audit anchor could not be renewed at lock")
        self.db.set_cipher(None)
        self.db.dispose()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def save_ui_state(self, state: Mapping[str, Any]) -> None:
        """Where the officer was (ids only), so that a restart or unlock returns there."""

        cipher: DataCipher = cipher_of(self.db.engine.dialect)
        blob = cipher.encrypt(codec.encode(dict(state)), b"ui-state:" + self.officer.id.encode())
        write_atomic(self.paths.ui_state, blob)

    def load_ui_state(self) -> dict[str, Any]:

        try:
            blob = self.paths.ui_state.read_bytes()
            data = codec.decode(
                cipher_of(self.db.engine.dialect).decrypt(
                    blob, b"ui-state:" + self.officer.id.encode()
                )
            )
        except (OSError, DecryptionError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def verify_audit(self) -> audit_log.VerifyResult:
        """The chain, and its end against the anchor kept outside the database."""
        with self.unit() as s:
            result = audit_log.verify(s)
        if not result.ok:
            return result
        problem = self.anchor_problem()
        if problem:
            return audit_log.VerifyResult(False, result.events, None, None, problem)
        return result

    # -- inspections ------------------------------------------------------------------------

    def _next_reference(self, s: Session) -> str:
        year = datetime.now(UTC).year
        device = self.meta.store_id[:4].upper()
        prefix = f"{year}-{device}-"
        last = s.scalar(
            select(func.max(Inspection.reference)).where(Inspection.reference.like(prefix + "%"))
        )
        number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
        return f"{prefix}{number:04d}"

    def create_inspection(
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
            raise InvalidInput("the address is empty")
        if not city:
            raise InvalidInput("the city is empty")
        pc = normalize_postcode(postcode)
        if pc is None:
            raise InvalidInput(
                f"'{postcode}' is not a Dutch postcode (four digits, then two letters: 1234 AB)"
            )
        bags: dict[str, str] = {}
        for key, value in (bag_ids or {}).items():
            if not value:
                continue
            if key not in BAG_KEYS:
                raise InvalidInput(f"unknown BAG object type {key!r}")
            problem = bag_id_problem(value.strip(), key)
            if problem:
                raise InvalidInput(f"BAG id {value!r}: {problem}")
            bags[key] = value.strip()
        with self.unit() as s:
            row = Inspection(
                reference=self._next_reference(s),
                state="planned",
                location={"address": address, "postcode": pc, "city": city, "bag_ids": bags},
                planned_at=planned_at,
                officers_present=[self.officer.name],
                partners=[],
                created_by=self.officer.id,
            )
            s.add(row)
            s.flush()
            self.audit(s, "inspection.created", "inspection", row.id)
            return _summary(row)

    def list_inspections(self) -> list[InspectionSummary]:
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
        with self.unit() as s:
            counts = dict(
                s.execute(
                    select(Resident.inspection_id, func.count()).group_by(Resident.inspection_id)
                ).all()
            )
            rows = s.execute(select(*cols).order_by(Inspection.created_at.desc())).all()
            # The list shows addresses: who listed them, and how many, is recorded.
            self.audit(s, "inspection.listed", "inspection", None, count=len(rows))
        return [_summary(r, counts.get(r.id, 0)) for r in rows]

    def find_inspection(self, key: str) -> str:
        """The id of the inspection with id or reference *key* (e.g. 2026-48E0-0001)."""
        key = key.strip()
        with self.unit() as s:
            row = s.get(Inspection, key) if key else None
            if row is None and key:
                row = s.scalar(
                    select(Inspection).where(func.upper(Inspection.reference) == key.upper())
                )
            if row is None:
                raise NotFound(f"no inspection with id or reference {key!r}")
            return row.id

    def _inspection(self, s: Session, inspection_id: str) -> Inspection:
        row = s.get(Inspection, inspection_id) if inspection_id else None
        if row is None:
            raise NotFound(f"no inspection with id {inspection_id!r}")
        return row

    def _writable(self, s: Session, inspection_id: str) -> Inspection:
        row = self._inspection(s, inspection_id)
        if is_damaged(row.location):
            # Its state, timestamps or location were changed outside the app: never edit on.
            raise ReadOnly(
                f"inspectie {row.reference} is beschadigd of buiten de app om gewijzigd en kan "
                "niet worden bewerkt; zie 'inspector doctor'"
            )
        if row.state == "finalized":
            raise ReadOnly(
                f"inspection {row.reference} is finalized; reopen it (with a reason) to change it"
            )
        return row

    def get_inspection(self, inspection_id: str, *, audit_view: bool = True) -> InspectionDetail:
        with self.unit() as s:
            row = self._inspection(s, inspection_id)
            damaged: list[str] = []
            residents = [_resident_info(r, damaged) for r in row.residents]
            forms: dict[str, FormAnswers] = {}
            resident_forms: dict[str, dict[str, FormAnswers]] = {}
            records = s.scalars(
                select(FormRecord).where(FormRecord.inspection_id == inspection_id)
            ).all()
            for rec in records:
                if rec.form_id.startswith("_"):
                    continue  # bookkeeping records (reopen reasons), not questionnaires
                answers = self._load_record(s, rec)
                damaged.extend(f"{rec.form_id}/{path}" for path in answers.damaged)
                if rec.resident_id is None:
                    forms[rec.form_id] = answers
                else:
                    resident_forms.setdefault(rec.resident_id, {})[rec.form_id] = answers
            if audit_view:
                self.audit(s, "inspection.viewed", "inspection", row.id)
            summary = _summary(row, len(residents))
            if summary.damaged:
                damaged.insert(0, "inspection/location")
            return InspectionDetail(
                summary=summary,
                officers_present=_names(
                    row.officers_present, damaged, "inspection/officers_present"
                ),
                partners=_names(row.partners, damaged, "inspection/partners"),
                residents=residents,
                forms=forms,
                resident_forms=resident_forms,
                damaged=damaged,
            )

    def update_location(
        self,
        inspection_id: str,
        *,
        officers_present: Sequence[str] | None = None,
        partners: Sequence[str] | None = None,
    ) -> None:
        with self.unit() as s:
            row = self._writable(s, inspection_id)
            if officers_present is not None:
                row.officers_present = [o.strip() for o in officers_present if o.strip()]
            if partners is not None:
                row.partners = [p.strip() for p in partners if p.strip()]
            self.audit(s, "inspection.changed", "inspection", row.id)

    def finalize(
        self,
        inspection_id: str,
        *,
        incomplete_reason: str | None = None,
        open_points: Mapping[str, int] | None = None,
    ) -> InspectionSummary:
        """Lock the inspection (the caller has checked completeness). Finalized with open
        points: the officer's reason is kept encrypted (it may name people) and the audit
        records the open points per kind and the reason's length."""
        with self.unit() as s:
            row = self._writable(s, inspection_id)
            row.state = "finalized"
            row.finalized_at = utcnow()
            if incomplete_reason is None:
                self.audit(s, "inspection.finalized", "inspection", row.id)
            else:
                rec = self._record(s, row.id, "_finalize", 1, None)
                s.add(
                    Answer(
                        record_id=rec.id,
                        instance_id=new_id(),
                        field_id="incomplete_reason",
                        value={"at": utcnow().isoformat(), "reason": incomplete_reason.strip()},
                        form_version=1,
                        updated_by=self.officer.id,
                    )
                )
                self.audit(
                    s,
                    "inspection.finalized",
                    "inspection",
                    row.id,
                    incomplete=True,
                    open_points=dict(open_points or {}),
                    reason_chars=len(incomplete_reason.strip()),
                )
            sync_outbox.inspection_finalized(s, self.paths, row.id)
            return _summary(row, len(row.residents))

    def finalize_reasons(self, inspection_id: str) -> list[str]:
        """The reasons given for finalizing this inspection with open points, oldest first."""
        with self.unit() as s:
            rows = s.scalars(
                select(Answer)
                .join(FormRecord, Answer.record_id == FormRecord.id)
                .where(
                    FormRecord.inspection_id == inspection_id,
                    FormRecord.form_id == "_finalize",
                )
            ).all()
            values = [r.value for r in rows if isinstance(r.value, dict)]
        return [str(v.get("reason", "")) for v in sorted(values, key=lambda v: v.get("at", ""))]

    def reopen(self, inspection_id: str, reason: str) -> InspectionSummary:
        if len(reason.strip()) < 5:
            raise InvalidInput("give a reason for reopening (at least 5 characters)")
        with self.unit() as s:
            row = self._inspection(s, inspection_id)
            if row.state != "finalized":
                raise InvalidInput(f"inspection {row.reference} is not finalized")
            row.state = "in_progress"
            row.finalized_at = None
            # The reason may name people, so the audit keeps only its length; the text itself
            # is kept encrypted as an answer of the inspection.
            rec = self._record(s, row.id, "_reopen", 1, None)
            s.add(
                Answer(
                    record_id=rec.id,
                    instance_id=new_id(),
                    field_id="reason",
                    value={"at": utcnow().isoformat(), "reason": reason.strip()},
                    form_version=1,
                    updated_by=self.officer.id,
                )
            )
            self.audit(s, "inspection.reopened", "inspection", row.id, reason_chars=len(reason))
            return _summary(row, len(row.residents))

    # -- residents --------------------------------------------------------------------------

    def add_resident(
        self,
        inspection_id: str,
        name: str,
        language: str = "nl",
        *,
        room: str | None = None,
        import_key: str | None = None,
        answers: tuple[str, int, Mapping[str, Any]] | None = None,
    ) -> ResidentInfo:
        """Add a resident; with *answers* (form id, version, values) their questionnaire is
        filled in the same transaction: a killed import leaves a person whole or absent."""
        if not name.strip():
            raise InvalidInput("the resident's name is empty")
        if language not in RESIDENT_LANGUAGES:
            raise InvalidInput(
                f"unknown language {language!r}; use one of {', '.join(RESIDENT_LANGUAGES)}"
            )
        with self.unit() as s:
            self._writable(s, inspection_id)
            position = (
                s.scalar(
                    select(func.count())
                    .select_from(Resident)
                    .where(Resident.inspection_id == inspection_id)
                )
                or 0
            )
            row = Resident(
                inspection_id=inspection_id,
                name=name.strip(),
                language=language,
                position=position,
                room=room,
                import_key=import_key,
            )
            s.add(row)
            s.flush()
            self.audit(s, "resident.created", "resident", row.id, language=language)
            if answers is not None:
                form_id, form_version, values = answers
                self._add_answers(s, inspection_id, form_id, form_version, row.id, values)
            return ResidentInfo(row.id, inspection_id, row.name, language, position, room)

    def _add_answers(
        self,
        s: Session,
        inspection_id: str,
        form_id: str,
        form_version: int,
        resident_id: str,
        values: Mapping[str, Any],
    ) -> list[str]:
        """Add the top-level answers that are still empty (never overwrites one)."""
        rec = self._record(s, inspection_id, form_id, form_version, resident_id)
        present = set(
            s.scalars(
                select(Answer.field_id).where(Answer.record_id == rec.id, Answer.instance_id == "")
            )
        )
        added = []
        for field_id, value in values.items():
            if field_id in present or value is None or value == "" or value == []:
                continue
            s.add(
                Answer(
                    record_id=rec.id,
                    instance_id="",
                    field_id=field_id,
                    value=value,
                    form_version=form_version,
                    updated_by=self.officer.id,
                )
            )
            added.append(field_id)
        if added:
            self.audit(s, "answers.imported", "form_record", rec.id, form=form_id, fields=added)
        return added

    def complete_resident_answers(
        self,
        inspection_id: str,
        resident_id: str,
        form_id: str,
        form_version: int,
        values: Mapping[str, Any],
    ) -> list[str]:
        """Fill in the answers a resident is still missing (a re-import completes an import
        that was cut off); returns the fields added, in one transaction."""
        with self.unit() as s:
            self._writable(s, inspection_id)
            return self._add_answers(s, inspection_id, form_id, form_version, resident_id, values)

    def update_resident(
        self, resident_id: str, *, name: str | None = None, language: str | None = None
    ) -> ResidentInfo:
        with self.unit() as s:
            row = s.get(Resident, resident_id)
            if row is None:
                raise NotFound(f"no resident with id {resident_id!r}")
            self._writable(s, row.inspection_id)
            if name is not None:
                if not name.strip():
                    raise InvalidInput("the resident's name is empty")
                row.name = name.strip()
            if language is not None:
                if language not in RESIDENT_LANGUAGES:
                    raise InvalidInput(f"unknown language {language!r}")
                row.language = language
            self.audit(s, "resident.changed", "resident", row.id)
            return ResidentInfo(
                row.id, row.inspection_id, row.name, row.language, row.position, row.room
            )

    def residents(self, inspection_id: str) -> list[ResidentInfo]:
        with self.unit() as s:
            row = self._inspection(s, inspection_id)
            return [_resident_info(r, []) for r in row.residents]

    def find_resident_by_import_key(self, inspection_id: str, import_key: str) -> str | None:
        with self.unit() as s:
            return s.scalar(
                select(Resident.id).where(
                    Resident.inspection_id == inspection_id, Resident.import_key == import_key
                )
            )

    # -- answers ----------------------------------------------------------------------------

    def _record(
        self,
        s: Session,
        inspection_id: str,
        form_id: str,
        form_version: int,
        resident_id: str | None,
    ) -> FormRecord:
        subject = resident_id or LOCATION
        rec = s.scalar(
            select(FormRecord).where(
                FormRecord.inspection_id == inspection_id,
                FormRecord.subject == subject,
                FormRecord.form_id == form_id,
            )
        )
        if rec is None:
            rec = FormRecord(
                inspection_id=inspection_id,
                resident_id=resident_id,
                subject=subject,
                form_id=form_id,
                form_version=form_version,
            )
            s.add(rec)
            s.flush()
        elif form_version > rec.form_version:
            rec.form_version = form_version
        return rec

    def save_answer(
        self,
        inspection_id: str,
        form_id: str,
        form_version: int,
        field_id: str,
        value: Any,
        *,
        resident_id: str | None = None,
        instance_id: str = "",
    ) -> None:
        """Commit one answer at once (autosave). ``None`` or ``""`` clears it."""
        with self.unit() as s:
            insp = self._writable(s, inspection_id)
            if insp.state == "planned":
                insp.state = "in_progress"
                insp.started_at = utcnow()
            rec = self._record(s, inspection_id, form_id, form_version, resident_id)
            if instance_id:
                inst = s.get(RepeatInstance, instance_id)
                if inst is None or inst.record_id != rec.id:
                    raise NotFound(f"no repeat instance {instance_id!r} in this form")
            row = s.scalar(
                select(Answer).where(
                    Answer.record_id == rec.id,
                    Answer.instance_id == instance_id,
                    Answer.field_id == field_id,
                )
            )
            empty = value is None or value == "" or value == []
            if empty:
                if row is not None:
                    s.delete(row)
            elif row is None:
                s.add(
                    Answer(
                        record_id=rec.id,
                        instance_id=instance_id,
                        field_id=field_id,
                        value=value,
                        form_version=form_version,
                        updated_by=self.officer.id,
                    )
                )
            else:
                row.value = value
                row.form_version = form_version
                row.updated_at = utcnow()
                row.updated_by = self.officer.id
            insp.updated_at = utcnow()
            self.audit(
                s,
                "answer.cleared" if empty else "answer.saved",
                "form_record",
                rec.id,
                form=form_id,
                field=field_id,
                instance=instance_id or None,
            )

    def add_repeat_instance(
        self,
        inspection_id: str,
        form_id: str,
        form_version: int,
        repeat_id: str,
        *,
        resident_id: str | None = None,
    ) -> str:
        with self.unit() as s:
            self._writable(s, inspection_id)
            rec = self._record(s, inspection_id, form_id, form_version, resident_id)
            position = (
                s.scalar(
                    select(func.count())
                    .select_from(RepeatInstance)
                    .where(
                        RepeatInstance.record_id == rec.id, RepeatInstance.repeat_id == repeat_id
                    )
                )
                or 0
            )
            inst = RepeatInstance(record_id=rec.id, repeat_id=repeat_id, position=position)
            s.add(inst)
            s.flush()
            self.audit(s, "repeat.added", "form_record", rec.id, form=form_id, repeat=repeat_id)
            return inst.id

    def _instance(self, s: Session, instance_id: str) -> tuple[RepeatInstance, FormRecord]:
        inst = s.get(RepeatInstance, instance_id)
        if inst is None:
            raise NotFound(f"no repeat instance {instance_id!r}")
        rec = s.get(FormRecord, inst.record_id)
        assert rec is not None
        self._writable(s, rec.inspection_id)
        return inst, rec

    def remove_repeat_instance(self, instance_id: str) -> None:
        with self.unit() as s:
            inst, rec = self._instance(s, instance_id)
            for ans in s.scalars(select(Answer).where(Answer.instance_id == instance_id)):
                s.delete(ans)
            siblings = self._siblings(s, inst)
            s.delete(inst)
            for pos, other in enumerate(o for o in siblings if o.id != instance_id):
                other.position = pos
            self.audit(
                s, "repeat.removed", "form_record", rec.id, form=rec.form_id, repeat=inst.repeat_id
            )

    def move_repeat_instance(self, instance_id: str, new_position: int) -> None:
        with self.unit() as s:
            inst, rec = self._instance(s, instance_id)
            siblings = [o for o in self._siblings(s, inst) if o.id != instance_id]
            new_position = max(0, min(new_position, len(siblings)))
            siblings.insert(new_position, inst)
            for pos, other in enumerate(siblings):
                other.position = pos
            self.audit(
                s, "repeat.moved", "form_record", rec.id, form=rec.form_id, repeat=inst.repeat_id
            )

    @staticmethod
    def _siblings(s: Session, inst: RepeatInstance) -> list[RepeatInstance]:
        return list(
            s.scalars(
                select(RepeatInstance)
                .where(
                    RepeatInstance.record_id == inst.record_id,
                    RepeatInstance.repeat_id == inst.repeat_id,
                )
                .order_by(RepeatInstance.position)
            )
        )

    def _load_record(self, s: Session, rec: FormRecord) -> FormAnswers:
        result = FormAnswers(rec.form_id, rec.form_version, rec.id)
        instances = s.scalars(
            select(RepeatInstance)
            .where(RepeatInstance.record_id == rec.id)
            .order_by(RepeatInstance.repeat_id, RepeatInstance.position)
        ).all()
        where: dict[str, tuple[str, int]] = {}
        for inst in instances:
            ids = result.instances.setdefault(inst.repeat_id, [])
            items = result.values.setdefault(inst.repeat_id, [])
            where[inst.id] = (inst.repeat_id, len(ids))
            ids.append(inst.id)
            items.append({})
        for ans in s.scalars(select(Answer).where(Answer.record_id == rec.id)):
            if is_damaged(ans.value):
                _log.warning("answer %s does not decrypt", ans.id)
                where_ = f"{ans.instance_id}/" if ans.instance_id else ""
                result.damaged.append(where_ + ans.field_id)
                continue
            if ans.instance_id:
                if ans.instance_id not in where:
                    continue  # e.g. reopen reasons: kept, not part of the form
                repeat_id, index = where[ans.instance_id]
                result.values[repeat_id][index][ans.field_id] = ans.value
                result.versions[f"{repeat_id}[{index}].{ans.field_id}"] = ans.form_version
            else:
                result.values[ans.field_id] = ans.value
                result.versions[ans.field_id] = ans.form_version
        return result

    def load_answers(
        self, inspection_id: str, form_id: str, *, resident_id: str | None = None
    ) -> FormAnswers:
        with self.unit() as s:
            self._inspection(s, inspection_id)
            rec = s.scalar(
                select(FormRecord).where(
                    FormRecord.inspection_id == inspection_id,
                    FormRecord.subject == (resident_id or LOCATION),
                    FormRecord.form_id == form_id,
                )
            )
            if rec is None:
                return FormAnswers(form_id, None, None)
            return self._load_record(s, rec)

    # -- attachments ------------------------------------------------------------------------

    def add_attachment(
        self,
        inspection_id: str,
        *,
        kind: str,
        content: bytes,
        mime: str,
        caption: str | None = None,
        resident_id: str | None = None,
        registration_id: str | None = None,
        field_ref: str | None = None,
        instance_id: str | None = None,
        allow_finalized: bool = False,
    ) -> str:
        with self.unit() as s:
            if allow_finalized:
                self._inspection(s, inspection_id)
            else:
                self._writable(s, inspection_id)
            row = Attachment(
                inspection_id=inspection_id,
                resident_id=resident_id,
                registration_id=registration_id,
                kind=kind,
                field_ref=field_ref,
                instance_id=instance_id,
                caption=caption,
                mime=mime,
                size=len(content),
                content=content,
                created_by=self.officer.id,
            )
            s.add(row)
            s.flush()
            self.audit(s, "attachment.added", "attachment", row.id, kind=kind, size=len(content))
            return row.id

    def attachment_content(self, attachment_id: str) -> tuple[bytes, str]:
        with self.unit() as s:
            row = s.get(Attachment, attachment_id)
            if row is None:
                raise NotFound(f"no attachment with id {attachment_id!r}")
            self.audit(s, "attachment.viewed", "attachment", row.id)
            return row.content, row.mime

    def attachments(
        self, inspection_id: str, *, resident_id: str | None = None, kind: str | None = None
    ) -> list[dict[str, Any]]:
        """Attachment metadata (no content) for an inspection, newest last."""
        with self.unit() as s:
            q = select(
                Attachment.id,
                Attachment.kind,
                Attachment.caption,
                Attachment.mime,
                Attachment.size,
                Attachment.field_ref,
                Attachment.instance_id,
                Attachment.resident_id,
                Attachment.created_at,
            ).where(Attachment.inspection_id == inspection_id)
            if resident_id is not None:
                q = q.where(Attachment.resident_id == resident_id)
            if kind is not None:
                q = q.where(Attachment.kind == kind)
            return [dict(r._mapping) for r in s.execute(q.order_by(Attachment.created_at))]

    def _changeable_attachment(self, s: Session, attachment_id: str) -> Attachment:
        row = s.get(Attachment, attachment_id)
        if row is None:
            raise NotFound(f"no attachment with id {attachment_id!r}")
        self._writable(s, row.inspection_id)
        if row.registration_id:
            registration = s.get(Registration, row.registration_id)
            if registration is not None and registration.state in (
                "signed",
                "processed",
                "superseded",
            ):
                raise ReadOnly(
                    "this file belongs to a signed registration; make a correction (a new "
                    "version) instead"
                )
        return row

    def set_caption(self, attachment_id: str, caption: str) -> None:
        with self.unit() as s:
            row = self._changeable_attachment(s, attachment_id)
            row.caption = caption
            self.audit(s, "attachment.changed", "attachment", row.id)

    def remove_attachment(self, attachment_id: str) -> None:
        with self.unit() as s:
            row = self._changeable_attachment(s, attachment_id)
            s.delete(row)
            self.audit(s, "attachment.removed", "attachment", attachment_id)
