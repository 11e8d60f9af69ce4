"""More faults with real processes: PostgreSQL restarted mid-sync, two service processes on one
database, the service's disk full, and malformed requests from schemathesis."""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from service_support import CuttingProxy, Service, prepare, provision_laptop
from sqlalchemy import func, select

from inspector.core import vault
from inspector.paths import DataPaths
from inspector.server.models import Record
from inspector.sync import client
from inspector.sync.models import OutboxRecord

from tests_support import PASSWORD

pytestmark = pytest.mark.slow


def _inspection(ws: Any, photo_bytes: int, address: str = "Voorbeeldstraat 1") -> str:
    insp = ws.inspections.create(address=address, postcode="9999 ZZ", city="Gouda")
    ws.attachments.add(insp.id, kind="photo", content=os.urandom(photo_bytes), mime="image/jpeg")
    ws.inspections.finalize(insp.id)
    return str(insp.id)


def _states(ws: Any) -> list[str]:
    with ws.unit() as s:
        return [r.state for r in s.scalars(select(OutboxRecord))]


def _counts(svc: Any) -> tuple[int, int]:
    db = svc.db()
    try:
        with db.session() as s:
            return (
                int(s.scalar(select(func.count()).select_from(Record)) or 0),
                int(s.scalar(select(func.count(func.distinct(Record.record_id)))) or 0),
            )
    finally:
        db.dispose()


def _bundle_for(office: Any) -> Any:
    from inspector.sync import keys

    def make(pub: bytes) -> Any:
        with office.unit() as s:
            return keys.trust_bundle(s, pub)

    return make


@pytest.fixture
def pg_svc(pg, office, tmp_path: Path):  # type: ignore[no-untyped-def]
    url = pg.create_database()
    prepare(url, _bundle_for(office)).dispose()
    service = Service(url, tmp_path)
    service.start()
    yield service
    service.kill()


def test_postgresql_restarted_mid_sync(workspace, office, pg, pg_svc) -> None:  # type: ignore[no-untyped-def]
    restarted = threading.Event()

    def restart_pg() -> None:
        pg.stop("fast")
        pg.start()
        restarted.set()

    proxy = CuttingProxy(pg_svc.ports[0], cut_after=4_000_000)

    def once() -> None:  # the first cut restarts PostgreSQL; later cuts only cut
        proxy.on_cut = None
        threading.Thread(target=restart_pg).start()

    proxy.on_cut = once
    try:
        provision_laptop(workspace, pg_svc, office, url=proxy.url)
        _inspection(workspace, photo_bytes=9_000_000)
        summary = client.sync_once(workspace)
        assert restarted.wait(60)
        if not summary.ok:  # the restart outlasted this sync's retries: the next one finishes
            assert _states(workspace) == ["waiting"]
            summary = client.sync_once(workspace)
        assert summary.ok, summary.errors
    finally:
        proxy.close()
    assert _states(workspace) == ["delivered"]
    assert _counts(pg_svc) == (1, 1)


def test_two_service_processes_on_one_postgresql(workspace, office, pg_svc) -> None:  # type: ignore[no-untyped-def]
    pg_svc.start()  # a second worker on the same database
    other = vault.initialise(
        DataPaths(workspace.paths.root.parent / "laptop2"),
        officer_name="Toezichthouder Twee",
        username="twee",
        password=PASSWORD,
        municipality="Gemeente Voorbeeld",
    )
    provision_laptop(workspace, pg_svc, office)
    provision_laptop(other, pg_svc, office)
    for n in range(4):
        _inspection(workspace, 300_000, f"Voorbeeldstraat {n}")
        _inspection(other, 300_000, f"Voorbeeldweg {n}")
    url_a, url_b = pg_svc.urls()
    results: list[client.SyncSummary] = []
    # Each laptop pushes to both workers at once: the same records race each other.
    jobs = [(workspace, url_a), (workspace, url_b), (other, url_a), (other, url_b)]
    threads = [
        threading.Thread(target=lambda w=w, u=u: results.append(client.push(w, server_url=u)))
        for w, u in jobs
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(180)
    for ws in (workspace, other):
        leftover = client.push(ws)
        assert leftover.ok, leftover.errors
        assert set(_states(ws)) == {"delivered"}
    assert _counts(pg_svc) == (8, 8)
    other.close()


def _mount_tmpfs(path: Path, size: str) -> bool:
    path.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    r = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
        capture_output=True,
        check=False,
    )
    return r.returncode == 0


