"""The clerk's desk: the queue (order, legal clock, counts, filters, search), taking and
releasing, the review of one registration, outcomes (with an optional second clerk), posting
them back to the officer's laptop, and the privacy terms of the ID scans."""

from __future__ import annotations

import dataclasses
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import String, case, func, select, type_coerce
from sqlalchemy.orm import InstrumentedAttribute, Session

from inspector.clerk import checks
from inspector.clerk.models import (
    OPEN_STATES,
    STATES,
    ClerkFile,
    ClerkHandover,
    ClerkInspection,
    ClerkQuarantine,
    ClerkRegistration,
)
from inspector.clerk.receive import ClerkError, _bsn_hash, keyed_hash, service_link
from inspector.clerk.term import urgency, working_days_between
from inspector.core.workspace import Workspace
from inspector.localtime import local_day
from inspector.messages import BilingualMessage
from inspector.states import CLERK_DONE, ClerkState
from inspector.storage.models import Officer, utcnow

STATE_LABELS: dict[str, str] = {
    ClerkState.RECEIVED: "Ontvangen",
    ClerkState.IN_PROGRESS: "In behandeling",
    ClerkState.AWAITING_CONFIRMATION: "Wacht op tweede medewerker",
    ClerkState.PROCESSED: "Verwerkt",
    ClerkState.RETURNED: "Teruggestuurd met vraag",
    ClerkState.REFUSED: "Geweigerd",
    ClerkState.SUPERSEDED: "Vervangen door correctie",
}
SCAN_KINDS = ("id_front", "id_back")
OUTCOMES = CLERK_DONE


@dataclass(frozen=True)
class QueueFilter:
    states: tuple[str, ...] = ()
    officer: str = ""
    inspection: str = ""
    address: str = ""
    received_from: date | None = None
    received_to: date | None = None
    #: Name (part of surname or given names) and/or date of birth.
    name: str = ""
    birth_date: date | None = None
    include_superseded: bool = False


@dataclass(slots=True)
class QueueRow:
    """One row of the queue (plain, made 10,000 at a time: a slotted dataclass)."""

    record_id: str
    state: str
    on_the_spot: bool
    name: str
    birth_date: str
    officer: str
    address: str
    inspection_reference: str
    received_on: date
    age_days: int
    due_on: date
    working_days_left: int
    urgency: str
    assigned_to: str
    version: int
    #: Whether the personal columns are filled (see ClerkDesk.queue's *names*).
    loaded: bool = True

    @property
    def state_label(self) -> str:
        return STATE_LABELS.get(self.state, self.state)

    def with_summary(self, summary: dict[str, Any]) -> QueueRow:
        return dataclasses.replace(
            self,
            name=_name(summary),
            birth_date=str(summary.get("birth_date", "")),
            officer=str(summary.get("officer", "")),
            address=str(summary.get("address", "")),
            loaded=True,
        )


def _name(summary: dict[str, Any]) -> str:
    return f"{summary.get('surname', '')}, {summary.get('given_names', '')}"


def _start_of(day: date) -> datetime:
    """The UTC moment the local *day* begins."""
    from inspector.localtime import zone

    return datetime(day.year, day.month, day.day, tzinfo=zone()).astimezone(UTC)


@dataclass(frozen=True)
class FileInfo:
    id: str
    kind: str
    mime: str
    size: int
    deleted: bool


