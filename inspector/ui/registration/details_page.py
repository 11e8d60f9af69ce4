"""The second step of a registration: the registration details (the form, prefilled)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector.core import registrations as en
from inspector.core.workspace import WorkspaceError
from inspector.forms import Evaluation
from inspector.registration_form import fields as reg
from inspector.ui.formview import FormView
from inspector.ui.registration import pages
from inspector.ui.registration.session import (
    STEP_DOCUMENT,
    RegistrationSession,
    WizardPage,
)
from inspector.ui.style import Role, set_role

#: What the registration-details page shows; the document and signing are pages of their own.
FORM_SECTIONS: dict[str, set[str] | None] = {section: None for section in reg.DETAILS_SECTIONS}


class DetailsPage(WizardPage):
    """Step 2: the registration details, a form prefilled from the resident questionnaire."""

    def __init__(self, session: RegistrationSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.form_view: FormView | None = None
        self.setObjectName("form_page")
        self.form_holder = QVBoxLayout()
        self.confirm_short_stay = QCheckBox()
        self.confirm_short_stay.setObjectName("confirm_short_stay")
        self.confirm_short_stay.hide()
        self.form_message = QLabel()
        self.form_message.setObjectName("form_message")
        self.form_message.setWordWrap(True)
        set_role(self.form_message, Role.ERROR)
        self.form_next = QPushButton(self.tr("&Next: identity document ▶"))
        self.form_next.setObjectName("form_next")
        self.form_next.clicked.connect(self.form_done)
        row = QHBoxLayout()
        row.addWidget(self.form_message, 1)
        row.addWidget(self.form_next)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form_holder, 1)
        layout.addWidget(self.confirm_short_stay)
        layout.addLayout(row)

    def enter(self) -> None:
        if self.form_view is not None:
            self.form_view.flush()
            self.form_view.setParent(None)
            self.form_view.deleteLater()
        self.form_view = FormView(
            self.session.ws,
            self.session.inspection_id,
            pages.subform(en.registration_form(), FORM_SECTIONS),
            resident_id=self.session.resident_id,
            language=self.session.language,
            show_dutch_beside=True,
            read_only=self.session.read_only(),
            today=self.session.today,
        )
        self.form_view.evaluated.connect(self._form_evaluated)
        self.form_holder.addWidget(self.form_view)
        self.form_message.clear()
        self._form_evaluated(self.form_view.evaluation)
        self.form_view.go_to_section(reg.IDENTITY)

    def _form_evaluated(self, evaluation: Evaluation) -> None:
        # A message about missing fields follows the answers: it never names a field that
        # has been filled in since.
        if self.form_message.property("issues"):
            text = self._issues_text(evaluation)
            self.form_message.setText(text)
            self.form_message.setProperty("issues", bool(text))
        kind = evaluation.values.get(reg.REGISTRATION_KIND)
        duty = self.session.ws.registrations.duty(
            self.session.resident_id,
            today=self.session.today,
            extra=evaluation.values,
        )
        needs = kind == "ingezetene" and duty.kind == "rni"
        self.confirm_short_stay.setText(
            self.tr("The answers point to a short stay ({0}). I confirm that this person "
                    "registers as a resident (ingezetene) all the same.").format(
                duty.reason(self.session.officer_language))
        )  # fmt: skip
        self.confirm_short_stay.setVisible(needs)
        if not needs:
            self.confirm_short_stay.setChecked(False)

    def form_done(self) -> bool:
        """Check the details page; on success go to the document page."""
        assert self.form_view is not None and self.session.registration_id is not None
        self.form_view.flush()
        if self.session.read_only():
            self.form_message.clear()
            self.stepRequested.emit(STEP_DOCUMENT)
            return True
        evaluation = self.form_view.evaluation
        if not evaluation.is_complete:
            first = evaluation.issues()[0]
            self.form_message.setText(self._issues_text(evaluation))
            self.form_message.setProperty("issues", True)
            if first.path:
                self.form_view.focus_field(first.path)
            return False
        kind = evaluation.values.get(reg.REGISTRATION_KIND)
        try:
            self.session.ws.registrations.set_kind(self.session.registration_id, str(kind),
                confirm_short_stay=self.confirm_short_stay.isChecked(), today=self.session.today,
            )  # fmt: skip
        except en.ConfirmationNeeded as exc:
            self.confirm_short_stay.show()
            self.form_message.setText(exc.message.text(self.session.officer_language))
            self.form_message.setProperty("issues", False)
            self.confirm_short_stay.setFocus()
            return False
        except WorkspaceError as exc:
            self.form_message.setText(str(exc))
            self.form_message.setProperty("issues", False)
            return False
        self.form_message.clear()
        self.stepRequested.emit(STEP_DOCUMENT)
        return True
