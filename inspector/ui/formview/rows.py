"""One question on screen (label, hint, input, message) and the block of a repeat's instances."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from inspector.forms import Field, FieldType
from inspector.ui.formview.context import FormContext, touch_height
from inspector.ui.formview.editors import FieldEditor, make_editor, secondary_label
from inspector.ui.style import Role, set_role

#: (repeat id or '', instance id or '', field id): stable while instances move.
Key = tuple[str, str, str]


def _smaller(font: QFont) -> QFont:
    small = QFont(font)
    small.setPointSizeF(max(font.pointSizeF() * 0.85, 7.0))
    return small


def reserve(label: QLabel) -> None:
    """Keep a line of room for *label* while it is hidden (an inline message)."""
    label.setMinimumHeight(label.fontMetrics().lineSpacing())
    policy = label.sizePolicy()
    policy.setRetainSizeWhenHidden(True)
    label.setSizePolicy(policy)


def _plain(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


class _Header(QWidget):
    """A label in the shown language, the Dutch under it, a hint, and the officer-only marker."""

    def __init__(self, f: Field, ctx: FormContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = f
        self.ctx = ctx
        self.required = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        self.label = _plain()
        font = self.label.font()
        font.setBold(True)
        self.label.setFont(font)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        top.addWidget(self.label, 1)
        self.marker: QLabel | None = None
        if f.officer_only and ctx.resident_form:
            self.marker = QLabel()
            self.marker.setObjectName("officer_only")
            set_role(self.marker, Role.NOTICE_BOX, "padding: 0 4px;")
            small = self.marker.font()
            small.setPointSizeF(max(small.pointSizeF() * 0.85, 7.0))
            self.marker.setFont(small)
            top.addWidget(self.marker, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)
        self.dutch = secondary_label("")
        self.dutch.setObjectName("dutch_label")
        layout.addWidget(self.dutch)
        self.hint = _plain()
        set_role(self.hint, Role.SECONDARY)
        layout.addWidget(self.hint)
        self.dutch_hint = secondary_label("")
        layout.addWidget(self.dutch_hint)
        self.relabel()

    def relabel(self) -> None:
        main, dutch = self.ctx.text(self.field.label, self.field)
        self.label.setText(f"{main} *" if self.required else main)
        self.dutch.setText(dutch)
        self.dutch.setVisible(bool(dutch))
        hint, dutch_hint = self.ctx.text(self.field.hint, self.field)
        self.hint.setText(hint)
        self.hint.setVisible(bool(hint))
        self.dutch_hint.setText(dutch_hint)
        self.dutch_hint.setVisible(bool(dutch_hint))
        if self.marker is not None:
            self.marker.setText(self.tr("officer only"))

    def set_required(self, required: bool) -> None:
        if required != self.required:
            self.required = required
            main, _dutch = self.ctx.text(self.field.label, self.field)
            self.label.setText(f"{main} *" if required else main)


class FieldRow(QWidget):
    """One field (or one field of one repeat instance) with its inline message."""

    focused = Signal(object)  # Key

    def __init__(self, f: Field, ctx: FormContext, key: Key, parent: QWidget | None = None):
        super().__init__(parent)
        self.field = f
        self.ctx = ctx
        self.key = key
        self._state: tuple[bool, bool, str] | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.setSpacing(3)
        self.editor: FieldEditor | None = None
        self.header: _Header | None = None
        self.note: QLabel | None = None
        self.note_dutch: QLabel | None = None
        if f.type is FieldType.NOTE:
            self.note = _plain()
            self.note.setObjectName("note")
            set_role(self.note, Role.INFO_BOX)
            layout.addWidget(self.note)
            self.note_dutch = secondary_label("")
            layout.addWidget(self.note_dutch)
        else:
            self.header = _Header(f, ctx)
            layout.addWidget(self.header)
            self.editor = make_editor(f, ctx)
            layout.addWidget(self.editor)
            widgets = self.editor.focus_widgets()
            if widgets:
                self.header.label.setBuddy(widgets[0])
            for w in widgets:
                w.installEventFilter(self)
        self.error = _plain()
        self.error.setObjectName("error")
        set_role(self.error, Role.ERROR)
        if self.editor is not None:
            # One line is kept free for the message, so that a message appearing does not
            # move the fields below while the officer is about to click one.
            reserve(self.error)
        self.error.hide()
        layout.addWidget(self.error)
        self.relabel()
        if ctx.read_only and self.editor is not None:
            self.editor.set_read_only(True)

    def relabel(self) -> None:
        if self.note is not None and self.note_dutch is not None:
            main, dutch = self.ctx.text(self.field.label, self.field)
            self.note.setText(main)
            self.note_dutch.setText(dutch)
            self.note_dutch.setVisible(bool(dutch))
        if self.header is not None:
            self.header.relabel()
        if self.editor is not None:
            self.editor.relabel()

    def apply(self, visible: bool, required: bool, error: str) -> None:
        """Show the engine's verdict; touches widgets only when something changed."""
        state = (visible, required, error)
        if state == self._state:
            return
        old = self._state
        self._state = state
        if old is None or old[0] != visible:
            self.setVisible(visible)
        if self.header is not None:
            self.header.set_required(required)
        if old is None or old[2] != error:
            self.error.setText(error)
            self.error.setVisible(bool(error))

    @property
    def shown(self) -> bool:
        return self._state is None or self._state[0]

    @property
    def error_text(self) -> str:
        return self._state[2] if self._state else ""

    def focus_widgets(self) -> list[QWidget]:
        return self.editor.focus_widgets() if self.editor is not None else []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.FocusIn:
            self.focused.emit(self.key)
        return super().eventFilter(watched, event)


