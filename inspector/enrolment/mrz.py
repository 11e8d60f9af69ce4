"""ICAO 9303 machine readable zones (TD1 ID cards, TD3 passports): parse, check, compare."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from typing import Any, Literal

from inspector.enrolment.countries import country_name, mrz_code_to_alpha2, resolve_country
from inspector.enrolment.messages import Message

MrzFormat = Literal["TD1", "TD3"]

_ALLOWED = re.compile(r"[A-Z0-9<]")
_LAYOUTS: dict[tuple[int, int], MrzFormat] = {(3, 30): "TD1", (2, 44): "TD3"}


class MrzError(ValueError):
    """The text is not a TD1 or TD3 MRZ; ``message`` says why in Dutch and English."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.en)
        self.message = message

    @property
    def code(self) -> str:
        return self.message.code


@dataclass(frozen=True)
class CheckResult:
    """One check digit: which field it guards, the digit computed and the character found."""

    name: str
    ok: bool
    expected: str
    found: str


@dataclass(frozen=True)
class MrzResult:
    """A parsed MRZ. Names use spaces where the MRZ has ``<``; dates are None when unreadable."""

    format: MrzFormat
    document_code: str
    issuing_state: str
    surname: str
    given_names: str
    document_number: str
    nationality: str
    birth_date: date | None
    sex: str
    expiry_date: date | None
    optional_data: str
    checks: list[CheckResult] = field(default_factory=list)
    #: The name field is full to the last position, so the names may have been cut short.
    name_truncated: bool = False
    #: Optional data of TD1 line 2 (TD3 has only one optional field; it is empty there).
    optional_data_2: str = ""

    @property
    def valid(self) -> bool:
        """Every check digit matches (field contents such as dates are not judged here)."""
        return all(check.ok for check in self.checks)

    @property
    def failed_checks(self) -> list[CheckResult]:
        return [check for check in self.checks if not check.ok]


@dataclass(frozen=True)
class Mismatch:
    """A field where what the officer entered differs from the document's MRZ."""

    field: str
    mrz_value: str
    entered_value: str


def char_value(char: str) -> int:
    """ICAO 9303 value of one MRZ character: digits as such, A=10 … Z=35, ``<`` = 0."""
    if char.isdigit():
        return int(char)
    if "A" <= char <= "Z":
        return ord(char) - ord("A") + 10
    if char == "<":
        return 0
    raise ValueError(f"not an MRZ character: {char!r}")


def check_digit(data: str) -> str:
    """The check digit over ``data`` (weights 7, 3, 1 repeating, sum modulo 10)."""
    weights = (7, 3, 1)
    return str(sum(char_value(c) * weights[i % 3] for i, c in enumerate(data)) % 10)


def _error(code: str, nl: str, en: str) -> MrzError:
    return MrzError(Message(code, nl, en))


def _split_lines(text: str) -> list[str]:
    lines = [
        line.strip() for line in text.strip().replace("\r\n", "\n").replace("\r", "\n").split("\n")
    ]
    return [line.upper() for line in lines if line]


def _validate_layout(lines: list[str]) -> MrzFormat:
    if not lines:
        raise _error("empty", "Er is geen MRZ ingevoerd.", "No MRZ was entered.")
    for number, line in enumerate(lines, start=1):
        if re.search(r"\s", line):
            raise _error(
                "space_in_line",
                f"Regel {number} bevat een spatie; een MRZ heeft geen spaties, gebruik '<'.",
                f"Line {number} contains a space; an MRZ has no spaces, use '<' instead.",
            )
    lengths = {len(line) for line in lines}
    layout = _LAYOUTS.get((len(lines), len(lines[0])))
    if len(lines) not in (2, 3):
        raise _error(
            "line_count",
            f"Een MRZ heeft 2 regels (paspoort) of 3 regels (identiteitskaart), niet {len(lines)}.",
            f"An MRZ has 2 lines (passport) or 3 lines (identity card), not {len(lines)}.",
        )
    expected = 44 if len(lines) == 2 else 30
    if layout is None or len(lengths) != 1:
        for number, line in enumerate(lines, start=1):
            if len(line) != expected:
                if len(lines) == 2 and lengths == {36}:
                    raise _error(
                        "td2_unsupported",
                        "Dit lijkt een MRZ van 2 regels van 36 tekens (TD2); dat formaat wordt "
                        "niet ondersteund, voer de gegevens met de hand in.",
                        "This looks like a 2-line MRZ of 36 characters (TD2); that format is "
                        "not supported, enter the data by hand.",
                    )
                raise _error(
                    "line_length",
                    f"Regel {number} heeft {len(line)} tekens; bij {len(lines)} regels moet elke "
                    f"regel {expected} tekens hebben.",
                    f"Line {number} has {len(line)} characters; with {len(lines)} lines every "
                    f"line must have {expected} characters.",
                )
    for number, line in enumerate(lines, start=1):
        for position, char in enumerate(line, start=1):
            if not _ALLOWED.fullmatch(char):
                raise _error(
                    "illegal_character",
                    f"Regel {number}, positie {position}: het teken '{char}' mag niet in een "
                    "MRZ staan (alleen A-Z, 0-9 en '<').",
                    f"Line {number}, position {position}: the character '{char}' is not "
                    "allowed in an MRZ (only A-Z, 0-9 and '<').",
                )
    if layout is None:  # unreachable: every other shape raised above
        raise _error("layout", "Dit is geen geldige MRZ.", "This is not a valid MRZ.")
    return layout


