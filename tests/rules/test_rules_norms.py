"""Norm findings: a table of location answers and the outcome and message each must give."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import pytest

from inspector.rules import LOCATION, Finding, burners_needed, compute
from inspector.settings import Norms

TODAY = date(2025, 3, 1)
#: The table runs with a local maximum of persons switched on (it is off by default).
NORMS = Norms(max_persons_per_dwelling=4, max_persons_source="Omgevingsplan Voorbeeld art. 4.2")


def findings(loc: Mapping[str, Any] | None, norms: Norms = NORMS) -> list[Finding]:
    return compute(loc, [], norms, today=TODAY).findings


def one(loc: Mapping[str, Any] | None, code: str, subject: str = LOCATION) -> Finding:
    matches = [f for f in findings(loc) if f.code == code and f.subject == subject]
    assert len(matches) == 1, (code, subject, findings(loc))
    return matches[0]


# (case id, answers, code, subject, outcome, part of the nl message, part of the en message)
CASES: list[tuple[str, dict[str, Any], str, str, str, str, str]] = [
    # usable floor area per person: 12 m²
    (
        "area breach",
        {"floor_area_m2": 62, "persons_present": 7},
        "floor_area_per_person",
        LOCATION,
        "breach",
        "7 personen op 62 m²: 8,9 m² per persoon, norm 12 m²",
        "7 persons on 62 m²: 8.9 m² per person, norm 12 m²",
    ),
    (
        "area exactly on norm",
        {"floor_area_m2": 84, "persons_present": 7},
        "floor_area_per_person",
        LOCATION,
        "ok",
        "12 m² per persoon",
        "12 m² per person",
    ),
    (
        "area one below",
        {"floor_area_m2": 83, "persons_present": 7},
        "floor_area_per_person",
        LOCATION,
        "breach",
        "11,9 m² per persoon",
        "11.9 m² per person",
    ),
    (
        "area one above",
        {"floor_area_m2": 85, "persons_present": 7},
        "floor_area_per_person",
        LOCATION,
        "ok",
        "12,1 m² per persoon",
        "12.1 m² per person",
    ),
    (
        "area just below never reads as the norm",
        {"floor_area_m2": 83.72, "persons_present": 7},
        "floor_area_per_person",
        LOCATION,
        "breach",
        "11,96 m² per persoon",
        "11.96 m²",
    ),
    (
        "area one person",
        {"floor_area_m2": 30, "persons_present": 1},
        "floor_area_per_person",
        LOCATION,
        "ok",
        "1 persoon op 30 m²",
        "1 person on 30 m²",
    ),
    (
        "area missing",
        {"persons_present": 7},
        "floor_area_per_person",
        LOCATION,
        "unknown",
        "Nog niet bekend: gebruiksoppervlakte ontbreekt",
        "Not yet known: floor area missing",
    ),
    (
        "persons missing",
        {"floor_area_m2": 62},
        "floor_area_per_person",
        LOCATION,
        "unknown",
        "aantal bewoners ontbreekt",
        "number of residents missing",
    ),
    (
        "zero persons",
        {"floor_area_m2": 62, "persons_present": 0},
        "floor_area_per_person",
        LOCATION,
        "ok",
        "Geen bewoners",
        "No residents",
    ),
    (
        "zero persons, no area",
        {"persons_present": 0},
        "floor_area_per_person",
        LOCATION,
        "ok",
        "Geen bewoners",
        "No residents",
    ),
    # maximum persons per dwelling: 4 not forming one household
    (
        "max persons on norm",
        {"persons_present": 4},
        "max_persons_per_dwelling",
        LOCATION,
        "ok",
        "4 personen, maximum 4 per woning",
        "4 persons, maximum 4 per dwelling",
    ),
    (
        "max persons above, no household",
        {"persons_present": 5, "single_household": "no"},
        "max_persons_per_dwelling",
        LOCATION,
        "breach",
        "5 personen die geen huishouden vormen",
        "5 persons not forming one household",
    ),
    (
        "max persons above, one household",
        {"persons_present": 6, "single_household": "yes"},
        "max_persons_per_dwelling",
        LOCATION,
        "ok",
        "één huishouden",
        "one household",
    ),
    (
        "max persons above, household unknown",
        {"persons_present": 6},
        "max_persons_per_dwelling",
        LOCATION,
        "unknown",
        "Nog niet bekend",
        "Not yet known",
    ),
    (
        "max persons missing",
        {},
        "max_persons_per_dwelling",
        LOCATION,
        "unknown",
        "aantal bewoners ontbreekt",
        "number of residents missing",
    ),
    # toilets and showers: 1 per 8 persons
    (
        "toilets 8 persons 1 toilet",
        {"persons_present": 8, "toilets": 1},
        "toilets_per_persons",
        LOCATION,
        "ok",
        "8 personen, 1 toilet",
        "8 persons, 1 toilet",
    ),
    (
        "toilets 9 persons 1 toilet",
        {"persons_present": 9, "toilets": 1},
        "toilets_per_persons",
        LOCATION,
        "breach",
        "9 personen, 1 toilet: norm 1 per 8 personen, nodig 2",
        "9 persons, 1 toilet: norm 1 per 8 persons, 2 needed",
    ),
    (
        "toilets 9 persons 2 toilets",
        {"persons_present": 9, "toilets": 2},
        "toilets_per_persons",
        LOCATION,
        "ok",
        "2 toiletten",
        "2 toilets",
    ),
    (
        "toilets none",
        {"persons_present": 1, "toilets": 0},
        "toilets_per_persons",
        LOCATION,
        "breach",
        "0 toiletten",
        "0 toilets",
    ),
    (
        "toilets missing",
        {"persons_present": 3},
        "toilets_per_persons",
        LOCATION,
        "unknown",
        "aantal toiletten ontbreekt",
        "number of toilets missing",
    ),
    (
        "toilets zero persons",
        {"persons_present": 0, "toilets": 0},
        "toilets_per_persons",
        LOCATION,
        "ok",
        "Geen bewoners",
        "No residents",
    ),
    (
        "showers 16 persons 2 showers",
        {"persons_present": 16, "showers": 2},
        "showers_per_persons",
        LOCATION,
        "ok",
        "2 douches",
        "2 showers",
    ),
    (
        "showers 17 persons 2 showers",
        {"persons_present": 17, "showers": 2},
        "showers_per_persons",
        LOCATION,
        "breach",
        "nodig 3",
        "3 needed",
    ),
    # fridge/freezer: 30 litres per person
    (
        "fridge on norm",
        {"persons_present": 5, "fridge_freezer_litres": 150},
        "fridge_litres_per_person",
        LOCATION,
        "ok",
        "30 liter per persoon",
        "30 litres per person",
    ),
    (
        "fridge below",
        {"persons_present": 5, "fridge_freezer_litres": 149},
        "fridge_litres_per_person",
        LOCATION,
        "breach",
        "29,8 liter per persoon, norm 30 liter",
        "29.8 litres per person, norm 30 litres",
    ),
    (
        "fridge missing",
        {"persons_present": 5},
        "fridge_litres_per_person",
        LOCATION,
        "unknown",
        "inhoud koelkast/vriezer ontbreekt",
        "fridge/freezer capacity missing",
    ),
    # burners
    (
        "burners 8 persons 4",
        {"persons_present": 8, "burners": 4},
        "burners",
        LOCATION,
        "ok",
        "nodig 4",
        "4 needed",
    ),
    (
        "burners 8 persons 3",
        {"persons_present": 8, "burners": 3},
        "burners",
        LOCATION,
        "breach",
        "3 kookpitten: nodig 4",
        "3 burners: 4 needed",
    ),
    (
        "burners 9 persons 4",
        {"persons_present": 9, "burners": 4},
        "burners",
        LOCATION,
        "breach",
        "nodig 5",
        "5 needed",
    ),
    (
        "burners 9 persons 5",
        {"persons_present": 9, "burners": 5},
        "burners",
        LOCATION,
        "ok",
        "nodig 5",
        "5 needed",
    ),
    (
        "burners 30 persons 15",
        {"persons_present": 30, "burners": 15},
        "burners",
        LOCATION,
        "ok",
        "nodig 15",
        "15 needed",
    ),
    (
        "burners 30 persons 14",
        {"persons_present": 30, "burners": 14},
        "burners",
        LOCATION,
        "breach",
        "nodig 15",
        "15 needed",
    ),
    (
        "burners 31 persons 16",
        {"persons_present": 31, "burners": 16},
        "burners",
        LOCATION,
        "ok",
        "nodig 16",
        "16 needed",
    ),
    (
        "burners 31 persons 15",
        {"persons_present": 31, "burners": 15},
        "burners",
        LOCATION,
        "breach",
        "nodig 16",
        "16 needed",
    ),
    (
        "burners 1 person 1",
        {"persons_present": 1, "burners": 1},
        "burners",
        LOCATION,
        "breach",
        "1 kookpit: nodig 4",
        "1 burner: 4 needed",
    ),
    # sockets: 1 per resident
    (
        "sockets on norm",
        {"persons_present": 7, "sockets": 7},
        "sockets_per_resident",
        LOCATION,
        "ok",
        "7 stopcontacten",
        "7 power sockets",
    ),
    (
        "sockets below",
        {"persons_present": 7, "sockets": 6},
        "sockets_per_resident",
        LOCATION,
        "breach",
        "6 stopcontacten: norm 1 per bewoner, nodig 7",
        "6 power sockets: norm 1 per resident, 7 needed",
    ),
    # fire extinguisher: 6 litres, inspected, within 5 m
    (
        "extinguisher all good",
        {
            "extinguisher_present": "yes",
            "extinguisher_litres": 6,
            "extinguisher_inspected": "yes",
            "extinguisher_distance_m": 5,
        },
        "fire_extinguisher",
        LOCATION,
        "ok",
        "Brandblusser van 6 liter, gekeurd, 5 m van de kookplek",
        "Fire extinguisher of 6 litres, inspected, 5 m from the cooking place",
    ),
    (
        "extinguisher absent",
        {"extinguisher_present": "no"},
        "fire_extinguisher",
        LOCATION,
        "breach",
        "Geen brandblusser aanwezig",
        "No fire extinguisher present",
    ),
    (
        "extinguisher too small",
        {
            "extinguisher_present": "yes",
            "extinguisher_litres": 2,
            "extinguisher_inspected": "yes",
            "extinguisher_distance_m": 2,
        },
        "fire_extinguisher",
        LOCATION,
        "breach",
        "2 liter (norm minimaal 6 liter)",
        "2 litres (norm at least 6 litres)",
    ),
    (
        "extinguisher too far",
        {
            "extinguisher_present": "yes",
            "extinguisher_litres": 6,
            "extinguisher_inspected": "yes",
            "extinguisher_distance_m": 5.5,
        },
        "fire_extinguisher",
        LOCATION,
        "breach",
        "5,5 m van de kookplek",
        "5.5 m from the cooking place",
    ),
    (
        "extinguisher not inspected",
        {
            "extinguisher_present": "yes",
            "extinguisher_litres": 6,
            "extinguisher_inspected": "no",
            "extinguisher_distance_m": 1,
        },
        "fire_extinguisher",
        LOCATION,
        "breach",
        "niet gekeurd",
        "not inspected",
    ),
    (
        "extinguisher breach beats unknown",
        {"extinguisher_present": "yes", "extinguisher_inspected": "no"},
        "fire_extinguisher",
        LOCATION,
        "breach",
        "niet gekeurd",
        "not inspected",
    ),
    (
        "extinguisher incomplete",
        {"extinguisher_present": "yes", "extinguisher_litres": 6},
        "fire_extinguisher",
        LOCATION,
        "unknown",
        "keuring, afstand tot de kookplek ontbreekt",
        "inspection, distance to the cooking place missing",
    ),
    (
        "extinguisher unanswered",
        {},
        "fire_extinguisher",
        LOCATION,
        "unknown",
        "Nog niet bekend",
        "Not yet known",
    ),
    (
        "extinguisher unknown answer",
        {"extinguisher_present": "unknown"},
        "fire_extinguisher",
        LOCATION,
        "unknown",
        "Nog niet bekend",
        "Not yet known",
    ),
    # smoke detectors
    (
        "smoke all good",
        {
            "smoke_detectors_present": "yes",
            "smoke_detectors_working": "yes",
            "smoke_detectors_every_floor": "yes",
        },
        "smoke_detectors",
        LOCATION,
        "ok",
        "Werkende rookmelders op elke verdieping",
        "Working smoke detectors on every floor",
    ),
    (
        "smoke none",
        {"smoke_detectors_present": "no"},
        "smoke_detectors",
        LOCATION,
        "breach",
        "Geen rookmelders",
        "No smoke detectors",
    ),
    (
        "smoke not working",
        {"smoke_detectors_present": "yes", "smoke_detectors_working": "no"},
        "smoke_detectors",
        LOCATION,
        "breach",
        "niet alle rookmelders werken",
        "not all smoke detectors work",
    ),
    (
        "smoke floors unknown",
        {"smoke_detectors_present": "yes", "smoke_detectors_working": "yes"},
        "smoke_detectors",
        LOCATION,
        "unknown",
        "verdiepingen ontbreekt",
        "floors missing",
    ),
    # bedrooms: 3.5 m² per person and advice of 1 person per bedroom
    (
        "bedroom breach",
        {"bedrooms": [{"area_m2": 12, "persons": 1}, {"area_m2": 8, "persons": 3}]},
        "bedroom_area_per_person",
        "bedroom:2",
        "breach",
        "Slaapkamer 2: 3 personen op 8 m²: 2,7 m² per persoon, norm 3,5 m²",
        "Bedroom 2: 3 persons on 8 m²: 2.7 m² per person, norm 3.5 m²",
    ),
    (
        "bedroom exactly on norm",
        {"bedrooms": [{"area_m2": 10.5, "persons": 3}]},
        "bedroom_area_per_person",
        "bedroom:1",
        "ok",
        "3,5 m² per persoon",
        "3.5 m² per person",
    ),
    (
        "bedroom one below",
        {"bedrooms": [{"area_m2": 6.9, "persons": 2}]},
        "bedroom_area_per_person",
        "bedroom:1",
        "breach",
        "3,45 m² per persoon",
        "3.45 m² per person",
    ),
    (
        "bedroom empty",
        {"bedrooms": [{"area_m2": 6, "persons": 0}]},
        "bedroom_area_per_person",
        "bedroom:1",
        "ok",
        "Slaapkamer 1: niemand slaapt hier",
        "Bedroom 1: nobody sleeps here",
    ),
    (
        "bedroom area missing",
        {"bedrooms": [{"persons": 2}]},
        "bedroom_area_per_person",
        "bedroom:1",
        "unknown",
        "Slaapkamer 1: Nog niet bekend: oppervlakte ontbreekt",
        "Bedroom 1: Not yet known: floor area missing",
    ),
    (
        "no bedrooms entered",
        {"persons_present": 3},
        "bedroom_area_per_person",
        LOCATION,
        "unknown",
        "slaapkamers ontbreekt",
        "bedrooms missing",
    ),
    (
        "no bedrooms, nobody home",
        {"persons_present": 0},
        "bedroom_area_per_person",
        LOCATION,
        "ok",
        "Geen bewoners",
        "No residents",
    ),
    (
        "persons per bedroom on advice",
        {"bedrooms": [{"area_m2": 9, "persons": 1}]},
        "persons_per_bedroom",
        "bedroom:1",
        "ok",
        "1 persoon",
        "1 person",
    ),
    (
        "persons per bedroom above advice",
        {"bedrooms": [{"area_m2": 9, "persons": 2}]},
        "persons_per_bedroom",
        "bedroom:1",
        "advice",
        "Slaapkamer 1: 2 personen; advies: hoogstens 1 persoon per slaapkamer",
        "Bedroom 1: 2 persons; advice: at most 1 person per bedroom",
    ),
    (
        "persons per bedroom unknown",
        {"bedrooms": [{"area_m2": 9}]},
        "persons_per_bedroom",
        "bedroom:1",
        "unknown",
        "aantal personen ontbreekt",
        "number of persons missing",
    ),
]


@pytest.mark.parametrize(
    ("answers", "code", "subject", "outcome", "nl", "en"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_norm_table(
    answers: dict[str, Any], code: str, subject: str, outcome: str, nl: str, en: str
) -> None:
    finding = one(answers, code, subject)
    assert finding.outcome == outcome
    assert nl in finding.message_nl
    assert en in finding.message_en


@pytest.mark.parametrize(
    ("persons", "needed"),
    [(0, 4), (1, 4), (8, 4), (9, 5), (10, 5), (11, 6), (29, 15), (30, 15), (31, 16), (60, 16)],
)
def test_burners_needed(persons: int, needed: int) -> None:
    assert burners_needed(persons, NORMS) == needed


def test_no_location_gives_only_unknown_findings() -> None:
    result = findings(None)
    assert result
    assert {f.outcome for f in result} == {"unknown"}


def test_every_norm_is_reported_once_for_a_location() -> None:
    codes = [f.code for f in findings({"persons_present": 2, "bedrooms": [{}]})]
    assert sorted(codes) == sorted(
        [
            "floor_area_per_person",
            "max_persons_per_dwelling",
            "bedroom_area_per_person",
            "persons_per_bedroom",
            "bedroom_beds",
            "bedroom_window",
            "bedroom_wardrobe",
            "toilets_per_persons",
            "showers_per_persons",
            "fridge_litres_per_person",
            "burners",
            "sockets_per_resident",
            "fire_extinguisher",
            "smoke_detectors",
        ]
    )


def test_municipal_norm_settings_are_used() -> None:
    strict = Norms(m2_per_person=15, max_persons_per_dwelling=2, max_persons_source="Lokaal")
    result = compute({"floor_area_m2": 84, "persons_present": 7}, [], strict, today=TODAY)
    area = result.finding("floor_area_per_person")
    assert area is not None and area.outcome == "breach"
    assert "norm 15 m²" in area.message_nl
    assert area.norm_nl == "Minimaal 15 m² gebruiksoppervlakte per persoon (woonfunctie)"


def test_measured_numbers_are_kept() -> None:
    area = one({"floor_area_m2": 62, "persons_present": 7}, "floor_area_per_person")
    assert area.measured["floor_area_m2"] == 62
    assert area.measured["persons_present"] == 7
    assert area.measured["norm_m2_per_person"] == 12
    assert area.measured["m2_per_person"] == pytest.approx(8.857, abs=1e-3)
    assert area.source == "omgevingsplan (voorheen art. 7.18 Bouwbesluit 2012)"
    assert not area.snf


def test_snf_norms_are_marked() -> None:
    snf = {f.code for f in findings({}) if f.snf}
    assert snf == {
        "bedroom_area_per_person",
        "toilets_per_persons",
        "showers_per_persons",
        "fridge_litres_per_person",
        "burners",
        "sockets_per_resident",
        "fire_extinguisher",
    }


@pytest.mark.parametrize(
    "odd",
    [
        {"floor_area_m2": "62", "persons_present": 7},
        {"floor_area_m2": True, "persons_present": 7},
        {"floor_area_m2": -3, "persons_present": 7},
        {"floor_area_m2": 62, "persons_present": 2.5},
        {"floor_area_m2": float("nan"), "persons_present": 7},
    ],
)
def test_odd_input_is_unknown_never_a_crash(odd: dict[str, Any]) -> None:
    assert one(odd, "floor_area_per_person").outcome == "unknown"


def test_odd_repeat_values_do_not_crash() -> None:
    for value in ("bedrooms", 3, [None, "x", {"area_m2": 9, "persons": 1}]):
        result = findings({"persons_present": 1, "bedrooms": value})
        assert result


def test_message_and_norm_accessors() -> None:
    area = one({"floor_area_m2": 62, "persons_present": 7}, "floor_area_per_person")
    assert area.message("nl") == area.message_nl
    assert area.message("pl") == area.message_en
    assert area.norm("en") == "At least 12 m² usable floor area per person (dwelling)"
