"""The HTTP API of the office service (FastAPI, versioned under /v1, OpenAPI at /v1/openapi.json).

Uploads use this service's own resumable scheme, modelled on tus core: ``POST /v1/uploads``
declares record id, sha256 and size; ``PATCH /v1/uploads/{id}`` with ``Upload-Offset``
appends bytes (committed every 4 MiB and at a cut, so a cut connection keeps what arrived);
``GET`` tells the offset to resume from. When the last byte is in, the record is checked and
a signed receipt comes back. Every state lives in the database: several workers can serve the
same devices.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import re
import time
import uuid
from collections import defaultdict, deque
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from fastapi import FastAPI, Header, Path, Query, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel, Field
from sqlalchemy.exc import DataError, DBAPIError, OperationalError
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect
from starlette.routing import Route

from inspector.server import blobs, service
from inspector.server.db import ServiceDatabase
from inspector.server.models import OUTCOME_STATES
from inspector.server.service import COMMIT_SIZE, Principal, ServiceError
from inspector.server.writer import GroupCommit
from inspector.sync.trust import unb64

log = logging.getLogger("inspector.server")
T = TypeVar("T")


@dataclass(frozen=True)
class ServiceConfig:
    database_url: str
    max_record_bytes: int = 512 << 20
    max_request_bytes: int = 64 << 20
    #: Requests per device or user per minute.
    rate_per_minute: int = 1200
    #: Where the rate counters live: "database" (shared by every worker on it), "memory" (this
    #: process only) or "auto" (the database on PostgreSQL, memory on SQLite, where a second
    #: commit per request would halve the throughput and one worker is the rule).
    rate_store: str = "auto"
    #: Service processes on the port (``inspector serve --workers``). A limit counted in
    #: memory is then split among them (each allows its share: never more than the limit).
    workers: int = 1


#: The settings of ``inspector serve --workers N`` for the processes it starts (JSON).
ENV_SERVE_SETTINGS = "INSPECTOR_SERVE_SETTINGS"


def serve_settings(config: ServiceConfig, blobs: str | None) -> str:
    """*config* and the blob store as the text :func:`app_from_settings` reads."""
    from dataclasses import asdict

    from inspector import logs

    files = [h.baseFilename for h in logs._ours()]  # noqa: SLF001 - this process's log file
    return json.dumps({"config": asdict(config), "blobs": blobs, "log_files": files})


def app_from_settings() -> FastAPI:
    """The app of one of several service processes (uvicorn's ``factory``): the settings,
    the logging and the blob store of the ``inspector serve`` that started it."""
    from pathlib import Path as FilePath

    from inspector import logs

    settings = json.loads(os.environ[ENV_SERVE_SETTINGS])
    tune_interpreter()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    for name in settings.get("log_files") or []:
        logs.setup(FilePath(name).parent)
    config = ServiceConfig(**settings["config"])
    return create_app(config, ServiceDatabase(config.database_url, settings.get("blobs")))


#: How long a thread of the service may hold Python's GIL while another waits for it (the
#: interpreter's default is 5 ms). The event loop gives the GIL up at every read of a socket
#: and then waits for it behind the worker threads' Python (SQLAlchemy), up to this long each
#: time (a 2 MB body arrives in ~30 pieces). bench_sync.py, SQLite, four A/B pairs under load:
#: 2 MB records 15.8/15.8/54.8/34.7 ms -> 14.2/13.7/41.6/31.1 ms each.
SWITCH_INTERVAL = 0.0005


def tune_interpreter() -> None:
    """The interpreter settings of a service process (``inspector serve`` and each of its
    ``--workers``)."""
    import sys

    sys.setswitchinterval(SWITCH_INTERVAL)


#: Group-commit threads of a service process on PostgreSQL (on SQLite: one, the only writer).
WRITERS_POSTGRESQL = 4

#: The JSON index line of a batch is at most this long.
BATCH_INDEX_MAX = 64 << 10


def _event(name: str, **ids: Any) -> None:
    """One structured log line: an event name and ids, never content."""
    log.info(json.dumps({"event": name, **ids}, sort_keys=True))


#: A record id as the laptops make them (a UUID) and anything as plain: ASCII letters, digits
#: and a few separators. Anything else (a lone surrogate, a NUL, a control character) could
#: not be stored by every database and is refused as a bad request, never met as a 500.
RECORD_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,35}$"
_RECORD_ID = re.compile(RECORD_ID_PATTERN)
_SHA256 = re.compile("^[0-9a-f]{64}$")


def _record_id_path() -> Any:
    return Path(pattern=RECORD_ID_PATTERN, max_length=36)


class UploadStart(BaseModel):
    record_id: str = Field(min_length=1, max_length=36, pattern=RECORD_ID_PATTERN)
    sha256: str = Field(pattern="^[0-9a-f]{64}$")
    size: int = Field(ge=1, le=1 << 40)


class ProvisionRequest(BaseModel):
    code: str = Field(min_length=4, max_length=40)
    sign_public: str = Field(max_length=100, description="base64 of the Ed25519 public key")
    box_public: str = Field(max_length=100, description="base64 of the X25519 public key")
    key_proof: str | None = Field(
        default=None,
        max_length=100,
        description="base64 HMAC of the keys under the office's half of the code",
    )


class CertificatePost(BaseModel):
    statement: dict[str, Any]
    signature: str = Field(max_length=200)


class DownlinkPost(BaseModel):
    state: str | None = Field(default=None, max_length=20)
    sealed: str = Field(max_length=2_000_000, description="base64, HPKE-sealed to the device")


class QuarantinePost(BaseModel):
    reason: str = Field(min_length=1, max_length=300)


class NoticePost(BaseModel):
    notice_id: str = Field(min_length=1, max_length=36, pattern=RECORD_ID_PATTERN)
    recipient: str = Field(pattern="^(enforcement)$", description="the receiving office role")
    sealed: str = Field(max_length=100_000, description="base64 of the sealed notice")


class VisitPost(BaseModel):
    sealed: str = Field(max_length=2_000_000, description="base64, HPKE-sealed to the device")


class RateLimiter:
    """Requests per minute of one device or user, counted in this process."""

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self.hits: dict[str, deque[float]] = defaultdict(deque)

    def check_in(self, _s: Any, who: str) -> None:
        self.check(who)

    def check(self, who: str) -> None:
        now = time.monotonic()
        q = self.hits[who]
        while q and q[0] < now - 60:
            q.popleft()
        if len(q) >= self.per_minute:
            raise ServiceError(429, "too many requests; try again in a minute")
        q.append(now)


class DbRateLimiter(RateLimiter):
    """The same limit counted in the service database (``rate_hit``), in the transaction of
    the request it limits: several workers on one PostgreSQL share it."""

    def check_in(self, s: Any, who: str) -> None:
        service.rate_hit(s, who, self.per_minute, time.time())


def create_app(config: ServiceConfig, db: ServiceDatabase | None = None) -> FastAPI:
    database = db or ServiceDatabase(config.database_url)
    shared = config.rate_store == "database" or (
        config.rate_store == "auto" and not database.is_sqlite
    )
    limiter = (
        DbRateLimiter(config.rate_per_minute)
        if shared
        else RateLimiter(max(1, config.rate_per_minute // max(1, config.workers)))
    )
    app = FastAPI(
        title="Inspector sync service",
        version="1",
        description="Stores sealed records (ciphertext) from laptops and returns signed receipts.",
        openapi_url="/v1/openapi.json",
        docs_url=None,
        redoc_url=None,
    )

    def in_tx(fn: Callable[..., T], *args: Any) -> T:
        with database.session() as s:
            return fn(s, *args)

    # The rows of fresh records (upload, record, receipt) of every request that is ready go in
    # one transaction and one commit (inspector/server/writer.py).
    writer = GroupCommit(database.session, writers=1 if database.is_sqlite else WRITERS_POSTGRESQL)
    app.state.writer = writer
    # On PostgreSQL an upload's authentication counts the request in the database's rate
    # counter by its one statement (service.authenticate_upload).
    rate_in_read = (
        limiter.per_minute
        if isinstance(limiter, DbRateLimiter) and not database.is_sqlite
        else None
    )

    def whole_piped(
        authorization: str | None,
        record_id: str,
        sha256: str,
        pieces: list[bytes],
        pipe: service.BodyPipe,
    ) -> dict[str, Any]:
        """A whole record's request in a worker thread, once a :class:`service.BodyPipe`
        took its body in: the device was authenticated (and what the request needs of the
        database read) from the headers, the bytes hashed and checked (and a large record's
        file written and synced) while they arrived; its rows go in the next group commit."""
        early: service.EarlyWrite | None = None
        try:
            p = pipe.principal()
            if p.kind != "device":
                raise ServiceError(403, "this needs a device credential")
            service.whole_limits(record_id, sha256, pieces, config.max_record_bytes)
            if not pipe.written and blobs.goes_outside(database.blobs, pieces):
                # A bucket, or a body without a declared length: written beside the rest.
                early = service.EarlyWrite(database.blobs, pieces)
            received, check = pipe.result()
            out = service.decide_whole(
                p, record_id, sha256, pieces, pipe.existing, pipe.known,
                received_sha256=received, stream_check=check,
            )  # fmt: skip
            if not isinstance(out, service.Fresh):
                pipe.discard()
                if early is not None:
                    early.discard()
                return out
        except BaseException:
            pipe.discard()
            if early is not None:
                early.discard()
            raise
        fresh = early.kept(out) if early is not None else pipe.kept(out)
        try:
            return writer.run(lambda s: service.write_fresh(s, [fresh])[0])
        except service.RaceLost:
            return in_tx(service.settle_whole, record_id, sha256)

    def batch_records(
        authorization: str | None, index: list[dict[str, Any]], data: bytes
    ) -> list[dict[str, Any]]:
        with database.session() as s:
            results, fresh = service.prepare_batch(
                s, authorization, index, data, config.max_record_bytes, limiter.check_in
            )
        staged = [(n, service.stage(database.blobs, f)) for n, f in fresh]
        if not staged:
            return results
        return writer.run(lambda s: service.finish_batch(s, results, staged))

    async def tx(fn: Callable[..., T], *args: Any) -> T:
        return await run_in_threadpool(in_tx, fn, *args)

    def authenticated(s: Any, authorization: str | None, kind: str) -> Principal:
        """Every request's order: the credential (401, 403 for a revoked device or a
        disabled user), its kind (403), then the rate (429): only a request that passes the
        first two is counted."""
        p = service.authenticate(s, authorization)
        if p.kind != kind:
            raise ServiceError(403, f"this needs a {kind} credential")
        limiter.check_in(s, p.id)
        return p

    async def who(authorization: str | None, kind: str) -> Principal:
        return await tx(authenticated, authorization, kind)

    @app.exception_handler(ServiceError)
    async def _service_error(_request: Request, exc: ServiceError) -> JSONResponse:
        return JSONResponse({"detail": str(exc), **exc.extra}, status_code=exc.status)

    @app.exception_handler(UnicodeError)
    async def _unstorable_text(_request: Request, _exc: UnicodeError) -> JSONResponse:
        _event("request.unstorable_text")
        return JSONResponse(
            {"detail": "the request holds text that is not valid Unicode"}, status_code=400
        )

    @app.exception_handler(DBAPIError)
    async def _db_error(_request: Request, exc: DBAPIError) -> JSONResponse:
        text = str(exc.orig).lower()
        error_id = str(uuid.uuid4())
        if isinstance(exc, DataError):
            # A value of the request the database cannot take (text it cannot encode, a
            # number out of its range): the request is at fault, not the service.
            _event("db.data_error", error_id=error_id, type=type(exc.orig).__name__)
            return JSONResponse(
                {"detail": "a value in the request cannot be stored", "error_id": error_id},
                status_code=400,
            )
        full = any(w in text for w in ("disk is full", "no space", "could not extend", "disk full"))
        _event("db.error", error_id=error_id, type=type(exc.orig).__name__, full=full)
        if full:
            return JSONResponse(
                {
                    "detail": "the service's storage is full; keep the record and retry later",
                    "error_id": error_id,
                },
                status_code=507,
            )
        status = 503 if isinstance(exc, OperationalError) else 500
        return JSONResponse(
            {
                "detail": "the service's database is not available; retry later",
                "error_id": error_id,
            },
            status_code=status,
        )

    @app.exception_handler(OSError)
    async def _storage_error(_request: Request, exc: OSError) -> JSONResponse:
        """The blob folder (or another file the service writes) failed: a full disk is said
        as such (507: the laptop keeps its copy and retries later), anything else as 503."""
        error_id = str(uuid.uuid4())
        full = exc.errno in (errno.ENOSPC, errno.EDQUOT)
        _event("storage.error", error_id=error_id, type=type(exc).__name__, full=full)
        if full:
            return JSONResponse(
                {
                    "detail": "the service's storage is full; keep the record and retry later",
                    "error_id": error_id,
                },
                status_code=507,
            )
        return JSONResponse(
            {"detail": "the service's storage is not available; retry later", "error_id": error_id},
            status_code=503,
        )

    @app.exception_handler(Exception)
    async def _any_error(_request: Request, exc: Exception) -> JSONResponse:
        error_id = str(uuid.uuid4())
        _event("error", error_id=error_id, type=type(exc).__name__)
        if type(exc).__module__.startswith(("botocore", "boto3")):
            # The object store (S3) did not answer or refused: the laptop retries later.
            return JSONResponse(
                {
                    "detail": "the service's storage is not available; retry later",
                    "error_id": error_id,
                },
                status_code=503,
            )
        return JSONResponse({"detail": "internal error", "error_id": error_id}, status_code=500)

    @app.get("/v1/health")
    async def health() -> dict[str, Any]:
        return {"status": "ok", "version": 1}

    @app.get("/v1/trust")
    async def get_trust() -> dict[str, Any]:
        t = await tx(service.trust)
        if t is None:
            raise ServiceError(503, "the office has not given this service its keys yet")
        return t.to_json()

    @app.post("/v1/devices/provision")
    async def provision(body: ProvisionRequest, request: Request) -> dict[str, Any]:
        await tx(limiter.check_in, "provision:" + (request.client.host if request.client else "?"))
        try:
            sign_pub, box_pub = unb64(body.sign_public), unb64(body.box_public)
            proof = None if body.key_proof is None else unb64(body.key_proof)
        except Exception as exc:  # noqa: BLE001 - any decoding problem is one refusal
            raise ServiceError(400, "public keys must be base64") from exc
        device_id, credential = await tx(service.provision, body.code, sign_pub, box_pub, proof)
        _event("device.provisioned", device=device_id)
        return {"device_id": device_id, "credential": credential}

    @app.post("/v1/uploads", status_code=201)
    async def start_upload(
        body: UploadStart, authorization: str | None = Header(default=None)
    ) -> JSONResponse:
        p = await who(authorization, "device")
        status, data = await tx(
            service.start_upload,
            p.id,
            body.record_id,
            body.sha256,
            body.size,
            config.max_record_bytes,
        )
        _event("upload.start", device=p.id, record=body.record_id, status=status)
        return JSONResponse(data, status_code=status)

    @app.get("/v1/uploads/{upload_id}")
    async def upload_state(
        upload_id: str, authorization: str | None = Header(default=None)
    ) -> dict[str, Any]:
        p = await who(authorization, "device")

        def get(s: Any) -> dict[str, Any]:
            up = service.upload_of(s, p.id, upload_id)
            if up.state == "expired":  # nothing left to resume from
                raise service.ended(up)
            return {"upload_id": up.id, "offset": up.received, "size": up.size, "state": up.state}

        return await tx(get)

    async def _complete(device_id: str, upload_id: str, offset: int, rest: bytes) -> dict[str, Any]:
        try:
            # The last bytes and the check of the whole record in one transaction.
            result = await tx(service.append_and_complete, device_id, upload_id, offset, rest)
        except service.RaceLost:
            result = await tx(service.settle_race, upload_id)
        except ServiceError as exc:
            if exc.extra.pop("discard", None):
                await tx(service.discard, upload_id, str(exc))
                _event("upload.refused", device=device_id, upload=upload_id)
            raise
        if result.get("status") == "stored":
            _event(
                "record.stored",
                device=device_id,
                record=result["receipt"]["record_id"],
                seq=result["receipt"]["seq"],
            )
        return result

    @app.patch(
        "/v1/uploads/{upload_id}",
        openapi_extra={
            "requestBody": {
                "content": {
                    "application/offset+octet-stream": {
                        "schema": {"type": "string", "format": "binary"}
                    }
                }
            }
        },
    )
    async def append(
        upload_id: str,
        request: Request,
        upload_offset: int = Header(alias="Upload-Offset", ge=0),
        authorization: str | None = Header(default=None),
    ) -> dict[str, Any]:
        p = await who(authorization, "device")
        declared = request.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > config.max_request_bytes:
            raise ServiceError(413, f"a request carries at most {config.max_request_bytes} bytes")
        offset = upload_offset

        def expect(s: Any) -> None:
            up = service.open_upload_of(s, p.id, upload_id)
            if up.received != offset:
                raise ServiceError(
                    409, "the offset does not match what was received", offset=up.received
                )

        # A wrong offset is refused before a large body is read (a small one is checked with
        # its append, in one transaction).
        if declared is None or not declared.isdigit() or int(declared) > COMMIT_SIZE:
            await tx(expect)
        buf = bytearray()
        total = 0
        try:
            async for piece in request.stream():
                total += len(piece)
                if total > config.max_request_bytes:
                    raise ServiceError(
                        413, f"a request carries at most {config.max_request_bytes} bytes"
                    )
                buf += piece
                if len(buf) >= COMMIT_SIZE:
                    data = bytes(buf)
                    buf.clear()
                    offset = await tx(service.append, p.id, upload_id, offset, data)
        except ClientDisconnect:
            # What arrived before the cut is intact and in order: keep it.
            if buf:
                offset = await tx(service.append, p.id, upload_id, offset, bytes(buf))
            _event("upload.cut", device=p.id, upload=upload_id, offset=offset)
            return {"status": "partial", "upload_id": upload_id, "offset": offset}
        return await _complete(p.id, upload_id, offset, bytes(buf))

    @app.put(
        "/v1/records/{record_id}",
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
                },
            }
        },
    )
    async def put_record(
        request: Request,
        record_id: str = _record_id_path(),
        record_sha256: str = Header(alias="Record-Sha256", pattern="^[0-9a-f]{64}$"),
        authorization: str | None = Header(default=None),
    ) -> dict[str, Any]:
        """A whole sealed record of at most ``WHOLE_MAX`` bytes in one request: checked and
        stored with its receipt in one transaction (larger records: ``/v1/uploads``)."""
        return await take_whole(
            authorization,
            record_id,
            record_sha256,
            request.headers.get("content-length"),
            request.stream(),
        )

    async def take_whole(
        authorization: str | None,
        record_id: str,
        sha256: str,
        declared: str | None,
        body: AsyncIterator[bytes],
    ) -> dict[str, Any]:
        """A whole record's body taken in while it arrives (authenticated, hashed, checked,
        and a large record written to its file) by a :class:`service.BodyPipe`, then stored:
        both routes of ``PUT /v1/records/{id}``. The pieces are kept as they came, never
        joined (a 2 MB copy cost ~1 ms CPU)."""
        limit = min(service.WHOLE_MAX, config.max_request_bytes)
        too_large = f"one request carries a whole record of at most {limit} bytes; use /v1/uploads"
        if declared is not None and declared.isdigit() and int(declared) > limit:
            raise ServiceError(413, too_large)
        pieces: list[bytes] = []
        early = declared is not None and declared.isdigit() and int(declared) >= blobs.INLINE_MAX
        outside = database.blobs if early and isinstance(database.blobs, blobs.FileBlobs) else None
        pipe = service.BodyPipe(
            database.statements,
            authorization,
            pieces,
            outside,
            record_id,
            None if rate_in_read else limiter.check_in,
            rate_in_read,
        )
        size = 0
        try:
            async for piece in body:
                if piece:
                    size += len(piece)
                    if size > limit:
                        raise ServiceError(413, too_large)
                    pieces.append(piece)
                    pipe.put(piece)
        except BaseException:
            pipe.cancel()
            raise
        pipe.close()
        result = await run_in_threadpool(
            whole_piped, authorization, record_id, sha256, pieces, pipe
        )
        _event("record.stored", record=record_id, seq=result["receipt"]["seq"], whole=True)
        return result

    # The same PUT without FastAPI's request machinery (the hot path of every photo-sized
    # record): a plain ASGI endpoint in front of the route above, which stays for the OpenAPI
    # schema and takes every request this one does not (a malformed record id or hash header:
    # FastAPI's own validation answer). ~0.5 ms less on the event loop per request.
    put_route = next(
        r for r in app.router.routes if isinstance(r, APIRoute) and r.endpoint is put_record
    )

    async def put_fast(scope: Any, receive: Any, send: Any) -> None:
        record_id = scope["path_params"].get("record_id", "")
        sha256 = authorization = declared = None
        for name, value in scope["headers"]:
            if name == b"record-sha256" and sha256 is None:
                sha256 = value.decode("latin-1")
            elif name == b"authorization" and authorization is None:
                authorization = value.decode("latin-1")
            elif name == b"content-length" and declared is None:
                declared = value.decode("latin-1")
        if (
            sha256 is None
            or not _SHA256.fullmatch(sha256)
            or len(record_id) > 36
            or not _RECORD_ID.fullmatch(record_id)
        ):
            await put_route.app(scope, receive, send)
            return
        result = await take_whole(authorization, record_id, sha256, declared, _body(receive))
        await JSONResponse(result)(scope, receive, send)

    app.router.routes.insert(
        0,
        Route("/v1/records/{record_id}", _Asgi(put_fast), methods=["PUT"], include_in_schema=False),
    )

    @app.post(
        "/v1/records/batch",
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
                },
            }
        },
    )
    async def post_batch(
        request: Request, authorization: str | None = Header(default=None)
    ) -> dict[str, Any]:
        """Several small sealed records in one request: a first line of JSON (``[{"record_id",
        "sha256", "size"}, …]``), a newline, then the records' bytes back to back. One answer
        per record (stored with its receipt, or refused with code and reason)."""
        limit = min(service.BATCH_BYTES + BATCH_INDEX_MAX, config.max_request_bytes)
        declared = request.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            raise ServiceError(413, f"a batch carries at most {limit} bytes")
        buf = bytearray()
        async for piece in request.stream():
            buf += piece
            if len(buf) > limit:
                raise ServiceError(413, f"a batch carries at most {limit} bytes")
        end = buf.find(b"\n", 0, BATCH_INDEX_MAX)
        if end < 0:
            raise ServiceError(400, "a batch starts with one line of JSON naming its records")
        try:
            index = json.loads(bytes(buf[:end]))
        except ValueError as exc:
            raise ServiceError(400, "the first line of a batch is not JSON") from exc
        if not isinstance(index, list) or not all(
            isinstance(i, dict)
            and isinstance(i.get("size"), int)
            and isinstance(i.get("record_id"), str)
            and _RECORD_ID.fullmatch(i["record_id"])
            for i in index
        ):
            raise ServiceError(400, "the index is a list of {record_id, sha256, size}")
        try:
            results = await run_in_threadpool(
                batch_records, authorization, index, bytes(buf[end + 1 :])
            )
        except service.RaceLost as exc:
            raise ServiceError(
                409, "another request stored one of these records meanwhile; send them one by one"
            ) from exc
        stored = [r for r in results if r.get("status") == "stored"]
        _event("batch.stored", records=len(stored), refused=len(results) - len(stored))
        return {"results": results}

    @app.get("/v1/messages")
    async def messages(
        after: int = Query(default=0, ge=0, le=2**62),
        authorization: str | None = Header(default=None),
    ) -> dict[str, Any]:
        p = await who(authorization, "device")
        return {"messages": await tx(service.messages_for, p.id, after)}

    @app.get("/v1/records")
    async def records(
        after: int = Query(default=0, ge=0, le=2**62),
        limit: int = Query(default=100, ge=1, le=500),
        authorization: str | None = Header(default=None),
    ) -> dict[str, Any]:
        p = await who(authorization, "user")
        return {"records": await tx(service.records_for, p.role or "", after, limit)}

    @app.get("/v1/records/{record_id}/sealed")
    async def sealed(
        record_id: str = _record_id_path(), authorization: str | None = Header(default=None)
    ) -> StreamingResponse:
        p = await who(authorization, "user")
        rec = await tx(service.record_for, p.role or "", record_id)
        _event("record.read", user=p.id, record=record_id)

        def stream() -> Iterator[bytes]:
            with database.session() as s:
                yield from blobs.for_session(s).parts(rec.blob_id)

        return StreamingResponse(stream(), media_type="application/octet-stream")

    @app.post("/v1/records/{record_id}/outcome")
    async def outcome(
        body: DownlinkPost,
        record_id: str = _record_id_path(),
        authorization: str | None = Header(default=None),
    ) -> dict[str, Any]:
        p = await who(authorization, "user")
        if body.state not in OUTCOME_STATES:
            raise ServiceError(400, f"state must be one of {', '.join(OUTCOME_STATES)}")
        try:
            sealed_bytes = unb64(body.sealed)
        except Exception as exc:  # noqa: BLE001
            raise ServiceError(400, "sealed must be base64") from exc

        def post(s: Any) -> int:
            rec = service.record_for(s, p.role or "", record_id)
            rec.outcome_state = body.state
            return service.post_downlink(
                s,
                p,
                kind="outcome",
                device_id=rec.device_id,
                record_id=record_id,
                state=body.state,
                sealed=sealed_bytes,
            )

        seq = await tx(post)
        _event("outcome.posted", user=p.id, record=record_id, seq=seq)
        return {"seq": seq}

    @app.post("/v1/records/{record_id}/quarantine")
    async def quarantine(
        body: QuarantinePost,
        record_id: str = _record_id_path(),
        authorization: str | None = Header(default=None),
    ) -> dict[str, Any]:
        p = await who(authorization, "user")
        await tx(service.quarantine, p.role or "", record_id, body.reason)
        _event("record.quarantined", user=p.id, record=record_id)
        return {"record_id": record_id, "quarantined": True}

    @app.post("/v1/notices")
    async def post_notice(
        body: NoticePost, authorization: str | None = Header(default=None)
    ) -> dict[str, Any]:
        """A notice from one office to another (burgerzaken → handhaving), sealed to the
        receiving role's key and signed by the sender's issuer key: stored as it is."""
        p = await who(authorization, "user")
        try:
            sealed_bytes = unb64(body.sealed)
        except Exception as exc:  # noqa: BLE001
            raise ServiceError(400, "sealed must be base64") from exc
        seq, already = await tx(
            service.post_notice, p, body.notice_id, body.recipient, sealed_bytes
        )
        _event("notice.posted", user=p.id, notice=body.notice_id, seq=seq, already=already)
        return {"seq": seq, "already": already}

    @app.get("/v1/notices")
    async def notices(
        after: int = Query(default=0, ge=0, le=2**62),
        limit: int = Query(default=200, ge=1, le=500),
        authorization: str | None = Header(default=None),
    ) -> dict[str, Any]:
        p = await who(authorization, "user")
        return {"notices": await tx(service.notices_for, p.role or "", after, limit)}

    @app.post("/v1/devices/{device_id}/visits")
    async def visit(
        device_id: str, body: VisitPost, authorization: str | None = Header(default=None)
    ) -> dict[str, Any]:
        p = await who(authorization, "user")
        if p.role not in ("coordinator", "enforcement"):
            raise ServiceError(403, "only coordinators plan visits")
        try:
            sealed_bytes = unb64(body.sealed)
        except Exception as exc:  # noqa: BLE001
            raise ServiceError(400, "sealed must be base64") from exc
        seq = await tx(
            lambda s: service.post_downlink(
                s,
                p,
                kind="visit",
                device_id=device_id,
                record_id=None,
                state=None,
                sealed=sealed_bytes,
            )
        )
        return {"seq": seq}

    @app.get("/v1/devices")
    async def devices(authorization: str | None = Header(default=None)) -> dict[str, Any]:
        """The laptops (id, label, state) a coordinator can send planned visits to."""
        p = await who(authorization, "user")
        if p.role not in ("coordinator", "enforcement"):
            raise ServiceError(403, "only coordinators plan visits")

        def get(s: Any) -> dict[str, Any]:
            from sqlalchemy import select

            from inspector.server.models import Device

            rows = s.scalars(select(Device).order_by(Device.label, Device.id))
            return {"devices": [{"id": d.id, "label": d.label, "state": d.state} for d in rows]}

        return await tx(get)

    @app.get("/v1/devices/{device_id}/box-key")
    async def box_key(
        device_id: str, authorization: str | None = Header(default=None)
    ) -> dict[str, Any]:
        """The device's public keys with the proof from provisioning and, once an office store
        made it, the office root's certificate: offices use the keys only when certified."""
        await who(authorization, "user")
        return await tx(service.device_keys_json, device_id)

    @app.post("/v1/devices/{device_id}/certificate")
    async def device_certificate(
        device_id: str, body: CertificatePost, authorization: str | None = Header(default=None)
    ) -> dict[str, Any]:
        """An office store's root certificate of the device's keys (checked, then kept)."""
        p = await who(authorization, "user")
        await tx(service.set_certificate, device_id, body.model_dump())
        _event("device.certified", device=device_id, user=p.id)
        return {"status": "certified"}

    app.state.database = database
    app.state.limiter = limiter
    return app


class _Asgi:
    """A plain ASGI callable for a Starlette route (a function would be taken for a
    ``request -> response`` endpoint)."""

    def __init__(self, fn: Callable[[Any, Any, Any], Any]) -> None:
        self._fn = fn

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await self._fn(scope, receive, send)


async def _body(receive: Any) -> AsyncIterator[bytes]:
    """A request's body from its ASGI messages, piece by piece (ClientDisconnect when the
    connection ends first)."""
    while True:
        message = await receive()
        if message["type"] != "http.request":
            raise ClientDisconnect()
        yield message.get("body", b"")
        if not message.get("more_body", False):
            return


async def _drain(it: AsyncIterator[bytes]) -> None:  # pragma: no cover - helper for tests
    async for _ in it:
        pass


def make_response(data: bytes) -> Response:  # pragma: no cover
    return Response(data)