def _check(name: str, data: str, found: str, *, filler_ok: bool = False) -> CheckResult:
    expected = check_digit(data)
    # ICAO allows '<' as check digit of an optional field that is entirely filler.
    ok = found == expected or (filler_ok and found == "<" and set(data) <= {"<"})
    return CheckResult(name=name, ok=ok, expected=expected, found=found)


def _names(field_text: str) -> tuple[str, str, bool]:
    truncated = not field_text.endswith("<")
    primary, _, secondary = field_text.partition("<<")
    surname = primary.replace("<", " ").strip()
    given = re.sub(r" +", " ", secondary.replace("<", " ")).strip()
    return surname, given, truncated


def _date(raw: str, *, kind: Literal["birth", "expiry"], today: date) -> date | None:
    if not raw.isdigit():
        return None
    yy, mm, dd = int(raw[0:2]), int(raw[2:4]), int(raw[4:6])
    if kind == "expiry":
        years = [2000 + yy]
    else:
        # The birth century is the latest one that does not put the birth in the future.
        years = [2000 + yy, 1900 + yy]
    for year in years:
        try:
            candidate = date(year, mm, dd)
        except ValueError:
            return None
        if kind == "expiry" or candidate <= today:
            return candidate
    return None


def _clean(field_text: str) -> str:
    return field_text.replace("<", " ").strip()


def parse_mrz(text: str, *, today: date | None = None) -> MrzResult:
    """Parse a typed or pasted TD1/TD3 MRZ and verify all its check digits.

    Surrounding whitespace, lowercase and ``\\n``/``\\r\\n`` line breaks are tolerated; a space
    inside a line, a wrong number or length of lines, or a character outside A-Z 0-9 ``<``
    raises :class:`MrzError`. Check digit failures do not raise: they are in ``checks``.
    ``today`` decides the century of a two-digit birth year (default: the current date).
    """
    lines = _split_lines(text)
    layout = _validate_layout(lines)
    ref = today or date.today()
    if layout == "TD3":
        return _parse_td3(lines, ref)
    return _parse_td1(lines, ref)


def _parse_td3(lines: list[str], today: date) -> MrzResult:
    l1, l2 = lines
    surname, given, truncated = _names(l1[5:44])
    number_raw, number_cd = l2[0:9], l2[9]
    birth_raw, birth_cd = l2[13:19], l2[19]
    expiry_raw, expiry_cd = l2[21:27], l2[27]
    personal_raw, personal_cd = l2[28:42], l2[42]
    composite_data = l2[0:10] + l2[13:20] + l2[21:43]
    checks = [
        _check("document_number", number_raw, number_cd),
        _check("birth_date", birth_raw, birth_cd),
        _check("expiry_date", expiry_raw, expiry_cd),
        _check("optional_data", personal_raw, personal_cd, filler_ok=True),
        _check("composite", composite_data, l2[43]),
    ]
    return MrzResult(
        format="TD3",
        document_code=l1[0:2].replace("<", ""),
        issuing_state=l1[2:5].replace("<", ""),
        surname=surname,
        given_names=given,
        document_number=number_raw.replace("<", ""),
        nationality=l2[10:13].replace("<", ""),
        birth_date=_date(birth_raw, kind="birth", today=today),
        sex=l2[20],
        expiry_date=_date(expiry_raw, kind="expiry", today=today),
        optional_data=_clean(personal_raw),
        checks=checks,
        name_truncated=truncated,
    )


