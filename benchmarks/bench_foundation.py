"""Foundation figures: start-up against a bare Qt window, autosave, listing 5,000 inspections.

Run: .venv/bin/python benchmarks/bench_foundation.py
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _store import PASSWORD, autosave_and_listing_ms, store_with  # noqa: E402

BARE_QT = """
import sys
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
w = QMainWindow(); w.resize(1280, 820); w.show(); app.processEvents(); w.close()
"""


def _median_ms(cmd: list[str], env: dict[str, str], runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, env=env, check=True, capture_output=True)
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def startup(runs: int = 7) -> None:
    data = store_with(50)
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "INSPECTOR_PASSPHRASE": PASSWORD,
        "INSPECTOR_DATA_DIR": str(data),
    }
    bare = _median_ms([sys.executable, "-c", BARE_QT], env, runs)
    app = _median_ms([sys.executable, "-m", "inspector", "--smoke-test"], env, runs)
    print(
        f"start-up: bare Qt window {bare:.0f} ms, inspector --smoke-test {app:.0f} ms "
        f"(median of {runs}); ratio {app / bare:.2f}x (target <= 1.5x)"
    )


def autosave_and_listing(n: int = 5000, saves: int = 300) -> None:
    from inspector.core import vault
    from inspector.paths import DataPaths

    data = store_with(n)
    ws = vault.unlock(DataPaths(data), PASSWORD, "bench")
    f = autosave_and_listing_ms(ws, saves)
    print(
        f"autosave with {n} inspections: median {f['save_median']:.2f} ms, "
        f"p99 {f['save_p99']:.2f} ms over {saves} commits (target p99 < 20 ms)"
    )
    print(
        f"listing {len(f['items'])} inspections (decrypting location): median "
        f"{f['list_median']:.0f} ms (target < 300 ms)"
    )

    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication

    from inspector.ui.main_window import InspectionListPage

    app = QApplication.instance() or QApplication([])
    page = InspectionListPage()
    runs = []
    for _ in range(5):
        t = time.perf_counter()
        page.set_items(ws.inspections.list_all())
        app.processEvents()
        runs.append((time.perf_counter() - t) * 1000)
    print(
        f"opening the list view with {n} inspections (query, decrypt, model, view): median "
        f"{statistics.median(runs):.0f} ms (target < 300 ms)"
    )
    ws.close()


if __name__ == "__main__":
    startup()
    autosave_and_listing()
