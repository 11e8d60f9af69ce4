"""The number of months in the letters reads right for every number a municipality may set
(CLDR plural rules through babel), and what the translation review flagged."""

from __future__ import annotations

import dataclasses

import pytest

from inspector.letters import sample_context
from inspector.letters.compose import compose
from inspector.letters.plurals import months_word
from inspector.letters.sample import sample_municipality

POLISH = {1: "miesiąc", **dict.fromkeys((2, 3, 4, 22, 23, 24, 32, 102), "miesiące")}
POLISH.update(dict.fromkeys((5, 6, 11, 12, 13, 14, 20, 21, 25, 100, 111, 112), "miesięcy"))
UKRAINIAN = {1: "місяць", 21: "місяць", 31: "місяць", 101: "місяць"}
UKRAINIAN.update(dict.fromkeys((2, 3, 4, 22, 24), "місяці"))
UKRAINIAN.update(dict.fromkeys((5, 6, 11, 12, 14, 15, 20, 25, 111), "місяців"))
ROMANIAN = {1: "lună", **dict.fromkeys((2, 4, 6, 12, 19, 101, 119), "luni")}
ROMANIAN.update(dict.fromkeys((20, 21, 25, 100, 120), "de luni"))


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("pl", POLISH),
        ("uk", UKRAINIAN),
        ("ro", ROMANIAN),
        ("nl", {1: "maand", 2: "maanden", 21: "maanden"}),
        ("en", {1: "month", 4: "months", 21: "months"}),
    ],
)
def test_the_word_for_months_follows_the_number(lang: str, expected: dict[int, str]) -> None:
    assert {n: months_word(n, lang) for n in expected} == expected


def test_after_a_genitive_preposition() -> None:
    assert [months_word(n, "pl", genitive=True) for n in (1, 2, 5, 22)] == [
        "miesiąca",
        "miesięcy",
        "miesięcy",
        "miesięcy",
    ]
    assert [months_word(n, "uk", genitive=True) for n in (1, 2, 6, 21)] == [
        "місяця",
        "місяців",
        "місяців",
        "місяця",
    ]


def _text(kind: str, lang: str, months: int, window: int = 6) -> str:
    context = sample_context(sample_municipality("Gouda"), lang)
    norms = context.norms.model_copy(
        update={"registration_months": months, "registration_window_months": window}
    )
    letter = compose(kind, lang, dataclasses.replace(context, norms=norms))
    return " ".join(
        " ".join(" ".join(text.split()) for text in block.texts)
        for part in letter.parts
        for block in part.blocks
    )


@pytest.mark.parametrize(
    ("lang", "months", "phrase"),
    [
        ("pl", 1, "krótszy niż 1 miesiąc"),
        ("pl", 4, "krótszy niż 4 miesiące"),
        ("pl", 5, "krótszy niż 5 miesięcy"),
        ("pl", 22, "krótszy niż 22 miesiące"),
        ("uk", 4, "менше ніж 4 місяці"),
        ("uk", 5, "менше ніж 5 місяців"),
        ("uk", 21, "менше ніж 21 місяць"),
        ("ro", 4, "mai puțin de 4 luni"),
        ("ro", 20, "mai puțin de 20 de luni"),
        ("nl", 1, "korter dan 1 maand"),
        ("en", 5, "less than 5 months"),
    ],
)
def test_the_rni_referral_reads_right_for_any_term(lang: str, months: int, phrase: str) -> None:
    assert phrase in _text("rni-referral", lang, months)


@pytest.mark.parametrize(
    ("lang", "phrase"),
    [
        ("pl", "co najmniej 5 miesięcy w okresie 21 miesięcy"),
        ("uk", "щонайменше 5 місяців протягом 21 місяця"),
        ("ro", "cel puțin 5 luni într-o perioadă de 21 de luni"),
        ("nl", "periode van 21 maanden minstens 5 maanden"),
    ],
)
def test_the_control_letter_names_term_and_window_in_the_right_form(lang: str, phrase: str) -> None:
    assert phrase in _text("control", lang, 5, 21)


def test_polish_named_salutation_is_followed_by_why_the_letter_says_panstwo() -> None:
    context = sample_context(sample_municipality(), "pl")
    letter = compose("control", "pl", context)
    assert letter.parts[0].salutation == "Szanowna Pani,"
    first = " ".join(letter.parts[0].blocks[0].texts[0].split())
    # The letter concerns everyone at the address: it says so before addressing "Państwo".
    assert "skierowane do wszystkich osób, które tam mieszkają" in first
    assert first.index("do Państwa") > first.index("wszystkich osób")


def test_ukrainian_date_of_settling_is_not_read_as_a_village() -> None:
    from inspector.letters.templates import load_template

    template = load_template("confirmation", "uk")
    labels = [label for block in template.body for label, _ in block.rows]
    assert "Дата оселення в Нідерландах" in labels
    assert not any("поселення" in label for label in labels)
