"""Benchmark: sealing and pushing sealed records to a real service over loopback.

``.venv/bin/python benchmarks/bench_sync.py [--records 1000] [--photo-records 200]
[--photo-mb 2] [--postgresql]`` prints:

- sealing cost per MB against plain AES-256-GCM on the same bytes;
- the peak memory above idle while sealing a 200 MB inspection (goal < 100 MB);
- push throughput of N records (some with photos) to ``inspector serve`` on SQLite (and on a
  throwaway PostgreSQL with ``--postgresql``) as a ratio to a plain HTTP upload of the same
  bytes to the same machine (goal >= 0.7);
- the service's p99 latency with 20 devices uploading at once, and the error count (goal 0);
- on PostgreSQL, the CPU of its own server processes while the sync runs (same machine).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parent / "tests" / "sync"))

import httpx  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import ed25519, x25519  # noqa: E402
from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # noqa: E402

from inspector.server import service  # noqa: E402
from inspector.server.db import ServiceDatabase  # noqa: E402
from inspector.sync import client as _client_module  # noqa: E402
from inspector.sync import envelope  # noqa: E402
from inspector.sync.client import (  # noqa: E402
    BATCH_BYTES,
    BATCH_RECORD_MAX,
    BATCH_RECORDS,
    WHOLE_MAX,
)
from inspector.sync.halves import in_two  # noqa: E402

#: Uploads the laptop keeps in flight (1 for a client from before that setting).
PARALLEL_UPLOADS = int(getattr(_client_module, "PARALLEL_UPLOADS", 1))
from inspector.sync.trust import (  # noqa: E402
    TrustBundle,
    TrustError,
    recipient_statement,
    service_statement,
    sign_statement,
)

MB = 1 << 20


def _recipients() -> tuple[list[envelope.Recipient], ed25519.Ed25519PrivateKey, list]:  # type: ignore[type-arg]
    root = ed25519.Ed25519PrivateKey.generate()
    recips, statements = [], []
    for role in ("enforcement", "registry"):
        pub = x25519.X25519PrivateKey.generate().public_key()
        st = sign_statement(root, recipient_statement(role, pub.public_bytes_raw()))
        statements.append(st)
        recips.append(envelope.Recipient(st.key_id, pub))
    return recips, root, statements


def bench_sealing_cost(size_mb: int = 64) -> None:
    recips, _root, _ = _recipients()
    dev = ed25519.Ed25519PrivateKey.generate()
    piece = os.urandom(MB)
    aead = AESGCM(AESGCM.generate_key(bit_length=256))
    start = time.perf_counter()
    for i in range(size_mb):
        aead.encrypt(i.to_bytes(12, "big"), piece, b"")
    plain = time.perf_counter() - start
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        envelope.seal(
            out,
            record_id="bench",
            kind="inspection",
            version=1,
            supersedes=None,
            created="2026-01-01T00:00:00+00:00",
            device_id="bench",
            device_key=dev,
            recipients=recips,
            payload=b"{}",
            attachments=[envelope.AttachmentSource("a", size_mb * MB, lambda: [piece] * size_mb)],
        )
        sealed = time.perf_counter() - start
    print(
        f"sealing {size_mb} MB: {sealed / size_mb * 1000:.2f} ms/MB; plain AES-256-GCM "
        f"{plain / size_mb * 1000:.2f} ms/MB; ratio {sealed / plain:.2f}x "
        "(sealing includes the scratch-file write, the copy behind the header and SHA-256)"
    )


_PEAK_CHILD = r"""
import os, sys, tempfile
sys.path.insert(0, sys.argv[1])
from cryptography.hazmat.primitives.asymmetric import ed25519, x25519
from inspector.sync import envelope
def status(field):
    for line in open("/proc/self/status"):
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
def rss(): return status("VmHWM")
dev = ed25519.Ed25519PrivateKey.generate()
pub = x25519.X25519PrivateKey.generate().public_key()
# Reset the high-water mark to the current size: the peak counts only what sealing adds.
with open("/proc/self/clear_refs", "w") as f:
    f.write("5")
