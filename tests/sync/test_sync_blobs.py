"""The service's blob stores behind one interface: the database, a folder on disk and
S3-compatible object storage (moto's S3 server in a thread). Each is checked on its own and
with a real ``inspector serve --blobs …``: a cut upload resumes, a damaged record leaves no
bytes behind, the office reads back exactly the sealed bytes."""

from __future__ import annotations

import hashlib
import io
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from service_support import CuttingProxy, Service, prepare, provision_laptop, upload_row
from sqlalchemy import func, select

from inspector.server import blobs
from inspector.server.db import ServiceDatabase
from inspector.server.models import BlobPart, Record
from inspector.sync import client, envelope, keys, outbox
from inspector.sync.models import OutboxRecord

pytestmark = pytest.mark.slow
BUCKET = "inspector-blobs"


@pytest.fixture(scope="module")
def s3_server() -> Iterator[str]:
    """An S3-compatible endpoint (moto's server mode) with one bucket; its URL."""
    moto_server = pytest.importorskip("moto.server")
    boto3 = pytest.importorskip("boto3")
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    url = f"http://{host}:{port}"
    boto3.client(
        "s3",
        endpoint_url=url,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        region_name="us-east-1",
    ).create_bucket(Bucket=BUCKET)
    yield url
    server.stop()


