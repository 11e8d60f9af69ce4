"""Start-up figures, each against a bare PySide6 window measured in the same run.

Run: .venv/bin/python benchmarks/bench_startup.py [--runs N]

- first frame: process start until the first window (unlock) is painted and takes input,
  ``inspector --smoke-test=first-frame`` against a bare window that exits the same way;
  processes started alternately, median of N (goal <= 1.3x bare);
- unlock: from the password entered (Return pressed, the modules loaded in the background
  while typing) until the main window is painted with 5,000 inspections listed, KDF included
  (goal <= 400 ms), with the data key in a key file and in the OS keyring (here a stand-in,
  ``_keyring.py``); beside it, until all 5,000 rows are decrypted (the list decrypts the rows
  on screen first, the rest in steps after the first paint: from then on a search decrypts
  nothing first); and where that time goes, measured in-process;
- ``inspector --help`` against ``python -c pass`` (goal <= 1.5x + 50 ms);
- peak memory (max RSS) of the process at the main window against the bare window (goal:
  at most bare + 120 MB);
- the ``python -X importtime`` top ten of the first frame (cumulative ms, median of 3).

A measured process still running after ``--timeout`` seconds (default 120) is stopped and the
benchmark ends with what it printed. The store with 5,000 inspections is built once per schema,
store format and password-hash cost (``_store.cache_name``) and copied for each run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _store import PASSWORD, store_with, use_bench_cost  # noqa: E402

#: Peak memory as the measured process itself sees it (Linux VmHWM): a child's ru_maxrss also
#: counts the parent's size at fork, which showed the bare window at "154 MB" once the driver
#: had built the store in-process.
PEAK = """
def peak_mb():
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return -1.0
"""

#: A bare window that quits right after its first paint, like --smoke-test=first-frame.
BARE_QT = (
    PEAK
    + """
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
w = QMainWindow(); w.resize(440, 200)
class F(QObject):
    def eventFilter(self, o, e):
        if o is w and e.type() == QEvent.Type.Paint:
            w.removeEventFilter(self); QTimer.singleShot(0, app.quit)
        return False
f = F(); w.installEventFilter(f); w.show(); app.exec()
print(f"PEAK_MB {peak_mb():.1f}", flush=True)
"""
)

#: The real app (inspector.ui.app.run) with the officer played by a timer: once the modules
#: are loaded in the background it types the password and presses Return, then waits for the
#: main window's list to be painted.
UNLOCK = (
    PEAK
    + """
import os, sys, threading, time
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
import inspector.ui.background as bg
from inspector.ui import app as app_mod
if os.environ.get("BENCH_NO_MALLOPT"):
    # A/B of inspector.security.passwords._return_kdf_memory (glibc's fixed mmap threshold).
    import inspector.security.passwords as passwords_mod
    passwords_mod._kdf_memory_returned = True
if os.environ.get("BENCH_ARGON2"):
    # The key file's cost under test (see _store.use_bench_cost; not imported here: it sets
    # the keyring backend of the driver).
    from inspector.security import passwords
    passwords.ARGON2 = passwords.checked_argon2(*map(int, os.environ["BENCH_ARGON2"].split(",")))
if os.environ.get("BENCH_TYPING_PAUSE_MS"):
    # To compare pauses A/B: how long the officer stops typing before the key file's
    # derivation starts ahead (inspector.ui.dialogs.TYPING_PAUSE_MS).
    import inspector.ui.dialogs as dialogs_mod
    dialogs_mod.TYPING_PAUSE_MS = int(os.environ["BENCH_TYPING_PAUSE_MS"])

loaded = threading.Event()
_load = bg.load_store_modules
def load(paths):
    result = _load(paths)
    loaded.set()
    return result
bg.load_store_modules = load
t = {"kdf": 0.0, "runs": []}

# The KDF's share: scrypt (through inspector.security.passwords) and Argon2id, where present.
import inspector.security.passwords as pw
def timed_kdf(f):
    def run(*args, **kwargs):
        start = time.perf_counter()
        try:
            return f(*args, **kwargs)
        finally:
            t["runs"].append((start, time.perf_counter()))
    return run

