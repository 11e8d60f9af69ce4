"""Background operations: slow work off the GUI thread, one writer to the store at a time, the
outcome delivered on the GUI thread.

The shape follows Anki's ``CollectionOp``/``QueryOp`` (``qt/aqt/operations/``: an operation
with success and failure callbacks, run by a task manager that hands the result back to the
main thread) and Vorta's job queue (``borg/jobs_manager.py``: jobs run in order on one worker
per target, each a ``QObject`` with ``updated`` and ``result`` signals).

- Work that **writes** to the store runs on the one *writer lane*: a single thread taking the
  jobs in the order they were started, so two writers never overlap and a later write never
  overtakes an earlier one. Work that only reads (or only renders) runs on the *reader lane*
  (two threads), beside the writer.
- The work is a plain callable; it must not touch a widget. Whatever it returns arrives in
  ``succeeded`` (and the ``on_success`` callback), whatever it raises in ``failed`` (and
  ``on_failure``), both on the GUI thread. Without an ``on_failure`` callback an error goes to
  the error display: a known error (``KnownError``, a fault of the store or the disk) as one
  plain message, anything else to the crash handler (a report without personal data).
- When the work takes longer than a blink (:data:`PROGRESS_AFTER_MS`) the operation shows that
  it is busy: the given *progress* target (e.g. :class:`inspector.ui.dialogs.BusyBar`), or a
  busy cursor over the app. The GUI keeps running meanwhile (it is not a nested loop): the
  caller disables what must not be pressed twice.

Usage::

    op = Operation(lambda: core.sign(ws, registration_id), writes=True, parent=self,
                   label=self.tr("Signing…"))
    op.on_success(self._signed).on_failure(self._not_signed).start()

:func:`inspector.ui.background.wait_for` runs on the same lanes for the few steps that must
finish before the window may go on (unlock, creating the store).
"""

from __future__ import annotations

import functools
import gc
import itertools
import queue
import sys
import threading
import traceback
from collections.abc import Callable
from typing import Any, Generic, Protocol, TypeVar, cast

import shiboken6
from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QWidget

T = TypeVar("T")

#: Longer than this (ms) and an operation is no longer a blink: it shows that it is busy.
PROGRESS_AFTER_MS = 300


