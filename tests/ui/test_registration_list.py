"""The registration list (model checked with qtmodeltester) and the list-import dialog."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt

from inspector.core import registrations as en
from inspector.core.workspace import Workspace
from inspector.ui.registration import (
    ImportResidentsDialog,
    RegistrationListModel,
    RegistrationListWidget,
    SignaturePad,
    importdialog,
)

TODAY = dt.date(2025, 6, 1)
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def rows(n: int) -> list[en.RegistrationRow]:
    states = [("registered", "signed", "ingezetene", 1), ("pending", "draft", "rni", 2),
              ("declined", "declined", None, 1), ("none", None, None, None)]  # fmt: skip
    result = []
    for i in range(n):
        status, state, kind, version = states[i % len(states)]
        result.append(
            en.RegistrationRow(
                resident_id=f"r{i}",
                resident_name=f"Testowa {i}",
                language="pl",
                room=str(i),
                status=status,
                registration_id=None if state is None else f"e{i}",
                state=state,
                kind=kind,
                version=version,
                signed_at=dt.datetime(2025, 3, 1, 10, 0, tzinfo=dt.UTC) if state else None,
            )  # fmt: skip
        )
    return result


def test_model_passes_modeltester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = RegistrationListModel(rows(5))
    qtmodeltester.check(model)
    assert model.data(model.index(0, 2)) == "Registered"
    assert model.data(model.index(1, 3)) == "Non-resident (RNI)"
    assert model.data(model.index(3, 2)) == "Not started"
    assert model.data(model.index(0, 0), Qt.ItemDataRole.UserRole).resident_id == "r0"
    model.set_rows([])
    qtmodeltester.check(model)


def test_widget_lists_states_and_opens_resident(
    qtbot, workspace: Workspace, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    insp = workspace.inspections.create(
        address="Voorbeeldweg 1", postcode="5981AA", city="Panningen"
    )
    a = workspace.residents.add(insp.id, "Anna Testowa", "pl")
    b = workspace.residents.add(insp.id, "Петро Тестовий", "uk")
    workspace.residents.add(insp.id, "Ion Exemplu", "ro")
    workspace.registrations.start(a.id, consent=False)
    workspace.registrations.start(b.id, consent=True)
    widget = RegistrationListWidget(workspace, insp.id)
    qtbot.addWidget(widget)
    assert widget.summary.text() == ("Registered: 0 · pending: 1 · declined: 1 · not started: 1")
    assert [widget.model.row(i).status for i in range(3)] == ["declined", "pending", "none"]
    with qtbot.waitSignal(widget.open_requested) as blocker:
        widget.view.activated.emit(widget.model.index(1, 0))
    assert blocker.args == [b.id]


def test_import_dialog_reports_and_refuses_bad_file(
    qtbot, workspace: Workspace, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    insp = workspace.inspections.create(
        address="Voorbeeldweg 1", postcode="5981AA", city="Panningen"
    )
    good = tmp_path / "lijst.csv"
    good.write_text(
        "achternaam;voornamen;geboortedatum;kamer\nTestowa;Anna;17-05-1990;12\n"
        "Voorbeeld;Jan;31-02-1980;3\n",
        encoding="utf-8",
    )
    dialog = ImportResidentsDialog(workspace, insp.id, today=TODAY)
    qtbot.addWidget(dialog)
    monkeypatch.setattr(importdialog, "choose_list_file", lambda *_a: str(good))
    dialog.browse()
    with qtbot.waitSignal(dialog.imported) as blocker:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [1]
    report = dialog.output.toPlainText()
    assert report.startswith("1 geïmporteerd, 0 al aanwezig, 1 ongeldige rijen")
    assert "rij 3: De geboortedatum '31-02-1980' is geen geldige datum" in report
    with qtbot.waitSignal(dialog.import_done):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.output.toPlainText().startswith("0 geïmporteerd, 1 al aanwezig")
    bad = tmp_path / "oud.xls"
    bad.write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 64)
    dialog.path.setText(str(bad))
    with qtbot.waitSignal(dialog.import_done):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert "Nothing was imported" in dialog.output.toPlainText()
    assert len(workspace.residents.list_for(insp.id)) == 1


def test_signature_pad_strokes_png_undo(qtbot) -> None:  # type: ignore[no-untyped-def]
    from scripted_officer import draw_signature

    pad = SignaturePad()
    qtbot.addWidget(pad)
    pad.resize(600, 220)
    pad.show()
    assert pad.is_empty
    with qtbot.waitSignal(pad.changed):
        draw_signature(pad)
    assert not pad.is_empty and len(pad.stroke_data()) == 3
    png = pad.to_png()
    assert png.startswith(b"\x89PNG")
    pad.undo()
    pad.undo()
    pad.undo()
    assert pad.is_empty and pad.can_redo
    pad.redo()
    assert len(pad.strokes) == 1
    pad.clear()
    assert pad.is_empty and not pad.can_redo
    pad.set_read_only(True)
    draw_signature(pad)
    assert pad.is_empty


def test_no_column_is_cut_off(qtbot, workspace: Workspace) -> None:  # type: ignore[no-untyped-def]
    insp = workspace.inspections.create(address="Voorbeeldweg 1", postcode="5981AA", city="Gouda")
    for name in ("Anna Testowa", "Петро Тестовий", "Ion Exemplu"):
        workspace.residents.add(insp.id, name, "pl", room="12b")
    widget = RegistrationListWidget(workspace, insp.id)
    qtbot.addWidget(widget)
    widget.model.set_rows(rows(4))  # signed, pending, declined, none: every kind of value
    widget.resize(900, 400)
    widget.show()
    view, header = widget.view, widget.view.horizontalHeader()
    for column in range(1, widget.model.columnCount()):
        title = str(widget.model.headerData(column, Qt.Orientation.Horizontal))
        needed = max(header.sectionSizeFromContents(column).width(), view.sizeHintForColumn(column))
        assert header.sectionSize(column) >= needed, title
        assert header.fontMetrics().horizontalAdvance(title) < header.sectionSize(column), title


def test_import_dialog_shows_how_the_list_is_read_and_takes_the_officers_choices(
    qtbot, workspace: Workspace, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    import openpyxl

    from inspector.employer_list import importlist

    insp = workspace.inspections.create(
        address="Voorbeeldweg 1", postcode="5981AA", city="Panningen"
    )
    book = openpyxl.Workbook()
    old = book.active
    old.title = "2025"
    old.append(["achternaam", "voornamen", "geboortedatum"])
    old.append(["Vorig", "Jaar", "1970-01-01"])
    new = book.create_sheet("2026")
    new.append(["Nazwisko", "Imię", "Data urodzenia", "Slaapplek", "Uwagi"])
    new.append(["Testowa", "Anna", "11/05/1962", "3", "brak"])
    new.append(["Probna", "Ewa", "03/04/1985", "4", ""])
    new.row_dimensions[3].hidden = True
    book.active = 1
    path = tmp_path / "lijst.xlsx"
    book.save(path)
    dialog = ImportResidentsDialog(workspace, insp.id, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    # What the dialog names is the importer's own list (issue 9.6).
    for spec in importlist.COLUMNS:
        assert importlist.column_label(spec.column, "nl") in dialog.intro.text()
    monkeypatch.setattr(importdialog, "choose_list_file", lambda *_a: str(path))
    dialog.browse()
    assert dialog.sheet_box.isVisible() and dialog.sheet_box.currentData() is None
    assert "meer dan één blad" in dialog.preview_label.text()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert "Nothing was imported" in dialog.output.toPlainText() or (
        "niets geïmporteerd" in dialog.output.toPlainText()
    )
    assert workspace.residents.list_for(insp.id) == []
    dialog.sheet_box.setCurrentIndex(dialog.sheet_box.findData("2026"))
    assert dialog.preview is not None and dialog.preview.sheet == "2026"
    assert "E 'Uwagi'" in dialog.preview_label.text()
    assert "'Slaapplek'" in dialog.preview_label.text()
    box = dialog.date_boxes["birth_date"]
    assert box.objectName() == "date_order_birth_date" and box.parent() is not None
    qtbot.waitUntil(box.isVisible)
    assert "11/05/1962" in dialog.preview_label.text()
    assert dialog.include_hidden.isVisible() and "3" in dialog.include_hidden.text()
    if os.environ.get("INSPECTOR_SCREENSHOTS"):
        dialog.resize(880, 640)
        dialog.grab().save(str(SHOTS / "import-list-choices.png"))
    box.setCurrentIndex(box.findData("mdy"))
    # The box that sent the change lives until its signal has returned (the preview is read
    # again and the boxes made anew meanwhile): deleting it at once crashed now and then.
    assert shiboken6.isValid(box) and dialog.date_boxes["birth_date"] is not box
    room = dialog.mapping_boxes[3]
    room.setCurrentIndex(room.findData("room"))
    assert shiboken6.isValid(room) and dialog.mapping_boxes[3] is not room
    qtbot.waitUntil(lambda: not shiboken6.isValid(box))  # then it goes
    assert dialog.preview.choices_needed == []
    assert "hidden rows not imported: 3" in dialog.preview_label.text() or (
        "verborgen rijen niet geïmporteerd: 3" in dialog.preview_label.text()
    )
    with qtbot.waitSignal(dialog.imported) as blocker:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [1]
    (resident,) = workspace.residents.list_for(insp.id)
    assert resident.room == "3"
    answers = workspace.answers.load(insp.id, "betrokkene", resident_id=resident.id).values
    assert answers["birth_date"] == dt.date(1962, 11, 5)
    assert "blad '2026'" in dialog.output.toPlainText()
    # Another file that cannot be read: the sheets of the last one are gone, the reason shown.
    bad = tmp_path / "oud.xls"
    bad.write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 64)
    monkeypatch.setattr(importdialog, "choose_list_file", lambda *_a: str(bad))
    dialog.browse()
    assert dialog.sheet_box.isHidden() and dialog.mapping.rowCount() == 0
    assert ".xls" in dialog.preview_label.text()
