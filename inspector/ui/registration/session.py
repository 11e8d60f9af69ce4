"""What the steps of one registration share: the store, the resident, the registration once
started, the languages and the texts in them; and the base of every step's page.

A page talks to the wizard only through :attr:`WizardPage.stepRequested` (and signals of its
own); what it learns on the way (the registration's id, a changed language, the signed PDF)
it keeps in the :class:`RegistrationSession` they share.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPushButton, QWidget

from inspector.core import registrations as en
from inspector.core.ids import InspectionId, RegistrationId, ResidentId
from inspector.core.workspace import NotFound, ResidentSummary, Workspace, WorkspaceError
from inspector.forms import Evaluation
from inspector.registration_form.texts import registration_text
from inspector.ui.i18n import translate_in_classes

STEP_CONSENT, STEP_FORM, STEP_DOCUMENT, STEP_SIGNATURE, STEP_DONE, STEP_DECLINED = range(6)


class RegistrationSession:
    """One resident's registration as the wizard's pages see it (plain state, no widgets)."""

    def __init__(
        self,
        workspace: Workspace,
        inspection_id: InspectionId,
        resident_id: ResidentId,
        *,
        today: dt.date | None = None,
    ) -> None:
        self.ws = workspace
        self.inspection_id = inspection_id
        self.resident_id = resident_id
        self.today = today
        self.resident = self._resident()
        #: The resident's language (the explanation, the form, the declaration).
        self.language = self.resident.language
        self.officer_language = "en" if workspace.settings.interface_language == "en" else "nl"
        #: The registration, once the resident chose (a draft, signed, or declined).
        self.registration_id: RegistrationId | None = None
        #: The signed form as made at signing (read from the store when the wizard reopens).
        self.last_pdf: bytes | None = None
        self.duty = workspace.registrations.duty(resident_id, today=today)

    def _resident(self) -> ResidentSummary:
        for r in self.ws.residents.list_for(self.inspection_id):
            if r.id == self.resident_id:
                return r
        raise NotFound(
            "resident.not_in_inspection",
            "deze bewoner hoort niet (meer) bij deze inspectie",
            "this resident is not (or no longer) part of this inspection",
        )

    def text(self, key: str, lang: str | None = None, /, **values: object) -> str:
        return registration_text(key, lang or self.language, **values)

    def two(self, key: str, **values: object) -> tuple[str, str | None]:
        """(resident's language, Dutch or None when the resident's language is Dutch)."""
        main = self.text(key, **values)
        return main, None if self.language == "nl" else self.text(key, "nl", **values)

    def municipality(self) -> str:
        """The municipality's name as the texts use it ("Gouda", not "Gemeente Gouda")."""
        return en.bare_municipality(self.ws.settings.municipality.name)

    def address_line(self) -> str:
        detail = self.ws.inspections.get(self.inspection_id, audit_view=False).summary
        return f"{detail.address}, {detail.postcode} {detail.city}"

    def finalized(self) -> bool:
        return self.ws.registrations.inspection_finalized(self.inspection_id)

    def read_only(self) -> bool:
        """Nothing may change: no registration yet, a signed one, or a finalized inspection
        (which locks drafts too)."""
        if self.registration_id is None or self.finalized():
            return True
        return self.ws.registrations.get(self.registration_id, audit_view=False).read_only


class WizardPage(QWidget):
    """One step of the registration wizard.

    Signals:
        stepRequested(int): the page is done (or the officer goes back): show this step.
        rniReferralRequested(str): the resident id, when the officer takes the RNI route (a
            stay shorter than the legal term: no registration as ingezetene here, the resident
            gets the referral letter to the RNI counter instead).
    """

    stepRequested = Signal(int)  # noqa: N815 - Qt naming
    rniReferralRequested = Signal(str)  # noqa: N815 - Qt naming

    def __init__(self, session: RegistrationSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session

    def enter(self) -> None:
        """Called by the wizard each time the page is shown: fill it from the store."""

    def _rni_button(self, name: str) -> QPushButton:
        """The RNI route: hidden until the answers point to a short stay."""
        button = QPushButton(self.tr("&Referral to the RNI counter…"))
        button.setObjectName(name)
        button.setToolTip(
            self.tr("No registration as a resident here: open the letter that refers the "
                    "resident to the nearest RNI counter, in their language.")
        )  # fmt: skip
        button.clicked.connect(self._take_rni_route)
        button.hide()
        return button

    def _take_rni_route(self) -> None:
        """Record the referral as the registration's outcome (12.2), then ask for the letter."""
        try:
            self.session.registration_id = self.session.ws.registrations.refer_to_rni(
                self.session.resident_id, language=self.session.language, today=self.session.today
            )
        except WorkspaceError as exc:
            from PySide6.QtWidgets import QMessageBox

            from inspector.error_kinds import message_for

            QMessageBox.warning(
                self,
                self.tr("Referral to the RNI counter"),
                message_for(exc, self.session.officer_language),
            )
            return
        self.rniReferralRequested.emit(self.session.resident_id)

    def tr(self, text: str, disambiguation: str | None = None, n: int = -1) -> str:
        """Translated in the context of the class that says it, this base included (see
        :func:`inspector.ui.i18n.translate_in_classes`)."""
        return translate_in_classes(type(self), text, disambiguation, n)

    def _issues_text(self, evaluation: Evaluation) -> str:
        """What is still missing or wrong, naming the first field ("" when complete)."""
        issues = evaluation.issues()
        if not issues:
            return ""
        first = issues[0]
        lang = self.session.officer_language
        label = (
            en.registration_form().field(first.field_id).label.get(lang) if first.field_id else ""
        )
        what = first.message.get(lang)
        return self.tr(
            "%n field(s) still to complete or correct, first: {0}", "", len(issues)
        ).format(f"{label} — {what}" if label else what)
