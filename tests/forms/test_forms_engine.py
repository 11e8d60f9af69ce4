"""Tests of the evaluation engine: visibility, requirement, calculations, repeats, errors."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any

import pytest

from inspector.forms import (
    Evaluation,
    FormDefinition,
    coerce_value,
    evaluate,
    load_form,
    parse_path,
    split_answers,
)

DATA = Path(__file__).parent / "data"
TODAY = dt.date(2024, 5, 15)


@pytest.fixture(scope="module")
def location() -> FormDefinition:
    return load_form(DATA / "locatie_test.yaml")


@pytest.fixture(scope="module")
def resident() -> FormDefinition:
    return load_form(DATA / "bewoner_test.yaml")


def bedroom(**kw: Any) -> dict[str, Any]:
    room: dict[str, Any] = {"area_m2": 9.5, "beds": 2, "persons": 2, "has_window": "no"}
    room.update(kw)
    return room


def complete_location(rooms: int = 3) -> dict[str, Any]:
    return {
        "accommodation_type": "dwelling",
        "floor_area_m2": 62.0,
        "persons_present": 7,
        "bedrooms": [bedroom() for _ in range(rooms)],
    }


def run(form: FormDefinition, answers: dict[str, Any]) -> Evaluation:
    return evaluate(form, answers, today=TODAY)


def test_complete_location(location: FormDefinition) -> None:
    ev = run(location, complete_location())
    assert ev.is_complete, ev.issues()
    assert ev.calculated["m2_per_person"] == 8.9
    assert ev.calculated["beds_total"] == 6
    assert ev.calculated["overcrowded"] == "yes"
    assert ev.calculated["bedrooms[1].m2_pp"] == 4.75
    assert ev.values["bedrooms"][0]["m2_pp"] == 4.75
    assert ev.sections == {"general": True, "bedrooms_page": True}


def test_required_and_missing_checklist(location: FormDefinition) -> None:
    ev = run(location, {})
    assert not ev.is_complete
    paths = [i.path for i in ev.missing]
    # accommodation_other's show_if is unknown while the type is unanswered: shown, so missing
    assert paths == [
        "accommodation_type",
        "accommodation_other",
        "floor_area_m2",
        "persons_present",
        "bedrooms",
    ]
    first = ev.missing[0]
    assert first.section_id == "general" and first.kind == "missing"
    assert first.message.get("pl") == "To pole jest wymagane."
    assert ev.errors("floor_area_m2", "en") == ["This field is required."]
    assert ev.required("floor_area_m2") and not ev.required("postcode")


def test_show_if_hides_and_unknown_shows(location: FormDefinition) -> None:
    ev = run(location, {})
    # unknown accommodation_type: the condition is unknown, so the field is shown
    assert ev.visible("accommodation_other")
    ev = run(location, {"accommodation_type": "dwelling"})
    assert not ev.visible("accommodation_other")
    assert "accommodation_other" not in [i.path for i in ev.missing]
    ev = run(location, {"accommodation_type": "other"})
    assert ev.visible("accommodation_other") and ev.required("accommodation_other")


def test_hidden_section_hides_its_fields_and_values(location: FormDefinition) -> None:
    answers = complete_location()
    answers["accommodation_type"] = "holiday_park"
    ev = run(location, answers)
    assert ev.sections["bedrooms_page"] is False
    assert not ev.visible("bedrooms") and not ev.visible("bedrooms[0].beds")
    assert "bedrooms" not in ev.values
    assert "beds_total" not in ev.calculated
    assert ev.is_complete, ev.issues()


def test_type_and_range_errors(location: FormDefinition) -> None:
    answers = complete_location()
    answers.update(persons_present=-1, floor_area_m2="lots", postcode="0000 XX")
    answers["inspection_date"] = dt.date(2030, 1, 1)
    ev = run(location, answers)
    invalid = {i.path: i.message.get("en") for i in ev.invalid}
    assert invalid["persons_present"] == "The value must be at least 0."
    assert invalid["floor_area_m2"] == "Enter a number."
    assert invalid["postcode"].startswith("Enter a valid Dutch postcode")
    assert invalid["inspection_date"] == "This date cannot be in the future."
    assert run(location, {"persons_present": -1}).errors("persons_present", "nl") == [
        "De waarde moet minstens 0 zijn."
    ]


def test_postcode_is_normalised(location: FormDefinition) -> None:
    answers = complete_location()
    answers["postcode"] = "1234ab"
    ev = run(location, answers)
    assert ev.value("postcode") == "1234 AB" and ev.is_complete


def test_constraint_in_repeat_uses_top_level_field(location: FormDefinition) -> None:
    answers = complete_location()
    answers["bedrooms"][1]["persons"] = 8
    ev = run(location, answers)
    assert [i.path for i in ev.invalid] == ["bedrooms[1].persons"]
    assert ev.invalid[0].message.get("en") == "More persons than present."
    assert ev.invalid[0].section_id == "bedrooms_page"


def test_same_instance_first_in_repeat(location: FormDefinition) -> None:
    answers = complete_location()
    answers["bedrooms"][0]["has_window"] = "yes"
    ev = run(location, answers)
    assert ev.visible("bedrooms[0].window_photo")
    assert not ev.visible("bedrooms[1].window_photo")


def test_division_by_zero_makes_the_field_invalid(location: FormDefinition) -> None:
    answers = complete_location()
    answers["bedrooms"][2]["persons"] = 0
    answers["persons_present"] = 0
    ev = run(location, answers)
    invalid = {i.path: i.message.get("en") for i in ev.invalid}
    assert invalid["m2_per_person"] == "Cannot be computed: division by zero."
    assert invalid["bedrooms[2].m2_pp"] == "Cannot be computed: division by zero."
    assert "m2_per_person" not in ev.calculated
    assert not ev.is_complete


def test_repeat_items_limits(location: FormDefinition) -> None:
    ev = run(location, complete_location(rooms=41))
    assert [i.path for i in ev.invalid] == ["bedrooms"]
    ev = run(location, complete_location(rooms=0))
    assert [i.path for i in ev.missing] == ["bedrooms"]


def test_hostile_answers_do_not_crash(location: FormDefinition) -> None:
    answers: dict[str, Any] = {
        "accommodation_type": ["not", "a", "string"],
        "floor_area_m2": float("inf"),
        "persons_present": True,
        "bedrooms": [None, "x", {"beds": "2"}, {"area_m2": 10**30}],
        "postcode": 1234,
    }
    ev = run(location, answers)
    assert not ev.is_complete
    assert ev.calculated["beds_total"] == 0


def test_dates_and_birth_rules(resident: FormDefinition) -> None:
    answers: dict[str, Any] = {
        "birth_date": dt.date(1990, 6, 1),
        "arrival_date": dt.date(1980, 1, 1),
        "nationality": ["PL", "UA"],
    }
    ev = run(resident, answers)
    assert ev.calculated["age_years"] == 33
    assert ev.calculated["months_in_nl"] == 532
    assert ev.errors("arrival_date", "ro") == ["Sosirea nu poate fi înainte de naștere."]
    assert ev.visible("polish_id") and ev.required("polish_id")
    ev = run(resident, {"birth_date": dt.date(2030, 1, 1)})
    assert ev.errors("birth_date", "uk") == ["Ця дата не може бути в майбутньому."]
    # an invalid birth date counts as unanswered: age unknown, so polish_id is not required
    assert ev.visible("polish_id") and not ev.required("polish_id")
    assert not run(resident, {"nationality": ["RO"]}).visible("polish_id")


def test_repeat_field_shadows_top_level(resident: FormDefinition) -> None:
    answers: dict[str, Any] = {
        "birth_date": dt.date(1990, 6, 1),
        "arrival_date": dt.date(2020, 1, 1),
        "kids": [{"birth_date": dt.date(2019, 1, 1)}, {"birth_date": dt.date(2021, 1, 1)}, {}],
    }
    ev = run(resident, answers)
    assert ev.value("kids[0].born_before_parent_arrived") == "yes"
    assert ev.value("kids[1].born_before_parent_arrived") == "no"
    assert ev.value("kids[2].born_before_parent_arrived") is None


def test_evaluate_does_not_change_answers(location: FormDefinition) -> None:
    answers = complete_location()
    answers["postcode"] = "1234ab"
    before = repr(answers)
    run(location, answers)
    assert repr(answers) == before


def test_split_answers_keeps_removed(location: FormDefinition) -> None:
    answers = complete_location(rooms=2)
    answers["old_question"] = "kept"
    answers["bedrooms"][1]["old_sub"] = 3
    known, removed = split_answers(location, answers)
    assert removed == {"old_question": "kept", "bedrooms[1].old_sub": 3}
    assert "old_question" not in known
    assert known["bedrooms"][1] == bedroom()
    assert run(location, known).is_complete


@pytest.mark.parametrize(
    ("field_id", "raw", "value"),
    [
        ("floor_area_m2", "62,5", 62.5),
        ("floor_area_m2", "1.234,5", 1234.5),
        ("floor_area_m2", "1,234.5", 1234.5),
        ("persons_present", " 7 ", 7),
        ("inspection_date", "1-3-2024", dt.date(2024, 3, 1)),
        ("inspection_date", "2024-03-01", dt.date(2024, 3, 1)),
        ("inspection_date", "01.03.2024", dt.date(2024, 3, 1)),
        ("postcode", "2511cv", "2511 CV"),
        ("accommodation_type", "dwelling", "dwelling"),
        ("postcode", "", None),
        ("bedrooms.has_window", "ja", "yes"),
    ],
)
def test_coerce_ok(location: FormDefinition, field_id: str, raw: str, value: object) -> None:
    result = coerce_value(location.field(field_id), raw, today=TODAY)
    assert result.ok and result.value == value


@pytest.mark.parametrize(
    ("field_id", "raw", "en"),
    [
        ("floor_area_m2", "veel", "Enter a number."),
        ("floor_area_m2", "nan", "Enter a number."),
        ("persons_present", "7.5", "Enter a whole number."),
        ("persons_present", "501", "The value must be at most 500."),
        ("inspection_date", "31-02-2024", "Enter a valid date (dd-mm-yyyy)."),
        ("inspection_date", "1-1-2099", "This date cannot be in the future."),
        ("postcode", "1234 SS", "Enter a valid Dutch postcode, for example 1234 AB."),
        ("accommodation_type", "castle", "Choose one of the options."),
    ],
)
def test_coerce_errors(location: FormDefinition, field_id: str, raw: str, en: str) -> None:
    result = coerce_value(location.field(field_id), raw, today=TODAY)
    assert not result.ok and result.value is None
    assert result.error is not None and result.error.get("en") == en


def test_coerce_resident_types(resident: FormDefinition) -> None:
    assert coerce_value(resident.field("bsn"), "1112 22 333").value == "111222333"
    assert not coerce_value(resident.field("bsn"), "000000000").ok
    assert coerce_value(resident.field("nationality"), "pl, ua").value == ["PL", "UA"]
    assert not coerce_value(resident.field("nationality"), "pl, xx").ok


def test_parse_path() -> None:
    assert parse_path("beds") == ("beds", None, None)
    assert parse_path("bedrooms[12].beds") == ("bedrooms", 12, "beds")


def test_performance_twenty_bedrooms(location: FormDefinition) -> None:
    answers = complete_location(rooms=20)
    run(location, answers)
    rounds = 50
    start = time.perf_counter()
    for i in range(rounds):
        answers["bedrooms"][i % 20]["beds"] = i % 4
        run(location, answers)
    per_call = (time.perf_counter() - start) / rounds
    # generous bound so that a loaded CI machine does not flake; typical is well under 1 ms
    assert per_call < 0.02
