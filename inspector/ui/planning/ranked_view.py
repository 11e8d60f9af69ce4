"""The ranked list with its reasons, filters by area and indicator, and the map beside it."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from inspector.addresses.indicators import INDICATOR_NAMES, information
from inspector.addresses.model import AddressData
from inspector.addresses.ranking import Filter, Ranking, wijken
from inspector.settings import ADDRESS_INDICATORS
from inspector.ui import style
from inspector.ui.planning.ranked_model import RankedTableModel
from inspector.ui.planning.score_map import ScoreMap
from inspector.ui.style import span

ROW_HEIGHT = 26


class RankedListView(QWidget):
    """Filters on top; the ranked table (left) and the map with the chosen address's reasons
    (right). ``selectionChanged`` when the chosen addresses change."""

    selectionChanged = Signal()
    #: The coordinator switched the background map on (True) or off by clicking its box (not
    #: when a failure switches it off): the page remembers the choice for the next session.
    backgroundChosen = Signal(bool)

    def __init__(self, lang: str = "nl", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.data_ = AddressData()
        self.full = Ranking([], {}, {})
        self.model = RankedTableModel(lang)

        self.postcode_from = QLineEdit()
        self.postcode_from.setPlaceholderText(self.tr("from, e.g. 7100"))
        self.postcode_to = QLineEdit()
        self.postcode_to.setPlaceholderText(self.tr("to, e.g. 7199"))
        for edit in (self.postcode_from, self.postcode_to):
            edit.setMaximumWidth(120)
        self.wijk = QComboBox()
        self.indicator = QComboBox()
        self.indicator.addItem(self.tr("All indicators"), "")
        for name in ADDRESS_INDICATORS:
            nl, en = INDICATOR_NAMES[name]
            self.indicator.addItem(nl if lang == "nl" else en, name)
        self.wijk.setMinimumContentsLength(10)
        self.indicator.setMinimumContentsLength(14)
        self.apply_button = QPushButton(self.tr("&Filter"))
        self.clear_button = QPushButton(self.tr("&Clear filter"))
        self.count = QLabel()
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Postcode")))
        bar.addWidget(self.postcode_from)
        bar.addWidget(self.postcode_to)
        bar.addWidget(QLabel(self.tr("District")))
        bar.addWidget(self.wijk)
        bar.addWidget(QLabel(self.tr("Indicator")))
        bar.addWidget(self.indicator)
        bar.addWidget(self.apply_button)
        bar.addWidget(self.clear_button)
        bar.addStretch(1)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        vertical = self.table.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(ROW_HEIGHT)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((56, 62, 190, 80, 110)):
            self.table.setColumnWidth(column, width)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)

        self.map = ScoreMap()
        self.tiles_url = ""
        self.background = QCheckBox(self.tr("&Background map (PDOK, online)"))
        self.background.setObjectName("background_map")
        self.background.setEnabled(False)
        self.map_message = QLabel()
        self.map_message.setWordWrap(True)
        map_box = QWidget()
        map_layout = QVBoxLayout(map_box)
        map_layout.setContentsMargins(0, 0, 0, 0)
        map_layout.setSpacing(2)
        map_layout.addWidget(self.background)
        map_layout.addWidget(self.map, 1)
        map_layout.addWidget(self.map_message)
        self.detail = QTextBrowser()
        self.detail.setOpenLinks(False)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(map_box)
        right.addWidget(self.detail)
        right.setSizes([300, 200])
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([760, 480])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.count)
        layout.addWidget(split, 1)

        self.apply_button.clicked.connect(lambda: self.apply_filter())
        self.clear_button.clicked.connect(lambda: self.clear_filter())
        for edit in (self.postcode_from, self.postcode_to):
            edit.returnPressed.connect(lambda: self.apply_filter())
        self.table.selectionModel().selectionChanged.connect(
            lambda _a, _b: self._selection_changed()
        )
        self.map.addressClicked.connect(self.show_key)
        self.background.toggled.connect(lambda on: self._background_toggled(on))
        self.background.clicked.connect(lambda on: self.backgroundChosen.emit(on))
        self.map.tilesFailed.connect(lambda text: self._tiles_failed(text))
        self._update_count()

    # -- background map -----------------------------------------------------------------------

    def set_tiles_url(self, url: str) -> None:
        """The WMTS tile URL of the settings (``address_selection.map_tiles_url``); "" leaves
        the plain plot only."""
        self.tiles_url = url.strip()
        self.background.setEnabled(bool(self.tiles_url))
        self.background.setToolTip(
            self.tr("PDOK BRT-Achtergrondkaart behind the points; needs the internet")
            if self.tiles_url
            else self.tr("No tile source in the settings (address_selection.map_tiles_url)")
        )

    def _background_toggled(self, on: bool) -> None:
        self.map_message.clear()
        self.map_message.setMinimumHeight(0)
        self.map.set_tiles_online(self.tiles_url if on else "")

    def _tiles_failed(self, text: str) -> None:
        self.background.blockSignals(True)
        self.background.setChecked(False)
        self.background.blockSignals(False)
        self.map_message.setText(span(escape(text), style.NOTICE))
        # Room for two lines: the splitter would otherwise cut the sentence off.
        self.map_message.setMinimumHeight(2 * self.map_message.fontMetrics().lineSpacing() + 4)

    # -- data ---------------------------------------------------------------------------------

    def set_ranking(self, data: AddressData, ranking: Ranking) -> None:
        self.data_, self.full = data, ranking
        current = self.wijk.currentData()
        self.wijk.blockSignals(True)
        self.wijk.clear()
        self.wijk.addItem(self.tr("All districts"), "")
        for name in wijken(data):
            self.wijk.addItem(name, name)
        index = self.wijk.findData(current)
        self.wijk.setCurrentIndex(max(0, index))
        self.wijk.blockSignals(False)
        self.apply_filter()

    def current_filter(self) -> Filter:
        wijk = str(self.wijk.currentData() or "")
        indicator = str(self.indicator.currentData() or "")
        return Filter(
            postcode_from=self.postcode_from.text(),
            postcode_to=self.postcode_to.text(),
            wijken=frozenset({wijk}) if wijk else frozenset(),
            indicators=frozenset({indicator}) if indicator else frozenset(),
        )

    def apply_filter(self) -> None:
        f = self.current_filter()
        shown = f.apply(self.full, self.data_) if f.active() else self.full
        self.model.set_ranking(self.data_, shown)
        self.map.set_ranking(self.data_, shown)
        self.detail.clear()
        self._update_count()
        self.selectionChanged.emit()

    def clear_filter(self) -> None:
        self.postcode_from.clear()
        self.postcode_to.clear()
        self.wijk.setCurrentIndex(0)
        self.indicator.setCurrentIndex(0)
        self.apply_filter()

    def _update_count(self) -> None:
        shown, total = self.model.rowCount(), len(self.full)
        with_reason = len(self.full.scores)
        self.count.setText(
            self.tr("{0} of {1} ({2} with a reason)").format(
                f"{shown:,}".replace(",", "."),
                f"{total:,}".replace(",", "."),
                f"{with_reason:,}".replace(",", "."),
            )  # fmt: skip
        )

    # -- selection and detail ---------------------------------------------------------------

    def selected_rows(self) -> list[int]:
        return sorted({i.row() for i in self.table.selectionModel().selectedRows()})

    def selected_keys(self) -> list[str]:
        return [self.model.key(r) for r in self.selected_rows()]

    def show_key(self, key: str) -> None:
        """Select the address *key* in the list (from a click on the map)."""
        try:
            row = self.model.ranking.keys.index(key)
        except ValueError:
            return
        index = self.model.index(row, 0)
        self.table.selectionModel().select(
            QItemSelection(index, self.model.index(row, self.model.columnCount() - 1)),
            self.table.selectionModel().SelectionFlag.ClearAndSelect,
        )
        self.table.scrollTo(index)

    def _selection_changed(self) -> None:
        keys = self.selected_keys()
        self.map.set_selected(set(keys))
        if keys:
            self.detail.setHtml(self.detail_html(keys[-1]))
        else:
            self.detail.clear()
        self.selectionChanged.emit()

    def detail_html(self, key: str) -> str:
        bag = self.data_.bag.get(key)
        row = self.model.ranking.keys.index(key) if key in self.model.ranking.keys else -1
        ranked = self.model.ranking[row] if row >= 0 else None
        title = escape(f"{bag.label}, {bag.postcode} {bag.city}".strip(", ") if bag else key)
        parts = [f"<h3>{title}</h3>"]
        if ranked is not None:
            parts.append(
                "<p>"
                + escape(
                    self.tr("Place {0}, score {1}").format(ranked.place, f"{ranked.score:.0f}")
                )
                + "</p>"
            )
            reasons = ranked.reasons(self.lang)
            if reasons:
                parts.append("<ul>" + "".join(f"<li>{escape(r)}</li>" for r in reasons) + "</ul>")
            else:
                parts.append("<p>" + escape(self.tr("No indicator applies.")) + "</p>")
        if bag is not None:
            uses = ", ".join(bag.uses)
            area = "?" if bag.area_m2 is None else f"{bag.area_m2:g} m²"
            parts.append(f"<p>{escape(uses)} · {escape(area)} · {escape(bag.vbo_id)}</p>")
        info = information(self.data_, key, self.lang)
        if info:
            parts.append(
                "<p>" + span("<br>".join(escape(i) for i in info), style.SECONDARY) + "</p>"
            )
        return "".join(parts)
