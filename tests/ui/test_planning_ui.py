"""The coordinator's planning screens and the officer's planned visits, driven by their buttons.

Set INSPECTOR_SCREENSHOTS=1 to (re)write docs/screenshots/planning-*.png.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QRadioButton

from inspector.addresses.model import AddressData
from inspector.addresses.ranking import rank
from inspector.planning import visits as officer
from inspector.planning.manager import PlanningManager
from inspector.settings import Settings
from inspector.sync.models import SyncInbox
from inspector.ui.planning import import_dialog
from inspector.ui.planning.planning_page import PlanningPage
from inspector.ui.planning.ranked_model import RankedTableModel
from inspector.ui.planning.visits_page import PlannedVisitsPage

TODAY = date(2026, 11, 30)
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _town(tmp_path: Path, n: int = 1500) -> dict[str, Path]:
    path = Path(__file__).resolve().parents[2] / "benchmarks" / "gen_addresses.py"
    spec = importlib.util.spec_from_file_location("gen_addresses", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("gen_addresses", module)
    spec.loader.exec_module(module)
    paths: dict[str, Path] = module.write(tmp_path / "town", n, 4)
    return paths


def _load(tmp_path: Path) -> AddressData:
    from inspector.addresses.sources import read_source

    paths = _town(tmp_path, 800)
    data = AddressData()
    for kind in ("bag", "brp", "laa", "owners", "signals"):
        getattr(data, f"add_{kind}")(read_source(paths[kind], kind).records)
    return data


def _ranked(qtbot: Any, page: PlanningPage) -> None:
    """Wait until the page's ranking (made off the GUI thread) is shown."""
    qtbot.waitUntil(page.rank_button.isEnabled, timeout=30_000)


def _click_row(
    qtbot: Any, table: Any, row: int, modifier: Any = Qt.KeyboardModifier.NoModifier
) -> None:
    table.scrollTo(table.model().index(row, 2))
    rect = table.visualRect(table.model().index(row, 2))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def _shot(widget: Any, name: str) -> None:
    if os.environ.get("INSPECTOR_SCREENSHOTS"):
        SHOTS.mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(SHOTS / name))


