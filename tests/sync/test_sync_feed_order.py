"""A reader of rows after a cursor (records for the office, messages for a device, notices for
an office) never passes a row that is committed later, on SQLite and on PostgreSQL.

A reader keeps the highest number it has seen and asks for what comes after it. Should a
transaction that took number 1 commit after one that took number 2, a reader between the two
commits would see 2, move its cursor past 1 and never get 1: a record lost at the office. On
PostgreSQL several writers (threads and service processes) number rows at once, so a reader
waits for the writers that hold a number to commit (``service.feed_settled``)."""

from __future__ import annotations

import threading
import time
import uuid
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy.orm import Session

from inspector.server import service
from inspector.server.db import ServiceDatabase


def _fresh(device_id: str, record_id: str) -> service.Fresh:
    manifest = {
        "kind": "registration",
        "version": 1,
        "supersedes": None,
        "created": "2026-12-01T09:00:00+00:00",
        "recipients": ["registry-k1"],
    }
    # write_fresh reads the manifest's fields only (the bytes were checked before it).
    header: Any = SimpleNamespace(manifest=manifest)
    return service.Fresh(device_id, str(uuid.uuid4()), record_id, "0" * 64, 5, header, b"bytes")


class _Feed:
    """One feed: how a row is added to it and how a reader reads it after a cursor."""

    def __init__(self, db: ServiceDatabase) -> None:
        with db.session() as s:
            self.device_id, _code = service.add_device(s, "Laptop 1 (fictitious)")
            user_id, _secret = service.add_user(s, "Clerk (fictitious)", "registry")
        self.user = service.Principal("user", user_id, "registry")

    def add(self, kind: str, s: Session, name: str) -> None:
        if kind == "records":
            service.write_fresh(s, [_fresh(self.device_id, name)])
        elif kind == "messages":
            service.post_downlink(
                s,
                self.user,
                kind="outcome",
                device_id=self.device_id,
                record_id=name,
                state="processed",
                sealed=b"sealed",
            )
        else:
            service.post_notice(s, self.user, name, "enforcement", b"sealed")

    def read(self, kind: str, s: Session, after: int) -> list[tuple[int, str]]:
        if kind == "records":
            return [
                (r["seq"], r["record_id"]) for r in service.records_for(s, "registry", after, 500)
            ]
        if kind == "messages":
            return [
                (m["seq"], m["record_id"]) for m in service.messages_for(s, self.device_id, after)
            ]
        return [(n["seq"], n["notice_id"]) for n in service.notices_for(s, "coordinator", after)]


@pytest.mark.parametrize("kind", ["records", "messages", "notices"])
def test_a_reader_after_a_cursor_never_passes_a_row_committed_later(
    service_db: ServiceDatabase, kind: str
) -> None:
    db = service_db
    feed = _Feed(db)
    first_name, second_name = str(uuid.uuid4()), str(uuid.uuid4())
    # The first transaction numbers its row and has not committed yet.
    first = db._sessions()
    feed.add(kind, first, first_name)
    second_done = threading.Event()
    errors: list[BaseException] = []

    def second() -> None:
        try:
            with db.session() as s:
                feed.add(kind, s, second_name)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        second_done.set()

    thread = threading.Thread(target=second)
    thread.start()
    # Time for the second transaction to number its row and commit, were it let.
    second_done.wait(1.0)
    seen: list[str] = []
    cursor = 0

    def read() -> None:
        nonlocal cursor
        with db.session() as s:
            rows = feed.read(kind, s, cursor)
        seen.extend(name for _seq, name in rows)
        cursor = max([cursor, *(seq for seq, _name in rows)])

    # A reader between the two commits (should the second have committed first); it may
    # wait for the first to commit.
    reader = threading.Thread(target=read)
    reader.start()
    reader.join(1.0)
    first.commit()
    first.close()
    thread.join(30)
    reader.join(30)
    assert not errors
    assert not thread.is_alive() and not reader.is_alive()
    read()
    assert sorted(seen) == sorted([first_name, second_name])
    assert seen.index(first_name) < seen.index(second_name)


def test_a_reader_polling_while_four_writers_store_records_gets_every_one(
    service_db: ServiceDatabase,
) -> None:
    """Four writers store records at once, each committing a random moment after it took its
    numbers, while a reader reads after its cursor again and again: it gets every record."""
    db = service_db
    import random

    from sqlalchemy import event

    feed = _Feed(db)
    names = [[str(uuid.uuid4()) for _ in range(15)] for _ in range(4)]

    def late(_s: Any) -> None:
        time.sleep(random.uniform(0, 0.02))

    stop = threading.Event()
    seen: list[str] = []
    errors: list[BaseException] = []

    def write(mine: list[str]) -> None:
        try:
            for name in mine:
                s = db._sessions()
                event.listen(s, "before_commit", late)
                try:
                    service.write_fresh(s, [_fresh(feed.device_id, name)])
                    s.commit()
                finally:
                    s.close()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    def read() -> None:
        cursor = 0
        while True:
            last = stop.is_set()
            with db.session() as s:
                rows = feed.read("records", s, cursor)
            seen.extend(name for _seq, name in rows)
            cursor = max([cursor, *(seq for seq, _name in rows)])
            if last:
                return

    writers = [threading.Thread(target=write, args=(mine,)) for mine in names]
    reader = threading.Thread(target=read)
    reader.start()
    for t in writers:
        t.start()
    for t in writers:
        t.join(60)
    stop.set()
    reader.join(60)
    assert not errors
    assert sorted(seen) == sorted(n for mine in names for n in mine)
