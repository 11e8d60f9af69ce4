"""The laptop's sync client: provisioning, push (resumable, receipted), pull, export.

A record counts as delivered only with a receipt signed by the service key that the pinned
office root signed, naming this record id and this hash; any other answer (a proxy's 200, a
captive portal) leaves it waiting. Every failure is kept per record as one plain sentence.
"""

from __future__ import annotations

import functools
import json
import random
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import IO, Any, TypeVar

import httpx
from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives.asymmetric import x25519
from sqlalchemy import func, select

from inspector.core.workspace import Workspace
from inspector.error_kinds import KnownError
from inspector.storage.models import utcnow
from inspector.storage.types import is_damaged
from inspector.sync import outbox
from inspector.sync.devices import proof as key_proof
from inspector.sync.devices import split_code
from inspector.sync.halves import in_two
from inspector.sync.keys import box_private, device_keys
from inspector.sync.link import current_bundle, pin, store_link, update_bundle
from inspector.sync.models import OutboxRecord, SyncInbox, SyncLink
from inspector.sync.trust import (
    TrustBundle,
    TrustError,
    b64,
    canonical_json,
    unb64,
    verify_receipt,
)

REQUEST_BYTES = 8 << 20
#: Records up to this size go in one request (the service's WHOLE_MAX; larger ones resumable).
WHOLE_MAX = 4 << 20
READ_BLOCK = 1 << 20
DOWN_SUITE = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)
DOWN_INFO = b"inspector downlink v1\x00"
#: Tries per record within one sync when the connection breaks mid-upload.
RESUME_TRIES = 5


class SyncFailure(KnownError):
    """Sync cannot run at all (not provisioned, revoked, wrong server); one sentence."""


def _trust_failure(exc: TrustError) -> SyncFailure:
    """The office keys do not check out; the detail (English, protocol) follows the sentence."""
    return SyncFailure(
        "sync.trust",
        "de sleutels van het kantoor kloppen niet ({detail}); er is niets gekoppeld of "
        "verstuurd. Neem contact op met het kantoor",
        "{detail}",
        detail=str(exc),
    )


class SyncCancelled(Exception):
    """Raised by a progress callback to stop a push between two blocks (the app is closing);
    the record stays waiting and resumes from the service's offset next time."""


#: Called with (record id, bytes of that record sent so far, its size) while a record goes
#: out, once per block handed to the connection, and (record id, size, size) when receipted.
Progress = Callable[[str, int, int], None]

T = TypeVar("T")
#: Runs one unit of work on the store and returns its result (raising what it raised). The
#: window passes its writer lane, so that the sync's store updates queue up with the window's
#: own writes instead of running beside them; the CLI runs them in place.
Writer = Callable[[Callable[[], T]], T]


def _in_place(fn: Callable[[], T]) -> T:
    return fn()


@dataclass
class SyncSummary:
    sealed: int = 0
    delivered: int = 0
    already: int = 0
    failed: int = 0
    bytes_sent: int = 0
    pulled: int = 0
    errors: list[str] = field(default_factory=list)
    #: The push was stopped by the caller (the app closing); nothing was pulled.
    cancelled: bool = False

    @property
    def ok(self) -> bool:
        return self.failed == 0 and not self.errors

    def describe(self) -> str:
        text = (
            f"{self.delivered} records delivered, {self.failed} failed, "
            f"{self.pulled} messages received, {self.bytes_sent} bytes sent"
        )
        if self.sealed:
            text += f", {self.sealed} sealed"
        return text


def _auth(credential: str) -> dict[str, str]:
    if is_damaged(credential):
        raise SyncFailure(
            "sync.link_changed",
            "de koppeling met de server is buiten de app om gewijzigd (het geheim past niet meer "
            "bij deze server en dit apparaat); er is niets verstuurd. Koppel deze laptop opnieuw",
            "the link with the server was changed outside the app (the secret no longer fits "
            "this server and this device); nothing was sent. Link this laptop again",
        )
    return {"Authorization": f"Bearer {credential}"}


def _content(row: SyncInbox) -> dict[str, Any]:
    """What came down; a value that does not read as this item's own shows as damaged."""
    if is_damaged(row.content):
        return {"message": str(row.content)}
    return row.content or {}


def _detail(resp: httpx.Response) -> str:
    try:
        data = resp.json()
        return str(data.get("detail", resp.reason_phrase))[:300]
    except ValueError:
        return f"HTTP {resp.status_code} without a service answer"


