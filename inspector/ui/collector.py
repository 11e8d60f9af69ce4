"""Python's cyclic garbage collector, run on the GUI thread only.

Left automatic, the collector runs in whichever thread happens to allocate when a generation's
count passes its threshold: a background operation, the sync worker, the start-up preloader.
A cycle it frees there may hold a Qt object made on the GUI thread (a widget, a model), whose
C++ destructor then runs on the wrong thread — Qt's objects are not made for that, and the
result is a crash at a random moment (seen as rare segmentation faults under load). The usual
remedy in Qt applications (GitFourchette, OpenCue, the "GarbageCollector" recipe by Erik
Janssens): switch the automatic collection off and let a timer on the GUI thread collect each
generation when its count passes the same thresholds Python would have used.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

#: How often (ms) the GUI thread looks at the collector's counts; a look costs microseconds,
#: a collection of generation 0 well under a millisecond.
INTERVAL_MS = 500


def collect_due() -> int:
    """Collect the generations whose counts passed their thresholds, as Python would have done
    by itself; returns how many unreachable objects were found."""
    threshold0, threshold1, threshold2 = gc.get_threshold()
    count0, count1, count2 = gc.get_count()
    if count0 <= threshold0:
        return 0
    if count1 > threshold1:
        return gc.collect(2 if count2 > threshold2 else 1)
    return gc.collect(0)


class GuiThreadCollector(QObject):
    """Turns the automatic collection off and collects from a timer on the GUI thread.

    Make it on the GUI thread and keep it for the application's life (its parent is the
    application); :meth:`stop` turns the automatic collection back on.
    """

    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._collect)
        self._timer.start()

    def _collect(self) -> None:
        collect_due()

    def stop(self) -> None:
        self._timer.stop()
        if self._was_enabled:
            gc.enable()


def install(app: QObject) -> GuiThreadCollector:
    """Collect garbage on *app*'s (the GUI) thread from now on; idempotent."""
    existing = app.findChild(GuiThreadCollector)
    if isinstance(existing, GuiThreadCollector):
        return existing
    return GuiThreadCollector(app)
