"""Spreadsheets and CSV files read into plain tables: the one reader of every list the app
imports (the employer's list of residents, the coordinator's address data).

Formats: .xlsx (calamine for the values and merged cells, the sheet's row tags for hidden rows),
.ods (calamine too, hidden rows and merged cells from content.xml's row tags, after a
well-formedness check), CSV (UTF-8, UTF-16 as
Excel's "Unicode text", otherwise Windows-1250 or 1252 with a warning; comma, semicolon or tab;
Excel's ``sep=`` line). Row numbers are the ones the spreadsheet shows. Every limit (file
size, unpacked size, rows, columns, sheets) is the caller's :class:`Limits`; past one the file
is refused with a :class:`FileError` whose message says what to do. Checking the rows is the
caller's business. A preview reads only the first rows (``head``): a big file shows its
columns at once, and only the import reads it whole.
"""

from __future__ import annotations

import csv
import io
import itertools
import posixpath
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

from inspector.messages import BilingualMessage

SourceFormat = Literal["xlsx", "ods", "csv"]


class FileError(Exception):
    """The file cannot be imported at all; nothing was imported. ``message`` says why."""

    def __init__(self, message: BilingualMessage) -> None:
        super().__init__(message.en)
        self.message = message


@dataclass(frozen=True)
class Limits:
    """What a reader accepts, and how its refusals name the list (``what_nl``/``what_en``:
    "een lijst van bewoners" / "a list of residents")."""

    max_file_bytes: int
    max_unpacked_bytes: int
    max_data_rows: int
    max_columns: int
    what_nl: str
    what_en: str
    max_sheets: int = 10
    #: Rows searched for the header.
    header_search_rows: int = 10

    @property
    def max_read_rows(self) -> int:
        """Rows read into memory: room for the header and the data."""
        return self.header_search_rows + self.max_data_rows + 1


Cell = str | int | float | date | datetime | None


@dataclass
class Sheet:
    """One table as read: rows by their number, hidden row numbers, vertical merges."""

    name: str | None
    hidden: bool = False
    rows: list[tuple[int, list[Cell]]] = field(default_factory=list)
    hidden_rows: set[int] = field(default_factory=set)
    #: (first row, last row, column index): the first row's value belongs to all of them.
    merges: list[tuple[int, int, int]] = field(default_factory=list)


def file_error(code: str, nl: str, en: str) -> FileError:
    return FileError(BilingualMessage(code, nl, en))


def header_key(text: str) -> str:
    """A header as compared: lowercase, without accents, punctuation or repeated spaces."""
    text = unicodedata.normalize("NFKD", text.replace("\ufeff", "")).casefold()
    text = "".join(c for c in text if not unicodedata.combining(c)).replace("ł", "l")
    return re.sub(r"[^0-9a-z]+", " ", text).strip()


def read_bytes(path: Path, limits: Limits) -> bytes:
    try:
        if path.stat().st_size > limits.max_file_bytes:
            raise _too_large(limits)
        data = path.read_bytes()
    except FileNotFoundError:
        raise file_error(
            "missing", "Het bestand bestaat niet.", "The file does not exist."
        ) from None
    except OSError:
        raise file_error(
            "unreadable", "Het bestand kan niet worden gelezen.", "The file cannot be read."
        ) from None
    if len(data) > limits.max_file_bytes:  # it grew since stat()
        raise _too_large(limits)
    if not data.strip(b" \t\r\n\xef\xbb\xbf") or data in (b"\xff\xfe", b"\xfe\xff"):
        raise file_error("empty", "Het bestand is leeg.", "The file is empty.")
    return data


def _too_large(limits: Limits, *, unpacked: bool = False) -> FileError:
    if unpacked:
        mb = limits.max_unpacked_bytes // 2**20
        return file_error(
            "too_large",
            f"Het spreadsheet is uitgepakt groter dan {mb} MB; dat is te groot voor "
            f"{limits.what_nl}.",
            f"The spreadsheet unpacks to more than {mb} MB; that is too large for "
            f"{limits.what_en}.",
        )
    mb = limits.max_file_bytes // 2**20
    return file_error(
        "too_large",
        f"Het bestand is groter dan {mb} MB; dat is te groot voor {limits.what_nl}.",
        f"The file is larger than {mb} MB; that is too large for {limits.what_en}.",
    )


