"""The clerk's desk against an in-process service: receive, quarantine, queue, outcomes back
to the laptop, corrections, four eyes, scan retention."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from clerk_support import PEOPLE, H, register
from sqlalchemy import select

from inspector import localtime
from inspector.clerk import is_clerk_store, receive
from inspector.clerk.desk import ClerkDesk, QueueFilter
from inspector.clerk.models import ClerkFile, ClerkRegistration
from inspector.clerk.receive import ClerkError
from inspector.clerk.term import add_working_days
from inspector.core.workspace import Workspace
from inspector.server.models import BlobPart, Record
from inspector.storage.models import AuditEvent
from inspector.sync import client


def _actions(ws: Workspace) -> list[str]:
    with ws.unit() as s:
        return [e.action for e in s.scalars(select(AuditEvent).order_by(AuditEvent.seq))]


def _second_clerk(office: Workspace) -> Workspace:
    other = dataclasses.replace(office.officer, id="00000000-0000-4000-8000-000000000002")
    return Workspace(office.paths, office.db, office.settings, other, office.meta)


def test_pull_checks_opens_and_queues_with_the_term(world: Any) -> None:
    office, svc, laptop = world
    insp, _ = register(laptop, PEOPLE[0])
    register(laptop, PEOPLE[1], insp)
    assert client.sync_once(laptop, svc.transport).ok
    summary = receive.pull(office, svc.transport)
    assert (summary.received, summary.quarantined) == (2, 0)
    desk = ClerkDesk(office)
    rows = desk.queue()
    assert sorted(r.name for r in rows) == ["Exemplu, Ion", "Przykladowa, Anna"]
    assert all(r.state == "received" and r.on_the_spot for r in rows)
    received = rows[0].received_on
    assert rows[0].due_on == add_working_days(received, 5)
    assert desk.counts()["received"] == 2
    # Search by name and date of birth; filters by officer and inspection.
    assert [r.name for r in desk.queue(QueueFilter(name="anna"))] == ["Przykladowa, Anna"]
    assert [r.name for r in desk.queue(QueueFilter(birth_date=date(1990, 5, 17)))] == [
        "Exemplu, Ion"
    ]
    assert desk.queue(QueueFilter(name="anna", birth_date=date(1990, 5, 17))) == []
    assert len(desk.queue(QueueFilter(officer="toezichthouder"))) == 2
    assert desk.queue(QueueFilter(officer="niemand")) == []
    # Pulling again brings nothing twice.
    again = receive.pull(office, svc.transport)
    assert (again.received, again.quarantined) == (0, 0)
    assert len(desk.queue()) == 2
    # The review shows the data as signed, the document comparison and the files.
    review = desk.review(rows[0].record_id)
    assert review.check_digits_ok is True
    assert review.comparison and all(c.agrees for c in review.comparison)
    assert {f.kind for f in review.files} == {"id_front", "id_back", "signature", "document"}
    assert review.officer == "Toezichthouder Test"
    front = next(f for f in review.files if f.kind == "id_front")
    content, mime = desk.file_content(front.id)
    assert content == b"\xff\xd8front-jpeg" and mime == "image/jpeg"
    acts = _actions(office)
    assert acts.count("clerk.received") == 2 and "clerk.scan_viewed" in acts
    assert "clerk.viewed" in acts


def test_tampered_record_goes_to_quarantine_and_the_service_is_told(world: Any) -> None:
    office, svc, laptop = world
    register(laptop, PEOPLE[0])
    assert client.sync_once(laptop, svc.transport).ok
    with svc.db.session() as s:
        rec = s.scalars(select(Record).where(Record.kind == "registration")).one()
        part = s.scalars(
            select(BlobPart).where(BlobPart.blob_id == rec.blob_id).order_by(BlobPart.offset)
        ).first()
        assert part is not None
        data = bytearray(part.data)
        data[-5] ^= 0x01  # a byte of the last sealed stream
        part.data = bytes(data)
        rid = rec.record_id
    summary = receive.pull(office, svc.transport)
    assert (summary.received, summary.quarantined) == (0, 1)
    desk = ClerkDesk(office)
    assert desk.queue() == []
    (q,) = desk.quarantine()
    assert q["record_id"] == rid and q["reported"] and "hash" in q["reason"]
    assert "clerk.quarantined" in _actions(office)
    assert "clerk.quarantine_reported" in _actions(office)
    with svc.db.session() as s:
        rec = s.scalars(select(Record).where(Record.record_id == rid)).one()
        assert rec.quarantined_at is not None and rec.quarantine_reason
    # Not pulled again, not lost.
    receive.pull(office, svc.transport)
    assert len(desk.quarantine()) == 1


def test_a_record_from_another_device_key_is_quarantined(world: Any) -> None:
    office, svc, laptop = world
    register(laptop, PEOPLE[0])
    assert client.sync_once(laptop, svc.transport).ok
    with svc.db.session() as s:
        from inspector.server.models import Device

        for d in s.scalars(select(Device)):
            d.sign_public = bytes(32)  # the service now names another key for the device
    summary = receive.pull(office, svc.transport)
    assert summary.quarantined == 1
    assert "apparaat" in ClerkDesk(office).quarantine()[0]["reason"]


def test_outcomes_go_back_to_the_laptop(world: Any) -> None:
    office, svc, laptop = world
    insp, e1 = register(laptop, PEOPLE[0])
    _, e2 = register(laptop, PEOPLE[1], insp)
    _, e3 = register(laptop, PEOPLE[2], insp)
    assert client.sync_once(laptop, svc.transport).ok
    receive.pull(office, svc.transport)
    desk = ClerkDesk(office)
    by_name = {r.name.split(",")[0]: r.record_id for r in desk.queue()}
    anna, ion, olena = by_name["Przykladowa"], by_name["Exemplu"], by_name["Vzorova"]
    with pytest.raises(ClerkError, match="Take the registration first"):
        desk.decide(
            anna,
            "processed",
            bsn="111222333",
            registration_date=localtime.today(),
            first_registration=True,
        )
    for rid in (anna, ion, olena):
        desk.take(rid)
    with pytest.raises(ClerkError, match="eleven test"):
        desk.decide(
            anna,
            "processed",
            bsn="123456789",
            registration_date=localtime.today(),
            first_registration=True,
        )
    with pytest.raises(ClerkError, match="in the future"):
        desk.decide(
            anna,
            "processed",
            bsn="111222333",
            registration_date=localtime.today() + timedelta(days=1),
            first_registration=True,
        )
    assert (
        desk.decide(
            anna,
            "processed",
            bsn="111222333",
            registration_date=localtime.today(),
            first_registration=True,
        )
        == "processed"
    )
    with pytest.raises(ClerkError, match="question"):
        desk.decide(ion, "returned", message="")
    desk.decide(ion, "returned", message="Geboorteplaats graag controleren")
    desk.decide(olena, "refused", message="Geen geldig identiteitsdocument getoond")
    assert desk.counts()["processed"] == 1 and desk.counts()["refused"] == 1
    sent, errors = desk.post_outcomes(svc.transport)
    assert (sent, errors) == (3, [])
    assert desk.unposted() == []
    assert client.sync_once(laptop, svc.transport).pulled == 3
    assert client.outcomes_for(laptop, e2) == [
        {"state": "returned", "message": "vraag van burgerzaken: Geboorteplaats graag controleren"}
    ]
    (processed,) = client.outcomes_for(laptop, e1)
    assert processed["state"] == "processed" and "verwerkt" in processed["message"]
    assert client.outcomes_for(laptop, e3)[0]["state"] == "refused"
    acts = _actions(office)
    for action in ("clerk.processed", "clerk.returned", "clerk.refused", "clerk.outcome_posted"):
        assert action in acts
    # A decided registration cannot be decided again.
    with pytest.raises(ClerkError, match="already been dealt with"):
        desk.decide(anna, "refused", message="nog een keer weigeren")


def test_take_release_and_take_over_with_a_reason(world: Any) -> None:
    office, svc, laptop = world
    register(laptop, PEOPLE[0])
    client.sync_once(laptop, svc.transport)
    receive.pull(office, svc.transport)
    desk, other = ClerkDesk(office), ClerkDesk(_second_clerk(office))
    (row,) = desk.queue()
    desk.take(row.record_id)
    assert desk.queue()[0].state == "in_progress"
    with pytest.raises(ClerkError, match="colleague"):
        other.take(row.record_id)
    with pytest.raises(ClerkError, match="reason"):
        other.take_over(row.record_id, "")
    other.take_over(row.record_id, "Collega is met verlof")
    with pytest.raises(ClerkError, match="Only the clerk handling"):
        desk.release(row.record_id)
    other.release(row.record_id)
    assert desk.queue()[0].state == "received"
    assert "clerk.taken_over" in _actions(office)


def test_four_eyes_needs_a_second_clerk(world: Any) -> None:
    office, svc, laptop = world
    office.settings = office.settings.model_copy(
        update={"clerk": office.settings.clerk.model_copy(update={"four_eyes": True})}
    )
    register(laptop, PEOPLE[0])
    client.sync_once(laptop, svc.transport)
    receive.pull(office, svc.transport)
    desk = ClerkDesk(office)
    (row,) = desk.queue()
    desk.take(row.record_id)
    state = desk.decide(
        row.record_id,
        "processed",
        bsn="111222333",
        registration_date=localtime.today(),
        first_registration=False,
    )
    assert state == "awaiting_confirmation" and desk.unposted() == []
    with pytest.raises(ClerkError, match="second clerk"):
        desk.confirm(row.record_id)
    assert ClerkDesk(_second_clerk(office)).confirm(row.record_id) == "processed"
    assert desk.unposted() == [row.record_id]


def test_a_correction_replaces_the_earlier_version_and_shows_what_changed(world: Any) -> None:
    office, svc, laptop = world
    _, eid = register(laptop, PEOPLE[0])
    client.sync_once(laptop, svc.transport)
    receive.pull(office, svc.transport)
    desk = ClerkDesk(office)
    (first,) = desk.queue()
    desk.take(first.record_id)
    new = laptop.registrations.correct(eid)
    laptop.registrations.save_values(new, {"birth_place": "Andere Voorbeeldstad"})
    laptop.registrations.set_signature(new, H.STROKES, H.signature_png(), size=(600, 200))
    laptop.registrations.sign(new, today=H.TODAY)
    assert client.sync_once(laptop, svc.transport).ok
    assert receive.pull(office, svc.transport).received == 1
    (row,) = desk.queue()
    assert row.record_id != first.record_id and row.version == 2
    assert row.state == "in_progress" and row.due_on == first.due_on
    review = desk.review(row.record_id)
    assert {
        "field": "birth_place",
        "before": "Voorbeeldstad",
        "after": "Andere Voorbeeldstad",
    } in review.changes
    assert [v[1] for v in review.versions] == [1, 2]
    assert review.versions[0][2] == "superseded"
    assert desk.counts()["superseded"] == 1
    with pytest.raises(ClerkError, match="replaced by a correction"):
        desk.take(first.record_id)


def test_warnings_same_person_and_bsn_known(world: Any) -> None:
    office, svc, laptop = world
    register(laptop, PEOPLE[0])
    register(laptop, PEOPLE[0])  # the same person again, in another inspection
    client.sync_once(laptop, svc.transport)
    receive.pull(office, svc.transport)
    desk = ClerkDesk(office)
    rows = desk.queue()
    codes = {w.code for w in desk.review(rows[0].record_id).warnings}
    assert "received_before" in codes and "bsn_known" not in codes
    desk.take(rows[1].record_id)
    desk.decide(
        rows[1].record_id,
        "processed",
        bsn="111222333",
        registration_date=localtime.today(),
        first_registration=True,
    )
    codes = {w.code for w in desk.review(rows[0].record_id).warnings}
    assert "bsn_known" not in codes  # the BSN is of the other record; same person warns


def test_scans_are_deleted_after_the_terms(world: Any) -> None:
    office, svc, laptop = world
    insp, _ = register(laptop, PEOPLE[0])
    register(laptop, PEOPLE[1], insp)
    client.sync_once(laptop, svc.transport)
    receive.pull(office, svc.transport)
    desk = ClerkDesk(office)
    a, b = (r.record_id for r in desk.queue())
    for rid in (a, b):
        desk.take(rid)
    today = localtime.today()
    desk.decide(a, "processed", bsn="111222333", registration_date=today, first_registration=True)
    desk.decide(b, "refused", message="Geen rechtmatig verblijf aangetoond")
    assert desk.purge_scans(today + timedelta(days=29)) == 0
    assert desk.purge_scans(today + timedelta(days=30)) == 2  # processed: front and back
    assert desk.purge_scans(today + timedelta(days=41)) == 0
    assert desk.purge_scans(today + timedelta(days=42)) == 2  # refused: after the objection term
    with office.unit() as s:
        files = s.scalars(select(ClerkFile)).all()
        scans = [f for f in files if f.kind in ("id_front", "id_back")]
        assert scans and all(f.content is None and f.deleted_at for f in scans)
        assert all(f.content is not None for f in files if f.kind == "document")
    front = next(f for f in desk.review(a).files if f.kind == "id_front")
    assert front.deleted
    with pytest.raises(ClerkError, match="deleted"):
        desk.file_content(front.id)
    assert _actions(office).count("clerk.scans_deleted") == 2


def test_a_store_without_the_registry_key_is_no_clerk_store(
    tmp_path: Path, workspace: Workspace
) -> None:
    assert not is_clerk_store(workspace)
    with pytest.raises(receive.NotAClerkStore):
        receive.link(workspace, "http://x", "token")


def test_personal_data_of_received_records_is_encrypted(world: Any) -> None:
    office, svc, laptop = world
    register(laptop, PEOPLE[0])
    client.sync_once(laptop, svc.transport)
    receive.pull(office, svc.transport)
    office.db.engine.dispose()
    raw = b"".join(p.read_bytes() for p in office.paths.root.rglob("*") if p.is_file())
    assert b"Przykladowa" not in raw and b"PX1234567" not in raw
    with office.unit() as s:
        assert s.scalars(select(ClerkRegistration)).one().summary["surname"] == "Przykladowa"


def _next_late_evening_utc() -> datetime:
    """The next 23:30 UTC: then it is already the next day in Amsterdam (00:30 in winter, 01:30
    in summer) while a computer on UTC still has today."""
    now = datetime.now(UTC)
    moment = now.replace(hour=23, minute=30, second=0, microsecond=0)
    return moment if moment > now else moment + timedelta(days=1)


def test_the_days_are_the_municipalitys_when_the_computer_is_on_utc(world: Any, qtbot: Any) -> None:
    """The CI failure of 30-11-2026, 23:xx UTC: the clerk's date of registration defaulted to
    the computer's day (UTC, the 30th) while the declaration was signed on the 1st in
    Amsterdam, so "Vastleggen" refused with "before the declaration"."""
    from PySide6.QtCore import QDate, Qt

    from inspector.ui.clerk.outcome_dialog import OutcomeDialog

    office, svc, laptop = world
    with time_machine.travel(_next_late_evening_utc(), tick=True):
        amsterdam = localtime.today()
        assert date.today() == amsterdam - timedelta(days=1)  # noqa: DTZ011 - the computer's day
        register(laptop, PEOPLE[0])
        assert client.sync_once(laptop, svc.transport).ok
        receive.pull(office, svc.transport)
        desk = ClerkDesk(office)
        (row,) = desk.queue()
        assert row.received_on == amsterdam
        desk.take(row.record_id)
        dialog = OutcomeDialog(desk, row.record_id, row.name)
        qtbot.addWidget(dialog)
        assert dialog.reg_date.date() == QDate(amsterdam.year, amsterdam.month, amsterdam.day)
        dialog.radios["processed"].click()
        qtbot.keyClicks(dialog.bsn, "111222333")
        dialog.first.click()
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert dialog.result_state == "processed"
        assert desk.review(row.record_id).state == "processed"
