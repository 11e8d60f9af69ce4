"""Nothing moves under the officer's mouse: an inline message, a photo or a scan appearing
keeps the fields and buttons below where they were (a quick next click lands where aimed)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from inspector.core import review
from inspector.ui.formview import FormView, attachments, prompts
from inspector.ui.registration import RegistrationWizard
from inspector.ui.registration.wizard import STEP_DOCUMENT

import scripted_officer as scripted

pytestmark = [pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")]


@pytest.fixture(autouse=True)
def no_camera(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(attachments, "has_camera", lambda: False)


def _at(widget: QWidget, window: QWidget) -> QPoint:
    QApplication.processEvents()
    return widget.mapTo(window, QPoint(0, 0))


def _view(qtbot: Any, workspace: Any) -> FormView:
    iid = workspace.inspections.create(address="Vaste 1", postcode="2801 AA", city="Gouda").id
    view = FormView(workspace, iid, review.forms()["verblijfslocatie"])
    qtbot.addWidget(view, before_close_func=lambda w: w._timer.stop())
    view.resize(1100, 700)
    view.show()
    return view


def test_an_inline_message_moves_nothing_below(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    view = _view(qtbot, workspace)
    persons = view.field_editor("persons_present")
    assert persons is not None
    section = next(s for s in view.form.sections if s.id == view.current_section)
    ids = [f.id for f in section.fields if not f.is_repeat]
    target = view.field_row(ids[ids.index("persons_present") + 1])
    assert target is not None
    before = _at(target, view)
    QTest.keyClicks(persons.line, "zes")  # type: ignore[attr-defined]
    QTest.keyClick(persons.line, Qt.Key.Key_Tab)  # type: ignore[attr-defined]
    row = view.field_row("persons_present")
    assert row is not None and row.error.isVisible() and row.error.text()
    assert _at(target, view) == before


def test_a_photo_appearing_moves_nothing(qtbot, workspace, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    picture = tmp_path / "keuken.png"
    image = QImage(640, 480, QImage.Format.Format_RGB32)
    image.fill(0x336699)
    assert image.save(str(picture))
    monkeypatch.setattr(prompts, "choose_file", lambda *a: str(picture))
    view = _view(qtbot, workspace)
    editor = view.field_editor("kitchen_photo")
    assert editor is not None
    view.focus_field("kitchen_photo")
    section = next(s for s in view.form.sections if s.id == view.current_section)
    ids = [f.id for f in section.fields if not f.is_repeat]
    after = view.field_row(ids[ids.index("kitchen_photo") + 1])
    assert after is not None
    before = _at(after, view)
    size = editor.size()
    QTest.mouseClick(editor.attach_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    assert not editor.thumb.pixmap().isNull()  # type: ignore[attr-defined]
    assert editor.size() == size and _at(after, view) == before


def test_a_scan_or_mrz_message_moves_nothing_on_the_document_page(
    qtbot, workspace, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from test_registration_walk import GOOD_MRZ, make_resident, scan_file, td3

    insp, rid = make_resident(workspace)
    wizard = RegistrationWizard(workspace, insp, rid)
    qtbot.addWidget(wizard)
    wizard.resize(1280, 680)
    wizard.show()
    officer = scripted.ScriptedOfficer(wizard)
    officer.consent(True)
    officer.details({"civil_status": "unmarried"})
    assert wizard.current_step() == STEP_DOCUMENT
    page = wizard.document_page
    watched = [page.scan_front.from_file, page.scan_back.from_file, page.visual_check,
               page.mrz_fill, page.doc_next]  # fmt: skip
    before = [_at(w, wizard) for w in watched]
    with scripted.scan_files([scan_file(tmp_path, "f.png", "lightblue")]):
        officer.click(wizard.document_page.scan_front.from_file)
    assert wizard.document_page.scan_front.image is not None
    other = td3("EXEMPLU", "IOAN", "RO7654321", "ROU", "900517", "M", "300101")
    officer.paste(wizard.document_page.mrz_edit, other)
    assert wizard.document_page.mismatch_table.isVisible()
    assert [_at(w, wizard) for w in watched] == before
    officer.paste(wizard.document_page.mrz_edit, GOOD_MRZ)
    assert [_at(w, wizard) for w in watched] == before


def test_a_long_field_message_is_cut_to_its_line_and_moves_nothing(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    view = _view(qtbot, workspace)
    section = next(s for s in view.form.sections if s.id == view.current_section)
    ids = [f.id for f in section.fields if not f.is_repeat]
    row = view.field_row("persons_present")
    target = view.field_row(ids[ids.index("persons_present") + 1])
    assert row is not None and target is not None
    before = _at(target, view)
    long = " ".join(["Een melding die veel langer is dan de regel die ervoor vrij is."] * 6)
    row.apply(True, True, long)  # the engine's verdict, as the form view hands it on
    QApplication.processEvents()
    assert row.error.isVisible() and row.error.text() == long
    assert row.error.cut and row.error.toolTip() == long  # type: ignore[attr-defined]
    assert _at(target, view) == before


def _wizard_at(qtbot: Any, workspace: Any, *, answers: bool, width: int = 1100) -> Any:
    from test_registration_walk import make_resident

    insp, rid = make_resident(workspace, answers=answers)
    wizard = RegistrationWizard(workspace, insp, rid)
    qtbot.addWidget(wizard)
    wizard.resize(width, 620)
    wizard.show()
    return wizard


def test_the_wizards_message_lines_move_nothing(qtbot, workspace, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Details, document and signature step: the message beside the buttons keeps its room,
    so the form, the scans and the signature pad above keep their place and size (9.8)."""
    # Narrow (a tablet, or the window beside another): the messages take more than a line.
    wizard = _wizard_at(qtbot, workspace, answers=False, width=700)
    officer = scripted.ScriptedOfficer(wizard)
    officer.consent(True)
    details = wizard.form_page
    assert details.form_view is not None
    before = (details.form_view.size(), _at(details.form_next, wizard))
    assert details.form_message.text() == ""
    officer.click(details.form_next)  # nearly everything still missing
    assert details.form_message.text() and details.form_message.isVisible()
    assert (details.form_view.size(), _at(details.form_next, wizard)) == before

    # The document step: "Next" without a scan or a visual check.
    wizard2 = _wizard_at(qtbot, workspace, answers=True, width=700)
    officer2 = scripted.ScriptedOfficer(wizard2)
    officer2.consent(True)
    assert officer2.details({"civil_status": "unmarried"})
    page = wizard2.document_page
    assert page.doc_view is not None
    watched = [page.doc_view, page.scan_front, page.visual_check, page.doc_next]
    before_doc = [(_at(w, wizard2), w.size()) for w in watched]
    officer2.next_from_document()
    assert page.doc_message.text() and wizard2.current_step() == STEP_DOCUMENT
    assert [(_at(w, wizard2), w.size()) for w in watched] == before_doc


