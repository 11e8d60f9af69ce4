"""The refusal decision (besluit tot weigering van de inschrijving): the objection clause in
every language, the reason as the clerk wrote it, made only with a decision behind it."""

from __future__ import annotations

import dataclasses
import io
import re
from typing import Any

import pytest
from pypdf import PdfReader

from inspector.letters import LetterError, available_languages, render, sample_context
from inspector.letters.sample import sample_municipality
from inspector.letters.templates import load_template

#: Per language: words of the objection clause that must be there (six weeks, to whom, what
#: the objection holds) and of the interim relief.
CLAUSE = {
    "nl": ("binnen zes weken", "bezwaar", "college van burgemeester en wethouders", "6:7",
           "handtekening", "voorlopige voorziening", "8:81"),
    "en": ("within six weeks", "objection", "Board of Mayor and Aldermen", "6:7", "signature",
           "interim measure", "8:81"),
    "pl": ("sześciu tygodni", "sprzeciw", "kolegium burmistrza i radnych", "6:7", "podpis",
           "środka tymczasowego", "8:81"),
    "uk": ("шести тижнів", "заперечення", "колегії бургомістра та олдерменів", "6:7", "підпис",
           "тимчасовий захід", "8:81"),
    "ro": ("șase săptămâni", "contestație", "colegiului primarului și al consilierilor", "6:7",
           "semnătura", "măsură provizorie", "8:81"),
}  # fmt: skip


def _text(kind: str, lang: str, **change: object) -> str:
    context = sample_context(sample_municipality("Gouda"), lang)
    if change:
        assert context.registration is not None
        reg = dataclasses.replace(context.registration, **change)  # type: ignore[arg-type]
        context = dataclasses.replace(context, registration=reg)
    pdf = render(kind, lang, context, "pdf")
    raw = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    return re.sub(r"\s+", " ", raw)


def test_the_refusal_exists_in_every_resident_language() -> None:
    assert set(available_languages("refusal")) == {"nl", "en", "pl", "uk", "ro"}


@pytest.mark.parametrize("lang", ["nl", "en", "pl", "uk", "ro"])
def test_objection_clause_reason_decider_and_date(lang: str) -> None:
    text = _text("refusal", lang)
    for needle in CLAUSE[lang]:
        assert needle in text, (lang, needle)
    # The reason as the clerk wrote it (Dutch), who decided, the date of the decision.
    assert "Het identiteitsbewijs was verlopen op de dag van de aangifte" in text
    assert "Medewerker Voorbeeld" in text
    assert {"nl": "27 november 2026", "en": "November 27, 2026", "pl": "27 listopada 2026",
            "uk": "27 листопада 2026", "ro": "27 noiembrie 2026"}[lang] in text  # fmt: skip
    # Another language is followed by the Dutch decision, which holds the legal text.
    if lang != "nl":
        for needle in CLAUSE["nl"]:
            assert needle in text, ("nl part", needle)
        assert text.index(CLAUSE[lang][0]) < text.index("binnen zes weken")
    # A refusal never prints a BSN.
    assert "111222333" not in text


def test_the_template_asks_what_the_objection_must_hold() -> None:
    """Awb 6:5: name and address, date, the decision, the grounds, the signature."""
    for lang in ("nl", "en", "pl", "uk", "ro"):
        template = load_template("refusal", lang)
        bullets = [t for block in template.body if block.kind == "bullets" for t in block.texts]
        assert len(bullets) == 5, lang
        assert "refusal_reason" in template.placeholders()
        assert {"decided_by", "decision_date", "reference"} <= template.placeholders()


@pytest.mark.parametrize(
    "change",
    [{"refusal_reason": ""}, {"refusal_reason": "   "}, {"decided_by": ""}, {"decided_on": None}],
)
def test_no_refusal_letter_without_a_decision(change: dict[str, object]) -> None:
    with pytest.raises(LetterError) as exc:
        _text("refusal", "pl", **change)
    assert exc.value.message.code == "letter.refusal_undecided"


def test_the_laptop_leaves_the_refusal_to_burgerzaken(workspace: Any) -> None:
    with pytest.raises(LetterError) as exc:
        workspace.letters.context("refusal", "pl", inspection_id="any")
    assert exc.value.message.code == "letter.refusal_by_office"
