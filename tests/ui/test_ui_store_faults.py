"""The store's faults as the officer sees them in the window: a damaged record in the
inspections list, a change that cannot be saved on a full disk, and the storage-error dialog
(one plain sentence, no crash wording). Screenshots with INSPECTOR_SCREENSHOTS=1."""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from inspector.core import review, vault
from inspector.paths import DataPaths
from inspector.ui import crash
from inspector.ui.formview import FormView
from inspector.ui.main_window import MainWindow

from tests_support import PASSWORD, fill_disk, make_store, use_keyfile

pytestmark = [pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")]
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
DAMAGED = "beschadigd — niet te lezen"


def _shot(widget: QWidget, name: str, tmp_path: Path) -> Path:
    target = SHOTS / name if os.environ.get("INSPECTOR_SCREENSHOTS") else tmp_path / name
    assert widget.grab().save(str(target))
    return target


def test_a_damaged_inspection_is_marked_in_the_list_and_the_others_show(
    qtbot: Any, data_paths: DataPaths, tmp_path: Path
) -> None:
    ws = make_store(data_paths)
    kept = [
        ws.inspections.create(address=a, postcode="2801 AB", city="Gouda")
        for a in ("Voorbeeldstraat 1", "Proefweg 2", "Testlaan 3")
    ]
    ws.close()
    # Someone with the files moves one inspection's address onto another (plain SQL).
    con = sqlite3.connect(data_paths.database)
    moved = con.execute("SELECT location FROM inspection WHERE id = ?", (kept[0].id,)).fetchone()
    con.execute("UPDATE inspection SET location = ? WHERE id = ?", (moved[0], kept[1].id))
    con.commit()
    con.close()
    ws = vault.unlock(data_paths, PASSWORD, "test")
    window = MainWindow(ws)
    qtbot.addWidget(window)
    window.resize(1366, 700)
    window.show()
    QApplication.processEvents()
    model = window.list_page.model
    reference = model.COLUMNS.index("reference")
    address = model.COLUMNS.index("address")
    shown = {
        model.data(model.index(r, reference)): model.data(model.index(r, address))
        for r in range(model.rowCount())
    }
    assert shown == {
        kept[0].reference: "Voorbeeldstraat 1",
        kept[1].reference: DAMAGED,
        kept[2].reference: "Testlaan 3",
    }
    _shot(window, "inspections-list-damaged.png", tmp_path)
    window.close()
    ws.close()


def test_a_full_disk_is_said_plainly_and_loses_nothing(
    qtbot: Any, small_disk: Path, tmp_path: Path
) -> None:
    paths = DataPaths(small_disk / "data")
    use_keyfile()
    ws = make_store(paths)
    insp = ws.inspections.create(address="Voorbeeldstraat 1", postcode="2801 AB", city="Gouda")
    ws.answers.save(insp.id, "verblijfslocatie", 1, "persons_present", 7)
    ws.close()
    filler = fill_disk(small_disk)
    ws = vault.unlock(paths, PASSWORD, "test")  # a read: works on the full disk
    view = FormView(ws, insp.id, review.forms()["verblijfslocatie"])
    qtbot.addWidget(view, before_close_func=lambda w: w._timer.stop())
    view.resize(1100, 640)
    view.show()
    editor = view.field_editor("persons_present")
    assert editor is not None and editor.line.text() == "7"  # type: ignore[attr-defined]
    # The officer changes answers: until the disk is really full SQLite may still find room,
    # so keep changing until the window says it could not save.
    for n in range(8, 60):
        editor.line.selectAll()  # type: ignore[attr-defined]
        QTest.keyClicks(editor.line, str(n))  # type: ignore[attr-defined]
        QTest.keyClick(editor.line, Qt.Key.Key_Tab)  # type: ignore[attr-defined]
        QApplication.processEvents()
        if view.banner.isVisible():
            break
    text = view.banner.text()
    assert view.banner.isVisible() and "schijf is vol" in text and "niet aangetast" in text
    assert "INSERT" not in text and "UPDATE" not in text  # no SQL, no values
    _shot(view, "store-full-disk.png", tmp_path)
    view.close()

    # The storage-error dialog: a store fault that reaches the event loop uncaught (here a
    # real "database or disk is full" from SQLite) is one plain sentence, not a crash.
    from sqlalchemy import text as sql

    def write_on_the_full_disk() -> None:
        with ws.db.engine.begin() as conn:
            conn.execute(sql("CREATE TABLE filler_test (x BLOB)"))
            conn.execute(sql("INSERT INTO filler_test VALUES (zeroblob(4000000))"))

    seen: list[tuple[str, str]] = []

    def read_the_dialog() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        box.resize(box.sizeHint())
        seen.append((box.windowTitle(), box.text()))
        _shot(box, "store-error-dialog.png", tmp_path)
        box.accept()

    hook = sys.excepthook
    crash.install(tmp_path / "crash")
    try:
        QTimer.singleShot(0, write_on_the_full_disk)
        QTimer.singleShot(50, read_the_dialog)
        qtbot.waitUntil(lambda: bool(seen), timeout=10000)
    finally:
        sys.excepthook = hook
    title, message = seen[0]
    assert title in ("Could not read or save", "Kon niet lezen of opslaan") or "opslaan" in title
    assert "schijf vol" in message and "niet aangetast" in message
    assert "zeroblob" not in message and "INSERT" not in message

    filler.unlink()
    assert ws.answers.load(insp.id, "verblijfslocatie").values["persons_present"] >= 7
    ws.close()


def test_a_damaged_photo_shows_as_damaged_and_the_others_show(
    qtbot: Any, workspace: Any, tmp_path: Path
) -> None:
    from PySide6.QtGui import QColor, QImage

    from inspector.ui.inspection_page import PhotosPart

    iid = workspace.inspections.create(address="Fotostraat 1", postcode="2801 AB", city="Gouda").id
    ids = []
    for colour in ("steelblue", "darkorange"):
        image = QImage(40, 30, QImage.Format.Format_RGB32)
        image.fill(QColor(colour))
        path = tmp_path / f"{colour}.png"
        image.save(str(path))
        ids.append(
            workspace.attachments.add(
                iid, kind="photo", content=path.read_bytes(), mime="image/png", caption=colour
            )
        )
    # Someone with the files swaps the two photos (plain SQL).
    con = sqlite3.connect(workspace.paths.database)
    first, second = (
        con.execute("SELECT content FROM attachment WHERE id = ?", (i,)).fetchone()[0] for i in ids
    )
    con.execute("UPDATE attachment SET content = ? WHERE id = ?", (second, ids[0]))
    con.commit()
    con.close()
    crashes: list[object] = []
    hook = sys.excepthook
    sys.excepthook = lambda *exc: crashes.append(exc)
    try:
        part = PhotosPart(workspace, iid, read_only=False)
        qtbot.addWidget(part)
        part.show()
        part.refresh()
        QApplication.processEvents()
    finally:
        sys.excepthook = hook
    assert crashes == []
    texts = sorted(part.grid.item(i).text() for i in range(part.grid.count()))
    assert texts == ["darkorange", "steelblue"]  # both listed, captions intact
    damaged = [
        part.grid.item(i) for i in range(part.grid.count()) if part.grid.item(i).icon().isNull()
    ]
    assert len(damaged) == 1 and DAMAGED in damaged[0].toolTip()
