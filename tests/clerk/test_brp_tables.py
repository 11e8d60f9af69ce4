"""The BRP codes of tables 32 and 34 come from the RvIG's published files, never guessed."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from inspector.clerk import brp_tables
from inspector.documents.countries import ALPHA2_TO_ALPHA3

#: The hashes of the published CSV editions (resources/brp/README.md).
HASHES = {
    brp_tables.NATIONALITIES_FILE: (
        "ab35e37f74b4f9ad69571b6726bfe8c380b694b18b24ee87343423deae990bd7"
    ),
    brp_tables.COUNTRIES_FILE: "26ed3a9d93b4e6729b096cbe790ed2b181cfb6ba4ffb6897b2fb1d0a4b0f2a12",
}

EU_EEA = (
    "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE IS LI NO"
).split()


def _row(path: Path, code: str) -> brp_tables.TableEntry:
    return next(e for e in brp_tables.read_table(path) if e.code == code)


@pytest.mark.parametrize("path", list(HASHES))
def test_the_tables_are_the_published_files(path: Path) -> None:
    assert hashlib.sha256(path.read_bytes()).hexdigest() == HASHES[path]


@pytest.mark.parametrize(
    ("alpha2", "code", "name"),
    [
        ("CH", "5003", "Zwitserland"),
        ("PL", "7028", "Polen"),
        ("GB", "6039", "Verenigd Koninkrijk"),
        ("UA", "6038", "Oekraïne"),
        ("MD", "6000", "Moldavië"),
        ("TR", "6043", "Turkije"),
        ("MA", "5022", "Marokko"),
        ("DE", "9089", "Bondsrepubliek Duitsland"),
        ("NL", "6030", "Nederland"),
        ("US", "6014", "Verenigde Staten van Amerika"),
    ],
)
def test_known_country_codes_against_the_file(alpha2: str, code: str, name: str) -> None:
    assert brp_tables.country_code(alpha2) == code
    entry = _row(brp_tables.COUNTRIES_FILE, code)
    assert entry.name == name and entry.current


@pytest.mark.parametrize(
    ("alpha2", "code", "name"),
    [
        ("CH", "0081", "Zwitserse"),
        ("PL", "0072", "Poolse"),
        ("GB", "0060", "Brits burger"),
        ("UA", "0034", "Oekraïense"),
        ("MD", "0036", "Moldavische"),
        ("TR", "0339", "Turkse"),
        ("MA", "0131", "Marokkaanse"),
        ("RO", "0074", "Roemeense"),
        ("XK", "0087", "Kosovaarse"),
    ],
)
def test_known_nationality_codes_against_the_file(alpha2: str, code: str, name: str) -> None:
    assert brp_tables.nationality_code(alpha2) == code
    entry = _row(brp_tables.NATIONALITIES_FILE, code)
    assert entry.name == name and entry.current


def test_every_eu_eea_country_and_the_neighbours_have_both_codes() -> None:
    wanted = [*EU_EEA, "CH", "GB", "UA", "MD", "TR", "MA", "RS", "BA", "MK", "AL", "XK", "BY"]
    assert not [a2 for a2 in wanted if brp_tables.country_code(a2) is None]
    assert not [a2 for a2 in wanted if brp_tables.nationality_code(a2) is None]


def test_every_code_is_a_current_entry_of_its_table() -> None:
    """No code is made up: each one is in the file, still valid, under the name it maps to."""
    countries = {e.code: e for e in brp_tables.read_table(brp_tables.COUNTRIES_FILE)}
    for a2, code in brp_tables.country_codes().items():
        assert countries[code].current, a2
    nationalities = {e.code: e for e in brp_tables.read_table(brp_tables.NATIONALITIES_FILE)}
    for a2, code in brp_tables.nationality_codes().items():
        assert nationalities[code].current
        assert nationalities[code].name == brp_tables.NATIONALITY_TABLE_NAMES[a2]
    # Nearly every country of the app's list has a code; the rest are listed as such.
    assert len(brp_tables.country_codes()) > 0.9 * len(ALPHA2_TO_ALPHA3)


def test_a_place_without_an_entry_has_no_code() -> None:
    # Antarctica has no entry in table 34; Hong Kong's entry ended in 1997 (not used).
    assert brp_tables.country_code("AQ") is None
    assert brp_tables.country_code("HK") is None
    # The Cayman Islands are a country of table 34 but no nationality of table 32.
    assert brp_tables.country_code("KY") == "7092"
    assert brp_tables.nationality_code("KY") is None
    assert brp_tables.country_code("") is None
