"""The letters panel: preview in memory, language defaults, print and save recorded.

INSPECTOR_SCREENSHOTS=1 .venv/bin/pytest tests/ui/test_letters_ui.py refreshes
docs/screenshots/letters-panel.png.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QImage
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog
from sqlalchemy import select

from inspector import localtime
from inspector.storage.models import AuditEvent
from inspector.ui import saving
from inspector.ui.letters import LetterPanel
from inspector.ui.letters import panel as panel_module

from tests_support import letter_rendered

SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "letters-panel.png"


def _inspection(ws: Any) -> tuple[str, str]:
    insp = ws.inspections.create(address="Voorbeeldstraat 1", postcode="1234 AB", city="Voorbeeld")
    for key, value in {"floor_area_m2": 62.0, "persons_present": 7, "toilets": 1}.items():
        ws.answers.save(insp.id, "verblijfslocatie", 1, key, value)
    ws.answers.save(insp.id, "controlelocatie", 1, "partners", ["nla", "politie"])
    resident = ws.residents.add(insp.id, "Testowa Anna", "pl")
    return insp.id, resident.id


def _letters(ws: Any) -> list[dict[str, Any]]:
    with ws.unit() as s:
        rows = s.scalars(
            select(AuditEvent.details).where(AuditEvent.action == "letter.produced")
        ).all()
    return [json.loads(r) for r in rows]


def _has_ink(image: QImage) -> bool:
    dark = 0
    for y in range(0, image.height(), 4):
        for x in range(0, image.width(), 4):
            if image.pixelColor(x, y).lightness() < 100:
                dark += 1
    return dark > 50


def _panel(qtbot: Any, ws: Any, iid: str, rid: str | None = None) -> LetterPanel:
    panel = LetterPanel(ws, iid, rid)
    qtbot.addWidget(panel)
    panel.resize(760, 900)
    return letter_rendered(qtbot, panel)


def test_preview_in_memory_with_resident_language(
    qtbot: Any, workspace: Any, tmp_path: Path
) -> None:
    iid, rid = _inspection(workspace)
    before = {p.name for p in workspace.paths.root.rglob("*")}
    panel = _panel(qtbot, workspace, iid, rid)
    assert panel.kind() == "control" and panel.language() == "pl"
    assert panel.page_count() >= 1 and panel.pdf_bytes().startswith(b"%PDF")
    assert panel.error_text() == ""
    text = PdfReader(io.BytesIO(panel.pdf_bytes())).pages[0].extract_text()
    # A named addressee of unknown sex (issue 12.16).
    assert "Testowa Anna" in text and "Szanowna Pani / Szanowny Panie" in text
    # nothing written for a preview, no letter recorded
    assert {p.name for p in workspace.paths.root.rglob("*")} - before <= {
        "inspector.sqlite3-wal",
        "inspector.sqlite3-shm",
    }
    assert _letters(workspace) == []
    panel.show()
    qtbot.waitExposed(panel)
    # QPdfView paints pages from a render thread: wait until page 1 shows ink.
    qtbot.waitUntil(lambda: _has_ink(panel.view.viewport().grab().toImage()), timeout=10000)
    # The committed screenshot is refreshed on request only: tests do not write to the repo.
    target = SCREENSHOT if os.environ.get("INSPECTOR_SCREENSHOTS") else tmp_path / "panel.png"
    assert panel.grab().save(str(target))


def test_languages_follow_the_letter_kind(qtbot: Any, workspace: Any) -> None:
    iid, rid = _inspection(workspace)
    panel = _panel(qtbot, workspace, iid)
    assert panel.language() == "nl"
    assert [panel.lang_combo.itemData(i) for i in range(panel.lang_combo.count())] == [
        "nl", "en", "pl", "uk", "ro",
    ]  # fmt: skip
    panel.set_kind("report")
    letter_rendered(qtbot, panel)
    assert [panel.lang_combo.itemData(i) for i in range(panel.lang_combo.count())] == ["nl"]
    text = PdfReader(io.BytesIO(panel.pdf_bytes())).pages[0].extract_text()
    assert "Rapport van bevindingen" in text
    panel.set_kind("control")
    letter_rendered(qtbot, panel)
    panel.set_resident(rid)
    letter_rendered(qtbot, panel)
    assert panel.language() == "pl" and panel.resident_label.text() == "Testowa Anna"
    panel.set_language("uk")
    letter_rendered(qtbot, panel)
    assert panel.language() == "uk" and panel.page_count() >= 1
    panel.set_resident(None)
    letter_rendered(qtbot, panel)
    assert panel.language() == "nl"


def test_errors_are_shown_inline(qtbot: Any, workspace: Any) -> None:
    iid, rid = _inspection(workspace)
    panel = _panel(qtbot, workspace, iid, rid)
    panel.set_kind("confirmation")
    letter_rendered(qtbot, panel)
    # Only a processed registration gives a confirmation; before that the receipt (12.3).
    assert "bewijs van aangifte" in panel.error_text()
    assert not panel.print_button.isEnabled() and not panel.save_pdf_button.isEnabled()
    panel.set_kind("receipt")
    letter_rendered(qtbot, panel)
    # A core refusal reads in the window's language (it once showed English in a Dutch window).
    assert "deze bewoner heeft geen ondertekende inschrijving." in panel.error_text()
    assert not panel.print_button.isEnabled() and not panel.save_pdf_button.isEnabled()
    assert panel.page_count() == 0
    panel.set_resident(None)
    letter_rendered(qtbot, panel)
    assert "is een bewoner nodig" in panel.error_text()
    panel.set_kind("control")
    letter_rendered(qtbot, panel)
    assert panel.error_text() == "" and panel.print_button.isEnabled()


def test_save_pdf_and_docx_recorded(
    qtbot: Any, workspace: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    iid, rid = _inspection(workspace)
    panel = _panel(qtbot, workspace, iid, rid)
    asked: list[str] = []
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()

    def fake_save(parent: Any, title: str, suggested: str, pattern: str) -> tuple[str, str]:
        asked.append(suggested)
        return str(tmp_path / ("letter" if "docx" in pattern else "letter.pdf")), pattern

    monkeypatch.setattr(saving.QFileDialog, "getSaveFileName", staticmethod(fake_save))
    with qtbot.waitSignal(panel.letterProduced) as blocker:
        assert panel.save_pdf() == tmp_path / "letter.pdf"
    assert blocker.args == ["control", "pl", "pdf", "save"]
    assert (tmp_path / "letter.pdf").read_bytes() == panel.pdf_bytes()
    # The DOCX is made off the GUI thread: the window keeps answering meanwhile.
    with qtbot.waitSignal(panel.letterProduced, timeout=30000) as made:
        assert panel.save_docx() == tmp_path / "letter.docx"
        assert not panel.save_docx_button.isEnabled()  # not twice while it is being made
    assert made.args == ["control", "pl", "docx", "save"]
    assert (tmp_path / "letter.docx").read_bytes()[:2] == b"PK"
    # Named after what it is, the address and the day, in the Documents folder, never
    # after the resident; the next save starts in the folder used last.
    first = Path(asked[0])
    assert "Testowa" not in asked[0]
    assert first.name.startswith("Control letter for the residents - Voorbeeldstraat 1 Voorbeeld")
    assert first.name.endswith(f" - {localtime.today().isoformat()} (pl).pdf")
    assert Path(asked[1]).parent == tmp_path
    assert not panel.saved_label.isHidden() and str(tmp_path / "letter.docx") in (
        panel.saved_label.text()
    )
    assert _letters(workspace) == [
        {"kind": "control", "lang": "pl", "format": "pdf", "resident": rid, "via": "save"},
        {"kind": "control", "lang": "pl", "format": "docx", "resident": rid, "via": "save"},
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["letter.docx", "letter.pdf"]


def test_save_cancelled_records_nothing(
    qtbot: Any, workspace: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    iid, _ = _inspection(workspace)
    panel = _panel(qtbot, workspace, iid)
    monkeypatch.setattr(saving.QFileDialog, "getSaveFileName", staticmethod(lambda *a: ("", "")))
    assert panel.save_pdf() is None
    assert _letters(workspace) == []


def test_save_into_missing_folder_shows_error(
    qtbot: Any, workspace: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    iid, _ = _inspection(workspace)
    panel = _panel(qtbot, workspace, iid)
    target = str(tmp_path / "nope" / "x.pdf")
    monkeypatch.setattr(
        saving.QFileDialog, "getSaveFileName", staticmethod(lambda *a: (target, ""))
    )
    assert panel.save_pdf() is None
    assert "could not be saved" in panel.error_text()
    assert _letters(workspace) == []


class _FakePrintDialog:
    accept = True
    output = ""

    def __init__(self, printer: QPrinter, parent: Any = None) -> None:
        self.printer = printer

    def setMinMax(self, low: int, high: int) -> None:  # noqa: N802 - Qt API
        pass

    def exec(self) -> QDialog.DialogCode:
        self.printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        self.printer.setOutputFileName(self.output)
        self.printer.setResolution(72)
        accepted = QDialog.DialogCode.Accepted
        return accepted if self.accept else QDialog.DialogCode.Rejected


def test_print_records_the_letter(
    qtbot: Any, workspace: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    iid, rid = _inspection(workspace)
    panel = _panel(qtbot, workspace, iid, rid)
    out = tmp_path / "printed.pdf"
    monkeypatch.setattr(_FakePrintDialog, "output", str(out))
    monkeypatch.setattr(panel_module, "QPrintDialog", _FakePrintDialog)
    monkeypatch.setattr(_FakePrintDialog, "accept", False)
    assert panel.print_letter() is False and not out.exists()
    assert _letters(workspace) == []
    monkeypatch.setattr(_FakePrintDialog, "accept", True)
    with qtbot.waitSignal(panel.letterProduced) as blocker:
        assert panel.print_letter() is True
    assert blocker.args == ["control", "pl", "pdf", "print"]
    assert os.path.getsize(out) > 0
    assert len(PdfReader(str(out)).pages) == panel.page_count()
    assert _letters(workspace) == [
        {"kind": "control", "lang": "pl", "format": "pdf", "resident": rid, "via": "print"}
    ]


def test_preview_is_recorded_without_personal_data(qtbot: Any, workspace: Any) -> None:
    import sqlite3

    iid, rid = _inspection(workspace)
    panel = _panel(qtbot, workspace, iid, rid)
    assert panel.page_count() >= 1
    con = sqlite3.connect(workspace.paths.database)
    rows = con.execute(
        "SELECT details FROM audit_event WHERE action = 'letter.previewed'"
    ).fetchall()
    con.close()
    assert rows and all("Testowa" not in r[0] for r in rows)


def test_a_long_refusal_is_cut_in_its_lines_and_moves_nothing(
    qtbot: Any, workspace: Any, tmp_path: Path
) -> None:
    from PySide6.QtCore import QPoint, Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QMessageBox

    from inspector.settings import Municipality

    iid, rid = _inspection(workspace)
    panel = _panel(qtbot, workspace, iid, rid)
    panel.resize(540, 800)  # narrow (a laptop with the parts list open): the message is long
    panel.show()
    qtbot.waitExposed(panel)
    assert panel.error_text() == ""
    before = panel.view.mapTo(panel, QPoint(0, 0))
    # The administrator has not set the municipality's details yet: every letter is refused
    # with a message naming each missing item (long).
    workspace.settings = workspace.settings.model_copy(
        update={"municipality": Municipality(name="Gemeente Voorbeeld")}
    )
    panel.kind_combo.setCurrentIndex(panel.kind_combo.findData("rni-referral"))
    letter_rendered(qtbot, panel)
    label = panel.error_label
    whole = panel.error_text()
    assert label.isVisible() and len(whole) > 200 and "ontbreekt" in whole or "ontbreken" in whole
    assert panel.view.mapTo(panel, QPoint(0, 0)) == before  # the preview did not move
    assert label.cut and label.shown_text().endswith(label.tr("more…")) and label.toolTip() == whole
    assert label.shown_text().count("\n") == label.lines - 1
    # The whole text on demand: the link at the end of the last line.
    seen: list[str] = []

    def read_and_close() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append(box.text())
        box.accept()

    last = label.shown_text().splitlines()[-1]
    metrics = label.fontMetrics()
    rect = label.contentsRect()
    more = metrics.horizontalAdvance(label.tr("more…"))
    x = rect.left() + metrics.horizontalAdvance(last) - more // 2
    y = rect.top() + 1 + metrics.lineSpacing() * (label.lines - 1) + metrics.lineSpacing() // 2
    QTimer.singleShot(0, read_and_close)
    QTest.mouseClick(label, Qt.MouseButton.LeftButton, pos=QPoint(x, y))
    assert seen == [whole]
    target = SCREENSHOT.with_name("letters-panel-refused.png")
    target = target if os.environ.get("INSPECTOR_SCREENSHOTS") else tmp_path / "refused.png"
    assert panel.grab().save(str(target))
