"""Issue 18: the address-selection settings (indicator weights, the route's start, how long
registered persons are kept) on the administrator's settings screen, typed and saved."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QTabWidget, QWidget
from test_planning_ui import _load

from inspector.addresses.ranking import rank
from inspector.settings import Settings, load_settings
from inspector.ui.settings_dialog import SettingsDialog

TODAY = date(2026, 11, 30)
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _type(qtbot, dialog: SettingsDialog, key: str, text: str) -> None:  # type: ignore[no-untyped-def]
    edit = dialog.findChild(QLineEdit, key.replace(".", "__"))
    assert edit is not None, key
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    if text:
        qtbot.keyClicks(edit, text)


def _open(qtbot, workspace) -> SettingsDialog:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(workspace)
    qtbot.addWidget(dialog)
    dialog.show()
    tabs = dialog.findChild(QTabWidget, "settings_tabs")
    assert tabs is not None
    page = dialog.findChild(QWidget, "selection_settings")
    assert page is not None
    tabs.setCurrentIndex(tabs.indexOf(page))
    return dialog


def test_weights_are_typed_checked_saved_and_used_by_the_ranking(  # type: ignore[no-untyped-def]
    qtbot, workspace, tmp_path
) -> None:
    assert workspace.officer.role == "administrator"
    before = workspace.paths.settings.read_bytes()
    dialog = _open(qtbot, workspace)
    assert dialog.size().width() <= 1366 and dialog.size().height() <= 768
    if os.environ.get("INSPECTOR_SCREENSHOTS"):
        SHOTS.mkdir(parents=True, exist_ok=True)
        dialog.grab().save(str(SHOTS / "settings-address-selection.png"))

    # Not a number: refused with the indicator's Dutch name, nothing saved.
    _type(qtbot, dialog, "weight.turnover", "veel")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "gewicht verhuizingen: vul een getal in" in dialog.error.text()
    assert dialog.isVisible() and workspace.paths.settings.read_bytes() == before
    # Every weight 0: no score could differ; refused.
    for name in workspace.settings.address_selection.weights:
        _type(qtbot, dialog, f"weight.{name}", "0")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "ten minste één indicator" in dialog.error.text()
    # Half a start (x without y) and a wrong postcode: both named.
    _type(qtbot, dialog, "route_start_postcode", "12345")
    _type(qtbot, dialog, "route_start_x", "155000")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "postcode vertrekpunt: schrijf als 1234 AB" in dialog.error.text()
    assert "x en y allebei" in dialog.error.text()
    assert workspace.paths.settings.read_bytes() == before

    # Only moves count now (a Dutch decimal comma), the office as the route's start.
    _type(qtbot, dialog, "weight.turnover", "2,5")
    _type(qtbot, dialog, "route_start_label", "Stadskantoor")
    _type(qtbot, dialog, "route_start_postcode", "7100aa")
    _type(qtbot, dialog, "route_start_number", "1")
    _type(qtbot, dialog, "route_start_x", "")
    _type(qtbot, dialog, "persons_retention_days", "14")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.error.text()
    saved = load_settings(workspace.paths.settings).address_selection
    assert saved.weights["turnover"] == 2.5 and saved.weights["occupancy"] == 0
    assert (saved.route_start_postcode, saved.route_start_number) == ("7100 AA", "1")
    assert saved.persons_retention_days == 14
    assert workspace.settings.address_selection == saved

    # The ranking uses them: only moves give a score now, and they come first in the reasons.
    data = _load(tmp_path)
    default = rank(data, workspace.settings.norms, Settings().address_selection, TODAY)
    ranking = rank(data, workspace.settings.norms, saved, TODAY)
    assert ranking.scores and ranking.keys != default.keys
    assert any(h.indicator != "turnover" for k in default.scores for h in default.hits[k])
    for key in ranking.scores:
        assert ranking.hits[key][0].indicator == "turnover"
    # Reopened, the screen shows what was saved.
    again = _open(qtbot, workspace)
    field = again.findChild(QLineEdit, "weight__turnover")
    assert field is not None and field.text() == "2,5"
