"""Saving a file the officer asked for: the Documents folder first, then the last one used;
a name that says what it is; a plain confirmation afterwards. Opening a file: a photo or a
scan starts in the Pictures folder, a list or a document in the Documents folder, then in the
folder the last one of that kind came from (never the program's folder)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from inspector.core.workspace import Workspace

_KEY = "save_folder"
_OPEN_KEY = "picture_folder"
_DOCUMENT_KEY = "document_folder"


def start_folder(ws: Workspace) -> Path:
    """The folder the last file was saved in, else the user's Documents folder."""
    return _remembered(ws, _KEY) or _standard_folder(
        QStandardPaths.StandardLocation.DocumentsLocation
    )


def _standard_folder(which: QStandardPaths.StandardLocation) -> Path:
    found = QStandardPaths.writableLocation(which)
    if found and Path(found).is_dir():
        return Path(found)
    return Path.home()


def _remembered(ws: Workspace, key: str) -> Path | None:
    last = ws.load_ui_state().get(key)
    if isinstance(last, str) and last and Path(last).is_dir():
        return Path(last)
    return None


def picture_folder(ws: Workspace) -> Path:
    """The folder the last photo or scan came from, else the user's Pictures folder."""
    return _remembered(ws, _OPEN_KEY) or _standard_folder(
        QStandardPaths.StandardLocation.PicturesLocation
    )


def document_folder(ws: Workspace) -> Path:
    """The folder the last list or document was opened from, else the user's Documents
    folder."""
    return _remembered(ws, _DOCUMENT_KEY) or _standard_folder(
        QStandardPaths.StandardLocation.DocumentsLocation
    )


def _ask_open(parent: QWidget, ws: Workspace, title: str, pattern: str, key: str) -> str:
    start = picture_folder(ws) if key == _OPEN_KEY else document_folder(ws)
    chosen, _selected = QFileDialog.getOpenFileName(parent, title, str(start), pattern)
    if chosen:
        folder = str(Path(chosen).parent)
        state = ws.load_ui_state()
        if state.get(key) != folder:
            state[key] = folder
            ws.save_ui_state(state)
    return chosen


def ask_picture_path(parent: QWidget, ws: Workspace, title: str, pattern: str) -> str:
    """Ask for a photo or scan to open, starting in ``picture_folder``; remembers the folder.
    '' when the officer cancels."""
    return _ask_open(parent, ws, title, pattern, _OPEN_KEY)


def ask_document_path(parent: QWidget, ws: Workspace, title: str, pattern: str) -> str:
    """Ask for a list or document to open, starting in ``document_folder``; remembers the
    folder. '' when the officer cancels."""
    return _ask_open(parent, ws, title, pattern, _DOCUMENT_KEY)


def ask_folder(parent: QWidget, ws: Workspace, title: str) -> Path | None:
    """Ask for a folder to save several files in, starting in ``start_folder``; None when the
    officer cancels. The folder is remembered once something was saved there
    (``remember_folder``)."""
    chosen = QFileDialog.getExistingDirectory(parent, title, str(start_folder(ws)))
    return Path(chosen) if chosen else None


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
