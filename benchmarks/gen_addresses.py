"""A synthetic municipality for address selection: BAG, BRP counts, LAA signals, owners and
landlords' reports, complaints and partners' signals, and the registered persons of the
busiest addresses, written as the CSV files a municipality exports (semicolon, UTF-8).

Everything is fictitious: municipality code 9999, invented street names ("Proefstraat"),
persons named "Testowa"/"Proefman". The distributions follow what a Dutch town looks like:
mostly dwellings of 40-200 m² with one to four persons and few moves; a few percent lodging,
industry, offices and shops; a tail of overcrowded rented dwellings with many moves, some owned
by a handful of landlords; LAA signals and complaints concentrated there, with noise.

    .venv/bin/python benchmarks/gen_addresses.py OUT_DIR [--n 100000] [--seed 7] [--xlsx] [--ods]
"""

from __future__ import annotations

import argparse
import csv
import math
import random
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

MUNICIPALITY = "9999"
STREET_A = (
    "Proef",
    "Test",
    "Voorbeeld",
    "Schets",
    "Model",
    "Monster",
    "Oefen",
    "Demo",
    "Fictie",
    "Nep",
    "Droom",
    "Verzin",
    "Bedenk",
    "Papier",
    "Kladblok",
    "Ontwerp",
)
STREET_B = (
    "straat",
    "laan",
    "weg",
    "plein",
    "hof",
    "kade",
    "singel",
    "dreef",
    "gracht",
    "steeg",
    "pad",
    "erf",
)
WIJKEN = (
    "Centrum",
    "Noord",
    "Oost",
    "Zuid",
    "West",
    "Haven",
    "Bedrijventerrein",
    "Buitengebied",
    "Park",
    "Dorp",
)
SURNAMES = (
    "Testowa",
    "Proefman",
    "Voorbeeldescu",
    "Fikcyjna",
    "Testenko",
    "Probeerova",
    "Modelski",
    "Schetsova",
)
GIVEN = ("Anna", "Jan", "Maria", "Piotr", "Ioana", "Olena", "Marek", "Elena", "Tomasz", "Ana")
LAA = (
    "overbewoning",
    "veelverhuizers",
    "samenwoners",
    "doorstroomadres",
    "VOW-adres",
    "VOW-persoon",
    "onbestelbare CJIB-post",
    "fiscaal briefadres",
)
PARTNERS = ("NLA", "politie", "brandweer", "Belastingdienst", "woningcorporatie")
TODAY = date(2026, 11, 30)

HEADERS = {
    "bag": ["verblijfsobject_id", "straat", "huisnummer", "toevoeging", "postcode", "woonplaats",
            "oppervlakte", "gebruiksdoel", "x", "y", "wijk"],
    "brp": ["postcode", "huisnummer", "toevoeging", "ingeschreven", "vestigingen 12 mnd",
            "vertrekken 12 mnd", "vestigingen 24 mnd", "vertrekken 24 mnd",
            "niet-Nederlandse nationaliteit", "RNI-contactadressen"],
    "laa": ["postcode", "huisnummer", "toevoeging", "soort signaal", "datum"],
    "owners": ["postcode", "huisnummer", "toevoeging", "eigenaar", "gemelde arbeidsmigranten",
               "datum melding"],
    "signals": ["postcode", "huisnummer", "toevoeging", "soort", "afzender", "datum"],
    "persons": ["postcode", "huisnummer", "toevoeging", "achternaam", "voornamen",
                "geboortedatum", "bsn"],
}  # fmt: skip


@dataclass
class Municipality:
    rows: dict[str, list[list[str]]] = field(default_factory=lambda: {k: [] for k in HEADERS})
    #: Address keys of the generated overcrowded addresses (the truth a test may check).
    hot: list[str] = field(default_factory=list)


def _bsn(rng: random.Random) -> str:
    while True:
        digits = [rng.randint(0, 9) for _ in range(8)]
        total = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True))
        last = total % 11
        if last < 10 and (digits[0] or digits[1]):
            return "".join(map(str, digits)) + str(last)


