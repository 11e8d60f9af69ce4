"""What a clerk must check before entering a registration in the BRP: warnings, the BSN
check, the document comparison and what changed between two versions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from stdnum.nl import bsn as stdnum_bsn

from inspector.documents.countries import free_movement
from inspector.documents.mrz import MrzError, compare, parse_mrz
from inspector.registration_form import fields as F


@dataclass(frozen=True)
class Warning_:
    code: str
    text: str


def form_of(payload: dict[str, Any]) -> dict[str, Any]:
    """The registration form's answers as signed."""
    data = (payload.get("enrolment") or {}).get("data") or {}
    form = data.get("form")
    return dict(form) if isinstance(form, dict) else {}


def valid_bsn(value: str) -> str | None:
    """The BSN as 9 digits when it passes the eleven test, else None."""
    number = re.sub(r"\D", "", value or "")
    if len(number) == 9 and stdnum_bsn.is_valid(number):
        return number
    return None


def _day(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def person_key(form: dict[str, Any]) -> tuple[str, str, str]:
    """Name, date of birth, document number: what makes 'the same person received before'."""

    def norm(text: Any) -> str:
        return re.sub(r"[\s\-.'’]+", "", str(text or "")).casefold()

    return (
        norm(f"{form.get('surname', '')}{form.get('given_names', '')}"),
        str(form.get("birth_date") or "")[:10],
        norm(form.get("document_number")),
    )


def _label(field_id: str) -> str:
    """The Dutch label of a field of the registration form (the id when it has none)."""
    from inspector.core.registrations import registration_form

    try:
        return registration_form().field(field_id).label.get("nl") or field_id
    except KeyError:
        return field_id


def warnings(
    payload: dict[str, Any],
    *,
    bsn_given_before: bool = False,
    received_before: bool = False,
) -> list[Warning_]:
    """The warnings of one registration. The caller looks up the two that need the store."""
    form = form_of(payload)
    data = (payload.get("enrolment") or {}).get("data") or {}
    out: list[Warning_] = []
    if form.get("bsn") or bsn_given_before:
        out.append(
            Warning_(
                "bsn_known",
                "Er is al een BSN bekend (RNI of eerdere inschrijving): controleer in de BRP "
                "of dit een hervestiging is.",
            )
        )
    if received_before:
        out.append(
            Warning_(
                "received_before",
                "Dezelfde persoon (naam, geboortedatum, documentnummer) is eerder ontvangen.",
            )
        )
    expiry = _day(form.get("document_expiry"))
    signed = _day(form.get("signing_date")) or _day(
        (payload.get("enrolment") or {}).get("signed_at")
    )
    if expiry is not None and signed is not None and expiry < signed:
        out.append(
            Warning_(
                "document_expired",
                f"Het identiteitsdocument was verlopen op {expiry:%d-%m-%Y}, vóór de aangifte.",
            )
        )
    nationalities = [str(n) for n in form.get("nationalities") or []]
    if (
        nationalities
        and not free_movement(nationalities)
        and form.get(F.DOCUMENT_TYPE) != F.DocumentType.RESIDENCE_DOCUMENT
    ):
        out.append(
            Warning_(
                "no_residence_document",
                "Nationaliteit buiten de EU/EER/Zwitserland zonder verblijfsdocument "
                "(V-nummer): alleen inschrijven bij rechtmatig verblijf.",
            )
        )
    unverified = [_label(str(f)) for f in data.get("unverified_at_signing") or []]
    if unverified:
        out.append(
            Warning_(
                "unconfirmed",
                "De bewoner kon deze gegevens niet bevestigen: " + ", ".join(unverified) + ".",
            )
        )
    return out


@dataclass(frozen=True)
class FieldComparison:
    field: str
    entered: str
    mrz: str
    agrees: bool


_COMPARED = (
    ("surname", "surname"),
    ("given_names", "given_names"),
    ("document_number", "document_number"),
    ("birth_date", "birth_date"),
    ("expiry_date", "document_expiry"),
    ("sex", "sex"),
    ("nationality", "nationalities"),
    ("issuing_country", "document_country"),
)


def mrz_comparison(payload: dict[str, Any]) -> tuple[list[FieldComparison], bool | None]:
    """The document comparison field by field, and whether every check digit matched
    (None when no MRZ was read)."""
    data = (payload.get("enrolment") or {}).get("data") or {}
    text = (data.get("document_check") or {}).get("mrz")
    if not text:
        return [], None
    form = form_of(payload)
    try:
        mrz = parse_mrz(str(text))
    except MrzError:
        return [], False
    nat = form.get("nationalities") or []
    entered = {
        "surname": form.get("surname"),
        "given_names": form.get("given_names"),
        "document_number": form.get("document_number"),
        "birth_date": form.get("birth_date"),
        "expiry_date": form.get("document_expiry"),
        "sex": {F.Sex.MALE: "M", F.Sex.FEMALE: "F"}.get(str(form.get(F.SEX)), form.get(F.SEX)),
        "nationality": nat[0] if nat else None,
        "issuing_country": form.get("document_country"),
    }
    wrong = {m.field: m for m in compare(mrz, entered)}
    mrz_values = {
        "surname": mrz.surname,
        "given_names": mrz.given_names,
        "document_number": mrz.document_number,
        "birth_date": mrz.birth_date.isoformat() if mrz.birth_date else "",
        "expiry_date": mrz.expiry_date.isoformat() if mrz.expiry_date else "",
        "sex": mrz.sex,
        "nationality": mrz.nationality,
        "issuing_country": mrz.issuing_state,
    }
    rows = [
        FieldComparison(
            name,
            "" if entered[name] is None else str(entered[name]),
            mrz_values[name],
            name not in wrong,
        )
        for name, _key in _COMPARED
    ]
    return rows, mrz.valid


def diff(old: dict[str, Any], new: dict[str, Any]) -> list[dict[str, Any]]:
    """What changed in the form between two versions: field, before, after."""
    out = []
    for key in sorted(set(old) | set(new)):
        if key in ("signature",):
            continue
        if old.get(key) != new.get(key):
            out.append({"field": key, "before": old.get(key), "after": new.get(key)})
    return out