class Lane:
    """Daemon worker threads that take jobs from one queue, in the order they were given.

    Daemon threads: a job still running when the app quits does not keep the process alive
    (the app drains the writer lane itself before it goes, :func:`drain`).
    """

    def __init__(self, name: str, workers: int) -> None:
        self.name = name
        self.workers = workers
        self._jobs: queue.Queue[Callable[[], None]] = queue.Queue()
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()
        self._pending = 0
        self._idle = threading.Condition(self._lock)

    def submit(self, job: Callable[[], None]) -> None:
        with self._lock:
            self._pending += 1
            if len(self._threads) < self.workers:
                thread = threading.Thread(
                    target=self._run, name=f"{self.name}-{len(self._threads) + 1}", daemon=True
                )
                self._threads.append(thread)
                thread.start()
        self._jobs.put(job)

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            try:
                job()
            finally:
                del job
                with self._lock:
                    self._pending -= 1
                    if not self._pending:
                        self._idle.notify_all()

    @property
    def busy(self) -> bool:
        with self._lock:
            return self._pending > 0

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until every job given so far has finished (True) or *timeout* passed."""
        with self._lock:
            return self._idle.wait_for(lambda: self._pending == 0, timeout)


#: The one writer to the store: jobs run one at a time, in order.
WRITER = Lane("inspector-writer", 1)
#: Reading and rendering: beside the writer, never writing to the store.
READERS = Lane("inspector-reader", 2)


def drain(timeout: float | None = 10.0) -> bool:
    """Wait for the writes already started (the app calls this before it quits)."""
    return WRITER.wait_idle(timeout)


class Progress(Protocol):
    """Where an operation shows that it is busy (:class:`inspector.ui.dialogs.BusyBar`)."""

    def busy(self, text: str) -> None: ...

    def hide(self) -> None: ...


class TextProgress:
    """Busy shown as a line of text where the screen already has one (a message label), and
    a busy cursor while it shows: no widget of its own, so nothing moves."""

    def __init__(self, show: Callable[[str], None], clear: Callable[[], None]) -> None:
        self._show = show
        self._clear = clear
        self._cursor = False

    def busy(self, text: str) -> None:
        from PySide6.QtGui import QGuiApplication

        self._show(text)
        if not self._cursor:
            QGuiApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
            self._cursor = True

    def hide(self) -> None:
        from PySide6.QtGui import QGuiApplication

        self._clear()
        if self._cursor:
            QGuiApplication.restoreOverrideCursor()
            self._cursor = False


#: Operations started and not yet delivered, by their number: kept alive here, not by a
#: parent widget (a widget closed meanwhile must not take the operation with it).
_running: dict[int, Operation[Any]] = {}
_numbers = itertools.count(1)


#: What the lanes' threads finished, by operation number, until the GUI thread takes it.
_outcomes: dict[int, tuple[object, Exception | None]] = {}
_outcomes_lock = threading.Lock()


class _Relay(QObject):
    """Lives on the GUI thread for the whole run; the lanes' threads emit its signals, Qt
    queues them to its slots there. The threads pass no object, only the operation's number:
    a widget must be let go of on the GUI thread, and an outcome (an exception with its
    frames, say) may be the last thing that holds one."""

    done = Signal(int)
    progressed = Signal(int, str)

    def __init__(self) -> None:
        super().__init__(None)
        self.done.connect(self._done)
        self.progressed.connect(self._progressed)

    @Slot(int)
    def _done(self, number: int) -> None:
        with _outcomes_lock:
            result, error = _outcomes.pop(number, (None, None))
        op = _running.get(number)
        if op is not None:
            op._deliver(result, error)

    @Slot(int, str)
    def _progressed(self, number: int, text: str) -> None:
        op = _running.get(number)
        if op is not None:
            op.updated.emit(text)


_relay: _Relay | None = None


def _execute(number: int, box: list[Callable[[], object]], finished: threading.Event) -> None:
    """On a lane's thread: run the work, then hand the outcome over and keep nothing of it
    (no local, no frame of the work holding its variables)."""
    work = box.pop()
    try:
        outcome: tuple[object, Exception | None] = (work(), None)
    except Exception as exc:  # noqa: BLE001 - delivered to the GUI thread, not lost
        # The frames stay (the crash report names the code locations), their variables go.
        traceback.clear_frames(exc.__traceback__)
        outcome = (None, exc)
    del work
    with _outcomes_lock:
        _outcomes[number] = outcome
    del outcome
    finished.set()
    assert _relay is not None
    _relay.done.emit(number)


class Operation(QObject, Generic[T]):
    """One piece of work off the GUI thread; see the module's text.

    Signals (all emitted on the GUI thread):
        succeeded(object): the work's result.
        failed(object): the exception the work raised.
        finished(): after either of them (the busy indication is gone by then).
        updated(str): a progress text the work reported with :meth:`report`.
        slow(): the work is taking longer than a blink.
    """

    succeeded = Signal(object)
    failed = Signal(object)
    finished = Signal()
    updated = Signal(str)
    slow = Signal()

    def __init__(
        self,
        work: Callable[[], T],
        *,
        writes: bool,
        parent: QWidget | None = None,
        label: str = "",
        progress: Progress | None = None,
        progress_after_ms: int = PROGRESS_AFTER_MS,
    ) -> None:
        # No Qt parent: the operation lives until it has delivered, whatever is closed.
        super().__init__(None)
        self._work = work
        self.writes = writes
        self._parent = parent
        self.label = label
        self._progress = progress
        self._success: Callable[[T], None] | None = None
        self._failure: Callable[[Exception], None] | None = None
        self._started = False
        self._delivered = False
        self._busy_shown = False
        self._cursor_set = False
        self._finished_event = threading.Event()
        self.result: T | None = None
        self.error: Exception | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(progress_after_ms)
        self._timer.timeout.connect(self._show_busy)
        self._number = next(_numbers)

    # -- set-up (chainable, as Anki's operations) -------------------------------------------

    def on_success(self, callback: Callable[[T], None]) -> Operation[T]:
        """Call *callback* with the result on the GUI thread."""
        self._success = callback
        return self

    def on_failure(self, callback: Callable[[Exception], None]) -> Operation[T]:
        """Call *callback* with the exception on the GUI thread (instead of the error
        display)."""
        self._failure = callback
        return self

    # -- running ----------------------------------------------------------------------------

    def start(self) -> Operation[T]:
        """Queue the work on its lane; returns at once. Call it on the GUI thread."""
        global _relay
        if self._started:
            raise RuntimeError("an operation runs once")
        self._started = True
        if _relay is None:
            _relay = _Relay()
        app = QCoreApplication.instance()
        if gc.isenabled() and app is not None:
            # A lane's thread must never run the garbage collector: a cycle freed there may
            # hold a Qt object of the GUI thread, destroyed on the wrong thread (a segfault at
            # a random moment; the preloader's import burst did it in the full suite). The app
            # collects on the GUI thread from the start (app.create_application); a program
            # that makes its own QApplication (the benchmarks) does from its first operation.
            from inspector.ui import collector

            collector.install(app)
        _running[self._number] = self
        self._timer.start()
        box: list[Callable[[], object]] = [self._work]
        (WRITER if self.writes else READERS).submit(
            functools.partial(_execute, self._number, box, self._finished_event)
        )
        return self

    def report(self, text: str) -> None:
        """Tell the GUI how far the work is (any thread): emitted there as ``updated``."""
        if _relay is not None:
            _relay.progressed.emit(self._number, text)

    @property
    def running(self) -> bool:
        return self._started and not self._finished_event.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the work itself has finished (True) or *timeout* (seconds) passed;
        the outcome is delivered later, by the event loop."""
        return self._finished_event.wait(timeout)

    def wait_delivered(self, timeout_ms: int | None = 30_000) -> bool:
        """Run a nested event loop until the outcome has been delivered (True) or
        *timeout_ms* passed (None: no limit). The window keeps painting; user input waits
        meanwhile, so nothing is started twice."""
        if not self._started:
            raise RuntimeError("the operation has not been started")
        if self._delivered:
            return True
        loop = QEventLoop()
        self.finished.connect(loop.quit)
        limit = QTimer()
        limit.setSingleShot(True)
        limit.timeout.connect(loop.quit)
        if timeout_ms is not None:
            limit.start(timeout_ms)
        loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        limit.stop()
        return self._delivered

    # -- on the GUI thread ------------------------------------------------------------------

    @Slot()
    def _show_busy(self) -> None:
        if self._finished_event.is_set():
            return
        self._busy_shown = True
        self.slow.emit()
        if self._progress is not None:
            self._progress.busy(self.label)
        elif self._parent is not None:
            from PySide6.QtGui import QGuiApplication

            QGuiApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
            self._cursor_set = True

    def _hide_busy(self) -> None:
        self._timer.stop()
        if self._busy_shown and self._progress is not None:
            self._progress.hide()
        if self._cursor_set:
            from PySide6.QtGui import QGuiApplication

            QGuiApplication.restoreOverrideCursor()
            self._cursor_set = False

    def _deliver(self, result: object, error: Exception | None) -> None:
        self._hide_busy()
        self._delivered = True
        # The widget that started it may be gone (its screen was closed): its callbacks are
        # not called then; a failure still reaches the error display.
        gone = self._parent is not None and not shiboken6.isValid(self._parent)
        try:
            if error is not None:
                self.error = error
                self.failed.emit(error)
                if self._failure is not None and not gone:
                    self._failure(error)
                else:
                    show_failure(None if gone else self._parent, error)
            else:
                value = cast(T, result)  # what the work returned
                self.result = value
                self.succeeded.emit(value)
                if self._success is not None and not gone:
                    self._success(value)
        finally:
            self.finished.emit()
            # Let go of it on the next turn of the event loop, not inside its own slot.
            QTimer.singleShot(0, functools.partial(_running.pop, self._number, None))