def _client(base: str, transport: httpx.BaseTransport | None, timeout: float) -> httpx.Client:
    return httpx.Client(base_url=base, transport=transport, timeout=timeout)


# -- provisioning --------------------------------------------------------------------------------


def fetch_bundle(
    server_url: str, transport: httpx.BaseTransport | None = None, timeout: float = 30.0
) -> TrustBundle:
    with _client(server_url, transport, timeout) as c:
        try:
            resp = c.get("/v1/trust")
        except httpx.HTTPError as exc:
            raise SyncFailure(
                "sync.unreachable_server",
                "de server {url} is niet bereikbaar ({kind})",
                "the server {url} cannot be reached ({kind})",
                url=server_url,
                kind=type(exc).__name__,
            ) from exc
        if resp.status_code != 200:
            raise SyncFailure(
                "sync.no_office_keys",
                "de server biedt geen sleutels van het kantoor aan: {detail}",
                "the server offers no office keys: {detail}",
                detail=_detail(resp),
            )
        try:
            return TrustBundle.from_json(resp.json())
        except (TrustError, ValueError) as exc:
            raise SyncFailure(
                "sync.office_keys_unreadable",
                "de sleutels van het kantoor op de server zijn niet leesbaar: {detail}",
                "the server's office keys are not readable: {detail}",
                detail=str(exc),
            ) from exc


def provision(
    ws: Workspace,
    server_url: str,
    code: str,
    expected_fingerprint: str,
    transport: httpx.BaseTransport | None = None,
) -> str:
    """Pin the office root (its fingerprint read out by the office), register this laptop's
    public keys with the one-time code, keep the credential encrypted. Returns the device id."""
    bundle = fetch_bundle(server_url, transport)
    try:
        pin(bundle, expected_fingerprint)
    except TrustError as exc:
        raise _trust_failure(exc) from exc
    with ws.unit() as s:
        keys = device_keys(s, create=True)
        assert keys is not None
        sign_pub, box_pub = keys[0].public, keys[1].public
    # The code's second half is the office's: it never goes to the service, only the proof
    # that binds this laptop's keys to it (the office certifies the keys with it).
    service_half, office_half = split_code(code)
    body = {"code": service_half, "sign_public": b64(sign_pub), "box_public": b64(box_pub)}
    if office_half is not None:
        body["key_proof"] = b64(key_proof(office_half, sign_pub, box_pub))
    with _client(server_url, transport, 30.0) as c:
        try:
            resp = c.post("/v1/devices/provision", json=body)
        except httpx.HTTPError as exc:
            raise SyncFailure(
                "sync.unreachable",
                "de server is niet bereikbaar ({kind})",
                "the server cannot be reached ({kind})",
                kind=type(exc).__name__,
            ) from exc
    if resp.status_code != 200:
        raise SyncFailure(
            "sync.provision_refused",
            "de server weigert de koppeling: {detail}",
            "provisioning refused: {detail}",
            detail=_detail(resp),
        )
    data = resp.json()
    with ws.unit() as s:
        try:
            store_link(
                s,
                server_url=server_url,
                device_id=str(data["device_id"]),
                credential=str(data["credential"]),
                bundle=bundle,
            )
        except TrustError as exc:
            raise _trust_failure(exc) from exc
        ws.audit(s, "sync.provisioned", "device", str(data["device_id"]))
        outbox.seal_pending(s, ws.paths)
    return str(data["device_id"])


# -- push ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Job:
    record_id: str
    sha256: str
    size: int
    path: Path


def _read_from(
    f: IO[bytes], count: int, on_block: Callable[[int], None] | None = None
) -> Iterator[bytes]:
    left = count
    while left:
        block = f.read(min(READ_BLOCK, left))
        if not block:
            return
        left -= len(block)
        if on_block is not None:
            on_block(count - left)
        yield block


def _verify_receipt(bundle: TrustBundle, job: _Job, data: dict[str, Any]) -> dict[str, Any]:
    if bundle.service is None:
        raise TrustError("no receipt key is pinned")
    receipt = data.get("receipt")
    if not isinstance(receipt, dict):
        raise TrustError("the answer holds no receipt")
    verify_receipt(bundle.service.public, receipt, unb64(str(data.get("signature", ""))))
    if receipt.get("record_id") != job.record_id or receipt.get("sha256") != job.sha256:
        raise TrustError("the receipt is for another record or other bytes")
    if receipt.get("size") != job.size or not isinstance(receipt.get("seq"), int):
        raise TrustError("the receipt does not name the size and a sequence number")
    return receipt


