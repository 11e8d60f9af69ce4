"""Start-up: the first window comes before the store's modules, which load in the background
while the officer types; the KDF runs off the GUI thread; each screen loads its own modules."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from inspector.paths import DataPaths

from tests_support import PASSWORD, make_store

#: What the first window must not wait for: the store, its crypto and settings, the letters,
#: the forms, and the Qt modules of single screens.
HEAVY = (
    "sqlalchemy",
    "alembic",
    "pydantic",
    "yaml",
    "cryptography",
    "keyring",
    "reportlab",
    "docx",
    "docxtpl",
    "openpyxl",
    "babel",
    "stdnum",
    "platformdirs",
    "inspector.core",
    "inspector.storage",
    "inspector.security",
    "inspector.settings",
    "inspector.forms",
    "inspector.rules",
    "inspector.letters",
    "inspector.documents",
    "inspector.employer_list",
    "inspector.registration_form",
    "inspector.ui.main_window",
    "inspector.ui.inspection_page",
    "inspector.ui.registration",
    "inspector.ui.letters",
    "inspector.ui.formview",
    "PySide6.QtMultimedia",
    "PySide6.QtMultimediaWidgets",
    "PySide6.QtPdf",
    "PySide6.QtPdfWidgets",
    "PySide6.QtPrintSupport",
)

#: Not heavy, but more than a bare PySide6 window loads, and not needed to draw the first one
#: (the first-frame figure is a ratio to a bare window): the log file's handlers (sockets,
#: pickle, queues; set up after the first paint), OpenSSL's hashlib, dataclasses,
#: importlib.resources, the error texts.
FIRST_FRAME_EXTRA = (
    "logging.handlers",
    "hashlib",
    "dataclasses",
    "importlib.resources",
    "inspector.logs",
    "inspector.error_kinds",
    "inspector.messages",
)

#: Runs ``inspector`` with the given arguments in this process, then prints the modules loaded.
RUN_AND_LIST_MODULES = """
import json, sys
from inspector.__main__ import main
try:
    code = main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
print("MODULES " + json.dumps(sorted(sys.modules)))
sys.exit(code)
"""


def _env(data: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "INSPECTOR_DATA_DIR": str(data),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    env.pop("INSPECTOR_PASSPHRASE", None)
    return env


def _heavy_loaded(stdout: str) -> list[str]:
    line = next(line for line in stdout.splitlines() if line.startswith("MODULES "))
    modules = json.loads(line.removeprefix("MODULES "))
    return [m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY)]


def _run_listing_modules(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", RUN_AND_LIST_MODULES, *args],
        env=_env(data),
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("store", [True, False], ids=["unlock", "first-start"])
def test_first_frame_comes_before_the_store(tmp_path: Path, store: bool) -> None:
    data = tmp_path / "data"
    if store:
        make_store(DataPaths(data)).close()
    proc = _run_listing_modules(data, "--smoke-test=first-frame")
    assert proc.returncode == 0, proc.stderr
    title = "Inspector: ontgrendelen" if store else "Inspector: eerste start"
    assert f"smoke test ok: first window painted ({title})" in proc.stdout
    assert _heavy_loaded(proc.stdout) == []
    assert [m for m in FIRST_FRAME_EXTRA if f'"{m}"' in proc.stdout] == []


def test_help_loads_no_command(tmp_path: Path) -> None:
    proc = _run_listing_modules(tmp_path, "--help")
    assert proc.returncode == 0, proc.stderr
    assert "letter" in proc.stdout and "residents" in proc.stdout
    assert _heavy_loaded(proc.stdout) == []
    assert not [m for m in proc.stdout.split('"') if m.startswith("PySide6")]


def test_a_subcommand_loads_only_its_own_module(tmp_path: Path) -> None:
    proc = _run_listing_modules(tmp_path, "forms", "check")
    assert proc.returncode == 0, proc.stderr
    loaded = _heavy_loaded(proc.stdout)
    assert "inspector.forms" in loaded
    assert not [m for m in loaded if m.startswith(("sqlalchemy", "inspector.letters", "reportlab"))]


#: The real app, with the officer played by timers: once the store's modules are loaded in the
#: background the password is typed and Return pressed; the main window must come up with the
#: inspections. Reports what was loaded at the first paint and when Return was pressed.
OFFICER = """
import json, sys, threading
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
import inspector.ui.background as bg
from inspector.ui import app as app_mod

