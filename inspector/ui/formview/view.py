"""FormView: any questionnaire as section pages, evaluated live by the engine, saved as typed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
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

from inspector.core.workspace import ReadOnly, Workspace, WorkspaceError
from inspector.forms import (
    Evaluation,
    Field,
    FormDefinition,
    LocalizedText,
    Section,
    coerce_value,
    evaluate,
    field_path,
    parse_path,
    split_answers,
)
from inspector.ui.formview import prompts, texts
from inspector.ui.formview.attachments import AttachmentEditor
from inspector.ui.formview.context import FormContext, touch_height
from inspector.ui.formview.editors import FieldEditor, LineEditor, secondary_label
from inspector.ui.formview.rows import FieldRow, InstanceBox, Key, RepeatBlock

#: Pause in typing after which the answer is saved anyway.
AUTOSAVE_MS = 800


@dataclass
class _Page:
    section: Section
    scroll: QScrollArea
    built: bool = False
    title: QLabel | None = None
    dutch_title: QLabel | None = None


class FormView(QWidget):
    """One questionnaire of one inspection (or one resident), filled in and saved field by field.

    Signals:
        saved: an answer (or repeat change) was committed to the store.
        changed(str): the field path that was saved, e.g. 'bedrooms[1].area_m2'.
        evaluated(Evaluation): the engine re-evaluated the form (after load and each change).
    """

    saved = Signal()
    changed = Signal(str)
    evaluated = Signal(object)

    def __init__(
        self,
        workspace: Workspace,
        inspection_id: str,
        form: FormDefinition,
        *,
        resident_id: str | None = None,
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
        self._rows: dict[Key, FieldRow] = {}
        self._blocks: dict[str, RepeatBlock] = {}
        self._pending: set[Key] = set()
        self._touched: set[Key] = set()
        self._visited: set[str] = set()
        self._raw_errors: dict[Key, LocalizedText] = {}
        self._last_key: Key | None = None
        self._section_texts: dict[str, str] = {}
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

    # ---------------------------------------------------------------------------------------
    # Data

    def _load(self) -> None:
        loaded = self.workspace.answers.load(
            self.inspection_id, self.form.id, resident_id=self.resident_id
        )
        known, removed = split_answers(self.form, loaded.values)
        self._top: dict[str, Any] = {}
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
        self.removed_answers: dict[str, Any] = removed

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
    # Layout

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
        self._pages: list[_Page] = []
        for section in self.form.sections:
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            self.stack.addWidget(scroll)
            self._pages.append(_Page(section, scroll))
            item = QListWidgetItem()
            item.setSizeHint(item.sizeHint())
            self.sections_list.addItem(item)
        self._removed_page: QScrollArea | None = None
        if self.removed_answers:
            self._removed_page = self._build_removed()
            self.stack.addWidget(self._removed_page)
            self.sections_list.addItem(QListWidgetItem())
        self.sections_list.currentRowChanged.connect(self._list_row_changed)

        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(
            "background: #fff3e0; border: 1px solid #ffb74d; padding: 6px; color: #4e342e;"
        )
        self.banner.hide()
        self.form_title = QLabel()
        font = self.form_title.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.form_title.setFont(font)
        self.form_title_dutch = secondary_label("")
        self.progress = QLabel()
        self.progress.setStyleSheet("color: #555;")
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

    # ---------------------------------------------------------------------------------------
    # Evaluation

    @property
    def evaluation(self) -> Evaluation:
        """The engine's latest verdict on the answers on screen."""
        return self._evaluation

    def _reevaluate(self) -> None:
        self._evaluation = evaluate(self.form, self._answers(), today=self._today)
        self._apply()

    def _apply(self) -> None:
        for key, row in self._rows.items():
            self._apply_row(key, row)
        ev = self._evaluation
        for repeat_id, block in self._blocks.items():
            state = ev.fields.get(repeat_id)
            f = block.field
            error = ""
            if state is not None and state.errors:
                if not state.missing or f.section_id in self._visited:
                    error = state.errors[0].get(self.ctx.officer_language)
            block.apply(state.visible if state else True, bool(state and state.required), error)
            block.set_can_add(f.max_items is None or len(self._instances[repeat_id]) < f.max_items)
        self._update_sections()
        self.evaluated.emit(ev)

    def _apply_row(self, key: Key, row: FieldRow) -> None:
        try:
            path = self._path(key)
        except ValueError:
            return
        state = self._evaluation.fields.get(path)
        lang = self.ctx.officer_language
        error = ""
        raw_error = self._raw_errors.get(key)
        if raw_error is not None:
            error = raw_error.get(lang)
        elif state is not None and state.errors:
            if not state.missing or key in self._touched or row.field.section_id in self._visited:
                error = state.errors[0].get(lang)
        if state is not None and state.calculated and row.editor is not None:
            row.editor.set_value(state.value)
        row.apply(state.visible if state else True, bool(state and state.required), error)

    def _section_visible(self, page: _Page) -> bool:
        return self._evaluation.sections.get(page.section.id, True)

    def _has_answers(self, section: Section) -> bool:
        return any(
            bool(self._instances.get(f.id)) if f.is_repeat else f.id in self._top
            for f in section.fields
        )

    def _update_sections(self) -> None:
        ev = self._evaluation
        missing: dict[str, int] = {}
        invalid: dict[str, int] = {}
        for issue in ev.missing:
            missing[issue.section_id] = missing.get(issue.section_id, 0) + 1
        for issue in ev.invalid:
            invalid[issue.section_id] = invalid.get(issue.section_id, 0) + 1
        for key, row in self._rows.items():
            if key in self._raw_errors and row.shown:
                section_id = row.field.section_id
                invalid[section_id] = invalid.get(section_id, 0) + 1
        for i, page in enumerate(self._pages):
            sid = page.section.id
            visible = ev.sections.get(sid, True)
            item = self.sections_list.item(i)
            title, _dutch = self.ctx.text(page.section.title, None)
            n_missing, n_invalid = missing.get(sid, 0), invalid.get(sid, 0)
            if not n_missing and not n_invalid:
                # A tick means "done", not "not started": only once something was answered.
                done = sid in self._visited or self._has_answers(page.section)
                text = f"✓  {title}" if done else f"     {title}"
            else:
                parts = []
                if n_missing:
                    parts.append(self.tr("%n missing", "", n_missing))
                if n_invalid:
                    parts.append(self.tr("%n to correct", "", n_invalid))
                text = f"{title}\n    {', '.join(parts)}"
            if self._section_texts.get(sid) != text:
                self._section_texts[sid] = text
                item.setText(text)
                item.setData(Qt.ItemDataRole.UserRole, sid)
            if item.isHidden() == visible:
                item.setHidden(not visible)
        if self._removed_page is not None:
            item = self.sections_list.item(len(self._pages))
            text = self.tr("Earlier answers")
            if item.text() != text:
                item.setText(text)
        current = self.stack.currentIndex()
        if 0 <= current < len(self._pages) and not self._section_visible(self._pages[current]):
            target = self._neighbour(current, 1)
            if target is None:
                target = self._neighbour(current, -1)
            if target is not None:
                self._show_page(target)
        self._update_nav()

    # ---------------------------------------------------------------------------------------
    # Editing and saving

    def _on_edited(self, key: Key) -> None:
        row = self._rows.get(key)
        if row is None or row.editor is None or self.ctx.read_only:
            return
        coerced = coerce_value(row.field, row.editor.raw(), today=self._today)
        if coerced.ok:
            self._set_value(key, coerced.value)
            self._raw_errors.pop(key, None)
        else:
            self._set_value(key, None)
            assert coerced.error is not None
            self._raw_errors[key] = coerced.error
        self._pending.add(key)
        self._reevaluate()
        self._timer.start()

    def _on_committed(self, key: Key) -> None:
        if key not in self._rows:
            return
        first_time = key not in self._touched
        self._touched.add(key)
        self._commit(key, tidy=True)
        if first_time:
            self._apply_row(key, self._rows[key])

    def _commit(self, key: Key, *, tidy: bool = False) -> None:
        if key not in self._pending:
            return
        self._pending.discard(key)
        row = self._rows.get(key)
        if self.ctx.read_only or row is None or row.editor is None:
            return
        coerced = coerce_value(row.field, row.editor.raw(), today=self._today)
        if not coerced.ok:
            return  # the text stays on screen with its message; nothing wrong is stored
        editor = row.editor
        if tidy and isinstance(editor, LineEditor) and coerced.value is not None:
            if editor.display(coerced.value) != editor.raw():
                editor.set_value(coerced.value)
        self._save(key, coerced.value)

    def _save(self, key: Key, value: Any) -> None:
        repeat_id, instance_id, field_id = key
        try:
            self.workspace.answers.save(
                self.inspection_id,
                self.form.id,
                self.form.version,
                field_id,
                value,
                resident_id=self.resident_id,
                instance_id=instance_id,
            )
        except ReadOnly as exc:
            self._become_read_only(str(exc))
            return
        except WorkspaceError as exc:
            self._show_banner(self.tr("Not saved: {0}").format(exc))
            return
        self.saved.emit()
        self.changed.emit(self._path(key))

    def show_stored(self, field_ids: list[str]) -> None:
        """Show top-level answers the app saved itself (e.g. prefilled), unless the officer is
        editing that field right now."""
        stored = self.workspace.answers.load(
            self.inspection_id, self.form.id, resident_id=self.resident_id
        ).values
        for field_id in field_ids:
            key: Key = ("", "", field_id)
            if key in self._pending or field_id not in stored:
                continue
            self._top[field_id] = stored[field_id]
            row = self._rows.get(key)
            if row is not None and row.editor is not None:
                row.editor.set_value(stored[field_id])
        self._reevaluate()

    def flush(self) -> None:
        """Commit whatever is being typed now (before locking, closing, leaving the form)."""
        self._timer.stop()
        for key in list(self._pending):
            self._commit(key)

    @property
    def has_pending(self) -> bool:
        return bool(self._pending)

    def _on_focused(self, key: Key) -> None:
        self._last_key = key

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """Enter moves to the next field (a long text keeps its Enter for new lines)."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        ):
            key = self._focused_key()
            if key is not None:
                self._on_committed(key)
                self.focusNextChild()
                event.accept()
                return
        super().keyPressEvent(event)

    def _focused_key(self) -> Key | None:
        widget = QApplication.focusWidget()
        while widget is not None and widget is not self:
            if isinstance(widget, FieldRow):
                return widget.key
            widget = widget.parentWidget()
        return None

    # ---------------------------------------------------------------------------------------
    # Repeats

    def instance_ids(self, repeat_id: str) -> list[str]:
        return list(self._instances[repeat_id])

    def add_repeat_instance(self, repeat_id: str) -> str | None:
        """A new instance at the end (stored at once); its id, or None when not possible."""
        if self.ctx.read_only:
            return None
        self.flush()
        try:
            instance_id = self.workspace.answers.add_repeat(
                self.inspection_id, self.form.id, self.form.version, repeat_id,
                resident_id=self.resident_id,
            )  # fmt: skip
        except ReadOnly as exc:
            self._become_read_only(str(exc))
            return None
        except WorkspaceError as exc:
            self._show_banner(self.tr("Not saved: {0}").format(exc))
            return None
        self._instances[repeat_id].append(instance_id)
        self._items[instance_id] = {}
        self._repeat_changed(repeat_id)
        block = self._blocks.get(repeat_id)
        if block is not None:
            widgets = block.boxes[instance_id].focus_widgets()
            if widgets:
                widgets[0].setFocus(Qt.FocusReason.OtherFocusReason)
        self.saved.emit()
        self.changed.emit(repeat_id)
        return instance_id

    def remove_repeat_instance(self, instance_id: str, *, confirm: bool = True) -> bool:
        """Remove an instance and its answers, after asking the officer."""
        if self.ctx.read_only:
            return False
        repeat_id = next((r for r, ids in self._instances.items() if instance_id in ids), None)
        if repeat_id is None:
            return False
        repeat = self.form.repeat(repeat_id)
        n = self._instances[repeat_id].index(instance_id) + 1
        title = repeat.item_title(n, self.ctx.languages(repeat)[0])
        if confirm and not prompts.confirm(
            self,
            self.tr("Remove"),
            self.tr("Remove “{0}” with all its answers?").format(title),
        ):
            return False
        for key in [k for k in self._pending if k[1] == instance_id]:
            self._pending.discard(key)
        self.flush()
        try:
            self.workspace.answers.remove_repeat(instance_id)
        except ReadOnly as exc:
            self._become_read_only(str(exc))
            return False
        except WorkspaceError as exc:
            self._show_banner(self.tr("Not saved: {0}").format(exc))
            return False
        self._instances[repeat_id].remove(instance_id)
        self._items.pop(instance_id, None)
        for key in [k for k in self._rows if k[1] == instance_id]:
            del self._rows[key]
        for store in (self._touched, self._pending):
            store.difference_update({k for k in store if k[1] == instance_id})
        for key in [k for k in self._raw_errors if k[1] == instance_id]:
            del self._raw_errors[key]
        if self._last_key is not None and self._last_key[1] == instance_id:
            self._last_key = None
        self._repeat_changed(repeat_id)
        self.saved.emit()
        self.changed.emit(repeat_id)
        return True

    def move_repeat_instance(self, instance_id: str, delta: int) -> None:
        """Move an instance up (-1) or down (+1); its id and answers go with it."""
        if self.ctx.read_only:
            return
        repeat_id = next((r for r, ids in self._instances.items() if instance_id in ids), None)
        if repeat_id is None:
            return
        ids = self._instances[repeat_id]
        old = ids.index(instance_id)
        new = max(0, min(old + delta, len(ids) - 1))
        if new == old:
            return
        self.flush()
        try:
            self.workspace.answers.move_repeat(instance_id, new)
        except ReadOnly as exc:
            self._become_read_only(str(exc))
            return
        except WorkspaceError as exc:
            self._show_banner(self.tr("Not saved: {0}").format(exc))
            return
        ids.insert(new, ids.pop(old))
        self._repeat_changed(repeat_id)
        block = self._blocks.get(repeat_id)
        if block is not None:
            box = block.boxes[instance_id]
            button = box.up if delta < 0 and box.up.isEnabled() else box.down
            if not button.isEnabled():
                button = box.up
            button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.saved.emit()
        self.changed.emit(repeat_id)

    def _repeat_changed(self, repeat_id: str) -> None:
        block = self._blocks.get(repeat_id)
        if block is not None:
            block.set_order(self._instances[repeat_id])
            section_id = self.form.field(repeat_id).section_id
            for page in self._pages:
                if page.section.id == section_id and page.built:
                    self._fix_tab_order(page)
        self._reevaluate()

    # ---------------------------------------------------------------------------------------
    # Sections and positions

    @property
    def current_section(self) -> str | None:
        index = self.stack.currentIndex()
        return self._pages[index].section.id if 0 <= index < len(self._pages) else None

    def _neighbour(self, index: int, step: int) -> int | None:
        i = index + step
        while 0 <= i < len(self._pages):
            if self._section_visible(self._pages[i]):
                return i
            i += step
        if step > 0 and self._removed_page is not None and index < len(self._pages):
            return len(self._pages)
        return None

    def next_section(self) -> None:
        target = self._neighbour(self.stack.currentIndex(), 1)
        if target is not None:
            self._show_page(target)

    def previous_section(self) -> None:
        index = self.stack.currentIndex()
        target = self._neighbour(len(self._pages), -1) if index >= len(self._pages) else (
            self._neighbour(index, -1)
        )  # fmt: skip
        if target is not None:
            self._show_page(target)

    def go_to_section(self, section_id: str) -> bool:
        for i, page in enumerate(self._pages):
            if page.section.id == section_id:
                self._show_page(i)
                return True
        return False

    def _list_row_changed(self, row: int) -> None:
        if row >= 0 and row != self.stack.currentIndex():
            self._show_page(row)

    def _show_page(self, index: int) -> None:
        previous = self.stack.currentIndex()
        if index == previous and (index >= len(self._pages) or self._pages[index].built):
            return
        self.flush()
        if 0 <= previous < len(self._pages) and previous != index and self._pages[previous].built:
            # Leaving a section: from now on its missing answers are pointed out.
            newly = self._pages[previous].section.id not in self._visited
            self._visited.add(self._pages[previous].section.id)
            if newly:
                self._apply()
        if index < len(self._pages):
            self._build_page(index)
            self._apply_page(index)
        self.stack.setCurrentIndex(index)
        self.sections_list.blockSignals(True)
        self.sections_list.setCurrentRow(index)
        self.sections_list.blockSignals(False)
        self._update_nav()

    def _apply_page(self, index: int) -> None:
        section_id = self._pages[index].section.id
        for key, row in self._rows.items():
            if row.field.section_id == section_id:
                self._apply_row(key, row)

    def _update_nav(self) -> None:
        index = self.stack.currentIndex()
        visible = [i for i, p in enumerate(self._pages) if self._section_visible(p)]
        if index in visible:
            self.progress.setText(
                self.tr("Section {0} of {1}").format(visible.index(index) + 1, len(visible))
            )
        else:
            self.progress.setText("")
        self.previous_button.setEnabled(self._neighbour(index, -1) is not None
                                        or index >= len(self._pages))  # fmt: skip
        self.next_button.setEnabled(index < len(self._pages)
                                    and self._neighbour(index, 1) is not None)  # fmt: skip

    def current_position(self) -> dict[str, Any]:
        """Where the officer is: {'section': id, 'field': path or None} (ids only)."""
        field: str | None = None
        if self._last_key is not None and self._last_key in self._rows:
            try:
                field = self._path(self._last_key)
            except ValueError:
                field = None
        return {"section": self.current_section, "field": field}

    def restore(self, position: dict[str, Any]) -> None:
        """Return to a place `current_position` gave; unknown places are ignored."""
        field = position.get("field")
        if isinstance(field, str) and self.focus_field(field):
            return
        section = position.get("section")
        if isinstance(section, str):
            self.go_to_section(section)

    def focus_field(self, path: str) -> bool:
        """Show the field's section and put the cursor in it ('bedrooms[1].area_m2')."""
        try:
            key = self._key(path)
            f = self._field(key)
        except (KeyError, IndexError, ValueError):
            return False
        if not self.go_to_section(f.section_id):
            return False
        self._visited.add(f.section_id)
        self._touched.add(key)
        self._apply()
        row = self._rows.get(key)
        if row is None or not row.shown:
            return False
        page = self._pages[self.stack.currentIndex()]
        page.scroll.ensureWidgetVisible(row)
        widgets = [w for w in row.focus_widgets() if w.isEnabled() and w.isVisibleTo(row)]
        if widgets:
            widgets[0].setFocus(Qt.FocusReason.OtherFocusReason)
        self._last_key = key
        return True

    def field_editor(self, path: str) -> FieldEditor | None:
        """The input widget of a field path, building its page if needed (tests, checklist)."""
        try:
            key = self._key(path)
            f = self._field(key)
        except (KeyError, IndexError, ValueError):
            return None
        for i, page in enumerate(self._pages):
            if page.section.id == f.section_id:
                self._build_page(i)
                self._apply_page(i)
        row = self._rows.get(key)
        return row.editor if row is not None else None

    def field_row(self, path: str) -> FieldRow | None:
        if self.field_editor(path) is None and not path:
            return None
        try:
            return self._rows.get(self._key(path))
        except (KeyError, IndexError, ValueError):
            return None

    # ---------------------------------------------------------------------------------------
    # Language and read-only

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

    def _become_read_only(self, reason: str) -> None:
        self._timer.stop()
        self._pending.clear()
        self.ctx.read_only = True
        for row in self._rows.values():
            if row.editor is not None:
                row.editor.set_read_only(True)
        for block in self._blocks.values():
            block.relabel()
        self._show_banner(self.tr("Not saved: {0}").format(reason))

    def _show_banner(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.show()
