"""The app's look: calm colours, large touch targets, readable at 150 % scaling."""

from __future__ import annotations

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
QListWidget::item { min-height: 30px; padding: 2px 6px; }
QListWidget::item:selected { background: #2f6fae; color: white; }
QTreeWidget::item { min-height: 26px; }
QCheckBox, QRadioButton { min-height: 30px; spacing: 8px; }
QCheckBox::indicator, QRadioButton::indicator { width: 20px; height: 20px; }
QStatusBar { min-height: 26px; }
"""