report = {"threads": [], "multimedia": []}
loaded = threading.Event()

class WatchImports:
    # Records every attempt to import Qt Multimedia (also where it is not installed).
    def find_spec(self, name, path=None, target=None):
        if "QtMultimedia" in name:
            report["multimedia"].append(name)
        return None
sys.meta_path.insert(0, WatchImports())
_load = bg.load_store_modules
def load(paths):
    report["threads"].append(threading.current_thread().name)
    result = _load(paths)
    loaded.set()
    return result
bg.load_store_modules = load

class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and "at_first_paint" not in report:
            report["at_first_paint"] = "sqlalchemy" in sys.modules
        return False

def officer():
    from inspector.ui.dialogs import UnlockDialog
    dialog = QApplication.activeModalWidget()
    if not loaded.is_set() or not isinstance(dialog, UnlockDialog):
        QTimer.singleShot(20, officer)
        return
    report["loaded_before_return"] = "inspector.core.vault" in sys.modules
    report["frozen"] = __import__("gc").get_freeze_count() > 1000
    QTest.keyClicks(dialog.form.username, "test")
    QTest.keyClicks(dialog.form.password, sys.argv[1])
    QTest.keyClick(dialog.form.password, Qt.Key.Key_Return)

def main_window():
    # By name: importing the class here would load the store before the first paint.
    windows = [w for w in QApplication.topLevelWidgets() if type(w).__name__ == "MainWindow"]
    if not windows or not windows[0].isVisible():
        QTimer.singleShot(20, main_window)
        return
    report["rows"] = windows[0].list_page.model.rowCount()
    # Back where the officer was: the location questionnaire, with its photo fields.
    report["photo_fields"] = len(
        [w for w in windows[0].findChildren(QObject) if type(w).__name__ == "AttachmentEditor"]
    )
    windows[0].close()

painted = FirstPaint()
_create = app_mod.create_application
def create_application(paths):
    app = _create(paths)
    app.installEventFilter(painted)
    QTimer.singleShot(0, officer)
    QTimer.singleShot(0, main_window)
    return app
