"""The app's look: calm colours, large touch targets, readable at 150 % scaling.

Every colour the screens use is named here, by what it means (one red for every error), and
a widget gets its look by role (:func:`set_role`), not by a style sheet of its own.
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtWidgets import QApplication, QWidget

#: Something is wrong or missing: messages, breaches, failed checks.
ERROR = "#b00020"
ERROR_BACKGROUND = "#fff0f0"
#: Done, saved, passed.
OK = "#2e7d32"
#: Passed checks and good outcomes in running text (darker than OK: on white, in small type).
OK_TEXT = "#1b5e20"
#: Needs attention but is not wrong: a notice, a lock, a missing setting.
NOTICE = "#8d4e00"
NOTICE_BACKGROUND = "#fff3e0"
NOTICE_BORDER = "#ffb74d"
#: Text inside a notice box (dark brown on the light orange).
NOTICE_TEXT = "#4e342e"
#: Advice (never a breach).
ADVICE = "#8d6e00"
#: Secondary text: hints, notes, the Dutch beside the resident's language, a progress count.
SECONDARY = "#555555"
#: Not known yet / not applicable.
UNKNOWN = "#6d6d6d"
#: Information the officer may read aloud or pass on (a note in a form, a registration kind).
INFO = "#0d47a1"
INFO_BACKGROUND = "#e8f1fb"
INFO_BORDER = "#1565c0"
#: The resident's own words are primary; the Dutch beside them is secondary (a shade darker
#: than SECONDARY: it is read aloud too).
TRANSLATION = "#4a4a4a"
#: A resident choosing to register (the "yes" of the consent).
YES_BACKGROUND = "#e3f2e1"
#: Behind a page preview (a PDF page on a grey desk).
PREVIEW_BACKGROUND = "#9e9e9e"
#: A signature: dark blue ink, on a pad with a dashed line to sign on.
INK = "#0d2a6b"
GUIDE = "#9e9e9e"
GUIDE_LIGHT = "#bdbdbd"
#: Registrations waiting for the office.
PENDING = "#e65100"
#: A neutral panel behind a line of state.
PANEL_BACKGROUND = "#f5f5f5"
PANEL_BORDER = "#dddddd"


class Role(StrEnum):
    """What a label (or frame) shows; its look follows from :data:`ROLE_STYLES`."""

    ERROR = "error"
    ERROR_STRONG = "error-strong"
    ERROR_BOX = "error-box"
    NOTICE = "notice"
    NOTICE_STRONG = "notice-strong"
    NOTICE_BOX = "notice-box"
    SAVED = "saved"
    SECONDARY = "secondary"
    SECONDARY_ITALIC = "secondary-italic"
    INFO_BOX = "info-box"
    PANEL = "panel"
    PLACEHOLDER = "placeholder"
    TRANSLATION = "translation"
    TRANSLATION_ITALIC = "translation-italic"


_BOX = "padding: 6px; border-radius: 3px;"
ROLE_STYLES: dict[Role, str] = {
    Role.ERROR: f"color: {ERROR};",
    Role.ERROR_STRONG: f"color: {ERROR}; font-weight: 600;",
    Role.ERROR_BOX: f"color: {ERROR}; background: {ERROR_BACKGROUND}; {_BOX}",
    Role.NOTICE: f"color: {NOTICE};",
    Role.NOTICE_STRONG: f"color: {NOTICE}; font-weight: 600;",
    Role.NOTICE_BOX: (
        f"color: {NOTICE_TEXT}; background: {NOTICE_BACKGROUND};"
        f" border: 1px solid {NOTICE_BORDER}; {_BOX}"
    ),
    Role.SAVED: f"color: {OK};",
    Role.SECONDARY: f"color: {SECONDARY};",
    Role.SECONDARY_ITALIC: f"color: {SECONDARY}; font-style: italic;",
    Role.INFO_BOX: (
        f"background: {INFO_BACKGROUND}; border-left: 4px solid {INFO_BORDER}; padding: 8px;"
    ),
    Role.PANEL: f"background: {PANEL_BACKGROUND}; border: 1px solid {PANEL_BORDER}; {_BOX}",
    Role.PLACEHOLDER: f"border: 1px solid #bbbbbb; color: {SECONDARY}; background: #fafafa;",
    Role.TRANSLATION: f"color: {TRANSLATION};",
    Role.TRANSLATION_ITALIC: f"color: {TRANSLATION}; font-style: italic;",
}

#: Yes/no and choice buttons: the native look barely shows a pressed toggle; the chosen
#: answer must stand out.
CHOICE_BUTTONS = (
    "QPushButton { padding: 4px 14px; border: 1px solid #8a8a8a; border-radius: 4px;"
    " background: #fbfbfb; }"
    f" QPushButton:checked {{ background: {INFO_BORDER}; color: white; border-color: {INFO}; }}"
    " QPushButton:focus { border: 2px solid #1e88e5; }"
    " QPushButton:disabled { color: #777777; background: #eeeeee; }"
    " QPushButton:checked:disabled { background: #90a4ae; color: white; }"
)


def set_role(widget: QWidget, role: Role, extra: str = "") -> None:
    """Give *widget* the look of *role* (plus *extra* layout-only declarations, e.g.
    padding); the role is also kept as the ``role`` property, for tests and style sheets."""
    widget.setProperty("role", role.value)
    widget.setStyleSheet(f"{ROLE_STYLES[role]} {extra}".strip())


def span(text: str, colour: str, *, bold: bool = False) -> str:
    """*text* (already escaped) in *colour*, for a rich-text label."""
    inner = f"<b>{text}</b>" if bold else text
    return f"<span style='color:{colour}'>{inner}</span>"


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
/* Drop-down lists as plain lists: with a style sheet on QComboBox, Qt's menu-like popup paints
   the current item as an empty white row. (No app-wide event filter for it: a Python filter
   sees every event of every object, and wrapping each new class cost ~100 ms at first frame.) */
QComboBox { combobox-popup: 0; }
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


def install_style(app: QApplication) -> None:
    """The style sheet (set once: it is in the first frame)."""
    app.setStyleSheet(STYLE_SHEET)
