"""Group commit (inspector/server/writer.py): the rows of several requests in one transaction
and one commit, each answer only after that commit; a failed group rolled back and run again
one by one (nothing lost, nothing twice). And with real processes: a service killed after the
sealed bytes were written and synced but before the commit that names them loses nothing and
stores nothing twice, and no receipt leaves it for bytes that are not committed."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from service_support import Service, prepare, provision_laptop
from sqlalchemy import event, func, select

from inspector.server import service
from inspector.server.blobs import FileBlobs
from inspector.server.db import ServiceDatabase
from inspector.server.models import Device, Record
from inspector.server.writer import GroupCommit
from inspector.sync import client
from inspector.sync.models import OutboxRecord


@pytest.fixture
def db(tmp_path: Path):  # type: ignore[no-untyped-def]
    database = ServiceDatabase(f"sqlite:///{tmp_path / 'service.sqlite3'}")
    database.migrate()
    yield database
    database.dispose()


def _commits(database: ServiceDatabase) -> list[int]:
    """A list that grows by one at every commit on the database's engine."""
    seen: list[int] = []
    event.listen(database.engine, "commit", lambda _conn: seen.append(1))
    return seen


def _label_adder(label: str) -> Any:
    def work(s: Any) -> str:
        device_id, _code = service.add_device(s, label)
        return str(device_id)

    return work


def _labels(database: ServiceDatabase) -> list[str]:
    with database.session() as s:
        return sorted(s.scalars(select(Device.label)))


def test_requests_that_wait_together_commit_together(db: ServiceDatabase) -> None:
    writer = GroupCommit(db.session)
    commits = _commits(db)
    release = threading.Event()
    first_running = threading.Event()

    def slow_first(s: Any) -> str:
        first_running.set()
        release.wait(10)
        return str(_label_adder("Laptop 0")(s))

    results: dict[int, str] = {}
    threads = [threading.Thread(target=lambda: results.__setitem__(0, writer.run(slow_first)))]
    threads[0].start()
    assert first_running.wait(10)
    # While the first group is busy, eight requests line up: they go as one group.
    for n in range(1, 9):
        t = threading.Thread(
            target=lambda n=n: results.__setitem__(n, writer.run(_label_adder(f"Laptop {n}")))
        )
        t.start()
        threads.append(t)
    deadline = time.monotonic() + 10
    while len(writer._queue) < 8 and time.monotonic() < deadline:  # noqa: SLF001
        time.sleep(0.01)
    assert not results, "no answer before its commit"
    release.set()
    for t in threads:
        t.join(10)
    assert sorted(results) == list(range(9))
    # Two commits on the database for nine requests: the first alone, then the eight.
    assert len(commits) == 2
    assert writer.requests == 9
    assert writer.commits == 2 and writer.largest == 8
    assert _labels(db) == sorted(f"Laptop {n}" for n in range(9))


def test_a_failed_group_runs_again_one_by_one(db: ServiceDatabase) -> None:
    writer = GroupCommit(db.session)
    release = threading.Event()

    def blocker(s: Any) -> str:
        release.wait(10)
        return str(_label_adder("Laptop A")(s))

    def refused(s: Any) -> str:
        _label_adder("Laptop refused")(s)
        s.flush()  # its row is in the group's transaction …
        raise service.ServiceError(409, "refused on purpose")  # … and must not stay

    outcome: dict[str, Any] = {}

    def ask(name: str, work: Any) -> None:
        try:
            outcome[name] = writer.run(work)
        except service.ServiceError as exc:
            outcome[name] = exc

    first = threading.Thread(target=ask, args=("A", blocker))
    first.start()
    time.sleep(0.2)
    others = [
        threading.Thread(target=ask, args=(name, work))
        for name, work in (
            ("B", _label_adder("Laptop B")),
            ("X", refused),
            ("C", _label_adder("Laptop C")),
        )
    ]
    for t in others:
        t.start()
    deadline = time.monotonic() + 10
    while len(writer._queue) < 3 and time.monotonic() < deadline:  # noqa: SLF001
        time.sleep(0.01)
    release.set()
    for t in [first, *others]:
        t.join(10)
    assert isinstance(outcome["X"], service.ServiceError)
    assert all(isinstance(outcome[n], str) for n in "ABC")
    # B and C were in the failed group with X: each ran again alone and is there once.
    assert _labels(db) == ["Laptop A", "Laptop B", "Laptop C"]


