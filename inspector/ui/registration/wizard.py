"""RegistrationWizard: one resident's on-the-spot BRP registration, from consent to signed PDF."""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inspector import localtime
from inspector.core import registrations as en
from inspector.core.filenames import suggested_file_name
from inspector.core.workspace import ResidentInfo, Workspace, WorkspaceError
from inspector.documents.mrz import RULE_ICAO, RULE_TEXTS, MrzResult
from inspector.forms import Evaluation
from inspector.registration_form.texts import LANGUAGES, registration_text
from inspector.ui.formview import FormView
from inspector.ui.formview.attachments import MAX_BYTES
from inspector.ui.registration import pages
from inspector.ui.registration.signature import SignaturePad
from inspector.ui.saving import remember_folder

LANGUAGE_NAMES = {
    "nl": "Nederlands",
    "en": "English",
    "pl": "Polski",
    "uk": "Українська",
    "ro": "Română",
}
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
#: What the registration-details page shows; the document and signing are pages of their own.
FORM_SECTIONS: dict[str, set[str] | None] = {
    "start": None,
    "identity": None,
    "arrival": None,
    "address": None,
    "contact": None,
}
DOCUMENT_SECTIONS: dict[str, set[str] | None] = {
    "document": {"document_type", "document_number", "document_country", "document_expiry", "bsn"}
}
#: Form fields on the document page (the rest of the form lives on the details page).
DOCUMENT_FIELDS = frozenset(DOCUMENT_SECTIONS["document"] or set()) | {"mrz"}
MISMATCH_FIELDS = {
    "surname": (QT_TRANSLATE_NOOP("RegistrationWizard", "Surname"), "surname"),
    "given_names": (QT_TRANSLATE_NOOP("RegistrationWizard", "Given names"), "given_names"),
    "document_number": (
        QT_TRANSLATE_NOOP("RegistrationWizard", "Document number"),
        "document_number",
    ),
    "birth_date": (QT_TRANSLATE_NOOP("RegistrationWizard", "Date of birth"), "birth_date"),
    "expiry_date": (QT_TRANSLATE_NOOP("RegistrationWizard", "Valid until"), "document_expiry"),
    "sex": (QT_TRANSLATE_NOOP("RegistrationWizard", "Sex"), "sex"),
    "nationality": (QT_TRANSLATE_NOOP("RegistrationWizard", "Nationality"), "nationalities"),
    "issuing_country": (
        QT_TRANSLATE_NOOP("RegistrationWizard", "Issuing country"),
        "document_country",
    ),
}
#: The MRZ's check digits as the status line names them.
CHECK_NAMES = {
    "document_number": QT_TRANSLATE_NOOP("RegistrationWizard", "document number"),
    "birth_date": QT_TRANSLATE_NOOP("RegistrationWizard", "date of birth"),
    "expiry_date": QT_TRANSLATE_NOOP("RegistrationWizard", "expiry date"),
    "optional_data": QT_TRANSLATE_NOOP("RegistrationWizard", "optional data"),
    "composite": QT_TRANSLATE_NOOP("RegistrationWizard", "all together (composite)"),
}
STEP_CONSENT, STEP_FORM, STEP_DOCUMENT, STEP_SIGNATURE, STEP_DONE, STEP_DECLINED = range(6)


def _bare(name: str) -> str:
    return en.bare_municipality(name)


