"""BRP registration duty: ingezetene, RNI, already correct or unknown, with deadlines."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from inspector.rules import ResidentInput, add_months, compute, registration_duty
from inspector.settings import Norms

TODAY = date(2025, 3, 1)
NORMS = Norms()
LONG = "at_least_4_months"
SHORT = "under_4_months"

# (case id, answers, kind, deadline, overdue, part of nl reason, part of en reason)
CASES: list[tuple[str, dict[str, Any], str, date | None, bool | None, str, str]] = [
    (
        "registered here",
        {
            "current_registration": "brp_here",
            "expected_stay": LONG,
            "arrival_date": date(2024, 1, 1),
        },
        "already_correct",
        None,
        None,
        "Staat al in de BRP ingeschreven op dit adres",
        "Already registered in the BRP at this address",
    ),
    (
        "long stay, overdue",
        {"current_registration": "none", "expected_stay": LONG, "arrival_date": date(2025, 2, 20)},
        "ingezetene",
        date(2025, 2, 25),
        True,
        "uiterlijk 25 februari 2025 (verstreken); nu niet ingeschreven",
        "by 25 February 2025 (passed); now not registered",
    ),
    (
        "long stay, deadline today is not overdue",
        {"current_registration": "none", "expected_stay": LONG, "arrival_date": date(2025, 2, 24)},
        "ingezetene",
        date(2025, 3, 1),
        False,
        "uiterlijk 1 maart 2025;",
        "by 1 March 2025;",
    ),
    (
        "long stay, in time",
        {"current_registration": "none", "expected_stay": LONG, "arrival_date": date(2025, 2, 26)},
        "ingezetene",
        date(2025, 3, 3),
        False,
        "binnen 5 dagen na aankomst",
        "within 5 days of arrival",
    ),
    (
        "long stay, arrival unknown",
        {"expected_stay": LONG},
        "ingezetene",
        None,
        None,
        "termijn onbekend",
        "deadline unknown",
    ),
    (
        "short stay",
        {"current_registration": "none", "expected_stay": SHORT, "arrival_date": date(2025, 2, 20)},
        "rni",
        None,
        None,
        "kan zich als niet-ingezetene in de RNI inschrijven",
        "may register as a non-resident in the RNI",
    ),
    (
        "short stay, already RNI",
        {"current_registration": "rni", "expected_stay": SHORT, "arrival_date": date(2025, 2, 20)},
        "rni",
        None,
        None,
        "staat al in de RNI",
        "already registered in the RNI",
    ),
    (
        "departure exactly 4 months after arrival",
        {"arrival_date": date(2025, 1, 1), "expected_departure_date": date(2025, 5, 1)},
        "ingezetene",
        date(2025, 1, 6),
        True,
        "van 1 januari 2025 tot 1 mei 2025",
        "from 1 January 2025 to 1 May 2025",
    ),
    (
        "departure one day short of 4 months",
        {"arrival_date": date(2025, 1, 1), "expected_departure_date": date(2025, 4, 30)},
        "rni",
        None,
        None,
        "korter dan 4 maanden",
        "shorter than 4 months",
    ),
    (
        "departure date beats a rough choice",
        {
            "arrival_date": date(2025, 2, 20),
            "expected_departure_date": date(2025, 3, 15),
            "expected_stay": LONG,
        },
        "rni",
        None,
        None,
        "tot 15 maart 2025",
        "to 15 March 2025",
    ),
    (
        "departure date says long, choice says short",
        {
            "arrival_date": date(2025, 2, 20),
            "expected_departure_date": date(2025, 8, 1),
            "expected_stay": SHORT,
        },
        "ingezetene",
        date(2025, 2, 25),
        True,
        "4 maanden of langer",
        "4 months or longer",
    ),
    (
        "already here 4 months settles it",
        {"arrival_date": date(2024, 11, 1), "expected_stay": SHORT, "current_registration": "none"},
        "ingezetene",
        date(2024, 11, 6),
        True,
        "sinds 1 november 2024 in Nederland",
        "since 1 November 2024",
    ),
    (
        "here one day short of 4 months, nothing else known",
        {"arrival_date": date(2024, 11, 2)},
        "unknown",
        None,
        None,
        "Nog niet bekend",
        "Not yet known",
    ),
    (
        "nothing answered",
        {},
        "unknown",
        None,
        None,
        "Nog niet bekend: aankomstdatum en verwachte verblijfsduur ontbreken",
        "Not yet known: arrival date and expected length of stay missing",
    ),
    (
        "stay unknown",
        {"expected_stay": "unknown", "arrival_date": date(2025, 2, 1)},
        "unknown",
        None,
        None,
        "Nog niet bekend",
        "Not yet known",
    ),
    (
        "departure before arrival is ignored",
        {
            "arrival_date": date(2025, 2, 1),
            "expected_departure_date": date(2025, 1, 1),
            "expected_stay": LONG,
        },
        "ingezetene",
        date(2025, 2, 6),
        True,
        "verwacht minstens 4 maanden binnen 6 maanden",
        "expects to stay at least 4 months within 6 months",
    ),
    (
        "registered elsewhere must report the move",
        {
            "current_registration": "brp_elsewhere",
            "expected_stay": LONG,
            "arrival_date": date(2024, 6, 1),
            "moving_in_date": date(2025, 2, 27),
        },
        "ingezetene",
        date(2025, 3, 4),
        False,
        "moet de verhuizing naar dit adres binnen 5 dagen doorgeven",
        "must report the move to this address within 5 days",
    ),
    (
        "registered elsewhere, moving-in date unknown",
        {"current_registration": "brp_elsewhere", "expected_stay": LONG},
        "ingezetene",
        None,
        None,
        "termijn onbekend",
        "deadline unknown",
    ),
    (
        "RNI but now staying long",
        {"current_registration": "rni", "expected_stay": LONG, "arrival_date": date(2025, 2, 27)},
        "ingezetene",
        date(2025, 3, 4),
        False,
        "nu alleen in de RNI",
        "now only in the RNI",
    ),
    (
        "registration not known",
        {
            "current_registration": "dont_know",
            "expected_stay": LONG,
            "arrival_date": date(2025, 2, 27),
        },
        "ingezetene",
        date(2025, 3, 4),
        False,
        "controleer de BRP",
        "check the BRP",
    ),
    (
        "planned arrival in the future",
        {"expected_stay": LONG, "arrival_date": date(2025, 3, 10)},
        "ingezetene",
        date(2025, 3, 15),
        False,
        "uiterlijk 15 maart 2025",
        "by 15 March 2025",
    ),
    (
        "ISO strings are read as dates",
        {"expected_stay": LONG, "arrival_date": "2025-02-20"},
        "ingezetene",
        date(2025, 2, 25),
        True,
        "25 februari 2025",
        "25 February 2025",
    ),
]


@pytest.mark.parametrize(
    ("answers", "kind", "deadline", "overdue", "nl", "en"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_duty_table(
    answers: dict[str, Any],
    kind: str,
    deadline: date | None,
    overdue: bool | None,
    nl: str,
    en: str,
) -> None:
    duty = registration_duty("r1", answers, NORMS, today=TODAY)
    assert duty.kind == kind
    assert duty.deadline == deadline
    assert duty.overdue is overdue
    assert nl in duty.reason_nl
    assert en in duty.reason_en
    assert duty.reason("nl") == duty.reason_nl


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2025, 1, 1), 4, date(2025, 5, 1)),
        (date(2024, 10, 31), 4, date(2025, 2, 28)),
        (date(2023, 10, 31), 4, date(2024, 2, 29)),
        (date(2024, 11, 15), 4, date(2025, 3, 15)),
        (date(2024, 9, 30), 6, date(2025, 3, 30)),
    ],
)
def test_add_months(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


def test_settings_change_the_duty() -> None:
    norms = Norms(registration_days_after_arrival=7, registration_months=3)
    answers = {"arrival_date": date(2024, 12, 1)}  # here 3 months at TODAY
    duty = registration_duty("r1", answers, norms, today=TODAY)
    assert duty.kind == "ingezetene"
    assert duty.deadline == date(2024, 12, 8)


def test_compute_gives_one_duty_per_resident() -> None:
    residents = [
        ResidentInput("a", {"current_registration": "brp_here"}),
        ResidentInput("b", {"expected_stay": SHORT}),
        ResidentInput("c", {}),
    ]
    duties = compute(None, residents, NORMS, today=TODAY).duties
    assert {rid: d.kind for rid, d in duties.items()} == {
        "a": "already_correct",
        "b": "rni",
        "c": "unknown",
    }
    assert duties["a"].current_registration == "brp_here"
