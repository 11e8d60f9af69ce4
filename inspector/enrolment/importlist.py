"""The employer's list of residents for a group registration day (xlsx or CSV), checked per row.

Required columns: surname, given names and birth date (``achternaam``, ``voornamen``,
``geboortedatum``); the other columns are optional. Required values per row: surname and birth
date; a row without given names is imported with the flag ``no_given_names`` (some people have
none), everything else may be empty and is completed on location.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

from stdnum.nl import bsn as stdnum_bsn

from inspector.enrolment.countries import normalise_name, resolve_country
from inspector.enrolment.messages import Message

FLAG_DAMAGED_NAME = "damaged_name"
FLAG_NO_GIVEN_NAMES = "no_given_names"
FLAG_ARRIVAL_IN_FUTURE = "arrival_in_future"
FLAG_DUPLICATE_IN_FILE = "duplicate_in_file"

Column = Literal[
    "surname",
    "given_names",
    "arrival_date",
    "birth_date",
    "birth_place",
    "birth_country",
    "bsn",
    "room",
]

#: Dutch and English column names (after lowercasing; spaces and hyphens read as ``_``).
_HEADERS: dict[str, Column] = {
    "achternaam": "surname",
    "geslachtsnaam": "surname",
    "surname": "surname",
    "last_name": "surname",
    "family_name": "surname",
    "voornamen": "given_names",
    "voornaam": "given_names",
    "given_names": "given_names",
    "given_name": "given_names",
    "first_names": "given_names",
    "first_name": "given_names",
    "datum_aankomst": "arrival_date",
    "aankomstdatum": "arrival_date",
    "arrival_date": "arrival_date",
    "date_of_arrival": "arrival_date",
    "geboortedatum": "birth_date",
    "birth_date": "birth_date",
    "date_of_birth": "birth_date",
    "geboorteplaats": "birth_place",
    "birth_place": "birth_place",
    "place_of_birth": "birth_place",
    "geboorteland": "birth_country",
    "birth_country": "birth_country",
    "country_of_birth": "birth_country",
    "bsn": "bsn",
    "burgerservicenummer": "bsn",
    "kamer": "room",
    "kamernummer": "room",
    "room": "room",
    "room_number": "room",
    "chalet": "room",
}

_COLUMN_NAMES: dict[Column, tuple[str, str]] = {
    "surname": ("achternaam", "surname"),
    "given_names": ("voornamen", "given_names"),
    "arrival_date": ("datum_aankomst", "arrival_date"),
    "birth_date": ("geboortedatum", "birth_date"),
    "birth_place": ("geboorteplaats", "birth_place"),
    "birth_country": ("geboorteland", "birth_country"),
    "bsn": ("bsn", "bsn"),
    "room": ("kamer", "room"),
}

REQUIRED_COLUMNS: tuple[Column, ...] = ("surname", "given_names", "birth_date")
_HEADER_SEARCH_ROWS = 10

#: Limits that keep a crafted file from exhausting memory or time; an employer's list of a few
#: hundred people is far below them.
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_UNPACKED_BYTES = 20 * 1024 * 1024
MAX_DATA_ROWS = 5000
MAX_COLUMNS = 40
_MAX_SHEETS = 10
#: Rows read into memory: room for the header (searched in the first rows) and the data.
_MAX_READ_ROWS = _HEADER_SEARCH_ROWS + MAX_DATA_ROWS + 1
#: Excel's own last row; beyond the rows read, later rows are only checked for being empty.
_EXCEL_MAX_ROWS = 1_048_576


class FileError(Exception):
    """The file cannot be imported at all; nothing was imported. ``message`` says why."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.en)
        self.message = message


@dataclass(frozen=True)
class ImportRow:
    """One accepted row; ``row_number`` is the row number a spreadsheet shows (header = 1)."""

    row_number: int
    surname: str
    given_names: str
    arrival_date: date | None
    birth_date: date
    birth_place: str | None
    birth_country: str | None
    bsn: str | None
    room: str | None
    flags: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class RowError:
    """One problem that keeps a row out of the import (a row can have several)."""

    row_number: int
    reason: Message