@dataclass
class Review:
    """Everything on the review screen of one registration."""

    record_id: str
    state: str
    version: int
    form: dict[str, Any]
    payload: dict[str, Any]
    summary: dict[str, Any]
    files: list[FileInfo]
    warnings: list[checks.Warning_]
    comparison: list[checks.FieldComparison]
    check_digits_ok: bool | None
    visual_check: bool | None
    bearing: list[dict[str, Any]]
    versions: list[tuple[str, int, str]]
    changes: list[dict[str, Any]]
    outcome: dict[str, Any] | None
    assigned_to: str
    due_on: date
    received_at: datetime
    signed_at: datetime | None
    officer: str
    place: str
    proposed_by: str | None = None
    #: Who made the outcome final (the clerk's name) and when (UTC).
    decided_by: str = ""
    decided_at: datetime | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class ClerkDesk:
    """One clerk's work in an office store. Each public method is one unit of work."""

    def __init__(self, ws: Workspace, transport: httpx.BaseTransport | None = None) -> None:
        self.ws = ws
        #: How the desk reaches the service (None: over the network; tests pass their own).
        self.transport = transport

    @property
    def settings(self) -> Any:
        return self.ws.settings.clerk

    # -- queue ------------------------------------------------------------------------------

    def _names(self, s: Session) -> dict[str, str]:
        return {o.id: str(o.name) for o in s.scalars(select(Officer))}

    def queue(
        self,
        flt: QueueFilter | None = None,
        today: date | None = None,
        *,
        names: bool = True,
    ) -> list[QueueRow]:
        """The queue: open ones first, on-the-spot ones first, then by the end of the term.

        With *names* False (the window) the personal columns are left empty unless a filter
        needs them: the order and the clock use plain columns only, and the table fetches
        names for the rows it shows (:meth:`summaries`), so 10,000 rows need no decryption.
        """
        flt = flt or QueueFilter()
        if flt.received_from and flt.received_to and flt.received_from > flt.received_to:
            raise ClerkError(
                "clerk.dates_reversed",
                "'Ontvangen vanaf' ligt na 'ontvangen t/m': draai de data om.",
                "'Received from' is after 'received up to': swap the dates.",
            )
        today = today or local_day(utcnow())
        text_filter = bool(
            flt.officer.strip() or flt.address.strip() or flt.name.strip() or flt.birth_date
        )
        decrypt = names or text_filter
        reg = ClerkRegistration
        # Plain text from SQLite (no datetime or date objects per row): the hour the record
        # was received ("YYYY-MM-DD HH", UTC) and the last day of the term ("YYYY-MM-DD"),
        # each turned into a local day / date once per distinct value below.
        cols: list[Any] = [
            reg.record_id,
            reg.state,
            reg.on_the_spot,
            reg.inspection_reference,
            func.substr(type_coerce(reg.received_at, String), 1, 13),
            type_coerce(reg.due_on, String),
            reg.assigned_to,
            reg.version,
        ]
        if decrypt:
            cols.append(reg.summary)
        # The order is SQLite's: open ones first, on-the-spot ones first, then the end of the
        # term, then the moment received.
        q = select(*cols).order_by(
            case((reg.state.in_(OPEN_STATES), 0), else_=1),
            reg.on_the_spot.desc(),
            reg.due_on,
            reg.received_at,
            reg.record_id,
        )
        if flt.states:
            q = q.where(reg.state.in_(flt.states))
        elif not flt.include_superseded:
            q = q.where(reg.state != ClerkState.SUPERSEDED)
        if flt.inspection:
            q = q.where(reg.inspection_reference.contains(flt.inspection.strip()))
        if flt.received_from:
            q = q.where(reg.received_at >= _start_of(flt.received_from))
        if flt.received_to:
            q = q.where(reg.received_at < _start_of(flt.received_to + timedelta(1)))
        with self.ws.unit() as s:
            names_of = self._names(s)
            # Core rows (plain tuples), not the ORM's per-row loading: a third of the time.
            raw: list[Any] = list(s.connection().execute(q).all())
        rows: list[QueueRow] = []
        officer = flt.officer.casefold().strip()
        address = flt.address.casefold().strip()
        name = flt.name.casefold().strip()
        dob = flt.birth_date.isoformat() if flt.birth_date else ""
        received_days: dict[str, date] = {}
        due_days: dict[str, tuple[date, int, str]] = {}
        empty: dict[str, Any] = {}
        open_states = frozenset(OPEN_STATES)
        for rec in raw:
            rid, state, spot, ref, hour, due_text, assigned, version = rec[:8]
            summary = rec[8] if decrypt else empty
            if text_filter:
                full = f"{summary.get('given_names', '')} {summary.get('surname', '')}"
                if officer and officer not in str(summary.get("officer", "")).casefold():
                    continue
                where = f"{summary.get('address', '')} {summary.get('postcode', '')} "
                where += str(summary.get("town", ""))
                if address and address not in where.casefold():
                    continue
                if name and name not in full.casefold():
                    continue
                if dob and summary.get("birth_date") != dob:
                    continue
            received_on = received_days.get(hour)
            if received_on is None:
                moment = datetime.fromisoformat(f"{hour}:00").replace(tzinfo=UTC)
                received_on = received_days[hour] = local_day(moment)
            due = due_days.get(due_text)
            if due is None:
                due_on = date.fromisoformat(due_text[:10])
                due = due_days[due_text] = (
                    due_on,
                    working_days_between(today, due_on),
                    urgency(today, due_on),
                )
            rows.append(
                QueueRow(
                    rid,
                    state,
                    bool(spot),
                    _name(summary) if decrypt else "",
                    str(summary.get("birth_date", "")) if decrypt else "",
                    str(summary.get("officer", "")) if decrypt else "",
                    str(summary.get("address", "")) if decrypt else "",
                    ref or "",
                    received_on,
                    (today - received_on).days,
                    due[0],
                    due[1],
                    due[2] if state in open_states else "done",
                    names_of.get(assigned or "", "") if assigned else "",
                    version,
                    decrypt,
                )
            )
        return rows

    def summaries(self, record_ids: list[str]) -> dict[str, dict[str, Any]]:
        """Name, date of birth, officer and address of the rows a table shows."""
        out: dict[str, dict[str, Any]] = {}
        with self.ws.unit() as s:
            for start in range(0, len(record_ids), 500):
                part = record_ids[start : start + 500]
                for rid, summary in s.execute(
                    select(ClerkRegistration.record_id, ClerkRegistration.summary).where(
                        ClerkRegistration.record_id.in_(part)
                    )
                ):
                    out[rid] = dict(summary)
        return out

    def counts(self) -> dict[str, int]:
        """Registrations per state (every state named, zero included)."""
        with self.ws.unit() as s:
            found = dict(
                s.execute(
                    select(ClerkRegistration.state, func.count()).group_by(ClerkRegistration.state)
                ).all()
            )
        return {state: int(found.get(state, 0)) for state in STATES}

    # -- assignment -------------------------------------------------------------------------

    def _row(self, s: Session, record_id: str) -> ClerkRegistration:
        row = s.get(ClerkRegistration, record_id)
        if row is None:
            raise ClerkError(
                "clerk.no_such_registration",
                "Geen ontvangen inschrijving {record_id}.",
                "No received registration {record_id}.",
                record_id=record_id,
            )
        return row

    def _open(self, s: Session, record_id: str) -> ClerkRegistration:
        row = self._row(s, record_id)
        if row.state == ClerkState.SUPERSEDED:
            raise ClerkError(
                "clerk.superseded",
                "Deze versie is vervangen door een correctie; open de nieuwste versie.",
                "This version was replaced by a correction; open the newest version.",
            )
        if row.state not in OPEN_STATES:
            raise ClerkError(
                "clerk.already_done",
                "Deze inschrijving is al afgehandeld ({state_nl}).",
                "This registration has already been dealt with ({state_en}).",
                state_nl=STATE_LABELS[row.state].lower(),
                state_en=row.state.replace("_", " "),
            )
        return row

    def take(self, record_id: str) -> None:
        with self.ws.unit() as s:
            row = self._open(s, record_id)
            if row.assigned_to and row.assigned_to != self.ws.officer.id:
                raise ClerkError(
                    "clerk.taken_by_colleague",
                    "Een collega behandelt deze inschrijving al; neem haar over met een reden.",
                    "A colleague is already handling this registration; take it over with a "
                    "reason.",
                )
            row.assigned_to, row.assigned_at = self.ws.officer.id, utcnow()
            if row.state == ClerkState.RECEIVED:
                row.state = ClerkState.IN_PROGRESS
            self.ws.audit(s, "clerk.taken", "clerk_registration", row.record_id)

    def release(self, record_id: str) -> None:
        with self.ws.unit() as s:
            row = self._open(s, record_id)
            if row.assigned_to != self.ws.officer.id:
                raise ClerkError(
                    "clerk.release_not_yours",
                    "Alleen wie de inschrijving behandelt, kan haar vrijgeven.",
                    "Only the clerk handling the registration can release it.",
                )
            if row.state == ClerkState.AWAITING_CONFIRMATION:
                raise ClerkError(
                    "clerk.awaiting_second_clerk",
                    "De uitkomst wacht op een tweede medewerker.",
                    "The outcome is waiting for a second clerk.",
                )
            row.assigned_to, row.assigned_at, row.state = None, None, ClerkState.RECEIVED
            self.ws.audit(s, "clerk.released", "clerk_registration", row.record_id)

    def take_over(self, record_id: str, reason: str) -> None:
        reason = reason.strip()
        if len(reason) < 5:
            raise ClerkError(
                "clerk.takeover_reason",
                "Geef een reden om de inschrijving van een collega over te nemen.",
                "Give a reason to take over a colleague's registration.",
            )
        with self.ws.unit() as s:
            row = self._open(s, record_id)
            previous = row.assigned_to
            if previous in (None, self.ws.officer.id):
                raise ClerkError(
                    "clerk.not_a_colleagues",
                    "Deze inschrijving is niet van een collega: neem haar gewoon.",
                    "This registration is not a colleague's: just take it.",
                )
            row.assigned_to, row.assigned_at = self.ws.officer.id, utcnow()
            if row.state == ClerkState.RECEIVED:
                row.state = ClerkState.IN_PROGRESS
            # The reason may name a person: only its length is audited, the text stays with
            # the registration (encrypted).
            outcome = dict(row.outcome or {})
            outcome.setdefault("takeovers", []).append(
                {"from": previous, "reason": reason, "at": utcnow().isoformat()}
            )
            row.outcome = outcome
            self.ws.audit(
                s, "clerk.taken_over", "clerk_registration", row.record_id, previous=previous
            )

    # -- review -----------------------------------------------------------------------------

    def review(self, record_id: str) -> Review:
        with self.ws.unit() as s:
            row = self._row(s, record_id)
            names = self._names(s)
            payload = dict(row.payload)
            form = checks.form_of(payload)
            files = [
                FileInfo(f.id, f.kind, f.mime, f.size, f.content is None)
                for f in s.scalars(
                    select(ClerkFile)
                    .where(ClerkFile.record_id == record_id)
                    .order_by(ClerkFile.kind)
                )
            ]
            others = s.scalar(
                select(func.count()).where(
                    ClerkRegistration.person_hash == row.person_hash,
                    ClerkRegistration.source_id != row.source_id,
                )
            )
            bsn_before = False
            if row.bsn_hash:
                bsn_before = bool(
                    s.scalar(
                        select(func.count()).where(
                            ClerkRegistration.bsn_hash == row.bsn_hash,
                            ClerkRegistration.source_id != row.source_id,
                        )
                    )
                )
            bearing: list[dict[str, Any]] = []
            if row.inspection_id:
                insp = s.scalars(
                    select(ClerkInspection)
                    .where(ClerkInspection.inspection_id == row.inspection_id)
                    .order_by(ClerkInspection.version.desc())
                ).first()
                if insp is not None:
                    bearing = list(insp.bearing)
            versions = self._chain(s, row)
            self.ws.audit(s, "clerk.viewed", "clerk_registration", record_id)
            comparison, digits = checks.mrz_comparison(payload)
            data = (payload.get("enrolment") or {}).get("data") or {}
            return Review(
                record_id=row.record_id,
                state=row.state,
                version=row.version,
                form=form,
                payload=payload,
                summary=dict(row.summary),
                files=files,
                warnings=checks.warnings(
                    payload, bsn_given_before=bsn_before, received_before=bool(others)
                ),
                comparison=comparison,
                check_digits_ok=digits,
                visual_check=(data.get("document_check") or {}).get("visual_check"),
                bearing=bearing,
                versions=versions,
                changes=list(row.changes or []),
                outcome=None if row.outcome is None else dict(row.outcome),
                assigned_to=names.get(row.assigned_to or "", ""),
                due_on=row.due_on,
                received_at=row.received_at,
                signed_at=row.signed_at,
                officer=str(form.get("officer_name") or ""),
                place=str(form.get("signing_place") or ""),
                proposed_by=names.get(row.proposed_by or "") if row.proposed_by else None,
                decided_by=names.get(row.outcome_by or "", ""),
                decided_at=row.outcome_at,
            )

    def _chain(self, s: Session, row: ClerkRegistration) -> list[tuple[str, int, str]]:
        """Every version of this registration, oldest first: (record id, version, state)."""
        chain = [row]
        seen = {row.record_id}
        cur = row
        while cur.supersedes and cur.supersedes not in seen:
            prev = s.get(ClerkRegistration, cur.supersedes)
            if prev is None:
                break
            chain.insert(0, prev)
            seen.add(prev.record_id)
            cur = prev
        cur = row
        while cur.superseded_by and cur.superseded_by not in seen:
            nxt = s.get(ClerkRegistration, cur.superseded_by)
            if nxt is None:
                break
            chain.append(nxt)
            seen.add(nxt.record_id)
            cur = nxt
        return [(r.record_id, r.version, r.state) for r in chain]

    def file_content(self, file_id: str, purpose: str = "view") -> tuple[bytes, str]:
        """A file's bytes; every view or export of a file is audited."""
        with self.ws.unit() as s:
            f = s.get(ClerkFile, file_id)
            if f is None:
                raise ClerkError(
                    "clerk.no_such_file",
                    "Dit bestand bestaat niet.",
                    "This file does not exist.",
                )
            if f.content is None:
                raise ClerkError(
                    "clerk.scan_deleted",
                    "Deze scan is verwijderd (bewaartermijn verstreken).",
                    "This scan has been deleted (its retention period is over).",
                )
            action = "clerk.scan_viewed" if f.kind in SCAN_KINDS else "clerk.file_viewed"
            if purpose == "export":
                action = "clerk.file_exported"
            self.ws.audit(s, action, "clerk_file", f.id, record=f.record_id, kind=f.kind)
            return bytes(f.content), f.mime

    def files_content(self, file_ids: list[str]) -> dict[str, tuple[bytes, str]]:
        """Several files of one screen in one unit of work, each view audited."""
        out: dict[str, tuple[bytes, str]] = {}
        with self.ws.unit() as s:
            for fid in file_ids:
                f = s.get(ClerkFile, fid)
                if f is None or f.content is None:
                    continue
                action = "clerk.scan_viewed" if f.kind in SCAN_KINDS else "clerk.file_viewed"
                self.ws.audit(s, action, "clerk_file", f.id, record=f.record_id, kind=f.kind)
                out[fid] = (bytes(f.content), f.mime)
        return out

    def file_of(self, record_id: str, kind: str) -> FileInfo | None:
        with self.ws.unit() as s:
            f = s.scalars(
                select(ClerkFile).where(ClerkFile.record_id == record_id, ClerkFile.kind == kind)
            ).first()
            return None if f is None else FileInfo(f.id, f.kind, f.mime, f.size, f.content is None)

    # -- outcomes ---------------------------------------------------------------------------

    def decide(
        self,
        record_id: str,
        state: str,
        *,
        bsn: str = "",
        registration_date: date | None = None,
        first_registration: bool | None = None,
        message: str = "",
        today: date | None = None,
    ) -> str:
        """Record an outcome. With the four-eyes setting it waits for a second clerk
        (``awaiting_confirmation``); else it is final at once. Returns the new state."""
        today = today or local_day(utcnow())
        if state not in OUTCOMES:
            raise ClerkError(
                "clerk.unknown_outcome",
                "Onbekende uitkomst {state!r}.",
                "Unknown outcome {state!r}.",
                state=state,
            )
        outcome: dict[str, Any] = {"state": state}
        if state == ClerkState.PROCESSED:
            number = checks.valid_bsn(bsn)
            if number is None:
                raise ClerkError(
                    "clerk.bsn_invalid",
                    "Het BSN is niet geldig (9 cijfers die de elfproef doorstaan).",
                    "The BSN is not valid (9 digits that pass the eleven test).",
                )
            if registration_date is None:
                raise ClerkError(
                    "clerk.registration_date_missing",
                    "Vul de datum van inschrijving uit de BRP in.",
                    "Fill in the date of registration from the BRP.",
                )
            if registration_date > today:
                raise ClerkError(
                    "clerk.registration_date_future",
                    "De datum van inschrijving ligt in de toekomst.",
                    "The date of registration is in the future.",
                )
            if first_registration is None:
                raise ClerkError(
                    "clerk.first_or_return",
                    "Kies: eerste inschrijving of hervestiging.",
                    "Choose: first registration or return from abroad (hervestiging).",
                )
            outcome |= {
                "bsn": number,
                "registration_date": registration_date.isoformat(),
                "registration_type": "first" if first_registration else "re",
            }
        else:
            message = message.strip()
            if len(message) < 5:
                if state == ClerkState.RETURNED:
                    raise ClerkError(
                        "clerk.question_missing",
                        "Schrijf de vraag aan de toezichthouder.",
                        "Write the question for the officer.",
                    )
                raise ClerkError(
                    "clerk.reason_missing",
                    "Schrijf de reden van de weigering.",
                    "Write the reason for the refusal.",
                )
            outcome["message"] = message
        with self.ws.unit() as s:
            row = self._open(s, record_id)
            if row.assigned_to != self.ws.officer.id:
                raise ClerkError(
                    "clerk.take_first",
                    "Neem de inschrijving eerst in behandeling.",
                    "Take the registration first.",
                )
            if state == ClerkState.PROCESSED and row.signed_at is not None:
                if registration_date and registration_date < local_day(row.signed_at):
                    raise ClerkError(
                        "clerk.registration_date_early",
                        "De datum van inschrijving ligt vóór de aangifte.",
                        "The date of registration is before the declaration.",
                    )
            kept = dict(row.outcome or {})
            row.outcome = {**{k: v for k, v in kept.items() if k == "takeovers"}, **outcome}
            if self.settings.four_eyes:
                row.state, row.proposed_by = ClerkState.AWAITING_CONFIRMATION, self.ws.officer.id
                self.ws.audit(
                    s, "clerk.outcome_proposed", "clerk_registration", record_id, state=state
                )
                return row.state
            self._final(s, row, state)
            return state

    def _final(self, s: Session, row: ClerkRegistration, state: str) -> None:
        row.state, row.outcome_at, row.outcome_by = state, utcnow(), self.ws.officer.id
        if state == ClerkState.PROCESSED and row.outcome:
            row.bsn_hash = _bsn_hash(self.ws, row.outcome.get("bsn"))
        self.ws.audit(s, f"clerk.{state}", "clerk_registration", row.record_id, version=row.version)

    def confirm(self, record_id: str) -> str:
        """The second clerk confirms the proposed outcome (four eyes)."""
        with self.ws.unit() as s:
            row = self._row(s, record_id)
            if row.state != ClerkState.AWAITING_CONFIRMATION or row.outcome is None:
                raise ClerkError(
                    "clerk.nothing_to_confirm",
                    "Er wacht geen uitkomst op bevestiging.",
                    "No outcome is waiting for confirmation.",
                )
            if row.proposed_by == self.ws.officer.id:
                raise ClerkError(
                    "clerk.second_clerk_confirms",
                    "Een tweede medewerker moet de uitkomst bevestigen.",
                    "A second clerk must confirm the outcome.",
                )
            state = str(row.outcome["state"])
            outcome = dict(row.outcome)
            outcome["confirmed_by"] = self.ws.officer.id
            row.outcome = outcome
            self._final(s, row, state)
            return state

    def reject_proposal(self, record_id: str) -> None:
        """The second clerk does not agree: back to the first clerk."""
        with self.ws.unit() as s:
            row = self._row(s, record_id)
            if row.state != ClerkState.AWAITING_CONFIRMATION:
                raise ClerkError(
                    "clerk.nothing_to_confirm",
                    "Er wacht geen uitkomst op bevestiging.",
                    "No outcome is waiting for confirmation.",
                )
            if row.proposed_by == self.ws.officer.id:
                raise ClerkError(
                    "clerk.second_clerk_reviews",
                    "Een tweede medewerker beoordeelt de uitkomst.",
                    "A second clerk is reviewing the outcome.",
                )
            row.state = ClerkState.IN_PROGRESS
            self.ws.audit(s, "clerk.proposal_rejected", "clerk_registration", record_id)

    def _final_outcomes_without(self, stamp: InstrumentedAttribute[datetime | None]) -> list[str]:
        """Record ids of final outcomes whose *stamp* (sent to the laptop / told to
        handhaving) is not set yet."""
        with self.ws.unit() as s:
            return list(
                s.scalars(
                    select(ClerkRegistration.record_id).where(
                        ClerkRegistration.state.in_(OUTCOMES), stamp.is_(None)
                    )
                )
            )

    def unposted(self) -> list[str]:
        return self._final_outcomes_without(ClerkRegistration.posted_at)

    def post_outcomes(self, transport: httpx.BaseTransport | None = None) -> tuple[int, list[str]]:
        """Send every final outcome not yet sent to the service, sealed to the laptop's key,
        so that it reaches the officer (and enforcement) at their next sync."""
        from inspector.sync.client import seal_downlink
        from inspector.sync.devices import DeviceKeyError, certified_keys
        from inspector.sync.trust import b64

        transport = transport or self.transport
        todo = self.unposted()
        if not todo:
            return 0, self.post_notices(transport)
        base, token, _cursor = service_link(self.ws)
        headers = {"Authorization": f"Bearer {token}"}
        sent, errors = 0, []
        with httpx.Client(base_url=base, transport=transport, timeout=60) as c:
            for rid in todo:
                with self.ws.unit() as s:
                    row = self._row(s, rid)
                    device_id, state = row.device_id, row.state
                    content = downlink_content(row)
                try:
                    # Only keys the office root certified (a service cannot swap them).
                    try:
                        device = certified_keys(self.ws, c, headers, device_id)
                    except DeviceKeyError as exc:
                        raise ClerkError(
                            BilingualMessage("clerk.device_keys", exc.message.nl, exc.message.en)
                        ) from exc
                    sealed = seal_downlink(
                        device.box_public, device_id, "outcome", rid, state, content
                    )
                    resp = c.post(
                        f"/v1/records/{rid}/outcome",
                        json={"state": state, "sealed": b64(sealed)},
                        headers=headers,
                    )
                    error = None if resp.status_code == 200 else f"HTTP {resp.status_code}"
                except (httpx.HTTPError, ClerkError) as exc:
                    error = exc.text("nl") if isinstance(exc, ClerkError) else type(exc).__name__
                with self.ws.unit() as s:
                    row = self._row(s, rid)
                    if error is None:
                        row.posted_at, row.post_error = utcnow(), None
                        self.ws.audit(
                            s, "clerk.outcome_posted", "clerk_registration", rid, state=state
                        )
                        sent += 1
                    else:
                        row.post_error = error[:500]
                        errors.append(f"{rid}: {error}")
        notice_errors = self.post_notices(transport)
        return sent, errors + notice_errors

    def notices_unposted(self) -> list[str]:
        return self._final_outcomes_without(ClerkRegistration.notice_posted_at)

    def post_notices(self, transport: httpx.BaseTransport | None = None) -> list[str]:
        """Tell handhaving every final outcome not yet told: a notice (``sync.notices``) sealed
        to the enforcement key of the office's trust bundle — fetched from the service and
        used only when it verifies against this store's own root key — and signed with this
        store's registry issuer key. Only what enforcement needs travels (``notice_content``).
        Returns the errors (one per outcome not told; tried again next time)."""
        from inspector.sync import notices
        from inspector.sync.devices import root_key_row
        from inspector.sync.trust import TrustBundle, TrustError, b64

        transport = transport or self.transport
        todo = self.notices_unposted()
        if not todo:
            return []
        base, token, _cursor = service_link(self.ws)
        with self.ws.unit() as s:
            root = root_key_row(s)
            root_public = None if root is None else root.public
        headers = {"Authorization": f"Bearer {token}"}
        errors: list[str] = []
        with httpx.Client(base_url=base, transport=transport, timeout=60) as c:
            problem: str | None = None
            bundle: TrustBundle | None = None
            try:
                if root_public is None:
                    raise TrustError("this store has no office root key")
                resp = c.get("/v1/trust")
                if resp.status_code != 200:
                    raise TrustError(f"the service gives no trust bundle (HTTP {resp.status_code})")
                bundle = TrustBundle.from_json(resp.json()).verified(root_public)
            except (TrustError, ValueError) as exc:
                problem = f"de sleutels van handhaving zijn niet te controleren: {exc}"
            except httpx.HTTPError as exc:
                problem = f"de dienst is niet bereikbaar ({type(exc).__name__})"
            for rid in todo:
                error = problem
                if bundle is not None:
                    try:
                        with self.ws.unit() as s:
                            row = self._row(s, rid)
                            sealed = notices.seal_notice(
                                s, bundle, notice_id(rid), "registration_outcome",
                                notice_content(row),
                            )  # fmt: skip
                        resp = c.post(
                            "/v1/notices",
                            json={
                                "notice_id": notice_id(rid),
                                "recipient": "enforcement",
                                "sealed": b64(sealed),
                            },
                            headers=headers,
                        )
                        error = None if resp.status_code == 200 else f"HTTP {resp.status_code}"
                    except notices.NoticeError as exc:
                        error = f"geen bericht aan handhaving: {exc}"
                    except httpx.HTTPError as exc:
                        error = type(exc).__name__
                with self.ws.unit() as s:
                    row = self._row(s, rid)
                    if error is None:
                        row.notice_posted_at, row.notice_error = utcnow(), None
                        self.ws.audit(
                            s, "clerk.notice_posted", "clerk_registration", rid,
                            state=row.state, to="enforcement",
                        )  # fmt: skip
                    else:
                        row.notice_error = error[:500]
                        errors.append(f"{rid}: {error}")
        return errors

    # -- privacy ----------------------------------------------------------------------------

    def purge_scans(self, today: date | None = None) -> int:
        """Delete the ID scans: ``scan_retention_days`` after processing, and after a refusal
        once the objection term has passed. Returns the number of scans deleted."""
        today = today or local_day(utcnow())
        cfg = self.settings
        deleted = 0
        with self.ws.unit() as s:
            rows = s.scalars(
                select(ClerkRegistration).where(
                    ClerkRegistration.state.in_(
                        (ClerkState.PROCESSED, ClerkState.REFUSED, ClerkState.SUPERSEDED)
                    ),
                    ClerkRegistration.scans_deleted_at.is_(None),
                    ClerkRegistration.outcome_at.is_not(None),
                )
            ).all()
            for row in rows:
                assert row.outcome_at is not None
                days = (
                    cfg.scan_retention_days
                    if row.state == ClerkState.PROCESSED
                    else cfg.objection_term_days
                )
                if local_day(row.outcome_at) + timedelta(days=days) > today:
                    continue
                for f in s.scalars(
                    select(ClerkFile).where(
                        ClerkFile.record_id == row.record_id, ClerkFile.kind.in_(SCAN_KINDS)
                    )
                ):
                    if f.content is not None:
                        f.content, f.deleted_at = None, utcnow()
                        deleted += 1
                row.scans_deleted_at = utcnow()
                self.ws.audit(s, "clerk.scans_deleted", "clerk_registration", row.record_id)
        return deleted

    # -- quarantine and hand-over -----------------------------------------------------------

    def quarantine(self) -> list[dict[str, Any]]:
        with self.ws.unit() as s:
            rows = s.scalars(select(ClerkQuarantine).order_by(ClerkQuarantine.detected_at)).all()
            return [
                {
                    "record_id": q.record_id,
                    "kind": q.kind,
                    "version": q.version,
                    "device_id": q.device_id,
                    "reason": q.reason,
                    "detected_at": q.detected_at,
                    "reported": q.reported_at is not None,
                    "report_error": q.report_error,
                }
                for q in rows
            ]

    def handovers(self) -> list[dict[str, Any]]:
        with self.ws.unit() as s:
            rows = s.scalars(
                select(ClerkHandover).order_by(ClerkHandover.signalled_at, ClerkHandover.code)
            ).all()
            return [
                {
                    "id": h.id,
                    "inspection": h.reference or h.inspection_id,
                    "code": h.code,
                    "recipient": h.recipient,
                    "signalled_at": h.signalled_at,
                    "handed_over_at": h.handed_over_at,
                }
                for h in rows
            ]

    def mark_handed_over(self, handover_id: str) -> None:
        with self.ws.unit() as s:
            h = s.get(ClerkHandover, handover_id)
            if h is None:
                raise ClerkError(
                    "clerk.not_on_handover",
                    "Dit signaal staat niet op de overdrachtslijst.",
                    "This signal is not on the hand-over list.",
                )
            if h.handed_over_at is None:
                h.handed_over_at, h.handed_over_by = utcnow(), self.ws.officer.id
                self.ws.audit(s, "clerk.handed_over", "clerk_handover", h.id, recipient=h.recipient)

    def address_investigations(self) -> list[dict[str, Any]]:
        """The persons planned visits found for an address investigation (adresonderzoek),
        newest first: registered but not living at the address, or living there without being
        registered (from the finalized inspection records, ``receive.investigation_entries``).
        Viewing the list is audited (it names persons)."""
        from inspector.clerk.receive import ADDRESS_INVESTIGATION

        out: list[dict[str, Any]] = []
        with self.ws.unit() as s:
            rows = s.scalars(
                select(ClerkInspection).order_by(
                    ClerkInspection.received_at.desc(), ClerkInspection.record_id
                )
            ).all()
            latest: dict[str, ClerkInspection] = {}
            for row in rows:  # a corrected inspection: only its latest version counts
                known = latest.get(row.inspection_id)
                if known is None or row.version > known.version:
                    latest[row.inspection_id] = row
            for row in sorted(latest.values(), key=lambda r: r.received_at, reverse=True):
                for entry in row.bearing if isinstance(row.bearing, list) else []:
                    if isinstance(entry, dict) and entry.get("code") == ADDRESS_INVESTIGATION:
                        out.append(
                            {
                                "inspection": row.reference or row.inspection_id,
                                "received_at": row.received_at,
                                "address": str(entry.get("address") or ""),
                                "person": str(entry.get("person") or ""),
                                "what": str(entry.get("what") or ""),
                            }
                        )
            if out:
                self.ws.audit(s, "clerk.investigations_viewed", "clerk_inspection", None,
                              count=len(out))  # fmt: skip
        return out

    def person_hash(self, form: dict[str, Any]) -> str:
        return keyed_hash(self.ws, "person", "|".join(checks.person_key(form)))


