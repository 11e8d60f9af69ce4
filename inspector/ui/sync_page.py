"""The window's side of sync: the Sync page (each record, a progress bar during uploads, "sync
now"), the status-bar item, the provisioning dialog with the office fingerprint, and the plain
sentences for errors and the office's answers."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inspector import localtime
from inspector.core.workspace import Workspace
from inspector.error_kinds import KnownError
from inspector.states import ClerkState
from inspector.sync import inbox
from inspector.ui import style
from inspector.ui.models import ListTableModel
from inspector.ui.operations import error_text
from inspector.ui.style import Role, set_role
from inspector.ui.sync_worker import SyncResult, SyncWorker

_Index = QModelIndex | QPersistentModelIndex


def size_text(n: int | None) -> str:
    """A byte count as people read it ("1,4 MB" in Dutch)."""
    if n is None:
        return ""
    if n < 1000:
        # Qt's own text below 1 kB is "0 byte" without its base translations: say it plainly.
        if n == 1:
            return QCoreApplication.translate("sync", "1 byte")
        return QCoreApplication.translate("sync", "{0} bytes").format(QLocale().toString(n))
    return QLocale().formattedDataSize(n, 1, QLocale.DataSizeFormat.DataSizeSIFormat)


def when_text(moment: Any) -> str:
    return localtime.local(moment).strftime("%d-%m-%Y %H:%M") if moment else ""


def plain_error(error: str | None) -> str:
    """The client's error (an English sentence from the core or the service) as one plain
    sentence in the interface language, saying what happens next."""
    if not error:
        return ""
    text = error.split(": ", 1)[1] if error.startswith("pull: ") else error
    low = text.lower()
    if error.startswith("pull: "):
        return QCoreApplication.translate(
            "sync", "The office's answers could not be fetched; the app tries again next time."
        )
    if "not provisioned" in low:
        return QCoreApplication.translate(
            "sync", "This laptop is not linked to the office yet: choose “Link to the office…”."
        )
    if "revoked" in low:
        return QCoreApplication.translate(
            "sync",
            "The office has revoked this laptop: nothing more is sent. Ask the administrator "
            "to hand in its records with an export; nothing is lost.",
        )
    if "refuses this laptop" in low or "credential is not valid" in low:
        return QCoreApplication.translate(
            "sync",
            "The office server does not accept this laptop's credential; link the laptop again "
            "or call the office.",
        )
    if "cannot be reached" in low:
        return QCoreApplication.translate(
            "sync", "The office server cannot be reached; the app tries again by itself."
        )
    if "storage is full" in low:
        return QCoreApplication.translate(
            "sync",
            "The office server's storage is full; the record stays on this laptop and is sent "
            "again later.",
        )
    if "database is not available" in low or "internal error" in low:
        return QCoreApplication.translate(
            "sync", "The office server has a problem of its own; the app tries again later."
        )
    if "too many requests" in low:
        return QCoreApplication.translate(
            "sync", "The office server asks to wait a moment; the app tries again by itself."
        )
    if "larger than this service takes" in low:
        return QCoreApplication.translate(
            "sync",
            "The record is larger than the office server accepts; call the office (the record "
            "stays on this laptop).",
        )
    if "another hash" in low:
        return QCoreApplication.translate(
            "sync",
            "The office already holds a different record with this number; call the office "
            "(the record stays on this laptop).",
        )
    if "no valid receipt" in low:
        return QCoreApplication.translate(
            "sync",
            "The server gave no valid receipt; the record stays on this laptop and is sent again.",
        )
    if "unexpected error" in low or "upload failed" in low:
        return QCoreApplication.translate(
            "sync", "Sending stopped on this laptop; the app tries again later."
        )
    if "fingerprint" in low:
        return QCoreApplication.translate(
            "sync",
            "The office key offered by this server is not the office's: do not continue and "
            "call the office.",
        )
    return QCoreApplication.translate(
        "sync", "Sending failed ({0}); the app tries again later."
    ).format(text.rstrip("."))


#: The lead-in of each outcome message as the clerk's desk sends it (clerk.desk.downlink_content).
_CLERK_LEAD_INS = {
    "processed": "verwerkt: ",
    "returned": "vraag van burgerzaken: ",
    "refused": "geweigerd door burgerzaken: ",
}


def outcome_text(outcome: inbox.Outcome | None, kind: str = "registration") -> str:
    """The office's answer as the window shows it: "verwerkt", "vraag van burgerzaken: …"."""
    if outcome is None:
        return ""
    # The clerk's desk writes its own Dutch lead-in ("vraag van burgerzaken: …"); the window
    # says what kind of answer it is itself, so the lead-in is not repeated.
    message = (outcome.message or "").removeprefix(_CLERK_LEAD_INS.get(outcome.state, ""))
    if outcome.state == ClerkState.PROCESSED:
        return QCoreApplication.translate("sync", "processed") + (f": {message}" if message else "")
    if outcome.state == ClerkState.RETURNED:
        if kind == "registration":
            return QCoreApplication.translate("sync", "question from burgerzaken: {0}").format(
                message
            )
        return QCoreApplication.translate("sync", "question from the office: {0}").format(message)
    if outcome.state == ClerkState.REFUSED:
        return QCoreApplication.translate("sync", "refused: {0}").format(message)
    return outcome.state


