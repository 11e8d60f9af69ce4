"""Importing address data: mapping proposed from the headers, row discipline, refusals."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from inspector.addresses.sources import FileError, propose, read_source

BAG_HEADER = "verblijfsobject_id;straat;huisnummer;toevoeging;postcode;oppervlakte;gebruiksdoel"


def _csv(tmp_path: Path, text: str, name: str = "data.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_the_mapping_is_proposed_from_dutch_headers_and_nothing_is_imported(
    tmp_path: Path,
) -> None:
    path = _csv(
        tmp_path,
        "Verblijfsobject ID;Straatnaam;Huisnr.;Huisletter;Postcode;Gebruiksoppervlakte (m2);"
        "Gebruiksdoel;Opmerking\n9999010000000001;Proefstraat;1;;7100 AA;62;woonfunctie;x\n",
    )
    proposal = propose(path, "bag")
    assert proposal.mapping == {
        0: "vbo_id", 1: "street", 2: "number", 3: "addition", 4: "postcode", 5: "area", 6: "use",
    }  # fmt: skip
    assert proposal.missing == []
    assert proposal.unused() == [(7, "Opmerking")]
    assert proposal.header_row == 1
    assert proposal.preview == [
        (2, ["9999010000000001", "Proefstraat", "1", "", "7100 AA", "62", "woonfunctie", "x"])
    ]


def test_a_required_column_the_file_lacks_is_named_and_the_import_refused(
    tmp_path: Path,
) -> None:
    path = _csv(tmp_path, "postcode;huisnummer;opmerking\n7100 AA;1;x\n")
    assert propose(path, "brp").missing == ["registered"]
    with pytest.raises(FileError) as raised:
        read_source(path, "brp")
    assert "ingeschreven personen" in raised.value.message.nl


def test_the_coordinator_corrects_the_mapping(tmp_path: Path) -> None:
    path = _csv(tmp_path, "postcode;huisnummer;aantal\n7100 AA;1;9\n7100 AA;3;2\n")
    assert propose(path, "brp").missing == ["registered"]
    result = read_source(path, "brp", mapping={0: "postcode", 1: "number", 2: "registered"})
    assert [(r.key, r.registered) for r in result.records] == [("7100 AA|1|", 9), ("7100 AA|3|", 2)]


def test_refused_rows_have_the_row_numbers_the_spreadsheet_shows_and_a_reason(
    tmp_path: Path,
) -> None:
    path = _csv(
        tmp_path,
        "sep=;\n" + BAG_HEADER + "\n9999010000000001;Proefstraat;1;;7100 AA;62;woonfunctie\n"
        "\n"
        "9999100000000002;Proefstraat;3;;7100 AA;62;woonfunctie\n"
        "9999010000000003;Proefstraat;5;;1234;62;woonfunctie\n"
        "9999010000000004;Proefstraat;7;;7100 AA;groot;woonfunctie\n"
        "9999010000000005;Proefstraat;9;;7100 AA;62;kasteelfunctie\n"
        "9999010000000006;Proefstraat;1;;7100 AA;62;woonfunctie\n"
        "9999010000000007;Proefstraat;11b;;7100AA;48,5;Woonfunctie, winkelfunctie\n",
    )
    result = read_source(path, "bag")
    # Excel hides the sep= line: the header is row 1, the first address row 2.
    reasons = {e.row_number: e.reason.nl for e in result.errors}
    assert sorted(reasons) == [4, 5, 6, 7, 8]
    assert "verblijfsobject-id" in reasons[4]
    assert "'1234' is geen Nederlandse postcode" in reasons[5]
    assert "'groot'" in reasons[6]
    assert "'kasteelfunctie'" in reasons[7]
    assert "al in rij 2" in reasons[8]
    assert [r.key for r in result.records] == ["7100 AA|1|", "7100 AA|11|B"]
    last = result.records[1]
    assert last.area_m2 == 48.5 and last.uses == ("woonfunctie", "winkelfunctie")
    assert result.rows_read == 7


def test_xlsx_with_numbers_as_numbers_and_two_sheets_asks_which(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "BRP"
    sheet.append(["Postcode", "Huisnummer", "Ingeschreven", "Vestigingen 24 mnd",
                  "Vertrekken 24 mnd"])  # fmt: skip
    sheet.append(["7100 AA", 1, 9, 8, 6])
    sheet.append(["7100 AA", 3.0, 2, 0, 0])
    other = book.create_sheet("BRP oud")
    other.append(["Postcode", "Huisnummer", "Ingeschreven"])
    other.append(["7100 AA", 1, 4])
    path = tmp_path / "brp.xlsx"
    book.save(path)
    proposal = propose(path, "brp")
    assert proposal.choices_needed and "'BRP', 'BRP oud'" in proposal.choices_needed[0].nl
    with pytest.raises(FileError):
        read_source(path, "brp")
    result = read_source(path, "brp", sheet="BRP")
    assert [(r.key, r.registered, r.moves_24) for r in result.records] == [
        ("7100 AA|1|", 9, 14),
        ("7100 AA|3|", 2, 0),
    ]


def test_windows_1252_csv_from_excel_is_read_with_a_warning(tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        "Postcode;Huisnummer;Eigenaar;Gemeld\r\n7100 AA;1;Bezit B.V. Één;6\r\n",
        encoding="cp1252",
    )
    result = read_source(path, "owners")
    assert result.records[0].owner == "Bezit B.V. Één"
    assert result.records[0].reported_persons == 6
    assert [w.code for w in result.warnings] == ["not_utf8"]


def test_laa_types_and_signals_are_recognised_by_their_dutch_names(tmp_path: Path) -> None:
    laa = _csv(
        tmp_path,
        "postcode;huisnummer;soort signaal;datum\n"
        "7100 AA;1;Overbewoning;03-02-2026\n"
        "7100 AA;1;onbestelbare CJIB-post;2026-01-05\n"
        "7100 AA;3;fiscaal briefadres;\n"
        "7100 AA;5;iets anders;01-01-2026\n"
        "7100 AA;7;VOW-adres;31-02-2026\n",
        "laa.csv",
    )
    result = read_source(laa, "laa")
    assert [(s.key, s.type) for s in result.records] == [
        ("7100 AA|1|", "overbewoning"),
        ("7100 AA|1|", "cjib"),
        ("7100 AA|3|", "briefadres"),
    ]
    reasons = {e.row_number: e.reason.nl for e in result.errors}
    assert "'iets anders' is geen LAA-signaal" in reasons[5]
    assert "'31-02-2026' is geen datum" in reasons[6]


def test_counts_must_be_counts_and_12_months_within_24(tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        "postcode;huisnummer;ingeschreven;vestigingen 12 mnd;vestigingen 24 mnd\n"
        "7100 AA;1;-2;0;0\n"
        "7100 AA;3;4;5;2\n"
        "7100 AA;5;;0;0\n",
    )
    reasons = {e.row_number: e.reason.code for e in read_source(path, "brp").errors}
    assert reasons == {2: "registered", 3: "moves", 4: "registered"}


def test_persons_with_an_invalid_bsn_are_refused(tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        "postcode;huisnummer;achternaam;voornamen;geboortedatum;bsn\n"
        "7100 AA;1;Testowa;Anna;17-05-1990;111222333\n"
        "7100 AA;1;Proefman;Jan;1988-01-02;123456789\n",
    )
    result = read_source(path, "persons")
    assert [p.surname for p in result.records] == ["Testowa"]
    assert result.errors[0].row_number == 3 and result.errors[0].reason.code == "bsn"


def test_the_synthetic_town_imports_without_a_refused_row(tmp_path: Path) -> None:
    from addresses_support import load_town

    data = load_town(tmp_path, 3000)
    assert len(data.bag) == 3000 and len(data.brp) == 3000
    assert data.unknown_keys() == set()
    assert data.laa and data.owners and data.signals and data.persons


def _big_csv(tmp_path: Path, rows: int) -> Path:
    lines = [BAG_HEADER]
    lines += [f"9999010{n:09d};Proefstraat;{n};;7100 AA;62;woonfunctie" for n in range(1, rows + 1)]
    return _csv(tmp_path, "\n".join(lines) + "\n", "big.csv")


def test_the_preview_reads_the_first_rows_only_the_import_reads_all(tmp_path: Path) -> None:
    # Past the row limit: only reading the whole file notices; the preview never gets there.
    from inspector.addresses.sources import LIMITS

    path = _big_csv(tmp_path, LIMITS.max_read_rows + 5)
    proposal = propose(path, "bag")
    assert proposal.missing == [] and proposal.preview[0][0] == 2
    with pytest.raises(FileError) as raised:
        read_source(path, "bag")
    assert raised.value.message.code == "too_long"


def _damaged_after(path: Path, row: int) -> Path:
    """A copy of an .xlsx whose first sheet's XML breaks off at *row*."""
    import zipfile

    out = path.with_name("damaged.xlsx")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            content = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                cut = content.index(f'<row r="{row}"'.encode())
                content = content[:cut] + b'<row r="x"><c><<'
            dst.writestr(item, content)
    return out


