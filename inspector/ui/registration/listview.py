"""The registration list of one inspection: who is registered, pending, declined or not started."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inspector import localtime
from inspector.core import registrations as en
from inspector.core.ids import InspectionId
from inspector.core.workspace import Workspace
from inspector.registration_form.fields import RegistrationKind
from inspector.ui import style
from inspector.ui.models import ListTableModel

_Index = QModelIndex | QPersistentModelIndex


class RegistrationListModel(ListTableModel[en.RegistrationRow]):
    """A thin table over ``list[RegistrationRow]``; UserRole gives the row itself."""

    COLUMNS = ("name", "room", "status", "kind", "version", "signed_at", "office")
    #: Longer answers of the office are cut in the cell; the tooltip holds all of it.
    OFFICE_CHARS = 60

    def __init__(self, rows: list[en.RegistrationRow] | None = None) -> None:
        super().__init__(rows)
        self._answers: dict[str, str] = {}

    def set_rows(
        self, rows: Iterable[en.RegistrationRow], answers: dict[str, str] | None = None
    ) -> None:
        """*answers*: the office's latest answer per registration id, as the window words it."""
        self._answers = dict(answers or {})
        super().set_rows(rows)

    def titles(self) -> dict[str, str]:
        return {
            "name": QCoreApplication.translate("RegistrationListModel", "Resident"),
            "room": QCoreApplication.translate("RegistrationListModel", "Room"),
            "status": QCoreApplication.translate("RegistrationListModel", "Registration"),
            "kind": QCoreApplication.translate("RegistrationListModel", "Kind"),
            "version": QCoreApplication.translate("RegistrationListModel", "Version"),
            "signed_at": QCoreApplication.translate("RegistrationListModel", "Signed"),
            "office": QCoreApplication.translate("RegistrationListModel", "Office"),
        }

    def counts(self) -> dict[str, int]:
        result: dict[str, int] = {}
        for r in self._rows:
            result[r.status] = result.get(r.status, 0) + 1
        return result

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r = self._rows[index.row()]
        column = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.UserRole:
            return r
        if role == Qt.ItemDataRole.DisplayRole:
            if column == "name":
                return r.resident_name
            if column == "room":
                return r.room or ""
            if column == "status":
                return {
                    "registered": QCoreApplication.translate("RegistrationListModel", "Registered"),
                    "pending": QCoreApplication.translate("RegistrationListModel", "Pending"),
                    "declined": QCoreApplication.translate("RegistrationListModel", "Declined"),
                    "referred_rni": QCoreApplication.translate(
                        "RegistrationListModel", "Referred to the RNI counter"
                    ),
                    "none": QCoreApplication.translate("RegistrationListModel", "Not started"),
                }.get(r.status, r.status)
            if column == "kind":
                return {
                    RegistrationKind.INGEZETENE: QCoreApplication.translate(
                        "RegistrationListModel", "Resident (BRP)"
                    ),
                    RegistrationKind.RNI: QCoreApplication.translate(
                        "RegistrationListModel", "Non-resident (RNI)"
                    ),
                }.get(r.kind or "", "")
            if column == "version":
                return "" if r.version is None else str(r.version)
            if column == "signed_at":
                return (
                    localtime.local(r.signed_at).strftime("%d-%m-%Y %H:%M") if r.signed_at else ""
                )
            if column == "office":
                answer = self._answers.get(r.registration_id or "", "")
                if len(answer) > self.OFFICE_CHARS:
                    answer = answer[: self.OFFICE_CHARS - 1].rstrip() + "…"
                return answer
        if role == Qt.ItemDataRole.ToolTipRole and column == "office":
            return self._answers.get(r.registration_id or "") or None
        if role == Qt.ItemDataRole.ForegroundRole and column == "status":
            return QColor(
                {
                    "registered": style.OK_TEXT,
                    "pending": style.PENDING,
                    "declined": style.UNKNOWN,
                    "referred_rni": style.INFO,
                }.get(r.status, "black")
            )
        return None


class RegistrationListWidget(QWidget):
    """The registration list of an inspection, with a count per state.

    Signals:
        open_requested(str): a resident id, on double-click or Enter: open the wizard for it.
    """

    open_requested = Signal(str)

    def __init__(
        self, workspace: Workspace, inspection_id: InspectionId, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("registration_list")
        self.ws = workspace
        self.inspection_id = inspection_id
        self.model = RegistrationListModel()
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        # Every column as wide as its header and values (nothing cut off); the name takes the rest.
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.view.activated.connect(self._activated)
        self.summary = QLabel()
        self.summary.setObjectName("registration_summary")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        self.refresh()

    def refresh(self) -> None:
        from inspector.sync import inbox
        from inspector.ui.sync_page import outcome_text

        rows = self.ws.registrations.list_for(self.inspection_id)
        with self.ws.unit() as s:
            found = inbox.outcomes_by_source(
                s, [r.registration_id for r in rows if r.registration_id]
            )
        answers = {rid: outcome_text(o[-1], "registration") for rid, o in found.items()}
        self.model.set_rows(rows, answers)
        c = self.model.counts()
        text = self.tr("Registered: {0} · pending: {1} · declined: {2} · not started: {3}").format(
            c.get("registered", 0), c.get("pending", 0), c.get("declined", 0), c.get("none", 0)
        )
        if c.get("referred_rni"):
            text += " · " + self.tr("referred to the RNI counter: {0}").format(c["referred_rni"])
        self.summary.setText(text)

    def selected_resident(self) -> str | None:
        indexes = self.view.selectionModel().selectedRows()
        if not indexes:
            return None
        return self.model.row(indexes[0].row()).resident_id

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_requested.emit(self.model.row(index.row()).resident_id)
