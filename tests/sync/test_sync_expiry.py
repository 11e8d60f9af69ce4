"""Open uploads a laptop never finishes end (``inspector server sweep``): their bytes go, and a
laptop that comes back starts the record again from its first byte. Real processes, SQLite (the
bytes in a folder) and PostgreSQL (the bytes in the database)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from service_support import CuttingProxy, provision_laptop, upload_row
from sqlalchemy import func, select, update

from inspector.server import service
from inspector.server.blobs import FileBlobs, default_spec
from inspector.server.models import BlobPart, Record, Upload, utcnow
from inspector.sync import client
from inspector.sync.models import OutboxRecord

pytestmark = pytest.mark.slow


def _finalized_inspection(ws: Any, photo_bytes: int) -> OutboxRecord:
    insp = ws.inspections.create(address="Voorbeeldstraat 1", postcode="9999 ZZ", city="Gouda")
    ws.attachments.add(insp.id, kind="photo", content=os.urandom(photo_bytes), mime="image/jpeg")
    ws.inspections.finalize(insp.id)
    with ws.unit() as s:
        (row,) = s.scalars(select(OutboxRecord))
        return row


def _credential(ws: Any) -> str:
    with ws.unit() as s:
        link = s.get(client.SyncLink, 1)
        assert link is not None
        return str(link.credential)


def _sweep(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "inspector", "server", "sweep", "--database", url, *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _uploads(svc: Any) -> list[Any]:
    db = svc.db()
    try:
        with db.session() as s:
            return list(s.execute(select(Upload.id, Upload.state, Upload.received, Upload.error)))
    finally:
        db.dispose()


def _age(svc: Any, days: float) -> None:
    """Every upload last written *days* ago, and (a folder) its files as old."""
    db = svc.db()
    try:
        with db.session() as s:
            s.execute(update(Upload).values(updated_at=utcnow() - timedelta(days=days)))
    finally:
        db.dispose()
    folder = default_spec(svc.database_url)
    if folder is not None:
        old = time.time() - days * 86400
        for path in Path(folder).rglob("*"):
            if path.is_file():
                os.utime(path, (old, old))


def _bytes_kept(svc: Any, upload_id: str) -> int:
    """Bytes of the upload kept in the database and in the service's folder (SQLite)."""
    db = svc.db()
    try:
        with db.session() as s:
            inside = s.scalar(
                select(func.coalesce(func.sum(func.length(BlobPart.data)), 0)).where(
                    BlobPart.blob_id == upload_id
                )
            )
    finally:
        db.dispose()
    folder = default_spec(svc.database_url)
    outside = FileBlobs(Path(folder)) if folder is not None else None
    kept = 0 if outside is None else sum(len(p) for p in outside.parts(upload_id))
    return int(inside or 0) + kept


