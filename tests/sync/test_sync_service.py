"""The whole way with real processes: uvicorn on 127.0.0.1 over SQLite and PostgreSQL, faults
included. Each ends with nothing lost, nothing stored twice, nothing tampered accepted."""

from __future__ import annotations

import io
import json
import os
import threading
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from service_support import CuttingProxy, provision_laptop
from sqlalchemy import func, select

from inspector.core import vault
from inspector.paths import DataPaths
from inspector.server import service
from inspector.server.models import BlobPart, Record, Upload
from inspector.storage.models import utcnow
from inspector.sync import client, envelope, keys, outbox
from inspector.sync.models import OutboxRecord
from inspector.sync.trust import b64

from tests_support import PASSWORD, registration_helpers

H = registration_helpers()
pytestmark = pytest.mark.slow


def _inspection(ws: Any, photo_bytes: int = 0, address: str = "Voorbeeldstraat 1") -> str:
    insp = ws.inspections.create(address=address, postcode="9999 ZZ", city="Gouda")
    if photo_bytes:
        ws.attachments.add(
            insp.id, kind="photo", content=os.urandom(photo_bytes), mime="image/jpeg"
        )
    ws.inspections.finalize(insp.id)
    return str(insp.id)


def _rows(ws: Any) -> list[OutboxRecord]:
    with ws.unit() as s:
        return list(s.scalars(select(OutboxRecord).order_by(OutboxRecord.created_at)))


def _server_counts(svc: Any) -> tuple[int, int]:
    db = svc.db()
    try:
        with db.session() as s:
            return (
                int(s.scalar(select(func.count()).select_from(Record)) or 0),
                int(s.scalar(select(func.count(func.distinct(Record.record_id)))) or 0),
            )
    finally:
        db.dispose()


def _user(svc: Any, role: str) -> str:
    db = svc.db()
    try:
        with db.session() as s:
            return service.add_user(s, f"{role} 1", role)[1]
    finally:
        db.dispose()


def test_inspection_and_registration_arrive_and_outcome_comes_back(workspace, office, svc) -> None:  # type: ignore[no-untyped-def]
    provision_laptop(workspace, svc, office)
    _inspection(workspace, photo_bytes=300_000)
    rid = H.make_resident(workspace)
    eid = workspace.registrations.start(rid, consent=True, today=H.TODAY)
    H.complete(workspace, eid)
    workspace.registrations.sign(eid, today=H.TODAY)
    summary = client.sync_once(workspace)
    assert summary.ok, summary.errors
    assert summary.delivered == 2
    rows = _rows(workspace)
    assert {r.state for r in rows} == {"delivered"}
    assert all(json.loads(r.receipt or "{}")["seq"] >= 1 for r in rows)
    # The registry clerk sees both (the inspection is sealed to both offices) and opens them.
    token = _user(svc, "registry")
    h = {"Authorization": f"Bearer {token}"}
    listed = httpx.get(f"{svc.url}/v1/records", headers=h).json()["records"]
    assert sorted(r["kind"] for r in listed) == ["inspection", "registration"]
    reg = next(r for r in listed if r["kind"] == "registration")
    sealed = httpx.get(f"{svc.url}/v1/records/{reg['record_id']}/sealed", headers=h).content
    with office.unit() as s:
        kid = keys.trust_bundle(s).current_recipient("registry").key_id
        opened = envelope.open_record(io.BytesIO(sealed), kid, keys.recipient_private(s, kid))
    assert b"Exemplu" in opened.payload
    # Enforcement does not see the registration.
    enf = {"Authorization": f"Bearer {_user(svc, 'enforcement')}"}
    assert [
        r["kind"] for r in httpx.get(f"{svc.url}/v1/records", headers=enf).json()["records"]
    ] == ["inspection"]
    # The clerk returns it with a question; it comes down sealed to the laptop.
    box = httpx.get(f"{svc.url}/v1/devices/{reg['device_id']}/box-key", headers=h).json()
    msg = client.seal_downlink(
        __import__("base64").b64decode(box["box_public"]),
        reg["device_id"],
        "outcome",
        reg["record_id"],
        "returned",
        {"message": "Geboorteplaats graag controleren"},
    )
    r = httpx.post(
        f"{svc.url}/v1/records/{reg['record_id']}/outcome",
        json={"state": "returned", "sealed": b64(msg)},
        headers=h,
    )
    assert r.status_code == 200
    assert client.sync_once(workspace).pulled == 1
    assert client.outcomes_for(workspace, eid) == [
        {"state": "returned", "message": "Geboorteplaats graag controleren"}
    ]
    # Shown with the inspection the registration was made in.
    insp_id = workspace.registrations.get(eid).inspection_id
    assert client.outcomes_for_inspection(workspace, insp_id) == [
        {
            "about": f"registration {eid}",
            "state": "returned",
            "message": "Geboorteplaats graag controleren",
        }
    ]
    # The service's database holds no plaintext of the records.
    if svc.database_url.startswith("sqlite"):
        raw = Path(svc.database_url.removeprefix("sqlite:///")).read_bytes()
        assert (
            b"Exemplu" not in raw and b"Voorbeeldstraat" not in raw and b"Geboorteplaats" not in raw
        )
    assert "Exemplu" not in svc.logs() and "Voorbeeldstraat" not in svc.logs()


