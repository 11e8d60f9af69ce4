"""The garbage collector runs on the GUI thread only (inspector.ui.collector)."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import threading
from pathlib import Path

from PySide6.QtCore import QObject

from inspector.ui import collector


class _Cycle:
    def __init__(self) -> None:
        self.me = self


#: The real app's set-up in a fresh interpreter (no other test's state): garbage made in a
#: worker thread, then the event loop runs; prints where the garbage was freed.
APP_SCRIPT = """
import gc, sys, threading
from PySide6.QtCore import QTimer
from inspector.paths import DataPaths
from inspector.ui.app import create_application

from pathlib import Path
app = create_application(DataPaths(Path(sys.argv[1])))
print("automatic", gc.isenabled())
freed_in = []

class Cycle:
    def __init__(self):
        self.me = self

class Watched(Cycle):
    def __del__(self):
        freed_in.append(threading.current_thread().name)

def work():
    Watched()
    for _ in range(5 * gc.get_threshold()[0]):
        Cycle()
    print("in the worker", list(freed_in))

worker = threading.Thread(target=work, name="worker")
worker.start()
worker.join()
QTimer.singleShot(1500, app.quit)
app.exec()
print("freed in", freed_in)
"""


def test_the_app_collects_garbage_on_the_gui_thread_only(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-c", APP_SCRIPT, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert "automatic False" in lines
    assert "in the worker []" in lines
    assert "freed in ['MainThread']" in lines


def test_the_collector_is_installed_once_and_can_be_stopped(qapp) -> None:  # type: ignore[no-untyped-def]
    was_enabled = gc.isenabled()
    gc.enable()
    parent = QObject()
    try:
        made = collector.install(parent)
        assert collector.install(parent) is made  # one per application
        assert not gc.isenabled()
        made.stop()
        assert gc.isenabled()
    finally:
        del parent
        (gc.enable if was_enabled else gc.disable)()


def test_collect_due_waits_for_the_threshold() -> None:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        gc.collect()
        assert collector.collect_due() == 0  # nothing counted yet
        for _ in range(gc.get_threshold()[0] + 1):
            _Cycle()
        assert collector.collect_due() > 0
    finally:
        (gc.enable if was_enabled else gc.disable)()


def test_a_worker_thread_never_collects(qtbot) -> None:  # type: ignore[no-untyped-def]
    """With the collection off, garbage made in a worker stays until the GUI thread collects."""
    was_enabled = gc.isenabled()
    gc.disable()
    freed_in: list[str] = []

    class Watched(_Cycle):
        def __del__(self) -> None:
            freed_in.append(threading.current_thread().name)

    def work() -> None:
        Watched()
        for _ in range(5 * gc.get_threshold()[0]):
            _Cycle()

    try:
        worker = threading.Thread(target=work, name="worker")
        worker.start()
        worker.join()
        assert freed_in == []
        collector.collect_due()
        gc.collect()
        assert freed_in == ["MainThread"]
    finally:
        (gc.enable if was_enabled else gc.disable)()