def test_the_saved_line_on_the_signed_step_moves_nothing(qtbot, workspace, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from test_registration_walk import scan_file

    from inspector.ui.registration import pages
    from inspector.ui.registration.wizard import STEP_DONE

    wizard = _wizard_at(qtbot, workspace, answers=True)
    officer = scripted.ScriptedOfficer(wizard)
    officer.consent(True)
    assert officer.details({"civil_status": "unmarried"})
    officer.document({}, front=scan_file(tmp_path, "f.png", "lightblue"), back=None)
    officer.next_from_document()
    officer.resident_signs()
    officer.sign()
    assert wizard.current_step() == STEP_DONE
    done = wizard.done_page
    preview = done.pdf_preview.parentWidget().parentWidget()  # the scroll area
    before = (_at(preview, wizard), preview.size(), _at(done.save_button, wizard))
    target = tmp_path / ("een-lange-mapnaam-" * 6) / "inschrijving.pdf"
    target.parent.mkdir()
    original = pages.choose_save_path
    pages.choose_save_path = lambda *_a: str(target)  # type: ignore[assignment]
    try:
        officer.click(done.save_button)
    finally:
        pages.choose_save_path = original  # type: ignore[assignment]
    assert target.exists() and str(target) in done.saved_label.text()
    assert (_at(preview, wizard), preview.size(), _at(done.save_button, wizard)) == before