def test_import_with_mapping_rank_filter_and_plan(qtbot, workspace, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    paths = _town(tmp_path)
    page = PlanningPage(workspace, today=TODAY)
    qtbot.addWidget(page)
    page.resize(1366, 740)
    page.show()
    _ranked(qtbot, page)
    assert page.ranked.model.rowCount() == 0
    assert "BAG" in page.sources_label.text()

    # Import every source through the dialog: read, see the mapping, import.
    for kind in ("bag", "brp", "laa", "owners", "signals", "persons"):
        monkeypatch.setattr(import_dialog, "choose_file", lambda *_a, k=kind: str(paths[k]))
        qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
        opened = [d for d in page.findChildren(import_dialog.AddressImportDialog) if d.isVisible()]
        assert len(opened) == 1
        dialog = opened[0]
        dialog.kind.setCurrentIndex(dialog.kind.findData(kind))
        # The first rows are read off the GUI thread; the mapping shows when they are in.
        with qtbot.waitSignal(dialog.proposed, timeout=30_000):
            qtbot.mouseClick(dialog.browse, Qt.MouseButton.LeftButton)
        assert dialog.mapping.rowCount() >= 3
        assert dialog.import_button.isEnabled()
        if kind == "bag":
            # A wrong correction is caught before importing: postcode chosen twice.
            box = dialog.mapping.cellWidget(2, 1)
            assert isinstance(box, QComboBox)
            previous = box.currentIndex()
            box.setCurrentIndex(box.findData("postcode"))
            assert not dialog.import_button.isEnabled()
            assert "postcode" in dialog.message.text()
            box.setCurrentIndex(previous)
            assert dialog.import_button.isEnabled()
            _shot(dialog, "planning-import-mapping.png")
        # Imported on the writer lane, then ranked again on the reader lane.
        # Imported on the writer lane, then ranked again on the reader lane.
        with qtbot.waitSignal(dialog.imported, timeout=30_000):
            qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
        _ranked(qtbot, page)
        assert "1500" in dialog.report.toPlainText() or kind != "bag"
        qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
        dialog.deleteLater()
    assert page.ranked.model.rowCount() == 1500
    first = page.ranked.model.data(page.ranked.model.index(0, 5))
    assert "ingeschreven op" in first or "verhuizingen" in first

    # Filter by indicator: only addresses where the LAA indicator applies.
    page.ranked.indicator.setCurrentIndex(page.ranked.indicator.findData("laa"))
    qtbot.mouseClick(page.ranked.apply_button, Qt.MouseButton.LeftButton)
    shown = page.ranked.model.rowCount()
    assert 0 < shown < 1500
    tip = Qt.ItemDataRole.ToolTipRole  # the whole reasons (the cell may cut a long line)
    assert all("LAA" in page.ranked.model.data(page.ranked.model.index(r, 5), tip)
               for r in range(shown))  # fmt: skip
    qtbot.mouseClick(page.ranked.clear_button, Qt.MouseButton.LeftButton)
    assert page.ranked.model.rowCount() == 1500

    # Choose three addresses in the list; the map marks them; the detail gives the reasons.
    _click_row(qtbot, page.ranked.table, 0)
    _click_row(qtbot, page.ranked.table, 1, Qt.KeyboardModifier.ControlModifier)
    _click_row(qtbot, page.ranked.table, 2, Qt.KeyboardModifier.ControlModifier)
    assert len(page.ranked.selected_keys()) == 3
    assert "<li>" in page.ranked.detail.toHtml() or page.ranked.detail.toPlainText()
    assert page.ranked.map.point_count() > 0
    _shot(page, "planning-ranked-list.png")

    qtbot.mouseClick(page.to_planning, Qt.MouseButton.LeftButton)
    assert page.tabs.currentIndex() == 1
    # Without a team the planning is refused with a reason, and nothing is planned.
    qtbot.mouseClick(page.plan_button, Qt.MouseButton.LeftButton)
    assert "toezichthouder" in page.status.text() or "officer" in page.status.text()
    assert page.visits.rowCount() == 0
    page.officers.setText("T. Handhaver, P. Toezicht")
    page.partners.setText("NLA")
    qtbot.mouseClick(page.plan_button, Qt.MouseButton.LeftButton)
    assert page.visits.rowCount() == 3
    assert all(page.visits.item(r, 4).text() for r in range(3))
    # Not linked to the office yet: sending says so.
    assert "nog niet gekoppeld" in page.link_label.text() or "not linked" in page.link_label.text()
    # The office service is asked off the GUI thread; the page says how it went.
    with qtbot.waitSignal(page.networkDone, timeout=30_000):
        qtbot.mouseClick(page.send_button, Qt.MouseButton.LeftButton)
    assert "Koppel eerst" in page.status.text() or "Link the office" in page.status.text()
    # Linked once through the dialog (address and access code), kept for next time.
    link = page.change_link()
    link.server.setText("http://127.0.0.1:9")
    qtbot.mouseClick(link.save_button, Qt.MouseButton.LeftButton)
    assert link.isVisible() and link.message.text()  # no access code: refused, said
    link.token.setText("fictieve-toegangscode")
    qtbot.mouseClick(link.save_button, Qt.MouseButton.LeftButton)
    assert not link.isVisible()
    assert page.link_label.text() == "http://127.0.0.1:9"
    assert PlanningManager(workspace).linked_to() == "http://127.0.0.1:9"
    # Sending without laptops says what is missing.
    with qtbot.waitSignal(page.networkDone, timeout=30_000):
        qtbot.mouseClick(page.send_button, Qt.MouseButton.LeftButton)
    assert "laptops" in page.status.text()
    # Nobody listens at the linked address: said, and the buttons work again.
    with qtbot.waitSignal(page.networkDone, timeout=60_000):
        qtbot.mouseClick(page.devices_button, Qt.MouseButton.LeftButton)
        assert not page.send_button.isEnabled()  # not twice while the service is asked
    assert "niet bereikbaar" in page.status.text() or "cannot be reached" in page.status.text()
    assert page.send_button.isEnabled()
    _shot(page, "planning-screen.png")


def test_reading_a_file_runs_off_the_gui_thread_and_says_what_is_wrong(  # type: ignore[no-untyped-def]
    qtbot, workspace, tmp_path, monkeypatch
) -> None:
    import threading

    from inspector.addresses import sources

    threads: list[threading.Thread] = []
    real = sources.propose

    def spy(*args: Any, **kwargs: Any) -> Any:
        threads.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(sources, "propose", spy)
    dialog = import_dialog.AddressImportDialog(PlanningManager(workspace))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.path.setText(str(tmp_path / "bestaat-niet.csv"))
    with qtbot.waitSignal(dialog.proposed, timeout=30_000):
        qtbot.mouseClick(dialog.read_button, Qt.MouseButton.LeftButton)
        assert not dialog.read_button.isEnabled()  # not twice while reading
    assert "bestaat niet" in dialog.message.text()
    assert threads and threads[0] is not threading.main_thread()
    assert dialog.read_button.isEnabled() and not dialog.import_button.isEnabled()
    # A good file after a bad one: the mapping shows and the import may go.
    dialog.path.setText(str(_town(tmp_path, 50)["bag"]))
    with qtbot.waitSignal(dialog.proposed, timeout=30_000):
        qtbot.mouseClick(dialog.read_button, Qt.MouseButton.LeftButton)
    assert dialog.mapping.rowCount() >= 7 and dialog.import_button.isEnabled()


def test_the_ranked_model_passes_the_model_tester(qtmodeltester, tmp_path) -> None:  # type: ignore[no-untyped-def]
    data = _load(tmp_path)
    s = Settings()
    model = RankedTableModel("nl")
    model.set_ranking(data, rank(data, s.norms, s.address_selection, TODAY))
    qtmodeltester.check(model)


def test_the_ranked_model_cuts_long_reasons_and_forgets_rows_of_another_ranking(  # type: ignore[no-untyped-def]
    qapp, tmp_path
) -> None:
    from inspector.addresses.ranking import Filter
    from inspector.ui.planning.ranked_model import REASONS_SHOWN

    data = _load(tmp_path)
    s = Settings()
    full = rank(data, s.norms, s.address_selection, TODAY)
    model = RankedTableModel("nl")
    model.set_ranking(data, full)
    cut = 0
    for row in range(len(full.scores)):
        whole = model.reasons_text(model.key(row))
        shown = model.data(model.index(row, 5))
        tip = model.data(model.index(row, 5), Qt.ItemDataRole.ToolTipRole)
        assert tip == whole.replace("; ", "\n")
        if len(whole) > REASONS_SHOWN:
            cut += 1
            assert len(shown) == REASONS_SHOWN and shown.endswith("…")
            assert whole.startswith(shown[:-1])
        else:
            assert shown == whole
    assert cut > 0  # the town has addresses with many reasons
    # Same score, same chip (made once); the strings of row 0 belong to the ranking shown.
    assert model.chip(40.2).cacheKey() == model.chip(39.6).cacheKey()
    first_full = model.data(model.index(0, 2))
    only = Filter(indicators=frozenset({"laa"})).apply(full, data)
    model.set_ranking(data, only)
    bag = data.bag[only.keys[0]]
    assert model.data(model.index(0, 2)) == bag.label
    assert model.data(model.index(0, 0)) == str(only.place(0))
    assert only.keys[0] != full.keys[0] or first_full == bag.label


def test_the_map_fetches_no_tiles_unless_switched_on(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from inspector.ui.planning.score_map import ScoreMap

    data = _load(tmp_path)
    s = Settings()
    view = ScoreMap()
    qtbot.addWidget(view)
    view.resize(500, 400)
    view.set_ranking(data, rank(data, s.norms, s.address_selection, TODAY))
    view.show()
    view.repaint()
    assert view.point_count() > 0
    assert view._network is None  # no network object was even made
    # A click on a point names its address.
    x, y, _score, key = view._points[-1]
    p = view.to_screen(x, y)
    with qtbot.waitSignal(view.addressClicked) as got:
        qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=QPoint(int(p.x()), int(p.y())))
    assert got.args[0] in {pt[3] for pt in view._points}


def _visit_content() -> dict[str, Any]:
    return {
        "visit_id": "22222222-2222-4222-8222-222222222222", "visit_date": "2026-11-30",
        "slot": "09:00-12:00", "position": 0, "key": "7100 AB|13|",
        "address": "Proefstraat 13", "postcode": "7100 AB", "city": "Proefdorp",
        "bag_ids": {"verblijfsobject": "9999010000000007"},
        "reasons": ["9 ingeschreven op 62 m² = 6,9 m² per persoon (norm 12)",
                    "14 verhuizingen in 24 maanden (5 in de laatste 12)"],
        "information": [], "officers": ["T. Handhaver"], "partners": ["NLA"], "devices": [],
        "persons": [
            {"id": "p1", "surname": "Testowa", "given_names": "Anna", "birth_date": "1990-05-17",
             "bsn": None},
            {"id": "p2", "surname": "Proefman", "given_names": "Jan", "birth_date": None,
             "bsn": None},
        ],
    }  # fmt: skip


def test_the_officer_marks_persons_adds_a_resident_and_starts(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    with workspace.unit() as s:
        s.add(SyncInbox(seq=7, kind="visit", content=_visit_content()))
    page = PlannedVisitsPage(workspace)
    qtbot.addWidget(page)
    page.resize(1366, 740)
    page.show()
    assert page.list.count() == 1
    assert "Proefstraat 13" in page.header.text()
    assert "6,9 m² per persoon" in page.header.text()
    visit_id = _visit_content()["visit_id"]
    not_here = page.findChild(QRadioButton, "mark_0_not_here")
    lives = page.findChild(QRadioButton, "mark_1_lives_here")
    assert not_here is not None and lives is not None
    for radio in (not_here, lives):  # on the round indicator, as a finger would
        qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QPoint(10, radio.height() // 2))
    assert officer.marks_of(workspace, visit_id) == {"p1": "not_here", "p2": "lives_here"}
    # An empty name is refused with a message; a name adds a resident to the inspection.
    qtbot.mouseClick(page.add_found_button, Qt.MouseButton.LeftButton)
    assert page.message.text()
    page.found_name.setText("Nowak Proef")
    qtbot.mouseClick(page.add_found_button, Qt.MouseButton.LeftButton)
    visit = officer.received_visits(workspace)[0]
    assert visit.inspection_id is not None
    assert [r.name for r in workspace.residents.list_for(visit.inspection_id)] == ["Nowak Proef"]
    # The marks are kept when the page is shown again.
    again = PlannedVisitsPage(workspace)
    qtbot.addWidget(again)
    found = again.findChild(QRadioButton, "mark_0_not_here")
    assert found is not None and found.isChecked()
    _shot(page, "planning-officer-visit.png")
    with qtbot.waitSignal(page.openInspection) as opened:
        qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    assert opened.args == [visit.inspection_id]


def test_the_pages_fit_a_1366x768_laptop(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    for page in (PlanningPage(workspace, today=TODAY), PlannedVisitsPage(workspace)):
        qtbot.addWidget(page)
        if isinstance(page, PlanningPage):
            _ranked(qtbot, page)
        hint = page.minimumSizeHint()
        assert hint.width() <= 1366 and hint.height() <= 700, (type(page).__name__, hint)
    QApplication.processEvents()


def test_planning_is_reached_from_the_menu_by_a_coordinator(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QAction

    from inspector.ui.main_window import MainWindow

    window = MainWindow(workspace, [])
    qtbot.addWidget(window)
    action = window.findChild(QAction, "planning")
    visits = window.findChild(QAction, "planned_visits")
    assert action is not None and visits is not None
    assert action.isEnabled() == (workspace.officer.role in ("coordinator", "administrator"))
    if action.isEnabled():
        action.trigger()
        assert window.pages.currentWidget().objectName() == "planning_page"
        _ranked(qtbot, window.pages.currentWidget())
    visits.trigger()
    assert window.pages.currentWidget().objectName() == "planned_visits"
    assert isinstance(PlanningManager(workspace).load_data(), AddressData)


def test_every_button_of_the_planning_screens(qtbot, workspace, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from test_ui_click_everything import DialogCloser, press_every_button

    from inspector.addresses.sources import read_source

    found: list[str] = []
    monkeypatch.setattr(sys, "excepthook", lambda *exc: found.append(repr(exc[1])))
    monkeypatch.setattr(import_dialog, "choose_file", lambda *_a: "")
    paths = _town(tmp_path, 400)
    planning = PlanningManager(workspace)
    for kind in ("bag", "brp", "laa", "persons"):
        planning.save_source(read_source(paths[kind], kind))
    with workspace.unit() as s:
        s.add(SyncInbox(seq=3, kind="visit", content=_visit_content()))
    page = PlanningPage(workspace, today=TODAY)
    visits = PlannedVisitsPage(workspace)
    for widget in (page, visits):
        qtbot.addWidget(widget)
        widget.resize(1366, 740)
        widget.show()
    _ranked(qtbot, page)
    closer = DialogCloser(page)
    closer.timer.start()
    _click_row(qtbot, page.ranked.table, 0)
    page.officers.setText("T. Handhaver")
    pressed = 0

    def back(tab: int) -> None:
        _ranked(qtbot, page)  # "Rank again" ranks in the background
        page.tabs.setCurrentIndex(tab)
        if not page.ranked.selected_keys():  # ranking again and the filters clear the choice
            page.ranked.show_key(page.ranked.model.key(0))

    for tab in range(page.tabs.count()):
        back(tab)
        pressed += press_every_button(page.tabs.currentWidget(), back=lambda t=tab: back(t))
    pressed += press_every_button(visits)
    _ranked(qtbot, page)
    closer.timer.stop()
    assert pressed >= 15
    assert not found, found[0]
    assert page.visits.rowCount() == 1  # "Bezoeken plannen" planned the chosen address
    assert "Open" in visits.start_button.text() or "openen" in visits.start_button.text()


def test_planning_says_what_is_wrong_in_the_interface_language(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    """A refusal (PlanningError) in English when the interface is English, on each screen."""
    workspace.settings = workspace.settings.model_copy(update={"interface_language": "en"})
    # The coordinator's page: planning with no address chosen.
    page = PlanningPage(workspace, today=TODAY)
    qtbot.addWidget(page)
    page.resize(1366, 740)
    page.show()
    _ranked(qtbot, page)
    page.tabs.setCurrentIndex(1)
    qtbot.mouseClick(page.plan_button, Qt.MouseButton.LeftButton)
    assert "Choose addresses first." in page.status.text()
    assert "adressen" not in page.status.text()
    # The link dialog: an address without the access code.
    link = page.change_link()
    link.server.setText("http://127.0.0.1:9")
    qtbot.mouseClick(link.save_button, Qt.MouseButton.LeftButton)
    assert link.isVisible()
    assert "Fill in the coordinator&#x27;s access code" in link.message.text()
    link.reject()
    # The officer's planned visits: a resident found without a name.
    with workspace.unit() as s:
        s.add(SyncInbox(seq=7, kind="visit", content=_visit_content()))
    visits = PlannedVisitsPage(workspace)
    qtbot.addWidget(visits)
    visits.show()
    qtbot.mouseClick(visits.add_found_button, Qt.MouseButton.LeftButton)
    assert visits.message.text() == "Fill in the name."


def test_an_excel_workbook_is_imported_through_the_dialog_with_its_row_numbers(  # type: ignore[no-untyped-def]
    qtbot, workspace, tmp_path, monkeypatch
) -> None:
    import xlsxwriter
    from msoffcrypto.format import ooxml

    # As Excel writes it: shared strings, numbers as numbers, a title above the header,
    # a hidden row, a second (hidden) sheet.
    path = tmp_path / "bag.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("BAG")
    sheet.write(0, 0, "BAG-extract gemeente Proefdorp (fictief)")
    sheet.write_row(2, 0, ["verblijfsobject_id", "straat", "huisnummer", "toevoeging",
                           "postcode", "woonplaats", "oppervlakte", "gebruiksdoel"])  # fmt: skip
    for n in range(1, 41):
        postcode = "7100 AA" if n != 5 else "0100 AA"  # row 8: not a Dutch postcode
        sheet.write_row(2 + n, 0, [f"99990100000{n:05d}", "Proefstraat", n, "", postcode,
                                   "Proefdorp", 40 + n, "woonfunctie"])  # fmt: skip
    sheet.set_row(5, None, None, {"hidden": True})  # row 6
    book.add_worksheet("Oud").hide()
    book.close()

    dialog = import_dialog.AddressImportDialog(PlanningManager(workspace))
    qtbot.addWidget(dialog)
    dialog.resize(1100, 640)
    dialog.show()
    dialog.kind.setCurrentIndex(dialog.kind.findData("bag"))
    monkeypatch.setattr(import_dialog, "choose_file", lambda *_a: str(path))
    with qtbot.waitSignal(dialog.proposed, timeout=30_000):
        qtbot.mouseClick(dialog.browse, Qt.MouseButton.LeftButton)
    # The header is on the row Excel shows it on ("Kopregel in rij 3" in the Dutch interface).
    assert dialog.proposal is not None and dialog.proposal.header_row == 3
    assert " 3;" in dialog.message.text()
    assert dialog.import_button.isEnabled() and dialog.mapping.rowCount() == 8
    with qtbot.waitSignal(dialog.imported, timeout=30_000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    report = dialog.report.toPlainText()
    assert "40 rijen gelezen: 39 geïmporteerd, 1 geweigerd" in report
    assert "8: De postcode '0100 AA' is geen Nederlandse postcode" in report  # Rij 8
    assert "Verborgen rijen zijn ook geïmporteerd: 6." in report
    _shot(dialog, "planning-import-xlsx-report.png")

    # The same workbook with a password: a sentence that says so, nothing imported.
    protected = tmp_path / "beveiligd.xlsx"
    with path.open("rb") as source, protected.open("wb") as target:
        ooxml.OOXMLFile(source).encrypt("proef-wachtwoord", target)
    dialog.path.setText(str(protected))
    with qtbot.waitSignal(dialog.proposed, timeout=30_000):
        qtbot.mouseClick(dialog.read_button, Qt.MouseButton.LeftButton)
    assert "wachtwoord" in dialog.message.text() and not dialog.import_button.isEnabled()
