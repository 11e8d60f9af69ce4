"""Issue 12, norms and signals: what the VNG barrier model and the SNF norm text say."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from inspector.rules import LOCATION, ResidentInput, compute
from inspector.settings import Norms

TODAY = date(2026, 11, 27)


def result(loc: dict[str, Any] | None, residents: list[dict[str, Any]] = (), **kw: Any):  # type: ignore[no-untyped-def,assignment]
    norms = kw.pop("norms", Norms())
    inputs = [ResidentInput(f"r{i}", answers) for i, answers in enumerate(residents)]
    return compute(loc, inputs, norms, today=kw.pop("today", TODAY), **kw)


# -- 12.7: max. persons per dwelling is a local rule, off by default -------------------------


def test_max_persons_is_off_by_default() -> None:
    res = result({"persons_present": 9, "single_household": "no"})
    assert res.finding("max_persons_per_dwelling") is None
    assert not any(s.code == "overcrowding" for s in res.signals)


def test_max_persons_needs_number_and_source() -> None:
    with pytest.raises(ValueError, match="max_persons_source"):
        Norms(max_persons_per_dwelling=4)
    local = Norms(max_persons_per_dwelling=4, max_persons_source="Omgevingsplan Zundert art. 22")
    found = result({"persons_present": 5, "single_household": "no"}, norms=local).finding(
        "max_persons_per_dwelling"
    )
    assert found is not None and found.outcome == "breach"
    assert found.source == "Omgevingsplan Zundert art. 22"
    assert "lokale regel" in found.norm_nl


# -- 12.8: one person per bedroom is advice -------------------------------------------------


def test_persons_per_bedroom_is_advice_never_a_breach_or_signal() -> None:
    loc = {
        "persons_present": 3,
        "floor_area_m2": 100,
        "bedrooms": [{"area_m2": 20, "persons": 3}],
        "agency_name": "Uitzendbureau Fictief",
    }
    res = result(loc)
    crowd = res.finding("persons_per_bedroom", "bedroom:1")
    assert crowd is not None
    assert crowd.outcome == "advice" and crowd.category == "advice"
    assert crowd not in res.breaches
    assert "advies" in crowd.message_nl and "onder de norm" not in crowd.message_nl
    assert not [s for s in res.signals if s.code == "overcrowding"]
    assert "persons_per_bedroom" not in str([s.facts for s in res.signals])


# -- 12.9: 12 m² in a dwelling, 10 m² in lodging, source by date ----------------------------


@pytest.mark.parametrize(
    ("kind", "outcome", "norm", "source"),
    [
        ("dwelling", "breach", 12.0, "omgevingsplan (voorheen art. 7.18 Bouwbesluit 2012)"),
        ("housing_units", "breach", 12.0, "omgevingsplan (voorheen art. 7.18 Bouwbesluit 2012)"),
        ("holiday_park", "ok", 10.0, "SNF-norm 1.3"),
        ("hotel_pension", "ok", 10.0, "SNF-norm 1.3"),
    ],
)
def test_floor_area_norm_follows_the_kind_of_housing(
    kind: str, outcome: str, norm: float, source: str
) -> None:
    # 55 m² for 5 persons: 11 m² each, below 12 (dwelling) but above 10 (lodging).
    area = result({"floor_area_m2": 55, "persons_present": 5, "accommodation_type": kind}).finding(
        "floor_area_per_person"
    )
    assert area is not None
    assert area.outcome == outcome
    assert area.measured["norm_m2_per_person"] == norm
    assert area.source == source
    assert area.category == ("snf" if norm == 10.0 else "legal")


def test_floor_area_source_before_2024_is_the_bouwbesluit() -> None:
    area = result(
        {"floor_area_m2": 55, "persons_present": 5}, inspection_date=date(2023, 6, 1)
    ).finding("floor_area_per_person")
    assert area is not None and area.source == "Bouwbesluit 2012 art. 7.18"


# -- 12.11: bed, window and wardrobe become findings against the SNF norms ------------------


def test_bedroom_items_become_snf_findings() -> None:
    room = {
        "area_m2": 12,
        "persons": 2,
        "bed_80x200": "no",
        "window": "no",
        "wardrobe_per_person": "yes",
        "wardrobe_outside_bedroom": "yes",
        "wardrobe_lockable": "no",
    }
    res = result({"persons_present": 2, "bedrooms": [room]})
    for code in ("bedroom_beds", "bedroom_window", "bedroom_wardrobe"):
        f = res.finding(code, "bedroom:1")
        assert f is not None and f.outcome == "breach" and f.snf, code
    wardrobe = res.finding("bedroom_wardrobe", "bedroom:1")
    assert wardrobe is not None
    assert "0,36 m³" in wardrobe.norm_nl and "1.4.2" in wardrobe.source
    assert "niet afsluitbaar" in wardrobe.message_nl


def test_wardrobe_in_the_bedroom_need_not_be_lockable() -> None:
    room = {"wardrobe_per_person": "yes", "wardrobe_outside_bedroom": "no"}
    f = result({"bedrooms": [room]}).finding("bedroom_wardrobe", "bedroom:1")
    assert f is not None and f.outcome == "ok"


# -- 12.12: answers that are signals ---------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "code", "referral"),
    [
        ({"payslips": "no"}, "no_payslips", "nla"),
        ({"health_insurance": "no"}, "no_health_insurance", "nla"),
        ({"wage_cash": "yes"}, "wage_in_cash", "nla"),
        ({"housing_after_job": "leave_immediately"}, "must_leave_at_once", "snf"),
        ({"obs_fear_or_refusal": "yes"}, "fear_or_refusal", "aandachtsfunctionaris_mensenhandel"),
        ({"obs_intermediary_talks": "yes"}, "intermediary_talks", "nla"),
    ],
)
def test_answers_become_signals(answers: dict[str, Any], code: str, referral: str) -> None:
    signals = [s for s in result(None, [answers]).signals if s.code == code]
    assert len(signals) == 1 and referral in signals[0].referrals
    assert not any(s.code == code for s in result(None, [{}]).signals)


def test_leaving_at_once_names_the_four_weeks() -> None:
    sig = next(
        s
        for s in result(None, [{"housing_after_job": "leave_immediately"}]).signals
        if s.code == "must_leave_at_once"
    )
    assert "vier weken" in sig.description_nl


def test_housing_deduction_above_a_quarter_of_the_minimum_wage() -> None:
    norms = Norms(minimum_wage_month=2400.0)
    deduction = {"housing_deduction": "yes", "housing_deduction_period": "week"}
    high = result(None, [{**deduction, "housing_deduction_amount": 150}], norms=norms)
    low = result(None, [{**deduction, "housing_deduction_amount": 120}], norms=norms)
    # 150 a week is 650 a month, above 600 (25 % of 2400); 120 a week is 520.
    assert [s.code for s in high.signals] == ["housing_deduction_above_max"]
    assert "25 %" in high.signals[0].description_nl
    assert low.signals == []
    # Without the minimum wage in the settings the check is not made.
    assert result(None, [{**deduction, "housing_deduction_amount": 900}]).signals == []


def test_nla_label_keeps_the_vng_text_in_full() -> None:
    sig = result(None, [{"nla_housing_depends_on_employer": "yes"}]).signals[0]
    assert "bedrijfspand of bedrijfsterrein of andere ondermaatse huisvesting" in (
        sig.description_nl
    )


# -- 12.5: living there not allowed: a signal to the department responsible -----------------


def test_use_not_allowed_is_passed_to_spatial_planning() -> None:
    res = result({"use_allowed": "no"})
    sig = [s for s in res.signals if s.code == "use_not_allowed"]
    assert len(sig) == 1 and sig[0].subject == LOCATION
    assert sig[0].referrals == ("ruimtelijke_ordening",)
    assert "inschrijven" in sig[0].description_nl
    assert not [s for s in result({"use_allowed": "yes"}).signals if s.code == "use_not_allowed"]
