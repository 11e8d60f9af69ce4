"""The app's style: drop-down lists show every item, the current one too."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QComboBox

from inspector.ui.style import install_style

pytestmark = [
    pytest.mark.qt_log_ignore("This plugin does not support"),
]


@pytest.fixture
def styled(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    previous = qapp.styleSheet()
    install_style(qapp)
    yield
    qapp.setStyleSheet(previous)


def _dark_pixels(image, top: int, bottom: int) -> int:  # type: ignore[no-untyped-def]
    count = 0
    for y in range(top, bottom):
        for x in range(4, image.width() - 4):
            if QColor(image.pixel(x, y)).lightness() < 100:
                count += 1
    return count


def test_current_item_of_a_drop_down_is_readable(qtbot, styled) -> None:  # type: ignore[no-untyped-def]
    combo = QComboBox()
    qtbot.addWidget(combo)
    for text in ("Nederlands", "English", "Polski", "Українська", "Română"):
        combo.addItem(text)
    combo.setCurrentIndex(2)
    combo.show()
    combo.showPopup()
    QApplication.processEvents()
    view = combo.view()
    image = view.viewport().grab().toImage()
    current = view.visualRect(view.model().index(2, 0))
    other = view.visualRect(view.model().index(1, 0))
    # the current row is drawn highlighted, with its text: not an empty white row
    assert QColor(image.pixel(current.center().x(), current.top() + 2)).lightness() < 200
    light_text = 0
    for y in range(current.top(), current.bottom()):
        for x in range(4, image.width() // 2):
            if QColor(image.pixel(x, y)).lightness() > 230:
                light_text += 1
    assert light_text > 20  # the white letters of "Polski" on the highlight
    assert _dark_pixels(image, other.top(), other.bottom()) > 20  # "English" in dark text
    combo.hidePopup()


def test_every_colour_is_named_in_the_style_module() -> None:
    """One red for every error (issue 11.7): a colour is written once, in ui/style.py, and
    screens use it by name or by role, never as a literal of their own."""
    import re
    from pathlib import Path

    import inspector.ui

    literal = re.compile(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b")
    root = Path(inspector.ui.__file__).parent
    found = [
        f"{path.relative_to(root)}:{n}: {line.strip()}"
        for path in sorted(root.rglob("*.py"))
        if path.name != "style.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if literal.search(line)
    ]
    assert found == []


def test_one_red_for_every_error() -> None:
    from inspector.ui import style

    reds = {
        value.lower()
        for name, value in vars(style).items()
        if isinstance(value, str) and name.isupper() and name.startswith("ERROR")
        and not name.endswith("BACKGROUND")
    }  # fmt: skip
    assert reds == {style.ERROR}
    assert all(style.ERROR in css for role, css in style.ROLE_STYLES.items() if "error" in role)
