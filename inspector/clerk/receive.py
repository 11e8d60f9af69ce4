"""Receiving sealed records at the clerk's office store: download from the service, check the
device signature, every hash and the recipient key, open, and keep; a record that fails any
check goes to quarantine with the reason (audited, reported to the service, never dropped)."""

from __future__ import annotations

import hashlib
import io
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import IO, Any

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session

from inspector.clerk import checks
from inspector.clerk.models import (
    OPEN_STATES,
    ClerkFile,
    ClerkHandover,
    ClerkInspection,
    ClerkLink,
    ClerkQuarantine,
    ClerkRegistration,
)
from inspector.clerk.term import add_working_days
from inspector.core.workspace import Workspace
from inspector.error_kinds import KnownError
from inspector.states import ClerkState
from inspector.storage import codec
from inspector.storage.models import utcnow
from inspector.sync import envelope
from inspector.sync.models import SyncKey

#: Signals that bear on the address: the only part of an inspection the clerk keeps.
BEARING = {
    "use_not_allowed": "Bewoning van dit adres is niet toegestaan (omgevingsplan).",
    "more_present_than_registered": "Meer personen aangetroffen dan ingeschreven.",
    "registered_not_living": "Ingeschreven personen wonen hier niet (meer).",
    "overcrowding": "Overbewoning: te weinig oppervlakte per persoon.",
}
#: Hand-over recipients: the permits/enforcement department and the human-trafficking
#: coordinator (aandachtsfunctionaris mensenhandel).
HANDHAVING, MENSENHANDEL = "handhaving", "mensenhandel"
#: Quarantined records up to this size are kept (still sealed) for investigation.
QUARANTINE_KEEP_BYTES = 50 << 20
_AFMH_REFERRAL = "aandachtsfunctionaris_mensenhandel"


class ClerkError(KnownError):
    """A clerk's action cannot be done: ``ClerkError(code, nl, en, **params)`` like every
    KnownError; the desk shows it in the interface language."""


class NotAClerkStore(ClerkError):
    pass


class Rejected(Exception):
    """A received record fails a check; the message is the quarantine reason (no personal
    data: it names the check)."""


@dataclass
class PullSummary:
    received: int = 0
    inspections: int = 0
    quarantined: int = 0
    duplicates: int = 0
    errors: list[str] = field(default_factory=list)
    #: Seconds spent downloading (for the benchmark's ratio).
    download_seconds: float = 0.0

    def describe(self) -> str:
        text = (
            f"{self.received} inschrijvingen ontvangen, {self.inspections} controles, "
            f"{self.quarantined} in quarantaine"
        )
        if self.errors:
            text += "; fouten: " + "; ".join(self.errors)
        return text


# -- role ------------------------------------------------------------------------------------


def registry_keys(s: Session) -> dict[str, SyncKey]:
    """The registry recipient keys whose private half this store holds (retired ones too)."""
    rows = s.scalars(
        select(SyncKey).where(
            SyncKey.purpose == "recipient",
            SyncKey.role == "registry",
            SyncKey.private.is_not(None),
        )
    )
    return {r.key_id: r for r in rows}


def link(ws: Workspace, server_url: str, token: str) -> None:
    """Link this office store to the service with a registry user's token."""
    with ws.unit() as s:
        if not registry_keys(s):
            raise NotAClerkStore(
                "clerk.no_registry_key",
                "Deze opslag heeft geen privésleutel van burgerzaken: maak die eerst met "
                "'inspector keys create --role registry' of zet de back-up terug.",
                "This store has no private key of burgerzaken (civil affairs): create it first "
                "with 'inspector keys create --role registry' or restore the backup.",
            )
        row = s.get(ClerkLink, 1)
        if row is None:
            s.add(ClerkLink(id=1, server_url=server_url.rstrip("/"), token=token, cursor=0))
        else:
            row.server_url, row.token = server_url.rstrip("/"), token
        ws.audit(s, "clerk.linked", "clerk_link", "1")


# -- one record ------------------------------------------------------------------------------


def _iso_dt(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, str) and value:
        try:
            d = datetime.fromisoformat(value)
        except ValueError:
            return None
        return d if d.tzinfo else d.replace(tzinfo=UTC)
    return None


def _local_day(moment: datetime) -> date:
    from inspector.localtime import local_day

    return local_day(moment)


