"""Issue 12 (letters) and 9.15: what the letters say, pinned per point."""

from __future__ import annotations

import dataclasses
import io
import re
from typing import Any

import pytest
from letters.test_letters_context import TODAY, make_inspection
from pypdf import PdfReader

from inspector.letters import available_languages, render, sample_context
from inspector.letters.compose import compose
from inspector.letters.sample import sample_municipality
from inspector.letters.templates import load_template


def _text(data: bytes) -> str:
    return " ".join("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())


def _letter(kind: str, lang: str, **change: Any) -> str:
    context = dataclasses.replace(sample_context(sample_municipality("Gouda"), lang), **change)
    return _text(render(kind, lang, context, "pdf"))


# -- 12.13 the municipality's name ------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "right", "wrong"),
    [
        ("nl", "medewerkers van de gemeente Gouda", "medewerkers van Gouda"),
        ("en", "staff of the municipality of Gouda", "staff of Gouda"),
        ("pl", "pracownicy gminy Gouda", "pracownicy Gouda"),
        ("uk", "працівники муніципалітету Gouda", "працівники Gouda"),
        ("ro", "angajați ai primăriei Gouda", "angajați ai Gouda"),
    ],
)
def test_municipality_is_named_with_a_word_per_language(lang: str, right: str, wrong: str) -> None:
    text = _letter("control", lang)
    assert right in text and wrong not in text
    assert "Gemeente Gouda" in text  # the letterhead keeps the official name


# -- 12.15 the confirmation letter ---------------------------------------------------------------


@pytest.mark.parametrize("lang", available_languages("confirmation"))
def test_confirmation_lists_what_to_check_and_the_objection_clause(lang: str) -> None:
    template = load_template("confirmation", lang)
    facts = [value for block in template.body for _label, value in block.rows]
    assert "{{ room }}" not in " ".join(facts) and "{{ room }}" not in template.recipient
    for needed in (
        "registration_sex",
        "registration_birth_place",
        "registration_birth_country",
        "registration_nationality",
        "registration_arrival",
    ):
        assert any(needed in v for v in facts), (lang, needed)
    text = _letter("confirmation", lang)
    for needle in ("DigiD", "workinnl.nl", "6:7", "huisarts"):
        assert needle in text, (lang, needle)
    assert "Kamer 2" not in text


# -- 12.16 the control letter --------------------------------------------------------------------


@pytest.mark.parametrize("lang", available_languages("control"))
def test_control_letter_help_privacy_and_four_weeks(lang: str) -> None:
    text = _letter("control", lang)
    assert "cnv.nl" in text and "cnvvakmensen" not in text
    assert "sncu.nl" in text and "SNCU" in text
    assert "autoriteitpersoonsgegevens.nl" in text
    assert "10" in text  # retention: ten years (3650 days)
    four = {"nl": "vier weken", "en": "four more weeks", "pl": "cztery tygodnie",
            "uk": "чотири тижні", "ro": "patru săptămâni"}  # fmt: skip
    assert four[lang] in text


@pytest.mark.parametrize(
    ("lang", "female", "unnamed"),
    [
        ("nl", "Geachte mevrouw Testowa,", "Geachte bewoner,"),
        ("en", "Dear Ms Testowa,", "Dear resident,"),
        ("pl", "Szanowna Pani,", "Szanowni Państwo,"),
        ("uk", "Шановна пані!", "Шановна пані / Шановний пане!"),
        ("ro", "Stimată doamnă Testowa,", "Stimată doamnă, stimate domnule,"),
    ],
)
def test_salutation_fits_a_named_addressee(lang: str, female: str, unnamed: str) -> None:
    context = sample_context(sample_municipality(), lang)
    assert compose("control", lang, context).parts[0].salutation == female
    assert context.resident is not None
    male = dataclasses.replace(context, resident=dataclasses.replace(context.resident, sex="male"))
    assert "Testowa" in compose("control", lang, male).parts[0].salutation or lang in ("pl", "uk")
    nobody = dataclasses.replace(context, resident=None)
    assert compose("control", lang, nobody).parts[0].salutation == unnamed


