"""The first step of a registration: the explanation, the language, the resident's consent."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from inspector import LANGUAGE_NAMES
from inspector.core import registrations as en
from inspector.core.workspace import WorkspaceError
from inspector.error_kinds import message_for
from inspector.registration_form.texts import LANGUAGES, registration_text
from inspector.rules.model import DutyKinds
from inspector.ui import style
from inspector.ui.operations import error_text, interface_language
from inspector.ui.registration import pages
from inspector.ui.registration.session import (
    STEP_DECLINED,
    STEP_FORM,
    RegistrationSession,
    WizardPage,
)
from inspector.ui.style import Role, set_role

#: The explanation before consent, in this order (texts in resources/texts/registration.yaml).
EXPLANATION = (
    "explain_what",
    "explain_rights",
    "explain_bsn",
    "explain_letter",
    "explain_moving",
    "explain_leaving",
    "explain_voluntary",
    "explain_procedure",
)


class ConsentPage(WizardPage):
    """Step 1: what registering means, in the resident's language beside Dutch, and the
    resident's choice (stored at once: a draft registration, or the refusal)."""

    def __init__(self, session: RegistrationSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.setObjectName("consent_page")
        self.language_box = QComboBox()
        self.language_box.setObjectName("language")
        for code in LANGUAGES:
            self.language_box.addItem(LANGUAGE_NAMES[code], code)
        self.language_box.currentIndexChanged.connect(self._language_changed)
        lang_row = QHBoxLayout()
        label = QLabel(self.tr("Resident's &language:"))
        label.setBuddy(self.language_box)
        lang_row.addWidget(label)
        lang_row.addWidget(self.language_box)
        lang_row.addStretch(1)

        self.duty_label = QLabel()
        self.duty_label.setObjectName("duty")
        self.duty_label.setWordWrap(True)
        self.duty_label.setTextFormat(Qt.TextFormat.RichText)
        self.rni_consent_button = self._rni_button("rni_consent")
        duty_row = QHBoxLayout()
        duty_row.addWidget(self.duty_label, 1)
        duty_row.addWidget(self.rni_consent_button)

        self.explain_area = QScrollArea()
        self.explain_area.setWidgetResizable(True)
        self.explain_area.setFrameShape(QFrame.Shape.NoFrame)

        self.consent_yes = QPushButton()
        self.consent_yes.setObjectName("consent_yes")
        self.consent_no = QPushButton()
        self.consent_no.setObjectName("consent_no")
        for button in (self.consent_yes, self.consent_no):
            button.setMinimumHeight(56)
        self.consent_yes.setStyleSheet(
            f"QPushButton {{ background: {style.YES_BACKGROUND}; font-weight: bold; }}"
        )
        self.consent_yes.clicked.connect(lambda: self.give_consent(True))
        self.consent_no.clicked.connect(lambda: self.give_consent(False))
        buttons = QHBoxLayout()
        buttons.addWidget(self.consent_no, 1)
        buttons.addWidget(self.consent_yes, 2)

        layout = QVBoxLayout(self)
        layout.addLayout(lang_row)
        layout.addLayout(duty_row)
        layout.addWidget(self.explain_area, 1)
        layout.addLayout(buttons)

    def enter(self) -> None:
        index = self.language_box.findData(self.session.language)
        self.language_box.blockSignals(True)
        self.language_box.setCurrentIndex(max(0, index))
        self.language_box.blockSignals(False)
        self._fill_consent()

    def _language_changed(self) -> None:
        lang = self.language_box.currentData()
        if lang and lang != self.session.language:
            try:
                self.session.ws.residents.update(self.session.resident_id, language=lang)
            except WorkspaceError as exc:
                self.language_box.blockSignals(True)
                self.language_box.setCurrentIndex(
                    max(0, self.language_box.findData(self.session.language))
                )
                self.language_box.blockSignals(False)
                QMessageBox.warning(
                    self,
                    self.tr("Register in the BRP"),
                    self.tr("The language cannot be changed: {0}").format(
                        message_for(exc, interface_language())
                    ),
                )
                return
            self.session.language = lang
            self._fill_consent()

    def _fill_consent(self) -> None:
        municipality = self.session.municipality()
        content = QWidget()
        grid = QGridLayout(content)
        grid.setContentsMargins(8, 8, 24, 8)
        grid.setHorizontalSpacing(28)
        grid.setVerticalSpacing(10)
        columns = [self.session.language] + ([] if self.session.language == "nl" else ["nl"])
        for col, lang in enumerate(columns):
            title = pages.heading(registration_text("screen_title", lang), 1.45)
            sub = pages.heading(registration_text("explain_heading", lang), 1.15)
            if lang == "nl" and len(columns) > 1:
                for w in (title, sub):
                    set_role(w, Role.TRANSLATION)
            grid.addWidget(title, 0, col)
            grid.addWidget(sub, 1, col)
            for row, key in enumerate(EXPLANATION, start=2):
                text = registration_text(key, lang, municipality=municipality)
                grid.addWidget(pages.paragraph(text, secondary=lang == "nl" and col > 0), row, col)
            question = pages.heading(registration_text("consent_question", lang), 1.1)
            grid.addWidget(question, len(EXPLANATION) + 2, col, Qt.AlignmentFlag.AlignTop)
            grid.setColumnStretch(col, 1)
        grid.setRowStretch(len(EXPLANATION) + 3, 1)
        self.explain_area.setWidget(content)
        yes, yes_nl = self.session.two("consent_yes")
        no, no_nl = self.session.two("consent_no")
        self.consent_yes.setText(yes + (f"\n{yes_nl}" if yes_nl else ""))
        self.consent_no.setText(no + (f"\n{no_nl}" if no_nl else ""))
        self._show_duty()

    def _show_duty(self) -> None:
        kind = self.session.duty.kind
        names = {
            DutyKinds.INGEZETENE: self.tr("resident (ingezetene, BRP)"),
            DutyKinds.RNI: self.tr("non-resident (RNI)"),
            DutyKinds.ALREADY_CORRECT: self.tr("already registered correctly"),
            DutyKinds.REGISTERED_ON_SITE: self.tr("registered on the spot"),
            DutyKinds.UNKNOWN: self.tr("not yet known"),
        }
        colour = {DutyKinds.INGEZETENE: style.OK_TEXT, DutyKinds.RNI: style.INFO}.get(
            kind, style.NOTICE_TEXT
        )
        self.duty_label.setText(
            self.tr("Registration duty from the questionnaire: <b style='color:{0}'>{1}</b>"
                    " — {2}").format(colour, names.get(kind, kind),
                                     self.session.duty.reason(self.session.officer_language))
        )  # fmt: skip
        set_role(self.duty_label, Role.PANEL)
        # A stay shorter than the legal term: the RNI route is offered before anything else.
        self.rni_consent_button.setVisible(
            kind == DutyKinds.RNI and en.first_registration(self.session.duty)
        )

    def give_consent(self, consent: bool) -> None:
        try:
            session = self.session
            session.registration_id = session.ws.registrations.start(
                session.resident_id,
                consent=consent,
                language=session.language,
                today=session.today,
            )
        except WorkspaceError as exc:
            QMessageBox.warning(self, self.tr("Register in the BRP"), error_text(exc))
            return
        if consent:
            self.stepRequested.emit(STEP_FORM)
        else:
            self.stepRequested.emit(STEP_DECLINED)

    def set_locked(self, locked: bool) -> None:
        """A finalized inspection: the language and the choice cannot be changed."""
        for widget in (self.language_box, self.consent_yes, self.consent_no):
            widget.setEnabled(not locked)