def too_long(limits: Limits) -> FileError:
    n_en = f"{limits.max_data_rows:,}"
    n_nl = n_en.replace(",", ".")
    return file_error(
        "too_long",
        f"De lijst heeft meer dan {n_nl} rijen; splits hem in delen van hoogstens {n_nl} rijen "
        "en importeer die na elkaar.",
        f"The list has more than {n_en} rows; split it into parts of at most {n_en} rows and "
        "import them one after the other.",
    )


def damaged_file() -> FileError:
    return file_error(
        "damaged",
        "Het bestand is beschadigd of geen geldig spreadsheet- of CSV-bestand.",
        "The file is damaged or not a valid spreadsheet or CSV file.",
    )


def protected_file() -> FileError:
    return file_error(
        "protected",
        "Het bestand is met een wachtwoord beveiligd. Open het in Excel of LibreOffice, sla "
        "het op zonder wachtwoord (of als CSV) en importeer dat bestand.",
        "The file is protected with a password. Open it in Excel or LibreOffice, save it "
        "without a password (or as CSV) and import that file.",
    )


#: The compound-file container of old .xls files and of password-protected Office files.
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"


def not_a_list() -> FileError:
    return file_error(
        "not_a_list",
        "Dit bestand is geen spreadsheet of CSV-bestand met een lijst.",
        "This file is not a spreadsheet or CSV file with a list.",
    )


def _open_zip(data: bytes, limits: Limits) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        # The sizes the zip declares bound what reading may unpack (zipfile stops there).
        unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise not_a_list() from None
    if unpacked > limits.max_unpacked_bytes:
        raise _too_large(limits, unpacked=True)
    return archive


def _is_ods(data: bytes, limits: Limits) -> bool:
    with _open_zip(data, limits) as archive:
        try:
            mimetype = archive.read("mimetype")
        except KeyError:
            return False
    return mimetype.strip() == b"application/vnd.oasis.opendocument.spreadsheet"


def cell_value(value: Any) -> Cell:
    if value is None or isinstance(value, str | int | float | date | datetime):
        return value
    return str(value)


def blank(values: Sequence[Any]) -> bool:
    return all(cell_text(cell_value(v)) == "" for v in values)


def _put(rows: dict[int, list[Cell]], row: int, column: int, value: Cell, limits: Limits) -> None:
    """Set a cell (1-based row, 0-based column) in a sparse table; past the limit: too long."""
    if row > limits.max_read_rows:
        raise too_long(limits)
    cells = rows.setdefault(row, [])
    if len(cells) <= column:
        cells.extend([None] * (column + 1 - len(cells)))
    cells[column] = value


#: A cell or row reference in a worksheet's XML: ``r="B12"`` (a cell) or ``r="12"`` (a row).
_REF = re.compile(rb"""\sr\s*=\s*["']([A-Za-z]{0,3})([0-9]{1,9})["']""")
#: The same as every writer puts it (found much faster: the search starts from a literal).
_PLAIN_REF = re.compile(rb' r="([A-Z]{0,3})([0-9]{1,9})"')
#: A row's start tag with its attributes (hidden rows are looked for in these).
_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row(\s[^>]*)?/?>")
#: A reference written with a character entity (``r="A&#49;"``): no writer does that.
_ENTITY_REF = re.compile(rb"""\sr\s*=\s*["'][^"'<>]*&""")
_HIDDEN = re.compile(rb"""\shidden\s*=\s*["'](?:1|true)["']""")
#: One cell element, empty (``<c r="A1" s="2"/>``) or with content up to its end tag.
_CELL = re.compile(
    rb"""<((?:[A-Za-z_][\w.-]*:)?)c\s[^>]*?\br\s*=\s*["']([A-Za-z]{1,3})[0-9]+["'][^>]*?"""
    rb"""(?:/>|>.*?</\1c>)""",
    re.DOTALL,
)
#: Cells calamine may hold at once for a sheet (it keeps a sheet as one dense block from the
#: first to the last cell with a value, about 32 bytes a cell): room for the largest list the
#: app takes (250,000 rows of 40 columns), refusing a stray far cell before it costs gigabytes.
CELL_BUDGET = 12_000_000


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