@dataclass(frozen=True)
class ImportResult:
    rows: list[ImportRow]
    errors: list[RowError]
    warnings: list[Message]
    source_format: Literal["xlsx", "csv"]

    @property
    def rejected_rows(self) -> list[int]:
        return sorted({error.row_number for error in self.errors})


Cell = str | int | float | date | datetime | None


def _file_error(code: str, nl: str, en: str) -> FileError:
    return FileError(Message(code, nl, en))


def read_list(path: Path, *, today: date) -> ImportResult:
    """Read and check an employer's list (.xlsx, or CSV with comma or semicolon).

    Raises :class:`FileError` when the file as a whole cannot be used (missing, empty, damaged,
    not a spreadsheet or text file, larger than ``MAX_FILE_BYTES``, more than ``MAX_DATA_ROWS``
    rows, no recognisable header, required columns missing). Only the first ``MAX_COLUMNS``
    columns are read. Problems of single rows are in ``errors``; those rows are left out, all
    others are returned.
    """
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise _too_large()
        data = path.read_bytes()
    except FileNotFoundError:
        raise _file_error(
            "missing", "Het bestand bestaat niet.", "The file does not exist."
        ) from None
    except OSError:
        raise _file_error(
            "unreadable", "Het bestand kan niet worden gelezen.", "The file cannot be read."
        ) from None
    if len(data) > MAX_FILE_BYTES:  # it grew since stat()
        raise _too_large()
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise _file_error("empty", "Het bestand is leeg.", "The file is empty.")
    warnings: list[Message] = []
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise _file_error(
            "old_excel",
            "Dit is een oud Excel-bestand (.xls); sla het op als .xlsx of CSV en probeer "
            "het opnieuw.",
            "This is an old Excel file (.xls); save it as .xlsx or CSV and try again.",
        )
    source: Literal["xlsx", "csv"] = "xlsx" if data.startswith(b"PK\x03\x04") else "csv"
    # A damaged or crafted file fails deep inside the zip, XML or CSV readers in many ways;
    # each becomes the same plain refusal, and nothing has been imported at that point.
    try:
        table = _read_xlsx(data) if source == "xlsx" else _read_csv(data, warnings)
    except FileError:
        raise
    except (
        csv.Error,
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        SyntaxError,  # xml.etree's ParseError and lxml's XMLSyntaxError derive from it
        KeyError,
        IndexError,
        ValueError,
        TypeError,
        AttributeError,
        EOFError,
        OSError,
    ):
        raise _damaged_file() from None
    except Exception as exc:  # openpyxl raises its own InvalidFileException and others
        if type(exc).__module__.startswith("openpyxl"):
            raise _damaged_file() from None
        raise
    return _check_table(table, warnings, source, today)


def _too_large(*, unpacked: bool = False) -> FileError:
    if unpacked:
        mb = MAX_UNPACKED_BYTES // 2**20
        return _file_error(
            "too_large",
            f"Het spreadsheet is uitgepakt groter dan {mb} MB; dat is te groot voor een lijst "
            "van bewoners.",
            f"The spreadsheet unpacks to more than {mb} MB; that is too large for a list of "
            "residents.",
        )
    mb = MAX_FILE_BYTES // 2**20
    return _file_error(
        "too_large",
        f"Het bestand is groter dan {mb} MB; dat is te groot voor een lijst van bewoners.",
        f"The file is larger than {mb} MB; that is too large for a list of residents.",
    )


def _too_long() -> FileError:
    n_en = f"{MAX_DATA_ROWS:,}"
    n_nl = n_en.replace(",", ".")
    return _file_error(
        "too_long",
        f"De lijst heeft meer dan {n_nl} rijen; splits hem in delen van hoogstens {n_nl} rijen "
        "en importeer die na elkaar.",
        f"The list has more than {n_en} rows; split it into parts of at most {n_en} rows and "
        "import them one after the other.",
    )