idle = status("VmRSS")
def photo():  # a 2 MB photo read whole, as the store hands it over
    data = os.urandom(2 << 20)
    for i in range(0, len(data), 1 << 20):
        yield data[i:i + (1 << 20)]
atts = [envelope.AttachmentSource(f"p{i}", 2 << 20, photo) for i in range(100)]
with tempfile.TemporaryFile() as out:
    envelope.seal(out, record_id="peak", kind="inspection", version=1, supersedes=None,
        created="2026-01-01T00:00:00+00:00", device_id="d", device_key=dev,
        recipients=[envelope.Recipient("enforcement-x", pub)], payload=b"{}", attachments=atts)
print(f"{idle:.1f} {rss():.1f}")
"""


def bench_peak_memory() -> None:
    out = subprocess.run(
        [sys.executable, "-c", _PEAK_CHILD, str(HERE.parent)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    idle, peak = float(out[0]), float(out[1])
    print(
        f"sealing a 200 MB inspection (100 photos of 2 MB): peak RSS {peak:.0f} MB, "
        f"idle {idle:.0f} MB, {peak - idle:.1f} MB above idle (goal < 100; Linux VmHWM)"
    )


# -- pushing -------------------------------------------------------------------------------------


def _prepare_service(url: str, devices: int) -> tuple[list[envelope.Recipient], list]:  # type: ignore[type-arg]
    recips, root, statements = _recipients()
    db = ServiceDatabase(url)
    db.migrate()
    with db.session() as s:
        key = service.ensure_service_key(s)
        svc_st = sign_statement(root, service_statement(key.public))
    bundle = TrustBundle(root.public_key().public_bytes_raw(), tuple(statements), svc_st)
    creds = []
    with db.session() as s:
        service.set_trust(s, bundle)
        for n in range(devices):
            _id, code = service.add_device(s, f"Laptop {n}")
            dev = ed25519.Ed25519PrivateKey.generate()
            device_id, cred = service.provision(
                s,
                code,
                dev.public_key().public_bytes_raw(),
                x25519.X25519PrivateKey.generate().public_key().public_bytes_raw(),
            )
            creds.append((device_id, cred, dev))
    db.dispose()
    return recips, creds


def _seal_records(
    recips: list[envelope.Recipient],
    device: tuple,
    count: int,
    photos: int,
    photo_mb: int,  # type: ignore[type-arg]
) -> list[tuple[str, bytes]]:
    device_id, _cred, dev = device
    out = []
    photo = os.urandom(photo_mb * MB)
    for n in range(count):
        rid = str(uuid.uuid4())
        buf = io.BytesIO()
        atts = [envelope.AttachmentSource("p", len(photo), lambda: [photo])] if n < photos else []
        envelope.seal(
            buf,
            record_id=rid,
            kind="inspection",
            version=1,
            supersedes=None,
            created="2026-01-01T00:00:00+00:00",
            device_id=device_id,
            device_key=dev,
            recipients=recips,
            payload=os.urandom(4000),
            attachments=atts,
        )
        out.append((rid, buf.getvalue()))
        _sha256(rid, out[-1][1])
    return out


#: Service processes (``inspector serve --workers``; ``--workers`` of this benchmark).
WORKERS = 1

#: Each sealed record's SHA-256, taken once when it is sealed: the laptop's outbox keeps it
#: from sealing (``outbox_record.sha256``) and never hashes a record again to send it.
_SHA256: dict[str, str] = {}


def _sha256(rid: str, blob: bytes) -> str:
    known = _SHA256.get(rid)
    if known is None:
        known = _SHA256[rid] = hashlib.sha256(blob).hexdigest()
    return known


class Pusher:
    """One laptop's sync run: its connections opened once — one for the run and one per upload
    thread, as ``inspector.sync.client`` opens them for a whole run (each ``httpx.Client``
    loads the system's CA store: ~20 ms) — then records pushed in as many calls as the caller
    likes (the benchmark cuts the run into slices that alternate with the plain upload)."""

    def __init__(self, base: str, cred: str) -> None:
        self.base = base
        self.headers = {"Authorization": f"Bearer {cred}"}
        self.client = httpx.Client(base_url=base, timeout=120)
        self.pool = ThreadPoolExecutor(PARALLEL_UPLOADS)
        self.verifier = ThreadPoolExecutor(1)
        self.local = threading.local()
        self.opened: list[httpx.Client] = []
        self.lock = threading.Lock()
        # The trust bundle the laptop pinned: every receipt is verified with its service key.
        self.bundle = TrustBundle.from_json(self.client.get("/v1/trust").json())

    def __enter__(self) -> Pusher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.pool.shutdown()
        self.verifier.shutdown()
        for c in [self.client, *self.opened]:
            c.close()

    def _own(self) -> httpx.Client:
        """The upload thread's own connection (made at its first record of the run)."""
        c = getattr(self.local, "c", None)
        if c is None:
            c = self.local.c = httpx.Client(base_url=self.base, timeout=120)
            with self.lock:
                self.opened.append(c)
        return c

    def _receipt(self, rid: str, blob: bytes, answer: dict) -> bool:  # type: ignore[type-arg]
        """Whether *answer* holds a valid receipt for the record: verified as the laptop
        verifies it (``client._verify_receipt``: the service key's signature, the record id,
        hash, size and sequence number) before the record counts as delivered."""
        if answer.get("status") != "stored":
            return False
        job = _client_module._Job(rid, _sha256(rid, blob), len(blob), Path())
        try:
            _client_module._verify_receipt(self.bundle, job, answer)
        except TrustError:
            return False
        return True

    def push(
        self,
        records: list[tuple[str, bytes]],
        lat: list[float],
        parts: dict[str, float] | None = None,
    ) -> int:
        """Push as the laptop does: small records several to a request
        (``/v1/records/batch``), a record up to WHOLE_MAX in one request, a larger one as a
        resumable upload (start, then the bytes). *lat* gets each request's latency; *parts*
        the wall time of the small records (batches) and of the rest. Returns the errors."""
        errors = 0
        t_small = time.perf_counter()
        h = self.headers
        small = [(rid, blob) for rid, blob in records if len(blob) <= BATCH_RECORD_MAX]
        rest = [(rid, blob) for rid, blob in records if len(blob) > BATCH_RECORD_MAX]
        groups: list[list[tuple[str, bytes]]] = [[]]
        for rid, blob in small:
            size = sum(len(b) for _, b in groups[-1])
            if len(groups[-1]) >= BATCH_RECORDS or size + len(blob) > BATCH_BYTES:
                groups.append([])
            groups[-1].append((rid, blob))
        for group in groups:
            if not group:
                continue
            index = [
                {"record_id": rid, "sha256": _sha256(rid, blob), "size": len(blob)}
                for rid, blob in group
            ]
            body = json.dumps(index).encode() + b"\n" + b"".join(blob for _, blob in group)
            t0 = time.perf_counter()
            r = self.client.post(
                "/v1/records/batch",
                content=body,
                headers={**h, "Content-Type": "application/octet-stream"},
            )
            lat.append(time.perf_counter() - t0)
            if r.status_code != 200:
                errors += len(group)
                continue
            blobs = dict(group)
            # As the laptop does (client._post_batch): the receipts verified on two threads.
            valid = in_two(
                lambda a, blobs=blobs: self._receipt(a["record_id"], blobs[a["record_id"]], a),
                r.json()["results"],
                self.verifier.submit,
            )
            errors += sum(1 for ok in valid if not ok)

        def one(item: tuple[str, bytes]) -> int:
            """One large record as the laptop sends it; 1 on an error."""
            rid, blob = item
            c = self._own()
            if len(blob) <= WHOLE_MAX:
                t0 = time.perf_counter()
                r = c.put(
                    f"/v1/records/{rid}",
                    content=blob,
                    headers={
                        **h,
                        "Record-Sha256": _sha256(rid, blob),
                        "Content-Type": "application/octet-stream",
                    },
                )
                lat.append(time.perf_counter() - t0)
                return int(r.status_code != 200 or not self._receipt(rid, blob, r.json()))
            t0 = time.perf_counter()
            r = c.post(
                "/v1/uploads",
                headers=h,
                json={
                    "record_id": rid,
                    "sha256": _sha256(rid, blob),
                    "size": len(blob),
                },
            )
            lat.append(time.perf_counter() - t0)
            if r.status_code not in (200, 201):
                return 1
            if r.json().get("status") == "stored":
                return 0
            t0 = time.perf_counter()
            r = c.patch(
                f"/v1/uploads/{r.json()['upload_id']}",
                content=blob,
                headers={
                    **h,
                    "Upload-Offset": "0",
                    "Content-Type": "application/offset+octet-stream",
                },
            )
            lat.append(time.perf_counter() - t0)
            return int(r.status_code != 200 or not self._receipt(rid, blob, r.json()))

        t_large = time.perf_counter()
        # As many in flight as the laptop's client keeps (PARALLEL_UPLOADS).
        errors += sum(self.pool.map(one, rest))
        if parts is not None:
            parts["small"] += t_large - t_small
            parts["large"] += time.perf_counter() - t_large
        return errors


def _push(
    base: str,
    cred: str,
    records: list[tuple[str, bytes]],
    lat: list[float],
    parts: dict[str, float] | None = None,
) -> int:
    """One whole sync run of *records* (its connections made and closed with it)."""
    with Pusher(base, cred) as pusher:
        return pusher.push(records, lat, parts)


_PLAIN_SERVER = r"""
import os, sys, uuid, uvicorn
from fastapi import FastAPI, Request
app = FastAPI()
folder = sys.argv[2] if len(sys.argv) > 2 else None
@app.put("/blob")
async def put(request: Request):
    # To /dev/null, or (with a folder) to a new file synced to disk with its name: the
    # least a durable store does with the same bytes.
    n = 0
    path = os.path.join(folder, uuid.uuid4().hex) if folder else "/dev/null"
    with open(path, "wb") as f:
        async for piece in request.stream():
            f.write(piece); n += len(piece)
        if folder:
            f.flush(); os.fsync(f.fileno())
    if folder:
        fd = os.open(folder, os.O_RDONLY); os.fsync(fd); os.close(fd)
    return {"n": n}
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
"""


def _ticks(path: str) -> int:
    fields = Path(path).read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


class Usage:
    """CPU of a server process, of its busiest thread and of this (the client's) process over
    the wall time of the slices measured: utilisation in % of one core."""

    def __init__(self) -> None:
        self.wall = self.client = 0.0
        self.proc = 0
        self.threads: dict[str, int] = {}
        self.pid = 0

    def _thread_ticks(self) -> dict[str, int]:
        out = {}
        for pid in _family(self.pid):
            for task in Path(f"/proc/{pid}/task").iterdir():
                try:
                    out[task.name] = _ticks(str(task / "stat"))
                except (FileNotFoundError, ProcessLookupError):
                    pass
        return out

    def start(self, pid: int) -> None:
        self.pid = pid
        self._t0 = self._thread_ticks()
        self._p0 = round(_cpu_seconds(pid) * os.sysconf("SC_CLK_TCK"))
        self._c0 = time.process_time()
        self._w0 = time.perf_counter()

    def stop(self) -> None:
        self.wall += time.perf_counter() - self._w0
        self.client += time.process_time() - self._c0
        self.proc += round(_cpu_seconds(self.pid) * os.sysconf("SC_CLK_TCK")) - self._p0
        for tid, ticks in self._thread_ticks().items():
            self.threads[tid] = self.threads.get(tid, 0) + ticks - self._t0.get(tid, 0)

    def text(self) -> str:
        hz = os.sysconf("SC_CLK_TCK")
        busiest = max(self.threads.values(), default=0) / hz
        return (
            f"wall {self.wall:.2f} s; server process CPU {self.proc / hz:.2f} s "
            f"({self.proc / hz / self.wall * 100:.0f} % of a core), its busiest thread "
            f"{busiest / self.wall * 100:.0f} %, threads that ran "
            f"{sum(1 for v in self.threads.values() if v)}; client CPU {self.client:.2f} s "
            f"({self.client / self.wall * 100:.0f} %)"
        )


def _family(pid: int) -> list[int]:
    """*pid* and its child processes (``inspector serve --workers N`` starts N of them)."""
    out = [pid]
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            if ppid == pid:
                out.append(int(entry.name))
    return out


def _postgres_seconds() -> float:
    """User + system CPU seconds so far of every PostgreSQL server process on this machine
    (its backends live as long as the service's pooled connections; Linux /proc)."""
    total = 0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() == "postgres":
                    total += _ticks(str(entry / "stat"))
            except OSError:
                pass
    return total / os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process and its children so far (Linux /proc)."""
    total = 0
    for one in _family(pid):
        try:
            total += _ticks(f"/proc/{one}/stat")
        except OSError:
            pass
    return total / os.sysconf("SC_CLK_TCK")


def _start(cmd: list[str], url: str) -> subprocess.Popen[bytes]:
    from service_support import wait_healthy

    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if url.endswith("/plain"):
        end = time.monotonic() + 60
        while time.monotonic() < end:
            try:
                httpx.put(url[: -len("/plain")] + "/blob", content=b"x", timeout=2)
                break
            except httpx.HTTPError:
                time.sleep(0.2)
    else:
        wait_healthy(url, proc)
    return proc


def serve_command(url: str, port: int, blobs: str) -> list[str]:
    """``inspector serve`` on *url* and *port*, its sealed bytes in *blobs* (``database`` or a
    folder), no rate limit in the way, ``WORKERS`` processes."""
    return [
        *(sys.executable, "-m", "inspector", "serve", "--database", url, "--port", str(port)),
        *("--rate", "100000", "--blobs", blobs),
        *(["--workers", str(WORKERS)] if WORKERS > 1 else []),
    ]


def bench_push(
    url: str,
    label: str,
    records: int,
    photos: int,
    photo_mb: int,
    blobs: str | None = None,
    profile: str | None = None,
) -> None:
    from service_support import free_port

    recips, creds = _prepare_service(url, 21)
    batch = _seal_records(recips, creds[0], records, photos, photo_mb)
    total = sum(len(b) for _, b in batch)
    port = free_port()
    svc = _start(serve_command(url, port, blobs or "database"), f"http://127.0.0.1:{port}")
    plain_port = free_port()
    plain = _start(
        [sys.executable, "-c", _PLAIN_SERVER, str(plain_port)],
        f"http://127.0.0.1:{plain_port}/plain",
    )
    file_port = free_port()
    file_dir = tempfile.mkdtemp(prefix="plain-")
    plain_file = _start(
        [sys.executable, "-c", _PLAIN_SERVER, str(file_port), file_dir],
        f"http://127.0.0.1:{file_port}/plain",
    )
    spy = None
    if profile:
        # py-spy samples the service (every thread, also while waiting) for the whole run;
        # collapsed stacks: `sort | ...` or a flame graph tool reads them.
        spy = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "py-spy"),
                "record",
                "--pid",
                str(svc.pid),
                "--format",
                "raw",
                "--threads",
                *([] if os.environ.get("SPY_BUSY") else ["--idle"]),
                "--gil" if profile.endswith(".gil") else "--nonblocking",
                "--rate",
                "250",
                "-o",
                f"{profile}.{label.split(',')[0].lower()}-{blobs and 'folder' or 'database'}",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(1)
    try:
        # Plain and sync alternate in ten slices, so that the load of a shared machine weighs
        # on both alike; CPU seconds of each server process are counted too.
        plain_s = sync_s = file_s = 0.0
        plain_cpu = sync_cpu = file_cpu = db_cpu = 0.0
        sync_parts = {"small": 0.0, "large": 0.0}
        errors = 0
        lat: list[float] = []
        slices = 10
        # Where the wall time goes (not only the CPU): per part of the records (small ones,
        # the rest), the CPU of the client (this process) and of the server process, and the
        # busiest server thread (a thread near 100 % of the wall: that process is bound by it).
        plain_parts = {"small": 0.0, "large": 0.0}
        use = {name: Usage() for name in ("plain", "file", "sync")}
        # One sync run over the slices, as the plain upload uses one client over them (its
        # connections are made in the first slice and counted there).
        pusher = Pusher(f"http://127.0.0.1:{port}", creds[0][1])
        with httpx.Client(timeout=120) as c, pusher:
            for n in range(slices):
                part = batch[n::slices]
                cpu0 = _cpu_seconds(plain.pid)
                use["plain"].start(plain.pid)
                start = time.perf_counter()
                for _rid, blob in part:
                    t0 = time.perf_counter()
                    c.put(f"http://127.0.0.1:{plain_port}/blob", content=blob)
                    plain_parts["small" if len(blob) <= BATCH_RECORD_MAX else "large"] += (
                        time.perf_counter() - t0
                    )
                plain_s += time.perf_counter() - start
                use["plain"].stop()
                plain_cpu += _cpu_seconds(plain.pid) - cpu0
                cpu0 = _cpu_seconds(plain_file.pid)
                use["file"].start(plain_file.pid)
                start = time.perf_counter()
                for _rid, blob in part:
                    c.put(f"http://127.0.0.1:{file_port}/blob", content=blob)
                file_s += time.perf_counter() - start
                use["file"].stop()
                file_cpu += _cpu_seconds(plain_file.pid) - cpu0
                cpu0, db0 = _cpu_seconds(svc.pid), _postgres_seconds()
                use["sync"].start(svc.pid)
                start = time.perf_counter()
                errors += pusher.push(part, lat, sync_parts)
                sync_s += time.perf_counter() - start
                use["sync"].stop()
                sync_cpu += _cpu_seconds(svc.pid) - cpu0
                db_cpu += _postgres_seconds() - db0
        print(
            f"[{label}] {records} records ({photos} with {photo_mb} MB photos), "
            f"{total / MB:.0f} MB: sync {total / MB / sync_s:.1f} MB/s, plain HTTP "
            f"{total / MB / plain_s:.1f} MB/s, ratio {plain_s / sync_s:.2f} (goal >= 0.7), "
            f"errors {errors}; server CPU {sync_cpu / (total / MB) * 1000:.1f} ms/MB "
            f"(plain {plain_cpu / (total / MB) * 1000:.1f} ms/MB), "
            f"load {os.getloadavg()[0]:.1f}"
        )
        if url.startswith("postgresql"):
            print(
                f"[{label}] PostgreSQL's own server processes (same machine): CPU "
                f"{db_cpu / (total / MB) * 1000:.1f} ms/MB while the sync ran"
            )
        print(
            f"[{label}] against a plain upload that writes each body to a file synced to "
            f"disk: {total / MB / file_s:.1f} MB/s, ratio {file_s / sync_s:.2f}; its server CPU "
            f"{file_cpu / (total / MB) * 1000:.1f} ms/MB"
        )
        if spy is not None:  # the profile covers the push only, not the 20 devices
            import signal

            spy.send_signal(signal.SIGINT)
            spy.wait(30)
            spy = None
        small_n = sum(1 for _, b in batch if len(b) <= BATCH_RECORD_MAX)
        large_n = len(batch) - small_n
        print(
            f"[{label}] wall per record: small ({small_n}) plain "
            f"{plain_parts['small'] / max(small_n, 1) * 1000:.2f} ms, sync "
            f"{sync_parts['small'] / max(small_n, 1) * 1000:.2f} ms; large ({large_n}) plain "
            f"{plain_parts['large'] / max(large_n, 1) * 1000:.2f} ms, sync "
            f"{sync_parts['large'] / max(large_n, 1) * 1000:.2f} ms "
            f"({PARALLEL_UPLOADS} in flight, {WORKERS} service process(es))"
        )
        for name, u in use.items():
            print(f"[{label}] {name:5}: {u.text()}")
        mb = total / MB
        print(
            f"[{label}] client CPU {use['sync'].client / mb * 1000:.1f} ms/MB "
            f"(plain {use['plain'].client / mb * 1000:.1f} ms/MB)"
        )
        # 20 devices at once, small records (a registration-sized record each).
        small = [_seal_records(recips, creds[1 + n], 25, 0, 0) for n in range(20)]
        lats: list[list[float]] = [[] for _ in range(20)]
        errs = [0] * 20

        def run(n: int) -> None:
            errs[n] = _push(f"http://127.0.0.1:{port}", creds[1 + n][1], small[n], lats[n])

        threads = [threading.Thread(target=run, args=(n,)) for n in range(20)]
        start = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        took = time.perf_counter() - start
        every = sorted(x for part in lats for x in part)
        p99 = every[min(len(every) - 1, round(0.99 * (len(every) - 1)))]
        print(
            f"[{label}] 20 devices x 25 records at once: {len(every)} requests in {took:.1f} s, "
            f"median {statistics.median(every) * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms, "
            f"errors {sum(errs)}"
        )
    finally:
        if spy is not None:
            import signal

            spy.send_signal(signal.SIGINT)
            spy.wait(30)
        for p in (svc, plain, plain_file):
            p.terminate()
            p.wait(10)
        shutil.rmtree(file_dir, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, default=1000)
    ap.add_argument("--photo-records", type=int, default=200)
    ap.add_argument("--photo-mb", type=int, default=2)
    ap.add_argument("--postgresql", action="store_true", help="also on a throwaway PostgreSQL")
    ap.add_argument("--only-postgresql", action="store_true", help="on a throwaway PostgreSQL only")
    ap.add_argument(
        "--pg-fsync",
        action="store_true",
        help="PostgreSQL with fsync on (durable commits, as in production; default off, as in"
        " the tests)",
    )
    ap.add_argument(
        "--blobs",
        nargs="+",
        choices=("database", "folder"),
        default=["database", "folder"],
        help="where the service keeps sealed bytes (each is measured)",
    )
    ap.add_argument(
        "--push-only", action="store_true", help="skip the sealing cost and memory figures"
    )
    ap.add_argument(
        "--in-flight",
        type=int,
        default=_client_module.PARALLEL_UPLOADS,
        help="uploads in flight (default: the laptop's PARALLEL_UPLOADS, %(default)s)",
    )
    ap.add_argument(
        "--workers",
        type=int,
        default=1,
        help="service processes ('inspector serve --workers N'; default %(default)s)",
    )
    ap.add_argument(
        "--profile",
        metavar="PREFIX",
        help="sample the service with py-spy (pip install py-spy) into PREFIX.<store> "
        "(collapsed stacks; a PREFIX ending in .gil samples only the thread holding the GIL; "
        "with SPY_BUSY=1 in the environment only threads on a CPU are sampled)",
    )
    args = ap.parse_args()
    globals()["PARALLEL_UPLOADS"] = args.in_flight
    globals()["WORKERS"] = args.workers
    print(f"load average at start: {os.getloadavg()[0]:.1f} (2-core machine shared with others)")
    if not args.push_only:
        bench_sealing_cost()
        bench_peak_memory()
    for blobs in [] if args.only_postgresql else args.blobs:
        with tempfile.TemporaryDirectory() as tmp:
            bench_push(
                f"sqlite:///{Path(tmp) / 'bench.sqlite3'}",
                f"SQLite, blobs in {blobs}",
                args.records,
                args.photo_records,
                args.photo_mb,
                None if blobs == "database" else str(Path(tmp) / "blobs"),
                args.profile,
            )
    if args.postgresql or args.only_postgresql:
        import pytest  # pg_cluster skips through pytest when PostgreSQL is missing
        from service_support import pg_cluster

        try:
            with pg_cluster(args.pg_fsync) as pg, tempfile.TemporaryDirectory() as tmp:
                for blobs in args.blobs:
                    bench_push(
                        pg.create_database(),
                        f"PostgreSQL{' (fsync on)' if args.pg_fsync else ''}, blobs in {blobs}",
                        args.records,
                        args.photo_records,
                        args.photo_mb,
                        None if blobs == "database" else str(Path(tmp) / blobs),
                        args.profile,
                    )
        except pytest.skip.Exception as exc:
            print(f"[PostgreSQL] skipped: {exc}")


if __name__ == "__main__":
    main()