def _refs(xml: bytes) -> list[tuple[bytes, bytes]]:
    """Every row and cell reference of the sheet's rows as (letters, digits). Where some are
    written otherwise than ``r="B12"`` (quotes, spaces, a text holding ``r=``), the slow
    general search; a reference written with an entity is refused (calamine would place its
    cell where this cannot see)."""
    rows = re.search(rb"<(?:[A-Za-z_][\w.-]*:)?sheetData[\s/>]", xml)
    start = rows.start() if rows else 0
    end = xml.rfind(b"sheetData>")
    end = len(xml) if end < start else end
    refs = _PLAIN_REF.findall(xml, start, end)
    if xml.count(b"r=", start, end) == len(refs):
        return refs
    if _ENTITY_REF.search(xml, start, end):
        raise damaged_file()
    return _REF.findall(xml, start, end)


def _extent(xml: bytes, *, exact: bool = False) -> tuple[int, int]:
    """At least the last row and column of *xml* that may hold a cell: the largest
    references (with *exact*, of cells only: a row tag without cells holds nothing). Some
    writers leave references out: a cell without one follows the cell before it in its row,
    a row without one the row before it."""
    refs = _refs(xml)
    columns = max((_column_number(b) for b in {b for b, _d in refs} if b), default=0)
    if exact:
        rows = max((int(d) for b, d in refs if b), default=0)
    else:
        rows = max(map(int, {d for _b, d in refs}), default=0)
    prefix = re.search(rb"<((?:[A-Za-z_][\w.-]*:)?)worksheet[\s>]", xml)
    p = prefix.group(1) if prefix else b""

    def tags(text: bytes, name: bytes) -> int:
        return sum(text.count(b"<" + p + name + end) for end in (b" ", b">", b"/"))

    row_refs = sum(1 for b, _d in refs if not b)
    if tags(xml, b"c") > len(refs) - row_refs:  # cells without a reference
        rows = max(
            rows,
            max((int(d) for b, d in refs if not b), default=0)
            + max(0, tags(xml, b"row") - row_refs),
        )
        columns += max(tags(chunk, b"c") for chunk in xml.split(b"</" + p + b"row>"))
    return rows, columns


#: A cell holding a formula's error (``t="e"``: ``#DIV/0!``, ``#N/A`` …), which calamine
#: reads as an empty cell.
_ERROR_CELL = re.compile(
    rb"""<(?:[A-Za-z_][\w.-]*:)?c\s([^>]*?\bt\s*=\s*["']e["'][^>/]*)>(.*?)</(?:[A-Za-z_][\w.-]*:)?c>""",
    re.DOTALL,
)
_VALUE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?v>([^<]*)</")


def _error_cells(xml: bytes) -> dict[tuple[int, int], str]:
    """(row number, 0-based column) -> the error a formula left there (``#DIV/0!``), so that
    the cell shows what the spreadsheet shows, not nothing."""
    if b'"e"' not in xml and b"'e'" not in xml:
        return {}
    found: dict[tuple[int, int], str] = {}
    for match in _ERROR_CELL.finditer(xml):
        ref = _REF.search(b" " + match.group(1))
        value = _VALUE.search(match.group(2))
        if ref and ref.group(1) and value:
            place = (int(ref.group(2)), _column_number(ref.group(1)) - 1)
            found[place] = value.group(1).decode("utf-8", "replace")
    return found


def _too_far(extent: tuple[int, int], most_rows: int | None) -> bool:
    """Whether a sheet of this extent is more than calamine should hold, or reaches past the
    rows that may be read (*most_rows*; None for a preview)."""
    rows, columns = extent
    return rows * columns > CELL_BUDGET or (most_rows is not None and rows > most_rows)


def _hidden_rows(xml: bytes, head: int | None) -> set[int]:
    """Numbers of the rows marked hidden (``<row r="7" hidden="1">``)."""
    if b"hidden" not in xml:  # most sheets: no second look
        return set()
    hidden: set[int] = set()
    number = 0
    for match in _ROW_TAG.finditer(xml):
        attributes = match.group(1) or b""
        ref = _REF.search(b" " + attributes)
        number = int(ref.group(2)) if ref else number + 1
        if head is not None and number > head:
            break
        if _HIDDEN.search(attributes):
            hidden.add(number)
    return hidden


