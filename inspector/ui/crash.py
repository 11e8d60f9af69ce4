"""Crash handling: a crash log without personal data, and a dialog that says what happened."""

from __future__ import annotations

import faulthandler
import sys
import traceback
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import IO

from PySide6.QtWidgets import QApplication, QMessageBox

_fault_file: IO[str] | None = None


def crash_report(exc_type: type[BaseException], tb: TracebackType | None) -> str:
    """Where it failed: exception type and code locations only.

    The exception's message and local variables may hold personal data (a name in a
    ValueError), so neither is written.
    """
    lines = [
        f"inspector crash at {datetime.now(UTC).isoformat()}",
        f"exception: {exc_type.__module__}.{exc_type.__qualname__}",
    ]
    for frame in traceback.extract_tb(tb):
        lines.append(f"  {frame.filename}:{frame.lineno} in {frame.name}")
    return "\n".join(lines) + "\n"


def write_crash_log(folder: Path, report: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"crash-{datetime.now(UTC).strftime('%Y%m%dT%H%M%S%fZ')}.log"
    path.write_text(report, encoding="utf-8")
    return path


def is_storage_error(exc: BaseException) -> bool:
    """A fault of the store or the disk. The store's error classes are looked up only where
    their modules are loaded: the hook is installed before the first window, which does not
    wait for SQLAlchemy, and an error of a module never loaded cannot have been raised."""
    if isinstance(exc, OSError):
        return True
    for module, name in (
        ("sqlalchemy.exc", "SQLAlchemyError"),
        ("inspector.security.crypto", "DecryptionError"),
        ("inspector.storage.db", "StoreDamaged"),
    ):
        cls = getattr(sys.modules.get(module), name, None)
        if cls is not None and isinstance(exc, cls):
            return True
    return False


def install(folder: Path, *, show_dialog: bool = True) -> None:
    """Install the excepthook and faulthandler (for hard crashes) writing into *folder*."""
    global _fault_file
    folder.mkdir(parents=True, exist_ok=True)
    _fault_file = open(folder / "faulthandler.log", "a", encoding="utf-8")  # noqa: SIM115
    faulthandler.enable(_fault_file)

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        path = write_crash_log(folder, crash_report(exc_type, tb))
        if show_dialog and QApplication.instance() is not None and is_storage_error(exc):
            from inspector.errors import plain_error

            # A known fault of the store (disk full, damaged value, database busy): one plain
            # sentence, no crash wording; nothing saved before is lost.
            QMessageBox.warning(
                None, QApplication.translate("crash", "Could not read or save"), plain_error(exc)
            )
            return
        if show_dialog and QApplication.instance() is not None:
            QMessageBox.critical(
                None,
                QApplication.translate("crash", "Unexpected error"),
                QApplication.translate(
                    "crash",
                    "Something went wrong. Your answers up to now are saved.\n"
                    "A crash report without personal data was written to:\n{0}",
                ).format(path),
            )

    sys.excepthook = hook
