"""Make the corpus of employer's lists in this folder, and expected.yaml with the truth.

Run from the repository root: ``python tests/data/lists/make_corpus.py``. Files named
``lo-*`` are written by LibreOffice (``soffice --headless --convert-to``; Debian package
``libreoffice-calc``) from files this script writes with openpyxl or as text; the others by
openpyxl or as bytes. Every person is fictitious. expected.yaml holds, per file, the options
to read it with and what must come out: the rows with their values, or the choice or the
refusal that must be asked or given, and the rows that must be flagged or left out.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import yaml

HERE = Path(__file__).resolve().parent

# The people of the lists (all fictitious): surname, given names, birth, arrival, place,
# country (alpha-2), BSN, room.
PEOPLE: list[dict[str, Any]] = [
    dict(surname="Testowa", given_names="Anna Maria", birth_date=date(1962, 11, 5),
         arrival_date=date(2026, 3, 2), birth_place="Łódź", birth_country="PL",
         bsn="111222333", room="1"),
    dict(surname="Przykładowy", given_names="Józef", birth_date=date(1990, 5, 17),
         arrival_date=date(2026, 3, 2), birth_place="Kraków", birth_country="PL",
         bsn=None, room="1"),
    dict(surname="Exemplu", given_names="Ștefan", birth_date=date(1985, 1, 25),
         arrival_date=date(2026, 4, 10), birth_place="Brașov", birth_country="RO",
         bsn="123456782", room="2"),
    dict(surname="Probna", given_names="Żaneta", birth_date=date(1999, 12, 3),
         arrival_date=date(2026, 4, 10), birth_place="Gdańsk", birth_country="PL",
         bsn=None, room="2"),
    dict(surname="Testenko", given_names="Olha", birth_date=date(1979, 7, 8),
         arrival_date=date(2026, 5, 1), birth_place="Lviv", birth_country="UA",
         bsn=None, room="3"),
]  # fmt: skip

COUNTRY_NL = {"PL": "Polen", "RO": "Roemenië", "UA": "Oekraïne"}


def dmy(d: date | None, sep: str = "-") -> str:
    return "" if d is None else f"{d.day:02d}{sep}{d.month:02d}{sep}{d.year}"


def mdy(d: date | None) -> str:
    return "" if d is None else f"{d.month:02d}/{d.day:02d}/{d.year}"


def truth(people: list[dict[str, Any]], first_row: int = 2) -> list[dict[str, Any]]:
    rows = []
    for number, person in enumerate(people, start=first_row):
        row = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in person.items()}
        rows.append({"row": number, **row})
    return rows


def with_rows(rows: list[dict[str, Any]], numbers: list[int]) -> list[dict[str, Any]]:
    return [r for r in rows if r["row"] in numbers]


def standard_rows(people: list[dict[str, Any]], fmt: Any = dmy) -> list[list[Any]]:
    return [
        [
            p["surname"],
            p["given_names"],
            fmt(p["birth_date"]),
            fmt(p["arrival_date"]),
            p["birth_place"],
            COUNTRY_NL[p["birth_country"]],
            p["bsn"] or "",
            p["room"],
        ]
        for p in people
    ]


HEADER = [
    "Achternaam",
    "Voornamen",
    "Geboortedatum",
    "Datum van aankomst",
    "Geboorteplaats",
    "Geboorteland",
    "BSN",
    "Kamer",
]


def write_csv(path: Path, rows: list[list[Any]], *, delimiter: str = ";", encoding: str = "utf-8",
              errors: str = "strict") -> None:  # fmt: skip
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding, errors=errors))


def workbook(sheets: list[tuple[str, list[list[Any]]]]) -> Any:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    return book


def main() -> int:
    cases: dict[str, dict[str, Any]] = {}
    made: list[Path] = []
    for old in HERE.iterdir():
        if old.suffix in (".csv", ".xlsx", ".ods", ".txt"):
            old.unlink()

    # -- 5. date order decided per column ------------------------------------------------------
    # US export: 11/05/1962 is November; 01/25/1985 decides month-day for the whole column.
    write_csv(HERE / "us-dates.csv", [HEADER, *standard_rows(PEOPLE, mdy)], delimiter=",")
    cases["us-dates.csv"] = {"class": 5, "rows": truth(PEOPLE)}
    # Only dates whose day is 12 or less: both orders possible, so it is asked...
    early = [dict(p, birth_date=p["birth_date"].replace(day=min(p["birth_date"].day, 12)),
                  arrival_date=p["arrival_date"].replace(day=min(p["arrival_date"].day, 12)))
             for p in PEOPLE]  # fmt: skip
    write_csv(HERE / "us-dates-ambiguous.csv", [HEADER, *standard_rows(early, mdy)])
    cases["us-dates-ambiguous.csv"] = {
        "class": 5,
        "choices": ["choose_date_order_birth_date", "choose_date_order_arrival_date"],
    }
    # ... and with the officer's answer every row is right.
    cases["us-dates-ambiguous.csv#mdy"] = {
        "class": 5,
        "file": "us-dates-ambiguous.csv",
        "options": {"date_orders": "mdy"},
        "rows": truth(early),
    }
    # Day-month and month-day in one column: refused, naming both (25-01-1985 is day-month,
    # 11-25-1962 month-day).
    mixed = standard_rows(PEOPLE, dmy)
    mixed[0][2] = "11-25-1962"
    write_csv(HERE / "mixed-orders.csv", [HEADER, *mixed])
    cases["mixed-orders.csv"] = {"class": 5, "refused": "date_order_mixed"}

    # -- 6. hidden rows and sheets ---------------------------------------------------------------
    left = dict(surname="Vertrokken", given_names="Jan", birth_date=date(1970, 1, 30),
                arrival_date=date(2025, 1, 6), birth_place="Poznań", birth_country="PL",
                bsn=None, room="4")  # fmt: skip
    example = dict(surname="Voorbeeld", given_names="Naam", birth_date=date(2000, 1, 31),
                   arrival_date=date(2026, 1, 31), birth_place="Gouda", birth_country="PL",
                   bsn=None, room="0")  # fmt: skip
    rows = [HEADER, *standard_rows([example]), *standard_rows(PEOPLE[:2]),
            *standard_rows([left]), *standard_rows(PEOPLE[2:])]  # fmt: skip
    book = workbook([("Bewoners", rows)])
    book["Bewoners"].row_dimensions[2].hidden = True  # the example row
    book["Bewoners"].row_dimensions[5].hidden = True  # someone who left
    book.save(HERE / "hidden-rows.xlsx")
    hidden_truth = truth([example, *PEOPLE[:2], left, *PEOPLE[2:]])
    cases["hidden-rows.xlsx"] = {
        "class": 6,
        "rows": [r for r in hidden_truth if r["row"] not in (2, 5)],
        "hidden": [2, 5],
    }
    cases["hidden-rows.xlsx#include"] = {
        "class": 6,
        "file": "hidden-rows.xlsx",
        "options": {"include_hidden": True},
        "rows": hidden_truth,
        "hidden": [2, 5],
    }
    made.append(HERE / "hidden-rows.xlsx")
    # Last year's list first, this year's second and active: asked, then the chosen one.
    last_year = [dict(p, arrival_date=p["arrival_date"].replace(year=2025)) for p in PEOPLE[:3]]
    book = workbook([("2025", [HEADER, *standard_rows(last_year)]),
                     ("2026", [HEADER, *standard_rows(PEOPLE)])])  # fmt: skip
    book.active = 1
    book.save(HERE / "two-sheets.xlsx")
    cases["two-sheets.xlsx"] = {"class": 6, "choices": ["choose_sheet"]}
    cases["two-sheets.xlsx#2026"] = {
        "class": 6,
        "file": "two-sheets.xlsx",
        "options": {"sheet": "2026"},
        "rows": truth(PEOPLE),
        "sheet": "2026",
    }
    made.append(HERE / "two-sheets.xlsx")
    # An old list on a hidden sheet and the current one visible: the visible one, said so.
    book = workbook([("oud", [HEADER, *standard_rows(last_year)]),
                     ("Lijst", [HEADER, *standard_rows(PEOPLE[1:])])])  # fmt: skip
    book["oud"].sheet_state = "hidden"
    book.save(HERE / "hidden-sheet.xlsx")
    cases["hidden-sheet.xlsx"] = {"class": 6, "rows": truth(PEOPLE[1:]), "sheet": "Lijst"}
    made.append(HERE / "hidden-sheet.xlsx")

    # -- 7. header variants ------------------------------------------------------------------
    variants = ["Achternaam", "Voornaam", "Geb. datum", "Aankomst", "Land van geboorte",
                "BSN-nummer", "Kamernr.", "Telefoon"]  # fmt: skip
    write_csv(
        HERE / "header-variants.csv",
        [variants, *[[p["surname"], p["given_names"], dmy(p["birth_date"]),
                      dmy(p["arrival_date"]), COUNTRY_NL[p["birth_country"]], p["bsn"] or "",
                      p["room"], "06-00000000"] for p in PEOPLE]],
    )  # fmt: skip
    variant_truth = [dict(r, birth_place=None) for r in truth(PEOPLE)]
    cases["header-variants.csv"] = {"class": 7, "rows": variant_truth, "unused": ["Telefoon"]}
    polish = ["NAZWISKO", "Imię", "Data urodzenia", "Data przyjazdu", "Miejsce urodzenia",
              "Kraj urodzenia", "Nr pokoju", "Uwagi"]  # fmt: skip
    book = workbook([("Lista", [polish, *[[p["surname"], p["given_names"], p["birth_date"],
                                          p["arrival_date"], p["birth_place"],
                                          p["birth_country"], p["room"], "brak"]
                                         for p in PEOPLE]])])  # fmt: skip
    book.save(HERE / "polish-headers.xlsx")
    cases["polish-headers.xlsx"] = {
        "class": 7,
        "rows": [dict(r, bsn=None) for r in truth(PEOPLE)],
        "unused": ["Uwagi"],
    }
    made.append(HERE / "polish-headers.xlsx")

    # -- 8. Windows-1250/1252 exports -----------------------------------------------------------
    # Polish Windows writes 1250: read right, with a warning, nothing flagged.
    write_csv(HERE / "cp1250-export.csv", [HEADER, *standard_rows(PEOPLE[:2] + PEOPLE[3:4])],
              encoding="cp1250")  # fmt: skip
    cases["cp1250-export.csv"] = {
        "class": 8,
        "rows": truth(PEOPLE[:2] + PEOPLE[3:4]),
        "warnings": ["not_utf8"],
        "flagged": [],
    }
    # Western Windows writes 1252: letters it cannot hold come out as '?' or a control
    # character (Ș -> 0x18): those rows are flagged (and their names are not the truth).
    raw = [HEADER, *standard_rows(PEOPLE)]
    text = "\r\n".join(";".join(str(c) for c in row) for row in raw) + "\r\n"
    text = text.replace("Ș", "\x18").replace("ș", "\x18")
    write_bytes = text.encode("cp1252", errors="replace")
    (HERE / "cp1252-export.csv").write_bytes(write_bytes)
    cases["cp1252-export.csv"] = {
        "class": 8,
        "warnings": ["not_utf8"],
        # rows 2-5 hold Polish/Romanian letters 1252 cannot write: imported, flagged for the
        # officer to correct from the document; row 6 (Olha) is clean and must be the truth
        "flagged": [2, 3, 4, 5],
        "rows": [r for r in truth(PEOPLE) if r["row"] == 6],
    }

    # -- 9. formats people have, merged cells ------------------------------------------------
    # Excel's "Unicode text": UTF-16 with a byte order mark, tab-separated.
    buffer = io.StringIO()
    csv.writer(buffer, delimiter="\t", lineterminator="\r\n").writerows(
        [HEADER, *standard_rows(PEOPLE)]
    )
    (HERE / "unicode-text.txt").write_bytes(buffer.getvalue().encode("utf-16"))
    cases["unicode-text.txt"] = {"class": 9, "rows": truth(PEOPLE)}
    # A room shared by two: the room cell merged over both rows.
    book = workbook([("Bewoners", [HEADER, *standard_rows(PEOPLE)])])
    sheet = book["Bewoners"]
    for first, last in ((2, 3), (4, 5)):
        sheet.cell(row=last, column=8, value=None)
        sheet.merge_cells(start_row=first, start_column=8, end_row=last, end_column=8)
    book.save(HERE / "merged-rooms.xlsx")
    cases["merged-rooms.xlsx"] = {"class": 9, "rows": truth(PEOPLE)}
    made.append(HERE / "merged-rooms.xlsx")

    # -- LibreOffice: the same workbooks as .ods, and a CSV opened and saved as .xlsx -------------
    soffice = shutil.which("soffice")
    if soffice is None:
        print("soffice not found: apt-get install libreoffice-calc", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        stage = Path(tmp)
        for path in made:
            shutil.copy(path, stage / f"lo-{path.stem}.xlsx")
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{stage}/profile", "--headless",
             "--convert-to", "ods", "--outdir", str(HERE),
             *sorted(str(p) for p in stage.glob("lo-*.xlsx"))],
            check=True, capture_output=True, timeout=300,
        )  # fmt: skip
        shutil.copy(HERE / "header-variants.csv", stage / "lo-header-variants.csv")
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{stage}/profile", "--headless",
             "--infilter=CSV:59,34,76,1", "--convert-to", "xlsx", "--outdir", str(HERE),
             str(stage / "lo-header-variants.csv")],
            check=True, capture_output=True, timeout=300,
        )  # fmt: skip
    for path in made:
        for case, spec in list(cases.items()):
            if spec.get("file", case) == path.name:
                name = f"lo-{path.stem}.ods"
                suffix = case[len(path.name) :]
                cases[name + suffix] = dict(spec, file=name)
    cases["lo-header-variants.xlsx"] = dict(cases["header-variants.csv"])
    # LibreOffice reads 17-05-1990 in a CSV as text, or as a date in its locale: either way the
    # truth is the same.

    out = {"today": "2026-11-30", "cases": cases}
    (HERE / "expected.yaml").write_text(
        "# Made by make_corpus.py: the truth each list must give (see that script).\n"
        + yaml.safe_dump(out, sort_keys=False, allow_unicode=True),
        encoding="utf-8",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
