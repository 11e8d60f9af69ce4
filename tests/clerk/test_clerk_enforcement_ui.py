"""The outcomes of burgerzaken where the coordinator works, and a refusal on the officer's
laptop, driven by their buttons.

With INSPECTOR_CLERK_SHOTS=DIR the screenshots go to DIR (docs/screenshots for the README):
``planning-burgerzaken.png`` (the coordinator's tab) and ``registration-refused.png``."""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select
from test_clerk_enforcement_notices import coordinator_store, decided

from inspector import localtime
from inspector.clerk.desk import notice_id
from inspector.planning.manager import PlanningManager
from inspector.planning.models import PlannedVisit
from inspector.server.models import ServiceNotice
from inspector.sync import client
from inspector.sync.trust import canonical_json

TODAY = localtime.today()


def _shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("INSPECTOR_CLERK_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _table(table: Any) -> list[list[str]]:
    return [
        [(table.item(r, c).text() if table.item(r, c) else "") for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_the_coordinator_sees_the_outcomes_per_address_and_the_refused_notice(
    qtbot: Any, world: Any, tmp_path: Path
) -> None:
    from inspector.ui.planning.planning_page import PlanningPage

    office, svc, _ = world
    laptop, desk, ids, insp = decided(world)
    assert desk.post_outcomes() == (3, [])
    # One notice is changed at the service: the coordinator must refuse it.
    with svc.db.session() as s:
        wanted = ServiceNotice.notice_id == notice_id(ids["Exemplu"])
        row = s.scalars(select(ServiceNotice).where(wanted)).one()
        doc = json.loads(row.sealed)
        doc["header"]["created"] = "2020-01-01T00:00:00Z"
        row.sealed = canonical_json(doc)

    coordinator = coordinator_store(tmp_path / "coordinator", office)
    # The planned visit of that inspection came back earlier (what ``collect_outcomes`` keeps):
    # Anna was found living there without being registered.
    anna_resident = laptop.registrations.get(ids["anna"], audit_view=False).resident_id
    with coordinator.unit() as s:
        s.add(
            PlannedVisit(
                side="coordinator", visit_date=TODAY, slot="09:00-12:00", position=0,
                state="reported",
                content={"key": "2801AB-12A", "address": "Voorbeeldstraat 12 A",
                         "postcode": "2801 AB", "city": "Gouda", "reasons": ["veel bewoners"],
                         "persons": [], "officers": ["T. Handhaver"], "devices": []},
                outcome={"record_id": "r-1", "inspection_id": insp, "reference": None,
                         "findings": 1, "marks": [],
                         "found": [{"resident_id": anna_resident, "name": "Anna P."}]},
            )
        )  # fmt: skip
    planning = PlanningManager(coordinator)
    planning.link("http://service.test", svc.user("coordinator"))
    page = PlanningPage(coordinator, today=TODAY)
    qtbot.addWidget(page)
    # The page's manager talks to the in-process service (the real code, its transport given).
    for name in ("collect_outcomes", "collect_notices"):
        method = getattr(page.planning, name)
        setattr(page.planning, name, functools.partial(method, transport=svc.transport))
    page.resize(1366, 768)
    page.show()
    qtbot.waitUntil(page.rank_button.isEnabled, timeout=30_000)
    page.tabs.setCurrentIndex(2)
    assert _table(page.notices_table) == []
    with qtbot.waitSignal(page.networkDone, timeout=60_000):
        qtbot.mouseClick(page.notices_outcomes_button, Qt.MouseButton.LeftButton)
    rows = _table(page.notices_table)
    assert len(rows) == 2, rows
    by_what = {r[3].split(" (")[0]: r for r in rows}
    day = f"{localtime.today():%d-%m-%Y}"
    assert by_what["ingeschreven"][3] == f"ingeschreven (verwerkt op {day})"
    assert by_what["ingeschreven"][2] == "Anna P."  # the name the visit reported
    assert by_what["geweigerd"][3] == f"geweigerd ({day})"
    assert all("Voorbeeldstraat 12 A" in r[0] for r in rows)
    assert page.refused_label.isVisible()
    assert page.refused_label.text().startswith("1 ")
    assert "de handtekening klopt niet" in page.refused_label.text()  # the page is Dutch
    assert "does not verify" in page.refused_label.toolTip()
    assert "1 notices refused" in page.status.text() or "geweigerd" in page.status.text()
    # The same visit in the planning tab's list: who, and what burgerzaken did.
    page.tabs.setCurrentIndex(1)
    results = _table(page.results)
    assert len(results) == 1
    # Anna by the name the visit reported her found with; Jana was not on the visit's lists.
    assert results[0][3].splitlines() == [
        f"Anna P.: ingeschreven (verwerkt op {day})",
        f"bewoner: geweigerd ({day})",
    ]
    page.tabs.setCurrentIndex(2)
    QApplication.processEvents()
    hint = page.minimumSizeHint()
    assert hint.width() <= 1366 and hint.height() <= 768
    page.grab().save(str(_shots(tmp_path) / "planning-burgerzaken.png"))
    # Pressed again: nothing new, nothing twice.
    with qtbot.waitSignal(page.networkDone, timeout=60_000):
        qtbot.mouseClick(page.notices_outcomes_button, Qt.MouseButton.LeftButton)
    assert len(_table(page.notices_table)) == 2
    coordinator.close()


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_a_refusal_makes_the_laptop_registration_refused(
    qtbot: Any, world: Any, tmp_path: Path
) -> None:
    from inspector.core import registrations as en
    from inspector.core.workspace import WorkspaceError
    from inspector.ui.registration.listview import RegistrationListWidget
    from inspector.ui.registration.wizard import STEP_CONSENT, STEP_DONE, RegistrationWizard

    _office, svc, _ = world
    laptop, desk, ids, insp = decided(world)
    assert desk.post_outcomes() == (3, [])
    assert client.sync_once(laptop, svc.transport).pulled == 3
    jana = laptop.registrations.get(ids["jana"], audit_view=False)
    assert jana.state == en.REFUSED
    refused = en.refusal(jana)
    assert refused is not None
    assert refused.reason == "Geen geldig identiteitsdocument getoond"
    assert refused.decided_on == localtime.today()
    # Pulled again: applied once.
    assert client.sync_once(laptop, svc.transport).pulled == 0
    assert laptop.registrations.get(ids["jana"], audit_view=False).state == en.REFUSED

    # What a refused registration must not do, with a clear message.
    for action in (
        lambda: laptop.registrations.correct(ids["jana"]),
        lambda: laptop.registrations.sign(ids["jana"]),
        lambda: laptop.registrations.record_processing(
            ids["jana"], bsn="111222333", registration_date=localtime.today()
        ),
    ):
        with pytest.raises(WorkspaceError) as caught:
            action()
        assert "geweigerd" in caught.value.message.nl  # type: ignore[attr-defined]

    # The list: the state and the count.
    widget = RegistrationListWidget(laptop, insp)
    qtbot.addWidget(widget)
    model = widget.model
    status = model.COLUMNS.index("status")
    shown = {
        model.data(model.index(r, 0)): str(model.data(model.index(r, status)))
        for r in range(model.rowCount())
    }
    # (English here; Dutch when the screenshots are made with the translation installed.)
    assert shown["Jana V."] in ("Refused by burgerzaken", "Geweigerd door burgerzaken")
    summary = widget.summary.text()
    assert "refused by burgerzaken: 1" in summary or "geweigerd door burgerzaken: 1" in summary

    # The registration itself (opened from the list with Enter): the refusal with its reason;
    # no correction; a new registration instead.
    widget.show()
    row = next(r for r in range(model.rowCount()) if model.data(model.index(r, 0)) == "Jana V.")
    rect = widget.view.visualRect(model.index(row, 0))
    qtbot.mouseClick(widget.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(widget.open_requested) as opened:
        qtbot.keyClick(widget.view, Qt.Key.Key_Return)
    assert opened.args == [jana.resident_id]
    wizard = RegistrationWizard(laptop, insp, opened.args[0])
    qtbot.addWidget(wizard)
    wizard.resize(1366, 740)
    wizard.show()
    assert wizard.current_step() == STEP_DONE
    page = wizard.done_page
    assert page.refusal_label.isVisible()
    assert page.refusal_label.text().split(": ", 1)[0] in (
        "Refused by burgerzaken", "Geweigerd door burgerzaken",
    )  # fmt: skip
    assert "burgerzaken: Geen geldig identiteitsdocument getoond" in page.refusal_label.text()
    assert not page.correct_button.isEnabled()
    assert page.new_button.isVisible()
    wizard.grab().save(str(_shots(tmp_path) / "registration-refused.png"))
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    assert wizard.current_step() == STEP_CONSENT
    assert wizard.registration_id is None
