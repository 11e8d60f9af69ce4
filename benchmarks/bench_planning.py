"""Address selection at the size of a town of 100,000 addresses (benchmarks/gen_addresses.py).

Prints: importing 100,000 BAG rows and 100,000 BRP rows (CSV, each < 10 s; with --xlsx / --ods
the BAG rows as .xlsx / .ods too, < 10 s), ranking 100,000
addresses (< 1 s), and the frame times of scrolling the ranked list in the coordinator's window
(offscreen Qt; each frame < 16 ms). Median of RUNS runs where a run is cheap enough.

    .venv/bin/python benchmarks/bench_planning.py [--n 100000] [--xlsx] [--ods] [--no-qt]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import gen_addresses  # noqa: E402

from inspector.addresses.model import AddressData  # noqa: E402
from inspector.addresses.ranking import rank  # noqa: E402
from inspector.addresses.sources import propose, read_source  # noqa: E402
from inspector.settings import Settings  # noqa: E402

RUNS = 3
TODAY = date(2026, 11, 30)


#: CPU seconds of the last _median run (the machine may be shared: wall time then includes
#: waiting for a core; CPU time is what the work itself costs).
LAST_CPU: list[float] = [0.0]


def _median(fn, runs: int = RUNS) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    times, cpu, result = [], [], None
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = fn()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    LAST_CPU[0] = statistics.median(cpu)
    return statistics.median(times), result


def _scroll_frames(data: AddressData, ranked: list) -> list[float]:  # type: ignore[type-arg]
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from inspector.ui.planning.ranked_view import RankedListView

    app = QApplication.instance() or QApplication([])
    view = RankedListView()
    view.resize(1300, 640)
    view.set_ranking(data, ranked)
    view.show()
    app.processEvents()
    bar = view.table.verticalScrollBar()
    frames: list[float] = []
    step = max(1, bar.maximum() // 300)
    moves = [lambda v=v: bar.setValue(v) for v in list(range(0, bar.maximum(), step))[:300]]
    # then page by page, as a user with PageDown does
    moves += [lambda: bar.setValue(bar.value() + bar.pageStep())] * 100
    for move in moves:
        start, start_cpu = time.perf_counter(), time.thread_time()
        move()
        view.table.viewport().repaint()
        app.processEvents()
        frames.append((time.perf_counter() - start) * 1000)
        CPU_FRAMES.append((time.thread_time() - start_cpu) * 1000)
    view.close()
    return frames


CPU_FRAMES: list[float] = []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--xlsx", action="store_true", help="also time the BAG part as .xlsx")
    parser.add_argument("--ods", action="store_true", help="also time the BAG part as .ods")
    parser.add_argument("--no-qt", action="store_true")
    args = parser.parse_args(argv)
    settings = Settings()
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        paths = gen_addresses.write(Path(tmp), args.n, xlsx=args.xlsx, ods=args.ods)
        data = AddressData()
        for kind in ("bag", "brp", "laa", "owners", "signals"):
            runs = RUNS if kind in ("bag", "brp") else 1
            seconds, result = _median(lambda k=kind: read_source(paths[k], k), runs)
            records = result.records  # type: ignore[attr-defined]
            getattr(data, f"add_{kind}")(records)
            ok = seconds < 10
            failed |= not ok
            verdict = "ok" if ok else "MISSED"
            print(f"import {kind:8} {len(records):7,} rows: {seconds:6.2f} s "
                  f"(CPU {LAST_CPU[0]:5.2f} s; target < 10 s) {verdict}")  # fmt: skip
        # The mapping preview ("Lezen"), off the GUI thread: the first rows of a CSV; a
        # spreadsheet is parsed whole by calamine (it has no row-by-row reading).
        sheets = [name for name in ("bag.xlsx", "bag.ods") if name in paths]
        for name in ("bag", *sheets):
            seconds, _proposal = _median(lambda n=name: propose(paths[n], "bag"))
            print(f"preview {name:9} (first rows of {args.n:,}): {seconds * 1000:7.1f} ms "
                  f"(CPU {LAST_CPU[0] * 1000:.1f} ms)")  # fmt: skip
        for name in sheets:
            seconds, result = _median(lambda n=name: read_source(paths[n], "bag"))
            rows = len(result.records)  # type: ignore[attr-defined]
            ok = seconds < 10
            failed |= not ok
            print(f"import {name:9} {rows:7,} rows: {seconds:6.2f} s (CPU {LAST_CPU[0]:.2f} s; "
                  f"target < 10 s) {'ok' if ok else 'MISSED'}")  # fmt: skip

        def fresh_rank():  # type: ignore[no-untyped-def]
            data._ordered = None  # as right after an import: the address order is made too
            return rank(data, settings.norms, settings.address_selection, TODAY)

        seconds, ranked = _median(fresh_rank)
        ok = seconds < 1
        failed |= not ok
        print(f"rank {len(data.bag):,} addresses: {seconds:.3f} s (CPU {LAST_CPU[0]:.3f} s; "
              f"target < 1 s) {'ok' if ok else 'MISSED'}")  # fmt: skip
        if not args.no_qt:
            frames = _scroll_frames(data, ranked)  # type: ignore[arg-type]
            worst = max(frames)
            ok = worst < 16
            failed |= not ok
            print(
                f"scroll ranked list: {len(frames)} frames, median "
                f"{statistics.median(frames):.2f} ms, p95 "
                f"{sorted(frames)[int(len(frames) * 0.95)]:.2f} ms, worst {worst:.2f} ms "
                f"(target < 16 ms) {'ok' if ok else 'MISSED'}"
            )
            cpu = sorted(CPU_FRAMES)
            print(
                f"  CPU per frame (GUI thread): median {statistics.median(cpu):.2f} ms, p95 "
                f"{cpu[int(len(cpu) * 0.95)]:.2f} ms, worst {cpu[-1]:.2f} ms"
            )
    return 1 if failed else 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    os._exit(code)  # no Qt teardown at interpreter exit (PySide6 may crash there)
