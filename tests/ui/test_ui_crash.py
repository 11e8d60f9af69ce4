"""Crash handling: the crash log names where it failed, never the data involved."""

from __future__ import annotations

import sys
from pathlib import Path

from inspector.ui import crash

from tests_support import CANARY_NAME


def _boom() -> None:
    name = CANARY_NAME  # a local holding personal data
    raise ValueError(f"cannot parse {name}")


def test_crash_log_has_no_personal_data(tmp_path: Path, qapp, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    shown = []
    monkeypatch.setattr(crash.QMessageBox, "critical", lambda *a: shown.append(a))
    old = sys.excepthook
    try:
        crash.install(tmp_path / "crash")
        try:
            _boom()
        except ValueError:
            sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]
    finally:
        sys.excepthook = old
    logs = list((tmp_path / "crash").glob("crash-*.log"))
    assert len(logs) == 1
    text = logs[0].read_text()
    assert "builtins.ValueError" in text and "_boom" in text
    assert CANARY_NAME not in text and "cannot parse" not in text
    assert shown and str(logs[0]) in shown[0][2]


def _open_files_below(folder: Path) -> list[str]:
    import os

    found = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.startswith(str(folder)):
            found.append(target)
    return found


def test_no_file_in_the_data_folder_is_held_open(tmp_path: Path, qapp) -> None:  # type: ignore[no-untyped-def]
    import pytest

    if not Path("/proc/self/fd").is_dir():
        pytest.skip("needs /proc to list open files")
    old = sys.excepthook
    try:
        crash.install(tmp_path / "data" / "crash")
        assert _open_files_below(tmp_path / "data") == []
        assert not (tmp_path / "data").exists()  # nothing written, nothing made
    finally:
        sys.excepthook = old
        crash._close_fault_log()


def test_a_hard_crash_is_logged_and_moved_into_the_data_folder(tmp_path: Path) -> None:
    import os
    import subprocess

    folder = tmp_path / "data" / "crash"
    code = (
        "import faulthandler; from pathlib import Path; from inspector.ui import crash;"
        f"crash.install(Path({str(folder)!r}), show_dialog=False); faulthandler._sigsegv()"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", code], env=env, timeout=120, capture_output=True)
    assert result.returncode != 0
    assert not (folder / "faulthandler.log").exists()  # written to the temp file meanwhile
    old = sys.excepthook
    try:
        moved = crash.collect_fault_logs(folder)
    finally:
        sys.excepthook = old
    assert len(moved) == 1 and not moved[0].exists()
    text = (folder / "faulthandler.log").read_text(encoding="utf-8")
    assert "Segmentation fault" in text or "Fatal Python error" in text