def _first_rows(xml: bytes, head: int) -> bytes | None:
    """The sheet's XML ending after its first *head* rows (None: it has no more), so that a
    preview of a town-sized sheet does not wait for calamine to read all of it."""
    number = 0
    for match in _ROW_TAG.finditer(xml):
        ref = _REF.search(b" " + (match.group(1) or b""))
        number = int(ref.group(2)) if ref else number + 1
        if number > head:
            prefix = re.search(rb"<((?:[A-Za-z_][\w.-]*:)?)worksheet[\s>]", xml)
            p = prefix.group(1) if prefix else b""
            return xml[: match.start()] + b"</" + p + b"sheetData></" + p + b"worksheet>"
    return None


def _without_far_cells(xml: bytes, limits: Limits) -> bytes:
    """The sheet's XML without cells past the columns read and without empty cells (a cell
    with a format only): what calamine would otherwise hold as one huge block."""

    def keep(match: re.Match[bytes]) -> bytes:
        cell = match.group(0)
        if _column_number(match.group(2)) > limits.max_columns:
            return b""
        if cell.endswith(b"/>") or not re.search(rb"<(?:[\w.-]+:)?(?:v|is)[\s>]", cell):
            return b""
        return cell

    return _CELL.sub(keep, xml)


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> the worksheet's part in the zip: the package's relations name the
    workbook (``xl/workbook.xml`` as a rule), the workbook's relations its sheets."""
    from defusedxml.ElementTree import fromstring

    names = set(archive.namelist())

    def relations(part: str) -> dict[str, tuple[str, str]]:
        """Id -> (type, target part) of the relations of *part* ("" for the package)."""
        folder, _slash, file = part.rpartition("/")
        rels = f"{folder}/_rels/{file}.rels" if folder else f"_rels/{file}.rels"
        if rels not in names:
            return {}
        found: dict[str, tuple[str, str]] = {}
        for element in fromstring(archive.read(rels)).iter():
            if element.tag.rsplit("}", 1)[-1] == "Relationship":
                target = element.get("Target", "")
                joined = target[1:] if target.startswith("/") else f"{folder}/{target}"
                found[element.get("Id", "")] = (
                    element.get("Type", ""),
                    posixpath.normpath(joined.lstrip("/")),
                )
        return found

    book_part = next(
        (t for kind, t in relations("").values() if kind.endswith("/officeDocument")),
        "xl/workbook.xml",
    )
    if book_part not in names:
        return {}
    targets = relations(book_part)
    parts: dict[str, str] = {}
    for element in fromstring(archive.read(book_part)).iter():
        if element.tag.rsplit("}", 1)[-1] == "sheet":
            rel = next((v for k, v in element.attrib.items() if k.endswith("}id")), "")
            if rel in targets:
                parts[element.get("name", "")] = targets[rel][1]
    return parts


def _read_xlsx(data: bytes, limits: Limits, head: int | None) -> list[Sheet]:
    """Cells, hidden rows and sheets, merged cells of an .xlsx: the values through calamine
    (Rust; the cost of openpyxl was its XML parser: ~20 s CPU for 100,000 rows, now ~2 s),
    hidden rows from the row tags of the sheet's XML, which calamine does not report.

    Before calamine sees a sheet, its extent is checked from the cell references: calamine
    holds a sheet as one block from its first to its last cell, so one stray cell at
    XFD1048576 would ask for hundreds of gigabytes (and end the program). Such a sheet is read
    without the cells past the columns read and without empty cells; a row with data past the
    rows read makes the list too long, as in every format.
    """
    from python_calamine import CalamineError, CalamineWorkbook, PasswordError, SheetTypeEnum

    archive = _open_zip(data, limits)
    with archive:
        try:
            parts = _sheet_parts(archive)
        except (SyntaxError, KeyError, ValueError, zipfile.BadZipFile, zlib.error, EOFError):
            raise damaged_file() from None
        if not parts:
            raise not_a_list()
        replaced: dict[str, bytes] = {}
        hidden_rows: dict[str, set[int]] = {}
        errors: dict[str, dict[tuple[int, int], str]] = {}
        try:
            book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        except PasswordError:
            raise protected_file() from None
        except CalamineError:  # not a workbook calamine knows
            raise not_a_list() from None
        chosen = [
            meta
            for meta in book.sheets_metadata
            if meta.typ == SheetTypeEnum.WorkSheet and meta.name in parts
        ][: limits.max_sheets]
        for meta in chosen:
            part = parts[meta.name]
            if part not in archive.namelist():
                raise damaged_file()
            xml = archive.read(part)
            hidden_rows[meta.name] = _hidden_rows(xml, head)
            errors[meta.name] = _error_cells(xml)
            if head is not None:  # a preview: calamine gets the first rows only
                cut = _first_rows(xml, head)
                if cut is not None:
                    xml = replaced[part] = cut
            most_rows = limits.max_read_rows if head is None else None
            if _too_far(_extent(xml), most_rows) and _too_far(_extent(xml, exact=True), most_rows):
                # Far cells: keep only those with a value in the columns read, and refuse a
                # row with data past the rows read before calamine builds the block.
                xml = _without_far_cells(xml, limits)
                if _too_far(_extent(xml, exact=True), most_rows):
                    raise too_long(limits)
                replaced[part] = xml
        if replaced:
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as copy:  # read once, now
                for info in archive.infolist():
                    copy.writestr(info.filename, replaced.get(info.filename) or archive.read(info))
            book = CalamineWorkbook.from_filelike(io.BytesIO(buffer.getvalue()))
    sheets: list[Sheet] = []
    for meta in chosen:
        found = book.get_sheet_by_name(meta.name)
        sheet = _calamine_sheet(found, meta, limits, head)
        sheet.hidden_rows = hidden_rows[meta.name]
        if errors[meta.name]:
            _put_errors(sheet, errors[meta.name], limits, head)
        for (top, left), (bottom, _right) in found.merged_cell_ranges or []:
            if bottom > top and left < limits.max_columns:
                sheet.merges.append((top + 1, min(bottom + 1, limits.max_read_rows), left))
        sheets.append(sheet)
    return sheets


