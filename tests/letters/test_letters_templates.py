"""Tests of the letter template files: structure, placeholders and language details."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from inspector.letters import KINDS, LetterError, available_languages
from inspector.letters.templates import (
    LANGUAGES,
    TEMPLATE_DIR,
    load_labels,
    load_template,
)

ALL = [(kind, lang) for kind in KINDS for lang in available_languages(kind)]
_MIXED = re.compile(r"\b(?=\w*[а-яіїєґА-ЯІЇЄҐ])(?=\w*[a-zA-Z])\w+\b")


def _structure(kind: str, lang: str) -> list[tuple[str, int, str, str, str, int]]:
    t = load_template(kind, lang)
    return [(b.kind, len(b.texts), b.table, b.when, b.unless, len(b.rows)) for b in t.body]


def test_every_kind_has_dutch_and_the_resident_letters_have_five_languages() -> None:
    for kind in KINDS:
        assert "nl" in available_languages(kind)
    for kind in ("control", "confirmation"):
        assert available_languages(kind) == LANGUAGES


@pytest.mark.parametrize("kind", KINDS)
def test_same_placeholders_and_structure_in_every_language(kind: str) -> None:
    nl = load_template(kind, "nl")
    for lang in available_languages(kind):
        other = load_template(kind, lang)
        assert other.placeholders() == nl.placeholders(), lang
        assert _structure(kind, lang) == _structure(kind, "nl"), lang
        assert len(other.recipient) == len(nl.recipient)
        assert len(other.signature) == len(nl.signature)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_labels_load(lang: str) -> None:
    labels = load_labels(lang)
    assert labels["sample_mark"]


@pytest.mark.parametrize(("kind", "lang"), ALL)
def test_language_specific_spelling(kind: str, lang: str) -> None:
    text = load_template(kind, lang).path.read_text(encoding="utf-8")
    # Romanian uses comma-below ș ț, never the cedilla forms.
    assert not re.search("[şţŞŢ]", text)
    if lang == "pl":
        assert re.search("[ąęłńśźżó]", text)
    if lang == "ro":
        assert re.search("[ășțâî]", text)
    if lang == "uk":
        # Latin letters inside a Cyrillic word (a classic typing slip, e.g. Latin "i").
        assert not _MIXED.findall(text)
        assert "'" not in text and "\u02bc" not in text  # one apostrophe: U+2019


def test_control_letter_names_the_powers_and_help() -> None:
    for lang in available_languages("control"):
        text = load_template("control", lang).path.read_text(encoding="utf-8")
        for needle in ("5:15", "5:16", "5:17", "5:20", "BRP", "RNI", "BSN"):
            assert needle in text, (lang, needle)
        for site in (
            "fairwork.nu",
            "normeringflexwonen.nl",
            "juridischloket.nl",
            "fnv.nl",
            "cnv.nl",
            "sncu.nl",
            "autoriteitpersoonsgegevens.nl",
            "nlarbeidsinspectie.nl",
            "{{ meldpunt }}",
        ):
            assert site in text, (lang, site)


def _write(tmp_path: Path, body: str) -> Path:
    (tmp_path / "control").mkdir()
    (tmp_path / "control" / "nl.yaml").write_text(
        "kind: control\nlang: nl\ntitle: T\nsubject: S\n" + body, encoding="utf-8"
    )
    return tmp_path


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("body:\n  - p: 'Hallo {{ nobody }}'\n", "unknown placeholder"),
        ("body:\n  - p: 'Hallo {{ municipality_name | upper }}'\n", "malformed"),
        ("body:\n  - p: 'x'\n    when: nothing\n", "unknown value"),
        ("body:\n  - table: findings\n    columns: [a]\n", "column headings"),
        ("body:\n  - quote: x\n", "exactly one of"),
        ("body: []\n", "non-empty list"),
    ],
)
def test_bad_templates_are_refused(tmp_path: Path, body: str, message: str) -> None:
    directory = _write(tmp_path, body)
    with pytest.raises(LetterError, match=message):
        load_template("control", "nl", directory)


def test_template_dir_is_the_repository_folder() -> None:
    assert (TEMPLATE_DIR / "letterhead.docx").is_file()


def test_every_language_names_every_invitation_document() -> None:
    from inspector import LANGUAGES
    from inspector.letters.templates import INVITATION_DOCUMENTS, load_documents

    for lang in LANGUAGES:
        names = load_documents(lang)
        assert sorted(names) == sorted(INVITATION_DOCUMENTS), lang
        assert all(v.strip() for v in names.values()), lang
