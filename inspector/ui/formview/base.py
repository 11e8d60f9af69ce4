"""The common ground of the form view's parts: the answers in memory, the keys and paths of
fields, the widgets every part refers to, and the hooks one part offers another.

:class:`~inspector.ui.formview.view.FormView` is put together from :mod:`.layout` (building
the pages), :mod:`.sections` (evaluation, sections and positions) and :mod:`.editing`
(autosave and repeats), each a class on top of :class:`FormBase`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QPushButton, QScrollArea, QStackedWidget, QWidget

from inspector.core.ids import InspectionId, ResidentId
from inspector.core.workspace import Workspace
from inspector.forms import (
    Evaluation,
    Field,
    FormDefinition,
    LocalizedText,
    Section,
    field_path,
    parse_path,
    split_answers,
)
from inspector.ui.formview.context import FormContext
from inspector.ui.formview.rows import FieldRow, InstanceBox, Key, RepeatBlock
from inspector.ui.i18n import translate_in_classes


@dataclass
class _Page:
    section: Section
    scroll: QScrollArea
    built: bool = False
    title: QLabel | None = None
    dutch_title: QLabel | None = None


class FormBase(QWidget):
    """What the parts of the form view share (see the module's text).

    Signals:
        saved: an answer (or repeat change) was committed to the store.
        changed(str): the field path that was saved, e.g. 'bedrooms[1].area_m2'.
        evaluated(Evaluation): the engine re-evaluated the form (after load and each change).
    """

    saved = Signal()
    changed = Signal(str)
    evaluated = Signal(object)

    # The questionnaire and where its answers go.
    ctx: FormContext
    form: FormDefinition
    workspace: Workspace
    inspection_id: InspectionId
    resident_id: ResidentId | None
    _today: dt.date | None
    # The answers in memory (loaded by _load, changed by editing).
    _top: dict[str, Any]
    _instances: dict[str, list[str]]
    _items: dict[str, dict[str, Any]]
    removed_answers: dict[str, Any]
    # What the officer did: typed and not saved, left, seen; values that could not be read.
    _pending: set[Key]
    _touched: set[Key]
    _visited: set[str]
    _raw_errors: dict[Key, LocalizedText]
    _last_key: Key | None
    _evaluation: Evaluation
    _timer: QTimer
    # The widgets (built by the layout part).
    _rows: dict[Key, FieldRow]
    _blocks: dict[str, RepeatBlock]
    _pages: list[_Page]
    _section_texts: dict[str, str]
    _removed_page: QScrollArea | None
    sections_list: QListWidget
    stack: QStackedWidget
    banner: QLabel
    form_title: QLabel
    form_title_dutch: QLabel
    progress: QLabel
    previous_button: QPushButton
    next_button: QPushButton

    def tr(self, text: str, disambiguation: str | None = None, n: int = -1) -> str:
        """Translated in the context of the part of the view that says it (see
        :func:`inspector.ui.i18n.translate_in_classes`)."""
        return translate_in_classes(type(self), text, disambiguation, n)

    # ---------------------------------------------------------------------------------------
    # Data

    def _load(self) -> None:
        loaded = self.workspace.answers.load(
            self.inspection_id, self.form.id, resident_id=self.resident_id
        )
        known, removed = split_answers(self.form, loaded.values)
        self._top = {}
        self._instances: dict[str, list[str]] = {}
        self._items: dict[str, dict[str, Any]] = {}
        for f in self.form.top_fields():
            if f.is_repeat:
                ids = list(loaded.instances.get(f.id, []))
                values = known.get(f.id) or []
                self._instances[f.id] = ids
                for i, instance_id in enumerate(ids):
                    item = values[i] if i < len(values) and isinstance(values[i], dict) else {}
                    self._items[instance_id] = dict(item)
            elif f.id in known:
                self._top[f.id] = known[f.id]
        self.removed_answers = removed

    def _answers(self) -> dict[str, Any]:
        answers = dict(self._top)
        for repeat_id, ids in self._instances.items():
            answers[repeat_id] = [self._items[i] for i in ids]
        return answers

    def _value(self, key: Key) -> Any:
        repeat_id, instance_id, field_id = key
        if repeat_id:
            return self._items.get(instance_id, {}).get(field_id)
        return self._top.get(field_id)

    def _set_value(self, key: Key, value: Any) -> None:
        repeat_id, instance_id, field_id = key
        target = self._items.setdefault(instance_id, {}) if repeat_id else self._top
        if value is None:
            target.pop(field_id, None)
        else:
            target[field_id] = value

    def _path(self, key: Key) -> str:
        repeat_id, instance_id, field_id = key
        if not repeat_id:
            return field_id
        return field_path(field_id, repeat_id, self._instances[repeat_id].index(instance_id))

    def _key(self, path: str) -> Key:
        """The key of a field path; KeyError or IndexError when there is no such field."""
        name, index, sub = parse_path(path)
        if index is None or sub is None:
            self.form.field(name)
            return ("", "", name)
        self.form.repeat(name).sub_field(sub)
        return (name, self._instances[name][index], sub)

    def _field(self, key: Key) -> Field:
        repeat_id, _instance_id, field_id = key
        return self.form.field(f"{repeat_id}.{field_id}" if repeat_id else field_id)

    # ---------------------------------------------------------------------------------------
    # Offered by one part to the others (FormView has them all)

    def _build_page(self, index: int) -> None:
        raise NotImplementedError  # layout

    def _fill_instance(self, box: InstanceBox) -> None:
        raise NotImplementedError  # layout

    def _fix_tab_order(self, page: _Page) -> None:
        raise NotImplementedError  # layout

    def _reevaluate(self) -> None:
        raise NotImplementedError  # sections

    def _apply(self) -> None:
        raise NotImplementedError  # sections

    def _apply_row(self, key: Key, row: FieldRow) -> None:
        raise NotImplementedError  # sections

    def _show_page(self, index: int) -> None:
        raise NotImplementedError  # sections

    def _list_row_changed(self, row: int) -> None:
        raise NotImplementedError  # sections

    def next_section(self) -> None:
        raise NotImplementedError  # sections

    def previous_section(self) -> None:
        raise NotImplementedError  # sections

    def flush(self) -> None:
        raise NotImplementedError  # editing

    def _on_edited(self, key: Key) -> None:
        raise NotImplementedError  # editing

    def _on_committed(self, key: Key) -> None:
        raise NotImplementedError  # editing

    def _on_focused(self, key: Key) -> None:
        raise NotImplementedError  # editing

    def add_repeat_instance(self, repeat_id: str) -> str | None:
        raise NotImplementedError  # editing

    def remove_repeat_instance(self, instance_id: str, *, confirm: bool = True) -> bool:
        raise NotImplementedError  # editing

    def move_repeat_instance(self, instance_id: str, delta: int) -> None:
        raise NotImplementedError  # editing
