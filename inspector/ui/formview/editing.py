"""The form view's editing: every answer saved when the officer leaves the field (or pauses
typing), as the engine's typed value; repeats added, removed and moved; a store that refuses
(finalized meanwhile) turns the view read-only with a banner."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from inspector.core.workspace import ReadOnly, WorkspaceError
from inspector.error_kinds import message_for
from inspector.forms import coerce_value
from inspector.ui.formview import prompts
from inspector.ui.formview.base import FormBase
from inspector.ui.formview.editors import LineEditor
from inspector.ui.formview.rows import FieldRow, Key


class FormEditing(FormBase):
    """Autosave and repeats of the form view."""

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
            self._become_read_only(message_for(exc, self.ctx.officer_language))
            return
        except WorkspaceError as exc:
            self._show_banner(
                self.tr("Not saved: {0}").format(message_for(exc, self.ctx.officer_language))
            )
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
            self._become_read_only(message_for(exc, self.ctx.officer_language))
            return None
        except WorkspaceError as exc:
            self._show_banner(
                self.tr("Not saved: {0}").format(message_for(exc, self.ctx.officer_language))
            )
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
            self._become_read_only(message_for(exc, self.ctx.officer_language))
            return False
        except WorkspaceError as exc:
            self._show_banner(
                self.tr("Not saved: {0}").format(message_for(exc, self.ctx.officer_language))
            )
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
            self._become_read_only(message_for(exc, self.ctx.officer_language))
            return
        except WorkspaceError as exc:
            self._show_banner(
                self.tr("Not saved: {0}").format(message_for(exc, self.ctx.officer_language))
            )
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