class _RecordFailed(Exception):
    pass


class _AuthFailed(Exception):
    pass


def _push_one(
    c: httpx.Client,
    credential: str,
    bundle: TrustBundle,
    job: _Job,
    progress: list[int],
    report: Progress | None = None,
) -> tuple[dict[str, Any], bool]:
    """Upload one sealed record until a verified receipt; returns (receipt, was_already)."""
    headers = _auth(credential)
    if job.size <= WHOLE_MAX:
        done = _put_whole(c, headers, bundle, job, progress, report)
        if done is not None:
            return done
    # An upload the service ended meanwhile (expired unfinished, or finished by a request
    # whose answer was lost) is started again: the service then resumes or answers with the
    # stored receipt. Twice at most: a third end in a row is the service's fault.
    for _attempt in range(3):
        try:
            return _resumable(c, headers, bundle, job, progress, report)
        except _UploadEnded:
            continue
    raise _RecordFailed("the service ended the upload of this record three times in a row")


class _UploadEnded(Exception):
    """410: the service no longer takes bytes for this upload; start it again."""


def _ended(resp: httpx.Response) -> None:
    """Raise for a 410 (an upload the service ended): start again, or (a refused record) fail
    with the service's reason, kept as the record's error until the next sync."""
    if resp.status_code != 410:
        return
    try:
        state = resp.json().get("state")
    except ValueError:
        state = None
    if state == "failed":
        raise _RecordFailed(_detail(resp))
    raise _UploadEnded(_detail(resp))


def _resumable(
    c: httpx.Client,
    headers: dict[str, str],
    bundle: TrustBundle,
    job: _Job,
    progress: list[int],
    report: Progress | None,
) -> tuple[dict[str, Any], bool]:
    """One resumable upload (``/v1/uploads``), from where the service has it to the receipt;
    raises :class:`_UploadEnded` when the service ended it meanwhile."""
    resp = c.post(
        "/v1/uploads",
        json={"record_id": job.record_id, "sha256": job.sha256, "size": job.size},
        headers=headers,
    )
    if resp.status_code in (401, 403):
        raise _AuthFailed(_detail(resp))
    if resp.status_code not in (200, 201):
        raise _RecordFailed(_detail(resp))
    data = resp.json()
    if data.get("status") == "stored":
        return _verify_receipt(bundle, job, data), True
    upload_id = str(data.get("upload_id"))
    offset = int(data.get("offset", 0))
    tries = 0
    while True:
        count = min(REQUEST_BYTES, job.size - offset)
        start = offset

        def on_block(done: int, start: int = start) -> None:
            if report is not None:
                report(job.record_id, start + done, job.size)

        if report is not None:
            report(job.record_id, offset, job.size)
        try:
            with open(job.path, "rb") as f:
                f.seek(offset)
                resp = c.patch(
                    f"/v1/uploads/{upload_id}",
                    content=_read_from(f, count, on_block),
                    headers={
                        **headers,
                        "Upload-Offset": str(offset),
                        "Content-Type": "application/offset+octet-stream",
                        "Content-Length": str(count),
                    },
                )
        except httpx.TransportError:
            # The connection broke: ask where the service is and go on from there. Give the
            # service a moment to store what it had received; give up only when no progress.
            before = offset
            time.sleep(min(2.0, 0.25 * 2**tries))
            try:
                state = c.get(f"/v1/uploads/{upload_id}", headers=headers)
                _ended(state)
                if state.status_code == 200:
                    offset = int(state.json().get("offset", offset))
            except httpx.TransportError:
                pass
            tries = 0 if offset > before else tries + 1
            if tries > RESUME_TRIES:
                raise
            continue
        if resp.status_code in (401, 403):
            raise _AuthFailed(_detail(resp))
        _ended(resp)
        if resp.status_code == 409 and "offset" in resp.json():
            offset = int(resp.json()["offset"])
            continue
        if resp.status_code != 200:
            raise _RecordFailed(_detail(resp))
        data = resp.json()
        if data.get("status") == "stored":
            progress[0] += count
            return _verify_receipt(bundle, job, data), False
        sent = int(data.get("offset", offset)) - offset
        progress[0] += max(0, sent)
        offset = int(data.get("offset", offset))