def kdf_waited():
    # The KDF's time between Return and the main window (a derivation done while typing,
    # before Return, is not waited for).
    return sum(max(0.0, min(end, t["t1"]) - max(start, t["t0"])) for start, end in t["runs"])
class TimedScrypt:
    def __init__(self, *args, **kwargs):
        self._kdf = _Scrypt(*args, **kwargs)
        self.derive = timed_kdf(self._kdf.derive)
_Scrypt = pw.Scrypt
pw.Scrypt = TimedScrypt
try:
    import argon2.low_level as a2
    a2.hash_secret_raw = timed_kdf(a2.hash_secret_raw)
except ImportError:
    pass

class Painted(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and "t0" in t and "t1" not in t:
            from inspector.ui.main_window import MainWindow
            win = obj.window() if hasattr(obj, "window") else None
            if isinstance(win, MainWindow) and win.isVisible():
                t["t1"] = time.perf_counter()
                t["c1"] = time.process_time()
                t["rows"] = win.list_page.model.rowCount()
                QTimer.singleShot(0, lambda: search_ready(win))
        return False

def search_ready(win):
    # Every row decrypted (a search then decrypts nothing first): the list's background steps
    # after the first paint are done (code without them: at the first paint).
    if not getattr(win.list_page, "decrypted", True):
        QTimer.singleShot(1, lambda: search_ready(win))
        return
    t["t2"] = time.perf_counter()
    done()

def done():
    late = sorted(t.get("late", [0.0]))
    print(
        f"UNLOCK_MS {1000 * (t['t1'] - t['t0']):.1f} KDF_MS {1000 * kdf_waited():.1f} "
        f"SEARCH_READY_MS {1000 * (t['t2'] - t['t0']):.1f} "
        f"KDF_RUNS {len(t['runs'])} "
        f"KDF_AHEAD {sum(1 for start, _end in t['runs'] if start < t['t0'])} "
        f"KEY_LATE_MAX_MS {1000 * late[-1]:.1f} "
        f"KEY_LATE_P90_MS {1000 * late[int(0.9 * (len(late) - 1))]:.1f} "
        f"CPU_MS {1000 * (t['c1'] - t['c0']):.1f} "
        f"PEAK_MB {peak_mb():.1f} ROWS {t['rows']}",
        flush=True,
    )
    os._exit(0)

def watch_for_boxes():
    # A message box in front of the main window (a crash dialog, a warning): say what it says
    # at once, instead of waiting for the timeout.
    from PySide6.QtWidgets import QMessageBox
    box = QApplication.activeModalWidget()
    if "t1" not in t and isinstance(box, QMessageBox):
        print(f"NO MAIN WINDOW; a message box says: {box.windowTitle()}: {box.text()}", flush=True)
        os._exit(3)
    if "t1" not in t:
        QTimer.singleShot(50, watch_for_boxes)

def type_password():
    from inspector.ui.dialogs import UnlockDialog
    dialog = QApplication.activeModalWidget()
    if not loaded.is_set() or not isinstance(dialog, UnlockDialog):
        QTimer.singleShot(20, type_password)
        return
    intervals = [int(ms) for ms in os.environ.get("BENCH_KEY_INTERVALS", "").split(",") if ms]
    if intervals:
        # As an officer types: the keys at these intervals (ms), then Return after
        # BENCH_PAUSE_MS. How late each key comes (the GUI thread busy, or starved of a core
        # by the derivation ahead) is kept: typing must stay smooth.
        password = os.environ["BENCH_PASSWORD"]
        t["late"] = []
        t["due"] = time.perf_counter()
        QTimer.singleShot(0, lambda: type_key(dialog, password, intervals))
        return
    dialog.form.password.setText(os.environ["BENCH_PASSWORD"])
    press_return(dialog)

def type_key(dialog, rest, intervals):
    t["late"].append(max(0.0, time.perf_counter() - t["due"]))
    QTest.keyClicks(dialog.form.password, rest[0])
    wait = intervals[0] if rest[1:] else int(os.environ.get("BENCH_PAUSE_MS", "0"))
    t["due"] = time.perf_counter() + wait / 1000
    if rest[1:]:
        later(wait, lambda: type_key(dialog, rest[1:], intervals[1:]))
    else:
        later(wait, lambda: press_return(dialog))

def later(ms, then):
    # A precise timer: the default one may fire 5 % early or late, which is not the GUI's doing.
    timer = QTimer()
    timer.setSingleShot(True)
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.timeout.connect(then)
    timer.start(ms)
    t["timer"] = timer

def press_return(dialog):
    if "late" in t:
        t["late"].append(max(0.0, time.perf_counter() - t["due"]))
    t["t0"] = time.perf_counter()
    t["c0"] = time.process_time()
    QTimer.singleShot(int(float(os.environ.get("BENCH_UNLOCK_TIMEOUT", "60")) * 1000), stuck)
    QTimer.singleShot(0, watch_for_boxes)
    QTest.keyClick(dialog.form.password, Qt.Key.Key_Return)

def stuck():
    # No main window in time: say what the unlock window shows (a refusal, a stale store).
    if "t1" not in t:
        from inspector.ui.dialogs import UnlockDialog
        dialog = QApplication.activeModalWidget()
        shown = dialog.form.error.text() if isinstance(dialog, UnlockDialog) else dialog
        print(f"NO MAIN WINDOW; the unlock window says: {shown}", flush=True)
        os._exit(3)

painted = Painted()
QApplication.instance() or None
_create = app_mod.create_application
def create_application(paths):
    app = _create(paths)
    app.installEventFilter(painted)
    QTimer.singleShot(0, type_password)
    return app
app_mod.create_application = create_application
sys.exit(app_mod.run(os.environ["INSPECTOR_DATA_DIR"]))
"""
)


#: Seconds a measured process may take before it is killed and the benchmark stops with
#: what it printed (a main window that never appears must not make the benchmark wait forever).
TIMEOUT_S = 120.0


def _run(
    cmd: list[str], env: dict[str, str], timeout: float | None = None
) -> tuple[float, float, float, str]:
    """Wall ms, CPU ms (user + system) and max RSS (MB) of one process, and its stdout.

    Output goes to temporary files (a full pipe cannot block the child), and a process still
    running after *timeout* seconds (default TIMEOUT_S) is killed: the benchmark stops with
    its output instead of waiting forever.
    """
    limit = TIMEOUT_S if timeout is None else timeout
    with tempfile.TemporaryFile() as out_file, tempfile.TemporaryFile() as err_file:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, stdout=out_file, stderr=err_file)
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            proc.kill()

        timer = threading.Timer(limit, kill)
        timer.start()
        try:
            _pid, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        wall = (time.perf_counter() - start) * 1000
        out_file.seek(0)
        err_file.seek(0)
        out = out_file.read().decode(errors="replace")
        err = err_file.read().decode(errors="replace")
    proc.returncode = os.waitstatus_to_exitcode(status)
    if killed.is_set():
        raise SystemExit(
            f"{_named(cmd)} did not finish within {limit:.0f} s and was stopped "
            f"(did the main window never appear?): {(out + err)[-800:]}"
        )
    if proc.returncode != 0:
        raise SystemExit(f"{_named(cmd)} failed ({proc.returncode}): {(out + err)[-800:]}")
    cpu = (usage.ru_utime + usage.ru_stime) * 1000
    fields = out.split()
    peak = usage.ru_maxrss / 1024
    if "PEAK_MB" in fields and float(fields[fields.index("PEAK_MB") + 1]) > 0:
        peak = float(fields[fields.index("PEAK_MB") + 1])
    return wall, cpu, peak, out


def _named(cmd: list[str]) -> str:
    """The command, short: a script given with -c by its first line."""
    return " ".join(arg.strip().splitlines()[0] if "\n" in arg else arg for arg in cmd[:4])


def _alternate(
    a: list[str], b: list[str], env: dict[str, str], runs: int
) -> tuple[list[tuple[float, float, float, str]], list[tuple[float, float, float, str]]]:
    first, second = [], []
    _run(a, env), _run(b, env)  # warm the file cache
    for _ in range(runs):
        first.append(_run(a, env))
        second.append(_run(b, env))
    return first, second


def _med(rows: list[tuple[float, float, float, str]], i: int) -> float:
    return statistics.median(r[i] for r in rows)


def _inspector() -> list[str]:
    script = Path(sys.executable).parent / "inspector"
    return [str(script)] if script.exists() else [sys.executable, "-m", "inspector"]


def first_frame(env: dict[str, str], runs: int) -> tuple[float, float]:
    bare, app = _alternate(
        [sys.executable, "-c", BARE_QT], [*_inspector(), "--smoke-test=first-frame"], env, runs
    )
    assert all("first window painted" in r[3] for r in app)
    wall_ratio = _med(app, 0) / _med(bare, 0)
    print(
        f"first frame: bare window {_med(bare, 0):.0f} ms, inspector {_med(app, 0):.0f} ms "
        f"wall (median of {runs}): ratio {wall_ratio:.2f}x (goal <= 1.3x); "
        f"CPU {_med(bare, 1):.0f} vs {_med(app, 1):.0f} ms: {_med(app, 1) / _med(bare, 1):.2f}x; "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    return _med(bare, 2), wall_ratio


#: How the officer is played for the figure "as typed": the time between two keys drawn from a
#: log-normal distribution (median TYPING_MEDIAN_MS, spread TYPING_SPREAD: about 110-300 ms,
#: the range keystroke studies report for practised password typing), the same seeded
#: sequence for every figure, and Return PAUSE_MS after the last key. A model, not a
#: measurement of officers: the figure "Return at once" is printed beside it.
TYPING_MEDIAN_MS, TYPING_SPREAD, PAUSE_MS = 180, 0.3, 150


def key_intervals(keys: int, run: int) -> list[int]:
    """Milliseconds between the *keys* keys of run number *run* (seeded: reproducible)."""
    import random

    rng = random.Random(1600 + run)
    return [round(TYPING_MEDIAN_MS * rng.lognormvariate(0, TYPING_SPREAD)) for _ in range(keys)]


def unlock(env: dict[str, str], runs: int, bare_rss: float, mode: str, typed: bool = False) -> None:
    if typed:
        mode += (
            f"; typed, a key every ~{TYPING_MEDIAN_MS} ms (log-normal), Return {PAUSE_MS} ms "
            "after the last"
        )
    else:
        mode += "; Return at once after the whole password was set"
    times, kdf, rss, cpu, ahead, late_max, late_p90, ready = [], [], [], [], [], [], [], []
    for run in range(runs):
        run_env = env
        if typed:
            intervals = key_intervals(len(env["BENCH_PASSWORD"]) - 1, run)
            run_env = {
                **env,
                "BENCH_KEY_INTERVALS": ",".join(map(str, intervals)),
                "BENCH_PAUSE_MS": str(PAUSE_MS),
            }
        _wall, _cpu, peak, out = _run([sys.executable, "-c", UNLOCK], run_env)
        fields = out.split()

        def field(name: str, fields: list[str] = fields) -> float:
            return float(fields[fields.index(name) + 1])

        ms, rows = field("UNLOCK_MS"), int(fields[-1])
        assert field("KDF_RUNS") >= 1, out
        assert rows == 5000, out
        times.append(ms)
        kdf.append(field("KDF_MS"))
        ready.append(field("SEARCH_READY_MS"))
        cpu.append(field("CPU_MS"))
        ahead.append(field("KDF_AHEAD"))
        late_max.append(field("KEY_LATE_MAX_MS"))
        late_p90.append(field("KEY_LATE_P90_MS"))
        rss.append(peak)
    rest = [total - k for total, k in zip(times, kdf, strict=True)]
    print(
        f"password entered -> main window with 5,000 inspections painted, KDF included "
        f"({mode}): median {statistics.median(times):.0f} ms (min {min(times):.0f}, max "
        f"{max(times):.0f}; {runs} runs; goal <= 400 ms); of which KDF waited for "
        f"{statistics.median(kdf):.0f} ms, the rest {statistics.median(rest):.0f} ms; CPU time "
        f"of the process meanwhile {statistics.median(cpu):.0f} ms; load average "
        f"{os.getloadavg()[0]:.1f}"
    )
    print(
        f"  all 5,000 decrypted (a search needs no decryption first): median "
        f"{statistics.median(ready):.0f} ms after Return (min {min(ready):.0f}, max "
        f"{max(ready):.0f})"
    )
    if typed:
        print(
            f"  derivation ahead: done before Return in {sum(1 for k in kdf if k < 1)} of "
            f"{runs} runs, under way at Return in {sum(1 for k in kdf if k >= 1)}; derivations "
            f"started while typing: median {statistics.median(ahead):.0f}; keys late while "
            f"typing (the GUI thread's timer): 90th percentile {statistics.median(late_p90):.1f} "
            f"ms, worst {max(late_max):.1f} ms"
        )
    extra = statistics.median(rss) - bare_rss
    print(
        f"peak memory at the main window ({mode}): {statistics.median(rss):.0f} MB against "
        f"{bare_rss:.0f} MB for the bare window: +{extra:.0f} MB (goal <= +120 MB)"
    )


def unlock_breakdown(data: Path) -> None:
    """Where the unlock's time goes (in-process, modules already loaded)."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication

    from inspector.core import vault
    from inspector.paths import DataPaths
    from inspector.security.keystore import KeyFileKeyStore
    from inspector.security.passwords import hash_params, hash_password, verify_password
    from inspector.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    paths = DataPaths(data)
    parts: dict[str, list[float]] = {}

    def note(name: str, start: float) -> float:
        now = time.perf_counter()
        parts.setdefault(name, []).append((now - start) * 1000)
        return now

    officer_hash = hash_password(PASSWORD, hash_params(key_file=False))
    for _ in range(5):
        t = time.perf_counter()
        ws = vault.unlock(paths, PASSWORD, "bench")
        t = note("vault.unlock (all)", t)
        items = ws.inspections.listing()
        t = note("list 5,000 read (one query; a row decrypted when shown)", t)
        window = MainWindow(ws, items=items)
        window.show()
        app.processEvents()
        t = note("main window (model, view, paint: the rows shown decrypted)", t)
        items.decrypt_next(len(items))
        t = note("the other rows decrypted (after the first paint, in steps)", t)
        window.close()
        officer_id = ws.officer.id
        ws.close()
        t = time.perf_counter()
        KeyFileKeyStore(paths.key_file).unwrap(officer_id, PASSWORD)
        t = note("  of which key-file KDF (unwrap)", t)
        verify_password(PASSWORD, officer_hash)
        note("  keyring mode instead: password hash check (the screen gate's cost)", t)
    print("where the unlock's time goes (in-process, median of 5):")
    for name, values in parts.items():
        print(f"  {name}: {statistics.median(values):.0f} ms")


def cli_help(env: dict[str, str], runs: int) -> None:
    bare, app = _alternate([sys.executable, "-c", "pass"], [*_inspector(), "--help"], env, runs)
    goal = 1.5 * _med(bare, 0) + 50
    print(
        f"inspector --help: {_med(app, 0):.0f} ms against python -c pass {_med(bare, 0):.0f} ms "
        f"(median of {runs}): goal <= {goal:.0f} ms (1.5x + 50 ms); CPU {_med(app, 1):.0f} vs "
        f"{_med(bare, 1):.0f} ms; load average {os.getloadavg()[0]:.1f}"
    )


def import_top_ten(env: dict[str, str], runs: int = 3) -> None:
    """``python -X importtime`` of the first frame: the ten modules with the largest cumulative
    import time (median over *runs*), and how many modules were imported."""
    cmd = [sys.executable, "-X", "importtime", "-m", "inspector", "--smoke-test=first-frame"]
    seen: dict[str, list[int]] = {}
    counts = []
    for _ in range(runs):
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=TIMEOUT_S)
        if proc.returncode != 0:
            raise SystemExit(f"-X importtime run failed ({proc.returncode}): {proc.stderr[-800:]}")
        rows = [
            line.split("|")
            for line in proc.stderr.splitlines()
            if line.startswith("import time:") and "cumulative" not in line
        ]
        counts.append(len(rows))
        for _self, cumulative, name in rows:
            seen.setdefault(name.strip(), []).append(int(cumulative))
    top = sorted(seen.items(), key=lambda item: -statistics.median(item[1]))[:10]
    print(
        f"python -X importtime, first frame (--smoke-test=first-frame): "
        f"{statistics.median(counts):.0f} modules; top ten by cumulative ms (median of {runs}):"
    )
    for name, values in top:
        print(f"  {statistics.median(values) / 1000:7.1f} ms  {name}")


