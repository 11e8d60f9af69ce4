"""Importing the coordinator's address data: BAG, BRP counts, LAA signals, owners and landlord
reports, complaints and partners' signals, registered persons (for planned visits only).

Every source is a CSV or spreadsheet read by :mod:`inspector.tabular` (the reader of the
employer's list). The importer first proposes a column mapping from the headers
(:func:`propose`), which the coordinator sees and may correct; then :func:`read_source` checks
every row: row numbers as the spreadsheet shows them, every refused row with its reason, the
other rows imported. What the file leaves open (which sheet) is asked, never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from inspector.addresses.model import (
    LAA_TYPES,
    SIGNAL_KINDS,
    USES,
    BagObject,
    BrpCounts,
    LaaSignal,
    OwnerRecord,
    RegisteredPerson,
    Signal,
    SourceKind,
    address_key,
)
from inspector.identifiers import normalize_postcode
from inspector.messages import BilingualMessage
from inspector.tabular import (
    Cell,
    FileError,
    Limits,
    Sheet,
    SourceFormat,
    blank,
    cell_text,
    column_letter,
    file_error,
    header_key,
    read_workbook,
)

LIMITS = Limits(
    max_file_bytes=64 * 1024 * 1024,
    max_unpacked_bytes=400 * 1024 * 1024,
    max_data_rows=250_000,
    max_columns=40,
    what_nl="een bestand met adresgegevens",
    what_en="a file of address data",
)


@dataclass(frozen=True)
class FieldSpec:
    """One field a source reads: its Dutch and English name, whether the file must have it, and
    the headers it recognises (compared after :func:`inspector.tabular.header_key`)."""

    name: str
    nl: str
    en: str
    required: bool
    synonyms: tuple[str, ...] = ()


_ADDRESS: tuple[FieldSpec, ...] = (
    FieldSpec("postcode", "postcode", "postcode", True, ("pc", "postcode", "zip", "pc6")),
    FieldSpec(
        "number",
        "huisnummer",
        "house number",
        True,
        ("huisnummer", "huisnr", "nr", "nummer", "house number", "number"),
    ),
    FieldSpec(
        "addition",
        "toevoeging",
        "addition",
        False,
        (
            "toevoeging", "huisletter", "huisnummertoevoeging", "huisnummer toevoeging",
            "toev", "addition", "suffix",
        ),
    ),
)  # fmt: skip

SOURCES: dict[SourceKind, tuple[str, str, tuple[FieldSpec, ...]]] = {
    "bag": (
        "BAG (verblijfsobjecten)",
        "BAG (verblijfsobjecten)",
        (
            FieldSpec(
                "vbo_id",
                "verblijfsobject-id",
                "verblijfsobject id",
                True,
                ("vbo id", "vboid", "verblijfsobject", "verblijfsobjectid", "identificatie",
                 "adresseerbaar object", "bag id"),
            ),
            FieldSpec("street", "straat", "street", True, ("straat", "straatnaam",
                      "openbare ruimte", "openbareruimte", "street")),
            *_ADDRESS,
            FieldSpec("city", "woonplaats", "city", False, ("woonplaats", "plaats", "city")),
            FieldSpec("area", "oppervlakte (m²)", "floor area (m²)", True,
                      ("oppervlakte", "gebruiksoppervlakte", "opp", "m2", "oppervlakte m2",
                       "floor area", "area")),
            FieldSpec("use", "gebruiksdoel", "use", True, ("gebruiksdoel", "gebruiksdoelen",
                      "functie", "use")),
            FieldSpec("x", "x (RD)", "x (RD)", False, ("x", "x coordinaat", "rd x", "x rd")),
            FieldSpec("y", "y (RD)", "y (RD)", False, ("y", "y coordinaat", "rd y", "y rd")),
            FieldSpec("wijk", "wijk", "district", False, ("wijk", "wijknaam", "buurt",
                      "district")),
        ),
    ),
    "brp": (
        "BRP-aantallen per adres",
        "BRP counts per address",
        (
            *_ADDRESS,
            FieldSpec("registered", "ingeschreven personen", "persons registered", True,
                      ("ingeschreven", "ingeschrevenen", "aantal ingeschreven", "personen",
                       "aantal personen", "bewoners", "registered")),
            FieldSpec("in_12", "vestigingen 12 mnd", "moved in 12 months", False,
                      ("vestigingen 12 mnd", "vestigingen 12m", "inschrijvingen 12 mnd",
                       "in 12", "moved in 12")),
            FieldSpec("out_12", "vertrekken 12 mnd", "moved out 12 months", False,
                      ("vertrekken 12 mnd", "vertrek 12 mnd", "vertrekken 12m", "uit 12",
                       "moved out 12")),
            FieldSpec("in_24", "vestigingen 24 mnd", "moved in 24 months", False,
                      ("vestigingen 24 mnd", "vestigingen 24m", "inschrijvingen 24 mnd",
                       "in 24", "moved in 24")),
            FieldSpec("out_24", "vertrekken 24 mnd", "moved out 24 months", False,
                      ("vertrekken 24 mnd", "vertrek 24 mnd", "vertrekken 24m", "uit 24",
                       "moved out 24")),
            FieldSpec("non_dutch", "niet-Nederlandse nationaliteit", "non-Dutch nationality",
                      False, ("niet nederlandse nationaliteit", "niet nl", "buitenlandse "
                      "nationaliteit", "non dutch")),
            FieldSpec("rni", "RNI-contactadressen", "RNI contact addresses", False,
                      ("rni", "rni contactadres", "rni contactadressen")),
        ),
    ),
    "laa": (
        "LAA-signalen",
        "LAA signals",
        (
            *_ADDRESS,
            FieldSpec("type", "soort signaal", "signal type", True, ("soort signaal", "signaal",
                      "type", "soort", "signaaltype", "signal type")),
            FieldSpec("date", "datum", "date", False, ("datum", "datum signaal", "date")),
        ),
    ),
    "owners": (
        "Eigenaren en meldingen verhuurders",
        "Owners and landlords' reports",
        (
            *_ADDRESS,
            FieldSpec("owner", "eigenaar", "owner", True, ("eigenaar", "eigenaar id",
                      "kvk", "kvk nummer", "owner", "owner id")),
            FieldSpec("reported", "gemelde arbeidsmigranten", "labour migrants reported",
                      False, ("gemeld", "gemelde personen", "gemelde arbeidsmigranten",
                              "aantal gemeld", "reported")),
            FieldSpec("reported_on", "datum melding", "date of report", False,
                      ("datum melding", "meldingsdatum", "reported on")),
        ),
    ),
    "signals": (
        "Klachten en signalen van partners",
        "Complaints and partners' signals",
        (
            *_ADDRESS,
            FieldSpec("kind", "soort", "kind", True, ("soort", "soort melding", "type",
                      "kind")),
            FieldSpec("source", "afzender", "source", False, ("afzender", "partner", "bron",
                      "source")),
            FieldSpec("date", "datum", "date", False, ("datum", "datum melding", "date")),
        ),
    ),
    "persons": (
        "Ingeschreven personen (voor geplande bezoeken)",
        "Registered persons (for planned visits)",
        (
            *_ADDRESS,
            FieldSpec("surname", "achternaam", "surname", True, ("achternaam",
                      "geslachtsnaam", "surname")),
            FieldSpec("given_names", "voornamen", "given names", False, ("voornamen",
                      "voornaam", "given names")),
            FieldSpec("birth_date", "geboortedatum", "date of birth", False,
                      ("geboortedatum", "geb datum", "date of birth")),
            FieldSpec("bsn", "BSN", "BSN", False, ("bsn", "burgerservicenummer")),
        ),
    ),
}  # fmt: skip


def fields(kind: SourceKind) -> tuple[FieldSpec, ...]:
    return SOURCES[kind][2]


def source_name(kind: SourceKind, lang: str = "nl") -> str:
    nl, en, _ = SOURCES[kind]
    return nl if lang == "nl" else en


def _synonyms(kind: SourceKind) -> dict[str, str]:
    out: dict[str, str] = {}
    for spec in fields(kind):
        for name in (*spec.synonyms, spec.nl, spec.en, spec.name):
            out.setdefault(header_key(name), spec.name)
            out.setdefault(header_key(name).replace(" ", ""), spec.name)
    return out


_SYNONYMS: dict[SourceKind, dict[str, str]] = {kind: _synonyms(kind) for kind in SOURCES}


def header_field(kind: SourceKind, text: object) -> str | None:
    """The field a header names for this source (``"Gebruiksoppervlakte (m2)"`` -> area)."""
    if not isinstance(text, str):
        return None
    table = _SYNONYMS[kind]
    for candidate in (text, re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", text)):
        key = header_key(candidate)
        name = table.get(key) or table.get(key.replace(" ", ""))
        if name is not None:
            return name
    return None


def _find_header(
    kind: SourceKind, table: list[tuple[int, list[Cell]]]
) -> tuple[int, dict[str, int]] | None:
    for index, (_number, cells) in enumerate(table[: LIMITS.header_search_rows]):
        found: dict[str, int] = {}
        for position, value in enumerate(cells):
            name = header_field(kind, value)
            if name is not None and name not in found:
                found[name] = position
        if len(found) >= 2:
            return index, found
    return None


@dataclass(frozen=True)
class AddressRowError:
    """A row left out, with why (``row_number`` as the spreadsheet shows it)."""

    row_number: int
    reason: BilingualMessage


@dataclass
class Proposal:
    """How the file would be read: sheet, header row, headers, the proposed mapping (0-based
    position -> field), fields the file lacks, and the first rows as a preview. While
    ``choices_needed`` is not empty the coordinator must choose (the sheet) first."""

    kind: SourceKind
    source_format: SourceFormat
    sheets: list[str] = field(default_factory=list)
    sheet: str | None = None
    header_row: int = 0
    headers: list[str] = field(default_factory=list)
    mapping: dict[int, str] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    preview: list[tuple[int, list[str]]] = field(default_factory=list)
    warnings: list[BilingualMessage] = field(default_factory=list)
    choices_needed: list[BilingualMessage] = field(default_factory=list)

    def unused(self) -> list[tuple[int, str]]:
        """Columns not read: (position, header)."""
        return [(p, h) for p, h in enumerate(self.headers) if p not in self.mapping and h]


@dataclass
class SourceResult:
    """What an import read: the records, the refused rows with reasons, warnings."""

    kind: SourceKind
    records: list[Any]
    errors: list[AddressRowError]
    warnings: list[BilingualMessage]
    rows_read: int
    mapping: dict[int, str]
    sheet: str | None = None

    @property
    def rejected_rows(self) -> list[int]:
        return sorted({e.row_number for e in self.errors})

    def summary(self) -> BilingualMessage:
        refused = len(self.rejected_rows)
        return BilingualMessage(
            "summary",
            f"{self.rows_read} rijen gelezen: {len(self.records)} geïmporteerd, "
            f"{refused} geweigerd.",
            f"{self.rows_read} rows read: {len(self.records)} imported, {refused} refused.",
        )


@dataclass
class _Table:
    book_format: SourceFormat
    sheet: Sheet
    sheets: list[str]
    header_index: int
    found: dict[str, int]
    warnings: list[BilingualMessage]


#: Rows a preview reads: room for the header search and the first rows shown under it.
PREVIEW_ROWS = LIMITS.header_search_rows + 12


def _open(
    path: Path, kind: SourceKind, sheet: str | None, head: int | None = None
) -> _Table | list[BilingualMessage]:
    book = read_workbook(
        path, LIMITS, lambda t: len((_find_header(kind, t) or (0, {}))[1]), head=head
    )
    names = [s.name or "" for s in book.sheets]
    candidates = [s for s in book.sheets if not s.hidden and _find_header(kind, s.rows)]
    if sheet is not None:
        chosen = [s for s in book.sheets if (s.name or "").casefold() == sheet.casefold()]
        if not chosen:
            raise file_error(
                "sheet_missing",
                f"Het werkboek heeft geen blad '{sheet}'; de bladen zijn {', '.join(names)}.",
                f"The workbook has no sheet '{sheet}'; its sheets are {', '.join(names)}.",
            )
        candidates = chosen
    elif len(candidates) > 1:
        listed = ", ".join(f"'{s.name}'" for s in candidates)
        return [
            BilingualMessage(
                "choose_sheet",
                f"Er staan gegevens op meer dan één blad: {listed}. Kies het blad.",
                f"There is data on more than one sheet: {listed}. Choose the sheet.",
            )
        ]
    header = _find_header(kind, candidates[0].rows) if candidates else None
    if header is None:
        expected = ", ".join(f"'{s.nl}'" for s in fields(kind) if s.required)
        raise file_error(
            "no_header",
            f"Geen kopregel gevonden voor {source_name(kind)}; verwacht zijn kolommen als "
            f"{expected}.",
            f"No header row found for {source_name(kind, 'en')}; columns such as {expected} "
            "are expected.",
        )
    return _Table(book.source_format, candidates[0], names, header[0], header[1], book.warnings)


def propose(path: Path, kind: SourceKind, *, sheet: str | None = None) -> Proposal:
    """Read the first rows of *path*, enough to show how it would be imported (nothing is
    imported; a file of 100,000 rows is not read whole until the import)."""
    table = _open(path, kind, sheet, head=PREVIEW_ROWS)
    if isinstance(table, list):
        book = read_workbook(path, LIMITS, lambda t: 0, head=PREVIEW_ROWS)
        return Proposal(
            kind, book.source_format, sheets=[s.name or "" for s in book.sheets],
            choices_needed=table,
        )  # fmt: skip
    rows = table.sheet.rows
    header_cells = rows[table.header_index][1]
    mapping = {position: name for name, position in table.found.items()}
    required = [s.name for s in fields(kind) if s.required]
    return Proposal(
        kind=kind,
        source_format=table.book_format,
        sheets=table.sheets,
        sheet=table.sheet.name,
        header_row=rows[table.header_index][0],
        headers=[cell_text(c) for c in header_cells],
        mapping=mapping,
        missing=[name for name in required if name not in table.found],
        preview=[
            (number, [cell_text(c) for c in cells])
            for number, cells in rows[table.header_index + 1 : table.header_index + 6]
        ],
        warnings=table.warnings,
    )


def field_label(kind: SourceKind, name: str, lang: str = "nl") -> str:
    for spec in fields(kind):
        if spec.name == name:
            return spec.nl if lang == "nl" else spec.en
    raise KeyError(name)


def read_source(
    path: Path,
    kind: SourceKind,
    *,
    mapping: Mapping[int, str] | None = None,
    sheet: str | None = None,
) -> SourceResult:
    """Import *path* as a source of *kind* with the (corrected) *mapping*: position -> field.

    Raises :class:`FileError` when the file cannot be used at all (also when a required field
    has no column); rows with a problem are in ``errors`` and left out.
    """
    table = _open(path, kind, sheet)
    if isinstance(table, list):
        raise FileError(table[0])
    columns: dict[str, int] = (
        dict(table.found) if mapping is None else {name: pos for pos, name in mapping.items()}
    )
    known = {s.name for s in fields(kind)}
    for name in columns:
        if name not in known:
            raise ValueError(f"unknown field {name!r} for {kind}")
    missing = [s for s in fields(kind) if s.required and s.name not in columns]
    if missing:
        names = ", ".join(f"'{s.nl}'" for s in missing)
        names_en = ", ".join(f"'{s.en}'" for s in missing)
        raise file_error(
            "columns_missing",
            f"Deze kolommen ontbreken: {names}. Wijs ze toe of vul ze aan in het bestand.",
            f"These columns are missing: {names_en}. Map them or add them to the file.",
        )
    checker = _CHECKERS[kind]
    records: list[Any] = []
    errors: list[AddressRowError] = []
    seen: dict[str, int] = {}
    rows_read = 0
    width = max(columns.values()) + 1
    for number, cells in table.sheet.rows[table.header_index + 1 :]:
        if blank(cells):
            continue
        rows_read += 1
        if len(cells) < width:
            cells = cells + [None] * (width - len(cells))
        values = {name: cells[position] for name, position in columns.items()}
        problems: list[BilingualMessage] = []
        record = checker(values, problems)
        if problems or record is None:
            errors.extend(AddressRowError(number, p) for p in problems)
            continue
        if kind == "bag":
            first = seen.get(record.key)
            if first is not None:
                errors.append(
                    AddressRowError(
                        number,
                        BilingualMessage(
                            "duplicate",
                            f"Dit adres staat al in rij {first}.",
                            f"This address is already in row {first}.",
                        ),
                    )
                )
                continue
            seen[record.key] = number
        records.append(record)
    warnings = list(table.warnings)
    # Hidden rows that held data (a hidden empty row, or the header, imported nothing).
    hidden = sorted(
        number
        for number, cells in table.sheet.rows[table.header_index + 1 :]
        if number in table.sheet.hidden_rows and not blank(cells)
    )
    if hidden:
        shown = ", ".join(str(n) for n in hidden[:20]) + (" …" if len(hidden) > 20 else "")
        warnings.append(
            BilingualMessage(
                "hidden_rows",
                f"Verborgen rijen zijn ook geïmporteerd: {shown}.",
                f"Hidden rows were imported too: {shown}.",
            )
        )
    by_position = {position: name for name, position in columns.items()}
    return SourceResult(kind, records, errors, warnings, rows_read, by_position, table.sheet.name)


# -- row checks ------------------------------------------------------------------------------

_POSTCODE = re.compile(r"([1-9][0-9]{3}) ?([A-Z]{2})")
_NUMBER = re.compile(r"(\d{1,5})\s*[-/ ]?\s*([A-Za-z0-9]{0,6})")


def _postcode(raw: Cell) -> str | None:
    text = cell_text(raw).upper()
    m = _POSTCODE.fullmatch(text)
    if m and m.group(2) not in ("SA", "SD", "SS"):
        return f"{m.group(1)} {m.group(2)}"
    return normalize_postcode(text)


def _problem(problems: list[BilingualMessage], code: str, nl: str, en: str) -> None:
    problems.append(BilingualMessage(code, nl, en))


def _address(values: dict[str, Cell], problems: list[BilingualMessage]) -> str | None:
    raw_pc = values.get("postcode")
    postcode = _postcode(raw_pc)
    if postcode is None:
        _problem(
            problems,
            "postcode",
            f"De postcode '{cell_text(raw_pc)}' is geen Nederlandse postcode (1234 AB).",
            f"The postcode '{cell_text(raw_pc)}' is not a Dutch postcode (1234 AB).",
        )
    raw_number = cell_text(values.get("number"))
    addition = cell_text(values.get("addition"))
    m = _NUMBER.fullmatch(raw_number)
    number = int(m.group(1)) if m else 0
    if not m or number < 1:
        _problem(
            problems,
            "number",
            f"Het huisnummer '{raw_number}' is geen huisnummer.",
            f"The house number '{raw_number}' is not a house number.",
        )
        return None
    if m.group(2) and not addition:
        addition = m.group(2)  # "12A" or "12-2" in one column
    if postcode is None:
        return None
    return address_key(postcode, number, addition)


def _count(
    values: dict[str, Cell],
    name: str,
    label: str,
    problems: list[BilingualMessage],
    *,
    default: int = 0,
) -> int:
    raw = values.get(name)
    text = cell_text(raw)
    if text == "":
        return default
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    if isinstance(raw, int) and raw >= 0:
        return raw
    if text.isdigit():
        return int(text)
    _problem(
        problems,
        name,
        f"{label} '{text}' is geen aantal (een heel getal, 0 of meer).",
        f"{label} '{text}' is not a count (a whole number, 0 or more).",
    )
    return default


_DECIMAL = re.compile(r"-?\d+([.,]\d+)?")


def _number(raw: Cell) -> float | None:
    if isinstance(raw, int | float):
        return float(raw)
    text = cell_text(raw).replace(" ", "")
    if text.isdigit():
        return float(text)
    if _DECIMAL.fullmatch(text):
        return float(text.replace(",", "."))
    return None


def _date(values: dict[str, Cell], name: str, problems: list[BilingualMessage]) -> date | None:
    from inspector.employer_list.importlist import parse_list_date

    raw = values.get(name)
    if cell_text(raw) == "":
        return None
    try:
        found = parse_list_date(raw, "dmy")
    except ValueError:
        found = None
    if found is None:
        _problem(
            problems,
            name,
            f"De datum '{cell_text(raw)}' is geen datum (gebruik DD-MM-JJJJ of JJJJ-MM-DD).",
            f"The date '{cell_text(raw)}' is not a date (use DD-MM-YYYY or YYYY-MM-DD).",
        )
    return found


_USE_WORDS = {header_key(u).replace(" ", ""): u for u in USES}
_USE_WORDS.update({header_key(u.removesuffix("functie")): u for u in USES})
_USE_WORDS.update({"wonen": "woonfunctie", "logies": "logiesfunctie", "overig": USES[-1]})


def _uses(raw: Cell, problems: list[BilingualMessage]) -> tuple[str, ...]:
    text = cell_text(raw)
    parts = [p for p in re.split(r"[,;/|+]", text) if p.strip()]
    uses: list[str] = []
    for part in parts:
        key = header_key(part)
        use = _USE_WORDS.get(key) or _USE_WORDS.get(key.replace(" ", ""))
        if use is None:
            _problem(
                problems,
                "use",
                f"Het gebruiksdoel '{part.strip()}' is geen BAG-gebruiksdoel (bijvoorbeeld "
                "woonfunctie, logiesfunctie, industriefunctie).",
                f"The use '{part.strip()}' is not a BAG use (for example woonfunctie, "
                "logiesfunctie, industriefunctie).",
            )
            return ()
        if use not in uses:
            uses.append(use)
    if not uses:
        _problem(problems, "use", "Het gebruiksdoel ontbreekt.", "The use is missing.")
    return tuple(uses)


def _check_bag(values: dict[str, Cell], problems: list[BilingualMessage]) -> BagObject | None:
    key = _address(values, problems)
    vbo = cell_text(values.get("vbo_id")).removeprefix("NL.IMBAG.")
    if not vbo.isdigit():
        vbo = re.sub(r"\D", "", vbo)
    if len(vbo) == 15:  # Excel drops the leading 0 of municipality codes below 1000
        vbo = "0" + vbo
    if len(vbo) != 16 or vbo[4:6] != "01":
        raw = cell_text(values.get("vbo_id"))
        _problem(
            problems,
            "vbo_id",
            f"'{raw}' is geen verblijfsobject-id (16 cijfers, de 5e en 6e zijn 01).",
            f"'{raw}' is not a verblijfsobject id (16 digits, the 5th and 6th are 01).",
        )
    street = cell_text(values.get("street"))
    if not street:
        _problem(problems, "street", "De straat ontbreekt.", "The street is missing.")
    raw_area = values.get("area")
    area = _number(raw_area)
    if cell_text(raw_area) == "":
        area = None
    elif area is None or not 1 <= area <= 1_000_000:
        _problem(
            problems,
            "area",
            f"De oppervlakte '{cell_text(raw_area)}' is geen oppervlakte in m² (1 tot 1.000.000).",
            f"The floor area '{cell_text(raw_area)}' is not an area in m² (1 to 1,000,000).",
        )
    uses = _uses(values.get("use"), problems)
    x, y = _number(values.get("x")), _number(values.get("y"))
    if (x is None) != (y is None) or (
        x is not None and y is not None and not (0 <= x <= 300_000 and 289_000 <= y <= 629_000)
    ):
        _problem(
            problems,
            "xy",
            f"De coördinaten ({cell_text(values.get('x'))}, {cell_text(values.get('y'))}) liggen "
            "niet in Nederland (RD, meters).",
            f"The coordinates ({cell_text(values.get('x'))}, {cell_text(values.get('y'))}) are "
            "not in the Netherlands (RD, metres).",
        )
    if problems or key is None:
        return None
    postcode, number_text, addition = key.split("|")
    return BagObject(
        key=key,
        vbo_id=vbo,
        street=street,
        number=int(number_text),
        addition=addition,
        postcode=postcode,
        city=cell_text(values.get("city")),
        area_m2=area,
        uses=uses,
        x=x,
        y=y,
        wijk=cell_text(values.get("wijk")),
    )


def _check_brp(values: dict[str, Cell], problems: list[BilingualMessage]) -> BrpCounts | None:
    key = _address(values, problems)
    raw = cell_text(values.get("registered"))
    if raw == "":
        _problem(
            problems, "registered", "Het aantal ingeschrevenen ontbreekt.",
            "The number of persons registered is missing.",
        )  # fmt: skip
    counts = {
        name: _count(values, name, label, problems)
        for name, label in (
            ("registered", "Ingeschreven"),
            ("in_12", "Vestigingen 12 mnd"),
            ("out_12", "Vertrekken 12 mnd"),
            ("in_24", "Vestigingen 24 mnd"),
            ("out_24", "Vertrekken 24 mnd"),
            ("non_dutch", "Niet-Nederlandse nationaliteit"),
            ("rni", "RNI-contactadressen"),
        )
    }
    if counts["in_24"] < counts["in_12"] or counts["out_24"] < counts["out_12"]:
        _problem(
            problems,
            "moves",
            "Er zijn meer verhuizingen in 12 maanden dan in 24 maanden; dat kan niet.",
            "There are more moves in 12 months than in 24 months; that cannot be.",
        )
    if problems or key is None:
        return None
    return BrpCounts(
        key,
        counts["registered"],
        counts["in_12"],
        counts["out_12"],
        counts["in_24"],
        counts["out_24"],
        counts["non_dutch"],
        counts["rni"],
    )


def _lookup(table: Mapping[str, tuple[str, str]], raw: str) -> str | None:
    key = header_key(raw)
    for code, (nl, en) in table.items():
        if key in (header_key(code), header_key(nl), header_key(en)):
            return code
    compact = key.replace(" ", "")
    for code, (nl, en) in table.items():
        if compact in (header_key(c).replace(" ", "") for c in (code, nl, en)):
            return code
    return None


def _check_laa(values: dict[str, Cell], problems: list[BilingualMessage]) -> LaaSignal | None:
    key = _address(values, problems)
    raw = cell_text(values.get("type"))
    kind = _lookup(LAA_TYPES, raw)
    if kind is None:
        names = ", ".join(nl for nl, _en in LAA_TYPES.values())
        _problem(
            problems,
            "type",
            f"'{raw}' is geen LAA-signaal; bekend zijn: {names}.",
            f"'{raw}' is not an LAA signal type; known are: {names}.",
        )
    received = _date(values, "date", problems)
    if problems or key is None or kind is None:
        return None
    return LaaSignal(key, kind, received)


def _check_owners(values: dict[str, Cell], problems: list[BilingualMessage]) -> OwnerRecord | None:
    key = _address(values, problems)
    owner = cell_text(values.get("owner"))
    if not owner:
        _problem(problems, "owner", "De eigenaar ontbreekt.", "The owner is missing.")
    reported = (
        _count(values, "reported", "Gemeld", problems)
        if cell_text(values.get("reported"))
        else None
    )
    reported_on = _date(values, "reported_on", problems)
    if problems or key is None:
        return None
    return OwnerRecord(key, owner, reported, reported_on)


def _check_signals(values: dict[str, Cell], problems: list[BilingualMessage]) -> Signal | None:
    key = _address(values, problems)
    raw = cell_text(values.get("kind"))
    kind = _lookup(SIGNAL_KINDS, raw) or _lookup(
        {"klacht": ("klacht", "complaint"), "partner": ("partnersignaal", "partner")}, raw
    )
    if kind is None:
        _problem(
            problems,
            "kind",
            f"'{raw}' is geen soort melding; gebruik 'klacht' of 'partner'.",
            f"'{raw}' is not a kind of report; use 'klacht' (complaint) or 'partner'.",
        )
    received = _date(values, "date", problems)
    if problems or key is None or kind is None:
        return None
    return Signal(key, kind, cell_text(values.get("source")), received)


def _check_persons(
    values: dict[str, Cell], problems: list[BilingualMessage]
) -> RegisteredPerson | None:
    from inspector.forms.validators import normalize_bsn

    key = _address(values, problems)
    surname = cell_text(values.get("surname"))
    if not surname:
        _problem(problems, "surname", "De achternaam ontbreekt.", "The surname is missing.")
    birth = _date(values, "birth_date", problems)
    raw_bsn = cell_text(values.get("bsn"))
    bsn = normalize_bsn(raw_bsn) if raw_bsn else None
    if raw_bsn and bsn is None:
        _problem(
            problems,
            "bsn",
            "Het BSN is ongeldig (9 cijfers en de 11-proef).",
            "The BSN is not valid (9 digits and the elfproef).",
        )
    if problems or key is None:
        return None
    return RegisteredPerson(key, surname, cell_text(values.get("given_names")), birth, bsn)


_CHECKERS: dict[SourceKind, Any] = {
    "bag": _check_bag,
    "brp": _check_brp,
    "laa": _check_laa,
    "owners": _check_owners,
    "signals": _check_signals,
    "persons": _check_persons,
}


def describe_columns(kind: SourceKind, lang: str = "nl") -> Sequence[str]:
    """The fields of a source as the dialog lists them ("postcode (verplicht)")."""
    word = "verplicht" if lang == "nl" else "required"
    return [
        f"{s.nl if lang == 'nl' else s.en}" + (f" ({word})" if s.required else "")
        for s in fields(kind)
    ]


__all__ = [
    "LIMITS",
    "SOURCES",
    "FieldSpec",
    "FileError",
    "Proposal",
    "AddressRowError",
    "SourceResult",
    "column_letter",
    "describe_columns",
    "field_label",
    "fields",
    "header_field",
    "propose",
    "read_source",
    "source_name",
]
