"""ICAO 9303 machine readable zones (TD1, TD2, TD3, MRV-A, MRV-B): parse, check, compare.

Which documents serve as identity for a registration: passports (TD3, and the rare TD2
passport) and identity cards or residence documents (TD1, TD2: document codes I, A, C). A
visa (MRV-A, MRV-B), a crew member certificate or a driving licence is read where it can be,
but refused with a sentence that says what the document is (:attr:`MrzResult.refusal`).

Two-digit years. A birth date lies in the past: the latest century that does not put it in
the future. An expiry date lies within a bounded window around today: at most
``EXPIRY_YEARS_AHEAD`` years ahead (a passport is valid ten years at most; two more years
cover documents issued ahead of their validity and ten-year identity cards issued late in a
year) and at most ``EXPIRY_YEARS_BACK`` years back (an old document still gets read, and
blocked as expired). An expiry that fits no century inside that window is an error in
:attr:`MrzResult.problems`, never a guess.

Check digits follow ICAO 9303 Part 3 (weights 7, 3, 1). For a long document number that
runs on into the optional data (TD1 and TD2), ICAO computes the check digit over the number
without the filler at position 15; some national cards (a Belgian card in PRADO, BEL-BO-03003)
compute it over the number including that filler. Both are accepted; :attr:`CheckResult.rule`
names the rule that matched, so that the screen can say so. A matching check digit shows only
that the characters are consistent with each other, not that they were read right.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from typing import Any, Literal

from inspector import localtime
from inspector.documents.countries import country_name, mrz_code_to_alpha2, resolve_country
from inspector.messages import BilingualMessage

MrzFormat = Literal["TD1", "TD2", "TD3", "MRV-A", "MRV-B"]
DocumentKind = Literal["passport", "identity_card", "visa", "crew_certificate", "other"]

#: The window an expiry date must lie in (see the module's docstring).
EXPIRY_YEARS_AHEAD = 12
EXPIRY_YEARS_BACK = 50

_ALLOWED = re.compile(r"[A-Z0-9<]")

#: Check-digit rules and how the screen names them.
RULE_ICAO = "icao"
RULE_LONG_NUMBER = "icao_long_number"
RULE_WITH_FILLER = "with_filler"
RULE_EMPTY_FIELD = "empty_field"
RULE_TEXTS: dict[str, BilingualMessage] = {
    RULE_ICAO: BilingualMessage("icao", "ICAO 9303", "ICAO 9303"),
    RULE_LONG_NUMBER: BilingualMessage(
        "icao_long_number",
        "ICAO 9303, lang documentnummer (zonder het opvulteken)",
        "ICAO 9303, long document number (without the filler)",
    ),
    RULE_WITH_FILLER: BilingualMessage(
        "with_filler",
        "over het nummer inclusief het opvulteken '<' (zoals sommige nationale kaarten, "
        "bijv. België)",
        "over the number including the filler '<' (as some national cards do, e.g. Belgium)",
    ),
    RULE_EMPTY_FIELD: BilingualMessage(
        "empty_field", "leeg veld met '<' als controlecijfer", "empty field with '<' as check digit"
    ),
}

_FORMAT_TEXT: dict[MrzFormat, tuple[str, str]] = {
    "TD1": ("3 regels van 30 tekens", "3 lines of 30 characters"),
    "TD2": ("2 regels van 36 tekens", "2 lines of 36 characters"),
    "TD3": ("2 regels van 44 tekens", "2 lines of 44 characters"),
    "MRV-A": ("2 regels van 44 tekens", "2 lines of 44 characters"),
    "MRV-B": ("2 regels van 36 tekens", "2 lines of 36 characters"),
}


class MrzError(ValueError):
    """The text is not an MRZ this app can read; ``message`` says why in Dutch and English."""

    def __init__(self, message: BilingualMessage) -> None:
        super().__init__(message.en)
        self.message = message

    @property
    def code(self) -> str:
        return self.message.code


@dataclass(frozen=True)
class CheckResult:
    """One check digit: which field it guards, the digit computed and the character found,
    and the rule (see ``RULE_TEXTS``) that matched, or the ICAO rule when none did."""

    name: str
    ok: bool
    expected: str
    found: str
    rule: str = RULE_ICAO


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
    #: Optional data of TD1 line 2 (the other formats have one optional field).
    optional_data_2: str = ""
    #: Field contents that cannot be right (an expiry date outside the window, a date that
    #: does not exist): errors, independent of the check digits.
    problems: list[BilingualMessage] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        """Every check digit matches (field contents such as dates are in ``problems``)."""
        return all(check.ok for check in self.checks)

    @property
    def failed_checks(self) -> list[CheckResult]:
        return [check for check in self.checks if not check.ok]

    @property
    def document_kind(self) -> DocumentKind:
        return _document_kind(self.format, self.document_code)

    @property
    def refusal(self) -> BilingualMessage | None:
        """Why this document cannot establish identity for a registration, or None."""
        return _refusal(self.format, self.document_code)


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
    return MrzError(BilingualMessage(code, nl, en))


def _document_kind(layout: MrzFormat, code: str) -> DocumentKind:
    if layout in ("MRV-A", "MRV-B") or code.startswith("V"):
        return "visa"
    if code == "AC":
        return "crew_certificate"
    if code.startswith("P"):
        return "passport"
    if code[:1] in ("I", "A", "C"):
        return "identity_card"
    return "other"


def _refusal(layout: MrzFormat, code: str) -> BilingualMessage | None:
    kind = _document_kind(layout, code)
    shape_nl, shape_en = _FORMAT_TEXT[layout]
    if kind == "visa":
        return BilingualMessage(
            "not_identity_visa",
            f"Dit is een visum ({layout}, {shape_nl}), geen paspoort of identiteitskaart. Een "
            "visum is geen identiteitsbewijs voor de inschrijving: vraag naar het paspoort.",
            f"This is a visa ({layout}, {shape_en}), not a passport or identity card. A visa "
            "does not establish identity for the registration: ask for the passport.",
        )
    if kind == "crew_certificate":
        return BilingualMessage(
            "not_identity_crew",
            "Dit is een bemanningsbewijs (crew member certificate, code AC), geen paspoort of "
            "identiteitskaart: vraag naar het paspoort of de identiteitskaart.",
            "This is a crew member certificate (code AC), not a passport or identity card: ask "
            "for the passport or identity card.",
        )
    if kind == "other":
        return BilingualMessage(
            "not_identity_other",
            f"Dit document (code '{code}', {shape_nl}) is geen paspoort, identiteitskaart of "
            "verblijfsdocument: vraag naar een van die drie.",
            f"This document (code '{code}', {shape_en}) is not a passport, identity card or "
            "residence document: ask for one of those.",
        )
    return None


def _split_lines(text: str) -> list[str]:
    lines = [
        line.strip() for line in text.strip().replace("\r\n", "\n").replace("\r", "\n").split("\n")
    ]
    return [line.upper() for line in lines if line]


def _driving_licence() -> MrzError:
    return _error(
        "driving_licence",
        "Dit is een rijbewijs. Een rijbewijs is niet genoeg voor een eerste inschrijving (het "
        "toont geen nationaliteit): vraag naar het paspoort of de identiteitskaart.",
        "This is a driving licence. A driving licence is not enough for a first registration "
        "(it shows no nationality): ask for the passport or identity card.",
    )


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
    # ISO 18013 driving licences (e.g. French, Swiss) start with D; no ICAO document does.
    if lines[0].startswith("D") and len(lines) <= 3:
        raise _driving_licence()
    if len(lines) not in (2, 3):
        raise _error(
            "line_count",
            f"Een MRZ heeft 2 regels (paspoort, visum) of 3 regels (identiteitskaart), niet "
            f"{len(lines)}.",
            f"An MRZ has 2 lines (passport, visa) or 3 lines (identity card), not {len(lines)}.",
        )
    lengths = [len(line) for line in lines]
    widths = (30,) if len(lines) == 3 else (36, 44)
    width = lengths[0] if lengths[0] in widths else None
    if width is None:
        width = next((w for w in widths if w in lengths), widths[-1])
    for number, length in enumerate(lengths, start=1):
        if length != width:
            allowed_nl = " of ".join(str(w) for w in widths)
            allowed_en = " or ".join(str(w) for w in widths)
            raise _error(
                "line_length",
                f"Regel {number} heeft {length} tekens; bij {len(lines)} regels moet elke "
                f"regel {allowed_nl} tekens hebben, alle even lang.",
                f"Line {number} has {length} characters; with {len(lines)} lines every line "
                f"must have {allowed_en} characters, all of the same length.",
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
    if len(lines) == 3:
        return "TD1"
    visa = lines[0].startswith("V")
    if width == 44:
        return "MRV-A" if visa else "TD3"
    if visa:
        return "MRV-B"
    if lines[0].startswith("IDFRA") and not re.fullmatch(
        r"[A-Z0-9<]{9}[0-9<][A-Z<]{3}\d{6}.*", lines[1]
    ):
        raise _error(
            "french_id_card",
            "Dit is een Franse identiteitskaart van het oude model; de MRZ daarvan volgt de "
            "ICAO-indeling niet en wordt niet gelezen. De kaart is wel een geldig "
            "identiteitsbewijs: voer de gegevens met de hand in.",
            "This is a French identity card of the old model; its MRZ does not follow the "
            "ICAO layout and is not read. The card is a valid identity document: enter the "
            "data by hand.",
        )
    return "TD2"


def _check(name: str, data: str, found: str, *, filler_ok: bool = False) -> CheckResult:
    expected = check_digit(data)
    if found == expected:
        return CheckResult(name=name, ok=True, expected=expected, found=found)
    # ICAO allows '<' as check digit of an optional field that is entirely filler.
    if filler_ok and found == "<" and set(data) <= {"<"}:
        return CheckResult(name, True, expected, found, RULE_EMPTY_FIELD)
    return CheckResult(name=name, ok=False, expected=expected, found=found)


def _number_check(number9: str, cd: str, optional: str) -> tuple[str, CheckResult, str]:
    """The document number, its check and the optional data left, for TD1 and TD2 where a
    number longer than nine characters continues in the optional data after a '<'."""
    if cd == "<" and optional.strip("<"):
        head, _, tail = optional.rstrip("<").partition("<")
        if len(head) >= 2 and head[-1].isdigit():
            rest, found = head[:-1], head[-1]
            icao = _check("document_number", number9 + rest, found)
            if icao.ok:
                return number9 + rest, replace_rule(icao, RULE_LONG_NUMBER), tail
            filler = _check("document_number", number9 + "<" + rest, found)
            if filler.ok:
                return number9 + rest, replace_rule(filler, RULE_WITH_FILLER), tail
            return number9 + rest, replace_rule(icao, RULE_LONG_NUMBER), tail
        # else: '<' in place of the check digit without an overflow: the check fails as is.
    return number9, _check("document_number", number9, cd), optional


def replace_rule(check: CheckResult, rule: str) -> CheckResult:
    return CheckResult(check.name, check.ok, check.expected, check.found, rule)


def _names(field_text: str) -> tuple[str, str, bool]:
    truncated = not field_text.endswith("<")
    primary, _, secondary = field_text.partition("<<")
    surname = primary.replace("<", " ").strip()
    given = re.sub(r" +", " ", secondary.replace("<", " ")).strip()
    return surname, given, truncated


def _years_between(earlier: date, later: date) -> int:
    years = later.year - earlier.year
    if (later.month, later.day) < (earlier.month, earlier.day):
        years -= 1
    return years


def _date(
    raw: str, *, kind: Literal["birth", "expiry"], today: date, problems: list[BilingualMessage]
) -> date | None:
    if not raw.isdigit():
        return None  # unknown (filler) or unreadable: the check digit judges the characters
    yy, mm, dd = int(raw[0:2]), int(raw[2:4]), int(raw[4:6])
    label_nl, label_en = (
        ("geboortedatum", "birth date") if kind == "birth" else ("vervaldatum", "expiry date")
    )
    candidates: list[date] = []
    for century in (1900, 2000, 2100):
        try:
            candidates.append(date(century + yy, mm, dd))
        except ValueError:
            problems.append(
                BilingualMessage(
                    f"{kind}_date_invalid",
                    f"De {label_nl} '{raw}' in de MRZ is geen bestaande datum.",
                    f"The {label_en} '{raw}' in the MRZ is not a date that exists.",
                )
            )
            return None
    if kind == "birth":
        past = [c for c in candidates if c <= today]
        return past[-1] if past else None
    for candidate in candidates:
        if candidate >= today:
            if _years_between(today, candidate) < EXPIRY_YEARS_AHEAD:
                return candidate
        elif _years_between(candidate, today) < EXPIRY_YEARS_BACK:
            return candidate
    problems.append(
        BilingualMessage(
            "expiry_date_out_of_window",
            f"De vervaldatum '{raw}' in de MRZ past niet: als 20{raw[:2]} ligt ze meer dan "
            f"{EXPIRY_YEARS_AHEAD} jaar vooruit, als 19{raw[:2]} meer dan "
            f"{EXPIRY_YEARS_BACK} jaar terug. Controleer de MRZ met het document.",
            f"The expiry date '{raw}' in the MRZ does not fit: as 20{raw[:2]} it is more than "
            f"{EXPIRY_YEARS_AHEAD} years ahead, as 19{raw[:2]} more than {EXPIRY_YEARS_BACK} "
            "years back. Check the MRZ against the document.",
        )
    )
    return None


def _clean(field_text: str) -> str:
    return field_text.replace("<", " ").strip()


def parse_mrz(text: str, *, today: date | None = None) -> MrzResult:
    """Parse a typed or pasted MRZ (TD1, TD2, TD3, MRV-A, MRV-B) and verify its check digits.

    Surrounding whitespace, lowercase and ``\\n``/``\\r\\n``/``\\r`` line breaks are tolerated;
    a space inside a line, a wrong number or length of lines, a character outside A-Z 0-9
    ``<``, a driving licence or an old French identity card raises :class:`MrzError`. Check
    digit failures do not raise: they are in ``checks``; impossible dates are in
    ``problems``; a document that cannot serve as identity has a ``refusal``. ``today``
    places two-digit years (default: the current date).
    """
    lines = _split_lines(text)
    layout = _validate_layout(lines)
    ref = today or localtime.today()
    if layout == "TD1":
        return _parse_td1(lines, ref)
    return _parse_two_lines(lines, layout, ref)


def _parse_two_lines(lines: list[str], layout: MrzFormat, today: date) -> MrzResult:
    """TD2, TD3, MRV-A and MRV-B share line 2 up to the expiry date's check digit."""
    l1, l2 = lines
    width = len(l1)
    surname, given, truncated = _names(l1[5:width])
    birth_raw, birth_cd = l2[13:19], l2[19]
    expiry_raw, expiry_cd = l2[21:27], l2[27]
    checks: list[CheckResult] = []
    if layout == "TD2":
        number, number_check, optional = _number_check(l2[0:9], l2[9], l2[28:35])
        checks.append(number_check)
    else:
        number, optional = l2[0:9], l2[28:width]
        checks.append(_check("document_number", l2[0:9], l2[9]))
    checks += [
        _check("birth_date", birth_raw, birth_cd),
        _check("expiry_date", expiry_raw, expiry_cd),
    ]
    if layout == "TD3":
        optional = l2[28:42]
        checks.append(_check("optional_data", optional, l2[42], filler_ok=True))
        checks.append(_check("composite", l2[0:10] + l2[13:20] + l2[21:43], l2[43]))
    elif layout == "TD2":
        checks.append(_check("composite", l2[0:10] + l2[13:20] + l2[21:35], l2[35]))
    problems: list[BilingualMessage] = []
    return MrzResult(
        format=layout,
        document_code=l1[0:2].replace("<", ""),
        issuing_state=l1[2:5].replace("<", ""),
        surname=surname,
        given_names=given,
        document_number=number.replace("<", ""),
        nationality=l2[10:13].replace("<", ""),
        birth_date=_date(birth_raw, kind="birth", today=today, problems=problems),
        sex=l2[20],
        expiry_date=_date(expiry_raw, kind="expiry", today=today, problems=problems),
        optional_data=_clean(optional),
        checks=checks,
        name_truncated=truncated,
        problems=problems,
    )


