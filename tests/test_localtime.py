"""One time zone everywhere: the municipality's (Europe/Amsterdam), whatever the laptop says."""

from __future__ import annotations

import datetime as dt

import pytest

from inspector import localtime
from inspector.forms.engine import parse_datetime


@pytest.mark.parametrize(
    ("utc", "shown"),
    [
        (dt.datetime(2026, 1, 15, 9, 5, tzinfo=dt.UTC), "2026-01-15 10:05 +0100"),
        (dt.datetime(2026, 7, 1, 22, 30, tzinfo=dt.UTC), "2026-07-02 00:30 +0200"),
        (dt.datetime(2026, 7, 1, 22, 30), "2026-07-02 00:30 +0200"),  # naive: stored UTC
    ],
)
def test_local_is_amsterdam_time(utc: dt.datetime, shown: str) -> None:
    assert localtime.local(utc).strftime("%Y-%m-%d %H:%M %z") == shown


def test_pdf_date_carries_the_offset() -> None:
    moment = dt.datetime(2026, 11, 30, 9, 15, 7, tzinfo=dt.UTC)
    assert localtime.pdf_date(moment) == "D:20261130101507+01'00'"
    assert localtime.local_day(dt.datetime(2026, 11, 30, 23, 30, tzinfo=dt.UTC)) == dt.date(
        2026, 12, 1
    )


def test_typed_times_are_municipality_time(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    monkeypatch.setenv("TZ", "America/New_York")  # a laptop set to another zone
    time.tzset()
    try:
        value = parse_datetime("30-11-2026 10:00")
    finally:
        monkeypatch.undo()
        time.tzset()
    assert value == dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
