"""The registration service: consent, prefill, document check, signing, read-only, corrections."""

from __future__ import annotations

import io
import json
import re
from datetime import date, timedelta
from typing import Any

import pytest
from PIL import Image as PILImage
from PIL import ImageDraw
from pypdf import PdfReader
from sqlalchemy import select

from inspector.core import registrations as en
from inspector.core.workspace import ReadOnly, Workspace
from inspector.documents.mrz import check_digit
from inspector.storage.models import Attachment, AuditEvent

TODAY = date(2025, 3, 10)


def signature_png() -> bytes:
    image = PILImage.new("RGBA", (600, 200), (255, 255, 255, 0))
    ImageDraw.Draw(image).line([(20, 150), (150, 40), (300, 160), (560, 60)], fill="navy", width=6)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


STROKES = [[[20.0, 150.0, 0.0], [150.0, 40.0, 10.0], [300.0, 160.0, 20.0]]]


def td3(
    surname: str,
    given: str,
    number: str,
    country: str,
    birth: str,
    sex: str,
    expiry: str,
) -> str:
    """A passport MRZ with correct check digits (fictitious data)."""
    names = f"{surname}<<{given.replace(' ', '<')}"
    line1 = f"P<{country}{names}".ljust(44, "<")[:44]
    num = number.ljust(9, "<")
    personal = "<" * 14
    body = (
        num + check_digit(num) + country + birth + check_digit(birth) + sex + expiry
        + check_digit(expiry) + personal + "<"
    )  # fmt: skip
    composite = body[0:10] + body[13:20] + body[21:43]
    return line1 + "\n" + body + check_digit(composite)


GOOD_MRZ = td3("EXEMPLU", "ION", "RO1234567", "ROU", "900517", "M", "300101")


def make_resident(ws: Workspace, *, lang: str = "ro", stay: str = "at_least_4_months") -> str:
    insp = ws.inspections.create(address="Voorbeeldstraat 12 A", postcode="2801AB", city="Gouda")
    res = ws.residents.add(insp.id, "Ion E.", lang, room="3")
    answers: dict[str, Any] = {
        "surname": "Exemplu",
        "given_names": "Ion",
        "birth_date": date(1990, 5, 17),
        "birth_place": "Brașov",
        "birth_country": "RO",
        "sex": "male",
        "nationalities": ["RO"],
        "document_type": "passport",
        "document_number": "RO1234567",
        "document_country": "RO",
        "document_expiry": date(2030, 1, 1),
        "arrival_date": TODAY - timedelta(days=20),
        "expected_stay": stay,
        "moving_in_date": TODAY - timedelta(days=20),
        "address_abroad_country": "RO",
        "address_abroad": "Strada Exemplu 1, Brașov",
        "current_registration": "none",
    }
    for key, value in answers.items():
        ws.answers.save(insp.id, "betrokkene", 1, key, value, resident_id=res.id)
    return res.id


def complete(ws: Workspace, registration_id: str, *, mrz: str | None = GOOD_MRZ) -> None:
    ws.registrations.save_values(registration_id, {"civil_status": "unmarried"})
    ws.registrations.record_document_check(
        registration_id, mrz_text=mrz, visual_check=True, today=TODAY
    )
    ws.registrations.attach_scan(registration_id, "id_front", b"\xff\xd8front-jpeg", "image/jpeg")
    ws.registrations.attach_scan(registration_id, "id_back", b"\xff\xd8back-jpeg", "image/jpeg")
    ws.registrations.set_signature(registration_id, STROKES, signature_png(), size=(600, 200))


def audit_actions(ws: Workspace) -> list[tuple[str, dict[str, Any]]]:
    with ws.unit() as s:
        return [
            (e.action, json.loads(e.details))
            for e in s.scalars(select(AuditEvent).order_by(AuditEvent.seq))
        ]


