"""Open dialogs start where the officer keeps such files (9.13): a scan in the Pictures folder,
the employer's list in the Documents folder, then in the folder the last one came from."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QStandardPaths, Qt, QTimer
from PySide6.QtGui import QColor, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog

from inspector.core.workspace import Workspace
from inspector.ui.registration import ImportResidentsDialog, RegistrationWizard
from inspector.ui.registration.wizard import STEP_DOCUMENT

TODAY = dt.date(2026, 11, 30)


@pytest.fixture
def folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """Fictitious Documents and Pictures folders, and the program's folder elsewhere."""
    found = {
        "documents": tmp_path / "Documenten",
        "pictures": tmp_path / "Afbeeldingen",
        "program": tmp_path / "programma",
    }
    for folder in found.values():
        folder.mkdir()
    monkeypatch.chdir(found["program"])
    real = QStandardPaths.writableLocation

    def location(which: QStandardPaths.StandardLocation) -> str:
        if which == QStandardPaths.StandardLocation.DocumentsLocation:
            return str(found["documents"])
        if which == QStandardPaths.StandardLocation.PicturesLocation:
            return str(found["pictures"])
        return real(which)

    monkeypatch.setattr(QStandardPaths, "writableLocation", location)
    return found


def _answer_file_dialog(started: list[Path], choose: Path | None) -> None:
    """Note where the open dialog starts, then pick *choose* (or cancel)."""

    def act() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(10, act)
            return
        started.append(Path(dialog.directory().absolutePath()))
        if choose is None:
            dialog.reject()
        else:
            dialog.selectFile(str(choose))
            dialog.accept()

    QTimer.singleShot(0, act)


def test_list_import_starts_in_documents_then_in_the_last_folder(
    qtbot: Any, workspace: Workspace, folders: dict[str, Path]
) -> None:
    insp = workspace.inspections.create(
        address="Voorbeeldweg 1", postcode="5981AA", city="Panningen"
    )
    elsewhere = folders["documents"].parent / "lijsten-werkgever"
    elsewhere.mkdir()
    listed = elsewhere / "lijst.csv"
    listed.write_text("achternaam;voornamen;kamer\nTestowa;Anna;12\n", encoding="utf-8")
    started: list[Path] = []

    dialog = ImportResidentsDialog(workspace, insp.id, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    _answer_file_dialog(started, listed)
    QTest.mouseClick(dialog.browse_button, Qt.MouseButton.LeftButton)
    assert started == [folders["documents"]]  # not the program's folder
    assert dialog.path.text() == str(listed)
    dialog.close()

    again = ImportResidentsDialog(workspace, insp.id, today=TODAY)
    qtbot.addWidget(again)
    again.show()
    _answer_file_dialog(started, None)
    QTest.mouseClick(again.browse_button, Qt.MouseButton.LeftButton)
    assert started[1] == elsewhere  # where the last list came from
    assert again.path.text() == ""


def test_scan_from_file_starts_in_pictures_then_in_the_last_folder(
    qtbot: Any, workspace: Workspace, folders: dict[str, Path]
) -> None:
    insp = workspace.inspections.create(
        address="Voorbeeldstraat 12 A", postcode="2801AB", city="Gouda"
    )
    rid = workspace.residents.add(insp.id, "Testowa Anna", "pl", room="3").id
    eid = workspace.registrations.start(rid, consent=True, today=TODAY)
    scanner = folders["pictures"].parent / "scanner"
    scanner.mkdir()
    image = QImage(60, 40, QImage.Format.Format_RGB32)
    image.fill(QColor("steelblue"))
    image.save(str(scanner / "paspoort-voorkant.png"))

    wizard = RegistrationWizard(workspace, insp.id, rid, today=TODAY)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.go(STEP_DOCUMENT)
    started: list[Path] = []
    _answer_file_dialog(started, scanner / "paspoort-voorkant.png")
    QTest.mouseClick(wizard.document_page.scan_front.from_file, Qt.MouseButton.LeftButton)
    assert started == [folders["pictures"]]
    assert workspace.registrations.get(eid, audit_view=False).scan_id("id_front") is not None

    _answer_file_dialog(started, None)
    QTest.mouseClick(wizard.document_page.scan_back.from_file, Qt.MouseButton.LeftButton)
    assert started[1] == scanner  # where the last scan came from
    assert workspace.registrations.get(eid, audit_view=False).scan_id("id_back") is None


def test_the_logo_is_chosen_from_pictures_too(
    qtbot: Any, workspace: Workspace, folders: dict[str, Path]
) -> None:
    from inspector.ui.settings_dialog import SettingsDialog

    logo = folders["pictures"] / "logo.png"
    image = QImage(120, 60, QImage.Format.Format_RGB32)
    image.fill(QColor("darkgreen"))
    image.save(str(logo))
    dialog = SettingsDialog(workspace)
    qtbot.addWidget(dialog)
    dialog.show()
    started: list[Path] = []
    _answer_file_dialog(started, logo)
    QTest.mouseClick(dialog.logo_button, Qt.MouseButton.LeftButton)
    assert started == [folders["pictures"]]  # not the home or the program's folder
    assert dialog.fields["logo"].text() == "logo.png"
