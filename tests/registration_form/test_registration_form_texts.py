"""Tests for the registration texts file: every key in all five languages, same placeholders."""

from __future__ import annotations

import string
from pathlib import Path

import pytest

from inspector.registration_form.texts import (
    LANGUAGES,
    TextsError,
    load_texts,
    registration_text,
    text_keys,
)


def placeholders(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}


REQUIRED = [
    "explain_rights",
    "explain_bsn",
    "explain_letter",
    "explain_moving",
    "explain_leaving",
    "consent_question",
    "declaration",
    "pdf_title",
    "signed_at",
    "version_replaces",
]


def test_required_keys_exist() -> None:
    assert set(REQUIRED) <= set(text_keys())


@pytest.mark.parametrize("key", text_keys())
def test_every_key_in_every_language_with_same_placeholders(key: str) -> None:
    texts = load_texts()[key]
    assert set(texts) == set(LANGUAGES)
    expected = placeholders(texts["nl"])
    for lang in LANGUAGES:
        assert texts[lang], (key, lang)
        assert placeholders(texts[lang]) == expected, (key, lang)
        assert "\ufffd" not in texts[lang]


def test_romanian_uses_comma_below() -> None:
    for texts in load_texts().values():
        assert not set("şţŞŢ") & set(texts["ro"])


def test_formal_register() -> None:
    assert "Pan/Pani" in registration_text("consent_question", "pl")
    assert "Ви" in registration_text("consent_question", "uk")
    assert "Doriți" in registration_text("consent_question", "ro")


def test_placeholders_are_filled() -> None:
    text = registration_text("declaration", "nl", address="Voorbeeldstraat 1", municipality="Gouda")
    assert "Voorbeeldstraat 1" in text and "gemeente Gouda" in text
    assert "{" not in registration_text("version", "uk", version=2)


def test_unknown_language_falls_back_to_english_and_unknown_key_raises() -> None:
    assert registration_text("consent_no", "de") == "No, not now"
    with pytest.raises(KeyError):
        registration_text("no_such_key", "nl")


def test_incomplete_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "texts.yaml"
    path.write_text("title:\n  nl: Titel\n  en: Title\n", encoding="utf-8")
    with pytest.raises(TextsError, match="pl, uk, ro"):
        load_texts(path)
