"""Answer-side texts of the form screens (yes/no, units, date formats, country names) per language.

These are texts a resident may read on a resident form, so they exist in every resident language
like the form files themselves; the interface around the form (buttons, titles) uses self.tr().
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any, Final

from inspector import localtime
from inspector.forms import Field, FieldType
from inspector.forms.validators import country_codes, language_codes

#: yes, no, unknown
YES_NO: Final[dict[str, tuple[str, str, str]]] = {
    "nl": ("Ja", "Nee", "Onbekend"),
    "en": ("Yes", "No", "Unknown"),
    "pl": ("Tak", "Nie", "Nie wiem"),
    "uk": ("Так", "Ні", "Не знаю"),
    "ro": ("Da", "Nu", "Nu știu"),
}

_UNITS: Final[dict[str, dict[str, str]]] = {
    "m2": {"*": "m²"},
    "m": {"*": "m"},
    "eur": {"*": "€"},
    "litres": {"nl": "liter", "en": "litres", "pl": "litrów", "uk": "літрів", "ro": "litri"},
    "hours": {"nl": "uur", "en": "hours", "pl": "godz.", "uk": "год", "ro": "ore"},
}

_DATE_HINT: Final[dict[str, str]] = {
    "nl": "dd-mm-jjjj",
    "en": "dd-mm-yyyy",
    "pl": "dd-mm-rrrr",
    "uk": "дд-мм-рррр",
    "ro": "zz-ll-aaaa",
}
_TIME_HINT: Final[dict[str, str]] = {"nl": "uu:mm", "en": "hh:mm", "pl": "gg:mm", "uk": "гг:хх",
                                     "ro": "hh:mm"}  # fmt: skip

_DECIMAL_COMMA: Final = frozenset({"nl", "pl", "uk", "ro"})
#: Languages babel is asked for; anything else falls back to Dutch names.
_NAME_LANGUAGES: Final = frozenset({"nl", "en", "pl", "uk", "ro", "de", "fr"})


def yes_no_labels(lang: str) -> tuple[str, str, str]:
    return YES_NO.get(lang, YES_NO["nl"])


def unit_label(unit: str | None, lang: str) -> str:
    if not unit:
        return ""
    texts = _UNITS.get(unit, {})
    return texts.get(lang) or texts.get("*") or texts.get("nl") or unit


def date_hint(lang: str, with_time: bool = False) -> str:
    day = _DATE_HINT.get(lang, _DATE_HINT["nl"])
    return f"{day} {_TIME_HINT.get(lang, 'hh:mm')}" if with_time else day


def format_number(value: int | float, lang: str) -> str:
    if isinstance(value, float):
        text = str(int(value)) if value.is_integer() else f"{value:.10g}"
    else:
        text = str(value)
    return text.replace(".", ",") if lang in _DECIMAL_COMMA else text


def format_date(value: dt.date) -> str:
    return value.strftime("%d-%m-%Y")


def format_datetime(value: dt.datetime) -> str:
    """In the municipality's time (one zone everywhere, whatever the laptop's clock says)."""
    local = localtime.local(value) if value.tzinfo is not None else value
    return local.strftime("%d-%m-%Y %H:%M")


def _babel_lang(lang: str) -> str:
    return lang if lang in _NAME_LANGUAGES else "nl"


@lru_cache(maxsize=16)
def country_names(lang: str) -> tuple[tuple[str, str], ...]:
    """(code, name) of every country, sorted by the name in `lang`."""
    from babel import Locale

    names = Locale(_babel_lang(lang)).territories
    pairs = [(code, str(names.get(code, code))) for code in country_codes()]
    return tuple(sorted(pairs, key=lambda p: p[1].casefold()))


@lru_cache(maxsize=16)
def language_names(lang: str) -> tuple[tuple[str, str], ...]:
    """(code, name) of every two-letter language, sorted by the name in `lang`."""
    from babel import Locale

    names = Locale(_babel_lang(lang)).languages
    pairs = [(code, str(names.get(code, code))) for code in language_codes()]
    return tuple(sorted(pairs, key=lambda p: p[1].casefold()))


@lru_cache(maxsize=32)
def _name_map(kind: str, lang: str) -> dict[str, str]:
    pairs = country_names(lang) if kind == "country" else language_names(lang)
    return dict(pairs)


def country_name(code: str, lang: str) -> str:
    return _name_map("country", lang).get(code, code)


def language_name(code: str, lang: str) -> str:
    return _name_map("language", lang).get(code, code)


def format_value(field: Field, value: Any, lang: str) -> str:
    """A stored or calculated value as the officer reads it (read-only displays)."""
    if value is None or value == "" or value == []:
        return "–"
    t = field.type
    if isinstance(value, bool):
        return yes_no_labels(lang)[0 if value else 1]
    if isinstance(value, int | float):
        text = format_number(value, lang)
        unit = unit_label(field.unit, lang)
        return f"{text} {unit}" if unit else text
    if isinstance(value, dt.datetime):
        return format_datetime(value)
    if isinstance(value, dt.date):
        return format_date(value)
    if t is FieldType.YES_NO and value in ("yes", "no", "unknown"):
        return yes_no_labels(lang)[("yes", "no", "unknown").index(value)]
    if t in (FieldType.SINGLE_CHOICE, FieldType.MULTIPLE_CHOICE):
        ids = value if isinstance(value, list) else [value]
        return ", ".join(
            field.choice(c).label.get(lang) if c in field.choice_ids else str(c) for c in ids
        )
    if t is FieldType.COUNTRY and isinstance(value, str):
        return country_name(value, lang)
    if t is FieldType.NATIONALITY and isinstance(value, list):
        return ", ".join(country_name(str(c), lang) for c in value)
    if t is FieldType.LANGUAGE and isinstance(value, str):
        return language_name(value, lang)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def format_any(value: Any, lang: str) -> str:
    """A value of a field this form version no longer knows: no type to go by."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return yes_no_labels(lang)[0 if value else 1]
    if isinstance(value, int | float):
        return format_number(value, lang)
    if isinstance(value, dt.datetime):
        return format_datetime(value)
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, list):
        return ", ".join(format_any(v, lang) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {format_any(v, lang)}" for k, v in value.items())
    if value in ("yes", "no", "unknown"):
        return yes_no_labels(lang)[("yes", "no", "unknown").index(value)]
    return str(value)