def open_and_check(
    f: IO[bytes],
    meta: dict[str, Any],
    s: Session,
    device_public: bytes | None,
) -> tuple[envelope.Opened, dict[str, Any], list[tuple[dict[str, Any], bytes]]]:
    """Every check of one downloaded record; raises :class:`Rejected` with the reason."""
    f.seek(0)
    digest = hashlib.sha256()
    size = 0
    while block := f.read(1 << 20):
        digest.update(block)
        size += len(block)
    if digest.hexdigest() != meta.get("sha256") or size != meta.get("size"):
        raise Rejected(
            "de ontvangen bytes komen niet overeen met de hash van de ontvangstbevestiging"
        )
    f.seek(0)
    try:
        header = envelope.read_header(f)
    except envelope.EnvelopeError as exc:
        raise Rejected(f"kop onleesbaar: {exc}") from exc
    m = header.manifest
    if m["record_id"] != meta.get("record_id") or m["kind"] != meta.get("kind"):
        raise Rejected("het manifest hoort niet bij dit record (id of soort wijkt af)")
    if m["device_id"] != meta.get("device_id"):
        raise Rejected("het manifest noemt een ander apparaat dan de dienst")
    if device_public is None:
        raise Rejected(
            "de sleutel van het apparaat is bij de dienst niet bekend of niet door kantoor "
            "gecertificeerd"
        )
    try:
        envelope.verify_signature(header, device_public)
    except envelope.EnvelopeError as exc:
        raise Rejected(f"handtekening van het apparaat: {exc}") from exc
    try:
        envelope.verify_streams(f, header)
    except envelope.EnvelopeError as exc:
        raise Rejected(f"hash: {exc}") from exc
    mine = registry_keys(s)
    kid = next((k for k in m["recipients"] if k in mine), None)
    if kid is None:
        raise Rejected("niet versleuteld voor een sleutel van burgerzaken die deze opslag heeft")
    row = mine[kid]
    assert row.private is not None
    from cryptography.hazmat.primitives.asymmetric import x25519

    f.seek(0)
    try:
        opened = envelope.open_record(
            f, kid, x25519.X25519PrivateKey.from_private_bytes(row.private), device_public
        )
    except envelope.EnvelopeError as exc:
        raise Rejected(f"openen met de sleutel van burgerzaken: {exc}") from exc
    try:
        payload = codec.decode(opened.payload)
    except ValueError as exc:
        raise Rejected("de inhoud is geen geldig record") from exc
    if not isinstance(payload, dict) or payload.get("kind") != m["kind"]:
        raise Rejected("de inhoud is van een andere soort dan het manifest")
    files: list[tuple[dict[str, Any], bytes]] = []
    metas = {a.get("id"): a for a in payload.get("attachments") or []}
    for index, entry in enumerate(m["attachments"]):
        try:
            content = b"".join(opened.attachment_chunks(f, index))
        except envelope.EnvelopeError as exc:
            raise Rejected(f"bijlage {index + 1}: {exc}") from exc
        if len(content) != entry["size"]:
            raise Rejected(f"bijlage {index + 1} heeft een andere grootte dan het manifest")
        info = metas.get(entry.get("id")) or {}
        files.append(({**info, "id": entry.get("id")}, content))
    if m["kind"] == "registration":
        reg = payload.get("enrolment") or {}
        if not isinstance(reg, dict) or reg.get("version") != m["version"]:
            raise Rejected("de versie in de inhoud wijkt af van het manifest")
    return opened, payload, files


def keyed_hash(ws: Workspace, purpose: str, value: str) -> str:
    """HMAC-SHA256 under a subkey of the store's data key: equal values match, the value
    itself cannot be read back or guessed without the key."""
    import hmac

    key = ws.db.cipher.subkey(b"inspector clerk " + purpose.encode() + b" v1")
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def _bsn_hash(ws: Workspace, value: Any) -> str | None:
    number = checks.valid_bsn(str(value or ""))
    return None if number is None else keyed_hash(ws, "bsn", number)


def _summary(payload: dict[str, Any]) -> dict[str, Any]:
    form = checks.form_of(payload)
    address = payload.get("address") or {}
    street = " ".join(str(x) for x in (form.get("street"), form.get("house_number")) if x)
    return {
        "surname": str(form.get("surname") or ""),
        "given_names": str(form.get("given_names") or ""),
        "birth_date": str(form.get("birth_date") or "")[:10],
        "officer": str(form.get("officer_name") or ""),
        "address": street or str(address.get("address") or ""),
        "postcode": str(form.get("postcode") or address.get("postcode") or ""),
        "town": str(form.get("town") or address.get("city") or ""),
        "language": str(form.get("preferred_language") or ""),
        "person_key": list(checks.person_key(form)),
    }


