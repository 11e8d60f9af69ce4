"""Rendering numbers, counts and dates in Dutch and English for rule messages."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from babel.dates import format_date

_LOCALES = {"nl": "nl", "en": "en_GB"}


def num(value: float, lang: str, places: int = 1) -> str:
    """*value* rounded half-up to at most *places* decimals, Dutch decimal comma for nl."""
    return _render(Decimal(str(value)), lang, places, ROUND_HALF_UP)


def ratio(value: float, minimum: float, lang: str) -> str:
    """A per-person figure compared with *minimum*, rounded so the text never contradicts
    the verdict (11.96 against 12 must not read as "12")."""
    if value >= minimum:
        return num(value, lang)
    for places in (1, 2, 3):
        text = _render(Decimal(str(value)), lang, places, ROUND_HALF_UP)
        rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
        if rounded < Decimal(str(minimum)):
            return text
    return _render(Decimal(str(value)), lang, 3, ROUND_FLOOR)


def _render(value: Decimal, lang: str, places: int, rounding: str) -> str:
    quantized = value.quantize(Decimal(1).scaleb(-places), rounding)
    text = f"{quantized:,.{places}f}".rstrip("0").rstrip(".") if places else f"{quantized:,}"
    if lang == "nl":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def plural(n: float, one: str, many: str) -> str:
    """*one* when n == 1, else *many*."""
    return one if n == 1 else many


def persons(n: int, lang: str) -> str:
    """'1 persoon', '7 personen' / '1 person', '7 persons'."""
    if lang == "nl":
        return f"{n} {plural(n, 'persoon', 'personen')}"
    return f"{n} {plural(n, 'person', 'persons')}"


def day_text(value: date, lang: str) -> str:
    """'3 februari 2025' / '3 February 2025'."""
    return format_date(value, format="long", locale=_LOCALES.get(lang, "en_GB"))
