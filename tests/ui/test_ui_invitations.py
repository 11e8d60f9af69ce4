"""Invitations to a group registration from the window (12.6): from the letters part and from
the employer's-list import, one PDF per resident in their language followed by the Dutch text,
saved in a folder the officer picks (Documents first), named after what they are, confirmed."""

from __future__ import annotations

import io
import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QPoint, QStandardPaths, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QListWidget

from inspector import localtime
from inspector.core.workspace import Workspace
from inspector.ui.letters.invitations import InvitationsDialog
from inspector.ui.main_window import MainWindow
from inspector.ui.registration import ImportResidentsDialog, importdialog

from tests_support import letter_rendered

pytestmark = [pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")]

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _pdf_text(data: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "Documenten"
    folder.mkdir()
    real = QStandardPaths.writableLocation

    def location(which: QStandardPaths.StandardLocation) -> str:
        if which == QStandardPaths.StandardLocation.DocumentsLocation:
            return str(folder)
        return real(which)

    monkeypatch.setattr(QStandardPaths, "writableLocation", location)
    return folder


def _inspection_with_a_list(ws: Workspace, tmp_path: Path) -> str:
    insp = ws.inspections.create(address="Voorbeeldweg 1", postcode="5981AA", city="Panningen")
    listed = tmp_path / "lijst.csv"
    listed.write_text(
        "achternaam;voornamen;datum_aankomst;geboortedatum;geboorteplaats;geboorteland;bsn;kamer\n"
        "Testowa;Anna;2026-11-01;1990-05-17;Łódź;PL;;12\n"
        "Exemplu;Ion;2026-11-01;1985-01-02;Brașov;RO;;13\n",
        encoding="utf-8",
    )
    ws.registrations.import_residents(insp.id, listed)
    ws.residents.add(insp.id, "Niet Uitdelijst", "en")
    return insp.id


def _when_modal(kind: type, act: Any) -> None:
    """Run *act* on the modal dialog of *kind* as soon as it is open."""

    def check() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind):
            act(dialog)
        else:
            QTimer.singleShot(10, check)

    QTimer.singleShot(0, check)


def _tick(view: QListWidget, row: int) -> None:
    """Click the check box of a row, as the officer does."""
    rect = view.visualItemRect(view.item(row))
    QTest.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(rect.left() + 10, rect.center().y())
    )


def _fill_and_save(
    qtbot: Any, dialog: InvitationsDialog, folder: Path, started: list[Path]
) -> None:
    QTest.keyClicks(dialog.place, "Kantine van het park, Voorbeeldweg 1")
    box = dialog.documents["rental_contract"]
    QTest.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert box.isChecked()
    QTest.keyClicks(dialog.bring, "Sleutelpas van het park")

    def choose_folder(files: QFileDialog) -> None:
        started.append(Path(files.directory().absolutePath()))
        files.setDirectory(str(folder))
        files.selectFile(str(folder))
        files.accept()

    _when_modal(QFileDialog, choose_folder)
    with qtbot.waitSignal(dialog.saved, timeout=60000):
        QTest.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)


