"""Malformed and crafted employer's lists: one clear FileError, bounded time and memory."""

from __future__ import annotations

import io
import time
import tracemalloc
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from inspector.employer_list import importlist
from inspector.employer_list.importlist import FileError, read_list

TODAY = date(2025, 6, 1)
HEADER = ["achternaam", "voornamen", "geboortedatum"]


def xlsx(
    path: Path, rows: list[list[object]], *, extra: tuple[int, int, str] | None = None
) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    if extra is not None:
        row_number, column, value = extra
        sheet.cell(row=row_number, column=column, value=value)
    workbook.save(path)
    return path


def rewrite_member(path: Path, name: str, change: object) -> None:
    """Rewrite one member of the zip; ``change`` maps its old bytes to the new."""
    with zipfile.ZipFile(path) as source:
        members = [(info, source.read(info)) for info in source.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in members:
            target.writestr(info.filename, change(data) if info.filename == name else data)  # type: ignore[operator]
    path.write_bytes(buffer.getvalue())


def code_of(path: Path) -> str:
    with pytest.raises(FileError) as info:
        read_list(path, today=TODAY)
    assert info.value.message.nl.endswith(".") and info.value.message.en.endswith(".")
    return info.value.message.code


def test_csv_field_over_the_csv_modules_limit_is_a_file_error(tmp_path: Path) -> None:
    path = tmp_path / "lijst.csv"
    path.write_text(
        "achternaam;voornamen;geboortedatum\n" + f'Testowa;"{"A" * 140_000}";1990-05-17\n',
        encoding="utf-8",
    )
    assert code_of(path) == "damaged"


def test_truncated_sheet_xml_is_a_file_error(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "lijst.xlsx", [HEADER] + [["Testowa", "Anna", "1990-05-17"]] * 50)
    rewrite_member(path, "xl/worksheets/sheet1.xml", lambda data: data[: len(data) // 2])
    assert code_of(path) == "damaged"


def test_truncated_shared_strings_is_a_file_error(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "lijst.xlsx", [HEADER, ["Testowa", "Anna", "1990-05-17"]])
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
    member = "xl/sharedStrings.xml" if "xl/sharedStrings.xml" in names else "xl/workbook.xml"
    rewrite_member(path, member, lambda data: data[: len(data) // 2])
    assert code_of(path) == "damaged"


def test_file_over_10_mb_is_refused_unread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "lijst.csv"
    with path.open("wb") as handle:
        handle.write(b"achternaam;voornamen;geboortedatum\n")
        handle.truncate(importlist.MAX_FILE_BYTES + 1)
    read: list[Path] = []
    original = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda p: read.append(p) or original(p))
    assert code_of(path) == "too_large"
    assert read == []


def test_xlsx_that_unpacks_to_more_than_the_limit_is_refused(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "lijst.xlsx", [HEADER, ["Testowa", "Anna", "1990-05-17"]])
    padding = b" " * (importlist.MAX_UNPACKED_BYTES + 1)
    rewrite_member(path, "xl/worksheets/sheet1.xml", lambda data: data + padding)
    assert path.stat().st_size < importlist.MAX_FILE_BYTES
    assert code_of(path) == "too_large"


def _bounded_run(path: Path) -> tuple[float, int]:
    tracemalloc.start()
    started = time.perf_counter()
    try:
        read_list(path, today=TODAY)
    except FileError:
        pass
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return elapsed, peak


def test_one_far_cell_costs_neither_time_nor_memory(tmp_path: Path) -> None:
    # A header and one cell at row 300000, column 200 once took 13 s and 527 MB.
    path = xlsx(tmp_path / "ver.xlsx", [HEADER], extra=(300_000, 200, "x"))
    assert path.stat().st_size < 20_000
    elapsed, peak = _bounded_run(path)
    assert elapsed < 5 and peak < 40 * 2**20, (elapsed, peak)
    # Outside the columns read, the far cell is ignored: an empty list, not a crash.
    assert read_list(path, today=TODAY).rows == []


def test_a_far_row_inside_the_columns_read_says_the_list_is_too_long(tmp_path: Path) -> None:
    path = xlsx(
        tmp_path / "ver.xlsx",
        [HEADER, ["Testowa", "Anna", "1990-05-17"]],
        extra=(300_000, 1, "Voorbeeld"),
    )
    elapsed, peak = _bounded_run(path)
    assert elapsed < 5 and peak < 40 * 2**20, (elapsed, peak)
    assert code_of(path) == "too_long"


def _csv_with(tmp_path: Path, count: int) -> Path:
    path = tmp_path / f"lijst-{count}.csv"
    lines = ["achternaam;voornamen;geboortedatum"]
    lines += [f"Testowa{i};Anna;1990-05-17" for i in range(count)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_at_most_5000_data_rows(tmp_path: Path) -> None:
    assert len(read_list(_csv_with(tmp_path, importlist.MAX_DATA_ROWS), today=TODAY).rows) == 5000
    with pytest.raises(FileError) as info:
        read_list(_csv_with(tmp_path, importlist.MAX_DATA_ROWS + 1), today=TODAY)
    assert info.value.message.code == "too_long"
    assert "5.000" in info.value.message.nl and "5,000" in info.value.message.en


def test_rows_past_a_long_gap_are_not_silently_dropped(tmp_path: Path) -> None:
    lines = ["achternaam;voornamen;geboortedatum", "Testowa;Anna;1990-05-17"]
    lines += [";;"] * 6000 + ["Voorbeeld;Jan;1980-01-01"]
    path = tmp_path / "gat.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert code_of(path) == "too_long"


def test_columns_past_the_limit_are_ignored(tmp_path: Path) -> None:
    header = HEADER + [f"extra{i}" for i in range(importlist.MAX_COLUMNS)] + ["kamer"]
    row = ["Testowa", "Anna", "1990-05-17"] + ["x"] * importlist.MAX_COLUMNS + ["12"]
    path = xlsx(tmp_path / "breed.xlsx", [header, row])
    (only,) = read_list(path, today=TODAY).rows
    assert only.surname == "Testowa" and only.room is None


ODS_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
    'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    '<manifest:file-entry manifest:full-path="/" manifest:media-type='
    '"application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)


def _ods(path: Path, body: str) -> Path:
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Blad1">'
        + body
        + "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", ODS_MANIFEST)
        archive.writestr("content.xml", content)
    return path


def _row(*values: str, repeat: int = 1) -> str:
    cells = "".join(
        f'<table:table-cell office:value-type="string"><text:p>{v}</text:p></table:table-cell>'
        for v in values
    )
    return f'<table:table-row table:number-rows-repeated="{repeat}">{cells}</table:table-row>'


def test_hand_written_ods_is_read(tmp_path: Path) -> None:
    path = _ods(tmp_path / "l.ods", _row(*HEADER) + _row("Testowa", "Anna", "1990-05-17"))
    (only,) = read_list(path, today=TODAY).rows
    assert (only.surname, only.birth_date) == ("Testowa", date(1990, 5, 17))


def test_ods_row_repeated_a_million_times_is_too_long_at_once(tmp_path: Path) -> None:
    body = _row(*HEADER) + _row("Testowa", "Anna", "1990-05-17", repeat=1_000_000)
    path = _ods(tmp_path / "l.ods", body)
    elapsed, peak = _bounded_run(path)
    assert elapsed < 5 and peak < 40 * 2**20, (elapsed, peak)
    assert code_of(path) == "too_long"


def test_ods_empty_rows_repeated_to_the_end_cost_nothing(tmp_path: Path) -> None:
    body = _row(*HEADER) + _row("Testowa", "Anna", "1990-05-17") + _row(repeat=1_048_000)
    body += _row("Voorbeeld", "Jan", "1980-01-01")
    path = _ods(tmp_path / "l.ods", body)
    assert code_of(path) == "too_long"  # a row far below the list is not silently dropped


def test_truncated_ods_is_a_file_error_and_prints_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Cut off after the first person: no part of the list is imported, nothing is printed.
    body = _row(*HEADER) + _row("Testowa", "Anna", "1990-05-17") + _row("Probna", "Ewa", "1985")
    path = _ods(tmp_path / "l.ods", body)
    rewrite_member(path, "content.xml", lambda data: data[: data.index(b"Probna")])
    assert code_of(path) == "damaged"
    out, err = capsys.readouterr()
    assert "Testowa" not in out + err