def _damaged_file() -> FileError:
    return _file_error(
        "damaged",
        "Het bestand is beschadigd of geen geldig spreadsheet- of CSV-bestand.",
        "The file is damaged or not a valid spreadsheet or CSV file.",
    )


def _not_a_list() -> FileError:
    return _file_error(
        "not_a_list",
        "Dit bestand is geen spreadsheet of CSV-bestand met een lijst.",
        "This file is not a spreadsheet or CSV file with a list.",
    )


def _read_xlsx(data: bytes) -> list[tuple[int, list[Cell]]]:
    import openpyxl  # imported here: loading it costs time and only xlsx needs it

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            # The sizes the zip declares bound what reading may unpack (zipfile stops there).
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise _not_a_list() from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise _too_large(unpacked=True)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise _not_a_list() from None
    except Exception as exc:  # openpyxl raises its own InvalidFileException and others
        if type(exc).__module__.startswith("openpyxl"):
            raise _not_a_list() from None
        raise
    try:
        best: list[tuple[int, list[Cell]]] = []
        for sheet in workbook.worksheets[:_MAX_SHEETS]:
            # Bounded: without max_row/max_col, one cell far down and to the right makes
            # openpyxl fill every row and column before it.
            rows = sheet.iter_rows(max_row=_EXCEL_MAX_ROWS, max_col=MAX_COLUMNS, values_only=True)
            table = _bounded_rows(rows)
            if _find_header(table) is not None:
                return table
            if not best:
                best = table
        return best
    finally:
        workbook.close()


def _blank(values: Sequence[Any]) -> bool:
    if values.count(None) + values.count("") == len(values):  # fast for padded rows
        return True
    return all(_text(_cell(v)) == "" for v in values)


def _bounded_rows(rows: Iterable[Sequence[Any]]) -> list[tuple[int, list[Cell]]]:
    """The first rows of a sheet (at most ``MAX_COLUMNS`` cells each); a non-empty row after
    them means the list is too long, and raises."""
    table: list[tuple[int, list[Cell]]] = []
    last_blank: object = None
    for number, values in enumerate(rows, start=1):
        if number <= _MAX_READ_ROWS:
            table.append((number, [_cell(v) for v in values[:MAX_COLUMNS]]))
        elif values is last_blank:
            continue  # openpyxl pads a gap with one and the same empty row: already checked
        elif _blank(values[:MAX_COLUMNS]):
            last_blank = values
        else:
            raise _too_long()
    return table


def _cell(value: Any) -> Cell:
    if value is None or isinstance(value, str | int | float | date | datetime):
        return value
    return str(value)


