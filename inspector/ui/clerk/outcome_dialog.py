"""The outcome of a registration: processed (BSN and date from the BRP, first registration or
re-registration), returned with a question, or refused with the reason."""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from inspector import localtime
from inspector.clerk.desk import ClerkDesk
from inspector.clerk.receive import ClerkError
from inspector.states import ClerkState
from inspector.ui.operations import error_text
from inspector.ui.style import Role, set_role


class OutcomeDialog(QDialog):
    """Records the outcome through the desk; a refusal by the core is shown in the dialog and
    nothing typed is lost."""

    def __init__(self, desk: ClerkDesk, record_id: str, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.desk = desk
        self.record_id = record_id
        self.result_state: str | None = None
        self.setWindowTitle("Uitkomst vastleggen")
        self.setMinimumWidth(520)

        heading = QLabel(f"<b>{html.escape(name, quote=False)}</b>")
        self.kind_group = QButtonGroup(self)
        kinds = QHBoxLayout()
        self.radios: dict[str, QRadioButton] = {}
        choices: tuple[tuple[str, str], ...] = (
            (ClerkState.PROCESSED, "Verwerkt in de BRP"),
            (ClerkState.RETURNED, "Terugsturen met een vraag"),
            (ClerkState.REFUSED, "Weigeren"),
        )
        for key, label in choices:
            radio = QRadioButton(label)
            radio.setObjectName(f"outcome_{key}")
            self.kind_group.addButton(radio)
            self.radios[key] = radio
            kinds.addWidget(radio)
        kinds.addStretch(1)

        self.pages = QStackedWidget()
        processed = QWidget()
        form = QFormLayout(processed)
        self.bsn = QLineEdit()
        self.bsn.setObjectName("bsn")
        self.bsn.setPlaceholderText("9 cijfers, uit de BRP")
        self.bsn.setMaxLength(11)
        self.reg_date = QDateEdit()
        self.reg_date.setObjectName("registration_date")
        self.reg_date.setCalendarPopup(True)
        self.reg_date.setDisplayFormat("dd-MM-yyyy")
        day = localtime.today()
        self.reg_date.setDate(QDate(day.year, day.month, day.day))
        self.first = QRadioButton("Eerste inschrijving")
        self.first.setObjectName("first_registration")
        self.again = QRadioButton("Hervestiging")
        self.again.setObjectName("re_registration")
        which = QHBoxLayout()
        which.addWidget(self.first)
        which.addWidget(self.again)
        which.addStretch(1)
        box = QGroupBox()
        box.setLayout(which)
        form.addRow("BSN", self.bsn)
        form.addRow("Datum inschrijving", self.reg_date)
        form.addRow("Soort", box)
        self.pages.addWidget(processed)
        text_page = QWidget()
        text_layout = QVBoxLayout(text_page)
        self.text_label = QLabel()
        self.text = QPlainTextEdit()
        self.text.setObjectName("outcome_text")
        self.text.setMinimumHeight(90)
        text_layout.addWidget(self.text_label)
        text_layout.addWidget(self.text)
        self.pages.addWidget(text_page)

        self.error = QLabel()
        self.error.setObjectName("outcome_error")
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        set_role(self.error, Role.ERROR)
        self.error.hide()
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton("Vastleggen", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("save_outcome")
        self.save_button.setEnabled(False)
        cancel = buttons.addButton("Annuleren", QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setObjectName("cancel_outcome")
        self.save_button.clicked.connect(lambda _checked=False: self.save())
        cancel.clicked.connect(lambda _checked=False: self.reject())
        for key, radio in self.radios.items():
            radio.toggled.connect(lambda on, k=key: self._kind(k) if on else None)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(kinds)
        layout.addWidget(self.pages)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.pages.hide()

    def _kind(self, key: str) -> None:
        self.pages.show()
        self.save_button.setEnabled(True)
        self.error.hide()
        if key == ClerkState.PROCESSED:
            self.pages.setCurrentIndex(0)
        else:
            self.pages.setCurrentIndex(1)
            self.text_label.setText(
                "Vraag aan de toezichthouder (verschijnt bij de inschrijving op de laptop):"
                if key == ClerkState.RETURNED
                else "Reden van de weigering (voor de beschikking met bezwaarclausule):"
            )

    def chosen(self) -> str | None:
        return next((k for k, r in self.radios.items() if r.isChecked()), None)

    def save(self) -> None:
        state = self.chosen()
        if state is None:
            return
        try:
            if state == ClerkState.PROCESSED:
                first: bool | None = (
                    True if self.first.isChecked() else False if self.again.isChecked() else None
                )
                q = self.reg_date.date()
                new = self.desk.decide(
                    self.record_id,
                    state,
                    bsn=self.bsn.text(),
                    registration_date=date(q.year(), q.month(), q.day()),
                    first_registration=first,
                )
            else:
                new = self.desk.decide(self.record_id, state, message=self.text.toPlainText())
        except ClerkError as exc:
            self.error.setText(error_text(exc))
            self.error.show()
            return
        self.result_state = new
        self.accept()
