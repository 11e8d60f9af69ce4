"""The end of a registration: signed (the form, save, correct) or declined."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from inspector import localtime
from inspector.core import registrations as en
from inspector.core.filenames import suggested_file_name
from inspector.core.workspace import WorkspaceError
from inspector.error_kinds import message_for
from inspector.registration_form.fields import RegistrationKind
from inspector.ui import style
from inspector.ui.message import MessageLabel
from inspector.ui.operations import error_text, interface_language
from inspector.ui.registration import pages
from inspector.ui.registration.session import (
    RegistrationSession,
    WizardPage,
)
from inspector.ui.saving import remember_folder
from inspector.ui.style import Role, set_role


class DonePage(WizardPage):
    """Step 5: the signed form (read-only), to save as PDF or to correct as a new version."""

    #: A correction was started: a new draft version, back to the details.
    corrected = Signal()
    #: The officer closes the registration.
    closeRequested = Signal()  # noqa: N815 - Qt naming
    #: After a refusal: the resident declares again (a new registration).
    restartRequested = Signal()  # noqa: N815 - Qt naming

    def __init__(self, session: RegistrationSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.setObjectName("done_page")
        self.done_title = pages.heading("", 1.3)
        self.done_summary = QLabel()
        self.done_summary.setObjectName("done_summary")
        self.done_summary.setWordWrap(True)
        #: Burgerzaken's refusal, when it came (the reason as the clerk wrote it).
        self.refusal_label = QLabel()
        self.refusal_label.setObjectName("refusal")
        self.refusal_label.setWordWrap(True)
        self.refusal_label.setTextFormat(Qt.TextFormat.PlainText)
        set_role(self.refusal_label, Role.ERROR_BOX)
        self.refusal_label.hide()
        self.saved_label = MessageLabel(lines=2)  # room kept: the preview never moves (9.8)
        self.saved_label.setObjectName("saved")
        set_role(self.saved_label, Role.SAVED)
        self.saved_label.hide()
        self.pdf_preview = QLabel()
        self.pdf_preview.setObjectName("pdf_preview")
        self.pdf_preview.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        preview = QScrollArea()
        preview.setWidget(self.pdf_preview)
        preview.setWidgetResizable(True)
        preview.setStyleSheet(f"QScrollArea {{ background: {style.PREVIEW_BACKGROUND}; }}")
        self.save_button = QPushButton(self.tr("&Save PDF…"))
        self.save_button.setObjectName("save_pdf")
        self.save_button.clicked.connect(self.save_pdf)
        self.correct_button = QPushButton(self.tr("Make a &correction (new version)"))
        self.correct_button.setObjectName("correct")
        self.correct_button.clicked.connect(self.make_correction)
        self.new_button = QPushButton(self.tr("&New registration"))
        self.new_button.setObjectName("new_registration")
        self.new_button.clicked.connect(lambda: self.restartRequested.emit())
        self.new_button.hide()
        self.close_button = QPushButton(self.tr("&Close"))
        self.close_button.setObjectName("close")
        self.close_button.setDefault(True)
        self.close_button.clicked.connect(self._finish)
        row = QHBoxLayout()
        row.addWidget(self.correct_button)
        row.addWidget(self.new_button)
        row.addStretch(1)
        row.addWidget(self.save_button)
        row.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.done_title)
        layout.addWidget(self.done_summary)
        layout.addWidget(self.refusal_label)
        layout.addWidget(self.saved_label)
        layout.addWidget(preview, 1)
        layout.addLayout(row)

    def _pdf(self) -> bytes | None:
        if self.session.last_pdf is not None:
            return self.session.last_pdf
        if self.session.registration_id is None:
            return None
        info = self.session.ws.registrations.get(self.session.registration_id)
        if info.pdf_attachment_id is None:
            return None
        content, _mime = self.session.ws.attachments.content(info.pdf_attachment_id)
        self.session.last_pdf = content
        return content

    def enter(self) -> None:
        assert self.session.registration_id is not None
        info = self.session.ws.registrations.get(self.session.registration_id, audit_view=False)
        self.done_title.setText(self.tr("Registration signed: ready for the clerk"))
        if info.kind == RegistrationKind.INGEZETENE:
            kind = self.tr("resident (ingezetene)")
        else:
            kind = self.tr("non-resident (RNI)")
        signed = (
            localtime.local(info.signed_at).strftime("%d-%m-%Y %H:%M") if info.signed_at else ""
        )
        self.done_summary.setText(
            self.tr("{0} · {1} · version {2} · signed {3}. The form can no longer be changed; "
                    "a correction makes a new version.").format(
                self.session.resident.name, kind, info.version, signed)
        )  # fmt: skip
        self.correct_button.setEnabled(info.state == en.SIGNED and not info.inspection_finalized)
        refused = en.refusal(info)
        self.refusal_label.setVisible(refused is not None)
        self.new_button.setVisible(refused is not None and not info.inspection_finalized)
        if refused is not None:
            self.done_title.setText(self.tr("Registration refused by burgerzaken"))
            self.done_summary.setText(
                self.tr("{0} · {1} · version {2} · signed {3}.").format(
                    self.session.resident.name, kind, info.version, signed
                )
            )
            on = (
                self.tr(" (decision of {0})").format(refused.decided_on.strftime("%d-%m-%Y"))
                if refused.decided_on
                else ""
            )
            self.refusal_label.setText(
                self.tr("Refused by burgerzaken: {0}").format(refused.reason)
                + on
                + "\n"
                + self.tr("A refused registration is not signed, corrected or sent again. The "
                          "resident can declare again: that is a new registration.")
            )  # fmt: skip
            self.correct_button.setToolTip(self.tr("A refused registration cannot be corrected."))
        pdf = self._pdf()
        if pdf is not None:
            image = pages.render_pdf_page(pdf, 0, 820)
            self.pdf_preview.setPixmap(QPixmap.fromImage(image))

    def save_pdf(self) -> None:
        pdf = self._pdf()
        if pdf is None:
            return
        path = pages.choose_save_path(self, self.session.ws, self.tr("Save the signed form"),
                                      self._suggested_name())  # fmt: skip
        if not path or self.session.registration_id is None:
            return
        from inspector.core.letter_context import write_letter  # loads the letter engine

        try:
            write_letter(Path(path), pdf)
        except OSError as exc:
            QMessageBox.warning(
                self,
                self.tr("Save the signed form"),
                self.tr("The file could not be saved: {0}").format(
                    message_for(exc, interface_language())
                ),
            )
            return
        remember_folder(self.session.ws, Path(path))
        self.saved_label.setText(self.tr("Saved as {0}").format(path))
        self.saved_label.show()
        try:
            self.session.ws.registrations.record_export(self.session.registration_id, fmt="pdf")
        except WorkspaceError as exc:
            QMessageBox.warning(self, self.tr("Save the signed form"), error_text(exc))

    def _suggested_name(self) -> str:
        """The form, the address (room) and the signing day; never the resident's name."""
        info = (
            self.session.ws.registrations.get(self.session.registration_id, audit_view=False)
            if self.session.registration_id
            else None
        )
        summary = self.session.ws.inspections.get(
            self.session.inspection_id, audit_view=False
        ).summary
        day = localtime.local_day(info.signed_at) if info and info.signed_at else localtime.today()
        room = (
            self.tr("room {0}").format(self.session.resident.room)
            if self.session.resident.room
            else ""
        )
        version = f"v{info.version}" if info else ""
        return suggested_file_name(
            self.tr("Registration form"), f"{summary.address} {summary.city}", day, "pdf",
            " ".join(p for p in (room, version) if p),
        )  # fmt: skip

    def make_correction(self) -> None:
        assert self.session.registration_id is not None
        try:
            self.session.registration_id = self.session.ws.registrations.correct(
                self.session.registration_id
            )
        except WorkspaceError as exc:
            QMessageBox.warning(self, self.tr("Correction"), error_text(exc))
            return
        self.session.last_pdf = None
        self.corrected.emit()

    def _finish(self) -> None:
        self.closeRequested.emit()


class DeclinedPage(WizardPage):
    """The resident does not register now: only that choice is recorded."""

    #: The officer closes the registration.
    closeRequested = Signal()  # noqa: N815 - Qt naming

    def __init__(self, session: RegistrationSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.setObjectName("declined_page")
        self.declined_label = pages.heading(self.tr("The resident does not register now."), 1.2)
        note = pages.paragraph(
            self.tr("Only this choice is recorded; no personal data were captured for the "
                    "registration.")
        )  # fmt: skip
        close = QPushButton(self.tr("&Close"))
        close.setObjectName("declined_close")
        close.clicked.connect(self._finish)
        layout = QVBoxLayout(self)
        layout.addWidget(self.declined_label)
        layout.addWidget(note)
        layout.addStretch(1)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)

    def _finish(self) -> None:
        self.closeRequested.emit()
