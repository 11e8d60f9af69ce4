"""Group registration: importing the employer's list into an inspection (service level)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from inspector.core import registrations as en
from inspector.core.workspace import NotFound, Workspace
from inspector.employer_list.importlist import ListOptions
from inspector.storage.models import Resident

TODAY = date(2025, 6, 1)
#: The arrival dates below (01-03-2025, 1.3.2025) read both ways: the officer chose day-month.
DMY = ListOptions(date_orders="dmy")
HEADER = "achternaam;voornamen;datum_aankomst;geboortedatum;geboorteplaats;geboorteland;bsn;kamer"
ROWS = [
    "Testowa;Anna;2025-03-01;1990-05-17;Łódź;Polen;111222333;12",  # row 2
    "Тестовий;Петро;01-03-2025;2-1-1985;Київ;Oekraïne;;Chalet 4",  # row 3
    ";Geen;2025-03-01;1990-01-01;;;;",  # row 4: no surname
    "Exemplu;Ion Ștefan;1.3.2025;31-02-1979;Brașov;RO;;",  # row 5: no such date
    "Voorbeeld;Jan;2025-03-01;1980-01-01;Gouda;Atlantis;;",  # row 6: unknown country
    "Voorbeeld;Piet;2025-03-01;1981-01-01;Gouda;NL;123456789;",  # row 7: bad BSN
    "Voorbeeld;Kees;2025-03-01;2030-01-01;Gouda;NL;;",  # row 8: born in the future
    "Testowa;Anna;2025-03-01;1990-05-17;Łódź;Polen;111222333;12",  # row 9: same as row 2
]


def inspection(ws: Workspace) -> str:
    return ws.inspections.create(address="Voorbeeldweg 1", postcode="5981AA", city="Panningen").id


def write(
    tmp_path: Path, lines: list[str], *, encoding: str = "utf-8", name: str = "l.csv"
) -> Path:
    path = tmp_path / name
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def test_valid_rows_imported_invalid_rows_reported(workspace: Workspace, tmp_path: Path) -> None:
    insp = inspection(workspace)
    report = workspace.registrations.import_residents(
        insp, write(tmp_path, [HEADER, *ROWS]), today=TODAY, options=DMY
    )
    assert [n for n, _ in report.created] == [2, 3]
    assert report.skipped_duplicates == [9]
    assert {(n, m.code) for n, m in report.errors} == {
        (4, "surname_missing"),
        (5, "birth_date_invalid"),
        (6, "country_unknown"),
        (7, "bsn_invalid"),
        (8, "birth_date_future"),
        (8, "arrival_before_birth"),
    }
    assert any(w.code == "duplicate_in_file" for w in report.warnings)
    residents = workspace.residents.list_for(insp)
    assert [(r.name, r.room, r.language) for r in residents] == [
        ("Anna Testowa", "12", "nl"),
        ("Петро Тестовий", "Chalet 4", "nl"),
    ]
    answers = workspace.answers.load(insp, "betrokkene", resident_id=residents[0].id).values
    assert answers == {
        "surname": "Testowa",
        "given_names": "Anna",
        "birth_date": date(1990, 5, 17),
        "birth_place": "Łódź",
        "birth_country": "PL",
        "arrival_date": date(2025, 3, 1),
        "bsn": "111222333",
    }
    # The registration form is prefilled from it: nothing typed twice.
    values = workspace.registrations.prefill(residents[0].id, today=TODAY)
    assert values["birth_place"] == "Łódź" and values["bsn"] == "111222333"
    assert values["unit"] == "12" and values["town"] == "Panningen"


def test_reimport_creates_no_duplicates(workspace: Workspace, tmp_path: Path) -> None:
    insp = inspection(workspace)
    path = write(tmp_path, [HEADER, *ROWS[:2]])
    first = workspace.registrations.import_residents(insp, path, today=TODAY, options=DMY)
    second = workspace.registrations.import_residents(insp, path, today=TODAY, options=DMY)
    assert len(first.created) == 2 and second.created == []
    assert second.skipped_duplicates == [2, 3]
    # The same people in an updated list (other case, accents, a BSN added) are still known.
    updated = write(
        tmp_path,
        [HEADER, "TESTOWA;anna;2025-03-01;17-05-1990;Lodz;PL;;12"],
        name="updated.csv",
    )
    assert workspace.registrations.import_residents(
        insp, updated, today=TODAY, options=DMY
    ).skipped_duplicates == [2]
    assert len(workspace.residents.list_for(insp)) == 2


def test_import_key_is_an_hmac_not_the_plain_key(workspace: Workspace, tmp_path: Path) -> None:
    insp = inspection(workspace)
    workspace.registrations.import_residents(
        insp, write(tmp_path, [HEADER, ROWS[0]]), today=TODAY, options=DMY
    )
    with workspace.unit() as s:
        key = s.scalar(select(Resident.import_key))
    assert key is not None and len(key) == 64 and "testowa" not in key.lower()


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "empty"),
        (b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "old_excel"),
        (b"PK\x03\x04garbage", "not_a_list"),
        (b"naam,adres\nJan,Dorp\n", "no_header"),
        ("achternaam;geboorteplaats\nTestowa;Łódź\n".encode(), "missing_columns"),
        (
            b'achternaam;voornamen;geboortedatum\nTestowa;"' + b"A" * 140_000 + b'";1990-05-17\n',
            "damaged",
        ),
    ],
)
def test_unusable_file_imports_nothing(
    workspace: Workspace, tmp_path: Path, content: bytes, code: str
) -> None:
    insp = inspection(workspace)
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(en.ImportFailed) as exc:
        workspace.registrations.import_residents(insp, path, today=TODAY, options=DMY)
    assert exc.value.message.code == code
    assert workspace.residents.list_for(insp) == []


def test_missing_file_and_unknown_inspection(workspace: Workspace, tmp_path: Path) -> None:
    insp = inspection(workspace)
    with pytest.raises(en.ImportFailed):
        workspace.registrations.import_residents(
            insp, tmp_path / "nope.csv", today=TODAY, options=DMY
        )
    with pytest.raises(NotFound):
        workspace.registrations.import_residents(
            "nope", write(tmp_path, [HEADER, ROWS[0]]), today=TODAY, options=DMY
        )


def test_windows_1252_warns_and_flags_damaged_names(workspace: Workspace, tmp_path: Path) -> None:
    insp = inspection(workspace)
    lines = [
        "surname,given_names,birth_date,birth_country",
        "Voorbeeld,René,1980-01-01,NL",
        "Testowa,Ma?gorzata,1990-05-17,PL",
    ]
    report = workspace.registrations.import_residents(
        insp, write(tmp_path, lines, encoding="cp1252"), today=TODAY
    )
    assert [w.code for w in report.warnings] == ["not_utf8"]
    assert [n for n, _ in report.created] == [2, 3]
    assert report.flags == [(3, ["damaged_name"])]
    assert workspace.residents.list_for(insp)[0].name == "René Voorbeeld"


def test_xlsx_and_bom(workspace: Workspace, tmp_path: Path) -> None:
    insp = inspection(workspace)
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Achternaam", "Voornamen", "Geboortedatum", "Kamer"])
    sheet.append(["Exemplu", "Ion", date(1979, 12, 31), 5])
    path = tmp_path / "lijst.xlsx"
    book.save(path)
    assert (
        len(workspace.registrations.import_residents(insp, path, today=TODAY, options=DMY).created)
        == 1
    )
    bom = tmp_path / "bom.csv"
    bom.write_bytes(b"\xef\xbb\xbf" + b"surname,given_names,birth_date\nTestowa,Anna,1990-05-17\n")
    report = workspace.registrations.import_residents(insp, bom, today=TODAY, options=DMY)
    assert len(report.created) == 1 and report.warnings == []
    assert workspace.residents.list_for(insp)[0].room == "5"
