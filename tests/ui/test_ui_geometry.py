"""Every window fits the smallest screen officers use (1366x768, and 1920x1080 at 150 %:
1280x720 logical) with its buttons on screen, and windows remember being maximized."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import QApplication, QWidget

from inspector import localtime
from inspector.ui import geometry
from inspector.ui import inspection_page as page_mod
from inspector.ui.formview import attachments
from inspector.ui.main_window import MainWindow
from inspector.ui.registration.wizard import STEP_DOCUMENT, STEP_FORM, STEP_SIGNATURE

import scripted_officer as scripted

pytestmark = [pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")]
SMALL = geometry.SMALLEST_SCREEN


@pytest.fixture(autouse=True)
def no_camera(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(attachments, "has_camera", lambda: False)


@pytest.mark.parametrize(
    ("screen", "preferred", "expected"),
    [
        (QRect(0, 0, 1366, 728), QSize(1280, 800), QSize(1280, 688)),  # 1366x768, task bar
        (QRect(0, 0, 1280, 680), QSize(1200, 840), QSize(1200, 640)),  # 1920x1080 at 150 %
        (QRect(0, 0, 2560, 1400), QSize(1200, 840), QSize(1200, 840)),
    ],
)
def test_a_new_window_never_exceeds_the_screen(
    screen: QRect, preferred: QSize, expected: QSize
) -> None:
    rect = geometry.fitted(preferred, screen)
    assert rect.size() == expected
    with_frame = rect.adjusted(-8, -32, 8, 8)  # border and title bar
    assert screen.contains(with_frame)


def _visible_in(widget: QWidget, window: QWidget) -> bool:
    """The widget is shown and lies wholly inside the window (not cut off by the screen edge)."""
    if not widget.isVisible():
        return False
    top_left = widget.mapTo(window, widget.rect().topLeft())
    return window.rect().contains(QRect(top_left, widget.size()))


def _fits(window: QWidget, buttons: list[QWidget]) -> None:
    window.resize(SMALL)
    QApplication.processEvents()
    hint = window.minimumSizeHint()
    assert hint.width() <= SMALL.width() and hint.height() <= SMALL.height(), hint
    assert window.width() <= SMALL.width() and window.height() <= SMALL.height()
    for button in buttons:
        assert _visible_in(button, window), button.text() if hasattr(button, "text") else button


def _store(workspace: Any) -> tuple[str, str]:
    insp = workspace.inspections.create(
        address="Voorbeeldstraat 12 A", postcode="2801AB", city="Gouda"
    )
    res = workspace.residents.add(insp.id, "Ion Exemplu", "ro", room="3")
    for key, value in scripted.questionnaire_answers(localtime.today()).items():
        workspace.answers.save(insp.id, "betrokkene", 1, key, value, resident_id=res.id)
    return insp.id, res.id


def test_every_part_of_the_main_window_fits(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    iid, _rid = _store(workspace)
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    window.show()
    screen = QApplication.primaryScreen().availableGeometry()  # 800x800 offscreen
    assert screen.contains(window.geometry())
    _fits(window, [window.list_page.new_button])
    window.open_inspection(iid)
    page = window.inspection_page
    for part in page.PARTS:
        widget = page.show_part(part)
        buttons: list[QWidget] = [page.finalize_button, page.back_button]
        if part == "residents":
            buttons += [widget.add_button, widget.register_button, widget.view.next_button]
        elif part in ("controlelocatie", "verblijfslocatie"):
            buttons += [widget.next_button, widget.previous_button]
        elif part == "photos":
            buttons += [widget.add_button]
        elif part == "letters":
            buttons += [widget.print_button, widget.save_pdf_button, widget.invitations_button]
        _fits(window, buttons)


def test_the_invitations_and_settings_dialogs_fit(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    from inspector.ui.letters.invitations import InvitationsDialog
    from inspector.ui.settings_dialog import SettingsDialog

    iid, _rid = _store(workspace)
    invitations = InvitationsDialog(workspace, iid)
    qtbot.addWidget(invitations)
    invitations.show()
    _fits(invitations, [invitations.save_button, invitations.close_button, invitations.place])
    settings = SettingsDialog(workspace)
    qtbot.addWidget(settings)
    settings.show()
    _fits(settings, [settings.save_button])
    settings.tabs.setCurrentWidget(settings.norms_page)
    _fits(settings, [settings.save_button, settings.norms_page])
    selection = settings.findChild(QWidget, "selection_settings")
    assert selection is not None
    settings.tabs.setCurrentWidget(selection)
    _fits(settings, [settings.save_button, selection])


def test_every_step_of_the_registration_wizard_fits(qtbot, workspace, tmp_path) -> None:  # type: ignore[no-untyped-def]
    iid, rid = _store(workspace)
    dialog = page_mod.RegistrationDialog(workspace, iid, rid)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.width() <= QApplication.primaryScreen().availableGeometry().width()
    wizard = dialog.wizard
    officer = scripted.ScriptedOfficer(wizard)
    _fits(dialog, [wizard.consent_page.consent_yes, wizard.consent_page.consent_no])
    officer.consent(True)
    assert wizard.current_step() == STEP_FORM
    _fits(dialog, [wizard.form_page.form_next])
    officer.details({"civil_status": "unmarried"})
    assert wizard.current_step() == STEP_DOCUMENT
    _fits(dialog, [wizard.document_page.doc_next, wizard.document_page.mrz_edit])
    from test_registration_walk import GOOD_MRZ, scan_file

    officer.paste(wizard.document_page.mrz_edit, GOOD_MRZ)
    officer.document(
        {},
        front=scan_file(tmp_path, "f.png", "lightblue"),
        back=scan_file(tmp_path, "b.png", "wheat"),
    )
    officer.next_from_document()
    assert wizard.current_step() == STEP_SIGNATURE, wizard.document_page.doc_message.text()
    _fits(
        dialog,
        [
            wizard.signature_page.sign_button,
            wizard.signature_page.clear_button,
            wizard.signature_page.pad,
        ],
    )


def test_main_window_remembers_being_maximized(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    assert not window.start_maximized
    window.showMaximized()
    QApplication.processEvents()
    window.close()
    again = MainWindow(workspace)
    qtbot.addWidget(again)
    assert again.start_maximized
    assert again.windowState() & Qt.WindowState.WindowMaximized
    again.showNormal()
    again.close()
    assert not MainWindow(workspace).start_maximized


def test_wizard_remembers_being_maximized(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    iid, rid = _store(workspace)
    dialog = page_mod.RegistrationDialog(workspace, iid, rid)
    qtbot.addWidget(dialog)
    assert not dialog.windowState() & Qt.WindowState.WindowMaximized
    assert dialog.windowFlags() & Qt.WindowType.WindowMaximizeButtonHint
    dialog.showMaximized()
    dialog.reject()
    again = page_mod.RegistrationDialog(workspace, iid, rid)
    qtbot.addWidget(again)
    assert again.windowState() & Qt.WindowState.WindowMaximized


def test_the_details_step_with_unchecked_list_values_fits(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    iid = workspace.inspections.create(
        address="Voorbeeldstraat 12 A", postcode="2801AB", city="Gouda"
    ).id
    rid = workspace.residents.add(iid, "Ion Exemplu", "ro", room="3", import_key="c" * 64).id
    for key, value in scripted.questionnaire_answers(localtime.today()).items():
        workspace.answers.save(iid, "betrokkene", 1, key, value, resident_id=rid)
    dialog = page_mod.RegistrationDialog(workspace, iid, rid)
    qtbot.addWidget(dialog)
    dialog.show()
    wizard = dialog.wizard
    scripted.ScriptedOfficer(wizard).consent(True)
    page = wizard.form_page
    assert page.unverified_box.isVisible() and len(page.unverified_checks) >= 6
    _fits(dialog, [page.form_next, page.verify_button, *page.unverified_checks.values()])
