"""The inspections list decrypts the rows on screen first and the rest in steps after the first
paint; searching and sorting before the steps are done still see every row, correctly."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from inspector.core.workspace import DAMAGED_TEXT, Workspace
from inspector.storage.models import Inspection
from inspector.ui.main_window import InspectionListPage, MainWindow
from inspector.ui.models import InspectionTableModel, RowsProxy

ROWS = 1200


def _fill(ws: Workspace) -> list[str]:
    """ROWS inspections in one unit (as the benchmark store): a few streets and towns; the
    oldest is the only one on the Achterafsteeg. Returns the ids, oldest first."""
    ids = []
    with ws.unit() as s:
        for n in range(ROWS):
            street = "Achterafsteeg" if n == 0 else ("Zoekpad", "Bladerlaan", "Kijkweg")[n % 3]
            row = Inspection(
                reference=f"2026-PROEF-{n:05d}",
                state=("planned", "in_progress", "finalized")[n % 3],
                location={
                    "address": f"{street} {n % 97 + 1}",
                    "postcode": "2801 AB",
                    "city": ("Gouda", "Voorbeeldstad", "Proefdorp")[n % 4 % 3],
                    "bag_ids": {},
                },
                officers_present=["Toezichthouder Test"],
                partners=[],
                created_by=ws.officer.id,
            )
            s.add(row)
            s.flush()
            ids.append(row.id)
    return ids


def _window(qtbot: Any, ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    # One row per step: the background is far from done while the test types.
    monkeypatch.setattr(InspectionListPage, "DECRYPT_STEP", 1)
    window = MainWindow(ws, items=ws.inspections.listing())
    qtbot.addWidget(window)
    window.resize(1366, 740)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.list_page._decrypting.isActive(), timeout=2000)
    listing = window.list_page.model._items
    assert 0 < listing.decrypted < ROWS // 2, listing.decrypted  # type: ignore[attr-defined]
    return window


def _shown(window: MainWindow, column: int = 2) -> list[str]:
    proxy = window.list_page.proxy
    return [proxy.index(r, column).data() for r in range(proxy.rowCount())]


def test_search_before_the_background_is_done_finds_every_row(
    qtbot: Any, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill(workspace)
    every = workspace.inspections.list_all()  # the eager list, for what must be found
    window = _window(qtbot, workspace, monkeypatch)
    page = window.list_page
    page.search.setFocus()
    QTest.keyClicks(page.search, "achteraf")
    assert _shown(window) == ["Achterafsteeg 1"]
    QTest.keyClick(page.search, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(page.search, Qt.Key.Key_Backspace)
    QTest.keyClicks(page.search, "gouda")
    expected = [i.address for i in every if "gouda" in i.city.lower()]
    assert len(expected) > ROWS // 4
    assert _shown(window) == expected  # all of them, newest first
    QTest.keyClick(page.search, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(page.search, Qt.Key.Key_Backspace)
    assert len(_shown(window)) == ROWS
    # The rest was decrypted on the way; the steps end, and say so.
    with qtbot.waitSignal(page.all_decrypted, timeout=5000):
        pass
    assert page.decrypted


def test_sorting_before_the_background_is_done_sorts_every_row(
    qtbot: Any, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill(workspace)
    every = sorted(i.address for i in workspace.inspections.list_all())
    window = _window(qtbot, workspace, monkeypatch)
    header = window.list_page.table.horizontalHeader()
    where = QPoint(header.sectionViewportPosition(2) + 10, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert _shown(window) == every
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert _shown(window) == every[::-1]


def test_a_damaged_row_reads_as_damaged_in_the_lazy_list(
    qtbot: Any, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = _fill(workspace)
    con = sqlite3.connect(workspace.paths.database)
    try:  # the newest row's location moved onto the oldest: neither row opens it
        blob = con.execute("SELECT location FROM inspection WHERE id = ?", (ids[-1],)).fetchone()
        con.execute("UPDATE inspection SET location = ? WHERE id = ?", (blob[0], ids[0]))
        con.commit()
    finally:
        con.close()
    window = _window(qtbot, workspace, monkeypatch)
    assert _shown(window)[-1] == DAMAGED_TEXT  # the oldest: decrypted when asked for
    page = window.list_page
    QTest.keyClicks(page.search, "achteraf")
    assert _shown(window) == []  # nothing readable to find there


def test_the_lazy_model_and_its_proxy_pass_the_model_tester(
    qtmodeltester: Any, workspace: Workspace
) -> None:
    _fill(workspace)
    model = InspectionTableModel()
    model.set_items(workspace.inspections.listing())
    qtmodeltester.check(model)
    proxy = RowsProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
