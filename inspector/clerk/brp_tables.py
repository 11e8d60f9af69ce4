"""The BRP's own codes for nationalities (RvIG Landelijke tabel 32) and countries (tabel 34),
read from the published CSV files kept in resources/brp/ (source and retrieval:
resources/brp/README.md, docs/brp-export.md).

A country or nationality is known here by its ISO 3166 alpha-2 code; the tables know it by
its Dutch name. The link between the two is written out below (tabel 34: the CLDR Dutch name
where it is the table's name, else an explicit entry). A code is only ever read from the table
file, and only from an entry that is still valid (no end date): a value whose entry is not
found has no code, and the export lists it as such — never a guessed one.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from inspector.paths import RESOURCES_DIR

TABLES_DIR = RESOURCES_DIR / "brp"
NATIONALITIES_FILE = TABLES_DIR / "tabel32-nationaliteiten.csv"
COUNTRIES_FILE = TABLES_DIR / "tabel34-landen.csv"


@dataclass(frozen=True)
class TableEntry:
    code: str
    name: str
    start: str
    end: str

    @property
    def current(self) -> bool:
        return not self.end


def read_table(path: Path) -> list[TableEntry]:
    """Every row of an RvIG table in CSV (code, description, date start, date end, ...)."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    return [TableEntry(r[0].strip(), r[1].strip(), r[2].strip(), r[3].strip()) for r in rows[1:]]


@cache
def _current(path: Path) -> dict[str, str]:
    """Name -> code of the entries still valid (a name may have an ended and a current entry)."""
    return {e.name: e.code for e in read_table(path) if e.current}


#: Tabel 34 names that differ from CLDR's Dutch country name (checked by hand against the file).
COUNTRY_TABLE_NAMES: dict[str, str] = {
    "BA": "Bosnië-Herzegovina",
    "BS": "Bahama's",
    "CD": "Democratische Republiek Congo",
    "CG": "Congo",
    "DE": "Bondsrepubliek Duitsland",
    "GG": "Kanaaleilanden",
    "JE": "Kanaaleilanden",
    "IM": "Man",
    "KE": "Kenya",
    "KY": "Caymaneilanden",
    "MK": "Republiek Noord-Macedonië",
    "MM": "Myanmar",
    "PM": "Saint Pierre en Miquelon",
    "PS": "Gazastrook en Westelijke Jordaanoever",
    "ST": "São Tomé en Principe",
    "SX": "Sint Maarten",
    "TL": "Timor Leste",
    "UG": "Uganda",
    "US": "Verenigde Staten van Amerika",
}

