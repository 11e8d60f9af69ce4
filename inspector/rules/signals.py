"""Signals for partner organisations (NLA, SNF, aandachtsfunctionaris, burgerzaken)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from inspector.rules import _values as v
from inspector.rules._text import day_text, persons
from inspector.rules.model import (
    LOCATION,
    Finding,
    Referral,
    RegistrationDuty,
    ResidentInput,
    Signal,
)
from inspector.rules.registration import BRP_ELSEWHERE, BRP_HERE

NLA: Referral = "nla"
SNF: Referral = "snf"
AFMH: Referral = "aandachtsfunctionaris_mensenhandel"
BURGERZAKEN: Referral = "burgerzaken"

#: The NLA exploitation indicators of betrokkene.yaml: field id -> (nl, en, also to the
#: human-trafficking coordinator). Coercion, control over papers, money or whereabouts and
#: debt bondage are the classic trafficking indicators, hence the second referral.
NLA_INDICATORS: Mapping[str, tuple[str, str, bool]] = {
    "nla_dangerous_work": ("Gevaarlijk of ongezond werk", "Dangerous or unhealthy work", False),
    "nla_long_days": ("Structureel lange werkdagen", "Structurally long working days", False),
    "nla_underpaid": (
        "Te weinig, niet of te laat betaald",
        "Underpaid, unpaid or paid late",
        False,
    ),
    "nla_no_id_access": (
        "Geen toegang tot eigen identiteitsbewijs of paspoort",
        "No access to own identity document or passport",
        True,
    ),
    "nla_false_promises": (
        "Met valse beloften naar Nederland gehaald",
        "Brought to the Netherlands with false promises",
        True,
    ),
    "nla_abuse_coercion": (
        "Tekenen van mishandeling, chantage, dwang of bedreiging",
        "Signs of abuse, blackmail, coercion or threats",
        True,
    ),
    "nla_debt": (
        "Hoge schuld aan de werkgever (reis, werving, huur)",
        "High debt to the employer (travel, recruitment, rent)",
        True,
    ),
    "nla_no_bank_control": (
        "Geen zeggenschap over eigen bankpas of rekening",
        "No control over own bank card or account",
        True,
    ),
    "nla_off_the_books": ("Zwart uitbetaald", "Paid off the books", False),
    "nla_not_insured": ("Niet verzekerd", "Not insured", False),
    "nla_housing_depends_on_employer": (
        "Huisvesting afhankelijk van de werkgever (woont op het bedrijfsterrein)",
        "Housing depends on the employer (lives on company premises)",
        False,
    ),
    "nla_unknown_address": ("Kent het eigen adres niet", "Does not know own address", True),
    "nla_pressured_to_work": (
        "Onder druk gezet om te werken of door te werken",
        "Pressured to work or to keep working",
        True,
    ),
}

#: Findings that mean too many people for the space.
OVERCROWDING_CODES = ("floor_area_per_person", "max_persons_per_dwelling")


def _work_facts(answers: Mapping[str, Any]) -> dict[str, Any]:
    """Employer and agency: what the NLA asks for with every referral."""
    facts: dict[str, Any] = {}
    for key in ("employer", "agency", "sector"):
        value = v.choice(answers, key)
        if value is not None:
            facts[key] = value
    return facts


def resident_signals(resident: ResidentInput, duty: RegistrationDuty) -> list[Signal]:
    """Exploitation indicators, ID held by others, and an open registration duty."""
    answers = resident.answers
    rid = resident.resident_id
    out: list[Signal] = []
    work = _work_facts(answers)
    for code, (nl, en, trafficking) in NLA_INDICATORS.items():
        if v.yes_no(answers, code):
            refs: tuple[Referral, ...] = (NLA, AFMH) if trafficking else (NLA,)
            out.append(
                Signal(
                    code,
                    rid,
                    f"Signaal uitbuiting: {nl}",
                    f"Exploitation signal: {en}",
                    {"indicator": code, **work},
                    refs,
                )
            )
    holder = v.choice(answers, "document_holder")
    if holder == "employer_agency":
        out.append(
            Signal(
                "id_held_by_employer",
                rid,
                "Identiteitsbewijs in bezit van werkgever of uitzendbureau",
                "Identity document held by the employer or agency",
                {"document_holder": holder, **work},
                (NLA, AFMH),
            )
        )
    elif holder == "other":
        out.append(
            Signal(
                "id_held_by_other",
                rid,
                "Identiteitsbewijs in bezit van een ander",
                "Identity document held by someone else",
                {"document_holder": holder, "held_by": v.choice(answers, "document_holder_other")},
                (AFMH,),
            )
        )
    if duty.kind == "ingezetene" and duty.current_registration != BRP_HERE:
        facts: dict[str, Any] = {
            "current_registration": duty.current_registration,
            "arrival_date": v.day(answers, "arrival_date"),
            "deadline": duty.deadline,
            "overdue": duty.overdue,
        }
        late_nl = late_en = ""
        if duty.deadline is not None:
            late_nl = f", uiterlijk {day_text(duty.deadline, 'nl')}"
            late_en = f", by {day_text(duty.deadline, 'en')}"
        if duty.overdue:
            late_nl += " (termijn verstreken)"
            late_en += " (deadline passed)"
        if duty.current_registration == BRP_ELSEWHERE:
            out.append(
                Signal(
                    "must_report_move",
                    rid,
                    f"Woont hier maar staat in de BRP op een ander adres ingeschreven{late_nl}",
                    f"Lives here but is registered in the BRP at another address{late_en}",
                    facts,
                    (BURGERZAKEN,),
                )
            )
        else:
            out.append(
                Signal(
                    "must_register",
                    rid,
                    f"Moet zich als ingezetene in de BRP inschrijven{late_nl}",
                    f"Must register as a resident in the BRP{late_en}",
                    facts,
                    (BURGERZAKEN,),
                )
            )
    return out


def agency_involved(loc: Mapping[str, Any], residents: Sequence[ResidentInput]) -> bool:
    """Whether an agency or SNF-certified provider houses these people (SNF's remit)."""
    if v.choice(loc, "agency_name") is not None:
        return True
    if v.yes_no(loc, "agency_snf_registered") or v.yes_no(loc, "snf_certificate"):
        return True
    return any(
        v.choice(r.answers, "agency") is not None
        or v.choice(r.answers, "landlord_kind") == "employer_agency"
        for r in residents
    )


def location_signals(
    loc: Mapping[str, Any],
    residents: Sequence[ResidentInput],
    findings: Sequence[Finding],
    registered: int | None,
) -> list[Signal]:
    """Registration mismatches, SNF norm breaches and overcrowding at the location."""
    out: list[Signal] = []
    present = v.count(loc, "persons_present")
    if present is not None and registered is not None:
        facts = {"persons_present": present, "persons_registered": registered}
        if present > registered:
            out.append(
                Signal(
                    "more_present_than_registered",
                    LOCATION,
                    f"{persons(present, 'nl')} aanwezig, {registered} ingeschreven in de BRP: "
                    f"{present - registered} niet op dit adres ingeschreven",
                    f"{persons(present, 'en')} present, {registered} registered in the BRP: "
                    f"{present - registered} not registered at this address",
                    {**facts, "difference": present - registered},
                    (BURGERZAKEN,),
                )
            )
        elif registered > present:
            out.append(
                Signal(
                    "registered_not_living",
                    LOCATION,
                    f"{registered} ingeschreven in de BRP, {persons(present, 'nl')} woonachtig: "
                    f"{registered - present} ingeschreven maar niet (meer) wonend op dit adres",
                    f"{registered} registered in the BRP, {persons(present, 'en')} living here: "
                    f"{registered - present} registered but not (or no longer) living here",
                    {**facts, "difference": registered - present},
                    (BURGERZAKEN,),
                )
            )
    agency = agency_involved(loc, residents)
    snf_breaches = [f for f in findings if f.snf and f.outcome == "breach"]
    if agency and snf_breaches:
        provider = v.choice(loc, "agency_name") or v.choice(loc, "landlord_name")
        out.append(
            Signal(
                "snf_norm_breach",
                LOCATION,
                "SNF-normen overschreden bij huisvesting via uitzendbureau of SNF-huisvester: "
                + "; ".join(f.message_nl for f in snf_breaches),
                "SNF norms breached in housing by an agency or SNF-certified provider: "
                + "; ".join(f.message_en for f in snf_breaches),
                {
                    "provider": provider,
                    "snf_registered": loc.get("agency_snf_registered"),
                    "snf_certificate": loc.get("snf_certificate"),
                    "norms": sorted({f.code for f in snf_breaches}),
                    "subjects": [f.subject for f in snf_breaches],
                },
                (SNF,),
            )
        )
    crowded = [f for f in findings if f.code in OVERCROWDING_CODES and f.outcome == "breach"]
    if crowded:
        refs: tuple[Referral, ...] = (AFMH, SNF) if agency else (AFMH,)
        out.append(
            Signal(
                "overcrowding",
                LOCATION,
                "Overbewoning: " + "; ".join(f.message_nl for f in crowded),
                "Overcrowding: " + "; ".join(f.message_en for f in crowded),
                {
                    "persons_present": present,
                    "floor_area_m2": v.number(loc, "floor_area_m2"),
                    "norms": [f.code for f in crowded],
                },
                refs,
            )
        )
    return out
