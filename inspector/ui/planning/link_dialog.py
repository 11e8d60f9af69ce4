"""OfficeLinkDialog: the coordinator links the planning screen to the office service once (its
address and the coordinator's access code, kept encrypted in the store) and changes it here."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from inspector.error_kinds import message_for
from inspector.planning.manager import PlanningError, PlanningManager
from inspector.ui.style import ERROR, Role, set_role, span


class OfficeLinkDialog(QDialog):
    """Address and access code of the office service; saving checks and keeps them."""

    def __init__(
        self, planning: PlanningManager, lang: str = "nl", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("office_link")
        self.setWindowTitle(self.tr("Link to the office service"))
        self.planning = planning
        self.lang = lang
        current = planning.linked_to()
        self.server = QLineEdit(current or "")
        self.server.setObjectName("server_url")
        self.server.setPlaceholderText("https://sync.gemeente.example")
        self.server.setMinimumWidth(360)
        self.token = QLineEdit()
        self.token.setObjectName("access_code")
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.token.setPlaceholderText(
            self.tr("unchanged") if current else self.tr("coordinator's access code")
        )
        note = QLabel(
            self.tr(
                "The access code is kept encrypted on this computer and is used only for this "
                "service; for another service, fill in its own code."
            )
        )
        note.setWordWrap(True)
        set_role(note, Role.SECONDARY)
        self.message = QLabel()
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("Save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(lambda: self.save())
        buttons.rejected.connect(lambda: self.reject())
        form = QFormLayout()
        form.addRow(self.tr("Office service"), self.server)
        form.addRow(self.tr("Access code"), self.token)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def save(self) -> None:
        try:
            self.planning.link(self.server.text(), self.token.text())
        except PlanningError as exc:
            text = message_for(exc, self.lang)
            self.message.setText(span(escape(text), ERROR))
            return
        self.accept()