def _put_errors(
    sheet: Sheet, errors: dict[tuple[int, int], str], limits: Limits, head: int | None
) -> None:
    rows = dict(sheet.rows)
    for (number, column), text in errors.items():
        if column < limits.max_columns and number <= (head or limits.max_read_rows):
            _put(rows, number, column, text, limits)
    sheet.rows = sorted(rows.items())


def _calamine_sheet(found: Any, meta: Any, limits: Limits, head: int | None) -> Sheet:
    """One sheet read by calamine: name, hidden or not, its rows (the first *head* only)."""
    from python_calamine import SheetVisibleEnum

    sheet = Sheet(name=meta.name, hidden=meta.visible != SheetVisibleEnum.Visible)
    start = found.start
    if start is not None:
        first_row, first_column = start
        nrows = None if head is None else max(0, head - first_row)
        sheet.rows = _calamine_rows(
            found.to_python(skip_empty_area=True, nrows=nrows), first_row, first_column, limits
        )
    return sheet


def _calamine_rows(
    values: list[list[Any]], first_row: int, first_column: int, limits: Limits
) -> list[tuple[int, list[Cell]]]:
    """calamine's rows as the sheet numbers them, empty cells None, whole numbers as int (a
    postcode digit group or a house number reads "12", never "12.0"), empty rows left out."""
    width = limits.max_columns - first_column
    if width <= 0:
        return []
    lead: list[Cell] = [None] * first_column
    rows: list[tuple[int, list[Cell]]] = []
    max_rows = limits.max_read_rows
    for offset, row in enumerate(values):
        cells: list[Cell] = [
            None
            if (kind := v.__class__) is str and not v.strip()
            else int(v)
            if kind is float and v.is_integer() and -(2**53) < v < 2**53
            else v
            if kind in _PLAIN
            else cell_value(v)
            for v in row[:width]
        ]
        while cells and cells[-1] is None:
            cells.pop()
        if not cells:
            continue
        number = first_row + offset + 1
        if number > max_rows:
            raise too_long(limits)
        rows.append((number, lead + cells if first_column else cells))
    return rows


_PLAIN = frozenset({str, int, float, date, datetime})


_ODS_TABLE = b"urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_ODS_OFFICE = b"urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_ODS_TEXT = b"urn:oasis:names:tc:opendocument:xmlns:text:1.0"


@dataclass
class _OdsTable:
    """What the rows of one table of an .ods say beside the values: how far data reaches
    (repeats counted), hidden rows and merged cells (calamine reports neither)."""

    last_row: int = 0
    last_column: int = 0
    hidden_rows: set[int] = field(default_factory=set)
    merges: list[tuple[int, int, int]] = field(default_factory=list)