def test_an_upload_left_unfinished_for_a_week_ends_and_the_laptop_starts_again(  # type: ignore[no-untyped-def]
    workspace, office, svc, monkeypatch
) -> None:
    # The connection goes after 3.5 MB of a 9 MB inspection, and the laptop gives up for now.
    proxy = CuttingProxy(svc.ports[0], cut_after=3_500_000)
    proxy.on_cut = lambda: setattr(proxy, "dead", True)
    provision_laptop(workspace, svc, office, url=proxy.url)
    row = _finalized_inspection(workspace, 9_000_000)
    monkeypatch.setattr(client, "RESUME_TRIES", 1)
    summary = client.sync_once(workspace)
    proxy.close()
    assert summary.delivered == 0
    ((upload_id, state, received, _error),) = _uploads(svc)
    assert state == "open" and 0 < received < (row.size or 0)
    assert _bytes_kept(svc, upload_id) == received

    # Six days on, nothing ends (the administrator sees it waiting); eight days on, a dry
    # run counts it and changes nothing.
    _age(svc, 6)
    status = subprocess.run(
        [sys.executable, "-m", "inspector", "server", "status", "--database", svc.database_url],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert status.returncode == 0, status.stderr
    written = (utcnow() - timedelta(days=6)).strftime("%Y-%m-%d")
    assert f"open uploads (not finished by their laptop): 1, {received} bytes" in status.stdout
    assert f"last written {written} " in status.stdout and " UTC" in status.stdout
    done = _sweep(svc.database_url)
    assert done.returncode == 0, done.stderr
    assert "ended 0 uploads (0 bytes)" in done.stdout
    _age(svc, 8)
    done = _sweep(svc.database_url, "--dry-run")
    assert done.returncode == 0, done.stderr
    assert f"would end 1 upload ({received} bytes)" in done.stdout
    assert _uploads(svc)[0].state == "open" and _bytes_kept(svc, upload_id) == received

    done = _sweep(svc.database_url)
    assert done.returncode == 0, done.stderr
    assert f"ended 1 upload ({received} bytes)" in done.stdout
    ((_id, state, _received, error),) = _uploads(svc)
    assert state == "expired" and error == "no bytes came for 7 days"
    db = svc.db()
    try:
        with db.session() as s:
            assert service.open_uploads(s) == {"count": 0, "bytes": 0, "oldest_written": None}
            assert service.status(s)["uploads"] == {"expired": 1}
    finally:
        db.dispose()
    assert _bytes_kept(svc, upload_id) == 0  # in the database and in the folder alike

    # The ended upload takes no more bytes and tells why (not a 409 to resume from).
    auth = {"Authorization": f"Bearer {_credential(workspace)}"}
    answer = httpx.get(f"{svc.url}/v1/uploads/{upload_id}", headers=auth)
    assert answer.status_code == 410 and answer.json()["state"] == "expired"
    answer = httpx.patch(
        f"{svc.url}/v1/uploads/{upload_id}",
        content=b"x" * 10,
        headers={
            **auth,
            "Upload-Offset": str(received),
            "Content-Type": "application/offset+octet-stream",
        },
    )
    assert answer.status_code == 410 and "expired unfinished" in answer.json()["detail"]

    # Back at the office, the laptop sends the whole record again and gets its receipt.
    with workspace.unit() as s:
        s.get(client.SyncLink, 1).server_url = svc.url  # type: ignore[union-attr]
    summary = client.sync_once(workspace)
    assert summary.ok and summary.delivered == 1, summary.errors
    assert summary.bytes_sent >= (row.size or 0)
    states = sorted(u.state for u in _uploads(svc))
    assert states == ["done", "expired"]
    db = svc.db()
    try:
        with db.session() as s:
            (record,) = s.scalars(select(Record))
            assert record.record_id == row.record_id and record.sha256 == row.sha256
    finally:
        db.dispose()


def test_an_upload_ended_between_its_start_and_its_bytes_is_started_again(  # type: ignore[no-untyped-def]
    workspace, office, svc, monkeypatch
) -> None:
    """The sweep ends the upload the laptop has just resumed (a 410 at its next request): the
    laptop starts the record again at once and it arrives whole."""
    provision_laptop(workspace, svc, office)
    row = _finalized_inspection(workspace, 6_000_000)
    started = httpx.post(
        f"{svc.url}/v1/uploads",
        json={"record_id": row.record_id, "sha256": row.sha256, "size": row.size},
        headers={"Authorization": f"Bearer {_credential(workspace)}"},
    )
    assert started.status_code == 201
    real_patch = httpx.Client.patch
    ended: list[str] = []

    def patch(self: httpx.Client, url: str, **kwargs: Any) -> httpx.Response:
        if not ended:  # the administrator's sweep runs between the laptop's two requests
            _age(svc, 8)
            db = svc.db()
            try:
                with db.session() as s:
                    ended.append(str(service.expire_uploads(s).blobs))
            finally:
                db.dispose()
        return real_patch(self, url, **kwargs)

    monkeypatch.setattr(httpx.Client, "patch", patch)
    summary = client.sync_once(workspace)
    assert ended == ["1"]
    assert summary.ok and summary.delivered == 1, summary.errors
    assert sorted(u.state for u in _uploads(svc)) == ["done", "expired"]


def test_a_finished_or_refused_upload_answers_410_with_its_state(  # type: ignore[no-untyped-def]
    workspace, office, svc
) -> None:
    """A request for an upload that is done (its answer lost on the way) or refused gets 410
    with the state, so that the laptop asks again (done) or gives up with the reason
    (refused); its bytes are not checked a second time."""
    provision_laptop(workspace, svc, office)
    _finalized_inspection(workspace, 6_000_000)
    assert client.sync_once(workspace).delivered == 1
    auth = {"Authorization": f"Bearer {_credential(workspace)}"}
    ((upload_id, state, received, _error),) = _uploads(svc)
    assert state == "done"
    answer = httpx.patch(
        f"{svc.url}/v1/uploads/{upload_id}",
        content=b"",
        headers={
            **auth,
            "Upload-Offset": str(received),
            "Content-Type": "application/offset+octet-stream",
        },
    )
    assert answer.status_code == 410 and answer.json()["state"] == "done"
    # A refused record: the same id under other bytes.
    bad = httpx.post(
        f"{svc.url}/v1/uploads",
        json={"record_id": "b" * 36, "sha256": "1" * 64, "size": 10},
        headers=auth,
    )
    assert bad.status_code == 201
    failed = httpx.patch(
        f"{svc.url}/v1/uploads/{bad.json()['upload_id']}",
        content=b"0123456789",
        headers={**auth, "Upload-Offset": "0", "Content-Type": "application/offset+octet-stream"},
    )
    assert failed.status_code == 422
    again = httpx.patch(
        f"{svc.url}/v1/uploads/{bad.json()['upload_id']}",
        content=b"",
        headers={**auth, "Upload-Offset": "10", "Content-Type": "application/offset+octet-stream"},
    )
    assert again.status_code == 410 and again.json()["state"] == "failed"
    assert "refused" in again.json()["detail"]


@pytest.mark.parametrize("database_url", ["sqlite", "postgresql"], indirect=True)
def test_only_old_open_uploads_end(service_db) -> None:  # type: ignore[no-untyped-def]
    """``service.expire_uploads``: open uploads older than the window end, their parts in the
    database go; young open ones, finished and refused ones stay as they are."""
    with service_db.session() as s:
        device_id, _code = service.add_device(s, "Laptop 1 (fictitious)")
        now = utcnow()
        for upload_id, state, age in (
            ("u-old", "open", 9),
            ("u-young", "open", 2),
            ("u-done", "done", 30),
            ("u-failed", "failed", 30),
        ):
            written = now - timedelta(days=age)
            s.add(upload_row(device_id, upload_id, state, 100, received=40, updated_at=written))
            s.add(BlobPart(blob_id=upload_id, offset=0, data=b"p" * 40))
    with service_db.session() as s:
        assert service.expire_uploads(s, timedelta(days=7), dry_run=True) == service.Swept(1, 40)
    with service_db.session() as s:
        assert service.expire_uploads(s, timedelta(days=7)) == service.Swept(1, 40)
    with service_db.session() as s:
        assert {u.id: u.state for u in s.execute(select(Upload.id, Upload.state))} == {
            "u-old": "expired",
            "u-young": "open",
            "u-done": "done",
            "u-failed": "failed",
        }
        assert set(s.scalars(select(BlobPart.blob_id))) == {"u-young", "u-done", "u-failed"}
        assert service.expire_uploads(s, timedelta(days=7)) == service.Swept(0, 0)


def _old_open_upload(db: Any) -> str:
    """A device and its open upload of 100 bytes, 40 received, last written 9 days ago."""
    with db.session() as s:
        device_id, _code = service.add_device(s, "Laptop 1 (fictitious)")
        written = utcnow() - timedelta(days=9)
        s.add(upload_row(device_id, "u-1", "open", 100, received=40, updated_at=written))
        s.add(BlobPart(blob_id="u-1", offset=0, data=b"p" * 40))
    return str(device_id)


@pytest.mark.parametrize("database_url", ["sqlite", "postgresql"], indirect=True)
def test_a_request_writing_to_an_upload_and_a_sweep_run_one_after_the_other(service_db) -> None:  # type: ignore[no-untyped-def]
    """The request claims the upload with its first statement: a sweep ending old uploads
    meanwhile waits for the request's commit and then finds the upload young (on SQLite the
    request's first statement used to be a read, which takes no lock there: the sweep ended
    the upload and removed its bytes while the append went on)."""
    device_id = _old_open_upload(service_db)
    swept: list[service.Swept] = []

    def sweep() -> None:
        with service_db.session() as s:
            swept.append(service.expire_uploads(s, timedelta(days=7)))

    with service_db.session() as s:
        assert service.append(s, device_id, "u-1", 40, b"q" * 20) == 60
        sweeper = threading.Thread(target=sweep)
        sweeper.start()
        sweeper.join(0.5)
        assert sweeper.is_alive()  # it waits for this transaction
    sweeper.join(30)
    assert swept == [service.Swept(0, 0)]
    with service_db.session() as s:
        up = s.get(Upload, "u-1")
        assert up is not None and (up.state, up.received) == ("open", 60)
        assert sorted(s.scalars(select(BlobPart.offset))) == [0, 40]


@pytest.mark.parametrize("database_url", ["sqlite", "postgresql"], indirect=True)
def test_after_the_sweep_the_upload_takes_nothing_and_a_resume_is_activity(service_db) -> None:  # type: ignore[no-untyped-def]
    device_id = _old_open_upload(service_db)
    with service_db.session() as s:
        assert service.expire_uploads(s, timedelta(days=7)) == service.Swept(1, 40)
    for write in (
        lambda s: service.append(s, device_id, "u-1", 40, b"q" * 20),
        lambda s: service.complete(s, device_id, "u-1"),
    ):
        with pytest.raises(service.ServiceError) as ended, service_db.session() as s:
            write(s)
        assert ended.value.status == 410 and ended.value.extra == {"state": "expired"}
    with service_db.session() as s:
        assert s.scalar(select(func.count()).select_from(BlobPart)) == 0
        # The laptop asks again: a new upload from byte 0.
        status, answer = service.start_upload(s, device_id, "u-1", "0" * 64, 100, 1000)
        assert (status, answer["offset"]) == (201, 0)
    # A laptop resuming an old upload makes it young: the next sweep leaves it.
    with service_db.session() as s:
        s.execute(update(Upload).values(updated_at=utcnow() - timedelta(days=9)))
    with service_db.session() as s:
        status, answer = service.start_upload(s, device_id, "u-1", "0" * 64, 100, 1000)
        assert (status, answer["status"]) == (200, "partial")
    with service_db.session() as s:
        assert service.expire_uploads(s, timedelta(days=7)) == service.Swept(0, 0)
