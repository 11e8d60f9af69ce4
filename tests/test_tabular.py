"""The spreadsheet reader (inspector/tabular.py) on files as other programs write them: Excel-style
writers (xlsxwriter, shared and inline strings), openpyxl, LibreOffice (made in the test with
``soffice``), the 1904 date system, references left out, password protection, far cells.
Every person and address here is fictitious."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import time
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

from inspector.addresses.sources import LIMITS, read_source
from inspector.employer_list.importlist import ListOptions, read_list
from inspector.tabular import FileError, Sheet, read_workbook

TODAY = date(2026, 11, 30)

#: (row number as the spreadsheet shows it, cells) of the list every writer below writes:
#: a title above the header (the header is not on row 1), text with leading zeros, whole
#: numbers, a decimal, dates, a hidden row (6) and a row merged down over two (rows 7-8).
HEADER = ["achternaam", "voornamen", "geboortedatum", "kamer", "bsn", "huisnummer", "m2"]
PEOPLE = [
    ["Testowa", "Anna", date(1990, 5, 17), "0012", "000000012", 12, 62.5],
    ["Próbna", "Łucja", date(1985, 1, 2), "3", "", 7, 40],
    ["Verborgen", "Rij", date(1970, 3, 4), "4", "", 1, 10],  # the hidden row
    ["Voorbeeld", "Ion", date(1979, 12, 31), "5a", "", 8, 33.25],  # room merged down
    ["Ștefănescu", "Ana", date(2001, 7, 8), "", "", 9, 12],
]
TITLE_ROW, HEADER_ROW, FIRST = 1, 3, 4
HIDDEN_ROW, MERGED = 6, (7, 8)


def _expected_rows() -> list[tuple[int, list[object]]]:
    rows: list[tuple[int, list[object]]] = [(TITLE_ROW, ["Lijst proefbedrijf"])]
    rows.append((HEADER_ROW, list(HEADER)))
    for offset, person in enumerate(PEOPLE):
        cells = list(person)
        if FIRST + offset == MERGED[1]:
            cells[3] = None  # a merged cell keeps its value in its first row only
        while cells and cells[-1] in ("", None):
            cells.pop()
        rows.append((FIRST + offset, [None if c == "" else c for c in cells]))
    return rows


def _texts(sheet: Sheet) -> list[tuple[int, list[object]]]:
    """Rows as compared: dates as dates (a writer may add midnight), numbers as numbers."""
    out = []
    for number, cells in sheet.rows:
        out.append(
            (
                number,
                [
                    c.date() if isinstance(c, datetime) and c.time() == datetime.min.time() else c
                    for c in cells
                ],
            )  # fmt: skip
        )
    return out


def _write_xlsxwriter(path: Path, *, inline: bool, epoch_1904: bool = False) -> Path:
    book = xlsxwriter.Workbook(path, {"constant_memory": inline, "date_1904": epoch_1904})
    sheet = book.add_worksheet("Lijst")
    day = book.add_format({"num_format": "dd-mm-yyyy"})
    sheet.write_string(TITLE_ROW - 1, 0, "Lijst proefbedrijf")
    sheet.write_row(HEADER_ROW - 1, 0, HEADER)
    for offset, person in enumerate(PEOPLE):
        r = FIRST - 1 + offset
        for c, value in enumerate(person):
            if isinstance(value, date):
                sheet.write_datetime(r, c, datetime(value.year, value.month, value.day), day)
            elif isinstance(value, str):
                if value:
                    sheet.write_string(r, c, value)
            else:
                # Numbers the way Excel keeps them: a formula with its cached result for one.
                if c == 6 and offset == 0:
                    sheet.write_formula(r, c, "=125/2", None, value)
                else:
                    sheet.write_number(r, c, value)
        if r + 1 == HIDDEN_ROW:
            sheet.set_row(r, None, None, {"hidden": True})
    if not inline:  # constant_memory writes row by row: no merges afterwards
        sheet.merge_range(MERGED[0] - 1, 3, MERGED[1] - 1, 3, PEOPLE[MERGED[0] - FIRST][3])
    hidden = book.add_worksheet("Oud")
    hidden.write_string(0, 0, "achternaam")
    hidden.hide()
    book.close()
    return path


def _write_openpyxl(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Lijst"
    sheet.cell(TITLE_ROW, 1, "Lijst proefbedrijf")
    for c, name in enumerate(HEADER, start=1):
        sheet.cell(HEADER_ROW, c, name)
    for offset, person in enumerate(PEOPLE):
        for c, value in enumerate(person, start=1):
            if value != "":
                cell = sheet.cell(FIRST + offset, c, value)
                if isinstance(value, date):
                    cell.number_format = "DD-MM-YYYY"
    sheet.row_dimensions[HIDDEN_ROW].hidden = True
    sheet.merge_cells(start_row=MERGED[0], end_row=MERGED[1], start_column=4, end_column=4)
    book.create_sheet("Oud").sheet_state = "hidden"
    book["Oud"]["A1"] = "achternaam"
    book.save(path)
    return path


def _read(path: Path) -> list[Sheet]:
    return read_workbook(path, LIMITS, lambda t: 0).sheets


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda p: _write_xlsxwriter(p, inline=False), id="xlsxwriter-shared"),
        pytest.param(lambda p: _write_xlsxwriter(p, inline=True), id="xlsxwriter-inline"),
        pytest.param(
            lambda p: _write_xlsxwriter(p, inline=False, epoch_1904=True), id="xlsxwriter-1904"
        ),
        pytest.param(_write_openpyxl, id="openpyxl"),
    ],
)
def test_xlsx_from_several_writers_reads_the_same(tmp_path: Path, make: object) -> None:
    path = make(tmp_path / "lijst.xlsx")  # type: ignore[operator]
    with zipfile.ZipFile(path) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml")
    with zipfile.ZipFile(path) as archive:
        shared = "xl/sharedStrings.xml" in archive.namelist()
    assert (b'"inlineStr"' in sheet_xml) != shared or not shared
    first, other = _read(path)
    assert (first.name, first.hidden, other.name, other.hidden) == ("Lijst", False, "Oud", True)
    expected = _expected_rows()
    if not first.merges:  # the inline writer cannot merge
        expected[-2][1][3] = "5a"
    assert _texts(first) == expected
    assert first.hidden_rows == {HIDDEN_ROW}
    if first.merges:
        assert first.merges == [(MERGED[0], MERGED[1], 3)]
    # The employer's list on it: header on row 3, hidden row left out and named, merge filled.
    result = read_list(path, today=TODAY, options=ListOptions(sheet="Lijst"))
    assert result.header_row == HEADER_ROW and result.hidden_rows == [HIDDEN_ROW]
    assert [(r.row_number, r.surname, r.room) for r in result.rows] == [
        (4, "Testowa", "0012"),
        (5, "Próbna", "3"),
        (7, "Voorbeeld", "5a"),
        (8, "Ștefănescu", "5a" if first.merges else None),
    ]
    assert result.rows[0].birth_date == date(1990, 5, 17)


def test_whole_numbers_read_without_a_fraction_and_text_keeps_its_zeros(tmp_path: Path) -> None:
    path = tmp_path / "bag.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("BAG")
    sheet.write_row(0, 0, ["verblijfsobject_id", "straat", "huisnummer", "toevoeging",
                           "postcode", "woonplaats", "oppervlakte", "gebruiksdoel"])  # fmt: skip
    sheet.write_row(1, 0, ["0999010000000001", "Proefstraat", 12, "", "7100 AA", "Proefdorp",
                           62.0, "woonfunctie"])  # fmt: skip
    sheet.write_row(2, 0, ["0999010000000002", "Proefstraat", 14.0, "B", "7100 AA",
                           "Proefdorp", 80.5, "woonfunctie"])  # fmt: skip
    # A formula that failed: the cell shows its error, and so does the refusal.
    sheet.write_row(3, 0, ["0999010000000003", "Proefstraat", 16, "", "7100 AA", "Proefdorp"])
    sheet.write_formula(3, 6, "=160/0", None, "#DIV/0!")
    sheet.write(3, 7, "woonfunctie")
    book.close()
    (only,) = _read(path)
    assert only.rows[1][1][:3] == ["0999010000000001", "Proefstraat", 12]
    assert type(only.rows[1][1][2]) is int and type(only.rows[2][1][2]) is int
    assert only.rows[2][1][6] == 80.5
    assert only.rows[3] == (4, ["0999010000000003", "Proefstraat", 16, None, "7100 AA",
                                "Proefdorp", "#DIV/0!", "woonfunctie"])  # fmt: skip
    result = read_source(path, "bag")
    assert [(r.vbo_id, r.key) for r in result.records] == [
        ("0999010000000001", "7100 AA|12|"),
        ("0999010000000002", "7100 AA|14|B"),
    ]
    (refused,) = result.errors
    assert refused.row_number == 4 and "#DIV/0!" in refused.reason.nl


def _zip_with(path: Path, replace: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path) as source:
        members = [(info.filename, source.read(info)) for info in source.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in members:
            target.writestr(name, replace.get(name, data))
    path.write_bytes(buffer.getvalue())


def test_cells_and_rows_without_references_are_placed_as_calamine_places_them(
    tmp_path: Path,
) -> None:
    path = _write_xlsxwriter(tmp_path / "lijst.xlsx", inline=True)
    sheet_xml = (
        b'<?xml version="1.0" encoding="UTF-8"?><x:worksheet xmlns:x='
        b'"http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>'
        b'<x:row><x:c t="inlineStr"><x:is><x:t>achternaam</x:t></x:is></x:c>'
        b'<x:c t="inlineStr"><x:is><x:t>geboortedatum</x:t></x:is></x:c></x:row>'
        b'<x:row hidden="1"><x:c t="inlineStr"><x:is><x:t>Testowa</x:t></x:is></x:c>'
        b"<x:c><x:v>32645</x:v></x:c></x:row>"
        b'<x:row r="5"><x:c t="inlineStr"><x:is><x:t>Verder</x:t></x:is></x:c></x:row>'
        b"</x:sheetData></x:worksheet>"
    )
    _zip_with(path, {"xl/worksheets/sheet1.xml": sheet_xml})
    first = _read(path)[0]
    assert first.rows == [(1, ["achternaam", "geboortedatum"]), (2, ["Testowa", 32645]),
                          (5, ["Verder"])]  # fmt: skip
    assert first.hidden_rows == {2}


def _code(path: Path) -> str:
    with pytest.raises(FileError) as raised:
        read_workbook(path, LIMITS, lambda t: 0)
    message = raised.value.message
    assert message.nl.endswith(".") and message.en.endswith(".")
    return message.code


def test_a_password_protected_workbook_is_named_as_such(tmp_path: Path) -> None:
    from msoffcrypto.format import ooxml

    plain = _write_openpyxl(tmp_path / "open.xlsx")
    protected = tmp_path / "beveiligd.xlsx"
    with plain.open("rb") as source, protected.open("wb") as target:
        ooxml.OOXMLFile(source).encrypt("geheim-proef", target)
    assert _code(protected) == "protected"
    with pytest.raises(FileError) as raised:
        read_workbook(protected, LIMITS, lambda t: 0)
    assert "wachtwoord" in raised.value.message.nl


def test_files_that_are_no_spreadsheet_or_damaged_get_a_clear_refusal(tmp_path: Path) -> None:
    picture = tmp_path / "foto.xlsx"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    assert _code(picture) == "not_a_list"
    document = tmp_path / "brief.xlsx"
    with zipfile.ZipFile(document, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    assert _code(document) == "not_a_list"
    cut = _write_openpyxl(tmp_path / "afgebroken.xlsx")
    cut.write_bytes(cut.read_bytes()[: cut.stat().st_size // 2])
    assert _code(cut) in ("not_a_list", "damaged")
    old = tmp_path / "oud.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    assert _code(old) == "old_excel"


def test_a_stray_cell_at_the_last_row_and_column_costs_neither_time_nor_memory(
    tmp_path: Path,
) -> None:
    # calamine keeps a sheet as one block from first to last cell: XFD1048576 would be
    # hundreds of gigabytes (the program would end) if the reader did not look first.
    path = _write_openpyxl(tmp_path / "ver.xlsx")
    book = openpyxl.load_workbook(path)
    book["Lijst"]["XFD1048576"] = "x"  # past the columns read: ignored
    book["Lijst"].cell(1_048_576, 2).number_format = "0.00"  # a format only, no value
    book.save(path)
    started = time.process_time()
    result = read_list(path, today=TODAY, options=ListOptions(sheet="Lijst"))
    assert [r.row_number for r in result.rows] == [4, 5, 7, 8]
    assert time.process_time() - started < 5
    book["Lijst"]["A1048576"] = "Voorbeeld"  # a value in a column read, far below the list
    book.save(path)
    started = time.process_time()
    with pytest.raises(FileError) as raised:
        read_list(path, today=TODAY, options=ListOptions(sheet="Lijst"))
    assert raised.value.message.code == "too_long"
    assert time.process_time() - started < 5


def _soffice() -> str | None:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None and os.environ.get("CI"):
        pytest.fail("CI installs LibreOffice (libreoffice-calc-nogui) for these cases")
    return found


@pytest.fixture(scope="module")
def libreoffice_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The openpyxl list saved again by LibreOffice as .xlsx and .ods (its own XML: shared
    strings, row spans, styles, dates as serials with a format, ``hidden="true"``)."""
    soffice = _soffice()
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed here")
    folder = tmp_path_factory.mktemp("lo")
    source = _write_openpyxl(folder / "bron.xlsx")
    profile = (folder / "profile").as_uri()
    made: dict[str, Path] = {}
    for kind in ("xlsx", "ods"):
        out = folder / kind
        out.mkdir()
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={profile}",
                "--headless",
                "--convert-to",
                kind,
                "--outdir",
                str(out),
                str(source),
            ],  # fmt: skip
            check=True,
            capture_output=True,
            timeout=180,
        )
        made[kind] = out / f"bron.{kind}"
    return made