class _OdsScan:
    """The table, row and cell tags of one content.xml, looked at as bytes (a second XML
    parse of a town-sized sheet would cost more than calamine's), with the prefixes the file
    binds to the OpenDocument namespaces (``table:`` as a rule)."""

    def __init__(self, xml: bytes) -> None:
        def prefix(uri: bytes, usual: bytes) -> bytes:
            found = re.search(rb"xmlns:([A-Za-z_][\w.-]*)\s*=\s*[\"']" + re.escape(uri), xml)
            return found.group(1) if found else usual

        t = prefix(_ODS_TABLE, b"table")
        q = re.escape(t)
        self.table_start = re.compile(rb"<" + q + rb":table(?=[\s/>])([^>]*)>")
        self.table_end = b"</" + t + b":table>"
        self.row_start = re.compile(rb"<" + q + rb":table-row(?=[\s/>])")
        self.cell = re.compile(rb"<" + q + rb":(?:covered-)?table-cell(?=[\s/>])([^>]*?)(/?)>")
        self.cell_tag = re.compile(rb"<" + q + rb":(?:covered-)?table-cell(?=[\s/>])")

        def number(name: bytes) -> re.Pattern[bytes]:
            return re.compile(rb"\b" + q + rb":" + name + rb"\s*=\s*[\"'](\d+)[\"']")

        self.rows_repeated = number(b"number-rows-repeated")
        self.columns_repeated = number(b"number-columns-repeated")
        self.rows_spanned = number(b"number-rows-spanned")
        self.hidden = re.compile(rb"\b" + q + rb":visibility\s*=\s*[\"'](?:collapse|filter)[\"']")
        self.value = prefix(_ODS_OFFICE, b"office") + b":value-type"
        self.paragraph = b"<" + prefix(_ODS_TEXT, b"text") + b":p"

    def tables(self, xml: bytes, limits: Limits) -> list[_OdsTable]:
        found: list[_OdsTable] = []
        for start in self.table_start.finditer(xml):
            if start.group(1).endswith(b"/"):
                found.append(_OdsTable())
                continue
            end = xml.find(self.table_end, start.end())
            if end < 0:
                raise damaged_file()
            found.append(self._table(xml[start.end() : end], limits))
        return found

    def _table(self, body: bytes, limits: Limits) -> _OdsTable:
        found = _OdsTable()
        number = 0
        value, paragraph = self.value, self.paragraph
        for chunk in self.row_start.split(body)[1:]:
            close = chunk.find(b">")
            attributes, cells = chunk[:close], chunk[close + 1 :]
            repeated = self.rows_repeated.search(attributes) if b"repeated" in attributes else None
            count = int(repeated.group(1)) if repeated else 1
            if attributes.endswith(b"/") or (value not in cells and paragraph not in cells):
                number += count  # empty rows, often repeated to the sheet's end
                continue
            first, number = number + 1, number + count
            if number > limits.max_read_rows:
                found.last_row = number  # data past the rows read: too long
                return found
            width, spans = self._row(cells, limits)
            found.last_row = number
            found.last_column = max(found.last_column, width)
            if b"visibility" in attributes and self.hidden.search(attributes):
                found.hidden_rows.update(range(first, number + 1))
            for column, down in spans:
                for at in range(first, number + 1):
                    found.merges.append((at, min(at + down - 1, limits.max_read_rows), column))
        return found

    def _row(self, cells: bytes, limits: Limits) -> tuple[int, list[tuple[int, int]]]:
        """How far the row's data reaches (at most), and its cells merged down (column,
        rows). A cell holds data when it has a value type or a paragraph."""
        if b"-repeated" not in cells and b"-spanned" not in cells:
            return len(self.cell_tag.findall(cells)), []  # one tag a cell: at most this far
        width = column = 0
        spans: list[tuple[int, int]] = []
        tags = list(self.cell.finditer(cells))
        for index, tag in enumerate(tags):
            attributes = tag.group(1)
            repeated = self.columns_repeated.search(attributes)
            across = int(repeated.group(1)) if repeated else 1
            content = b"" if tag.group(2) else cells[tag.end() : (
                tags[index + 1].start() if index + 1 < len(tags) else len(cells))]  # fmt: skip
            if self.value in attributes or self.paragraph in content:
                width = column + across
                spanned = self.rows_spanned.search(attributes)
                if spanned and int(spanned.group(1)) > 1:
                    for offset in range(max(0, min(across, limits.max_columns - column))):
                        spans.append((column + offset, int(spanned.group(1))))
            column += across
        return width, spans

    def capped(self, xml: bytes, limits: Limits) -> bytes:
        """*xml* with cells repeated across at most as far as the columns read (a value filled
        to the sheet's last column would otherwise be held 16,384 times a row)."""
        most = str(limits.max_columns).encode()

        def cap(match: re.Match[bytes]) -> bytes:
            if int(match.group(1)) <= limits.max_columns:
                return match.group(0)
            whole, at = match.group(0), match.start(1) - match.start(0)
            return whole[:at] + most + whole[at + len(match.group(1)) :]

        return self.columns_repeated.sub(cap, xml)


