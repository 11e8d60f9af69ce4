"""The BRP registration duty of one resident (Wet BRP art. 2.38), derived from the answers."""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from inspector.rules import _values as v
from inspector.rules._text import day_text
from inspector.rules.model import RegistrationDuty
from inspector.settings import Norms

#: Answers to current_registration (betrokkene.yaml).
BRP_HERE = "brp_here"
BRP_ELSEWHERE = "brp_elsewhere"
RNI = "rni"
NONE = "none"
DONT_KNOW = "dont_know"
#: Answers to expected_stay.
STAY_SHORT = "under_4_months"
STAY_LONG = "at_least_4_months"


def add_months(start: date, months: int) -> date:
    """*start* plus whole calendar months; the 31st becomes the last day of a short month."""
    month_index = start.month - 1 + months
    year = start.year + month_index // 12
    month = month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def _expects_long_stay(
    answers: Mapping[str, Any], norms: Norms, today: date
) -> tuple[bool | None, str, str]:
    """Whether the resident can reasonably expect to stay at least N months within M months.

    Order of evidence: a stay that has already lasted N months settles it; then a known
    departure date (more specific than the rough choice); then the expected_stay choice.
    Returns the verdict and the basis in nl and en.
    """
    months = norms.registration_months
    window = norms.registration_window_months
    arrival = v.day(answers, "arrival_date")
    departure = v.day(answers, "expected_departure_date")
    stay = v.choice(answers, "expected_stay")
    if arrival is not None and arrival <= today and add_months(arrival, months) <= today:
        return (
            True,
            f"sinds {day_text(arrival, 'nl')} in Nederland, al {months} maanden of langer",
            f"in the Netherlands since {day_text(arrival, 'en')}, already {months} months "
            "or longer",
        )
    if arrival is not None and departure is not None and departure >= arrival:
        long_stay = departure >= add_months(arrival, months)
        span_nl = f"van {day_text(arrival, 'nl')} tot {day_text(departure, 'nl')}"
        span_en = f"from {day_text(arrival, 'en')} to {day_text(departure, 'en')}"
        if long_stay:
            return (
                True,
                f"verwacht verblijf {span_nl}: {months} maanden of langer",
                f"expected stay {span_en}: {months} months or longer",
            )
        return (
            False,
            f"verwacht verblijf {span_nl}: korter dan {months} maanden",
            f"expected stay {span_en}: shorter than {months} months",
        )
    if stay == STAY_LONG:
        return (
            True,
            f"verwacht minstens {months} maanden binnen {window} maanden te blijven",
            f"expects to stay at least {months} months within {window} months",
        )
    if stay == STAY_SHORT:
        return (
            False,
            f"verwacht korter dan {months} maanden te blijven",
            f"expects to stay less than {months} months",
        )
    return None, "", ""


def registration_duty(
    resident_id: str,
    answers: Mapping[str, Any],
    norms: Norms,
    *,
    today: date,
    registered_on_site: date | None = None,
) -> RegistrationDuty:
    """Which registration *answers* call for: ingezetene, rni, already_correct or unknown;
    registered_on_site when the resident signed an on-the-spot registration as resident."""
    current = v.choice(answers, "current_registration")
    if registered_on_site is not None:
        return RegistrationDuty(
            resident_id,
            "registered_on_site",
            f"Op {day_text(registered_on_site, 'nl')} ter plaatse ingeschreven als ingezetene "
            "(formulier ondertekend; burgerzaken verwerkt de inschrijving)",
            f"Registered on the spot as a resident on {day_text(registered_on_site, 'en')} "
            "(form signed; the registry office processes the registration)",
            current_registration=current,
        )
    if current == BRP_HERE:
        return RegistrationDuty(
            resident_id,
            "already_correct",
            "Staat al in de BRP ingeschreven op dit adres",
            "Already registered in the BRP at this address",
            current_registration=current,
        )
    long_stay, basis_nl, basis_en = _expects_long_stay(answers, norms, today)
    days = norms.registration_days_after_arrival
    if long_stay is None:
        return RegistrationDuty(
            resident_id,
            "unknown",
            "Nog niet bekend: aankomstdatum en verwachte verblijfsduur ontbreken",
            "Not yet known: arrival date and expected length of stay missing",
            current_registration=current,
        )
    if not long_stay:
        if current == RNI:
            tail_nl, tail_en = "staat al in de RNI", "already registered in the RNI"
        elif current == BRP_ELSEWHERE:
            tail_nl = "staat in de BRP op een ander adres: controleer of dat nog klopt"
            tail_en = "registered in the BRP at another address: check whether that is right"
        else:
            tail_nl = "kan zich als niet-ingezetene in de RNI inschrijven"
            tail_en = "may register as a non-resident in the RNI"
        return RegistrationDuty(
            resident_id,
            "rni",
            f"Korter verblijf ({basis_nl}): {tail_nl}",
            f"Shorter stay ({basis_en}): {tail_en}",
            current_registration=current,
        )
    # An ingezetene: first registration, or reporting a move when already in the BRP elsewhere.
    if current == BRP_ELSEWHERE:
        start = v.day(answers, "moving_in_date")
        what_nl = f"moet de verhuizing naar dit adres binnen {days} dagen doorgeven"
        what_en = f"must report the move to this address within {days} days"
    else:
        start = v.day(answers, "arrival_date")
        what_nl = f"moet zich binnen {days} dagen na aankomst als ingezetene in de BRP inschrijven"
        what_en = f"must register as a resident in the BRP within {days} days of arrival"
    deadline = start + timedelta(days=days) if start is not None else None
    overdue = None if deadline is None else today > deadline
    status_nl, status_en = {
        RNI: ("nu alleen in de RNI", "now only in the RNI"),
        NONE: ("nu niet ingeschreven", "now not registered"),
        DONT_KNOW: (
            "huidige inschrijving onbekend: controleer de BRP",
            "current registration unknown: check the BRP",
        ),
        BRP_ELSEWHERE: ("nu in de BRP op een ander adres", "now in the BRP at another address"),
    }.get(
        current or "",
        (
            "huidige inschrijving niet ingevuld: controleer de BRP",
            "current registration not recorded: check the BRP",
        ),
    )
    if deadline is None:
        when_nl, when_en = "termijn onbekend", "deadline unknown"
    else:
        when_nl = f"uiterlijk {day_text(deadline, 'nl')}" + (" (verstreken)" if overdue else "")
        when_en = f"by {day_text(deadline, 'en')}" + (" (passed)" if overdue else "")
    return RegistrationDuty(
        resident_id,
        "ingezetene",
        f"Ingezetene ({basis_nl}): {what_nl}, {when_nl}; {status_nl}",
        f"Resident ({basis_en}): {what_en}, {when_en}; {status_en}",
        deadline=deadline,
        overdue=overdue,
        current_registration=current,
    )
