"""Dutch identifiers of a control location: postcode and BAG ids (light: loaded at start-up)."""

from __future__ import annotations

import re
from typing import Any

from stdnum.exceptions import ValidationError
from stdnum.nl import postcode as _stdnum_postcode

BAG_OBJECT_TYPES = {"01": "verblijfsobject", "10": "pand", "20": "nummeraanduiding"}


def normalize_postcode(raw: Any) -> str | None:
    """A Dutch postcode as '1234 AB', or None when it is not one (SA, SD, SS never are).

    Written as people paste it: any spaces (also no-break spaces and tabs), a dash and a
    leading ``NL`` are separators, as python-stdnum's ``nl.postcode`` treats them
    (``NL-2611ET``, ``2611  ET``, ``2611-ET`` are all ``2611 ET``). A wrong type is None.
    """
    if not isinstance(raw, str):
        return None
    text = re.sub(r"\s+", " ", raw)  # no-break and other Unicode spaces as plain ones
    if not text.isascii():
        return None  # full-width or other non-Latin digits are not a postcode
    try:
        return str(_stdnum_postcode.validate(text))
    except (ValidationError, ValueError, TypeError):
        return None


def bag_id_check(value: str, expected_kind: str | None = None) -> tuple[str, str | None] | None:
    """None for a BAG id (of *expected_kind*); else why not, as a code and the kind found:
    ("digits", None), ("object_type", None) or ("kind", the kind the id names)."""
    if not re.fullmatch(r"[0-9]{16}", value):
        return "digits", None
    kind = BAG_OBJECT_TYPES.get(value[4:6])
    if kind is None:
        return "object_type", None
    if expected_kind and kind != expected_kind:
        return "kind", kind
    return None


def bag_id_problem(value: str, expected_kind: str | None = None) -> str | None:
    """Why *value* is not a BAG id (of *expected_kind*), or None when it is one."""
    found = bag_id_check(value, expected_kind)
    if found is None:
        return None
    code, kind = found
    if code == "digits":
        return "a BAG id has 16 digits"
    if code == "object_type":
        return "digits 5 and 6 of a BAG id give the object type: 01, 10 or 20"
    return f"this BAG id is a {kind}, not a {expected_kind}"


def bag_kind(value: str) -> str | None:
    """The object type a valid BAG id names."""
    return None if bag_id_problem(value) else BAG_OBJECT_TYPES[value[4:6]]