def _read_ods(data: bytes, limits: Limits, head: int | None) -> list[Sheet]:
    """Cells, hidden sheets (calamine), hidden rows and merged cells (the row and cell tags of
    content.xml) of an .ods. Rows and cells repeated by ``number-rows-repeated`` and
    ``number-columns-repeated`` are counted before calamine, which holds a sheet as one
    block with every repeat written out, sees the file: data past the rows read is refused
    as too long, a value repeated past the columns read is cut there."""
    from python_calamine import CalamineError, CalamineWorkbook, SheetTypeEnum

    _check_ods_xml(data, limits)
    with _open_zip(data, limits) as archive:
        try:
            content = archive.read("content.xml")
        except KeyError:
            raise not_a_list() from None
        scan = _OdsScan(content)
        tables = scan.tables(content, limits)
        if any(t.last_row * t.last_column > CELL_BUDGET for t in tables):
            content = scan.capped(content, limits)
            tables = scan.tables(content, limits)
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as copy:
                for info in archive.infolist():
                    copy.writestr(
                        info, content if info.filename == "content.xml" else archive.read(info)
                    )
            data = buffer.getvalue()
    for table in tables:
        if table.last_row > limits.max_read_rows or (
            table.last_row * table.last_column > CELL_BUDGET
        ):
            raise too_long(limits)
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except CalamineError:
        raise not_a_list() from None
    metas = book.sheets_metadata
    if len(metas) != len(tables):  # a table the scan did not see: no guess about it
        raise damaged_file()
    sheets: list[Sheet] = []
    for meta, table in list(zip(metas, tables, strict=True))[: limits.max_sheets]:
        if meta.typ != SheetTypeEnum.WorkSheet:
            continue
        sheet = _calamine_sheet(book.get_sheet_by_name(meta.name), meta, limits, head)
        limit = head if head is not None else limits.max_read_rows
        sheet.hidden_rows = {n for n in table.hidden_rows if n <= limit}
        sheet.merges = [m for m in table.merges if m[0] <= limit]
        sheets.append(sheet)
    return sheets


def _check_ods_xml(data: bytes, limits: Limits) -> None:
    """Refuse an .ods whose XML is not well-formed, or declares a DTD (entities), before
    calamine sees it: calamine reads past a broken tag without a word, so a damaged file
    could import part of a list. Expat with no handlers checks in C, without building
    anything (0.6 s for 100 MB of XML)."""
    from xml.parsers import expat

    def refuse(*_args: object) -> None:
        raise ValueError("a DTD in a spreadsheet")

    with _open_zip(data, limits) as archive:
        names = set(archive.namelist())
        for part in ("content.xml", "styles.xml", "meta.xml", "settings.xml"):
            if part in names:
                parser = expat.ParserCreate()
                parser.StartDoctypeDeclHandler = refuse
                parser.EntityDeclHandler = refuse
                parser.Parse(archive.read(part), True)  # expat.ExpatError: damaged


#: Letters a name may hold in a list of labour migrants (Polish, Romanian, Hungarian, Czech,
#: Slovak, Baltic, Croatian, German, Dutch; Ukrainian and Bulgarian come transliterated).
#: In a file read as Windows-1250/1252 anything else (``¹``, ``³``, ``œ``, ``Ÿ``, ``ñ``, a
#: control character) is almost always a letter the encoding could not hold.
_NAME_LETTERS = frozenset("ąćęłńóśźżăâîșțşţáäčďéěíĺľňôŕřšťúůýžöőüűßëïèėįųūāēģīķļņđ")