def _postcode(i: int) -> tuple[str, str]:
    letters = "ABCDEFGHJKLMNPRTUVWXZ"
    area = 7100 + (i // 400) % 900
    block = (i // 20) % (len(letters) ** 2)
    pair = letters[block // len(letters)] + letters[block % len(letters)]
    return f"{area} {pair}", pair


def generate(n: int = 100_000, seed: int = 7) -> Municipality:
    """A municipality of *n* addresses; the same seed gives the same files."""
    rng = random.Random(seed)
    out = Municipality()
    owners_big = [f"KVK-{90000000 + i}" for i in range(25)]
    for i in range(n):
        postcode, _pair = _postcode(i)
        number = i % 20 * 2 + 1
        addition = "" if rng.random() > 0.06 else rng.choice(("A", "B", "1", "2"))
        street = f"{STREET_A[(i // 600) % len(STREET_A)]}{STREET_B[(i // 40) % len(STREET_B)]}"
        wijk_i = (i // 5000) % len(WIJKEN)
        r = rng.random()
        use = ("woonfunctie" if r < 0.88 else "logiesfunctie" if r < 0.92 else
               "industriefunctie" if r < 0.95 else "kantoorfunctie" if r < 0.975 else
               "winkelfunctie, woonfunctie" if r < 0.99 else "bijeenkomstfunctie")  # fmt: skip
        if use == "logiesfunctie":
            area = rng.randint(18, 70)
        elif use in ("industriefunctie", "kantoorfunctie", "bijeenkomstfunctie"):
            area = int(rng.lognormvariate(math.log(400), 0.7)) + 30
        else:
            area = max(25, int(rng.lognormvariate(math.log(95), 0.35)))
        cx, cy = 200_000 + (wijk_i % 5) * 3000, 450_000 + (wijk_i // 5) * 3500
        x, y = cx + rng.gauss(0, 900), cy + rng.gauss(0, 900)
        vbo = f"{MUNICIPALITY}01{i + 1:010d}"
        out.rows["bag"].append(
            [vbo, street, str(number), addition, postcode, "Proefdorp", str(area), use,
             f"{x:.0f}", f"{y:.0f}", WIJKEN[wijk_i]]
        )  # fmt: skip
        residential = "woonfunctie" in use or use == "logiesfunctie"
        hot = residential and rng.random() < 0.03
        if hot:
            registered = max(int(area / rng.uniform(4, 11)), 4)
            moves_in_24 = rng.randint(4, 20)
            moves_out_24 = rng.randint(3, 18)
        elif residential:
            registered = min(max(0, int(rng.gauss(area / 45, 1.0))), 8)
            moves_in_24 = rng.choices((0, 1, 2, 3), (70, 20, 7, 3))[0]
            moves_out_24 = rng.choices((0, 1, 2, 3), (72, 19, 6, 3))[0]
        else:
            registered = 1 if rng.random() < 0.04 else 0
            moves_in_24 = registered
            moves_out_24 = 0
        in_12 = rng.randint(0, moves_in_24)
        out_12 = rng.randint(0, moves_out_24)
        # Nationality is kept apart from everything ranked: drawn from the registered count
        # alone, in both busy and quiet addresses.
        non_dutch = sum(rng.random() < 0.25 for _ in range(registered))
        rni = rng.randint(1, 4) if hot and rng.random() < 0.3 else 0
        key_cols = [postcode, str(number), addition]
        out.rows["brp"].append(
            [*key_cols, str(registered), str(in_12), str(out_12), str(moves_in_24),
             str(moves_out_24), str(non_dutch), str(rni)]
        )  # fmt: skip
        if hot:
            out.hot.append(f"{postcode}|{number}|{addition}")
        p_laa = 0.35 if hot else 0.004
        for _ in range(2 if hot and rng.random() < 0.3 else 1):
            if rng.random() < p_laa:
                day = TODAY - timedelta(days=rng.randint(5, 700))
                out.rows["laa"].append([*key_cols, rng.choice(LAA), day.strftime("%d-%m-%Y")])
        if residential and rng.random() < (0.6 if hot else 0.3):
            owner = rng.choice(owners_big) if hot and rng.random() < 0.5 else f"EIG-{i:06d}"
            reported = str(max(0, registered + rng.randint(-1, 3))) if rng.random() < 0.3 else ""
            on = (TODAY - timedelta(days=rng.randint(10, 400))).isoformat() if reported else ""
            out.rows["owners"].append([*key_cols, owner, reported, on])
        if rng.random() < (0.25 if hot else 0.003):
            kind, source = ("klacht", "buren") if rng.random() < 0.7 else (
                "partner", rng.choice(PARTNERS))  # fmt: skip
            day = TODAY - timedelta(days=rng.randint(1, 900))
            out.rows["signals"].append([*key_cols, kind, source, day.strftime("%d-%m-%Y")])
        if hot:
            for _ in range(registered):
                born = date(1965, 1, 1) + timedelta(days=rng.randint(0, 13000))
                out.rows["persons"].append(
                    [*key_cols, rng.choice(SURNAMES), rng.choice(GIVEN), born.isoformat(),
                     _bsn(rng) if rng.random() < 0.8 else ""]
                )  # fmt: skip
    return out


#: BAG columns that a spreadsheet keeps as numbers (huisnummer, oppervlakte, x, y); the id
#: and the postcode stay text, as in a BAG extract.
_BAG_NUMBERS = (2, 6, 8, 9)


def _typed(row: list[str]) -> list[object]:
    return [int(v) if i in _BAG_NUMBERS and v.isdigit() else v for i, v in enumerate(row)]


def _write_ods(path: Path, header: list[str], rows: list[list[object]]) -> None:
    """A one-sheet .ods as LibreOffice keeps it: typed cells, text in paragraphs."""
    import zipfile
    from xml.sax.saxutils import escape

    def cell(value: object) -> str:
        if isinstance(value, int):
            return (f'<table:table-cell office:value-type="float" office:value="{value}">'
                    f"<text:p>{value}</text:p></table:table-cell>")  # fmt: skip
        if value == "":
            return "<table:table-cell/>"
        return (f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}'
                "</text:p></table:table-cell>")  # fmt: skip

    body = "".join(
        "<table:table-row>" + "".join(cell(v) for v in row) + "</table:table-row>"
        for row in [header, *rows]
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">'
        '<office:body><office:spreadsheet><table:table table:name="BAG">'
        f"{body}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
        '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type='
        '"application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
        'manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet"
        )
        archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr("content.xml", content)


def write(
    out_dir: Path, n: int = 100_000, seed: int = 7, *, xlsx: bool = False, ods: bool = False
) -> dict[str, Path]:
    """Write the sources as CSV (and the BAG part as .xlsx, as Excel writes it: shared strings,
    numbers as numbers, and/or as .ods when asked); returns the paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    town = generate(n, seed)
    paths: dict[str, Path] = {}
    for kind, rows in town.rows.items():
        path = out_dir / f"{kind}.csv"
        with path.open("w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f, delimiter=";")
            writer.writerow(HEADERS[kind])
            writer.writerows(rows)
        paths[kind] = path
    if xlsx:
        import xlsxwriter

        paths["bag.xlsx"] = out_dir / "bag.xlsx"
        book = xlsxwriter.Workbook(str(paths["bag.xlsx"]))
        sheet = book.add_worksheet("BAG")
        sheet.write_row(0, 0, HEADERS["bag"])
        for number, row in enumerate(town.rows["bag"], start=1):
            sheet.write_row(number, 0, _typed(row))
        book.close()
    if ods:
        paths["bag.ods"] = out_dir / "bag.ods"
        _write_ods(paths["bag.ods"], HEADERS["bag"], [_typed(r) for r in town.rows["bag"]])
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--xlsx", action="store_true", help="also write bag.xlsx")
    parser.add_argument("--ods", action="store_true", help="also write bag.ods")
    args = parser.parse_args(argv)
    for kind, path in write(args.out_dir, args.n, args.seed, xlsx=args.xlsx, ods=args.ods).items():
        print(f"{kind}: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
