"""The window's background sync: pushes the outbox and pulls outcomes and planned visits off the
GUI thread — at start, every ``sync_interval_minutes`` and on demand — and retries a failed
sync with the core's :class:`~inspector.sync.client.Backoff` (exponential, full jitter).

Typing never waits for it: the network runs in a worker thread of its own, and every store
update of the sync (one short unit of work per record) is handed to the window's writer lane
(``inspector.ui.operations.WRITER``), where it queues up with the window's other writes instead
of running beside them. Progress and results reach the GUI thread as queued signals.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar, cast

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from inspector.core.workspace import Workspace

if TYPE_CHECKING:
    from inspector.sync.client import Backoff, SyncSummary

T = TypeVar("T")

#: The first sync after unlocking waits this long (ms): the window is drawn and usable first.
START_DELAY_MS = 3000


@dataclass(frozen=True)
class SyncResult:
    """How one sync ended: a summary (records may still have failed one by one), or a
    *failure* sentence when it could not run at all (not provisioned, server away)."""

    summary: SyncSummary | None
    failure: str | None = None
    #: The laptop is not linked to an office yet: nothing was tried.
    not_provisioned: bool = False

    @property
    def ok(self) -> bool:
        return self.failure is None and self.summary is not None and self.summary.ok


#: What the worker runs: (workspace, progress callback) -> summary; the core's sync_once.
SyncRun = Callable[[Workspace, Callable[[str, int, int], None]], "SyncSummary"]


def on_writer_lane(fn: Callable[[], T]) -> T:
    """Run *fn* (one unit of work on the store) on the window's writer lane and wait for it:
    the sync's store updates queue up with the window's other writes, in order, never beside
    them. Called from the sync thread (never from the GUI thread, which must not wait)."""
    from inspector.ui.operations import WRITER

    if threading.current_thread().name.startswith(WRITER.name):
        return fn()  # already on the lane: waiting for ourselves would never end
    done = threading.Event()
    box: dict[str, Any] = {}

    def job() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 - handed back to the sync thread
            box["error"] = exc
        finally:
            done.set()

    WRITER.submit(job)
    done.wait()
    if "error" in box:
        raise box["error"]
    return cast(T, box["value"])


def _core_sync(ws: Workspace, progress: Callable[[str, int, int], None]) -> SyncSummary:
    from inspector.sync import client

    # The network in this (sync) thread; every store update on the writer lane.
    return client.sync_once(ws, progress=progress, writer=on_writer_lane)


class SyncWorker(QObject):
    """One sync at a time in a daemon thread; signals arrive on the GUI thread.

    Signals:
        started(): a sync began.
        progress(str, int, int): record id, bytes of it sent, its size.
        finished(object): a :class:`SyncResult`.
    """

    started = Signal()
    progress = Signal(str, int, int)
    finished = Signal(object)
    #: Emitted by the worker thread, queued to the GUI thread.
    _progress = Signal(str, int, int)
    _done = Signal(object)

    def __init__(
        self, workspace: Workspace, run: SyncRun | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self._run = run or _core_sync
        #: Made at the first failure (the client module loads the HTTP stack).
        self.backoff: Backoff | None = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._active = False
        self.last_result: SyncResult | None = None
        #: Seconds until the next automatic sync, as last planned (for the tests and the page).
        self.next_delay_s: float | None = None
        #: Record id -> size, and bytes sent so far, of the records of the running sync.
        self.sizes: dict[str, int] = {}
        self.sent: dict[str, int] = {}
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.sync_now)
        self._progress.connect(self._relay_progress)
        self._done.connect(self._finish)

    # -- control ----------------------------------------------------------------------------

    def start(self, delay_ms: int = START_DELAY_MS) -> None:
        """Begin the automatic syncs: the first one after *delay_ms*."""
        self._schedule(delay_ms / 1000)

    def is_running(self) -> bool:
        return self._active

    @Slot()
    def sync_now(self) -> bool:
        """Start a sync now unless one runs (False then: the running one will do)."""
        if self._active:
            return False
        self.timer.stop()
        self._active = True
        self._stop.clear()
        self._plan()
        self.started.emit()
        self._thread = threading.Thread(target=self._work, name="inspector-sync", daemon=True)
        self._thread.start()
        return True

    def _plan(self) -> None:
        """The sizes of the records about to go out, for the progress bar."""
        from inspector.sync import inbox

        self.sizes.clear()
        self.sent.clear()
        try:
            with self.workspace.unit() as s:
                for line in inbox.record_lines(s):
                    if line.state in inbox.WAITING_STATES and line.size:
                        self.sizes[line.record_id] = line.size
        except Exception:  # noqa: BLE001 - the bar then grows as records start
            self.sizes.clear()

    def percent(self) -> int | None:
        """How far the running sync is in bytes (None when none runs)."""
        if not self._active:
            return None
        total = sum(self.sizes.values()) or 1
        return 100 * min(sum(self.sent.values()), total) // total

    def shutdown(self, timeout: float = 5.0) -> None:
        """Stop the timer and ask a running sync to stop at its next block; wait *timeout*."""
        self.timer.stop()
        self._stop.set()
        thread = self._thread
        if thread is not None and thread.is_alive():
            thread.join(timeout)

    # -- the worker thread ------------------------------------------------------------------

    def _work(self) -> None:
        from inspector.sync import client
        from inspector.sync.models import SyncLink

        def report(record_id: str, done: int, size: int) -> None:
            if self._stop.is_set():
                raise client.SyncCancelled()
            self._progress.emit(record_id, done, size)

        def is_linked() -> bool:
            with self.workspace.unit() as s:
                return s.get(SyncLink, 1) is not None

        try:
            if not on_writer_lane(is_linked):
                result = SyncResult(None, not_provisioned=True)
            else:
                result = SyncResult(self._run(self.workspace, report))
        except client.SyncFailure as exc:
            result = SyncResult(None, failure=str(exc))
        except Exception as exc:  # noqa: BLE001 - a sync must never take the window down
            result = SyncResult(None, failure=_unexpected(exc))
        self._done.emit(result)

    # -- back on the GUI thread -------------------------------------------------------------

    @Slot(str, int, int)
    def _relay_progress(self, record_id: str, done: int, size: int) -> None:
        self.sizes.setdefault(record_id, size)
        self.sent[record_id] = done
        self.progress.emit(record_id, done, size)

    @Slot(object)
    def _finish(self, result: SyncResult) -> None:
        self._active = False
        if self._thread is not None:
            self._thread.join(1.0)
        self._thread = None
        self.last_result = result
        if not self._stop.is_set():
            if result.not_provisioned or result.ok:
                if self.backoff is not None:
                    self.backoff.reset()
                self._schedule(self.workspace.settings.sync_interval_minutes * 60)
            elif result.summary is not None and result.summary.cancelled:
                pass
            else:
                if self.backoff is None:
                    from inspector.sync.client import Backoff

                    self.backoff = Backoff(base=15.0, cap=900.0)
                self._schedule(self.backoff.next_delay())
        self.finished.emit(result)

    def _schedule(self, seconds: float) -> None:
        if self._stop.is_set():
            return
        self.next_delay_s = seconds
        self.timer.start(max(0, int(seconds * 1000)))


def _unexpected(exc: BaseException) -> str:
    """A sentence for an error the client did not expect: the kind only, never its text
    (which could carry data)."""
    return f"the sync stopped on an unexpected error ({type(exc).__name__})"
