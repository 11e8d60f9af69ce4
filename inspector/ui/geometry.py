"""Window sizes that fit the screen (1366x768 laptops, 1920x1080 at 150 %), and remembering
whether a window was maximized."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

#: The smallest screen every window must fit, in logical pixels: 1920x1080 at 150 % scaling
#: (1280x720) minus a task bar, and 1366x768 minus task bar and title bar.
SMALLEST_SCREEN = QSize(1280, 680)
#: Room for the frame the window manager adds: a border of half the width on each side, and
#: above the window a title bar (the height less one border).
FRAME = QSize(16, 40)


def available(widget: QWidget | None = None) -> QRect:
    """The free desktop area of the screen the widget is on (or the primary screen)."""
    screen = widget.screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    if screen is None:
        return QRect(0, 0, SMALLEST_SCREEN.width(), SMALLEST_SCREEN.height())
    return screen.availableGeometry()


def fitted(preferred: QSize, area: QRect) -> QRect:
    """*preferred*, made smaller where the area (less the window frame) is smaller, centred."""
    room = QSize(max(area.width() - FRAME.width(), 200), max(area.height() - FRAME.height(), 200))
    size = preferred.boundedTo(room)
    border = FRAME.width() // 2
    x = area.x() + border + (room.width() - size.width()) // 2
    y = area.y() + FRAME.height() - border + (room.height() - size.height()) // 2
    return QRect(x, y, size.width(), size.height())


def fit_to_screen(widget: QWidget, preferred: QSize) -> None:
    """Give a new window its preferred size, but never larger than the screen it opens on."""
    widget.setGeometry(fitted(preferred, available(widget)))


def window_state(widget: QWidget) -> dict[str, Any]:
    """What to keep of a window between sessions (no personal data: a size and a flag)."""
    return {
        "maximized": bool(widget.windowState() & Qt.WindowState.WindowMaximized),
        "geometry": bytes(widget.saveGeometry().toHex().data()).decode("ascii"),
    }


def restore_window_state(widget: QWidget, state: Any, preferred: QSize) -> bool:
    """Apply what `window_state` kept; a size that no longer fits the screen is fitted again.
    Returns whether the window is to be shown maximized."""
    fit_to_screen(widget, preferred)
    if not isinstance(state, dict):
        return False
    geometry = state.get("geometry")
    if isinstance(geometry, str) and geometry:
        try:
            widget.restoreGeometry(QByteArray.fromHex(geometry.encode("ascii")))
        except (UnicodeEncodeError, ValueError):
            pass
        area = available(widget)
        if not area.contains(widget.geometry()):
            fit_to_screen(widget, widget.size())
    maximized = bool(state.get("maximized"))
    if maximized:
        widget.setWindowState(widget.windowState() | Qt.WindowState.WindowMaximized)
    return maximized
