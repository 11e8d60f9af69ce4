"""The hot path of an upload.

``PUT /v1/records/{id}`` runs as a plain ASGI endpoint in front of its FastAPI route (every
photo-sized record goes this way): the same answers, the same OpenAPI schema, and every
request it does not take (a malformed id or hash header) answered by FastAPI as before. The
trust bundle's recipient keys are parsed once per bundle, yet a removed key is refused at
once."""

from __future__ import annotations

import asyncio
import hashlib
import io
import os
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519, x25519
from service_support import prepare
from sqlalchemy import func, select

from inspector.server import service
from inspector.server.app import ServiceConfig, create_app
from inspector.server.db import ServiceDatabase
from inspector.server.models import Record
from inspector.sync import envelope
from inspector.sync.trust import TrustBundle, raw_public

RID = "11111111-2222-4333-8444-{:012d}"


def _office(office: Any, tmp_path: Path, name: str, blobs: str | None) -> Any:
    """A prepared SQLite service database (its own file) with one provisioned device."""
    from inspector.sync import keys

    def bundle_for(pub: bytes) -> TrustBundle:
        with office.unit() as s:
            return keys.trust_bundle(s, pub)

    url = f"sqlite:///{tmp_path / name}"
    prepare(url, bundle_for).dispose()
    return ServiceDatabase(url, blobs)


def _device(db: Any) -> tuple[str, str, ed25519.Ed25519PrivateKey]:
    sign = ed25519.Ed25519PrivateKey.generate()
    box = x25519.X25519PrivateKey.generate()
    with db.session() as s:
        _id, code = service.add_device(s, "Laptop 7")
    with db.session() as s:
        device_id, cred = service.provision(
            s, code, raw_public(sign.public_key()), raw_public(box.public_key())
        )
    return device_id, cred, sign


def _sealed(db: Any, device_id: str, sign: ed25519.Ed25519PrivateKey, n: int, size: int) -> bytes:
    with db.session() as s:
        bundle = service.trust(s)
    assert bundle is not None
    recipients = [
        envelope.Recipient(st.key_id, x25519.X25519PublicKey.from_public_bytes(st.public))
        for st in bundle.recipients
    ]
    photo = os.urandom(size)
    buf = io.BytesIO()
    envelope.seal(
        buf,
        record_id=RID.format(n),
        kind="inspection",
        version=1,
        supersedes=None,
        created="2026-11-30T12:00:00+00:00",
        device_id=device_id,
        device_key=sign,
        recipients=recipients,
        payload=b'{"adres": "Voorbeeldstraat 1"}',
        attachments=[envelope.AttachmentSource("foto", len(photo), lambda: [photo])],
    )
    return buf.getvalue()