def _parse_td1(lines: list[str], today: date) -> MrzResult:
    l1, l2, l3 = lines
    number, number_check, optional_1 = _number_check(l1[5:14], l1[14], l1[15:30])
    surname, given, truncated = _names(l3)
    birth_raw, birth_cd = l2[0:6], l2[6]
    expiry_raw, expiry_cd = l2[8:14], l2[14]
    composite_data = l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29]
    checks = [
        number_check,
        _check("birth_date", birth_raw, birth_cd),
        _check("expiry_date", expiry_raw, expiry_cd),
        _check("composite", composite_data, l2[29]),
    ]
    problems: list[BilingualMessage] = []
    return MrzResult(
        format="TD1",
        document_code=l1[0:2].replace("<", ""),
        issuing_state=l1[2:5].replace("<", ""),
        surname=surname,
        given_names=given,
        document_number=number.replace("<", ""),
        nationality=l2[15:18].replace("<", ""),
        birth_date=_date(birth_raw, kind="birth", today=today, problems=problems),
        sex=l2[7],
        expiry_date=_date(expiry_raw, kind="expiry", today=today, problems=problems),
        optional_data=_clean(optional_1),
        checks=checks,
        name_truncated=truncated,
        optional_data_2=_clean(l2[18:29]),
        problems=problems,
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
