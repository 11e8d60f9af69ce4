"""Issue 12.19: each term reads the same in forms, letters and screens, per language.

resources/glossary/<lang>.yaml names, per term, the form that is used (it must occur) and the
forms that must not occur anywhere in that language: the questionnaires (forms/*.yaml), the
registration screens and signed form (resources/texts/registration.yaml), the letters
(letter_templates/*/<lang>.yaml) and, for Dutch, the interface translation (.ts).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = ROOT / "resources" / "glossary"
LANGUAGES = ("nl", "en", "pl", "uk", "ro")


def _strings(node: Any, lang: str, inside: bool = False) -> Iterator[str]:
    """Every text of *lang* in a forms/texts tree (values under the key *lang*)."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, lang, inside or key == lang)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value, lang, inside)
    elif isinstance(node, str) and inside:
        yield node


@cache
def corpus(lang: str) -> dict[str, str]:
    """Where each text of *lang* lives: file name -> all its texts in that language."""
    found: dict[str, str] = {}
    for path in sorted((ROOT / "forms").glob("*.yaml")) + [
        ROOT / "resources" / "texts" / "registration.yaml"
    ]:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        found[str(path.relative_to(ROOT))] = "\n".join(_strings(data, lang))
    for path in sorted((ROOT / "letter_templates").glob(f"*/{lang}.yaml")):
        lines = path.read_text(encoding="utf-8").splitlines()
        found[str(path.relative_to(ROOT))] = "\n".join(
            line for line in lines if not line.lstrip().startswith("#")
        )
    if lang == "nl":
        ts = ROOT / "resources" / "translations" / "inspector_nl.ts"
        found[str(ts.relative_to(ROOT))] = ts.read_text(encoding="utf-8")
    return found


def glossary(lang: str) -> dict[str, dict[str, Any]]:
    data = yaml.safe_load((GLOSSARY / f"{lang}.yaml").read_text(encoding="utf-8"))
    assert data["lang"] == lang
    return dict(data["terms"])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_language_has_a_glossary(lang: str) -> None:
    terms = glossary(lang)
    assert terms
    for name, term in terms.items():
        assert set(term) <= {"use", "avoid"}, name
        assert isinstance(term["use"], str) and term["use"].strip(), name
        for pattern in term.get("avoid") or []:
            re.compile(pattern)


@pytest.mark.parametrize(
    ("lang", "term"),
    [(lang, term) for lang in LANGUAGES for term in sorted(glossary(lang))],
)
def test_term_is_used_and_never_translated_otherwise(lang: str, term: str) -> None:
    entry = glossary(lang)[term]
    texts = corpus(lang)
    use = entry["use"].casefold()
    assert any(use in text.casefold() for text in texts.values()), (
        f"{lang}: the glossary form {entry['use']!r} of {term!r} occurs nowhere"
    )
    wrong = [
        (where, m.group(0))
        for pattern in entry.get("avoid") or []
        for where, text in texts.items()
        for m in re.finditer(pattern, text, flags=re.IGNORECASE)
    ]
    assert not wrong, f"{lang}: {term!r} is translated otherwise in {wrong}"


def test_the_check_finds_a_stray_variant(monkeypatch: pytest.MonkeyPatch) -> None:
    """The check can fail: a Polish text with "List" instead of "Pismo" is caught."""
    texts = {"letter_templates/x/pl.yaml": "title: List w sprawie kontroli"}
    entry = glossary("pl")["letter"]
    hits = [
        m.group(0)
        for pattern in entry["avoid"]
        for text in texts.values()
        for m in re.finditer(pattern, text, flags=re.IGNORECASE)
    ]
    assert hits == ["List"]