app_mod.create_application = create_application
code = app_mod.run(None)
print("REPORT " + json.dumps(report))
sys.exit(code)
"""


def test_unlock_after_the_modules_loaded_in_the_background(tmp_path: Path) -> None:
    data = tmp_path / "data"
    ws = make_store(DataPaths(data), key_mode="keyfile")
    for n in range(3):
        summary = ws.inspections.create(
            address=f"Proefstraat {n + 1}", postcode="1234 AB", city="Voorbeeld", bag_ids={}
        )
    ws.save_ui_state({"inspection_id": summary.id, "part": "verblijfslocatie"})
    ws.close()
    proc = subprocess.run(
        [sys.executable, "-c", OFFICER, PASSWORD],
        env=_env(data),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    line = next(line for line in proc.stdout.splitlines() if line.startswith("REPORT "))
    report = json.loads(line.removeprefix("REPORT "))
    photo_fields = report.pop("photo_fields")
    assert report == {
        "threads": ["inspector-reader-1"],  # the operations helper's reader lane
        "at_first_paint": False,
        "loaded_before_return": True,
        "frozen": True,
        "rows": 3,
        # Qt Multimedia (ten backend warnings on every start) waits for the camera button.
        "multimedia": [],
    }
    assert photo_fields > 0
    assert "multimedia" not in proc.stderr.lower()


def test_wrong_password_then_right_one_through_the_keyboard(qtbot, data_paths) -> None:  # type: ignore[no-untyped-def]
    from inspector.ui.dialogs import UnlockDialog

    make_store(data_paths).close()
    shown: list[Any] = []
    dialog = UnlockDialog(
        data_paths,
        prepare=lambda ws: [i.id for i in ws.inspections.list_all()],
        on_unlocked=lambda ws: shown.append((ws, dialog.isVisible())),
    )
    qtbot.addWidget(dialog)
    dialog.show()
    QTest.keyClicks(dialog.form.username, "test")
    QTest.keyClicks(dialog.form.password, "wrong-pass")
    QTest.keyClick(dialog.form.password, Qt.Key.Key_Return)
    assert dialog.form.error.text() == "Wrong username or password."
    assert dialog.form.password.text() == "" and not dialog.form.progress.isVisible()
    QTest.keyClicks(dialog.form.password, PASSWORD)
    qtbot.mouseClick(dialog.form.unlock_button, Qt.MouseButton.LeftButton)
    # The next window is opened while the dialog is still up, so the screen is never empty.
    assert len(shown) == 1 and shown[0][1] is True
    assert dialog.workspace is shown[0][0] and dialog.prepared == []
    assert dialog.result() == dialog.DialogCode.Accepted
    dialog.workspace.close()


def test_a_slow_check_shows_a_busy_bar_and_keeps_painting(qtbot, data_paths) -> None:  # type: ignore[no-untyped-def]
    from inspector.ui.dialogs import UnlockForm

    checked: list[str] = []
    gui_thread = threading.current_thread()

    def slow_check(password: str) -> None:
        assert threading.current_thread() is not gui_thread
        time.sleep(0.6)
        checked.append(password)

    form = UnlockForm(data_paths, username="test", fixed_user=True, reauthenticate=slow_check)
    qtbot.addWidget(form)
    form.show()
    seen: list[bool] = []
    ticks: list[float] = []
    timer = qtbot_timer(form, lambda: (seen.append(form.progress.isVisible()), ticks.append(1)))
    unlocked: list[Any] = []
    form.unlocked.connect(unlocked.append)
    QTest.keyClicks(form.password, PASSWORD)
    QTest.keyClick(form.password, Qt.Key.Key_Return)
    timer.stop()
    assert checked == [PASSWORD] and unlocked == [None]
    # The GUI thread kept running (the timer fired) and showed the bar after a blink.
    assert len(ticks) >= 5 and seen[0] is False and True in seen
    assert not form.progress.isVisible() and form.progress.label.text() == "Unlocking…"


def qtbot_timer(parent: Any, tick: Any) -> Any:
    from PySide6.QtCore import QTimer

    timer = QTimer(parent)
    timer.setInterval(50)
    timer.timeout.connect(tick)
    timer.start()
    return timer


def test_first_start_learns_the_key_mode_from_the_background(qtbot, data_paths) -> None:  # type: ignore[no-untyped-def]
    from inspector.ui.background import Preloader
    from inspector.ui.dialogs import FirstRunDialog

    dialog = FirstRunDialog(data_paths, check_key_mode=False)
    qtbot.addWidget(dialog)
    assert dialog.key_mode is None and "Looking for" in dialog.keyfile_notice.text()
    preloader = Preloader(data_paths)
    preloader.ready.connect(lambda result: dialog.set_key_mode(*result["key_mode"]))
    with qtbot.waitSignal(preloader.ready, timeout=30000):
        preloader.start()
    # The tests' in-memory keyring counts as an OS keyring.
    assert dialog.key_mode == "keyring"
    assert "operating system's keyring" in dialog.keyfile_notice.text()
    assert not dialog.keyfile_ok.isVisible()


def test_a_failed_background_load_is_reported_not_lost(qtbot, data_paths) -> None:  # type: ignore[no-untyped-def]
    from inspector.ui.background import Preloader

    def broken(_paths: DataPaths) -> dict[str, Any]:
        raise OSError("disk gone")

    preloader = Preloader(data_paths, load=broken)
    with qtbot.waitSignal(preloader.failed, timeout=10000) as blocker:
        preloader.start()
    assert isinstance(blocker.args[0], OSError)
    assert preloader.wait(1) and preloader.result is None


def test_the_preload_is_a_reader_operation_delivered_on_the_gui_thread(qtbot, data_paths) -> None:  # type: ignore[no-untyped-def]
    """The preload runs on the operations helper's reader lane (beside the one writer), and
    success and failure both arrive on the GUI thread."""
    import threading

    from inspector.ui import operations
    from inspector.ui.background import Preloader

    ran_in: list[str] = []
    arrived_in: list[str] = []

    def load(_paths: DataPaths) -> dict[str, Any]:
        ran_in.append(threading.current_thread().name)
        return {"seconds": 0.0}

    def broken(_paths: DataPaths) -> dict[str, Any]:
        ran_in.append(threading.current_thread().name)
        raise OSError("disk gone")

    for work, signal_name in ((load, "ready"), (broken, "failed")):
        preloader = Preloader(data_paths, load=work)
        signal = getattr(preloader, signal_name)
        signal.connect(lambda _value: arrived_in.append(threading.current_thread().name))
        with qtbot.waitSignal(signal, timeout=10000):
            preloader.start()
        preloader.start()  # once only
    assert len(ran_in) == 2
    assert all(name.startswith(operations.READERS.name) for name in ran_in), ran_in
    assert arrived_in == [threading.main_thread().name] * 2
    assert not operations.WRITER.busy


#: A program with its own QApplication (no app.create_application, the collector left
#: automatic, as the benchmarks): a Qt object with a running timer becomes garbage while the
#: real preload imports ~500 modules on the reader lane; prints where it was freed.
PRELOAD_BESIDE_GARBAGE = """
import gc, sys, threading
from pathlib import Path
from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication
from inspector.paths import DataPaths
from inspector.ui.background import Preloader

