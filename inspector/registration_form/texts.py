"""Texts of the registration screens and the signed form, in nl, en, pl, uk and ro."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from inspector import LANGUAGES as LANGUAGES  # re-exported for the screens
from inspector.paths import RESOURCES_DIR

TEXTS_FILE = RESOURCES_DIR / "texts" / "registration.yaml"


class TextsError(Exception):
    """The texts file is missing a key or language, or is not valid YAML."""


@cache
def load_texts(path: Path = TEXTS_FILE) -> dict[str, dict[str, str]]:
    """All texts as ``{key: {lang: text}}``; checked so that every language has every key."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise TextsError(f"{path}: cannot be read: {exc}") from exc
    if not isinstance(raw, dict):
        raise TextsError(f"{path}: expected a mapping of keys to languages")
    texts: dict[str, dict[str, str]] = {}
    for key, by_lang in raw.items():
        if not isinstance(by_lang, dict):
            raise TextsError(f"{path}: key {key!r} must map languages to texts")
        missing = [lang for lang in LANGUAGES if not isinstance(by_lang.get(lang), str)]
        if missing:
            raise TextsError(f"{path}: key {key!r} lacks {', '.join(missing)}")
        texts[str(key)] = {lang: str(by_lang[lang]).strip() for lang in LANGUAGES}
    return texts


def registration_text(key: str, lang: str, **values: object) -> str:
    """The text ``key`` in ``lang`` (falls back to English), with ``{placeholders}`` filled.

    Without ``values`` the raw text is returned, placeholders included.
    """
    texts = load_texts()
    try:
        by_lang = texts[key]
    except KeyError:
        raise KeyError(f"unknown registration text {key!r}") from None
    text = by_lang.get(lang, by_lang["en"])
    return text.format(**values) if values else text


def text_keys() -> list[str]:
    """Every key in the texts file, in file order."""
    return list(load_texts())
