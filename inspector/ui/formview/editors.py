"""One input widget per field type; the form view builds them from the type alone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from inspector.forms import Field, FieldType
from inspector.ui.formview import texts
from inspector.ui.formview.context import CODE_ROLE, FormContext, touch_height
from inspector.ui.style import CHOICE_BUTTONS, Role, set_role

#: Single choices with more options than this become a combo box instead of radio buttons.
MAX_RADIOS = 6


def secondary_label(text: str, parent: QWidget | None = None, *, indent: int = 0) -> QLabel:
    """The Dutch text under a resident-language text: smaller and grey."""
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    set_role(label, Role.SECONDARY)
    font = label.font()
    font.setPointSizeF(max(font.pointSizeF() * 0.85, 7.0))
    label.setFont(font)
    if indent:
        label.setContentsMargins(indent, 0, 0, 0)
    return label


class FieldEditor(QWidget):
    """Base of every input widget.

    `edited` fires on every change of the input (each keystroke, each click): the view
    re-evaluates the form and saves a little later. `committed` fires when the officer is done
    with the input (focus leaves, Enter, a choice is made): the view saves at once.
    """

    edited = Signal()
    committed = Signal()
    #: Whether the view should coerce what `raw` returns from typed text.
    takes_text = False

    def __init__(self, f: Field, ctx: FormContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = f
        self.ctx = ctx
        self._loading = False
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def raw(self) -> Any:
        """What the officer entered: typed text, or an already typed value."""
        return None

    def set_value(self, value: Any) -> None:
        """Show a stored value; emits nothing."""
        self._loading = True
        try:
            self._show(value)
        finally:
            self._loading = False

    def _show(self, value: Any) -> None:
        pass

    def relabel(self) -> None:
        """Texts changed language."""

    def focus_widgets(self) -> list[QWidget]:
        """The widgets Tab visits, top to bottom."""
        return []

    def set_read_only(self, read_only: bool) -> None:
        self.setEnabled(not read_only)

    def _emit_edit(self, commit: bool = False) -> None:
        if self._loading:
            return
        self.edited.emit()
        if commit:
            self.committed.emit()

    def _watch_focus_out(self, widget: QWidget) -> None:
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.FocusOut:
            self.committed.emit()
        return super().eventFilter(watched, event)

    def _languages(self) -> tuple[str, str | None]:
        return self.ctx.languages(self.field)


def _row_layout(widget: QWidget) -> QHBoxLayout:
    layout = QHBoxLayout(widget)
    layout.setContentsMargins(0, 0, 0, 0)
    return layout


def _column_layout(widget: QWidget) -> QVBoxLayout:
    layout = QVBoxLayout(widget)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    return layout


# --------------------------------------------------------------------------------------------
# Typed text


_SHORT_TYPES = {
    FieldType.INTEGER: 14,
    FieldType.DECIMAL: 14,
    FieldType.DATE: 16,
    FieldType.DATETIME: 22,
    FieldType.POSTCODE: 12,
    FieldType.BSN: 16,
    FieldType.PHONE: 22,
}
_PLACEHOLDERS = {FieldType.POSTCODE: "1234 AB", FieldType.BSN: "123456782"}
_INPUT_HINTS = {
    FieldType.INTEGER: Qt.InputMethodHint.ImhFormattedNumbersOnly,
    FieldType.DECIMAL: Qt.InputMethodHint.ImhFormattedNumbersOnly,
    FieldType.BSN: Qt.InputMethodHint.ImhDigitsOnly,
    FieldType.PHONE: Qt.InputMethodHint.ImhDialableCharactersOnly,
    FieldType.EMAIL: Qt.InputMethodHint.ImhEmailCharactersOnly,
    FieldType.DATE: Qt.InputMethodHint.ImhPreferNumbers,
    FieldType.DATETIME: Qt.InputMethodHint.ImhPreferNumbers,
}


class LineEditor(FieldEditor):
    """text, integer, decimal (with its unit), date, datetime, bsn, postcode, phone, e-mail."""

    takes_text = True

    def __init__(self, f: Field, ctx: FormContext, parent: QWidget | None = None) -> None:
        super().__init__(f, ctx, parent)
        layout = _row_layout(self)
        self.line = QLineEdit()
        self.line.setMinimumHeight(touch_height(self.line))
        if f.type is FieldType.TEXT and f.max_length:
            self.line.setMaxLength(f.max_length)
        hint = _INPUT_HINTS.get(f.type)
        if hint is not None:
            self.line.setInputMethodHints(hint)
        chars = _SHORT_TYPES.get(f.type)
        if chars:
            self.line.setMaximumWidth(self.line.fontMetrics().horizontalAdvance("0") * chars + 24)
        layout.addWidget(self.line, 1 if not chars else 0)
        self.unit: QLabel | None = None
        if f.unit:
            self.unit = QLabel()
            layout.addWidget(self.unit)
        if chars:
            layout.addStretch(1)
        self.relabel()
        self.line.textChanged.connect(lambda _text: self._emit_edit())
        self.line.editingFinished.connect(self.committed)

    def relabel(self) -> None:
        lang = self._languages()[0]
        if self.unit is not None:
            self.unit.setText(texts.unit_label(self.field.unit, lang))
        if self.field.type is FieldType.DATE:
            self.line.setPlaceholderText(texts.date_hint(lang))
        elif self.field.type is FieldType.DATETIME:
            self.line.setPlaceholderText(texts.date_hint(lang, with_time=True))
        elif self.field.type in _PLACEHOLDERS:
            self.line.setPlaceholderText(_PLACEHOLDERS[self.field.type])

    def raw(self) -> Any:
        return self.line.text()

    def _show(self, value: Any) -> None:
        self.line.setText(self.display(value))

    def display(self, value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return str(value)
        if isinstance(value, int | float):
            return texts.format_number(value, self._languages()[0])
        if isinstance(value, dt.datetime):
            return texts.format_datetime(value)
        if isinstance(value, dt.date):
            return texts.format_date(value)
        return str(value)

    def focus_widgets(self) -> list[QWidget]:
        return [self.line]


class LongTextEditor(FieldEditor):
    takes_text = True

    def __init__(self, f: Field, ctx: FormContext, parent: QWidget | None = None) -> None:
        super().__init__(f, ctx, parent)
        layout = _row_layout(self)
        self.edit = QPlainTextEdit()
        self.edit.setTabChangesFocus(True)
        self.edit.setMinimumHeight(self.edit.fontMetrics().lineSpacing() * 4 + 16)
        self.edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.edit.setFixedHeight(self.edit.fontMetrics().lineSpacing() * 5 + 16)
        layout.addWidget(self.edit)
        self.edit.textChanged.connect(self._emit_edit)
        self._watch_focus_out(self.edit)

    def raw(self) -> Any:
        return self.edit.toPlainText()

    def _show(self, value: Any) -> None:
        self.edit.setPlainText("" if value is None else str(value))

    def focus_widgets(self) -> list[QWidget]:
        return [self.edit]


# --------------------------------------------------------------------------------------------
# Choices


class YesNoEditor(FieldEditor):
    """Three toggle buttons; pressing the chosen one again clears the answer."""

    VALUES = ("yes", "no", "unknown")

    def __init__(self, f: Field, ctx: FormContext, parent: QWidget | None = None) -> None:
        super().__init__(f, ctx, parent)
        layout = _row_layout(self)
        self.setStyleSheet(CHOICE_BUTTONS)
        self.buttons: list[QPushButton] = []
        for value in self.VALUES:
            button = QPushButton()
            button.setCheckable(True)
            button.setObjectName(f"yes_no_{value}")
            button.setMinimumHeight(touch_height(button))
            button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
            button.clicked.connect(lambda checked, b=button: self._clicked(b, checked))
            layout.addWidget(button)
            self.buttons.append(button)
        layout.addStretch(1)
        self.relabel()

    def relabel(self) -> None:
        first, second = self._languages()
        main = texts.yes_no_labels(first)
        dutch = texts.yes_no_labels(second) if second else None
        for i, button in enumerate(self.buttons):
            text = main[i] if dutch is None or dutch[i] == main[i] else f"{main[i]}\n{dutch[i]}"
            button.setText(text)
            button.setMinimumWidth(
                max(button.fontMetrics().horizontalAdvance(line) for line in text.split("\n")) + 32
            )
            if dutch is not None:
                lines = text.count("\n") + 1
                button.setMinimumHeight(
                    max(touch_height(button), button.fontMetrics().lineSpacing() * lines + 14)
                )

    def _clicked(self, button: QPushButton, checked: bool) -> None:
        if checked:
            for other in self.buttons:
                if other is not button:
                    other.setChecked(False)
        self._emit_edit(commit=True)

    def raw(self) -> Any:
        for value, button in zip(self.VALUES, self.buttons, strict=True):
            if button.isChecked():
                return value
        return None

    def _show(self, value: Any) -> None:
        for v, button in zip(self.VALUES, self.buttons, strict=True):
            button.setChecked(v == value)

    def choose(self, value: str | None) -> None:
        """Select as if clicked (tests and keyboard shortcuts)."""
        for v, button in zip(self.VALUES, self.buttons, strict=True):
            button.setChecked(v == value)
        self._emit_edit(commit=True)

    def focus_widgets(self) -> list[QWidget]:
        return list(self.buttons)


def _indicator_indent(widget: QWidget, exclusive: bool) -> int:
    style = widget.style()
    metric = (
        QStyle.PixelMetric.PM_ExclusiveIndicatorWidth
        if exclusive
        else QStyle.PixelMetric.PM_IndicatorWidth
    )
    spacing = style.pixelMetric(QStyle.PixelMetric.PM_RadioButtonLabelSpacing)
    return style.pixelMetric(metric) + max(spacing, 4)


class _ChoiceButtons(FieldEditor):
    """Radio buttons or check boxes, one per choice, with the Dutch label underneath."""

    exclusive = True

    def __init__(self, f: Field, ctx: FormContext, parent: QWidget | None = None) -> None:
        super().__init__(f, ctx, parent)
        layout = _column_layout(self)
        self.group = QButtonGroup(self)
        self.group.setExclusive(self.exclusive)
        self.buttons: dict[str, QAbstractButton] = {}
        self.dutch: dict[str, QLabel] = {}
        indent = _indicator_indent(self, self.exclusive)
        for choice in f.choices:
            button: QAbstractButton = QRadioButton() if self.exclusive else QCheckBox()
            button.setMinimumHeight(touch_height(button))
            button.setObjectName(f"choice_{choice.id}")
            self.group.addButton(button)
            layout.addWidget(button)
            label = secondary_label("", indent=indent)
            label.hide()
            layout.addWidget(label)
            self.buttons[choice.id] = button
            self.dutch[choice.id] = label
        self.group.buttonToggled.connect(self._toggled)
        self.relabel()

    def _toggled(self, _button: QAbstractButton, checked: bool) -> None:
        # A radio switch toggles two buttons; react once, on the one that became checked.
        if self.exclusive and not checked:
            return
        self._emit_edit(commit=True)

    def relabel(self) -> None:
        for choice in self.field.choices:
            main, dutch = self.ctx.text(choice.label, self.field)
            self.buttons[choice.id].setText(main)
            label = self.dutch[choice.id]
            label.setText(dutch)
            label.setVisible(bool(dutch))

    def focus_widgets(self) -> list[QWidget]:
        return list(self.buttons.values())


class RadioEditor(_ChoiceButtons):
    exclusive = True

    def raw(self) -> Any:
        for cid, button in self.buttons.items():
            if button.isChecked():
                return cid
        return None

    def _show(self, value: Any) -> None:
        self.group.setExclusive(False)
        for cid, button in self.buttons.items():
            button.setChecked(cid == value)
        self.group.setExclusive(True)

    def choose(self, value: str) -> None:
        self.buttons[value].setChecked(True)


class CheckboxEditor(_ChoiceButtons):
    exclusive = False

    def raw(self) -> Any:
        return [cid for cid, button in self.buttons.items() if button.isChecked()]

    def _show(self, value: Any) -> None:
        chosen = set(value or ())
        for cid, button in self.buttons.items():
            button.setChecked(cid in chosen)


class ChoiceComboEditor(FieldEditor):
    """A single choice with many options."""

    def __init__(self, f: Field, ctx: FormContext, parent: QWidget | None = None) -> None:
        super().__init__(f, ctx, parent)
        layout = _row_layout(self)
        self.combo = QComboBox()
        self.combo.setMinimumHeight(touch_height(self.combo))
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        layout.addWidget(self.combo)
        layout.addStretch(1)
        self.relabel()
        self.combo.currentIndexChanged.connect(lambda _i: self._emit_edit(commit=True))

    def relabel(self) -> None:
        self._loading = True
        try:
            current = self.raw()
            self.combo.clear()
            self.combo.addItem("", "")
            for choice in self.field.choices:
                main, dutch = self.ctx.text(choice.label, self.field)
                self.combo.addItem(f"{main} — {dutch}" if dutch else main, choice.id)
            self._show(current)
        finally:
            self._loading = False

    def raw(self) -> Any:
        return self.combo.currentData() or None

    def _show(self, value: Any) -> None:
        index = self.combo.findData(value) if value else 0
        self.combo.setCurrentIndex(max(index, 0))

    def choose(self, value: str | None) -> None:
        self.combo.setCurrentIndex(max(self.combo.findData(value or ""), 0))

    def focus_widgets(self) -> list[QWidget]:
        return [self.combo]


# --------------------------------------------------------------------------------------------
# Countries, nationalities, languages


class _SearchCombo(QComboBox):
    """An editable combo over a shared name list that completes on any part of a name."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMinimumHeight(touch_height(self))
        self.setMinimumContentsLength(22)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)

    def use_model(self, model: Any) -> None:
        self.setModel(model)
        completer = QCompleter(model, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)

    def code(self) -> str | None:
        data = self.currentData(CODE_ROLE)
        return str(data) if data else None

    def select_code(self, code: str | None) -> None:
        index = self.findData(code or "", CODE_ROLE)
        self.setCurrentIndex(max(index, 0))
        self.setEditText(self.itemText(max(index, 0)))

    def settle_text(self) -> None:
        """After free typing: pick the item with exactly that name, else show the current one."""
        text = self.currentText().strip()
        if not text:
            self.setCurrentIndex(0)
            return
        for i in range(self.count()):
            if self.itemText(i).casefold() == text.casefold() or any(
                part.strip().casefold() == text.casefold() for part in self.itemText(i).split("—")
            ):
                self.setCurrentIndex(i)
                self.setEditText(self.itemText(i))
                return
        self.setEditText(self.itemText(self.currentIndex()))