class RegistrationWizard(QWidget):
    """Register one resident in the BRP on the spot.

    Steps: explanation and consent (resident's language beside Dutch) → registration details
    (prefilled form) → identity document (MRZ, visual check, scans) → declaration and
    signature → signed PDF. A signed registration opens read-only at the last step, with
    "Make a correction" for a new version.

    Signals:
        finished_registration(str): the registration id, when the officer closes the wizard after
            signing or after the resident declined.
    """

    finished_registration = Signal(str)

    def __init__(
        self,
        workspace: Workspace,
        inspection_id: str,
        resident_id: str,
        parent: QWidget | None = None,
        *,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("registration_wizard")
        self.setWindowTitle(self.tr("Register in the BRP"))
        self.ws = workspace
        self.inspection_id = inspection_id
        self.resident_id = resident_id
        self.today = today
        self.resident = self._resident()
        self.language = self.resident.language
        self.officer_language = "en" if workspace.settings.interface_language == "en" else "nl"
        self.registration_id: str | None = None
        self.form_view: FormView | None = None
        self.doc_view: FormView | None = None
        self.mrz_result: MrzResult | None = None
        self.check: en.DocumentCheckResult | None = None
        self.last_pdf: bytes | None = None
        self._doc_base: dict[str, Any] = {}
        self.duty = workspace.registrations.duty(resident_id, today=today)

        self.steps = QLabel()
        self.steps.setObjectName("steps")
        self.steps.setTextFormat(Qt.TextFormat.RichText)
        self.stack = QStackedWidget()
        self.locked_label = QLabel(
            self.tr("This inspection is finalized, so its registrations cannot be changed. "
                    "Reopen the inspection to change them.")
        )  # fmt: skip
        self.locked_label.setObjectName("locked")
        self.locked_label.setWordWrap(True)
        self.locked_label.setStyleSheet(
            "QLabel { background: #fff3e0; border: 1px solid #ffb74d; padding: 6px; }"
        )
        self.locked_label.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.steps)
        layout.addWidget(self.locked_label)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        layout.addWidget(line)
        layout.addWidget(self.stack, 1)

        self.consent_page = self._build_consent()
        self.form_page = self._build_form_page()
        self.document_page = self._build_document_page()
        self.signature_page = self._build_signature_page()
        self.done_page = self._build_done_page()
        self.declined_page = self._build_declined_page()
        for page in (
            self.consent_page,
            self.form_page,
            self.document_page,
            self.signature_page,
            self.done_page,
            self.declined_page,
        ):
            self.stack.addWidget(page)

        existing = workspace.registrations.current(resident_id)
        if existing is not None and existing.state in (en.SIGNED, en.PROCESSED):
            self.registration_id = existing.id
            self.go(STEP_DONE)
        elif existing is not None and existing.state == en.DRAFT:
            self.registration_id = existing.id
            self.language = existing.language
            self.go(STEP_FORM)
        else:
            self.go(STEP_CONSENT)
        self.resize(1180, 820)

    # -- helpers ---------------------------------------------------------------------------

    def _resident(self) -> ResidentInfo:
        for r in self.ws.residents.list_for(self.inspection_id):
            if r.id == self.resident_id:
                return r
        raise WorkspaceError(f"no resident with id {self.resident_id!r} in this inspection")

    def _text(self, key: str, lang: str | None = None, **values: object) -> str:
        return registration_text(key, lang or self.language, **values)

    def _two(self, key: str, **values: object) -> tuple[str, str | None]:
        """(resident's language, Dutch or None when the resident's language is Dutch)."""
        main = self._text(key, **values)
        return main, None if self.language == "nl" else self._text(key, "nl", **values)

    def _address_line(self) -> str:
        detail = self.ws.inspections.get(self.inspection_id, audit_view=False).summary
        return f"{detail.address}, {detail.postcode} {detail.city}"

    def current_step(self) -> int:
        return self.stack.currentIndex()

    def _inspection_finalized(self) -> bool:
        return self.ws.registrations.inspection_finalized(self.inspection_id)

    def go(self, step: int) -> None:
        finalized = self._inspection_finalized()
        self.locked_label.setVisible(finalized)
        for widget in (self.language_box, self.consent_yes, self.consent_no):
            widget.setEnabled(not finalized)
        enter = {
            STEP_CONSENT: self._enter_consent,
            STEP_FORM: self._enter_form,
            STEP_DOCUMENT: self._enter_document,
            STEP_SIGNATURE: self._enter_signature,
            STEP_DONE: self._enter_done,
        }.get(step)
        if enter is not None:
            enter()
        self.stack.setCurrentIndex(step)
        names = [
            self.tr("1 Explanation and consent"),
            self.tr("2 Registration details"),
            self.tr("3 Identity document"),
            self.tr("4 Signature"),
            self.tr("5 Signed form"),
        ]
        shown = min(step, STEP_DONE) if step != STEP_DECLINED else STEP_CONSENT
        parts = [
            f"<b><u>{name}</u></b>" if i == shown else f"<span style='color:#777'>{name}</span>"
            for i, name in enumerate(names)
        ]
        self.steps.setText("  ›  ".join(parts))

    # -- 1 consent -------------------------------------------------------------------------

    def _build_consent(self) -> QWidget:
        page = QWidget()
        page.setObjectName("consent_page")
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

        self.explain_area = QScrollArea()
        self.explain_area.setWidgetResizable(True)
        self.explain_area.setFrameShape(QFrame.Shape.NoFrame)

        self.consent_yes = QPushButton()
        self.consent_yes.setObjectName("consent_yes")
        self.consent_no = QPushButton()
        self.consent_no.setObjectName("consent_no")
        for button in (self.consent_yes, self.consent_no):
            button.setMinimumHeight(56)
        self.consent_yes.setStyleSheet("QPushButton { background: #e3f2e1; font-weight: bold; }")
        self.consent_yes.clicked.connect(lambda: self.give_consent(True))
        self.consent_no.clicked.connect(lambda: self.give_consent(False))
        buttons = QHBoxLayout()
        buttons.addWidget(self.consent_no, 1)
        buttons.addWidget(self.consent_yes, 2)

        layout = QVBoxLayout(page)
        layout.addLayout(lang_row)
        layout.addWidget(self.duty_label)
        layout.addWidget(self.explain_area, 1)
        layout.addLayout(buttons)
        return page

    def _enter_consent(self) -> None:
        index = self.language_box.findData(self.language)
        self.language_box.blockSignals(True)
        self.language_box.setCurrentIndex(max(0, index))
        self.language_box.blockSignals(False)
        self._fill_consent()

    def _language_changed(self) -> None:
        lang = self.language_box.currentData()
        if lang and lang != self.language:
            try:
                self.ws.residents.update(self.resident_id, language=lang)
            except WorkspaceError as exc:
                self.language_box.blockSignals(True)
                self.language_box.setCurrentIndex(max(0, self.language_box.findData(self.language)))
                self.language_box.blockSignals(False)
                QMessageBox.warning(
                    self,
                    self.tr("Register in the BRP"),
                    self.tr("The language cannot be changed: {0}").format(exc),
                )
                return
            self.language = lang
            self._fill_consent()

    def _fill_consent(self) -> None:
        municipality = _bare(self.ws.settings.municipality.name)
        content = QWidget()
        grid = QGridLayout(content)
        grid.setContentsMargins(8, 8, 24, 8)
        grid.setHorizontalSpacing(28)
        grid.setVerticalSpacing(10)
        columns = [self.language] + ([] if self.language == "nl" else ["nl"])
        for col, lang in enumerate(columns):
            title = pages.heading(registration_text("screen_title", lang), 1.45)
            sub = pages.heading(registration_text("explain_heading", lang), 1.15)
            if lang == "nl" and len(columns) > 1:
                for w in (title, sub):
                    w.setStyleSheet("color: #4a4a4a;")
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
        yes, yes_nl = self._two("consent_yes")
        no, no_nl = self._two("consent_no")
        self.consent_yes.setText(yes + (f"\n{yes_nl}" if yes_nl else ""))
        self.consent_no.setText(no + (f"\n{no_nl}" if no_nl else ""))
        self._show_duty()

    def _show_duty(self) -> None:
        kind = self.duty.kind
        names = {
            "ingezetene": self.tr("resident (ingezetene, BRP)"),
            "rni": self.tr("non-resident (RNI)"),
            "already_correct": self.tr("already registered correctly"),
            "registered_on_site": self.tr("registered on the spot"),
            "unknown": self.tr("not yet known"),
        }
        colour = {"ingezetene": "#1b5e20", "rni": "#0d47a1"}.get(kind, "#5d4037")
        self.duty_label.setText(
            self.tr("Registration duty from the questionnaire: <b style='color:{0}'>{1}</b>"
                    " — {2}").format(colour, names.get(kind, kind),
                                     self.duty.reason(self.officer_language))
        )  # fmt: skip
        self.duty_label.setStyleSheet(
            "QLabel { background: #f5f5f5; border: 1px solid #ddd; padding: 6px; }"
        )

    def give_consent(self, consent: bool) -> None:
        try:
            self.registration_id = self.ws.registrations.start(
                self.resident_id, consent=consent, language=self.language, today=self.today
            )
        except WorkspaceError as exc:
            QMessageBox.warning(self, self.tr("Register in the BRP"), str(exc))
            return
        if consent:
            self.go(STEP_FORM)
        else:
            self.go(STEP_DECLINED)

    # -- 2 registration details ------------------------------------------------------------

    def _build_form_page(self) -> QWidget:
        page = QWidget()
        page.setObjectName("form_page")
        self.form_holder = QVBoxLayout()
        self.confirm_short_stay = QCheckBox()
        self.confirm_short_stay.setObjectName("confirm_short_stay")
        self.confirm_short_stay.hide()
        self.form_message = QLabel()
        self.form_message.setObjectName("form_message")
        self.form_message.setWordWrap(True)
        self.form_message.setStyleSheet("color: #b71c1c;")
        self.form_next = QPushButton(self.tr("&Next: identity document ▶"))
        self.form_next.setObjectName("form_next")
        self.form_next.clicked.connect(self.form_done)
        row = QHBoxLayout()
        row.addWidget(self.form_message, 1)
        row.addWidget(self.form_next)
        layout = QVBoxLayout(page)
        layout.addLayout(self.form_holder, 1)
        layout.addWidget(self.confirm_short_stay)
        layout.addLayout(row)
        return page

    def _read_only(self) -> bool:
        """Nothing may change: no registration yet, a signed one, or a finalized inspection
        (which locks drafts too)."""
        if self.registration_id is None or self._inspection_finalized():
            return True
        return self.ws.registrations.get(self.registration_id, audit_view=False).read_only

    def _enter_form(self) -> None:
        if self.form_view is not None:
            self.form_view.flush()
            self.form_view.setParent(None)
            self.form_view.deleteLater()
        self.form_view = FormView(
            self.ws,
            self.inspection_id,
            pages.subform(en.registration_form(), FORM_SECTIONS),
            resident_id=self.resident_id,
            language=self.language,
            show_dutch_beside=True,
            read_only=self._read_only(),
            today=self.today,
        )
        self.form_view.evaluated.connect(self._form_evaluated)
        self.form_holder.addWidget(self.form_view)
        self.form_message.clear()
        self._form_evaluated(self.form_view.evaluation)
        self.form_view.go_to_section("identity")

    def _issues_text(self, evaluation: Evaluation) -> str:
        """What is still missing or wrong, naming the first field ("" when complete)."""
        issues = evaluation.issues()
        if not issues:
            return ""
        first = issues[0]
        label = (
            en.registration_form().field(first.field_id).label.get(self.officer_language)
            if first.field_id
            else ""
        )
        what = first.message.get(self.officer_language)
        return self.tr("%n field(s) still to complete or correct, first: {0}", "", len(issues)
                       ).format(f"{label} — {what}" if label else what)  # fmt: skip

    def _form_evaluated(self, evaluation: Evaluation) -> None:
        # A message about missing fields follows the answers: it never names a field that
        # has been filled in since.
        if self.form_message.property("issues"):
            text = self._issues_text(evaluation)
            self.form_message.setText(text)
            self.form_message.setProperty("issues", bool(text))
        kind = evaluation.values.get("registration_kind")
        duty = self.ws.registrations.duty(
            self.resident_id, today=self.today, extra=evaluation.values
        )
        needs = kind == "ingezetene" and duty.kind == "rni"
        self.confirm_short_stay.setText(
            self.tr("The answers point to a short stay ({0}). I confirm that this person "
                    "registers as a resident (ingezetene) all the same.").format(
                duty.reason(self.officer_language))
        )  # fmt: skip
        self.confirm_short_stay.setVisible(needs)
        if not needs:
            self.confirm_short_stay.setChecked(False)

    def form_done(self) -> bool:
        """Check the details page; on success go to the document page."""
        assert self.form_view is not None and self.registration_id is not None
        self.form_view.flush()
        if self._read_only():
            self.form_message.clear()
            self.go(STEP_DOCUMENT)
            return True
        evaluation = self.form_view.evaluation
        if not evaluation.is_complete:
            first = evaluation.issues()[0]
            self.form_message.setText(self._issues_text(evaluation))
            self.form_message.setProperty("issues", True)
            if first.path:
                self.form_view.focus_field(first.path)
            return False
        kind = evaluation.values.get("registration_kind")
        try:
            self.ws.registrations.set_kind(self.registration_id, str(kind),
                confirm_short_stay=self.confirm_short_stay.isChecked(), today=self.today,
            )  # fmt: skip
        except en.ConfirmationNeeded as exc:
            self.confirm_short_stay.show()
            self.form_message.setText(exc.message.text(self.officer_language))
            self.form_message.setProperty("issues", False)
            self.confirm_short_stay.setFocus()
            return False
        except WorkspaceError as exc:
            self.form_message.setText(str(exc))
            self.form_message.setProperty("issues", False)
            return False
        self.form_message.clear()
        self.go(STEP_DOCUMENT)
        return True

    # -- 3 identity document ---------------------------------------------------------------

    def _build_document_page(self) -> QWidget:
        page = QWidget()
        page.setObjectName("document_page")
        self.doc_holder = QVBoxLayout()

        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.mrz_edit = QPlainTextEdit()
        self.mrz_edit.setObjectName("mrz")
        self.mrz_edit.setFont(mono)
        self.mrz_edit.setTabChangesFocus(True)
        self.mrz_edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.mrz_edit.setFixedHeight(self.mrz_edit.fontMetrics().lineSpacing() * 4 + 12)
        self.mrz_edit.setPlaceholderText(
            self.tr("Type or paste the 2 or 3 lines at the bottom of the document (optional)")
        )
        self.mrz_edit.textChanged.connect(self._recheck)
        self.mrz_edit.textChanged.connect(lambda: self.doc_message.clear())
        self.mrz_fill = QPushButton(self.tr("Fill &empty fields from the MRZ"))
        self.mrz_fill.setObjectName("mrz_fill")
        self.mrz_fill.setEnabled(False)
        self.mrz_fill.clicked.connect(self.fill_from_mrz)
        self.mrz_status = QLabel()
        self.mrz_status.setObjectName("mrz_status")
        self.mrz_status.setWordWrap(True)
        self.mrz_status.setTextFormat(Qt.TextFormat.RichText)
        self.mismatch_table = QTableWidget(0, 3)
        self.mismatch_table.setObjectName("mismatches")
        self.mismatch_table.setHorizontalHeaderLabels(
            [self.tr("Field"), self.tr("In the MRZ"), self.tr("Entered")]
        )
        self.mismatch_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.mismatch_table.verticalHeader().hide()
        self.mismatch_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.mismatch_table.hide()
        self.accept_mismatches = QCheckBox(
            self.tr("The differences are explained (e.g. another spelling of the name)")
        )
        self.accept_mismatches.setObjectName("accept_mismatches")
        self.accept_mismatches.hide()
        mrz_box = QGroupBox(self.tr("Machine readable zone (MRZ)"))
        mrz_layout = QVBoxLayout(mrz_box)
        # What appears while typing (status, differences) comes last, so nothing the officer
        # is about to click moves; the status keeps two lines of room.
        self.mrz_status.setMinimumHeight(self.mrz_status.fontMetrics().lineSpacing() * 2)
        mrz_layout.addWidget(self.mrz_edit)
        mrz_layout.addWidget(self.mrz_fill, 0, Qt.AlignmentFlag.AlignLeft)
        mrz_layout.addWidget(self.mrz_status)
        mrz_layout.addWidget(self.mismatch_table)
        mrz_layout.addWidget(self.accept_mismatches)

        self.expiry_label = QLabel()
        self.expiry_label.setObjectName("expiry")
        self.expiry_label.setWordWrap(True)
        self.expiry_label.setStyleSheet(
            "QLabel { color: #b71c1c; font-weight: bold; background: #ffebee; padding: 6px; }"
        )
        self.expiry_label.hide()
        self.visual_check = QCheckBox(
            self.tr("I have checked the document: it looks genuine and the photo matches "
                    "the person")
        )  # fmt: skip
        self.visual_check.setObjectName("visual_check")

        self.scan_front = pages.ScanSlot(self.tr("Front"))
        self.scan_back = pages.ScanSlot(self.tr("Back"))
        self.scan_front.file_requested.connect(lambda: self.scan_from_file("id_front"))
        self.scan_back.file_requested.connect(lambda: self.scan_from_file("id_back"))
        self.scan_front.camera_requested.connect(lambda: self.scan_from_camera("id_front"))
        self.scan_back.camera_requested.connect(lambda: self.scan_from_camera("id_back"))
        scans = QGroupBox(self.tr("Scans (stored encrypted)"))
        scan_row = QHBoxLayout(scans)
        scan_row.addWidget(self.scan_front)
        scan_row.addWidget(self.scan_back)
        # What the MRZ says, beside the scans: the officer compares it with the document,
        # because matching check digits do not prove that the characters were read right.
        self.mrz_read = QLabel()
        self.mrz_read.setObjectName("mrz_read")
        self.mrz_read.setTextFormat(Qt.TextFormat.RichText)
        self.mrz_read.setWordWrap(True)
        self.mrz_read.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.mrz_read.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Room for what the MRZ gives (a title, seven values) before it is read, as high as
        # the scans beside it: the check box and the MRZ box below do not move when it appears.
        self.mrz_read.setMinimumHeight(self.scan_front.sizeHint().height())
        self.mrz_read.setToolTip(
            self.tr("Matching check digits only show that the characters agree with each "
                    "other, not that they were read right.")
        )  # fmt: skip
        scan_row.addWidget(self.mrz_read, 1)

        right = QVBoxLayout()
        right.addWidget(scans)
        right.addWidget(self.visual_check)
        right.addWidget(mrz_box)
        right.addWidget(self.expiry_label)
        right.addStretch(1)

        self.doc_message = QLabel()
        self.doc_message.setObjectName("doc_message")
        self.doc_message.setWordWrap(True)
        self.doc_message.setStyleSheet("color: #b71c1c;")
        back = QPushButton(self.tr("◀ &Back"))
        back.clicked.connect(lambda: self.go(STEP_FORM))
        self.doc_next = QPushButton(self.tr("&Next: signature ▶"))
        self.doc_next.setObjectName("doc_next")
        self.doc_next.clicked.connect(self.document_done)
        nav = QHBoxLayout()
        nav.addWidget(back)
        nav.addWidget(self.doc_message, 1)
        nav.addWidget(self.doc_next)

        body = QHBoxLayout()
        body.addLayout(self.doc_holder, 5)
        body.addLayout(right, 6)
        layout = QVBoxLayout(page)
        layout.addLayout(body, 1)
        layout.addLayout(nav)
        return page

    def _enter_document(self) -> None:
        assert self.registration_id is not None
        info = self.ws.registrations.get(self.registration_id, audit_view=False)
        locked = self._read_only()
        if self.doc_view is not None:
            self.doc_view.flush()
            self.doc_view.setParent(None)
            self.doc_view.deleteLater()
        self.doc_view = FormView(
            self.ws,
            self.inspection_id,
            pages.subform(en.registration_form(), DOCUMENT_SECTIONS),
            resident_id=self.resident_id,
            language=self.language,
            show_dutch_beside=True,
            read_only=locked,
            today=self.today,
        )
        # One section: its list and page buttons would only take room.
        for widget in (
            self.doc_view.sections_list,
            self.doc_view.previous_button,
            self.doc_view.next_button,
            self.doc_view.progress,
            self.doc_view.form_title,
            self.doc_view.form_title_dutch,
        ):
            widget.hide()
        self.doc_view.evaluated.connect(lambda _ev: self._recheck())
        self.doc_view.evaluated.connect(self._doc_evaluated)
        self.doc_holder.addWidget(self.doc_view)
        self._doc_base = dict(
            self.ws.answers.load(
                self.inspection_id, en.FORM_ID, resident_id=self.resident_id
            ).values
        )
        check = info.data.get("document_check") or {}
        if check and not self.mrz_edit.toPlainText().strip():
            self.mrz_edit.blockSignals(True)
            self.mrz_edit.setPlainText(check.get("mrz") or "")
            self.mrz_edit.blockSignals(False)
            self.visual_check.setChecked(bool(check.get("visual_check")))
            self.accept_mismatches.setChecked(bool(check.get("accept_mismatches")))
        for side, slot in (("id_front", self.scan_front), ("id_back", self.scan_back)):
            attachment_id = info.scan_id(side)  # type: ignore[arg-type]
            if attachment_id and slot.image is None:
                content, mime = self.ws.attachments.content(attachment_id)
                slot.set_image(pages.image_from_bytes(content, mime))
            slot.set_read_only(locked)
        self.mrz_edit.setReadOnly(locked)
        self.visual_check.setEnabled(not locked)
        self.accept_mismatches.setEnabled(not locked)
        self.doc_message.clear()
        self._recheck()

    def document_values(self) -> dict[str, Any]:
        values = dict(self._doc_base)
        if self.doc_view is not None:
            for key in DOCUMENT_SECTIONS["document"] or set():
                values.pop(key, None)
            values.update(self.doc_view.evaluation.values)
        return values

    def _recheck(self) -> None:
        text = self.mrz_edit.toPlainText()
        self.check = en.check_document(self.document_values(), text, today=self.today)
        check = self.check
        self.mrz_result = check.mrz
        self.mrz_fill.setEnabled(check.mrz is not None and not self._read_only_cached())
        if check.mrz_error is not None:
            error = check.mrz_error.text(self.officer_language)
            self.mrz_status.setText(f"<span style='color:#b71c1c'>✗ {error}</span>")
        elif check.mrz is not None:
            parts = []
            for c in check.mrz.checks:
                name = QCoreApplication.translate(
                    "RegistrationWizard", CHECK_NAMES.get(c.name, c.name.replace("_", " "))
                )
                if c.ok:
                    rule = ""
                    if c.rule != RULE_ICAO:
                        rule_text = RULE_TEXTS[c.rule].text(self.officer_language)
                        rule = f" ({html.escape(rule_text)})"
                    parts.append(f"<span style='color:#1b5e20'>✓ {name}{rule}</span>")
                else:
                    parts.append(
                        "<span style='color:#b71c1c'><b>✗ {}</b> ({})</span>".format(
                            name,
                            self.tr("check digit {0}, should be {1}").format(c.found, c.expected),
                        )
                    )
            head = self.tr("{0} document, check digits:").format(check.mrz.format)
            lines = [head + " " + " · ".join(parts)]
            for problem in [*([check.refusal] if check.refusal else []), *check.mrz.problems]:
                text = html.escape(problem.text(self.officer_language))
                lines.append(f"<span style='color:#b71c1c'><b>✗ {text}</b></span>")
            self.mrz_status.setText("<br>".join(lines))
        else:
            self.mrz_status.setText(
                "<span style='color:#777'>{}</span>".format(
                    self.tr("No MRZ entered: the check digits are not checked.")
                )
            )
        self._show_mrz_read(check.mrz)
        mismatches = check.mismatches
        self.mismatch_table.setRowCount(len(mismatches))
        for row, m in enumerate(mismatches):
            label = MISMATCH_FIELDS.get(m.field, (m.field, m.field))[0]
            for col, value in enumerate(
                (
                    QCoreApplication.translate("RegistrationWizard", label),
                    m.mrz_value,
                    m.entered_value,
                )
            ):
                item = QTableWidgetItem(value)
                if col:
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.mismatch_table.setItem(row, col, item)
        self.mismatch_table.setFixedHeight(
            self.mismatch_table.horizontalHeader().height()
            + sum(self.mismatch_table.rowHeight(r) for r in range(len(mismatches)))
            + 4
        )
        self.mismatch_table.setVisible(bool(mismatches))
        self.accept_mismatches.setVisible(bool(mismatches))
        if mismatches:
            self.mrz_status.setText(
                self.mrz_status.text()
                + "<br><span style='color:#b71c1c'><b>{}</b></span>".format(
                    self.tr("The MRZ differs from what was entered in %n field(s):", "",
                            len(mismatches))
                )
            )  # fmt: skip
        if check.expired and check.expiry_date is not None:
            self.expiry_label.setText(
                self.tr("This document expired on {0}. Registration needs a valid identity "
                        "document: ask for another one.").format(
                    check.expiry_date.strftime("%d-%m-%Y"))
            )  # fmt: skip
            self.expiry_label.show()
        else:
            self.expiry_label.hide()

    def _show_mrz_read(self, mrz: MrzResult | None) -> None:
        """The values read from the MRZ, beside the scans, for the officer to compare."""
        if mrz is None:
            self.mrz_read.clear()
            return

        def day(value: dt.date | None) -> str:
            return value.strftime("%d-%m-%Y") if value else "?"

        rows = [
            (self.tr("Surname"), mrz.surname),
            (self.tr("Given names"), mrz.given_names),
            (self.tr("Document number"), mrz.document_number),
            (self.tr("Nationality"), mrz.nationality),
            (self.tr("Date of birth"), day(mrz.birth_date)),
            (self.tr("Sex"), mrz.sex.replace("<", "X")),
            (self.tr("Valid until"), day(mrz.expiry_date)),
        ]
        body = "".join(
            f"<tr><td>{html.escape(label)}:&nbsp;</td>"
            f"<td><b>{html.escape(value or '-')}</b></td></tr>"
            for label, value in rows
        )
        self.mrz_read.setText(
            "<b>{}</b><table>{}</table>".format(
                self.tr("Read from the MRZ: compare with the document"), body
            )
        )

    def _read_only_cached(self) -> bool:
        return self.doc_view is not None and self.doc_view.read_only

    def fill_from_mrz(self) -> None:
        """Copy what the MRZ holds into the fields that are still empty."""
        if self.mrz_result is None or self.registration_id is None:
            return
        if self.doc_view is not None:
            self.doc_view.flush()
        current = self.ws.answers.load(
            self.inspection_id, en.FORM_ID, resident_id=self.resident_id
        ).values
        new = {
            k: v
            for k, v in en.values_from_mrz(self.mrz_result).items()
            if current.get(k) in (None, "", [])
        }
        if new:
            self.ws.registrations.save_values(self.registration_id, new)
        self._enter_document()

    def scan_from_file(self, side: str) -> None:
        if self.registration_id is None:
            return
        path = pages.choose_scan_file(self, self.tr("Choose the scan of the document"))
        if not path:
            return
        mime = pages.mime_of(path)
        try:
            if Path(path).stat().st_size > MAX_BYTES:
                QMessageBox.warning(
                    self,
                    self.tr("Scan"),
                    self.tr("The file is larger than {0} MB.").format(MAX_BYTES // 2**20),
                )
                return
            content = Path(path).read_bytes()
        except OSError as exc:
            QMessageBox.warning(self, self.tr("Scan"), self.tr("Cannot read the file: {0}")
                                .format(exc.strerror or exc))  # fmt: skip
            return
        image = pages.image_from_bytes(content, mime or "")
        if mime is None or image.isNull():
            QMessageBox.warning(
                self, self.tr("Scan"), self.tr("This file is not an image or PDF that can be read.")
            )
            return
        self._store_scan(side, content, mime, image)

    def scan_from_camera(self, side: str) -> None:
        if not pages.camera_available():
            QMessageBox.information(
                self,
                self.tr("Camera"),
                self.tr("No camera was found. Scan the document with a scanner and choose the "
                        "file instead."),
            )  # fmt: skip
            return
        dialog = pages.CameraDialog(self)
        if dialog.exec() and dialog.captured is not None:
            self._store_scan(side, dialog.jpeg(), "image/jpeg", dialog.captured)

    def _store_scan(self, side: str, content: bytes, mime: str, image: Any) -> None:
        assert self.registration_id is not None
        try:
            self.ws.registrations.attach_scan(self.registration_id, side, content, mime)  # type: ignore[arg-type]
        except WorkspaceError as exc:
            QMessageBox.warning(self, self.tr("Scan"), str(exc))
            return
        slot = self.scan_front if side == "id_front" else self.scan_back
        slot.set_image(image)

    def _doc_evaluated(self, evaluation: Evaluation) -> None:
        """A message naming a missing document field goes once that field is filled."""
        text = self.doc_message.text()
        if text and text == self.doc_message.property("issues_text"):
            now = self._issues_text(evaluation)
            self.doc_message.setText(now)
            self.doc_message.setProperty("issues_text", now)

    def document_done(self) -> bool:
        assert self.registration_id is not None
        if self._read_only():
            self.doc_message.setText(self.tr("This registration cannot be changed or signed now."))
            return False
        if self.doc_view is not None:
            self.doc_view.flush()
            evaluation = self.doc_view.evaluation
            if not evaluation.is_complete:
                first = evaluation.issues()[0]
                self.doc_message.setText(self._issues_text(evaluation))
                self.doc_message.setProperty("issues_text", self.doc_message.text())
                if first.path:
                    self.doc_view.focus_field(first.path)
                return False
        self._recheck()
        check = self.check
        assert check is not None
        problems = []
        if check.expired:
            problems.append(self.tr("the document has expired"))
        if check.refusal is not None:
            problems.append(self.tr("the document is not a passport or identity card"))
        if check.mrz is not None and check.mrz.problems:
            problems.append(self.tr("a date in the MRZ cannot be right"))
        if check.mrz_error is not None:
            problems.append(self.tr("the MRZ cannot be read"))
        elif check.mrz is not None and not check.mrz.valid:
            problems.append(self.tr("a check digit of the MRZ is wrong"))
        elif check.mismatches and not self.accept_mismatches.isChecked():
            problems.append(self.tr("the MRZ differs from what was entered"))
        if not self.visual_check.isChecked():
            problems.append(self.tr("confirm the visual check"))
        if self.scan_front.image is None:
            problems.append(self.tr("scan the front"))
        try:
            self.ws.registrations.record_document_check(
                self.registration_id,
                mrz_text=self.mrz_edit.toPlainText(),
                visual_check=self.visual_check.isChecked(),
                accept_mismatches=self.accept_mismatches.isChecked(),
                today=self.today,
            )
        except WorkspaceError as exc:
            self.doc_message.setText(str(exc))
            return False
        if problems:
            self.doc_message.setText(self.tr("Not yet: {0}.").format("; ".join(problems)))
            return False
        self.doc_message.clear()
        self.go(STEP_SIGNATURE)
        return True

    # -- 4 signature -----------------------------------------------------------------------

    def _build_signature_page(self) -> QWidget:
        page = QWidget()
        page.setObjectName("signature_page")
        self.declaration = QLabel()
        self.declaration.setObjectName("declaration")
        self.declaration.setWordWrap(True)
        self.declaration.setTextFormat(Qt.TextFormat.RichText)
        self.pad = SignaturePad()
        self.pad.changed.connect(self._pad_changed)
        self.clear_button = QPushButton(self.tr("C&lear"))
        self.undo_button = QPushButton(self.tr("&Undo"))
        self.redo_button = QPushButton(self.tr("&Redo"))
        self.clear_button.setObjectName("clear")
        self.undo_button.setObjectName("undo")
        self.redo_button.setObjectName("redo")
        self.clear_button.clicked.connect(self.pad.clear)
        self.undo_button.clicked.connect(self.pad.undo)
        self.redo_button.clicked.connect(self.pad.redo)
        for keys, slot in (("Ctrl+Z", self.pad.undo), ("Ctrl+Shift+Z", self.pad.redo),
                           ("Ctrl+Y", self.pad.redo)):  # fmt: skip
            shortcut = QShortcut(QKeySequence(keys), page)
            shortcut.activated.connect(slot)
        tools = QHBoxLayout()
        tools.addWidget(self.clear_button)
        tools.addWidget(self.undo_button)
        tools.addWidget(self.redo_button)
        tools.addStretch(1)
        self.signing_info = QLabel()
        self.signing_info.setObjectName("signing_info")
        self.signing_info.setTextFormat(Qt.TextFormat.RichText)
        tools.addWidget(self.signing_info)
        self.sign_message = QLabel()
        self.sign_message.setObjectName("sign_message")
        self.sign_message.setWordWrap(True)
        self.sign_message.setStyleSheet("color: #b71c1c;")
        back = QPushButton(self.tr("◀ &Back"))
        back.clicked.connect(lambda: self.go(STEP_DOCUMENT))
        self.sign_button = QPushButton(self.tr("&Sign and make the PDF"))
        self.sign_button.setObjectName("sign")
        self.sign_button.setEnabled(False)
        self.sign_button.clicked.connect(self.sign)
        nav = QHBoxLayout()
        nav.addWidget(back)
        nav.addWidget(self.sign_message, 1)
        nav.addWidget(self.sign_button)
        layout = QVBoxLayout(page)
        layout.addWidget(self.declaration)
        layout.addWidget(self.pad, 1)
        layout.addLayout(tools)
        layout.addLayout(nav)
        return page

    def _enter_signature(self) -> None:
        municipality = _bare(self.ws.settings.municipality.name)
        values = self.ws.answers.load(
            self.inspection_id, en.FORM_ID, resident_id=self.resident_id
        ).values
        street = " ".join(str(values.get(k) or "") for k in ("street", "house_number")).strip()
        town = " ".join(str(values.get(k) or "") for k in ("postcode", "town")).strip()
        address = ", ".join(p for p in (street, town) if p) or self._address_line()
        decl, decl_nl = self._two("declaration", address=address, municipality=municipality)
        sign, sign_nl = self._two("sign_instruction")
        html = f"<p style='font-size:large'><b>{decl}</b></p>"
        if decl_nl:
            html += f"<p style='color:#4a4a4a'><i>{decl_nl}</i></p>"
        html += f"<p><b>{sign}</b>" + (f" <i style='color:#4a4a4a'>/ {sign_nl}</i>" if sign_nl
                                        else "") + "</p>"  # fmt: skip
        self.declaration.setText(html)
        place = (
            values.get("signing_place")
            or self.ws.inspections.get(self.inspection_id, audit_view=False).summary.city
        )
        now = dt.datetime.now()
        self.signing_info.setText(
            self.tr("Officer: <b>{0}</b> · Place: <b>{1}</b> · {2}").format(
                self.ws.officer.name, place, now.strftime("%d-%m-%Y %H:%M")
            )
        )
        self.sign_message.clear()
        self.pad.set_read_only(self._read_only())
        self._pad_changed()
        self.pad.setFocus()

    def _pad_changed(self) -> None:
        self.sign_button.setEnabled(not self.pad.is_empty and not self.pad.read_only)
        self.undo_button.setEnabled(self.pad.can_undo)
        self.redo_button.setEnabled(self.pad.can_redo)
        self.clear_button.setEnabled(self.pad.can_undo)

    def sign(self) -> bool:
        """Store the signature, check everything, make the PDF: draft → signed."""
        assert self.registration_id is not None
        try:
            self.ws.registrations.set_signature(
                self.registration_id,
                self.pad.stroke_data(),
                self.pad.to_png(),
                size=(self.pad.width(), self.pad.height()),
            )
            result = self.ws.registrations.sign(self.registration_id, today=self.today)
        except en.NotSignable as exc:
            lines = "".join(
                f"<li>{p.message.text(self.officer_language)}</li>" for p in exc.problems
            )
            self.sign_message.setText(self.tr("Cannot sign yet:") + f"<ul>{lines}</ul>")
            return False
        except WorkspaceError as exc:
            self.sign_message.setText(str(exc))
            return False
        self.last_pdf = result.pdf
        self.go(STEP_DONE)
        return True

    # -- 5 done ----------------------------------------------------------------------------

    def _build_done_page(self) -> QWidget:
        page = QWidget()
        page.setObjectName("done_page")
        self.done_title = pages.heading("", 1.3)
        self.done_summary = QLabel()
        self.done_summary.setObjectName("done_summary")
        self.done_summary.setWordWrap(True)
        self.saved_label = QLabel()
        self.saved_label.setObjectName("saved")
        self.saved_label.setWordWrap(True)
        self.saved_label.setStyleSheet("color: #2e7d32;")
        self.saved_label.hide()
        self.pdf_preview = QLabel()
        self.pdf_preview.setObjectName("pdf_preview")
        self.pdf_preview.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        preview = QScrollArea()
        preview.setWidget(self.pdf_preview)
        preview.setWidgetResizable(True)
        preview.setStyleSheet("QScrollArea { background: #9e9e9e; }")
        self.save_button = QPushButton(self.tr("&Save PDF…"))
        self.save_button.setObjectName("save_pdf")
        self.save_button.clicked.connect(self.save_pdf)
        self.correct_button = QPushButton(self.tr("Make a &correction (new version)"))
        self.correct_button.setObjectName("correct")
        self.correct_button.clicked.connect(self.make_correction)
        self.close_button = QPushButton(self.tr("&Close"))
        self.close_button.setObjectName("close")
        self.close_button.setDefault(True)
        self.close_button.clicked.connect(self._finish)
        row = QHBoxLayout()
        row.addWidget(self.correct_button)
        row.addStretch(1)
        row.addWidget(self.save_button)
        row.addWidget(self.close_button)
        layout = QVBoxLayout(page)
        layout.addWidget(self.done_title)
        layout.addWidget(self.done_summary)
        layout.addWidget(self.saved_label)
        layout.addWidget(preview, 1)
        layout.addLayout(row)
        return page

    def _pdf(self) -> bytes | None:
        if self.last_pdf is not None:
            return self.last_pdf
        if self.registration_id is None:
            return None
        info = self.ws.registrations.get(self.registration_id)
        if info.pdf_attachment_id is None:
            return None
        content, _mime = self.ws.attachments.content(info.pdf_attachment_id)
        self.last_pdf = content
        return content

    def _enter_done(self) -> None:
        assert self.registration_id is not None
        info = self.ws.registrations.get(self.registration_id, audit_view=False)
        self.done_title.setText(self.tr("Registration signed: ready for the clerk"))
        kind = self.tr("resident (ingezetene)") if info.kind == "ingezetene" else self.tr(
            "non-resident (RNI)")  # fmt: skip
        signed = (
            localtime.local(info.signed_at).strftime("%d-%m-%Y %H:%M") if info.signed_at else ""
        )
        self.done_summary.setText(
            self.tr("{0} · {1} · version {2} · signed {3}. The form can no longer be changed; "
                    "a correction makes a new version.").format(
                self.resident.name, kind, info.version, signed)
        )  # fmt: skip
        self.correct_button.setEnabled(info.state == en.SIGNED and not info.inspection_finalized)
        pdf = self._pdf()
        if pdf is not None:
            image = pages.render_pdf_page(pdf, 0, 820)
            self.pdf_preview.setPixmap(QPixmap.fromImage(image))

    def save_pdf(self) -> None:
        pdf = self._pdf()
        if pdf is None:
            return
        path = pages.choose_save_path(self, self.ws, self.tr("Save the signed form"),
                                      self._suggested_name())  # fmt: skip
        if not path or self.registration_id is None:
            return
        from inspector.core.letter_context import write_letter  # loads the letter engine

        try:
            write_letter(Path(path), pdf)
        except OSError as exc:
            QMessageBox.warning(
                self,
                self.tr("Save the signed form"),
                self.tr("The file could not be saved: {0}").format(exc.strerror or exc),
            )
            return
        remember_folder(self.ws, Path(path))
        self.saved_label.setText(self.tr("Saved as {0}").format(path))
        self.saved_label.show()
        try:
            self.ws.registrations.record_export(self.registration_id, fmt="pdf")
        except WorkspaceError as exc:
            QMessageBox.warning(self, self.tr("Save the signed form"), str(exc))

    def _suggested_name(self) -> str:
        """The form, the address (room) and the signing day; never the resident's name."""
        info = (
            self.ws.registrations.get(self.registration_id, audit_view=False)
            if self.registration_id
            else None
        )
        summary = self.ws.inspections.get(self.inspection_id, audit_view=False).summary
        day = localtime.local_day(info.signed_at) if info and info.signed_at else dt.date.today()
        room = self.tr("room {0}").format(self.resident.room) if self.resident.room else ""
        version = f"v{info.version}" if info else ""
        return suggested_file_name(
            self.tr("Registration form"), f"{summary.address} {summary.city}", day, "pdf",
            " ".join(p for p in (room, version) if p),
        )  # fmt: skip

    def make_correction(self) -> None:
        assert self.registration_id is not None
        try:
            self.registration_id = self.ws.registrations.correct(self.registration_id)
        except WorkspaceError as exc:
            QMessageBox.warning(self, self.tr("Correction"), str(exc))
            return
        self.last_pdf = None
        self.pad.clear()
        self.go(STEP_FORM)

    def _finish(self) -> None:
        if self.registration_id is not None:
            self.finished_registration.emit(self.registration_id)

    # -- declined --------------------------------------------------------------------------

    def _build_declined_page(self) -> QWidget:
        page = QWidget()
        page.setObjectName("declined_page")
        self.declined_label = pages.heading(self.tr("The resident does not register now."), 1.2)
        note = pages.paragraph(
            self.tr("Only this choice is recorded; no personal data were captured for the "
                    "registration.")
        )  # fmt: skip
        close = QPushButton(self.tr("&Close"))
        close.setObjectName("declined_close")
        close.clicked.connect(self._finish)
        layout = QVBoxLayout(page)
        layout.addWidget(self.declined_label)
        layout.addWidget(note)
        layout.addStretch(1)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)
        return page
