"""A whole on-the-spot registration through the wizard, as an officer and a resident do it.

Set INSPECTOR_SCREENSHOTS=1 to (re)write docs/screenshots/registration-*.png.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader

from inspector import localtime
from inspector.core.workspace import Workspace
from inspector.documents.mrz import check_digit
from inspector.ui.registration import RegistrationWizard
from inspector.ui.registration.wizard import (
    STEP_CONSENT,
    STEP_DECLINED,
    STEP_DOCUMENT,
    STEP_DONE,
    STEP_FORM,
    STEP_SIGNATURE,
)

import scripted_officer as scripted

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
TODAY = localtime.today()


def shot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    if os.environ.get("INSPECTOR_SCREENSHOTS"):
        SHOTS.mkdir(parents=True, exist_ok=True)
        widget.resize(1366, 700)  # as docs/screenshots/make_screenshots.py: a 1366x768 laptop
        widget.grab().save(str(SHOTS / name))


def td3(surname: str, given: str, number: str, country: str, birth: str, sex: str, exp: str) -> str:
    line1 = f"P<{country}{surname}<<{given}".ljust(44, "<")
    num = number.ljust(9, "<")
    body = num + check_digit(num) + country + birth + check_digit(birth) + sex + exp
    body += check_digit(exp) + "<" * 14 + "<"
    return line1 + "\n" + body + check_digit(body[0:10] + body[13:20] + body[21:43])


GOOD_MRZ = td3("EXEMPLU", "ION", "RO1234567", "ROU", "900517", "M", "300101")


def make_resident(ws: Workspace, lang: str = "ro", *, answers: bool = True) -> tuple[str, str]:
    insp = ws.inspections.create(address="Voorbeeldstraat 12 A", postcode="2801AB", city="Gouda")
    res = ws.residents.add(insp.id, "Ion Exemplu", lang, room="3")
    if answers:
        for key, value in scripted.questionnaire_answers(TODAY).items():
            ws.answers.save(insp.id, "betrokkene", 1, key, value, resident_id=res.id)
    return insp.id, res.id


def scan_file(tmp_path: Path, name: str, colour: str) -> str:
    """A fictitious document scan: a card with a photo box, lines of text and an MRZ band."""
    path = tmp_path / name
    image = Image.new("RGB", (900, 570), colour)
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((10, 10, 889, 559), radius=28, outline="#555555", width=4)
    draw.text((40, 30), "SPECIMEN - TEST DOCUMENT", fill="#333333")
    draw.rectangle((40, 80, 260, 360), fill="#c9c9c9", outline="#777777", width=2)
    for i in range(6):
        draw.rectangle((300, 90 + i * 42, 300 + 420 - i * 30, 104 + i * 42), fill="#8c8c8c")
    draw.rectangle((30, 430, 870, 540), fill="#f4f4f4")
    for i, line in enumerate(GOOD_MRZ.split("\n")):
        draw.text((45, 450 + i * 40), line, fill="#222222")
    image.save(path)
    return str(path)


def test_whole_registration(qtbot, workspace: Workspace, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    insp, rid = make_resident(workspace)
    wizard = RegistrationWizard(workspace, insp, rid)
    qtbot.addWidget(wizard)
    wizard.show()
    officer = scripted.ScriptedOfficer(wizard)

    # 1. Explanation in Romanian beside Dutch, duty shown, consent.
    assert wizard.current_step() == STEP_CONSENT
    assert (
        "Da, doresc" in wizard.consent_page.consent_yes.text()
        and "Ja, ik wil" in wizard.consent_page.consent_yes.text()
    )
    assert "ingezetene" in wizard.consent_page.duty_label.text()
    texts = " ".join(
        label.text()
        for label in wizard.consent_page.explain_area.widget().findChildren(type(wizard.steps))
    )
    assert "Înregistrarea de acum este voluntară" in texts
    assert "Nu inschrijven is vrijwillig" in texts
    shot(wizard, "registration-consent-ro.png")
    officer.consent(True)
    assert wizard.current_step() == STEP_FORM and wizard.registration_id is not None

    # 2. Prefilled: nothing typed twice; only what the questionnaire lacks.
    view = wizard.form_page.form_view
    assert view is not None
    values = view.evaluation.values
    assert values["surname"] == "Exemplu" and values["town"] == "Gouda" and values["unit"] == "3"
    assert [i.field_id for i in view.evaluation.issues()] == ["civil_status"]
    officer.click(wizard.form_page.form_next)
    assert (
        wizard.current_step() == STEP_FORM
        and "Burgerlijke staat" in wizard.form_page.form_message.text()
    )
    officer.details({"civil_status": "unmarried"})
    assert wizard.current_step() == STEP_DOCUMENT

    # 3. Document: MRZ with a check-digit error, then corrected; a mismatch shown per field.
    lines = GOOD_MRZ.split("\n")
    wrong_digit = "0" if lines[1][9] != "0" else "1"
    officer.paste(
        wizard.document_page.mrz_edit, lines[0] + "\n" + lines[1][:9] + wrong_digit + lines[1][10:]
    )
    assert wizard.document_page.check is not None and wizard.document_page.check.mrz is not None
    assert not wizard.document_page.check.mrz.valid
    assert "✗" in wizard.document_page.mrz_status.text()
    assert "document number" in wizard.document_page.mrz_status.text() or "documentnummer" in (
        wizard.document_page.mrz_status.text()
    )
    officer.document({}, front=scan_file(tmp_path, "f.png", "lightblue"),
                     back=scan_file(tmp_path, "b.png", "wheat"))  # fmt: skip
    officer.next_from_document()
    assert wizard.current_step() == STEP_DOCUMENT
    assert "check digit" in wizard.document_page.doc_message.text() or "controlecijfer" in (
        wizard.document_page.doc_message.text()
    )
    other = td3("EXEMPLU", "IOAN", "RO7654321", "ROU", "900517", "M", "300101")
    officer.paste(wizard.document_page.mrz_edit, other)
    assert (
        wizard.document_page.check is not None
        and wizard.document_page.check.mrz is not None
        and wizard.document_page.check.mrz.valid
    )
    assert (
        wizard.document_page.mismatch_table.rowCount() == 2
        and wizard.document_page.mismatch_table.isVisible()
    )
    shown = {wizard.document_page.mismatch_table.item(r, 1).text() for r in range(2)}
    assert shown == {"IOAN", "RO7654321"}
    shot(wizard, "registration-idcheck-mismatch.png")
    officer.paste(wizard.document_page.mrz_edit, GOOD_MRZ)
    assert wizard.document_page.check.mrz is not None and wizard.document_page.check.mrz.valid
    assert (
        not wizard.document_page.check.mismatches
        and not wizard.document_page.mismatch_table.isVisible()
    )
    assert (
        wizard.document_page.scan_front.image is not None
        and wizard.document_page.scan_back.image is not None
    )
    wizard.document_page.scan_front.show_full()
    assert wizard.document_page.scan_front.viewer is not None
    assert wizard.document_page.scan_front.viewer.label.pixmap().width() == 900  # full size
    wizard.document_page.scan_front.viewer.close()
    officer.next_from_document()
    assert wizard.current_step() == STEP_SIGNATURE, wizard.document_page.doc_message.text()

    # 4. Signature drawn with mouse events; undo/redo/clear.
    assert (
        "Declar că" in wizard.signature_page.declaration.text()
        and "Ik verklaar" in wizard.signature_page.declaration.text()
    )
    assert "Toezichthouder Test" in wizard.signature_page.signing_info.text()
    assert not wizard.signature_page.sign_button.isEnabled()
    officer.resident_signs()
    assert len(wizard.signature_page.pad.strokes) == 3 and all(
        len(s) > 10 for s in wizard.signature_page.pad.strokes
    )
    officer.click(wizard.signature_page.undo_button)
    assert len(wizard.signature_page.pad.strokes) == 2
    officer.click(wizard.signature_page.redo_button)
    assert len(wizard.signature_page.pad.strokes) == 3
    officer.click(wizard.signature_page.clear_button)
    assert wizard.signature_page.pad.is_empty and not wizard.signature_page.sign_button.isEnabled()
    officer.resident_signs()
    shot(wizard, "registration-signature.png")
    with qtbot.waitSignal(wizard.finished_registration, timeout=5000) as blocker:
        officer.sign()
        assert wizard.current_step() == STEP_DONE, wizard.signature_page.sign_message.text()
        shot(wizard, "registration-done.png")
        officer.click(wizard.done_page.close_button)
    assert blocker.args == [wizard.registration_id]

    # 5. The PDF: Dutch and Romanian, the signature, the document details, no scan.
    info = workspace.registrations.get(wizard.registration_id)
    assert info.state == "signed" and info.signed_at is not None
    # The signing time in the municipality's zone, as on the PDF (the laptop here runs UTC).
    shown = localtime.local(info.signed_at).strftime("%d-%m-%Y %H:%M")
    assert shown in wizard.done_page.done_summary.text()
    assert info.signed_at.strftime("%H:%M") != localtime.local(info.signed_at).strftime("%H:%M")
    assert info.data["signature"]["strokes"]
    content, mime = workspace.attachments.content(info.pdf_attachment_id or "")
    assert mime == "application/pdf"
    reader = PdfReader(io.BytesIO(content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    for expected in ("Declar că", "Ik verklaar", "RO1234567", "Toezichthouder Test", "Paspoort"):
        assert expected in text
    images = [img for page in reader.pages for img in page.images]
    assert len(images) == 1  # the signature; the scans never go into the form
    if os.environ.get("INSPECTOR_SCREENSHOTS") and shutil.which("pdftoppm"):
        pdf = tmp_path / "form.pdf"
        pdf.write_bytes(content)
        for page, name in ((1, "registration-pdf"), (2, "registration-pdf-page2")):
            subprocess.run(
                ["pdftoppm", "-png", "-r", "80", "-f", str(page), "-l", str(page),
                 "-singlefile", str(pdf), str(SHOTS / name)],
                check=True,
            )  # fmt: skip

    # Read-only once signed: reopening shows the signed form, a correction is a new version.
    again = RegistrationWizard(workspace, insp, rid)
    qtbot.addWidget(again)
    assert again.current_step() == STEP_DONE and again.done_page.correct_button.isEnabled()
    again.done_page.make_correction()
    assert again.current_step() == STEP_FORM
    assert workspace.registrations.get(again.registration_id or "").version == 2


def test_declined_captures_nothing(qtbot, workspace: Workspace) -> None:  # type: ignore[no-untyped-def]
    insp, rid = make_resident(workspace, "pl")
    wizard = RegistrationWizard(workspace, insp, rid)
    qtbot.addWidget(wizard)
    assert "Nie, nie teraz" in wizard.consent_page.consent_no.text()
    with qtbot.waitSignal(wizard.finished_registration, timeout=2000):
        scripted.ScriptedOfficer(wizard).consent(False)
        assert wizard.current_step() == STEP_DECLINED
        wizard.findChild(type(wizard.done_page.close_button), "declined_close").click()
    info = workspace.registrations.current(rid)
    assert info is not None and info.state == "declined"
    assert workspace.answers.load(insp, "inschrijving", resident_id=rid).values == {}


def test_short_stay_refuses_ingezetene_and_offers_the_rni_route(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    insp, rid = make_resident(workspace, "uk")
    workspace.answers.save(
        insp, "betrokkene", 1, "expected_stay", "under_4_months", resident_id=rid
    )
    wizard = RegistrationWizard(workspace, insp, rid)
    qtbot.addWidget(wizard)
    wizard.show()
    assert "RNI" in wizard.consent_page.duty_label.text()
    # Offered before consent already.
    assert wizard.consent_page.rni_consent_button.isVisible()
    officer = scripted.ScriptedOfficer(wizard)
    officer.consent(True)
    assert wizard.form_page.form_view is not None
    officer.fill(wizard.form_page.form_view, {"civil_status": "unmarried"})
    officer.fill(wizard.form_page.form_view, {"registration_kind": "ingezetene"}, only_empty=False)
    # No "confirm anyway": the first registration as ingezetene cannot go ahead.
    assert not wizard.form_page.confirm_short_stay.isVisible()
    assert not wizard.form_page.form_next.isEnabled()
    text = wizard.form_page.form_message.text()
    assert "ten minste 4 maanden binnen 6 maanden" in text and "RNI-loket" in text
    officer.click(wizard.form_page.form_next)  # disabled: nothing happens
    assert wizard.current_step() == STEP_FORM
    info = workspace.registrations.current(rid)
    assert info is not None and info.kind is None
    assert wizard.form_page.rni_button.isVisible()
    # The expected stay was wrong after all: corrected, the registration goes on.
    officer.fill(
        wizard.form_page.form_view, {"expected_stay": "at_least_4_months"}, only_empty=False
    )
    assert wizard.form_page.form_next.isEnabled() and not wizard.form_page.rni_button.isVisible()
    assert "RNI-loket" not in wizard.form_page.form_message.text()
    officer.click(wizard.form_page.form_next)
    assert wizard.current_step() == STEP_DOCUMENT
    info = workspace.registrations.current(rid)
    assert info is not None and info.kind == "ingezetene"


def test_taking_the_rni_route_closes_the_draft_as_referred(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    """12.2: the button records the referral as the draft's outcome, then asks for the letter."""
    insp, rid = make_resident(workspace, "uk")
    workspace.answers.save(
        insp, "betrokkene", 1, "expected_stay", "under_4_months", resident_id=rid
    )
    wizard = RegistrationWizard(workspace, insp, rid)
    qtbot.addWidget(wizard)
    wizard.show()
    officer = scripted.ScriptedOfficer(wizard)
    officer.consent(True)
    assert wizard.form_page.form_view is not None
    officer.fill(wizard.form_page.form_view, {"civil_status": "unmarried"})
    officer.fill(wizard.form_page.form_view, {"registration_kind": "ingezetene"}, only_empty=False)
    draft = workspace.registrations.current(rid)
    assert draft is not None and draft.state == "draft"
    with qtbot.waitSignal(wizard.rni_referral_requested, timeout=2000) as signal:
        officer.click(wizard.form_page.rni_button)
    assert signal.args == [rid]
    info = workspace.registrations.current(rid)
    assert info is not None and info.id == draft.id and info.state == "referred_rni"
    assert info.data["rni_referral"]["language"] == "uk"
    assert workspace.answers.load(insp, "inschrijving", resident_id=rid).values == {}


