"""File names the officer recognises: what the file is, the address, the date."""

from __future__ import annotations

import re
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


def _clean(text: str) -> str:
    return " ".join(_FORBIDDEN.sub(" ", text).split()).strip(" .")
