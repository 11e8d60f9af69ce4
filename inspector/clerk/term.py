"""The processing term in working days: weekends and Dutch public holidays (from the
``holidays`` library) do not count."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=32)
def _holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("NL", years=year).keys())


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def add_working_days(start: date, days: int) -> date:
    """The day on which *days* working days after *start* have passed (the term's last day)."""
    day = start
    left = days
    while left > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after *start* up to and including *end* (negative when *end* is earlier)."""
    if end < start:
        return -working_days_between(end, start)
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def urgency(today: date, due_on: date) -> str:
    """``overdue`` after the last day, ``due`` on it or the working day before, else ``ok``."""
    if today > due_on:
        return "overdue"
    if working_days_between(today, due_on) <= 1:
        return "due"
    return "ok"
