"""Tests of the answer format validators: BSN, postcode, phone, e-mail, codes, dates."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inspector.forms import validators as v


def elfproef(digits: str) -> bool:
    if len(digits) != 9 or not digits.isdigit() or digits == "000000000":
        return False
    weights = [9, 8, 7, 6, 5, 4, 3, 2, -1]
    return sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11 == 0


@pytest.mark.parametrize("wrong", [None, 111222333, 11122233.0, b"111222333", ["111222333"]])
def test_bsn_of_a_wrong_type_is_invalid_not_an_exception(wrong: object) -> None:
    assert v.normalize_bsn(wrong) is None
    assert not v.is_valid_bsn(wrong)
    assert v.normalize_postcode(wrong) is None


def test_known_bsns() -> None:
    assert v.is_valid_bsn("111222333")
    assert v.is_valid_bsn("123456782")
    assert not v.is_valid_bsn("000000000")
    assert not v.is_valid_bsn("111222334")
    assert not v.is_valid_bsn("11122233")
    assert v.normalize_bsn("1112.22.333") == "111222333"


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_bsn_agrees_with_elfproef(digits: str) -> None:
    assert v.is_valid_bsn(digits) == elfproef(digits)


@given(st.text(max_size=12))
def test_bsn_never_raises(text: str) -> None:
    assert v.is_valid_bsn(text) == elfproef(text)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1234 AB", "1234 AB"),
        ("1234ab", "1234 AB"),
        (" 2511cv ", "2511 CV"),
        ("0123 AB", None),
        ("1234 SA", None),
        ("1234 SD", None),
        ("1234 SS", None),
        ("12345 AB", None),
        # as people paste them (issue 13.10), normalised the way python-stdnum does
        ("NL-2611ET", "2611 ET"),
        ("2611  ET", "2611 ET"),
        ("2611\u00a0ET", "2611 ET"),
        ("2611-ET", "2611 ET"),
        ("nl 2611 et", "2611 ET"),
        ("2611\tET", "2611 ET"),
        ("NL-2611 SS", None),
        ("2611-SA", None),
        ("2611\u00a0SD", None),
        ("２６１１ET", None),
        ("2611 ETX", None),
        ("1234 A", None),
    ],
)
def test_postcodes(raw: str, expected: str | None) -> None:
    assert v.normalize_postcode(raw) == expected


LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@given(
    st.integers(1000, 9999),
    st.text(alphabet=LETTERS, min_size=2, max_size=2),
    st.booleans(),
    st.booleans(),
)
def test_postcode_properties(number: int, letters: str, space: bool, lower: bool) -> None:
    raw = f"{number}{' ' if space else ''}{letters.lower() if lower else letters}"
    result = v.normalize_postcode(raw)
    if letters in {"SA", "SD", "SS"}:
        assert result is None
    else:
        assert result == f"{number} {letters}"
        assert v.is_valid_postcode(result)
        assert v.normalize_postcode(result) == result


@given(st.text(max_size=10))
def test_postcode_never_raises(text: str) -> None:
    result = v.normalize_postcode(text)
    assert result is None or v.is_valid_postcode(result)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("06 12345678", "0612345678"),
        ("+31 6 1234 5678", "+31612345678"),
        ("+31 (0)6 1234 5678", "+31612345678"),
        ("0031612345678", "+31612345678"),
        ("+48 601 234 567", "+48601234567"),
        ("010-1234567", "0101234567"),
        ("12345", None),
        ("+31 6 123", None),
        ("phone", None),
        ("+0 123456789", None),
    ],
)
def test_phone(raw: str, expected: str | None) -> None:
    assert v.normalize_phone(raw) == expected


@pytest.mark.parametrize(
    ("raw", "ok"),
    [
        ("jan@voorbeeld.example", True),
        ("a.b+c@sub.domain.nl", True),
        ("no-at-sign.nl", False),
        ("two@@ats.nl", False),
        ("space in@x.nl", False),
        ("x@nodot", False),
        ("", False),
    ],
)
def test_email(raw: str, ok: bool) -> None:
    assert v.is_valid_email(raw) is ok


def test_codes() -> None:
    assert v.is_valid_country("PL") and v.is_valid_country("UA") and v.is_valid_country("RO")
    assert not v.is_valid_country("EU") and not v.is_valid_country("pl")
    assert v.is_valid_language("uk") and v.is_valid_language("ro")
    assert not v.is_valid_language("xx")


def test_dates_and_ranges() -> None:
    today = dt.date(2024, 5, 15)
    assert v.is_not_future(today, today)
    assert not v.is_not_future(dt.date(2024, 5, 16), today)
    assert v.is_not_before(dt.date(2024, 1, 1), dt.date(1990, 1, 1))
    assert not v.is_not_before(dt.date(1989, 1, 1), dt.date(1990, 1, 1))
    assert v.in_range(5, 0, 10) and not v.in_range(11, 0, 10) and v.in_range(-4, None, None)
