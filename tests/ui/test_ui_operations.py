"""The background-operation helper: off the GUI thread, one writer at a time, outcome on the
GUI thread, busy after a blink, failures to the error display."""

from __future__ import annotations

import errno
import threading
import time
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox, QWidget

from inspector.ui import operations
from inspector.ui.dialogs import BusyBar
from inspector.ui.operations import Operation, run_in_background

WAIT_MS = 10_000


def _gate() -> threading.Event:
    return threading.Event()


def test_the_gui_keeps_running_while_the_work_runs(qtbot: Any) -> None:
    release = _gate()
    threads: list[str] = []

    def work() -> int:
        threads.append(threading.current_thread().name)
        assert release.wait(WAIT_MS / 1000)
        return 42

    ticks: list[bool] = []
    op = Operation(work, writes=False)
    op.start()
    # The event loop turns while the work waits: timers fire, the window could repaint.
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(op.running))
    timer.start(10)
    qtbot.waitUntil(lambda: len(ticks) >= 3, timeout=WAIT_MS)
    timer.stop()
    assert all(ticks) and op.running
    results: list[tuple[int, bool]] = []
    op.succeeded.connect(
        lambda value: results.append((value, threading.current_thread() is threading.main_thread()))
    )
    with qtbot.waitSignal(op.finished, timeout=WAIT_MS):
        release.set()
    assert results == [(42, True)]
    assert threads and threads[0] != threading.main_thread().name
    assert op.result == 42 and op.error is None


def test_a_failure_arrives_as_a_value_on_the_gui_thread(qtbot: Any) -> None:
    def work() -> None:
        raise ValueError("kapot")

    got: list[tuple[str, bool]] = []
    op = Operation(work, writes=True).on_failure(
        lambda exc: got.append((str(exc), threading.current_thread() is threading.main_thread()))
    )
    with qtbot.waitSignal(op.failed, timeout=WAIT_MS) as blocker:
        op.start()
    assert isinstance(blocker.args[0], ValueError)
    assert got == [("kapot", True)]


def test_a_known_failure_without_handler_is_one_message(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    said: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "warning", staticmethod(lambda _parent, _title, text: said.append(text))
    )

    def work() -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    parent = QWidget()
    qtbot.addWidget(parent)
    op = Operation(work, writes=True, parent=parent)
    with qtbot.waitSignal(op.finished, timeout=WAIT_MS):
        op.start()
    assert said == ["De schijf is vol; maak ruimte vrij en probeer het opnieuw."]


def test_a_bug_without_handler_goes_to_the_crash_handler(qtbot: Any) -> None:
    def work() -> None:
        raise KeyError("bug")

    op = Operation(work, writes=False)
    with qtbot.capture_exceptions() as caught, qtbot.waitSignal(op.finished, timeout=WAIT_MS):
        op.start()
    assert [type(exc) for _type, exc, _tb in caught] == [KeyError]


def test_two_writers_never_overlap_and_keep_their_order(qtbot: Any) -> None:
    release = _gate()
    lock = threading.Lock()
    running = 0
    most = 0
    order: list[str] = []

    def writer(name: str, wait: bool) -> str:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
            order.append(f"{name} start")
        if wait:
            assert release.wait(WAIT_MS / 1000)
        else:
            time.sleep(0.01)
        with lock:
            running -= 1
            order.append(f"{name} end")
        return name

    first = Operation(lambda: writer("a", True), writes=True).start()
    second = Operation(lambda: writer("b", False), writes=True).start()
    # A reader is not held up by the waiting writer.
    reader = Operation(lambda: "read", writes=False)
    with qtbot.waitSignal(reader.succeeded, timeout=WAIT_MS):
        reader.start()
    assert first.running and second.running and order == ["a start"]
    with qtbot.waitSignals([first.finished, second.finished], timeout=WAIT_MS):
        release.set()
    assert order == ["a start", "a end", "b start", "b end"] and most == 1
    assert (first.result, second.result) == ("a", "b")
    assert operations.drain(1)


def test_busy_shows_after_a_blink_and_goes_when_done(qtbot: Any) -> None:
    release = _gate()
    holder = QWidget()
    qtbot.addWidget(holder)
    bar = BusyBar(holder)
    holder.show()
    op = Operation(
        lambda: release.wait(WAIT_MS / 1000),
        writes=False,
        label="Bezig…",
        progress=bar,
        progress_after_ms=50,
    )
    with qtbot.waitSignal(op.slow, timeout=WAIT_MS):
        op.start()
    assert bar.isVisible() and bar.label.text() == "Bezig…"
    with qtbot.waitSignal(op.finished, timeout=WAIT_MS):
        release.set()
    assert not bar.isVisible()


def test_a_quick_operation_shows_no_busy_bar(qtbot: Any) -> None:
    holder = QWidget()
    qtbot.addWidget(holder)
    bar = BusyBar(holder)
    holder.show()
    slow: list[bool] = []
    op = Operation(lambda: 1, writes=False, progress=bar)
    op.slow.connect(lambda: slow.append(True))
    with qtbot.waitSignal(op.finished, timeout=WAIT_MS):
        op.start()
    qtbot.wait(operations.PROGRESS_AFTER_MS + 50)
    assert slow == [] and not bar.isVisible()


def test_progress_reports_arrive_in_order_on_the_gui_thread(qtbot: Any) -> None:
    seen: list[tuple[str, bool]] = []

    def work() -> None:
        for n in range(3):
            op.report(f"{n + 1} van 3")

    op: Operation[None] = Operation(work, writes=True)
    op.updated.connect(
        lambda text: seen.append((text, threading.current_thread() is threading.main_thread()))
    )
    with qtbot.waitSignal(op.finished, timeout=WAIT_MS):
        op.start()
    assert seen == [("1 van 3", True), ("2 van 3", True), ("3 van 3", True)]


def test_a_closed_screen_gets_no_callback_but_a_failure_is_still_shown(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    said: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "warning", staticmethod(lambda _parent, _title, text: said.append(text))
    )
    got: list[object] = []
    release = _gate()
    parent = QWidget()
    done = run_in_background(
        lambda: release.wait(WAIT_MS / 1000) and 7, writes=True, parent=parent,
        on_success=got.append,
    )  # fmt: skip

    def fail() -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    failed = run_in_background(fail, writes=True, parent=parent, on_failure=got.append)
    parent.deleteLater()
    qtbot.wait(10)  # the widget is deleted before the work ends
    with qtbot.waitSignals([done.succeeded, failed.failed], timeout=WAIT_MS):
        release.set()
    assert got == [] and done.result == 7
    assert said == ["De schijf is vol; maak ruimte vrij en probeer het opnieuw."]


def test_an_operation_runs_once(qtbot: Any) -> None:
    op = Operation(lambda: None, writes=False)
    with qtbot.waitSignal(op.finished, timeout=WAIT_MS):
        op.start()
    with pytest.raises(RuntimeError):
        op.start()