def test_a_commit_that_fails_for_the_group_stores_each_once(db: ServiceDatabase) -> None:
    writer = GroupCommit(db.session)
    fail_once = {"left": 1}

    @event.listens_for(db.engine, "commit")
    def _fail(_conn: Any) -> None:
        if fail_once["left"]:
            fail_once["left"] -= 1
            raise OSError(28, "No space left on device")

    release = threading.Event()

    def blocker(s: Any) -> str:
        release.wait(10)
        return str(_label_adder("Laptop 0")(s))

    answers: list[Any] = []

    def ask(work: Any) -> None:
        try:
            answers.append(writer.run(work))
        except OSError as exc:
            answers.append(exc)

    first = threading.Thread(target=ask, args=(blocker,))
    first.start()
    time.sleep(0.2)
    rest = [threading.Thread(target=ask, args=(_label_adder(f"Laptop {n}"),)) for n in (1, 2)]
    for t in rest:
        t.start()
    while len(writer._queue) < 2:  # noqa: SLF001
        time.sleep(0.01)
    release.set()
    for t in [first, *rest]:
        t.join(10)
    # The first commit (Laptop 0 alone) failed: its request hears it, nothing of it stays.
    # The group of 1 and 2 commits; each stored once.
    assert sum(isinstance(a, OSError) for a in answers) == 1
    assert _labels(db) == ["Laptop 1", "Laptop 2"]


def test_several_writers_commit_side_by_side(db: ServiceDatabase) -> None:
    """On PostgreSQL each writer has its own server process: a slow group (2 MB of sealed
    bytes going into the database) does not hold up the next one."""
    writer = GroupCommit(db.session, writers=2)
    release = threading.Event()

    def slow(s: Any) -> str:
        release.wait(10)
        return "slow"

    answers: list[str] = []
    first = threading.Thread(target=lambda: answers.append(writer.run(slow)))
    first.start()
    time.sleep(0.2)
    # The second request is committed while the first group still works.
    assert writer.run(_label_adder("Laptop 1")) and answers == []
    release.set()
    first.join(10)
    assert answers == ["slow"]
    assert _labels(db) == ["Laptop 1"]


# -- real processes ------------------------------------------------------------------------------


def _inspection(ws: Any, photo_bytes: int, address: str) -> str:
    insp = ws.inspections.create(address=address, postcode="9999 ZZ", city="Gouda")
    ws.attachments.add(insp.id, kind="photo", content=os.urandom(photo_bytes), mime="image/jpeg")
    ws.inspections.finalize(insp.id)
    return str(insp.id)


def _bundle_for(office: Any) -> Any:
    from inspector.sync import keys

    def make(pub: bytes) -> Any:
        with office.unit() as s:
            return keys.trust_bundle(s, pub)

    return make


