"""What every field widget of one form view shares: the store, the languages, read-only state."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QWidget

from inspector.core.ids import InspectionId, ResidentId
from inspector.forms import Audience, Field, FormDefinition, LocalizedText
from inspector.ui.formview import texts

if TYPE_CHECKING:
    from inspector.core.workspace import Workspace

#: The officer's own language when the form is shown beside another one.
DUTCH = "nl"
CODE_ROLE = 0x0100 + 1  # Qt.ItemDataRole.UserRole + 1


def touch_height(widget: QWidget) -> int:
    """Minimum height of anything tapped with a finger: ~36 px, more with large fonts."""
    return max(36, int(widget.fontMetrics().height() * 2.1))


@dataclass
class FormContext:
    """Shared, mutable state of one FormView; widgets read it when they (re)label themselves."""

    workspace: Workspace
    inspection_id: InspectionId
    form: FormDefinition
    resident_id: ResidentId | None
    language: str
    show_dutch_beside: bool
    officer_language: str
    read_only: bool
    today: dt.date | None
    _models: dict[tuple[str, str, bool], QStandardItemModel] = field(default_factory=dict)

    @property
    def resident_form(self) -> bool:
        return self.form.audience is Audience.RESIDENT

    def languages(self, f: Field | None) -> tuple[str, str | None]:
        """(language shown, Dutch shown underneath or None) for the texts of a field."""
        if f is not None and f.officer_only and self.resident_form:
            return self.officer_language, None
        if not self.resident_form:
            return self.language, None
        second = DUTCH if self.show_dutch_beside and self.language != DUTCH else None
        return self.language, second

    def text(self, value: LocalizedText | None, f: Field | None) -> tuple[str, str]:
        """A form text in the shown language and (or '') in Dutch underneath."""
        if value is None:
            return "", ""
        first, second = self.languages(f)
        main = value.get(first)
        dutch = value.get(second) if second else ""
        return main, dutch if dutch != main else ""

    def name_model(self, kind: str, f: Field | None) -> QStandardItemModel:
        """One shared list of countries or languages per language pair, for every combo box."""
        first, second = self.languages(f)
        key = (kind, first, bool(second))
        model = self._models.get(key)
        if model is None:
            model = QStandardItemModel()
            pairs = texts.country_names(first) if kind == "country" else texts.language_names(first)
            dutch = dict(
                texts.country_names(DUTCH) if kind == "country" else texts.language_names(DUTCH)
            ) if second else {}  # fmt: skip
            empty = QStandardItem("")
            empty.setData("", CODE_ROLE)
            model.appendRow(empty)
            for code, name in pairs:
                other = dutch.get(code)
                label = f"{name} — {other}" if other and other != name else name
                item = QStandardItem(label)
                item.setData(code, CODE_ROLE)
                model.appendRow(item)
            self._models[key] = model
        return model