def downlink_content(row: ClerkRegistration) -> dict[str, Any]:
    """What goes down to the laptop about an outcome (sealed to the device)."""
    outcome = dict(row.outcome or {})
    state = row.state
    if state == ClerkState.PROCESSED:
        kind = (
            "eerste inschrijving" if outcome.get("registration_type") == "first" else "hervestiging"
        )
        day = date.fromisoformat(str(outcome["registration_date"]))
        return {
            "message": f"verwerkt: ingeschreven per {day:%d-%m-%Y} ({kind})",
            "bsn": outcome.get("bsn"),
            "registration_date": outcome.get("registration_date"),
            "registration_type": outcome.get("registration_type"),
        }
    if state == ClerkState.RETURNED:
        return {"message": f"vraag van burgerzaken: {outcome.get('message', '')}"}
    # Refused: the laptop turns its registration into REFUSED with the reason and the date.
    decided = None if row.outcome_at is None else local_day(row.outcome_at).isoformat()
    return {
        "message": f"geweigerd door burgerzaken: {outcome.get('message', '')}",
        "reason": str(outcome.get("message", "")),
        "decided_on": decided,
    }


#: Notice ids are derived from the record: a notice sent again (a retry) has the same id, and
#: the service and the coordinator keep one copy. A record has one final outcome.
_NOTICE_NAMESPACE = uuid.UUID("6f1d2b0e-9c1a-4e53-8a57-6a0f4f0c2d11")