def _put_whole(
    c: httpx.Client,
    headers: dict[str, str],
    bundle: TrustBundle,
    job: _Job,
    progress: list[int],
    report: Progress | None,
) -> tuple[dict[str, Any], bool] | None:
    """A small record in one request (``PUT /v1/records/{id}``); None when the service wants
    the resumable way instead (an older service, a cut connection: it resumes from there)."""

    def on_block(done: int) -> None:
        if report is not None:
            report(job.record_id, done, job.size)

    if report is not None:
        report(job.record_id, 0, job.size)
    try:
        with open(job.path, "rb") as f:
            resp = c.put(
                f"/v1/records/{job.record_id}",
                content=_read_from(f, job.size, on_block),
                headers={
                    **headers,
                    "Record-Sha256": job.sha256,
                    "Content-Type": "application/octet-stream",
                    "Content-Length": str(job.size),
                },
            )
    except httpx.TransportError:
        return None
    if resp.status_code in (404, 405, 413):
        return None
    if resp.status_code in (401, 403):
        raise _AuthFailed(_detail(resp))
    if resp.status_code != 200:
        raise _RecordFailed(_detail(resp))
    data = resp.json()
    if data.get("status") != "stored":
        raise _RecordFailed("the service answered without a receipt")
    progress[0] += job.size
    return _verify_receipt(bundle, job, data), bool(data.get("already"))


#: A record this small may go in a batch with others (``POST /v1/records/batch``); a batch
#: holds at most BATCH_RECORDS records and BATCH_BYTES bytes (the service's limits).
BATCH_RECORD_MAX = 1 << 20
BATCH_RECORDS = 200
BATCH_BYTES = 4 << 20

#: What a batch said about one record: (receipt, was already stored, error sentence).
_Settled = tuple[dict[str, Any] | None, bool, str | None]


def _batches(jobs: list[_Job]) -> Iterator[list[_Job]]:
    group: list[_Job] = []
    size = 0
    for job in jobs:
        if group and (len(group) >= BATCH_RECORDS or size + job.size > BATCH_BYTES):
            yield group
            group, size = [], 0
        group.append(job)
        size += job.size
    if len(group) > 1:
        yield group


def _post_batch(
    c: httpx.Client,
    credential: str,
    bundle: TrustBundle,
    group: list[_Job],
    report: Progress | None,
) -> dict[str, _Settled]:
    """Send *group* in one request; the answer per record. Records the service did not settle
    (a batch it refused as a whole, an older service, a broken connection) are left out: they
    go one by one."""
    index = [{"record_id": j.record_id, "sha256": j.sha256, "size": j.size} for j in group]
    body = bytearray(json.dumps(index, separators=(",", ":")).encode() + b"\n")
    for job in group:
        if report is not None:
            report(job.record_id, 0, job.size)
        body += job.path.read_bytes()
    try:
        resp = c.post(
            "/v1/records/batch",
            content=bytes(body),
            headers={**_auth(credential), "Content-Type": "application/octet-stream"},
        )
    except httpx.TransportError:
        return {}
    if resp.status_code != 200:
        return {}
    try:
        answers = {str(a.get("record_id")): a for a in resp.json().get("results", [])}
    except (ValueError, AttributeError):
        return {}
    out: dict[str, _Settled] = {}

    def settled(job: _Job) -> _Settled:
        answer = answers[job.record_id]
        try:
            receipt = _verify_receipt(bundle, job, answer)
        except TrustError as exc:
            return (None, False, f"no valid receipt: {exc}")
        return (receipt, bool(answer.get("already")), None)

    # The receipts' signatures verified on two threads (the verification releases the GIL):
    # ~0.13 ms each here, 200 to a batch.
    stored = [j for j in group if answers.get(j.record_id, {}).get("status") == "stored"]
    with ThreadPoolExecutor(1, "inspector-verify") as pool:
        verified = dict(
            zip((j.record_id for j in stored), in_two(settled, stored, pool.submit), strict=True)
        )
    for job in group:
        answer = answers.get(job.record_id)
        if answer is None:
            continue
        if job.record_id in verified:
            out[job.record_id] = verified[job.record_id]
        else:
            out[job.record_id] = (None, False, str(answer.get("detail", "refused"))[:300])
    return out


