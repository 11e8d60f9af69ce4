"""Real service processes for the sync tests: uvicorn on 127.0.0.1, SQLite or a throwaway
PostgreSQL cluster, a connection-cutting proxy."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from inspector.server import service
from inspector.server.db import ServiceDatabase
from inspector.sync import devices, keys, link
from inspector.sync.trust import TrustBundle

IN_CI = os.environ.get("CI", "").lower() == "true"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Service:
    """One or more ``inspector serve`` processes on one database."""

    database_url: str
    workdir: Path
    extra_args: tuple[str, ...] = ()
    procs: list[subprocess.Popen[bytes]] = field(default_factory=list)
    ports: list[int] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.ports[0]}"

    def urls(self) -> list[str]:
        return [f"http://127.0.0.1:{p}" for p in self.ports]

    def db(self) -> ServiceDatabase:
        return ServiceDatabase(self.database_url)

    def start(self, count: int = 1) -> None:
        for _ in range(count):
            port = free_port()
            with open(self.workdir / f"serve-{port}.log", "ab") as log:
                proc = subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "inspector",
                        "serve",
                        "--database",
                        self.database_url,
                        "--port",
                        str(port),
                        *self.extra_args,
                    ],
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            self.procs.append(proc)
            self.ports.append(port)
            wait_healthy(f"http://127.0.0.1:{port}", proc)

    def kill(self) -> None:
        """SIGKILL every process: no clean shutdown."""
        for p in self.procs:
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait(10)
        self.procs.clear()
        self.ports.clear()

    def restart(self) -> None:
        self.kill()
        self.start()

    def logs(self) -> str:
        return "".join(p.read_text(errors="replace") for p in self.workdir.glob("serve-*.log"))


def wait_healthy(
    url: str, proc: subprocess.Popen[bytes] | None = None, timeout: float = 60
) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"the service exited with {proc.returncode}")
        try:
            if httpx.get(url + "/v1/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError("the service did not start in time")


def prepare(database_url: str, bundle_for: Any) -> ServiceDatabase:
    """Migrate, make the receipt key, and take the office's bundle signing that key."""
    db = ServiceDatabase(database_url)
    db.migrate()
    with db.session() as s:
        key = service.ensure_service_key(s)
        pub = key.public
    bundle: TrustBundle = bundle_for(pub)
    with db.session() as s:
        service.set_trust(s, bundle)
    return db


def add_device(db: ServiceDatabase | Service, label: str = "Laptop 12") -> tuple[str, str]:
    """(device id, the service's half of the one-time code) of a new device; *db* a service
    database, or a running :class:`Service` (its database opened for this and closed)."""
    if isinstance(db, Service):
        opened = db.db()
        try:
            return add_device(opened, label)
        finally:
            opened.dispose()
    with db.session() as s:
        return service.add_device(s, label)


def upload_row(device_id: str, upload_id: str, state: str, size: int, **more: Any) -> Any:
    """An ``upload`` row of a fictitious record named as the upload (*more*: other columns)."""
    from inspector.server.models import Upload

    return Upload(
        id=upload_id,
        device_id=device_id,
        record_id=upload_id,
        sha256="0" * 64,
        size=size,
        state=state,
        **more,
    )


# -- PostgreSQL ----------------------------------------------------------------------------------


def _pg_bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    for d in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (d / name).exists():
            return str(d / name)
    return None


@dataclass
class PgCluster:
    datadir: Path
    port: int
    as_postgres: bool
    #: False (the tests): no WAL flush at a commit. True: durable, as a production server.
    fsync: bool = False

    def _run(self, *cmd: str) -> subprocess.CompletedProcess[str]:
        full = ["runuser", "-u", "postgres", "--", *cmd] if self.as_postgres else list(cmd)
        return subprocess.run(full, capture_output=True, text=True, timeout=120, check=False)

    def start(self) -> None:
        pg_ctl = _pg_bin("pg_ctl")
        assert pg_ctl
        r = self._run(
            pg_ctl,
            "-D",
            str(self.datadir),
            "-w",
            "-t",
            "60",
            "-l",
            str(self.datadir / "log"),
            "-o",
            f"-p {self.port} -k {self.datadir} -c listen_addresses=127.0.0.1 "
            f"-c fsync={'on' if self.fsync else 'off'} -c max_connections=100",
            "start",
        )
        if r.returncode != 0:
            raise RuntimeError(f"pg_ctl start failed: {r.stderr[-400:]}")

    def stop(self, mode: str = "fast") -> None:
        pg_ctl = _pg_bin("pg_ctl")
        assert pg_ctl
        self._run(pg_ctl, "-D", str(self.datadir), "-m", mode, "-w", "stop")

    def url(self, dbname: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{dbname}"

    def create_database(self) -> str:
        import psycopg

        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True
        ) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


