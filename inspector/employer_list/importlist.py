"""The employer's list of residents for a group registration day, read and checked per row.

Formats: .xlsx, .ods (LibreOffice; both read by calamine), CSV (UTF-8, or Windows-1250/1252
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

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Literal

from stdnum.nl import bsn as stdnum_bsn

from inspector.documents.countries import normalise_name, resolve_country
from inspector.messages import BilingualMessage
from inspector.tabular import (
    Cell,
    Limits,
    SourceFormat,
    implausible,
    read_workbook,
    too_long,
)
from inspector.tabular import FileError as FileError
from inspector.tabular import Sheet as _Sheet
from inspector.tabular import blank as _blank
from inspector.tabular import cell_text as _text
from inspector.tabular import column_letter as column_letter
from inspector.tabular import file_error as _file_error
from inspector.tabular import header_key as header_key

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
LIMITS = Limits(
    max_file_bytes=MAX_FILE_BYTES,
    max_unpacked_bytes=MAX_UNPACKED_BYTES,
    max_data_rows=MAX_DATA_ROWS,
    max_columns=MAX_COLUMNS,
    what_nl="een lijst van bewoners",
    what_en="a list of residents",
    header_search_rows=_HEADER_SEARCH_ROWS,
)


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
        one = self.rows_read == 1
        nl = f"Gelezen: {self.rows_read} {'rij' if one else 'rijen'} van {where_nl}{span}"
        en = f"Read: {self.rows_read} {'row' if one else 'rows'} of {where_en}{span}"
        if self.hidden_rows:
            numbers = ", ".join(str(n) for n in self.hidden_rows)
            if self.hidden_rows_included:
                nl += f"; verborgen rijen meegenomen: {numbers}"
                en += f"; hidden rows included: {numbers}"
            else:
                nl += f"; verborgen rijen niet geïmporteerd: {numbers}"
                en += f"; hidden rows not imported: {numbers}"
        return BilingualMessage("summary", nl + ".", en + ".")


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
    book = read_workbook(path, LIMITS, _header_score)
    sheets, source, encoding, warnings = (
        book.sheets,
        book.source_format,
        book.encoding,
        book.warnings,
    )
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


def _too_long() -> FileError:
    return too_long(LIMITS)


def _header_score(table: list[tuple[int, list[Cell]]]) -> int:
    header = _find_header(table)
    return 0 if header is None else len(header[1])


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
        return implausible(text) > 0
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