def test_service_disk_full(workspace, office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    disk = tmp_path / "small"
    if not _mount_tmpfs(disk, "6m"):
        pytest.skip("a small tmpfs cannot be mounted here (needs root and mount rights)")
    try:
        url = f"sqlite:///{disk / 'service.sqlite3'}"
        prepare(url, _bundle_for(office)).dispose()
        svc = Service(url, tmp_path)
        svc.start()
        try:
            provision_laptop(workspace, svc, office)
            _inspection(workspace, photo_bytes=9_000_000)
            summary = client.sync_once(workspace)
            assert summary.failed == 1 and "full" in " ".join(summary.errors)
            assert _states(workspace) == ["waiting"]  # the laptop keeps its copy
            subprocess.run(["mount", "-o", "remount,size=64m", str(disk)], check=True)
            summary = client.sync_once(workspace)
            assert summary.ok, summary.errors
            assert _states(workspace) == ["delivered"]
            assert _counts(svc) == (1, 1)
        finally:
            svc.kill()
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def test_service_disk_full_on_postgresql_with_a_blob_folder(  # type: ignore[no-untyped-def]
    workspace, office, pg, tmp_path: Path
) -> None:
    """The same fault on PostgreSQL: its rows have room, the service's blob folder (a small
    tmpfs) does not. 507, the laptop keeps its copy, nothing half stored; room again → in."""
    disk = tmp_path / "small"
    if not _mount_tmpfs(disk, "6m"):
        pytest.skip("a small tmpfs cannot be mounted here (needs root and mount rights)")
    try:
        url = pg.create_database()
        prepare(url, _bundle_for(office)).dispose()
        svc = Service(url, tmp_path, ("--blobs", str(disk / "blobs")))
        svc.start()
        try:
            provision_laptop(workspace, svc, office)
            _inspection(workspace, photo_bytes=9_000_000)
            summary = client.sync_once(workspace)
            assert summary.failed == 1 and "full" in " ".join(summary.errors)
            assert _states(workspace) == ["waiting"]
            assert _counts(svc) == (0, 0)
            assert "Traceback" not in svc.logs()
            subprocess.run(["mount", "-o", "remount,size=64m", str(disk)], check=True)
            summary = client.sync_once(workspace)
            assert summary.ok, summary.errors
            assert _states(workspace) == ["delivered"]
            assert _counts(svc) == (1, 1)
        finally:
            svc.kill()
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


# -- malformed requests --------------------------------------------------------------------------


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def fuzz_target(tmp_path_factory, request):  # type: ignore[no-untyped-def]
    """A running service (on SQLite, then on PostgreSQL) with one provisioned device, for
    schemathesis."""
    from cryptography.hazmat.primitives.asymmetric import ed25519, x25519

    from inspector.server import service as svc_mod
    from inspector.sync import keys

    base = tmp_path_factory.mktemp("fuzz")
    office = vault.initialise(
        DataPaths(base / "office"),
        officer_name="Beheerder Voorbeeld",
        username="beheer",
        password=PASSWORD,
        municipality="Gemeente Voorbeeld",
    )
    with office.unit() as s:
        keys.create_recipient_key(s, "registry")
    if request.param == "sqlite":
        url = f"sqlite:///{base / 'service.sqlite3'}"
    else:
        url = request.getfixturevalue("pg").create_database()
    db = prepare(url, _bundle_for(office))
    with db.session() as s:
        _id, code = svc_mod.add_device(s, "Laptop 1")
        _dev, cred = svc_mod.provision(
            s,
            code,
            ed25519.Ed25519PrivateKey.generate().public_key().public_bytes_raw(),
            x25519.X25519PrivateKey.generate().public_key().public_bytes_raw(),
        )
    db.dispose()
    office.close()
    service = Service(url, base)
    service.start()
    yield service, cred
    service.kill()


@schemathesis.serializer("application/offset+octet-stream")
def _offset_stream(_ctx: Any, value: Any) -> bytes:
    """Upload bodies are raw bytes; whatever schemathesis draws is sent as bytes."""
    return value if isinstance(value, bytes) else str(value).encode()


def _operations() -> list[Any]:
    from inspector.server.app import ServiceConfig, create_app

    spec = create_app(ServiceConfig(database_url="sqlite://")).openapi()
    return [r.ok() for r in schemathesis.openapi.from_dict(spec).get_all_operations()]


@pytest.mark.parametrize("operation", _operations(), ids=lambda op: f"{op.method} {op.path}")
def test_malformed_requests_never_500(operation, fuzz_target) -> None:  # type: ignore[no-untyped-def]
    """Requests generated by schemathesis from the OpenAPI schema, valid and not: never a 500,
    never a stack trace in a response."""
    service, cred = fuzz_target

    @settings(
        max_examples=25, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    @given(case=operation.as_strategy())
    def run(case: Any) -> None:
        headers = {"Authorization": f"Bearer {cred}"}
        response = case.call(base_url=service.url, headers=headers, timeout=30)
        case.validate_response(response, checks=[not_a_server_error])
        assert "Traceback" not in response.text

    run()


def test_a_cursor_past_32_bits_is_no_error(fuzz_target) -> None:  # type: ignore[no-untyped-def]
    """Found by schemathesis on PostgreSQL (``seq`` is a 32-bit column there): a cursor beyond
    it is just "nothing new", never a 500."""
    import httpx

    service, cred = fuzz_target
    r = httpx.get(
        f"{service.url}/v1/messages",
        params={"after": 2**62 - 1},
        headers={"Authorization": f"Bearer {cred}"},
        timeout=30,
    )
    assert r.status_code == 200 and r.json()["messages"] == []


def test_text_no_database_can_store_is_a_bad_request(fuzz_target) -> None:  # type: ignore[no-untyped-def]
    """Found by schemathesis on PostgreSQL: a record id with a lone surrogate (valid JSON,
    not encodable as UTF-8) was a 500. A record id is plain ASCII; anything else is refused."""
    import httpx

    service, cred = fuzz_target
    headers = {"Authorization": f"Bearer {cred}", "Content-Type": "application/json"}
    for record_id in ("\\ud800x", "a\\u0000b", "ré-1", "../x", ""):
        body = f'{{"record_id": "{record_id}", "sha256": "{"0" * 64}", "size": 10}}'
        r = httpx.post(f"{service.url}/v1/uploads", content=body, headers=headers, timeout=30)
        assert r.status_code in (400, 422), (record_id, r.status_code, r.text)
        assert "Traceback" not in r.text
    for path in ("%ED%A0%80x/sealed", "a%00b/sealed", "r%C3%A9-1/sealed"):
        r = httpx.get(f"{service.url}/v1/records/{path}", headers=headers, timeout=30)
        assert r.status_code in (400, 403, 404, 422), (path, r.status_code, r.text)
    # A laptop's ids still pass.
    laptop_id = "0b3c2a4e-5d6f-4a1b-8c9d-0e1f2a3b4c5d"
    ok = f'{{"record_id": "{laptop_id}", "sha256": "{"0" * 64}", "size": 10}}'
    r = httpx.post(f"{service.url}/v1/uploads", content=ok, headers=headers, timeout=30)
    assert r.status_code < 500 and r.status_code not in (400, 422), r.text
