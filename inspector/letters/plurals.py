"""The noun after a number in each letter language, chosen by CLDR's plural rules (babel):
Polish 1 miesiąc, 2–4 miesiące, 5–21 miesięcy, 22–24 miesiące; Ukrainian 1 and 21 місяць, 2–4
місяці, 5–20 місяців; Romanian 1 lună, 2–19 luni, 20 de luni; Dutch and English one and other.
Every count a letter prints (months, days, working days, years) comes from the settings, so a
letter must be right for any number: each has a ``<count>_unit`` placeholder made here.
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


#: Days. The letters put the number of days after a preposition that takes the genitive in
#: Polish and Ukrainian ("w ciągu 1 dnia / 5 dni", "протягом 1 дня / 2 днів / 21 дня").
DAYS_GENITIVE: dict[str, dict[str, str]] = {
    "nl": {"one": "dag", "other": "dagen"},
    "en": {"one": "day", "other": "days"},
    "pl": {"one": "dnia", "few": "dni", "many": "dni", "other": "dnia"},
    "uk": {"one": "дня", "few": "днів", "many": "днів", "other": "дня"},
    "ro": {"one": "zi", "few": "zile", "other": "de zile"},
}
#: Working days, after the same prepositions ("w ciągu 2 dni roboczych", "протягом 1
#: робочого дня", "în 20 de zile lucrătoare").
WORKING_DAYS_GENITIVE: dict[str, dict[str, str]] = {
    "nl": {"one": "werkdag", "other": "werkdagen"},
    "en": {"one": "working day", "other": "working days"},
    "pl": {"one": "dnia roboczego", "few": "dni roboczych", "many": "dni roboczych",
           "other": "dnia roboczego"},
    "uk": {"one": "робочого дня", "few": "робочих днів", "many": "робочих днів",
           "other": "робочого дня"},
    "ro": {"one": "zi lucrătoare", "few": "zile lucrătoare", "other": "de zile lucrătoare"},
}  # fmt: skip
#: Years, as a duration ("przez 1 rok / 2 lata / 10 lat", "зберігаємо 1 рік / 3 роки / 10
#: років", "timp de 1 an / 10 ani / 20 de ani", "10 jaar").
YEARS: dict[str, dict[str, str]] = {
    "nl": {"one": "jaar", "other": "jaar"},
    "en": {"one": "year", "other": "years"},
    "pl": {"one": "rok", "few": "lata", "many": "lat", "other": "roku"},
    "uk": {"one": "рік", "few": "роки", "many": "років", "other": "року"},
    "ro": {"one": "an", "few": "ani", "other": "de ani"},
}


def plural_category(count: int, lang: str) -> str:
    """CLDR's plural category of *count* in *lang* (one, few, many, other)."""
    return str(Locale.parse(lang).plural_form(count))


def months_word(count: int, lang: str, *, genitive: bool = False) -> str:
    """The word for "months" that follows *count* in *lang*."""
    forms = (MONTHS_GENITIVE if genitive else MONTHS)[lang]
    return forms.get(plural_category(count, lang), forms["other"])


def unit_word(forms: dict[str, dict[str, str]], count: int, lang: str) -> str:
    """The word of *forms* (one of the tables above) that follows *count* in *lang*."""
    words = forms[lang]
    return words.get(plural_category(count, lang), words["other"])
