"""The registry clerk's desk in the window: the queue (counts, filters, search, the legal
clock in colour), the review of one registration, the quarantine list and the hand-over list.
Pulling from the service and opening a registration run off the GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from inspector.clerk import receive
from inspector.clerk.desk import STATE_LABELS, ClerkDesk, QueueFilter
from inspector.clerk.receive import ClerkError
from inspector.messages import BilingualMessage
from inspector.states import CLERK_OPEN, ClerkState
from inspector.ui.clerk.outcome_dialog import OutcomeDialog
from inspector.ui.clerk.queue_model import RECORD_ID_ROLE, QueueModel
from inspector.ui.clerk.review import ReviewPage, first_files
from inspector.ui.operations import Operation, error_text

STATE_FILTERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Open (nog te doen)", CLERK_OPEN),
    ("Alle", ()),
    *((label, (state,)) for state, label in STATE_LABELS.items() if state != ClerkState.SUPERSEDED),
)


def _parse_day(text: str) -> date | None:
    text = text.strip()
    if not text:
        return None
    for sep in ("-", "/", "."):
        parts = text.split(sep)
        if len(parts) == 3 and all(p.isdigit() for p in parts):
            d, m, y = (int(p) for p in parts)
            if y < 100 or d > 31:
                break
            try:
                return date(y, m, d)
            except ValueError:
                break
    raise ValueError(text)


class QueuePage(QWidget):
    open_requested = Signal(str)
    #: After a pull: the quarantine and hand-over lists may have grown.
    pulled = Signal()

    def __init__(self, desk: ClerkDesk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.counts = QLabel()
        self.counts.setObjectName("queue_counts")
        self.state = QComboBox()
        self.state.setObjectName("queue_state")
        for label, _states in STATE_FILTERS:
            self.state.addItem(label)
        self.name = QLineEdit()
        self.name.setObjectName("queue_name")
        self.name.setPlaceholderText("Naam")
        self.born = QLineEdit()
        self.born.setObjectName("queue_born")
        self.born.setPlaceholderText("Geboren (dd-mm-jjjj)")
        self.born.setMaximumWidth(170)
        self.officer = QLineEdit()
        self.officer.setObjectName("queue_officer")
        self.officer.setPlaceholderText("Toezichthouder")
        self.address = QLineEdit()
        self.address.setObjectName("queue_address")
        self.address.setPlaceholderText("Adres")
        self.inspection = QLineEdit()
        self.inspection.setObjectName("queue_inspection")
        self.inspection.setPlaceholderText("Controle")
        self.inspection.setMaximumWidth(140)
        self.received_from = QLineEdit()
        self.received_from.setObjectName("queue_received_from")
        self.received_from.setPlaceholderText("Ontvangen vanaf")
        self.received_from.setToolTip("Ontvangen op of na deze dag (dd-mm-jjjj)")
        self.received_from.setMaximumWidth(140)
        self.received_to = QLineEdit()
        self.received_to.setObjectName("queue_received_to")
        self.received_to.setPlaceholderText("Ontvangen t/m")
        self.received_to.setToolTip("Ontvangen op of vóór deze dag (dd-mm-jjjj)")
        self.received_to.setMaximumWidth(140)
        self.search = QPushButton("Zoeken")
        self.search.setObjectName("queue_search")
        filters = QHBoxLayout()
        for w in (
            self.state, self.name, self.born, self.officer, self.address, self.inspection,
            self.received_from, self.received_to,
        ):  # fmt: skip
            filters.addWidget(w)
        filters.addWidget(self.search)

        self.model = QueueModel(loader=self.desk.summaries)
        self.table = QTableView()
        self.table.setObjectName("queue_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setWordWrap(False)
        metrics = self.table.fontMetrics()
        samples = (
            "ter plaatse", "Przykladowa, Anna M.", "30-12-2000", "Toezichthouder",
            "Voorbeeldstraat 12", "2026-48E0-0001", "30-12-2000 (120 d)",
            "30-12-2000 (verlopen)", "In behandeling",
        )  # fmt: skip
        for col, sample in enumerate(samples):
            self.table.setColumnWidth(col, metrics.horizontalAdvance(sample) + 16)
        self.message = QLabel()
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setObjectName("queue_message")
        self.message.setWordWrap(True)
        self.message.hide()

        self.open_button = QPushButton("Openen")
        self.open_button.setObjectName("queue_open")
        self.take_button = QPushButton("Nemen")
        self.take_button.setObjectName("queue_take")
        self.release_button = QPushButton("Vrijgeven")
        self.release_button.setObjectName("queue_release")
        self.takeover_button = QPushButton("Overnemen van collega…")
        self.takeover_button.setObjectName("queue_takeover")
        self.pull_button = QPushButton("Ophalen bij de dienst")
        self.pull_button.setObjectName("queue_pull")
        actions = QHBoxLayout()
        for b in (self.open_button, self.take_button, self.release_button, self.takeover_button):
            actions.addWidget(b)
        actions.addStretch(1)
        actions.addWidget(self.pull_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.counts)
        layout.addLayout(filters)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)

        self.search.clicked.connect(lambda _c=False: self.refresh())
        for edit in (
            self.name, self.born, self.officer, self.address, self.inspection,
            self.received_from, self.received_to,
        ):  # fmt: skip
            edit.returnPressed.connect(self.refresh)
        self.state.currentIndexChanged.connect(lambda _i: self.refresh())
        self.table.doubleClicked.connect(lambda _i: self._open())
        self.open_button.clicked.connect(lambda _c=False: self._open())
        self.take_button.clicked.connect(lambda _c=False: self._act(self.desk.take))
        self.release_button.clicked.connect(lambda _c=False: self._act(self.desk.release))
        self.takeover_button.clicked.connect(lambda _c=False: self._take_over())
        self.pull_button.clicked.connect(lambda _c=False: self.pull())
        self.pull_op: Operation[Any] | None = None

    def selected(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        value = self.model.data(rows[0], RECORD_ID_ROLE)
        return None if value is None else str(value)

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def current_filter(self) -> QueueFilter:
        try:
            born = _parse_day(self.born.text())
        except ValueError:
            raise ClerkError(
                "clerk.birth_date",
                "De geboortedatum is geen datum: schrijf dag-maand-jaar, bijvoorbeeld 03-02-1991.",
                "The date of birth is not a date: write day-month-year, for example 03-02-1991.",
            ) from None
        received: list[date | None] = []
        for edit, code, nl, en in (
            (self.received_from, "clerk.received_from", "Ontvangen vanaf", "Received from"),
            (self.received_to, "clerk.received_to", "Ontvangen t/m", "Received up to"),
        ):
            try:
                received.append(_parse_day(edit.text()))
            except ValueError:
                raise ClerkError(
                    BilingualMessage(
                        code,
                        f"'{nl}' is geen datum: schrijf dag-maand-jaar, bijvoorbeeld 03-11-2026.",
                        f"'{en}' is not a date: write day-month-year, for example 03-11-2026.",
                    )
                ) from None
        if received[0] and received[1] and received[0] > received[1]:
            raise ClerkError(
                "clerk.dates_reversed",
                "'Ontvangen vanaf' ligt na 'ontvangen t/m': draai de data om.",
                "'Received from' is after 'received up to': swap the dates.",
            )
        return QueueFilter(
            states=STATE_FILTERS[self.state.currentIndex()][1],
            name=self.name.text(),
            birth_date=born,
            officer=self.officer.text(),
            address=self.address.text(),
            inspection=self.inspection.text(),
            received_from=received[0],
            received_to=received[1],
        )

    def refresh(self) -> None:
        try:
            flt = self.current_filter()
        except ClerkError as exc:
            self._say(error_text(exc))
            return
        self._say("")
        keep = self.selected()
        rows = self.desk.queue(flt, names=False)
        self.model.set_rows(rows)
        for i, row in enumerate(rows):
            if row.record_id == keep:
                self.table.selectRow(i)
                break
        counts = self.desk.counts()
        shown = [
            f"{STATE_LABELS[k]}: {v}" for k, v in counts.items() if v and k != ClerkState.SUPERSEDED
        ]
        self.counts.setText(
            " · ".join(shown) + f"   —   {len(rows)} getoond" if shown else "De wachtrij is leeg."
        )

    def _open(self) -> None:
        rid = self.selected()
        if rid is None:
            self._say("Kies eerst een inschrijving in de lijst.")
            return
        self.open_requested.emit(rid)

    def _act(self, fn: Callable[[str], Any]) -> None:
        rid = self.selected()
        if rid is None:
            self._say("Kies eerst een inschrijving in de lijst.")
            return
        try:
            fn(rid)
        except ClerkError as exc:
            self._say(error_text(exc))
            return
        self.refresh()

    def _take_over(self) -> None:
        rid = self.selected()
        if rid is None:
            self._say("Kies eerst een inschrijving in de lijst.")
            return
        reason, ok = QInputDialog.getText(
            self, "Overnemen", "Waarom neemt u deze inschrijving over van uw collega?"
        )
        if ok:
            self._act(lambda r: self.desk.take_over(r, reason))

    def pull(self) -> None:
        """Fetch, check and queue; send the outcomes; delete scans past their term — off the
        GUI thread, on the store's one writer lane."""
        desk = self.desk

        def work() -> tuple[Any, int, list[str]]:
            summary = receive.pull(desk.ws, desk.transport)
            sent, errors = desk.post_outcomes()
            desk.purge_scans()
            return summary, sent, errors

        self.pull_button.setEnabled(False)
        self._say("Ophalen bij de dienst…")
        self.pull_op = (
            Operation(work, writes=True, parent=self, label="Ophalen bij de dienst…")
            .on_success(self._pulled)
            .on_failure(self._pull_failed)
            .start()
        )

    def _pulled(self, result: tuple[Any, int, list[str]]) -> None:
        summary, sent, errors = result
        self.pull_button.setEnabled(True)
        text = summary.describe() + f"; {sent} uitkomsten verstuurd."
        if errors:
            text += " Niet verstuurd: " + "; ".join(errors)
        self.refresh()
        self._say(text)
        self.pulled.emit()

    def _pull_failed(self, exc: Exception) -> None:
        self.pull_button.setEnabled(True)
        if isinstance(exc, ClerkError):
            self._say(error_text(exc))
        else:
            self._say(f"De dienst is niet bereikbaar ({type(exc).__name__}). Probeer het later.")


