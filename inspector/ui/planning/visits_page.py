"""The officer's planned visits: what came down on sync, why each address is visited, who is
registered there (marked on site: lives here / does not / unknown), the residents found who
are not registered, and the inspection started from the visit."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from inspector.core.workspace import Workspace
from inspector.error_kinds import message_for
from inspector.planning import visits as officer
from inspector.planning.manager import MARK_NAMES, MARKS, PlanningError, Visit


class PlannedVisitsPage(QWidget):
    """List of planned visits (left) and the chosen visit (right).

    Signals:
        openInspection(str): the inspection of the visit should be shown.
        backRequested(): back to the inspections list.
    """

    openInspection = Signal(str)
    backRequested = Signal()

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("planned_visits")
        self.ws = workspace
        self.lang = "en" if workspace.settings.interface_language == "en" else "nl"
        self.visit: Visit | None = None
        self.groups: list[QButtonGroup] = []

        self.list = QListWidget()
        self.refresh_button = QPushButton(self.tr("&Refresh"))
        self.back_button = QPushButton(self.tr("← Inspections"))
        left = QWidget()
        l_layout = QVBoxLayout(left)
        l_layout.setContentsMargins(0, 0, 0, 0)
        l_layout.addWidget(QLabel(self.tr("Planned visits")))
        l_layout.addWidget(self.list, 1)
        l_layout.addWidget(self.refresh_button)

        self.header = QLabel()
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.persons_box = QWidget()
        self.persons = QGridLayout(self.persons_box)
        self.persons.setAlignment(Qt.AlignmentFlag.AlignTop)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.persons_box)
        self.found_list = QLabel()
        self.found_list.setWordWrap(True)
        self.found_name = QLineEdit()
        self.found_name.setPlaceholderText(self.tr("name of a resident found, not registered"))
        self.add_found_button = QPushButton(self.tr("&Add resident"))
        self.start_button = QPushButton(self.tr("&Start the inspection"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        found_row = QHBoxLayout()
        found_row.addWidget(self.found_name, 1)
        found_row.addWidget(self.add_found_button)
        right = QWidget()
        r_layout = QVBoxLayout(right)
        r_layout.setContentsMargins(0, 0, 0, 0)
        r_layout.addWidget(self.header)
        r_layout.addWidget(QLabel(self.tr("Registered at this address: who lives here?")))
        r_layout.addWidget(scroll, 1)
        r_layout.addWidget(self.found_list)
        r_layout.addLayout(found_row)
        r_layout.addWidget(self.message)
        r_layout.addWidget(self.start_button)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([380, 900])
        top = QHBoxLayout()
        title = QLabel(f"<h2>{escape(self.tr('Planned visits'))}</h2>")
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.back_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)

        self.list.currentRowChanged.connect(lambda _r: self._show_current())
        self.refresh_button.clicked.connect(lambda: self.refresh())
        self.add_found_button.clicked.connect(lambda: self.add_found())
        self.start_button.clicked.connect(lambda: self.start())
        self.back_button.clicked.connect(self.backRequested)
        self.refresh()

    def refresh(self) -> None:
        """Take in what came down on the last sync and list the visits."""
        officer.receive(self.ws)
        current = self.visit.id if self.visit else None
        self.list.clear()
        for v in officer.received_visits(self.ws):
            item = QListWidgetItem(
                f"{v.visit_date.strftime('%d-%m-%Y')} {v.slot}\n{v.address}, {v.postcode}"
            )
            item.setData(Qt.ItemDataRole.UserRole, v.id)
            self.list.addItem(item)
            if v.id == current:
                self.list.setCurrentItem(item)
        if self.list.currentRow() < 0 and self.list.count():
            self.list.setCurrentRow(0)
        if not self.list.count():
            self.visit = None
            self.header.setText(self.tr("No planned visits on this laptop yet."))
        self._enable()

    def _enable(self) -> None:
        has = self.visit is not None
        for w in (self.found_name, self.add_found_button, self.start_button):
            w.setEnabled(has)
        if self.visit is not None:
            self.start_button.setText(
                self.tr("&Open the inspection")
                if self.visit.inspection_id
                else self.tr("&Start the inspection")
            )

    def _show_current(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        visit_id = str(item.data(Qt.ItemDataRole.UserRole))
        self.visit = next((v for v in officer.received_visits(self.ws) if v.id == visit_id), None)
        if self.visit is None:
            return
        v = self.visit
        team = ", ".join(v.officers + v.partners)
        reasons = "".join(f"<li>{escape(r)}</li>" for r in v.reasons)
        self.header.setText(
            f"<h3>{escape(v.address)}, {escape(v.postcode)} {escape(v.city)}</h3>"
            f"<p>{escape(v.visit_date.strftime('%d-%m-%Y'))} {escape(v.slot)} · "
            f"{escape(self.tr('Team'))}: {escape(team)}<br>"
            f"BAG {escape(v.bag_ids.get('verblijfsobject', ''))}</p>"
            f"<p>{escape(self.tr('Why this address'))}:</p><ul>{reasons}</ul>"
        )
        self._fill_persons()
        self._fill_found()
        self._enable()

    def _fill_persons(self) -> None:
        while self.persons.count():
            child = self.persons.takeAt(0)
            widget = child.widget() if child is not None else None
            if widget is not None:
                widget.deleteLater()
        self.groups = []
        assert self.visit is not None
        marks = officer.marks_of(self.ws, self.visit.id)
        for row, person in enumerate(self.visit.persons):
            born = f" ({person.birth_date})" if person.birth_date else ""
            self.persons.addWidget(QLabel(person.name + born), row, 0)
            group = QButtonGroup(self)
            for column, value in enumerate(MARKS, start=1):
                nl, en = MARK_NAMES[value]
                button = QRadioButton(nl if self.lang == "nl" else en)
                button.setObjectName(f"mark_{row}_{value}")
                button.setChecked(marks.get(person.id) == value)
                group.addButton(button)
                self.persons.addWidget(button, row, column)
                button.toggled.connect(
                    lambda on, pid=person.id, val=value: self._marked(pid, val, on)
                )
            self.groups.append(group)
        if not self.visit.persons:
            self.persons.addWidget(QLabel(self.tr("Nobody is registered here.")), 0, 0)

    def _fill_found(self) -> None:
        assert self.visit is not None
        names = officer.found_names(self.ws, self.visit.id)
        self.found_list.setText(
            self.tr("Found here, not registered: {0}").format(", ".join(names)) if names else ""
        )

    def _marked(self, person_id: str, value: str, on: bool) -> None:
        if not on or self.visit is None:
            return
        try:
            officer.mark(self.ws, self.visit.id, person_id, value)
        except PlanningError as exc:
            self.message.setText(message_for(exc, self.lang))
            return
        self.message.setText(self.tr("Saved."))

    def add_found(self) -> None:
        if self.visit is None:
            return
        try:
            officer.add_found(self.ws, self.visit.id, self.found_name.text())
        except PlanningError as exc:
            self.message.setText(message_for(exc, self.lang))
            return
        name = self.found_name.text().strip()
        self.found_name.clear()
        self.message.setText(self.tr("{0} added as a resident of the inspection.").format(name))
        self.refresh()

    def start(self) -> None:
        if self.visit is None:
            return
        inspection_id = officer.start_inspection(self.ws, self.visit.id)
        self.refresh()
        self.openInspection.emit(inspection_id)
