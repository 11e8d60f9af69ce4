"""One open inspection: its parts (control location, location, residents, photos, findings,
registrations, letters), live findings, and finalizing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QIcon, QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from inspector import LANGUAGE_NAMES, LANGUAGES
from inspector.core import review as review_mod
from inspector.core.ids import InspectionId, ResidentId
from inspector.core.workspace import Workspace, WorkspaceError
from inspector.error_kinds import message_for
from inspector.states import InspectionState
from inspector.storage.types import is_damaged
from inspector.ui.findings_panel import FindingsPanel
from inspector.ui.geometry import fit_to_screen
from inspector.ui.style import Role, set_role

if TYPE_CHECKING:
    from inspector.ui.formview import FormView

PHOTO_TYPES = "Images (*.png *.jpg *.jpeg *.bmp *.webp)"


class AddResidentDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add resident"))
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("Name as the resident gives it"))
        self.language = QComboBox()
        for code in LANGUAGES:
            self.language.addItem(LANGUAGE_NAMES[code], code)
        self.error = QLabel()
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
        self.error = QLabel()
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
        result: review_mod.Review,
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
        self.error = QLabel()
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


class InspectionPage(QWidget):
    """The parts of one inspection in a list on the left, the chosen part on the right.

    It talks to the window that holds it only through its signals; the window calls
    :meth:`flush`, :meth:`set_locked` and :meth:`shutdown`.

    Signals:
        saved(): something of the inspection was stored (the window says "Saved").
        whereChanged(dict): where the officer is now (ids only), to come back after a restart.
        backRequested(): back to the list of inspections.
        reopenRequested(str, dict): show the inspection again from the store (after
            finalizing or reopening it), at the place given (may be empty).
    """

    saved = Signal()
    whereChanged = Signal(dict)  # noqa: N815 - Qt naming
    backRequested = Signal()  # noqa: N815 - Qt naming
    reopenRequested = Signal(str, dict)  # noqa: N815 - Qt naming

    PARTS = (
        "controlelocatie",
        "verblijfslocatie",
        "residents",
        "photos",
        "findings",
        "registrations",
        "letters",
    )

    def __init__(self, workspace: Workspace, inspection_id: InspectionId) -> None:
        super().__init__()
        self.workspace = workspace
        self.inspection_id = inspection_id
        self.locked = False
        self.language = "nl" if workspace.settings.interface_language == "nl" else "en"
        self.forms = review_mod.forms()
        #: The questionnaires of the inspection itself (a resident's lives in ResidentsPart).
        self.views: dict[str, FormView] = {}
        self.detail = workspace.inspections.get(inspection_id)
        self.read_only = self.detail.summary.state == InspectionState.FINALIZED

        self.header = QLabel()
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.back_button = QPushButton(self.tr("← Inspections"))
        self.back_button.clicked.connect(self._back)
        self.finalize_button = QPushButton()
        self.finalize_button.clicked.connect(self._finalize_or_reopen)
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addWidget(self.header, 1)
        top.addWidget(self.finalize_button)
        #: What the office answered about this inspection and its registrations (sync).
        self.office_answers = QLabel()
        self.office_answers.setObjectName("office_answers")
        self.office_answers.setWordWrap(True)
        set_role(self.office_answers, Role.INFO_BOX)

        self.nav = QListWidget()
        self.nav.setMaximumWidth(220)
        self.nav.setSpacing(2)
        names = [
            self.tr("Control location"),
            self.tr("Location questionnaire"),
            self.tr("Residents"),
            self.tr("Photos"),
            self.tr("Findings and signals"),
            self.tr("BRP registrations"),
            self.tr("Letters"),
        ]
        for part, name in zip(self.PARTS, names, strict=True):
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, part)
            item.setSizeHint(QSize(200, 40))
            self.nav.addItem(item)
        self.stack = QStackedWidget()
        self.part_widgets: dict[str, QWidget] = {}
        self.nav.currentRowChanged.connect(self._show_part)

        splitter = QSplitter()
        splitter.addWidget(self.nav)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.office_answers)
        layout.addWidget(splitter, 1)

        self.findings = FindingsPanel(language=self.language)
        self._rules_timer = QTimer(self)
        self._rules_timer.setSingleShot(True)
        self._rules_timer.setInterval(150)
        self._rules_timer.timeout.connect(self.refresh_findings)
        for n, key in enumerate(("Alt+1", "Alt+2", "Alt+3", "Alt+4", "Alt+5", "Alt+6", "Alt+7")):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.activated.connect(lambda n=n: self.nav.setCurrentRow(n))
        self._update_header()
        self.show_office_answers()
        self._prefill()
        self.nav.setCurrentRow(0)

    def _back(self) -> None:
        self.backRequested.emit()

    def set_locked(self, locked: bool) -> None:
        """The window is locked: nothing is read from the store until it is unlocked."""
        self.locked = locked

    def _stored(self) -> None:
        """A part stored something that the findings may depend on."""
        self.saved.emit()
        self._answers_changed()

    # -- parts ------------------------------------------------------------------------------

    def _part(self, part: str) -> QWidget:
        widget = self.part_widgets.get(part)
        if widget is None:
            widget = self._build_part(part)
            self.part_widgets[part] = widget
            self.stack.addWidget(widget)
        return widget

    def _prefill(self) -> None:
        """Once the visit has started (the first answer), the start of the control and the
        officer are known: they are filled in on the control-location record if empty."""
        if self.read_only or self.detail.summary.state != InspectionState.IN_PROGRESS:
            return
        filled = review_mod.prefill_control_location(self.workspace, self.inspection_id)
        view = self.views.get("controlelocatie")
        if filled and view is not None:
            view.show_stored(filled)

    def _build_part(self, part: str) -> QWidget:
        if part in ("controlelocatie", "verblijfslocatie"):
            return self._form_view(part)
        if part == "residents":
            residents = ResidentsPart(
                self.workspace, self.inspection_id, self.read_only, self._resident_view
            )
            residents.stored.connect(self._stored)
            residents.whereChanged.connect(self.whereChanged)
            residents.letterRequested.connect(self._letter_for)
            residents.registerRequested.connect(self.register_resident)
            return residents
        if part == "photos":
            photos = PhotosPart(self.workspace, self.inspection_id, self.read_only)
            photos.saved.connect(self.saved)
            return photos
        if part == "findings":
            self.refresh_findings()
            return self.findings
        if part == "registrations":
            from inspector.ui.registration import RegistrationListWidget

            registrations = RegistrationListWidget(self.workspace, self.inspection_id)
            registrations.open_requested.connect(self.register_resident)
            return registrations
        if part == "letters":
            from inspector.ui.letters import LetterPanel

            return LetterPanel(self.workspace, self.inspection_id)
        raise KeyError(part)

    def _form_view(
        self, form_id: str, resident_id: ResidentId | None = None, language: str = "nl"
    ) -> FormView:
        from inspector.ui.formview import FormView

        view = FormView(
            self.workspace,
            self.inspection_id,
            self.forms[form_id],
            resident_id=resident_id,
            language=language,
            show_dutch_beside=resident_id is not None and language != "nl",
            read_only=self.read_only,
        )
        view.saved.connect(self._stored)
        if resident_id is None:
            self.views[form_id] = view
        return view

    def _resident_view(self, resident_id: ResidentId, language: str) -> FormView:
        return self._form_view("betrokkene", resident_id, language)

    def _letter_for(self, resident_id: ResidentId) -> None:
        from inspector.ui.letters import LetterPanel

        panel = self.show_part("letters")
        if isinstance(panel, LetterPanel):
            panel.set_resident(resident_id)

    def _show_part(self, row: int) -> None:
        if row < 0:
            return
        self.flush()
        part = self.PARTS[row]
        widget = self._part(part)
        self.stack.setCurrentWidget(widget)
        if part == "findings":
            self.refresh_findings()
        refresh = getattr(widget, "refresh", None)
        if part in ("photos", "registrations") and callable(refresh):
            refresh()
        self.whereChanged.emit({"inspection_id": self.inspection_id, "part": part})

    def show_part(self, part: str) -> QWidget:
        self.nav.setCurrentRow(self.PARTS.index(part))
        return self._part(part)

    def current_part(self) -> str:
        return self.PARTS[self.nav.currentRow()]

    def restore(self, where: dict[str, Any]) -> None:
        part = where.get("part")
        if part in self.PARTS:
            widget = self.show_part(part)
            if isinstance(widget, ResidentsPart) and where.get("resident_id"):
                widget.select_resident(where["resident_id"])
            position = where.get("position")
            view = self.current_form_view()
            if position and view is not None:
                view.restore(position)

    def current_form_view(self) -> FormView | None:
        from inspector.ui.formview import FormView

        widget = self.stack.currentWidget()
        if isinstance(widget, ResidentsPart):
            return widget.view
        return widget if isinstance(widget, FormView) else None

    def flush(self) -> None:
        views = list(self.views.values())
        residents = self.part_widgets.get("residents")
        if isinstance(residents, ResidentsPart) and residents.view is not None:
            views.append(residents.view)
        for view in views:
            try:
                view.flush()
            except RuntimeError:  # a resident's view already deleted by Qt
                continue
        current = self.current_form_view()
        if current is not None and not self.read_only:
            try:
                self.whereChanged.emit({"position": current.current_position()})
            except RuntimeError:
                pass

    # -- findings ---------------------------------------------------------------------------

    def _answers_changed(self) -> None:
        self._rules_timer.start()

    def shutdown(self) -> None:
        """Stop pending work before the window closes or the store is locked."""
        self._rules_timer.stop()
        self.flush()

    def refresh_findings(self) -> None:
        if self.locked:
            return
        detail = self.workspace.inspections.get(self.inspection_id, audit_view=False)
        if detail.summary.state != self.detail.summary.state:
            self.detail = detail
            self._update_header()  # e.g. planned -> in progress after the first answer
            self._prefill()
        result = review_mod.compute_rules(self.workspace, detail, date.today())
        self.findings.show_result(result, {r.id: r.name for r in detail.residents})

    def show_office_answers(self) -> None:
        """The office's latest answer about this inspection and each of its registrations."""
        from inspector.sync import inbox

        with self.workspace.unit() as s:
            found = inbox.outcomes_of_inspection(s, self.inspection_id)
        names: dict[str, str] = {}
        if set(found) - {self.inspection_id}:
            names = {
                r.registration_id: r.resident_name
                for r in self.workspace.registrations.list_for(self.inspection_id)
                if r.registration_id
            }
        from inspector.ui.sync_page import outcome_text

        lines = []
        if self.inspection_id in found:
            lines.append(
                self.tr("Inspection: {0}").format(
                    outcome_text(found[self.inspection_id][-1], "inspection")
                )
            )
        for eid, name in names.items():
            if eid in found:
                lines.append(
                    self.tr("Registration of {0}: {1}").format(
                        name, outcome_text(found[eid][-1], "registration")
                    )
                )
        self.office_answers.setText(
            self.tr("From the office — {0}").format("; ".join(lines)) if lines else ""
        )
        self.office_answers.setVisible(bool(lines))
        widget = self.part_widgets.get("registrations")
        if widget is not None and hasattr(widget, "refresh"):
            widget.refresh()

    # -- finalize ---------------------------------------------------------------------------

    def _update_header(self) -> None:
        s = self.detail.summary
        names: dict[str, str] = {
            InspectionState.PLANNED: self.tr("planned"),
            InspectionState.IN_PROGRESS: self.tr("in progress"),
            InspectionState.FINALIZED: self.tr("finalized (read-only)"),
        }
        state = names.get(s.state, s.state)
        self.header.setText(
            f"<b style='font-size:16pt'>{_esc(s.address)}</b>&nbsp;&nbsp;"
            f"{_esc(s.postcode)} {_esc(s.city)} · {s.reference} · {state}"
        )
        self.finalize_button.setText(self.tr("Reopen…") if self.read_only else self.tr("Finalize…"))

    def _finalize_or_reopen(self) -> None:
        self.flush()
        if self.read_only:
            dialog = ReopenDialog(self)
            if dialog.exec():
                self.workspace.inspections.reopen(self.inspection_id, dialog.reason.toPlainText())
                self.reopenRequested.emit(self.inspection_id, {})
            return
        result = review_mod.review(self.workspace, self.inspection_id)
        check = FinalizeDialog(result, self.language, self)
        code = check.exec()
        if code == 2 and check.jump_to is not None:
            self.jump_to(check.jump_to)
        elif code == QDialog.DialogCode.Accepted:
            self.finalize_now(check.reason_text())

    def finalize_now(self, reason: str | None = None) -> bool:
        try:
            review_mod.finalize(self.workspace, self.inspection_id, accept_incomplete=reason)
        except review_mod.Incomplete as exc:
            # Something changed since the check was shown (e.g. in another window).
            QMessageBox.warning(
                self,
                self.tr("Finalize inspection"),
                self.tr("Not finalized: %n point(s) still open. Open the check again.", "",
                        len(exc.review.problems)),
            )  # fmt: skip
            return False
        except WorkspaceError as exc:
            QMessageBox.warning(
                self, self.tr("Finalize inspection"), message_for(exc, self.language)
            )
            return False
        self.reopenRequested.emit(self.inspection_id, {"part": "findings"})
        return True

    def register_resident(self, resident_id: ResidentId) -> None:
        """Open the on-the-spot BRP registration for one resident."""
        self.flush()
        dialog = RegistrationDialog(self.workspace, self.inspection_id, resident_id, self)
        self.registration_dialog: RegistrationDialog | None = dialog
        dialog.exec()
        self.registration_dialog = None
        registrations = self.part_widgets.get("registrations")
        refresh = getattr(registrations, "refresh", None)
        if callable(refresh):
            refresh()
        self._answers_changed()
        if dialog.rni_referral:
            # The RNI route: the referral letter to the RNI counter, in the resident's language.
            panel = self.show_part("letters")
            panel.set_resident(resident_id)  # type: ignore[attr-defined]
            panel.set_kind("rni-referral")  # type: ignore[attr-defined]

    def jump_to(self, problem: review_mod.OpenPoint) -> None:
        from inspector.ui.formview import FormView

        part = problem.part if problem.part in self.PARTS else "findings"
        widget = self.show_part(part)
        view: FormView | None = None
        if isinstance(widget, ResidentsPart):
            if problem.resident_id:
                widget.select_resident(problem.resident_id)
            view = widget.view
        elif isinstance(widget, FormView):
            view = widget
        elif part == "registrations" and problem.resident_id:
            select = getattr(widget, "select_resident", None)
            if callable(select):
                select(problem.resident_id)
        if view is not None and problem.path:
            view.focus_field(problem.path)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class ResidentsPart(QWidget):
    """Residents found at the location, each with the resident questionnaire in their language.

    Signals:
        stored(): a resident was added, imported or changed.
        whereChanged(dict): the resident now shown (ids only).
        letterRequested(str): the officer wants a letter for this resident.
        registerRequested(str): the officer wants to register this resident in the BRP.
    """

    stored = Signal()
    whereChanged = Signal(dict)  # noqa: N815 - Qt naming
    letterRequested = Signal(str)  # noqa: N815 - Qt naming
    registerRequested = Signal(str)  # noqa: N815 - Qt naming

    def __init__(
        self,
        workspace: Workspace,
        inspection_id: InspectionId,
        read_only: bool,
        make_view: Callable[[ResidentId, str], FormView],
    ) -> None:
        """*make_view(resident_id, language)* builds the resident questionnaire's view."""
        super().__init__()
        self.workspace = workspace
        self.inspection_id = inspection_id
        self.read_only = read_only
        self._make_view = make_view
        self.view: FormView | None = None
        self.resident_id: ResidentId | None = None
        self.list = QListWidget()
        self.list.setMaximumWidth(220)
        self.list.currentRowChanged.connect(self._select_row)
        self.add_button = QPushButton(self.tr("&Add resident"))
        # clicked(bool) would fill add_resident's `name`: the slot takes no arguments.
        self.add_button.clicked.connect(self._add_clicked)
        self.import_button = QPushButton(self.tr("Import employer's list…"))
        self.import_button.clicked.connect(self._import)
        self.language = QComboBox()
        for code in LANGUAGES:
            self.language.addItem(LANGUAGE_NAMES[code], code)
        self.language.activated.connect(self._language_changed)
        self.register_button = QPushButton(self.tr("Register in the BRP now"))
        self.register_button.clicked.connect(self._register)
        self.letter_button = QPushButton(self.tr("Letter…"))
        self.letter_button.setToolTip(self.tr("A letter for this resident, in their language"))
        self.letter_button.clicked.connect(self._letter)
        for w in (self.add_button, self.import_button, self.register_button):
            w.setEnabled(not read_only)
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        left.addWidget(self.add_button)
        left.addWidget(self.import_button)
        self.right = QVBoxLayout()
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Questions in:")))
        bar.addWidget(self.language)
        bar.addStretch(1)
        bar.addWidget(self.letter_button)
        bar.addWidget(self.register_button)
        self.right.addLayout(bar)
        self.empty = QLabel(self.tr("Add the people you find at this address."))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.right.addWidget(self.empty, 1)
        layout = QHBoxLayout(self)
        layout.addLayout(left)
        layout.addLayout(self.right, 1)
        self.reload()

    def reload(self, select: ResidentId | None = None) -> None:
        residents = self.workspace.residents.list_for(self.inspection_id)
        self.list.blockSignals(True)
        self.list.clear()
        for r in residents:
            item = QListWidgetItem(f"{r.name}  ({r.language})")
            item.setData(Qt.ItemDataRole.UserRole, r.id)
            item.setSizeHint(QSize(200, 36))
            self.list.addItem(item)
        self.list.blockSignals(False)
        self._residents = {r.id: r for r in residents}
        target = select or self.resident_id or (residents[0].id if residents else None)
        if target:
            self.select_resident(target)
        else:
            self._set_view(None)

    def select_resident(self, resident_id: ResidentId) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == resident_id:
                if self.list.currentRow() != row:
                    self.list.setCurrentRow(row)
                else:
                    self._select_row(row)
                return

    def _select_row(self, row: int) -> None:
        if row < 0:
            return
        resident_id = self.list.item(row).data(Qt.ItemDataRole.UserRole)
        if resident_id == self.resident_id and self.view is not None:
            return
        self._set_view(resident_id)
        self.whereChanged.emit(
            {"inspection_id": self.inspection_id, "part": "residents", "resident_id": resident_id}
        )

    def _set_view(self, resident_id: ResidentId | None) -> None:
        if self.view is not None:
            self.view.flush()
            self.right.removeWidget(self.view)
            self.view.deleteLater()
            self.view = None
        self.resident_id = resident_id
        self.empty.setVisible(resident_id is None)
        self.language.setEnabled(resident_id is not None and not self.read_only)
        self.register_button.setEnabled(resident_id is not None and not self.read_only)
        self.letter_button.setEnabled(resident_id is not None)
        if resident_id is None:
            return
        resident = self._residents[resident_id]
        self.language.setCurrentIndex(LANGUAGES.index(resident.language))
        self.view = self._make_view(resident_id, resident.language)
        self.right.addWidget(self.view, 1)

    def _add_clicked(self) -> None:
        self.add_resident()

    def add_resident(self, name: str | None = None, language: str | None = None) -> str | None:
        if name is None:
            dialog = AddResidentDialog(self)
            if not dialog.exec():
                return None
            name, language = dialog.name.text(), dialog.language.currentData()
        resident = self.workspace.residents.add(self.inspection_id, name, language or "nl")
        self.reload(select=resident.id)
        self.stored.emit()
        return resident.id

    def _language_changed(self, index: int) -> None:
        if self.resident_id is None:
            return
        code = self.language.itemData(index)
        self._residents[self.resident_id] = self.workspace.residents.update(
            self.resident_id, language=code
        )
        item = self.list.currentItem()
        if item is not None:
            item.setText(f"{self._residents[self.resident_id].name}  ({code})")
        if self.view is not None:
            # The officer reads the Dutch beside any other language, at once (not only after
            # coming back to this resident).
            self.view.set_language(code, show_dutch_beside=code != "nl")

    def _letter(self) -> None:
        if self.resident_id is not None:
            self.letterRequested.emit(self.resident_id)

    def _register(self) -> None:
        if self.resident_id is not None:
            self.registerRequested.emit(self.resident_id)

    def _import(self) -> None:
        from inspector.ui.registration import ImportResidentsDialog

        ImportResidentsDialog(self.workspace, self.inspection_id, self).exec()
        self.reload()
        self.stored.emit()