app = QApplication(sys.argv[:1])
freed_in = []

class Watched(QObject):
    def __init__(self):
        super().__init__()
        self.me = self  # a cycle: only the garbage collector frees it
        self.timer = QTimer(self)
        self.timer.start(10)

    def __del__(self):
        freed_in.append(threading.current_thread().name)

gc.collect()
kept = [Watched() for _ in range(20)]
preloader = Preloader(DataPaths(Path(sys.argv[1])))
outcome = []
preloader.ready.connect(outcome.append)
preloader.failed.connect(outcome.append)
preloader.start()
kept.clear()  # garbage now, while the work allocates on the lane
preloader.wait()
while not outcome:
    app.processEvents()
gc.collect()
print("automatic", gc.isenabled())
print("freed in", sorted(set(freed_in)), len(freed_in))
"""


def test_qt_garbage_is_never_freed_on_the_preloads_thread(tmp_path: Path) -> None:
    """The full suite segfaulted now and then after these tests: the preload's thread ran the
    garbage collector (its own gc.collect, or the automatic one during its imports) and freed
    Qt objects of earlier tests there. An operation turns the automatic collection over to
    the GUI thread when nothing else did; the preload collects nothing itself."""
    proc = subprocess.run(
        [sys.executable, "-c", PRELOAD_BESIDE_GARBAGE, str(tmp_path / "data")],
        env=_env(tmp_path / "data"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    lines = proc.stdout.splitlines()
    assert "automatic False" in lines
    assert "freed in ['MainThread'] 20" in lines
    assert "another thread" not in proc.stderr


def test_the_camera_is_looked_for_only_when_asked(qtbot, workspace, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Qt Multimedia (ten backend warnings on every start) loads only when the camera is used."""
    from PySide6.QtWidgets import QMessageBox

    from inspector.ui.formview import attachments
    from inspector.ui.main_window import MainWindow

    asked: list[bool] = []
    monkeypatch.setattr(attachments, "has_camera", lambda: asked.append(True) or False)
    told: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "information", lambda _parent, _title, text, *a: told.append(text)
    )
    summary = workspace.inspections.create(
        address="Proefstraat 1", postcode="1234 AB", city="Voorbeeld", bag_ids={}
    )
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    window.show()
    window.open_inspection(summary.id)
    page = window.inspection_page
    assert page is not None
    # The officer opens the location questionnaire, which has photo fields.
    page.nav.setCurrentRow(page.PARTS.index("verblijfslocatie"))
    editors = page.stack.currentWidget().findChildren(attachments.AttachmentEditor)
    assert editors, "a form with a photo field"
    assert asked == []
    editor = editors[0]
    assert editor.camera_button.isVisibleTo(editor)
    qtbot.mouseClick(editor.camera_button, Qt.MouseButton.LeftButton)
    assert asked == [True] and told == ["No camera was found. Choose a photo file instead."]