@contextmanager
def pg_cluster(fsync: bool = False) -> Iterator[PgCluster]:
    """A throwaway cluster (as the postgres user when run as root); *fsync*: durable commits,
    as on a production server (the tests run without, which is faster)."""
    initdb = _pg_bin("initdb")
    if initdb is None or _pg_bin("pg_ctl") is None:
        if IN_CI:
            pytest.fail("PostgreSQL is not installed, and CI must test against it")
        pytest.skip("PostgreSQL (initdb, pg_ctl) is not installed here")
    as_postgres = os.geteuid() == 0
    base = Path(tempfile.mkdtemp(prefix="inspector-pg-"))
    datadir = base / "data"
    if as_postgres:
        # PostgreSQL refuses to run as root: the cluster belongs to the postgres user.
        os.chmod(base, 0o755)
        datadir.mkdir(mode=0o700)
        shutil.chown(datadir, "postgres", "postgres")
    cluster = PgCluster(datadir, free_port(), as_postgres, fsync)
    r = cluster._run(initdb, "-D", str(datadir), "-U", "postgres", "--auth=trust", "-E", "UTF8")
    if r.returncode != 0:
        raise RuntimeError(f"initdb failed: {r.stderr[-400:]}")
    cluster.start()
    try:
        yield cluster
    finally:
        cluster.stop("immediate")
        shutil.rmtree(base, ignore_errors=True)


# -- a proxy that cuts connections ---------------------------------------------------------------


class CuttingProxy:
    """Forwards TCP to the service; cuts every connection after *cut_after* bytes upstream."""

    def __init__(
        self, target_port: int, cut_after: int, on_cut: Callable[[], None] | None = None
    ) -> None:
        self.on_cut = on_cut
        #: Once set, new connections are closed at once: the service looks unreachable.
        self.dead = False
        self.target_port = target_port
        self.cut_after = cut_after
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = int(self.sock.getsockname()[1])
        self.forwarded = 0
        self.cuts = 0
        self._stop = False
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _accept(self) -> None:
        while not self._stop:
            try:
                client, _ = self.sock.accept()
            except OSError:
                return
            if self.dead:
                client.close()
                continue
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target_port))
            except OSError:
                client.close()
                continue
            threading.Thread(target=self._up, args=(client, upstream), daemon=True).start()
            threading.Thread(target=self._down, args=(upstream, client), daemon=True).start()

    def _up(self, client: socket.socket, upstream: socket.socket) -> None:
        sent = 0
        try:
            while True:
                data = client.recv(65536)
                if not data:
                    break
                if sent + len(data) > self.cut_after:
                    keep = self.cut_after - sent
                    upstream.sendall(data[:keep])
                    self.forwarded += keep
                    self.cuts += 1
                    if self.on_cut is not None:
                        self.on_cut()
                    break
                upstream.sendall(data)
                sent += len(data)
                self.forwarded += len(data)
        except OSError:
            pass
        for s in (client, upstream):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()

    def _down(self, upstream: socket.socket, client: socket.socket) -> None:
        try:
            while data := upstream.recv(65536):
                client.sendall(data)
        except OSError:
            pass

    def close(self) -> None:
        self._stop = True
        self.sock.close()


# Laptops of the sync tests (here, not in conftest.py: "from conftest import" picks whichever
# conftest.py pytest loaded last when several test folders run together).


def link_laptop(ws: Any, bundle: TrustBundle, device_id: str = "dev-test") -> None:
    with ws.unit() as s:
        keys.device_keys(s, create=True)
        link.store_link(
            s, server_url="http://127.0.0.1:9", device_id=device_id, credential="x", bundle=bundle
        )


def provision_laptop(ws: Any, svc: Any, office: Any, url: str | None = None) -> str:
    from inspector.sync import client

    device_id, service_code = add_device(svc)
    with office.unit() as s:
        fp = keys.trust_bundle(s).fingerprint
        code = devices.device_code(s, device_id, service_code)
    return client.provision(ws, url or svc.url, code, fp)
