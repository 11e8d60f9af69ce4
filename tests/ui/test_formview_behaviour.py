"""FormView behaviour: live show_if, messages, repeats, two languages, autosave, read-only."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit

from inspector.forms import FORMS_DIR, FormDefinition, load_form, load_forms
from inspector.ui.formview import FormView, attachments, prompts
from inspector.ui.formview.editors import LineEditor

pytestmark = [
    pytest.mark.qt_log_level_fail("WARNING"),
    # The offscreen platform says this on every show(); it is about the test platform only.
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]
TODAY = dt.date(2025, 6, 2)


@lru_cache(maxsize=1)
def _forms() -> dict[str, FormDefinition]:
    return load_forms(FORMS_DIR)


@pytest.fixture(autouse=True)
def no_camera(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(attachments, "has_camera", lambda: False)


def make_view(qtbot: Any, ws: Any, form_id: str, inspection_id: str | None = None,
              **kwargs: Any) -> FormView:  # fmt: skip
    form = _forms()[form_id]
    if inspection_id is None:
        inspection_id = ws.inspections.create(
            address="Voorbeeldstraat 1", postcode="2801 AA", city="Gouda"
        ).id
    resident_id = kwargs.pop("resident_id", None)
    if form.audience == "resident" and resident_id is None:
        resident_id = ws.residents.add(inspection_id, "Тестовий Петро", "uk").id
    view = FormView(ws, inspection_id, form, resident_id=resident_id, today=TODAY, **kwargs)
    # The workspace closes before qtbot closes widgets: no autosave may fire in between.
    qtbot.addWidget(view, before_close_func=lambda w: w._timer.stop())
    view.resize(1100, 800)
    return view


def activate(qtbot: Any, view: FormView) -> None:
    view.show()
    view.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is view)


def stored(view: FormView) -> dict[str, Any]:
    return view.workspace.answers.load(
        view.inspection_id, view.form.id, resident_id=view.resident_id
    ).values


def line(view: FormView, path: str) -> QLineEdit:
    editor = view.field_editor(path)
    assert isinstance(editor, LineEditor), path
    return editor.line


def type_text(widget: QLineEdit, text: str) -> None:
    """Key events with text: safe for Cyrillic, unlike qtbot.keyClicks in this PySide6."""
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch)
            QApplication.sendEvent(widget, event)


def test_show_if_hides_and_shows_fields_live(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    view = make_view(qtbot, workspace, "verblijfslocatie")
    view.show()
    source = view.field_row("floor_area_source")
    assert source is not None and not source.isVisible()
    line(view, "floor_area_m2").setText("40")
    assert source.isVisible()
    line(view, "floor_area_m2").setText("")
    assert not source.isVisible()
    view.go_to_section("fire_safety")
    litres = view.field_row("extinguisher_litres")
    # Unanswered, the condition is unknown: the engine shows the field.
    assert litres is not None and litres.isVisible()
    view.field_editor("extinguisher_present").choose("no")  # type: ignore[union-attr]
    assert not litres.isVisible()
    view.field_editor("extinguisher_present").choose("yes")  # type: ignore[union-attr]
    assert litres.isVisible()
    view.field_editor("extinguisher_present").choose("no")  # type: ignore[union-attr]
    assert not litres.isVisible()


SECTION_FORM = """
id: sectietest
version: 1
audience: officer
title: {nl: "Sectietest", en: "Section test"}
sections:
  - id: first
    title: {nl: "Eerste", en: "First"}
    fields:
      - id: has_garden
        type: yes_no
        label: {nl: "Is er een tuin?", en: "Is there a garden?"}
  - id: garden
    title: {nl: "Tuin", en: "Garden"}
    show_if: "has_garden = 'yes'"
    fields:
      - id: garden_state
        type: text
        label: {nl: "Staat van de tuin", en: "State of the garden"}
  - id: last
    title: {nl: "Laatste", en: "Last"}
    fields:
      - id: remarks
        type: long_text
        label: {nl: "Opmerkingen", en: "Remarks"}