def _read_csv(data: bytes, warnings: list[Message]) -> list[tuple[int, list[Cell]]]:
    if b"\x00" in data[:4096]:
        raise _not_a_list()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        warnings.append(
            Message(
                "not_utf8",
                "Het bestand is geen UTF-8; het is gelezen als Windows-1252. Controleer de "
                "namen met bijzondere letters.",
                "The file is not UTF-8; it was read as Windows-1252. Check names with special "
                "letters.",
            )
        )
    control = sum(1 for c in text[:4096] if ord(c) < 32 and c not in "\t\r\n")
    if control > 8:
        raise _not_a_list()
    best_table: list[tuple[int, list[Cell]]] = []
    best_score = -1
    for delimiter in (";", ",", "\t"):
        table = _bounded_rows(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        header = _find_header(table)
        score = 0 if header is None else len(header[1])
        if score > best_score:
            best_table, best_score = table, score
    return best_table


def _header_key(value: Cell) -> str:
    if not isinstance(value, str):
        return ""
    return re.sub(r"[\s\-]+", "_", value.strip().lstrip("\ufeff").strip().casefold())


def _find_header(table: list[tuple[int, list[Cell]]]) -> tuple[int, dict[Column, int]] | None:
    """Index into ``table`` of the header row and its column positions, or None."""
    for index, (_number, cells) in enumerate(table[:_HEADER_SEARCH_ROWS]):
        columns: dict[Column, int] = {}
        for position, value in enumerate(cells):
            column = _HEADERS.get(_header_key(value))
            if column is not None and column not in columns:
                columns[column] = position
        if len(columns) >= 2:
            return index, columns
    return None


def _check_table(
    table: list[tuple[int, list[Cell]]],
    warnings: list[Message],
    source: Literal["xlsx", "csv"],
    today: date,
) -> ImportResult:
    found = _find_header(table)
    if found is None:
        expected = ", ".join(nl for nl, _en in _COLUMN_NAMES.values())
        expected_en = ", ".join(en for _nl, en in _COLUMN_NAMES.values())
        raise _file_error(
            "no_header",
            f"Er is geen kopregel met kolomnamen gevonden; verwacht worden onder meer {expected}.",
            f"No header row with column names was found; expected are among others {expected_en}.",
        )
    header_index, columns = found
    missing = [column for column in REQUIRED_COLUMNS if column not in columns]
    if missing:
        names_nl = ", ".join(_COLUMN_NAMES[c][0] for c in missing)
        names_en = ", ".join(_COLUMN_NAMES[c][1] for c in missing)
        raise _file_error(
            "missing_columns",
            f"De verplichte kolom(men) ontbreken: {names_nl}.",
            f"The required column(s) are missing: {names_en}.",
        )
    data_rows = [(n, cells) for n, cells in table[header_index + 1 :] if not _blank(cells)]
    if len(data_rows) > MAX_DATA_ROWS:
        raise _too_long()
    rows: list[ImportRow] = []
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    for number, cells in data_rows:
        row, row_errors = _check_row(number, cells, columns, today)
        errors.extend(row_errors)
        if row is None:
            continue
        key = dedupe_key(row)
        if key in seen:
            row.flags.append(FLAG_DUPLICATE_IN_FILE)
            warnings.append(
                Message(
                    "duplicate_in_file",
                    f"Rij {number} is dezelfde persoon als rij {seen[key]}.",
                    f"Row {number} is the same person as row {seen[key]}.",
                )
            )
        else:
            seen[key] = number
        rows.append(row)
    return ImportResult(rows=rows, errors=errors, warnings=warnings, source_format=source)


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return re.sub(r"\s+", " ", str(value)).strip()


_YMD = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})")
_DMY = re.compile(r"(\d{1,2})([-/.])(\d{1,2})\2(\d{4})")
_TIME = re.compile(r"(?:[ T]00:00(?::00)?)?")


