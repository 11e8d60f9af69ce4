"""The per-device rate limit holds across service workers: two ``inspector serve`` processes on
one PostgreSQL share the counters in the database; with ``--rate-store memory`` each process
counts alone (the contrast shows the test can fail)."""

from __future__ import annotations

import hashlib
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest
from service_support import Service, prepare, provision_laptop

from inspector.sync.models import SyncLink

pytestmark = pytest.mark.slow
RATE = 6


def _bundle_for(office: Any) -> Any:
    from inspector.sync import keys

    def make(pub: bytes) -> Any:
        with office.unit() as s:
            return keys.trust_bundle(s, pub)

    return make


def _two_workers(pg: Any, office: Any, tmp_path: Path, *args: str) -> Service:
    url = pg.create_database()
    prepare(url, _bundle_for(office)).dispose()
    service = Service(url, tmp_path, ("--rate", str(RATE), *args))
    service.start(2)
    return service


def _statuses(workspace: Any, svc: Service, requests: int, upload: bool = False) -> list[int]:
    """*requests* authenticated calls of one device, alternating between the two workers,
    all inside one minute of the clock (the counters' window): asking for messages, or
    (*upload*) sending a record that is no sealed record (the upload's own authentication)."""
    with workspace.unit() as s:
        link = s.get(SyncLink, 1)
        assert link is not None
        auth = {"Authorization": f"Bearer {link.credential}"}
    if time.time() % 60 > 45:
        time.sleep(61 - time.time() % 60)
    urls = svc.urls()
    if upload:
        body = b"not a sealed record"
        headers = {**auth, "Record-Sha256": hashlib.sha256(body).hexdigest()}
        return [
            httpx.put(
                f"{urls[n % 2]}/v1/records/{uuid.uuid4()}",
                content=body,
                headers=headers,
                timeout=30,
            ).status_code
            for n in range(requests)
        ]
    return [
        httpx.get(f"{urls[n % 2]}/v1/messages", headers=auth, timeout=30).status_code
        for n in range(requests)
    ]


@pytest.mark.parametrize("store", ["auto", "database"])
def test_the_rate_limit_holds_across_two_workers_on_postgresql(  # type: ignore[no-untyped-def]
    workspace, office, pg, tmp_path: Path, store: str
) -> None:
    svc = _two_workers(pg, office, tmp_path, "--rate-store", store)
    try:
        provision_laptop(workspace, svc, office)
        statuses = _statuses(workspace, svc, 2 * RATE)
        # Shared counters: RATE requests in all, whichever worker took them.
        assert statuses == [200] * RATE + [429] * RATE, statuses
        body = httpx.get(
            f"{svc.urls()[1]}/v1/messages",
            headers={"Authorization": "Bearer dev.x.y"},
            timeout=30,
        )
        assert body.status_code == 401  # an unknown credential is refused, not counted
    finally:
        svc.kill()


def test_uploads_count_against_the_shared_limit_on_postgresql(  # type: ignore[no-untyped-def]
    workspace, office, pg, tmp_path: Path
) -> None:
    """An upload's authentication counts the request in the same statement that reads the
    credential (``service.authenticate_upload``): the limit holds for uploads across workers
    too, and an upload with a forged credential is refused without using up the device's."""
    svc = _two_workers(pg, office, tmp_path)
    try:
        provision_laptop(workspace, svc, office)
        with workspace.unit() as s:
            link = s.get(SyncLink, 1)
            assert link is not None
            device_id = link.credential.split(".")[1]
        for _ in range(RATE):  # the device's id with a wrong secret
            forged = httpx.put(
                f"{svc.urls()[0]}/v1/records/{uuid.uuid4()}",
                content=b"x",
                headers={
                    "Authorization": f"Bearer dev.{device_id}.wrong",
                    "Record-Sha256": "0" * 64,
                },
                timeout=30,
            )
            assert forged.status_code == 401
        statuses = _statuses(workspace, svc, 2 * RATE, upload=True)
        # Counted and refused for what they are (not sealed records), then the limit.
        assert statuses == [422] * RATE + [429] * RATE, statuses
    finally:
        svc.kill()


def test_in_memory_counters_are_per_worker(workspace, office, pg, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    svc = _two_workers(pg, office, tmp_path, "--rate-store", "memory")
    try:
        provision_laptop(workspace, svc, office)
        # Each worker lets RATE through on its own: twice as many in all.
        statuses = _statuses(workspace, svc, 2 * RATE)
        assert statuses == [200] * (2 * RATE), statuses
    finally:
        svc.kill()


@pytest.mark.serve_args("--rate", str(RATE))
def test_a_request_refused_for_its_kind_is_not_counted(svc) -> None:  # type: ignore[no-untyped-def]
    """Credential, kind, then rate, at every endpoint and with either counter (SQLite: in
    memory; PostgreSQL: in the database): a clerk's token sent to the laptops' endpoints
    (an upload, the messages) is refused with 403 as often as it is sent, and the clerk's own
    limit is whole afterwards."""
    from inspector.server import service

    db = svc.db()
    try:
        with db.session() as s:
            _user_id, token = service.add_user(s, "Clerk (fictitious)", "registry")
    finally:
        db.dispose()
    auth = {"Authorization": f"Bearer {token}"}
    if time.time() % 60 > 40:
        time.sleep(61 - time.time() % 60)
    body = b"not a sealed record"
    refused = [
        httpx.put(
            f"{svc.url}/v1/records/{uuid.uuid4()}",
            content=body,
            headers={**auth, "Record-Sha256": hashlib.sha256(body).hexdigest()},
            timeout=30,
        ).status_code
        if n % 2
        else httpx.get(f"{svc.url}/v1/messages", headers=auth, timeout=30).status_code
        for n in range(2 * RATE)
    ]
    assert refused == [403] * (2 * RATE), refused
    own = [
        httpx.get(f"{svc.url}/v1/records?after=0", headers=auth, timeout=30).status_code
        for _ in range(RATE + 1)
    ]
    assert own == [200] * RATE + [429], own