#: ISO alpha-2 of a state -> the name of its nationality in tabel 32.
_NATIONALITIES = """
AD Andorrese|AE Burger van de Verenigde Arabische Emiraten|AF Afghaanse|AG Burger van Antigua en
Barbuda|AL Albanese|AM Armeense|AO Angolese|AR Argentijnse|AT Oostenrijkse|AU Australische|AZ
Azerbeidzjaanse|BA Burger van Bosnië-Herzegovina|BB Barbadaanse|BD Bengalese|BE Belgische|BF
Burkinese|BG Bulgaarse|BH Bahreinse|BI Burundese|BJ Beninse|BN Bruneise|BO Boliviaanse|BR
Braziliaanse|BS Bahamaanse|BT Bhutaanse|BW Botswaanse|BY Belarussische|BZ Belizaanse|CA
Canadese|CD Burger van Democratische Republiek Congo|CF Centraal-Afrikaanse|CG Burger van
Congo|CH Zwitserse|CI Ivoriaanse|CL Chileense|CM Kameroense|CN Chinese|CO Colombiaanse|CR Costa
Ricaanse|CU Cubaanse|CV Kaapverdische|CY Cyprische|CZ Tsjechische|DE Burger van de Bondsrepubliek
Duitsland|DJ Djiboutiaanse|DK Deense|DM Burger van Dominica|DO Dominicaanse|DZ Algerijnse|EC
Ecuadoraanse|EE Estische|EG Egyptische|ER Eritrese|ES Spaanse|ET Ethiopische|FI Finse|FJ
Fijische|FM Micronesische|FR Franse|GA Gabonese|GB Brits burger|GD Grenadaanse|GE Georgische|GH
Ghanese|GM Gambiaanse|GN Guinese|GQ Equatoriaal-Guinese|GR Griekse|GT Guatemalaanse|GW
Guinee-Bissause|GY Guyaanse|HN Hondurese|HR Kroatische|HT Haïtiaanse|HU Hongaarse|ID
Indonesische|IE Ierse|IL Israëlische|IN Indiase|IQ Iraakse|IR Iraanse|IS IJslandse|IT
Italiaanse|JM Jamaicaanse|JO Jordaanse|JP Japanse|KE Kenyaanse|KG Kirgizische|KH
Cambodjaanse|KI Kiribatische|KM Comorese|KN Burger van Saint Kitts en Nevis|KP
Noord-Koreaanse|KR Zuid-Koreaanse|KW Koeweitse|KZ Kazachse|LA Laotiaanse|LB Libanese|LC Saint
Luciaanse|LI Liechtensteinse|LK Sri Lankaanse|LR Liberiaanse|LS Lesothaanse|LT Litouwse|LU
Luxemburgse|LV Letse|LY Libische|MA Marokkaanse|MC Monegaskische|MD Moldavische|ME
Montenegrijnse|MG Malagassische|MH Marshalleilandse|MK Macedonische/Burger van
Noord-Macedonië|ML Malinese|MM Myanmarese|MN Mongolische|MR Mauritaanse|MT Maltese|MU
Mauritiaanse|MV Maldivische|MW Malawische|MX Mexicaanse|MY Maleisische|MZ Mozambikaanse|NA
Namibische|NE Nigerese|NG Nigeriaanse|NI Nicaraguaanse|NL Nederlandse|NO Noorse|NP Nepalese|NR
Nauruaanse|NZ Nieuw-Zeelandse|OM Omaanse|PA Panamese|PE Peruaanse|PG Papoea-Nieuw-Guinese|PH
Filipijnse|PK Pakistaanse|PL Poolse|PT Portugese|PW Palause|PY Paraguayaanse|QA Qatarese|RO
Roemeense|RS Servische|RU Russische|RW Rwandese|SA Saoedi-Arabische|SB Salomonseilandse|SC
Seychelse|SD Soedanese|SE Zweedse|SG Singaporese|SI Sloveense|SK Slowaakse|SL Sierra Leoonse|SM
San Marinese|SN Senegalese|SO Somalische|SR Surinaamse|SS Zuid-Soedanese|ST Burger van São Tomé
en Principe|SV Salvadoraanse|SY Syrische|SZ Eswatinische|TD Tsjadische|TG Togolese|TH Thaise|TJ
Tadzjiekse|TL Burger van Timor Leste|TM Turkmeense|TN Tunesische|TO Tongaanse|TR Turkse|TT Burger
van Trinidad en Tobago|TV Tuvaluaanse|TW Taiwanese|TZ Tanzaniaanse|UA Oekraïense|UG Ugandese|US
Amerikaans burger|UY Uruguayaanse|UZ Oezbeekse|VA Vaticaanse|VC Burger van Saint Vincent en de
Grenadines|VE Venezolaanse|VN Vietnamese|VU Vanuatuaanse|WS Samoaanse|XK Kosovaarse|YE
Jemenitische|ZA Zuid-Afrikaanse|ZM Zambiaanse|ZW Zimbabwaanse
"""


def _parse_pairs(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in " ".join(text.split()).split("|"):
        code, _, name = item.strip().partition(" ")
        out[code] = name
    return out


#: ISO alpha-2 -> tabel 32 name (the nationality).
NATIONALITY_TABLE_NAMES: dict[str, str] = _parse_pairs(_NATIONALITIES)


@cache
def nationality_codes() -> dict[str, str]:
    """ISO alpha-2 -> code of tabel 32, for every nationality whose entry the file holds."""
    table = _current(NATIONALITIES_FILE)
    return {a2: table[name] for a2, name in NATIONALITY_TABLE_NAMES.items() if name in table}


@cache
def country_codes() -> dict[str, str]:
    """ISO alpha-2 -> code of tabel 34: the explicit names above, else CLDR's Dutch name when
    the table has a current entry of exactly that name."""
    from inspector.documents.countries import ALPHA2_TO_ALPHA3, country_name

    table = _current(COUNTRIES_FILE)
    out: dict[str, str] = {}
    for a2 in ALPHA2_TO_ALPHA3:
        name = COUNTRY_TABLE_NAMES.get(a2) or country_name(a2, "nl")
        if name in table:
            out[a2] = table[name]
    return out


def nationality_code(alpha2: str) -> str | None:
    return nationality_codes().get(alpha2.upper()) if alpha2 else None


def country_code(alpha2: str) -> str | None:
    return country_codes().get(alpha2.upper()) if alpha2 else None
