"""Signals for NLA, SNF, the human-trafficking coordinator and burgerzaken."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from inspector.rules import LOCATION, ExploitationSignal, ResidentInput, RulesResult, compute
from inspector.rules.signals import NLA_INDICATORS
from inspector.settings import Norms

TODAY = date(2025, 3, 1)
NORMS = Norms()
AFMH = "aandachtsfunctionaris_mensenhandel"
TRAFFICKING = {
    "nla_no_id_access",
    "nla_false_promises",
    "nla_abuse_coercion",
    "nla_debt",
    "nla_no_bank_control",
    "nla_unknown_address",
    "nla_pressured_to_work",
}


def run(
    loc: dict[str, Any] | None = None,
    residents: list[ResidentInput] | None = None,
    registered: int | None = None,
) -> RulesResult:
    return compute(loc, residents or [], NORMS, today=TODAY, registered_at_address=registered)


def codes(result: RulesResult) -> list[str]:
    return [s.code for s in result.signals]


def only(result: RulesResult, code: str) -> ExploitationSignal:
    found = [s for s in result.signals if s.code == code]
    assert len(found) == 1, codes(result)
    return found[0]


def test_the_indicator_list_matches_the_domain_list() -> None:
    assert len(NLA_INDICATORS) == 13
    assert {c for c, (_, _, t) in NLA_INDICATORS.items() if t} == TRAFFICKING


@pytest.mark.parametrize("indicator", sorted(NLA_INDICATORS))
def test_each_nla_indicator_yes_is_a_signal(indicator: str) -> None:
    resident = ResidentInput("r7", {indicator: "yes", "employer": "Kas Voorbeeld BV"})
    signal = only(run(residents=[resident]), indicator)
    assert signal.subject == "r7"
    assert signal.referrals[0] == "nla"
    assert (AFMH in signal.referrals) == (indicator in TRAFFICKING)
    assert signal.description_nl.startswith("Signaal uitbuiting: ")
    assert signal.description_en.startswith("Exploitation signal: ")
    assert signal.facts["employer"] == "Kas Voorbeeld BV"


@pytest.mark.parametrize("answer", ["no", "unknown", None])
def test_indicator_not_yes_gives_no_signal(answer: str | None) -> None:
    resident = ResidentInput("r1", dict.fromkeys(NLA_INDICATORS, answer))
    assert not [c for c in codes(run(residents=[resident])) if c.startswith("nla_")]


@pytest.mark.parametrize(
    ("holder", "code", "referrals"),
    [
        ("employer_agency", "id_held_by_employer", ("nla", AFMH)),
        ("other", "id_held_by_other", (AFMH,)),
        ("self", None, None),
        (None, None, None),
    ],
)
def test_identity_document_holder(
    holder: str | None, code: str | None, referrals: tuple[str, ...] | None
) -> None:
    result = run(residents=[ResidentInput("r1", {"document_holder": holder})])
    found = [s for s in result.signals if s.code.startswith("id_held")]
    if code is None:
        assert not found
    else:
        assert [s.code for s in found] == [code]
        assert found[0].referrals == referrals


@pytest.mark.parametrize(
    ("answers", "code"),
    [
        (
            {
                "current_registration": "none",
                "expected_stay": "at_least_4_months",
                "arrival_date": date(2025, 2, 1),
            },
            "must_register",
        ),
        ({"current_registration": "rni", "expected_stay": "at_least_4_months"}, "must_register"),
        ({"expected_stay": "at_least_4_months"}, "must_register"),
        (
            {"current_registration": "brp_elsewhere", "expected_stay": "at_least_4_months"},
            "must_report_move",
        ),
        ({"current_registration": "none", "expected_stay": "under_4_months"}, None),
        ({"current_registration": "brp_here", "expected_stay": "at_least_4_months"}, None),
        ({"current_registration": "none"}, None),
    ],
)
def test_registration_signal(answers: dict[str, Any], code: str | None) -> None:
    result = run(residents=[ResidentInput("r1", answers)])
    found = [s for s in result.signals if s.code in ("must_register", "must_report_move")]
    if code is None:
        assert not found
    else:
        assert [s.code for s in found] == [code]
        assert found[0].referrals == ("burgerzaken",)
        assert found[0].subject == "r1"


def test_overdue_registration_says_so() -> None:
    answers = {
        "current_registration": "none",
        "expected_stay": "at_least_4_months",
        "arrival_date": date(2025, 2, 1),
    }
    signal = only(run(residents=[ResidentInput("r1", answers)]), "must_register")
    assert signal.description_nl == (
        "Moet zich als ingezetene in de BRP inschrijven, uiterlijk 6 februari 2025 "
        "(termijn verstreken)"
    )
    assert signal.facts["overdue"] is True
    assert signal.facts["deadline"] == date(2025, 2, 6)


def test_more_present_than_registered() -> None:
    signal = only(
        run({"persons_present": 7, "persons_registered": 3}), "more_present_than_registered"
    )
    assert signal.subject == LOCATION
    assert signal.referrals == ("burgerzaken",)
    assert signal.facts == {"persons_present": 7, "persons_registered": 3, "difference": 4}
    assert signal.description_nl == (
        "7 personen aanwezig, 3 ingeschreven in de BRP: 4 niet op dit adres ingeschreven"
    )


def test_registered_count_argument_overrides_the_answer() -> None:
    result = run({"persons_present": 2, "persons_registered": 2}, registered=6)
    signal = only(result, "registered_not_living")
    assert signal.facts["difference"] == 4
    assert "4 ingeschreven maar niet (meer) wonend op dit adres" in signal.description_nl


@pytest.mark.parametrize(
    "loc",
    [
        {"persons_present": 3, "persons_registered": 3},
        {"persons_registered": 3},
        {"persons_present": 3},
    ],
)
def test_no_registration_mismatch_signal(loc: dict[str, Any]) -> None:
    assert not {"more_present_than_registered", "registered_not_living"} & set(codes(run(loc)))


SNF_BREACH = {"persons_present": 3, "toilets": 0, "floor_area_m2": 100}


@pytest.mark.parametrize(
    ("extra", "residents", "expected"),
    [
        ({"agency_name": "Flex Voorbeeld BV"}, [], True),
        ({"snf_certificate": "yes"}, [], True),
        ({"agency_snf_registered": "yes"}, [], True),
        ({}, [ResidentInput("r1", {"agency": "Uitzend Voorbeeld"})], True),
        ({}, [ResidentInput("r1", {"landlord_kind": "employer_agency"})], True),
        ({}, [ResidentInput("r1", {"landlord_kind": "private"})], False),
        ({}, [], False),
    ],
)
def test_snf_signal_needs_an_agency(
    extra: dict[str, Any], residents: list[ResidentInput], expected: bool
) -> None:
    result = run({**SNF_BREACH, **extra}, residents)
    assert ("snf_norm_breach" in codes(result)) is expected
    if expected:
        signal = only(result, "snf_norm_breach")
        assert signal.referrals == ("snf",)
        assert signal.facts["norms"] == ["toilets_per_persons"]
        assert "3 personen, 0 toiletten" in signal.description_nl


def test_no_snf_signal_for_non_snf_breach() -> None:
    loc = {
        "agency_name": "Flex Voorbeeld BV",
        "persons_present": 7,
        "floor_area_m2": 62,
        "toilets": 1,
    }
    assert "snf_norm_breach" not in codes(run(loc))


def test_overcrowding() -> None:
    signal = only(run({"persons_present": 7, "floor_area_m2": 62}), "overcrowding")
    assert signal.referrals == (AFMH,)
    assert signal.description_nl.startswith(
        "Overbewoning: 7 personen op 62 m²: 8,9 m² per persoon, norm 12 m²"
    )
    with_agency = only(
        run({"persons_present": 7, "floor_area_m2": 62, "agency_name": "Flex Voorbeeld BV"}),
        "overcrowding",
    )
    assert with_agency.referrals == (AFMH, "snf")


def test_no_overcrowding_when_unknown_or_ok() -> None:
    assert "overcrowding" not in codes(run({"persons_present": 7}))
    assert "overcrowding" not in codes(run({"persons_present": 3, "floor_area_m2": 36}))


def test_description_accessor() -> None:
    signal = only(
        run({"persons_present": 7, "persons_registered": 3}), "more_present_than_registered"
    )
    assert signal.description("en").startswith("7 persons present")
