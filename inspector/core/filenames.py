"""File names the officer recognises: what the file is, the address, the date."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

#: Characters no file system takes in a name, and control characters.
_FORBIDDEN = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def suggested_file_name(what: str, address: str, day: date, suffix: str, extra: str = "") -> str:
    """E.g. "Controlebrief - Voorbeeldstraat 12 Gouda - 2026-11-30 (pl).pdf".

    The address of the house, never a resident's name: the name can end up in lists of
    recent files."""
    parts = [what, address, day.isoformat()]
    name = " - ".join(_clean(p) for p in parts if _clean(p))
    if extra.strip():
        name += f" ({_clean(extra)})"
    name = name[:150].rstrip(" .-")
    return f"{name or 'document'}.{suffix.lstrip('.')}"


def room_label(room: str | None) -> str:
    """ "kamer 3" for a bare number, else the room as the list names it ("Chalet 12")."""
    room = (room or "").strip()
    if not room:
        return ""
    return f"kamer {room}" if room[0].isdigit() else room


def _clean(text: str) -> str:
    return " ".join(_FORBIDDEN.sub(" ", text).split()).strip(" .")


def series_file_names(
    what: str, address: str, day: date, suffix: str, letters: Sequence[tuple[str | None, str]]
) -> list[str]:
    """Names for a series of letters to one address, one per (room, language), e.g.
    "Uitnodiging inschrijving BRP - Voorbeeldstraat 12 Gouda - 2026-12-03 (2, kamer 3, pl).pdf":
    numbered so that no two are alike, and never a resident's name."""
    names = []
    for number, (room, lang) in enumerate(letters, start=1):
        extra = ", ".join(x for x in (str(number), room_label(room), lang) if x)
        names.append(suggested_file_name(what, address, day, suffix, extra))
    return names