def parse_list_date(value: Cell) -> date | None:
    """A date from a cell: a date(time) cell, or text as YYYY-MM-DD or D-M-YYYY (- / or .).

    Returns None for an empty cell; raises ValueError when the text is not such a date.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    if not text:
        return None
    for pattern, order in ((_YMD, (1, 3, 4)), (_DMY, (4, 3, 1))):
        match = re.fullmatch(pattern.pattern + _TIME.pattern, text)
        if match:
            year, month, day = (int(match.group(i)) for i in order)
            return date(year, month, day)
    raise ValueError(text)


def _damaged(text: str) -> bool:
    if "\ufffd" in text or "?" in text:
        return True
    # UTF-8 read as Windows-1252 somewhere upstream ("Ã³" for "ó") turns back into letters.
    try:
        repaired = text.encode("cp1252").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return False
    return repaired != text


def _check_row(
    number: int, cells: list[Cell], columns: dict[Column, int], today: date
) -> tuple[ImportRow | None, list[RowError]]:
    def get(column: Column) -> Cell:
        position = columns.get(column)
        if position is None or position >= len(cells):
            return None
        return cells[position]

    errors: list[RowError] = []

    def fail(code: str, nl: str, en: str) -> None:
        errors.append(RowError(number, Message(code, nl, en)))

    surname = _text(get("surname"))
    given = _text(get("given_names"))
    if not surname:
        fail("surname_missing", "De achternaam ontbreekt.", "The surname is missing.")

    dates: dict[str, date | None] = {}
    for column, nl_name, en_name in (
        ("birth_date", "geboortedatum", "birth date"),
        ("arrival_date", "datum van aankomst", "arrival date"),
    ):
        raw = get(column)  # type: ignore[arg-type]
        try:
            dates[column] = parse_list_date(raw)
        except ValueError:
            dates[column] = None
            fail(
                f"{column}_invalid",
                f"De {nl_name} '{_text(raw)}' is geen geldige datum (gebruik JJJJ-MM-DD of "
                "DD-MM-JJJJ).",
                f"The {en_name} '{_text(raw)}' is not a valid date (use YYYY-MM-DD or DD-MM-YYYY).",
            )
            continue
    birth, arrival = dates["birth_date"], dates["arrival_date"]
    if birth is None and not _text(get("birth_date")):
        fail("birth_date_missing", "De geboortedatum ontbreekt.", "The birth date is missing.")
    if birth is not None and birth > today:
        fail(
            "birth_date_future",
            "De geboortedatum ligt in de toekomst.",
            "The birth date is in the future.",
        )
    if birth is not None and arrival is not None and arrival < birth:
        fail(
            "arrival_before_birth",
            "De datum van aankomst ligt vóór de geboortedatum.",
            "The arrival date is before the birth date.",
        )

    country_text = _text(get("birth_country"))
    country = resolve_country(country_text) if country_text else None
    if country_text and country is None:
        fail(
            "country_unknown",
            f"Het geboorteland '{country_text}' is niet herkend.",
            f"The country of birth '{country_text}' was not recognised.",
        )

    bsn = _bsn(get("bsn"))
    # stdnum pads short input with zeros ("12" would pass), so insist on nine digits first.
    if bsn is not None and not (len(bsn) == 9 and bsn.isdigit() and stdnum_bsn.is_valid(bsn)):
        fail(
            "bsn_invalid",
            f"Het BSN '{_text(get('bsn'))}' is ongeldig (9 cijfers en de 11-proef).",
            f"The BSN '{_text(get('bsn'))}' is not valid (9 digits and the elfproef).",
        )

    if errors or birth is None:
        return None, errors
    flags: list[str] = []
    place = _text(get("birth_place")) or None
    if any(_damaged(text) for text in (surname, given, place or "")):
        flags.append(FLAG_DAMAGED_NAME)
    if not given:
        flags.append(FLAG_NO_GIVEN_NAMES)
    if arrival is not None and arrival > today:
        flags.append(FLAG_ARRIVAL_IN_FUTURE)
    row = ImportRow(
        row_number=number,
        surname=surname,
        given_names=given,
        arrival_date=arrival,
        birth_date=birth,
        birth_place=place,
        birth_country=country,
        bsn=bsn,
        room=_text(get("room")) or None,
        flags=flags,
    )
    return row, []


def _bsn(value: Cell) -> str | None:
    text = re.sub(r"[\s.\-]", "", _text(value))
    if not text:
        return None
    # A spreadsheet stores a BSN typed as a number without its leading zero.
    if text.isdigit() and len(text) == 8 and not isinstance(value, str):
        text = "0" + text
    return text


def dedupe_key(row: ImportRow) -> str:
    """A key that is equal for the same person in two imports of the same (or an updated) list.

    Surname, given names and birth date, ignoring case, accents and punctuation. The BSN is
    deliberately not part of it, so that a BSN added to a later version of the list does not
    make the same person look new.
    """
    return "|".join(
        (normalise_name(row.surname), normalise_name(row.given_names), row.birth_date.isoformat())
    )