def notice_id(record_id: str) -> str:
    return str(uuid.uuid5(_NOTICE_NAMESPACE, f"registration-outcome:{record_id}"))


def notice_content(row: ClerkRegistration) -> dict[str, Any]:
    """What handhaving gets of an outcome: its kind and date, the laptop's registration and
    resident ids (which the coordinator knows from the inspection record), the inspection and
    its address. Never the BSN, the registration date from the BRP, the person's data, the
    scans, or the clerk's question or reason (``docs/sync.md``, "Notices between offices")."""
    payload = row.payload if isinstance(row.payload, dict) else {}
    enrolment = payload.get("enrolment") or {}
    location = payload.get("address") or {}
    address = None
    if isinstance(location, dict):
        street = str(location.get("address") or "").strip()
        place = f"{location.get('postcode') or ''} {location.get('city') or ''}".strip()
        address = ", ".join(part for part in (street, place) if part)[:300] or None
    assert row.outcome_at is not None
    return {
        "outcome": row.state,
        "decided_on": local_day(row.outcome_at).isoformat(),
        "registration_id": row.source_id,
        "version": int(row.version),
        "resident_id": str(enrolment.get("resident_id") or "") or None,
        "inspection_id": row.inspection_id,
        "inspection_reference": row.inspection_reference,
        "address": address,
    }
