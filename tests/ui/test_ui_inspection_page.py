"""The inspection page as an officer drives it: residents, their language, finalizing."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox

from inspector.ui.formview import attachments
from inspector.ui.main_window import MainWindow

pytestmark = [pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")]


@pytest.fixture(autouse=True)
def no_camera(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(attachments, "has_camera", lambda: False)


def _page(qtbot: Any, workspace: Any, residents: tuple[tuple[str, str], ...] = ()) -> Any:
    iid = str(
        workspace.create_inspection(
            address="Taalstraat 2", postcode="2801 AB", city="Gouda", bag_ids={}
        ).id
    )
    for name, lang in residents:
        workspace.add_resident(iid, name, lang)
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.open_inspection(iid)
    return window.inspection_page


def pick(combo: QComboBox, data: str) -> None:
    """Choose an item of a drop-down list by keyboard, as the officer does."""
    combo.setFocus()
    QTest.mouseClick(combo, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    popup = combo.view()
    popup.setCurrentIndex(combo.model().index(combo.findData(data), 0))
    QTest.keyClick(popup, Qt.Key.Key_Return)
    QApplication.processEvents()


def test_switching_language_shows_dutch_beside_at_once(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, workspace, (("Jan Test", "nl"),))
    residents = page.show_part("residents")
    row = residents.view.field_row("surname")
    assert row.header.dutch.isHidden()  # Dutch questions need no Dutch beside them

    pick(residents.language, "pl")
    row = residents.view.field_row("surname")
    assert residents.view.language == "pl"
    assert not row.header.dutch.isHidden() and row.header.dutch.text() == "Achternaam"
    assert row.header.label.text().startswith("Nazwisko")

    pick(residents.language, "nl")
    assert residents.view.field_row("surname").header.dutch.isHidden()
