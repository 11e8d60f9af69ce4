"""Format checks for answers: BSN, postcode, e-mail, phone, country/language codes, dates."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Final

from stdnum.exceptions import ValidationError as StdnumError
from stdnum.nl import bsn as _bsn

from inspector.identifiers import normalize_postcode as normalize_postcode

# Deliberately simple: one @, a dotted domain, no spaces; real checking is sending mail.
_EMAIL_RE: Final = re.compile(
    r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@"
    r"(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.[A-Za-z]{2,63}"
)
_PHONE_STRIP_RE: Final = re.compile(r"[\s\-().]")
# Codes babel lists as territories that are no country.
_NOT_COUNTRIES: Final = frozenset({"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"})


def is_valid_bsn(value: object) -> bool:
    """A BSN: 9 digits passing the elfproef (weights 9..2, -1), never all zeros."""
    if not isinstance(value, str) or not re.fullmatch(r"[0-9]{9}", value):
        return False
    if value == "000000000":
        return False
    try:
        _bsn.validate(value)
    except StdnumError:
        return False
    return True


def normalize_bsn(raw: object) -> str | None:
    """Digits of a typed BSN (spaces, dots and dashes removed) if valid, else None.

    Anything that is not text (None, a number) is invalid: None, never an exception.
    """
    if not isinstance(raw, str):
        return None
    digits = re.sub(r"[\s.\-]", "", raw)
    if len(digits) == 8 and digits.isdigit():
        digits = "0" + digits  # BSNs with a leading zero are often written without it
    return digits if is_valid_bsn(digits) else None


def is_valid_postcode(value: str) -> bool:
    """Whether `value` is a postcode in normal form '1234 AB'."""
    return normalize_postcode(value) == value


def is_valid_email(value: str) -> bool:
    return isinstance(value, str) and len(value) <= 254 and bool(_EMAIL_RE.fullmatch(value))


def normalize_email(raw: str) -> str | None:
    value = raw.strip()
    return value if is_valid_email(value) else None


def normalize_phone(raw: str) -> str | None:
    """A phone number as '+<digits>' (international) or Dutch '0<9 digits>'; else None.

    Lenient on spaces, dashes, dots and brackets; '00' prefixes become '+'.
    """
    if not isinstance(raw, str):
        return None
    s = _PHONE_STRIP_RE.sub("", raw.strip())
    if s.startswith("00"):
        s = "+" + s[2:]
    if s.startswith("+"):
        digits = s[1:]
        if digits.startswith("0") or not digits.isdigit() or not 8 <= len(digits) <= 15:
            return None
        if digits.startswith("31"):
            national = digits[2:].removeprefix("0")  # '+31 (0)6...' is a common way to write it
            if len(national) != 9:
                return None
            return "+31" + national
        return "+" + digits
    if s.isdigit() and len(s) == 10 and s.startswith("0") and s[1] != "0":
        return s
    return None


def is_valid_phone(value: str) -> bool:
    return normalize_phone(value) is not None


@lru_cache(maxsize=1)
def country_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes (from babel's CLDR data)."""
    from babel import Locale

    codes = {str(code) for code in Locale("en").territories}
    return frozenset(c for c in codes if len(c) == 2 and c.isalpha() and c not in _NOT_COUNTRIES)


@lru_cache(maxsize=1)
def language_codes() -> frozenset[str]:
    """ISO 639-1 two-letter language codes (from babel's CLDR data)."""
    from babel import Locale

    codes = {str(code) for code in Locale("en").languages}
    return frozenset(c for c in codes if len(c) == 2 and c.isalpha())


def is_valid_country(value: str) -> bool:
    return isinstance(value, str) and value in country_codes()


def is_valid_language(value: str) -> bool:
    return isinstance(value, str) and value in language_codes()


def is_not_future(value: dt.date, today: dt.date) -> bool:
    """A date (or datetime, by its date) that does not lie after `today`."""
    day = value.date() if isinstance(value, dt.datetime) else value
    return day <= today


def is_not_before(later: dt.date, earlier: dt.date) -> bool:
    """E.g. an arrival date is not before the birth date."""
    a = later.date() if isinstance(later, dt.datetime) else later
    b = earlier.date() if isinstance(earlier, dt.datetime) else earlier
    return a >= b


def in_range(value: float, minimum: float | None, maximum: float | None) -> bool:
    return (minimum is None or value >= minimum) and (maximum is None or value <= maximum)