def test_prefill_copies_shared_fields_and_location(workspace: Workspace) -> None:
    rid = make_resident(workspace)
    values = workspace.registrations.prefill(rid, today=TODAY)
    assert values["surname"] == "Exemplu" and values["birth_place"] == "Brașov"
    assert values["birth_date"] == date(1990, 5, 17)
    assert values["nationalities"] == ["RO"]
    assert values["street"] == "Voorbeeldstraat" and values["house_number"] == "12 A"
    assert values["postcode"] == "2801 AB" and values["town"] == "Gouda"
    assert values["unit"] == "3" and values["preferred_language"] == "ro"
    assert values["registration_kind"] == "ingezetene"
    assert values["officer_name"] == "Toezichthouder Test"
    # Not in the registration form, so not copied.
    assert "current_registration" not in values and "expected_departure_date" not in values


def test_no_consent_records_decline_and_nothing_else(workspace: Workspace) -> None:
    rid = make_resident(workspace)
    eid = workspace.registrations.start(rid, consent=False, today=TODAY)
    info = workspace.registrations.get(eid)
    assert info.state == "declined" and info.consent_at is None
    assert info.data == {"consent": {"given": False, "language": "ro"}}
    insp = info.inspection_id
    assert workspace.answers.load(insp, "inschrijving", resident_id=rid).values == {}
    assert ("enrolment.declined", {"language": "ro"}) in audit_actions(workspace)
    rows = workspace.registrations.list_for(insp)
    assert [r.status for r in rows] == ["declined"]


def test_withdrawn_consent_removes_what_the_draft_captured(workspace: Workspace) -> None:
    rid = make_resident(workspace)
    eid = workspace.registrations.start(rid, consent=True, today=TODAY)
    workspace.registrations.attach_scan(eid, "id_front", b"scan", "image/jpeg")
    insp = workspace.registrations.get(eid).inspection_id
    assert workspace.registrations.start(rid, consent=False, today=TODAY) == eid
    assert workspace.registrations.get(eid).state == "declined"
    assert workspace.attachments.list_for(insp, kind="id_front") == []
    assert workspace.answers.load(insp, "inschrijving", resident_id=rid).values == {}


def test_start_prefills_form_and_reuses_the_draft(workspace: Workspace) -> None:
    rid = make_resident(workspace)
    eid = workspace.registrations.start(rid, consent=True, today=TODAY)
    info = workspace.registrations.get(eid)
    assert info.state == "draft" and info.consent_at is not None and info.kind == "ingezetene"
    values = workspace.registrations.form_values(eid)
    assert values["given_names"] == "Ion" and values["town"] == "Gouda"
    workspace.registrations.save_values(eid, {"given_names": "Ion Ștefan"})
    assert workspace.registrations.start(rid, consent=True, today=TODAY) == eid
    assert workspace.registrations.form_values(eid)["given_names"] == "Ion Ștefan"


def test_short_stay_first_registration_is_refused_with_the_rni_route(workspace: Workspace) -> None:
    rid = make_resident(workspace, stay="under_4_months")
    assert workspace.registrations.duty(rid, today=TODAY).kind == "rni"
    eid = workspace.registrations.start(rid, consent=True, today=TODAY)
    # No RNI on the spot: the kind stays open.
    assert workspace.registrations.get(eid).kind is None
    # A first registration as ingezetene against a short stay: refused, even "confirmed".
    for confirm in (False, True):
        with pytest.raises(en.RegistrationError) as exc:
            workspace.registrations.set_kind(
                eid, "ingezetene", confirm_short_stay=confirm, today=TODAY
            )
        assert exc.value.message.code == "short_stay_rni"
        assert "RNI-loket" in exc.value.message.nl and "4 maanden binnen 6" in exc.value.message.nl
    assert workspace.registrations.get(eid).kind is None
    # Nor can it be signed with the kind written into the form directly.
    workspace.registrations.save_values(eid, {"registration_kind": "ingezetene"})
    codes = {p.code for p in workspace.registrations.problems(eid, today=TODAY)}
    assert "short_stay_rni" in codes
    # RNI is a referral to the RNI counter, never a registration here.
    with pytest.raises(en.RegistrationError) as refused:
        workspace.registrations.set_kind(eid, "rni", today=TODAY)
    assert refused.value.message.code == "rni_not_on_the_spot"
    assert "RNI-loket" in refused.value.message.nl
    # The officer corrects the expected stay (it was wrong): then it can go ahead.
    workspace.registrations.save_values(eid, {"expected_stay": "at_least_4_months"})
    assert workspace.registrations.set_kind(eid, "ingezetene", today=TODAY).kind == "ingezetene"