def test_duplicates_replays_and_other_hash(workspace, office, svc) -> None:  # type: ignore[no-untyped-def]
    provision_laptop(workspace, svc, office)
    _inspection(workspace)
    assert client.sync_once(workspace).delivered == 1
    (row,) = _rows(workspace)
    first = json.loads(row.receipt or "{}")
    # Replay: the laptop sends it again (e.g. the receipt was lost): the same receipt.
    with workspace.unit() as s:
        s.get(OutboxRecord, row.record_id).state = "waiting"  # type: ignore[union-attr]
    summary = client.sync_once(workspace)
    assert summary.delivered == 1 and summary.already == 1
    assert json.loads(_rows(workspace)[0].receipt or "{}") == first
    assert _server_counts(svc) == (1, 1)
    # The same id with other bytes is refused with the reason.
    with workspace.unit() as s:
        link = s.get(client.SyncLink, 1)
        cred = link.credential  # type: ignore[union-attr]
    r = httpx.post(
        f"{svc.url}/v1/uploads",
        json={"record_id": row.record_id, "sha256": "0" * 64, "size": 10},
        headers={"Authorization": f"Bearer {cred}"},
    )
    assert r.status_code == 409 and "another hash" in r.json()["detail"]


def test_cut_connections_resume_from_the_offset(workspace, office, svc) -> None:  # type: ignore[no-untyped-def]
    proxy = CuttingProxy(svc.ports[0], cut_after=3_500_000)
    try:
        provision_laptop(workspace, svc, office, url=proxy.url)
        _inspection(workspace, photo_bytes=12_000_000)
        (row,) = _rows(workspace)
        summary = client.sync_once(workspace)
        assert summary.ok, summary.errors
        assert proxy.cuts >= 3
        # Resumed, not restarted: little more than the record crossed the wire.
        assert proxy.forwarded < (row.size or 0) * 1.4
    finally:
        proxy.close()
    assert _server_counts(svc) == (1, 1)


