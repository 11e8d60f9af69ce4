"""The application's set-up: the Dutch interface covers Qt's own dialogs too."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QFileDialog, QLabel

from inspector.ui.app import install_translation


@pytest.fixture
def dutch(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    install_translation(qapp, "nl")
    yield
    install_translation(qapp, "en")


def test_file_dialog_speaks_dutch(qtbot, dutch) -> None:  # type: ignore[no-untyped-def]
    dialog = QFileDialog()
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dialog)
    labels = [label.text() for label in dialog.findChildren(QLabel) if label.text()]
    assert labels == ["&Zoeken in:", "Bestands&naam:", "Bestands&type:"]
