"""The clerk's warnings that need no store: an expired document, a nationality outside the
EU/EEA/Switzerland without a residence document, data the resident could not confirm."""

from __future__ import annotations

from typing import Any

import pytest

from inspector.clerk.checks import warnings


def _payload(unverified: list[str] | None = None, **form: Any) -> dict[str, Any]:
    base = {
        "nationalities": ["PL"],
        "document_type": "passport",
        "document_expiry": "2030-01-01",
        "signing_date": "2026-11-27",
    }
    data: dict[str, Any] = {"form": {**base, **form}}
    if unverified:
        data["unverified_at_signing"] = unverified
    return {"enrolment": {"data": data}}


def _codes(payload: dict[str, Any]) -> set[str]:
    return {w.code for w in warnings(payload)}


def test_a_valid_eu_registration_has_no_warning() -> None:
    assert _codes(_payload()) == set()


@pytest.mark.parametrize(
    ("expiry", "warned"), [("2026-11-26", True), ("2026-11-27", False), ("2031-01-01", False)]
)
def test_a_document_expired_before_the_declaration(expiry: str, warned: bool) -> None:
    found = warnings(_payload(document_expiry=expiry))
    assert ("document_expired" in {w.code for w in found}) is warned
    if warned:
        assert "26-11-2026" in next(w.text for w in found if w.code == "document_expired")


@pytest.mark.parametrize(
    ("nationalities", "document", "warned"),
    [
        (["UA"], "passport", True),
        (["UA"], "residence_document", False),
        (["MA", "NL"], "passport", False),  # one EU nationality is enough
        (["CH"], "passport", False),  # Switzerland: free movement
        (["NO"], "id_card", False),  # EEA
        (["TR"], "id_card", True),
    ],
)
def test_a_non_eu_nationality_without_residence_document(
    nationalities: list[str], document: str, warned: bool
) -> None:
    codes = _codes(_payload(nationalities=nationalities, document_type=document))
    assert ("no_residence_document" in codes) is warned


def test_data_the_resident_could_not_confirm_is_named() -> None:
    found = warnings(_payload(unverified=["birth_place", "arrival_date"]))
    (w,) = [w for w in found if w.code == "unconfirmed"]
    # Named by their Dutch labels, as the clerk reads them; an unknown id stays as it is.
    assert "Geboorteplaats" in w.text and "birth_place" not in w.text
    assert "arrival_date" not in w.text
    assert "onbekend_veld" in warnings(_payload(unverified=["onbekend_veld"]))[0].text


def test_a_bsn_in_the_form_or_given_before() -> None:
    assert "bsn_known" in _codes(_payload(bsn="111222333"))
    assert "bsn_known" in {w.code for w in warnings(_payload(), bsn_given_before=True)}


def test_the_clerk_keeps_only_what_bears_on_the_address(tmp_path: Any) -> None:
    """Of an inspection the clerk's store keeps the signals about the address and the
    hand-over entries, never the other findings (norms, fire safety, exploitation details)."""
    from clerk_support import make_office
    from sqlalchemy import select

    from inspector.clerk import receive
    from inspector.clerk.models import ClerkHandover, ClerkInspection

    office = make_office(tmp_path / "office")
    payload = {
        "inspection": {"id": "insp-1", "reference": "2026-TEST-0001"},
        "findings": [
            {"code": "use_not_allowed", "category": "signal", "text": "x"},
            {"code": "overcrowding", "category": "signal", "text": "x"},
            {"code": "floor_area_per_person", "category": "legal", "text": "8,9 m² p.p."},
            {"code": "smoke_detector", "category": "snf", "text": "geen rookmelder"},
            {
                "code": "id_withheld",
                "category": "signal",
                "text": "paspoort bij de werkgever (Fictief BV)",
                "data": {"referrals": ["aandachtsfunctionaris_mensenhandel"]},
            },
        ],
    }
    try:
        with office.unit() as s:
            receive.store_inspection(office, s, {"record_id": "rec-1", "version": 1}, payload)
        with office.unit() as s:
            (insp,) = s.scalars(select(ClerkInspection)).all()
            assert [b["code"] for b in insp.bearing] == ["use_not_allowed", "overcrowding"]
            kept = repr(insp.bearing)
            assert "Fictief BV" not in kept and "rookmelder" not in kept and "8,9" not in kept
            handovers = {(h.code, h.recipient) for h in s.scalars(select(ClerkHandover))}
        assert handovers == {
            ("use_not_allowed", "handhaving"),
            ("id_withheld", "mensenhandel"),
        }
    finally:
        office.close()
