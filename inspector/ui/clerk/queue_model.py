"""The clerk's queue as a thin table model over plain rows (inspector.clerk.desk.QueueRow)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from inspector.clerk.desk import QueueRow
from inspector.ui import style
from inspector.ui.models import ListTableModel

#: What a cell shows -> its header; the Dutch interface of burgerzaken.
HEADERS: dict[str, str] = {
    "kind": "Soort",
    "name": "Naam",
    "birth_date": "Geboren",
    "officer": "Toezichthouder",
    "address": "Adres",
    "inspection_reference": "Controle",
    "received_on": "Ontvangen (leeftijd)",
    "due_on": "Termijn tot",
    "state_label": "Status",
    "assigned_to": "Behandelaar",
}
#: Background per urgency: the term runs out (orange), it has passed (red), done (grey).
URGENCY_COLOURS = {
    "overdue": QColor(style.ERROR_BACKGROUND),
    "due": QColor(style.NOTICE_BACKGROUND),
    "done": QColor(style.PANEL_BACKGROUND),
}
RECORD_ID_ROLE = Qt.ItemDataRole.UserRole + 1
URGENCY_ROLE = Qt.ItemDataRole.UserRole + 2


def _dmy(value: Any) -> str:
    return value.strftime("%d-%m-%Y") if value else ""


def cell(row: QueueRow, key: str) -> str:
    if key == "kind":
        return "ter plaatse" if row.on_the_spot else "lijst"
    if key == "birth_date":
        parts = row.birth_date.split("-")
        return "-".join(reversed(parts)) if len(parts) == 3 else row.birth_date
    if key == "received_on":
        return f"{_dmy(row.received_on)} ({row.age_days} d)"
    if key == "due_on":
        if row.urgency == "done":
            return _dmy(row.due_on)
        left = row.working_days_left
        return f"{_dmy(row.due_on)} ({f'{left} wd' if left >= 0 else 'verlopen'})"
    if key == "state_label":
        return row.state_label + (f" (v{row.version})" if row.version > 1 else "")
    return str(getattr(row, key))


#: Rows whose names are fetched at once when the table shows one that has none yet.
BLOCK = 200


class QueueModel(ListTableModel[QueueRow]):
    """Rows come without names (the queue's order needs none); the names of the rows the
    table shows are fetched in blocks through *loader* (Anki's browser does the same)."""

    COLUMNS = tuple(HEADERS)
    #: A list of its own (set_rows copies): a row is replaced once its names are fetched.
    _rows: list[QueueRow]

    def __init__(
        self,
        rows: list[QueueRow] | None = None,
        loader: Callable[[list[str]], dict[str, dict[str, Any]]] | None = None,
    ) -> None:
        super().__init__(rows)
        self._loader = loader

    def titles(self) -> Mapping[str, str]:
        return HEADERS

    def row_at(self, index: int) -> QueueRow:
        self._ensure(index)
        return self._rows[index]

    def _ensure(self, index: int) -> None:
        if self._rows[index].loaded or self._loader is None:
            return
        start = max(0, index - BLOCK // 4)
        block = [r for r in self._rows[start : start + BLOCK] if not r.loaded]
        found = self._loader([r.record_id for r in block])
        for i in range(start, min(start + BLOCK, len(self._rows))):
            row = self._rows[i]
            if not row.loaded and row.record_id in found:
                self._rows[i] = row.with_summary(found[row.record_id])

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            self._ensure(index.row())
        row = self._rows[index.row()]
        column = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return cell(row, column)
        if role == Qt.ItemDataRole.BackgroundRole:
            return URGENCY_COLOURS.get(row.urgency)
        if role == Qt.ItemDataRole.ToolTipRole and column == "due_on":
            return {
                "overdue": "De verwerkingstermijn is verstreken.",
                "due": "De verwerkingstermijn loopt (bijna) af.",
                "ok": f"Nog {row.working_days_left} werkdagen (feestdagen niet meegeteld).",
            }.get(row.urgency)
        if role == RECORD_ID_ROLE:
            return row.record_id
        if role == URGENCY_ROLE:
            return row.urgency
        return None
