"""Saving a file the officer asked for: the Documents folder first, then the last one used;
a name that says what it is; a plain confirmation afterwards."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from inspector.core.workspace import Workspace

_KEY = "save_folder"


def start_folder(ws: Workspace) -> Path:
    """The folder the last file was saved in, else the user's Documents folder."""
    last = ws.load_ui_state().get(_KEY)
    if isinstance(last, str) and last and Path(last).is_dir():
        return Path(last)
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if documents and Path(documents).is_dir():
        return Path(documents)
    return Path.home()


def remember_folder(ws: Workspace, path: Path) -> None:
    state = ws.load_ui_state()
    if state.get(_KEY) != str(path.parent):
        state[_KEY] = str(path.parent)
        ws.save_ui_state(state)


def ask_save_path(
    parent: QWidget, ws: Workspace, title: str, name: str, pattern: str
) -> Path | None:
    """Ask where to save *name* (its suffix is kept); None when the officer cancels."""
    suffix = Path(name).suffix
    chosen, _selected = QFileDialog.getSaveFileName(
        parent, title, str(start_folder(ws) / name), pattern
    )
    if not chosen:
        return None
    path = Path(chosen)
    if suffix and path.suffix.lower() != suffix.lower():
        path = path.with_name(path.name + suffix)
    return path
