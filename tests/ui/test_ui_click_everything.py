"""Visit every part and section of an inspection and press every enabled button and menu item,
as a curious new user would; any exception that reaches sys.excepthook fails the test.

Dialogs that a click opens are rejected by a timer (the way an officer presses Escape), so the
walk never waits on a modal window."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QDialog,
    QListView,
    QMenu,
    QWidget,
)

from inspector.core import review as review_mod
from inspector.ui import inspection_page as page_mod
from inspector.ui.formview import attachments
from inspector.ui.inspection_dialogs import AddResidentDialog
from inspector.ui.main_window import MainWindow

from tests_support import PASSWORD

pytestmark = [pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")]


@pytest.fixture(autouse=True)
def no_camera(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(attachments, "has_camera", lambda: False)


class DialogCloser:
    """Rejects every dialog and closes every popup menu shortly after it opens."""

    def __init__(self, main: QWidget) -> None:
        self.main = main
        #: Dialogs under test: left open.
        self.keep: list[QWidget] = []
        self.closed: list[str] = []
        self.timer = QTimer()
        self.timer.setInterval(30)
        self.timer.timeout.connect(self._close)

    def _close(self) -> None:
        popup = QApplication.activePopupWidget()
        if popup is not None:
            popup.close()
        modal = QApplication.activeModalWidget()
        targets = [modal] if modal is not None else []
        targets += [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QDialog) and w.isVisible() and w is not modal
        ]
        for widget in targets:
            if any(widget is kept for kept in self.keep):
                continue
            self.closed.append(type(widget).__name__)
            if isinstance(widget, QDialog):
                widget.reject()
            else:
                widget.close()


@pytest.fixture
def errors(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Exceptions raised in slots: PySide hands them to sys.excepthook."""
    found: list[str] = []

    def hook(kind: Any, value: Any, tb: Any) -> None:
        import traceback

        found.append("".join(traceback.format_exception(kind, value, tb)))

    monkeypatch.setattr(sys, "excepthook", hook)
    yield found


#: Every button pressed in this process (text or kind), to show the walk reached them.
PRESSED: list[str] = []


def _alive(widget: QWidget) -> bool:
    return shiboken6.isValid(widget) and widget.isVisible() and widget.isEnabled()


def press_every_button(
    root: QWidget,
    skip: Callable[[QAbstractButton], bool] = lambda b: False,
    back: Callable[[], None] = lambda: None,
) -> int:
    """Click each enabled, visible button under *root* once (a snapshot: buttons that a click
    creates are left alone); *back* returns to the screen after a click that left it.
    Returns how many were clicked."""
    pressed = 0
    for button in list(root.findChildren(QAbstractButton)):
        if not shiboken6.isValid(button):
            continue
        back()
        if not _alive(button) or skip(button):
            continue
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)
        QApplication.processEvents()
        pressed += 1
        PRESSED.append(button.text() or button.objectName() or type(button).__name__)
    back()
    return pressed


def activate_every_row(root: QWidget, back: Callable[[], None] = lambda: None) -> int:
    """Enter on every row of the tables and trees under *root* (lists are walked apart)."""
    done = 0
    for view in root.findChildren(QAbstractItemView):
        if isinstance(view, QListView) or not _alive(view):
            continue
        model = view.model()
        for row in range(model.rowCount()):
            back()
            if not _alive(view):
                break
            view.setCurrentIndex(model.index(row, 0))
            QTest.keyClick(view, Qt.Key.Key_Return)
            QApplication.processEvents()
            done += 1
    back()
    return done


def _actions(menu: QMenu) -> list[QAction]:
    out: list[QAction] = []
    for action in menu.actions():
        if action.menu() is not None:
            out += _actions(action.menu())  # type: ignore[arg-type]
        elif not action.isSeparator():
            out.append(action)
    return out


def _inspection(workspace: Any) -> str:
    summary = workspace.inspections.create(
        address="Klikstraat 3", postcode="2801 AB", city="Gouda", bag_ids={}
    )
    forms = review_mod.forms()
    form = forms["verblijfslocatie"]
    workspace.answers.add_repeat(summary.id, form.id, form.version, "bedrooms")
    workspace.residents.add(summary.id, "Testowa Fikcyjna", "pl")
    workspace.residents.add(summary.id, "Testescu Fictiv", "ro")
    return str(summary.id)


