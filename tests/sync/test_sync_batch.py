"""Fewer requests and commits for small records: one request for a whole record
(``PUT /v1/records/{id}``) and several small records in one request (``POST /v1/records/batch``),
against a real service on SQLite and PostgreSQL. Each ends with nothing lost, nothing stored
twice, nothing tampered accepted."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import httpx
import pytest
from service_support import provision_laptop
from sqlalchemy import func, select
from test_sync_service import _inspection, _rows, _server_counts, _tamper

from inspector.server import service
from inspector.server.models import BlobPart
from inspector.sync import client, outbox
from inspector.sync.models import OutboxRecord, SyncLink

pytestmark = pytest.mark.slow


def _credential(ws: Any) -> str:
    with ws.unit() as s:
        link = s.get(SyncLink, 1)
        assert link is not None
        return str(link.credential)


def _requests(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The requests the client makes (method and path)."""
    seen: list[str] = []
    real = httpx.Client.send

    def send(self: httpx.Client, request: httpx.Request, **kw: Any) -> httpx.Response:
        seen.append(f"{request.method} {request.url.path}")
        return real(self, request, **kw)

    monkeypatch.setattr(httpx.Client, "send", send)
    return seen


@pytest.mark.parametrize("bad", [2, 3])
def test_small_records_go_in_one_batch_and_a_bad_one_keeps_no_other_out(
    workspace, office, svc, monkeypatch, bad
) -> None:  # type: ignore[no-untyped-def]
    """(The service checks a batch's records on two threads, every other one in the second:
    a damaged record is refused in either half, every other answer stays in its place.)"""
    provision_laptop(workspace, svc, office)
    for n in range(5):
        _inspection(workspace, photo_bytes=20_000, address=f"Batchstraat {n}")
    rows = _rows(workspace)
    rows.insert(2, rows.pop(bad))  # the damaged one is rows[2] below
    _tamper(workspace, rows[2].record_id, "chunk")
    seen = _requests(monkeypatch)
    summary = client.sync_once(workspace)
    # One request carried all five; the damaged one was refused with the reason, the rest
    # came back with verified receipts.
    assert seen.count("POST /v1/records/batch") == 1
    assert not any(s.startswith(("PUT ", "PATCH ")) for s in seen)
    assert summary.delivered == 4 and summary.failed == 1
    states = {r.record_id: r.state for r in _rows(workspace)}
    assert states.pop(rows[2].record_id) == "waiting"
    assert set(states.values()) == {"delivered"}
    with workspace.unit() as s:
        bad = s.get(OutboxRecord, rows[2].record_id)
        assert bad is not None and "hash" in (bad.last_error or "")
    assert _server_counts(svc) == (4, 4)
    # A replay of the same batch: the same receipts, nothing stored twice.
    first = {r.record_id: json.loads(r.receipt or "{}") for r in _rows(workspace) if r.receipt}
    with workspace.unit() as s:
        for r in s.scalars(select(OutboxRecord)):
            if r.record_id != rows[2].record_id:
                r.state = "waiting"
    summary = client.sync_once(workspace)
    assert summary.delivered == 4 and summary.already == 4
    again = {r.record_id: json.loads(r.receipt or "{}") for r in _rows(workspace) if r.receipt}
    assert again == first
    assert _server_counts(svc) == (4, 4)


def test_whole_record_in_one_request_checks_before_storing(workspace, office, svc) -> None:  # type: ignore[no-untyped-def]
    provision_laptop(workspace, svc, office)
    _inspection(workspace, photo_bytes=30_000)
    (row,) = _rows(workspace)
    data = outbox.record_path(workspace.paths, row.record_id).read_bytes()
    h = {"Authorization": f"Bearer {_credential(workspace)}"}
    url = f"{svc.url}/v1/records/{row.record_id}"
    # Bytes that are not the declared ones: refused, nothing written at all.
    r = httpx.put(url, content=data, headers={**h, "Record-Sha256": "0" * 64})
    assert r.status_code == 422 and "sha256" in r.json()["detail"]
    db = svc.db()
    try:
        with db.session() as s:
            assert s.scalar(select(func.count()).select_from(BlobPart)) == 0
    finally:
        db.dispose()
    good = {**h, "Record-Sha256": hashlib.sha256(data).hexdigest()}
    # No credential: refused.
    anonymous = {"Record-Sha256": good["Record-Sha256"]}
    assert httpx.put(url, content=data, headers=anonymous).status_code == 401
    first = httpx.put(url, content=data, headers=good)
    assert first.status_code == 200 and first.json()["status"] == "stored"
    again = httpx.put(url, content=data, headers=good)
    assert again.json()["receipt"] == first.json()["receipt"] and again.json()["already"]
    assert _server_counts(svc) == (1, 1)
    # The same id with other bytes: 409 with the reason.
    other = data[:-1] + bytes([data[-1] ^ 1])
    r = httpx.put(
        url, content=other, headers={**h, "Record-Sha256": hashlib.sha256(other).hexdigest()}
    )
    assert r.status_code == 409 and "another hash" in r.json()["detail"]
    # Too large for one request: the laptop is told to use the resumable upload.
    big = b"\0" * (service.WHOLE_MAX + 1)
    r = httpx.put(
        f"{svc.url}/v1/records/r-big",
        content=big,
        headers={**h, "Record-Sha256": hashlib.sha256(big).hexdigest()},
    )
    assert r.status_code == 413 and "/v1/uploads" in r.json()["detail"]


def test_malformed_batches_are_refused_with_a_reason(workspace, office, svc) -> None:  # type: ignore[no-untyped-def]
    provision_laptop(workspace, svc, office)
    h = {"Authorization": f"Bearer {_credential(workspace)}"}
    url = f"{svc.url}/v1/records/batch"
    for body, why in (
        (b"no index line", "one line of JSON"),
        (b"{not json}\n", "not JSON"),
        (b'{"a": 1}\n', "list of"),
        (b'[{"record_id": "r1", "sha256": "' + b"0" * 64 + b'", "size": 5}]\nabc', "add up"),
        (b"[]\n", "1 to"),
    ):
        r = httpx.post(url, content=body, headers=h)
        assert r.status_code == 400 and why in r.json()["detail"], (body, r.text)
    assert _server_counts(svc) == (0, 0)


def test_client_and_service_agree_on_the_limits() -> None:
    assert client.WHOLE_MAX == service.WHOLE_MAX
    assert client.BATCH_RECORD_MAX == service.BATCH_RECORD_MAX
    assert client.BATCH_RECORDS == service.BATCH_RECORDS
    assert client.BATCH_BYTES == service.BATCH_BYTES
