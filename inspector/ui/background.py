"""Background work: the store's modules loaded while the officer types, slow steps off the GUI
thread.

The first window (unlock, or first start) is drawn before SQLAlchemy, the ORM models, pydantic
and the crypto are imported: they cost most of a second. Right after the first paint a reader
operation of :mod:`inspector.ui.operations` (the one helper for background work) imports them
(Python imports are thread-safe; no Qt object is created there), so that by the time the
password is entered the unlock only has to run the KDF and read the list.
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Signal

from inspector.paths import DataPaths

if TYPE_CHECKING:
    from inspector.ui.operations import Operation


def load_store_modules(paths: DataPaths) -> dict[str, Any]:
    """Import what unlocking and the main window need; return what was learnt on the way.

    Runs in a worker thread: imports and plain Python only, never a Qt object.
    """
    started = time.perf_counter()
    # The unlock path: settings (pydantic), the store (SQLAlchemy, models), the crypto, the KDF.
    from sqlalchemy.orm import configure_mappers

    import inspector.core.retention  # noqa: F401
    import inspector.core.workspace  # noqa: F401
    import inspector.security.keystore  # noqa: F401
    import inspector.security.passwords  # noqa: F401
    from inspector.core import vault

    # Mapping the ORM classes is done once, on first use: do it here rather than on unlock.
    configure_mappers()
    inspector.security.passwords.ready_kdf()
    result: dict[str, Any] = {}
    if paths.exists():
        meta = vault.open_store(paths)
        result["store_key_mode"] = meta.key_mode
        # With one account the unlock window needs no username (it stays encrypted).
        try:
            result["single_officer"] = vault.single_officer(paths)
        except Exception:  # noqa: BLE001 - a damaged store is reported when unlocking
            result["single_officer"] = False
        if not result["single_officer"]:
            # Several accounts: the one last used here, kept in the OS keyring (never in the
            # data directory); None for a key-file store.
            result["last_username"] = vault.last_username(paths)
        if meta.key_mode == "keyring":
            # Loading the keyring's backend (and finding the OS keyring) takes a while too.
            from inspector.security.keystore import keyring_status

            keyring_status()
    else:
        # The first start shows where the key will be kept: ask the OS keyring now.
        result["key_mode"] = vault.choose_key_mode()
    # The main window's own modules: plain class definitions, no widget is made here. It
    # checks at start whether the letters have the municipality's details (inspector.letters:
    # babel, the templates; not reportlab, which waits for a letter).
    import inspector.letters  # noqa: F401
    import inspector.ui.main_window  # noqa: F401
    import inspector.ui.planning.window_hooks  # noqa: F401
    import inspector.ui.sync_page  # noqa: F401

    _warm_up_store()
    if result.get("store_key_mode") == "keyfile":
        try:
            result["key_file_kdf"] = vault.key_file_kdf(paths)
        except Exception:  # noqa: BLE001 - the derivation ahead then reads the file itself
            result["key_file_kdf"] = None
    result["seconds"] = time.perf_counter() - started
    return result


def _warm_up_store() -> None:
    """Run the unlock's first queries once on a throwaway store in a temporary folder.

    SQLAlchemy compiles a statement and sets up its result handling (decryption included) the
    first time it runs; done here, while the officer types, instead of after the password.
    The throwaway store holds one fictitious inspection under a random key, and is deleted.
    """
    import tempfile
    from pathlib import Path

    from inspector.core import vault
    from inspector.core.workspace import Workspace
    from inspector.security.crypto import DataCipher, new_data_key
    from inspector.settings import Settings
    from inspector.storage.db import Database
    from inspector.storage.models import Base, Officer

    with tempfile.TemporaryDirectory(prefix="inspector-warm-up-") as folder:
        paths = DataPaths(Path(folder))
        db = Database(paths.database, DataCipher(new_data_key()), create=True)
        try:
            Base.metadata.create_all(db.engine)
            with db.session() as s:
                s.add(
                    Officer(
                        id="warm-up",
                        username_lookup="warm-up",
                        name="Opwarmen",
                        username="opwarmen",
                        password_hash="-",
                    )
                )
            meta = vault.StoreMeta("warm-up", "keyring", b"\0" * 16, "")
            officer = vault.OfficerInfo("warm-up", "Opwarmen", "opwarmen", "officer")
            ws = Workspace(paths, db, Settings(), officer, meta)
            # Its anchor stays in the temporary folder: never an entry in the OS keyring.
            ws.anchor_key_material_per_unit = False
            ws.inspections.create(
                address="Opwarmstraat 1", postcode="1234 AB", city="Voorbeeld", bag_ids={}
            )
            ws.inspections.list_all()
            # What the main window asks at start: the sync status, whether a clerk's store.
            from inspector.clerk import is_clerk_store
            from inspector.sync import inbox

            with ws.unit() as s:
                inbox.overview(s)
            is_clerk_store(ws)
        finally:
            db.dispose()


class Preloader(QObject):
    """Runs :func:`load_store_modules` once as a reader operation of
    :mod:`inspector.ui.operations` (off the GUI thread, beside the writer); ``ready`` reports
    on the GUI thread with the result, or ``failed`` with the exception (which unlocking then
    meets again, in its own words).

    The operations module is imported by :meth:`start`, after the first paint: the first
    frame loads nothing of it (``tests/ui/test_ui_startup.py``)."""

    ready = Signal(object)
    failed = Signal(object)

    def __init__(
        self,
        paths: DataPaths,
        load: Callable[[DataPaths], dict[str, Any]] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.paths = paths
        self._load = load
        self._operation: Operation[dict[str, Any]] | None = None
        self.result: dict[str, Any] | None = None

    def start(self) -> None:
        if self._operation is not None:
            return
        from inspector.ui.operations import Operation

        load, paths = self._load or load_store_modules, self.paths
        operation: Operation[dict[str, Any]] = Operation(lambda: load(paths), writes=False)
        operation.on_success(self._loaded).on_failure(self.failed.emit)
        self._operation = operation
        operation.start()

    def _loaded(self, result: dict[str, Any]) -> None:
        self.result = result
        if self._load is None:
            # Everything loaded lives as long as the app: keep it out of the garbage
            # collector's scans (else the first collections after unlocking walk every object
            # of ~500 modules while 5,000 inspections are read: a third of that step). Here,
            # on the GUI thread: a collection in the loading thread could free Qt objects of
            # the GUI thread there (see inspector.ui.collector).
            gc.collect()
            gc.freeze()
        self.ready.emit(result)

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the loading is done (True) or *timeout* passes (False); the outcome is
        delivered later, by the event loop."""
        if self._operation is None:
            return True
        return self._operation.wait(timeout)