class QuarantinePage(QWidget):
    def __init__(self, desk: ClerkDesk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        intro = QLabel(
            "Records die een controle niet doorstonden (handtekening, hash of sleutel). Ze "
            "worden bewaard, niet verwerkt, en de dienst is op de hoogte gebracht. Vraag de "
            "toezichthouder het record opnieuw te versturen."
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("quarantine_table")
        self.table.setHorizontalHeaderLabels(["Record", "Soort", "Ontvangen", "Reden", "Dienst"])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)

    def refresh(self) -> None:
        rows = self.desk.quarantine()
        self.table.setRowCount(len(rows))
        for i, q in enumerate(rows):
            told = "gemeld" if q["reported"] else f"nog niet gemeld ({q['report_error'] or '-'})"
            values = (
                q["record_id"][:8],
                "inschrijving" if q["kind"] == "registration" else "controle",
                q["detected_at"].strftime("%d-%m-%Y %H:%M"),
                q["reason"],
                told,
            )
            for j, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(i, j, item)
        self.table.resizeColumnsToContents()


class HandoverPage(QWidget):
    def __init__(self, desk: ClerkDesk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        intro = QLabel(
            "Signalen om over te dragen: bewoning niet toegestaan → vergunningen en handhaving; "
            "signalen van uitbuiting → aandachtsfunctionaris mensenhandel."
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("handover_table")
        self.table.setHorizontalHeaderLabels(
            ["Controle", "Signaal", "Overdragen aan", "Gesignaleerd", "Overgedragen"]
        )
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.mark = QPushButton("Markeren als overgedragen")
        self.mark.setObjectName("handover_mark")
        self.mark.clicked.connect(lambda _c=False: self._mark())
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.mark)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        self._ids: list[str] = []

    def refresh(self) -> None:
        from inspector.clerk.export import RECIPIENT_LABELS, SIGNAL_LABELS

        rows = self.desk.handovers()
        self._ids = [h["id"] for h in rows]
        self.table.setRowCount(len(rows))
        for i, h in enumerate(rows):
            values = (
                h["inspection"],
                SIGNAL_LABELS.get(h["code"], h["code"]),
                RECIPIENT_LABELS.get(h["recipient"], h["recipient"]),
                h["signalled_at"].strftime("%d-%m-%Y"),
                h["handed_over_at"].strftime("%d-%m-%Y") if h["handed_over_at"] else "",
            )
            for j, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(i, j, item)

    def _mark(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self._ids):
            self.desk.mark_handed_over(self._ids[row])
            self.refresh()


class InvestigationPage(QWidget):
    """The persons planned visits found for an address investigation (adresonderzoek): read
    when the tab is opened (the view is audited: it names persons)."""

    WHAT = {
        "not_here": "ingeschreven, woont er niet",
        "found": "woont er, niet ingeschreven",
    }

    def __init__(self, desk: ClerkDesk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        intro = QLabel(
            "Uit de geplande controles (adresselectie): wie op het adres staat ingeschreven maar "
            "er niet woont, en wie er woont zonder er ingeschreven te staan. Start voor hen een "
            "adresonderzoek."
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("investigation_table")
        self.table.setHorizontalHeaderLabels(
            ["Controle", "Adres", "Persoon", "Bevinding", "Ontvangen"]
        )
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.empty = QLabel("Nog geen personen voor een adresonderzoek ontvangen.")
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)

    def refresh(self) -> None:
        rows = self.desk.address_investigations()
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            values = (
                r["inspection"],
                r["address"],
                r["person"],
                self.WHAT.get(r["what"], r["what"]),
                r["received_at"].strftime("%d-%m-%Y"),
            )
            for j, text in enumerate(values):
                self.table.setItem(i, j, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.empty.setVisible(not rows)


class ClerkDeskWidget(QWidget):
    """Queue, quarantine and hand-over as tabs; a registration opens on its own page."""

    def __init__(self, desk: ClerkDesk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.queue = QueuePage(desk)
        self.quarantine = QuarantinePage(desk)
        self.handover = HandoverPage(desk)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("clerk_tabs")
        self.tabs.addTab(self.queue, "Wachtrij")
        self.tabs.addTab(self.quarantine, "Quarantaine")
        self.tabs.addTab(self.handover, "Overdracht")
        self.investigations = InvestigationPage(desk)
        self.tabs.addTab(self.investigations, "Adresonderzoek")
        self.review = ReviewPage(desk)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.tabs)
        self.stack.addWidget(self.review)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.queue.open_requested.connect(self.open_registration)
        self.queue.pulled.connect(self._pulled)
        self.review.back_requested.connect(self.show_queue)
        self.review.outcome_requested.connect(self.ask_outcome)
        self.tabs.currentChanged.connect(self._tab)
        self.outcome_dialog: OutcomeDialog | None = None
        self.open_op: Operation[Any] | None = None
        self.refresh()

    def refresh(self) -> None:
        self.queue.refresh()
        self.quarantine.refresh()
        self.handover.refresh()
        self.tabs.setTabText(1, f"Quarantaine ({len(self.desk.quarantine())})")

    def _pulled(self) -> None:
        self.quarantine.refresh()
        self.handover.refresh()
        self.tabs.setTabText(1, f"Quarantaine ({len(self.desk.quarantine())})")

    def _tab(self, index: int) -> None:
        if index == 0:
            self.queue.refresh()
        elif index == 1:
            self.quarantine.refresh()
        elif index == 2:
            self.handover.refresh()
        else:
            self.investigations.refresh()

    def open_registration(self, record_id: str) -> None:
        """Decrypt the registration and the files of the first screen off the GUI thread
        (each view audited: the writer lane), then show it."""
        desk = self.desk

        def work() -> tuple[Any, dict[str, tuple[bytes, str]]]:
            review = desk.review(record_id)
            return review, desk.files_content(first_files(review))

        self.open_op = (
            Operation(work, writes=True, parent=self, label="Inschrijving openen…")
            .on_success(self._opened)
            .start()
        )

    def _opened(self, result: tuple[Any, dict[str, tuple[bytes, str]]]) -> None:
        review, contents = result
        self.review.show_review(review, contents)
        self.stack.setCurrentWidget(self.review)

    def show_queue(self) -> None:
        self.refresh()
        self.stack.setCurrentWidget(self.tabs)

    def ask_outcome(self, record_id: str) -> None:
        if not record_id or self.review.review is None:
            return
        s = self.review.review.summary
        dialog = OutcomeDialog(
            self.desk, record_id, f"{s.get('surname', '')}, {s.get('given_names', '')}", self
        )
        self.outcome_dialog = dialog
        dialog.accepted.connect(lambda: self._decided(record_id))
        dialog.open()

    def _decided(self, record_id: str) -> None:
        self.review.load(record_id)
        self.queue.refresh()
