"""A message in a fixed number of lines: nothing below it moves when it appears or grows.

A text longer than its lines is cut at the end of the last line with "…" and a "more" link
that shows it whole; the whole text is also the tooltip and what ``text()`` returns.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

if TYPE_CHECKING:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QResizeEvent

# The unlock window (the first frame) builds a MessageLabel: what only a shown message needs
# (Qt's namespace, whose ~100 enums cost 100+ ms when first touched; text layout; html
# escaping; the message box) is imported when a message is shown, never at import.


class MessageLabel(QLabel):
    """A QLabel that keeps the height of *lines* lines of text, shown or hidden."""

    def __init__(self, lines: int = 2, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lines = max(1, lines)
        self._full = ""
        self.cut = False
        self._aligned = False
        # No Qt.* enum here: the unlock window (the first frame) builds one, and touching the
        # Qt namespace costs the first frame 25-50 ms (see ui/dialogs.py); "<qt>" marks the
        # shown text as rich text instead of Qt.TextFormat.
        super().setWordWrap(False)
        self.linkActivated.connect(lambda _link: self.show_whole())
        policy = self.sizePolicy()
        policy.setHorizontalPolicy(QSizePolicy.Policy.Ignored)  # never widens its window
        policy.setVerticalPolicy(QSizePolicy.Policy.Fixed)
        policy.setRetainSizeWhenHidden(True)
        self.setSizePolicy(policy)
        self._fit_height()

    # -- the text -------------------------------------------------------------------------------

    def setText(self, text: str) -> None:  # noqa: N802 - Qt naming
        self._full = text or ""
        self.setToolTip(self._full if self._full else "")
        if self._full and not self._aligned:
            from PySide6.QtCore import Qt

            self._aligned = True
            self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self._show()

    def setWordWrap(self, on: bool) -> None:  # noqa: N802 - Qt naming
        """Ignored: the label wraps its text itself, into its fixed lines."""

    def setTextInteractionFlags(self, flags: Qt.TextInteractionFlag) -> None:  # noqa: N802
        """Whatever the caller allows, the "more" link stays clickable."""
        from PySide6.QtCore import Qt

        super().setTextInteractionFlags(
            flags
            | Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )

    def text(self) -> str:
        """The whole message (also when the label shows it cut)."""
        return self._full

    def clear(self) -> None:
        self.setText("")

    def shown_text(self) -> str:
        """What the label shows, as plain text ("…" and the link's word included)."""
        from PySide6.QtGui import QTextDocument

        document = QTextDocument()
        document.setHtml(super().text())
        return document.toPlainText()

    def show_whole(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.information(self.window(), self.window().windowTitle(), self._full)

    # -- layout ---------------------------------------------------------------------------------

    def changeEvent(self, event: object) -> None:  # noqa: N802 - Qt naming
        super().changeEvent(event)  # type: ignore[arg-type]
        self._fit_height()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt naming
        super().resizeEvent(event)
        self._show()

    def _fit_height(self) -> None:
        margins = self.contentsMargins()
        frame = 2 * self.frameWidth() + margins.top() + margins.bottom()
        self.setFixedHeight(self.fontMetrics().lineSpacing() * self.lines + frame + 2)

    def _wrapped(self, text: str, width: int) -> list[str]:
        """*text* broken into lines of at most *width* pixels, as the label would wrap it."""
        from PySide6.QtGui import QTextLayout, QTextOption

        out: list[str] = []
        for paragraph in text.split("\n"):
            layout = QTextLayout(paragraph, self.font())
            option = QTextOption()
            option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
            layout.setTextOption(option)
            layout.beginLayout()
            while True:
                line = layout.createLine()
                if not line.isValid():
                    break
                line.setLineWidth(width)
                out.append(paragraph[line.textStart() : line.textStart() + line.textLength()])
            layout.endLayout()
        return [line.rstrip() for line in out]

    def _show(self) -> None:
        if not self._full:
            super().setText("")
            return
        import html

        width = max(20, self.contentsRect().width() - 2)
        lines = self._wrapped(self._full, width)
        self.cut = len(lines) > self.lines
        if not self.cut:
            super().setText("<qt>" + "<br>".join(html.escape(line) for line in lines))
            return
        from PySide6.QtCore import Qt

        more = self.tr("more…")
        metrics = self.fontMetrics()
        room = width - metrics.horizontalAdvance(" " + more) - metrics.horizontalAdvance("…")
        last = " ".join(lines[self.lines - 1 :])
        tail = metrics.elidedText(last, Qt.TextElideMode.ElideRight, max(10, room))
        shown = [html.escape(line) for line in lines[: self.lines - 1]]
        shown.append(f'{html.escape(tail)} <a href="more">{html.escape(more)}</a>')
        super().setText("<qt>" + "<br>".join(shown))
