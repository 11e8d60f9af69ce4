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
    listing = window.list_page.model._rows
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


def test_columns_are_as_wide_as_their_widest_text(qtbot: Any, workspace: Workspace) -> None:
    towns = ("Ede", "Capelle aan den IJssel", "Gouda")
    for n in range(30):
        workspace.inspections.create(
            address=f"Maatstraat {n}", postcode="2801 AB", city=towns[1 if n == 7 else n % 3 // 2]
        )
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    window.resize(1366, 740)
    window.show()
    qtbot.waitExposed(window)
    table = window.list_page.table
    header = table.horizontalHeader()
    for column in range(header.count()):
        if column == InspectionListPage.STRETCH_COLUMN:
            continue
        # What Qt's own "resize to contents" gives, from every row (30 < FIT_ROWS).
        wanted = max(header.sectionSizeHint(column), table.sizeHintForColumn(column))
        assert header.sectionSize(column) == wanted, column
    city = table.model().index(0, 4)
    assert header.sectionSize(4) > table.fontMetrics().horizontalAdvance("Capelle aan den IJssel")
    assert city.data() in towns


def test_unlock_purges_old_scans_before_anything_is_listed(qtbot: Any, data_paths: Any) -> None:
    """Through the unlock window as the app wires it (ui.app._prepare): the ID scans past
    their retention are deleted at every unlock, before the main window lists anything."""
    from datetime import timedelta

    from inspector.storage.models import Registration, utcnow
    from inspector.ui.app import _prepare
    from inspector.ui.dialogs import UnlockDialog

    from tests_support import PASSWORD, make_store

    ws = make_store(data_paths)
    insp = ws.inspections.create(address="Bewaarpad 1", postcode="2801 AB", city="Gouda")
    resident = ws.residents.add(insp.id, "Proef Persoon", "pl")
    days = ws.settings.id_scan_retention_days
    for signed_days_ago in (days + 1, days - 1):
        with ws.unit() as s:
            row = Registration(
                inspection_id=insp.id,
                resident_id=resident.id,
                state="signed",
                signed_at=utcnow() - timedelta(days=signed_days_ago),
            )
            s.add(row)
            s.flush()
            registration_id = row.id
        ws.attachments.add(
            insp.id,
            kind="id_front",
            content=b"scan",
            mime="image/png",
            resident_id=resident.id,
            registration_id=registration_id,
        )
    ws.close()
    seen: list[Any] = []
    dialog = UnlockDialog(
        data_paths,
        prepare=_prepare,
        # What the window would show: the scans still there when the list is handed over.
        on_unlocked=lambda w: seen.append(w.attachments.list_for(insp.id)),
    )
    qtbot.addWidget(dialog)
    dialog.show()
    QTest.keyClicks(dialog.form.username, "test")
    QTest.keyClicks(dialog.form.password, PASSWORD)
    QTest.keyClick(dialog.form.password, Qt.Key.Key_Return)
    assert len(seen) == 1 and len(seen[0]) == 1  # the newer scan stays, the old one went
    assert [i.address for i in dialog.prepared] == ["Bewaarpad 1"]
    assert dialog.workspace is not None
    dialog.workspace.close()