class NameEditor(FieldEditor):
    """country (ISO 3166 code) and language (ISO 639-1 code): names in the shown language."""

    def __init__(self, f: Field, ctx: FormContext, parent: QWidget | None = None) -> None:
        super().__init__(f, ctx, parent)
        self.kind = "language" if f.type is FieldType.LANGUAGE else "country"
        layout = _row_layout(self)
        self.combo = _SearchCombo()
        layout.addWidget(self.combo)
        layout.addStretch(1)
        self.relabel()
        self.combo.currentIndexChanged.connect(lambda _i: self._emit_edit(commit=True))
        line = self.combo.lineEdit()
        assert line is not None
        line.editingFinished.connect(self.combo.settle_text)

    def relabel(self) -> None:
        self._loading = True
        try:
            code = self.combo.code() if self.combo.model().rowCount() else None
            self.combo.use_model(self.ctx.name_model(self.kind, self.field))
            self.combo.select_code(code)
        finally:
            self._loading = False

    def raw(self) -> Any:
        return self.combo.code()

    def _show(self, value: Any) -> None:
        self.combo.select_code(value if isinstance(value, str) else None)

    def choose(self, code: str | None) -> None:
        self.combo.setCurrentIndex(max(self.combo.findData(code or "", CODE_ROLE), 0))

    def focus_widgets(self) -> list[QWidget]:
        return [self.combo]


