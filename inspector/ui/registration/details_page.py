"""The second step of a registration: the registration details (the form, prefilled)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QGroupBox,
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
from inspector.rules.model import DutyKinds
from inspector.ui.formview import FormView
from inspector.ui.message import MessageLabel
from inspector.ui.operations import error_text
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
        # Two lines of room kept for the message, shown or not: the form above and the
        # buttons beside it never move when it appears (9.8).
        self.form_message = MessageLabel(lines=2)
        self.form_message.setObjectName("form_message")
        set_role(self.form_message, Role.ERROR)
        self.form_next = QPushButton(self.tr("&Next: identity document ▶"))
        self.form_next.setObjectName("form_next")
        self.form_next.clicked.connect(self.form_done)
        self.rni_button = self._rni_button("rni_referral")
        row = QHBoxLayout()
        row.addWidget(self.form_message, 1)
        row.addWidget(self.rni_button)
        row.addWidget(self.form_next)
        layout = QVBoxLayout(self)
        layout.addWidget(self._build_unverified_box())
        layout.addLayout(self.form_holder, 1)
        layout.addWidget(self.confirm_short_stay)
        layout.addLayout(row)

    # -- values from the employer's list, not yet checked (12.4) ----------------------------

    def _build_unverified_box(self) -> QGroupBox:
        """Values that came from the employer's list and are not yet checked against the
        identity document: one tick box each, and a button that records the check."""
        self.unverified_box = QGroupBox(
            self.tr("From the employer's list, not yet checked against the identity document")
        )
        self.unverified_box.setObjectName("unverified")
        set_role(self.unverified_box, Role.NOTICE_BOX)
        self.unverified_grid = QGridLayout()
        self.unverified_grid.setHorizontalSpacing(18)
        self.verify_button = QPushButton(self.tr("Ticked values &checked against the document"))
        self.verify_button.setObjectName("verify_fields")
        self.verify_button.setEnabled(False)
        self.verify_button.clicked.connect(self.verify_ticked)
        self.unverified_done = QLabel(
            self.tr("Every value from the list has been checked against the document.")
        )
        self.unverified_done.setObjectName("unverified_done")
        buttons = QHBoxLayout()
        buttons.addWidget(self.unverified_done)
        buttons.addStretch(1)
        buttons.addWidget(self.verify_button)
        box = QVBoxLayout(self.unverified_box)
        box.addLayout(self.unverified_grid)
        box.addLayout(buttons)
        self.unverified_checks: dict[str, QCheckBox] = {}
        self._listed: dict[str, Any] = {}
        self._box_for: str | None = None  # the registration the box was shown for
        self.unverified_box.hide()
        return self.unverified_box

    def _load_unverified(self) -> None:
        """Read which list values are still unchecked (entering the page, after a check)."""
        registration_id = self.session.registration_id
        read_only = registration_id is None or self.session.read_only()
        self._listed = (
            {}
            if read_only or registration_id is None
            else self.session.ws.registrations.listed_values(registration_id)
        )
        if self._listed:
            self._box_for = registration_id
        elif read_only:
            self._box_for = None
        values = self.form_view.evaluation.values if self.form_view is not None else {}
        self._show_unverified(en.still_unverified(self._listed, values))

    def _show_unverified(self, fields: list[str]) -> None:
        # Once shown for this registration the box stays (saying when all is checked), so the
        # form below does not jump while the officer works through it.
        self.unverified_box.setVisible(
            self._box_for is not None and self._box_for == self.session.registration_id
        )
        self.unverified_done.setVisible(not fields)
        if list(self.unverified_checks) == fields:
            return
        for check in self.unverified_checks.values():
            self.unverified_grid.removeWidget(check)
            check.deleteLater()
        self.unverified_checks = {}
        form = en.registration_form()
        values = self.form_view.evaluation.values if self.form_view is not None else {}
        for i, field_id in enumerate(fields):
            label = form.field(field_id).label.get(self.session.officer_language)
            value = values.get(field_id)
            shown = value.strftime("%d-%m-%Y") if isinstance(value, dt.date) else value
            check = QCheckBox(f"{label}: {shown}")
            check.setObjectName(f"unverified_{field_id}")
            check.toggled.connect(self._ticked_changed)
            # Three a row: the longest labels (a question) still fit a 1280-pixel-wide window.
            self.unverified_grid.addWidget(check, i // 3, i % 3)
            self.unverified_checks[field_id] = check
        self._ticked_changed()

    def _ticked_changed(self) -> None:
        self.verify_button.setEnabled(any(c.isChecked() for c in self.unverified_checks.values()))

    def verify_ticked(self) -> None:
        """The officer compared the ticked values with the identity document."""
        ticked = [f for f, c in self.unverified_checks.items() if c.isChecked()]
        if not ticked or self.session.registration_id is None:
            return
        try:
            self.session.ws.registrations.verify_fields(self.session.registration_id, ticked)
        except WorkspaceError as exc:
            self.form_message.setText(error_text(exc))
            return
        self._load_unverified()

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
        self._load_unverified()
        self.form_view.go_to_section(reg.IDENTITY)

    def _form_evaluated(self, evaluation: Evaluation) -> None:
        # A message about missing fields follows the answers: it never names a field that
        # has been filled in since.
        if self.form_message.property("issues"):
            text = self._issues_text(evaluation)
            self.form_message.setText(text)
            self.form_message.setProperty("issues", bool(text))
        if self._listed:
            # A value the officer changed is no longer the list's: it leaves the box.
            self._show_unverified(en.still_unverified(self._listed, evaluation.values))
        kind = evaluation.values.get(reg.REGISTRATION_KIND)
        duty = self.session.ws.registrations.duty(
            self.session.resident_id,
            today=self.session.today,
            extra=evaluation.values,
        )
        short = kind == reg.RegistrationKind.INGEZETENE and duty.kind == DutyKinds.RNI
        # A first registration as ingezetene against a short stay is not possible: say why and
        # offer the RNI route (or the officer corrects the expected stay, which clears this).
        refused = short and en.first_registration(duty)
        if refused:
            message = en.short_stay_refusal(duty, self.session.ws.settings.norms)
            self.form_message.setText(message.text(self.session.officer_language))
            self.form_message.setProperty("issues", False)
        elif self.form_message.property("refused"):
            self.form_message.clear()
        self.form_message.setProperty("refused", refused)
        self.rni_button.setVisible(refused)
        self.form_next.setEnabled(not refused)
        needs = short and not refused
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
        except en.RegistrationError as exc:
            self.form_message.setText(exc.message.text(self.session.officer_language))
            self.form_message.setProperty("issues", False)
            self.rni_button.setVisible(exc.message.code == "short_stay_rni")
            return False
        except WorkspaceError as exc:
            self.form_message.setText(error_text(exc))
            self.form_message.setProperty("issues", False)
            return False
        self.form_message.clear()
        self.stepRequested.emit(STEP_DOCUMENT)
        return True
