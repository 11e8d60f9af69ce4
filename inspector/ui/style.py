"""The app's look: calm colours, large touch targets, readable at 150 % scaling."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QComboBox, QStyledItemDelegate

STYLE_SHEET = """
QPushButton { min-height: 34px; padding: 2px 14px; border-radius: 4px;
              border: 1px solid #9aa5b1; background: #f7f9fb; }
QPushButton:hover { background: #e8eef5; }
QPushButton:pressed, QPushButton:checked { background: #d3e3f4; border-color: #2f6fae; }
QPushButton:default { border: 2px solid #2f6fae; }
QPushButton:disabled { color: #9aa5b1; background: #f0f0f0; }
QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QDateEdit, QSpinBox {
    min-height: 32px; padding: 1px 6px; border: 1px solid #9aa5b1; border-radius: 3px;
    background: white; }
QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus, QComboBox:focus {
    border: 2px solid #2f6fae; }
QComboBox QAbstractItemView { background: white; color: #1a1a1a; border: 1px solid #9aa5b1;
    selection-background-color: #2f6fae; selection-color: white; outline: 0; }
QComboBox QAbstractItemView::item { min-height: 28px; padding: 2px 6px; }
QListWidget::item { min-height: 30px; padding: 2px 6px; }
QListWidget::item:selected { background: #2f6fae; color: white; }
QTreeWidget::item { min-height: 26px; }
QCheckBox, QRadioButton { min-height: 30px; spacing: 8px; }
QCheckBox::indicator, QRadioButton::indicator { width: 20px; height: 20px; }
QStatusBar { min-height: 26px; }
QStatusBar QPushButton { min-height: 20px; padding: 1px 10px; }
"""


class _PlainComboItems(QObject):
    """Drop-down lists draw their items as plain list items: with a style sheet on QComboBox,
    Qt's menu-like item drawing paints the current item as an empty white row."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if (
            event.type() == QEvent.Type.Polish
            and isinstance(watched, QComboBox)
            and not isinstance(watched.itemDelegate(), QStyledItemDelegate)
        ):
            watched.setItemDelegate(QStyledItemDelegate(watched))
        return False


def install_style(app: QApplication) -> None:
    """The style sheet, and the fix for drop-down lists that goes with it."""
    app.setStyleSheet(STYLE_SHEET)
    if not any(isinstance(c, _PlainComboItems) for c in app.children()):
        app.installEventFilter(_PlainComboItems(app))
