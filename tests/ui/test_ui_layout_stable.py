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