def store_registration(
    ws: Workspace,
    s: Session,
    meta: dict[str, Any],
    payload: dict[str, Any],
    files: list[tuple[dict[str, Any], bytes]],
) -> ClerkRegistration:
    reg = payload.get("enrolment") or {}
    data = reg.get("data") or {}
    received = _iso_dt(meta.get("received_at")) or utcnow()
    row = ClerkRegistration(
        record_id=meta["record_id"],
        seq=int(meta["seq"]),
        device_id=str(meta["device_id"]),
        source_id=str(reg.get("id") or meta["record_id"]),
        version=int(meta.get("version") or 1),
        supersedes=meta.get("supersedes"),
        state=ClerkState.RECEIVED,
        # Registrations from an employer's list carry the list's key; the rest were taken
        # on the spot (Gouda) and go first.
        on_the_spot=not bool(data.get("import_key")),
        officer_id=reg.get("officer_id"),
        inspection_id=reg.get("inspection_id"),
        inspection_reference=reg.get("inspection_reference"),
        signed_at=_iso_dt(reg.get("signed_at")),
        received_at=received,
        pulled_at=utcnow(),
        due_on=add_working_days(
            _local_day(received), ws.settings.clerk.processing_term_working_days
        ),
        summary=_summary(payload),
        person_hash=keyed_hash(ws, "person", "|".join(checks.person_key(checks.form_of(payload)))),
        bsn_hash=_bsn_hash(ws, checks.form_of(payload).get("bsn")),
        payload={k: v for k, v in payload.items() if k != "attachments"}
        | {"attachments": payload.get("attachments") or []},
    )
    previous = None
    if row.supersedes:
        previous = s.get(ClerkRegistration, row.supersedes)
    if previous is not None:
        row.changes = checks.diff(checks.form_of(previous.payload), checks.form_of(payload))
        # The correction takes the earlier version's place in the queue, with its clock
        # and its clerk.
        row.due_on = previous.due_on
        row.received_at = previous.received_at
        if previous.state in OPEN_STATES:
            row.assigned_to, row.assigned_at = previous.assigned_to, previous.assigned_at
            row.state = ClerkState.IN_PROGRESS if previous.assigned_to else ClerkState.RECEIVED
        previous.state = ClerkState.SUPERSEDED
        previous.superseded_by = row.record_id
    s.add(row)
    for info, content in files:
        s.add(
            ClerkFile(
                record_id=row.record_id,
                attachment_id=str(info.get("id")),
                kind=str(info.get("kind") or "document")[:20],
                mime=str(info.get("mime") or "application/octet-stream")[:60],
                size=len(content),
                sha256=hashlib.sha256(content).hexdigest(),
                content=content,
            )
        )
    ws.audit(
        s,
        "clerk.received",
        "clerk_registration",
        row.record_id,
        version=row.version,
        supersedes=row.supersedes,
        files=len(files),
    )
    return row


def store_inspection(
    ws: Workspace, s: Session, meta: dict[str, Any], payload: dict[str, Any]
) -> None:
    """Only the findings that bear on the address, and the signals to hand over."""
    insp = payload.get("inspection") or {}
    inspection_id = str(insp.get("id") or "")
    bearing = []
    handovers: list[tuple[str, str]] = []
    for f in payload.get("findings") or []:
        code = str(f.get("code") or "")
        if f.get("category") != "signal":
            continue
        if code in BEARING:
            bearing.append({"code": code, "text": BEARING[code]})
        if code == "use_not_allowed":
            handovers.append((code, HANDHAVING))
        referrals = (f.get("data") or {}).get("referrals") or []
        if _AFMH_REFERRAL in referrals:
            handovers.append((code, MENSENHANDEL))
    bearing += investigation_entries(payload)
    received = _iso_dt(meta.get("received_at")) or utcnow()
    s.merge(
        ClerkInspection(
            record_id=meta["record_id"],
            inspection_id=inspection_id,
            reference=insp.get("reference"),
            version=int(meta.get("version") or 1),
            received_at=received,
            bearing=bearing,
        )
    )
    known = {
        (h.code, h.recipient)
        for h in s.scalars(
            select(ClerkHandover).where(ClerkHandover.inspection_id == inspection_id)
        )
    }
    for code, recipient in dict.fromkeys(handovers):
        if (code, recipient) not in known:
            s.add(
                ClerkHandover(
                    inspection_id=inspection_id,
                    reference=insp.get("reference"),
                    code=code,
                    recipient=recipient,
                    signalled_at=received,
                )
            )
    ws.audit(
        s, "clerk.inspection_received", "clerk_inspection", meta["record_id"], bearing=len(bearing)
    )