T = TypeVar("T")

#: Longer than this (ms) and a step the window waits for is no longer a blink: it shows a
#: busy bar. Shorter than an operation's (the window takes no input meanwhile).
BLINK_MS = 150


def wait_for(
    work: Callable[[], T],
    *,
    on_slow: Callable[[], None] | None = None,
    slow_after_ms: int = BLINK_MS,
    writes: bool = True,
) -> T:
    """Run *work* as a background :class:`~inspector.ui.operations.Operation` and return its
    result (or raise its exception) once it is done.

    Meanwhile the GUI thread keeps painting (a nested event loop), so a progress bar moves;
    keys and clicks wait until the work is done, so nothing is started twice. *on_slow* runs
    on the GUI thread when the work takes longer than *slow_after_ms*. *writes*: the work
    writes to the store, so it takes its turn on the one writer lane.
    """
    from inspector.ui.operations import Operation

    outcome: dict[str, Any] = {}
    op = Operation(work, writes=writes, progress_after_ms=slow_after_ms)
    if on_slow is not None:
        op.slow.connect(on_slow)
    op.on_success(lambda result: outcome.setdefault("result", result))
    op.on_failure(lambda exc: outcome.setdefault("error", exc))
    op.start()
    op.wait_delivered(None)
    if "error" in outcome:
        raise outcome["error"]
    result: T = outcome["result"]
    return result