def test_expired_document_blocks_with_a_clear_message(
    qtbot, workspace: Workspace, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    insp, rid = make_resident(workspace)
    workspace.answers.save(
        insp, "betrokkene", 1, "document_expiry", TODAY - dt.timedelta(days=3), resident_id=rid
    )
    wizard = RegistrationWizard(workspace, insp, rid)
    qtbot.addWidget(wizard)
    wizard.show()
    officer = scripted.ScriptedOfficer(wizard)
    officer.consent(True)
    officer.details({"civil_status": "unmarried"})
    assert wizard.current_step() == STEP_DOCUMENT
    assert wizard.document_page.expiry_label.isVisible()
    assert (
        "expired" in wizard.document_page.expiry_label.text()
        or "verlopen" in wizard.document_page.expiry_label.text()
    )
    officer.document({}, front=scan_file(tmp_path, "f.png", "white"), back=None)
    officer.next_from_document()
    assert wizard.current_step() == STEP_DOCUMENT


@pytest.mark.parametrize("lang", ["pl", "uk"])
def test_consent_texts_in_other_languages(qtbot, workspace: Workspace, lang: str) -> None:  # type: ignore[no-untyped-def]
    insp, rid = make_resident(workspace, lang)
    wizard = RegistrationWizard(workspace, insp, rid)
    qtbot.addWidget(wizard)
    expected = {"pl": "Tak, chcę", "uk": "Так, я хочу"}[lang]
    assert expected in wizard.consent_page.consent_yes.text()
    wizard.consent_page.language_box.setCurrentIndex(
        wizard.consent_page.language_box.findData("ro")
    )
    assert "Da, doresc" in wizard.consent_page.consent_yes.text()
    assert workspace.residents.list_for(insp)[0].language == "ro"


def test_visa_is_refused_by_name_and_read_values_stand_beside_the_scans(
    qtbot, workspace: Workspace, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    insp, rid = make_resident(workspace)
    wizard = RegistrationWizard(workspace, insp, rid)
    qtbot.addWidget(wizard)
    wizard.show()
    officer = scripted.ScriptedOfficer(wizard)
    officer.consent(True)
    officer.details({"civil_status": "unmarried"})
    assert wizard.current_step() == STEP_DOCUMENT
    # An MRV-A visa (2 x 44, code V): its check digits are right, yet it is no identity.
    line1 = "V<NLDEXEMPLU<<ION".ljust(44, "<")
    num = "VN0000123"
    body = num + check_digit(num) + "ROU" + "900517" + check_digit("900517") + "M"
    body = (body + "300101" + check_digit("300101")).ljust(44, "<")
    officer.paste(wizard.document_page.mrz_edit, line1 + "\n" + body)
    assert wizard.document_page.check is not None and wizard.document_page.check.mrz is not None
    assert wizard.document_page.check.mrz.valid and wizard.document_page.check.mrz.format == "MRV-A"
    status = wizard.document_page.mrz_status.text()
    assert "visum" in status or "visa" in status
    assert "should be" not in status and "moet" not in status
    # The read values stand beside the scans, with what the check does not prove.
    read = wizard.document_page.mrz_read.text()
    assert "VN0000123" in read and "17-05-1990" in read and "01-01-2030" in read
    assert wizard.document_page.mrz_read.isVisible()
    officer.document({}, front=scan_file(tmp_path, "f.png", "white"), back=None)
    officer.next_from_document()
    assert wizard.current_step() == STEP_DOCUMENT
    assert "not a passport" in wizard.document_page.doc_message.text() or "paspoort" in (
        wizard.document_page.doc_message.text()
    )
    officer.paste(wizard.document_page.mrz_edit, GOOD_MRZ)
    assert "RO1234567" in wizard.document_page.mrz_read.text()
    assert "visum" not in wizard.document_page.mrz_status.text()
    shot(wizard, "registration-idcheck-read-values.png")


def test_list_values_show_unverified_until_the_officer_checks_them(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    insp = workspace.inspections.create(
        address="Voorbeeldstraat 12 A", postcode="2801AB", city="Gouda"
    ).id
    # From an employer's list (an import key), with the list's values in the questionnaire.
    rid = workspace.residents.add(insp, "Ion Exemplu", "ro", room="3", import_key="b" * 64).id
    for key, value in scripted.questionnaire_answers(TODAY).items():
        workspace.answers.save(insp, "betrokkene", 1, key, value, resident_id=rid)
    wizard = RegistrationWizard(workspace, insp, rid)
    qtbot.addWidget(wizard)
    wizard.show()
    officer = scripted.ScriptedOfficer(wizard)
    officer.consent(True)
    assert wizard.registration_id is not None
    assert (
        wizard.form_page.unverified_box.isVisible()
        and not wizard.form_page.unverified_done.isVisible()
    )
    shown = list(wizard.form_page.unverified_checks)
    assert {"surname", "given_names", "birth_date"} <= set(shown)
    assert shown == workspace.registrations.unverified_fields(wizard.registration_id)
    assert wizard.form_page.unverified_checks["surname"].text() == "Achternaam: Exemplu"
    assert not wizard.form_page.verify_button.isEnabled()
    shot(wizard, "registration-unverified.png")

    officer.click(wizard.form_page.unverified_checks["surname"])
    officer.click(wizard.form_page.unverified_checks["birth_date"])
    assert wizard.form_page.verify_button.isEnabled()
    officer.click(wizard.form_page.verify_button)
    left = workspace.registrations.unverified_fields(wizard.registration_id)
    assert "surname" not in left and "birth_date" not in left and left
    assert list(wizard.form_page.unverified_checks) == left

    # A value the officer corrects is no longer the list's: it leaves the box.
    officer.fill(wizard.form_page.form_view, {"given_names": "Ionel"}, only_empty=False)  # type: ignore[arg-type]
    assert "given_names" not in wizard.form_page.unverified_checks
    for check in list(wizard.form_page.unverified_checks.values()):
        officer.click(check)
    officer.click(wizard.form_page.verify_button)
    assert workspace.registrations.unverified_fields(wizard.registration_id) == []
    # The box stays (nothing below jumps) and says so.
    assert (
        wizard.form_page.unverified_box.isVisible() and wizard.form_page.unverified_done.isVisible()
    )


def test_values_not_from_a_list_show_no_unverified_box(qtbot, workspace: Workspace) -> None:  # type: ignore[no-untyped-def]
    insp, rid = make_resident(workspace)
    wizard = RegistrationWizard(workspace, insp, rid)
    qtbot.addWidget(wizard)
    wizard.show()
    scripted.ScriptedOfficer(wizard).consent(True)
    assert wizard.current_step() == STEP_FORM and not wizard.form_page.unverified_box.isVisible()
