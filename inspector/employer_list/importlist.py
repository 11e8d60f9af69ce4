"""The employer's list of residents for a group registration day, read and checked per row.

Formats: .xlsx, .ods (LibreOffice, read with odfpy), CSV (UTF-8, or Windows-1250/1252
with a warning; comma, semicolon or tab) and Excel's "Unicode text" (UTF-16, tab-separated).

Columns are the ones in :data:`COLUMNS`, the single list that the importer reads, the dialog
shows and the CLI's help names. Headers match leniently (case, accents, punctuation, spaces,
common Dutch, English and Polish synonyms); every other column is listed as not used, and the
caller may correct the mapping (``mapping=``). Required columns: surname, given names and birth
date; required values per row: surname and birth date; a row without given names is imported
with the flag ``no_given_names`` (some people have none).

What the list cannot tell by itself is asked, never guessed: the sheet when more than one
visible sheet holds a list (``sheet=``), and the date order of a column whose dates read both
as day-month and month-day (``date_orders=``). Until then :attr:`ImportResult.choices_needed`
says what to choose and no row is returned. Hidden rows are left out and named unless
``include_hidden``; merged cells give every row they cover the value.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

from stdnum.nl import bsn as stdnum_bsn

from inspector.documents.countries import normalise_name, resolve_country
from inspector.messages import BilingualMessage

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
DateOrder = Literal["dmy", "mdy", "ymd"]
DATE_ORDERS: tuple[DateOrder, ...] = ("dmy", "mdy", "ymd")
SourceFormat = Literal["xlsx", "ods", "csv"]


@dataclass(frozen=True)
class ColumnSpec:
    """One column the importer reads: its names in Dutch and English and the headers it
    recognises (compared after :func:`header_key`: lowercase, no accents or punctuation)."""

    column: Column
    nl: str
    en: str
    required: bool
    synonyms: tuple[str, ...]


#: The columns of an employer's list: what the importer reads, the dialog shows and the CLI
#: names. One list, so that they cannot drift apart.
COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec(
        "surname",
        "achternaam",
        "surname",
        True,
        (
            "achternaam", "geslachtsnaam", "familienaam", "achternamen",
            "surname", "last name", "lastname", "family name", "surnames",
            "nazwisko", "nazwiska",
        ),
    ),
    ColumnSpec(
        "given_names",
        "voornamen",
        "given names",
        True,
        (
            "voornamen", "voornaam", "given names", "given name", "first names", "first name",
            "firstname", "forename", "forenames", "imie", "imiona",
        ),
    ),
    ColumnSpec(
        "arrival_date",
        "datum van aankomst",
        "date of arrival",
        False,
        (
            "datum van aankomst", "datum aankomst", "aankomstdatum", "aankomst",
            "datum aankomst nl", "aankomst in nederland", "arrival date", "date of arrival",
            "arrival", "data przyjazdu", "data przybycia", "przyjazd",
        ),
    ),
    ColumnSpec(
        "birth_date",
        "geboortedatum",
        "date of birth",
        True,
        (
            "geboortedatum", "geb datum", "geboren", "datum van geboorte", "birth date",
            "date of birth", "birthdate", "dob", "data urodzenia",
        ),
    ),
    ColumnSpec(
        "birth_place",
        "geboorteplaats",
        "place of birth",
        False,
        (
            "geboorteplaats", "plaats van geboorte", "geb plaats", "place of birth",
            "birth place", "birthplace", "miejsce urodzenia",
        ),
    ),
    ColumnSpec(
        "birth_country",
        "geboorteland",
        "country of birth",
        False,
        (
            "geboorteland", "land van geboorte", "land", "country of birth", "birth country",
            "country", "kraj urodzenia", "kraj",
        ),
    ),
    ColumnSpec(
        "bsn",
        "BSN",
        "BSN",
        False,
        (
            "bsn", "bsn nummer", "bsn nr", "burgerservicenummer", "sofinummer", "sofi nummer",
            "citizen service number", "numer bsn",
        ),
    ),
    ColumnSpec(
        "room",
        "kamernummer",
        "room number",
        False,
        (
            "kamer", "kamernummer", "kamernr", "kamer nr", "kamer nummer", "room",
            "room number", "room no", "room nr", "chalet", "chaletnummer", "chalet nr", "unit",
            "woonunit", "pokoj", "nr pokoju", "numer pokoju",
        ),
    ),
)  # fmt: skip

_SPECS: dict[Column, ColumnSpec] = {spec.column: spec for spec in COLUMNS}
REQUIRED_COLUMNS: tuple[Column, ...] = tuple(s.column for s in COLUMNS if s.required)
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


def header_key(text: str) -> str:
    """A header as compared: lowercase, without accents, punctuation or repeated spaces."""
    text = unicodedata.normalize("NFKD", text.replace("\ufeff", "")).casefold()
    text = "".join(c for c in text if not unicodedata.combining(c)).replace("ł", "l")
    return re.sub(r"[^0-9a-z]+", " ", text).strip()


_SYNONYMS: dict[str, Column] = {}
for _spec in COLUMNS:
    for _name in (*_spec.synonyms, _spec.nl, _spec.en, _spec.column):
        _SYNONYMS.setdefault(header_key(_name), _spec.column)
        _SYNONYMS.setdefault(header_key(_name).replace(" ", ""), _spec.column)


def header_column(text: object) -> Column | None:
    """The column a header names (``"BSN-nummer"`` -> ``bsn``), or None."""
    if not isinstance(text, str):
        return None
    for candidate in (text, re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", text)):
        # A hint in brackets ("Geboortedatum (dd-mm-jjjj)") is not part of the name.
        key = header_key(candidate)
        column = _SYNONYMS.get(key) or _SYNONYMS.get(key.replace(" ", ""))
        if column is not None:
            return column
    return None


def column_label(column: Column, lang: str) -> str:
    """The name of a column as the dialog and the messages show it."""
    spec = _SPECS[column]
    return spec.nl if lang == "nl" else spec.en


class FileError(Exception):
    """The file cannot be imported at all; nothing was imported. ``message`` says why."""

    def __init__(self, message: BilingualMessage) -> None:
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
    reason: BilingualMessage


@dataclass(frozen=True)
class SheetInfo:
    """A sheet of a workbook: its name, whether it is hidden, and whether it holds a list."""

    name: str
    hidden: bool
    has_list: bool


@dataclass(frozen=True)
class DateColumn:
    """How the dates of one column are read: the order decided from all its values, the
    orders still possible when that is ambiguous, and examples for the question."""

    column: Column
    order: DateOrder | None
    possible: tuple[DateOrder, ...]
    examples: tuple[str, ...]
    #: Day-month and month-day values side by side: no order fits the whole column.
    mixed: bool = False


@dataclass
class ImportResult:
    """What a list holds: rows, row errors, warnings, and how it was read (sheet, header,
    mapping, unused columns, date orders, hidden rows). While ``choices_needed`` is not
    empty, ``rows`` and ``errors`` are empty: the list is not read until it is chosen."""

    rows: list[ImportRow]
    errors: list[RowError]
    warnings: list[BilingualMessage]
    source_format: SourceFormat
    sheet: str | None = None
    sheets: list[SheetInfo] = field(default_factory=list)
    header_row: int = 0
    headers: list[str] = field(default_factory=list)
    mapping: dict[Column, int] = field(default_factory=dict)
    unused_columns: list[tuple[int, str]] = field(default_factory=list)
    date_columns: list[DateColumn] = field(default_factory=list)
    hidden_rows: list[int] = field(default_factory=list)
    hidden_rows_included: bool = False
    rows_read: int = 0
    first_row: int = 0
    last_row: int = 0
    choices_needed: list[BilingualMessage] = field(default_factory=list)

    @property
    def rejected_rows(self) -> list[int]:
        return sorted({error.row_number for error in self.errors})

    def summary(self) -> BilingualMessage:
        """Which rows of which sheet were read, and the hidden rows left out (or not)."""
        where_nl = f"blad '{self.sheet}'" if self.sheet is not None else "het bestand"
        where_en = f"sheet '{self.sheet}'" if self.sheet is not None else "the file"
        span = f" ({self.first_row}-{self.last_row})" if self.rows_read else ""
        nl = f"Gelezen: {self.rows_read} rijen van {where_nl}{span}"
        en = f"Read: {self.rows_read} rows of {where_en}{span}"
        if self.hidden_rows:
            numbers = ", ".join(str(n) for n in self.hidden_rows)
            if self.hidden_rows_included:
                nl += f"; verborgen rijen meegenomen: {numbers}"
                en += f"; hidden rows included: {numbers}"
            else:
                nl += f"; verborgen rijen niet geïmporteerd: {numbers}"
                en += f"; hidden rows not imported: {numbers}"
        return BilingualMessage("summary", nl + ".", en + ".")


Cell = str | int | float | date | datetime | None


@dataclass
class _Sheet:
    """One table as read: rows by their number, hidden row numbers, vertical merges."""

    name: str | None
    hidden: bool = False
    rows: list[tuple[int, list[Cell]]] = field(default_factory=list)
    hidden_rows: set[int] = field(default_factory=set)
    #: (first row, last row, column index): the first row's value belongs to all of them.
    merges: list[tuple[int, int, int]] = field(default_factory=list)


def _file_error(code: str, nl: str, en: str) -> FileError:
    return FileError(BilingualMessage(code, nl, en))


@dataclass(frozen=True)
class ListOptions:
    """What the officer chose about a list: ``sheet`` names the sheet of a workbook to read;
    ``mapping`` corrects the columns found from the headers (0-based position -> column, or
    None for "not used"); ``date_orders`` gives the order of the dates where the values leave
    it open (one order for every such column, or per column); ``include_hidden`` imports
    hidden rows too (they are named either way)."""

    sheet: str | None = None
    mapping: Mapping[int, Column | None] | None = None
    date_orders: Mapping[Column, DateOrder] | DateOrder | None = None
    include_hidden: bool = False


def read_list(path: Path, *, today: date, options: ListOptions | None = None) -> ImportResult:
    """Read and check an employer's list, with the officer's choices in ``options``.

    Raises :class:`FileError` when the file as a whole cannot be used (missing, empty, damaged,
    not a spreadsheet or text file, larger than ``MAX_FILE_BYTES``, more than ``MAX_DATA_ROWS``
    rows, no recognisable header, required columns missing, no such sheet, a column that mixes
    date orders). Only the first ``MAX_COLUMNS`` columns are read. Problems of single rows are
    in ``errors``; those rows are left out, all others are returned.
    """
    data = _read_bytes(path)
    warnings: list[BilingualMessage] = []
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise _file_error(
            "old_excel",
            "Dit is een oud Excel-bestand (.xls); sla het op als .xlsx of CSV en probeer "
            "het opnieuw.",
            "This is an old Excel file (.xls); save it as .xlsx or CSV and try again.",
        )
    source: SourceFormat = "csv"
    encoding: str | None = None
    # A damaged or crafted file fails deep inside the zip, XML or CSV readers in many ways;
    # each becomes the same plain refusal, and nothing has been imported at that point.
    try:
        if data.startswith(b"PK\x03\x04"):
            source = "ods" if _is_ods(data) else "xlsx"
            sheets = _read_ods(data) if source == "ods" else _read_xlsx(data)
        else:
            csv_sheet, encoding = _read_csv(data, warnings)
            sheets = [csv_sheet]
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
    except Exception as exc:  # openpyxl and odfpy raise their own exceptions too
        if type(exc).__module__.startswith(("openpyxl", "odf", "xml")):
            raise _damaged_file() from None
        raise
    options = options or ListOptions()
    chosen, infos, choices = _choose_sheet(sheets, options.sheet, source)
    if choices:
        return ImportResult([], [], warnings, source, sheets=infos, choices_needed=choices)
    return _check_sheet(
        chosen,
        infos,
        warnings,
        source,
        today,
        mapping=options.mapping,
        date_orders=options.date_orders,
        include_hidden=options.include_hidden,
        encoding=encoding,
    )


def _read_bytes(path: Path) -> bytes:
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
    if not data.strip(b" \t\r\n\xef\xbb\xbf") or data in (b"\xff\xfe", b"\xfe\xff"):
        raise _file_error("empty", "Het bestand is leeg.", "The file is empty.")
    return data


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


def _open_zip(data: bytes) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        # The sizes the zip declares bound what reading may unpack (zipfile stops there).
        unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise _not_a_list() from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise _too_large(unpacked=True)
    return archive


def _is_ods(data: bytes) -> bool:
    with _open_zip(data) as archive:
        try:
            mimetype = archive.read("mimetype")
        except KeyError:
            return False
    return mimetype.strip() == b"application/vnd.oasis.opendocument.spreadsheet"


def _cell(value: Any) -> Cell:
    if value is None or isinstance(value, str | int | float | date | datetime):
        return value
    return str(value)


def _blank(values: Sequence[Any]) -> bool:
    return all(_text(_cell(v)) == "" for v in values)


def _put(rows: dict[int, list[Cell]], row: int, column: int, value: Cell) -> None:
    """Set a cell (1-based row, 0-based column) in a sparse table; past the limit: too long."""
    if row > _MAX_READ_ROWS:
        raise _too_long()
    cells = rows.setdefault(row, [])
    if len(cells) <= column:
        cells.extend([None] * (column + 1 - len(cells)))
    cells[column] = value


def _read_xlsx(data: bytes) -> list[_Sheet]:
    import openpyxl  # imported here: loading it costs time and only xlsx needs it

    _open_zip(data).close()
    try:
        # Not read-only: only the full reader knows hidden rows and merged cells. It keeps the
        # cells of the file only (sparse), so a far cell costs nothing until it is visited.
        workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise _not_a_list() from None
    except Exception as exc:  # openpyxl raises its own InvalidFileException and others
        if type(exc).__module__.startswith("openpyxl"):
            raise _not_a_list() from None
        raise
    sheets: list[_Sheet] = []
    for worksheet in workbook.worksheets[:_MAX_SHEETS]:
        sheet = _Sheet(name=str(worksheet.title), hidden=worksheet.sheet_state != "visible")
        rows: dict[int, list[Cell]] = {}
        # The sparse cell store (the public iterators would create every empty cell).
        for (row, column), cell in worksheet._cells.items():
            value = _cell(cell.value)
            if column > MAX_COLUMNS or _text(value) == "":
                continue
            _put(rows, row, column - 1, value)
        sheet.rows = sorted(rows.items())
        sheet.hidden_rows = {
            int(number) for number, dim in worksheet.row_dimensions.items() if dim.hidden
        }
        for merged in worksheet.merged_cells.ranges:
            if merged.max_row > merged.min_row and merged.min_col <= MAX_COLUMNS:
                last = min(merged.max_row, _MAX_READ_ROWS)
                sheet.merges.append((merged.min_row, last, merged.min_col - 1))
        sheets.append(sheet)
    return sheets


def _read_ods(data: bytes) -> list[_Sheet]:
    from odf.namespaces import TABLENS
    from odf.opendocument import load
    from odf.style import Style, TableProperties
    from odf.table import Table, TableRow
    from odf.teletype import extractText

    _check_ods_xml(data)
    document = load(io.BytesIO(data))
    hidden_styles = {
        style.getAttribute("name")
        for style in document.automaticstyles.getElementsByType(Style)
        for props in style.getElementsByType(TableProperties)
        if props.getAttribute("display") == "false"
    }
    sheets: list[_Sheet] = []
    for table in document.spreadsheet.getElementsByType(Table)[:_MAX_SHEETS]:
        sheet = _Sheet(
            name=str(table.getAttribute("name")),
            hidden=table.getAttribute("stylename") in hidden_styles,
        )
        rows: dict[int, list[Cell]] = {}
        number = 0
        for row in table.getElementsByType(TableRow):
            repeat = int(row.getAttribute("numberrowsrepeated") or 1)
            hidden = row.getAttribute("visibility") in ("collapse", "filter")
            values: list[tuple[int, Cell]] = []
            spans: list[tuple[int, int]] = []
            column = 0
            for cell in row.childNodes:
                if cell.qname[0] != TABLENS or cell.qname[1] not in (
                    "table-cell",
                    "covered-table-cell",
                ):
                    continue
                across = int(cell.getAttribute("numbercolumnsrepeated") or 1)
                value: Cell = None
                down = 1
                if cell.qname[1] == "table-cell":  # a covered cell has neither value nor span
                    value = _ods_value(cell, extractText)
                    down = int(cell.getAttribute("numberrowsspanned") or 1)
                if _text(value) != "":
                    for offset in range(min(across, MAX_COLUMNS - column)):
                        values.append((column + offset, value))
                        if down > 1:
                            spans.append((column + offset, down))
                column += across
                if column >= MAX_COLUMNS:
                    break
            if not values:
                number += repeat  # empty rows, often repeated to the sheet's end: skip them
                continue
            for _ in range(repeat):
                number += 1
                for position, value in values:
                    _put(rows, number, position, value)
                if hidden:
                    sheet.hidden_rows.add(number)
                for position, down in spans:
                    sheet.merges.append((number, min(number + down - 1, _MAX_READ_ROWS), position))
        sheet.rows = sorted(rows.items())
        sheets.append(sheet)
    return sheets


def _check_ods_xml(data: bytes) -> None:
    """Refuse an .ods whose XML is not well-formed before odfpy sees it: odfpy swallows the
    parse error (it would print the whole part, names included, and return what it had read
    so far, so that a cut-off file would import part of the list without a word)."""
    from defusedxml.ElementTree import iterparse

    with _open_zip(data) as archive:
        names = set(archive.namelist())
        for part in ("content.xml", "styles.xml", "meta.xml", "settings.xml"):
            if part in names:
                with archive.open(part) as stream:
                    for _event, element in iterparse(stream, events=("end",)):
                        element.clear()


def _ods_value(cell: Any, extract_text: Any) -> Cell:
    kind = cell.getAttribute("valuetype")
    if kind in ("float", "percentage", "currency"):
        number = float(cell.getAttribute("value"))
        return int(number) if number.is_integer() else number
    if kind == "date":
        raw = str(cell.getAttribute("datevalue"))
        return datetime.fromisoformat(raw) if "T" in raw else date.fromisoformat(raw)
    texts = [extract_text(p) for p in cell.childNodes if getattr(p, "qname", ("", ""))[1] == "p"]
    return "\n".join(texts) if texts else None


#: Letters a name may hold in a list of labour migrants (Polish, Romanian, Hungarian, Czech,
#: Slovak, Baltic, Croatian, German, Dutch; Ukrainian and Bulgarian come transliterated).
#: In a file read as Windows-1250/1252 anything else (``¹``, ``³``, ``œ``, ``Ÿ``, ``ñ``, a
#: control character) is almost always a letter the encoding could not hold.
_NAME_LETTERS = frozenset("ąćęłńóśźżăâîșțşţáäčďéěíĺľňôŕřšťúůýžöőüűßëïèėįųūāēģīķļņđ")


def _implausible(text: str) -> int:
    return sum(
        1
        for c in text
        if (ord(c) < 32 and c not in "\t\r\n")
        or 0x7F <= ord(c) < 0xA0
        or c == "\ufffd"
        or (c.isalpha() and not c.isascii() and c.lower() not in _NAME_LETTERS)
        or (not c.isascii() and not c.isalpha() and not c.isspace() and c not in "'’-")
    )


_ENCODINGS = {
    "cp1250": ("Windows-1250 (Midden-Europees)", "Windows-1250 (Central European)"),
    "cp1252": ("Windows-1252 (West-Europees)", "Windows-1252 (Western European)"),
}


def _decode(data: bytes) -> tuple[str, str | None]:
    """The text and the legacy encoding used (None for UTF-8/UTF-16)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), None  # Excel's "Unicode text"
    if len(data) >= 4 and data[1] == 0 and data[3] == 0 and data[0] and data[2]:
        try:
            return data.decode("utf-16-le"), None  # the same without its byte order mark
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    # Polish and Romanian Windows write Windows-1250, Western Windows 1252: take the one in
    # which the names look like names.
    best = min(
        ("cp1252", "cp1250"), key=lambda enc: _implausible(data.decode(enc, errors="replace"))
    )
    return data.decode(best, errors="replace"), best


