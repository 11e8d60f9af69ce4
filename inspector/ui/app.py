"""Creates the QApplication and runs the window: first run or unlock, then the main window.

The officer sees the first window at once: it is drawn with Qt, the paths and the interface
language only. The store's modules (SQLAlchemy, the ORM, pydantic, the crypto) are loaded in
the background after the first paint, while the password is typed (``ui/background.py``); the
KDF runs when it is entered; each screen loads what it alone needs when it opens (letters,
registration wizard, camera, PDF preview). A test keeps the store out of the first frame.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QLibraryInfo, QLocale, QObject, QTimer, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QWidget

from inspector.oscompat import AlreadyRunning, InstanceLock
from inspector.paths import (
    FONTS_DIR,
    TRANSLATIONS_DIR,
    DataPaths,
    resolve_data_dir,
    use_customisations,
)
from inspector.ui import collector, crash

if TYPE_CHECKING:
    from collections.abc import Sequence

    from inspector.core.inspections import SummaryList
    from inspector.core.workspace import InspectionSummary, Workspace
    from inspector.ui.dialogs import FirstRunDialog, UnlockDialog
    from inspector.ui.main_window import InspectionListPage, MainWindow

_translators: list[QTranslator] = []


class QtGapsTranslator(QTranslator):
    """Dutch for the few texts of Qt's own file and print dialogs that its Dutch catalogue
    (qtbase_nl) leaves in English."""

    TEXTS = {
        "&Look in:": "&Zoeken in:",
        "Files of &type:": "Bestands&type:",
        "Page &Set:": "Pagina&set:",
        "Off": "Uit",
        "Long side binding": "Binden aan de lange zijde",
        "Short side binding": "Binden aan de korte zijde",
    }

    def translate(  # noqa: D102 - Qt API
        self,
        context: str,
        source_text: str,
        disambiguation: str | None = None,
        n: int = -1,
    ) -> str | None:
        # None (a null string) passes the question on to the next translator.
        if context.startswith(("QFileDialog", "QPrint")):
            return self.TEXTS.get(source_text)
        return None

    def isEmpty(self) -> bool:  # noqa: N802 - Qt API
        return False


def install_translation(app: QApplication, language: str) -> bool:
    """Load the interface translation (source texts are English; Dutch is the default)."""
    for old in _translators:
        app.removeTranslator(old)
    _translators.clear()
    app.setProperty("interface_language", language)  # core messages follow it (operations)
    if language == "en":
        return True
    # Qt's own texts (standard buttons such as Cancel, file dialogs) come with PySide6.
    qt_own = QTranslator(app)
    if qt_own.load(
        f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    ):
        app.installTranslator(qt_own)
        _translators.append(qt_own)
    if language == "nl":
        gaps = QtGapsTranslator(app)
        app.installTranslator(gaps)
        _translators.append(gaps)
    translator = QTranslator(app)
    if translator.load(str(TRANSLATIONS_DIR / f"inspector_{language}.qm")):
        app.installTranslator(translator)
        _translators.append(translator)
        QLocale.setDefault(QLocale(language))
        return True
    return False


def install_fonts(app: QApplication) -> None:
    """Ship our own font so Polish, Romanian and Cyrillic text looks the same everywhere."""
    family = None
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf"):
        font_id = QFontDatabase.addApplicationFont(str(FONTS_DIR / name))
        if font_id >= 0 and family is None:
            family = QFontDatabase.applicationFontFamilies(font_id)[0]
    if family:
        font = QFont(family)
        font.setPointSizeF(max(app.font().pointSizeF(), 10.5))
        app.setFont(font)


def create_application(paths: DataPaths) -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Inspector")
    app.setOrganizationName("inspector")
    # Garbage that holds Qt objects is freed on this thread, never on a worker's.
    collector.install(app)
    install_fonts(app)
    from inspector.ui.style import install_style

    install_style(app)
    install_translation(app, interface_language(paths))
    return app


_LANGUAGE_LINE = re.compile(
    r"""^interface_language:[ \t]*(["']?)(?P<code>[a-z]{2})\1[ \t]*(?:#.*)?$""", re.MULTILINE
)


def interface_language(paths: DataPaths) -> str:
    """The interface language in settings.yaml ("nl" when unset, unknown or unreadable).

    Read from its one top-level line rather than by loading and validating the whole file:
    YAML and pydantic are not loaded before the first window. The whole file is checked, with
    a clear message, when the store is unlocked.
    """
    try:
        text = paths.settings.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return "nl"
    match = _LANGUAGE_LINE.search(text)
    return match.group("code") if match and match.group("code") in ("nl", "en") else "nl"


class _FirstPaint(QObject):
    """Calls *then* once, on the event loop right after *widget* is first painted."""

    def __init__(self, widget: QWidget, then: Callable[[], None]) -> None:
        super().__init__(widget)
        self.widget = widget
        self.then = then
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.widget and event.type() == QEvent.Type.Paint:
            self.widget.removeEventFilter(self)
            # Queued: the paint completes first, and the window then takes input.
            QTimer.singleShot(0, self.then)
        return False


def _smoke_letter_preview(ws: Workspace) -> int:
    """Render a sample letter and open it in the PDF preview the letters panel uses; the
    number of pages shown (0 when the preview failed)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPdfWidgets import QPdfView

    from inspector.core.letter_context import sample_letter_context
    from inspector.letters import render

    pdf = render("control", "pl", sample_letter_context(ws.settings, ws.paths.root, "pl"), "pdf")
    buffer = QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    view = QPdfView()
    view.setDocument(document)
    pages = int(document.pageCount())
    # Drawing the first page proves the PDF renderer (a plug-in a trimmed bundle may lack).
    if pages and document.render(0, QSize(210, 297)).isNull():
        pages = 0
    view.deleteLater()
    document.close()
    buffer.close()
    return pages


def _smoke(paths: DataPaths) -> int:
    from inspector import installation
    from inspector.core import vault
    from inspector.settings import SettingsError
    from inspector.ui.main_window import MainWindow

    missing = installation.problems()
    if missing:
        for line in missing:
            print(f"inspector: {line}", file=sys.stderr)
        print("inspector: smoke test failed: the installation is incomplete", file=sys.stderr)
        return 1
    probe = QTranslator()
    if not probe.load(str(TRANSLATIONS_DIR / "inspector_nl.qm")):
        print("inspector: smoke test failed: the Dutch translation does not load", file=sys.stderr)
        return 1
    password = os.environ.get(vault.ENV_PASSPHRASE)
    if password is None:
        print(f"inspector: --smoke-test needs {vault.ENV_PASSPHRASE}", file=sys.stderr)
        return 1
    try:
        ws = vault.unlock(paths, password, os.environ.get(vault.ENV_OFFICER))
    except (vault.VaultError, SettingsError) as exc:
        print(f"inspector: {exc}", file=sys.stderr)
        return 1
    window = MainWindow(ws)
    window.show()
    QApplication.processEvents()
    rows = window.list_page.model.rowCount()
    window.close()
    try:
        pages = _smoke_letter_preview(ws)
    finally:
        ws.close()
    if pages < 1:
        print("inspector: smoke test failed: the letter preview shows no page", file=sys.stderr)
        return 1
    print(f"smoke test ok: main window open with {rows} inspections; letter preview {pages} pages")
    return 0


def _prepare(ws: Workspace) -> SummaryList:
    """Right after unlocking, in the unlock's worker thread: what the main window shows (the
    list read, its rows decrypted when shown). The retention purges come first, so that
    nothing they delete is ever shown (0.9 ms when nothing is due)."""
    from inspector.core.retention import purge_id_scans, purge_registered_persons

    purge_id_scans(ws)
    purge_registered_persons(ws)
    return ws.inspections.listing()


def run(data_dir: str | None, *, smoke_test: str | None = None) -> int:
    """The desktop app; *smoke_test* "full" unlocks and opens the main window offscreen,
    "first-frame" exits once the first window is painted and takes input."""
    paths = resolve_data_dir(data_dir)
    use_customisations(paths.customisations)
    app = create_application(paths)
    crash.install(paths.crash_logs, show_dialog=not smoke_test)
    if smoke_test == "full":
        _start_log(paths)
        return _smoke(paths)
    if smoke_test:
        return _run_window(app, paths, smoke_test)
    # One window per data dir: a second copy would fight over the store, the ui state and
    # the settings (and on Windows over every file replace).
    lock = InstanceLock(paths.instance_lock)
    try:
        lock.acquire()
    except AlreadyRunning:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.information(
            None,
            "Inspector",
            QApplication.translate(
                "app",
                "Inspector is already open for this data folder. Use the window that is "
                "open (see the taskbar).",
            ),
        )
        return 0
    try:
        return _run_window(app, paths, smoke_test)
    finally:
        lock.release()


def _start_log(paths: DataPaths) -> None:
    """The log file (inspector.logs); for the window, right after the first paint: its module
    brings logging.handlers (sockets, pickle, queues), which the first frame does without."""
    if paths.root.is_dir():  # a first start logs from the next one: the folder is made by init
        from inspector import logs

        logs.setup(paths.logs)


def _run_window(app: QApplication, paths: DataPaths, smoke_test: str | None) -> int:
    from inspector.ui.background import Preloader

    preloader = Preloader(paths, parent=app)
    windows: list[MainWindow] = []
    #: The first window's list page, made while the password is typed (main_window.warm_up).
    prebuilt: list[InspectionListPage] = []

    def open_window(ws: Workspace, items: Sequence[InspectionSummary] | None = None) -> None:
        from inspector.ui.main_window import MainWindow

        window = MainWindow(ws, items=items, list_page=prebuilt.pop() if prebuilt else None)
        window.language_changed.connect(lambda language: switch_language(ws, language))
        if windows:
            window.setGeometry(windows[-1].geometry())
            old = windows.pop()
            old.sync_worker.shutdown()
            old.hide()
            old.deleteLater()
        windows.append(window)
        if window.start_maximized:
            window.showMaximized()
        else:
            window.show()
        window.restore_position()
        window.start_sync()

    def switch_language(ws: Workspace, language: str) -> None:
        install_translation(app, language)
        open_window(ws)

    dialog: FirstRunDialog | UnlockDialog
    if not paths.exists():
        from inspector.ui.dialogs import FirstRunDialog

        first = FirstRunDialog(paths, check_key_mode=False)
        preloader.ready.connect(
            lambda result: None if first.key_mode else first.set_key_mode(*result["key_mode"])
        )
        dialog = first
    else:
        from inspector.ui.dialogs import UnlockDialog

        unlock = UnlockDialog(
            paths,
            prepare=_prepare,
            on_unlocked=lambda ws: open_window(ws, unlock.prepared),
        )
        dialog = unlock

        def store_problem(exc: Exception) -> None:
            # A damaged or missing database found while loading: said before the password.
            vault = sys.modules.get("inspector.core.vault")
            if vault is not None and isinstance(exc, vault.VaultError):
                from inspector.ui.operations import error_text

                unlock.form.show_problem(error_text(exc))

        preloader.failed.connect(store_problem)

        def store_found(result: dict[str, Any]) -> None:
            unlock.set_single_officer(bool(result.get("single_officer")))
            unlock.set_last_username(result.get("last_username"))
            if result.get("store_key_mode") == "keyfile":
                # Qt's first-time set-up of the main window's widgets, done now rather than
                # after the password (~20 ms less after Return). Only where the key file's
                # half-second KDF is the long wait: its ~3 MB then lie beside the KDF's
                # memory, within the peak-memory goal (16 MiB); the keyring's password check
                # uses 19 MiB, and its unlock is far within the time goal without it.
                from inspector.ui.main_window import warm_up

                prebuilt[:] = [warm_up()]
            if result.get("store_key_mode") == "keyfile":
                # The key file's slow KDF runs while the officer types (nothing is checked
                # or counted until Return; docs/security.md).
                from inspector.core import vault

                kdf = result.get("key_file_kdf")
                unlock.form.derive_ahead(lambda text: vault.prepare_unlock(paths, text, kdf))

        preloader.ready.connect(store_found)

    if smoke_test == "first-frame":

        def first_frame() -> None:
            print(f"smoke test ok: first window painted ({dialog.windowTitle()})")
            dialog.close()

        _FirstPaint(dialog, first_frame)
    else:

        def after_first_paint() -> None:
            _start_log(paths)
            preloader.start()

        _FirstPaint(dialog, after_first_paint)
    if not dialog.exec():
        return 0
    workspace: Workspace | None = dialog.workspace
    assert workspace is not None
    if not windows:
        # The first start: the store is new and empty.
        from inspector.core.retention import purge_id_scans

        purge_id_scans(workspace)
        open_window(workspace)
    code = app.exec()
    from inspector.ui.operations import drain

    drain()  # writes still running in the background end before the store closes
    workspace.close()
    return code