class NationalityEditor(FieldEditor):
    """Several countries: pick one to add it, press its button to remove it."""

    def __init__(self, f: Field, ctx: FormContext, parent: QWidget | None = None) -> None:
        super().__init__(f, ctx, parent)
        self.codes: list[str] = []
        layout = _column_layout(self)
        self.chips_box = QWidget()
        self.chips = QHBoxLayout(self.chips_box)
        self.chips.setContentsMargins(0, 0, 0, 0)
        self.chips_box.hide()
        row = QHBoxLayout()
        self.combo = _SearchCombo()
        self.combo.setToolTip(self.tr("Choose a country to add it"))
        row.addWidget(self.combo)
        row.addStretch(1)
        layout.addWidget(self.chips_box)
        layout.addLayout(row)
        self.relabel()
        self.combo.activated.connect(self._picked)
        line = self.combo.lineEdit()
        assert line is not None
        line.returnPressed.connect(self._typed)

    def relabel(self) -> None:
        self.combo.use_model(self.ctx.name_model("country", self.field))
        self.combo.select_code(None)
        self._rebuild()

    def _typed(self) -> None:
        self.combo.settle_text()
        self._picked(self.combo.currentIndex())

    def _picked(self, _index: int) -> None:
        code = self.combo.code()
        self.combo.select_code(None)
        if code and code not in self.codes:
            self.add(code)

    def add(self, code: str) -> None:
        self.codes.append(code)
        self._rebuild()
        self._emit_edit(commit=True)

    def remove(self, code: str) -> None:
        if code in self.codes:
            self.codes.remove(code)
            self._rebuild()
            self._emit_edit(commit=True)

    def _rebuild(self) -> None:
        while self.chips.count():
            item = self.chips.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        first, second = self._languages()
        for code in self.codes:
            name = texts.country_name(code, first)
            if second:
                dutch = texts.country_name(code, second)
                if dutch != name:
                    name = f"{name} — {dutch}"
            chip = QPushButton(f"{name}  ✕")
            chip.setObjectName(f"nationality_{code}")
            chip.setToolTip(self.tr("Remove"))
            chip.setMinimumHeight(touch_height(chip))
            chip.setEnabled(not self.ctx.read_only)
            chip.clicked.connect(lambda _c=False, c=code: self.remove(c))
            self.chips.addWidget(chip)
        self.chips.addStretch(1)
        self.chips_box.setVisible(bool(self.codes))

    def raw(self) -> Any:
        return list(self.codes)

    def _show(self, value: Any) -> None:
        self.codes = [str(c) for c in value] if isinstance(value, list) else []
        self._rebuild()

    def focus_widgets(self) -> list[QWidget]:
        items = (self.chips.itemAt(i) for i in range(self.chips.count()))
        chips = [item.widget() for item in items if item is not None]
        return [w for w in chips if w is not None] + [self.combo]