def _read_csv(data: bytes, warnings: list[BilingualMessage]) -> tuple[_Sheet, str | None]:
    text, encoding = _decode(data)
    if "\x00" in text[:4096]:
        raise _not_a_list()
    if encoding is not None:
        nl_name, en_name = _ENCODINGS[encoding]
        warnings.append(
            BilingualMessage(
                "not_utf8",
                f"Het bestand is geen UTF-8; het is gelezen als {nl_name}. Controleer de "
                "namen met bijzondere letters.",
                f"The file is not UTF-8; it was read as {en_name}. Check names with special "
                "letters.",
            )
        )
    control = sum(1 for c in text[:4096] if ord(c) < 32 and c not in "\t\r\n")
    if control > 8:
        raise _not_a_list()
    delimiters: tuple[str, ...] = (";", ",", "\t")
    # Excel's "sep=;" line names the delimiter; Excel does not show it as a row, so neither
    # do the row numbers here.
    hint = re.match(r"\ufeff?sep=(.)[ \t]*\r?\n", text)
    if hint:
        text, delimiters = text[hint.end() :], (hint.group(1),)
    best: list[tuple[int, list[Cell]]] = []
    best_score = -1
    for delimiter in delimiters:
        table = _bounded_rows(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        header = _find_header(table)
        score = 0 if header is None else len(header[1])
        if score > best_score:
            best, best_score = table, score
    return _Sheet(name=None, rows=best), encoding


def _bounded_rows(rows: Iterable[Sequence[Any]]) -> list[tuple[int, list[Cell]]]:
    """The rows of a CSV (at most ``MAX_COLUMNS`` cells each); a non-empty row after the rows
    that may be read means the list is too long, and raises."""
    table: list[tuple[int, list[Cell]]] = []
    for number, values in enumerate(rows, start=1):
        if number <= _MAX_READ_ROWS:
            table.append((number, [_cell(v) for v in values[:MAX_COLUMNS]]))
        elif not _blank(values[:MAX_COLUMNS]):
            raise _too_long()
    return table


def _find_header(table: list[tuple[int, list[Cell]]]) -> tuple[int, dict[Column, int]] | None:
    """Index into ``table`` of the header row and its column positions, or None."""
    for index, (_number, cells) in enumerate(table[:_HEADER_SEARCH_ROWS]):
        columns: dict[Column, int] = {}
        for position, value in enumerate(cells):
            column = header_column(value)
            if column is not None and column not in columns:
                columns[column] = position
        if len(columns) >= 2:
            return index, columns
    return None


def _quoted(names: Iterable[str]) -> str:
    return ", ".join(f"'{name}'" for name in names)


def _choose_sheet(
    sheets: list[_Sheet], wanted: str | None, source: SourceFormat
) -> tuple[_Sheet, list[SheetInfo], list[BilingualMessage]]:
    if source == "csv":
        return sheets[0], [], []
    infos = [SheetInfo(s.name or "", s.hidden, _find_header(s.rows) is not None) for s in sheets]
    if wanted is not None:
        for sheet in sheets:
            if sheet.name == wanted or (sheet.name or "").casefold() == wanted.casefold():
                return sheet, infos, []
        names = _quoted(s.name or "" for s in sheets)
        raise _file_error(
            "sheet_missing",
            f"Het werkboek heeft geen blad '{wanted}'; de bladen zijn {names}.",
            f"The workbook has no sheet '{wanted}'; its sheets are {names}.",
        )
    with_list = [s for s, info in zip(sheets, infos, strict=True) if info.has_list]
    visible = [s for s in with_list if not s.hidden]
    if len(visible) == 1:
        return visible[0], infos, []
    if len(visible) > 1 or with_list:
        names = _quoted(s.name or "" for s in (visible or with_list))
        hidden_nl = "" if visible else " (verborgen)"
        hidden_en = "" if visible else " (hidden)"
        return (
            sheets[0],
            infos,
            [
                BilingualMessage(
                    "choose_sheet",
                    f"Een lijst staat op meer dan één blad of op een verborgen blad: {names}"
                    f"{hidden_nl}. Kies het blad dat geïmporteerd moet worden.",
                    f"A list is on more than one sheet or on a hidden sheet: {names}"
                    f"{hidden_en}. Choose the sheet to import.",
                )
            ],
        )
    first_visible = next((s for s in sheets if not s.hidden), sheets[0])
    return first_visible, infos, []


def column_letter(position: int) -> str:
    """Spreadsheet letter of a 0-based column position (0 -> A, 26 -> AA)."""
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _apply_mapping(
    guessed: dict[Column, int], mapping: Mapping[int, Column | None] | None
) -> dict[Column, int]:
    columns = dict(guessed)
    for position, column in (mapping or {}).items():
        for name, at in list(columns.items()):
            if at == position:
                del columns[name]
        if column is not None:
            if column not in _SPECS:
                raise ValueError(f"unknown column {column!r}")
            columns[column] = position
    return columns


def _check_sheet(
    sheet: _Sheet,
    infos: list[SheetInfo],
    warnings: list[BilingualMessage],
    source: SourceFormat,
    today: date,
    *,
    mapping: Mapping[int, Column | None] | None,
    date_orders: Mapping[Column, DateOrder] | DateOrder | None,
    include_hidden: bool,
    encoding: str | None,
) -> ImportResult:
    table = sheet.rows
    found = _find_header(table)
    if found is None:
        expected = ", ".join(spec.nl for spec in COLUMNS)
        expected_en = ", ".join(spec.en for spec in COLUMNS)
        raise _file_error(
            "no_header",
            f"Er is geen kopregel met kolomnamen gevonden; verwacht worden onder meer {expected}.",
            f"No header row with column names was found; expected are among others {expected_en}.",
        )
    header_index, guessed = found
    header_number, header_cells = table[header_index]
    columns = _apply_mapping(guessed, mapping)
    missing = [column for column in REQUIRED_COLUMNS if column not in columns]
    if missing:
        names_nl = ", ".join(_SPECS[c].nl for c in missing)
        names_en = ", ".join(_SPECS[c].en for c in missing)
        raise _file_error(
            "missing_columns",
            f"De verplichte kolom(men) ontbreken: {names_nl}.",
            f"The required column(s) are missing: {names_en}.",
        )
    # Merged cells: every row the merge covers gets the value of its first row.
    by_number = {number: list(cells) for number, cells in table[header_index + 1 :]}
    for first, last, position in sheet.merges:
        source_cells = by_number.get(first)
        if source_cells is None or position >= len(source_cells):
            continue
        for number in range(first + 1, last + 1):
            cells = by_number.get(number)
            if cells is None or _blank(cells):
                continue
            if len(cells) <= position:
                cells.extend([None] * (position + 1 - len(cells)))
            if _text(cells[position]) == "":
                cells[position] = source_cells[position]
    data_rows = [(n, cells) for n, cells in sorted(by_number.items()) if not _blank(cells)]
    hidden = [n for n, _cells in data_rows if n in sheet.hidden_rows]
    if not include_hidden:
        data_rows = [(n, cells) for n, cells in data_rows if n not in sheet.hidden_rows]
    if len(data_rows) > MAX_DATA_ROWS:
        raise _too_long()
    headers = [_text(value) for value in header_cells]
    used = set(columns.values())
    width = max([len(header_cells), *(len(cells) for _n, cells in data_rows)], default=0)
    unused: list[tuple[int, str]] = []
    for position in range(width):
        if position in used:
            continue
        name = headers[position] if position < len(headers) else ""
        has_data = any(position < len(cells) and _text(cells[position]) for _n, cells in data_rows)
        if name or has_data:
            unused.append((position, name))
    result = ImportResult(
        rows=[],
        errors=[],
        warnings=warnings,
        source_format=source,
        sheet=sheet.name,
        sheets=infos,
        header_row=header_number,
        headers=headers,
        mapping=columns,
        unused_columns=unused,
        hidden_rows=hidden,
        hidden_rows_included=include_hidden,
        rows_read=len(data_rows),
        first_row=data_rows[0][0] if data_rows else 0,
        last_row=data_rows[-1][0] if data_rows else 0,
    )
    if unused:
        described = ", ".join(
            f"{column_letter(p)} '{name}'" if name else column_letter(p) for p, name in unused
        )
        warnings.append(
            BilingualMessage(
                "unused_columns",
                f"Niet gebruikte kolommen: {described}.",
                f"Columns not used: {described}.",
            )
        )
    orders: dict[Column, DateOrder | None] = {}
    decided_columns = [
        _date_column(column, columns[column], data_rows)
        for column in ("birth_date", "arrival_date")
        if column in columns
    ]
    # One writer wrote the whole list: a column whose own dates read both ways follows the
    # order that the other date column shows, when that one is decided.
    evident = {d.order for d in decided_columns if d.order is not None}
    for decided in decided_columns:
        column = decided.column
        result.date_columns.append(decided)
        given = date_orders.get(column) if isinstance(date_orders, Mapping) else date_orders
        label_nl, label_en = _SPECS[column].nl, _SPECS[column].en
        if given is not None:
            orders[column] = given
        elif decided.mixed:
            day_first, month_first = decided.examples
            raise _file_error(
                "date_order_mixed",
                f"De kolom '{label_nl}' mengt dag-maand ({day_first}) en maand-dag "
                f"({month_first}); verbeter de lijst, zodat alle datums dezelfde volgorde "
                "hebben.",
                f"Column '{label_en}' mixes day-month ({day_first}) and month-day "
                f"({month_first}); correct the list so that all dates have the same order.",
            )
        elif decided.order is not None or not decided.possible:
            orders[column] = decided.order
        elif (stated := header_date_order(headers[columns[column]])) in decided.possible:
            orders[column] = stated
            order_nl, order_en = _ORDER_NAMES[stated]
            warnings.append(
                BilingualMessage(
                    f"date_order_from_header_{column}",
                    f"De datums in kolom '{label_nl}' lezen beide kanten op; ze zijn gelezen "
                    f"als {order_nl}, zoals de kop van de kolom zegt.",
                    f"The dates in column '{label_en}' read both ways; they were read as "
                    f"{order_en}, as the column's header says.",
                )
            )
        elif len(evident) == 1:
            (order,) = evident
            orders[column] = order
            order_nl, order_en = _ORDER_NAMES[order]
            warnings.append(
                BilingualMessage(
                    f"date_order_from_list_{column}",
                    f"De datums in kolom '{label_nl}' lezen beide kanten op; ze zijn gelezen "
                    f"als {order_nl}, zoals de andere datumkolom van deze lijst.",
                    f"The dates in column '{label_en}' read both ways; they were read as "
                    f"{order_en}, like the other date column of this list.",
                )
            )
        else:
            examples = ", ".join(decided.examples)
            result.choices_needed.append(
                BilingualMessage(
                    f"choose_date_order_{column}",
                    f"De datums in kolom '{label_nl}' ({examples}) kunnen dag-maand-jaar en "
                    "maand-dag-jaar zijn. Kies de volgorde.",
                    f"The dates in column '{label_en}' ({examples}) can be day-month-year "
                    "and month-day-year. Choose the order.",
                )
            )
    if result.choices_needed:
        return result
    seen: dict[str, int] = {}
    for number, cells in data_rows:
        row, row_errors = _check_row(number, cells, columns, today, orders, encoding)
        result.errors.extend(row_errors)
        if row is None:
            continue
        key = dedupe_key(row)
        if key in seen:
            row.flags.append(FLAG_DUPLICATE_IN_FILE)
            warnings.append(
                BilingualMessage(
                    "duplicate_in_file",
                    f"Rij {number} is dezelfde persoon als rij {seen[key]}.",
                    f"Row {number} is the same person as row {seen[key]}.",
                )
            )
        else:
            seen[key] = number
        result.rows.append(row)
    return result


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return re.sub(r"\s+", " ", str(value)).strip()


_TIME = r"(?:[ T]00:00(?::00)?)?"
_YMD = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})" + _TIME)
_XXY = re.compile(r"(\d{1,2})([-/.])(\d{1,2})\2(\d{4})" + _TIME)
_ORDER_NAMES = {
    "dmy": ("dag-maand-jaar", "day-month-year"),
    "mdy": ("maand-dag-jaar", "month-day-year"),
    "ymd": ("jaar-maand-dag", "year-month-day"),
}


