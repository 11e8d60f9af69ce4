"""Saving a letter: the export folder in the data dir by default, and one warning when the
officer picks a folder that a cloud service synchronises (OneDrive)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from inspector.ui import saving
from inspector.ui.letters import LetterPanel
from inspector.ui.letters import panel as panel_module

from tests_support import letter_rendered


@pytest.fixture
def panel(qtbot: Any, workspace: Any, monkeypatch: pytest.MonkeyPatch) -> LetterPanel:
    monkeypatch.setattr(panel_module, "_cloud_warned", False)
    insp = workspace.inspections.create(address="Voorbeeldstraat 1", postcode="1234 AB", city="X")
    widget = LetterPanel(workspace, insp.id)
    qtbot.addWidget(widget)
    widget.resize(760, 700)
    widget.show()
    return letter_rendered(qtbot, widget)


def _answer(monkeypatch: pytest.MonkeyPatch, target: Path, asked: list[str]) -> None:
    def fake_save(parent: Any, title: str, suggested: str, pattern: str) -> tuple[str, str]:
        asked.append(suggested)
        return str(target), pattern

    monkeypatch.setattr(saving.QFileDialog, "getSaveFileName", staticmethod(fake_save))


def test_a_cloud_synced_folder_is_warned_about_once(
    qtbot: Any, panel: LetterPanel, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced = tmp_path / "OneDrive - Gemeente Voorbeeld" / "Documenten"
    synced.mkdir(parents=True)
    _answer(monkeypatch, synced / "brief.pdf", [])
    qtbot.mouseClick(panel.save_pdf_button, Qt.MouseButton.LeftButton)
    assert (synced / "brief.pdf").exists()
    assert not panel.notice_label.isHidden()
    assert "OneDrive" in panel.notice_label.text()
    panel.notice_label.hide()
    _answer(monkeypatch, synced / "brief.docx", [])
    with qtbot.waitSignal(panel.letterProduced, timeout=30000):  # made off the GUI thread
        qtbot.mouseClick(panel.save_docx_button, Qt.MouseButton.LeftButton)
    assert (synced / "brief.docx").exists()
    assert panel.notice_label.isHidden()  # once per run, not at every save
