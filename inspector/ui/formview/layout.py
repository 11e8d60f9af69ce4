"""The form view's pages: the sections list, one scrolling page per section (built when first
shown), a row per field, a block per repeat, and the tab order through them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from inspector.forms import Field
from inspector.ui.formview import texts
from inspector.ui.formview.attachments import AttachmentEditor
from inspector.ui.formview.base import FormBase, _Page
from inspector.ui.formview.context import touch_height
from inspector.ui.formview.editors import secondary_label
from inspector.ui.formview.rows import FieldRow, InstanceBox, Key, RepeatBlock
from inspector.ui.style import Role, set_role


class FormLayout(FormBase):
    """Builds the widgets of the form view."""

    def _build(self) -> None:
        self.sections_list = QListWidget()
        self.sections_list.setObjectName("sections")
        self.sections_list.setWordWrap(True)
        self.sections_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.sections_list.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.sections_list.setSizePolicy(QSizePolicy.Policy.Preferred,
                                         QSizePolicy.Policy.Expanding)  # fmt: skip
        char = self.sections_list.fontMetrics().averageCharWidth()
        self.sections_list.setFixedWidth(char * 30)
        self.sections_list.setSpacing(2)
        self.stack = QStackedWidget()
        self._pages = []
        for section in self.form.sections:
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            self.stack.addWidget(scroll)
            self._pages.append(_Page(section, scroll))
            item = QListWidgetItem()
            item.setSizeHint(item.sizeHint())
            self.sections_list.addItem(item)
        self._removed_page = None
        if self.removed_answers:
            self._removed_page = self._build_removed()
            self.stack.addWidget(self._removed_page)
            self.sections_list.addItem(QListWidgetItem())
        self.sections_list.currentRowChanged.connect(self._list_row_changed)

        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        set_role(self.banner, Role.NOTICE_BOX)
        self.banner.hide()
        self.form_title = QLabel()
        font = self.form_title.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.form_title.setFont(font)
        self.form_title_dutch = secondary_label("")
        self.progress = QLabel()
        set_role(self.progress, Role.SECONDARY)
        self.previous_button = QPushButton(self.tr("◀ Previous"))
        self.next_button = QPushButton(self.tr("Next ▶"))
        self.previous_button.setObjectName("previous")
        self.next_button.setObjectName("next")
        self.previous_button.setToolTip(self.tr("Previous section (Ctrl+PgUp)"))
        self.next_button.setToolTip(self.tr("Next section (Ctrl+PgDown)"))
        for button in (self.previous_button, self.next_button):
            button.setMinimumHeight(touch_height(button))
        self.previous_button.clicked.connect(self.previous_section)
        self.next_button.clicked.connect(self.next_section)

        nav = QHBoxLayout()
        nav.addWidget(self.previous_button)
        nav.addStretch(1)
        nav.addWidget(self.progress)
        nav.addStretch(1)
        nav.addWidget(self.next_button)
        right = QVBoxLayout()
        right.addWidget(self.banner)
        right.addWidget(self.form_title)
        right.addWidget(self.form_title_dutch)
        right.addWidget(self.stack, 1)
        right.addLayout(nav)
        layout = QHBoxLayout(self)
        layout.addWidget(self.sections_list)
        layout.addLayout(right, 1)

        for keys, step in (
            ("Ctrl+PgDown", self.next_section),
            ("Alt+Right", self.next_section),
            ("Ctrl+PgUp", self.previous_section),
            ("Alt+Left", self.previous_section),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(step)
        self._relabel_frame()

    def _relabel_frame(self) -> None:
        title, dutch = self.ctx.text(self.form.title, None)
        self.form_title.setText(title)
        self.form_title_dutch.setText(dutch)
        self.form_title_dutch.setVisible(bool(dutch))
        for page in self._pages:
            if page.title is not None and page.dutch_title is not None:
                main, second = self.ctx.text(page.section.title, None)
                page.title.setText(main)
                page.dutch_title.setText(second)
                page.dutch_title.setVisible(bool(second))
        self._section_texts.clear()

    def _build_removed(self) -> QScrollArea:
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        content = QWidget()
        layout = QVBoxLayout(content)
        box = QGroupBox(self.tr("Answers to questions no longer in this form version"))
        box.setObjectName("removed_answers")
        inner = QVBoxLayout(box)
        explain = QLabel(self.tr("These answers were given with an earlier version of the form. "
                                 "They are kept, and shown here read-only."))  # fmt: skip
        explain.setWordWrap(True)
        inner.addWidget(explain)
        lang = self.ctx.officer_language
        for path, value in sorted(self.removed_answers.items()):
            label = QLabel(f"{path}: {texts.format_any(value, lang)}")
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            inner.addWidget(label)
        layout.addWidget(box)
        layout.addStretch(1)
        scroll.setWidget(content)
        return scroll

    def _build_page(self, index: int) -> None:
        page = self._pages[index]
        if page.built:
            return
        page.built = True
        content = QWidget()
        content.setMaximumWidth(content.fontMetrics().averageCharWidth() * 110)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(12, 4, 12, 12)
        page.title = QLabel()
        font = page.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        page.title.setFont(font)
        page.title.setWordWrap(True)
        page.dutch_title = secondary_label("")
        layout.addWidget(page.title)
        layout.addWidget(page.dutch_title)
        main, second = self.ctx.text(page.section.title, None)
        page.title.setText(main)
        page.dutch_title.setText(second)
        page.dutch_title.setVisible(bool(second))
        for f in page.section.fields:
            if f.is_repeat:
                block = RepeatBlock(f, self.ctx, self._fill_instance)
                block.add_requested.connect(self.add_repeat_instance)
                block.remove_requested.connect(self.remove_repeat_instance)
                block.move_requested.connect(self.move_repeat_instance)
                self._blocks[f.id] = block
                block.set_order(self._instances[f.id])
                layout.addWidget(block)
            else:
                layout.addWidget(self._make_row(f, ("", "", f.id)))
        layout.addStretch(1)
        page.scroll.setWidget(content)
        self._fix_tab_order(page)

    def _fill_instance(self, box: InstanceBox) -> None:
        for sub in box.repeat.fields:
            row = self._make_row(sub, (box.repeat.id, box.instance_id, sub.id))
            row.setFont(box.normal_font)
            box.rows.append(row)
            box.body.addWidget(row)

    def _make_row(self, f: Field, key: Key) -> FieldRow:
        row = FieldRow(f, self.ctx, key)
        self._rows[key] = row
        editor = row.editor
        if editor is not None:
            if isinstance(editor, AttachmentEditor):
                editor.instance_id = key[1]
            editor.set_value(self._value(key))
            editor.edited.connect(lambda k=key: self._on_edited(k))
            editor.committed.connect(lambda k=key: self._on_committed(k))
        row.focused.connect(self._on_focused)
        row.destroyed.connect(lambda _obj=None, k=key, r=row: self._forget_row(k, r))
        return row

    def _forget_row(self, key: Key, row: FieldRow) -> None:
        if self._rows.get(key) is row:
            del self._rows[key]

    def _fix_tab_order(self, page: _Page) -> None:
        chain: list[QWidget] = []
        for f in page.section.fields:
            if f.is_repeat:
                chain.extend(self._blocks[f.id].focus_widgets())
            else:
                chain.extend(self._rows[("", "", f.id)].focus_widgets())
        chain += [self.previous_button, self.next_button]
        for a, b in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(a, b)
