"""Letter contexts built from a real store: inspection, residents, findings, registration."""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime
from typing import Any

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from inspector.core.letter_context import (
    AUDIT_ACTION,
    check_request,
)
from inspector.letters import LetterError, render
from inspector.letters.sample import placeholder_png
from inspector.storage.models import AuditEvent, Registration

TODAY = date(2026, 11, 28)


def _answers(ws: Any, inspection_id: str, form_id: str, values: dict[str, Any], **kw: Any) -> None:
    for key, value in values.items():
        ws.answers.save(inspection_id, form_id, 1, key, value, **kw)


def _bedroom(ws: Any, inspection_id: str, values: dict[str, Any]) -> None:
    instance = ws.answers.add_repeat(inspection_id, "verblijfslocatie", 1, "bedrooms")
    _answers(ws, inspection_id, "verblijfslocatie", values, instance_id=instance)


def make_inspection(ws: Any) -> tuple[str, str, str]:
    """An inspection breaching norms: 7 persons on 62 m², one toilet, a cramped bedroom."""
    insp = ws.inspections.create(address="Voorbeeldstraat 1", postcode="1234ab", city="Voorbeeld")
    iid = insp.id
    _answers(
        ws,
        iid,
        "controlelocatie",
        {
            "control_start": "2026-11-27T09:30:00+01:00",
            "partners": ["nla", "politie"],
            "owner_name": "Voorbeeld Vastgoed B.V. (fictief)",
            "landlord_same_as_owner": "yes",
            "agency_name": "Uitzendbureau Proef B.V. (fictief)",
            "accommodation_type": "dwelling",
        },
    )
    _answers(
        ws,
        iid,
        "verblijfslocatie",
        {
            "floor_area_m2": 62.0,
            "persons_present": 7,
            "persons_registered": 2,
            "single_household": "no",
            "toilets": 1,
            "showers": 1,
            "fridge_freezer_litres": 150.0,
            "burners": 4,
            "sockets": 10,
            "smoke_detectors_present": "yes",
            "smoke_detectors_working": "no",
        },
    )
    _bedroom(ws, iid, {"area_m2": 12.5, "beds": 3, "persons": 3, "window": "yes"})
    _bedroom(ws, iid, {"area_m2": 6.0, "beds": 2, "persons": 2, "window": "no", "bed_80x200": "no"})
    anna = ws.residents.add(iid, "Anna T.", "pl", room="Kamer 2")
    _answers(
        ws,
        iid,
        "betrokkene",
        {
            "surname": "Testowa",
            "given_names": "Anna",
            "birth_date": "1990-01-01",
            "document_holder": "employer_agency",
        },
        resident_id=anna.id,
    )
    petro = ws.residents.add(iid, "Тестовий Петро", "uk")
    return iid, anna.id, petro.id


