"""The desktop shell: first run, unlock, the inspections list, the idle lock."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from inspector.core import vault
from inspector.paths import DataPaths
from inspector.ui.dialogs import FirstRunDialog, NewInspectionDialog, UnlockDialog
from inspector.ui.main_window import MainWindow
from inspector.ui.models import InspectionTableModel

from tests_support import PASSWORD, make_store

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _shot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    if os.environ.get("INSPECTOR_SCREENSHOTS"):
        SHOTS.mkdir(parents=True, exist_ok=True)
        if isinstance(widget, MainWindow):
            widget.resize(1366, 700)  # as docs/screenshots/make_screenshots.py
        widget.grab().save(str(SHOTS / name))


def test_first_run_creates_store_and_officer(qtbot, data_paths: DataPaths) -> None:  # type: ignore[no-untyped-def]
    dialog = FirstRunDialog(data_paths)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.municipality.setText("Gemeente Voorbeeld")
    dialog.officer_name.setText("Toezichthouder Test")
    assert dialog.username.text() == "toezichthouder.test"
    dialog.password.setText(PASSWORD)
    dialog.password2.setText("different")
    _shot(dialog, "first-run.png")
    dialog._create()
    assert "differ" in dialog.error.text() and not data_paths.exists()
    dialog.password2.setText(PASSWORD)
    dialog._create()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.workspace is not None and data_paths.exists()
    assert dialog.workspace.settings.municipality.name == "Gemeente Voorbeeld"
    dialog.workspace.close()


def test_first_run_requires_consent_to_key_file(qtbot, data_paths: DataPaths) -> None:  # type: ignore[no-untyped-def]
    import keyring
    import keyring.backends.fail

    keyring.set_keyring(keyring.backends.fail.Keyring())
    dialog = FirstRunDialog(data_paths)
    qtbot.addWidget(dialog)
    assert dialog.key_mode == "keyfile"
    assert "No OS keyring" in dialog.keyfile_notice.text()
    dialog.municipality.setText("Gemeente Voorbeeld")
    dialog.officer_name.setText("Toezichthouder Test")
    dialog.password.setText(PASSWORD)
    dialog.password2.setText(PASSWORD)
    dialog._create()
    assert "key file" in dialog.error.text() and not data_paths.exists()
    dialog.keyfile_ok.setChecked(True)
    dialog._create()
    assert data_paths.key_file.exists()
    assert dialog.workspace is not None
    dialog.workspace.close()


def test_unlock_dialog(qtbot, data_paths: DataPaths) -> None:  # type: ignore[no-untyped-def]
    make_store(data_paths).close()
    dialog = UnlockDialog(data_paths)
    qtbot.addWidget(dialog)
    dialog.form.username.setText("test")
    dialog.form.password.setText("wrong-pass")
    dialog.form.try_unlock()
    assert "Wrong" in dialog.form.error.text() and dialog.workspace is None
    dialog.form.password.setText(PASSWORD)
    dialog.form.try_unlock()
    assert dialog.workspace is not None
    dialog.workspace.close()


def test_main_window_list_search_and_new(qtbot, workspace, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    window.show()
    assert window.list_page.empty.isVisible()
    _shot(window, "main-window-empty.png")
    workspace.inspections.create(address="Voorbeeldstraat 1", postcode="2801 AB", city="Gouda")
    workspace.inspections.create(address="Testlaan 5", postcode="5981 CD", city="Panningen")
    window.refresh_list()
    assert window.list_page.proxy.rowCount() == 2
    window.list_page.search.setText("5981")
    assert window.list_page.proxy.rowCount() == 1
    window.list_page.search.setText("2801ab")
    assert window.list_page.proxy.rowCount() == 1
    window.list_page.search.setText("")

    dialog = NewInspectionDialog(workspace, window)
    qtbot.addWidget(dialog)
    dialog.address.setText("Nieuwe Weg 3")
    dialog.postcode.setText("12")
    dialog._create()
    assert "postcode" in dialog.error.text().lower()
    dialog.postcode.setText("3011aa")
    dialog.city.setText("Rotterdam")
    dialog._create()
    assert dialog.created is not None and dialog.created.postcode == "3011 AA"


def test_idle_lock_keeps_state_and_unlocks(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    window.show()
    window.list_page.search.setText("half getypt")
    with qtbot.waitSignal(window.flush_requested):
        window.idle.timer.timeout.emit()
    assert window.is_locked()
    assert not window.menuBar().isEnabled()
    window.lock_form.password.setText("wrong-pass")
    window._try_reauthenticate()
    assert window.is_locked() and "Wrong" in window.lock_form.error.text()
    window.lock_form.password.setText(PASSWORD)
    window._try_reauthenticate()
    assert not window.is_locked()
    assert window.list_page.search.text() == "half getypt"


def test_user_input_resets_the_idle_timer(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    window.show()
    restarts = []

    class FakeTimer:
        def isActive(self) -> bool:  # noqa: N802
            return True

        def start(self) -> None:
            restarts.append(1)

    real = window.idle.timer
    window.idle.timer = FakeTimer()  # type: ignore[assignment]
    qtbot.keyClick(window.list_page.search, Qt.Key.Key_A)
    window.idle.timer = real
    assert restarts


def test_inspection_table_model(qtmodeltester, workspace) -> None:  # type: ignore[no-untyped-def]
    workspace.inspections.create(address="Voorbeeldstraat 1", postcode="2801 AB", city="Gouda")
    model = InspectionTableModel(workspace.inspections.list_all())
    qtmodeltester.check(model)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_smoke_test_command(tmp_path: Path, language: str) -> None:
    import subprocess
    import sys

    data = tmp_path / "data"
    env = {
        **os.environ,
        "INSPECTOR_PASSPHRASE": PASSWORD,
        "INSPECTOR_DATA_DIR": str(data),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    subprocess.run(
        [sys.executable, "-m", "inspector", "init", "--officer", "T Test", "--municipality", "M"],
        env=env,
        check=True,
        capture_output=True,
        timeout=60,
    )
    if language == "en":
        (data / "settings.yaml").write_text(
            (data / "settings.yaml")
            .read_text()
            .replace("interface_language: nl", "interface_language: en")
        )
    proc = subprocess.run(
        [sys.executable, "-m", "inspector", "--smoke-test"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "smoke test ok" in proc.stdout
    assert vault.StoreMeta.read(DataPaths(data)).key_mode == "keyfile"


def test_interface_language_can_be_switched(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    from inspector.settings import load_settings

    window = MainWindow(workspace)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.language_changed) as blocker:
        window.set_language("en")
    assert blocker.args == ["en"]
    assert load_settings(workspace.paths.settings).interface_language == "en"
    assert workspace.settings.interface_language == "en"


def test_idle_lock_covers_open_dialogs_too(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout

    from inspector.ui.main_window import LockCover

    window = MainWindow(workspace)
    qtbot.addWidget(window)
    window.show()
    dialog = QDialog(window)
    QVBoxLayout(dialog).addWidget(QLabel("Testowa Anna, paszport"))
    dialog.resize(500, 300)
    dialog.show()
    window.lock()
    covers = dialog.findChildren(LockCover)
    assert len(covers) == 1 and covers[0].isVisible()
    assert covers[0].geometry() == dialog.rect()
    covers[0].form.password.setText("wrong-pass")
    covers[0].form.try_unlock()
    assert window.is_locked() and covers[0].isVisible()
    covers[0].form.password.setText(PASSWORD)
    covers[0].form.try_unlock()
    assert not window.is_locked()
    assert not covers[0].isVisible()
