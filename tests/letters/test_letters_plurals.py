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


# Every other count a letter prints follows its number too (1, 2, 5 and 22 in every language).
# The expected words are written out here, not taken from the code's tables.
DAYS = {
    "nl": {1: "dag", 2: "dagen", 5: "dagen", 22: "dagen"},
    "en": {1: "day", 2: "days", 5: "days", 22: "days"},
    "pl": {1: "dnia", 2: "dni", 5: "dni", 22: "dni"},  # after "w ciągu" (genitive)
    "uk": {1: "дня", 2: "днів", 5: "днів", 22: "днів"},  # after "протягом" (genitive)
    "ro": {1: "zi", 2: "zile", 5: "zile", 22: "de zile"},
}
WORKING_DAYS = {
    "nl": {1: "werkdag", 2: "werkdagen", 5: "werkdagen", 22: "werkdagen"},
    "en": {1: "working day", 2: "working days", 5: "working days", 22: "working days"},
    "pl": {1: "dnia roboczego", 2: "dni roboczych", 5: "dni roboczych", 22: "dni roboczych"},
    "uk": {1: "робочого дня", 2: "робочих днів", 5: "робочих днів", 22: "робочих днів"},
    "ro": {1: "zi lucrătoare", 2: "zile lucrătoare", 5: "zile lucrătoare",
           22: "de zile lucrătoare"},
}  # fmt: skip
YEARS = {
    "nl": {1: "jaar", 2: "jaar", 5: "jaar", 22: "jaar"},
    "en": {1: "year", 2: "years", 5: "years", 22: "years"},
    "pl": {1: "rok", 2: "lata", 5: "lat", 22: "lata"},  # after "przez" (accusative)
    "uk": {1: "рік", 2: "роки", 5: "років", 22: "роки"},
    "ro": {1: "an", 2: "ani", 5: "ani", 22: "de ani"},
}
#: (letter, what comes before the count, the table of words, what comes after it)
PHRASES: dict[str, list[tuple[str, str, dict[str, dict[int, str]], str]]] = {
    "nl": [
        ("control", "binnen", DAYS, "na aankomst"),
        ("control", "controledossier", YEARS, "."),
        ("rni-referral", "binnen", DAYS, "."),
        ("confirmation", "uiterlijk", DAYS, "na de verhuizing"),
        ("confirmation", "ten hoogste", DAYS, "voordat u vertrekt"),
        ("receipt", "binnen", WORKING_DAYS, "."),
    ],
    "en": [
        ("control", "within", DAYS, "of arrival"),
        ("control", "inspection file for", YEARS, "."),
        ("rni-referral", "within", DAYS, "."),
        ("confirmation", "no later than", DAYS, "after the move"),
        ("confirmation", "no more than", DAYS, "before you leave"),
        ("receipt", "within", WORKING_DAYS, "."),
    ],
    "pl": [
        ("control", "w ciągu", DAYS, "od przyjazdu"),
        ("control", "przechowujemy przez", YEARS, "."),
        ("rni-referral", "w ciągu", DAYS, "."),
        ("confirmation", "w ciągu", DAYS, "od przeprowadzki"),
        ("confirmation", "w ciągu", DAYS, "przed wyjazdem"),
        ("receipt", "w ciągu", WORKING_DAYS, "."),
    ],
    "uk": [
        ("control", "протягом", DAYS, "після приїзду"),
        ("control", "зберігаємо", YEARS, "."),
        ("rni-referral", "протягом", DAYS, "."),
        ("confirmation", "протягом", DAYS, "після переїзду"),
        ("confirmation", "протягом", DAYS, "перед від’їздом"),
        ("receipt", "протягом", WORKING_DAYS, "."),
    ],
    "ro": [
        ("control", "în termen de", DAYS, "de la sosire"),
        ("control", "timp de", YEARS, "."),
        ("rni-referral", "în termen de", DAYS, "."),
        ("confirmation", "cel târziu în", DAYS, "de la mutare"),
        ("confirmation", "cel mult", DAYS, "înainte de a pleca"),
        ("receipt", "de regulă în", WORKING_DAYS, "."),
    ],
}


def _letter_text(kind: str, lang: str, count: int) -> str:
    context = sample_context(sample_municipality("Gouda"), lang)
    norms = context.norms.model_copy(
        update={
            "registration_days_after_arrival": count,
            "registration_processing_days": count,
        }
    )
    context = dataclasses.replace(context, norms=norms, retention_days=count * 365)
    letter = compose(kind, lang, context)
    return " ".join(
        " ".join(" ".join(text.split()) for text in block.texts)
        for part in letter.parts[:1]  # the letter in its language (a Dutch copy may follow)
        for block in part.blocks
    )


@pytest.mark.parametrize("count", [1, 2, 5, 22])
@pytest.mark.parametrize("lang", ["nl", "en", "pl", "uk", "ro"])
def test_every_count_in_the_letters_reads_right(lang: str, count: int) -> None:
    texts: dict[str, str] = {}
    for kind, before, words, after in PHRASES[lang]:
        text = texts.setdefault(kind, _letter_text(kind, lang, count))
        phrase = f"{before} {count} {words[lang][count]}"
        phrase += after if after == "." else f" {after}"
        assert phrase in text, (kind, phrase)