def test_click_everything_in_an_inspection(qtbot, workspace, errors) -> None:  # type: ignore[no-untyped-def]
    iid = _inspection(workspace)
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    closer = DialogCloser(window)
    closer.timer.start()

    # The list page: new inspection (rejected), open, search.
    press_every_button(window.list_page)
    window.open_inspection(iid)
    page = window.inspection_page
    assert isinstance(page, page_mod.InspectionPage)

    visited: list[str] = []
    for row, part in enumerate(page_mod.InspectionPage.PARTS):
        page.nav.setCurrentRow(row)
        widget = page.stack.currentWidget()
        visited.append(part)
        if part == "residents":
            for r in range(widget.list.count()):

                def back(r: int = r, widget: Any = widget) -> None:
                    page.nav.setCurrentRow(page_mod.InspectionPage.PARTS.index("residents"))
                    widget.list.setCurrentRow(r)

                back()
                _walk_form(widget.view)
                press_every_button(widget, back=back)
        elif hasattr(widget, "sections_list"):
            _walk_form(widget)
        else:

            def back(row: int = row) -> None:
                page.nav.setCurrentRow(row)

            press_every_button(widget, back=back)
            activate_every_row(widget, back=back)
        assert not errors, errors[0]
    assert visited == list(page_mod.InspectionPage.PARTS)

    # Header: finalize (the check opens, rejected), back to the list (last).
    press_every_button(page, skip=lambda b: b is not page.finalize_button)
    assert not errors, errors[0]

    # Every menu item; "Lock now" is answered with the password, "Quit" comes last.
    quit_action = None
    for menu_action in window.menuBar().actions():
        for action in _actions(menu_action.menu()):  # type: ignore[arg-type]
            if not action.isEnabled():
                continue
            if action.shortcut().matches(Qt.Key.Key_Q | Qt.KeyboardModifier.ControlModifier):
                quit_action = action
                continue
            action.trigger()
            QApplication.processEvents()
            if window.is_locked():
                window.lock_form.password.setText(PASSWORD)
                QTest.mouseClick(window.lock_form.unlock_button, Qt.MouseButton.LeftButton)
                assert not window.is_locked()
    assert not errors, errors[0]
    press_every_button(page)  # includes "← Inspections"
    assert quit_action is not None
    quit_action.trigger()
    QApplication.processEvents()
    closer.timer.stop()
    assert not errors, errors[0]
    for dialog in ("FinalizeDialog", "AddResidentDialog", "RegistrationDialog", "QFileDialog"):
        assert dialog in closer.closed
    for text in ("&Add resident", "Register in the BRP now", "Print…", "Finalize…", "Next ▶"):
        assert text in PRESSED


def _walk_form(view: Any) -> None:
    """Every section of a questionnaire, and every button on it."""
    for row in range(view.sections_list.count()):
        view.sections_list.setCurrentRow(row)
        QApplication.processEvents()
        press_every_button(view.stack.currentWidget())
    press_every_button(view, skip=lambda b: b.parent() is not view)


def test_add_resident_button_adds_a_resident(qtbot, workspace, errors) -> None:  # type: ignore[no-untyped-def]
    """The real button and its mnemonic: the dialog opens, the name is typed, OK adds."""
    iid = str(
        workspace.inspections.create(
            address="Knopstraat 1", postcode="2801 AB", city="Gouda", bag_ids={}
        ).id
    )
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    window.show()
    window.open_inspection(iid)
    page = window.inspection_page
    residents = page.show_part("residents")

    def answer(name: str, language_row: int) -> QTimer:
        """Fill the dialog as soon as it is open (a mnemonic clicks after a short animation)."""
        timer = QTimer()
        timer.setInterval(10)

        def fill() -> None:
            dialog = QApplication.activeModalWidget()
            if not isinstance(dialog, AddResidentDialog):
                return
            timer.stop()
            QTest.keyClicks(dialog.name, name)
            dialog.language.setCurrentIndex(language_row)
            QTest.keyClick(dialog.name, Qt.Key.Key_Return)

        timer.timeout.connect(fill)
        timer.start()
        return timer

    timer = answer("Ana Test", 4)
    QTest.mouseClick(residents.add_button, Qt.MouseButton.LeftButton)
    assert not timer.isActive() and not errors, errors
    assert [(r.name, r.language) for r in workspace.residents.list_for(iid)] == [("Ana Test", "ro")]
    assert residents.view is not None and residents.view.language == "ro"

    # The mnemonic (Alt+A in English, Alt+B in Dutch) presses the same button.
    window.windowHandle().requestActivate()
    qtbot.waitUntil(window.isActiveWindow)
    timer = answer("Jan Test", 0)
    QTest.keyClick(residents.list, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: not timer.isActive())
    assert not errors, errors[0]
    assert [r.name for r in workspace.residents.list_for(iid)] == ["Ana Test", "Jan Test"]