def _parse_td1(lines: list[str], today: date) -> MrzResult:
    l1, l2, l3 = lines
    number_raw, number_cd = l1[5:14], l1[14]
    optional_1 = l1[15:30]
    if number_cd == "<" and optional_1.strip("<"):
        # Long document number: the rest of it, then its check digit, open optional data 1.
        overflow = optional_1.rstrip("<")
        head, _, tail = overflow.partition("<")
        if head:
            number_raw, number_cd, optional_1 = number_raw + head[:-1], head[-1], tail
        # else: '<' in place of the check digit without an overflow: the check fails as is.
    surname, given, truncated = _names(l3)
    birth_raw, birth_cd = l2[0:6], l2[6]
    expiry_raw, expiry_cd = l2[8:14], l2[14]
    composite_data = l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29]
    checks = [
        _check("document_number", number_raw, number_cd),
        _check("birth_date", birth_raw, birth_cd),
        _check("expiry_date", expiry_raw, expiry_cd),
        _check("composite", composite_data, l2[29]),
    ]
    return MrzResult(
        format="TD1",
        document_code=l1[0:2].replace("<", ""),
        issuing_state=l1[2:5].replace("<", ""),
        surname=surname,
        given_names=given,
        document_number=number_raw.replace("<", ""),
        nationality=l2[15:18].replace("<", ""),
        birth_date=_date(birth_raw, kind="birth", today=today),
        sex=l2[7],
        expiry_date=_date(expiry_raw, kind="expiry", today=today),
        optional_data=_clean(optional_1),
        checks=checks,
        name_truncated=truncated,
        optional_data_2=_clean(l2[18:29]),
    )


def document_expired(expiry: date | None, today: date) -> bool:
    """True when the document's last valid day lies before ``today`` (unknown expiry: False)."""
    return expiry is not None and expiry < today


# --- comparing with what the officer entered -------------------------------------------------

#: Characters that ICAO 9303 Part 3 transliterates to more than a bare letter, with the
#: alternatives seen in real documents (e.g. German Ä as AE or A, Ukrainian national and
#: ICAO spellings of Cyrillic). Everything else loses its diacritics (Ą -> A, Ș -> S).
_TRANSLIT: dict[str, tuple[str, ...]] = {
    "Ä": ("AE", "A"),
    "Å": ("AA", "A"),
    "Æ": ("AE",),
    "Ö": ("OE", "O"),
    "Ø": ("OE", "O"),
    "Ü": ("UE", "U"),
    "ẞ": ("SS",),
    "Þ": ("TH",),
    "Ð": ("D",),
    "Ł": ("L",),
    "Œ": ("OE",),
    "Ĳ": ("IJ",),
    "Ñ": ("N", "NXX"),
    "Ħ": ("H",),
    "Ŧ": ("T",),
    "Đ": ("D",),
    "Ŀ": ("L",),
    # Cyrillic: ICAO 9303 (7th ed.) first, then the Ukrainian (KMU 2010) and Russian usage.
    "А": ("A",),
    "Б": ("B",),
    "В": ("V",),
    "Г": ("G", "H"),
    "Ґ": ("G",),
    "Д": ("D",),
    "Ђ": ("D",),
    "Ѓ": ("G",),
    "Е": ("E", "YE", "IE"),
    "Ё": ("E", "YO", "IO"),
    "Є": ("IE", "YE"),
    "Ж": ("ZH",),
    "З": ("Z",),
    "Ѕ": ("DZ",),
    "И": ("I", "Y"),
    "І": ("I",),
    "Ї": ("I", "YI"),
    "Й": ("I", "Y"),
    "Ј": ("J",),
    "К": ("K",),
    "Л": ("L",),
    "Љ": ("LJ",),
    "М": ("M",),
    "Н": ("N",),
    "Њ": ("NJ",),
    "О": ("O",),
    "П": ("P",),
    "Р": ("R",),
    "С": ("S",),
    "Т": ("T",),
    "Ћ": ("C",),
    "Ќ": ("K",),
    "У": ("U",),
    "Ў": ("U",),
    "Ф": ("F",),
    "Х": ("KH", "H"),
    "Ц": ("TS",),
    "Ч": ("CH",),
    "Џ": ("DZ",),
    "Ш": ("SH",),
    "Щ": ("SHCH",),
    "Ъ": ("IE", ""),
    "Ы": ("Y",),
    "Ь": ("",),
    "Э": ("E",),
    "Ю": ("IU", "YU"),
    "Я": ("IA", "YA"),
}


@cache
def _char_options(char: str) -> tuple[str, ...]:
    if "A" <= char <= "Z":
        return (char,)
    if char == "ß":
        return ("SS",)
    options = _TRANSLIT.get(char)
    if options is not None:
        return options
    decomposed = unicodedata.normalize("NFKD", char)
    base = "".join(c for c in decomposed if not unicodedata.combining(c)).upper()
    if base and base != char:
        # A precomposed letter such as Ą or Ș: transliterate its base letters.
        results = [""]
        for part in base:
            results = [done + option for done in results for option in _char_options(part)]
        return tuple(results)
    # A character ICAO would not write at all (apostrophe, digit, symbol) is left out.
    return ("",)


