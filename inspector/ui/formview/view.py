"""FormView: any questionnaire as section pages, evaluated live by the engine, saved as typed.

Put together from its parts, one concern each: :mod:`.layout` (the pages and rows),
:mod:`.sections` (evaluation, sections, positions), :mod:`.editing` (autosave, repeats), on
the common ground of :mod:`.base` (the answers in memory, keys and paths).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

from inspector.core.ids import InspectionId, ResidentId
from inspector.core.workspace import Workspace
from inspector.forms import FormDefinition, evaluate
from inspector.ui.formview.context import FormContext
from inspector.ui.formview.editing import FormEditing
from inspector.ui.formview.layout import FormLayout
from inspector.ui.formview.sections import FormSections

#: Pause in typing after which the answer is saved anyway.
AUTOSAVE_MS = 800


class FormView(FormEditing, FormSections, FormLayout):
    """One questionnaire of one inspection (or one resident), filled in and saved field by field.

    Signals (from :class:`~inspector.ui.formview.base.FormBase`):
        saved: an answer (or repeat change) was committed to the store.
        changed(str): the field path that was saved, e.g. 'bedrooms[1].area_m2'.
        evaluated(Evaluation): the engine re-evaluated the form (after load and each change).
    """

    def __init__(
        self,
        workspace: Workspace,
        inspection_id: InspectionId,
        form: FormDefinition,
        *,
        resident_id: ResidentId | None = None,
        language: str = "nl",
        show_dutch_beside: bool = False,
        read_only: bool = False,
        today: dt.date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("form_view")
        interface = getattr(workspace.settings, "interface_language", "nl")
        self.ctx = FormContext(
            workspace=workspace,
            inspection_id=inspection_id,
            form=form,
            resident_id=resident_id,
            language=language,
            show_dutch_beside=show_dutch_beside,
            officer_language="en" if interface == "en" else "nl",
            read_only=read_only,
            today=today,
        )
        self.form = form
        self.workspace = workspace
        self.inspection_id = inspection_id
        self.resident_id = resident_id
        self._today = today
        self._rows = {}
        self._blocks = {}
        self._pending = set()
        self._touched = set()
        self._visited = set()
        self._raw_errors = {}
        self._last_key = None
        self._section_texts = {}
        self._load()
        self._build()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTOSAVE_MS)
        self._timer.timeout.connect(self.flush)
        self._evaluation = evaluate(form, self._answers(), today=today)
        first = next((i for i, p in enumerate(self._pages) if self._section_visible(p)), 0)
        self._show_page(first)
        self._apply()
        if read_only:
            self._show_banner(
                self.tr("This inspection is finalized: answers can be read, not changed.")
            )

    @property
    def language(self) -> str:
        return self.ctx.language

    def set_language(self, language: str, *, show_dutch_beside: bool | None = None) -> None:
        """Re-label every text in another language; what was typed stays as it is."""
        self.ctx.language = language
        if show_dutch_beside is not None:
            self.ctx.show_dutch_beside = show_dutch_beside
        self._relabel_frame()
        for row in self._rows.values():
            row.relabel()
        for block in self._blocks.values():
            block.relabel()
        self._apply()

    @property
    def read_only(self) -> bool:
        return self.ctx.read_only
