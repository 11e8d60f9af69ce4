"""Tests for ICAO 9303 MRZ parsing, check digits and comparison with entered data."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inspector.documents.mrz import (
    MrzError,
    char_value,
    check_digit,
    compare,
    document_expired,
    names_match,
    parse_mrz,
)

TODAY = date(2025, 6, 1)

# The specimens printed in ICAO Doc 9303 Part 4 (TD3) and Part 5 (TD1).
TD3 = (
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
)
TD1 = (
    "I<UTOD231458907<<<<<<<<<<<<<<<",
    "7408122F1204159UTO<<<<<<<<<<<6",
    "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
)

# Positions covered by a check digit (line index, column), including the check digits.
TD3_CHECKED = [(1, c) for c in [*range(0, 10), *range(13, 20), *range(21, 44)]]
TD1_CHECKED = [(0, c) for c in range(5, 30)] + [(1, c) for c in [*range(0, 7), *range(8, 15)]]
TD1_CHECKED += [(1, c) for c in range(18, 30)]
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<"


def test_check_digit_values() -> None:
    assert char_value("<") == 0
    assert char_value("A") == 10
    assert char_value("Z") == 35
    assert check_digit("L898902C3") == "6"
    assert check_digit("740812") == "2"
    assert check_digit("120415") == "9"
    assert check_digit("ZE184226B<<<<<") == "1"
    assert check_digit("D23145890") == "7"


def test_td3_specimen() -> None:
    result = parse_mrz("\n".join(TD3), today=TODAY)
    assert result.valid
    assert result.format == "TD3"
    assert result.document_code == "P"
    assert result.issuing_state == "UTO"
    assert result.surname == "ERIKSSON"
    assert result.given_names == "ANNA MARIA"
    assert result.document_number == "L898902C3"
    assert result.nationality == "UTO"
    assert result.birth_date == date(1974, 8, 12)
    assert result.sex == "F"
    assert result.expiry_date == date(2012, 4, 15)
    assert result.optional_data == "ZE184226B"
    assert [c.name for c in result.checks] == [
        "document_number",
        "birth_date",
        "expiry_date",
        "optional_data",
        "composite",
    ]
    assert not result.name_truncated


def test_td1_specimen() -> None:
    result = parse_mrz("\n".join(TD1), today=TODAY)
    assert result.valid
    assert result.format == "TD1"
    assert result.document_code == "I"
    assert result.document_number == "D23145890"
    assert (result.surname, result.given_names) == ("ERIKSSON", "ANNA MARIA")
    assert result.birth_date == date(1974, 8, 12)
    assert result.expiry_date == date(2012, 4, 15)
    assert result.nationality == "UTO"
    assert [c.name for c in result.checks] == [
        "document_number",
        "birth_date",
        "expiry_date",
        "composite",
    ]


def _with_composite(l1: str, l2: str) -> str:
    composite = check_digit(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29])
    return l2[:29] + composite


def test_td1_long_document_number_overflows_into_optional_data() -> None:
    # ICAO Doc 9303 Part 5: number D23145890734, check digit 9, '<' at position 15.
    line1 = "I<UTOD23145890<7349<<<<<<<<<<<"
    line2 = _with_composite(line1, TD1[1])
    result = parse_mrz("\n".join([line1, line2, TD1[2]]), today=TODAY)
    assert result.document_number == "D23145890734"
    assert result.optional_data == ""
    assert result.valid
    broken = line1.replace("7349", "7348")
    result = parse_mrz("\n".join([broken, _with_composite(broken, TD1[1]), TD1[2]]))
    number_check = result.checks[0]
    assert (number_check.ok, number_check.expected, number_check.found) == (False, "9", "8")


def test_td1_long_number_keeps_following_optional_data() -> None:
    line1 = "I<UTOD23145890<7349<AB12<<<<<<"
    line2 = _with_composite(line1, TD1[1])
    result = parse_mrz("\n".join([line1, line2, TD1[2]]), today=TODAY)
    assert result.document_number == "D23145890734"
    assert result.optional_data == "AB12"
    assert result.valid


@pytest.mark.parametrize(
    "text",
    [
        "  " + TD3[0].lower() + "\r\n" + TD3[1].lower() + "\r\n\r\n",
        "\n\n" + TD3[0] + "\n   " + TD3[1] + "   \n",
        TD3[0] + "\r" + TD3[1],
    ],
)
def test_pasted_text_is_tolerated(text: str) -> None:
    assert parse_mrz(text, today=TODAY).valid


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty"),
        ("   \n  ", "empty"),
        (TD3[0], "line_count"),
        ("\n".join([*TD1, TD1[0]]), "line_count"),
        (TD3[0] + "\n" + TD3[1][:-1], "line_length"),
        (TD3[0][:30] + "\n" + TD3[1][:30], "line_length"),
        ("\n".join([TD1[0], TD1[1] + "<", TD1[2]]), "line_length"),
        (TD3[0] + "\n" + TD3[1][:36], "line_length"),
        ("D1FRA13AA000026181231MARTIN<<9", "driving_licence"),
        (TD3[0] + "\n" + TD3[1][:20] + " " + TD3[1][21:], "space_in_line"),
        (TD3[0] + "\n" + TD3[1][:20] + "«" + TD3[1][21:], "illegal_character"),
        (TD3[0].replace("ERIKSSON", "ÉRIKSSON") + "\n" + TD3[1], "illegal_character"),
        (TD3[0] + "\n" + TD3[1].replace("L898902C3", "L898902-3"), "illegal_character"),
    ],
)
def test_bad_layout_raises_clear_error(text: str, code: str) -> None:
    with pytest.raises(MrzError) as info:
        parse_mrz(text)
    message = info.value.message
    assert message.code == code == info.value.code
    for sentence in (message.nl, message.en):
        assert sentence.endswith(".")
        assert sentence[0].isupper()
    assert str(info.value) == message.en


def test_illegal_character_message_names_line_and_position() -> None:
    with pytest.raises(MrzError) as info:
        parse_mrz(TD3[0] + "\n" + TD3[1][:20] + "#" + TD3[1][21:])
    assert "Line 2, position 21" in info.value.message.en
    assert "Regel 2, positie 21" in info.value.message.nl


@pytest.mark.parametrize(
    ("yy", "expected_year"),
    [("74", 1974), ("00", 2000), ("25", 1925), ("24", 2024), ("99", 1999)],
)
def test_birth_century_is_never_in_the_future(yy: str, expected_year: int) -> None:
    line2 = TD3[1][:13] + yy + "0812" + check_digit(yy + "0812") + TD3[1][20:]
    line2 = line2[:43] + check_digit(line2[0:10] + line2[13:20] + line2[21:43])
    result = parse_mrz(TD3[0] + "\n" + line2, today=TODAY)
    assert result.valid
    assert result.birth_date == date(expected_year, 8, 12)


def _with_expiry(yymmdd: str) -> str:
    line2 = TD3[1][:21] + yymmdd + check_digit(yymmdd) + TD3[1][28:43]
    return TD3[0] + "\n" + line2 + check_digit(line2[0:10] + line2[13:20] + line2[21:43])


@pytest.mark.parametrize(
    ("yymmdd", "expected"),
    [
        ("991231", date(1999, 12, 31)),  # expired long ago: read as 1999, so it is blocked
        ("950101", date(1995, 1, 1)),
        ("350531", date(2035, 5, 31)),  # ten years ahead, the longest a passport is valid
        ("250531", date(2025, 5, 31)),  # expired yesterday
        ("760601", date(1976, 6, 1)),  # 49 years back: still placed
    ],
)
def test_expiry_century_lies_in_a_bounded_window(yymmdd: str, expected: date) -> None:
    result = parse_mrz(_with_expiry(yymmdd), today=TODAY)
    assert result.valid
    assert result.expiry_date == expected
    assert result.problems == []
    assert document_expired(result.expiry_date, TODAY) == (expected < TODAY)


@pytest.mark.parametrize("yymmdd", ["400101", "700101", "750531"])
def test_expiry_outside_every_window_is_an_error_not_a_guess(yymmdd: str) -> None:
    result = parse_mrz(_with_expiry(yymmdd), today=TODAY)
    assert result.valid  # the check digits are fine: it is the content that cannot be right
    assert result.expiry_date is None
    assert [p.code for p in result.problems] == ["expiry_date_out_of_window"]
    assert yymmdd in result.problems[0].nl


def test_unknown_birth_date_is_none_without_a_problem() -> None:
    line2 = TD3[1][:13] + "<<<<<<<" + TD3[1][20:43]
    line2 += check_digit(line2[0:10] + line2[13:20] + line2[21:43])
    result = parse_mrz(TD3[0] + "\n" + line2, today=TODAY)
    assert result.birth_date is None
    assert result.problems == []
    assert result.checks[1].expected == "0"


def test_impossible_date_is_a_problem() -> None:
    line2 = TD3[1][:13] + "741332" + check_digit("741332") + TD3[1][20:43]
    line2 += check_digit(line2[0:10] + line2[13:20] + line2[21:43])
    result = parse_mrz(TD3[0] + "\n" + line2, today=TODAY)
    assert result.valid
    assert result.birth_date is None
    assert [p.code for p in result.problems] == ["birth_date_invalid"]


def test_empty_personal_number_may_have_filler_check_digit() -> None:
    line2 = TD3[1][:28] + "<" * 15
    line2 += check_digit(line2[0:10] + line2[13:20] + line2[21:43])
    result = parse_mrz(TD3[0] + "\n" + line2, today=TODAY)
    assert result.valid
    assert result.optional_data == ""


def _mutate(lines: tuple[str, ...], row: int, col: int, char: str) -> str:
    changed = list(lines)
    changed[row] = changed[row][:col] + char + changed[row][col + 1 :]
    return "\n".join(changed)


@given(data=st.data())
@pytest.mark.parametrize(("lines", "positions"), [(TD3, TD3_CHECKED), (TD1, TD1_CHECKED)])
def test_single_character_mutation_is_detected(
    lines: tuple[str, ...], positions: list[tuple[int, int]], data: st.DataObject
) -> None:
    row, col = data.draw(st.sampled_from(positions))
    original = lines[row][col]
    # Weights 7, 3, 1 modulo 10 catch every substitution whose value differs modulo 10.
    replacements = [
        c for c in ALPHABET if c != original and char_value(c) % 10 != char_value(original) % 10
    ]
    new = data.draw(st.sampled_from(replacements))
    assert not parse_mrz(_mutate(lines, row, col, new), today=TODAY).valid


@pytest.mark.parametrize(("lines", "positions"), [(TD3, TD3_CHECKED), (TD1, TD1_CHECKED)])
def test_every_mutation_of_a_check_digit_is_detected(
    lines: tuple[str, ...], positions: list[tuple[int, int]]
) -> None:
    check_positions = {(1, 9), (1, 19), (1, 27), (1, 42), (1, 43)}
    if lines is TD1:
        check_positions = {(0, 14), (1, 6), (1, 14), (1, 29)}
    for row, col in sorted(check_positions):
        for char in ALPHABET:
            if char == lines[row][col]:
                continue
            text = _mutate(lines, row, col, char)
            if (row, col) == (1, 42) and char == "<":
                continue  # '<' is only a valid optional-data check digit for an empty field
            result = parse_mrz(text, today=TODAY)
            if (row, col) == (0, 14) and char == "<":
                # '<' there announces a long document number: a different reading, which
                # must fail too.
                assert not result.valid
                continue
            assert not result.valid, (row, col, char)


def test_known_blind_spot_of_the_algorithm() -> None:
    # C (12) and 2 have the same value modulo 10: no check digit can tell them apart. The
    # screens therefore always show the read document number for the officer to compare.
    assert parse_mrz(_mutate(TD3, 1, 7, "2"), today=TODAY).valid


def test_compare_specimen_with_matching_entry() -> None:
    result = parse_mrz("\n".join(TD3), today=TODAY)
    entered = {
        "surname": "Eriksson",
        "given_names": "Anna-Maria",
        "document_number": "l898902c3",
        "birth_date": date(1974, 8, 12),
        "sex": "V",
        "expiry_date": "2012-04-15",
        "nationality": "UTO",
        "issuing_country": "uto",
    }
    assert compare(result, entered) == []


def test_compare_reports_each_difference() -> None:
    result = parse_mrz("\n".join(TD3), today=TODAY)
    entered = {
        "surname": "Eriksen",
        "given_names": "Anna",
        "document_number": "L898902C4",
        "birth_date": "1974-08-13",
        "sex": "M",
        "expiry_date": date(2013, 4, 15),
        "nationality": "PL",
        "issuing_country": "",
    }
    fields = [m.field for m in compare(result, entered)]
    assert fields == [
        "surname",
        "given_names",
        "document_number",
        "birth_date",
        "expiry_date",
        "sex",
        "nationality",
    ]
    mismatch = compare(result, {"birth_date": "1974-08-13"})[0]
    assert (mismatch.mrz_value, mismatch.entered_value) == ("1974-08-12", "1974-08-13")


def _passport(state: str, nationality: str, name: str) -> str:
    line1 = ("P<" + state.ljust(3, "<") + name).ljust(44, "<")
    line2 = TD3[1][:10] + nationality.ljust(3, "<") + TD3[1][13:]
    return line1 + "\n" + line2


def test_compare_countries_alpha3_and_german_d() -> None:
    german = parse_mrz(_passport("D", "D", "MUSTERMANN<<ERIKA"), today=TODAY)
    assert german.issuing_state == "D"
    assert compare(german, {"nationality": "DE", "issuing_country": "Duitsland"}) == []
    polish = parse_mrz(_passport("POL", "POL", "TESTOWA<<ANNA"), today=TODAY)
    assert compare(polish, {"nationality": "pl", "issuing_country": "Polen"}) == []
    wrong = compare(polish, {"nationality": "RO"})
    assert [(m.field, m.mrz_value, m.entered_value) for m in wrong] == [("nationality", "PL", "RO")]


@pytest.mark.parametrize(
    ("mrz_name", "entered"),
    [
        ("MUELLER", "Müller"),
        ("MULLER", "Müller"),
        ("GROSS", "Groß"),
        ("LUKASZ", "Łukasz"),
        ("WOZNIAK", "Woźniak"),
        ("SZCZESNA", "Szczęsna"),
        ("STEFANESCU", "Ștefănescu"),
        ("TESTOWA ZIELINSKA", "Testowa-Zielińska"),
        ("OBRIEN", "O'Brien"),
        ("TESTOVYI", "Тестовий"),
        ("PETRO", "Петро"),
        ("SHEVCHENKO", "Шевченко"),
        ("HRYHORII", "Григорій"),
        ("YULIIA", "Юлія"),
        ("IULIIA", "Юлія"),
        ("ZHOVKVA", "Жовква"),
        ("KHARKIV", "Харків"),
        ("EXEMPLU", "exemplu"),
        ("AASEN", "Åsen"),
        ("ASEN", "Åsen"),
    ],
)
def test_names_match_icao_transliteration(mrz_name: str, entered: str) -> None:
    assert names_match(mrz_name, entered)


@pytest.mark.parametrize(
    ("mrz_name", "entered"), [("MILLER", "Müller"), ("ANNA", "Anna Maria"), ("PETRA", "Петро")]
)
def test_names_that_differ(mrz_name: str, entered: str) -> None:
    assert not names_match(mrz_name, entered)


def test_truncated_names_match_on_their_beginning() -> None:
    name = "TESTOWA<<KATARZYNA<MAGDALENA<ALEKSANDRA<WIK"
    result = parse_mrz(_passport("POL", "POL", name[:39]), today=TODAY)
    assert result.name_truncated
    entered = {"surname": "Testowa", "given_names": "Katarzyna Magdalena Aleksandra Wiktoria"}
    assert compare(result, entered) == []
    assert compare(result, {"given_names": "Katarzyna Magdalena"}) != []


def test_document_expired() -> None:
    assert document_expired(date(2012, 4, 15), date(2012, 4, 16))
    assert not document_expired(date(2012, 4, 15), date(2012, 4, 15))
    assert not document_expired(None, TODAY)


def test_result_is_frozen() -> None:
    result = parse_mrz("\n".join(TD3), today=TODAY)
    with pytest.raises(AttributeError):
        result.surname = "X"  # type: ignore[misc]
    assert replace(result, checks=[]).valid


@given(
    st.sampled_from([(2, 44), (2, 36), (3, 30)]).flatmap(
        lambda shape: st.lists(
            st.text(alphabet=ALPHABET, min_size=shape[1], max_size=shape[1]),
            min_size=shape[0],
            max_size=shape[0],
        )
    )
)
def test_any_well_formed_text_parses_without_crashing(lines: list[str]) -> None:
    try:
        result = parse_mrz("\n".join(lines), today=TODAY)
    except MrzError as exc:  # refused for what it is, never a crash
        assert exc.code in ("driving_licence", "french_id_card")
        return
    assert result.format in ("TD1", "TD2", "TD3", "MRV-A", "MRV-B")
    assert all(len(check.expected) == 1 for check in result.checks)
    assert (result.refusal is None) == (result.document_kind in ("passport", "identity_card"))


@given(st.text(max_size=200))
def test_arbitrary_text_raises_only_mrz_error(text: str) -> None:
    try:
        parse_mrz(text, today=TODAY)
    except MrzError as exc:
        assert exc.message.nl and exc.message.en