def test_the_rni_route_is_the_drafts_outcome_not_an_open_point(workspace: Workspace) -> None:
    """12.2: taking the RNI route closes the consented draft as "verwezen naar RNI-loket"
    (audited, what it captured gone); the finalize check no longer lists it."""
    from inspector.core import review

    rid = make_resident(workspace, stay="under_4_months")
    eid = workspace.registrations.start(rid, consent=True, today=TODAY)
    insp = workspace.registrations.get(eid).inspection_id
    workspace.registrations.attach_scan(eid, "id_front", b"\xff\xd8front-jpeg", "image/jpeg")

    def points() -> list[tuple[str | None, str]]:
        found = review.review(workspace, insp, today=TODAY).problems
        return [(p.resident_id, p.kind) for p in found if p.resident_id == rid]

    assert (rid, "registration") in points()  # a draft left open is an open point
    assert workspace.registrations.refer_to_rni(rid, language="uk", today=TODAY) == eid
    info = workspace.registrations.get(eid)
    assert info.state == "referred_rni" and info.read_only
    assert info.data["rni_referral"] == {"on": TODAY.isoformat(), "language": "uk"}
    assert points() == []
    assert [r.status for r in workspace.registrations.list_for(insp)] == ["referred_rni"]
    # Nothing is registered here: the scan and the form's answers are gone.
    assert workspace.attachments.list_for(insp, kind="id_front") == []
    assert workspace.answers.load(insp, "inschrijving", resident_id=rid).values == {}
    referred = [d for action, d in audit_actions(workspace) if action == "enrolment.referred_rni"]
    assert len(referred) == 1 and referred[0]["draft"] is True
    # The stay was wrong after all: a new registration can still be started.
    again = workspace.registrations.start(rid, consent=True, today=TODAY)
    assert again != eid and workspace.registrations.get(again).state == "draft"


def test_the_rni_route_without_a_draft_is_recorded_too(workspace: Workspace) -> None:
    rid = make_resident(workspace, stay="under_4_months")
    eid = workspace.registrations.refer_to_rni(rid, today=TODAY)
    info = workspace.registrations.get(eid)
    assert info.state == "referred_rni" and info.data["consent"]["given"] is False
    assert "enrolment.referred_rni" in [action for action, _d in audit_actions(workspace)]
    # A signed registration is not referred afterwards: it is corrected.
    other = make_resident(workspace)
    signed = workspace.registrations.start(other, consent=True, today=TODAY)
    complete(workspace, signed)
    workspace.registrations.sign(signed, today=TODAY)
    with pytest.raises(en.RegistrationError) as exc:
        workspace.registrations.refer_to_rni(other, today=TODAY)
    assert exc.value.message.code == "already_signed"
    assert workspace.registrations.get(signed).state == "signed"


def test_a_move_of_someone_in_the_brp_elsewhere_needs_confirmation(workspace: Workspace) -> None:
    rid = make_resident(workspace, stay="under_4_months")
    eid = workspace.registrations.start(rid, consent=True, today=TODAY)
    inspection_id = workspace.registrations.get(eid).inspection_id
    workspace.answers.save(
        inspection_id, "betrokkene", 1, "current_registration", "brp_elsewhere", resident_id=rid
    )
    with pytest.raises(en.ConfirmationNeeded) as exc:
        workspace.registrations.set_kind(eid, "ingezetene", today=TODAY)
    assert exc.value.message.code == "confirm_short_stay"
    info = workspace.registrations.set_kind(eid, "ingezetene", confirm_short_stay=True, today=TODAY)
    assert info.kind == "ingezetene" and info.data["confirm_short_stay"] is True


def test_sign_lists_every_problem(workspace: Workspace) -> None:
    rid = make_resident(workspace)
    eid = workspace.registrations.start(rid, consent=True, today=TODAY)
    codes = {p.code for p in workspace.registrations.problems(eid, today=TODAY)}
    assert {"visual_check", "scan_missing", "signature_missing", "missing"} <= codes
    with pytest.raises(en.NotSignable) as exc:
        workspace.registrations.sign(eid, today=TODAY)
    assert "civil" in str(exc.value).lower()


