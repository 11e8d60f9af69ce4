"""Thin Qt item models over plain lists from the workspace."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from inspector import localtime
from inspector.core.workspace import InspectionSummary

_Index = QModelIndex | QPersistentModelIndex


class InspectionTableModel(QAbstractTableModel):
    """The inspections list: reference, state, address, postcode, city, date, residents."""

    COLUMNS = ("reference", "state", "address", "postcode", "city", "date", "residents")

    def __init__(self, items: list[InspectionSummary] | None = None) -> None:
        super().__init__()
        self._items: list[InspectionSummary] = list(items or [])
        self._headers = [
            QCoreApplication.translate("InspectionTableModel", "Reference"),
            QCoreApplication.translate("InspectionTableModel", "State"),
            QCoreApplication.translate("InspectionTableModel", "Address"),
            QCoreApplication.translate("InspectionTableModel", "Postcode"),
            QCoreApplication.translate("InspectionTableModel", "City"),
            QCoreApplication.translate("InspectionTableModel", "Date"),
            QCoreApplication.translate("InspectionTableModel", "Residents"),
        ]
        self._states = {
            "planned": QCoreApplication.translate("InspectionTableModel", "planned"),
            "in_progress": QCoreApplication.translate("InspectionTableModel", "in progress"),
            "finalized": QCoreApplication.translate("InspectionTableModel", "finalized"),
        }

    def set_items(self, items: list[InspectionSummary]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def item(self, row: int) -> InspectionSummary:
        return self._items[row]

    def row_of(self, inspection_id: str) -> int:
        for row, item in enumerate(self._items):
            if item.id == inspection_id:
                return row
        return -1

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._items)):
            return None
        item = self._items[index.row()]
        col = self.COLUMNS[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if col == "reference":
                return item.reference
            if col == "state":
                return self._states.get(item.state, item.state)
            if col == "address":
                return item.address
            if col == "postcode":
                return item.postcode
            if col == "city":
                return item.city
            if col == "date":
                when = item.finalized_at or item.started_at or item.planned_at or item.created_at
                return localtime.local(when).strftime("%Y-%m-%d %H:%M")
            if col == "residents":
                return item.resident_count
        if role == Qt.ItemDataRole.UserRole:
            return item.id
        if role == Qt.ItemDataRole.UserRole + 1:
            # One lower-cased string to search in: address, postcode (with and without space),
            # city, reference and date.
            when = item.finalized_at or item.started_at or item.planned_at or item.created_at
            return " ".join(
                [
                    item.address,
                    item.postcode,
                    item.postcode.replace(" ", ""),
                    item.city,
                    item.reference,
                    localtime.local(when).strftime("%Y-%m-%d"),
                    localtime.local(when).strftime("%d-%m-%Y"),
                ]
            ).lower()
        if role == Qt.ItemDataRole.TextAlignmentRole and col == "residents":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if 0 <= section < len(self._headers):
                return self._headers[section]
        return None