def _date_column(column: Column, position: int, rows: list[tuple[int, list[Cell]]]) -> DateColumn:
    """The date order of a column, decided from all its text values: a first number above
    12 is a day (day-month), a second above 12 is a day (month-day). Date cells and
    year-first dates say nothing about it. Both kinds in one column: no order fits."""
    day_first: list[str] = []
    month_first: list[str] = []
    open_values: list[str] = []
    for _number, cells in rows:
        if position >= len(cells) or not isinstance(cells[position], str):
            continue
        text = _text(cells[position])
        match = _XXY.fullmatch(text)
        if match is None:
            continue
        first, second = int(match.group(1)), int(match.group(3))
        if first > 12:
            day_first.append(text)
        elif second > 12:
            month_first.append(text)
        elif first != second:
            open_values.append(text)
    if day_first and month_first:
        return DateColumn(column, None, (), (day_first[0], month_first[0]), mixed=True)
    if day_first:
        return DateColumn(column, "dmy", ("dmy",), tuple(day_first[:3]))
    if month_first:
        return DateColumn(column, "mdy", ("mdy",), tuple(month_first[:3]))
    if open_values:
        return DateColumn(column, None, ("dmy", "mdy"), tuple(open_values[:3]))
    return DateColumn(column, None, (), ())