def test_expired_document_blocks(workspace: Workspace) -> None:
    rid = make_resident(workspace)
    eid = workspace.registrations.start(rid, consent=True, today=TODAY)
    complete(workspace, eid, mrz=None)
    workspace.registrations.save_values(eid, {"document_expiry": TODAY - timedelta(days=1)})
    problems = workspace.registrations.problems(eid, today=TODAY)
    assert [p.code for p in problems] == ["document_expired"]
    assert "expired" in problems[0].message.en


def test_mrz_check_digit_error_then_corrected(workspace: Workspace) -> None:
    rid = make_resident(workspace)
    eid = workspace.registrations.start(rid, consent=True, today=TODAY)
    lines = GOOD_MRZ.split("\n")
    broken = lines[0] + "\n" + lines[1][:9] + "0" + lines[1][10:]  # number check digit
    complete(workspace, eid, mrz=broken)
    result = en.check_document(workspace.registrations.form_values(eid), broken, today=TODAY)
    assert result.mrz is not None and not result.mrz.valid
    assert [p.code for p in workspace.registrations.problems(eid, today=TODAY)] == [
        "mrz_check_digit"
    ]
    workspace.registrations.record_document_check(
        eid, mrz_text=GOOD_MRZ, visual_check=True, today=TODAY
    )
    assert workspace.registrations.problems(eid, today=TODAY) == []


def test_mrz_mismatch_shown_field_by_field_and_blocks_until_accepted(
    workspace: Workspace,
) -> None:
    rid = make_resident(workspace)
    eid = workspace.registrations.start(rid, consent=True, today=TODAY)
    other = td3("EXEMPLU", "IOAN", "RO7654321", "ROU", "900517", "M", "300101")
    complete(workspace, eid, mrz=other)
    result = en.check_document(workspace.registrations.form_values(eid), other, today=TODAY)
    assert result.mrz is not None and result.mrz.valid
    assert {m.field for m in result.mismatches} == {"given_names", "document_number"}
    assert [p.code for p in workspace.registrations.problems(eid, today=TODAY)] == ["mrz_mismatch"]
    workspace.registrations.record_document_check(
        eid, mrz_text=other, visual_check=True, accept_mismatches=True, today=TODAY
    )
    assert workspace.registrations.problems(eid, today=TODAY) == []


def test_values_from_mrz_fill_the_document_fields() -> None:
    from inspector.documents.mrz import parse_mrz

    values = en.values_from_mrz(parse_mrz(GOOD_MRZ, today=TODAY))
    assert values["document_type"] == "passport" and values["document_country"] == "RO"
    assert values["document_number"] == "RO1234567"
    assert values["document_expiry"] == date(2030, 1, 1)
    assert values["nationalities"] == ["RO"] and values["sex"] == "male"


@pytest.mark.parametrize("lang", ["pl", "uk", "ro"])
def test_sign_renders_pdf_and_locks(workspace: Workspace, lang: str) -> None:
    rid = make_resident(workspace, lang=lang)
    eid = workspace.registrations.start(rid, consent=True, today=TODAY)
    complete(workspace, eid)
    signed = workspace.registrations.sign(eid, today=TODAY)
    info = signed.registration
    assert info.state == "signed" and info.signed_at is not None
    assert info.officer_id == workspace.officer.id and info.kind == "ingezetene"
    content, mime = workspace.attachments.content(signed.pdf_attachment_id)
    assert mime == "application/pdf" and content == signed.pdf
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert "Exemplu" in text and "Brașov" in text and "RO1234567" in text
    assert "Toezichthouder Test" in text and "Gouda" in text
    expected = {"pl": "Oświadczam", "uk": "Я заявляю", "ro": "Declar că"}[lang]
    assert expected in text and "Ik verklaar" in text
    assert "front-jpeg" not in text
    with pytest.raises(ReadOnly):
        workspace.registrations.save_values(eid, {"surname": "X"})
    with pytest.raises(ReadOnly):
        workspace.registrations.attach_scan(eid, "id_back", b"x", "image/jpeg")
    with pytest.raises(ReadOnly):
        workspace.registrations.sign(eid, today=TODAY)
    assert workspace.registrations.form_values(eid)["surname"] == "Exemplu"
    row = workspace.registrations.list_for(info.inspection_id)[0]
    assert (row.status, row.state, row.version) == ("registered", "signed", 1)


