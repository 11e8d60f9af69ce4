"""Several uploads in flight (``client.PARALLEL_UPLOADS``): the laptop sends the next records
while the service checks and commits the ones before; every receipt is still verified and
kept, and a cancel stops them all."""

from __future__ import annotations

import os
import threading
import time
from typing import Any

import pytest
from service_support import provision_laptop
from sqlalchemy import select

from inspector.sync import client
from inspector.sync.models import OutboxRecord

pytestmark = pytest.mark.slow


def _inspections(ws: Any, count: int, photo_bytes: int) -> None:
    for n in range(count):
        insp = ws.inspections.create(address=f"Parallelweg {n}", postcode="9999 ZZ", city="Gouda")
        ws.attachments.add(
            insp.id, kind="photo", content=os.urandom(photo_bytes), mime="image/jpeg"
        )
        ws.inspections.finalize(insp.id)


def _watch(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Count the uploads under way at once (around the real upload of one record)."""
    seen: dict[str, Any] = {"now": 0, "most": 0, "threads": set()}
    lock = threading.Lock()
    real = client._push_one

    def counted(*args: Any, **kwargs: Any) -> Any:
        with lock:
            seen["now"] += 1
            seen["most"] = max(seen["most"], seen["now"])
            seen["threads"].add(threading.current_thread().name)
        try:
            time.sleep(0.2)  # long enough for the next one to start beside it
            return real(*args, **kwargs)
        finally:
            with lock:
                seen["now"] -= 1

    monkeypatch.setattr(client, "_push_one", counted)
    return seen


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_four_records_go_at_once_and_every_receipt_is_kept(  # type: ignore[no-untyped-def]
    workspace, office, svc, monkeypatch
) -> None:
    provision_laptop(workspace, svc, office)
    _inspections(workspace, 6, 1_500_000)  # above the batch size: one PUT each
    seen = _watch(monkeypatch)
    summary = client.sync_once(workspace)
    assert summary.ok, summary.errors
    assert summary.delivered == 6
    assert seen["most"] == client.PARALLEL_UPLOADS == 4
    assert all(name.startswith("inspector-upload") for name in seen["threads"])
    with workspace.unit() as s:
        rows = list(s.scalars(select(OutboxRecord)))
    assert {r.state for r in rows} == {"delivered"}
    assert len({r.receipt_seq for r in rows}) == 6


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_cancel_stops_the_uploads_and_the_records_wait(  # type: ignore[no-untyped-def]
    workspace, office, svc, monkeypatch
) -> None:
    provision_laptop(workspace, svc, office)
    _inspections(workspace, 4, 1_500_000)
    _watch(monkeypatch)
    calls: list[str] = []

    def progress(record_id: str, done: int, size: int) -> None:
        calls.append(record_id)
        if len(calls) > 3:
            raise client.SyncCancelled()

    summary = client.sync_once(workspace, progress=progress)
    assert summary.cancelled and summary.failed == 0
    with workspace.unit() as s:
        states = [r.state for r in s.scalars(select(OutboxRecord))]
    assert states.count("waiting") >= 2  # nothing lost: they go next time
    again = client.sync_once(workspace)
    assert again.ok, again.errors
    with workspace.unit() as s:
        assert {r.state for r in s.scalars(select(OutboxRecord))} == {"delivered"}