def test_service_killed_mid_upload_and_restarted(workspace, office, svc, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # The network goes after 5 MB of a 10 MB record; then the service dies hard (SIGKILL).
    proxy = CuttingProxy(svc.ports[0], cut_after=5_000_000)
    proxy.on_cut = lambda: setattr(proxy, "dead", True)
    provision_laptop(workspace, svc, office, url=proxy.url)
    _inspection(workspace, photo_bytes=10_000_000)
    (row,) = _rows(workspace)
    monkeypatch.setattr(client, "RESUME_TRIES", 1)
    summary = client.sync_once(workspace)
    assert summary.delivered == 0 and _rows(workspace)[0].state == "waiting"
    svc.kill()
    proxy.close()
    svc.start()
    with workspace.unit() as s:
        s.get(client.SyncLink, 1).server_url = svc.url  # type: ignore[union-attr]
    db = svc.db()
    with db.session() as s:
        received = s.scalar(select(Upload.received))
    db.dispose()
    assert received and received > 0
    summary = client.sync_once(workspace)
    assert summary.ok, summary.errors
    # It went on from the offset the service had stored, not from zero.
    assert summary.bytes_sent <= (row.size or 0) - (received or 0) + (1 << 20)
    assert _server_counts(svc) == (1, 1)


def _tamper(workspace: Any, record_id: str, where: str) -> None:
    path = outbox.record_path(workspace.paths, record_id)
    data = bytearray(path.read_bytes())
    header = envelope.read_header(io.BytesIO(bytes(data)))
    pos = {
        "chunk": len(data) - 40,
        "manifest": bytes(data).index(b'"kind":"inspection"') + 9,
        "signature": bytes(data).index(b'"signature":"') + 20,
    }[where]
    data[pos] ^= 0x01
    if where == "manifest":
        data[pos] = ord("x")
    path.write_bytes(bytes(data))
    sha, size = envelope.file_sha256(path)
    with workspace.unit() as s:
        row = s.get(OutboxRecord, record_id)
        row.sha256, row.size = sha, size  # type: ignore[union-attr]
    assert header.record_id == record_id


@pytest.mark.parametrize("where", ["chunk", "manifest", "signature"])
def test_flipped_bytes_are_refused(workspace, office, svc, where: str) -> None:  # type: ignore[no-untyped-def]
    provision_laptop(workspace, svc, office)
    _inspection(workspace, photo_bytes=50_000)
    (row,) = _rows(workspace)
    _tamper(workspace, row.record_id, where)
    summary = client.sync_once(workspace)
    assert summary.delivered == 0 and summary.failed == 1
    assert _rows(workspace)[0].state == "waiting"
    assert _server_counts(svc) == (0, 0)
    db = svc.db()
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(BlobPart)) == 0
    db.dispose()


def test_record_sealed_to_an_unsigned_key_is_refused(workspace, office, svc, bundle) -> None:  # type: ignore[no-untyped-def]
    provision_laptop(workspace, svc, office)
    # A key the office root never signed, put into the laptop's bundle behind its back.
    from cryptography.hazmat.primitives.asymmetric import x25519

    from inspector.sync.trust import SignedStatement, recipient_statement

    evil = x25519.X25519PrivateKey.generate().public_key().public_bytes_raw()
    st = recipient_statement("enforcement", evil, "2999-01-01T00:00:00Z")
    with workspace.unit() as s:
        link = s.get(client.SyncLink, 1)
        data = json.loads(link.trust_bundle)  # type: ignore[union-attr]
        data["recipients"].append(SignedStatement(st, b"\x00" * 64).to_json())
        link.trust_bundle = json.dumps(data)  # type: ignore[union-attr]
    # The laptop itself refuses to seal to it ...
    _inspection(workspace)
    assert _rows(workspace)[0].state == "unsealed"
    # ... and a record sealed to an unknown key by hand is refused by the service.
    with workspace.unit() as s:
        link = s.get(client.SyncLink, 1)
        sign_key = keys.signing_private(keys.device_keys(s)[0])  # type: ignore[index]
        device_id, cred = link.device_id, link.credential  # type: ignore[union-attr]
    buf = io.BytesIO()
    envelope.seal(
        buf,
        record_id="11111111-2222-4333-8444-555555555555",
        kind="inspection",
        version=1,
        supersedes=None,
        created=utcnow().isoformat(),
        device_id=device_id,
        device_key=sign_key,
        recipients=[
            envelope.Recipient(st["key_id"], x25519.X25519PublicKey.from_public_bytes(evil))
        ],
        payload=b"{}",
    )
    blob = buf.getvalue()
    import hashlib

    h = {"Authorization": f"Bearer {cred}"}
    r = httpx.post(
        f"{svc.url}/v1/uploads",
        json={
            "record_id": "11111111-2222-4333-8444-555555555555",
            "sha256": hashlib.sha256(blob).hexdigest(),
            "size": len(blob),
        },
        headers=h,
    )
    r = httpx.patch(
        f"{svc.url}/v1/uploads/{r.json()['upload_id']}",
        content=blob,
        headers={**h, "Upload-Offset": "0", "Content-Type": "application/offset+octet-stream"},
    )
    assert r.status_code == 422 and "not signed by the office root" in r.json()["detail"]
    assert _server_counts(svc) == (0, 0)


