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

from inspector.enrolment import importlist
from inspector.enrolment.importlist import FileError, read_list

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
