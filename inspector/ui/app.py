"""Creates the QApplication and runs the window: first run or unlock, then the main window."""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from inspector.core import vault
from inspector.core.workspace import Workspace
from inspector.paths import FONTS_DIR, TRANSLATIONS_DIR, DataPaths, resolve_data_dir
from inspector.settings import SettingsError, load_settings
from inspector.ui import crash

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
    install_fonts(app)
    from inspector.ui.style import install_style

    install_style(app)
    try:
        language = load_settings(paths.settings).interface_language
    except SettingsError:
        language = "nl"
    install_translation(app, language)
    return app


def _smoke(paths: DataPaths) -> int:
    from inspector.ui.main_window import MainWindow

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
    ws.close()
    print(f"smoke test ok: main window open with {rows} inspections")
    return 0


def run(data_dir: str | None, *, smoke_test: bool = False) -> int:
    paths = resolve_data_dir(data_dir)
    app = create_application(paths)
    crash.install(paths.crash_logs, show_dialog=not smoke_test)
    if smoke_test:
        return _smoke(paths)
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
        if window.start_maximized:
            window.showMaximized()
        else:
            window.show()
        window.restore_position()

    def switch_language(language: str) -> None:
        install_translation(app, language)
        open_window()

    open_window()
    code = app.exec()
    ws.close()
    return code