# --------------------------------------------------------------------------------------------
# Read-only and placeholders


class CalculatedEditor(FieldEditor):
    """A value the engine computes: shown, never typed."""

    def __init__(self, f: Field, ctx: FormContext, parent: QWidget | None = None) -> None:
        super().__init__(f, ctx, parent)
        layout = _row_layout(self)
        self.value_label = QLabel("–")
        self.value_label.setObjectName("calculated")
        self.value_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.value_label.font()
        font.setBold(True)
        self.value_label.setFont(font)
        self.value_label.setMinimumHeight(touch_height(self.value_label))
        self.note = QLabel()
        set_role(self.note, Role.SECONDARY)
        layout.addWidget(self.value_label)
        layout.addWidget(self.note)
        layout.addStretch(1)
        self._value: Any = None
        self.relabel()

    def relabel(self) -> None:
        self.note.setText(self.tr("(calculated)"))
        self._show(self._value)

    def _show(self, value: Any) -> None:
        self._value = value
        self.value_label.setText(texts.format_value(self.field, value, self._languages()[0]))

    def set_read_only(self, read_only: bool) -> None:
        pass  # already read-only; stays legible


class SignaturePlaceholder(FieldEditor):
    """Signatures come with the registration (registration) screen; this one stores nothing."""

    def __init__(self, f: Field, ctx: FormContext, parent: QWidget | None = None) -> None:
        super().__init__(f, ctx, parent)
        layout = _row_layout(self)
        self.button = QPushButton(self.tr("Signature is taken in the registration screen"))
        self.button.setEnabled(False)
        self.button.setMinimumHeight(touch_height(self.button))
        layout.addWidget(self.button)
        layout.addStretch(1)

    def set_read_only(self, read_only: bool) -> None:
        pass