def test_invitations_from_the_letters_part(
    qtbot: Any, workspace: Workspace, tmp_path: Path, documents: Path
) -> None:
    insp = _inspection_with_a_list(workspace, tmp_path)
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.open_inspection(insp)
    panel = window.inspection_page.show_part("letters")
    letter_rendered(qtbot, panel)
    target = tmp_path / "uitnodigingen"
    target.mkdir()
    started: list[Path] = []
    seen: dict[str, Any] = {}

    def in_the_dialog(dialog: InvitationsDialog) -> None:
        seen["dialog"] = dialog
        # The listed residents are ticked, the one added by hand is not.
        view = dialog.residents
        states = [view.item(i).checkState() for i in range(view.count())]
        seen["ticked"] = [s == Qt.CheckState.Checked for s in states]
        # Nothing happens without a place: a message says what is missing.
        QTest.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        seen["no_place"] = dialog.message.text()
        # The second listed resident is not invited this time.
        _tick(view, 1)
        seen["chosen"] = len(dialog.chosen())
        _fill_and_save(qtbot, dialog, target, started)
        seen["saved"] = dialog.saved_label.text()
        if os.environ.get("INSPECTOR_SCREENSHOTS"):
            dialog.grab().save(str(SHOTS / "invitations-dialog.png"))
        else:
            dialog.grab().save(str(tmp_path / "invitations-dialog.png"))
        QTest.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)

    _when_modal(InvitationsDialog, in_the_dialog)
    QTest.mouseClick(panel.invitations_button, Qt.MouseButton.LeftButton)
    assert seen["ticked"] == [True, True, False]
    assert "place" in seen["no_place"]
    assert seen["chosen"] == 1
    assert started == [documents]  # the Documents folder, not the program's
    files = sorted(target.iterdir())
    day = (localtime.today() + timedelta(days=7)).isoformat()
    assert [f.name for f in files] == [
        f"Uitnodiging inschrijving BRP - Voorbeeldweg 1 Panningen - {day} (1, kamer 12, pl).pdf"
    ]
    text = _pdf_text(files[0].read_bytes())
    # Polish first, then the Dutch text; the place and the extra document in both.
    assert "Zaproszenie" in text and "Uitnodiging" in text
    assert text.index("Zaproszenie") < text.index("Nederlandse tekst")
    assert text.count("Kantine van het park, Voorbeeldweg 1") >= 2
    # The chosen document in each language, what was typed as typed.
    assert "umowę najmu" in text and "uw huurcontract" in text and "9:30" in text
    assert text.count("Sleutelpas van het park") == 2
    assert "Testowa" in text and "Exemplu" not in text
    assert str(target) in seen["saved"] and files[0].name in seen["saved"]


def test_invitations_from_the_list_import_start_where_the_last_were_saved(
    qtbot: Any, workspace: Workspace, tmp_path: Path, documents: Path, monkeypatch: Any
) -> None:
    insp = workspace.inspections.create(
        address="Voorbeeldweg 1", postcode="5981AA", city="Panningen"
    )
    listed = tmp_path / "lijst.csv"
    listed.write_text(
        "achternaam;voornamen;geboortedatum;geboorteland;kamer\n"
        "Testowa;Anna;17-05-1990;PL;12\nТестовий;Петро;02-01-1985;UA;14\n",
        encoding="utf-8",
    )
    dialog = ImportResidentsDialog(workspace, insp.id, today=localtime.today())
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.invitations_button.isEnabled()  # no list imported yet
    monkeypatch.setattr(importdialog, "choose_list_file", lambda *_a: str(listed))
    QTest.mouseClick(dialog.browse_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(dialog.imported):
        QTest.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.invitations_button.isEnabled()
    chosen = tmp_path / "map-van-vorige-keer"
    chosen.mkdir()
    started: list[Path] = []
    names: list[list[str]] = []

    def in_the_dialog(invitations: InvitationsDialog) -> None:
        _fill_and_save(qtbot, invitations, chosen, started)
        names.append(sorted(p.name for p in invitations.files))
        QTest.mouseClick(invitations.close_button, Qt.MouseButton.LeftButton)

    for _ in range(2):
        _when_modal(InvitationsDialog, in_the_dialog)
        QTest.mouseClick(dialog.invitations_button, Qt.MouseButton.LeftButton)
    assert started == [documents, chosen]  # then where the last ones went
    ends = [n.rsplit("(", 1)[1] for n in names[0]]
    assert ends == ["1, kamer 12, pl).pdf", "2, kamer 14, uk).pdf"]
    ukrainian = _pdf_text((chosen / names[0][1]).read_bytes())
    assert "Запрошення" in ukrainian and "Uitnodiging" in ukrainian
    assert "договір оренди" in ukrainian
