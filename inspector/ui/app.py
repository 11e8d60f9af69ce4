"""Creates the QApplication and runs the window: first run or unlock, then the main window."""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from inspector.core import vault
from inspector.core.workspace import Workspace
from inspector.oscompat import AlreadyRunning, InstanceLock
from inspector.paths import (
    FONTS_DIR,
    TRANSLATIONS_DIR,
    DataPaths,
    resolve_data_dir,
    use_customisations,
)
from inspector.settings import SettingsError, load_settings
from inspector.ui import crash

_translators: list[QTranslator] = []


def install_translation(app: QApplication, language: str) -> bool:
    """Load the interface translation (source texts are English; Dutch is the default)."""
    for old in _translators:
        app.removeTranslator(old)
    _translators.clear()
    if language == "en":
        return True
    # Qt's own texts (standard buttons such as Cancel, file dialogs) come with PySide6.
    qt_own = QTranslator(app)
    if qt_own.load(
        f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    ):
        app.installTranslator(qt_own)
        _translators.append(qt_own)
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
    install_fonts(app)
    from inspector.ui.style import STYLE_SHEET

    app.setStyleSheet(STYLE_SHEET)
    try:
        language = load_settings(paths.settings).interface_language
    except SettingsError:
        language = "nl"
    install_translation(app, language)
    return app


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


def run(data_dir: str | None, *, smoke_test: bool = False) -> int:
    paths = resolve_data_dir(data_dir)
    use_customisations(paths.customisations)
    app = create_application(paths)
    crash.install(paths.crash_logs, show_dialog=not smoke_test)
    if smoke_test:
        return _smoke(paths)
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
        return _run_window(app, paths)
    finally:
        lock.release()


def _run_window(app: QApplication, paths: DataPaths) -> int:
    from inspector.ui.dialogs import FirstRunDialog, UnlockDialog
    from inspector.ui.main_window import MainWindow

    workspace: Workspace | None
    if not paths.exists():
        first = FirstRunDialog(paths)
        if not first.exec():
            return 0
        workspace = first.workspace
    else:
        try:
            vault.open_store(paths)
        except vault.VaultError as exc:
            print(f"inspector: {exc}", file=sys.stderr)
            return 1
        unlock = UnlockDialog(paths)
        if not unlock.exec():
            return 0
        workspace = unlock.workspace
    assert workspace is not None
    ws: Workspace = workspace
    from inspector.core.retention import purge_id_scans

    purge_id_scans(ws)
    windows: list[MainWindow] = []

    def open_window() -> None:
        window = MainWindow(ws)
        window.language_changed.connect(switch_language)
        if windows:
            window.setGeometry(windows[-1].geometry())
            old = windows.pop()
            old.hide()
            old.deleteLater()
        windows.append(window)
        window.show()
        window.restore_position()

    def switch_language(language: str) -> None:
        install_translation(app, language)
        open_window()

    open_window()
    code = app.exec()
    ws.close()
    return code