def state_text(state: str) -> str:
    return {
        "unsealed": QCoreApplication.translate("sync", "Not sealed yet"),
        "waiting": QCoreApplication.translate("sync", "Waiting"),
        "delivered": QCoreApplication.translate("sync", "Delivered (receipt)"),
        "purged": QCoreApplication.translate("sync", "Delivered, copy removed"),
    }.get(state, state)


class SyncRecordModel(ListTableModel[inbox.RecordLine]):
    """A thin table over ``list[inbox.RecordLine]``; UserRole gives the line itself."""

    COLUMNS = ("what", "state", "sent", "office", "problem")

    def __init__(self) -> None:
        super().__init__()
        #: Bytes sent so far of the record going out now (record id -> bytes).
        self._live: dict[str, int] = {}

    def rows_replaced(self) -> None:
        self._live.clear()

    def titles(self) -> dict[str, str]:
        return {
            "what": QCoreApplication.translate("sync", "Record"),
            "state": QCoreApplication.translate("sync", "State"),
            "sent": QCoreApplication.translate("sync", "Sent"),
            "office": QCoreApplication.translate("sync", "Answer of the office"),
            "problem": QCoreApplication.translate("sync", "Problem"),
        }

    def set_live(self, record_id: str, done: int) -> None:
        self._live[record_id] = done
        for i, r in enumerate(self._rows):
            if r.record_id == record_id:
                sent = self.index(i, self.COLUMNS.index("sent"))
                self.dataChanged.emit(sent, sent)
                return

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r = self._rows[index.row()]
        column = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.UserRole:
            return r
        if role == Qt.ItemDataRole.DisplayRole:
            if column == "what":
                kind = (
                    QCoreApplication.translate("sync", "Inspection")
                    if r.kind == "inspection"
                    else QCoreApplication.translate("sync", "Registration")
                )
                parts = [f"{kind} v{r.version}"]
                if r.resident:
                    parts.append(r.resident)
                parts += [p for p in (r.reference, r.address) if p]
                return " · ".join(parts)
            if column == "state":
                if r.state in inbox.WAITING_STATES and r.record_id in self._live:
                    return QCoreApplication.translate("sync", "Sending…")
                return state_text(r.state)
            if column == "sent":
                done = self._live.get(r.record_id, r.bytes_sent)
                if r.state in ("delivered", "purged"):
                    done = max(done, r.size or 0)
                if r.size is None:
                    return ""
                return QCoreApplication.translate("sync", "{0} of {1}").format(
                    size_text(min(done, r.size)), size_text(r.size)
                )
            if column == "office":
                return outcome_text(r.outcome, r.kind)
            if column == "problem":
                return "" if r.state in ("delivered", "purged") else plain_error(r.error)
        if role == Qt.ItemDataRole.ToolTipRole and column in ("office", "problem"):
            return self.data(index, Qt.ItemDataRole.DisplayRole) or None
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == "state":
                colour = {
                    "delivered": style.OK_TEXT,
                    "purged": style.UNKNOWN,
                    "waiting": style.PENDING,
                }.get(r.state)
                return None if colour is None else QColor(colour)
            if column == "problem":
                return QColor(style.ERROR)
        return None