#: The code of an address-investigation entry in ``ClerkInspection.bearing``.
ADDRESS_INVESTIGATION = "address_investigation"
_INVESTIGATE = {
    "not_here": "staat hier ingeschreven maar woont hier niet",
    "found": "woont hier maar staat hier niet ingeschreven",
}


def investigation_entries(payload: dict[str, Any]) -> list[dict[str, Any]]:
    """From a planned visit's inspection record: the persons burgerzaken should investigate
    (adresonderzoek) — registered but not living at the address, and found living there
    without being registered. One entry each, with the address the visit was for."""
    investigation = payload.get("address_investigation")
    if not isinstance(investigation, dict):
        return []
    location = (payload.get("inspection") or {}).get("location") or {}
    address = ""
    if isinstance(location, dict):
        street = str(location.get("address") or "").strip()
        place = f"{location.get('postcode') or ''} {location.get('city') or ''}".strip()
        address = ", ".join(part for part in (street, place) if part)
    entries = []
    for mark in investigation.get("marks") or []:
        if isinstance(mark, dict) and mark.get("mark") == "not_here":
            entries.append(("not_here", str(mark.get("name") or "?")))
    for found in investigation.get("found") or []:
        if isinstance(found, dict):
            entries.append(("found", str(found.get("name") or "?")))
    return [
        {
            "code": ADDRESS_INVESTIGATION,
            "text": f"Adresonderzoek: {name} {_INVESTIGATE[what]}",
            "person": name,
            "what": what,
            "address": address,
        }
        for what, name in entries
    ]


def quarantine(
    ws: Workspace, s: Session, meta: dict[str, Any], reason: str, sealed: bytes | None
) -> ClerkQuarantine:
    row = ClerkQuarantine(
        record_id=str(meta.get("record_id")),
        seq=int(meta.get("seq") or 0),
        kind=str(meta.get("kind") or "")[:20],
        device_id=str(meta.get("device_id") or "")[:36],
        version=meta.get("version") if isinstance(meta.get("version"), int) else None,
        reason=reason[:500],
        sealed=sealed,
    )
    s.add(row)
    s.flush()
    ws.audit(s, "clerk.quarantined", "clerk_quarantine", row.record_id, reason=reason[:200])
    return row


def receive(
    ws: Workspace,
    meta: dict[str, Any],
    f: IO[bytes],
    device_public: bytes | None,
    *,
    advance_cursor: bool = False,
) -> str:
    """Check, open and keep one downloaded record. Returns ``received``, ``inspection``,
    ``duplicate`` or ``quarantined``. With *advance_cursor* the link's cursor moves past the
    record in the same transaction (one commit per record)."""
    with ws.unit() as s:
        if advance_cursor:
            link_row = s.get(ClerkLink, 1)
            assert link_row is not None
            link_row.cursor = max(link_row.cursor, int(meta["seq"]))
        rid = str(meta.get("record_id"))
        if s.get(ClerkRegistration, rid) is not None or s.get(ClerkInspection, rid) is not None:
            return "duplicate"
        if s.scalar(select(ClerkQuarantine.id).where(ClerkQuarantine.record_id == rid)):
            return "duplicate"
        try:
            _opened, payload, files = open_and_check(f, meta, s, device_public)
        except Rejected as exc:
            f.seek(0, io.SEEK_END)
            keep = f.tell() <= QUARANTINE_KEEP_BYTES
            f.seek(0)
            quarantine(ws, s, meta, str(exc), f.read() if keep else None)
            return "quarantined"
        if meta.get("kind") == "inspection":
            store_inspection(ws, s, meta, payload)
            return "inspection"
        store_registration(ws, s, meta, payload, files)
        return "received"


# -- over the wire ---------------------------------------------------------------------------


def _client(base: str, transport: httpx.BaseTransport | None, timeout: float) -> httpx.Client:
    return httpx.Client(base_url=base, transport=transport, timeout=timeout)