def run_in_background(
    work: Callable[[], T],
    *,
    writes: bool,
    on_success: Callable[[T], None] | None = None,
    on_failure: Callable[[Exception], None] | None = None,
    parent: QWidget | None = None,
    label: str = "",
    progress: Progress | None = None,
) -> Operation[T]:
    """Make, connect and start an :class:`Operation` in one call."""
    op = Operation(work, writes=writes, parent=parent, label=label, progress=progress)
    if on_success is not None:
        op.on_success(on_success)
    if on_failure is not None:
        op.on_failure(on_failure)
    return op.start()


def known_message(exc: BaseException) -> str | None:
    """The one message for a failure the user can act on, or None for a bug.

    Known: the core's ``KnownError`` (its message in the interface language) and the faults of
    the store or the disk (in plain words); see ``inspector.error_kinds``.
    """
    from inspector.error_kinds import KnownError, is_storage_fault, message_for

    if isinstance(exc, KnownError):
        return message_for(exc, interface_language())
    if is_storage_fault(exc):
        text = message_for(exc)
        return text[:1].upper() + text[1:] + "."
    return None


def error_text(exc: BaseException) -> str:
    """What a screen says about *exc*: ``message_for`` in the interface language, as a sentence.

    Every place in the UI that shows a failure uses this (never ``str(exc)``, which is the
    English text of the command line); ``tests/ui/test_ui_error_text.py`` keeps it so.
    """
    from inspector.error_kinds import message_for

    text = message_for(exc, interface_language())
    return text[:1].upper() + text[1:]


def interface_language() -> str:
    """The language the window speaks (set by ``app.install_translation``): nl or en."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    return "en" if app is not None and app.property("interface_language") == "en" else "nl"


def show_failure(parent: QWidget | None, exc: Exception) -> None:
    """The error display: a known error as one message, a bug to the crash handler."""
    text = known_message(exc)
    if text is None:
        sys.excepthook(type(exc), exc, exc.__traceback__)
        return
    from PySide6.QtWidgets import QApplication, QMessageBox

    QMessageBox.warning(parent, QApplication.translate("operations", "Not done"), text)