EditorFactory = Callable[[Field, FormContext], FieldEditor]


def _single_choice(f: Field, ctx: FormContext) -> FieldEditor:
    if len(f.choices) <= MAX_RADIOS:
        return RadioEditor(f, ctx)
    return ChoiceComboEditor(f, ctx)


def _attachment(f: Field, ctx: FormContext) -> FieldEditor:
    from inspector.ui.formview.attachments import AttachmentEditor

    return AttachmentEditor(f, ctx)


#: Every field type with a value, and the widget that edits it.
EDITORS: dict[FieldType, EditorFactory] = {
    FieldType.TEXT: LineEditor,
    FieldType.LONG_TEXT: LongTextEditor,
    FieldType.INTEGER: LineEditor,
    FieldType.DECIMAL: LineEditor,
    FieldType.DATE: LineEditor,
    FieldType.DATETIME: LineEditor,
    FieldType.YES_NO: YesNoEditor,
    FieldType.SINGLE_CHOICE: _single_choice,
    FieldType.MULTIPLE_CHOICE: CheckboxEditor,
    FieldType.COUNTRY: NameEditor,
    FieldType.NATIONALITY: NationalityEditor,
    FieldType.LANGUAGE: NameEditor,
    FieldType.BSN: LineEditor,
    FieldType.POSTCODE: LineEditor,
    FieldType.PHONE: LineEditor,
    FieldType.EMAIL: LineEditor,
    FieldType.PHOTO: _attachment,
    FieldType.DOCUMENT_SCAN: _attachment,
    FieldType.SIGNATURE: SignaturePlaceholder,
}


def make_editor(f: Field, ctx: FormContext) -> FieldEditor:
    if f.calculate is not None:
        return CalculatedEditor(f, ctx)
    return EDITORS[f.type](f, ctx)
