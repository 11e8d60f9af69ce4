"""The wizard on a finalized inspection (read-only, no crash), saving the signed PDF, and the
size and read-error limits on scans and photos."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from inspector import localtime
from inspector.core import registrations as en
from inspector.core.workspace import Workspace
from inspector.storage.models import AuditEvent
from inspector.ui import inspection_page as page_mod
from inspector.ui.formview.attachments import MAX_BYTES
from inspector.ui.registration import RegistrationWizard, pages
from inspector.ui.registration.wizard import STEP_CONSENT, STEP_DOCUMENT, STEP_DONE, STEP_FORM

import scripted_officer as scripted

TODAY = localtime.today()
STROKES = [[[20.0, 150.0, 0.0], [150.0, 40.0, 10.0], [300.0, 160.0, 20.0]]]


def png(size: tuple[int, int] = (300, 200)) -> bytes:
    image = Image.new("RGB", size, "white")
    ImageDraw.Draw(image).line([(20, 150), (150, 40), (280, 160)], fill="navy", width=6)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def make_resident(ws: Workspace, lang: str = "pl") -> tuple[str, str]:
    insp = ws.inspections.create(address="Voorbeeldstraat 12 A", postcode="2801AB", city="Gouda")
    res = ws.residents.add(insp.id, "Testowa Anna", lang, room="3")
    for key, value in scripted.questionnaire_answers(TODAY).items():
        ws.answers.save(insp.id, "betrokkene", 1, key, value, resident_id=res.id)
    return insp.id, res.id


def draft(ws: Workspace, rid: str) -> str:
    eid = ws.registrations.start(rid, consent=True, today=TODAY)
    ws.registrations.save_values(eid, {"civil_status": "unmarried"})
    ws.registrations.record_document_check(eid, mrz_text=None, visual_check=True, today=TODAY)
    ws.registrations.attach_scan(eid, "id_front", png(), "image/png")
    return eid


def signed(ws: Workspace, rid: str) -> str:
    eid = draft(ws, rid)
    ws.registrations.set_signature(eid, STROKES, png(), size=(300, 200))
    ws.registrations.sign(eid, today=TODAY)
    return eid


def audit(ws: Workspace) -> list[tuple[str, str | None, dict[str, Any]]]:
    with ws.unit() as s:
        return [
            (e.action, e.record_id, json.loads(e.details))
            for e in s.scalars(select(AuditEvent).order_by(AuditEvent.seq))
        ]


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Texts of the warning boxes shown (instead of showing them)."""
    shown: list[str] = []

    def fake(_parent: object, _title: str, text: str, *_a: object) -> QMessageBox.StandardButton:
        shown.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "warning", staticmethod(fake))
    return shown


def test_draft_of_a_finalized_inspection_opens_read_only(qtbot, workspace: Workspace) -> None:  # type: ignore[no-untyped-def]
    insp, rid = make_resident(workspace)
    eid = draft(workspace, rid)
    workspace.inspections.finalize(insp)
    before = workspace.registrations.get(eid, audit_view=False).data
    wizard = RegistrationWizard(workspace, insp, rid, today=TODAY)
    qtbot.addWidget(wizard)
    assert wizard.current_step() == STEP_FORM
    assert wizard.form_page.form_view is not None and wizard.form_page.form_view.read_only
    assert wizard.locked_label.isVisibleTo(wizard)
    assert wizard.form_page.form_done()  # only looks: nothing is saved
    assert wizard.current_step() == STEP_DOCUMENT
    assert wizard.document_page.doc_view is not None and wizard.document_page.doc_view.read_only
    assert (
        wizard.document_page.mrz_edit.isReadOnly()
        and not wizard.document_page.visual_check.isEnabled()
    )
    assert not wizard.document_page.scan_front.from_file.isEnabled()
    assert not wizard.document_page.document_done() and wizard.current_step() == STEP_DOCUMENT
    assert wizard.document_page.doc_message.text()
    assert workspace.registrations.get(eid, audit_view=False).data == before
    assert workspace.registrations.get(eid, audit_view=False).state == "draft"


def test_signed_registration_of_a_finalized_inspection_offers_no_correction(
    qtbot, workspace: Workspace
) -> None:  # type: ignore[no-untyped-def]
    insp, rid = make_resident(workspace)
    eid = signed(workspace, rid)
    workspace.inspections.finalize(insp)
    wizard = RegistrationWizard(workspace, insp, rid, today=TODAY)
    qtbot.addWidget(wizard)
    assert wizard.current_step() == STEP_DONE
    assert not wizard.done_page.correct_button.isEnabled()
    assert [v for v, _s in _versions(workspace)] == [1]
    assert workspace.registrations.current(rid) is not None
    assert workspace.registrations.get(eid, audit_view=False).read_only


def _versions(ws: Workspace) -> list[tuple[int, str]]:
    with ws.unit() as s:
        return [(r.version, r.state) for r in s.scalars(select(en.Registration))]


