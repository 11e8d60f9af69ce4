"""Tests for resolving and naming countries (CLDR names via babel, ISO alpha-3, MRZ codes)."""

from __future__ import annotations

import pytest
from babel import Locale

from inspector.documents.countries import (
    ALPHA2_TO_ALPHA3,
    ALPHA3_TO_ALPHA2,
    alpha2_to_alpha3,
    country_name,
    is_known_code,
    mrz_code_to_alpha2,
    resolve_country,
)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Polen", "PL"),
        ("Poland", "PL"),
        ("polen", "PL"),
        ("  POLAND ", "PL"),
        ("Polska", "PL"),
        ("Roemenië", "RO"),
        ("Roemenie", "RO"),
        ("Romania", "RO"),
        ("România", "RO"),
        ("Oekraïne", "UA"),
        ("Oekraine", "UA"),
        ("Ukraine", "UA"),
        ("Україна", "UA"),
        ("Duitsland", "DE"),
        ("Bulgarije", "BG"),
        ("Litouwen", "LT"),
        ("Hongarije", "HU"),
        ("Slowakije", "SK"),
        ("Tsjechië", "CZ"),
        ("Czech Republic", "CZ"),
        ("Wit-Rusland", "BY"),
        ("Moldavië", "MD"),
        ("Verenigd Koninkrijk", "GB"),
        ("UK", "GB"),
        ("Holland", "NL"),
        ("Nederland", "NL"),
        ("pl", "PL"),
        ("POL", "PL"),
        ("ROU", "RO"),
        ("UKR", "UA"),
        ("D", "DE"),
        ("DEU", "DE"),
        ("GBD", "GB"),
        ("RKS", "XK"),
        ("Kosovo", "XK"),
    ],
)
def test_resolve_country(text: str, code: str) -> None:
    assert resolve_country(text) == code


@pytest.mark.parametrize("text", ["", "   ", None, "Atlantis", "XX", "UTO", "XXA", "Polenn"])
def test_unknown_or_no_country(text: str | None) -> None:
    assert resolve_country(text) is None


def test_alpha3_table_is_complete_and_consistent() -> None:
    assert len(ALPHA2_TO_ALPHA3) == 250  # 249 ISO codes plus Kosovo
    assert len(ALPHA3_TO_ALPHA2) == 250
    cldr = Locale.parse("en").territories
    assert all(code in cldr for code in ALPHA2_TO_ALPHA3)
    assert all(len(a3) == 3 and a3.isalpha() for a3 in ALPHA2_TO_ALPHA3.values())
    assert alpha2_to_alpha3("nl") == "NLD"
    assert alpha2_to_alpha3("ZZ") is None


def test_mrz_codes() -> None:
    assert mrz_code_to_alpha2("D<<") == "DE"
    assert mrz_code_to_alpha2("UTO") is None
    assert mrz_code_to_alpha2("XXA") is None
    assert mrz_code_to_alpha2("NLD") == "NL"
    assert is_known_code("UTO")
    assert not is_known_code("QQQ")


@pytest.mark.parametrize(
    ("lang", "poland", "germany"),
    [
        ("nl", "Polen", "Duitsland"),
        ("en", "Poland", "Germany"),
        ("pl", "Polska", "Niemcy"),
        ("uk", "Польща", "Німеччина"),
        ("ro", "Polonia", "Germania"),
    ],
)
def test_country_name(lang: str, poland: str, germany: str) -> None:
    assert country_name("PL", lang) == poland
    assert country_name("POL", lang) == poland
    assert country_name("D", lang) == germany


def test_country_name_never_fails() -> None:
    assert "Utopia" in country_name("UTO", "nl")
    assert "Utopia" in country_name("UTO", "uk")
    assert country_name("QQQ", "nl") == "QQQ"
    assert country_name("PL", "xx") == "Poland"
