"""The ranked list as a thin table model over a Ranking (100,000 rows: text made on demand)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from inspector.addresses.indicators import reason
from inspector.addresses.model import AddressData
from inspector.addresses.ranking import Ranking

_Index = QModelIndex | QPersistentModelIndex


def score_colour(score: float) -> QColor:
    """Green (0) through amber to red (100): the colour of a score in the list and the map."""
    t = max(0.0, min(1.0, score / 60.0))  # 60 and above: as red as it gets
    if t < 0.5:
        r, g = int(60 + 390 * t), 170
    else:
        r, g = 255, int(170 - 300 * (t - 0.5))
    return QColor(min(r, 255), max(g, 0), 40)


class RankedTableModel(QAbstractTableModel):
    """Place, score, address, postcode, wijk, reasons. ``KeyRole`` gives the address key."""

    COLUMNS = ("place", "score", "address", "postcode", "wijk", "reasons")
    KeyRole = Qt.ItemDataRole.UserRole + 1
    ScoreRole = Qt.ItemDataRole.UserRole + 2
    _ROLES = frozenset(
        {
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.DecorationRole,
            Qt.ItemDataRole.TextAlignmentRole,
            Qt.ItemDataRole.ToolTipRole,
            KeyRole,
            ScoreRole,
        }
    )
    _RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def __init__(self, lang: str = "nl") -> None:
        super().__init__()
        self.lang = lang
        self.data_: AddressData = AddressData()
        self.ranking: Ranking = Ranking([], {}, {})
        self._reasons: dict[str, str] = {}
        self._headers = [
            QCoreApplication.translate("RankedTableModel", "#"),
            QCoreApplication.translate("RankedTableModel", "Score"),
            QCoreApplication.translate("RankedTableModel", "Address"),
            QCoreApplication.translate("RankedTableModel", "Postcode"),
            QCoreApplication.translate("RankedTableModel", "District"),
            QCoreApplication.translate("RankedTableModel", "Why"),
        ]

    def set_ranking(self, data: AddressData, ranking: Ranking) -> None:
        self.beginResetModel()
        self.data_, self.ranking = data, ranking
        self._reasons = {}
        self.endResetModel()

    def key(self, row: int) -> str:
        return self.ranking.keys[row]

    def reasons_text(self, key: str) -> str:
        text = self._reasons.get(key)
        if text is None:
            text = "; ".join(reason(h, self.lang) for h in self.ranking.hits.get(key, ()))
            self._reasons[key] = text
        return text

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.ranking.keys)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Qt asks for many roles per cell while scrolling: answer the ones not used first.
        if role not in self._ROLES:
            return None
        row = index.row()
        keys = self.ranking.keys
        if not 0 <= row < len(keys):
            return None
        key = keys[row]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return self.ranking.place(row)
            if column == 1:
                return f"{self.ranking.scores.get(key, 0.0):.0f}"
            if column == 5:
                return self.reasons_text(key)
            bag = self.data_.bag.get(key)
            if bag is None:
                return key if column == 2 else ""
            return bag.label if column == 2 else bag.postcode if column == 3 else bag.wijk
        if role == Qt.ItemDataRole.DecorationRole:
            return score_colour(self.ranking.scores.get(key, 0.0)) if column == 1 else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self._RIGHT if column < 2 else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.reasons_text(key).replace("; ", "\n") or None if column == 5 else None
        if role == self.KeyRole:
            return key
        return self.ranking.scores.get(key, 0.0)  # ScoreRole

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None
