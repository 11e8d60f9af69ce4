"""The installation check behind --smoke-test: it knows every letter and names what is gone."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspector import installation
from inspector.letters import KINDS, available_languages


def test_a_complete_checkout_has_no_problems() -> None:
    assert installation.problems() == []


def test_every_letter_kind_and_language_is_checked() -> None:
    assert set(installation.LETTER_LANGUAGES) == set(KINDS)
    for kind, languages in installation.LETTER_LANGUAGES.items():
        assert available_languages(kind) == languages


def test_a_missing_font_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    (fonts / "DejaVuSans.ttf").write_bytes(b"x")
    monkeypatch.setattr(installation, "FONTS_DIR", fonts)
    problems = installation.problems()
    assert any(p.endswith("DejaVuSans-Bold.ttf") for p in problems)
    assert not any(p.endswith("DejaVuSans.ttf") for p in problems)