"""


def test_hidden_section_disappears_from_the_list(qtbot, workspace, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "sectietest.yaml"
    path.write_text(SECTION_FORM, encoding="utf-8")
    form = load_form(path)
    inspection = workspace.inspections.create(address="Voorbeeldstraat 3", postcode="2801 AC",
                                             city="Gouda")  # fmt: skip
    view = FormView(workspace, inspection.id, form, today=TODAY)
    qtbot.addWidget(view, before_close_func=lambda w: w._timer.stop())
    garden = view.sections_list.item(1)
    view.field_editor("has_garden").choose("no")  # type: ignore[union-attr]
    assert garden.isHidden()
    view.next_section()
    assert view.current_section == "last"
    view.field_editor("has_garden").choose("yes")  # type: ignore[union-attr]
    assert not garden.isHidden()
    view.previous_section()
    assert view.current_section == "garden"
    # Hiding the section the officer is on moves them on.
    view.field_editor("has_garden").choose("no")  # type: ignore[union-attr]
    assert view.current_section == "last"


def test_required_message_appears_after_leaving_the_field(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    view = make_view(qtbot, workspace, "verblijfslocatie")
    view.show()
    row = view.field_row("persons_present")
    assert row is not None and not row.error.isVisible()
    assert row.header is not None and row.header.label.text().endswith("*")
    persons = line(view, "persons_present")
    persons.setText("3")
    persons.setText("")
    persons.editingFinished.emit()
    assert row.error.isVisible() and row.error.text() == "Dit veld is verplicht."
    # The section list counts what is missing.
    assert "1 missing" in view.sections_list.item(0).text()
    persons.setText("3")
    assert not row.error.isVisible()
    assert view.sections_list.item(0).text().startswith("✓")


def test_constraint_message_across_fields(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    view = make_view(qtbot, workspace, "verblijfslocatie")
    line(view, "rooms").setText("2")
    line(view, "bedroom_count").setText("3")
    row = view.field_row("bedroom_count")
    assert row is not None and row.error.text() == "Er zijn meer slaapkamers dan kamers ingevuld."
    line(view, "rooms").setText("4")
    assert row.error.text() == ""


def test_repeats_add_move_remove_keep_values(qtbot, workspace, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    view = make_view(qtbot, workspace, "verblijfslocatie")
    view.go_to_section("bedrooms_page")
    ids = [view.add_repeat_instance("bedrooms") for _ in range(3)]
    assert all(ids) and view.instance_ids("bedrooms") == ids
    for i, area in enumerate(("9,5", "12", "7,25")):
        line(view, f"bedrooms[{i}].area_m2").setText(area)
        line(view, f"bedrooms[{i}].persons").setText(str(i + 1))
    view.flush()
    block = view._blocks["bedrooms"]
    assert [block.boxes[i].title() for i in ids] == ["Slaapkamer 1", "Slaapkamer 2", "Slaapkamer 3"]
    total = view.field_editor("persons_in_bedrooms")
    assert total is not None and total.value_label.text() == "6"  # type: ignore[attr-defined]

    view.move_repeat_instance(ids[2], -1)
    assert view.instance_ids("bedrooms") == [ids[0], ids[2], ids[1]]
    assert block.boxes[ids[2]].title() == "Slaapkamer 2"
    assert line(view, "bedrooms[1].area_m2").text() == "7,25"
    values = stored(view)["bedrooms"]
    assert [b["area_m2"] for b in values] == [9.5, 7.25, 12.0]

    asked: list[str] = []
    monkeypatch.setattr(prompts, "confirm", lambda _p, _t, text: asked.append(text) or False)
    assert not view.remove_repeat_instance(ids[0])
    assert len(stored(view)["bedrooms"]) == 3 and "Slaapkamer 1" in asked[0]
    monkeypatch.setattr(prompts, "confirm", lambda *a: True)
    block.boxes[ids[0]].remove.click()
    assert view.instance_ids("bedrooms") == [ids[2], ids[1]]
    assert [b["area_m2"] for b in stored(view)["bedrooms"]] == [7.25, 12.0]
    assert workspace.answers.load(view.inspection_id, "verblijfslocatie").instances["bedrooms"] == [
        ids[2],
        ids[1],
    ]
    assert block.boxes[ids[2]].title() == "Slaapkamer 1"
    assert total.value_label.text() == "5"  # type: ignore[attr-defined]

    # Reopening shows the same instances with their values.
    again = make_view(qtbot, workspace, "verblijfslocatie", inspection_id=view.inspection_id)
    assert line(again, "bedrooms[0].area_m2").text() == "7,25"
    assert line(again, "bedrooms[1].persons").text() == "2"


def test_ukrainian_beside_dutch_and_switching_language(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    view = make_view(qtbot, workspace, "betrokkene", language="uk", show_dutch_beside=True)
    view.show()
    row = view.field_row("surname")
    assert row is not None and row.header is not None
    assert row.header.label.text().startswith("Прізвище")
    assert row.header.dutch.text() == "Achternaam" and row.header.dutch.isVisibleTo(row)
    sex = view.field_editor("sex")
    assert sex is not None
    assert sex.buttons["female"].text() == "Жіноча"  # type: ignore[attr-defined]
    assert sex.dutch["female"].text() == "Vrouw"  # type: ignore[attr-defined]
    # Officer-only questions: Dutch only, with the marker.
    signal = view.field_row("nla_dangerous_work") or view.field_row("resident_remarks")
    assert signal is not None and signal.header is not None
    assert signal.header.marker is not None and signal.header.marker.text() == "officer only"
    assert not signal.header.dutch.isVisibleTo(signal)
    assert all(ord(c) < 0x400 for c in signal.header.label.text())

    surname = line(view, "surname")
    surname.setFocus()
    type_text(surname, "Тестовий")
    assert surname.text() == "Тестовий"
    view.set_language("pl")
    assert row.header.label.text().startswith("Nazwisko")
    assert surname.text() == "Тестовий"
    view.flush()
    assert stored(view)["surname"] == "Тестовий"
    view.set_language("nl", show_dutch_beside=True)
    assert row.header.label.text().startswith("Achternaam") and not row.header.dutch.isVisibleTo(
        row
    )


def test_autosave_on_focus_out_and_on_the_timer(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    view = make_view(qtbot, workspace, "verblijfslocatie")
    view.show()
    qtbot.waitExposed(view)
    area = line(view, "floor_area_m2")
    rooms = line(view, "rooms")
    area.setFocus()
    area.setText("55")
    with qtbot.waitSignal(view.saved, timeout=2000):
        rooms.setFocus()
        QApplication.sendEvent(area, _focus_out())
    assert stored(view)["floor_area_m2"] == 55.0
    # While typing, the short timer saves without leaving the field.
    with qtbot.waitSignal(view.changed, timeout=3000) as blocker:
        rooms.setText("4")
    assert blocker.args == ["rooms"]
    assert stored(view)["rooms"] == 4


def _focus_out() -> QEvent:
    from PySide6.QtGui import QFocusEvent

    return QFocusEvent(QEvent.Type.FocusOut, Qt.FocusReason.TabFocusReason)


def test_flush_commits_pending_edit_at_once(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    view = make_view(qtbot, workspace, "verblijfslocatie")
    line(view, "toilets").setText("2")
    assert view.has_pending and "toilets" not in stored(view)
    with qtbot.waitSignal(view.saved):
        view.flush()
    assert not view.has_pending and stored(view)["toilets"] == 2


def test_enter_saves_and_moves_to_the_next_field(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    view = make_view(qtbot, workspace, "verblijfslocatie")
    activate(qtbot, view)
    rooms = line(view, "rooms")
    rooms.setFocus()
    rooms.setText("5")
    qtbot.keyClick(rooms, Qt.Key.Key_Return)
    assert stored(view)["rooms"] == 5
    assert QApplication.focusWidget() is line(view, "bedroom_count")


def test_sections_next_previous_and_shortcuts(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    view = make_view(qtbot, workspace, "verblijfslocatie")
    activate(qtbot, view)
    assert view.current_section == "dwelling"
    view.next_button.click()
    assert view.current_section == "bedrooms_page"
    view.previous_button.click()
    assert view.current_section == "dwelling"
    line(view, "rooms").setFocus()
    qtbot.keyClick(line(view, "rooms"), Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert view.current_section == "bedrooms_page"
    qtbot.keyClick(view.next_button, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert view.current_section == "dwelling"


def test_position_restore_and_focus_field(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    view = make_view(qtbot, workspace, "verblijfslocatie")
    activate(qtbot, view)
    view.add_repeat_instance("bedrooms")
    view.add_repeat_instance("bedrooms")
    assert view.focus_field("bedrooms[1].area_m2")
    assert view.current_section == "bedrooms_page"
    assert QApplication.focusWidget() is line(view, "bedrooms[1].area_m2")
    position = view.current_position()
    assert position == {"section": "bedrooms_page", "field": "bedrooms[1].area_m2"}
    view.go_to_section("management")
    view.restore(position)
    assert view.current_section == "bedrooms_page"
    assert not view.focus_field("no_such_field") and not view.focus_field("bedrooms[9].beds")
    # A field the checklist points at shows its 'required' message right away.
    assert view.focus_field("persons_present")
    row = view.field_row("persons_present")
    assert row is not None and row.error.text() == "Dit veld is verplicht."


def test_evaluated_signal_and_property(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    view = make_view(qtbot, workspace, "verblijfslocatie")
    with qtbot.waitSignal(view.evaluated) as blocker:
        line(view, "persons_present").setText("4")
    assert blocker.args[0] is view.evaluation
    assert view.evaluation.value("persons_present") == 4


def test_read_only_disables_everything_and_saves_nothing(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    view = make_view(qtbot, workspace, "verblijfslocatie")
    line(view, "rooms").setText("3")
    view.flush()
    workspace.inspections.finalize(view.inspection_id)
    ro = make_view(qtbot, workspace, "verblijfslocatie", inspection_id=view.inspection_id,
                   read_only=True)  # fmt: skip
    ro.show()
    assert ro.banner.isVisible()
    for section in ro.form.sections:
        ro.go_to_section(section.id)
    for row in ro._rows.values():
        if row.editor is not None and row.field.calculate is None:
            for widget in row.focus_widgets():
                assert not widget.isEnabled() or not widget.isVisibleTo(row), row.field.id
    assert not ro._blocks["bedrooms"].add_button.isVisible()
    assert ro.add_repeat_instance("bedrooms") is None
    assert line(ro, "rooms").text() == "3"
    # An inspection finalized under an open form: the next save is refused and the form locks.
    view.field_editor("toilets").line.setText("1")  # type: ignore[union-attr]
    view.flush()
    assert view.read_only and "afgerond" in view.banner.text()  # the core refusal, in Dutch
    assert "toilets" not in stored(view)


def test_answers_of_removed_fields_are_shown_not_dropped(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    inspection = workspace.inspections.create(address="Voorbeeldstraat 2", postcode="2801 AB",
                                             city="Gouda")  # fmt: skip
    workspace.answers.save(inspection.id, "verblijfslocatie", 1, "old_question", "oud antwoord")
    workspace.answers.save(inspection.id, "verblijfslocatie", 1, "rooms", 3)
    view = make_view(qtbot, workspace, "verblijfslocatie", inspection_id=inspection.id)
    assert view.removed_answers == {"old_question": "oud antwoord"}
    last = view.sections_list.count() - 1
    view.sections_list.setCurrentRow(last)
    box = view._removed_page.widget().findChild(object, "removed_answers")  # type: ignore[union-attr]
    assert box is not None
    texts = [w.text() for w in box.findChildren(type(view.progress))]
    assert "old_question: oud antwoord" in texts
    assert line(view, "rooms").text() == "3"
