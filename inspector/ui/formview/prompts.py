"""The few questions the form screens ask in a dialog; one place so tests can answer them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

if TYPE_CHECKING:
    from inspector.core.workspace import Workspace


def confirm(parent: QWidget, title: str, text: str) -> bool:
    """Yes/No, with No as the default (removing is the dangerous answer)."""
    answer = QMessageBox.question(
        parent,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def choose_file(parent: QWidget, title: str, filters: str, ws: Workspace | None = None) -> str:
    """A file to attach, or '' when the officer cancels; with *ws* the dialog starts in the
    Pictures folder, then where the last picture came from (``saving.ask_picture_path``)."""
    if ws is not None:
        from inspector.ui.saving import ask_picture_path

        return ask_picture_path(parent, ws, title, filters)
    path, _selected = QFileDialog.getOpenFileName(parent, title, "", filters)
    return path


def tell(parent: QWidget, title: str, text: str) -> None:
    QMessageBox.warning(parent, title, text)
