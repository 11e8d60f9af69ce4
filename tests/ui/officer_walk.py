"""Shared steps of the officer's walk through an inspection, driven through the real widgets."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit

from inspector import localtime
from inspector.forms import FieldType
from inspector.ui.formview.editors import (
    CheckboxEditor,
    ChoiceComboEditor,
    LineEditor,
    LongTextEditor,
    NameEditor,
    NationalityEditor,
    RadioEditor,
    YesNoEditor,
)

TODAY = localtime.today()


def type_text(widget: QLineEdit, text: str) -> None:
    """Key events carrying text: safe for Polish and Cyrillic (qtbot.keyClicks is not)."""
    widget.setFocus()
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch)
            )


def set_field(view: Any, path: str, value: Any) -> None:
    """Answer one field the way an officer would with that widget."""
    editor = view.field_editor(path)
    assert editor is not None, path
    if isinstance(editor, LineEditor):
        editor.line.clear()
        text = value.strftime("%d-%m-%Y") if isinstance(value, dt.date) else str(value)
        type_text(editor.line, text)
        editor.committed.emit()
    elif isinstance(editor, LongTextEditor):
        editor.edit.setPlainText(str(value))
        editor.committed.emit()
    elif isinstance(editor, (YesNoEditor, RadioEditor, ChoiceComboEditor, NameEditor)):
        editor.choose(value)
    elif isinstance(editor, CheckboxEditor):
        for choice in value:
            editor.buttons[choice].click()
    elif isinstance(editor, NationalityEditor):
        for code in value:
            editor.add(code)
    else:
        raise AssertionError(f"no way to answer {path} ({type(editor).__name__})")


def _default(f: Any) -> Any:
    t = f.type
    if t in (FieldType.TEXT, FieldType.LONG_TEXT):
        return "Voorbeeld"
    if t is FieldType.INTEGER:
        return int(f.min) if f.min is not None and f.min > 0 else 1
    if t is FieldType.DECIMAL:
        return 10
    if t is FieldType.DATE:
        return TODAY - dt.timedelta(days=30)
    if t is FieldType.DATETIME:
        return "27-11-2026 10:00"
    if t is FieldType.YES_NO:
        return "no"
    if t is FieldType.SINGLE_CHOICE:
        return f.choices[0].id
    if t is FieldType.MULTIPLE_CHOICE:
        return [f.choices[0].id]
    if t is FieldType.COUNTRY:
        return "PL"
    if t is FieldType.NATIONALITY:
        return ["PL"]
    if t is FieldType.LANGUAGE:
        return "pl"
    if t is FieldType.BSN:
        return "111222333"
    if t is FieldType.POSTCODE:
        return "2801 AB"
    if t is FieldType.PHONE:
        return "0612345678"
    if t is FieldType.EMAIL:
        return "test@example.org"
    raise AssertionError(f"no default for {t}")


def answer_missing(view: Any, known: dict[str, Any] | None = None) -> None:
    """Answer every required field that is still missing, section by section."""
    known = known or {}
    for _ in range(12):
        missing = [i for i in view.evaluation.missing if i.path]
        if not missing:
            return
        for issue in missing:
            view.go_to_section(issue.section_id)
            state = view.evaluation.state(issue.path)
            f = state.field
            set_field(view, issue.path, known.get(f.id, _default(f)))
        view.flush()
    raise AssertionError(f"still missing: {[i.path for i in view.evaluation.missing]}")
