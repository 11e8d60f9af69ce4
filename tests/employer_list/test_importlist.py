"""Tests for importing the employer's list (xlsx and CSV) for a group registration day."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from inspector.employer_list.importlist import (
    FLAG_ARRIVAL_IN_FUTURE,
    FLAG_DAMAGED_NAME,
    FLAG_DUPLICATE_IN_FILE,
    FLAG_NO_GIVEN_NAMES,
    FileError,
    ImportResult,
    ListOptions,
    dedupe_key,
    parse_list_date,
    read_list,
)

TODAY = date(2025, 6, 1)

HEADER_NL = (
    "achternaam;voornamen;datum_aankomst;geboortedatum;geboorteplaats;geboorteland;bsn;kamer"
)
GOOD_ROWS = [
    "Testowa;Anna;2025-03-01;1990-05-17;Łódź;Polen;111222333;12",
    "Тестовий;Петро;01-03-2025;2-1-1985;Київ;Oekraïne;;Chalet 4",
    "Exemplu;Ion Ștefan;1.3.2025;1979/12/31;Brașov;RO;123456782;",
]


def write(tmp_path: Path, text: str, *, encoding: str = "utf-8", name: str = "lijst.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def read(
    tmp_path: Path, text: str, options: ListOptions | None = None, **kwargs: str
) -> ImportResult:
    return read_list(write(tmp_path, text, **kwargs), today=TODAY, options=options)


DMY = ListOptions(date_orders="dmy")


def test_semicolon_csv_with_dutch_header(tmp_path: Path) -> None:
    # 01-03-2025 and 2-1-1985 read both ways: without an order nothing is read, it is asked.
    asked = read(tmp_path, "\n".join([HEADER_NL, *GOOD_ROWS]) + "\n")
    assert asked.rows == [] and asked.errors == []
    assert [m.code for m in asked.choices_needed] == [
        "choose_date_order_birth_date",
        "choose_date_order_arrival_date",
    ]
    assert "2-1-1985" in asked.choices_needed[0].nl
    result = read(tmp_path, "\n".join([HEADER_NL, *GOOD_ROWS]) + "\n", DMY)
    assert result.errors == []
    assert result.warnings == []
    assert result.source_format == "csv"
    anna, petro, ion = result.rows
    assert (anna.row_number, anna.surname, anna.given_names) == (2, "Testowa", "Anna")
    assert anna.birth_date == date(1990, 5, 17)
    assert anna.arrival_date == date(2025, 3, 1)
    assert (anna.birth_place, anna.birth_country, anna.bsn, anna.room) == (
        "Łódź",
        "PL",
        "111222333",
        "12",
    )
    assert anna.flags == []
    assert (petro.row_number, petro.birth_date, petro.birth_country) == (3, date(1985, 1, 2), "UA")
    assert petro.bsn is None
    assert petro.room == "Chalet 4"
    assert (ion.birth_date, ion.arrival_date, ion.room) == (
        date(1979, 12, 31),
        date(2025, 3, 1),
        None,
    )


def test_comma_csv_with_bom_english_header_in_other_order(tmp_path: Path) -> None:
    text = (
        "\ufeff Room , BIRTH_DATE,Surname ,Given Names,Birth_Country\r\n"
        "7,17-05-1990,Testowa,Anna,Poland\r\n"
        '8,1985-01-02,"Voorbeeld, Jan",Jan,Netherlands\r\n'
    )
    result = read(tmp_path, text)
    assert result.errors == []
    assert [(r.surname, r.room, r.birth_country) for r in result.rows] == [
        ("Testowa", "7", "PL"),
        ("Voorbeeld, Jan", "8", "NL"),
    ]
    assert result.rows[0].arrival_date is None


def test_windows_1252_is_read_with_a_warning(tmp_path: Path) -> None:
    text = "\n".join([HEADER_NL, "Müller;Zoë;;1990-05-17;Köln;Duitsland;;"])
    result = read(tmp_path, text, encoding="cp1252")
    assert [w.code for w in result.warnings] == ["not_utf8"]
    assert "Windows-1252" in result.warnings[0].en
    assert result.rows[0].surname == "Müller"
    assert result.rows[0].given_names == "Zoë"
    assert result.rows[0].flags == []


def test_polish_letters_in_cp1252_file_become_flagged(tmp_path: Path) -> None:
    # Bytes that Windows-1252 cannot map (0x81) and a '?' left by an earlier conversion.
    raw = HEADER_NL + "\nTestowa;Anna;;1990-05-17;;;;\nWi\x81niewska;Ewa;;1991-01-01;;;;\n"
    raw += "Zieli?ska;Maria;;1992-02-02;;;;\n"
    path = tmp_path / "lijst.csv"
    path.write_bytes(raw.encode("latin-1"))
    result = read_list(path, today=TODAY)
    assert [r.flags for r in result.rows] == [[], [FLAG_DAMAGED_NAME], [FLAG_DAMAGED_NAME]]
    assert "\ufffd" in result.rows[1].surname


def test_mojibake_is_flagged(tmp_path: Path) -> None:
    result = read(tmp_path, HEADER_NL + "\nTestowa;JÃ³zef;;1990-05-17;;;;\n")
    assert result.rows[0].flags == [FLAG_DAMAGED_NAME]


def test_row_errors_keep_spreadsheet_row_numbers(tmp_path: Path) -> None:
    lines = [
        HEADER_NL,
        GOOD_ROWS[0],
        ";;;;;;;",  # completely empty: skipped silently
        ";Jan;;1990-01-01;;;;",  # row 4: no surname
        "Voorbeeld;Jan;;;;;;",  # row 5: no birth date
        "Voorbeeld;Jan;;31-02-1990;;;;",  # row 6: no such date
        "Voorbeeld;Jan;;2030-01-01;;;;",  # row 7: birth in the future
        "Voorbeeld;Jan;1989-01-01;1990-01-01;;;;",  # row 8: arrival before birth
        "Voorbeeld;Jan;;1990-01-01;;Atlantis;;",  # row 9: unknown country
        "Voorbeeld;Jan;;1990-01-01;;;123456789;",  # row 10: elfproef fails
        "Voorbeeld;Jan;;90-01-01;;;;",  # row 11: two-digit year
        ";;;;;;; ",
        "Voorbeeld;;2025-12-01;1990-01-01;;;;",  # row 13: accepted with flags
    ]
    result = read(tmp_path, "\n".join(lines))
    assert [(e.row_number, e.reason.code) for e in result.errors] == [
        (4, "surname_missing"),
        (5, "birth_date_missing"),
        (6, "birth_date_invalid"),
        (7, "birth_date_future"),
        (8, "arrival_before_birth"),
        (9, "country_unknown"),
        (10, "bsn_invalid"),
        (11, "birth_date_invalid"),
    ]
    assert result.rejected_rows == [4, 5, 6, 7, 8, 9, 10, 11]
    assert [r.row_number for r in result.rows] == [2, 13]
    assert result.rows[1].flags == [FLAG_NO_GIVEN_NAMES, FLAG_ARRIVAL_IN_FUTURE]
    for error in result.errors:
        assert error.reason.nl.endswith(".") and error.reason.en.endswith(".")


def test_several_problems_in_one_row_are_all_reported(tmp_path: Path) -> None:
    result = read(tmp_path, HEADER_NL + "\n;Jan;;;;Atlantis;12;\n")
    assert {e.reason.code for e in result.errors} == {
        "surname_missing",
        "birth_date_missing",
        "country_unknown",
        "bsn_invalid",
    }
    assert {e.row_number for e in result.errors} == {2}


def test_xlsx_with_date_cells_text_dates_and_numeric_bsn(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Lijst bewoners Voorbeeldpark"])  # a title above the header
    sheet.append(["Achternaam", "Voornamen", "Geboortedatum", "Datum_aankomst", "BSN", "Kamer"])
    sheet.append(["Testowa", "Anna", datetime(1990, 5, 17), "01-03-2025", 111222333, 12])
    sheet.append([None, None, None, None, None, None])
    sheet.append(["Exemplu", "Ion", "1979-12-31", datetime(2025, 3, 1), None, "3b"])
    sheet.cell(row=8, column=1, value="Voorbeeld")
    sheet.cell(row=8, column=3, value="not a date")
    path = tmp_path / "lijst.xlsx"
    workbook.save(path)
    result = read_list(path, today=TODAY, options=DMY)
    assert result.source_format == "xlsx"
    assert [(r.row_number, r.surname, r.bsn, r.room) for r in result.rows] == [
        (3, "Testowa", "111222333", "12"),
        (5, "Exemplu", None, "3b"),
    ]
    assert result.rows[0].birth_date == date(1990, 5, 17)
    assert result.rows[1].arrival_date == date(2025, 3, 1)
    assert [(e.row_number, e.reason.code) for e in result.errors] == [(8, "birth_date_invalid")]


def test_xlsx_numeric_bsn_keeps_its_leading_zero(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["surname", "given_names", "birth_date", "bsn"])
    # 012345672 passes the elfproef; stored as a number it loses its leading zero.
    sheet.append(["Testowa", "Anna", "1990-05-17", 12345672])
    path = tmp_path / "lijst.xlsx"
    workbook.save(path)
    result = read_list(path, today=TODAY)
    assert result.errors == []
    assert result.rows[0].bsn == "012345672"


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "empty"),
        (b"  \r\n\r\n", "empty"),
        (b"\xef\xbb\xbf\n", "empty"),
        (bytes(range(256)) * 20, "not_a_list"),
        (b"PK\x03\x04garbage that is not a zip file", "not_a_list"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old_excel"),
        (b"naam,leeftijd\nJan,30\n", "no_header"),
        (b"achternaam;kamer\nTestowa;3\n", "missing_columns"),
    ],
)
def test_unusable_files(tmp_path: Path, content: bytes, code: str) -> None:
    path = tmp_path / "lijst.csv"
    path.write_bytes(content)
    with pytest.raises(FileError) as info:
        read_list(path, today=TODAY)
    assert info.value.message.code == code
    assert info.value.message.nl.endswith(".")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FileError) as info:
        read_list(tmp_path / "weg.csv", today=TODAY)
    assert info.value.message.code == "missing"


def test_missing_columns_are_named(tmp_path: Path) -> None:
    with pytest.raises(FileError) as info:
        read(tmp_path, "achternaam;kamer\nTestowa;3\n")
    assert "voornamen, geboortedatum" in info.value.message.nl
    assert "given names, date of birth" in info.value.message.en


def test_duplicates_in_file_and_dedupe_key(tmp_path: Path) -> None:
    text = "\n".join([HEADER_NL, GOOD_ROWS[0], "TESTOWA ;anna;;17-05-1990;;;;"])
    result = read(tmp_path, text)
    first, second = result.rows
    assert dedupe_key(first) == dedupe_key(second)
    assert second.flags == [FLAG_DUPLICATE_IN_FILE]
    assert [w.code for w in result.warnings] == ["duplicate_in_file"]
    again = read(tmp_path, "\n".join([HEADER_NL, *GOOD_ROWS]), DMY)
    assert dedupe_key(again.rows[0]) == dedupe_key(first)
    assert len({dedupe_key(r) for r in again.rows}) == 3


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-03-01", date(2025, 3, 1)),
        ("01-03-2025", date(2025, 3, 1)),
        ("1-3-2025", date(2025, 3, 1)),
        ("1/3/2025", date(2025, 3, 1)),
        ("01.03.2025", date(2025, 3, 1)),
        ("2025/3/1", date(2025, 3, 1)),
        ("2025-03-01 00:00:00", date(2025, 3, 1)),
        ("", None),
    ],
)
def test_parse_list_date(text: str, expected: date | None) -> None:
    assert parse_list_date(text, "dmy") == expected


@pytest.mark.parametrize(
    ("text", "order", "expected"),
    [
        ("11/05/1962", "mdy", date(1962, 11, 5)),
        ("11/05/1962", "dmy", date(1962, 5, 11)),
        ("2025-03-01", "mdy", date(2025, 3, 1)),  # year first is never in doubt
        ("05/05/1962", None, date(1962, 5, 5)),  # the same both ways
    ],
)
def test_parse_list_date_in_an_order(text: str, order: str | None, expected: date) -> None:
    assert parse_list_date(text, order) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["11/05/1962", "1-3-2025"])
def test_parse_list_date_never_guesses_the_order(text: str) -> None:
    with pytest.raises(ValueError):
        parse_list_date(text)


@pytest.mark.parametrize("text", ["01-03/2025", "1-3-25", "2025-13-01", "maart 2025", "32-1-2025"])
def test_parse_list_date_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_list_date(text)


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("Aankomst", "arrival_date"),
        ("Land van geboorte", "birth_country"),
        ("BSN-nummer", "bsn"),
        ("Kamernr.", "room"),
        (" GEB. DATUM ", "birth_date"),
        ("Imię", "given_names"),
        ("NAZWISKO", "surname"),
        ("Data przyjazdu", "arrival_date"),
        ("Nr pokoju", "room"),
        ("Date of Birth", "birth_date"),
        ("Geboortedatum (dd-mm-jjjj)", "birth_date"),
        ("Kamer [nr]", "room"),
        ("datum_aankomst", "arrival_date"),
        ("naam", None),
        ("Telefoon", None),
    ],
)
def test_headers_match_leniently(header: str, column: str | None) -> None:
    from inspector.employer_list.importlist import header_column

    assert header_column(header) == column


def test_every_name_the_dialog_shows_is_a_header_the_importer_reads() -> None:
    from inspector.employer_list.importlist import COLUMNS, column_label, header_column

    for spec in COLUMNS:
        for lang in ("nl", "en"):
            assert header_column(column_label(spec.column, lang)) == spec.column


def test_unused_columns_are_named_and_the_mapping_can_be_corrected(tmp_path: Path) -> None:
    text = "Nazwisko;Imię;Data urodzenia;Telefoon;Pokój nr\nTestowa;Anna;17-05-1990;06-1;12\n"
    result = read(tmp_path, text)
    assert result.mapping == {"surname": 0, "given_names": 1, "birth_date": 2}
    assert result.unused_columns == [(3, "Telefoon"), (4, "Pokój nr")]
    assert "E 'Pokój nr'" in next(w for w in result.warnings if w.code == "unused_columns").nl
    assert result.rows[0].room is None
    fixed = read(tmp_path, text, ListOptions(mapping={4: "room"}))
    assert fixed.rows[0].room == "12"
    assert [name for _p, name in fixed.unused_columns] == ["Telefoon"]
    with pytest.raises(FileError) as info:  # a required column taken away: refused, named
        read(tmp_path, text, ListOptions(mapping={1: None}))
    assert "voornamen" in info.value.message.nl


def test_us_dates_are_read_month_first_for_the_whole_column(tmp_path: Path) -> None:
    text = "surname,given names,date of birth\nTestowa,Anna,11/05/1962\nProbna,Ewa,01/25/1985\n"
    result = read(tmp_path, text)
    assert [r.birth_date for r in result.rows] == [date(1962, 11, 5), date(1985, 1, 25)]
    assert result.date_columns[0].order == "mdy"


def test_day_and_month_mixed_in_one_column_is_refused_with_both_examples(
    tmp_path: Path,
) -> None:
    text = "surname;given names;date of birth\nTestowa;Anna;25/05/1962\nProbna;Ewa;01/25/1985\n"
    with pytest.raises(FileError) as info:
        read(tmp_path, text)
    assert info.value.message.code == "date_order_mixed"
    assert "25/05/1962" in info.value.message.nl and "01/25/1985" in info.value.message.nl
    # Given an order, the rows that do not fit it are refused one by one, with the reason.
    result = read(tmp_path, text, ListOptions(date_orders="dmy"))
    assert [r.row_number for r in result.rows] == [2]
    assert [(e.row_number, e.reason.code) for e in result.errors] == [(3, "birth_date_invalid")]
    assert "dag-maand-jaar" in result.errors[0].reason.nl


def test_utf16_unicode_text_without_bom_and_control_characters_flagged(tmp_path: Path) -> None:
    text = "achternaam\tvoornamen\tgeboortedatum\nExemplu\t\x18tefan\t1990-05-17\n"
    path = tmp_path / "lijst.txt"
    path.write_bytes(text.encode("utf-16-le"))
    result = read_list(path, today=TODAY)
    assert result.rows[0].given_names == "\x18tefan"
    assert result.rows[0].flags == [FLAG_DAMAGED_NAME]


def test_cp1250_export_is_read_as_cp1250(tmp_path: Path) -> None:
    text = HEADER_NL + "\nŻółć-Testowa;Łucja;;1990-05-17;Łódź;Polen;;\n"
    result = read(tmp_path, text, encoding="cp1250")
    assert result.rows[0].surname == "Żółć-Testowa" and result.rows[0].birth_place == "Łódź"
    assert result.rows[0].flags == []
    assert "Windows-1250" in result.warnings[0].en


def test_excel_sep_line_multiline_cells_and_empty_header_cells(tmp_path: Path) -> None:
    text = (
        "sep=;\nAchternaam;Voornamen;Geboortedatum (dd-mm-jjjj);Kamer nr.;;\n"
        'Testowa;"Anna\nMaria";17-05-1990;3;;\n'
    )
    result = read(tmp_path, text)
    (only,) = result.rows
    assert (only.row_number, only.given_names, only.birth_date, only.room) == (
        2,  # as Excel shows it: the sep= line is not a row there
        "Anna Maria",
        date(1990, 5, 17),
        "3",
    )
    assert result.unused_columns == []


@pytest.mark.parametrize(
    ("header", "order"),
    [
        ("Geboortedatum (dd-mm-jjjj)", "dmy"),
        ("Date of birth (MM/DD/YYYY)", "mdy"),
        ("Data urodzenia [DD.MM.RRRR]", "dmy"),  # Polish: rok
        ("Geboortedatum", None),
        ("Aankomst (jjjj-mm-dd)", "ymd"),
    ],
)
def test_a_header_can_state_the_date_order(header: str, order: str | None) -> None:
    from inspector.employer_list.importlist import header_date_order

    assert header_date_order(header) == order


def test_stated_order_settles_dates_that_read_both_ways(tmp_path: Path) -> None:
    text = "surname;given names;date of birth (mm/dd/yyyy)\nTestowa;Anna;11/05/1962\n"
    result = read(tmp_path, text)
    assert result.rows[0].birth_date == date(1962, 11, 5)
    assert "date_order_from_header_birth_date" in [w.code for w in result.warnings]
    # The values still win where they decide: 25/05 is day-month whatever the header says.
    text = "surname;given names;date of birth (mm/dd/yyyy)\nTestowa;Anna;25/05/1962\n"
    assert read(tmp_path, text).rows[0].birth_date == date(1962, 5, 25)
