"""The coordinator's page: address data and the ranked list with reasons and map; planning a
day's visits (date, time slot, team, laptops), sending them sealed, and what came back."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from html import escape
from typing import Any

import httpx
from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from inspector import localtime
from inspector.addresses.model import SOURCE_KINDS, AddressData
from inspector.addresses.ranking import Ranking, rank, selected
from inspector.addresses.sources import source_name
from inspector.core.workspace import Workspace
from inspector.error_kinds import message_for
from inspector.planning.manager import (
    NoticeCount,
    PlanningError,
    PlanningManager,
    PlanRequest,
    RegistrationNotice,
    SourceInfo,
    Visit,
    results,
    route_start,
)
from inspector.states import NoticeState, VisitState
from inspector.sync.notices import dutch_reason
from inspector.ui.operations import Operation, TextProgress, show_failure
from inspector.ui.planning.import_dialog import AddressImportDialog
from inspector.ui.planning.link_dialog import OfficeLinkDialog
from inspector.ui.planning.ranked_view import RankedListView
from inspector.ui.style import ERROR, Role, set_role, span

STATE_NAMES: dict[str, tuple[str, str]] = {
    VisitState.PLANNED: ("gepland", "planned"),
    VisitState.SENT: ("verstuurd", "sent"),
    VisitState.REPORTED: ("uitkomst binnen", "outcome received"),
}


SHORT_NAMES = {
    "bag": ("BAG", "BAG"),
    "brp": ("BRP", "BRP"),
    "laa": ("LAA", "LAA"),
    "owners": ("eigenaren", "owners"),
    "signals": ("meldingen", "reports"),
    "persons": ("personen", "persons"),
    "inspections": ("eerdere controles", "earlier inspections"),
}


def _names(text: str) -> list[str]:
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


#: Key in the user's UI state: the background map was switched on when last used.
BACKGROUND_MAP = "planning_background_map"


class PlanningPage(QWidget):
    """Two tabs: Addresses (import, ranked list, map) and Planning (a day's visits)."""

    backRequested = Signal()
    #: The ranked list shows the data as stored now (after opening, importing, ranking again).
    ranked_ready = Signal()
    #: A call to the office service (laptops, sending, outcomes) is over; the page says how.
    networkDone = Signal()

    def __init__(
        self, workspace: Workspace, parent: QWidget | None = None, *, today: date | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("planning_page")
        self.ws = workspace
        self.lang = "en" if workspace.settings.interface_language == "en" else "nl"
        self.today = today or localtime.today()
        self.planning = PlanningManager(workspace)
        self.data_ = AddressData()
        self.ranking = Ranking([], {}, {})
        self._ranking_op: Operation[tuple[AddressData, Ranking, list[SourceInfo]]] | None = None
        self._network_op: Operation[Any] | None = None

        # -- addresses tab
        self.import_button = QPushButton(self.tr("&Import address data…"))
        self.rank_button = QPushButton(self.tr("&Rank again"))
        self.to_planning = QPushButton(self.tr("&Plan the selected addresses"))
        self.to_planning.setEnabled(False)
        self.sources_label = QLabel()
        self.sources_label.setWordWrap(True)
        self.ranked = RankedListView(self.lang)
        self.ranked.set_tiles_url(workspace.settings.address_selection.map_tiles_url)
        # The background map as the coordinator left it (per user, in the encrypted UI state).
        if self.ranked.background.isEnabled() and workspace.load_ui_state().get(BACKGROUND_MAP):
            self.ranked.background.setChecked(True)
        self.ranked.backgroundChosen.connect(lambda on: self._remember_background(on))
        bar = QHBoxLayout()
        bar.addWidget(self.import_button)
        bar.addWidget(self.rank_button)
        bar.addWidget(self.sources_label, 1)
        bar.addWidget(self.to_planning)
        addresses = QWidget()
        a_layout = QVBoxLayout(addresses)
        a_layout.addLayout(bar)
        a_layout.addWidget(self.ranked, 1)

        # -- planning tab
        self.chosen_label = QLabel()
        self.day = QDateEdit(QDate(self.today.year, self.today.month, self.today.day))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dd-MM-yyyy")
        self.slot = QLineEdit("09:00-12:00")
        self.officers = QLineEdit()
        self.officers.setPlaceholderText(self.tr("names, separated by commas"))
        self.partners = QLineEdit()
        self.partners.setPlaceholderText(self.tr("e.g. NLA, police, fire brigade"))
        self.link_label = QLabel()
        self.link_button = QPushButton()
        link_row = QHBoxLayout()
        link_row.addWidget(self.link_label, 1)
        link_row.addWidget(self.link_button)
        self.devices_button = QPushButton(self.tr("Get the &laptops"))
        self.devices = QListWidget()
        self.devices.setMaximumHeight(110)
        self.plan_button = QPushButton(self.tr("Plan &visits"))
        form = QFormLayout()
        form.addRow(self.tr("Addresses"), self.chosen_label)
        form.addRow(self.tr("Date"), self.day)
        form.addRow(self.tr("Time slot"), self.slot)
        form.addRow(self.tr("Officers"), self.officers)
        form.addRow(self.tr("Partner organisations"), self.partners)
        form.addRow(self.tr("Office service"), link_row)
        form.addRow(self.devices_button, self.devices)
        form.addRow("", self.plan_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(form)
        left_layout.addStretch(1)
        left.setMaximumWidth(470)

        self.visits = QTableWidget(0, 5)
        self.visits.setHorizontalHeaderLabels(
            [self.tr("#"), self.tr("Address"), self.tr("Why"), self.tr("Registered"),
             self.tr("State")]
        )  # fmt: skip
        self.visits.verticalHeader().setVisible(False)
        self.visits.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.visits.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.visits.setWordWrap(True)
        self.visits.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 34), (1, 170), (3, 110), (4, 130)):
            self.visits.setColumnWidth(column, width)
        self.remove_button = QPushButton(self.tr("Re&move visit"))
        self.send_button = QPushButton(self.tr("&Send to the laptops"))
        self.outcomes_button = QPushButton(self.tr("Get &outcomes"))
        self.results = QTableWidget(0, 4)
        self.results.setHorizontalHeaderLabels(
            [self.tr("Address"), self.tr("Found"), self.tr("For burgerzaken"),
             self.tr("Registrations (burgerzaken)")]
        )  # fmt: skip
        self.results.verticalHeader().setVisible(False)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.setWordWrap(True)
        self.results.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.status = QLabel()
        self.status.setWordWrap(True)
        actions = QHBoxLayout()
        actions.addWidget(self.remove_button)
        actions.addStretch(1)
        actions.addWidget(self.send_button)
        actions.addWidget(self.outcomes_button)
        right = QWidget()
        r_layout = QVBoxLayout(right)
        r_layout.setContentsMargins(0, 0, 0, 0)
        self.route_label = QLabel()
        r_layout.addWidget(self.route_label)
        r_layout.addWidget(self.visits, 3)
        r_layout.addLayout(actions)
        r_layout.addWidget(QLabel(self.tr("What the visits found")))
        r_layout.addWidget(self.results, 2)
        r_layout.addWidget(self.status)
        planning = QWidget()
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([440, 880])
        p_layout = QVBoxLayout(planning)
        p_layout.addWidget(split)

        # -- burgerzaken tab: the outcomes of registrations (notices), per address/inspection
        self.notices_label = QLabel()
        self.notices_label.setWordWrap(True)
        self.notices_table = QTableWidget(0, 5)
        self.notices_table.setObjectName("notices_table")
        self.notices_table.setHorizontalHeaderLabels(
            [self.tr("Address"), self.tr("Inspection"), self.tr("Resident"), self.tr("Outcome"),
             self.tr("Received")]
        )  # fmt: skip
        self.notices_table.verticalHeader().setVisible(False)
        self.notices_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.notices_table.setWordWrap(True)
        self.notices_table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.Stretch
        )
        for column, width in ((1, 130), (2, 220), (3, 300), (4, 140)):
            self.notices_table.setColumnWidth(column, width)
        self.notices_outcomes_button = QPushButton(self.tr("Get outcomes and &notices"))
        self.refused_label = QLabel()
        self.refused_label.setWordWrap(True)
        self.refused_label.setTextFormat(Qt.TextFormat.PlainText)
        notices_page = QWidget()
        n_layout = QVBoxLayout(notices_page)
        n_top = QHBoxLayout()
        n_top.addWidget(self.notices_label, 1)
        n_top.addWidget(self.notices_outcomes_button)
        n_layout.addLayout(n_top)
        n_layout.addWidget(self.notices_table, 1)
        n_layout.addWidget(self.refused_label)

        self.tabs = QTabWidget()
        self.tabs.addTab(addresses, self.tr("Addresses"))
        self.tabs.addTab(planning, self.tr("Planning"))
        self.tabs.addTab(notices_page, self.tr("Burgerzaken"))
        self.back_button = QPushButton(self.tr("← Inspections"))
        top = QHBoxLayout()
        title = QLabel(f"<h2>{escape(self.tr('Address selection and planning'))}</h2>")
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.back_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)

        self.import_button.clicked.connect(lambda: self.open_import())
        self.rank_button.clicked.connect(lambda: self.reload())
        self.to_planning.clicked.connect(lambda: self.tabs.setCurrentIndex(1))
        self.ranked.selectionChanged.connect(self._chosen_changed)
        self.link_button.clicked.connect(lambda: self.change_link())
        self.devices_button.clicked.connect(lambda: self.load_devices())
        self.plan_button.clicked.connect(lambda: self.plan())
        self.remove_button.clicked.connect(lambda: self.remove_visit())
        self.send_button.clicked.connect(lambda: self.send())
        self.outcomes_button.clicked.connect(lambda: self.get_outcomes())
        self.notices_outcomes_button.clicked.connect(lambda: self.get_outcomes())
        self.day.dateChanged.connect(lambda _d: self.refresh_visits())
        self.back_button.clicked.connect(self.backRequested)
        self._show_link()
        self.reload()

    # -- addresses -----------------------------------------------------------------------------

    def reload(self) -> None:
        """Load the stored data and rank it, off the GUI thread (a second or two for a town
        of 100,000 addresses); ``ranked`` when the list shows it."""
        planning, settings, today = self.planning, self.ws.settings, self.today

        def work() -> tuple[AddressData, Ranking, list[SourceInfo]]:
            data = planning.load_data()
            ranking = rank(data, settings.norms, settings.address_selection, today)
            return data, ranking, planning.sources()

        self.rank_button.setEnabled(False)
        self._ranking_op = Operation(
            work, writes=False, parent=self, label=self.tr("Ranking the addresses…"),
            progress=TextProgress(self.sources_label.setText, self.sources_label.clear),
        )  # fmt: skip
        self._ranking_op.on_success(self._show_ranking).on_failure(self._not_ranked).start()

    def _not_ranked(self, exc: Exception) -> None:
        self.rank_button.setEnabled(True)
        show_failure(self, exc)

    def _show_ranking(self, loaded: tuple[AddressData, Ranking, list[SourceInfo]]) -> None:
        self.data_, self.ranking, infos = loaded
        self.rank_button.setEnabled(True)
        self.ranked.set_ranking(self.data_, self.ranking)
        if infos:
            order = {kind: n for n, kind in enumerate(SHORT_NAMES)}
            parts = [
                self.tr("{0}: {1} rows").format(
                    SHORT_NAMES.get(i.kind, (i.kind, i.kind))[0 if self.lang == "nl" else 1],
                    f"{i.rows:,}".replace(",", "."),
                )
                for i in sorted(infos, key=lambda i: order.get(i.kind, 99))
            ]
            self.sources_label.setText(" · ".join(parts))
            self.sources_label.setToolTip(
                "\n".join(
                    source_name(i.kind, self.lang)
                    if i.kind in SOURCE_KINDS
                    else SHORT_NAMES[i.kind][0 if self.lang == "nl" else 1]
                    for i in infos
                )
            )
        else:
            self.sources_label.setText(self.tr("No address data yet: import the BAG data first."))
        self.refresh_visits()
        self.ranked_ready.emit()

    def open_import(self) -> AddressImportDialog:
        dialog = AddressImportDialog(self.planning, self.lang, self)
        dialog.imported.connect(lambda _kind: self.reload())
        dialog.open()
        return dialog

    def _remember_background(self, on: bool) -> None:
        state = self.ws.load_ui_state()
        if bool(state.get(BACKGROUND_MAP)) != on:
            state[BACKGROUND_MAP] = on
            self.ws.save_ui_state(state)

    def _chosen_changed(self) -> None:
        count = len(self.ranked.selected_keys())
        self.to_planning.setEnabled(count > 0)
        self.chosen_label.setText(self.tr("{0} selected in the list").format(count))

    # -- planning ------------------------------------------------------------------------------

    def current_day(self) -> date:
        d = self.day.date()
        return date(d.year(), d.month(), d.day())

    def _say(self, text: str, error: bool = False) -> None:
        self.status.setText(span(escape(text), ERROR) if error else escape(text))

    def _error(self, exc: PlanningError) -> None:
        self._say(message_for(exc, self.lang), error=True)

    def _show_link(self) -> None:
        linked = self.planning.linked_to()
        if linked is None:
            self.link_label.setText(span(escape(self.tr("not linked yet")), ERROR))
            self.link_button.setText(self.tr("&Link…"))
        else:
            shown = self.link_label.fontMetrics().elidedText(
                linked, Qt.TextElideMode.ElideMiddle, 240
            )
            self.link_label.setText(escape(shown))
            self.link_label.setToolTip(linked)
            self.link_button.setText(self.tr("Change &link…"))

    def change_link(self) -> OfficeLinkDialog:
        """The office service's address and access code, kept for next time."""
        dialog = OfficeLinkDialog(self.planning, self.lang, self)
        dialog.accepted.connect(lambda: self._linked())
        dialog.open()
        return dialog

    def _linked(self) -> None:
        self._show_link()
        self._say(self.tr("Linked to the office service."))

    def _network(
        self, work: Callable[[], Any], writes: bool, label: str, done: Callable[[Any], None]
    ) -> None:
        """Talk to the office service off the GUI thread (a slow or absent service never holds
        up the window); the three buttons wait meanwhile. ``networkDone`` when it is over."""
        buttons = (
            self.devices_button, self.send_button, self.outcomes_button, self.link_button,
            self.notices_outcomes_button,
        )  # fmt: skip
        for button in buttons:
            button.setEnabled(False)

        def finish() -> None:
            for button in buttons:
                button.setEnabled(True)
            self._network_op = None
            self.networkDone.emit()

        def succeeded(result: Any) -> None:
            finish()
            done(result)

        def failed(exc: Exception) -> None:
            finish()
            if isinstance(exc, PlanningError):
                self._error(exc)
            elif isinstance(exc, httpx.HTTPError | OSError):
                self._say(
                    self.tr(
                        "The office service cannot be reached; check the network and the "
                        "address (Change link)."
                    ),
                    error=True,
                )
            else:
                show_failure(self, exc)

        self._network_op = Operation(
            work, writes=writes, parent=self, label=label,
            progress=TextProgress(self.status.setText, self.status.clear),
        )  # fmt: skip
        self._network_op.on_success(succeeded).on_failure(failed).start()

    def load_devices(self) -> None:
        self._network(
            self.planning.devices, False, self.tr("Asking the office service…"), self._devices
        )

    def _devices(self, found: list[dict[str, str]]) -> None:
        self.devices.clear()
        for d in found:
            if d["state"] != "active":
                continue
            item = QListWidgetItem(f"{d['label']}  ({d['id'][:8]})")
            item.setData(Qt.ItemDataRole.UserRole, d["id"])
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.devices.addItem(item)
        self._say(self.tr("{0} laptops found.").format(self.devices.count()))

    def chosen_devices(self) -> list[str]:
        out = []
        for row in range(self.devices.count()):
            item = self.devices.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return out

    def plan(self) -> None:
        chosen = selected(self.ranked.full, self.ranked.selected_keys())
        request = PlanRequest(
            self.current_day(),
            self.slot.text().strip(),
            _names(self.officers.text()),
            _names(self.partners.text()),
            self.chosen_devices(),
        )
        try:
            planned = self.planning.plan(self.data_, chosen, request)
        except PlanningError as exc:
            self._error(exc)
            return
        self.refresh_visits()
        self._say(self.tr("{0} visits planned.").format(len(planned)))

    def day_visits(self) -> list[Visit]:
        return self.planning.visits(self.current_day())

    def refresh_visits(self) -> None:
        start = route_start(self.ws.settings.address_selection, self.data_)
        if start is None:
            self.route_label.setText(
                self.tr("The day's visits in route order, from the highest-ranked address")
            )
        else:
            self.route_label.setText(
                self.tr("The day's visits in route order, from {0}").format(start.label)
            )
        visits = self.day_visits()
        self.visits.setRowCount(len(visits))
        for row, v in enumerate(visits):
            state = STATE_NAMES.get(v.state, (v.state, v.state))[0 if self.lang == "nl" else 1]
            values = [
                str(row + 1),
                f"{v.address}\n{v.postcode} {v.slot}",
                "\n".join(v.reasons),
                str(len(v.persons)),
                state,
            ]
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, v.id)
                self.visits.setItem(row, column, item)
        self.visits.resizeRowsToContents()
        notices = self.planning.notices()
        found = results(visits, notices, self.lang)
        self.results.setRowCount(len(found))
        for row, r in enumerate(found):
            lives = self.tr("{0} live here").format(len(r.lives_here))
            details = [lives]
            if r.unknown:
                details.append(self.tr("unknown: {0}").format(", ".join(r.unknown)))
            if r.findings:
                details.append(self.tr("{0} findings").format(r.findings))
            to_check = [self.tr("not living here: {0}").format(n) for n in r.not_here]
            to_check += [self.tr("found, not registered: {0}").format(n)
                         for n in r.found_unregistered]  # fmt: skip
            registrations = "\n".join(f"{who}: {what}" for who, what in r.registrations)
            for column, text in enumerate(
                [r.visit.address, "; ".join(details), "\n".join(to_check) or "—",
                 registrations or "—"]
            ):  # fmt: skip
                self.results.setItem(row, column, QTableWidgetItem(text))
        self.results.resizeRowsToContents()
        self.refresh_notices(notices)

    def refresh_notices(self, notices: list[RegistrationNotice] | None = None) -> None:
        """The Burgerzaken tab: every outcome burgerzaken sent, per address and inspection;
        and the notices refused (a failed check), with the check."""
        shown = self.planning.notices() if notices is None else notices
        names: dict[str, str] = {}
        for v in self.planning.visits():
            for f in (v.outcome or {}).get("found", []):
                names[str(f.get("resident_id"))] = str(f.get("name") or "")
        self.notices_table.setRowCount(len(shown))
        for row, n in enumerate(sorted(shown, key=lambda n: (n.address or "", n.received_at))):
            resident = names.get(str(n.resident_id)) or self.tr("resident {0}").format(
                str(n.resident_id or "?")[:8]
            )
            values = [
                n.address or "—",
                n.inspection_reference or str(n.inspection_id or "")[:8],
                resident,
                n.text(self.lang),
                localtime.local(n.received_at).strftime("%d-%m-%Y %H:%M"),
            ]
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, n.notice_id)
                self.notices_table.setItem(row, column, item)
        self.notices_table.resizeRowsToContents()
        self.notices_label.setText(
            self.tr("Outcomes of the registrations made during inspections, as burgerzaken "
                    "sent them: {0}.").format(len(shown))
        )  # fmt: skip
        refused = self.planning.notices(NoticeState.REFUSED)
        self.refused_label.setVisible(bool(refused))
        if refused:
            set_role(self.refused_label, Role.ERROR_BOX)
            lines = [
                self.tr("1 notice refused (not accepted, kept for investigation):")
                if len(refused) == 1
                else self.tr("{0} notices refused (not accepted, kept for investigation):").format(
                    len(refused)
                )
            ]
            lines += [
                f"{localtime.local(n.received_at):%d-%m-%Y %H:%M} · {n.notice_id[:8]} · "
                + (dutch_reason(n.reason or "") if self.lang == "nl" else str(n.reason))
                for n in refused[-3:]
            ]
            self.refused_label.setText("\n".join(lines))
            self.refused_label.setToolTip("\n".join(str(n.reason) for n in refused))

    def remove_visit(self) -> None:
        rows = {i.row() for i in self.visits.selectionModel().selectedRows()}
        if not rows:
            self._say(self.tr("Select a visit first."), error=True)
            return
        try:
            for row in rows:
                item = self.visits.item(row, 0)
                if item is not None:
                    self.planning.remove(str(item.data(Qt.ItemDataRole.UserRole)))
        except PlanningError as exc:
            self._error(exc)
        self.planning.reorder(
            self.current_day(), route_start(self.ws.settings.address_selection, self.data_)
        )
        self.refresh_visits()

    def send(self) -> None:
        to_send = [v.id for v in self.day_visits() if v.state == VisitState.PLANNED]
        if not to_send:
            self._say(self.tr("Nothing to send for this day."), error=True)
            return
        planning = self.planning

        def sent(posted: int) -> None:
            self.refresh_visits()
            self._say(
                self.tr("{0} visits sent sealed ({1} messages).").format(len(to_send), posted)
            )

        self._network(lambda: planning.send(to_send), True, self.tr("Sending…"), sent)

    def get_outcomes(self) -> None:
        """The visits' outcomes (finalized inspections) and burgerzaken's notices."""
        planning = self.planning

        def work() -> tuple[int, NoticeCount | PlanningError]:
            count = planning.collect_outcomes()
            try:
                return count, planning.collect_notices()
            except PlanningError as exc:  # the visits' outcomes still count
                return count, exc

        def received(result: tuple[int, NoticeCount | PlanningError]) -> None:
            count, notices = result
            self.refresh_visits()
            text = self.tr("{0} outcomes received.").format(count)
            if isinstance(notices, PlanningError):
                self._say(f"{text} {message_for(notices, self.lang)}", True)
                return
            text += " " + self.tr("{0} outcomes of registrations from burgerzaken.").format(
                notices.received
            )
            if notices.refused:
                text += " " + self.tr(
                    "{0} notices refused: they do not verify (see the Burgerzaken tab)."
                ).format(notices.refused)
            self._say(text, error=bool(notices.refused))

        self._network(work, True, self.tr("Getting the outcomes…"), received)