def service_link(ws: Workspace) -> tuple[str, str, int]:
    """The service this store pulls from: its address, the token and the read cursor."""
    with ws.unit() as s:
        row = s.get(ClerkLink, 1)
        if row is None:
            raise ClerkError(
                "clerk.not_linked",
                "Deze opslag is niet gekoppeld aan de dienst: 'inspector clerk link --server URL "
                "--token TOKEN'.",
                "This store is not linked to the service: 'inspector clerk link --server URL "
                "--token TOKEN'.",
            )
        return row.server_url, str(row.token), row.cursor


def pull(
    ws: Workspace,
    transport: httpx.BaseTransport | None = None,
    timeout: float = 120.0,
    progress: Callable[[int], None] | None = None,
) -> PullSummary:
    """Fetch every new record for burgerzaken, check and keep it; report quarantined ones."""
    import time

    base, token, cursor = service_link(ws)
    headers = {"Authorization": f"Bearer {token}"}
    summary = PullSummary()
    device_keys: dict[str, bytes | None] = {}
    with _client(base, transport, timeout) as c:
        while True:
            resp = c.get("/v1/records", params={"after": cursor, "limit": 200}, headers=headers)
            if resp.status_code != 200:
                raise ClerkError(
                    "clerk.list_refused",
                    "De dienst weigert de lijst: {detail}",
                    "The service refuses the list: {detail}",
                    detail=_detail(resp),
                )
            batch = resp.json().get("records") or []
            if not batch:
                break
            for meta in batch:
                rid = str(meta.get("record_id"))
                did = str(meta.get("device_id"))
                if did not in device_keys:
                    device_keys[did] = _device_key(ws, c, headers, did)
                started = time.perf_counter()
                with tempfile.SpooledTemporaryFile(max_size=8 << 20) as f:
                    with c.stream("GET", f"/v1/records/{rid}/sealed", headers=headers) as r:
                        if r.status_code != 200:
                            summary.errors.append(f"{rid}: {r.status_code}")
                            break
                        for block in r.iter_bytes():
                            f.write(block)
                    summary.download_seconds += time.perf_counter() - started
                    result = receive(ws, meta, f, device_keys[did], advance_cursor=True)
                if result == "received":
                    summary.received += 1
                elif result == "inspection":
                    summary.inspections += 1
                elif result == "quarantined":
                    summary.quarantined += 1
                else:
                    summary.duplicates += 1
                cursor = max(cursor, int(meta["seq"]))
                if progress is not None:
                    progress(cursor)
            else:
                continue
            break
        report_quarantine(ws, c, headers)
    with ws.unit() as s:
        row = s.get(ClerkLink, 1)
        assert row is not None
        row.last_pull_at = utcnow()
        row.last_error = "; ".join(summary.errors)[:500] or None
        ws.audit(
            s,
            "clerk.pulled",
            "clerk_link",
            "1",
            received=summary.received,
            quarantined=summary.quarantined,
        )
    return summary


def _detail(resp: httpx.Response) -> str:
    try:
        return str(resp.json().get("detail", resp.reason_phrase))[:300]
    except ValueError:
        return resp.reason_phrase


def _device_key(
    ws: Workspace, c: httpx.Client, headers: dict[str, str], device_id: str
) -> bytes | None:
    """The device's signing key, only when the office root certified it (a service that
    offers other keys cannot make a forged record pass)."""
    from inspector.sync.devices import DeviceKeyError, certified_keys

    try:
        return certified_keys(ws, c, headers, device_id).sign_public
    except DeviceKeyError:
        return None


def report_quarantine(ws: Workspace, c: httpx.Client, headers: dict[str, str]) -> int:
    """Tell the service about every quarantined record it has not heard of yet."""
    with ws.unit() as s:
        todo = [
            (q.id, q.record_id, q.reason)
            for q in s.scalars(select(ClerkQuarantine).where(ClerkQuarantine.reported_at.is_(None)))
        ]
    told = 0
    for qid, rid, reason in todo:
        try:
            resp = c.post(
                f"/v1/records/{rid}/quarantine", json={"reason": reason[:300]}, headers=headers
            )
            error = None if resp.status_code == 200 else _detail(resp)
        except httpx.HTTPError as exc:
            error = type(exc).__name__
        with ws.unit() as s:
            q = s.get(ClerkQuarantine, qid)
            assert q is not None
            if error is None:
                q.reported_at, q.report_error = utcnow(), None
                ws.audit(s, "clerk.quarantine_reported", "clerk_quarantine", rid)
                told += 1
            else:
                q.report_error = error[:500]
    return told


def sealed_bytes(data: bytes) -> IO[bytes]:
    return io.BytesIO(data)
