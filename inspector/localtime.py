"""The municipality's time zone: every time the app shows or prints is in this zone."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

#: Dutch municipalities (Caribbean Netherlands aside) keep Amsterdam time.
ZONE_NAME = "Europe/Amsterdam"


def zone() -> ZoneInfo:
    try:
        return ZoneInfo(ZONE_NAME)
    except ZoneInfoNotFoundError:  # pragma: no cover - tzdata ships with Python on Windows
        raise RuntimeError(f"time zone {ZONE_NAME} is not installed (package tzdata)") from None


def local(moment: datetime) -> datetime:
    """*moment* in the municipality's zone; a naive value is taken as UTC (as stored)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(zone())


def local_day(moment: datetime) -> date:
    return local(moment).date()


def now() -> datetime:
    return datetime.now(zone())


def today() -> date:
    """The municipality's date now: the day on every form, letter and term (never the
    computer's own zone, which may be UTC on a server or a test machine)."""
    return now().date()


def pdf_date(moment: datetime) -> str:
    """*moment* as a PDF date string (D:YYYYMMDDHHmmSS+HH'mm') in the municipality's zone."""
    value = local(moment)
    offset = value.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    sign = "+" if minutes >= 0 else "-"
    hours, mins = divmod(abs(minutes), 60)
    return f"D:{value:%Y%m%d%H%M%S}{sign}{hours:02d}'{mins:02d}'"