def test_sample_names_put_the_given_name_first() -> None:
    context = sample_context(sample_municipality(), "nl")
    assert context.inspection is not None and context.resident is not None
    assert context.inspection.officers == ("Jan Voorbeeld", "Petra Proef")
    assert context.resident.name == "Anna Testowa" and context.signer == "Jan Voorbeeld"


# -- 12.10 / 12.5 what happens next ---------------------------------------------------------------


def test_what_happens_next_keeps_law_snf_and_advice_apart() -> None:
    text = _letter("control", "nl")
    assert "Alleen deze regels kan de gemeente afdwingen" in text
    assert "geen wet" in text and "Een advies is geen verplichting" in text
    assert "niet toegestaan" not in text  # use allowed in the sample


@pytest.mark.parametrize("kind", ["control", "receipt", "confirmation"])
@pytest.mark.parametrize("lang", ["nl", "pl", "uk", "ro", "en"])
def test_use_not_allowed_paragraph(kind: str, lang: str) -> None:
    base = sample_context(sample_municipality(), lang)
    assert base.inspection is not None and base.registration is not None
    context = dataclasses.replace(
        base,
        inspection=dataclasses.replace(base.inspection, use_allowed=False),
        registration=dataclasses.replace(base.registration, use_not_allowed=True),
    )
    text = _text(render(kind, lang, context, "pdf"))
    assert "omgevingsplan" in text
    needle = {"nl": "niet toegestaan", "en": "not allowed", "pl": "nie jest dozwolone",
              "uk": "не дозволено", "ro": "nu este permisă"}[lang]  # fmt: skip
    assert needle in text


# -- 12.17 the report records consent and interpreter (from the store) ----------------------------


def test_report_records_consent_times_and_interpreter(workspace: Any) -> None:
    iid, _, _ = make_inspection(workspace)
    version = 2  # controlelocatie.yaml with the consent times
    for key, value in {
        "access_consent": "yes",
        "consent_given_by": "A. Testowa",
        "consent_given_by_role": "main_tenant",
        "consent_time": "2026-11-27T09:05:00+00:00",
        "dwelling_left_time": "2026-11-27T10:20:00+00:00",
        "interpreter_present": "yes",
        "interpreter_type": "phone_video",
        "interpreter_language": "pl",
    }.items():
        workspace.answers.save(iid, "controlelocatie", version, key, value)
    context = workspace.letters.context("report", "nl", inspection_id=iid, today=TODAY)
    text = _text(render("report", "nl", context, "pdf"))
    assert "Ja, gegeven door A. Testowa (Hoofdhuurder)" in text
    assert "om 10:05" in text  # Europe/Amsterdam
    assert "Tolk via telefoon of video, PL" in text
    assert re.search(r"Woning verlaten om 11:20", text)


# -- 9.15 partner organisations in the resident's language -----------------------------------------


def test_polish_letter_names_the_organisations_in_polish(workspace: Any) -> None:
    iid, anna, _ = make_inspection(workspace)
    workspace.answers.save(iid, "controlelocatie", 2, "partners", ["gemeente_handhaving", "nla"])
    context = workspace.letters.context("control", "pl", inspection_id=iid, resident_id=anna)
    assert context.inspection is not None
    joined = " ".join(context.inspection.partners)
    assert "Gemeente, handhaving" not in joined
    assert "gmina – wydział kontroli (handhaving)" in joined
    assert "holenderska Inspekcja Pracy" in joined


# -- 12.18 translations ---------------------------------------------------------------------


def test_polish_letter_words() -> None:
    text = _letter("control", "pl")
    assert "Pismo w sprawie" in load_template("control", "pl").title
    assert "Znak sprawy" in text and "Nasz znak" not in text
    assert "Prosimy zachować to pismo" in _letter("confirmation", "pl")


def test_romanian_words() -> None:
    assert "vă vom radia din registru" in _letter("confirmation", "ro")
    for kind in ("control", "confirmation", "receipt", "rni-referral", "invitation"):
        template = load_template(kind, "ro")
        assert "stimate domnule" in template.salutation.lower(), kind
        assert "stimate domn," not in template.salutation.lower()