def test_correction_is_a_new_version_superseding_once_signed(workspace: Workspace) -> None:
    rid = make_resident(workspace)
    eid = workspace.registrations.start(rid, consent=True, today=TODAY)
    complete(workspace, eid)
    workspace.registrations.sign(eid, today=TODAY)
    new = workspace.registrations.correct(eid)
    assert workspace.registrations.correct(eid) == new
    info = workspace.registrations.get(new)
    assert (info.version, info.state, info.supersedes_id) == (2, "draft", eid)
    assert info.signature_attachment_id is None and info.scan_id("id_front") is not None
    assert workspace.registrations.get(eid).state == "signed"
    row = workspace.registrations.list_for(info.inspection_id)[0]
    assert row.status == "registered" and row.version == 2
    workspace.registrations.save_values(new, {"birth_place": "Iași"})
    assert [p.code for p in workspace.registrations.problems(new, today=TODAY)] == [
        "signature_missing"
    ]
    workspace.registrations.set_signature(new, STROKES, signature_png())
    result = workspace.registrations.sign(new, today=TODAY)
    assert workspace.registrations.get(eid).state == "superseded"
    assert workspace.registrations.form_values(eid)["birth_place"] == "Brașov"
    text = PdfReader(io.BytesIO(result.pdf)).pages[0].extract_text()
    assert "Iași" in text and "versie 2" in text.lower()
    actions = [a for a, _ in audit_actions(workspace)]
    assert "enrolment.correction_started" in actions and "enrolment.superseded" in actions


def test_signature_and_scans_are_stored_encrypted_with_the_registration(
    workspace: Workspace,
) -> None:
    rid = make_resident(workspace)
    eid = workspace.registrations.start(rid, consent=True, today=TODAY)
    complete(workspace, eid)
    info = workspace.registrations.get(eid)
    assert info.data["signature"]["strokes"] == STROKES
    with workspace.unit() as s:
        kinds = {
            a.kind: a.registration_id
            for a in s.scalars(select(Attachment).where(Attachment.resident_id == rid))
        }
    assert kinds == {"id_front": eid, "id_back": eid, "signature": eid}
    raw = workspace.paths.database.read_bytes()
    assert b"front-jpeg" not in raw and b"Exemplu" not in raw


def test_replacing_a_scan_removes_the_old_one(workspace: Workspace) -> None:
    rid = make_resident(workspace)
    eid = workspace.registrations.start(rid, consent=True, today=TODAY)
    first = workspace.registrations.attach_scan(eid, "id_front", b"one", "image/jpeg")
    second = workspace.registrations.attach_scan(eid, "id_front", b"two", "image/jpeg")
    insp = workspace.registrations.get(eid).inspection_id
    assert [a["id"] for a in workspace.attachments.list_for(insp, kind="id_front")] == [second]
    assert first != second


def test_audit_details_hold_no_personal_data(workspace: Workspace) -> None:
    rid = make_resident(workspace)
    eid = workspace.registrations.start(rid, consent=True, today=TODAY)
    complete(workspace, eid)
    workspace.registrations.sign(eid, today=TODAY)
    dump = json.dumps(audit_actions(workspace), ensure_ascii=False)
    # Ids and hashes are random hex: one may hold "1990" by chance (it failed once that way).
    dump = re.sub(r"[0-9a-f]{8}(?:-?[0-9a-f]{4,})+", "<hex>", dump)
    for personal in ("Exemplu", "Brașov", "RO1234567", "Gouda", "1990"):
        assert personal not in dump


def test_split_address() -> None:
    assert en.split_address("Kerkstraat 12") == ("Kerkstraat", "12")
    assert en.split_address("Laan 1940-1945 3 bis") == ("Laan 1940-1945", "3 bis")
    assert en.split_address("Zonder nummer") == ("Zonder nummer", "")


def test_no_registration_on_a_finalized_inspection(workspace: Workspace) -> None:
    rid = make_resident(workspace)
    insp = workspace.residents.list_for(workspace.inspections.list_all()[0].id)[0].inspection_id
    workspace.inspections.finalize(insp)
    with pytest.raises(ReadOnly):
        workspace.registrations.start(rid, consent=True, today=TODAY)
    assert workspace.registrations.current(rid) is None


