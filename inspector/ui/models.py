"""Thin Qt item models over plain lists from the workspace."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, ClassVar, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QModelRoleData,
    QModelRoleDataSpan,
    QPersistentModelIndex,
    QSortFilterProxyModel,
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
        self._rows: Sequence[RowT] = list(rows or [])

    def titles(self) -> Mapping[str, str]:
        """Column name -> its title in the interface language."""
        raise NotImplementedError

    def set_rows(self, rows: Iterable[RowT]) -> None:
        """*rows* copied: the caller may go on changing its list."""
        self.replace_rows(list(rows))

    def replace_rows(self, rows: Sequence[RowT]) -> None:
        """*rows* as they are (not copied): for a sequence that produces its rows when asked."""
        self.beginResetModel()
        self._rows = rows
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

    def __init__(self, items: Sequence[InspectionSummary] | None = None) -> None:
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

    def set_items(self, items: Sequence[InspectionSummary]) -> None:
        """*items* as they are: a list, or the workspace's ``SummaryList``, whose rows are
        decrypted when this model first asks for them (the visible ones), the rest by
        :meth:`decrypt_some` in the background."""
        self.replace_rows(items)

    def decrypt_some(self, count: int) -> bool:
        """Decrypt up to *count* more rows not shown yet; True once every row is readable (at
        once for a plain list). Searching and sorting do not need it: they ask for each row,
        which is then decrypted first."""
        decrypt_next = getattr(self._rows, "decrypt_next", None)
        return True if decrypt_next is None else bool(decrypt_next(count))

    def row_of(self, inspection_id: InspectionId) -> int:
        index_of = getattr(self._rows, "index_of", None)
        if index_of is not None:
            return int(index_of(inspection_id))  # by id: nothing decrypted
        for row, item in enumerate(self._rows):
            if item.id == inspection_id:
                return row
        return -1

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        return self._value(self._rows[index.row()], index.column(), role)

    def multiData(  # noqa: N802
        self,
        index: _Index,
        roleDataSpan: QModelRoleDataSpan | QModelRoleData,  # noqa: N803
    ) -> None:
        """All the roles a view asks for one cell in one call (a delegate asks for eight or
        nine per cell to size and draw it: one call into Python instead of one per role)."""
        span: Any = roleDataSpan  # indexable (PySide's stubs do not say so)
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            for i in range(span.size()):
                span[i].clearData()
            return
        item, column = self._rows[index.row()], index.column()
        for i in range(span.size()):
            wanted = span[i]
            value = self._value(item, column, wanted.role())
            if value is None:
                wanted.clearData()
            else:
                wanted.setData(value)

    def _value(self, item: InspectionSummary, column: int, role: int) -> Any:
        col = self.COLUMNS[column]
        if role == _DISPLAY or role == _TOOLTIP:
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
            return None
        if role == _ID:
            return item.id
        if role == _SEARCH:
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
        if role == _ALIGNMENT and col == "residents":
            return _RIGHT
        return None


class RowsProxy(QSortFilterProxyModel):
    """A sort/filter proxy that hands a view's questions for all the roles of a cell to its
    source in one call (``multiData``; Qt's proxy would ask the source role by role)."""

    def multiData(  # noqa: N802
        self,
        index: _Index,
        roleDataSpan: QModelRoleDataSpan | QModelRoleData,  # noqa: N803
    ) -> None:
        source = self.sourceModel()
        if source is None or not index.isValid():
            span: Any = roleDataSpan
            for i in range(span.size()):
                span[i].clearData()
            return
        source.multiData(self.mapToSource(index), roleDataSpan)


# The roles as plain numbers: compared for every cell a view draws or sizes.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_ID = int(Qt.ItemDataRole.UserRole)
_SEARCH = int(Qt.ItemDataRole.UserRole) + 1
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
