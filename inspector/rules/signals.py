"""Signals for partner organisations (NLA, SNF, aandachtsfunctionaris, burgerzaken)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from inspector.rules import _values as v
from inspector.rules._text import day_text, persons
from inspector.rules.model import (
    LOCATION,
    ExploitationSignal,
    Finding,
    Referral,
    RegistrationDuty,
    ResidentInput,
)
from inspector.rules.registration import BRP_ELSEWHERE, BRP_HERE
from inspector.settings import Norms

NLA: Referral = "nla"
SNF: Referral = "snf"
AFMH: Referral = "aandachtsfunctionaris_mensenhandel"
BURGERZAKEN: Referral = "burgerzaken"
RUIMTELIJKE_ORDENING: Referral = "ruimtelijke_ordening"

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
        "Huisvesting is afhankelijk van de werkgever (bedrijfspand of bedrijfsterrein of "
        "andere ondermaatse huisvesting)",
        "Housing depends on the employer (company building or company premises or other "
        "substandard housing)",
        False,
    ),
    "nla_unknown_address": ("Kent het eigen adres niet", "Does not know own address", True),
    "nla_pressured_to_work": (
        "Onder druk gezet om te werken of door te werken",
        "Pressured to work or to keep working",
        True,
    ),
}

#: Answers of betrokkene.yaml that are signals in themselves: (field, answer) -> code, nl, en,
#: referrals. The temp-work collective agreement gives four weeks in the housing after the
#: job ends; having to leave at once breaks it.
ANSWER_SIGNALS: tuple[tuple[str, str, str, str, str, tuple[Referral, ...]], ...] = (
    ("payslips", "no", "no_payslips", "Krijgt geen loonstroken", "Receives no payslips", (NLA,)),
    (
        "health_insurance",
        "no",
        "no_health_insurance",
        "Heeft geen zorgverzekering in Nederland",
        "Has no health insurance in the Netherlands",
        (NLA,),
    ),
    (
        "wage_cash",
        "yes",
        "wage_in_cash",
        "Krijgt (een deel van) het loon contant",
        "Is paid (part of) the wage in cash",
        (NLA,),
    ),
    (
        "housing_after_job",
        "leave_immediately",
        "must_leave_at_once",
        "Moet de woning meteen verlaten als het werk stopt (de cao voor uitzendkrachten geeft "
        "vier weken)",
        "Must leave the housing at once when the job ends (the temp-work collective agreement "
        "gives four weeks)",
        (NLA, SNF),
    ),
    (
        "obs_fear_or_refusal",
        "yes",
        "fear_or_refusal",
        "Toont angst om te praten of weigert te praten",
        "Shows fear of talking or refuses to talk",
        (AFMH, NLA),
    ),
    (
        "obs_intermediary_talks",
        "yes",
        "intermediary_talks",
        "Een tussenpersoon voert het woord voor de bewoner",
        "An intermediary does the talking for the resident",
        (AFMH, NLA),
    ),
)

#: Weeks per month, for housing deductions given per week or per four weeks.
_PER_MONTH = {"week": 52 / 12, "four_weeks": 13 / 12, "month": 1.0}

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


def housing_deduction_signal(
    rid: str, answers: Mapping[str, Any], norms: Norms, work: Mapping[str, Any]
) -> ExploitationSignal | None:
    """Rent deducted from the wage above the legal share of the statutory minimum wage."""
    wage = norms.minimum_wage_month
    if wage is None or v.yes_no(answers, "housing_deduction") is not True:
        return None
    amount = v.number(answers, "housing_deduction_amount")
    period = v.choice(answers, "housing_deduction_period")
    if amount is None or period not in _PER_MONTH:
        return None
    monthly = amount * _PER_MONTH[period]
    limit = wage * norms.housing_deduction_max_share
    if monthly <= limit + 1e-9:
        return None
    share = round(norms.housing_deduction_max_share * 100)
    return ExploitationSignal(
        "housing_deduction_above_max",
        rid,
        f"Inhouding voor huisvesting ongeveer € {monthly:.0f} per maand: meer dan {share} % "
        f"van het wettelijk minimumloon (€ {limit:.0f})",
        f"Housing deduction about € {monthly:.0f} a month: more than {share} % of the "
        f"statutory minimum wage (€ {limit:.0f})",
        {"monthly": round(monthly, 2), "limit": round(limit, 2), **work},
        (NLA,),
    )


def resident_signals(
    resident: ResidentInput, duty: RegistrationDuty, norms: Norms | None = None
) -> list[ExploitationSignal]:
    """Exploitation indicators, answers that are signals, ID held by others, and an open
    registration duty."""
    answers = resident.answers
    rid = resident.resident_id
    out: list[ExploitationSignal] = []
    work = _work_facts(answers)
    for field_id, answer, code, nl, en, to in ANSWER_SIGNALS:
        if v.choice(answers, field_id) == answer:
            out.append(ExploitationSignal(code, rid, nl, en, {field_id: answer, **work}, to))
    deduction = housing_deduction_signal(rid, answers, norms or Norms(), work)
    if deduction is not None:
        out.append(deduction)
    for code, (nl, en, trafficking) in NLA_INDICATORS.items():
        if v.yes_no(answers, code):
            refs: tuple[Referral, ...] = (NLA, AFMH) if trafficking else (NLA,)
            out.append(
                ExploitationSignal(
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
            ExploitationSignal(
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
            ExploitationSignal(
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
                ExploitationSignal(
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
                ExploitationSignal(
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
) -> list[ExploitationSignal]:
    """Registration mismatches, use not allowed, SNF norm breaches and overcrowding."""
    out: list[ExploitationSignal] = []
    if v.yes_no(loc, "use_allowed") is False:
        # VNG barrier model: register the people anyway, tell them in writing, and pass the
        # possible zoning conflict to the department responsible.
        out.append(
            ExploitationSignal(
                "use_not_allowed",
                LOCATION,
                "Bewoning past niet binnen het omgevingsplan: mogelijk strijdig gebruik; "
                "bewoners wel inschrijven en schriftelijk informeren",
                "Residential use not allowed by the omgevingsplan: possible zoning conflict; "
                "register the residents all the same and tell them in writing",
                {"use_allowed": "no", "notes": bool(v.choice(loc, "use_allowed_notes"))},
                (RUIMTELIJKE_ORDENING,),
            )
        )
    present = v.count(loc, "persons_present")
    if present is not None and registered is not None:
        facts = {"persons_present": present, "persons_registered": registered}
        if present > registered:
            out.append(
                ExploitationSignal(
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
                ExploitationSignal(
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
            ExploitationSignal(
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
            ExploitationSignal(
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
