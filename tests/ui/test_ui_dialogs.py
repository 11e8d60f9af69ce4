"""The start-up and new-inspection dialogs as a new user meets them: messages that name the
field, go away once it is fixed, and never overlap; suggestions that typing replaces."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QWidget

from inspector.paths import DataPaths
from inspector.ui.background import load_store_modules
from inspector.ui.dialogs import FirstRunDialog, NewInspectionDialog, UnlockDialog

from tests_support import PASSWORD, make_store

pytestmark = [pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")]


def _ok(dialog: QWidget) -> None:
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    button = box.button(QDialogButtonBox.StandardButton.Ok)
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    QApplication.processEvents()


def _rect(widget: QWidget, window: QWidget) -> QRect:
    return QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())


def test_new_inspection_messages_name_the_field_and_go_when_fixed(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    dialog = NewInspectionDialog(workspace)
    qtbot.addWidget(dialog)
    dialog.show()
    _ok(dialog)
    assert dialog.error.isVisible() and dialog.error.text() == "Fill in the address."
    assert dialog.address.hasFocus()
    QTest.keyClicks(dialog.address, "Nieuwe Weg 3")
    assert not dialog.error.isVisible()  # not stale once the address is there

    QTest.keyClicks(dialog.postcode, "3011aa")
    QTest.keyClicks(dialog.city, "Rotterdam")
    QTest.keyClicks(dialog.bag_vbo, "12345")
    _ok(dialog)
    assert dialog.created is None
    assert dialog.bag_error.text() == "BAG verblijfsobject id: a BAG id has 16 digits."
    dialog.bag_vbo.clear()
    QTest.keyClicks(dialog.bag_vbo, "0513200000012345")  # a nummeraanduiding
    assert not dialog.bag_error.isVisible()
    _ok(dialog)
    assert dialog.bag_error.text() == "BAG verblijfsobject id: this id is of a nummeraanduiding."
    dialog.bag_vbo.clear()
    QTest.keyClicks(dialog.bag_num, "0513200000012345")
    _ok(dialog)
    assert dialog.created is not None
    assert dialog.created.bag_ids == {"nummeraanduiding": "0513200000012345"}


def test_messages_keep_their_room_and_never_overlap(qtbot, data_paths: DataPaths) -> None:  # type: ignore[no-untyped-def]
    dialog = FirstRunDialog(data_paths)
    qtbot.addWidget(dialog)
    dialog.show()
    QApplication.processEvents()
    buttons = dialog.findChild(QDialogButtonBox)
    before = _rect(buttons, dialog)
    _ok(dialog)  # nothing filled in: a message appears
    assert dialog.error.isVisible() and dialog.error.text()
    assert _rect(buttons, dialog) == before  # nothing jumped
    dialog.error.setText(" ".join(["Een lange melding die over meerdere regels loopt."] * 8))
    QApplication.processEvents()
    error, password2 = _rect(dialog.error, dialog), _rect(dialog.password2, dialog)
    assert not error.intersects(_rect(buttons, dialog)) and not error.intersects(password2)
    assert dialog.rect().contains(_rect(buttons, dialog))


def test_suggested_username_is_replaced_by_typing(qtbot, data_paths: DataPaths) -> None:  # type: ignore[no-untyped-def]
    dialog = FirstRunDialog(data_paths)
    qtbot.addWidget(dialog)
    dialog.show()
    QTest.keyClicks(dialog.officer_name, "Jan de Vries")
    assert dialog.username.text() == "jan.de.vries"
    QTest.mouseClick(dialog.username, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.username.selectedText() == "jan.de.vries")
    QTest.keyClicks(dialog.username, "jdv")
    assert dialog.username.text() == "jdv"
    # once typed, it is the officer's own: entering again does not select it
    QTest.mouseClick(dialog.password, Qt.MouseButton.LeftButton)
    QTest.mouseClick(dialog.username, Qt.MouseButton.LeftButton)
    QApplication.processEvents()
    QTest.keyClicks(dialog.username, "x")
    assert dialog.username.text().endswith("x") and len(dialog.username.text()) == 4


def test_unlock_needs_no_username_when_one_account(qtbot, data_paths: DataPaths) -> None:  # type: ignore[no-untyped-def]
    make_store(data_paths).close()
    dialog = UnlockDialog(data_paths)
    qtbot.addWidget(dialog)
    dialog.show()
    # What the start-up loads in the background tells the window there is one account.
    found = load_store_modules(data_paths)
    assert found["single_officer"] is True
    dialog.set_single_officer(found["single_officer"])
    assert dialog.form.username.placeholderText()
    assert dialog.focusWidget() is dialog.form.password
    QTest.keyClicks(dialog.form.password, PASSWORD)
    QTest.keyClick(dialog.form.password, Qt.Key.Key_Return)
    assert dialog.workspace is not None
    assert dialog.workspace.officer.username == "test"
    dialog.workspace.close()


def _second_officer(paths: DataPaths, username: str, password: str) -> None:
    """A store with two accounts: the test officer and *username*."""
    from inspector.security.passwords import hash_password
    from inspector.storage.models import Officer
    from inspector.storage.types import cipher_of
    from inspector.storage.upgrade import username_lookup

    ws = make_store(paths)
    with ws.unit() as s:
        s.add(
            Officer(
                username_lookup=username_lookup(cipher_of(ws.db.engine.dialect), username),
                name="Tweede Toezichthouder",
                username=username,
                role="officer",
                password_hash=hash_password(password),
            )
        )
    ws.close()


def _unlock_window(qtbot, paths: DataPaths) -> UnlockDialog:  # type: ignore[no-untyped-def]
    dialog = UnlockDialog(paths)
    qtbot.addWidget(dialog)
    dialog.show()
    # What the start-up loads in the background, handed to the window as the app does.
    found = load_store_modules(paths)
    dialog.set_single_officer(found["single_officer"])
    dialog.set_last_username(found.get("last_username"))
    return dialog


def test_unlock_offers_the_username_last_used_when_several_accounts(qtbot, data_paths) -> None:  # type: ignore[no-untyped-def]
    _second_officer(data_paths, "tweede.voorbeeld", "tweede-wachtwoord-77")
    first = _unlock_window(qtbot, data_paths)
    assert first.form.username.text() == ""  # nothing used here yet
    assert first.focusWidget() is first.form.username
    QTest.keyClicks(first.form.username, "tweede.voorbeeld")
    QTest.keyClicks(first.form.password, "tweede-wachtwoord-77")
    qtbot.mouseClick(first.form.unlock_button, Qt.MouseButton.LeftButton)
    assert first.workspace is not None
    first.workspace.close()

    # Next start: the last username is offered, the password has the focus.
    second = _unlock_window(qtbot, data_paths)
    assert second.form.username.text() == "tweede.voorbeeld"
    assert second.focusWidget() is second.form.password
    QTest.keyClicks(second.form.password, "tweede-wachtwoord-77")
    QTest.keyClick(second.form.password, Qt.Key.Key_Return)
    assert second.workspace is not None
    assert second.workspace.officer.username == "tweede.voorbeeld"
    second.workspace.close()

    # Another officer at the same laptop: entering the field selects it, typing replaces it.
    third = _unlock_window(qtbot, data_paths)
    QTest.mouseClick(third.form.username, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: third.form.username.selectedText() == "tweede.voorbeeld")
    QTest.keyClicks(third.form.username, "test")
    assert third.form.username.text() == "test"
    QTest.keyClicks(third.form.password, PASSWORD)
    qtbot.mouseClick(third.form.unlock_button, Qt.MouseButton.LeftButton)
    assert third.workspace is not None and third.workspace.officer.username == "test"
    third.workspace.close()
    assert _unlock_window(qtbot, data_paths).form.username.text() == "test"

    # Kept in the OS keyring only: no file of the store names either username (#10).
    for path in data_paths.root.rglob("*"):
        if path.is_file():
            content = path.read_bytes()
            assert b"tweede.voorbeeld" not in content and b"tweede" not in content, path


def test_invalid_settings_file_is_one_line_in_the_unlock_window(qtbot, data_paths) -> None:  # type: ignore[no-untyped-def]
    import hashlib
    import sys

    make_store(data_paths).close()
    good = data_paths.settings.read_text(encoding="utf-8")
    # An older release's (or an administrator's) value that no longer validates.
    data_paths.settings.write_text(good + "idle_lock_minutes: 9999\n", encoding="utf-8")

    def state() -> dict[str, str]:
        return {
            p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in data_paths.root.iterdir()
            if p.is_file()
        }

    before = state()
    crashes: list[object] = []
    hook = sys.excepthook
    sys.excepthook = lambda *exc: crashes.append(exc)
    try:
        dialog = UnlockDialog(data_paths)
        qtbot.addWidget(dialog)
        dialog.show()
        QTest.keyClicks(dialog.form.username, "test")
        QTest.keyClicks(dialog.form.password, PASSWORD)
        qtbot.mouseClick(dialog.form.unlock_button, Qt.MouseButton.LeftButton)
        QApplication.processEvents()
    finally:
        sys.excepthook = hook
    assert crashes == [] and dialog.workspace is None and dialog.isVisible()
    text = dialog.form.error.text()
    assert dialog.form.error.isVisible() and "\n" not in text
    assert "settings.yaml" in text and "idle_lock_minutes" in text and "9999" not in text
    assert "nothing was opened or changed" in text
    assert state() == before  # nothing written, no attempt counted
    assert dialog.form.password.text() == PASSWORD  # what was typed stays

    # Corrected by the administrator: the same button opens the store.
    data_paths.settings.write_text(good, encoding="utf-8")
    qtbot.mouseClick(dialog.form.unlock_button, Qt.MouseButton.LeftButton)
    assert dialog.workspace is not None and not dialog.form.error.isVisible()
    dialog.workspace.close()


def test_invalid_settings_message_is_dutch_in_the_dutch_interface() -> None:
    import xml.etree.ElementTree as ET

    from inspector.ui.i18n import ts_path

    root = ET.parse(ts_path("nl")).getroot()
    found = {
        m.findtext("source"): m.findtext("translation")
        for m in root.iter("message")
        if "settings.yaml" in (m.findtext("source") or "")
    }
    assert len(found) == 2 and all(found.values())
    assert all("niets geopend of gewijzigd" in t for t in found.values() if t), found