#: Uploads in flight at once. On loopback the service's check and commit (a sync to disk)
#: of a 2 MB record took as long as its bytes on the wire: with several in flight the next
#: records cross while the service checks and commits the ones before. 4 against 2: 1.07x
#: the throughput (bench_sync.py, A/B in alternating slices, 01-12-2026); 6 and 8 no more.
PARALLEL_UPLOADS = 4


@dataclass
class _Outcome:
    """How one record's upload ended."""

    sent: int = 0
    receipt: dict[str, Any] | None = None
    already: bool = False
    error: str | None = None
    cancelled: bool = False


def _upload(
    client_for: Callable[[], httpx.Client],
    credential: str,
    bundle: TrustBundle,
    job: _Job,
    report: Progress | None,
    stop: threading.Event,
) -> _Outcome:
    """Upload one record (in the calling thread); every failure becomes the outcome's error."""

    def guarded(record_id: str, done: int, size: int) -> None:
        if stop.is_set():
            raise SyncCancelled()
        if report is not None:
            report(record_id, done, size)

    out = _Outcome()
    sent = [0]
    try:
        out.receipt, out.already = _push_one(client_for(), credential, bundle, job, sent, guarded)
    except SyncCancelled:
        out.cancelled = True
    except _AuthFailed as exc:
        out.error = f"the service refuses this laptop: {exc}"
    except _RecordFailed as exc:
        out.error = str(exc)
    except TrustError as exc:
        out.error = f"no valid receipt: {exc}"
    except httpx.HTTPError as exc:
        out.error = f"the service cannot be reached ({type(exc).__name__})"
    except (OSError, ValueError) as exc:
        out.error = f"the upload failed ({type(exc).__name__})"
    out.sent = sent[0]
    return out


def _record_result(
    ws: Workspace,
    record_id: str,
    sent: int,
    receipt: dict[str, Any] | None,
    error: str | None,
    cancelled: bool,
) -> None:
    """The store's side of one record's upload: delivered with its receipt, or its error."""
    with ws.unit() as s:
        row = s.get(OutboxRecord, record_id)
        assert row is not None
        row.attempts += 1
        row.bytes_sent += sent
        if receipt is not None:
            row.state, row.delivered_at = "delivered", utcnow()
            row.receipt = json.dumps(receipt)
            row.receipt_seq = int(receipt["seq"])
            row.last_error = None
            ws.audit(
                s,
                "sync.delivered",
                "sync_record",
                row.record_id,
                seq=row.receipt_seq,
                kind=row.kind,
            )
        elif not cancelled:
            row.last_error = error