class SyncStatusButton(QPushButton):
    """The status bar's sync item: last sync, records waiting, a warning when records wait too
    long; a click opens the Sync page."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sync_status")
        self.setFlat(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(self.tr("Open the Sync page"))

    def show_state(
        self, overview: inbox.Overview, warning_days: int, progress: int | None = None
    ) -> None:
        css = "padding: 0 8px;"
        if progress is not None and overview.provisioned:
            text = self.tr("Sync: sending… {0} %").format(progress)
        elif overview.waiting_longer_than(warning_days):
            text = self.tr("⚠ {0} waiting longer than {1} days").format(
                overview.waiting, warning_days
            )
            css += style.ROLE_STYLES[Role.NOTICE_STRONG]
        elif not overview.provisioned:
            text = self.tr("Sync: not linked to the office")
            css += f"color: {style.SECONDARY};"
        elif overview.waiting:
            text = self.tr("Sync: {0} waiting · last {1}").format(
                overview.waiting, when_text(overview.last_sync) or self.tr("never")
            )
        else:
            text = self.tr("Sync: all delivered · {0}").format(
                when_text(overview.last_sync) or self.tr("never")
            )
            css += style.ROLE_STYLES[Role.SAVED]
        self.setStyleSheet(css)
        self.setText(text)
        # Room for the text and the padding: the status bar does not read the style's padding.
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance(text) + 32)


class SyncPage(QWidget):
    """Each record's state, bytes sent and problem; the office's answers; a progress bar while
    records go out; "Sync now" and "Link to the office…".

    Signals:
        back_requested(): the officer wants the inspections list.
    """

    back_requested = Signal()

    def __init__(self, workspace: Workspace, worker: SyncWorker, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("sync_page")
        self.workspace = workspace
        self.worker = worker
        self.overview = inbox.Overview(False)

        title = QLabel(self.tr("<h2>Sync with the office</h2>"))
        self.back_button = QPushButton(self.tr("← Inspections"))
        self.back_button.clicked.connect(lambda _checked=False: self.back_requested.emit())
        self.link_button = QPushButton(self.tr("&Link to the office…"))
        self.link_button.setObjectName("sync_link")
        self.link_button.clicked.connect(lambda _checked=False: self.open_provisioning())
        self.sync_button = QPushButton(self.tr("Sync &now"))
        self.sync_button.setObjectName("sync_now")
        self.sync_button.clicked.connect(lambda _checked=False: self.worker.sync_now())
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addWidget(title, 1)
        top.addWidget(self.link_button)
        top.addWidget(self.sync_button)

        self.info = QLabel()
        self.info.setObjectName("sync_info")
        self.info.setWordWrap(True)
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.warning = QLabel()
        self.warning.setObjectName("sync_warning")
        self.warning.setWordWrap(True)
        set_role(self.warning, Role.NOTICE_STRONG)
        self.error = QLabel()
        self.error.setObjectName("sync_error")
        self.error.setWordWrap(True)
        set_role(self.error, Role.ERROR)
        self.progress = QProgressBar()
        self.progress.setObjectName("sync_progress")
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(True)
        self.progress_label = QLabel()
        self.progress_label.setObjectName("sync_progress_label")
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress_label)
        progress_row.addWidget(self.progress, 1)
        self.progress_box = QWidget()
        self.progress_box.setLayout(progress_row)
        self.progress_box.hide()

        self.model = SyncRecordModel()
        self.table = QTableView()
        self.table.setObjectName("sync_records")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((380, 200, 170, 300)):
            header.resizeSection(column, width)
        self.empty = QLabel(
            self.tr("No records yet: a finalized inspection or a signed registration appears here.")
        )
        set_role(self.empty, Role.SECONDARY, "padding: 12px;")
        self.received = QLabel()
        self.received.setObjectName("sync_received")
        keys_note = QLabel(
            self.tr(
                "Records are sealed for the office's keys before they leave this laptop: only "
                "burgerzaken and handhaving can open them. If the office loses its private key, "
                "the records sealed to it are lost for good — nobody, this laptop included, can "
                "open them again. The office keeps a backup of its keys for that reason."
            )
        )
        keys_note.setObjectName("sync_keys_note")
        keys_note.setWordWrap(True)
        set_role(keys_note, Role.SECONDARY)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.info)
        layout.addWidget(self.warning)
        layout.addWidget(self.error)
        layout.addWidget(self.progress_box)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.received)
        layout.addWidget(keys_note)

        worker.started.connect(self._started)
        worker.progress.connect(self._progress)
        worker.finished.connect(self._finished)
        self.refresh()

    # -- data -------------------------------------------------------------------------------

    def refresh(self) -> None:
        with self.workspace.unit() as s:
            self.overview = inbox.overview(s)
            lines = inbox.record_lines(s)
            visits = inbox.planned_visits(s)
        self.model.set_rows(lines)
        self.empty.setVisible(not lines)
        self.table.setVisible(bool(lines))
        o = self.overview
        days = self.workspace.settings.sync_warning_days
        if o.provisioned:
            self.info.setText(
                self.tr("Server: {0} · this laptop: {1} · last sync: {2}").format(
                    o.server, o.device_id, when_text(o.last_sync) or self.tr("never")
                )
            )
            self.link_button.setText(self.tr("&Link again…"))
        else:
            self.info.setText(
                self.tr(
                    "This laptop is not linked to the office yet. Ask the administrator for the "
                    "server address and a one-time code, then choose “Link to the office…”. "
                    "Until then finalized records wait here, safely sealed later."
                )
            )
        self.sync_button.setEnabled(o.provisioned and not self.worker.is_running())
        if o.waiting_longer_than(days):
            self.warning.setText(
                self.tr(
                    "{0} records have waited longer than {1} days to reach the office. Connect "
                    "the laptop to the network and choose “Sync now”, or tell the office."
                ).format(o.waiting, days)
            )
        self.warning.setVisible(o.waiting_longer_than(days))
        self.error.setText(plain_error(o.last_error) if o.provisioned else "")
        self.error.setVisible(bool(self.error.text()))
        delivered = o.counts.get("delivered", 0) + o.counts.get("purged", 0)
        answers = sum(1 for line in lines if line.outcome is not None)
        self.received.setText(
            self.tr(
                "Waiting: {0} · delivered: {1} · answers from the office: {2} · planned visits "
                "received: {3}"
            ).format(o.waiting, delivered, answers, visits)
        )

    # -- the worker -------------------------------------------------------------------------

    def _started(self) -> None:
        self.sync_button.setEnabled(False)
        self.progress.setValue(0)
        self.progress.setFormat("0 %")
        self.progress_label.setText(self.tr("Connecting to the office…"))
        self.progress_box.show()

    def _progress(self, record_id: str, done: int, size: int) -> None:
        sizes, sent = self.worker.sizes, self.worker.sent
        total = sum(sizes.values()) or 1
        so_far = min(sum(sent.values()), total)
        self.progress.setValue(int(1000 * so_far / total))
        self.progress.setFormat(f"{100 * so_far // total} %")
        self.progress_label.setText(
            self.tr("Sending record {0} of {1}: {2} of {3}").format(
                len(sent), len(sizes), size_text(so_far), size_text(total)
            )
        )
        self.model.set_live(record_id, done)

    def _finished(self, result: SyncResult) -> None:
        self.progress_box.hide()
        self.refresh()
        if result.failure is not None:
            self.error.setText(plain_error(result.failure))
            self.error.setVisible(True)

    # -- provisioning -----------------------------------------------------------------------

    def open_provisioning(self) -> bool:
        dialog = ProvisionDialog(self.workspace, self)
        linked = bool(dialog.exec())
        self.refresh()
        if linked:
            self.worker.sync_now()
        return linked


class ProvisionDialog(QDialog):
    """Links this laptop to the office: server address and one-time code, then the office
    root key's fingerprint in groups to read out over the phone, pinned only after the officer
    confirms that every group matches."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("provision_dialog")
        self.workspace = workspace
        self.setWindowTitle(self.tr("Link to the office"))
        self.device_id: str | None = None
        self._bundle: Any = None
        self._fetched_for: tuple[str, str] | None = None

        intro = QLabel(
            self.tr(
                "The administrator gives you the server address and a one-time code (valid 24 "
                "hours). The app then shows the office's key as ten groups of digits: compare "
                "them with the office, by phone, before you link."
            )
        )
        intro.setWordWrap(True)
        self.url = QLineEdit()
        self.url.setObjectName("provision_url")
        self.url.setPlaceholderText("https://sync.gemeente.example")
        self.code = QLineEdit()
        self.code.setObjectName("provision_code")
        self.code.setPlaceholderText(self.tr("e.g. ABCD-EFGH-JKLM-NPQR-STUV-WXYZ"))
        self.fetch_button = QPushButton(self.tr("&Show the office key"))
        self.fetch_button.setObjectName("provision_fetch")
        self.fetch_button.clicked.connect(lambda _checked=False: self.fetch())
        form = QFormLayout()
        form.addRow(self.tr("Server address"), self.url)
        form.addRow(self.tr("One-time code"), self.code)

        self.fingerprint_box = QWidget()
        self.fingerprint_box.setObjectName("provision_fingerprint")
        box = QVBoxLayout(self.fingerprint_box)
        box.setContentsMargins(0, 8, 0, 0)
        ask = QLabel(
            self.tr(
                "<b>Read these ten groups out to the office</b> (or compare them with what the "
                "office gave you). Link only when every group is the same: otherwise this "
                "server is not the office's, and you should call the office."
            )
        )
        ask.setWordWrap(True)
        box.addWidget(ask)
        self.groups: list[QLabel] = []
        grid = QGridLayout()
        mono = QFont("DejaVu Sans Mono")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        mono.setPointSizeF(18)
        for i in range(10):
            number = QLabel(f"{i + 1}.")
            set_role(number, Role.SECONDARY)
            group = QLabel()
            group.setFont(mono)
            group.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.groups.append(group)
            grid.addWidget(number, i // 5, 2 * (i % 5))
            grid.addWidget(group, i // 5, 2 * (i % 5) + 1)
        grid.setColumnStretch(10, 1)
        grid.setHorizontalSpacing(10)
        box.addLayout(grid)
        self.confirm = QCheckBox(self.tr("All ten groups are the same as the office's"))
        self.confirm.setObjectName("provision_confirm")
        self.confirm.toggled.connect(lambda _on: self._update_buttons())
        box.addWidget(self.confirm)
        self.fingerprint_box.hide()

        self.error = QLabel()
        self.error.setObjectName("provision_error")
        self.error.setWordWrap(True)
        set_role(self.error, Role.ERROR)
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.link_button = buttons.addButton(
            self.tr("&Link this laptop"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.link_button.setObjectName("provision_link")
        buttons.accepted.connect(self.link)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.fetch_button)
        layout.addLayout(row)
        layout.addWidget(self.fingerprint_box)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.url.textChanged.connect(lambda _text: self._inputs_changed())
        self.code.textChanged.connect(lambda _text: self._inputs_changed())
        self.resize(760, 460)
        self._update_buttons()

    def _inputs(self) -> tuple[str, str]:
        return self.url.text().strip().rstrip("/"), self.code.text().strip()

    def _inputs_changed(self) -> None:
        # Another server or code: the fingerprint shown no longer belongs to it.
        if self._fetched_for is not None and self._fetched_for != self._inputs():
            self._bundle = None
            self._fetched_for = None
            self.confirm.setChecked(False)
            self.fingerprint_box.hide()
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.link_button.setEnabled(self._bundle is not None and self.confirm.isChecked())

    def _say(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def _check_inputs(self) -> bool:
        url, code = self._inputs()
        problems = []
        if not url.startswith(("https://", "http://")) or len(url) < 10:
            problems.append(
                self.tr("the server address starts with https:// (for example {0})").format(
                    "https://sync.gemeente.example"
                )
            )
        # 24: the service's half and the office's (which certifies this laptop's keys); a
        # code of 12 is the service's half alone (older office: keys stay uncertified).
        if sum(ch.isalnum() for ch in code) not in (12, 24):
            problems.append(
                self.tr("the one-time code has 24 letters and digits, like {0}").format(
                    "ABCD-EFGH-JKLM-NPQR-STUV-WXYZ"
                )
            )
        if problems:
            self._say(self.tr("Not yet: {0}.").format("; ".join(problems)))
            return False
        return True

    def fetch(self) -> bool:
        """Fetch the office's keys from the server and show the root fingerprint."""
        if not self._check_inputs():
            return False
        from inspector.sync import client
        from inspector.ui.background import wait_for

        url, code = self._inputs()
        self._say("")
        try:
            bundle = wait_for(lambda: client.fetch_bundle(url, timeout=15.0), writes=False)
        except client.SyncFailure as exc:
            self._say(error_text(exc))
            return False
        self._bundle = bundle
        self._fetched_for = (url, code)
        for label, group in zip(self.groups, bundle.fingerprint.split(), strict=True):
            label.setText(group)
        self.confirm.setChecked(False)
        self.fingerprint_box.show()
        self._update_buttons()
        return True

    def link(self) -> None:
        """Pin the fingerprint shown and confirmed, register this laptop with the code."""
        if self._bundle is None or not self.confirm.isChecked():
            return
        from inspector.sync import client
        from inspector.ui.background import wait_for

        url, code = self._inputs()
        fingerprint = self._bundle.fingerprint
        try:
            self.device_id = wait_for(
                lambda: client.provision(self.workspace, url, code, fingerprint)
            )
        except client.SyncFailure as exc:
            self._say(self._refusal(exc))
            return
        self.accept()

    def _refusal(self, exc: Exception) -> str:
        # The service's reason is an English phrase (its API): matched here, never shown.
        low = (exc.message.en if isinstance(exc, KnownError) else "").lower()
        if "expired" in low:
            return self.tr("This one-time code has expired: ask the administrator for a new one.")
        if "code is not valid" in low:
            return self.tr(
                "The server does not know this one-time code (or it was used already): check it "
                "or ask for a new one."
            )
        if "already pinned to another office" in low:
            return self.tr(
                "This laptop is linked to another office's key; it cannot be linked to this "
                "server. Call the office."
            )
        return error_text(exc)
