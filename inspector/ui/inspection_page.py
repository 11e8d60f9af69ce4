"""One open inspection: its parts (control location, location, residents, findings, letters)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from inspector.core.workspace import Workspace


class InspectionPage(QWidget):
    def __init__(self, workspace: Workspace, inspection_id: str, window: Any) -> None:
        super().__init__()
        self.workspace = workspace
        self.inspection_id = inspection_id
        self.window_ = window
        detail = workspace.get_inspection(inspection_id)
        s = detail.summary
        layout = QVBoxLayout(self)
        self.header = QLabel(f"<h2>{s.address}</h2><p>{s.postcode} {s.city} · {s.reference}</p>")
        layout.addWidget(self.header)
        layout.addStretch(1)

    def restore(self, where: dict[str, Any]) -> None:
        pass
