"""``inspector residents import`` and ``residents list``: report, exit codes, no duplicates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from inspector.__main__ import main

from tests_support import Cli

HEADER = "surname,given_names,arrival_date,birth_date,birth_place,country,bsn,room"
ROWS = [
    "Testowa,Anna,2025-03-01,1990-05-17,Łódź,PL,111222333,12",
    "Тестовий,Петро,2025-03-01,1985-01-02,Київ,UA,,4",
    "Voorbeeld,Jan,2025-03-01,1980-01-01,Gouda,NL,123456789,",
    "Exemplu,Ion,2025-03-01,not a date,Brașov,RO,,",
]


@pytest.fixture
def cli(cli_bare: Cli) -> Cli:
    """A key-file store with one inspection (its id in ``cli.inspection``)."""
    run = cli_bare
    code, _, _ = run(
        "init", "--officer", "Toezichthouder Test", "--municipality", "Gemeente Voorbeeld",
        "--username", "test", "--key-store", "keyfile",
    )  # fmt: skip
    assert code == 0
    code, out, _ = run(
        "inspection", "new", "--address", "Voorbeeldweg 1", "--postcode", "5981 AA",
        "--city", "Panningen",
    )  # fmt: skip
    assert code == 0
    run.inspection = out.strip()
    return run


def write(tmp_path: Path, lines: list[str], name: str = "lijst.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_help_mentions_the_rules(cli) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit) as exc:
        main(["residents", "import", "--help"])
    assert exc.value.code == 0


def test_import_reports_rows_and_is_idempotent(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path, [HEADER, *ROWS])
    code, out, err = cli("residents", "import", cli.inspection, str(path))
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "2 imported, 0 already present, 2 invalid rows"
    assert any(line.startswith("row 4: The BSN '123456789' is not valid") for line in lines)
    assert any(line.startswith("row 5: The birth date 'not a date'") for line in lines)
    code, out, _ = cli("residents", "import", cli.inspection, str(path))
    assert code == 0
    assert out.splitlines()[0] == "0 imported, 2 already present, 2 invalid rows"
    code, out, _ = cli("residents", "list", cli.inspection, "--json")
    rows = json.loads(out)
    assert [r["name"] for r in rows] == ["Anna Testowa", "Петро Тестовий"]
    assert {r["status"] for r in rows} == {"none"}


def test_import_in_dutch_and_json(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path, [HEADER, *ROWS])
    code, out, _ = cli("residents", "import", cli.inspection, str(path), "--lang", "nl")
    assert code == 0 and out.splitlines()[0] == "2 geïmporteerd, 0 al aanwezig, 2 ongeldige rijen"
    assert "rij 4: Het BSN" in out
    code, out, _ = cli("residents", "import", cli.inspection, str(path), "--json")
    data = json.loads(out)
    assert data["created"] == [] and data["already_present"] == [2, 3]
    assert [e["row"] for e in data["errors"]] == [4, 5]


def test_unreadable_file_exit_1_and_nothing_imported(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "oud.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 64)
    code, out, err = cli("residents", "import", cli.inspection, str(path))
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "old Excel file" in err and "Nothing was imported" in err
    code, out, err = cli("residents", "import", cli.inspection, str(tmp_path / "missing.csv"))
    assert code == 1 and "does not exist" in err
    code, out, _ = cli("residents", "list", cli.inspection)
    assert out.strip() == "No residents."


def test_cp1252_file_warns_and_flags(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "ansi.csv"
    path.write_bytes(
        "surname;given_names;birth_date\nVoorbeeld;René;1980-01-01\nX;Ma?ia;1990-01-01\n".encode(
            "cp1252"
        )
    )
    code, out, _ = cli("residents", "import", cli.inspection, str(path))
    assert code == 0
    assert "warning: The file is not UTF-8" in out
    assert "row 3 check: name looks damaged" in out


def test_unknown_inspection(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path, [HEADER, ROWS[0]])
    code, _, err = cli("residents", "import", "no-such-id", str(path))
    assert code == 1 and "no inspection" in err


def test_damaged_xlsx_exit_1_with_one_line_and_nothing_imported(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import io
    import zipfile

    import openpyxl

    path = tmp_path / "lijst.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["achternaam", "voornamen", "geboortedatum"])
    for _ in range(20):
        sheet.append(["Testowa", "Anna", "1990-05-17"])
    workbook.save(path)
    with zipfile.ZipFile(path) as source:
        members = [(i.filename, source.read(i)) for i in source.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for name, data in members:
            cut = name == "xl/worksheets/sheet1.xml"
            target.writestr(name, data[: len(data) // 2] if cut else data)
    path.write_bytes(buffer.getvalue())
    code, out, err = cli("residents", "import", cli.inspection, str(path))
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "damaged" in err and "Nothing was imported" in err
    code, out, _ = cli("residents", "list", cli.inspection)
    assert out.strip() == "No residents."


def test_sheet_and_date_order_are_asked_then_chosen(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import openpyxl

    book = openpyxl.Workbook()
    old = book.active
    old.title = "2025"
    old.append(["achternaam", "voornamen", "geboortedatum"])
    old.append(["Vorig", "Jaar", "1970-01-01"])
    new = book.create_sheet("2026")
    new.append(["Nazwisko", "Imię", "Data urodzenia", "Kamernr.", "Uwagi"])
    new.append(["Testowa", "Anna", "11/05/1962", "3", "brak"])
    new.append(["Probna", "Ewa", "03/04/1985", "3", ""])
    new.row_dimensions[3].hidden = True
    book.active = 1
    path = tmp_path / "lijst.xlsx"
    book.save(path)
    code, _, err = cli("residents", "import", cli.inspection, str(path))
    assert code == 1 and "'2025', '2026'" in err and "Nothing was imported" in err
    code, _, err = cli("residents", "import", cli.inspection, str(path), "--sheet", "2026")
    assert code == 1 and "month-day-year" in err and "11/05/1962" in err
    code, out, err = cli(
        "residents", "import", cli.inspection, str(path), "--sheet", "2026",
        "--date-order", "mdy", "--json",
    )  # fmt: skip
    assert code == 0, err
    data = json.loads(out)
    assert len(data["created"]) == 1
    assert data["read"] == "Read: 1 row of sheet '2026' (2-2); hidden rows not imported: 3."
    assert any("E 'Uwagi'" in w["message"] for w in data["warnings"])
    code, out, _ = cli("residents", "list", cli.inspection, "--json")
    (resident,) = json.loads(out)
    assert resident["room"] == "3"


def test_column_option_corrects_the_mapping(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write(
        tmp_path, ["achternaam;voornamen;geboortedatum;Slaapplek", "Testowa;Anna;1990-05-17;7"]
    )
    code, out, err = cli(
        "residents", "import", cli.inspection, str(path), "--column", "Slaapplek=room"
    )
    assert code == 0, err
    code, out, _ = cli("residents", "list", cli.inspection, "--json")
    assert json.loads(out)[0]["room"] == "7"
    code, _, err = cli("residents", "import", cli.inspection, str(path), "--column", "X=kamer")
    assert code == 2 and "COLUMN one of" in err
