"""Closing the window mid-form and opening it again puts the officer back where they were."""

from __future__ import annotations

import pytest

from inspector.ui.formview import attachments
from inspector.ui.main_window import MainWindow

pytestmark = [pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")]


@pytest.fixture(autouse=True)
def no_camera(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(attachments, "has_camera", lambda: False)


def test_back_where_the_officer_was_after_restart(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    inspection = workspace.inspections.create(
        address="Voorbeeldstraat 1", postcode="2801 AB", city="Gouda"
    )
    first = workspace.residents.add(inspection.id, "Testowa Anna", "pl")
    second = workspace.residents.add(inspection.id, "Exemplu Ion", "ro")
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    window.show()
    window.open_inspection(inspection.id)
    part = window.inspection_page.show_part("residents")
    part.select_resident(second.id)
    view = part.view
    assert view.go_to_section("work")
    view.focus_field("employer")
    window.close()

    again = MainWindow(workspace)
    qtbot.addWidget(again)
    again.show()
    again.restore_position()
    page = again.inspection_page
    assert page is not None and page.inspection_id == inspection.id
    assert page.current_part() == "residents"
    resumed = page.part_widgets["residents"]
    assert resumed.resident_id == second.id != first.id
    assert resumed.view.current_section == "work"
    assert resumed.view.language == "ro"


def test_back_in_the_location_questionnaire_after_lock(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    from tests_support import PASSWORD

    inspection = workspace.inspections.create(
        address="Voorbeeldstraat 1", postcode="2801 AB", city="Gouda"
    )
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    window.show()
    window.open_inspection(inspection.id)
    view = window.inspection_page.show_part("verblijfslocatie")
    view.go_to_section("facilities")
    editor = view.field_editor("toilets")
    editor.line.setText("2")  # typed, not yet left: pending
    window.lock()
    assert workspace.answers.load(inspection.id, "verblijfslocatie").values["toilets"] == 2
    window.lock_form.password.setText(PASSWORD)
    window._try_reauthenticate()
    assert view.current_section == "facilities" and editor.line.text() == "2"
