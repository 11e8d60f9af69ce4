"""FormView: every form file builds, and each field type stores the typed value it should."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QImage

from inspector import localtime
from inspector.forms import FORMS_DIR, FormDefinition, load_forms
from inspector.ui.formview import FormView, attachments, prompts
from inspector.ui.formview.editors import (
    CheckboxEditor,
    LineEditor,
    LongTextEditor,
    NameEditor,
    NationalityEditor,
    RadioEditor,
    YesNoEditor,
)

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
    # Probing QtMultimedia prints backend warnings on a machine without camera libraries.
    monkeypatch.setattr(attachments, "has_camera", lambda: False)


def make_view(qtbot: Any, ws: Any, form_id: str, **kwargs: Any) -> FormView:
    form = _forms()[form_id]
    inspection = ws.inspections.create(address="Voorbeeldstraat 1", postcode="2801 AA",
                                      city="Gouda")  # fmt: skip
    resident_id = None
    if form.audience == "resident":
        resident_id = ws.residents.add(inspection.id, "Тестовий Петро", "uk").id
    view = FormView(ws, inspection.id, form, resident_id=resident_id, today=TODAY, **kwargs)
    # The workspace closes before qtbot closes widgets: no autosave may fire in between.
    qtbot.addWidget(view, before_close_func=lambda w: w._timer.stop())
    view.resize(1100, 800)
    return view


def stored(view: FormView) -> dict[str, Any]:
    return view.workspace.answers.load(
        view.inspection_id, view.form.id, resident_id=view.resident_id
    ).values


@pytest.mark.parametrize("form_id", sorted(_forms()))
def test_every_form_builds_every_section(qtbot, workspace, form_id: str) -> None:  # type: ignore[no-untyped-def]
    view = make_view(qtbot, workspace, form_id, language="uk", show_dutch_beside=True)
    view.show()
    form = view.form
    for repeat in (f for f in form.top_fields() if f.is_repeat):
        assert view.add_repeat_instance(repeat.id)
    for section in form.sections:
        assert view.go_to_section(section.id)
        assert view.current_section == section.id
        for f in section.fields:
            if not f.is_repeat:
                assert view.field_row(f.id) is not None, f.id
            else:
                for sub in f.fields:
                    assert view.field_row(f"{f.id}[0].{sub.id}") is not None
    assert view.evaluation.form is form


def test_text_numbers_and_choices_are_stored_typed(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    view = make_view(qtbot, workspace, "verblijfslocatie")
    area = view.field_editor("floor_area_m2")
    assert isinstance(area, LineEditor) and area.unit is not None
    assert area.unit.text() == "m²"
    area.line.setText("62,5")
    persons = view.field_editor("persons_present")
    assert isinstance(persons, LineEditor)
    persons.line.setText("7")
    with qtbot.waitSignal(view.saved):
        view.flush()
    source = view.field_editor("floor_area_source")
    assert isinstance(source, RadioEditor)
    source.choose("measured")
    household = view.field_editor("single_household")
    assert isinstance(household, YesNoEditor)
    household.choose("no")
    view.field_editor("smoke_detectors_present").choose("yes")  # type: ignore[union-attr]
    places = view.field_editor("smoke_detector_locations")
    assert isinstance(places, CheckboxEditor)
    places.buttons["landing"].click()
    places.buttons["hallway"].click()
    notes = view.field_editor("hygiene_notes")
    assert isinstance(notes, LongTextEditor)
    notes.edit.setPlainText("Schimmel in de badkamer.\nAfvoer lekt.")
    view.flush()
    values = stored(view)
    assert values["floor_area_m2"] == 62.5 and isinstance(values["floor_area_m2"], float)
    assert values["persons_present"] == 7 and isinstance(values["persons_present"], int)
    assert values["floor_area_source"] == "measured"
    assert values["single_household"] == "no"
    assert values["smoke_detector_locations"] == ["hallway", "landing"]
    assert values["hygiene_notes"] == "Schimmel in de badkamer.\nAfvoer lekt."
    # The calculated field shows the engine's value, read-only.
    calc = view.field_editor("m2_per_person")
    assert calc is not None and calc.value_label.text() == "8,9 m²"  # type: ignore[attr-defined]
    # Clearing a yes/no by pressing the chosen button again removes the answer.
    household.buttons[1].click()
    assert "single_household" not in stored(view)


def test_resident_types_are_stored_typed(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    view = make_view(qtbot, workspace, "inschrijving")
    view.field_editor("birth_date").line.setText("1-2-1990")  # type: ignore[union-attr]
    country = view.field_editor("birth_country")
    assert isinstance(country, NameEditor)
    country.choose("PL")
    assert "Polen" in country.combo.currentText()
    nationality = view.field_editor("nationalities")
    assert isinstance(nationality, NationalityEditor)
    nationality.add("UA")
    nationality.add("PL")
    nationality.remove("UA")
    view.field_editor("preferred_language").choose("uk")  # type: ignore[union-attr]
    view.field_editor("bsn").line.setText("1112.22.333")  # type: ignore[union-attr]
    view.field_editor("postcode").line.setText("2801aa")  # type: ignore[union-attr]
    view.field_editor("contact_consent").choose("yes")  # type: ignore[union-attr]
    view.field_editor("phone").line.setText("06 12 34 56 78")  # type: ignore[union-attr]
    view.field_editor("email").line.setText("test@example.org")  # type: ignore[union-attr]
    view.flush()
    values = stored(view)
    assert values["birth_date"] == dt.date(1990, 2, 1)
    assert values["birth_country"] == "PL"
    assert values["nationalities"] == ["PL"]
    assert values["preferred_language"] == "uk"
    assert values["bsn"] == "111222333"
    assert values["postcode"] == "2801 AA"
    assert values["phone"] == "0612345678"
    assert values["email"] == "test@example.org"


def test_datetime_is_stored_aware(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    view = make_view(qtbot, workspace, "controlelocatie")
    start = view.field_editor("control_start")
    assert isinstance(start, LineEditor)
    assert start.line.placeholderText() == "dd-mm-jjjj uu:mm"
    start.line.setText("01-03-2025 10:30")
    view.flush()
    value = stored(view)["control_start"]
    assert isinstance(value, dt.datetime) and value.utcoffset() == dt.timedelta(0)
    # Typed in the municipality's time (Amsterdam, UTC+1 in March), whatever the laptop's zone.
    assert value == dt.datetime(2025, 3, 1, 9, 30, tzinfo=dt.UTC)
    assert localtime.local(value).replace(tzinfo=None) == dt.datetime(2025, 3, 1, 10, 30)
    assert start.line.text() == "01-03-2025 10:30"


def test_invalid_text_stays_with_its_message_and_is_not_stored(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    view = make_view(qtbot, workspace, "verblijfslocatie")
    persons = view.field_editor("persons_present")
    assert isinstance(persons, LineEditor)
    persons.line.setText("6")
    view.flush()
    persons.line.setText("zes")
    view.flush()
    row = view.field_row("persons_present")
    assert row is not None
    assert row.error.isVisibleTo(view) and row.error.text() == "Vul een heel getal in."
    assert persons.line.text() == "zes"
    assert stored(view)["persons_present"] == 6
    persons.line.setText("600000")
    view.flush()
    assert "hoogstens 1000" in row.error.text()
    assert stored(view)["persons_present"] == 6


def test_photo_is_attached_encrypted_with_caption(qtbot, workspace, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    picture = tmp_path / "keuken.png"
    image = QImage(64, 48, QImage.Format.Format_RGB32)
    image.fill(0x336699)
    assert image.save(str(picture))
    monkeypatch.setattr(prompts, "choose_file", lambda *a: str(picture))
    monkeypatch.setattr(prompts, "confirm", lambda *a: True)
    view = make_view(qtbot, workspace, "verblijfslocatie")
    editor = view.field_editor("kitchen_photo")
    assert editor is not None
    with qtbot.waitSignal(view.saved):
        editor.attach_button.click()  # type: ignore[attr-defined]
    attachment_id = stored(view)["kitchen_photo"]
    assert not editor.thumb.pixmap().isNull()  # type: ignore[attr-defined]
    editor.caption.setText("Kookplaat met vier pitten")  # type: ignore[attr-defined]
    editor.caption.editingFinished.emit()  # type: ignore[attr-defined]
    meta = workspace.attachments.list_for(view.inspection_id)
    assert [(m["id"], m["kind"], m["field_ref"], m["caption"]) for m in meta] == [
        (attachment_id, "photo", "verblijfslocatie/kitchen_photo", "Kookplaat met vier pitten")
    ]
    assert workspace.attachments.content(attachment_id)[0] == picture.read_bytes()
    # Inside a repeat the attachment remembers its instance.
    instance = view.add_repeat_instance("bedrooms")
    assert instance is not None
    view.field_editor("bedrooms[0].photo").attach_button.click()  # type: ignore[union-attr]
    assert any(
        m["instance_id"] == instance for m in workspace.attachments.list_for(view.inspection_id)
    )
    editor.remove_button.click()  # type: ignore[attr-defined]
    assert "kitchen_photo" not in stored(view)
    assert attachment_id not in {
        m["id"] for m in workspace.attachments.list_for(view.inspection_id)
    }


def test_signature_is_a_placeholder_that_stores_nothing(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    view = make_view(qtbot, workspace, "inschrijving")
    editor = view.field_editor("signature")
    assert editor is not None and not editor.button.isEnabled()  # type: ignore[attr-defined]
    assert editor.raw() is None