@pytest.mark.parametrize("kind", ["xlsx", "ods"])
def test_lists_saved_by_libreoffice_read_the_same(
    libreoffice_files: dict[str, Path], kind: str
) -> None:
    path = libreoffice_files[kind]
    if kind == "xlsx":
        with zipfile.ZipFile(path) as archive:
            assert b'hidden="true"' in archive.read("xl/worksheets/sheet1.xml")
    first, other = _read(path)
    assert (first.name, other.name, other.hidden) == ("Lijst", "Oud", True)
    assert _texts(first) == _expected_rows()
    assert first.hidden_rows == {HIDDEN_ROW}
    assert first.merges == [(MERGED[0], MERGED[1], 3)]
    result = read_list(path, today=TODAY, options=ListOptions(sheet="Lijst"))
    assert [(r.row_number, r.room, r.birth_date) for r in result.rows] == [
        (4, "0012", date(1990, 5, 17)),
        (5, "3", date(1985, 1, 2)),
        (7, "5a", date(1979, 12, 31)),
        (8, "5a", date(2001, 7, 8)),
    ]
    assert "verborgen rijen niet geïmporteerd: 6" in result.summary().nl


def _ods(path: Path, rows: str, *, prolog: str = "") -> Path:
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">'
        '<office:body><office:spreadsheet><table:table table:name="Lijst">'
        f"{rows}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
        '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type='
        '"application/vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>'
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr("content.xml", content)
    return path


