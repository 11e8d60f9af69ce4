"""The form view's evaluation and sections: what the engine says about the answers on screen
(visible, required, missing, wrong), the sections list with its counts, moving between
sections, and the officer's position (to come back to it)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from inspector.forms import Evaluation, Section, evaluate
from inspector.ui.formview.base import FormBase, _Page
from inspector.ui.formview.editors import FieldEditor
from inspector.ui.formview.rows import FieldRow, Key


class FormSections(FormBase):
    """Evaluation, sections and positions of the form view."""

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
