"""The officer's whole workflow in the window: new inspection, control location, location with
three bedrooms, two residents in Polish and Ukrainian, a photo, findings, finalize."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QImage

from inspector.core.workspace import ReadOnly
from inspector.ui import inspection_page as page_mod
from inspector.ui.dialogs import NewInspectionDialog
from inspector.ui.formview import attachments
from inspector.ui.main_window import MainWindow

from officer_walk import TODAY, answer_missing, set_field, type_text
from tests_support import letter_rendered

pytestmark = [pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")]


@pytest.fixture(autouse=True)
def no_camera(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(attachments, "has_camera", lambda: False)


def test_whole_inspection_as_an_officer(qtbot, workspace, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()

    dialog = NewInspectionDialog(workspace, window)
    dialog.address.setText("Voorbeeldstraat 12")
    dialog.postcode.setText("2801ab")
    dialog.city.setText("Gouda")
    dialog._create()
    assert dialog.created is not None
    window.open_inspection(dialog.created.id)
    page = window.inspection_page
    assert isinstance(page, page_mod.InspectionPage)

    # Finalizing an empty inspection is blocked, with the missing points listed.
    early = page_mod.review_mod.review(workspace, page.inspection_id)
    blocked = page_mod.FinalizeDialog(early, "nl", page)
    assert early.problems and not blocked.finalize_button.isEnabled()
    assert any("Begin van de controle" in p.text("nl") for p in early.problems)

    control = page.show_part("controlelocatie")
    answer_missing(control)

    location = page.show_part("verblijfslocatie")
    for name, value in (("floor_area_m2", "62"), ("persons_present", "7"), ("toilets", "1")):
        set_field(location, name, value)
    for area, persons in (("8", 3), ("12", 2), ("9,5", 2)):
        instance = location.add_repeat_instance("bedrooms")
        assert instance is not None
        index = location.instance_ids("bedrooms").index(instance)
        set_field(location, f"bedrooms[{index}].area_m2", area)
        set_field(location, f"bedrooms[{index}].persons", persons)
    answer_missing(location)
    values = workspace.answers.load(page.inspection_id, "verblijfslocatie").values
    assert [b["area_m2"] for b in values["bedrooms"]] == [8.0, 12.0, 9.5]

    residents = page.show_part("residents")
    residents.add_resident("Anna", "pl")
    surname = residents.view.field_editor("surname").line
    type_text(surname, "Wiśniewska-Łęcka")
    answer_missing(residents.view, {"arrival_date": TODAY, "birth_date": "3-4-1991"})
    residents.add_resident("Петро", "uk")
    assert residents.view.language == "uk"
    type_text(residents.view.field_editor("surname").line, "Тестовий")
    type_text(residents.view.field_editor("given_names").line, "Петро Іванович")
    answer_missing(
        residents.view, {"birth_date": "17-5-1988", "birth_country": "UA", "nationalities": ["UA"]}
    )
    page.flush()
    detail = workspace.inspections.get(page.inspection_id)
    surnames = {
        r.language: detail.resident_forms[r.id]["betrokkene"].values["surname"]
        for r in detail.residents
    }
    assert surnames == {"pl": "Wiśniewska-Łęcka", "uk": "Тестовий"}

    image = QImage(64, 48, QImage.Format.Format_RGB32)
    image.fill(QColor("#80a0c0"))
    photo = tmp_path / "keuken.png"
    image.save(str(photo))
    photos = page.show_part("photos")
    assert photos.add_file(str(photo), "Keuken met één fornuis") is not None
    assert photos.grid.count() == 1

    findings = page.show_part("findings")
    texts = [
        findings.tree.topLevelItem(0).child(i).text(0)
        for i in range(findings.tree.topLevelItem(0).childCount())
    ]
    assert "7 personen op 62 m²: 8,9 m² per persoon, norm 12 m²" in texts
    assert any(t.startswith("Slaapkamer 1: 3 personen op 8 m²") for t in texts)

    # Seven counted, two recorded, no end time: open points, finalized only with a reason.
    result = page_mod.review_mod.review(workspace, page.inspection_id)
    kinds = {p.kind for p in result.problems}
    assert {"persons", "end_time"} <= kinds
    said: list[str] = []
    monkeypatch.setattr(
        page_mod.QMessageBox, "warning", staticmethod(lambda _p, _t, text: said.append(text))
    )
    assert not page.finalize_now()  # without a reason: refused, said in plain words
    assert said and said[0].startswith("Not finalized:") and "still open" in said[0]
    assert page.finalize_now("Vijf bewoners waren niet thuis; vervolgbezoek is gepland.")
    final = window.inspection_page
    assert final.read_only and final.current_part() == "findings"
    assert workspace.inspections.get(final.inspection_id).summary.state == "finalized"
    view = final.show_part("verblijfslocatie")
    assert view.read_only
    with pytest.raises(ReadOnly):
        workspace.answers.save(final.inspection_id, "verblijfslocatie", 1, "toilets", 2)
    assert final.finalize_button.text() == "Reopen…"


def test_finalize_checklist_jumps_to_the_field(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    window.show()
    inspection = workspace.inspections.create(
        address="Voorbeeldstraat 1", postcode="2801 AB", city="Gouda"
    )
    window.open_inspection(inspection.id)
    page = window.inspection_page
    result = page_mod.review_mod.review(workspace, inspection.id)
    target = next(p for p in result.problems if p.form_id == "verblijfslocatie")
    page.jump_to(target)
    assert page.current_part() == "verblijfslocatie"
    view = page.current_form_view()
    assert view.current_position()["field"] == target.path


def test_register_in_brp_opens_the_wizard_for_that_resident(qtbot, workspace, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    window.show()
    inspection = workspace.inspections.create(
        address="Voorbeeldstraat 1", postcode="2801 AB", city="Gouda"
    )
    resident = workspace.residents.add(inspection.id, "Exemplu Ion", "ro")
    window.open_inspection(inspection.id)
    opened = []
    monkeypatch.setattr(page_mod.RegistrationDialog, "exec", lambda self: opened.append(self) or 0)
    residents = window.inspection_page.show_part("residents")
    residents.register_button.click()
    assert len(opened) == 1
    wizard = opened[0].wizard
    assert wizard.resident_id == resident.id
    registrations = window.inspection_page.show_part("registrations")
    registrations.open_requested.emit(resident.id)
    assert len(opened) == 2


def test_letter_for_a_resident_defaults_to_their_language(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    window.show()
    inspection = workspace.inspections.create(
        address="Voorbeeldstraat 1", postcode="2801 AB", city="Gouda"
    )
    workspace.residents.add(inspection.id, "Testowa Anna", "pl")
    window.open_inspection(inspection.id)
    residents = window.inspection_page.show_part("residents")
    residents.letter_button.click()
    page = window.inspection_page
    assert page.current_part() == "letters"
    panel = page.part_widgets["letters"]
    assert panel.language() == "pl" and panel.kind() == "control"
    letter_rendered(qtbot, panel)
    assert panel.page_count() >= 1


def test_header_follows_the_state_after_the_first_answer(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    window.show()
    inspection = workspace.inspections.create(
        address="Voorbeeldstraat 1", postcode="2801 AB", city="Gouda"
    )
    window.open_inspection(inspection.id)
    page = window.inspection_page
    assert "planned" in page.header.text()
    view = page.show_part("verblijfslocatie")
    set_field(view, "toilets", "2")
    view.flush()
    page.refresh_findings()
    assert "in progress" in page.header.text()