def _text(data: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def _events(ws: Any, action: str) -> list[AuditEvent]:
    with ws.unit() as s:
        rows = list(s.scalars(select(AuditEvent).where(AuditEvent.action == action)))
        for row in rows:
            s.expunge(row)
        return rows


def test_context_maps_the_store(workspace: Any) -> None:
    iid, anna, _ = make_inspection(workspace)
    ctx = workspace.letters.context("report", "nl", inspection_id=iid, today=TODAY)
    insp = ctx.inspection
    assert insp is not None
    assert (insp.address, insp.postcode, insp.city) == ("Voorbeeldstraat 1", "1234 AB", "Voorbeeld")
    assert insp.date == date(2026, 11, 27)
    assert insp.officers == ("Toezichthouder Test",)
    assert "Politie" in insp.partners and any("NLA" in p for p in insp.partners)
    assert insp.joint_control
    assert insp.accommodation_type == "Reguliere woning"
    assert insp.owner == insp.landlord == "Voorbeeld Vastgoed B.V. (fictief)"
    assert insp.employer == "Uitzendbureau Proef B.V. (fictief)"
    assert insp.floor_area_m2 == 62.0
    assert ctx.municipality.name == "Gemeente Voorbeeld"
    assert ctx.signer == "Toezichthouder Test" and ctx.letter_date == TODAY
    assert ctx.counts.persons_present == 7 and ctx.counts.registered_before == 2
    assert ctx.counts.residents_interviewed == 1 and ctx.counts.registered_on_site == 0
    assert [b.name for b in ctx.bedrooms] == ["Slaapkamer 1", "Slaapkamer 2"]
    assert ctx.bedrooms[1].window is False and "80×200" in ctx.bedrooms[1].remark
    assert ctx.resident is None


def test_findings_breaches_ok_and_no_unknowns(workspace: Any) -> None:
    iid, _, _ = make_inspection(workspace)
    ctx = workspace.letters.context("report", "nl", inspection_id=iid, today=TODAY)
    numbers = [f.number for f in ctx.findings]
    assert numbers == [str(i) for i in range(1, len(numbers) + 1)]
    by_title = {f.title: f for f in ctx.findings}
    area = next(f for f in ctx.findings if f.title.startswith("7 personen op 62 m²"))
    assert area.breached and area.outcome == "voldoet niet"
    assert area.measured == 8.9 and area.norm == 12.0 and area.unit == "m²"
    assert "Bouwbesluit" in area.source
    bedroom2 = next(f for f in ctx.findings if f.title.startswith("Slaapkamer 2: 2 personen op"))
    assert bedroom2.breached and bedroom2.source.startswith("SNF") and bedroom2.measured == 3.0
    assert any(not f.breached and f.outcome == "voldoet" for f in ctx.findings)
    # extinguisher answers are missing: not judged, so not listed
    assert not any("Nog niet bekend" in t for t in by_title)
    assert not any("blus" in t.lower() for t in by_title)
    # signals: employer holds the ID (resident), overcrowding (location)
    assert ctx.signals and all(s.passed_to for s in ctx.signals)
    assert any(s.text.startswith("Anna Testowa: ") for s in ctx.signals)


def test_report_pdf_shows_the_findings(workspace: Any) -> None:
    iid, _, _ = make_inspection(workspace)
    workspace.attachments.add(
        iid, kind="photo", content=placeholder_png(40, 30, (90, 90, 90)), mime="image/png",
        caption="Slaapkamer 2",
    )  # fmt: skip
    workspace.attachments.add(iid, kind="photo", content=b"%PDF-1.4", mime="application/pdf")
    ctx = workspace.letters.context("report", "nl", inspection_id=iid, today=TODAY)
    assert [p.caption for p in ctx.photos] == ["Foto 1 – Slaapkamer 2"]
    text = _text(render("report", "nl", ctx, "pdf"))
    assert "Rapport van bevindingen" in text
    assert "7 personen op 62 m²" in text and "8,9" in text
    assert "Slaapkamer 2" in text and "voldoet niet" in text
    breaches = sum(1 for f in ctx.findings if f.breached)
    assert f"daarvan niet gehaald: {breaches}." in text.replace("\n", " ")
    assert "Foto 1 – Slaapkamer 2" in text


def test_control_letter_for_a_resident(workspace: Any) -> None:
    iid, anna, petro = make_inspection(workspace)
    ctx = workspace.letters.context("control", "pl", resident_id=anna, today=TODAY)
    assert ctx.inspection is not None and ctx.resident is not None
    assert ctx.resident.name == "Anna Testowa" and ctx.resident.language == "pl"
    assert ctx.resident.birth_date == date(1990, 1, 1) and ctx.resident.room == "Kamer 2"
    text = _text(render("control", "pl", ctx, "pdf"))
    assert "Anna Testowa" in text and "27 listopada 2026" in text
    # no questionnaire yet: the display name the officer typed
    ctx = workspace.letters.context("control", "uk", inspection_id=iid, resident_id=petro)
    assert ctx.resident is not None and ctx.resident.name == "Тестовий Петро"


def test_photos_only_for_the_report(workspace: Any) -> None:
    iid, _, _ = make_inspection(workspace)
    workspace.attachments.add(
        iid, kind="photo", content=placeholder_png(20, 20, (1, 2, 3)), mime="image/png"
    )
    assert workspace.letters.context("control", "nl", inspection_id=iid).photos == ()
    report = workspace.letters.context("report", "nl", inspection_id=iid)
    assert [p.caption for p in report.photos] == ["Foto 1"]


def test_empty_inspection_renders(workspace: Any) -> None:
    insp = workspace.inspections.create(address="Proefweg 2", postcode="9999 ZZ", city="Proef")
    ctx = workspace.letters.context("report", "nl", inspection_id=insp.id, today=TODAY)
    assert ctx.findings == () and ctx.bedrooms == () and ctx.signals == ()
    assert "Proefweg 2" in _text(render("report", "nl", ctx, "pdf"))


def _register(ws: Any, iid: str, rid: str, state: str, data: dict[str, Any]) -> None:
    with ws.unit() as s:
        s.add(
            Registration(
                inspection_id=iid,
                resident_id=rid,
                state=state,
                kind="ingezetene",
                data=data,
                signed_at=datetime(2026, 11, 27, 10, 0, tzinfo=UTC) if state == "signed" else None,
            )
        )


def test_receipt_until_processed_then_confirmation(workspace: Any) -> None:
    """12.3: a signed declaration gives the receipt; the confirmation letter only comes from
    a registration burgerzaken processed, with the BSN and the date from the BRP."""
    from inspector.core import registrations as en

    iid, anna, _ = make_inspection(workspace)
    with pytest.raises(LetterError, match="no signed registration for this resident"):
        workspace.letters.context("receipt", "pl", resident_id=anna)
    _register(workspace, iid, anna, "draft", {})
    with pytest.raises(LetterError, match="no signed registration"):
        workspace.letters.context("receipt", "pl", resident_id=anna)
    _register(
        workspace,
        iid,
        anna,
        "signed",
        {
            "form": {
                "street": "Voorbeeldstraat",
                "house_number": "1",
                "unit": "Kamer 2",
                "postcode": "1234 AB",
                "town": "Voorbeeld",
                "moving_in_date": "2026-11-02",
                "sex": "female",
                "birth_country": "PL",
                "nationalities": ["PL"],
                "bsn": "111222333",
                "officer_name": "Toezichthouder Test",
                "officer_mandate": "Mandaatbesluit (fictief)",
            }
        },
    )
    # Signed, not processed: only the receipt, which promises no BSN.
    with pytest.raises(LetterError, match="receipt of the declaration"):
        workspace.letters.context("confirmation", "pl", resident_id=anna, today=TODAY)
    ctx = workspace.letters.context("receipt", "pl", resident_id=anna, today=TODAY)
    reg = ctx.registration
    assert reg is not None and not reg.processed and reg.bsn == ""
    assert reg.moved_in == date(2026, 11, 2)
    assert (reg.address, reg.room, reg.city) == ("Voorbeeldstraat 1", "Kamer 2", "Voorbeeld")
    assert reg.sex == "Vrouw / Kobieta" and reg.birth_country == "Polen / Polska"
    assert reg.received_mandate == "Mandaatbesluit (fictief)"
    assert ctx.counts.registered_on_site == 1
    text = _text(render("receipt", "pl", ctx, "pdf"))
    assert "Anna Testowa" in text and "Potwierdzenie złożenia zgłoszenia" in text
    assert "Ontvangen door" in text and "111222333" not in text
    assert "Wij hebben uw inschrijving verwerkt" not in text
    # Burgerzaken processes it: BSN and date come from the BRP, not from the form.
    signed = workspace.registrations.current(anna)
    assert signed is not None and signed.state == "signed"
    with pytest.raises(Exception, match="BSN"):
        workspace.registrations.record_processing(
            signed.id,
            bsn="123456789",
            registration_date=date(2026, 11, 27),
            today=TODAY,
        )  # fmt: skip
    done = workspace.registrations.record_processing(
        signed.id, bsn="999990019", registration_date=date(2026, 11, 27), today=TODAY
    )
    assert done.state == "processed"
    assert en.processing(done) is not None and en.processing(done).bsn == "999990019"  # type: ignore[union-attr]
    ctx = workspace.letters.context("confirmation", "pl", resident_id=anna, today=TODAY)
    reg = ctx.registration
    assert reg is not None and reg.processed and reg.bsn == "999990019"
    assert reg.registered_on == date(2026, 11, 27)
    text = _text(render("confirmation", "pl", ctx, "pdf"))
    assert "999990019" in text and "111222333" not in text
    assert "Kamer 2" not in text  # the BRP records the BAG address, not rooms
    assert "6:7" in text and "DigiD" in text and "workinnl.nl" in text
    with pytest.raises(LetterError, match="needs a resident"):
        workspace.letters.context("confirmation", "nl", inspection_id=iid)


@pytest.mark.parametrize(
    ("kind", "lang", "fmt", "message"),
    [
        ("brief", "nl", "pdf", "unknown letter kind"),
        ("control", "de", "pdf", "unknown language"),
        ("report", "pl", "pdf", "exists only in nl"),
        ("control", "nl", "odt", "unknown format"),
    ],
)
def test_bad_requests(kind: str, lang: str, fmt: str, message: str) -> None:
    with pytest.raises(LetterError, match=message):
        check_request(kind, lang, fmt)


def test_missing_ids(workspace: Any) -> None:
    iid, _, _ = make_inspection(workspace)
    with pytest.raises(LetterError, match="no inspection"):
        workspace.letters.context("report", "nl", inspection_id="nope")
    with pytest.raises(LetterError, match="no resident"):
        workspace.letters.context("control", "nl", resident_id="nope")
    with pytest.raises(LetterError, match="no resident"):
        workspace.letters.context("control", "nl", inspection_id=iid, resident_id="nope")
    with pytest.raises(LetterError, match="needs an inspection"):
        workspace.letters.context("control", "nl")


def test_render_for_records_the_letter_without_personal_data(workspace: Any) -> None:
    iid, anna, _ = make_inspection(workspace)
    data = workspace.letters.render("control", "pl", "docx", resident_id=anna, via="save")
    assert data[:2] == b"PK"
    workspace.letters.record("report", "nl", "pdf", iid, None, via="print")
    events = _events(workspace, AUDIT_ACTION)
    assert len(events) == 2
    first = json.loads(events[0].details)
    assert first == {"kind": "control", "lang": "pl", "format": "docx", "resident": anna,
                     "via": "save"}  # fmt: skip
    assert events[0].record_type == "inspection" and events[0].record_id == iid
    assert json.loads(events[1].details)["via"] == "print"
    for event in events:
        assert "Testowa" not in event.details and "Voorbeeld" not in event.details
    assert workspace.verify_audit().ok
    # a failing letter is not recorded
    with pytest.raises(LetterError):
        workspace.letters.render("confirmation", "pl", "pdf", resident_id=anna)
    assert len(_events(workspace, AUDIT_ACTION)) == 2


def test_logo_from_settings(workspace: Any) -> None:
    from inspector.core.letter_context import load_logo
    from inspector.settings import Municipality

    root = workspace.paths.root
    png = placeholder_png(10, 10, (0, 0, 0))
    (root / "logo.png").write_bytes(png)
    assert load_logo(root, Municipality(logo="logo.png")) == png
    assert load_logo(root, Municipality(logo="missing.png")) is None
    (root / "bad.png").write_bytes(b"not an image")
    assert load_logo(root, Municipality(logo="bad.png")) is None
    assert load_logo(root, Municipality()) is None