def _requests(blob: bytes, other: bytes, cred: str) -> list[tuple[str, str, dict[str, str], bytes]]:
    """(name, path, headers, body) of a request of every kind the PUT route meets."""
    good = hashlib.sha256(blob).hexdigest()
    flipped = bytearray(blob)
    flipped[len(blob) // 2] ^= 1
    auth = {"Authorization": f"Bearer {cred}", "Content-Type": "application/octet-stream"}
    rid = RID.format(1)
    return [
        ("stored", f"/v1/records/{rid}", {**auth, "Record-Sha256": good}, blob),
        ("again", f"/v1/records/{rid}", {**auth, "Record-Sha256": good}, blob),
        (
            "other bytes",
            f"/v1/records/{rid}",
            {**auth, "Record-Sha256": hashlib.sha256(other).hexdigest()},
            other,
        ),
        (
            "flipped byte",
            f"/v1/records/{RID.format(2)}",
            {**auth, "Record-Sha256": hashlib.sha256(bytes(flipped)).hexdigest()},
            bytes(flipped),
        ),
        ("wrong hash", f"/v1/records/{RID.format(3)}", {**auth, "Record-Sha256": "0" * 64}, blob),
        ("no hash header", f"/v1/records/{rid}", auth, blob),
        ("upper-case hash", f"/v1/records/{rid}", {**auth, "Record-Sha256": "AB" * 32}, blob),
        ("bad record id", "/v1/records/a%20b", {**auth, "Record-Sha256": good}, blob),
        ("long record id", f"/v1/records/{'a' * 37}", {**auth, "Record-Sha256": good}, blob),
        (
            "no credential",
            f"/v1/records/{RID.format(4)}",
            {"Record-Sha256": good, "Content-Type": "application/octet-stream"},
            blob,
        ),
        (
            "forged credential",
            f"/v1/records/{RID.format(4)}",
            {**auth, "Authorization": cred[:-3] + "xyz", "Record-Sha256": good},
            blob,
        ),
        ("empty body", f"/v1/records/{RID.format(5)}", {**auth, "Record-Sha256": good}, b""),
        (
            "too large",
            f"/v1/records/{RID.format(6)}",
            {**auth, "Record-Sha256": good},
            b"\0" * (service.WHOLE_MAX + 1),
        ),
    ]


def _comparable(r: Any) -> tuple[int, Any]:
    body = r.json()
    if isinstance(body, dict) and "receipt" in body:
        # Receipts of two databases differ in time, signature and key: their shape does not.
        body = {**body, "signature": "…", "receipt": {**body["receipt"], "received_at": "…"}}
        # Each side seals its own bytes (its own device): the hash differs, not the shape.
        body["receipt"]["service_key_id"] = body["receipt"]["sha256"] = "…"
    return r.status_code, body


async def _send(app: Any, requests: list[Any]) -> list[tuple[str, tuple[int, Any]]]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://service") as c:
        return [
            (name, _comparable(await c.put(path, headers=headers, content=body)))
            for name, path, headers, body in requests
        ]


@pytest.mark.parametrize("blobs", ["database", "folder"])
def test_the_plain_put_route_answers_as_the_fastapi_route(
    office: Any, tmp_path: Path, blobs: str
) -> None:
    answers: dict[str, list[tuple[str, tuple[int, Any]]]] = {}
    records: dict[str, int] = {}
    taken: dict[str, int] = {}
    photo_size = 600_000  # above the blob store's inline limit: the folder takes it
    for side in ("plain", "fastapi"):
        folder = None if blobs == "database" else str(tmp_path / side)
        db = _office(office, tmp_path, f"{side}.sqlite3", folder)
        device_id, cred, sign = _device(db)
        # The same device id and key on both sides would need the same provisioning: each side
        # gets its own device and its own records (same ids, same shape).
        blob = _sealed(db, device_id, sign, 1, photo_size)
        other = _sealed(db, device_id, sign, 1, photo_size)
        app = create_app(ServiceConfig(database_url=str(db.engine.url)), db)
        fast = app.router.routes[0]
        calls = [0]
        inner = fast.app  # type: ignore[attr-defined]

        async def counting(
            scope: Any, receive: Any, send: Any, inner: Any = inner, calls: list[int] = calls
        ) -> None:
            calls[0] += 1
            await inner(scope, receive, send)

        fast.app = counting  # type: ignore[attr-defined]
        if side == "fastapi":
            app.router.routes.remove(fast)
        answers[side] = asyncio.run(_send(app, _requests(blob, other, cred)))
        taken[side] = calls[0]
        with db.session() as s:
            records[side] = int(s.scalar(select(func.count()).select_from(Record)) or 0)
        db.dispose()
    assert answers["plain"] == answers["fastapi"]
    by_name = dict(answers["plain"])
    assert by_name["stored"][0] == 200 and by_name["stored"][1]["status"] == "stored"
    assert by_name["again"][1].get("already") is True
    assert by_name["other bytes"][0] == 409
    assert by_name["flipped byte"][0] == 422
    assert by_name["wrong hash"][0] == 422
    assert by_name["no hash header"][0] == 422  # FastAPI's validation answer
    assert by_name["no credential"][0] == 401
    assert by_name["too large"][0] == 413
    assert records == {"plain": 1, "fastapi": 1}
    # The plain endpoint took every request that reached its path; without it none did.
    assert taken == {"plain": len(answers["plain"]), "fastapi": 0}


def test_the_openapi_schema_is_that_of_the_fastapi_route() -> None:
    app = create_app(ServiceConfig(database_url="sqlite://"))
    with_plain = app.openapi()
    app.router.routes.pop(0)
    app.openapi_schema = None
    assert app.openapi() == with_plain
    assert "put" in with_plain["paths"]["/v1/records/{record_id}"]


def test_a_recipient_key_removed_from_the_trust_bundle_is_refused_at_once(
    office: Any, tmp_path: Path
) -> None:
    """The bundle's key ids are parsed once per bundle text, not per request: a key the
    office takes out of the bundle is refused from the very next request on (and taken
    again once it is back)."""
    from inspector.sync.trust import TrustBundle as Bundle

    db = _office(office, tmp_path, "trust.sqlite3", None)
    device_id, cred, sign = _device(db)
    records = {n: _sealed(db, device_id, sign, n, 1000) for n in (1, 2, 3)}
    app = create_app(ServiceConfig(database_url=str(db.engine.url)), db)
    with db.session() as s:
        full = service.trust(s)
    assert full is not None
    enforcement = [r for r in full.recipients if r.key_id.startswith("enforcement-")]
    assert enforcement and len(full.recipients) > len(enforcement)

    def put(n: int) -> tuple[int, Any]:
        blob = records[n]
        headers = {
            "Authorization": f"Bearer {cred}",
            "Record-Sha256": hashlib.sha256(blob).hexdigest(),
        }

        async def go() -> tuple[int, Any]:
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://service") as c:
                r = await c.put(f"/v1/records/{RID.format(n)}", headers=headers, content=blob)
                return r.status_code, r.json()

        return asyncio.run(go())

    assert put(1)[0] == 200  # the bundle's keys are parsed and kept now
    with db.session() as s:
        service.set_trust(
            s,
            Bundle(
                full.root_public,
                tuple(r for r in full.recipients if r not in enforcement),
                full.service,
            ),
        )
    status, body = put(2)
    assert status == 422
    assert body["detail"].startswith("recipient key not signed by the office root: enforcement-")
    with db.session() as s:
        service.set_trust(s, full)
    assert put(2)[0] == 200
    assert put(3)[0] == 200
    db.dispose()


async def _raw_put(
    app: Any, path: str, headers: dict[str, str], chunks: list[bytes], before: Any = None
) -> tuple[int, bytes]:
    """A PUT straight into the ASGI app, its body in *chunks*; ``await before(n)`` runs
    before chunk *n* is handed over (a ``None`` chunk: the client goes away there)."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "PUT",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8443),
    }
    sent: list[dict[str, Any]] = []
    n = [0]

    async def receive() -> dict[str, Any]:
        i = n[0]
        n[0] += 1
        if before is not None:
            await before(i)
        if i >= len(chunks):  # nothing more comes (the service does not ask: no answer waits)
            await asyncio.sleep(3600)
        if i >= len(chunks) or chunks[i] is None:
            return {"type": "http.disconnect"}
        return {"type": "http.request", "body": chunks[i], "more_body": i < len(chunks) - 1}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    try:
        await app(scope, receive, send)
    except Exception:  # noqa: BLE001 - a cut request's error, as uvicorn would log it
        return 0, b""
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    return status, b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")


def _folder_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def _wait_for(condition: Any, seconds: float = 10) -> bool:
    import time

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.02)
    return bool(condition())


def test_a_large_record_is_written_while_it_arrives(office: Any, tmp_path: Path) -> None:
    """Half a body in: its file in the blob folder already holds (at least) what the device
    sent so far; the answer comes after the last byte, and the record names that file."""
    folder = tmp_path / "blobs"
    db = _office(office, tmp_path, "pipe.sqlite3", str(folder))
    device_id, cred, sign = _device(db)
    blob = _sealed(db, device_id, sign, 1, 1_500_000)
    app = create_app(ServiceConfig(database_url=str(db.engine.url)), db)
    chunks = [blob[i : i + 65536] for i in range(0, len(blob), 65536)]
    half = len(chunks) // 2
    headers = {
        "authorization": f"Bearer {cred}",
        "record-sha256": hashlib.sha256(blob).hexdigest(),
        "content-length": str(len(blob)),
    }
    seen: dict[str, int] = {}

    async def before(i: int) -> None:
        if i == half:
            # Give the pipe its moment, then look at the folder with half the body sent.
            def written() -> bool:
                files = _folder_files(folder)
                return len(files) == 1 and files[0].stat().st_size >= 65536 * (half - 1)

            seen["half"] = int(await asyncio.to_thread(_wait_for, written))

    status, body = asyncio.run(
        _raw_put(app, f"/v1/records/{RID.format(1)}", headers, chunks, before)
    )
    assert status == 200, body
    assert seen == {"half": 1}
    files = _folder_files(folder)
    assert [f.read_bytes() == blob for f in files] == [True]
    with db.session() as s:
        rec = s.scalars(select(Record)).one()
    assert files[0].name.startswith(rec.blob_id)
    db.dispose()


def test_a_cut_upload_leaves_no_file_and_slow_ones_hold_no_thread(
    office: Any, tmp_path: Path
) -> None:
    """Uploads that stall half way (more than the pipe has threads) do not keep a quick one
    waiting; an upload cut half way leaves nothing in the blob folder."""
    folder = tmp_path / "blobs"
    db = _office(office, tmp_path, "slow.sqlite3", str(folder))
    device_id, cred, sign = _device(db)
    blobs = {
        n: _sealed(db, device_id, sign, n, 400_000) for n in range(1, 4 + service.PIPE_THREADS)
    }
    app = create_app(ServiceConfig(database_url=str(db.engine.url)), db)

    def headers(n: int) -> dict[str, str]:
        return {
            "authorization": f"Bearer {cred}",
            "record-sha256": hashlib.sha256(blobs[n]).hexdigest(),
            "content-length": str(len(blobs[n])),
        }

    def chunks(n: int) -> list[bytes]:
        return [blobs[n][i : i + 65536] for i in range(0, len(blobs[n]), 65536)]

    async def scenario() -> tuple[Any, ...]:
        go_on = asyncio.Event()

        async def stall(i: int) -> None:
            if i == 2:
                await go_on.wait()

        slow = [
            asyncio.create_task(
                _raw_put(app, f"/v1/records/{RID.format(n)}", headers(n), chunks(n), stall)
            )
            for n in range(3, 3 + service.PIPE_THREADS + 1)
        ]
        await asyncio.sleep(0.3)
        quick = await asyncio.wait_for(
            _raw_put(app, f"/v1/records/{RID.format(1)}", headers(1), chunks(1)), 20
        )
        cut = await asyncio.wait_for(
            _raw_put(app, f"/v1/records/{RID.format(2)}", headers(2), chunks(2)[:3] + [None]),
            20,
        )
        go_on.set()
        rest = await asyncio.wait_for(asyncio.gather(*slow), 60)
        return quick, cut, rest

    quick, cut, rest = asyncio.run(scenario())
    assert quick[0] == 200
    assert cut[0] == 0  # the request ended with the client gone
    assert [status for status, _body in rest] == [200] * (service.PIPE_THREADS + 1)
    with db.session() as s:
        stored = set(s.scalars(select(Record.blob_id)))
        assert RID.format(2) not in set(s.scalars(select(Record.record_id)))
    # Every file is a stored record's: the cut upload's is gone.
    assert _wait_for(lambda: {f.name.split(".")[0] for f in _folder_files(folder)} == stored)
    assert len(stored) == service.PIPE_THREADS + 2
    db.dispose()


def test_a_service_process_hands_the_gil_on_within_half_a_millisecond(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each process of ``inspector serve --workers N`` (and ``inspector serve``) sets the
    interpreter's switch interval: the event loop waits at most that long for the GIL."""
    import sys

    from inspector.server import app as app_module

    before = sys.getswitchinterval()
    config = ServiceConfig(database_url=f"sqlite:///{tmp_path / 'w.sqlite3'}")
    monkeypatch.setenv(app_module.ENV_SERVE_SETTINGS, app_module.serve_settings(config, None))
    try:
        sys.setswitchinterval(0.005)
        made = app_module.app_from_settings()
        assert sys.getswitchinterval() == pytest.approx(app_module.SWITCH_INTERVAL)
        assert app_module.SWITCH_INTERVAL <= 0.0005
        made.state.database.dispose()
    finally:
        sys.setswitchinterval(before)
