"""The received-date filter of the clerk's queue: in the core, typed into the window's fields
(pressing the search button), and on the command line (--received-from / --received-to)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

import pytest
from clerk_support import PEOPLE, register
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from inspector.__main__ import main
from inspector.clerk import receive
from inspector.clerk.desk import ClerkDesk, QueueFilter
from inspector.clerk.models import ClerkRegistration
from inspector.clerk.receive import ClerkError
from inspector.sync import client
from inspector.ui.clerk.desk import ClerkDeskWidget

from tests_support import PASSWORD

pytestmark = [pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")]

#: Anna arrived at the office on 2 November, Ion on 16 November, Jana on 27 November (noon,
#: Dutch time: 11:00 UTC).
RECEIVED = {
    "Przykladowa": datetime(2026, 11, 2, 11, 0, tzinfo=UTC),
    "Exemplu": datetime(2026, 11, 16, 11, 0, tzinfo=UTC),
    "Vzorova": datetime(2026, 11, 27, 11, 0, tzinfo=UTC),
}
TODAY = date(2026, 11, 30)


def _received(world: Any) -> tuple[Any, ClerkDesk]:
    office, svc, laptop = world
    insp = None
    for person in PEOPLE:
        insp, _ = register(laptop, person, insp)
    assert client.sync_once(laptop, svc.transport).ok
    receive.pull(office, svc.transport)
    with office.unit() as s:
        for row in s.scalars(select(ClerkRegistration)):
            row.received_at = RECEIVED[row.summary["surname"]]
    return office, ClerkDesk(office)


def _surnames(rows: Any) -> set[str]:
    return {r.name.split(",")[0] for r in rows}


def test_the_core_filters_on_the_local_day_received(world: Any) -> None:
    _office, desk = _received(world)

    def q(start: date | None, end: date | None) -> set[str]:
        return _surnames(desk.queue(QueueFilter(received_from=start, received_to=end), TODAY))

    assert q(None, None) == set(RECEIVED)
    assert q(date(2026, 11, 16), None) == {"Exemplu", "Vzorova"}
    assert q(None, date(2026, 11, 16)) == {"Przykladowa", "Exemplu"}  # "to" includes the day
    assert q(date(2026, 11, 16), date(2026, 11, 16)) == {"Exemplu"}
    assert q(date(2026, 11, 17), date(2026, 11, 26)) == set()
    with pytest.raises(ClerkError, match="is after"):
        desk.queue(QueueFilter(received_from=date(2026, 11, 20), received_to=date(2026, 11, 1)))


def _type(widget: Any, text: str) -> None:
    widget.clear()
    QTest.keyClicks(widget, text)


def _search(queue: Any) -> None:
    QTest.mouseClick(queue.search, Qt.MouseButton.LeftButton)
    QApplication.processEvents()


def test_the_window_filters_by_the_dates_typed(qtbot: Any, world: Any) -> None:
    _office, desk = _received(world)
    window = ClerkDeskWidget(desk)
    qtbot.addWidget(window)
    window.resize(1366, 700)
    window.show()
    queue = window.queue
    # "Alle" so that the state does not hide anything.
    queue.state.setCurrentIndex(1)
    assert queue.model.rowCount() == 3
    assert queue.received_from.isVisible() and queue.received_to.isVisible()
    # Every filter field fits in the row at 1366 pixels.
    assert queue.search.geometry().right() <= queue.width()

    _type(queue.received_from, "16-11-2026")
    _search(queue)
    assert _surnames(queue.model.row_at(i) for i in range(queue.model.rowCount())) == {
        "Exemplu",
        "Vzorova",
    }
    _type(queue.received_to, "16-11-2026")
    QTest.keyClick(queue.received_to, Qt.Key.Key_Return)  # Enter searches too
    QApplication.processEvents()
    assert queue.model.rowCount() == 1 and queue.model.row_at(0).name.startswith("Exemplu")

    # A day that is no date, and a range the wrong way round: said in Dutch, the list kept.
    _type(queue.received_to, "31-11-2026")
    _search(queue)
    assert queue.message.isVisible() and "geen datum" in queue.message.text()
    assert "t/m" in queue.message.text() and queue.model.rowCount() == 1
    _type(queue.received_to, "01-11-2026")
    _search(queue)
    assert "draai de data om" in queue.message.text()
    assert queue.model.rowCount() == 1

    queue.received_from.clear()
    queue.received_to.clear()
    _search(queue)
    assert not queue.message.isVisible() and queue.model.rowCount() == 3


def test_the_command_line_filters_by_received_date(
    world: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    office, _desk = _received(world)
    monkeypatch.setenv("INSPECTOR_PASSPHRASE", PASSWORD)
    data = ["--data-dir", str(office.paths.root), "clerk", "queue", "--all", "--json"]

    def names(*extra: str) -> set[str]:
        assert main([*data, *extra]) == 0
        return _surnames(_Row(r) for r in json.loads(capsys.readouterr().out)["rows"])

    assert names() == set(RECEIVED)
    assert names("--received-from", "2026-11-16") == {"Exemplu", "Vzorova"}
    assert names("--received-from", "2026-11-02", "--received-to", "2026-11-16") == {
        "Przykladowa",
        "Exemplu",
    }
    assert main([*data, "--received-to", "16-11-2026"]) != 0
    assert "not a date" in capsys.readouterr().err
    assert main([*data, "--received-from", "2026-11-20", "--received-to", "2026-11-01"]) != 0
    assert "after" in capsys.readouterr().err


class _Row:
    def __init__(self, row: dict[str, Any]) -> None:
        self.name = str(row["name"])