class PhotosPart(QWidget):
    """Every photo of the inspection as a thumbnail with its caption; add general photos.

    Signals:
        saved(): a photo or a caption was stored.
    """

    saved = Signal()

    def __init__(self, workspace: Workspace, inspection_id: InspectionId, read_only: bool) -> None:
        super().__init__()
        self.workspace = workspace
        self.inspection_id = inspection_id
        self.read_only = read_only
        self.grid = QListWidget()
        self.grid.setViewMode(QListWidget.ViewMode.IconMode)
        self.grid.setIconSize(QSize(180, 135))
        self.grid.setGridSize(QSize(210, 190))
        self.grid.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.grid.setWordWrap(True)
        self.grid.currentItemChanged.connect(self._selected)
        self.caption = QLineEdit()
        self.caption.setPlaceholderText(self.tr("Caption: what does the photo show?"))
        self.caption.editingFinished.connect(self._save_caption)
        self.add_button = QPushButton(self.tr("Add photo from file…"))
        self.add_button.clicked.connect(self._add)
        self.add_button.setEnabled(not read_only)
        self.caption.setReadOnly(read_only)
        self.empty = QLabel(self.tr("No photos yet. Photos taken at a question appear here too."))
        bar = QHBoxLayout()
        bar.addWidget(self.caption, 1)
        bar.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.grid, 1)
        layout.addLayout(bar)

    def refresh(self) -> None:
        self.grid.clear()
        items = [
            a
            for a in self.workspace.attachments.list_for(self.inspection_id, kind="photo")
            if a["resident_id"] is None
        ]
        self.empty.setVisible(not items)
        for meta in items:
            content, _ = self.workspace.attachments.content(meta["id"])
            # A photo that does not read as its own (swapped or damaged outside the app) is
            # listed without a picture, saying so; the others show as always.
            damaged = is_damaged(content)
            image = QImage() if damaged else QImage.fromData(content)
            icon = (
                QIcon(
                    QPixmap.fromImage(
                        image.scaled(
                            180,
                            135,
                            Qt.AspectRatioMode.KeepAspectRatio,
                            Qt.TransformationMode.SmoothTransformation,
                        )
                    )
                )
                if not image.isNull()
                else QIcon()
            )
            caption = meta["caption"]
            item = QListWidgetItem(icon, str(caption) if caption else self.tr("(no caption)"))
            item.setData(Qt.ItemDataRole.UserRole, meta["id"])
            if damaged:
                item.setToolTip(str(content))
            self.grid.addItem(item)

    def _selected(self, item: QListWidgetItem | None) -> None:
        self.caption.setText(
            "" if item is None or item.text() == self.tr("(no caption)") else item.text()
        )

    def _save_caption(self) -> None:
        item = self.grid.currentItem()
        if item is None or self.read_only:
            return
        self.workspace.attachments.set_caption(
            item.data(Qt.ItemDataRole.UserRole), self.caption.text().strip()
        )
        item.setText(self.caption.text().strip() or self.tr("(no caption)"))
        self.saved.emit()

    def _add(self) -> None:
        from inspector.ui.saving import ask_picture_path

        # The Pictures folder first, then the folder the last photo came from.
        path = ask_picture_path(self, self.workspace, self.tr("Add photo"), self.tr(PHOTO_TYPES))
        if path:
            self.add_file(path)

    def add_file(self, path: str, caption: str = "") -> str | None:
        from pathlib import Path

        from inspector.ui.formview.attachments import MAX_BYTES

        try:
            if Path(path).stat().st_size > MAX_BYTES:
                QMessageBox.warning(
                    self,
                    self.tr("Add photo"),
                    self.tr("The file is larger than {0} MB.").format(MAX_BYTES // 2**20),
                )
                return None
            data = Path(path).read_bytes()
        except OSError:
            QMessageBox.warning(self, self.tr("Add photo"), self.tr("The file cannot be read."))
            return None
        if QImage.fromData(data).isNull():
            QMessageBox.warning(
                self, self.tr("Add photo"), self.tr("This file is not an image that can be shown.")
            )
            return None
        suffix = Path(path).suffix.lower().lstrip(".")
        mime = {"jpg": "image/jpeg", "jpeg": "image/jpeg"}.get(suffix, f"image/{suffix}")
        try:
            att = self.workspace.attachments.add(
                self.inspection_id,
                kind="photo",
                content=data,
                mime=mime,
                caption=caption,
                field_ref="inspection/general",
            )
        except WorkspaceError as exc:
            lang = "en" if self.workspace.settings.interface_language == "en" else "nl"
            QMessageBox.warning(self, self.tr("Add photo"), message_for(exc, lang))
            return None
        self.saved.emit()
        self.refresh()
        return att