def push(
    ws: Workspace,
    transport: httpx.BaseTransport | None = None,
    timeout: float = 60.0,
    server_url: str | None = None,
    progress: Progress | None = None,
    writer: Writer[Any] | None = None,
) -> SyncSummary:
    """Send every waiting record (to *server_url*, or the linked server).

    *progress* hears how far each record is (see :data:`Progress`); it may raise
    :class:`SyncCancelled` to stop between two blocks (what was sent is counted, the record
    waits). *writer* runs each unit of work on the store (see :data:`Writer`): the network
    runs in the caller's thread, the store updates where *writer* puts them."""
    progress_cb = progress
    write = writer or _in_place
    summary = SyncSummary()

    def prepare() -> tuple[int, str, str, TrustBundle, list[_Job]]:
        with ws.unit() as s:
            link = s.get(SyncLink, 1)
            if link is None:
                raise SyncFailure(
                    "sync.not_provisioned",
                    "deze laptop is niet gekoppeld: koppel hem eerst op de pagina "
                    "Synchroniseren of met 'inspector sync provision'",
                    "this laptop is not provisioned: run 'inspector sync provision'",
                )
            sealed = outbox.seal_pending(s, ws.paths)
            outbox.remove_strays(s, ws.paths)
            return (
                sealed,
                server_url or link.server_url,
                link.credential,
                current_bundle(link),
                [
                    _Job(
                        r.record_id,
                        r.sha256 or "",
                        r.size or 0,
                        outbox.record_path(ws.paths, r.record_id),
                    )
                    for r in outbox.waiting(s)
                ],
            )

    summary.sealed, base, credential, bundle, jobs = write(prepare)
    with _client(base, transport, timeout) as c:
        # Keys may have rotated: take a newer bundle when the pinned root signed it.
        try:
            resp = c.get("/v1/trust")
            if resp.status_code == 200:
                newer = TrustBundle.from_json(resp.json())

                def take(newer: TrustBundle = newer) -> bool:
                    with ws.unit() as s:
                        link = s.get(SyncLink, 1)
                        assert link is not None
                        return update_bundle(s, link, newer)

                if write(take):
                    bundle = newer
        except (httpx.HTTPError, TrustError, ValueError):
            pass
        # Small records go several to a request (one commit at the service for all of them);
        # what a batch does not settle goes one by one below.
        settled: dict[str, _Settled] = {}
        try:
            for group in _batches([j for j in jobs if j.size <= BATCH_RECORD_MAX]):
                settled.update(_post_batch(c, credential, bundle, group, progress_cb))
        except SyncCancelled:
            summary.cancelled = True
        parallel = transport is None and PARALLEL_UPLOADS > 1
        stop = threading.Event()
        local = threading.local()
        opened: list[httpx.Client] = []
        lock = threading.Lock()

        def own_client() -> httpx.Client:
            """One connection per upload thread (the main one keeps *c*)."""
            mine: httpx.Client | None = getattr(local, "client", None)
            if mine is None:
                mine = _client(base, transport, timeout)
                local.client = mine
                with lock:
                    opened.append(mine)
            return mine

        def apply(job: _Job, out: _Outcome) -> None:
            summary.bytes_sent += out.sent
            write(
                functools.partial(
                    _record_result, ws, job.record_id, out.sent, out.receipt, out.error,
                    out.cancelled,
                )
            )  # fmt: skip
            if out.receipt is not None:
                summary.delivered += 1
                summary.already += int(out.already)
            elif not out.cancelled:
                summary.failed += 1
                summary.errors.append(f"{job.record_id}: {out.error}")

        todo = [j for j in jobs if j.record_id not in settled]
        position = {j.record_id: n for n, j in enumerate(todo)}
        futures: dict[str, Future[_Outcome]] = {}
        done: set[str] = set()
        pool = ThreadPoolExecutor(PARALLEL_UPLOADS, "inspector-upload") if parallel else None
        try:
            for job in jobs:
                if summary.cancelled:
                    break
                if job.record_id in settled:
                    receipt, already, error = settled[job.record_id]
                    out = _Outcome(job.size, receipt, already, error)
                elif pool is not None:
                    # This record and the next go out together: one crosses the wire while the
                    # service checks and commits the other.
                    at = position[job.record_id]
                    for ahead in todo[at : at + PARALLEL_UPLOADS]:
                        if ahead.record_id not in futures and not stop.is_set():
                            futures[ahead.record_id] = pool.submit(
                                _upload, own_client, credential, bundle, ahead, progress_cb, stop
                            )
                    out = futures[job.record_id].result()
                else:
                    out = _upload(lambda: c, credential, bundle, job, progress_cb, stop)
                done.add(job.record_id)
                apply(job, out)
                if out.receipt is not None and progress_cb is not None:
                    try:
                        progress_cb(job.record_id, job.size, job.size)
                    except SyncCancelled:
                        out.cancelled = True
                if out.cancelled:
                    summary.cancelled = True
                if out.cancelled or (
                    out.error and out.error.startswith("the service refuses this laptop")
                ):
                    stop.set()
                    break
        finally:
            stop.set()
            if pool is not None:
                pool.shutdown(wait=True)
            # An upload still under way when the loop stopped: what it settled is kept.
            for job in jobs:
                fut = futures.get(job.record_id)
                if fut is not None and job.record_id not in done and fut.done():
                    out = fut.result()
                    if out.receipt is not None or out.sent:
                        apply(job, out)
            for mine in opened:
                mine.close()
    return summary


# -- pull ----------------------------------------------------------------------------------------


def downlink_info(device_id: str, kind: str, record_id: str | None, state: str | None) -> bytes:
    return DOWN_INFO + canonical_json(
        {"device_id": device_id, "kind": kind, "record_id": record_id, "state": state}
    )


def seal_downlink(
    box_public: bytes,
    device_id: str,
    kind: str,
    record_id: str | None,
    state: str | None,
    content: dict[str, Any],
) -> bytes:
    """What the office sends down: sealed with HPKE to the device's X25519 key, with the
    routing fields bound into the context."""
    return DOWN_SUITE.encrypt(
        canonical_json(content),
        x25519.X25519PublicKey.from_public_bytes(box_public),
        info=downlink_info(device_id, kind, record_id, state),
    )