def test_an_xlsx_is_read_whole_with_numbers_dates_hidden_rows_and_sheets(tmp_path: Path) -> None:
    from datetime import datetime

    from inspector.addresses.sources import LIMITS
    from inspector.tabular import read_workbook

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "BAG"
    header = BAG_HEADER.split(";") + ["gemeten"]
    sheet.append(header)
    expected: list[tuple[int, list[object]]] = [(1, header)]
    for n in range(1, 2501):
        row = [f"9999010{n:09d}", "Proefstraat", n, None, "7100 AA", 62.5, "woonfunctie",
               datetime(2026, 1, 1 + n % 28, 10, 30)]  # fmt: skip
        sheet.append(row)
        expected.append((n + 1, row))
    sheet.row_dimensions[7].hidden = True
    sheet.row_dimensions[3000].hidden = True  # hidden and empty: imports nothing
    book.create_sheet("Leeg").sheet_state = "hidden"
    path = tmp_path / "bag.xlsx"
    book.save(path)

    whole = read_workbook(path, LIMITS, lambda t: 0)
    assert [(s.name, s.hidden) for s in whole.sheets] == [("BAG", False), ("Leeg", True)]
    assert whole.sheets[0].rows == expected
    assert whole.sheets[0].hidden_rows == {7, 3000}
    head = read_workbook(path, LIMITS, lambda t: 0, head=12)
    assert head.sheets[0].rows == expected[:12] and head.sheets[0].hidden_rows == {7}
    result = read_source(path, "bag")
    assert len(result.records) == 2500
    (hidden,) = [w for w in result.warnings if w.code == "hidden_rows"]
    assert hidden.nl == "Verborgen rijen zijn ook geïmporteerd: 7."

    # Broken far below the first rows: the preview (first rows only) is fine, the import
    # says the file is damaged.
    damaged = _damaged_after(path, 2200)
    proposal = propose(damaged, "bag")
    assert proposal.header_row == 1 and len(proposal.preview) == 5
    with pytest.raises(FileError) as raised:
        read_source(damaged, "bag")
    assert raised.value.message.code == "damaged"
