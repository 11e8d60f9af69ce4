"""Issue 18 → 15: the persons a planned visit found for an address investigation reach
burgerzaken's desk with the inspection record, in their own tab."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from sqlalchemy import text

from inspector.clerk import receive
from inspector.clerk.desk import ClerkDesk
from inspector.sync import keys
from inspector.ui.clerk.desk import ClerkDeskWidget


def _payload(record: str, inspection: str, found: list[str]) -> dict[str, Any]:
    return {
        "kind": "inspection",
        "inspection": {
            "id": inspection, "reference": f"2026-TEST-{record[-1]}",
            "location": {"address": "Proefstraat 13", "postcode": "7100 AB", "city": "Proefdorp"},
        },
        "findings": [],
        "address_investigation": {
            "visit_id": "v1",
            "marks": [
                {"person_id": "p1", "name": "Anna Testowa", "mark": "not_here"},
                {"person_id": "p2", "name": "Jan Proefman", "mark": "lives_here"},
                {"person_id": "p3", "name": "Piet Onbekend", "mark": "unknown"},
            ],
            "found": [{"resident_id": "r1", "name": n} for n in found],
        },
    }  # fmt: skip


def _receive(ws: Any, record: str, version: int, payload: dict[str, Any]) -> None:
    meta = {"record_id": record, "version": version, "received_at": "2026-11-30T10:00:00+00:00"}
    with ws.unit() as s:
        receive.store_inspection(ws, s, meta, payload)


def test_found_residents_are_listed_for_burgerzaken_in_their_tab(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    with workspace.unit() as s:
        keys.create_recipient_key(s, "registry")
    inspection = "11111111-1111-4111-8111-111111111111"
    _receive(workspace, "rec-1", 1, _payload("rec-1", inspection, ["Nowak Proef"]))
    # A corrected version of the same inspection replaces the first one's list.
    _receive(workspace, "rec-2", 2, _payload("rec-2", inspection, ["Nowak Proef", "Ewa Proef"]))
    # An inspection that was not a planned visit has nothing for the list.
    plain = _payload("rec-3", "22222222-2222-4222-8222-222222222222", [])
    del plain["address_investigation"]
    _receive(workspace, "rec-3", 1, plain)

    desk = ClerkDesk(workspace)
    widget = ClerkDeskWidget(desk)
    qtbot.addWidget(widget)
    widget.resize(1366, 740)
    widget.show()
    table = widget.investigations.table
    assert table.rowCount() == 0  # read only when the tab is opened (the view is audited)
    bar = widget.tabs.tabBar()
    index = next(
        i for i in range(widget.tabs.count()) if widget.tabs.tabText(i) == "Adresonderzoek"
    )
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert widget.tabs.currentIndex() == index
    rows = {(table.item(r, 2).text(), table.item(r, 3).text()) for r in range(table.rowCount())}
    assert rows == {
        ("Anna Testowa", "ingeschreven, woont er niet"),
        ("Nowak Proef", "woont er, niet ingeschreven"),
        ("Ewa Proef", "woont er, niet ingeschreven"),
    }
    assert table.item(0, 1).text() == "Proefstraat 13, 7100 AB Proefdorp"
    if os.environ.get("INSPECTOR_SCREENSHOTS"):
        shots = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
        widget.grab().save(str(shots / "clerk-address-investigations.png"))
    assert table.item(0, 0).text() == "2026-TEST-2"
    with workspace.unit() as s:
        actions = s.execute(text("SELECT action FROM audit_event")).scalars().all()
    assert "clerk.investigations_viewed" in actions
    # Encrypted at rest like the rest of what the clerk keeps.
    workspace.db.engine.dispose()
    assert b"Anna Testowa" not in workspace.paths.database.read_bytes()
