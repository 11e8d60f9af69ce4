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