def test_language_box_on_a_finalized_inspection(
    qtbot, qapp, workspace: Workspace, warnings: list[str], request: pytest.FixtureRequest
) -> None:  # type: ignore[no-untyped-def]
    before = qapp.property("interface_language")
    qapp.setProperty("interface_language", "nl")  # the refusal below is read in Dutch
    request.addfinalizer(lambda: qapp.setProperty("interface_language", before))
    insp, rid = make_resident(workspace, "pl")
    workspace.inspections.finalize(insp)
    wizard = RegistrationWizard(workspace, insp, rid, today=TODAY)
    qtbot.addWidget(wizard)
    assert wizard.current_step() == STEP_CONSENT
    assert not wizard.consent_page.language_box.isEnabled() and wizard.locked_label.isVisibleTo(
        wizard
    )
    assert (
        not wizard.consent_page.consent_yes.isEnabled()
        and not wizard.consent_page.consent_no.isEnabled()
    )
    # Even when the box is changed anyway, the refusal is a message, not a crash.
    wizard.consent_page.language_box.setCurrentIndex(
        wizard.consent_page.language_box.findData("ro")
    )
    assert warnings and "is afgerond" in warnings[0]  # the interface language (nl)
    assert wizard.consent_page.language_box.currentData() == "pl" and wizard.language == "pl"
    assert workspace.residents.list_for(insp)[0].language == "pl"


def test_saving_the_pdf_is_atomic_audited_and_reports_errors(
    qtbot,
    workspace: Workspace,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    warnings: list[str],
) -> None:  # type: ignore[no-untyped-def]
    insp, rid = make_resident(workspace)
    eid = signed(workspace, rid)
    wizard = RegistrationWizard(workspace, insp, rid, today=TODAY)
    qtbot.addWidget(wizard)
    target = tmp_path / "out" / "inschrijving Testowa.pdf"
    suggested: list[str] = []
    monkeypatch.setattr(
        pages, "choose_save_path", lambda *a: suggested.append(a[-1]) or str(target)
    )

    wizard.done_page.save_pdf()  # the folder does not exist: a message, no crash, nothing audited
    assert warnings and "could not be saved" in warnings[0]
    assert not any(a == "enrolment.exported" for a, _r, _d in audit(workspace))

    target.parent.mkdir()
    wizard.done_page.save_pdf()
    assert target.read_bytes().startswith(b"%PDF")
    assert [p.name for p in target.parent.iterdir()] == [target.name]  # no temporary left
    exported = [(r, d) for a, r, d in audit(workspace) if a == "enrolment.exported"]
    assert exported == [(eid, {"format": "pdf"})]
    assert "Testowa" not in json.dumps(audit(workspace))
    # Named after the form, the address (room) and the signing day, not after the resident;
    # the save is confirmed on screen.
    day = localtime.local_day(workspace.registrations.get(eid).signed_at)  # type: ignore[arg-type]
    assert suggested[-1].startswith("Registration form - ")
    assert suggested[-1].endswith(f" - {day.isoformat()} (room 3 v1).pdf")
    assert "Testowa" not in suggested[-1] and not wizard.done_page.saved_label.isHidden()
    assert str(target) in wizard.done_page.saved_label.text()


def _big_file(path: Path) -> str:
    with path.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)  # sparse: costs no disk space
    return str(path)


def test_scan_larger_than_the_limit_is_refused(
    qtbot,
    workspace: Workspace,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    warnings: list[str],
) -> None:  # type: ignore[no-untyped-def]
    insp, rid = make_resident(workspace)
    eid = workspace.registrations.start(rid, consent=True, today=TODAY)
    wizard = RegistrationWizard(workspace, insp, rid, today=TODAY)
    qtbot.addWidget(wizard)
    big = _big_file(tmp_path / "scan.png")
    monkeypatch.setattr(pages, "choose_scan_file", lambda *_a: big)
    read: list[str] = []
    original = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda p: read.append(str(p)) or original(p))
    wizard.document_page.scan_from_file("id_front")
    assert warnings and "30 MB" in warnings[0]
    assert big not in read  # refused before reading it into memory
    assert workspace.registrations.get(eid, audit_view=False).scan_id("id_front") is None


def _photos_part(workspace: Workspace, insp: str) -> Any:
    return page_mod.PhotosPart(workspace, insp, read_only=False)


def test_photo_larger_than_the_limit_or_unreadable_is_refused(
    qtbot, workspace: Workspace, tmp_path: Path, warnings: list[str]
) -> None:  # type: ignore[no-untyped-def]
    insp, _rid = make_resident(workspace)
    photos = _photos_part(workspace, insp)
    qtbot.addWidget(photos)
    assert photos.add_file(_big_file(tmp_path / "huge.jpg")) is None
    assert "30 MB" in warnings[-1]
    assert photos.add_file(str(tmp_path / "missing.jpg")) is None
    assert "cannot be read" in warnings[-1]
    folder = tmp_path / "folder.jpg"
    folder.mkdir()
    assert photos.add_file(str(folder)) is None
    assert len(warnings) == 3
    assert workspace.attachments.list_for(insp, kind="photo") == []
    small = tmp_path / "kamer.png"
    small.write_bytes(png())
    assert photos.add_file(str(small), "Kamer") is not None
    assert len(workspace.attachments.list_for(insp, kind="photo")) == 1