#: Buttons that leave the step: pressed last, so the rest of the step is pressed first.
_LEAVING = ("▶", "◀", "consent_", "sign", "correct", "close", "Close", "Sign", "correction")


def _leaves(button: QAbstractButton) -> bool:
    return any(mark in (button.text() + button.objectName()) for mark in _LEAVING)


def test_click_everything_in_the_registration_wizard(qtbot, workspace, errors, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Each step reached as an officer does, then every enabled button of that step pressed
    (those that leave the step last); dialogs they open are rejected."""
    from test_registration_walk import GOOD_MRZ, make_resident, scan_file

    from inspector.ui.registration.wizard import (
        STEP_CONSENT,
        STEP_DOCUMENT,
        STEP_DONE,
        STEP_FORM,
        STEP_SIGNATURE,
    )

    import scripted_officer as scripted

    closer = DialogCloser(QWidget())
    closer.timer.start()
    reached: dict[int, int] = {}
    for step in (STEP_CONSENT, STEP_FORM, STEP_DOCUMENT, STEP_SIGNATURE, STEP_DONE):
        insp, rid = make_resident(workspace)
        dialog = page_mod.RegistrationDialog(workspace, insp, rid)
        qtbot.addWidget(dialog)
        closer.keep = [dialog]
        dialog.show()
        wizard = dialog.wizard
        officer = scripted.ScriptedOfficer(wizard)
        if step >= STEP_FORM:
            officer.consent(True)
        if step >= STEP_DOCUMENT:
            officer.details({"civil_status": "unmarried"})
        if step >= STEP_SIGNATURE:
            officer.paste(wizard.document_page.mrz_edit, GOOD_MRZ)
            officer.document(
                {},
                front=scan_file(tmp_path, "f.png", "lightblue"),
                back=scan_file(tmp_path, "b.png", "wheat"),
            )
            officer.next_from_document()
        if step >= STEP_DONE:
            officer.resident_signs()
            officer.sign()
        assert wizard.current_step() == step
        page = wizard.stack.currentWidget()
        buttons = sorted(page.findChildren(QAbstractButton), key=_leaves)
        pressed = 0
        for button in buttons:
            if not _alive(button):
                continue
            QTest.mouseClick(button, Qt.MouseButton.LeftButton)
            QApplication.processEvents()
            pressed += 1
            assert not errors, errors[0]
        reached[step] = pressed
        if dialog.isVisible():
            dialog.reject()
    closer.timer.stop()
    assert not errors, errors[0]
    assert all(n > 0 for n in reached.values()), reached


def test_click_everything_on_the_sync_page_and_the_provisioning_dialog(
    qtbot, workspace, errors
) -> None:  # type: ignore[no-untyped-def]
    """The Sync page (reached from the status bar), every button on it, every row; then the
    provisioning dialog with every button pressed, empty and half filled in."""
    from inspector.ui.sync_page import ProvisionDialog, SyncPage

    iid = _inspection(workspace)
    workspace.inspections.finalize(iid)  # one record waiting in the outbox
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    closer = DialogCloser(window)
    closer.timer.start()
    QTest.mouseClick(window.sync_status, Qt.MouseButton.LeftButton)
    page = window.sync_page
    assert isinstance(page, SyncPage) and window.pages.currentWidget() is page
    assert page.model.rowCount() == 1

    def back() -> None:
        if window.pages.currentWidget() is not page:
            window.show_sync()

    assert press_every_button(page, back=back) >= 2  # the back button and "Link…"
    activate_every_row(page, back=back)
    assert not errors, errors[0]
    assert "ProvisionDialog" in closer.closed

    dialog = ProvisionDialog(workspace, window)
    qtbot.addWidget(dialog)
    closer.keep = [dialog]
    dialog.show()
    for url, code in (("", ""), ("ftp://x", "ABC"), ("http://127.0.0.1:9", "ABCD-EFGH-JKLM")):
        dialog.url.setText(url)
        dialog.code.setText(code)
        press_every_button(dialog, skip=lambda b: b.text() in ("Cancel", "&Cancel"))
        assert not errors, errors[0]
        assert dialog.error.text(), "every refusal says why"
    assert dialog.width() <= 1366 and dialog.height() <= 768
    closer.timer.stop()
    assert not errors, errors[0]