def _text_cell(text: str, extra: str = "") -> str:
    return (f'<table:table-cell office:value-type="string"{extra}><text:p>{text}</text:p>'
            "</table:table-cell>")  # fmt: skip


HEADER_ROW_ODS = (
    "<table:table-row>" + "".join(_text_cell(h) for h in HEADER[:3]) + "</table:table-row>"
)
PERSON_ODS = (
    "<table:table-row>" + _text_cell("Testowa") + _text_cell("Anna")
    + '<table:table-cell office:value-type="date" office:date-value="1990-05-17">'
    "<text:p>17-05-1990</text:p></table:table-cell></table:table-row>"
)  # fmt: skip


def test_an_ods_with_a_broken_tag_or_a_dtd_is_refused_whole(tmp_path: Path) -> None:
    # calamine alone would read past the broken tag: part of a list, without a word.
    broken = _ods(
        tmp_path / "kapot.ods", HEADER_ROW_ODS + PERSON_ODS.replace("</text:p>", "</text:q>", 1)
    )
    assert _code(broken) == "damaged"
    dtd = _ods(tmp_path / "dtd.ods", HEADER_ROW_ODS + PERSON_ODS,
               prolog='<!DOCTYPE x [<!ENTITY proef "Testowa">]>')  # fmt: skip
    assert _code(dtd) == "damaged"
    fine = _ods(tmp_path / "goed.ods", HEADER_ROW_ODS + PERSON_ODS)
    (only,) = read_list(fine, today=TODAY).rows
    assert (only.row_number, only.surname, only.birth_date) == (2, "Testowa", date(1990, 5, 17))


def test_an_ods_value_repeated_to_the_last_column_is_cut_at_the_columns_read(
    tmp_path: Path,
) -> None:
    # Filled to the right edge on 1,000 rows: written out that would be 16 million cells.
    filled = _text_cell("x", ' table:number-columns-repeated="16384"')
    rows = (
        HEADER_ROW_ODS
        + (PERSON_ODS.replace("</table:table-row>", filled + "</table:table-row>")) * 1000
    )
    path = _ods(tmp_path / "breed.ods", rows)
    started = time.process_time()
    result = read_list(path, today=TODAY)
    assert len(result.rows) == 1000 and result.rows[0].surname == "Testowa"
    assert time.process_time() - started < 5
