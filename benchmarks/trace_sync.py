"""Per-request trace of one sealed-record upload: where the service and the laptop spend it.

``.venv/bin/python benchmarks/trace_sync.py [--records 20] [--postgresql] [--blobs database|DIR]``

Starts ``inspector serve``'s app under uvicorn in a child process with timers wrapped around
each stage of a request (the same code, only wrapped), and a plain upload server with the same
ASGI timers, then sends records **one at a time** (so that every stage of a request is its own:
nothing else runs in the service meanwhile) and prints, per stage, the median wall time and
the median CPU time of the thread that ran it (``time.thread_time``): for a 2 MB record (a
photo) and a small one (a registration), both by ``PUT /v1/records/{id}`` as the laptop sends
them, and the same bytes to the plain server (written to /dev/null and to a file with fsync).

Service stages (the event-loop thread unless "worker"; ``pipe.*``: the pool thread that takes
in a whole record's body while it arrives, ``service.BodyPipe``):

- ``receive``: from the request's first ``receive()`` to its last body piece: uvicorn's HTTP
  parsing (h11) and the loop, split into ``receive.inside`` (in ``receive()``: waiting for and
  parsing bytes) and ``receive.endpoint`` (the endpoint's own work between two pieces);
- ``before_tx``: from the last body piece to the worker thread starting (joins, hand-off);
- worker thread: ``tx`` (the whole unit of work) with ``session.open``, ``authenticate``,
  ``rate``, ``lookup``, ``check.header``, ``check.signature``, ``check.streams``,
  ``check.rest``, ``blob.put``, ``flush``, ``receipt``, ``commit``;
- ``after_tx``: from the worker's return to the last byte of the answer sent.

Client stages: ``client.hash`` (the outbox's SHA-256 of the sealed file, done once at sealing),
``client.send`` (from the request to the last body byte handed to the socket),
``client.wait`` (from there to the answer), ``client.receipt`` (verifying the receipt).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from starlette.requests import Request

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parent / "tests" / "sync"))
sys.path.insert(0, str(HERE))

MB = 1 << 20
#: Records in one batch request (the laptop's BATCH_RECORDS).
BATCH = 200

# -- timers (in the traced service process) ------------------------------------------------------


class Trace:
    """Stages of the one request in flight: name -> [cpu s, wall s, count]."""

    def __init__(self) -> None:
        self.stages: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
        self.marks: dict[str, tuple[float, float]] = {}

    def add(self, name: str, cpu: float, wall: float) -> None:
        st = self.stages[name]
        st[0] += cpu
        st[1] += wall
        st[2] += 1


CURRENT = Trace()


def timed(name: str, fn: Any) -> Any:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        c0, w0 = time.thread_time(), time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            CURRENT.add(name, time.thread_time() - c0, time.perf_counter() - w0)

    wrapper.__wrapped__ = fn  # type: ignore[attr-defined]
    return wrapper


def traced_asgi(app: Any, out_path: str) -> Any:
    """An ASGI wrapper timing the loop thread's part of each request and writing one JSON line
    per request to *out_path*."""

    async def wrapped(scope: dict[str, Any], receive: Any, send: Any) -> None:
        global CURRENT
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        CURRENT = trace = Trace()
        state: dict[str, float] = {}
        c_start, w_start = time.thread_time(), time.perf_counter()
        last_out = [c_start, w_start]
        body_bytes = [0]

        async def timed_receive() -> Any:
            c0, w0 = time.thread_time(), time.perf_counter()
            if "first" not in state:
                state["first_c"], state["first_w"] = c0, w0
                state["first"] = 1
            else:
                trace.add("receive.endpoint", c0 - last_out[0], w0 - last_out[1])
            msg = await receive()
            c1, w1 = time.thread_time(), time.perf_counter()
            trace.add("receive.inside", c1 - c0, w1 - w0)
            last_out[0], last_out[1] = c1, w1
            if msg.get("type") == "http.request":
                body_bytes[0] += len(msg.get("body", b""))
                if not msg.get("more_body", False):
                    state["body_end_c"], state["body_end_w"] = c1, w1
            return msg

        async def timed_send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start" and "tx_end_w" in trace.marks:
                pass
            await send(message)
            if message["type"] == "http.response.body" and not message.get("more_body"):
                c1, w1 = time.thread_time(), time.perf_counter()
                state["end_c"], state["end_w"] = c1, w1

        await app(scope, timed_receive, timed_send)
        if "body_end_w" in state:
            trace.add(
                "receive",
                state["body_end_c"] - state["first_c"],
                state["body_end_w"] - state["first_w"],
            )
            if "tx_start" in trace.marks:
                ws, _cs = trace.marks["tx_start"]
                trace.add("before_tx", 0.0, ws - state["body_end_w"])
        if "tx_end" in trace.marks and "end_w" in state:
            we, _ = trace.marks["tx_end"]
            trace.add("after_tx", 0.0, state["end_w"] - we)
        if "end_w" in state:
            trace.add("request", state["end_c"] - c_start, state["end_w"] - w_start)
            trace.add("loop_cpu_total", state["end_c"] - c_start, 0.0)
        with open(out_path, "a") as f:
            f.write(
                json.dumps(
                    {
                        "path": scope["path"],
                        "method": scope["method"],
                        "bytes": body_bytes[0],
                        "stages": {k: v for k, v in trace.stages.items()},
                    }
                )
                + "\n"
            )

    return wrapped


def install_service_timers() -> None:
    """Wrap the service's stages (the code itself is unchanged)."""
    from sqlalchemy.orm import Session

    from inspector.server import app as app_module
    from inspector.server import blobs, db, service
    from inspector.sync import envelope

    for name, label in (
        ("authenticate", "authenticate"),
        ("rate_hit", "rate"),
        ("check_record", "check"),
        ("_store_record", "receipt"),
        ("decide_whole", "decide"),
        ("stage", "stage (bytes written, synced)"),
        ("write_fresh", "rows + receipt"),
        ("receipt_key", "receipt.key"),
        ("append", "tx.append"),
        ("complete", "tx.complete"),
    ):
        if hasattr(service, name):
            setattr(service, name, timed(label, getattr(service, name)))
    # The blob stores' put (whichever is in use).
    for cls in (blobs.DatabaseBlobs, blobs.FileBlobs, blobs.S3Blobs, blobs.OutsideBlobs):
        cls.put = timed("blob.put", cls.put)  # type: ignore[method-assign]
    for name in ("read_header", "verify_signature", "verify_streams"):
        label = {"read_header": "check.header", "verify_signature": "check.signature"}.get(
            name, "check.streams"
        )
        setattr(envelope, name, timed(label, getattr(envelope, name)))
    # A whole record's body taken in while it arrives (service.BodyPipe, pool threads).
    if hasattr(service, "BodyPipe"):
        pipe = service.BodyPipe
        pipe._authenticate = timed("pipe.authenticate", pipe._authenticate)  # type: ignore[method-assign]  # noqa: SLF001
        pipe._take = timed("pipe.piece (hash, check, write)", pipe._take)  # type: ignore[method-assign]  # noqa: SLF001
        pipe._end = timed("pipe.end (file synced)", pipe._end)  # type: ignore[method-assign]  # noqa: SLF001
        pipe.result = timed("pipe.wait (worker)", pipe.result)  # type: ignore[method-assign]
        pipe.kept = timed("pipe.kept (worker)", pipe.kept)  # type: ignore[method-assign]
    # The request's wait for its group commit (in its worker thread).
    from inspector.server import writer

    writer.GroupCommit.run = timed("group.wait", writer.GroupCommit.run)  # type: ignore[method-assign]
    Session.flush = timed("flush", Session.flush)  # type: ignore[method-assign]
    Session.commit = timed("commit", Session.commit)  # type: ignore[method-assign]
    if hasattr(service, "sign_receipt"):
        service.sign_receipt = timed("receipt.sign", service.sign_receipt)

    # Garbage collections (any thread): their time is the process's, whoever triggered them.
    import gc

    gc_start: dict[str, tuple[float, float]] = {}

    def on_gc(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            gc_start["t"] = (time.thread_time(), time.perf_counter())
        elif "t" in gc_start:
            c0, w0 = gc_start.pop("t")
            CURRENT.add(f"gc.gen{info.get('generation')}", time.thread_time() - c0,
                        time.perf_counter() - w0)  # fmt: skip

    gc.callbacks.append(on_gc)

    # The whole unit of work in the worker thread, with its start and end marked.
    original_session = db.ServiceDatabase.session

    def session(self: Any) -> Any:
        from contextlib import contextmanager

        @contextmanager
        def cm() -> Any:
            c0, w0 = time.thread_time(), time.perf_counter()
            CURRENT.marks.setdefault("tx_start", (w0, c0))
            with original_session(self) as s:
                CURRENT.add("session.open", time.thread_time() - c0, time.perf_counter() - w0)
                yield s
            CURRENT.add("tx", time.thread_time() - c0, time.perf_counter() - w0)
            CURRENT.marks["tx_end"] = (time.perf_counter(), time.thread_time())

        return cm()

    db.ServiceDatabase.session = session  # type: ignore[method-assign]
    del app_module  # the app module reads ``service.x`` at call time: nothing more to patch


def serve(url: str, port: int, out_path: str, blobs_dir: str | None) -> None:
    import logging

    import uvicorn

    install_service_timers()
    from inspector.server.app import ServiceConfig, create_app
    from inspector.server.db import ServiceDatabase

    logging.basicConfig(level=logging.WARNING)
    from inspector.server import blobs

    # As ``inspector serve`` chooses: --blobs, else its default (a folder beside SQLite,
    # PostgreSQL's own tables; the database everywhere before that default).
    default = getattr(blobs, "default_spec", lambda _url: None)(url)
    database = ServiceDatabase(url, blobs.check_spec(blobs_dir or default))
    app = create_app(ServiceConfig(database_url=url, rate_per_minute=100000), database)
    uvicorn.run(
        traced_asgi(app, out_path), host="127.0.0.1", port=port, log_level="warning",
        access_log=False,
    )  # fmt: skip


def serve_plain(port: int, out_path: str, target: str) -> None:
    """The plain upload: the same FastAPI + uvicorn, the body streamed to *target* (/dev/null,
    or a file that is written and synced to disk like a durable store would)."""
    import uvicorn
    from fastapi import FastAPI

    app = FastAPI()

    @app.put("/blob")
    async def put(request: Request) -> dict[str, int]:
        n = 0
        with open(target, "wb") as f:
            async for piece in request.stream():
                f.write(piece)
                n += len(piece)
            if target != "/dev/null":
                f.flush()
                os.fsync(f.fileno())
        return {"n": n}

    uvicorn.run(traced_asgi(app, out_path), host="127.0.0.1", port=port, log_level="warning")


# -- the driver ----------------------------------------------------------------------------------


def _start(args: list[str], health: str) -> subprocess.Popen[bytes]:
    import httpx

    proc = subprocess.Popen([sys.executable, __file__, *args])
    end = time.monotonic() + 60
    while time.monotonic() < end:
        try:
            httpx.get(health, timeout=2)
            return proc
        except httpx.HTTPError:
            if proc.poll() is not None:
                raise RuntimeError("the traced server did not start") from None
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("the traced server did not answer")


def _summary(
    lines: list[dict[str, Any]], path_part: str, size: int
) -> dict[str, tuple[float, float]]:
    """Median (cpu ms, wall ms) per stage over the requests of *path_part* with *size* bytes."""
    rows = [r for r in lines if path_part in r["path"] and r["bytes"] == size]
    names: set[str] = set()
    for r in rows:
        names.update(r["stages"])
    out = {}
    for n in sorted(names):
        cpu = statistics.median(r["stages"].get(n, [0, 0, 0])[0] for r in rows) * 1000
        wall = statistics.median(r["stages"].get(n, [0, 0, 0])[1] for r in rows) * 1000
        out[n] = (cpu, wall)
    return out


def _client_put(
    c: Any,
    cred: str,
    bundle: Any,
    rid: str,
    blob: bytes,
    path: Path,
    stages: dict[str, list[tuple[float, float]]],
    kind: str,
) -> None:
    """One record the way the laptop sends it (``client._put_whole``), its stages timed."""
    from inspector.sync import client as sync_client

    c0, w0 = time.thread_time(), time.perf_counter()
    sha = hashlib.sha256(blob).hexdigest()
    stages[f"{kind}.client.hash"].append((time.thread_time() - c0, time.perf_counter() - w0))
    job = sync_client._Job(rid, sha, len(blob), path)
    sent: dict[str, float] = {}
    real_read = sync_client._read_from
    real_verify = sync_client._verify_receipt

    def read_from(f: Any, count: int, on_block: Any = None) -> Any:
        yield from real_read(f, count, on_block)
        sent["c"], sent["w"] = time.thread_time(), time.perf_counter()

    def verify(b: Any, j: Any, data: Any) -> Any:
        c1, w1 = time.thread_time(), time.perf_counter()
        sent["rc"], sent["rw"] = c1, w1
        try:
            return real_verify(b, j, data)
        finally:
            stages[f"{kind}.client.receipt"].append(
                (time.thread_time() - c1, time.perf_counter() - w1)
            )

    sync_client._read_from = read_from  # type: ignore[assignment]
    sync_client._verify_receipt = verify
    try:
        c0, w0 = time.thread_time(), time.perf_counter()
        done = sync_client._put_whole(
            c, {"Authorization": f"Bearer {cred}"}, bundle, job, [0], None
        )
        c2, w2 = time.thread_time(), time.perf_counter()
    finally:
        sync_client._read_from = real_read  # type: ignore[assignment]
        sync_client._verify_receipt = real_verify
    assert done is not None, "the record was not stored"
    stages[f"{kind}.client.send"].append((sent["c"] - c0, sent["w"] - w0))
    stages[f"{kind}.client.wait"].append((sent["rc"] - sent["c"], sent["rw"] - sent["w"]))
    stages[f"{kind}.client.total"].append((c2 - c0, w2 - w0))


def main() -> None:
    import bench_sync
    import httpx
    from service_support import free_port, pg_cluster

    from inspector.sync.trust import TrustBundle

    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, default=20, help="records of each size")
    ap.add_argument("--photo-mb", type=int, default=2)
    ap.add_argument("--postgresql", action="store_true")
    ap.add_argument(
        "--blobs",
        default=None,
        help="'database' or a folder (default: as 'inspector serve': a folder beside an "
        "SQLite database, PostgreSQL's own tables)",
    )
    ap.add_argument("--serve", nargs=4, help=argparse.SUPPRESS)
    ap.add_argument("--serve-plain", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.serve:
        url, port, out, blobs_dir = args.serve
        serve(url, int(port), out, None if blobs_dir == "-" else blobs_dir)
        return
    if args.serve_plain:
        port, out, target = args.serve_plain
        serve_plain(int(port), out, target)
        return

    print(f"uptime: {os.popen('uptime').read().strip()}")

    def run(url: str, label: str, tmp: Path) -> None:
        recips, creds = bench_sync._prepare_service(url, 1)
        device_id, cred, _dev = creds[0]
        big = bench_sync._seal_records(recips, creds[0], args.records, args.records, args.photo_mb)
        small = bench_sync._seal_records(recips, creds[0], args.records, 0, 0)
        # Small records as the laptop sends them when several wait: batches of BATCH_RECORDS.
        batched = bench_sync._seal_records(recips, creds[0], 5 * BATCH, 0, 0)
        trace_svc = tmp / "svc.jsonl"
        trace_plain = tmp / "plain.jsonl"
        trace_file = tmp / "plainfile.jsonl"
        port, pport, fport = free_port(), free_port(), free_port()
        procs = [
            _start(
                ["--serve", url, str(port), str(trace_svc), args.blobs or "-"],
                f"http://127.0.0.1:{port}/v1/health",
            ),
            _start(
                ["--serve-plain", str(pport), str(trace_plain), "/dev/null"],
                f"http://127.0.0.1:{pport}/",
            ),
            _start(
                ["--serve-plain", str(fport), str(trace_file), str(tmp / "plain.bin")],
                f"http://127.0.0.1:{fport}/",
            ),
        ]
        client_stages: dict[str, list[tuple[float, float]]] = defaultdict(list)
        try:
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as c:
                bundle = TrustBundle.from_json(c.get("/v1/trust").json())
                for kind, records in (("big", big), ("small", small)):
                    for rid, blob in records:
                        path = tmp / f"{rid}.sealed"
                        path.write_bytes(blob)
                        # The same bytes to the plain servers first (same moment, same load).
                        for p in (pport, fport):
                            httpx.put(f"http://127.0.0.1:{p}/blob", content=blob)
                        _client_put(c, cred, bundle, rid, blob, path, client_stages, kind)
                        path.unlink()
                for n in range(0, len(batched), BATCH):
                    group = batched[n : n + BATCH]
                    index = [
                        {"record_id": r, "sha256": hashlib.sha256(b).hexdigest(), "size": len(b)}
                        for r, b in group
                    ]
                    body = json.dumps(index).encode() + b"\n" + b"".join(b for _, b in group)
                    r = c.post(
                        "/v1/records/batch",
                        content=body,
                        headers={"Authorization": f"Bearer {cred}"},
                    )
                    assert all(a["status"] == "stored" for a in r.json()["results"])
        finally:
            for p in procs:
                p.terminate()
                p.wait(10)
        svc = [json.loads(x) for x in trace_svc.read_text().splitlines()]
        plain = [json.loads(x) for x in trace_plain.read_text().splitlines()]
        pfile = [json.loads(x) for x in trace_file.read_text().splitlines()]
        for kind, records in (("big", big), ("small", small)):
            size = len(records[0][1])
            s = _summary(svc, "/v1/records/", size)
            pl = _summary(plain, "/blob", size)
            pf = _summary(pfile, "/blob", size)
            print(f"\n[{label}] {kind} record, {size} bytes, {len(records)} requests one at a time")
            print(f"{'stage':<22}{'cpu ms':>9}{'wall ms':>9}")
            for n, (cpu, wall) in s.items():
                print(f"{'  ' + n:<22}{cpu:>9.2f}{wall:>9.2f}")
            for n in (
                "client.hash", "client.send", "client.wait", "client.receipt", "client.total"
            ):  # fmt: skip
                vals = client_stages[f"{kind}.{n}"]
                cpu = statistics.median(v[0] for v in vals) * 1000
                wall = statistics.median(v[1] for v in vals) * 1000
                print(f"{'  ' + n:<22}{cpu:>9.2f}{wall:>9.2f}")
            for name, p in (("plain /dev/null", pl), ("plain file+fsync", pf)):
                r = p.get("request", (0.0, 0.0))
                rc = p.get("receive", (0.0, 0.0))
                print(
                    f"  {name:<20} request cpu {r[0]:.2f} ms wall {r[1]:.2f} ms "
                    f"(receive cpu {rc[0]:.2f} wall {rc[1]:.2f})"
                )
        rows = [r for r in svc if r["path"] == "/v1/records/batch"]
        print(f"\n[{label}] batches of {BATCH} small records, {len(rows)} requests one at a time")
        print(f"{'stage (per record)':<22}{'cpu ms':>9}{'wall ms':>9}")
        for n in sorted({k for r in rows for k in r["stages"]}):
            cpu = statistics.median(r["stages"].get(n, [0, 0, 0])[0] for r in rows)
            wall = statistics.median(r["stages"].get(n, [0, 0, 0])[1] for r in rows)
            print(f"{'  ' + n:<22}{cpu / BATCH * 1000:>9.3f}{wall / BATCH * 1000:>9.3f}")
        print(f"uptime: {os.popen('uptime').read().strip()}")

    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        run(f"sqlite:///{tmp / 'trace.sqlite3'}", "SQLite", tmp)
    if args.postgresql:
        with pg_cluster() as pg, tempfile.TemporaryDirectory() as tmpdir:
            run(pg.create_database(), "PostgreSQL", Path(tmpdir))


if __name__ == "__main__":
    main()