@pytest.fixture
def s3_env(s3_server: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """The environment a service (and this process) reads its object store settings from."""
    for name, value in (
        ("AWS_ENDPOINT_URL", s3_server),
        ("AWS_ACCESS_KEY_ID", "testing"),
        ("AWS_SECRET_ACCESS_KEY", "testing"),
        ("AWS_DEFAULT_REGION", "us-east-1"),
    ):
        monkeypatch.setenv(name, value)
    return s3_server


def _database(kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> ServiceDatabase:
    """A service database whose sessions keep their bytes in *kind*."""
    spec = None
    if kind == "folder":
        spec = str(tmp_path / "blobs")
    elif kind == "s3":
        request.getfixturevalue("s3_env")
        spec = f"s3://{BUCKET}/unit-{tmp_path.name}"
    db = ServiceDatabase(f"sqlite:///{tmp_path / 'b.sqlite3'}", spec)
    db.migrate()
    return db


@pytest.mark.parametrize("kind", ["database", "folder", "s3"])
def test_every_store_keeps_parts_in_order_drops_stale_ones_and_deletes(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    db = _database(kind, tmp_path, request)

    def run(fn: Any) -> Any:
        with db.session() as s:
            return fn(blobs.for_session(s))

    # Two large parts (outside the database with a folder or bucket) and a small one (inside).
    parts = [os.urandom(n) for n in (1 << 20, 1 << 20, 12_345)]
    run(lambda b: [b.put("up-1", i << 20, p) for i, p in enumerate(parts)])
    run(lambda b: b.put("up-2", 0, b"other blob", fresh=True))
    # Offsets sort as numbers (2 MiB after 1 MiB, not by their text), from both places.
    assert b"".join(run(lambda b: list(b.parts("up-1")))) == b"".join(parts)
    assert run(lambda b: list(b.parts("up-2"))) == [b"other blob"]
    if db.blobs is not None:
        assert db.blobs.offsets("up-1") == [0, 1 << 20]  # the small part stayed inside
        # A killed upload wrote a part outside but never committed its offset: the part
        # stays behind. The resumed upload's put at that offset drops it.
        db.blobs.put("up-3", 0, parts[0])
        db.blobs.put("up-3", 1 << 20, parts[1])
        run(lambda b: b.put("up-3", 1 << 20, b"resumed"))
        assert b"".join(run(lambda b: list(b.parts("up-3")))) == parts[0] + b"resumed"
    run(lambda b: b.delete("up-1"))
    assert run(lambda b: list(b.parts("up-1"))) == []
    assert run(lambda b: list(b.parts("up-2"))) == [b"other blob"]
    if db.blobs is not None:
        with pytest.raises(ValueError):
            db.blobs.put("../escape", 0, b"x")
    db.dispose()


@pytest.mark.parametrize("kind", ["folder", "s3"])
def test_a_sweep_removes_only_old_bytes_that_no_live_upload_names(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """``service.sweep`` (``inspector server sweep``): the bytes of a stored and of an open
    upload stay however old; those no upload names (a service killed before its commit) and
    those of a failed upload go once old enough; younger ones stay (a request on its way to
    its commit). A dry run counts and removes nothing."""
    from datetime import timedelta

    from inspector.server import service

    db = _database(kind, tmp_path, request)
    outside = db.blobs
    assert outside is not None
    with db.session() as s:
        device_id, _code = service.add_device(s, "Laptop 1 (fictitious)")
        for upload_id, state in (("u-done", "done"), ("u-open", "open"), ("u-failed", "failed")):
            s.add(upload_row(device_id, upload_id, state, 300_000))
    for blob_id in ("u-done", "u-open", "u-failed", "orphan-1", "orphan-2"):
        outside.put(blob_id, 0, os.urandom(300_000), fresh=True)
    if kind == "folder":
        # Everything two days old but the second orphan; a temporary file of a killed put.
        leftover = tmp_path / "blobs" / "ab" / ".part-killed"
        leftover.write_bytes(b"half")
        old = time.time() - 2 * 86400
        for path in (tmp_path / "blobs").rglob("*"):
            if path.is_file() and not path.name.startswith("orphan-2"):
                os.utime(path, (old, old))
        older_than = timedelta(hours=24)
    else:  # an object's time cannot be set back: everything counts as old
        with db.session() as s:
            assert service.sweep(s, outside, timedelta(hours=1)).blobs == 0  # all young
        older_than = timedelta(0)
    with db.session() as s:
        dry = service.sweep(s, outside, older_than, dry_run=True)
    gone = {"orphan-1", "u-failed"} | ({"orphan-2"} if kind == "s3" else set())
    assert (dry.blobs, dry.bytes) == (len(gone), 300_000 * len(gone))
    assert all(outside.offsets(b) for b in gone)  # a dry run removes nothing
    with db.session() as s:
        assert service.sweep(s, outside, older_than) == dry
    for blob_id in ("u-done", "u-open", "u-failed", "orphan-1", "orphan-2"):
        assert bool(outside.offsets(blob_id)) == (blob_id not in gone), blob_id
    if kind == "folder":
        assert not leftover.exists()
    db.dispose()


def test_a_bad_blob_setting_is_refused() -> None:
    with pytest.raises(ValueError):
        blobs.check_spec("s3://")
    assert blobs.check_spec(None) is None and blobs.check_spec("database") is None


def _bundle_for(office: Any) -> Any:
    def make(pub: bytes) -> Any:
        with office.unit() as s:
            return keys.trust_bundle(s, pub)

    return make


@pytest.fixture(params=["folder", "s3"])
def blob_svc(request: pytest.FixtureRequest, office: Any, tmp_path: Path) -> Iterator[Any]:
    """``inspector serve`` on SQLite with its sealed bytes in a folder or an S3 bucket."""
    if request.param == "folder":
        spec = str(tmp_path / "blobs")
    else:
        request.getfixturevalue("s3_env")
        spec = f"s3://{BUCKET}/e2e-{tmp_path.name}"
    url = f"sqlite:///{tmp_path / 'service.sqlite3'}"
    prepare(url, _bundle_for(office)).dispose()
    svc = Service(url, tmp_path, ("--blobs", spec))
    svc.start()
    svc.spec = spec  # type: ignore[attr-defined]
    yield svc
    svc.kill()


def _inspection(ws: Any, photo_bytes: int, address: str) -> str:
    insp = ws.inspections.create(address=address, postcode="9999 ZZ", city="Gouda")
    if photo_bytes:
        ws.attachments.add(
            insp.id, kind="photo", content=os.urandom(photo_bytes), mime="image/jpeg"
        )
    ws.inspections.finalize(insp.id)
    return str(insp.id)


def test_records_go_to_the_blob_store_resume_after_cuts_and_read_back(  # type: ignore[no-untyped-def]
    workspace, office, blob_svc, tmp_path: Path
) -> None:
    proxy = CuttingProxy(blob_svc.ports[0], cut_after=3_500_000)
    try:
        provision_laptop(workspace, blob_svc, office, url=proxy.url)
        _inspection(workspace, 9_000_000, "Voorbeeldstraat 1")  # resumable, cut 3 times
        _inspection(workspace, 2_000_000, "Voorbeeldstraat 2")  # one PUT
        _inspection(workspace, 0, "Voorbeeldstraat 3")  # a batch
        _inspection(workspace, 0, "Voorbeeldstraat 4")
        summary = client.sync_once(workspace)
        assert summary.ok, summary.errors
        assert summary.delivered == 4 and proxy.cuts >= 2
    finally:
        proxy.close()
    db = ServiceDatabase(blob_svc.database_url, blob_svc.spec)
    try:
        with db.session() as s:
            # Only small parts (the batch's records) stay in the database.
            inside = list(s.scalars(select(BlobPart)))
            assert len(inside) == 2 and all(len(p.data) < blobs.INLINE_MAX for p in inside)
            records = list(s.scalars(select(Record)))
            assert len(records) == 4
            assert db.blobs is not None
            by_size = sorted(records, key=lambda r: r.size)
            big, put = by_size[-1], by_size[-2]
            # One part per commit of the resumable upload (every 4 MiB and at each cut) ...
            assert len(db.blobs.offsets(big.blob_id)) >= 3
            # ... and the 2 MB record that came in one PUT is one part (one sync to disk).
            assert len(db.blobs.offsets(put.blob_id)) == 1
            with workspace.unit() as ls:
                local = {r.record_id: r for r in ls.scalars(select(OutboxRecord))}
            for rec in records:
                data = b"".join(blobs.for_session(s).parts(rec.blob_id))
                assert hashlib.sha256(data).hexdigest() == rec.sha256 == local[rec.record_id].sha256
    finally:
        db.dispose()
    # The office downloads a record through the API and opens it with its key.
    from inspector.server import service

    with ServiceDatabase(blob_svc.database_url).session() as s:
        token = service.add_user(s, "balie 1", "registry")[1]
    h = {"Authorization": f"Bearer {token}"}
    listed = httpx.get(f"{blob_svc.url}/v1/records", headers=h).json()["records"]
    big = max(listed, key=lambda r: r["size"])
    sealed = httpx.get(f"{blob_svc.url}/v1/records/{big['record_id']}/sealed", headers=h).content
    assert len(sealed) == big["size"]
    with office.unit() as s:
        kid = keys.trust_bundle(s).current_recipient("registry").key_id
        opened = envelope.open_record(io.BytesIO(sealed), kid, keys.recipient_private(s, kid))
    assert b"Voorbeeldstraat" in opened.payload


def test_a_damaged_record_leaves_no_bytes_in_the_blob_store(  # type: ignore[no-untyped-def]
    workspace, office, blob_svc
) -> None:
    provision_laptop(workspace, blob_svc, office)
    _inspection(workspace, 6_000_000, "Voorbeeldstraat 5")
    with workspace.unit() as s:
        row = s.scalars(select(OutboxRecord)).one()
    path = outbox.record_path(workspace.paths, row.record_id)
    data = bytearray(path.read_bytes())
    data[-100] ^= 1  # a flipped byte in the last chunk of the photo
    path.write_bytes(bytes(data))
    with workspace.unit() as s:
        s.get(OutboxRecord, row.record_id).sha256 = hashlib.sha256(data).hexdigest()
    summary = client.sync_once(workspace)
    assert not summary.ok and summary.failed == 1
    db = ServiceDatabase(blob_svc.database_url, blob_svc.spec)
    try:
        with db.session() as s:
            assert s.scalar(select(func.count()).select_from(Record)) == 0
            from inspector.server.models import Upload

            ups = list(s.scalars(select(Upload)))
            assert ups and all(u.state == "failed" for u in ups)
            assert all(list(blobs.for_session(s).parts(u.id)) == [] for u in ups)
    finally:
        db.dispose()
    if blob_svc.spec.startswith("/"):
        left = [p for p in Path(blob_svc.spec).rglob("*") if p.is_file()]
        assert left == []