def _registration_rows(ws: Workspace) -> list[tuple[int, str]]:
    with ws.unit() as s:
        return [(r.version, r.state) for r in s.scalars(select(en.Registration))]


def test_finalizing_locks_a_signed_registration_against_corrections(
    workspace: Workspace,
) -> None:
    rid = make_resident(workspace)
    eid = workspace.registrations.start(rid, consent=True, today=TODAY)
    complete(workspace, eid)
    workspace.registrations.sign(eid, today=TODAY)
    insp = workspace.registrations.get(eid).inspection_id
    workspace.inspections.finalize(insp)
    before = len(audit_actions(workspace))
    with pytest.raises(ReadOnly, match="finalized"):
        workspace.registrations.correct(eid)
    # Refused before any write: no version 2, no audit event, the form untouched.
    assert _registration_rows(workspace) == [(1, "signed")]
    assert len(audit_actions(workspace)) == before
    answers = workspace.answers.load(insp, en.FORM_ID, resident_id=rid).values
    assert answers.get("signature") is not None
    assert workspace.registrations.get(eid).read_only


def test_finalizing_locks_a_draft_registration(workspace: Workspace) -> None:
    rid = make_resident(workspace)
    eid = workspace.registrations.start(rid, consent=True, today=TODAY)
    complete(workspace, eid)
    insp = workspace.registrations.get(eid).inspection_id
    workspace.inspections.finalize(insp)
    before_data = workspace.registrations.get(eid, audit_view=False).data
    before_form = workspace.answers.load(insp, en.FORM_ID, resident_id=rid).values
    before_audit = len(audit_actions(workspace))
    attempts = {
        "save_values": lambda: workspace.registrations.save_values(eid, {"birth_place": "Iași"}),
        "set_kind": lambda: workspace.registrations.set_kind(eid, "ingezetene", today=TODAY),
        "record_document_check": lambda: workspace.registrations.record_document_check(
            eid, mrz_text=None, visual_check=False, today=TODAY
        ),
        "attach_scan": lambda: workspace.registrations.attach_scan(
            eid, "id_back", b"new", "image/jpeg"
        ),
        "set_signature": lambda: workspace.registrations.set_signature(
            eid, STROKES, signature_png()
        ),
        "clear_signature": lambda: workspace.registrations.clear_signature(eid),
        "sign": lambda: workspace.registrations.sign(eid, today=TODAY),
        "decline": lambda: workspace.registrations.start(rid, consent=False, today=TODAY),
    }
    for name, attempt in attempts.items():
        with pytest.raises(ReadOnly, match="finalized"):
            attempt()
        assert workspace.registrations.get(eid, audit_view=False).data == before_data, name
        assert workspace.answers.load(insp, en.FORM_ID, resident_id=rid).values == before_form
        assert len(audit_actions(workspace)) == before_audit, name
    info = workspace.registrations.get(eid, audit_view=False)
    assert info.state == "draft" and info.read_only and info.inspection_finalized
    assert [p.code for p in workspace.registrations.problems(eid, today=TODAY)] == [
        "inspection_finalized"
    ]
    # Reopened, the draft can be finished.
    workspace.inspections.reopen(insp, "nog een handtekening nodig")
    assert not workspace.registrations.get(eid, audit_view=False).read_only
    assert workspace.registrations.sign(eid, today=TODAY).registration.state == "signed"


def test_withdrawing_consent_on_a_correction_keeps_the_signed_versions_scans(
    workspace: Workspace,
) -> None:
    rid = make_resident(workspace)
    eid = workspace.registrations.start(rid, consent=True, today=TODAY)
    complete(workspace, eid)
    workspace.registrations.sign(eid, today=TODAY)
    new = workspace.registrations.correct(eid)
    assert workspace.registrations.start(rid, consent=False, today=TODAY) == new
    assert workspace.registrations.get(new).state == "declined"
    scan = workspace.registrations.get(eid).scan_id("id_front")
    assert scan is not None and workspace.attachments.content(scan)[0] == b"\xff\xd8front-jpeg"