def implausible(text: str) -> int:
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
        ("cp1252", "cp1250"), key=lambda enc: implausible(data.decode(enc, errors="replace"))
    )
    return data.decode(best, errors="replace"), best


def _read_csv(
    data: bytes,
    warnings: list[BilingualMessage],
    limits: Limits,
    header_score: HeaderScore,
    head: int | None = None,
) -> tuple[Sheet, str | None]:
    text, encoding = _decode(data)
    if "\x00" in text[:4096]:
        raise not_a_list()
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
        raise not_a_list()
    delimiters: tuple[str, ...] = (";", ",", "\t")
    # Excel's "sep=;" line names the delimiter; Excel does not show it as a row, so neither
    # do the row numbers here.
    hint = re.match(r"\ufeff?sep=(.)[ \t]*\r?\n", text)
    if hint:
        text, delimiters = text[hint.end() :], (hint.group(1),)
    # The header is looked for in the first rows only: score the delimiters on those, then
    # read the whole text once with the best one.
    head_rows = limits.header_search_rows + 1
    best_delimiter, best_score = delimiters[0], -1
    for delimiter in delimiters:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        first_rows: list[tuple[int, list[Cell]]] = [
            (number, list[Cell](values[: limits.max_columns]))
            for number, values in enumerate(itertools.islice(reader, head_rows), start=1)
        ]
        score = header_score(first_rows)
        if score > best_score:
            best_delimiter, best_score = delimiter, score
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=best_delimiter)
    rows = reader if head is None else itertools.islice(reader, head)
    return Sheet(name=None, rows=_bounded_rows(rows, limits)), encoding


def _bounded_rows(rows: Iterable[Sequence[str]], limits: Limits) -> list[tuple[int, list[Cell]]]:
    """The rows of a CSV (at most ``limits.max_columns`` cells each, all text); a non-empty row
    after the rows that may be read means the list is too long, and raises."""
    table: list[tuple[int, list[Cell]]] = []
    max_rows, max_columns = limits.max_read_rows, limits.max_columns
    for number, values in enumerate(rows, start=1):
        if number <= max_rows:
            table.append((number, list[Cell](values[:max_columns])))
        elif not blank(values[: limits.max_columns]):
            raise too_long(limits)
    return table


def column_letter(position: int) -> str:
    """Spreadsheet letter of a 0-based column position (0 -> A, 26 -> AA)."""
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def cell_text(value: Cell) -> str:
    """A cell as text, runs of white space as one space, trimmed (whole floats without .0)."""
    if type(value) is str:
        return " ".join(value.split())
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return " ".join(str(value).split())


#: Scores how well a table's first rows look like the caller's header (higher is better);
#: a CSV is read with the delimiter that scores highest.
HeaderScore = Callable[[list[tuple[int, list[Cell]]]], int]


@dataclass
class Workbook:
    """What a file holds: its sheets (a CSV has one, without a name), its format, the legacy
    encoding a CSV was read in (None for UTF-8/16) and warnings about the reading."""

    sheets: list[Sheet]
    source_format: SourceFormat
    encoding: str | None
    warnings: list[BilingualMessage]


def read_workbook(
    path: Path,
    limits: Limits,
    header_score: HeaderScore,
    *,
    head: int | None = None,
) -> Workbook:
    """Read every sheet of *path* (at most ``limits.max_sheets``).

    *head*: only the first rows of each sheet (a preview; the row limit is then not checked).

    Raises :class:`FileError` when the file cannot be used at all: missing, empty, an old
    .xls, protected with a password, damaged, not a spreadsheet or text file, or over a limit.
    """
    data = read_bytes(path, limits)
    warnings: list[BilingualMessage] = []
    if data.startswith(_OLE_MAGIC):
        # Excel keeps a password-protected .xlsx in the same container as an old .xls.
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise protected_file()
        raise file_error(
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
            source = "ods" if _is_ods(data, limits) else "xlsx"
            if source == "ods":
                sheets = _read_ods(data, limits, head)
            else:
                sheets = _read_xlsx(data, limits, head)
        else:
            csv_sheet, encoding = _read_csv(data, warnings, limits, header_score, head)
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
        raise damaged_file() from None
    except Exception as exc:  # calamine and defusedxml raise their own exceptions too
        if type(exc).__module__.startswith(("python_calamine", "defusedxml", "xml")):
            raise damaged_file() from None
        raise
    return Workbook(sheets, source, encoding, warnings)
