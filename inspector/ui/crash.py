"""Crash handling: a crash log without personal data, and a dialog that says what happened."""

from __future__ import annotations

import atexit
import contextlib
import faulthandler
import logging
import os
import sys
import tempfile
import traceback
import zlib
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


def _tag(folder: Path) -> str:
    """A short name for the data dir in temp file names (a checksum, not a secret: zlib is
    loaded with Qt anyway, hashlib would add OpenSSL to the first frame). Two data dirs with
    the same tag would only share each other's fault logs, which hold code locations only."""
    return f"{zlib.crc32(str(folder.resolve()).encode()):08x}"


def fault_log_path(folder: Path) -> Path:
    """Where faulthandler writes while this process runs: in the temp folder, not in the data
    dir, so that no file in the data folder is held open (Windows cannot move or back up a
    folder with an open file in it). One name per data dir and process."""
    return Path(tempfile.gettempdir()) / f"inspector-fault-{_tag(folder)}-{os.getpid()}.log"


def collect_fault_logs(folder: Path) -> list[Path]:
    """Move what faulthandler wrote in earlier, crashed runs into *folder*; opened only now."""
    tag = _tag(folder)
    moved = []
    for path in Path(tempfile.gettempdir()).glob(f"inspector-fault-{tag}-*.log"):
        if path == fault_log_path(folder):
            continue
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue  # still held by a running copy
        if text.strip():
            folder.mkdir(parents=True, exist_ok=True)
            with open(folder / "faulthandler.log", "a", encoding="utf-8") as log:
                log.write(text)
            moved.append(path)
        with contextlib.suppress(OSError):
            path.unlink()
    return moved


def _close_fault_log() -> None:
    global _fault_file
    if _fault_file is None:
        return
    faulthandler.disable()
    name = _fault_file.name
    _fault_file.close()
    _fault_file = None
    with contextlib.suppress(OSError):
        if os.path.getsize(name) == 0:
            os.unlink(name)


def install(folder: Path, *, show_dialog: bool = True) -> None:
    """Install the excepthook (crash logs into *folder*) and faulthandler for hard crashes
    (a temp file, moved into *folder* at the next start)."""
    global _fault_file
    _close_fault_log()
    collect_fault_logs(folder)
    _fault_file = open(fault_log_path(folder), "a", encoding="utf-8")  # noqa: SIM115
    faulthandler.enable(_fault_file)
    atexit.register(_close_fault_log)

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        path = write_crash_log(folder, crash_report(exc_type, tb))
        # The log gets the type and the place only (inspector.logs hides the exception's text).
        logging.getLogger("inspector.crash").error(
            "unhandled error, report %s", path.name, exc_info=(exc_type, exc, tb)
        )
        from inspector.error_kinds import is_storage_fault

        if show_dialog and QApplication.instance() is not None and is_storage_fault(exc):
            from inspector.errors import plain_error

            # A known fault of the store (disk full, damaged value, database busy): one plain
            # sentence, no crash wording; nothing saved before is lost.
            sentence = plain_error(exc)
            sentence = sentence[:1].upper() + sentence[1:].rstrip(".") + "."
            QMessageBox.warning(
                None, QApplication.translate("crash", "Could not read or save"), sentence
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