def missing_dependencies() -> list[str]:
    """The dependencies in pyproject.toml that this environment lacks (a virtual environment
    made before a dependency was added: the app then fails where it first imports it, e.g.
    with a crash dialog in front of the main window)."""
    import re
    import tomllib
    from importlib import metadata

    project = Path(__file__).resolve().parents[1] / "pyproject.toml"
    declared = tomllib.loads(project.read_text(encoding="utf-8"))["project"]["dependencies"]
    missing = []
    for requirement in declared:
        name, _, marker = requirement.partition(";")
        if "win32" in marker and sys.platform != "win32":
            continue
        name = re.split(r"[\s<>=!~\[]", name.strip(), maxsplit=1)[0]
        try:
            metadata.version(name)
        except metadata.PackageNotFoundError:
            missing.append(name)
    return missing


def main() -> int:
    global TIMEOUT_S
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11, help="runs per figure (default 11)")
    parser.add_argument(
        "--timeout",
        type=float,
        default=TIMEOUT_S,
        help=f"seconds before a measured process is stopped (default {TIMEOUT_S:.0f})",
    )
    parts = (
        "first-frame",
        "unlock",
        "unlock-keyfile",
        "unlock-keyring",
        "help",
        "imports",
        "breakdown",
    )
    parser.add_argument(
        "--only",
        action="append",
        choices=parts,
        help="measure only this figure (repeatable; default: all)",
    )
    args = parser.parse_args()
    only = set(args.only or parts)
    missing = missing_dependencies()
    if missing:
        raise SystemExit(
            f"this environment lacks {', '.join(missing)}, which the app needs: run "
            f"{Path(sys.executable).parent / 'pip'} install -e . first"
        )
    runs = args.runs
    TIMEOUT_S = args.timeout
    # As installed by pip: the package's modules byte-compiled (PySide6's are, in site-packages),
    # also where PYTHONDONTWRITEBYTECODE keeps a checkout from writing them.
    import compileall

    compileall.compile_dir(str(Path(__file__).resolve().parents[1] / "inspector"), quiet=1)
    import inspector

    print(f"code measured: {Path(inspector.__file__).parent}")
    cost = use_bench_cost()
    if cost:
        print(f"key file at {cost} (BENCH_ARGON2), not the code's cost")
    data = store_with(5000)
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "INSPECTOR_DATA_DIR": str(data),
        "BENCH_PASSWORD": PASSWORD,
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    env.pop("INSPECTOR_PASSPHRASE", None)
    if "first-frame" in only:
        bare_rss, _ratio = first_frame(env, runs)
    else:
        bare_rss = _run([sys.executable, "-c", BARE_QT], env)[2]
    if "unlock" in only or "unlock-keyfile" in only:
        for typed in (False, True):
            unlock(env, runs, bare_rss, "key file: the KDF opens the data key", typed)
    keyring_env = {
        **env,
        "INSPECTOR_DATA_DIR": str(store_with(5000, key_mode="keyring")),
        "PYTHON_KEYRING_BACKEND": "_keyring.BenchKeyring",
        "PYTHONPATH": os.pathsep.join(
            p for p in (str(Path(__file__).resolve().parent), env.get("PYTHONPATH")) if p
        ),
    }
    if "unlock" in only or "unlock-keyring" in only:
        for typed in (False, True):
            unlock(
                keyring_env, runs, bare_rss, "OS keyring: the KDF checks the password hash", typed
            )
    if "help" in only:
        cli_help(env, runs)
    if "imports" in only:
        import_top_ten(env)
    if "breakdown" in only:
        unlock_breakdown(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