class KeyAhead:
    """The key file's slow derivation (~0.2-0.5 s) run while the officer types, so that Return
    has little left to wait for.

    :meth:`want` (GUI thread, after a typing pause) starts a derivation for the text now in the
    field in a worker thread, one at a time; :meth:`drop` (the text changed) wipes any result
    and forgets the text; :meth:`take` (the unlock's worker, at Return) gives the result for
    exactly that text, waiting for a derivation of it still running, or None. Results live in
    memory only and are wiped when dropped, taken or replaced. *derive* checks nothing and
    counts nothing (``vault.prepare_unlock``): the attempt is counted and checked at Return.
    """

    def __init__(self, derive: Callable[[str], Any]) -> None:
        self._derive = derive
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        #: The text the officer paused on (None: none, or dropped since).
        self._text: str | None = None
        #: (text, result) of the last derivation that finished for the wanted text.
        self._result: tuple[str, Any] | None = None
        self._running: str | None = None
        #: The text the worker is about to start on (it was idle when it was wanted).
        self._queued: str | None = None
        self._thread: threading.Thread | None = None

    def want(self, text: str) -> None:
        """Derive for *text* (the field's text at a pause) unless that is done or under way."""
        with self._lock:
            if not text or text == self._text:
                return
            self._wipe_result()
            self._text = text
            self._queued = text
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._work, name="inspector-key-ahead", daemon=True
                )
                self._thread.start()
            self._changed.notify_all()

    def drop(self) -> None:
        """The text changed: forget it and wipe what was derived for it."""
        with self._lock:
            self._text = None
            self._queued = None
            self._wipe_result()
            self._changed.notify_all()

    def wait_started(self, text: str, timeout: float) -> bool:
        """Wait (at most *timeout* s) until the derivation for *text* is running or done: the
        unlock then does its own work beside it instead of racing it for the interpreter."""
        with self._lock:
            return self._changed.wait_for(
                lambda: (
                    self._text != text
                    or self._running == text
                    or (self._result is not None and self._result[0] == text)
                ),
                timeout,
            )

    def take(self, text: str, timeout: float | None = None) -> Any:
        """The derivation for *text*, waiting for it while it runs; None when none is done or
        under way for this text: the unlock then derives itself, once a run on an older text
        has ended (two runs at once would hold the KDF's memory twice, and on two cores each
        would take twice as long). The result is handed over: the caller uses it once and
        wipes it."""
        with self._lock:
            ready = self._result is not None and self._result[0] == text
            starting = self._queued == text and self._running is None
            if text != self._text or not (ready or starting or self._running == text):
                self._text = None
                self._queued = None
                self._wipe_result()
                self._changed.wait_for(lambda: self._running is None, timeout)
                return None
            self._changed.wait_for(lambda: self._running != text and self._queued != text, timeout)
            result = None
            if self._result is not None and self._result[0] == text and self._text == text:
                result = self._result[1]
                self._result = None
            self._text = None
            self._wipe_result()
            return result

    def _wipe_result(self) -> None:
        if self._result is not None:
            _wipe(self._result[1])
            self._result = None

    def _work(self) -> None:
        while True:
            with self._lock:
                self._changed.wait_for(
                    lambda: (
                        self._text is not None
                        and (self._result is None or self._result[0] != self._text)
                    )
                )
                text = self._text
                assert text is not None
                self._running = text
                self._queued = None
                self._changed.notify_all()
            try:
                result = self._derive(text)
            except Exception:  # noqa: BLE001 - the unlock at Return derives and says why
                result = None
            with self._lock:
                self._running = None
                if result is not None and self._text == text:
                    self._result = (text, result)
                else:
                    _wipe(result)
                    if result is None and self._text == text:
                        self._text = None  # failed: Return derives itself
                self._changed.notify_all()


def _wipe(result: Any) -> None:
    wipe = getattr(result, "wipe", None)
    if wipe is not None:
        wipe()
