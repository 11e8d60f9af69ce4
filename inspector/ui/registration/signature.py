"""The signature pad: strokes drawn with mouse, pen or finger, with undo, redo and clear."""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QTabletEvent,
    QTouchEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from inspector.ui import style
from inspector.ui.imaging import encode

#: One point: x, y (widget pixels) and milliseconds since the stroke began.
Point = tuple[float, float, float]
Stroke = list[Point]


class SignaturePad(QWidget):
    """A white area to sign on. Each press-move-release is one stroke.

    Signals:
        changed: a stroke was added, undone, redone or everything was cleared.
    """

    changed = Signal()

    INK = QColor(style.INK)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signature_pad")
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, True)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents, True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumSize(480, 180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setAccessibleName(self.tr("Signature area"))
        self.strokes: list[Stroke] = []
        self._redo: list[Stroke] = []
        self._current: Stroke | None = None
        self._started = 0.0
        self._read_only = False

    # -- state ---------------------------------------------------------------------------

    @property
    def is_empty(self) -> bool:
        return not any(len(s) > 1 for s in self.strokes)

    @property
    def read_only(self) -> bool:
        return self._read_only

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.setCursor(Qt.CursorShape.ArrowCursor if read_only else Qt.CursorShape.CrossCursor)

    def set_strokes(self, strokes: list[list[list[float]]]) -> None:
        """Show stored strokes (e.g. a signed registration)."""
        self.strokes = [[(p[0], p[1], p[2] if len(p) > 2 else 0.0) for p in s] for s in strokes]
        self._redo.clear()
        self.update()

    def clear(self) -> None:
        if not self.strokes and self._current is None:
            return
        self.strokes.clear()
        self._redo.clear()
        self._current = None
        self.update()
        self.changed.emit()

    def undo(self) -> None:
        if self.strokes:
            self._redo.append(self.strokes.pop())
            self.update()
            self.changed.emit()

    def redo(self) -> None:
        if self._redo:
            self.strokes.append(self._redo.pop())
            self.update()
            self.changed.emit()

    @property
    def can_undo(self) -> bool:
        return bool(self.strokes)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    # -- input ---------------------------------------------------------------------------

    def _begin(self, pos: QPointF) -> None:
        if self._read_only:
            return
        self._started = time.monotonic()
        self._current = [(pos.x(), pos.y(), 0.0)]
        self.strokes.append(self._current)
        self._redo.clear()
        self.update()

    def _extend(self, pos: QPointF) -> None:
        if self._current is None:
            return
        last = self._current[-1]
        if abs(last[0] - pos.x()) < 0.5 and abs(last[1] - pos.y()) < 0.5:
            return
        elapsed = (time.monotonic() - self._started) * 1000.0
        self._current.append((pos.x(), pos.y(), elapsed))
        self.update()

    def _end(self, pos: QPointF) -> None:
        if self._current is None:
            return
        self._extend(pos)
        if len(self._current) == 1:
            # A tap makes a dot: keep it visible as a tiny stroke.
            x, y, t = self._current[0]
            self._current.append((x + 0.6, y + 0.6, t))
        self._current = None
        self.update()
        self.changed.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            self._begin(event.position())
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self._extend(event.position())
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            self._end(event.position())
        event.accept()

    def tabletEvent(self, event: QTabletEvent) -> None:  # noqa: N802
        kind = event.type()
        if kind == QEvent.Type.TabletPress:
            self._begin(event.position())
        elif kind == QEvent.Type.TabletMove:
            self._extend(event.position())
        elif kind == QEvent.Type.TabletRelease:
            self._end(event.position())
        # Accepted: Qt then does not also synthesise mouse events for the pen.
        event.accept()

    def event(self, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd):
            assert isinstance(event, QTouchEvent)
            points = event.points()
            if points:
                pos = points[0].position()
                if kind == QEvent.Type.TouchBegin:
                    self._begin(pos)
                elif kind == QEvent.Type.TouchUpdate:
                    self._extend(pos)
                else:
                    self._end(pos)
            event.accept()
            return True
        if kind == QEvent.Type.TouchCancel:
            if self._current is not None and self.strokes:
                self.strokes.pop()
            self._current = None
            self.update()
            return True
        return super().event(event)

    # -- output --------------------------------------------------------------------------

    def _paths(self) -> list[QPainterPath]:
        paths = []
        for stroke in self.strokes:
            if not stroke:
                continue
            path = QPainterPath(QPointF(stroke[0][0], stroke[0][1]))
            for x, y, _t in stroke[1:]:
                path.lineTo(QPointF(x, y))
            paths.append(path)
        return paths

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        # The line to sign on, as on paper.
        base = self.height() * 0.78
        painter.setPen(QPen(QColor(style.GUIDE), 1, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(24, base), QPointF(self.width() - 24, base))
        painter.drawText(QPointF(10, base - 4), "✕")
        painter.setPen(QPen(QColor(style.GUIDE_LIGHT), 1))
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        painter.setPen(self._pen())
        for path in self._paths():
            painter.drawPath(path)
        if self.hasFocus():
            painter.setPen(QPen(self.palette().highlight().color(), 2))
            painter.drawRect(self.rect().adjusted(1, 1, -2, -2))
        painter.end()

    def _pen(self, scale: float = 1.0) -> QPen:
        pen = QPen(self.INK, 2.6 * scale)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        return pen

    def bounds(self) -> QRectF:
        rect = QRectF()
        for path in self._paths():
            rect = rect.united(path.boundingRect())
        return rect

    def to_image(self, scale: float = 2.0) -> QImage:
        """The strokes on a transparent background, cropped to the ink with a margin."""
        rect = self.bounds().adjusted(-8, -8, 8, 8)
        if rect.isEmpty():
            rect = QRectF(0, 0, max(1, self.width()), max(1, self.height()))
        image = QImage(
            max(1, int(rect.width() * scale)),
            max(1, int(rect.height() * scale)),
            QImage.Format.Format_ARGB32,
        )
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.scale(scale, scale)
        painter.translate(-rect.topLeft())
        painter.setPen(self._pen())
        for path in self._paths():
            painter.drawPath(path)
        painter.end()
        return image

    def to_png(self, scale: float = 2.0) -> bytes:
        return encode(self.to_image(scale), "PNG")

    def stroke_data(self) -> list[list[list[float]]]:
        return [[[x, y, t] for x, y, t in stroke] for stroke in self.strokes]