def test_revoked_device_exports_and_hands_in(workspace, office, svc, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    device_id = provision_laptop(workspace, svc, office)
    _inspection(workspace)
    db = svc.db()
    with db.session() as s:
        service.revoke_device(s, device_id)
    summary = client.sync_once(workspace)
    assert summary.delivered == 0 and "revoked" in " ".join(summary.errors)
    assert client.export(workspace, tmp_path / "handin") == 1
    (path,) = (tmp_path / "handin").glob("*.sealed")
    sha, size = envelope.file_sha256(path)
    with db.session() as s, open(path, "rb") as f:
        rid, new = service.import_record(s, f, size, sha)
    with db.session() as s, open(path, "rb") as f:
        assert service.import_record(s, f, size, sha) == (rid, False)
    db.dispose()
    assert _server_counts(svc) == (1, 1)


def test_forged_and_expired_credentials(workspace, office, svc) -> None:  # type: ignore[no-untyped-def]
    device_id = provision_laptop(workspace, svc, office)
    forged = f"dev.{device_id}.{'A' * 43}"
    r = httpx.get(f"{svc.url}/v1/messages", headers={"Authorization": f"Bearer {forged}"})
    assert r.status_code == 401
    assert httpx.get(f"{svc.url}/v1/messages").status_code == 401
    db = svc.db()
    with db.session() as s:
        _id, code = service.add_device(s, "Laptop 13")
        dev = s.get(service.Device, _id)
        dev.code_expires_at = utcnow() - timedelta(seconds=1)  # type: ignore[union-attr]
    db.dispose()
    other = vault.initialise(
        DataPaths(workspace.paths.root.parent / "laptop2"),
        officer_name="Toezichthouder Twee",
        username="twee",
        password=PASSWORD,
        municipality="Gemeente Voorbeeld",
    )
    with office.unit() as s:
        fp = keys.trust_bundle(s).fingerprint
    with pytest.raises(client.SyncFailure, match="expired"):
        client.provision(other, svc.url, code, fp)
    # A code is used once.
    with pytest.raises(client.SyncFailure, match="not valid"):
        client.provision(other, svc.url, "ABCD-EFGH-JKLM", fp)
    other.close()


@pytest.mark.serve_args("--max-record-mb", "1")
def test_record_over_the_size_limit(workspace, office, svc) -> None:  # type: ignore[no-untyped-def]
    provision_laptop(workspace, svc, office)
    _inspection(workspace, photo_bytes=2_000_000)
    summary = client.sync_once(workspace)
    assert summary.failed == 1 and "larger than" in summary.errors[0]
    assert _rows(workspace)[0].state == "waiting"


def test_two_laptops_at_once_and_a_clock_a_day_off(workspace, office, svc, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    other = vault.initialise(
        DataPaths(workspace.paths.root.parent / "laptop2"),
        officer_name="Toezichthouder Twee",
        username="twee",
        password=PASSWORD,
        municipality="Gemeente Voorbeeld",
    )
    provision_laptop(workspace, svc, office)
    provision_laptop(other, svc, office)
    # The second laptop's clock runs a day ahead: the service keeps its own time.
    import inspector.sync.outbox as ob

    for n in range(3):
        _inspection(workspace, photo_bytes=200_000, address=f"Voorbeeldstraat {n}")
    monkeypatch.setattr(ob, "utcnow", lambda: utcnow() + timedelta(days=1))
    for n in range(3):
        _inspection(other, photo_bytes=200_000, address=f"Voorbeeldweg {n}")
    results: list[client.SyncSummary] = []
    threads = [
        threading.Thread(target=lambda w=w: results.append(client.sync_once(w)))
        for w in (workspace, other)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert sorted(r.delivered for r in results) == [3, 3], [r.errors for r in results]
    assert _server_counts(svc) == (6, 6)
    other.close()