#: The real app; prints the unlock dialog's message as soon as there is one, then closes.
FIRST_MESSAGE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from inspector.ui import app as app_mod

def look():
    dialog = QApplication.activeModalWidget()
    text = dialog.form.error.text() if dialog is not None else ""
    if not text:
        QTimer.singleShot(20, look)
        return
    print("MESSAGE " + text)
    dialog.reject()

_create = app_mod.create_application
def create_application(paths):
    app = _create(paths)
    QTimer.singleShot(0, look)
    return app
app_mod.create_application = create_application
sys.exit(app_mod.run(None))
"""


def test_a_damaged_store_is_reported_before_the_password(tmp_path: Path) -> None:
    data = tmp_path / "data"
    make_store(DataPaths(data), key_mode="keyfile").close()
    for leftover in data.glob("inspector.sqlite3-*"):
        leftover.unlink()
    (data / "inspector.sqlite3").write_bytes(b"not a database at all" * 100)
    proc = subprocess.run(
        [sys.executable, "-c", FIRST_MESSAGE],
        env=_env(data),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "MESSAGE De database is beschadigd of ontbreekt" in proc.stdout


#: Opens an inspection and then its parts one by one, as the officer does; after each step
#: prints which of the screen-specific modules are loaded.
SCREENS = """
import json, sys, time
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication([])
from inspector.core import vault
from inspector.paths import DataPaths
from inspector.ui.main_window import MainWindow

WATCH = {
    "wizard": "inspector.ui.registration.wizard",
    "registrations list": "inspector.ui.registration.listview",
    "list import": "inspector.ui.registration.importdialog",
    "letters panel": "inspector.ui.letters.panel",
    "reportlab": "reportlab",
    "docxtpl": "docxtpl",
    "QtPdf": "PySide6.QtPdf",
    "QtMultimedia": "PySide6.QtMultimedia",
}
ws = vault.unlock(DataPaths(Path(sys.argv[1])), sys.argv[2])
window = MainWindow(ws)
window.show()
steps = {}
window.open_inspection(ws.inspections.list_all()[0].id)
page = window.inspection_page
for part in ("opened",) + page.PARTS:
    if part != "opened":
        page.nav.setCurrentRow(page.PARTS.index(part))
    app.processEvents()
    # The letter preview is made in the background: wait for it.
    widget = page.part_widgets.get(part)
    while getattr(widget, "is_rendering", lambda: False)():
        app.processEvents()
        time.sleep(0.01)
    steps[part] = sorted(name for name, module in WATCH.items() if module in sys.modules)