def pull(
    ws: Workspace,
    transport: httpx.BaseTransport | None = None,
    timeout: float = 60.0,
    writer: Writer[Any] | None = None,
) -> int:
    """Fetch the outcomes and planned visits for this laptop and keep them (opened with the
    device key, under the data key). *writer*: see :func:`push`."""
    write = writer or _in_place

    def read() -> tuple[str, str, int, str, x25519.X25519PrivateKey]:
        with ws.unit() as s:
            link = s.get(SyncLink, 1)
            if link is None:
                raise SyncFailure(
                    "sync.not_provisioned",
                    "deze laptop is niet gekoppeld",
                    "this laptop is not provisioned",
                )
            keys = device_keys(s)
            assert keys is not None
            return (
                link.server_url,
                link.credential,
                link.down_cursor,
                link.device_id,
                box_private(keys[1]),
            )

    base, credential, cursor, device_id, box = write(read)
    with _client(base, transport, timeout) as c:
        resp = c.get("/v1/messages", params={"after": cursor}, headers=_auth(credential))
    if resp.status_code != 200:
        raise SyncFailure(
            "sync.pull_refused",
            "de berichten kunnen niet worden opgehaald: {detail}",
            "messages cannot be fetched: {detail}",
            detail=_detail(resp),
        )
    messages = resp.json().get("messages", [])
    return int(write(lambda: _keep_messages(ws, device_id, box, messages)))


def _keep_messages(
    ws: Workspace, device_id: str, box: x25519.X25519PrivateKey, messages: list[dict[str, Any]]
) -> int:
    count = 0
    with ws.unit() as s:
        link = s.get(SyncLink, 1)
        assert link is not None
        for m in messages:
            seq = int(m["seq"])
            try:
                plain = DOWN_SUITE.decrypt(
                    unb64(m["sealed"]),
                    box,
                    info=downlink_info(device_id, m["kind"], m.get("record_id"), m.get("state")),
                )
                content = json.loads(plain)
            except Exception:  # noqa: BLE001 - a message that does not open is skipped, logged
                content = None
            if s.get(SyncInbox, seq) is None:
                s.add(
                    SyncInbox(
                        seq=seq,
                        kind=str(m["kind"])[:20],
                        record_id=m.get("record_id"),
                        state=m.get("state"),
                        content=content if isinstance(content, dict) else None,
                    )
                )
                count += 1
            link.down_cursor = max(link.down_cursor, seq)
        ws.audit(s, "sync.pulled", "device", device_id, count=count)
    # A processed registration becomes PROCESSED here too (BSN and date from the BRP).
    from inspector.sync.outcomes import apply_outcomes

    apply_outcomes(ws)
    return count


def sync_once(
    ws: Workspace,
    transport: httpx.BaseTransport | None = None,
    progress: Progress | None = None,
    writer: Writer[Any] | None = None,
) -> SyncSummary:
    """Push every waiting record, then pull outcomes and visits (*progress*: see push).

    The network part runs in the caller's thread; every store update is one short unit of
    work handed to *writer* (the window's writer lane; in place for the CLI)."""
    write = writer or _in_place
    summary = push(ws, transport, progress=progress, writer=write)
    if summary.cancelled:
        return summary
    try:
        summary.pulled = pull(ws, transport, writer=write)
    except (SyncFailure, httpx.HTTPError) as exc:
        summary.errors.append(f"pull: {exc}")
    write(lambda: purge_delivered(ws, ws.settings.synced_retention_days))

    def finish() -> None:
        with ws.unit() as s:
            link = s.get(SyncLink, 1)
            if link is not None:
                link.last_sync_at = utcnow()
                link.last_error = None if summary.ok else (summary.errors or ["failed"])[0][:500]

    write(finish)
    return summary


def purge_delivered(ws: Workspace, days: int) -> int:
    """Delete the laptop's sealed copies receipted more than *days* ago (audited)."""
    cutoff = utcnow() - timedelta(days=days)
    count = 0
    with ws.unit() as s:
        rows = s.scalars(
            select(OutboxRecord).where(
                OutboxRecord.state == "delivered", OutboxRecord.delivered_at < cutoff
            )
        ).all()
        for row in rows:
            outbox.record_path(ws.paths, row.record_id).unlink(missing_ok=True)
            row.state = "purged"
            ws.audit(s, "sync.purged", "sync_record", row.record_id, days=days)
            count += 1
    return count