def _name_tokens(entered: str) -> list[tuple[str, ...]]:
    text = unicodedata.normalize("NFC", entered).strip().upper()
    tokens: list[tuple[str, ...]] = []
    for char in text:
        if char.isspace() or char in "-‐‑–,<":
            if tokens and tokens[-1] != (" ",):
                tokens.append((" ",))
            continue
        options = _char_options(char)
        if options != ("",):
            tokens.append(options)
    while tokens and tokens[-1] == (" ",):
        tokens.pop()
    return tokens


def names_match(mrz_name: str, entered: str, *, truncated: bool = False) -> bool:
    """True when ``entered`` transliterates (in one of the accepted ways) to ``mrz_name``.

    With ``truncated`` the MRZ may hold only the beginning of the transliterated name, as
    happens when a long name does not fit in the name field.
    """
    target = re.sub(r" +", " ", mrz_name.strip().upper())
    tokens = _name_tokens(entered)

    @cache
    def match(index: int, pos: int) -> bool:
        if pos == len(target):
            return index == len(tokens) or truncated
        if index == len(tokens):
            return False
        for option in tokens[index]:
            if target.startswith(option, pos) and match(index + 1, pos + len(option)):
                return True
            if truncated and option.startswith(target[pos:]) and option:
                return True
        return False

    return match(0, 0)


_SEX_ALIASES = {
    "M": "M",
    "MAN": "M",
    "MALE": "M",
    "F": "F",
    "V": "F",
    "VROUW": "F",
    "FEMALE": "F",
    "X": "X",
    "<": "X",
    "ONBEKEND": "X",
    "UNKNOWN": "X",
    "UNSPECIFIED": "X",
}


def _as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value.strip():
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _present(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _country_value(code: str) -> str:
    alpha2 = mrz_code_to_alpha2(code)
    return alpha2 if alpha2 is not None else code


def compare(mrz: MrzResult, entered: Mapping[str, Any]) -> list[Mismatch]:
    """Fields where the entered data disagree with the MRZ; fields not entered are skipped.

    Keys read from ``entered``: ``surname``, ``given_names``, ``document_number``,
    ``birth_date`` and ``expiry_date`` (date, datetime or ISO text), ``sex`` (M/F/X, also
    V, man, vrouw …), ``nationality`` and ``issuing_country`` (alpha-2, alpha-3 or a name;
    compared with the MRZ's alpha-3 after converting both to alpha-2, so D equals DE).
    """
    mismatches: list[Mismatch] = []

    def add(name: str, mrz_value: str, entered_value: Any) -> None:
        mismatches.append(Mismatch(name, mrz_value, str(entered_value)))

    surname = entered.get("surname")
    # Only the last name part in the name field can have been cut short.
    surname_cut = mrz.name_truncated and not mrz.given_names
    if _present(surname) and not names_match(mrz.surname, str(surname), truncated=surname_cut):
        add("surname", mrz.surname, surname)
    given = entered.get("given_names")
    if _present(given) and not names_match(
        mrz.given_names, str(given), truncated=mrz.name_truncated
    ):
        add("given_names", mrz.given_names, given)

    number = entered.get("document_number")
    if _present(number):
        cleaned = re.sub(r"[\s<\-.]", "", str(number)).upper()
        if cleaned != mrz.document_number:
            add("document_number", mrz.document_number, number)

    for key, mrz_date in (("birth_date", mrz.birth_date), ("expiry_date", mrz.expiry_date)):
        value = entered.get(key)
        if _present(value):
            entered_date = _as_date(value)
            if entered_date is None or entered_date != mrz_date:
                add(key, mrz_date.isoformat() if mrz_date else "", value)

    sex = entered.get("sex")
    if _present(sex):
        normalised = _SEX_ALIASES.get(str(sex).strip().upper())
        mrz_sex = _SEX_ALIASES.get(mrz.sex, mrz.sex)
        if normalised != mrz_sex:
            add("sex", mrz.sex, sex)

    for key, mrz_code in (("nationality", mrz.nationality), ("issuing_country", mrz.issuing_state)):
        value = entered.get(key)
        if not _present(value):
            continue
        mrz_alpha2 = mrz_code_to_alpha2(mrz_code)
        entered_alpha2 = resolve_country(str(value))
        if mrz_alpha2 is not None:
            same = entered_alpha2 == mrz_alpha2
        else:
            same = str(value).strip().upper() == mrz_code
        if not same:
            add(key, _country_value(mrz_code), value)
    return mismatches


def describe_country(code: str, lang: str) -> str:
    """Display name of an MRZ state code, e.g. ``D`` -> "Duitsland"; used by screens."""
    return country_name(code, lang)
