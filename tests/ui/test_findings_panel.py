"""Issue 9.15 / 12.8: the findings list shows advice as advice, never "below the norm"."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt

from inspector.rules import compute
from inspector.settings import Norms
from inspector.ui.findings_panel import FindingsPanel


def _rows(panel: FindingsPanel) -> list[tuple[str, str, Any]]:
    findings = panel.tree.topLevelItem(0)
    return [
        (
            findings.child(i).text(0),
            findings.child(i).text(1),
            findings.child(i).data(0, Qt.ItemDataRole.UserRole),
        )
        for i in range(findings.childCount())
    ]


def test_bedroom_crowding_is_shown_as_advice(qtbot: Any) -> None:
    panel = FindingsPanel(language="nl")
    qtbot.addWidget(panel)
    result = compute(
        {"persons_present": 2, "floor_area_m2": 60, "bedrooms": [{"area_m2": 12, "persons": 2}]},
        [],
        Norms(),
        today=date(2026, 11, 27),
    )
    panel.show_result(result, {})
    crowd = [r for r in _rows(panel) if r[2][1] == "persons_per_bedroom"]
    assert len(crowd) == 1
    text, outcome, data = crowd[0]
    assert data[2] == "advice" and "advies" in text
    assert outcome == "advice not followed"  # English source; Dutch: "advies niet gevolgd"
    assert outcome != "below the norm"
    # Not counted among the findings below the norm.
    assert panel.summary.text().startswith("0 finding(s) below the norm")
