"""Thin Qt item models over plain lists from the workspace."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from inspector import localtime
from inspector.core.ids import InspectionId
from inspector.core.workspace import InspectionSummary
from inspector.states import InspectionState

_Index = QModelIndex | QPersistentModelIndex
RowT = TypeVar("RowT")


class ListTableModel(QAbstractTableModel, Generic[RowT]):
    """A thin table over a plain list of rows, its columns named (Vorta's table models).

    A subclass names its columns in ``COLUMNS`` and their titles in :meth:`titles` (column ->
    title, translated when the header is drawn), and answers :meth:`data`; the row count,
    column count and header are this class's.
    """

    COLUMNS: ClassVar[tuple[str, ...]] = ()

    def __init__(self, rows: Iterable[RowT] | None = None) -> None:
        super().__init__()
        self._rows: list[RowT] = list(rows or [])

    def titles(self) -> Mapping[str, str]:
        """Column name -> its title in the interface language."""
        raise NotImplementedError

    def set_rows(self, rows: Iterable[RowT]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.rows_replaced()
        self.endResetModel()

    def rows_replaced(self) -> None:
        """Called inside the reset when the rows were replaced: drop what was kept per row."""

    def row(self, index: int) -> RowT:
        return self._rows[index]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if not 0 <= section < len(self.COLUMNS):
            return None
        return self.titles()[self.COLUMNS[section]]


class InspectionTableModel(ListTableModel[InspectionSummary]):
    """The inspections list: reference, state, address, postcode, city, date, residents."""

    COLUMNS = ("reference", "state", "address", "postcode", "city", "date", "residents")

    def __init__(self, items: list[InspectionSummary] | None = None) -> None:
        super().__init__(items)
        self._states: dict[str, str] = {
            InspectionState.PLANNED: QCoreApplication.translate("InspectionTableModel", "planned"),
            InspectionState.IN_PROGRESS: QCoreApplication.translate(
                "InspectionTableModel", "in progress"
            ),
            InspectionState.FINALIZED: QCoreApplication.translate(
                "InspectionTableModel", "finalized"
            ),
        }

    def titles(self) -> dict[str, str]:
        return {
            "reference": QCoreApplication.translate("InspectionTableModel", "Reference"),
            "state": QCoreApplication.translate("InspectionTableModel", "State"),
            "address": QCoreApplication.translate("InspectionTableModel", "Address"),
            "postcode": QCoreApplication.translate("InspectionTableModel", "Postcode"),
            "city": QCoreApplication.translate("InspectionTableModel", "City"),
            "date": QCoreApplication.translate("InspectionTableModel", "Date"),
            "residents": QCoreApplication.translate("InspectionTableModel", "Residents"),
        }

    def set_items(self, items: list[InspectionSummary]) -> None:
        self.set_rows(items)

    def item(self, row: int) -> InspectionSummary:
        return self._rows[row]

    def row_of(self, inspection_id: InspectionId) -> int:
        for row, item in enumerate(self._rows):
            if item.id == inspection_id:
                return row
        return -1

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        item = self._rows[index.row()]
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