class Backoff:
    """Exponential backoff with full jitter for the background worker."""

    def __init__(self, base: float = 5.0, cap: float = 600.0, rng: random.Random | None = None):
        self.base, self.cap, self.failures = base, cap, 0
        self.rng = rng or random.Random()

    def next_delay(self) -> float:
        self.failures += 1
        return self.rng.uniform(0, min(self.cap, self.base * 2 ** (self.failures - 1)))

    def reset(self) -> None:
        self.failures = 0


# -- status and hand-in --------------------------------------------------------------------------


def status(ws: Workspace) -> dict[str, Any]:
    with ws.unit() as s:
        link = s.get(SyncLink, 1)
        counts = dict(
            s.execute(select(OutboxRecord.state, func.count()).group_by(OutboxRecord.state)).all()
        )
        oldest = s.scalar(
            select(func.min(OutboxRecord.created_at)).where(
                OutboxRecord.state.in_(("unsealed", "waiting"))
            )
        )
        records = [
            {
                "record_id": r.record_id,
                "kind": r.kind,
                "source_id": r.source_id,
                "version": r.version,
                "state": r.state,
                "bytes_sent": r.bytes_sent,
                "size": r.size,
                "error": r.last_error,
                "receipt_seq": r.receipt_seq,
            }
            for r in s.scalars(select(OutboxRecord).order_by(OutboxRecord.created_at))
        ]
        outcomes = [
            {
                "seq": i.seq,
                "kind": i.kind,
                "record_id": i.record_id,
                "state": i.state,
                "message": _content(i).get("message"),
            }
            for i in s.scalars(select(SyncInbox).order_by(SyncInbox.seq))
        ]
    return {
        "provisioned": link is not None,
        "server": None if link is None else link.server_url,
        "device_id": None if link is None else link.device_id,
        "last_sync": None
        if link is None or link.last_sync_at is None
        else link.last_sync_at.isoformat(),
        "last_error": None if link is None else link.last_error,
        "counts": {k: int(v) for k, v in counts.items()},
        "oldest_waiting": None if oldest is None else oldest.isoformat(),
        "records": records,
        "messages": outcomes,
    }


def waiting_too_long(ws: Workspace, days: int) -> bool:
    st = status(ws)
    if st["oldest_waiting"] is None:
        return False
    from datetime import datetime

    return utcnow() - datetime.fromisoformat(st["oldest_waiting"]) > timedelta(days=days)


def outcomes_for(ws: Workspace, source_id: str) -> list[dict[str, Any]]:
    """What the office answered about the records of an inspection or registration."""
    with ws.unit() as s:
        ids = list(
            s.scalars(select(OutboxRecord.record_id).where(OutboxRecord.source_id == source_id))
        )
        rows = s.scalars(
            select(SyncInbox).where(SyncInbox.record_id.in_(ids)).order_by(SyncInbox.seq)
        )
        return [{"state": r.state, "message": _content(r).get("message")} for r in rows]


def outcomes_for_inspection(ws: Workspace, inspection_id: str) -> list[dict[str, Any]]:
    """The office's answers about an inspection and about each registration made during it."""
    from inspector.storage.models import Registration

    with ws.unit() as s:
        registrations = list(
            s.scalars(select(Registration.id).where(Registration.inspection_id == inspection_id))
        )
    out = [{"about": "inspection", **o} for o in outcomes_for(ws, inspection_id)]
    for eid in registrations:
        out += [{"about": f"registration {eid}", **o} for o in outcomes_for(ws, eid)]
    return out


def export(ws: Workspace, out_dir: Path) -> int:
    """Copy every sealed record not yet delivered to *out_dir* for hand-in (a revoked laptop
    strands nothing). The files are the sealed records themselves: ciphertext only."""
    out_dir.mkdir(parents=True, exist_ok=True)
    count = 0
    with ws.unit() as s:
        outbox.seal_pending(s, ws.paths)
        for row in outbox.waiting(s):
            src = outbox.record_path(ws.paths, row.record_id)
            shutil.copyfile(src, out_dir / src.name)
            count += 1
        ws.audit(s, "sync.exported", "sync_record", None, count=count)
    return count
