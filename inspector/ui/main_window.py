"""The main window: the inspections list, the open inspection, the lock screen."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inspector.core import vault
from inspector.core.ids import InspectionId
from inspector.core.workspace import Workspace
from inspector.storage.types import StoreLocked
from inspector.ui.dialogs import NewInspectionDialog, UnlockForm
from inspector.ui.geometry import restore_window_state, window_state
from inspector.ui.idle import IdleWatcher
from inspector.ui.models import InspectionTableModel, RowsProxy
from inspector.ui.style import Role, set_role
from inspector.ui.sync_worker import SyncResult, SyncWorker

if TYPE_CHECKING:
    from inspector.ui.inspection_page import InspectionPage

#: The main window's size on a large screen; smaller screens get what fits.
PREFERRED_SIZE = QSize(1280, 800)


class InspectionListPage(QWidget):
    """Planned, in-progress and finalized inspections, searchable by address, postcode, date."""

    open_requested = Signal(str)
    new_requested = Signal()
    #: Every row of the list is decrypted (searching no longer decrypts first).
    all_decrypted = Signal()

    #: Rows decrypted per step in the background after the list is painted (a few ms each:
    #: keys and clicks are handled between two steps).
    DECRYPT_STEP = 250
    #: The column that takes the width left (the address).
    STRETCH_COLUMN = 2
    #: Rows whose texts size the columns (the first screenful and some).
    FIT_ROWS = 50

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = InspectionTableModel()
        #: The rows not yet shown are decrypted in steps once the list is on screen.
        self._decrypting = QTimer(self)
        self._decrypting.setInterval(0)
        self._decrypting.timeout.connect(self._decrypt_step)
        self._decrypt_when_painted = False
        self.proxy = RowsProxy(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterRole(Qt.ItemDataRole.UserRole + 1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search by address, postcode or date"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        # The address takes the room left; the other columns are fitted to their title and
        # their widest text among the first rows (_fit_columns), once per new list — and the
        # officer may widen them. (ResizeToContents measured every cell of 50 rows, role by
        # role, three times before the first paint: 7,200 calls into Python.)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(self.STRETCH_COLUMN, QHeaderView.ResizeMode.Stretch)
        self._fit_pending = False
        self.table.doubleClicked.connect(
            lambda idx: self.open_requested.emit(self.proxy.data(idx, Qt.ItemDataRole.UserRole))
        )
        self.table.activated.connect(
            lambda idx: self.open_requested.emit(self.proxy.data(idx, Qt.ItemDataRole.UserRole))
        )
        self.new_button = QPushButton(self.tr("&New inspection"))
        self.new_button.clicked.connect(self.new_requested)
        self.open_button = QPushButton(self.tr("&Open"))
        self.open_button.clicked.connect(self._open_selected)
        self.empty = QLabel(self.tr("No inspections yet. Start with “New inspection”."))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        set_role(self.empty, Role.SECONDARY, "font-size: 15px; padding: 24px;")
        title = QLabel(self.tr("<h2>Inspections</h2>"))
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.new_button)
        top.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        self.table.viewport().installEventFilter(self)

    def set_items(self, items: Sequence[Any]) -> None:
        """*items*: a list, or the workspace's ``SummaryList`` (rows decrypted when first
        shown; the others in steps after the list is painted)."""
        # Back to "newest first" (the workspace's order) before the new rows come in: sorting
        # 5,000 rows by a column on the way costs a third of a second of calls into Python.
        self.proxy.sort(-1)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self._decrypting.stop()
        self.model.set_items(items)
        self._decrypt_when_painted = True
        self.empty.setVisible(not items)
        self.table.setVisible(bool(items))
        self._fit_pending = True
        if self.isVisible():
            self._fit_columns()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        # Fitted when shown, before the first paint: the style's fonts are known by then.
        if self._fit_pending:
            self._fit_columns()
        super().showEvent(event)

    def _fit_columns(self) -> None:
        """Each column (but the address) as wide as its title, or as the widest of its texts
        in the first FIT_ROWS rows as the view draws it — that one cell measured by the view."""
        self._fit_pending = False
        header = self.table.horizontalHeader()
        metrics = self.table.fontMetrics()
        rows = min(self.proxy.rowCount(), self.FIT_ROWS)
        for column in range(self.model.columnCount()):
            if column == self.STRETCH_COLUMN:
                continue
            width = header.sectionSizeHint(column)
            widest, at = -1, -1
            for row in range(rows):
                text = self.proxy.index(row, column).data()
                advance = metrics.horizontalAdvance(str(text)) if text is not None else 0
                if advance > widest:
                    widest, at = advance, row
            if at >= 0:
                cell = self.table.sizeHintForIndex(self.proxy.index(at, column)).width()
                # The grid line takes a pixel of the column, as in QTableView's own sizing.
                width = max(width, cell + (1 if self.table.showGrid() else 0))
            header.resizeSection(column, width)

    @property
    def decrypted(self) -> bool:
        """Every row is decrypted (no step left to do)."""
        return not self._decrypt_when_painted and not self._decrypting.isActive()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if (
            self._decrypt_when_painted
            and event.type() == QEvent.Type.Paint
            and watched is self.table.viewport()
        ):
            # The first screenful is drawn: the rest is decrypted from the next turn of the
            # event loop on, a step at a time.
            self._decrypt_when_painted = False
            self._decrypting.start()
        return False

    def _decrypt_step(self) -> None:
        try:
            done = self.model.decrypt_some(self.DECRYPT_STEP)
        except StoreLocked:
            done = False  # the store closed under the window (it is going away)
            self._decrypting.stop()
        if done:
            self._decrypting.stop()
            self.all_decrypted.emit()

    def _filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip().lower())

    def _open_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.open_requested.emit(self.proxy.data(rows[0], Qt.ItemDataRole.UserRole))


class LockCover(QWidget):
    """A lock laid over another window (an open dialog): hides its content, asks the password."""

    def __init__(self, host: QWidget, form: UnlockForm) -> None:
        super().__init__(host)
        self.host = host
        self.form = form
        self.setAutoFillBackground(True)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        form.setMaximumWidth(460)
        row.addWidget(form)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)
        self.setGeometry(host.rect())
        host.installEventFilter(self)
        self.show()
        self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.host and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.host.rect())
        return False

    def remove(self) -> None:
        self.host.removeEventFilter(self)
        self.hide()
        self.deleteLater()


def _is_clerk_store(workspace: Workspace) -> bool:
    from inspector.clerk import is_clerk_store

    try:
        return is_clerk_store(workspace)
    except Exception:  # noqa: BLE001 - a store without the tables yet is no clerk's store
        return False


class MainWindow(QMainWindow):
    """Top-level window. Pages: list, inspection; a lock screen above both."""

    #: Emitted before locking and closing, so that open forms commit what is being typed.
    flush_requested = Signal()
    #: Emitted with the new interface language; the application rebuilds the window.
    language_changed = Signal(str)

    def __init__(
        self,
        workspace: Workspace,
        items: Sequence[Any] | None = None,
        list_page: InspectionListPage | None = None,
    ) -> None:
        """*items*: the inspections list when already read (off the GUI thread, on unlock);
        *list_page*: an empty list page made before (``warm_up``, while the password was
        typed)."""
        super().__init__()
        self.workspace = workspace
        self.setWindowTitle(self.tr("Inspector – {0}").format(workspace.settings.municipality.name))
        #: Fits a 1366x768 laptop and 1920x1080 at 150 %; maximized again if it was.
        self.start_maximized = restore_window_state(
            self, workspace.load_ui_state().get("window"), PREFERRED_SIZE
        )
        self.pages = QStackedWidget()
        self.list_page = list_page or InspectionListPage()
        self.list_page.open_requested.connect(self.open_inspection)
        self.list_page.new_requested.connect(self.new_inspection)
        self.pages.addWidget(self.list_page)
        self.inspection_page: InspectionPage | None = None

        # The lock screen's form is made when first needed (lock_form).
        self._lock_form: UnlockForm | None = None
        lock_page = QWidget()
        lock_layout = QVBoxLayout(lock_page)
        lock_layout.addStretch(1)
        self._lock_row = QHBoxLayout()
        self._lock_row.addStretch(1)
        self._lock_row.addStretch(1)
        lock_layout.addLayout(self._lock_row)
        lock_layout.addStretch(2)
        self.layers = QStackedWidget()
        self.layers.addWidget(self.pages)
        self.layers.addWidget(lock_page)
        self.setCentralWidget(self.layers)

        self.saved_label = QLabel()
        set_role(self.saved_label, Role.SAVED, "padding: 0 8px;")
        self.statusBar().addPermanentWidget(self.saved_label)
        # Letters are refused while the municipality's details are missing: say so at start.
        self.letters_setup = QPushButton(
            self.tr("Letters: the municipality's details are missing…")
        )
        self.letters_setup.setObjectName("letters_setup")
        self.letters_setup.setFlat(True)
        set_role(self.letters_setup, Role.NOTICE_STRONG)
        self.letters_setup.clicked.connect(lambda _checked=False: self.open_settings())
        self.statusBar().addPermanentWidget(self.letters_setup)
        self._update_letters_setup()
        # Sync: the worker is started by the application after unlocking (``start_sync``).
        self.sync_worker = SyncWorker(workspace, parent=self)
        self.sync_page: Any = None
        from inspector.ui.sync_page import SyncStatusButton

        self.sync_status = SyncStatusButton()
        self.sync_status.clicked.connect(lambda _checked=False: self.show_sync())
        self.statusBar().addPermanentWidget(self.sync_status)
        self.sync_worker.started.connect(self.update_sync_status)
        self.sync_worker.progress.connect(lambda *_args: self.update_sync_status())
        self.sync_worker.finished.connect(self._sync_finished)
        self.update_sync_status()
        self.statusBar().showMessage(self.tr("Signed in as {0}").format(workspace.officer.name))
        self._saved_timer = QTimer(self)
        self._saved_timer.setSingleShot(True)
        self._saved_timer.timeout.connect(lambda: self.saved_label.setText(self.tr("All saved")))

        lock_action = QAction(self.tr("&Lock now"), self)
        lock_action.setShortcut(QKeySequence("Ctrl+L"))
        lock_action.triggered.connect(self.lock)
        back_action = QAction(self.tr("&Inspections list"), self)
        back_action.setShortcut(QKeySequence("Ctrl+Home"))
        back_action.triggered.connect(self.show_list)
        menu = self.menuBar().addMenu(self.tr("&Inspector"))
        menu.addAction(back_action)
        sync_action = QAction(self.tr("S&ync with the office"), self)
        sync_action.setObjectName("sync_page_action")
        sync_action.setShortcut(QKeySequence("Ctrl+Shift+Y"))
        sync_action.triggered.connect(lambda _checked=False: self.show_sync())
        menu.addAction(sync_action)
        menu.addAction(lock_action)
        self.settings_action = menu.addAction(self.tr("Municipality &settings…"))
        self.settings_action.setObjectName("municipality_settings")
        # Only the administrator edits what every letter prints.
        self.settings_action.setEnabled(workspace.officer.role == "administrator")
        self.settings_action.triggered.connect(lambda _checked=False: self.open_settings())
        from inspector.ui.planning import window_hooks

        window_hooks.install(self, menu)
        language_menu = menu.addMenu(self.tr("Interface &language"))
        for code, name in (("nl", "Nederlands"), ("en", "English")):
            action = language_menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(workspace.settings.interface_language == code)
            action.triggered.connect(lambda _checked=False, c=code: self.set_language(c))
        #: The registry clerk's desk: only in an office store holding the registry key.
        self.clerk_desk: QWidget | None = None
        self.clerk_action = menu.addAction("&Burgerzaken: inschrijvingen")
        self.clerk_action.setObjectName("clerk_desk")
        self.clerk_action.setVisible(_is_clerk_store(workspace))
        self.clerk_action.triggered.connect(lambda _checked=False: self.show_clerk_desk())
        quit_action = menu.addAction(self.tr("&Quit"))
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)

        self.idle = IdleWatcher(workspace.settings.idle_lock_minutes, self)
        self.idle.idle.connect(self.lock)
        self.refresh_list(items)

    # -- pages ------------------------------------------------------------------------------

    def refresh_list(self, items: Sequence[Any] | None = None) -> None:
        self.list_page.set_items(self.workspace.inspections.listing() if items is None else items)

    def show_clerk_desk(self) -> None:
        """The clerk's queue, review, quarantine and hand-over (Dutch; burgerzaken)."""
        from inspector.clerk.desk import ClerkDesk
        from inspector.ui.clerk.desk import ClerkDeskWidget

        self.flush_requested.emit()
        if self.clerk_desk is None:
            self.clerk_desk = ClerkDeskWidget(ClerkDesk(self.workspace))
            self.pages.addWidget(self.clerk_desk)
        self.pages.setCurrentWidget(self.clerk_desk)

    def show_list(self) -> None:
        self.flush_requested.emit()
        self.refresh_list()
        self.pages.setCurrentWidget(self.list_page)
        self.remember(inspection_id=None)

    # -- sync -------------------------------------------------------------------------------

    def start_sync(self) -> None:
        """Begin the background syncs (at start, every few minutes; see SyncWorker)."""
        self.sync_worker.start()

    def show_sync(self) -> Any:
        """The Sync page (made on first use)."""
        from inspector.ui.sync_page import SyncPage

        self.flush_requested.emit()
        if self.sync_page is None:
            self.sync_page = SyncPage(self.workspace, self.sync_worker)
            self.sync_page.back_requested.connect(self.show_list)
            self.pages.addWidget(self.sync_page)
        else:
            self.sync_page.refresh()
        self.pages.setCurrentWidget(self.sync_page)
        return self.sync_page

    def update_sync_status(self) -> None:
        from inspector.sync import inbox

        with self.workspace.unit() as s:
            overview = inbox.overview(s)
        self.sync_status.show_state(
            overview, self.workspace.settings.sync_warning_days, self.sync_worker.percent()
        )

    def _sync_finished(self, result: SyncResult) -> None:
        try:
            self.update_sync_status()
        except StoreLocked:
            return  # the store closed while the sync ran (the window is closing)
        # Answers of the office show on the open inspection and its registrations.
        if result.summary is not None and result.summary.pulled:
            page = self.inspection_page
            if page is not None and hasattr(page, "show_office_answers"):
                page.show_office_answers()

    def new_inspection(self) -> None:
        dialog = NewInspectionDialog(self.workspace, self)
        if dialog.exec() and dialog.created is not None:
            self.refresh_list()
            self.open_inspection(dialog.created.id)

    def open_inspection(
        self, inspection_id: InspectionId, where: dict[str, Any] | None = None
    ) -> None:
        from inspector.ui.inspection_page import InspectionPage

        self.flush_requested.emit()
        if self.inspection_page is not None:
            self.inspection_page.shutdown()
            self.pages.removeWidget(self.inspection_page)
            self.inspection_page.deleteLater()
        page = InspectionPage(self.workspace, inspection_id)
        page.saved.connect(self.mark_saved)
        page.whereChanged.connect(lambda state: self.remember(**state))
        page.backRequested.connect(self.show_list)
        page.reopenRequested.connect(self.open_inspection)
        self.flush_requested.connect(page.flush)
        page.set_locked(self.is_locked())
        self.inspection_page = page
        self.pages.addWidget(page)
        self.pages.setCurrentWidget(page)
        if where:
            page.restore(where)
        self.remember(inspection_id=inspection_id)

    def remember(self, **state: Any) -> None:
        """Keep where the officer is (ids only, encrypted), to come back there after a restart."""
        current = self.workspace.load_ui_state()
        current.update(state)
        self.workspace.save_ui_state(current)

    def restore_position(self) -> None:
        state = self.workspace.load_ui_state()
        inspection_id = state.get("inspection_id")
        if inspection_id and self.list_page.model.row_of(inspection_id) >= 0:
            self.open_inspection(InspectionId(inspection_id), state)

    def mark_saved(self) -> None:
        self.saved_label.setText(self.tr("Saved"))
        self._saved_timer.start(1500)

    def open_settings(self) -> None:
        """The administrator's settings screen: the municipality's letter details."""
        from inspector.ui.settings_dialog import SettingsDialog

        if self.workspace.officer.role != "administrator":
            QMessageBox.information(
                self,
                self.tr("Municipality settings"),
                self.tr("Only an administrator can fill in the municipality's details."),
            )
            return
        SettingsDialog(self.workspace, self).exec()
        self._update_letters_setup()

    def _update_letters_setup(self) -> None:
        from inspector.letters import LETTER_OFFICES
        from inspector.settings import contact_problems

        offices = tuple(dict.fromkeys(o for group in LETTER_OFFICES.values() for o in group))
        missing = contact_problems(self.workspace.settings.municipality, offices)
        self.letters_setup.setToolTip("; ".join(missing))
        self.letters_setup.setVisible(bool(missing))

    def set_language(self, language: str) -> None:
        """Keep the choice in the settings and ask the application to rebuild the window."""
        from inspector.settings import save_settings

        if language == self.workspace.settings.interface_language:
            return
        self.flush_requested.emit()
        settings = self.workspace.settings.model_copy(update={"interface_language": language})
        save_settings(self.workspace.paths.settings, settings)
        self.workspace.settings = settings
        self.language_changed.emit(language)

    # -- locking ------------------------------------------------------------------------------

    @property
    def lock_form(self) -> UnlockForm:
        """The lock screen's password form, made at the first lock (not at start)."""
        if self._lock_form is None:
            form = self._new_lock_form()
            form.setMaximumWidth(460)
            self._lock_row.insertWidget(1, form)
            self._lock_form = form
        return self._lock_form

    def _new_lock_form(self) -> UnlockForm:
        form = UnlockForm(
            self.workspace.paths,
            username=self.workspace.officer.username,
            fixed_user=True,
            reauthenticate=lambda password: vault.reauthenticate(self.workspace, password),
        )
        form.unlocked.connect(lambda _ws: self._unlocked())
        return form

    def is_locked(self) -> bool:
        return self.layers.currentIndex() == 1

    def lock(self) -> None:
        """Hide everything on screen behind a lock, dialogs included; keep all state."""
        if self.is_locked():
            return
        self.flush_requested.emit()
        self.idle.pause()
        self.menuBar().setEnabled(False)
        self.layers.setCurrentIndex(1)
        if self.inspection_page is not None:
            self.inspection_page.set_locked(True)
        # An open dialog (a registration, a letter) is covered too, with its own unlock form:
        # while it is modal, the main window cannot take the password.
        self._covers = [
            LockCover(widget, self._new_lock_form())
            for widget in QApplication.topLevelWidgets()
            if widget is not self
            and widget.isVisible()
            and widget.isWindow()
            and not isinstance(widget, QMenu)
        ]
        self.lock_form.focus()
        for cover in self._covers:
            cover.form.focus()

    def _try_reauthenticate(self) -> None:
        self.lock_form.try_unlock()

    def _unlocked(self) -> None:
        for cover in getattr(self, "_covers", []):
            cover.remove()
        self._covers = []
        self.lock_form.password.clear()
        self.lock_form.error.hide()
        if self.inspection_page is not None:
            self.inspection_page.set_locked(False)
        self.menuBar().setEnabled(True)
        self.layers.setCurrentIndex(0)
        self.idle.resume()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.flush_requested.emit()
        try:
            self.remember(window=window_state(self))
        except (StoreLocked, OSError):
            pass  # the store is already closed (or the disk is gone): only the size is lost
        if self.inspection_page is not None:
            self.inspection_page.shutdown()
        self.idle.pause()
        self.sync_worker.shutdown()
        super().closeEvent(event)


def warm_up() -> InspectionListPage:
    """Make (and drop) once what the main window is made of, while the officer types: Qt sets
    up a widget class, its style and fonts the first time one is made (the first list page
    takes ~20 ms, the next ~1.5). Touches no store and shows nothing. Returns an empty list
    page for the main window (``MainWindow(list_page=...)``)."""
    shell = QMainWindow()
    shell.setCentralWidget(QStackedWidget())
    shell.menuBar().addMenu("-").addAction(QAction("-", shell))
    shell.statusBar().addPermanentWidget(QLabel())
    page = InspectionListPage()
    page.set_items([])
    from inspector.ui.sync_page import SyncStatusButton

    shell.setCentralWidget(page)
    shell.statusBar().addPermanentWidget(SyncStatusButton())
    shell.ensurePolished()
    # The window's native side (made, never shown) and every object in it, once seen from
    # Python: shiboken finds each class's Python type the first time, and sets up dozens of
    # Qt classes (and their enums) on the way — during the first paint, otherwise.
    shell.winId()
    for child in (shell.windowHandle(), *shell.findChildren(QObject)):
        del child
    shell.deleteLater()
    return InspectionListPage()
