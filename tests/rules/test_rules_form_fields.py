"""The rules read the field ids and choice ids that the shipped forms really have."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from inspector.forms import FieldType, FormDefinition, evaluate, load_form
from inspector.rules import ResidentInput, compute
from inspector.rules.signals import NLA_INDICATORS
from inspector.settings import Norms

FORMS = Path(__file__).resolve().parents[2] / "forms"


@pytest.fixture(scope="module")
def forms() -> dict[str, FormDefinition]:
    return {
        name: load_form(FORMS / f"{name}.yaml")
        for name in ("controlelocatie", "verblijfslocatie", "betrokkene", "inschrijving")
    }


LOCATION_FIELDS = {
    "verblijfslocatie": {
        "floor_area_m2": FieldType.DECIMAL,
        "persons_present": FieldType.INTEGER,
        "persons_registered": FieldType.INTEGER,
        "single_household": FieldType.YES_NO,
        "toilets": FieldType.INTEGER,
        "showers": FieldType.INTEGER,
        "fridge_freezer_litres": FieldType.DECIMAL,
        "burners": FieldType.INTEGER,
        "sockets": FieldType.INTEGER,
        "extinguisher_present": FieldType.YES_NO,
        "extinguisher_litres": FieldType.DECIMAL,
        "extinguisher_inspected": FieldType.YES_NO,
        "extinguisher_distance_m": FieldType.DECIMAL,
        "smoke_detectors_present": FieldType.YES_NO,
        "smoke_detectors_working": FieldType.YES_NO,
        "smoke_detectors_every_floor": FieldType.YES_NO,
        "snf_certificate": FieldType.YES_NO,
        "bedrooms": FieldType.REPEAT,
    },
    "controlelocatie": {
        "agency_name": FieldType.TEXT,
        "agency_snf_registered": FieldType.YES_NO,
        "landlord_name": FieldType.TEXT,
    },
}

RESIDENT_FIELDS = {
    "arrival_date": FieldType.DATE,
    "expected_departure_date": FieldType.DATE,
    "expected_stay": FieldType.SINGLE_CHOICE,
    "current_registration": FieldType.SINGLE_CHOICE,
    "moving_in_date": FieldType.DATE,
    "document_holder": FieldType.SINGLE_CHOICE,
    "document_holder_other": FieldType.TEXT,
    "employer": FieldType.TEXT,
    "agency": FieldType.TEXT,
    "sector": FieldType.SINGLE_CHOICE,
    "landlord_kind": FieldType.SINGLE_CHOICE,
}

#: Data a registration is prefilled with from the resident questionnaire, by plain copy.
SHARED = (
    "surname",
    "given_names",
    "birth_date",
    "birth_place",
    "birth_country",
    "sex",
    "nationalities",
    "arrival_date",
    "expected_stay",
    "moving_in_date",
    "address_abroad_country",
    "address_abroad",
    "document_type",
    "document_number",
    "document_country",
    "document_expiry",
    "bsn",
    "contact_consent",
    "phone",
    "email",
    "preferred_channel",
    "preferred_language",
)


@pytest.mark.parametrize("form_id", sorted(LOCATION_FIELDS))
def test_location_fields_exist(forms: dict[str, FormDefinition], form_id: str) -> None:
    form = forms[form_id]
    for field_id, ftype in LOCATION_FIELDS[form_id].items():
        assert form.field(field_id).type == ftype, field_id
    bedrooms = forms["verblijfslocatie"].repeat("bedrooms")
    assert bedrooms.sub_field("area_m2").type == FieldType.DECIMAL
    assert bedrooms.sub_field("persons").type == FieldType.INTEGER


def test_location_forms_can_be_merged(forms: dict[str, FormDefinition]) -> None:
    control = {f.id for f, _ in forms["controlelocatie"].all_fields()}
    location = {f.id for f, _ in forms["verblijfslocatie"].all_fields()}
    assert not control & location


def test_resident_fields_and_choices_exist(forms: dict[str, FormDefinition]) -> None:
    form = forms["betrokkene"]
    for field_id, ftype in RESIDENT_FIELDS.items():
        assert form.field(field_id).type == ftype, field_id
    assert form.field("expected_stay").choice_ids == {
        "under_4_months",
        "at_least_4_months",
        "unknown",
    }
    assert form.field("current_registration").choice_ids == {
        "brp_here",
        "brp_elsewhere",
        "rni",
        "none",
        "dont_know",
    }
    assert {"self", "employer_agency", "other"} <= form.field("document_holder").choice_ids
    assert "employer_agency" in form.field("landlord_kind").choice_ids
    for indicator in NLA_INDICATORS:
        field = form.field(indicator)
        assert field.type == FieldType.YES_NO
        assert field.officer_only, indicator


@pytest.mark.parametrize("field_id", SHARED)
def test_prefill_is_a_plain_copy(forms: dict[str, FormDefinition], field_id: str) -> None:
    source = forms["betrokkene"].field(field_id)
    target = forms["inschrijving"].field(field_id)
    assert source.type == target.type
    # every choice the registration offers is one the questionnaire knows too
    assert target.choice_ids <= source.choice_ids


def test_calculated_figures_match_the_rules(forms: dict[str, FormDefinition]) -> None:
    answers = {
        "floor_area_m2": 62.0,
        "persons_present": 7,
        "bedrooms": [
            {"area_m2": 8.0, "persons": 3, "beds": 3},
            {"area_m2": 14.0, "persons": 4, "beds": 4},
        ],
    }
    evaluation = evaluate(forms["verblijfslocatie"], answers, today=dt.date(2025, 3, 1))
    assert evaluation.calculated["m2_per_person"] == 8.9
    assert evaluation.calculated["total_beds"] == 7
    assert evaluation.calculated["bedrooms[0].bedroom_m2_per_person"] == 2.7
    result = compute(evaluation.values, [], Norms(), today=dt.date(2025, 3, 1))
    area = result.finding("floor_area_per_person")
    assert area is not None and "8,9 m² per persoon" in area.message_nl


def test_zero_persons_has_no_division_error(forms: dict[str, FormDefinition]) -> None:
    answers = {
        "floor_area_m2": 50.0,
        "persons_present": 0,
        "bedrooms": [{"area_m2": 9.0, "persons": 0}],
    }
    evaluation = evaluate(forms["verblijfslocatie"], answers, today=dt.date(2025, 3, 1))
    assert not evaluation.invalid
    assert "m2_per_person" not in evaluation.calculated


def test_persons_in_bedrooms_cannot_exceed_residents(forms: dict[str, FormDefinition]) -> None:
    answers = {"persons_present": 2, "bedrooms": [{"persons": 3}]}
    evaluation = evaluate(forms["verblijfslocatie"], answers, today=dt.date(2025, 3, 1))
    assert [i.path for i in evaluation.invalid] == ["persons_present"]


def test_contact_fields_only_with_consent(forms: dict[str, FormDefinition]) -> None:
    for name in ("betrokkene", "inschrijving"):
        form = forms[name]
        today = dt.date(2025, 3, 1)
        for consent, shown in ((None, False), ("no", False), ("unknown", False), ("yes", True)):
            evaluation = evaluate(form, {"contact_consent": consent}, today=today)
            for field_id in ("phone", "email", "preferred_channel"):
                assert evaluation.visible(field_id) is shown, (name, consent, field_id)


def test_resident_answers_feed_the_rules(forms: dict[str, FormDefinition]) -> None:
    answers = {
        "surname": "Testowa",
        "given_names": "Anna",
        "arrival_date": dt.date(2025, 2, 20),
        "expected_stay": "at_least_4_months",
        "current_registration": "none",
        "document_holder": "employer_agency",
        "nla_no_id_access": "yes",
    }
    evaluation = evaluate(forms["betrokkene"], answers, today=dt.date(2025, 3, 1))
    assert not evaluation.invalid
    result = compute(
        None, [ResidentInput("r1", evaluation.values)], Norms(), today=dt.date(2025, 3, 1)
    )
    assert result.duties["r1"].kind == "ingezetene"
    assert {"must_register", "id_held_by_employer", "nla_no_id_access"} <= {
        s.code for s in result.signals
    }