class InstanceBox(QGroupBox):
    """One instance of a repeat ('Slaapkamer 2') with its fields and its own buttons."""

    def __init__(self, repeat: Field, ctx: FormContext, instance_id: str,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.repeat = repeat
        self.ctx = ctx
        self.instance_id = instance_id
        self.rows: list[FieldRow] = []
        self.normal_font = QFont(self.font())
        self.normal_font.setBold(False)  # set explicitly, else children resolve to the bold title
        bold = QFont(self.font())
        bold.setBold(True)
        self.setFont(bold)  # the title; the contents get the normal font back below
        layout = QVBoxLayout(self)
        buttons = QHBoxLayout()
        self.dutch_title = secondary_label("")
        buttons.addWidget(self.dutch_title, 1)
        self.up = QPushButton(self.tr("Move up"))
        self.down = QPushButton(self.tr("Move down"))
        self.remove = QPushButton(self.tr("Remove…"))
        self.remove.setObjectName("remove_instance")
        self.dutch_title.setFont(_smaller(self.normal_font))
        for button in (self.up, self.down, self.remove):
            button.setFont(self.normal_font)
            button.setMinimumHeight(touch_height(button))
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.body = layout

    def set_number(self, n: int, count: int) -> None:
        first, second = self.ctx.languages(self.repeat)
        title = self.repeat.item_title(n, first)
        self.setTitle(title)
        dutch = self.repeat.item_title(n, second) if second else ""
        self.dutch_title.setText(dutch if dutch != title else "")
        self.up.setEnabled(n > 1 and not self.ctx.read_only)
        self.down.setEnabled(n < count and not self.ctx.read_only)
        for button in (self.up, self.down, self.remove):
            button.setVisible(not self.ctx.read_only)

    def focus_widgets(self) -> list[QWidget]:
        chain: list[QWidget] = []
        for row in self.rows:
            chain.extend(row.focus_widgets())
        return chain + [self.up, self.down, self.remove]


class RepeatBlock(QWidget):
    """A repeat: its header, a group box per instance, and the add button."""

    add_requested = Signal(str)  # repeat id
    remove_requested = Signal(str)  # instance id
    move_requested = Signal(str, int)  # instance id, -1 up / +1 down

    def __init__(
        self,
        f: Field,
        ctx: FormContext,
        make_rows: Callable[[InstanceBox], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.field = f
        self.ctx = ctx
        self.make_rows = make_rows
        self.boxes: dict[str, InstanceBox] = {}
        self.order: list[str] = []
        self._state: tuple[bool, bool, str] | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 6)
        self.header = _Header(f, ctx)
        layout.addWidget(self.header)
        self.empty = _plain()
        set_role(self.empty, Role.SECONDARY)
        layout.addWidget(self.empty)
        self.list = QVBoxLayout()
        self.list.setSpacing(10)
        layout.addLayout(self.list)
        self.error = _plain()
        self.error.setObjectName("error")
        set_role(self.error, Role.ERROR)
        reserve(self.error)
        self.error.hide()
        layout.addWidget(self.error)
        add_row = QHBoxLayout()
        self.add_button = QPushButton()
        self.add_button.setObjectName("add_instance")
        self.add_button.setMinimumHeight(touch_height(self.add_button))
        self.add_button.clicked.connect(lambda: self.add_requested.emit(f.id))
        add_row.addWidget(self.add_button)
        add_row.addStretch(1)
        layout.addLayout(add_row)
        self.relabel()

    def relabel(self) -> None:
        self.header.relabel()
        first, _second = self.ctx.languages(self.field)
        self.add_button.setText(
            self.tr("Add {0}").format(self.field.item_title(len(self.order) + 1, first))
        )
        self.add_button.setVisible(not self.ctx.read_only)
        self.empty.setText(self.tr("None yet."))
        self.empty.setVisible(not self.order)
        for i, instance_id in enumerate(self.order):
            box = self.boxes[instance_id]
            box.set_number(i + 1, len(self.order))
            for row in box.rows:
                row.relabel()

    def set_order(self, order: list[str]) -> None:
        """Show exactly these instances in this order, creating boxes for new ones."""
        for instance_id in list(self.boxes):
            if instance_id not in order:
                box = self.boxes.pop(instance_id)
                self.list.removeWidget(box)
                box.hide()
                box.deleteLater()
        for instance_id in order:
            if instance_id not in self.boxes:
                box = InstanceBox(self.field, self.ctx, instance_id)
                self.make_rows(box)
                box.up.clicked.connect(
                    lambda _c=False, i=instance_id: self.move_requested.emit(i, -1)
                )
                box.down.clicked.connect(
                    lambda _c=False, i=instance_id: self.move_requested.emit(i, 1)
                )
                box.remove.clicked.connect(
                    lambda _c=False, i=instance_id: self.remove_requested.emit(i)
                )
                self.boxes[instance_id] = box
        for instance_id in order:
            self.list.removeWidget(self.boxes[instance_id])
        for instance_id in order:
            self.list.addWidget(self.boxes[instance_id])
        self.order = list(order)
        first, _second = self.ctx.languages(self.field)
        self.add_button.setText(
            self.tr("Add {0}").format(self.field.item_title(len(order) + 1, first))
        )
        self.empty.setVisible(not order)
        for i, instance_id in enumerate(order):
            self.boxes[instance_id].set_number(i + 1, len(order))

    def set_can_add(self, can_add: bool) -> None:
        self.add_button.setEnabled(can_add and not self.ctx.read_only)

    def apply(self, visible: bool, required: bool, error: str) -> None:
        state = (visible, required, error)
        if state == self._state:
            return
        self._state = state
        self.setVisible(visible)
        self.header.set_required(required)
        self.error.setText(error)
        self.error.setVisible(bool(error))

    def focus_widgets(self) -> list[QWidget]:
        chain: list[QWidget] = []
        for instance_id in self.order:
            chain.extend(self.boxes[instance_id].focus_widgets())
        return chain + [self.add_button]
