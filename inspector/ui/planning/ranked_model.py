"""The ranked list as a thin table model over a Ranking (100,000 rows: text made on demand)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QIcon, QPixmap

from inspector.addresses.indicators import reason
from inspector.addresses.model import AddressData
from inspector.addresses.ranking import Ranking
from inspector.ui.models import ListTableModel

_Index = QModelIndex | QPersistentModelIndex


def score_colour(score: float) -> QColor:
    """Green (0) through amber to red (100): the colour of a score in the list and the map."""
    t = max(0.0, min(1.0, score / 60.0))  # 60 and above: as red as it gets
    if t < 0.5:
        r, g = int(60 + 390 * t), 170
    else:
        r, g = 255, int(170 - 300 * (t - 0.5))
    return QColor(min(r, 255), max(g, 0), 40)


#: Longer reasons are cut in the table (the tooltip and the detail pane have them whole):
#: laying out a long line only to elide it costs more per frame than the line is wide.
REASONS_SHOWN = 180


class RankedTableModel(ListTableModel[str]):
    """Place, score, address, postcode, wijk, reasons. ``KeyRole`` gives the address key.

    The rows are the ranking's address keys, in order; the text of a row is made only when the
    table shows it (100,000 rows). Scrolling asks ``data()`` about a thousand times a frame:
    the strings of a row are made once, when it is first shown, and kept (a bounded cache);
    the colour chips are made once per score; roles the table does not use are answered
    first, with ``None``.
    """

    COLUMNS = ("place", "score", "address", "postcode", "wijk", "reasons")
    KeyRole = Qt.ItemDataRole.UserRole + 1
    ScoreRole = Qt.ItemDataRole.UserRole + 2
    _DISPLAY = int(Qt.ItemDataRole.DisplayRole)
    _DECORATION = int(Qt.ItemDataRole.DecorationRole)
    _ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
    _TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
    _KEY = int(KeyRole)
    _SCORE = int(ScoreRole)
    _ROLES = frozenset({_DISPLAY, _DECORATION, _ALIGNMENT, _TOOLTIP, _KEY, _SCORE})
    _RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    #: Rows whose strings are kept (a few screens' worth); past it the cache starts again.
    CACHED_ROWS = 4096

    def __init__(self, lang: str = "nl") -> None:
        super().__init__()
        self.lang = lang
        self.data_: AddressData = AddressData()
        self.ranking: Ranking = Ranking([], {}, {})
        self._reasons: dict[str, str] = {}
        self._texts: dict[int, tuple[str, str, str, str, str, str]] = {}
        self._chips: dict[int, QIcon] = {}
        self._titles = {
            "place": QCoreApplication.translate("RankedTableModel", "#"),
            "score": QCoreApplication.translate("RankedTableModel", "Score"),
            "address": QCoreApplication.translate("RankedTableModel", "Address"),
            "postcode": QCoreApplication.translate("RankedTableModel", "Postcode"),
            "wijk": QCoreApplication.translate("RankedTableModel", "District"),
            "reasons": QCoreApplication.translate("RankedTableModel", "Why"),
        }

    def titles(self) -> Mapping[str, str]:
        return self._titles

    def set_ranking(self, data: AddressData, ranking: Ranking) -> None:
        self.data_, self.ranking = data, ranking
        self.set_rows(ranking.keys)

    def rows_replaced(self) -> None:
        self._reasons = {}
        self._texts = {}

    def key(self, row: int) -> str:
        return self._rows[row]

    def reasons_text(self, key: str) -> str:
        text = self._reasons.get(key)
        if text is None:
            text = "; ".join(reason(h, self.lang) for h in self.ranking.hits.get(key, ()))
            self._reasons[key] = text
        return text

    def row_texts(self, row: int) -> tuple[str, str, str, str, str, str]:
        """The six strings the table shows for *row* (made once, then kept)."""
        texts = self._texts.get(row)
        if texts is None:
            key = self._rows[row]
            reasons = self.reasons_text(key)
            if len(reasons) > REASONS_SHOWN:
                reasons = reasons[: REASONS_SHOWN - 1] + "…"
            bag = self.data_.bag.get(key)
            texts = (
                str(self.ranking.place(row)),
                f"{self.ranking.scores.get(key, 0.0):.0f}",
                key if bag is None else bag.label,
                "" if bag is None else bag.postcode,
                "" if bag is None else bag.wijk,
                reasons,
            )
            if len(self._texts) >= self.CACHED_ROWS:
                self._texts.clear()
            self._texts[row] = texts
        return texts

    def chip(self, score: float) -> QIcon:
        """The score's colour as a small square (one icon per whole score, made once)."""
        step = max(0, min(100, int(score + 0.5)))
        icon = self._chips.get(step)
        if icon is None:
            pixmap = QPixmap(12, 12)
            pixmap.fill(score_colour(step))
            icon = self._chips[step] = QIcon(pixmap)
        return icon

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in self._ROLES:
            return None
        row = index.row()
        if not 0 <= row < len(self._rows):
            return None
        if role == self._DISPLAY:
            return self.row_texts(row)[index.column()]
        column = index.column()
        if role == self._DECORATION:
            if column != 1:
                return None
            return self.chip(self.ranking.scores.get(self._rows[row], 0.0))
        if role == self._ALIGNMENT:
            return self._RIGHT if column < 2 else None
        key = self._rows[row]
        if role == self._TOOLTIP:
            return self.reasons_text(key).replace("; ", "\n") or None if column == 5 else None
        if role == self._KEY:
            return key
        return self.ranking.scores.get(key, 0.0)  # ScoreRole
