"""Spreadsheets and CSV files read into plain tables: the one reader of every list the app
imports (the employer's list of residents, the coordinator's address data).

Formats: .xlsx (calamine for the values and merged cells, the sheet's row tags for hidden rows),
.ods (odfpy, after a well-formedness check), CSV (UTF-8, UTF-16 as
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


def _extent(xml: bytes) -> tuple[int, int]:
    """At least the last row and column of *xml* that may hold a cell: the largest cell
    references. Some writers leave references out: a cell without one follows the cell
    before it in its row, a row without one the row before it."""
    refs = _REF.findall(xml)
    cell_rows = {digits for letters, digits in refs if letters}
    row_rows = {digits for letters, digits in refs if not letters}
    rows = max((int(d) for d in cell_rows), default=0)
    columns = max((_column_number(b) for b in {letters for letters, _d in refs} if b), default=0)
    prefix = re.search(rb"<((?:[A-Za-z_][\w.-]*:)?)worksheet[\s>]", xml)
    p = prefix.group(1) if prefix else b""

    def tags(text: bytes, name: bytes) -> int:
        return sum(text.count(b"<" + p + name + end) for end in (b" ", b">", b"/"))

    row_refs = sum(1 for letters, _digits in refs if not letters)
    if tags(xml, b"c") > len(refs) - row_refs:  # cells without a reference
        rows = max(
            rows,
            max((int(d) for d in row_rows), default=0) + max(0, tags(xml, b"row") - row_refs),
        )
        columns += max(tags(chunk, b"c") for chunk in xml.split(b"</" + p + b"row>"))
    return rows, columns


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
    """Sheet name -> the worksheet's part in the zip (from the workbook and its relations)."""
    from defusedxml.ElementTree import fromstring

    def local(tag: str) -> str:
        return tag.rsplit("}", 1)[-1]

    names = set(archive.namelist())
    book_part = next((n for n in ("xl/workbook.xml",) if n in names), None)
    if book_part is None:
        return {}
    folder = book_part.rsplit("/", 1)[0]
    rels_part = f"{folder}/_rels/workbook.xml.rels"
    targets: dict[str, str] = {}
    if rels_part in names:
        for element in fromstring(archive.read(rels_part)).iter():
            if local(element.tag) == "Relationship":
                target = element.get("Target", "")
                path = target.lstrip("/") if target.startswith("/") else f"{folder}/{target}"
                targets[element.get("Id", "")] = path
    parts: dict[str, str] = {}
    for element in fromstring(archive.read(book_part)).iter():
        if local(element.tag) == "sheet":
            rel = next((v for k, v in element.attrib.items() if k.endswith("}id")), "")
            if rel in targets:
                parts[element.get("name", "")] = targets[rel]
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
    from python_calamine import (
        CalamineError,
        CalamineWorkbook,
        PasswordError,
        SheetTypeEnum,
        SheetVisibleEnum,
    )

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
            if _ENTITY_REF.search(xml):  # calamine would place such a cell where we cannot see
                raise damaged_file()
            hidden_rows[meta.name] = _hidden_rows(xml, head)
            rows, columns = _extent(xml)
            if rows * columns > CELL_BUDGET or (head is None and rows > limits.max_read_rows):
                # Far cells: keep only those with a value in the columns read, and refuse a
                # row with data past the rows read before calamine builds the block.
                xml = _without_far_cells(xml, limits)
                rows, columns = _extent(xml)
                if rows * columns > CELL_BUDGET or (head is None and rows > limits.max_read_rows):
                    raise too_long(limits)
                replaced[part] = xml
        if replaced:
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as copy:
                for info in archive.infolist():
                    copy.writestr(info.filename, replaced.get(info.filename) or archive.read(info))
            book = CalamineWorkbook.from_filelike(io.BytesIO(buffer.getvalue()))
    sheets: list[Sheet] = []
    for meta in chosen:
        sheet = Sheet(
            name=meta.name,
            hidden=meta.visible != SheetVisibleEnum.Visible,
            hidden_rows=hidden_rows[meta.name],
        )
        found = book.get_sheet_by_name(meta.name)
        start = found.start
        if start is not None:
            first_row, first_column = start
            nrows = None if head is None else max(0, head - first_row)
            sheet.rows = _calamine_rows(
                found.to_python(skip_empty_area=True, nrows=nrows),
                first_row,
                first_column,
                limits,
            )
        for (top, left), (bottom, _right) in found.merged_cell_ranges or []:
            if bottom > top and left < limits.max_columns:
                sheet.merges.append((top + 1, min(bottom + 1, limits.max_read_rows), left))
        sheets.append(sheet)
    return sheets


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


def _read_ods(data: bytes, limits: Limits) -> list[Sheet]:
    from odf.namespaces import TABLENS
    from odf.opendocument import load
    from odf.style import Style, TableProperties
    from odf.table import Table, TableRow
    from odf.teletype import extractText

    _check_ods_xml(data, limits)
    document = load(io.BytesIO(data))
    hidden_styles = {
        style.getAttribute("name")
        for style in document.automaticstyles.getElementsByType(Style)
        for props in style.getElementsByType(TableProperties)
        if props.getAttribute("display") == "false"
    }
    sheets: list[Sheet] = []
    for table in document.spreadsheet.getElementsByType(Table)[: limits.max_sheets]:
        sheet = Sheet(
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
                if cell_text(value) != "":
                    for offset in range(min(across, limits.max_columns - column)):
                        values.append((column + offset, value))
                        if down > 1:
                            spans.append((column + offset, down))
                column += across
                if column >= limits.max_columns:
                    break
            if not values:
                number += repeat  # empty rows, often repeated to the sheet's end: skip them
                continue
            for _ in range(repeat):
                number += 1
                for position, value in values:
                    _put(rows, number, position, value, limits)
                if hidden:
                    sheet.hidden_rows.add(number)
                for position, down in spans:
                    sheet.merges.append(
                        (number, min(number + down - 1, limits.max_read_rows), position)
                    )
        sheet.rows = sorted(rows.items())
        sheets.append(sheet)
    return sheets


def _check_ods_xml(data: bytes, limits: Limits) -> None:
    """Refuse an .ods whose XML is not well-formed before odfpy sees it: odfpy swallows the
    parse error (it would print the whole part, names included, and return what it had read
    so far, so that a cut-off file would import part of the list without a word)."""
    from defusedxml.ElementTree import iterparse

    with _open_zip(data, limits) as archive:
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
                sheets = _read_ods(data, limits)
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
    except Exception as exc:  # calamine and odfpy raise their own exceptions too
        if type(exc).__module__.startswith(("python_calamine", "odf", "xml")):
            raise damaged_file() from None
        raise
    return Workbook(sheets, source, encoding, warnings)