window.close()
ws.close()
print("STEPS " + json.dumps(steps))
"""


def test_each_screen_loads_what_it_needs_when_it_opens(tmp_path: Path) -> None:
    data = tmp_path / "data"
    ws = make_store(DataPaths(data), key_mode="keyfile")
    ws.inspections.create(address="Proefstraat 1", postcode="1234 AB", city="Voorbeeld", bag_ids={})
    ws.close()
    proc = subprocess.run(
        [sys.executable, "-c", SCREENS, str(data), PASSWORD],
        env=_env(data),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert proc.returncode == 0, proc.stderr
    line = next(line for line in proc.stdout.splitlines() if line.startswith("STEPS "))
    steps = json.loads(line.removeprefix("STEPS "))
    # Questionnaires, residents, photos and findings need none of them.
    for part in ("opened", "controlelocatie", "verblijfslocatie", "residents", "photos"):
        assert steps[part] == [], part
    assert steps["findings"] == []
    # The registrations list, without the wizard (it opens per resident) or the PDF engine.
    assert steps["registrations"] == ["registrations list"]
    # The letters: the preview is a PDF (reportlab, QtPdf); DOCX only when saved as one.
    assert steps["letters"] == ["QtPdf", "letters panel", "registrations list", "reportlab"]


def test_the_key_file_is_opened_while_the_officer_types(qtbot, data_paths, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Key-file store: a pause in typing starts the KDF for the text in the field in a thread
    of its own; Return with that text reuses it (no second run). Typing on wipes it; a wrong
    text derived ahead is refused and counted at Return like any other."""
    from inspector.core import vault
    from inspector.security import keystore
    from inspector.ui.dialogs import TYPING_PAUSE_MS, UnlockDialog

    from tests_support import use_keyfile

    use_keyfile()
    make_store(data_paths).close()
    runs: list[tuple[str, str]] = []
    wiped: list[bool] = []
    real_derive, real_wipe = keystore.derive_argon2, keystore.PreparedKey.wipe

    def derive(secret: str, salt: bytes, params: Any = None) -> bytes:
        runs.append((threading.current_thread().name, secret))
        return real_derive(secret, salt, params)

    def wipe(self: Any) -> None:
        wiped.append(self._kek is not None)
        real_wipe(self)

    monkeypatch.setattr(keystore, "derive_argon2", derive)
    monkeypatch.setattr(keystore.PreparedKey, "wipe", wipe)
    dialog = UnlockDialog(data_paths)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.form.derive_ahead(lambda text: vault.prepare_unlock(data_paths, text))
    QTest.keyClicks(dialog.form.username, "test")
    # A wrong password, a pause: derived ahead; Return refuses it and counts the attempt.
    QTest.keyClicks(dialog.form.password, "verkeerd-wachtwoord")
    qtbot.waitUntil(lambda: runs == [("inspector-key-ahead", "verkeerd-wachtwoord")])
    QTest.keyClick(dialog.form.password, Qt.Key.Key_Return)
    assert dialog.form.error.text() == "Wrong username or password."
    assert runs == [("inspector-key-ahead", "verkeerd-wachtwoord")]  # not derived again
    assert wiped == [True]  # the key derived for it is overwritten after use
    attempts_after_one = data_paths.attempts.read_bytes()
    # The right password, typed on after a pause: the first text's key is wiped, only the
    # whole text's is used.
    QTest.keyClicks(dialog.form.password, PASSWORD[:5])
    qtbot.waitUntil(lambda: len(runs) == 2)
    QTest.keyClicks(dialog.form.password, PASSWORD[5:])
    qtbot.wait(TYPING_PAUSE_MS // 3)  # no pause yet: nothing started for the whole text
    assert runs[1] == ("inspector-key-ahead", PASSWORD[:5]) and len(runs) == 2
    qtbot.waitUntil(lambda: len(runs) == 3)
    assert runs[2] == ("inspector-key-ahead", PASSWORD) and wiped[1] is True
    QTest.keyClick(dialog.form.password, Qt.Key.Key_Return)
    assert dialog.workspace is not None and dialog.result() == dialog.DialogCode.Accepted
    assert len(runs) == 3  # Return reused the key derived while typing
    assert attempts_after_one != data_paths.attempts.read_bytes()  # success resets the count
    dialog.workspace.close()


def test_return_before_the_pause_derives_once_from_return(qtbot, data_paths, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Return at once: one derivation, started at Return in the key-ahead thread so that it
    runs while the unlock reads the store's bookkeeping and counts the attempt."""
    from inspector.core import vault
    from inspector.security import keystore
    from inspector.ui.dialogs import UnlockDialog

    from tests_support import use_keyfile

    use_keyfile()
    make_store(data_paths).close()
    runs: list[str] = []
    real_derive = keystore.derive_argon2

    def derive(secret: str, salt: bytes, params: Any = None) -> bytes:
        runs.append(threading.current_thread().name)
        return real_derive(secret, salt, params)

    monkeypatch.setattr(keystore, "derive_argon2", derive)
    dialog = UnlockDialog(data_paths)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.form.derive_ahead(lambda text: vault.prepare_unlock(data_paths, text))
    QTest.keyClicks(dialog.form.username, "test")
    QTest.keyClicks(dialog.form.password, PASSWORD)
    counted: list[int] = []
    real_attempt = vault.Lockout.attempt

    def attempt(self: Any) -> Any:
        counted.append(len(runs))
        return real_attempt(self)

    monkeypatch.setattr(vault.Lockout, "attempt", attempt)
    QTest.keyClick(dialog.form.password, Qt.Key.Key_Return)  # at once, no pause
    assert dialog.workspace is not None
    # One attempt counted, one derivation (under way or done by then: it started at Return).
    assert runs == ["inspector-key-ahead"] and len(counted) == 1 and counted[0] <= 1
    dialog.workspace.close()


def test_one_return_is_one_attempt(qtbot, data_paths) -> None:  # type: ignore[no-untyped-def]
    """Return in the password field unlocks once: the dialog's default button does not act on
    the same key a second time (that was a second counted attempt, with the cleared field)."""
    from inspector.core import vault
    from inspector.ui.dialogs import UnlockDialog

    make_store(data_paths).close()
    dialog = UnlockDialog(data_paths)
    qtbot.addWidget(dialog)
    dialog.show()
    QTest.keyClicks(dialog.form.username, "test")
    QTest.keyClick(dialog.form.username, Qt.Key.Key_Return)  # to the password, no attempt
    assert dialog.form.password.hasFocus() or not dialog.isActiveWindow()
    for _ in range(vault.FREE_ATTEMPTS - 1):
        QTest.keyClicks(dialog.form.password, "verkeerd-wachtwoord")
        QTest.keyClick(dialog.form.password, Qt.Key.Key_Return)
        assert dialog.form.error.text() == "Wrong username or password."
    assert vault.Lockout(data_paths).wait_seconds() == 0  # still within the free attempts
    QTest.keyClicks(dialog.form.password, PASSWORD)
    QTest.keyClick(dialog.form.password, Qt.Key.Key_Enter)
    assert dialog.workspace is not None
    dialog.workspace.close()


def test_warming_up_the_main_window_shows_and_keeps_nothing(qtbot) -> None:  # type: ignore[no-untyped-def]
    """While the password is typed, Qt's first-time set-up of the main window's widgets is
    done once (main_window.warm_up): nothing is shown, nothing stays behind."""
    from PySide6.QtWidgets import QApplication

    from inspector.ui.main_window import InspectionListPage, warm_up

    before = set(QApplication.topLevelWidgets())
    # (Pages of windows other tests left for the garbage collector do not count.)
    earlier = {w for w in QApplication.allWidgets() if isinstance(w, InspectionListPage)}
    page = warm_up()  # and an empty list page for the window to come
    made = [w for w in QApplication.topLevelWidgets() if w not in before]
    assert made and not any(w.isVisible() for w in made)
    qtbot.waitUntil(
        lambda: [w for w in QApplication.topLevelWidgets() if w not in before] == [page],
        timeout=3000,
    )
    pages = [
        w
        for w in QApplication.allWidgets()
        if isinstance(w, InspectionListPage) and w not in earlier
    ]
    assert pages == [page] and page.model.rowCount() == 0 and not page.isVisible()
    page.deleteLater()
