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
