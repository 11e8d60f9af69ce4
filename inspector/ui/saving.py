"""Saving a file the officer asked for: the Documents folder first, then the last one used;
a name that says what it is; a plain confirmation afterwards. Opening a photo or a scan: the
Pictures folder first, then the last one a picture came from (never the program's folder)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from inspector.core.workspace import Workspace

_KEY = "save_folder"
_OPEN_KEY = "picture_folder"


def start_folder(ws: Workspace) -> Path:
    """The folder the last file was saved in, else the user's Documents folder."""
    last = ws.load_ui_state().get(_KEY)
    if isinstance(last, str) and last and Path(last).is_dir():
        return Path(last)
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if documents and Path(documents).is_dir():
        return Path(documents)
    return Path.home()


def picture_folder(ws: Workspace) -> Path:
    """The folder the last photo or scan came from, else the user's Pictures folder."""
    last = ws.load_ui_state().get(_OPEN_KEY)
    if isinstance(last, str) and last and Path(last).is_dir():
        return Path(last)
    pictures = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
    if pictures and Path(pictures).is_dir():
        return Path(pictures)
    return Path.home()


def ask_picture_path(parent: QWidget, ws: Workspace, title: str, pattern: str) -> str:
    """Ask for a photo or scan to open, starting in ``picture_folder``; remembers the folder.
    '' when the officer cancels."""
    chosen, _selected = QFileDialog.getOpenFileName(
        parent, title, str(picture_folder(ws)), pattern
    )
    if chosen:
        folder = str(Path(chosen).parent)
        state = ws.load_ui_state()
        if state.get(_OPEN_KEY) != folder:
            state[_OPEN_KEY] = folder
            ws.save_ui_state(state)
    return chosen


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
