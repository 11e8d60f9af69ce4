"""A clerk's walk through the window, pressing the real buttons: pull from the service,
queue (counts, search), review with the ID scan (zoom, back), take, the outcome dialog (a
wrong BSN refused in the dialog, nothing lost), quarantine; then every button once.

With INSPECTOR_CLERK_SHOTS=DIR the screenshots go to DIR (docs/screenshots for the README)."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from clerk_support import PEOPLE, register
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QWidget
from sqlalchemy import select

from inspector.clerk.desk import ClerkDesk
from inspector.server.models import BlobPart, Record
from inspector.sync import client
from inspector.ui import style
from inspector.ui.clerk.desk import ClerkDeskWidget

from tests_support import letter_ready

pytestmark = [pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")]


@pytest.fixture
def errors(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    found: list[str] = []

    def hook(kind: Any, value: Any, tb: Any) -> None:
        import traceback

        found.append("".join(traceback.format_exception(kind, value, tb)))

    monkeypatch.setattr(sys, "excepthook", hook)
    yield found


def _shot(widget: QWidget, name: str, tmp_path: Path) -> Path:
    folder = Path(os.environ.get("INSPECTOR_CLERK_SHOTS") or tmp_path)
    QApplication.processEvents()
    path = folder / name
    assert widget.grab().save(str(path))
    assert path.stat().st_size > 10_000
    return path


def _click(widget: QWidget) -> None:
    assert widget.isVisible() and widget.isEnabled(), widget.objectName()
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)
    QApplication.processEvents()


def _pull(qtbot: Any, queue: Any) -> None:
    _click(queue.pull_button)
    qtbot.waitUntil(lambda: queue.pull_button.isEnabled(), timeout=60_000)


def _open(qtbot: Any, window: Any) -> None:
    _click(window.queue.open_button)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.review, timeout=30_000)


def _click_row(view: Any, row: int) -> None:
    rect = view.visualRect(view.model().index(row, 1))
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    QApplication.processEvents()


def _tab(tabs: Any, index: int) -> None:
    bar = tabs.tabBar()
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    QApplication.processEvents()


def _processed_with_a_wrong_bsn(qtbot: Any, window: Any) -> Any:
    """Press "outcome" on the taken registration and save "processed" with a BSN that fails
    the eleven test; returns the outcome dialog."""
    _click(window.review.outcome_button)
    dialog = window.outcome_dialog
    assert dialog is not None and dialog.isVisible()
    _click(dialog.radios["processed"])
    qtbot.keyClicks(dialog.bsn, "123456789")
    _click(dialog.first)
    _click(dialog.save_button)
    return dialog


def _world(world: Any) -> tuple[Any, Any]:
    office, svc, laptop = world
    insp, _ = register(laptop, PEOPLE[0], real_scans=True)
    register(laptop, PEOPLE[1], insp, real_scans=True)
    register(laptop, PEOPLE[2], insp, real_scans=True)
    assert client.sync_once(laptop, svc.transport).ok
    with svc.db.session() as s:  # the third registration is damaged on the way
        rec = s.scalars(
            select(Record).where(Record.kind == "registration").order_by(Record.seq.desc())
        ).first()
        assert rec is not None
        part = s.scalars(select(BlobPart).where(BlobPart.blob_id == rec.blob_id)).first()
        assert part is not None
        data = bytearray(part.data)
        data[-100] ^= 0x08
        part.data = bytes(data)
    return office, svc


def test_clerk_walks_queue_review_outcome_and_quarantine(  # type: ignore[no-untyped-def]
    qtbot, world, errors, tmp_path: Path, monkeypatch
) -> None:
    office, svc = _world(world)
    desk = ClerkDesk(office, svc.transport)
    window = ClerkDeskWidget(desk)
    qtbot.addWidget(window)
    window.resize(1366, 700)
    window.show()
    queue = window.queue
    assert queue.model.rowCount() == 0
    assert "leeg" in queue.counts.text()

    _pull(qtbot, queue)
    assert "2 inschrijvingen ontvangen" in queue.message.text()
    assert "1 in quarantaine" in queue.message.text()
    assert queue.model.rowCount() == 2
    assert "Ontvangen: 2" in queue.counts.text()
    assert window.tabs.tabText(1) == "Quarantaine (1)"
    # Ion's term has run out (as if received a week ago): red, and still listed after Anna
    # only because both are on the spot and his term ends first.
    with office.unit() as s:
        from datetime import timedelta

        from inspector.clerk.models import ClerkRegistration

        for row in s.scalars(select(ClerkRegistration)):
            if row.summary["surname"] == "Exemplu":
                row.due_on = row.due_on - timedelta(days=14)
    _click(queue.search)
    first = queue.model.row_at(0)
    assert first.name == "Exemplu, Ion" and first.urgency == "overdue"
    colour = queue.model.data(queue.model.index(0, 0), Qt.ItemDataRole.BackgroundRole)
    assert colour is not None and colour.name() == style.ERROR_BACKGROUND
    _shot(window, "clerk-queue.png", tmp_path)

    # Search by name (ASCII typed), then by a date of birth that is not a date.
    qtbot.keyClicks(queue.name, "anna")
    _click(queue.search)
    assert queue.model.rowCount() == 1
    assert queue.model.row_at(0).name == "Przykladowa, Anna"
    qtbot.keyClicks(queue.born, "31-31-1991")
    _click(queue.search)
    assert "geen datum" in queue.message.text()
    queue.born.clear()
    qtbot.keyClicks(queue.born, "03-02-1991")
    _click(queue.search)
    assert queue.model.rowCount() == 1 and not queue.message.isVisible()

    # Open it: the review with the scan, zoom, back side.
    _click_row(queue.table, 0)
    _open(qtbot, window)
    review = window.review
    assert window.stack.currentWidget() is review
    assert "Przykladowa" in review.title.text()
    assert review.findChild(QWidget, "field_surname").text() == "Przykladowa"
    assert review.compare.rowCount() == 8
    assert "kloppen" in review.compare_label.text()
    pix = review.scans.image.pixmap()
    assert not pix.isNull() and pix.width() == 1012
    _click(review.scans.zoom_in)
    assert review.scans.image.pixmap().width() == 1265
    _click(review.scans.fit)
    _shot(window, "clerk-review.png", tmp_path)
    _click(review.scans.back)
    assert review.scans.back.isChecked() and not review.scans.front.isChecked()
    assert review.pdf.pageCount() >= 1
    assert not review.outcome_button.isEnabled()

    # Take it, and record the outcome; a wrong BSN is refused in the dialog.
    _click(review.take_button)
    assert "In behandeling" in review.status.text()
    dialog = _processed_with_a_wrong_bsn(qtbot, window)
    assert dialog.isVisible() and "elfproef" in dialog.error.text()
    assert dialog.bsn.text() == "123456789"  # nothing typed is lost
    _shot(dialog, "clerk-outcome.png", tmp_path)
    dialog.bsn.clear()
    qtbot.keyClicks(dialog.bsn, "111222333")
    _click(dialog.save_button)
    assert not dialog.isVisible() and dialog.result_state == "processed"
    assert review.status.text().startswith("Verwerkt")
    assert "BSN 111222333" in review.context.text()
    # What comes out: the confirmation letter in the resident's language, the stamped form,
    # the BRP export, each saved where the clerk says.
    from PySide6.QtWidgets import QFileDialog

    saved: list[Path] = []

    def save_as(_parent: Any, _title: str, start: str, _pattern: str) -> tuple[str, str]:
        target = tmp_path / Path(start).name
        saved.append(target)
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    office.settings = letter_ready(office.settings)
    for button in (review.letter_button, review.stamp_button, review.export_button):
        _click(button)
        assert review.message.text().startswith("Opgeslagen"), review.message.text()
    assert [p.suffix for p in saved] == [".pdf", ".pdf", ".json"]
    assert all(p.stat().st_size > 1000 for p in saved)
    assert b'"01.02.40"' in saved[2].read_bytes()

    # Back to the queue; the other one is returned with a question.
    _click(review.back_button)
    queue.name.clear()
    queue.born.clear()
    _click(queue.search)
    assert queue.model.rowCount() == 1  # the open ones
    _click_row(queue.table, 0)
    _click(queue.take_button)
    _open(qtbot, window)
    _click(review.outcome_button)
    dialog = window.outcome_dialog
    assert dialog is not None
    _click(dialog.radios["returned"])
    qtbot.keyClicks(dialog.text, "Klopt de geboorteplaats?")
    _click(dialog.save_button)
    assert review.status.text().startswith("Teruggestuurd")
    _click(review.back_button)
    assert desk.unposted() != []
    _pull(qtbot, queue)
    assert "2 uitkomsten verstuurd" in queue.message.text()

    # Quarantine, with the reason.
    _tab(window.tabs, 1)
    assert window.tabs.currentIndex() == 1
    table = window.quarantine.table
    assert table.rowCount() == 1
    assert table.item(0, 3).text() and table.item(0, 4).text() == "gemeld"
    _shot(window, "clerk-quarantine.png", tmp_path)
    _tab(window.tabs, 2)
    _tab(window.tabs, 0)

    # Every button once (an input dialog is answered with Escape).
    def close_dialogs() -> None:
        for w in QApplication.topLevelWidgets():
            if isinstance(w, QDialog) and w.isVisible():
                w.reject()

    timer = QTimer()
    timer.setInterval(30)
    timer.timeout.connect(close_dialogs)
    timer.start()
    _click_row(queue.table, 0)
    for button in list(window.findChildren(QAbstractButton)):
        if shiboken6.isValid(button) and button.isVisible() and button.isEnabled():
            QTest.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
            QApplication.processEvents()
    for op in (window.queue.pull_op, window.open_op):
        assert op is None or op.wait_delivered(60_000)
    timer.stop()
    assert errors == []
    assert window.width() <= 1366 and window.minimumSizeHint().width() <= 1366
    assert window.minimumSizeHint().height() <= 700


def test_the_main_window_offers_the_desk_only_in_a_clerk_store(  # type: ignore[no-untyped-def]
    qtbot, world, errors
) -> None:
    from inspector.ui.main_window import MainWindow

    office, svc = _world(world)
    _office, _svc, laptop = world
    officer_window = MainWindow(laptop)
    qtbot.addWidget(officer_window)
    assert not officer_window.clerk_action.isVisible()

    window = MainWindow(office)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    assert window.clerk_action.isVisible()
    window.clerk_action.trigger()  # the menu item, as the click-everything walk does
    desk = window.clerk_desk
    assert isinstance(desk, ClerkDeskWidget) and window.pages.currentWidget() is desk
    desk.desk.transport = svc.transport
    _pull(qtbot, desk.queue)
    assert desk.queue.model.rowCount() == 2

    def close_dialogs() -> None:
        for w in QApplication.topLevelWidgets():
            if isinstance(w, QDialog) and w.isVisible():
                w.reject()

    timer = QTimer()
    timer.setInterval(30)
    timer.timeout.connect(close_dialogs)
    timer.start()
    for index in range(3):
        _tab(desk.tabs, index)
        if index == 0:
            _click_row(desk.queue.table, 0)
        for button in list(desk.findChildren(QAbstractButton)):
            if shiboken6.isValid(button) and button.isVisible() and button.isEnabled():
                QTest.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
                QApplication.processEvents()
    for op in (desk.queue.pull_op, desk.open_op):
        assert op is None or op.wait_delivered(60_000)
    timer.stop()
    window.show_list()
    assert window.pages.currentWidget() is window.list_page
    assert errors == []


@pytest.fixture
def english(qapp: QApplication) -> Iterator[None]:
    """The interface in English, as install_translation records it; restored afterwards."""
    before = qapp.property("interface_language")
    qapp.setProperty("interface_language", "en")
    yield
    qapp.setProperty("interface_language", before)


def test_the_desk_says_what_is_wrong_in_the_interface_language(  # type: ignore[no-untyped-def]
    qtbot, world, errors, english
) -> None:
    office, svc, laptop = world
    register(laptop, PEOPLE[0])
    assert client.sync_once(laptop, svc.transport).ok
    window = ClerkDeskWidget(ClerkDesk(office, svc.transport))
    qtbot.addWidget(window)
    window.resize(1366, 700)
    window.show()
    queue = window.queue
    _pull(qtbot, queue)
    assert queue.model.rowCount() == 1
    # The queue: a date of birth that is no date.
    qtbot.keyClicks(queue.born, "31-31-1991")
    _click(queue.search)
    assert queue.message.text().startswith("The date of birth is not a date")
    assert "geboortedatum" not in queue.message.text()
    queue.born.clear()
    _click(queue.search)
    # The outcome dialog: a BSN that fails the eleven test.
    _click_row(queue.table, 0)
    _open(qtbot, window)
    review = window.review
    _click(review.take_button)
    dialog = _processed_with_a_wrong_bsn(qtbot, window)
    assert dialog.isVisible()
    assert dialog.error.text().startswith("The BSN is not valid")
    assert dialog.bsn.text() == "123456789"
    dialog.reject()
    assert errors == []


def test_the_queue_model_passes_the_model_tester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    """The queue on the one table base (ui/models.ListTableModel): names fetched in blocks
    when a row is shown, headers by column name."""
    from datetime import date, timedelta

    from inspector.clerk.desk import QueueRow
    from inspector.ui.clerk.queue_model import HEADERS, QueueModel

    today = date(2026, 11, 30)
    rows = [
        QueueRow(f"id-{n}", "received", True, "", "", "", "", "2026-AB12-0001", today, 0,
                 today + timedelta(days=5), 5, "ok", "", 1, loaded=False)
        for n in range(300)
    ]  # fmt: skip
    asked: list[int] = []

    def loader(ids: list[str]) -> dict[str, dict[str, str]]:
        asked.append(len(ids))
        return {i: {"surname": f"Proef-{i[3:]}", "given_names": "Test"} for i in ids}

    model = QueueModel(rows, loader=loader)
    qtmodeltester.check(model)
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(2)] == [
        HEADERS["kind"],
        HEADERS["name"],
    ]
    assert model.data(model.index(250, 1)) == "Proef-250, Test"
    assert asked and max(asked) <= 200  # a block, never the whole queue
    model.set_rows(rows[:3])
    assert model.rowCount() == 3
