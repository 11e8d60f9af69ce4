"""The dialogs of an open inspection: add a resident, reopen (with a reason), finalize
(with its checklist and, for open points, a reason), and register a resident in the BRP."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from inspector import LANGUAGE_NAMES, LANGUAGES
from inspector.core import review as review_mod
from inspector.core.ids import InspectionId, ResidentId
from inspector.core.workspace import Workspace
from inspector.ui.geometry import fit_to_screen
from inspector.ui.message import MessageLabel
from inspector.ui.style import Role, set_role

if TYPE_CHECKING:
    pass


class AddResidentDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add resident"))
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("Name as the resident gives it"))
        self.language = QComboBox()
        for code in LANGUAGES:
            self.language.addItem(LANGUAGE_NAMES[code], code)
        self.error = MessageLabel(lines=2)  # room kept: the buttons never move (9.8)
        set_role(self.error, Role.ERROR)
        form = QFormLayout(self)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Language of the questions"), self.language)
        form.addRow(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._ok)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _ok(self) -> None:
        if not self.name.text().strip():
            self.error.setText(self.tr("Fill in a name (a first name is enough)."))
            return
        self.accept()


class ReopenDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Reopen inspection"))
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText(self.tr("Why must this finalized inspection change?"))
        self.error = MessageLabel(lines=2)  # room kept: the buttons never move (9.8)
        set_role(self.error, Role.ERROR)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._ok)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Reopening is recorded in the audit log with your name.")))
        layout.addWidget(self.reason)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _ok(self) -> None:
        if len(self.reason.toPlainText().strip()) < 5:
            self.error.setText(self.tr("Give a reason (at least 5 characters)."))
            return
        self.accept()


class FinalizeDialog(QDialog):
    """The completeness check: every open point, a double-click (or Enter) jumps there.

    With open points the inspection can still be finalized, but only with a stated reason
    (kept with the inspection, the open points recorded in the audit log)."""

    def __init__(
        self,
        result: review_mod.FinalizeReview,
        language: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.review = result
        self.jump_to: review_mod.OpenPoint | None = None
        self.setWindowTitle(self.tr("Finalize inspection"))
        self.resize(820, 560)
        layout = QVBoxLayout(self)
        lang = "en" if language == "en" else "nl"
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText(
            self.tr(
                "Why is this inspection finalized with open points? (at least {0} characters)"
            ).format(review_mod.MIN_REASON_CHARS)
        )
        self.reason.setMaximumHeight(80)
        self.error = MessageLabel(lines=2)  # room kept: the buttons never move (9.8)
        self.error.setObjectName("error")
        set_role(self.error, Role.ERROR)
        if result.problems:
            header = QLabel(
                self.tr(
                    "<b>%n point(s) still open.</b> Double-click one (or press Enter) to go there.",
                    "",
                    len(result.problems),
                )
            )
            header.setWordWrap(True)
            layout.addWidget(header)
            self.list: QListWidget | None = QListWidget()
            self.list.setSpacing(3)
            self.list.setWordWrap(True)
            # Long points wrap within the width: no sideways scrolling.
            self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
            self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            points = self.list
            for problem in result.problems:
                item = QListWidgetItem(f"{result.where(problem, lang)}: {problem.text(lang)}")
                item.setData(Qt.ItemDataRole.UserRole, problem)
                points.addItem(item)
            points.itemActivated.connect(self._jump)
            points.itemDoubleClicked.connect(self._jump)
            layout.addWidget(points, 1)
            layout.addWidget(
                QLabel(self.tr("Finalize anyway: give the reason (recorded with your name)."))
            )
            layout.addWidget(self.reason)
            layout.addWidget(self.error)
        else:
            self.list = None
            layout.addWidget(
                QLabel(
                    self.tr(
                        "<b>Everything is complete.</b> Finalizing locks the inspection: it "
                        "becomes read-only, the findings are stored, and this is recorded in "
                        "the audit log."
                    )
                )
            )
            layout.addStretch(1)
            self.reason.hide()
            self.error.hide()
        buttons = QDialogButtonBox()
        self.finalize_button = buttons.addButton(
            self.tr("Finalize anyway") if result.problems else self.tr("Finalize"),
            QDialogButtonBox.ButtonRole.AcceptRole,
        )
        self.finalize_button.setEnabled(not result.problems)
        self.reason.textChanged.connect(self._reason_changed)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def reason_text(self) -> str | None:
        """The stated reason, or None when everything is complete."""
        return self.reason.toPlainText().strip() if self.review.problems else None

    def _reason_changed(self) -> None:
        if self.review.problems:
            long_enough = len(self.reason.toPlainText().strip()) >= review_mod.MIN_REASON_CHARS
            self.finalize_button.setEnabled(long_enough)
            if long_enough:
                self.error.clear()

    def _accept(self) -> None:
        if self.review.problems and (
            len(self.reason.toPlainText().strip()) < review_mod.MIN_REASON_CHARS
        ):
            self.error.setText(
                self.tr("Give the reason in at least {0} characters.").format(
                    review_mod.MIN_REASON_CHARS
                )
            )
            return
        self.accept()

    def _jump(self, item: QListWidgetItem) -> None:
        self.jump_to = item.data(Qt.ItemDataRole.UserRole)
        self.done(2)


class RegistrationDialog(QDialog):
    """The on-the-spot registration wizard in a window of its own, large enough to turn
    towards the resident."""

    def __init__(
        self,
        workspace: Workspace,
        inspection_id: InspectionId,
        resident_id: ResidentId,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        from inspector.ui.registration import RegistrationWizard

        self.setWindowTitle(self.tr("Registration in the BRP"))
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.workspace = workspace
        # As large as the screen allows (up to 1200x840), maximized again if it was.
        fit_to_screen(self, QSize(1200, 840))
        if workspace.load_ui_state().get("wizard_maximized"):
            self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)
        self.wizard = RegistrationWizard(workspace, inspection_id, resident_id, self)
        self.wizard.finished_registration.connect(lambda _id: self.accept())
        #: Set when the officer took the RNI route: the page opens the referral letter.
        self.rni_referral = False
        self.wizard.rni_referral_requested.connect(lambda _id: self._rni_route())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.wizard)

    def _rni_route(self) -> None:
        self.rni_referral = True
        self.reject()

    def done(self, result: int) -> None:
        maximized = bool(self.windowState() & Qt.WindowState.WindowMaximized)
        state = self.workspace.load_ui_state()
        if bool(state.get("wizard_maximized")) != maximized:
            state["wizard_maximized"] = maximized
            self.workspace.save_ui_state(state)
        super().done(result)
