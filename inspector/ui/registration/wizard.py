"""RegistrationWizard: one resident's on-the-spot BRP registration, from consent to signed PDF.

The wizard is the frame (the steps line, the lock notice) around one page per step, each in a
module of its own: :mod:`.consent_page`, :mod:`.details_page`, :mod:`.document_page`,
:mod:`.signature_page`, :mod:`.done_page`. The pages share a :class:`RegistrationSession`
and ask for the next step with a signal; the wizard shows it.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QStackedWidget, QVBoxLayout, QWidget

from inspector.core import registrations as en
from inspector.core.ids import InspectionId, ResidentId
from inspector.core.workspace import Workspace
from inspector.ui import style
from inspector.ui.registration.consent_page import ConsentPage
from inspector.ui.registration.details_page import DetailsPage
from inspector.ui.registration.document_page import DocumentPage
from inspector.ui.registration.done_page import DeclinedPage, DonePage
from inspector.ui.registration.session import (
    STEP_CONSENT,
    STEP_DECLINED,
    STEP_DOCUMENT,
    STEP_DONE,
    STEP_FORM,
    STEP_SIGNATURE,
    RegistrationSession,
    WizardPage,
)
from inspector.ui.registration.signature_page import SignaturePage
from inspector.ui.style import Role, set_role

__all__ = [
    "STEP_CONSENT",
    "STEP_DECLINED",
    "STEP_DOCUMENT",
    "STEP_DONE",
    "STEP_FORM",
    "STEP_SIGNATURE",
    "RegistrationWizard",
]


class RegistrationWizard(QWidget):
    """Register one resident in the BRP on the spot.

    Steps: explanation and consent (resident's language beside Dutch) → registration details
    (prefilled form) → identity document (MRZ, visual check, scans) → declaration and
    signature → signed PDF. A signed registration opens read-only at the last step, with
    "Make a correction" for a new version.

    Signals:
        finished_registration(str): the registration id, when the officer closes the wizard
            after signing or after the resident declined.
        rni_referral_requested(str): the resident id, when the officer takes the RNI route
            from the consent or the details page (a stay shorter than the legal term).
    """

    finished_registration = Signal(str)
    rni_referral_requested = Signal(str)

    def __init__(
        self,
        workspace: Workspace,
        inspection_id: InspectionId,
        resident_id: ResidentId,
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
        self.session = RegistrationSession(workspace, inspection_id, resident_id, today=today)

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
        set_role(self.locked_label, Role.NOTICE_BOX)
        self.locked_label.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.steps)
        layout.addWidget(self.locked_label)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        layout.addWidget(line)
        layout.addWidget(self.stack, 1)

        self.consent_page = ConsentPage(self.session)
        self.form_page = DetailsPage(self.session)
        self.document_page = DocumentPage(self.session)
        self.signature_page = SignaturePage(self.session)
        self.done_page = DonePage(self.session)
        self.declined_page = DeclinedPage(self.session)
        self._pages: list[WizardPage] = [
            self.consent_page,
            self.form_page,
            self.document_page,
            self.signature_page,
            self.done_page,
            self.declined_page,
        ]
        for page in self._pages:
            self.stack.addWidget(page)
            page.stepRequested.connect(self.go)
            page.rniReferralRequested.connect(self.rni_referral_requested)
        self.done_page.corrected.connect(self._corrected)
        self.done_page.restartRequested.connect(self._restart)
        self.done_page.closeRequested.connect(self._finish)
        self.declined_page.closeRequested.connect(self._finish)

        existing = workspace.registrations.current(resident_id)
        if existing is not None and existing.state in (en.SIGNED, en.PROCESSED, en.REFUSED):
            self.session.registration_id = existing.id
            self.go(STEP_DONE)
        elif existing is not None and existing.state == en.DRAFT:
            self.session.registration_id = existing.id
            self.session.language = existing.language
            self.go(STEP_FORM)
        else:
            self.go(STEP_CONSENT)
        self.resize(1180, 820)

    @property
    def registration_id(self) -> str | None:
        return self.session.registration_id

    @property
    def language(self) -> str:
        """The resident's language, as chosen on the first page."""
        return self.session.language

    def current_step(self) -> int:
        return self.stack.currentIndex()

    def go(self, step: int) -> None:
        """Show *step* (STEP_CONSENT … STEP_DECLINED), filled from the store."""
        finalized = self.session.finalized()
        self.locked_label.setVisible(finalized)
        self.consent_page.set_locked(finalized)
        if step != STEP_DECLINED:
            self._pages[step].enter()
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
            f"<b><u>{name}</u></b>" if i == shown else style.span(name, style.UNKNOWN)
            for i, name in enumerate(names)
        ]
        self.steps.setText("  ›  ".join(parts))

    def _corrected(self) -> None:
        """A correction is a new draft version: the old signature goes, the details again."""
        self.signature_page.pad.clear()
        self.go(STEP_FORM)

    def _restart(self) -> None:
        """After a refusal the resident declares again: a new registration, from consent."""
        self.session.registration_id = None
        self.session.last_pdf = None
        self.signature_page.pad.clear()
        self.go(STEP_CONSENT)

    def _finish(self) -> None:
        if self.session.registration_id is not None:
            self.finished_registration.emit(self.session.registration_id)
