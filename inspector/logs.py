"""The log file: a rotating file in the data dir with ids, counts, durations and states only.

The rule (docs/architecture.md, "Logging"): a log line may carry ids (UUIDs, references such as
2026-48E0-0001), counts, durations, states and kinds (short lowercase words such as
``inspection.finalized``) — never a name, an address or a field value. It is enforced here, not
trusted to every caller: :class:`OnlyBookkeeping` replaces every message argument and every
``extra`` field that is not such a value by ``<hidden>``, and drops ``extra`` fields whose name
is not in :data:`EXTRA_FIELDS`. Exceptions are logged by type and place only (no message: an
exception's text can quote a value). The app and the command line call :func:`setup` once.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
from pathlib import Path
from typing import Any

from inspector.states import ClerkState, InspectionState, RegistrationState, VisitState

LOG_NAME = "inspector.log"
MAX_BYTES = 1_000_000
BACKUPS = 5
HIDDEN = "<hidden>"

#: ``extra={...}`` fields that are kept (and printed as name=value); any other is dropped.
EXTRA_FIELDS = frozenset(
    {
        "inspection_id",
        "resident_id",
        "registration_id",
        "record_id",
        "count",
        "duration_ms",
        "state",
        "kind",
        "action",
        "version",
        "status",
    }
)

#: Single words a log line may carry as they are: states and record kinds. Dotted or underscored
#: identifiers (``inspection.finalized``, ``id_front``) are kinds too; any other word is hidden
#: (a lowercase word can be a name).
VOCABULARY = frozenset(
    {
        *(
            state.value
            for states in (InspectionState, RegistrationState, ClerkState, VisitState)
            for state in states
        ),
        "pending",
        "delivered",
        "failed",
        "ok",
        "inspection",
        "resident",
        "registration",
        "enrolment",
        "attachment",
        "answer",
        "letter",
        "photo",
        "signature",
        "document",
        "location",
        "pdf",
        "docx",
        "nl",
        "en",
        "pl",
        "uk",
        "ro",
        "ingezetene",
        "rni",
        "sqlite",
        "postgresql",
    }
)

_SAFE_TEXT = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
    r"|[0-9a-f]{8,64}"
    r"|\d{4}-[0-9A-Z]{4}-\d{4}"
    r"|[a-z][a-z0-9]*(?:[._][a-z0-9]+)+"
)
_STANDARD = frozenset(vars(logging.makeLogRecord({})).keys()) | {"message", "asctime"}


def safe_value(value: Any) -> Any:
    """*value* if it is bookkeeping (a number, a bool, None, an id, a state), else HIDDEN."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, str) and (value in VOCABULARY or _SAFE_TEXT.fullmatch(value)):
        return value
    return HIDDEN


class BookkeepingFormatter(logging.Formatter):
    """Formats a copy of each record with every argument and ``extra`` field that is not
    bookkeeping hidden, unknown ``extra`` fields dropped, and an exception by type and place
    only; the record itself (seen by other handlers) is left as it is."""

    def __init__(self) -> None:
        super().__init__(FORMAT)

    def format(self, record: logging.LogRecord) -> str:
        copy = logging.makeLogRecord(dict(vars(record)))
        if isinstance(copy.args, dict):
            copy.args = {k: safe_value(v) for k, v in copy.args.items()}
        elif copy.args:
            copy.args = tuple(safe_value(a) for a in copy.args)
        if copy.exc_info and copy.exc_info[1] is not None:
            exc = copy.exc_info[1]
            tb = exc.__traceback__
            while tb is not None and tb.tb_next is not None:
                tb = tb.tb_next
            where = f"{Path(tb.tb_frame.f_code.co_filename).name}:{tb.tb_lineno}" if tb else "?"
            copy.msg = f"{copy.msg} [{type(exc).__name__} at {where}]"
        copy.exc_info = None
        copy.exc_text = None
        copy.stack_info = None
        extras = [
            f"{key}={safe_value(value)}"
            for key, value in vars(record).items()
            if key not in _STANDARD and key in EXTRA_FIELDS
        ]
        copy.bookkeeping = (" " + " ".join(sorted(extras))) if extras else ""
        return super().format(copy)


FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s%(bookkeeping)s"


class _LogFile(logging.handlers.RotatingFileHandler):
    """Makes its folder and file at the first line, not before: a command that logs nothing
    (a refused init) leaves the data dir as it was."""

    def _open(self) -> Any:
        Path(self.baseFilename).parent.mkdir(parents=True, exist_ok=True)
        return super()._open()


def setup(log_dir: Path, level: int = logging.INFO) -> Path:
    """Log the ``inspector`` loggers to ``log_dir/inspector.log`` (rotating, 5 × 1 MB).

    Returns the file's path; a second call for the same file adds no second handler."""
    path = log_dir / LOG_NAME
    root = logging.getLogger("inspector")
    for handler in _ours():
        if handler.baseFilename == str(path.resolve()):
            return path
    shutdown()  # one log file per process: the data dir's of the latest setup
    handler = _LogFile(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True)
    handler.setFormatter(BookkeepingFormatter())
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > level:
        root.setLevel(level)
    return path


def _ours() -> list[_LogFile]:
    return [h for h in logging.getLogger("inspector").handlers if isinstance(h, _LogFile)]


def shutdown() -> None:
    """Close the log file (the store is closed, or a test ends)."""
    root = logging.getLogger("inspector")
    for handler in _ours():
        root.removeHandler(handler)
        handler.close()
