"""The garbage collector runs on the GUI thread only (inspector.ui.collector)."""

from __future__ import annotations

import gc
import threading

from PySide6.QtCore import QObject

from inspector.ui import collector


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_the_app_turns_automatic_collection_off_and_collects_on_its_timer(qtbot, qapp) -> None:  # type: ignore[no-untyped-def]
    was_enabled = gc.isenabled()
    gc.enable()
    parent = QObject()
    try:
        made = collector.install(parent)
        assert collector.install(parent) is made  # one per application
        assert not gc.isenabled()
        freed = threading.Event()
        freed_in: list[str] = []

        class Watched(_Cycle):
            def __del__(self) -> None:
                freed_in.append(threading.current_thread().name)
                freed.set()

        Watched()
        for _ in range(gc.get_threshold()[0] + 1):
            _Cycle()
        qtbot.waitUntil(freed.is_set, timeout=5000)
        # The timer's collection ran on the thread that owns the collector.
        assert freed_in == ["MainThread"]
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
