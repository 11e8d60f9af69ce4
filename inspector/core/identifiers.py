"""Dutch identifiers of a control location: postcode and BAG ids (light: loaded at start-up)."""

from __future__ import annotations

import re

_POSTCODE_RE = re.compile(r"([1-9][0-9]{3}) ?([A-Z]{2})")
_UNUSED_POSTCODE_LETTERS = frozenset({"SA", "SD", "SS"})
BAG_OBJECT_TYPES = {"01": "verblijfsobject", "10": "pand", "20": "nummeraanduiding"}


def normalize_postcode(raw: str) -> str | None:
    """A Dutch postcode as '1234 AB', or None when it is not one (SA, SD, SS never are)."""
    if not isinstance(raw, str):
        return None
    m = _POSTCODE_RE.fullmatch(raw.strip().upper())
    if m is None or m.group(2) in _UNUSED_POSTCODE_LETTERS:
        return None
    return f"{m.group(1)} {m.group(2)}"


def bag_id_problem(value: str, expected_kind: str | None = None) -> str | None:
    """Why *value* is not a BAG id (of *expected_kind*), or None when it is one."""
    if not re.fullmatch(r"[0-9]{16}", value):
        return "a BAG id has 16 digits"
    kind = BAG_OBJECT_TYPES.get(value[4:6])
    if kind is None:
        return "digits 5 and 6 of a BAG id give the object type: 01, 10 or 20"
    if expected_kind and kind != expected_kind:
        return f"this BAG id is a {kind}, not a {expected_kind}"
    return None


def bag_kind(value: str) -> str | None:
    """The object type a valid BAG id names."""
    return None if bag_id_problem(value) else BAG_OBJECT_TYPES[value[4:6]]
