"""Reading typed values out of an answers dict, tolerant of missing or odd input."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any


def number(answers: Mapping[str, Any], key: str) -> float | None:
    """A non-negative number answer, or None when missing or not a number."""
    value = answers.get(key)
    # bool is an int subclass; a yes/no never counts as a number
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return None
    result = float(value)
    if result != result or result < 0:  # NaN or negative: not a usable measurement
        return None
    return result


def count(answers: Mapping[str, Any], key: str) -> int | None:
    """A non-negative whole-number answer (persons, toilets, ...), or None."""
    value = number(answers, key)
    if value is None or value != int(value):
        return None
    return int(value)


def choice(answers: Mapping[str, Any], key: str) -> str | None:
    """A string answer (yes_no, single_choice, text), or None when missing or empty."""
    value = answers.get(key)
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value or None


def yes_no(answers: Mapping[str, Any], key: str) -> bool | None:
    """True for 'yes', False for 'no', None for 'unknown' or missing."""
    value = choice(answers, key)
    if value == "yes":
        return True
    if value == "no":
        return False
    return None


def day(answers: Mapping[str, Any], key: str) -> date | None:
    """A date answer; accepts datetime.date, datetime.datetime and ISO strings."""
    value = answers.get(key)
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def items(answers: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    """The instances of a repeat; anything that is not a list of mappings gives []."""
    value = answers.get(key)
    if isinstance(value, str | bytes) or not isinstance(value, Sequence):
        return []
    return [item for item in value if isinstance(item, Mapping)]