class _WriteLock:
    """Holds the service database's write lock from outside the service (as a long
    transaction of another program would): the service's commit waits at its first INSERT."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.conn: Any = None

    def __enter__(self) -> _WriteLock:
        if self.url.startswith("sqlite"):
            self.conn = sqlite3.connect(self.url.removeprefix("sqlite:///"), isolation_level=None)
            self.conn.execute("BEGIN IMMEDIATE")
        else:
            import psycopg

            dsn = self.url.replace("postgresql+psycopg://", "postgresql://")
            self.conn = psycopg.connect(dsn)
            self.conn.execute("LOCK TABLE record IN EXCLUSIVE MODE")
        return self

    def __exit__(self, *_exc: object) -> None:
        if self.url.startswith("sqlite"):
            self.conn.execute("ROLLBACK")
        else:
            self.conn.rollback()
        self.conn.close()


def _files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")]


@pytest.mark.slow
def test_service_killed_between_the_file_sync_and_the_commit(  # type: ignore[no-untyped-def]
    workspace, office, database_url: str, tmp_path: Path
) -> None:
    folder = tmp_path / "blobs"
    prepare(database_url, _bundle_for(office)).dispose()
    svc = Service(database_url, tmp_path, ("--blobs", str(folder)))
    svc.start()
    try:
        provision_laptop(workspace, svc, office)
        for n in range(3):  # 600 KB photos: each record is a file of its own at the service
            _inspection(workspace, 600_000, f"Voorbeeldstraat {n + 1}")
        with workspace.unit() as s:
            sizes = sorted(int(r.size or 0) for r in s.scalars(select(OutboxRecord)))
        done: dict[str, Any] = {}
        with _WriteLock(database_url):
            pusher = threading.Thread(target=lambda: done.update(s=client.sync_once(workspace)))
            pusher.start()
            # The records' bytes arrive, are checked, written and synced; their rows wait for
            # the lock. Every file there is whole before any commit.
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                staged = sorted(p.stat().st_size for p in _files(folder))
                if len(staged) >= 2 and set(staged) <= set(sizes):
                    break
                time.sleep(0.05)
            assert len(staged) >= 2 and set(staged) <= set(sizes)
            time.sleep(0.5)
            # No answer while the rows are not committed: the laptop has no receipt.
            assert pusher.is_alive()
            svc.kill()
        pusher.join(60)
        summary = done["s"]
        assert summary.delivered == 0
        with workspace.unit() as s:
            assert {r.state for r in s.scalars(select(OutboxRecord))} == {"waiting"}
        db = ServiceDatabase(database_url)
        try:
            with db.session() as s:
                assert s.scalar(select(func.count()).select_from(Record)) == 0
        finally:
            db.dispose()
        orphans = {p.name.split(".")[0] for p in _files(folder)}
        # Restarted, the laptop sends again: each record stored once, its bytes whole.
        svc.start()
        with workspace.unit() as s:
            s.get(client.SyncLink, 1).server_url = svc.url  # type: ignore[union-attr]
        summary = client.sync_once(workspace)
        assert summary.ok and summary.delivered == 3, summary.errors
        db = ServiceDatabase(database_url, str(folder))
        try:
            with db.session() as s:
                rows = list(s.execute(select(Record.record_id, Record.sha256, Record.blob_id)))
                assert len(rows) == 3 and len({r.record_id for r in rows}) == 3
                for r in rows:
                    # Its bytes are the new upload's, not a leftover of the killed one.
                    assert r.blob_id not in orphans
                    blob = service.read_blob(s, r.blob_id).read()
                    assert hashlib.sha256(blob).hexdigest() == r.sha256
        finally:
            db.dispose()
        with workspace.unit() as s:
            assert {r.state for r in s.scalars(select(OutboxRecord))} == {"delivered"}
        # The killed attempt's files are named by uploads no record names: leftovers as of a
        # rolled-back transaction, never read.
        assert orphans and all(FileBlobs(folder).offsets(o) for o in orphans)
        # A day later the administrator's sweep removes them, and nothing a record names.
        old = time.time() - 2 * 86400
        for path in _files(folder):
            os.utime(path, (old, old))
        swept = subprocess.run(
            [
                sys.executable,
                "-m",
                "inspector",
                "server",
                "sweep",
                "--database",
                database_url,
                "--blobs",
                str(folder),
                "--older-than-hours",
                "24",
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert swept.returncode == 0, swept.stderr
        assert f"removed {len(orphans)} upload" in swept.stdout
        assert not any(FileBlobs(folder).offsets(o) for o in orphans)
        db = ServiceDatabase(database_url, str(folder))
        try:
            with db.session() as s:
                for r in s.execute(select(Record.sha256, Record.blob_id)):
                    blob = service.read_blob(s, r.blob_id).read()
                    assert hashlib.sha256(blob).hexdigest() == r.sha256
        finally:
            db.dispose()
    finally:
        svc.kill()


# -- several service processes -------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(entry.name))
    return out


@pytest.mark.slow
def test_serve_with_two_worker_processes_on_sqlite(workspace, office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'service.sqlite3'}"
    prepare(url, _bundle_for(office)).dispose()
    svc = Service(url, tmp_path, ("--workers", "2"))
    svc.start()
    try:
        # uvicorn's supervisor and its two service processes, each with its own writer.
        deadline = time.monotonic() + 30
        while len(_children(svc.procs[0].pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        workers = _children(svc.procs[0].pid)
        assert len(workers) >= 2
        provision_laptop(workspace, svc, office)
        for n in range(6):
            _inspection(workspace, 300_000 if n % 2 else 20_000, f"Voorbeeldstraat {n + 1}")
        summary = client.sync_once(workspace)
        assert summary.ok and summary.delivered == 6, summary.errors
        db = ServiceDatabase(url)
        try:
            with db.session() as s:
                assert s.scalar(select(func.count()).select_from(Record)) == 6
                assert s.scalar(select(func.count(func.distinct(Record.record_id)))) == 6
        finally:
            db.dispose()
        # Both processes started with the service's settings (their startup lines).
        deadline = time.monotonic() + 10
        while svc.logs().count("Application startup complete") < 2:
            assert time.monotonic() < deadline, svc.logs()[-2000:]
            time.sleep(0.1)
    finally:
        svc.kill()


def test_in_memory_rate_limit_is_shared_out_among_worker_processes(db: ServiceDatabase) -> None:
    from inspector.server.app import RateLimiter, ServiceConfig, create_app

    one = create_app(ServiceConfig(database_url=db.url, rate_per_minute=60), db)
    two = create_app(ServiceConfig(database_url=db.url, rate_per_minute=60, workers=2), db)
    assert type(one.state.limiter) is RateLimiter and one.state.limiter.per_minute == 60
    # Each of two processes counts alone: each lets its half through, never more than 60.
    assert type(two.state.limiter) is RateLimiter and two.state.limiter.per_minute == 30


def test_sealed_bytes_in_postgresql_skip_the_compression_attempt(pg) -> None:  # type: ignore[no-untyped-def]
    """Ciphertext never compresses: blob_part.data is stored out of line at once (EXTERNAL),
    and the schema is at the head revision the service checks for."""
    from alembic.script import ScriptDirectory

    from inspector.server.db import SCHEMA_REVISION, alembic_config

    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == SCHEMA_REVISION
    database = ServiceDatabase(pg.create_database())
    try:
        database.migrate()
        assert database.is_current()
        with database.engine.connect() as conn:
            storage = conn.exec_driver_sql(
                "SELECT attstorage FROM pg_attribute "
                "WHERE attrelid = 'blob_part'::regclass AND attname = 'data'"
            ).scalar()
        assert storage == "e"
    finally:
        database.dispose()


@pytest.mark.slow
def test_a_large_record_written_while_checked_leaves_nothing_when_refused(  # type: ignore[no-untyped-def]
    workspace, office, tmp_path: Path
) -> None:
    """A large record's file is written and synced beside its check (after the device is
    authenticated): refused bytes and a record sent again leave no file behind."""
    import httpx

    from inspector.sync import outbox

    url = f"sqlite:///{tmp_path / 'service.sqlite3'}"
    folder = tmp_path / "blobs"
    prepare(url, _bundle_for(office)).dispose()
    svc = Service(url, tmp_path, ("--blobs", str(folder)))
    svc.start()
    try:
        provision_laptop(workspace, svc, office)
        _inspection(workspace, 600_000, "Voorbeeldstraat 1")
        with workspace.unit() as s:
            (row,) = list(s.scalars(select(OutboxRecord)))
            credential = s.get(client.SyncLink, 1).credential  # type: ignore[union-attr]
        path = outbox.record_path(workspace.paths, row.record_id)
        good = path.read_bytes()
        bad = bytearray(good)
        bad[-40] ^= 0x01  # a flipped byte in the last chunk
        headers = {"Authorization": f"Bearer {credential}"}

        def put(body: bytes) -> httpx.Response:
            return httpx.put(
                f"{svc.url}/v1/records/{row.record_id}",
                content=body,
                headers={**headers, "Record-Sha256": hashlib.sha256(body).hexdigest()},
                timeout=60,
            )

        refused = put(bytes(bad))
        assert refused.status_code == 422
        assert _files(folder) == []
        # Unauthenticated: refused before anything is written.
        anonymous = httpx.put(
            f"{svc.url}/v1/records/{row.record_id}",
            content=good,
            headers={"Record-Sha256": hashlib.sha256(good).hexdigest()},
            timeout=60,
        )
        assert anonymous.status_code == 401 and _files(folder) == []
        stored = put(good)
        assert stored.status_code == 200 and stored.json()["status"] == "stored"
        assert [p.stat().st_size for p in _files(folder)] == [len(good)]
        again = put(good)
        assert again.status_code == 200 and again.json().get("already") is True
        assert again.json()["receipt"] == stored.json()["receipt"]
        # The same bytes again: the same receipt, no second file.
        assert len(_files(folder)) == 1
    finally:
        svc.kill()
