"""The noun after a number of months in each letter language, chosen by CLDR's plural rules
(babel): Polish 1 miesiąc, 2–4 miesiące, 5–21 miesięcy, 22–24 miesiące; Ukrainian 1 and 21
місяць, 2–4 місяці, 5–20 місяців; Romanian 1 lună, 2–19 luni, 20 de luni; Dutch and English
one and other. The registration terms are settings, so a letter must be right for any number.
"""

from __future__ import annotations

from babel import Locale

#: After the number where the phrase takes the nominative or accusative ("krótszy niż 4
#: miesiące", "менше ніж 5 місяців", "cel puțin 20 de luni").
MONTHS: dict[str, dict[str, str]] = {
    "nl": {"one": "maand", "other": "maanden"},
    "en": {"one": "month", "other": "months"},
    "pl": {"one": "miesiąc", "few": "miesiące", "many": "miesięcy", "other": "miesiąca"},
    "uk": {"one": "місяць", "few": "місяці", "many": "місяців", "other": "місяця"},
    "ro": {"one": "lună", "few": "luni", "other": "de luni"},
}
#: After a preposition that takes the genitive (Polish "w ciągu", "w okresie"; Ukrainian
#: "протягом"): "w ciągu 1 miesiąca / 6 miesięcy", "протягом 21 місяця / 6 місяців".
MONTHS_GENITIVE: dict[str, dict[str, str]] = {
    **MONTHS,
    "pl": {"one": "miesiąca", "few": "miesięcy", "many": "miesięcy", "other": "miesiąca"},
    "uk": {"one": "місяця", "few": "місяців", "many": "місяців", "other": "місяця"},
}


def plural_category(count: int, lang: str) -> str:
    """CLDR's plural category of *count* in *lang* (one, few, many, other)."""
    return str(Locale.parse(lang).plural_form(count))


def months_word(count: int, lang: str, *, genitive: bool = False) -> str:
    """The word for "months" that follows *count* in *lang*."""
    forms = (MONTHS_GENITIVE if genitive else MONTHS)[lang]
    return forms.get(plural_category(count, lang), forms["other"])
