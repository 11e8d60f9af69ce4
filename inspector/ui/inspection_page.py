"""One open inspection: its parts (control location, location, residents, photos, findings,
registrations, letters), live findings, and finalizing."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from inspector import localtime
from inspector.core import review as review_mod
from inspector.core.ids import InspectionId, ResidentId
from inspector.core.workspace import Workspace, WorkspaceError
from inspector.error_kinds import message_for
from inspector.states import InspectionState
from inspector.ui.findings_panel import FindingsPanel
from inspector.ui.style import Role, set_role

if TYPE_CHECKING:
    from inspector.ui.formview import FormView

from inspector.ui.inspection_dialogs import (
    FinalizeDialog,
    RegistrationDialog,
    ReopenDialog,
)
from inspector.ui.inspection_parts import PhotosPart, ResidentsPart


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
        result = review_mod.compute_rules(self.workspace, detail, localtime.today())
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