_STATED_ORDER = re.compile(
    r"\b([dmjyr])[dmjyr]{0,3}\s*[-/. ]\s*([dmjyr])[dmjyr]{0,3}\s*[-/. ]\s*([dmjyr])[dmjyr]{0,3}\b"
)


def header_date_order(header: str) -> DateOrder | None:
    """The date order a header states, as in "Geboortedatum (dd-mm-jjjj)" or "DOB MM/DD/YYYY"."""
    match = _STATED_ORDER.search(header.casefold())
    if match is None:
        return None
    # jaar (Dutch) and rok (Polish) are the year
    order = "".join(match.groups()).replace("j", "y").replace("r", "y")
    return order if order in DATE_ORDERS else None


def parse_list_date(value: Cell, order: DateOrder | None = None) -> date | None:
    """A date from a cell: a date(time) cell, or text as YYYY-MM-DD, or with the day and month
    first in ``order`` (``dmy`` or ``mdy``; - / or . between the parts).

    Returns None for an empty cell; raises ValueError when the text is not such a date, and
    for day-and-month text without an ``order`` unless it reads the same both ways.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    if not text:
        return None
    match = _YMD.fullmatch(text)
    if match:
        return date(int(match.group(1)), int(match.group(3)), int(match.group(4)))
    match = _XXY.fullmatch(text)
    if match:
        first, second, year = int(match.group(1)), int(match.group(3)), int(match.group(4))
        if order == "dmy" or (order is None and first == second):
            return date(year, second, first)
        if order == "mdy":
            return date(year, first, second)
    raise ValueError(text)


def _damaged(text: str, encoding: str | None) -> bool:
    if "\ufffd" in text or "?" in text:
        return True
    if any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in text):
        return True  # a control character: a letter the export could not write
    if encoding is not None:
        return _implausible(text) > 0
    # UTF-8 read as Windows-1252 somewhere upstream ("Ã³" for "ó") turns back into letters.
    try:
        repaired = text.encode("cp1252").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return False
    return repaired != text


def _check_row(
    number: int,
    cells: list[Cell],
    columns: dict[Column, int],
    today: date,
    orders: Mapping[Column, DateOrder | None],
    encoding: str | None,
) -> tuple[ImportRow | None, list[RowError]]:
    def get(column: Column) -> Cell:
        position = columns.get(column)
        if position is None or position >= len(cells):
            return None
        return cells[position]

    errors: list[RowError] = []

    def fail(code: str, nl: str, en: str) -> None:
        errors.append(RowError(number, BilingualMessage(code, nl, en)))

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
        order = orders.get(column)  # type: ignore[call-overload]
        try:
            dates[column] = parse_list_date(raw, None if order == "ymd" else order)
        except ValueError:
            dates[column] = None
            if order in ("dmy", "mdy") and _XXY.fullmatch(_text(raw)):
                order_nl, order_en = _ORDER_NAMES[order]
                fail(
                    f"{column}_invalid",
                    f"De {nl_name} '{_text(raw)}' is geen geldige datum in de volgorde "
                    f"{order_nl} van deze kolom.",
                    f"The {en_name} '{_text(raw)}' is not a valid date in this column's order "
                    f"{order_en}.",
                )
                continue
            fail(
                f"{column}_invalid",
                f"De {nl_name} '{_text(raw)}' is geen geldige datum (gebruik JJJJ-MM-DD of "
                "DD-MM-JJJJ).",
                f"The {en_name} '{_text(raw)}' is not a valid date (use YYYY-MM-DD or DD-MM-YYYY).",
            )
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
    if any(_damaged(text, encoding) for text in (surname, given, place or "")):
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
