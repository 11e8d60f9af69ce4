"""Signing a registration and importing an employer's list run in the background: the window
keeps running meanwhile, the outcome (or the reason) arrives when the work is done."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer

from inspector import localtime
from inspector.core.workspace import Workspace
from inspector.ui.registration import RegistrationWizard, importdialog
from inspector.ui.registration.importdialog import ImportResidentsDialog
from inspector.ui.registration.wizard import STEP_SIGNATURE

import scripted_officer as scripted

TODAY = localtime.today()
WAIT_MS = 30_000


def _ticks_while(qtbot: Any, busy: Any) -> list[bool]:
    """Let the event loop run a while; a timer records whether the work was still busy."""
    seen: list[bool] = []
    timer = QTimer()
    timer.timeout.connect(lambda: seen.append(busy()))
    timer.start(10)
    qtbot.waitUntil(lambda: len(seen) >= 3, timeout=WAIT_MS)
    timer.stop()
    return seen


def test_signing_runs_in_the_background_and_says_why_not(
    qtbot: Any, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    insp = workspace.inspections.create(address="Proefstraat 1", postcode="2801AB", city="Gouda")
    resident = workspace.residents.add(insp.id, "Ion Exemplu", "ro")
    workspace.registrations.start(resident.id, consent=True, language="ro", today=TODAY)
    wizard = RegistrationWizard(workspace, insp.id, resident.id, today=TODAY)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.go(STEP_SIGNATURE)
    scripted.draw_signature(wizard.signature_page.pad)
    release = threading.Event()
    original = workspace.registrations.sign
    threads: list[str] = []

    def slow_sign(*args: Any, **kwargs: Any) -> Any:
        threads.append(threading.current_thread().name)
        assert release.wait(WAIT_MS / 1000)
        return original(*args, **kwargs)

    monkeypatch.setattr(workspace.registrations, "sign", slow_sign)
    qtbot.mouseClick(wizard.signature_page.sign_button, Qt.MouseButton.LeftButton)
    assert all(_ticks_while(qtbot, wizard.signature_page.is_signing))
    assert (
        not wizard.signature_page.sign_button.isEnabled()
        and not wizard.signature_page.sign_back.isEnabled()
    )
    qtbot.mouseClick(
        wizard.signature_page.sign_button, Qt.MouseButton.LeftButton
    )  # nothing starts twice
    with qtbot.waitSignal(wizard.signature_page.signing_done, timeout=WAIT_MS):
        release.set()
    assert threads and threads[0].startswith("inspector-writer")
    assert len(threads) == 1
    # The details were never filled in: every reason at once, in the officer's words.
    assert wizard.current_step() == STEP_SIGNATURE
    assert wizard.signature_page.sign_message.text().startswith("Cannot sign yet:")
    # A sentence in the message line (plain text: markup would show as tags).
    assert "<" not in wizard.signature_page.sign_message.shown_text()
    assert (
        wizard.signature_page.sign_button.isEnabled()
        and wizard.signature_page.sign_back.isEnabled()
    )


def test_the_list_import_runs_in_the_background_and_waits_to_close(
    qtbot: Any, workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    insp = workspace.inspections.create(address="Proefstraat 2", postcode="2801AB", city="Gouda")
    good = tmp_path / "lijst.csv"
    good.write_text("achternaam;voornamen;geboortedatum\nTestowa;Anna;17-05-1990\n", "utf-8")
    dialog = ImportResidentsDialog(workspace, insp.id, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    monkeypatch.setattr(importdialog, "choose_list_file", lambda *_a: str(good))
    dialog.browse()
    release = threading.Event()
    original = workspace.registrations.import_residents

    def slow_import(*args: Any, **kwargs: Any) -> Any:
        assert release.wait(WAIT_MS / 1000)
        return original(*args, **kwargs)

    monkeypatch.setattr(workspace.registrations, "import_residents", slow_import)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert all(_ticks_while(qtbot, dialog.is_importing))
    assert not dialog.import_button.isEnabled()
    dialog.reject()  # Escape or the close button: the import's report would be lost
    assert dialog.isVisible()
    with qtbot.waitSignal(dialog.imported, timeout=WAIT_MS) as blocker:
        release.set()
    assert blocker.args == [1]
    assert dialog.output.toPlainText().startswith("1 geïmporteerd")
    assert [r.name for r in workspace.residents.list_for(insp.id)] == ["Anna Testowa"]
    dialog.reject()
    assert not dialog.isVisible()
