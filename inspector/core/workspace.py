"""The unlocked store: every operation the window and the command line perform on data."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from inspector.core import anchor as anchor_mod
from inspector.core import audit as audit_log
from inspector.core.ids import InspectionId, ResidentId
from inspector.core.vault import OfficerInfo, StoreMeta
from inspector.error_kinds import KnownError
from inspector.messages import BilingualMessage
from inspector.oscompat import write_atomic
from inspector.paths import DataPaths
from inspector.security.crypto import DataCipher, DecryptionError
from inspector.settings import Settings
from inspector.states import InspectionState
from inspector.storage import codec, seal
from inspector.storage.db import Database, is_write_failure, wrote_data
from inspector.storage.models import (
    Answer,
    FormRecord,
    Inspection,
    RepeatInstance,
    Resident,
)
from inspector.storage.types import Damaged, is_damaged

if TYPE_CHECKING:
    from inspector.core.answers import Answers
    from inspector.core.attachments import Attachments
    from inspector.core.inspections import Inspections
    from inspector.core.letter_context import Letters
    from inspector.core.registrations import Registrations
    from inspector.core.residents import Residents
    from inspector.sync.outbox import Outbox

DAMAGED_TEXT = Damaged.TEXT

_log = logging.getLogger(__name__)
#: Audit actions logged at DEBUG only: answers saved one by one, records viewed or listed.
_QUIET_ACTIONS = (".saved", ".cleared", ".viewed", ".listed")

DISK_FULL = BilingualMessage(
    "storage.full",
    "de wijziging kon niet worden opgeslagen: de schijf is vol; eerder opgeslagen gegevens "
    "zijn niet aangetast. Maak ruimte vrij en probeer het opnieuw",
    "the change could not be saved: the disk is full; what was saved before is untouched. "
    "Free some space and try again",
)
NOT_WRITABLE = BilingualMessage(
    "storage.not_writable",
    "de wijziging kon niet worden opgeslagen: de schijf is vol of niet beschrijfbaar; eerder "
    "opgeslagen gegevens zijn niet aangetast. Maak ruimte vrij en probeer het opnieuw",
    "the change could not be saved: the disk is full or cannot be written; what was saved "
    "before is untouched. Free some space and try again",
)

LOCATION = "location"
BAG_KEYS = ("verblijfsobject", "nummeraanduiding", "pand")


class WorkspaceError(KnownError):
    """An operation on the store cannot be done; the message says why, in Dutch and English."""


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
    id: InspectionId
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
class ResidentSummary:
    id: ResidentId
    inspection_id: InspectionId
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
    residents: list[ResidentSummary]
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


def summary_of(row: Any, residents: int = 0) -> InspectionSummary:
    """From an Inspection, or a result row with the same column names."""
    loc = row.location or {}
    damaged = is_damaged(loc)
    if damaged:
        _log.warning("inspection %s: its location does not decrypt", row.id)
        loc = {"address": DAMAGED_TEXT}
    return InspectionSummary(
        id=InspectionId(row.id),
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


def name_list(value: Any, damaged: list[str], what: str) -> list[str]:
    """A stored list of names; empty (and *what* noted as damaged) where it does not decrypt."""
    if is_damaged(value):
        damaged.append(what)
        return []
    return list(value or [])


def resident_info(r: Resident, damaged: list[str]) -> ResidentSummary:
    """A detached copy of a resident row (damaged name or room shown as such, and noted)."""
    if is_damaged(r.name) or is_damaged(r.room):
        damaged.append(f"resident/{r.id}")
    return ResidentSummary(
        ResidentId(r.id),
        InspectionId(r.inspection_id),
        _text(r.name),
        r.language,
        r.position,
        _text(r.room),
    )


def inspection_row(s: Session, inspection_id: str) -> Inspection:
    """The inspection in this unit of work, or NotFound."""
    row = s.get(Inspection, inspection_id) if inspection_id else None
    if row is None:
        raise NotFound(
            "inspection.not_found",
            "geen inspectie met id {id!r}",
            "no inspection with id {id!r}",
            id=inspection_id,
        )
    return row


def writable_inspection(s: Session, inspection_id: str) -> Inspection:
    """The inspection, for a change of it or of anything it holds (residents, answers,
    attachments, registrations): ReadOnly when finalized or changed outside the app."""
    row = inspection_row(s, inspection_id)
    if is_damaged(row.location):
        # Its state, timestamps or location were changed outside the app: never edit on.
        raise ReadOnly(
            "inspection.damaged",
            "inspectie {ref} is beschadigd of buiten de app om gewijzigd en kan niet worden "
            "bewerkt; zie 'inspector doctor'",
            "inspection {ref} is damaged or was changed outside the app and cannot be edited; "
            "see 'inspector doctor'",
            ref=row.reference,
        )
    if row.state == InspectionState.FINALIZED:
        raise ReadOnly(
            "inspection.finalized",
            "inspectie {ref} is afgerond; heropen haar (met een reden) om te wijzigen",
            "inspection {ref} is finalized; reopen it (with a reason) to change it",
            ref=row.reference,
        )
    return row


def form_record(
    s: Session,
    inspection_id: str,
    form_id: str,
    form_version: int,
    resident_id: str | None,
) -> FormRecord:
    """The form record of (inspection, subject, form), made on first use."""
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


def load_record(s: Session, rec: FormRecord) -> FormAnswers:
    """All answers of one form record, repeats in their order; damaged values named."""
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


class Workspace:
    """One officer's unlocked store: the plumbing (unit of work, audit, anchor) and one manager
    per record kind (``ws.inspections``, ``ws.residents``, ``ws.answers``, ``ws.attachments``,
    ``ws.registrations``, ``ws.letters``); each public method of a manager is one unit of work."""

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
        #: Renew the anchor kept with the key material (keyring entry or key file) after every
        #: unit that changed something, not only at unlock and lock: a database put back
        #: together with anchor.json from a moment after the last unlock is then refused too.
        #: Measured: benchmarks/bench_store.py (autosave p99 with and without).
        self.anchor_key_material_per_unit = True

    # -- managers (one per record kind; loaded on first use) ---------------------------------

    @cached_property
    def inspections(self) -> Inspections:
        from inspector.core.inspections import Inspections

        return Inspections(self)

    @cached_property
    def residents(self) -> Residents:
        from inspector.core.residents import Residents

        return Residents(self)

    @cached_property
    def answers(self) -> Answers:
        from inspector.core.answers import Answers

        return Answers(self)

    @cached_property
    def attachments(self) -> Attachments:
        from inspector.core.attachments import Attachments

        return Attachments(self)

    @cached_property
    def registrations(self) -> Registrations:
        from inspector.core.registrations import Registrations

        return Registrations(self)

    @cached_property
    def letters(self) -> Letters:
        from inspector.core.letter_context import Letters

        return Letters(self)

    @cached_property
    def outbox(self) -> Outbox:
        from inspector.sync.outbox import Outbox

        return Outbox(self)

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
                    raise StorageFull(DISK_FULL)
                self._deferred_audit.extend(s.info.get("audit_events", []))
                return
            try:
                # The rows this unit sealed or deleted (table, id, seal version) in an event
                # of their own: the anchored chain knows every row's newest version, so a
                # whole row put back from an older copy shows (audit.rolled_back).
                s.flush()
                sealed = s.info.pop(seal.SEALED_KEY, None)
                if sealed:
                    audit_log.append(
                        s,
                        self.officer.id,
                        audit_log.SEALED_ACTION,
                        **{audit_log.SEALED_DETAIL: sealed},
                    )
                s.commit()
            except OperationalError as exc:
                if not is_write_failure(exc):
                    raise
                events = s.info.get("audit_events", [])[first_own:]
                s.rollback()
                if wrote_data(s):
                    raise StorageFull(NOT_WRITABLE) from exc
                _log.warning("audit events kept in memory: the store cannot be written now")
                self._deferred_audit.extend(events)
                return
            del self._deferred_audit[: len(replayed)]
            last = s.info.get("last_event")
            if last is not None:
                self._anchor_file(*last)
                if self.anchor_key_material_per_unit:
                    anchor_mod.record_key_material(
                        self.paths, self.meta, self._anchor(*last), self._cipher()
                    )
        except OperationalError as exc:
            s.rollback()
            if is_write_failure(exc) and wrote_data(s):
                raise StorageFull(NOT_WRITABLE) from exc
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
        # The log gets the bookkeeping of the event only (its details can hold field names).
        # Autosave and reading are the bulk: kept out of the file unless DEBUG is on (a log
        # line per keystroke pause cost autosave ~3 ms); every other action is logged.
        level = logging.DEBUG if action.endswith(_QUIET_ACTIONS) else logging.INFO
        _log.log(level, "%s %s %s", action, record_type, record_id)

    def _anchor(self, seq: int, digest: str) -> anchor_mod.Anchor:
        return anchor_mod.Anchor(self.meta.store_id, seal.FORMAT, seq, digest)

    def _anchor_file(self, seq: int, digest: str) -> None:
        anchor_mod.record_file(self.paths, self._anchor(seq, digest), self._cipher())

    def _cipher(self) -> DataCipher:
        return self.db.cipher

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
        if self.db.unlocked:
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

        cipher = self.db.cipher
        blob = cipher.encrypt(codec.encode(dict(state)), b"ui-state:" + self.officer.id.encode())
        write_atomic(self.paths.ui_state, blob)

    def load_ui_state(self) -> dict[str, Any]:

        try:
            blob = self.paths.ui_state.read_bytes()
            data = codec.decode(
                self.db.cipher.decrypt(blob, b"ui-state:" + self.officer.id.encode())
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
