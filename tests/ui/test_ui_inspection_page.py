"""The inspection page as an officer drives it: residents, their language, finalizing."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox

from inspector.core import review as review_mod
from inspector.ui import inspection_page as page_mod
from inspector.ui.formview import attachments
from inspector.ui.main_window import MainWindow

from tests_support import letter_rendered

pytestmark = [pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")]


@pytest.fixture(autouse=True)
def no_camera(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(attachments, "has_camera", lambda: False)


def _page(qtbot: Any, workspace: Any, residents: tuple[tuple[str, str], ...] = ()) -> Any:
    iid = str(
        workspace.inspections.create(
            address="Taalstraat 2", postcode="2801 AB", city="Gouda", bag_ids={}
        ).id
    )
    for name, lang in residents:
        workspace.residents.add(iid, name, lang)
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.open_inspection(iid)
    return window.inspection_page


def pick(combo: QComboBox, data: str) -> None:
    """Choose an item of a drop-down list by keyboard, as the officer does."""
    combo.setFocus()
    QTest.mouseClick(combo, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    popup = combo.view()
    popup.setCurrentIndex(combo.model().index(combo.findData(data), 0))
    QTest.keyClick(popup, Qt.Key.Key_Return)
    QApplication.processEvents()


def test_switching_language_shows_dutch_beside_at_once(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, workspace, (("Jan Test", "nl"),))
    residents = page.show_part("residents")
    row = residents.view.field_row("surname")
    assert row.header.dutch.isHidden()  # Dutch questions need no Dutch beside them

    pick(residents.language, "pl")
    row = residents.view.field_row("surname")
    assert residents.view.language == "pl"
    assert not row.header.dutch.isHidden() and row.header.dutch.text() == "Achternaam"
    assert row.header.label.text().startswith("Nazwisko")

    pick(residents.language, "nl")
    assert residents.view.field_row("surname").header.dutch.isHidden()


def _when_open(kind: type, act: Any) -> QTimer:
    """Run *act* on the dialog of *kind* as soon as it is the active modal window."""
    timer = QTimer()
    timer.setInterval(10)

    def check() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind):
            timer.stop()
            act(dialog)

    timer.timeout.connect(check)
    timer.start()
    return timer


def test_finalize_check_lists_open_points_and_jumps(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, workspace, (("Anna Test", "pl"),))
    workspace.answers.save(page.inspection_id, "verblijfslocatie", 1, "persons_present", 7)
    expected = review_mod.review(workspace, page.inspection_id)
    seen: dict[str, Any] = {}

    def jump_to_end_time(dialog: Any) -> None:
        seen["rows"] = [dialog.list.item(i).text() for i in range(dialog.list.count())]
        seen["enabled"] = dialog.finalize_button.isEnabled()
        row = next(i for i, p in enumerate(expected.problems) if p.kind == "end_time")
        dialog.list.setCurrentRow(row)
        QTest.keyClick(dialog.list, Qt.Key.Key_Return)

    timer = _when_open(page_mod.FinalizeDialog, jump_to_end_time)
    QTest.mouseClick(page.finalize_button, Qt.MouseButton.LeftButton)
    assert not timer.isActive()
    assert len(seen["rows"]) == len(expected.problems) and not seen["enabled"]
    assert any("7 bewoners geteld, 1 vastgelegd" in r for r in seen["rows"])
    assert page.current_part() == "controlelocatie"
    assert page.current_form_view().current_position()["field"] == "control_end"

    # The persons point jumps to the residents.
    def jump_to_persons(dialog: Any) -> None:
        row = next(i for i, p in enumerate(expected.problems) if p.kind == "persons")
        dialog.list.setCurrentRow(row)
        QTest.keyClick(dialog.list, Qt.Key.Key_Return)

    timer = _when_open(page_mod.FinalizeDialog, jump_to_persons)
    QTest.mouseClick(page.finalize_button, Qt.MouseButton.LeftButton)
    assert page.current_part() == "residents"


def test_finalize_anyway_needs_a_reason(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, workspace, (("Anna Test", "pl"),))
    iid = page.inspection_id
    seen: dict[str, Any] = {}

    def give_reason(dialog: Any) -> None:
        QTest.mouseClick(dialog.finalize_button, Qt.MouseButton.LeftButton)  # disabled
        seen["still_open"] = dialog.isVisible()
        QTest.keyClicks(dialog.reason, "Kort")
        seen["short"] = dialog.finalize_button.isEnabled()
        QTest.keyClicks(dialog.reason, " bezoek: bewoners niet thuis, vervolg gepland")
        seen["long"] = dialog.finalize_button.isEnabled()
        QTest.mouseClick(dialog.finalize_button, Qt.MouseButton.LeftButton)

    timer = _when_open(page_mod.FinalizeDialog, give_reason)
    QTest.mouseClick(page.finalize_button, Qt.MouseButton.LeftButton)
    assert not timer.isActive()
    assert seen == {"still_open": True, "short": False, "long": True}
    assert workspace.inspections.get(iid).summary.state == "finalized"
    assert workspace.inspections.finalize_reasons(iid) == [
        "Kort bezoek: bewoners niet thuis, vervolg gepland"
    ]
    final = page.window().inspection_page
    assert final.read_only and final.finalize_button.text() == "Reopen…"


def test_start_time_and_officer_are_filled_in_once_the_visit_starts(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    from officer_walk import type_text

    page = _page(qtbot, workspace)
    iid = page.inspection_id
    control = page.show_part("controlelocatie")
    assert control.field_editor("control_start").line.text() == ""  # planned: not yet
    officers = control.field_editor("officers")
    assert officers.edit.toPlainText() == ""
    # The first answer starts the visit ...
    type_text(control.field_editor("partners_other").line, "Woningbouw")
    control.flush()
    qtbot.waitUntil(
        lambda: "control_start" in workspace.answers.load(iid, "controlelocatie").values
    )
    stored = workspace.answers.load(iid, "controlelocatie").values
    started = workspace.inspections.get(iid).summary.started_at
    assert stored["officers"] == "Toezichthouder Test"
    assert (
        abs(
            (
                stored["control_start"] - started.replace(tzinfo=stored["control_start"].tzinfo)
            ).total_seconds()
        )
        < 60
    )
    # ... and the open form shows what was filled in.
    assert control.field_editor("control_start").line.text() != ""
    assert officers.edit.toPlainText() == "Toezichthouder Test"


def test_the_rni_route_from_the_wizard_opens_the_referral_letter(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, workspace, (("Oksana Test", "uk"),))
    rid = workspace.residents.list_for(page.inspection_id)[0].id
    for field, value in (("expected_stay", "under_4_months"), ("current_registration", "none")):
        workspace.answers.save(page.inspection_id, "betrokkene", 1, field, value, resident_id=rid)
    residents = page.show_part("residents")
    residents.select_resident(rid)
    seen: list[bool] = []

    def take_the_rni_route() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, page_mod.RegistrationDialog)
        button = dialog.wizard.consent_page.rni_consent_button
        seen.append(button.isVisible())
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, take_the_rni_route)
    QTest.mouseClick(residents.register_button, Qt.MouseButton.LeftButton)
    assert seen == [True]
    assert page.current_part() == "letters"
    panel = page.show_part("letters")
    assert panel.kind() == "rni-referral" and panel.resident_id == rid
    assert panel.language() == "uk"
    # The referral renders in the background: let it finish inside this test, so that no
    # work of it is left on the writer lane for the next test.
    letter_rendered(qtbot, panel)
    assert panel.error_text() == "" and panel.page_count() >= 1
    # The referral is the registration's outcome (12.2), not an open point.
    info = workspace.registrations.current(rid)
    assert info is not None and info.state == "referred_rni"
    found = review_mod.review(workspace, page.inspection_id).problems
    kinds = {p.kind for p in found if p.resident_id == rid}
    assert "registration" not in kinds and "duty" not in kinds


def test_add_photo_starts_in_pictures_then_in_the_last_folder(
    qtbot,  # type: ignore[no-untyped-def]
    workspace,
    tmp_path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from pathlib import Path

    from PySide6.QtCore import QStandardPaths
    from PySide6.QtGui import QColor, QImage
    from PySide6.QtWidgets import QFileDialog

    pictures, camera = tmp_path / "Afbeeldingen", tmp_path / "camera-map"
    pictures.mkdir()
    camera.mkdir()
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("steelblue"))
    image.save(str(camera / "keuken.png"))
    real = QStandardPaths.writableLocation

    def location(which: QStandardPaths.StandardLocation) -> str:
        if which == QStandardPaths.StandardLocation.PicturesLocation:
            return str(pictures)
        return real(which)

    monkeypatch.setattr(QStandardPaths, "writableLocation", location)
    page = _page(qtbot, workspace)
    photos = page.show_part("photos")
    started: list[Path] = []

    def answer(choose: Path | None) -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QFileDialog)
        started.append(Path(dialog.directory().absolutePath()))
        if choose is None:
            dialog.reject()
        else:
            dialog.selectFile(str(choose))
            dialog.accept()

    QTimer.singleShot(0, lambda: answer(camera / "keuken.png"))
    QTest.mouseClick(photos.add_button, Qt.MouseButton.LeftButton)
    assert started == [pictures]  # not the program's folder
    assert len(workspace.attachments.list_for(page.inspection_id, kind="photo")) == 1
    QTimer.singleShot(0, lambda: answer(None))
    QTest.mouseClick(photos.add_button, Qt.MouseButton.LeftButton)
    assert started[1] == camera  # where the last photo came from
