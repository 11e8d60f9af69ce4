"""The fourth step of a registration: the declaration and the signature."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector import localtime
from inspector.core import registrations as en
from inspector.core.workspace import WorkspaceError
from inspector.registration_form import fields as reg
from inspector.ui import style
from inspector.ui.message import MessageLabel
from inspector.ui.operations import Operation, TextProgress, error_text, show_failure
from inspector.ui.registration.session import (
    STEP_DOCUMENT,
    STEP_DONE,
    RegistrationSession,
    WizardPage,
)
from inspector.ui.registration.signature import SignaturePad
from inspector.ui.style import Role, set_role


class SignaturePage(WizardPage):
    """Step 4: the declaration in both languages and the resident's signature; signing
    (checks, the PDF, sealing it for the office) runs in the background."""

    #: Signing ended (signed: the done page follows; or not: the reason shows).
    signing_done = Signal()

    def __init__(self, session: RegistrationSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self._signing: Operation[en.SignResult] | None = None
        self.setObjectName("signature_page")
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
            shortcut = QShortcut(QKeySequence(keys), self)
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
        self.sign_message = MessageLabel(lines=2)  # room kept: the pad never shrinks (9.8)
        self.sign_message.setObjectName("sign_message")
        set_role(self.sign_message, Role.ERROR)
        back = QPushButton(self.tr("◀ &Back"))
        back.clicked.connect(lambda: self.stepRequested.emit(STEP_DOCUMENT))
        self.sign_back = back
        self.sign_button = QPushButton(self.tr("&Sign and make the PDF"))
        self.sign_button.setObjectName("sign")
        self.sign_button.setEnabled(False)
        self.sign_button.clicked.connect(self.sign)
        nav = QHBoxLayout()
        nav.addWidget(back)
        nav.addWidget(self.sign_message, 1)
        nav.addWidget(self.sign_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.declaration)
        layout.addWidget(self.pad, 1)
        layout.addLayout(tools)
        layout.addLayout(nav)

    def enter(self) -> None:
        municipality = self.session.municipality()
        values = self.session.ws.answers.load(
            self.session.inspection_id, en.FORM_ID, resident_id=self.session.resident_id
        ).values
        street = " ".join(str(values.get(k) or "") for k in (reg.STREET, reg.HOUSE_NUMBER)).strip()
        town = " ".join(str(values.get(k) or "") for k in (reg.POSTCODE, reg.TOWN)).strip()
        address = ", ".join(p for p in (street, town) if p) or self.session.address_line()
        decl, decl_nl = self.session.two("declaration", address=address, municipality=municipality)
        sign, sign_nl = self.session.two("sign_instruction")
        html = f"<p style='font-size:large'><b>{decl}</b></p>"
        if decl_nl:
            html += f"<p style='color:{style.TRANSLATION}'><i>{decl_nl}</i></p>"
        html += f"<p><b>{sign}</b>" + (f" <i style='color:{style.TRANSLATION}'>/ {sign_nl}</i>"
                                        if sign_nl else "") + "</p>"  # fmt: skip
        self.declaration.setText(html)
        place = (
            values.get(reg.SIGNING_PLACE)
            or self.session.ws.inspections.get(
                self.session.inspection_id, audit_view=False
            ).summary.city
        )
        now = localtime.now()
        self.signing_info.setText(
            self.tr("Officer: <b>{0}</b> · Place: <b>{1}</b> · {2}").format(
                self.session.ws.officer.name, place, now.strftime("%d-%m-%Y %H:%M")
            )
        )
        self.sign_message.clear()
        self.pad.set_read_only(self.session.read_only())
        self._pad_changed()
        self.pad.setFocus()

    def _pad_changed(self) -> None:
        self.sign_button.setEnabled(not self.pad.is_empty and not self.pad.read_only)
        self.undo_button.setEnabled(self.pad.can_undo)
        self.redo_button.setEnabled(self.pad.can_redo)
        self.clear_button.setEnabled(self.pad.can_undo)

    def sign(self) -> None:
        """Store the signature, check everything, make the PDF: draft → signed. The work (the
        checks, the PDF, sealing it for the office) runs on the writer lane; the done page
        follows when it is ready (``signing_done``)."""
        assert self.session.registration_id is not None
        if self._signing is not None:
            return
        registration_id, today = self.session.registration_id, self.session.today
        # What the pad holds is read here, on the GUI thread; the work gets plain values.
        strokes, png = self.pad.stroke_data(), self.pad.to_png()
        size = (self.pad.width(), self.pad.height())
        ws = self.session.ws

        def work() -> en.SignResult:
            ws.registrations.set_signature(registration_id, strokes, png, size=size)
            return ws.registrations.sign(registration_id, today=today)

        self.sign_message.clear()
        for widget in (self.sign_button, self.sign_back, self.pad):
            widget.setEnabled(False)
        self._signing = Operation(
            work,
            writes=True,
            parent=self,
            label=self.tr("Signing and making the PDF…"),
            progress=TextProgress(self.sign_message.setText, self.sign_message.clear),
        )
        self._signing.on_success(self._signed).on_failure(self._not_signed).start()

    def is_signing(self) -> bool:
        return self._signing is not None

    def _signing_ended(self) -> None:
        self._signing = None
        self.sign_back.setEnabled(True)
        self.pad.setEnabled(True)
        self._pad_changed()

    def _signed(self, result: en.SignResult) -> None:
        self.session.last_pdf = result.pdf
        self._signing_ended()
        self.stepRequested.emit(STEP_DONE)
        self.signing_done.emit()

    def _not_signed(self, exc: Exception) -> None:
        self._signing_ended()
        if isinstance(exc, en.NotSignable):
            lines = "; ".join(p.message.text(self.session.officer_language) for p in exc.problems)
            self.sign_message.setText(self.tr("Cannot sign yet:") + " " + lines)
        elif isinstance(exc, WorkspaceError):
            self.sign_message.setText(error_text(exc))
        else:
            show_failure(self, exc)
        self.signing_done.emit()
