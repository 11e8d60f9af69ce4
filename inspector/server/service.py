"""What the service does, without HTTP: keys, trust, devices, users, uploads, receipts.

Credentials are random 256-bit secrets shown once; only their SHA-256 is stored (a slow hash
adds nothing for a secret of that strength). One-time provisioning codes have 60 bits, are
stored hashed, expire after 24 hours and are rate-limited by the API.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import secrets
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import IO, Any, TypeVar, cast

from cryptography.hazmat.primitives.asymmetric import ed25519
from sqlalchemy import Table, bindparam, delete, func, insert, literal, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from inspector.server.blobs import (
    Data,
    DatabaseBlobs,
    FileBlobs,
    S3Blobs,
    part_rows,
    put_before_commit,
    size_of,
    write_all,
)
from inspector.server.blobs import for_session as blob_store
from inspector.server.models import (
    USER_ROLES,
    BlobPart,
    Device,
    Downlink,
    OfficeUser,
    RateHit,
    Record,
    ServiceKey,
    ServiceNotice,
    Trust,
    Upload,
    utcnow,
)
from inspector.sync import envelope
from inspector.sync.halves import in_two
from inspector.sync.trust import (
    TrustBundle,
    TrustError,
    b64,
    canonical_json,
    key_id,
    raw_private,
    raw_public,
    sign_receipt,
)

T = TypeVar("T")

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_VALID = timedelta(hours=24)
PART_SIZE = 1 << 20
#: Bytes received are committed in steps of this size (fewer syncs to disk per MB).
COMMIT_SIZE = 4 << 20
#: Which recipient role an office user reads.
READS = {"registry": "registry", "enforcement": "enforcement", "coordinator": "enforcement"}


class ServiceError(Exception):
    """A request that cannot be done; ``status`` is the HTTP status, the message one sentence."""

    def __init__(self, status: int, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.extra = extra


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_id() -> str:
    return str(uuid.uuid4())


# -- keys and trust ------------------------------------------------------------------------------


def ensure_service_key(s: Session) -> ServiceKey:
    row = s.scalars(select(ServiceKey).order_by(ServiceKey.created_at.desc())).first()
    if row is not None:
        return row
    priv = ed25519.Ed25519PrivateKey.generate()
    pub = raw_public(priv.public_key())
    row = ServiceKey(key_id=key_id("service", pub), private=raw_private(priv), public=pub)
    s.add(row)
    s.flush()
    return row


def set_trust(s: Session, bundle: TrustBundle) -> TrustBundle:
    """Take the office's bundle; it must sign this service's own receipt key."""
    bundle.verified(bundle.root_public)
    key = ensure_service_key(s)
    if bundle.service is None or bundle.service.public != key.public:
        raise TrustError(
            "the trust bundle does not sign this service's receipt key; make it with "
            "'inspector keys bundle --service-key' and the key 'inspector server init' printed"
        )
    row = s.get(Trust, 1)
    text = json.dumps(bundle.to_json())
    if row is None:
        s.add(Trust(id=1, bundle=text))
    else:
        old = TrustBundle.from_json(json.loads(row.bundle))
        if old.root_public != bundle.root_public:
            raise TrustError("this service already serves another office root key")
        row.bundle, row.updated_at = text, utcnow()
    return bundle


def trust(s: Session) -> TrustBundle | None:
    row = s.get(Trust, 1)
    return None if row is None else TrustBundle.from_json(json.loads(row.bundle))


#: The recipient key ids of the last trust bundle text this process parsed (text, ids).
_KNOWN: tuple[str, frozenset[str]] | None = None
_BUNDLE_TEXT = select(Trust.bundle).where(Trust.id == 1)


def known_recipient_keys(s: Session) -> frozenset[str]:
    """The recipient key ids of the trust bundle as it is in the database now. Its text is
    read in every request (a key the office removed is refused from the next request on); it
    is parsed only when it differs from the text parsed last (not once per request)."""
    return _recipient_keys(s.execute(_BUNDLE_TEXT).scalar())


def _recipient_keys(text: str | None) -> frozenset[str]:
    """The recipient key ids of a trust bundle's text (parsed once per text)."""
    global _KNOWN
    if text is None:
        return frozenset()
    known = _KNOWN
    if known is not None and known[0] == text:
        return known[1]
    bundle = TrustBundle.from_json(json.loads(text))
    ids = frozenset(r.key_id for r in bundle.recipients)
    _KNOWN = (text, ids)
    return ids


# -- devices -------------------------------------------------------------------------------------


def add_device(s: Session, label: str) -> tuple[str, str]:
    """A device waiting for provisioning, and its one-time code (shown once, 24 hours)."""
    label = label.strip()
    if not label or len(label) > 80:
        raise ServiceError(400, "a device label has 1 to 80 characters")
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    code = f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"
    device = Device(
        id=new_id(),
        label=label,
        state="pending",
        code_hash=_hash(normalize_code(code)),
        code_expires_at=utcnow() + CODE_VALID,
    )
    s.add(device)
    s.flush()
    return device.id, code


def normalize_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def provision(
    s: Session, code: str, sign_public: bytes, box_public: bytes, key_proof: bytes | None = None
) -> tuple[str, str]:
    """Trade a valid one-time code for the device's credential; register its public keys and
    the proof that binds them to the office's half of the code (checked by the office)."""
    if len(sign_public) != 32 or len(box_public) != 32:
        raise ServiceError(400, "device public keys must be 32 bytes each")
    if key_proof is not None and len(key_proof) != 32:
        raise ServiceError(400, "the key proof must be 32 bytes")
    device = s.scalars(
        select(Device).where(Device.code_hash == _hash(normalize_code(code)))
    ).first()
    if device is None or device.state != "pending":
        raise ServiceError(403, "this provisioning code is not valid")
    if device.code_expires_at is None or device.code_expires_at < utcnow():
        raise ServiceError(403, "this provisioning code has expired; ask for a new one")
    secret = secrets.token_urlsafe(32)
    device.state, device.code_hash, device.code_expires_at = "active", None, None
    device.secret_hash = _hash(secret)
    device.sign_public, device.box_public = sign_public, box_public
    device.key_proof, device.certificate = key_proof, None
    device.provisioned_at = utcnow()
    return device.id, f"dev.{device.id}.{secret}"


def set_certificate(s: Session, device_id: str, cert: dict[str, Any]) -> None:
    """Keep the office root's certificate of a device's keys, after checking it against the
    trust bundle's root and the keys this device registered (so no forged one is served)."""
    from inspector.sync.devices import check_certificate

    device = s.get(Device, device_id)
    if device is None or device.sign_public is None or device.box_public is None:
        raise ServiceError(404, "no such device")
    t = trust(s)
    if t is None:
        raise ServiceError(503, "the office has not given this service its keys yet")
    try:
        check_certificate(t.root_public, device.id, device.sign_public, device.box_public, cert)
    except TrustError as exc:
        raise ServiceError(422, f"the certificate does not hold: {exc}") from exc
    device.certificate = json.dumps(cert, sort_keys=True)


def device_keys_json(s: Session, device_id: str) -> dict[str, Any]:
    d = s.get(Device, device_id)
    if d is None or d.box_public is None:
        raise ServiceError(404, "no such device")
    return {
        "device_id": d.id,
        "box_public": b64(d.box_public),
        "sign_public": None if d.sign_public is None else b64(d.sign_public),
        "key_proof": None if d.key_proof is None else b64(d.key_proof),
        "certificate": None if d.certificate is None else json.loads(d.certificate),
        "state": d.state,
    }


def rate_hit(s: Session, who: str, per_minute: int, now: float) -> None:
    """Count one request of *who* in this minute in the database (shared by every worker on
    it); 429 above *per_minute*. Counters older than two minutes are dropped now and then."""
    minute = int(now // 60)
    table = RateHit.__table__
    if s.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        stmt = pg_insert(RateHit).values(who=who[:80], minute=minute, hits=1)
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        stmt = sqlite_insert(RateHit).values(who=who[:80], minute=minute, hits=1)  # type: ignore[assignment]
    hits = s.execute(
        stmt.on_conflict_do_update(
            index_elements=["who", "minute"], set_={"hits": table.c.hits + 1}
        ).returning(table.c.hits)
    ).scalar_one()
    _sweep_rates(s, minute)
    if hits > per_minute:
        raise ServiceError(429, "too many requests; try again in a minute")


def _sweep_rates(s: Session, minute: int) -> None:
    """Now and then (one request in 200), drop the counters older than two minutes."""
    if secrets.randbelow(200) == 0:
        s.execute(delete(RateHit).where(RateHit.minute < minute - 1))


def revoke_device(s: Session, device_id: str) -> Device:
    device = s.get(Device, device_id)
    if device is None:
        raise ServiceError(404, f"no device {device_id}")
    device.state, device.revoked_at, device.code_hash = "revoked", utcnow(), None
    return device


@dataclass(frozen=True)
class Principal:
    kind: str  # device | user
    id: str
    role: str | None = None
    #: A device's registered Ed25519 signing key (read with its credential, one query).
    sign_public: bytes | None = None


_DEVICE_BY_ID = select(Device.secret_hash, Device.state, Device.sign_public).where(
    Device.id == bindparam("ident")
)


def _credential(authorization: str | None) -> tuple[str, str, str]:
    """(kind, id, secret) of a bearer credential (401 when it is none)."""
    if not authorization or not authorization.startswith("Bearer "):
        raise ServiceError(401, "a bearer credential is needed")
    parts = authorization[7:].strip().split(".", 2)
    if len(parts) != 3 or parts[0] not in ("dev", "usr"):
        raise ServiceError(401, "the credential is not valid")
    return parts[0], parts[1], parts[2]


def _device(row: Any, ident: str, secret: str) -> Principal:
    """The device of *row* (its credential hash, state and signing key; None: no such
    device) when *secret* is its credential; else 401, or 403 for a revoked one."""
    if row is None or row.secret_hash is None:
        raise ServiceError(401, "the credential is not valid")
    if not hmac.compare_digest(row.secret_hash, _hash(secret)):
        raise ServiceError(401, "the credential is not valid")
    if row.state != "active":
        raise ServiceError(403, "this device has been revoked; export its records to a folder")
    return Principal(
        "device", ident, sign_public=None if row.sign_public is None else bytes(row.sign_public)
    )


def authenticate(s: Session, authorization: str | None) -> Principal:
    """The device or office user behind a bearer credential (401 when unknown or forged)."""
    kind, ident, secret = _credential(authorization)
    # Two columns by one query, not an ORM object (this runs for every request).
    if kind == "dev":
        return _device(s.execute(_DEVICE_BY_ID, {"ident": ident}).first(), ident, secret)
    user = s.execute(
        select(OfficeUser.secret_hash, OfficeUser.active, OfficeUser.role).where(
            OfficeUser.id == ident
        )
    ).first()
    if user is None or not hmac.compare_digest(user.secret_hash, _hash(secret)):
        raise ServiceError(401, "the credential is not valid")
    if not user.active:
        raise ServiceError(403, "this user account is disabled")
    return Principal("user", ident, user.role)


#: A device's upload of one record, read in one statement (one round trip to PostgreSQL, not
#: three): the device's credential hash, state and key (:data:`_DEVICE_BY_ID`), the record
#: stored under the id (its hash and receipt; NULLs when there is none) and the trust bundle's
#: text.
_UPLOAD_READ = _DEVICE_BY_ID.add_columns(
    Record.sha256,
    Record.receipt,
    Record.receipt_signature,
    _BUNDLE_TEXT.scalar_subquery().label("bundle"),
).outerjoin(Record, Record.record_id == bindparam("record_id"))


def _counted(read: Any) -> Any:
    """*read* (:data:`_UPLOAD_READ`) that also counts the request in the device's rate counter
    of this minute (PostgreSQL: a data-modifying WITH), with the count as column ``hits``. Only
    a request whose credential matches counts: the statement compares the credential's hash
    itself (a forged credential must not use up a device's limit); its hash is of a random
    secret, so comparing it in SQL gives away nothing worth timing."""
    from sqlalchemy.dialects.postgresql import insert as pg_insert

    rates = cast(Table, RateHit.__table__)
    hit = (
        pg_insert(rates)
        .from_select(
            ["who", "minute", "hits"],
            select(Device.id, bindparam("minute", type_=rates.c.minute.type), literal(1)).where(
                Device.id == bindparam("ident"),
                Device.secret_hash == bindparam("secret_hash"),
                Device.state == "active",
            ),
        )
        .on_conflict_do_update(index_elements=["who", "minute"], set_={"hits": rates.c.hits + 1})
        .returning(rates.c.hits)
        .cte("hit")
    )
    return read.add_columns(select(hit.c.hits).scalar_subquery().label("hits"))


_UPLOAD_READ_COUNTED = _counted(_UPLOAD_READ)


def authenticate_upload(
    s: Session,
    authorization: str | None,
    record_id: str,
    rate_check: Any = None,
    rate_in_read: int | None = None,
) -> tuple[Principal, Any, frozenset[str]]:
    """:func:`authenticate` for a record's upload, with what its request needs of the database
    read in the same statement: (the principal, the record stored under *record_id* — its
    sha256, receipt and receipt_signature — or None, the trust bundle's recipient key ids).
    The same answers as :func:`authenticate` (an office user's credential is authenticated by
    it, not counted; the caller refuses it). *rate_check(s, device id)* counts the request; or, on
    PostgreSQL, *rate_in_read* (requests per minute) counts it in the database's rate counter
    by the same statement (one round trip for the whole authentication: in a session that
    commits each statement by itself, :meth:`ServiceDatabase.statements`)."""
    kind, ident, secret = _credential(authorization)
    if kind != "dev":
        # Not counted: the caller refuses it for its kind (credential, kind, then rate).
        return authenticate(s, authorization), None, frozenset()
    params = {"ident": ident, "record_id": record_id}
    counted = rate_in_read is not None and s.get_bind().dialect.name == "postgresql"
    if counted:
        minute = int(time.time() // 60)
        row = s.execute(
            _UPLOAD_READ_COUNTED, {**params, "secret_hash": _hash(secret), "minute": minute}
        ).first()
    else:
        row = s.execute(_UPLOAD_READ, params).first()
    p = _device(row, ident, secret)
    assert row is not None
    if counted:
        assert rate_in_read is not None
        if row.hits is not None and row.hits > rate_in_read:
            raise ServiceError(429, "too many requests; try again in a minute")
        _sweep_rates(s, minute)
    elif rate_in_read is not None:  # SQLite: no counting inside a read
        rate_hit(s, p.id, rate_in_read, time.time())
    elif rate_check is not None:
        rate_check(s, p.id)
    existing = None if row.sha256 is None else row
    return p, existing, _recipient_keys(row.bundle)


def add_user(s: Session, label: str, role: str) -> tuple[str, str]:
    if role not in USER_ROLES:
        raise ServiceError(400, f"unknown role {role!r}")
    secret = secrets.token_urlsafe(32)
    user = OfficeUser(id=new_id(), label=label.strip()[:80], role=role, secret_hash=_hash(secret))
    s.add(user)
    s.flush()
    return user.id, f"usr.{user.id}.{secret}"


# -- blobs ---------------------------------------------------------------------------------------


#: The database's own blob store (kept under its old name for callers of this module).
BlobStore = DatabaseBlobs


class PartsReader(io.RawIOBase):
    """A read-only sequential file over an iterator of byte pieces."""

    def __init__(self, pieces: Iterator[bytes]) -> None:
        self._pieces = pieces
        self._buf = memoryview(b"")
        self._at = 0

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        # A view and a position: a piece is copied once, into the reader's buffer, never
        # re-sliced (slicing the rest of a 1 MiB piece at every read copied it again).
        while self._at >= len(self._buf):
            nxt = next(self._pieces, None)
            if nxt is None:
                return 0
            self._buf, self._at = memoryview(nxt).cast("B"), 0
        n = min(len(b), len(self._buf) - self._at)
        b[:n] = self._buf[self._at : self._at + n]
        self._at += n
        return n


# -- uploads -------------------------------------------------------------------------------------


def _receipt_json(record: Any) -> dict[str, Any]:
    """The stored receipt of *record* (a Record or a row with its receipt columns)."""
    return {"receipt": json.loads(record.receipt), "signature": b64(record.receipt_signature)}


def start_upload(
    s: Session, device_id: str, record_id: str, sha256: str, size: int, max_record: int
) -> tuple[int, dict[str, Any]]:
    """201 with a new upload, 200 with an open one (resume) or with the receipt (idempotent)."""
    if not (0 < len(record_id) <= 36) or len(sha256) != 64:
        raise ServiceError(400, "record_id and a hex sha256 are needed")
    if size > max_record:
        raise ServiceError(
            413, f"the record is larger than this service takes ({max_record} bytes)"
        )
    existing = s.scalars(select(Record).where(Record.record_id == record_id)).first()
    if existing is not None:
        if existing.sha256 == sha256:
            return 200, {"status": "stored", **_receipt_json(existing)}
        raise ServiceError(
            409, f"record {record_id} is already stored with another hash; it is refused"
        )
    open_upload = s.scalars(
        select(Upload).where(
            Upload.record_id == record_id,
            Upload.sha256 == sha256,
            Upload.device_id == device_id,
            Upload.state == "open",
        )
    ).first()
    if open_upload is not None:
        # A resume is activity: the sweep's window starts again.
        open_upload.updated_at = utcnow()
        return 200, {
            "status": "partial",
            "upload_id": open_upload.id,
            "offset": open_upload.received,
        }
    up = Upload(id=new_id(), device_id=device_id, record_id=record_id, sha256=sha256, size=size)
    s.add(up)
    s.flush()
    return 201, {"status": "partial", "upload_id": up.id, "offset": 0}


def upload_of(s: Session, device_id: str, upload_id: str) -> Upload:
    """The device's upload (404 for none, or another device's)."""
    up = s.get(Upload, upload_id)
    if up is None or up.device_id != device_id:
        raise ServiceError(404, "no such upload")
    return up


#: Why an upload takes no more bytes (410, with its state: the laptop starts it again, or
#: keeps a refused record's reason as its error until the next sync).
_ENDED = {
    "done": "this upload is finished; start it again to get its receipt",
    "expired": "this upload expired unfinished and its bytes are gone; start it again",
}


def ended(up: Upload) -> ServiceError:
    """The 410 for an upload that takes no more bytes, with its state."""
    reason = _ENDED.get(up.state) or f"this upload was refused: {up.error or 'invalid record'}"
    return ServiceError(410, reason, state=up.state)


def open_upload_of(s: Session, device_id: str, upload_id: str) -> Upload:
    """The device's upload that still takes bytes; 410 (with its state) for one that ended.
    Only a look: a request that writes to it claims it (:func:`claim_upload`)."""
    up = upload_of(s, device_id, upload_id)
    if up.state != "open":
        raise ended(up)
    return up


def claim_upload(s: Session, device_id: str, upload_id: str) -> Upload:
    """The device's open upload, claimed for this transaction by its **first statement, a
    write**: its last activity set to now, only while it is open. A sweep ending uploads
    (:func:`expire_uploads`, a write of its own) and this request are then one after the
    other on either database — PostgreSQL's row lock, SQLite's one writer — so either the
    sweep ended it first (410 here, nothing written) or it waits for this transaction and
    finds the upload young again. (A read first, locked or not, does not do that on SQLite,
    where a transaction takes the write lock at its first write: an append or a completion
    could go on with an upload the sweep had ended and whose bytes it had removed.)"""
    claimed = s.execute(
        update(Upload)
        .where(Upload.id == upload_id, Upload.device_id == device_id, Upload.state == "open")
        .values(updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    up = upload_of(s, device_id, upload_id)  # 404 for none
    if not claimed.rowcount:  # type: ignore[attr-defined]
        raise ended(up)
    return up


def append(s: Session, device_id: str, upload_id: str, offset: int, data: bytes) -> int:
    """Store bytes at *offset* (as parts of at most PART_SIZE); returns the new offset. The
    caller commits: what is committed survives a cut connection or a killed service."""
    up = claim_upload(s, device_id, upload_id)
    if offset != up.received:
        raise ServiceError(409, "the offset does not match what was received", offset=up.received)
    if up.received + len(data) > up.size:
        raise ServiceError(400, "more bytes than the declared size")
    # One call: the database store cuts rows of PART_SIZE, a folder or bucket keeps one part.
    blob_store(s).put(up.id, offset, data)
    up.received += len(data)
    up.updated_at = utcnow()
    return up.received


def append_and_complete(
    s: Session, device_id: str, upload_id: str, offset: int, data: bytes
) -> dict[str, Any]:
    """Store the last bytes of a request and, when the upload is whole, check and store it.

    An upload that arrived in this one request is checked from the bytes in hand; one that came
    in pieces is read back from the blob store."""
    whole = None
    if data:
        append(s, device_id, upload_id, offset, data)
        s.flush()
        up = s.get(Upload, upload_id)
        if offset == 0 and up is not None and len(data) == up.size:
            whole = data
    return complete(s, device_id, upload_id, whole)


def complete(
    s: Session, device_id: str, upload_id: str, whole: bytes | None = None
) -> dict[str, Any]:
    """Check a complete upload (hash, envelope, device signature, recipients) and store it as a
    record with a signed receipt. A failed check discards the bytes (422). *whole*: all of the
    upload's bytes when the caller has them (no second read from the blob store)."""
    up = claim_upload(s, device_id, upload_id)
    if up.received != up.size:
        return {"status": "partial", "upload_id": up.id, "offset": up.received}
    source: bytes | Iterator[bytes] = whole if whole is not None else blob_store(s).parts(up.id)
    problem, header = check_record(s, device_id, up.record_id, up.sha256, source)
    if problem is not None or header is None:
        # The caller discards the bytes in a transaction of its own (this one rolls back).
        raise ServiceError(422, problem or "invalid record", discard=up.id)
    return _store_record(s, device_id, up, header)


def check_record(
    s: Session | None,
    device_id: str,
    record_id: str,
    sha256: str,
    source: bytes | memoryview | list[bytes] | Iterator[bytes],
    received_sha256: str | None = None,
    known_keys: frozenset[str] | None = None,
    device_public: bytes | None = None,
    stream_check: envelope.StreamCheck | None = None,
) -> tuple[str | None, envelope.Header | None]:
    """(problem, header): whether the bytes are the sealed record the device declared.
    *source*: the record's bytes in memory, whole or as a list of pieces in order (checked
    in place, no copy), or an iterator of its parts from the blob store (read once).
    *received_sha256*: the SHA-256 of exactly these bytes, taken while they arrived.
    *known_keys*: the trust bundle's recipient key ids, when the caller has them at hand;
    *device_public*: the device's registered signing key, likewise. *stream_check*: the
    envelope check of these bytes done while they arrived (with *received_sha256*; made with
    this device's key)."""
    if device_public is None:
        assert s is not None, "a device's key is read in a session"
        device_public = device_signing_key(s, device_id)
    problem = None
    header = None
    whole_sha256: str | None
    if stream_check is not None and received_sha256 is not None:
        try:
            header = stream_check.finish()
        except envelope.EnvelopeError as exc:
            problem = str(exc)
        whole_sha256 = received_sha256
    elif isinstance(source, (bytes, memoryview, list)):
        pieces_in_hand = [source] if isinstance(source, (bytes, memoryview)) else source
        # The whole record's hash in another thread while this one checks the streams: both
        # hash with the GIL released, so on two cores the two passes take the time of one.
        # A small record's hash is taken here (a few microseconds: less than the hand-over).
        total: Future[str] | None = None
        if received_sha256 is None:
            if sum(len(p) for p in pieces_in_hand) < _HASH_APART:
                received_sha256 = _sha256(pieces_in_hand)
            else:
                total = _hasher().submit(_sha256, pieces_in_hand)
        try:
            header = envelope.check_pieces(pieces_in_hand, device_public)
        except envelope.EnvelopeError as exc:
            problem = str(exc)
        whole_sha256 = received_sha256 if total is None else total.result()
    else:
        digest = hashlib.sha256()
        pieces = source

        def hashed() -> Iterator[bytes]:
            for part in pieces:
                if received_sha256 is None:
                    digest.update(part)
                yield part

        # One pass over the bytes: the envelope check reads them all, the total hash rides
        # along.
        try:
            header = envelope.check(io.BufferedReader(PartsReader(hashed())), device_public)
        except envelope.EnvelopeError as exc:
            problem = str(exc)
        whole_sha256 = received_sha256 or digest.hexdigest()
    if whole_sha256 != sha256:
        problem, header = "the bytes received do not have the declared sha256", None
    if header is not None and problem is None:
        m = header.manifest
        if m["record_id"] != record_id:
            problem = "the manifest names another record id"
        elif m["device_id"] != device_id:
            problem = "the manifest names another device"
        else:
            known = known_keys
            if known is None:
                assert s is not None, "the trust bundle is read in a session"
                known = known_recipient_keys(s)
            unknown = set(m["recipients"]) - known
            if unknown:
                problem = f"recipient key not signed by the office root: {sorted(unknown)[0]}"
    return problem, header


def device_signing_key(s: Session, device_id: str) -> bytes:
    """The Ed25519 public key the device registered at provisioning (one column, one query)."""
    key = s.execute(select(Device.sign_public).where(Device.id == device_id)).scalar()
    assert key is not None, "an authenticated device has its signing key"
    return bytes(key)


_HASHER: ThreadPoolExecutor | None = None
_HASHER_LOCK = threading.Lock()
#: A record at least this large is hashed whole in a thread of its own beside its check.
_HASH_APART = 256 << 10


def _hasher() -> ThreadPoolExecutor:
    global _HASHER
    with _HASHER_LOCK:
        if _HASHER is None:
            _HASHER = ThreadPoolExecutor(4, "inspector-hash")
        return _HASHER


def _sha256(pieces: Sequence[bytes | memoryview]) -> str:
    total = hashlib.sha256()
    for piece in pieces:
        total.update(piece)
    return total.hexdigest()


def _new_record(device_id: str, up: Upload, header: envelope.Header) -> Record:
    """The record row of a checked upload (its receipt is signed once it has a sequence
    number, after the flush)."""
    m = header.manifest
    return Record(
        record_id=up.record_id,
        sha256=up.sha256,
        size=up.size,
        kind=m["kind"],
        version=m["version"],
        supersedes=m["supersedes"],
        created=str(m["created"])[:40],
        device_id=device_id,
        recipients=json.dumps(m["recipients"]),
        blob_id=up.id,
        received_at=utcnow(),
        receipt="{}",
        receipt_signature=b"",
    )


#: PostgreSQL advisory lock keys of the feeds read after a cursor (fixed numbers that no other
#: lock of the database uses).
_FEED_LOCKS = {"record": 0x1A5E_0001, "downlink": 0x1A5E_0002, "notice": 0x1A5E_0003}

# Feeds in order. A reader asks for the rows after the highest number it has seen (the clerk's
# cursor, a laptop's messages), so it must never see a number while a smaller one may still be
# committed: it would pass that row and never get it. SQLite writes one transaction at a time,
# so its numbers are committed in their order. On PostgreSQL several writers (threads, service
# processes) number rows at once and commit in any order: there a writer holds the feed's lock
# in shared mode from before it takes a number to its commit (writers do not wait for each
# other), and a reader takes it exclusively before it reads (it waits for the writers that hold
# a number to commit, and a writer that comes later takes a higher number than any it sees).


def in_feed_order(s: Session, feed: str) -> None:
    """Call before this transaction numbers a row of *feed* (``record``, ``downlink``,
    ``notice``) without :func:`record_numbers`. Holds until the commit (in a transaction of
    :meth:`ServiceDatabase.session`): call it as late as possible."""
    if s.get_bind().dialect.name == "postgresql":
        s.execute(select(func.pg_advisory_xact_lock_shared(_FEED_LOCKS[feed])))


def feed_settled(s: Session, feed: str) -> None:
    """Call before this transaction reads *feed* after a cursor: every number taken so far is
    committed (or rolled back) when it returns; held until this transaction ends (so a
    transaction of :meth:`ServiceDatabase.session`, not of ``statements``, whose every
    statement ends its own)."""
    if s.get_bind().dialect.name == "postgresql":
        s.execute(select(func.pg_advisory_xact_lock(_FEED_LOCKS[feed])))


#: The next record numbers in feed order (PostgreSQL: the feed's lock, then the serial
#: column's sequence, in one round trip).
_PG_RECORD_NUMBERS = text(
    "WITH turn AS MATERIALIZED (SELECT pg_advisory_xact_lock_shared(:lock)) "
    "SELECT nextval(pg_get_serial_sequence('record', 'seq')) FROM turn, generate_series(1, :n)"
)


def record_numbers(s: Session, n: int) -> list[int]:
    """The sequence numbers of *n* new records of this transaction, in feed order. On SQLite
    this transaction already writes (one writer at a time), so the numbers after the highest
    are its own."""
    if s.get_bind().dialect.name == "postgresql":
        return list(s.scalars(_PG_RECORD_NUMBERS, {"lock": _FEED_LOCKS["record"], "n": n}))
    top = int(s.scalar(select(func.coalesce(func.max(Record.seq), 0))) or 0)
    return list(range(top + 1, top + 1 + n))


def _flush_records(s: Session, race_upload: str) -> None:
    try:
        s.flush()
    except IntegrityError as exc:
        # Another worker stored the same record id a moment ago: the caller settles it.
        raise RaceLost(race_upload) from exc


#: Receipt signers by key id (a service key never changes; a newer one gets its own entry).
_SIGNERS: dict[str, ed25519.Ed25519PrivateKey] = {}
#: The newest service key of each database, as last read: (key id, signer, monotonic time).
_NEWEST: dict[str, tuple[str, ed25519.Ed25519PrivateKey, float]] = {}
#: How long a process signs with the newest service key it read before it asks again (a key
#: is never changed; a newer one, should one be made, is used from then on).
RECEIPT_KEY_TTL = 30.0


def receipt_key(s: Session) -> tuple[str, ed25519.Ed25519PrivateKey]:
    """The newest service key's id and its signer: read once per process (again after
    RECEIPT_KEY_TTL seconds), not per request."""
    where = str(s.get_bind().engine.url)
    known = _NEWEST.get(where)
    if known is not None and time.monotonic() - known[2] < RECEIPT_KEY_TTL:
        return known[0], known[1]
    row = s.execute(
        select(ServiceKey.key_id, ServiceKey.private)
        .order_by(ServiceKey.created_at.desc())
        .limit(1)
    ).first()
    if row is None:
        made = ensure_service_key(s)
        row_id, private = made.key_id, made.private
    else:
        row_id, private = row.key_id, row.private
    signer = _SIGNERS.get(row_id)
    if signer is None:
        signer = _SIGNERS[row_id] = ed25519.Ed25519PrivateKey.from_private_bytes(private)
    _NEWEST[where] = (row_id, signer, time.monotonic())
    return row_id, signer


def _sign(record: Record, up: Upload | None, key_id: str, signer: Any) -> dict[str, Any]:
    """Sign the receipt of a flushed record (it has its sequence number)."""
    receipt = {
        "record_id": record.record_id,
        "sha256": record.sha256,
        "size": record.size,
        "received_at": record.received_at.isoformat(),
        "seq": record.seq,
        "service_key_id": key_id,
    }
    record.receipt = canonical_json(receipt).decode()
    record.receipt_signature = sign_receipt(signer, receipt)
    if up is not None and up.state != "done":
        up.state = "done"
    return {"status": "stored", **_receipt_json(record)}


def _store_record(
    s: Session, device_id: str, up: Upload, header: envelope.Header
) -> dict[str, Any]:
    record = _new_record(device_id, up, header)
    in_feed_order(s, "record")
    s.add(record)
    _flush_records(s, up.id)
    return _sign(record, up, *receipt_key(s))


#: A record up to this size may come in one request (``PUT /v1/records/{id}``): checked from
#: the bytes in hand and stored with its receipt in one transaction.
WHOLE_MAX = COMMIT_SIZE


@dataclass(frozen=True)
class Fresh:
    """A checked record not stored yet: what :func:`write_fresh` makes its rows of."""

    device_id: str
    upload_id: str
    record_id: str
    sha256: str
    size: int
    header: envelope.Header
    #: Its bytes when they go into the database with its rows; None once they are durable
    #: outside it (a folder or bucket, see :func:`stage`).
    data: Data | None


def decide_whole(
    p: Principal,
    record_id: str,
    sha256: str,
    data: bytes | list[bytes],
    existing: Any,
    known_keys: frozenset[str],
    received_sha256: str | None = None,
    stream_check: envelope.StreamCheck | None = None,
) -> dict[str, Any] | Fresh:
    """Everything of a whole record's request before a row is written, once the device is
    authenticated (*p*) and what it needs of the database is read (*existing*: the stored
    record of this id or None; the trust bundle's key ids): an already stored record (its
    receipt again, or 409 for other bytes), the bytes checked (422 when they are not the
    declared record). Returns the answer for a stored record or the checked :class:`Fresh`
    record."""
    if existing is not None:
        if existing.sha256 == sha256:
            return {"status": "stored", "already": True, **_receipt_json(existing)}
        raise ServiceError(
            409, f"record {record_id} is already stored with another hash; it is refused"
        )
    problem, header = check_record(
        None, p.id, record_id, sha256, data, received_sha256=received_sha256,
        known_keys=known_keys, device_public=p.sign_public, stream_check=stream_check,
    )  # fmt: skip
    if problem is not None or header is None:
        raise ServiceError(422, problem or "invalid record")
    return Fresh(p.id, new_id(), record_id, sha256, size_of(data), header, data)


def whole_limits(record_id: str, sha256: str, data: Data, max_record: int) -> None:
    """The shape and size of a whole record's request (nothing about the bytes yet)."""
    if not (0 < len(record_id) <= 36) or len(sha256) != 64:
        raise ServiceError(400, "record_id and a hex sha256 are needed")
    size = size_of(data)
    if size > max_record:
        raise ServiceError(
            413, f"the record is larger than this service takes ({max_record} bytes)"
        )
    if not size or size > WHOLE_MAX:
        raise ServiceError(
            413, f"one request carries a whole record of 1 to {WHOLE_MAX} bytes; use /v1/uploads"
        )


_WRITES: ThreadPoolExecutor | None = None


class EarlyWrite:
    """A large record's bytes written to the folder (or bucket) and synced in a thread of
    their own **while** the request's bytes are checked — after the device is authenticated,
    before the check says whether they are a valid record: the sync to disk (milliseconds)
    overlaps the hashing instead of following it. :meth:`kept` waits until they are durable;
    :meth:`discard` removes them (the check refused the bytes, or the record was stored
    already): nothing of a refused record stays, as before. A crash in between leaves a file
    no record names, as a rolled-back transaction does."""

    def __init__(self, outside: Any, data: Data) -> None:
        global _WRITES
        with _HASHER_LOCK:
            if _WRITES is None:
                _WRITES = ThreadPoolExecutor(8, "inspector-write")
        self.upload_id = new_id()
        self._outside = outside
        self._done = _WRITES.submit(outside.put, self.upload_id, 0, data, True)

    def kept(self, fresh: Fresh) -> Fresh:
        """*fresh* with its bytes durable outside the database (raises what the write
        raised, e.g. a full disk: then nothing of it stays)."""
        self._done.result()
        return replace(fresh, upload_id=self.upload_id, data=None)

    def discard(self) -> None:
        try:
            self._done.result()
        except Exception:  # noqa: BLE001 - a failed write removed its own file
            return
        self._outside.delete(self.upload_id)


_PIPES: ThreadPoolExecutor | None = None
#: Threads that take in request bodies (a pipe holds one only while it has pieces to work on,
#: never while it waits for the next: a slow upload keeps no thread).
PIPE_THREADS = 8


class BodyPipe:
    """A whole record's body taken in **while it arrives**: the device authenticated first
    (from the request's headers), then every piece, as the event loop hands it over, added to
    the whole record's SHA-256 and to the envelope check
    (:class:`~inspector.sync.envelope.StreamCheck`), and — for an authenticated device, when
    the record goes to the blob folder (*outside*: the declared size is large enough) —
    written to its file, which is synced after the last piece. When the last byte is in,
    what is left is the sync to disk and the last stream's hash, not three passes over the
    bytes (hash, check, write) one after the other.

    The pieces are worked on in order by one pool thread at a time, taken only while pieces
    wait. Like :class:`EarlyWrite`, :meth:`kept` waits until the bytes are durable and
    :meth:`discard` removes them."""

    def __init__(
        self,
        sessions: Any,
        authorization: str | None,
        pieces: list[bytes],
        outside: Any = None,
        record_id: str = "",
        rate_check: Any = None,
        rate_in_read: int | None = None,
    ) -> None:
        global _PIPES
        with _HASHER_LOCK:
            if _PIPES is None:
                _PIPES = ThreadPoolExecutor(PIPE_THREADS, "inspector-pipe")
        self._pool = _PIPES
        self.upload_id = new_id()
        self._sessions = sessions
        self._authorization = authorization
        self._pieces = pieces
        self._outside = outside
        self._record_id = record_id
        self._rate_check = rate_check
        self._rate_in_read = rate_in_read
        #: Read in the session that authenticated the device: the record stored under this
        #: id (or None) and the trust bundle's recipient key ids.
        self.existing: Any = None
        self.known: frozenset[str] = frozenset()
        self._lock = threading.Lock()
        #: Pieces handed over and not worked on yet; None ends the body.
        self._waiting: list[bytes | None] = []
        self._busy = False
        self._cancelled = False
        self._started = False
        self._principal: Principal | None = None
        self._check: envelope.StreamCheck | None = None
        self._total = hashlib.sha256()
        self._fd: int | None = None
        self._write_error: OSError | None = None
        self.written = False
        self._authenticated: Future[Principal] = Future()
        self._checked: Future[tuple[str, envelope.StreamCheck | None]] = Future()
        self._done: Future[None] = Future()
        self._hand([])  # authenticate now, while the first bytes arrive

    def put(self, piece: bytes) -> None:
        """The next piece of the body (from the event loop; never waits for the work)."""
        self._hand([piece])

    def close(self) -> None:
        """The body is complete."""
        self._hand([None])

    def cancel(self) -> None:
        """The request ends without a record (too large, cut): what was written is removed
        (never waits: called on the event loop)."""
        self._cancelled = True
        self._hand([None])

    def _hand(self, items: list[bytes | None]) -> None:
        with self._lock:
            self._waiting += items
            if self._busy:
                return
            self._busy = True
        self._pool.submit(self._work)

    def principal(self) -> Principal:
        """The authenticated device (raises what authentication raised)."""
        return self._authenticated.result()

    def result(self) -> tuple[str, envelope.StreamCheck | None]:
        """The whole record's SHA-256 and its check (None: not checked here), once the last
        piece is in (the file may still be syncing: :meth:`kept` waits for that)."""
        return self._checked.result()

    def _work(self) -> None:
        """Work on the waiting pieces in order until none wait (one thread at a time)."""
        try:
            if not self._started:
                self._started = True
                self._authenticate()
            while True:
                with self._lock:
                    items, self._waiting = self._waiting, []
                    if not items:
                        self._busy = False
                        return
                for piece in items:
                    if piece is None:
                        self._end()
                    elif not self._done.done():
                        self._take(piece)
        except BaseException as exc:  # noqa: BLE001 - handed to the request's worker
            self._fail(exc)
            with self._lock:
                self._busy = False

    def _authenticate(self) -> None:
        """The device authenticated and counted (the order of every device request: credential,
        kind, rate), and what the request will need of the database read in the same
        session: its worker needs none (a stored record found here that another request
        stores meanwhile is settled at the commit, as a lost race)."""
        try:
            with self._sessions() as s:
                p, self.existing, self.known = authenticate_upload(
                    s, self._authorization, self._record_id, self._rate_check, self._rate_in_read
                )
        except BaseException as exc:  # noqa: BLE001 - handed to the request's worker
            self._authenticated.set_exception(exc)
            return
        self._principal = p
        if p.kind == "device" and self._outside is not None:
            self._fd = self._write(lambda: self._outside.open_fresh(self.upload_id))
            self.written = self._fd is not None
        # Only with the key the device registered (the check pins it); else the worker
        # checks the bytes once they are in, as before.
        if p.sign_public is not None:
            self._check = envelope.StreamCheck(self._pieces, p.sign_public)
        # Set once it is settled whether this pipe writes the file (the worker asks).
        self._authenticated.set_result(p)

    def _take(self, piece: bytes) -> None:
        if self._principal is None:  # not authenticated: the answer is 401/403 whatever came
            return
        self._total.update(piece)
        if self._check is not None:
            self._check.feed(piece)
        if self._fd is not None:
            try:
                write_all(self._fd, [piece])
            except OSError as exc:
                self._write_error, self.written = exc, False
                self._drop_file()

    def _end(self) -> None:
        if self._done.done():
            return
        if self._cancelled:
            self._drop_file()
            self._fail(ServiceError(400, "the request ended without a record"))
            return
        # The verdict's part is ready: the request's worker goes on while the file syncs.
        self._checked.set_result((self._total.hexdigest(), self._check))
        fd, self._fd = self._fd, None
        if fd is not None:
            self._write(lambda: self._outside.close_fresh(fd, self.upload_id))
        self._done.set_result(None)

    def _drop_file(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            self._outside.abandon(fd, self.upload_id)

    def _fail(self, exc: BaseException) -> None:
        self._drop_file()
        self.written = False
        for future in (self._authenticated, self._checked, self._done):
            if not future.done():
                future.set_exception(exc)

    def _write(self, step: Callable[[], T]) -> T | None:
        """One step of writing the file; a failure (a full disk) is kept for :meth:`kept`
        and the file removed: the body is still hashed and checked (a refused record
        answers as refused, not with the write's error)."""
        try:
            return step()
        except OSError as exc:
            self._write_error, self.written = exc, False
            return None

    def kept(self, fresh: Fresh) -> Fresh:
        """*fresh* with its bytes durable outside the database when this pipe wrote them
        (raises what writing them raised, e.g. a full disk: then nothing of them stays)."""
        self._done.result()
        if self._write_error is not None:
            raise self._write_error
        if not self.written:
            return fresh
        return replace(fresh, upload_id=self.upload_id, data=None)

    def discard(self) -> None:
        """Nothing of this body stays (refused, or stored already)."""
        try:
            self._done.result()
        except Exception:  # noqa: BLE001 - it removed its own file
            return
        if self.written:
            self._outside.delete(self.upload_id)


def stage(outside: Any, fresh: Fresh) -> Fresh:
    """Write a fresh record's bytes now when they go outside the database (*outside*: the
    service's folder or bucket, None for none): the file and its folder entry are synced
    before this returns, so before any commit names them. Run outside any transaction (a
    sync to disk takes milliseconds; nothing waits for it but this request). The same
    record back without its bytes, or as it was when they go into the database."""
    if fresh.data is None or not put_before_commit(outside, fresh.upload_id, fresh.data):
        return fresh
    return replace(fresh, data=None)


#: The tables the hot path writes with Core statements.
_UPLOADS = cast(Table, Upload.__table__)
_PARTS = cast(Table, BlobPart.__table__)
_RECORDS = cast(Table, Record.__table__)


def write_fresh(s: Session, records: list[Fresh]) -> list[dict[str, Any]]:
    """The rows of checked records (upload done, bytes kept in the database when they go
    there, record), each kind in one statement for all of them, then each receipt signed and
    written: the answers, in order. Core statements, not ORM objects (this is every upload's
    write). Makes new rows each time it runs (a group commit may run it again alone). Raises
    :class:`RaceLost` when another request stored one of these record ids meanwhile."""
    if not records:
        return []
    now = utcnow()
    s.execute(
        insert(_UPLOADS),
        [
            {
                "id": f.upload_id,
                "device_id": f.device_id,
                "record_id": f.record_id,
                "sha256": f.sha256,
                "size": f.size,
                "received": f.size,
                # Stored with its record in this transaction or not at all.
                "state": "done",
                "created_at": now,
                "updated_at": now,
            }
            for f in records
        ],
    )
    parts = [row for f in records if f.data is not None for row in part_rows(f.upload_id, f.data)]
    if parts:
        s.execute(insert(_PARTS), parts)
    rows = [
        {
            "record_id": f.record_id,
            "sha256": f.sha256,
            "size": f.size,
            "kind": f.header.manifest["kind"],
            "version": f.header.manifest["version"],
            "supersedes": f.header.manifest["supersedes"],
            "created": str(f.header.manifest["created"])[:40],
            "device_id": f.device_id,
            "recipients": json.dumps(f.header.manifest["recipients"]),
            "blob_id": f.upload_id,
            "received_at": now,
        }
        for f in records
    ]
    # The receipts are signed before the rows are written: with their numbers taken first
    # (in feed order), each record row is written once, receipt and all.
    key_id, signer = receipt_key(s)
    answers = []
    for row, seq in zip(rows, record_numbers(s, len(rows)), strict=True):
        receipt = {
            "record_id": row["record_id"],
            "sha256": row["sha256"],
            "size": row["size"],
            "received_at": now.isoformat(),
            "seq": seq,
            "service_key_id": key_id,
        }
        signature = sign_receipt(signer, receipt)
        row.update(seq=seq, receipt=canonical_json(receipt).decode(), receipt_signature=signature)
        answers.append({"status": "stored", "receipt": receipt, "signature": b64(signature)})
    try:
        # RETURNING lets SQLAlchemy send the rows as one statement to PostgreSQL.
        s.execute(insert(_RECORDS).returning(_RECORDS.c.seq), rows)
    except IntegrityError as exc:
        # Another worker stored the same record id a moment ago: the caller settles it.
        raise RaceLost(records[0].upload_id) from exc
    return answers


#: A batch (``POST /v1/records/batch``) carries at most this many records and bytes; each of
#: its records at most BATCH_RECORD_MAX bytes (the small ones: registrations, photo-less
#: inspections).
BATCH_RECORDS = 200
BATCH_BYTES = WHOLE_MAX
BATCH_RECORD_MAX = 1 << 20


def prepare_batch(
    s: Session,
    authorization: str | None,
    index: list[dict[str, Any]],
    data: bytes,
    max_record: int,
    rate_check: Any = None,
) -> tuple[list[dict[str, Any]], list[tuple[int, Fresh]]]:
    """A batch's work before a row is written: the answers so far (refused, already stored)
    and the checked fresh records with their positions in the answers."""
    p = authenticate(s, authorization)
    if p.kind != "device":
        raise ServiceError(403, "this needs a device credential")
    if rate_check is not None:
        rate_check(s, p.id)
    if not 0 < len(index) <= BATCH_RECORDS:
        raise ServiceError(400, f"a batch names 1 to {BATCH_RECORDS} records")
    sizes = [item.get("size") for item in index]
    if not all(isinstance(n, int) and 0 < n <= BATCH_RECORD_MAX for n in sizes):
        raise ServiceError(413, f"a record in a batch has 1 to {BATCH_RECORD_MAX} bytes")
    if sum(sizes) != len(data):  # type: ignore[arg-type]
        raise ServiceError(400, "the sizes in the index do not add up to the bytes sent")
    results: list[dict[str, Any]] = []
    fresh: list[tuple[int, Fresh]] = []
    view = memoryview(data)
    # What every record needs, asked once per batch: the records already stored under these
    # ids and the trust bundle's keys (one query each, not one per record).
    ids = [str(item.get("record_id", "")) for item in index]
    stored = {
        r.record_id: r
        for r in s.execute(
            select(Record.record_id, Record.sha256, Record.receipt, Record.receipt_signature).where(
                Record.record_id.in_(ids)
            )
        )
    }
    known = known_recipient_keys(s)
    device_public = p.sign_public or device_signing_key(s, p.id)
    _batch_records(p.id, index, view, max_record, stored, known, device_public, results, fresh)
    return results, fresh


def finish_batch(
    s: Session, results: list[dict[str, Any]], fresh: list[tuple[int, Fresh]]
) -> list[dict[str, Any]]:
    """Write the fresh records of a batch (one round of INSERTs) and put their receipts into
    the answers; a copy of the answers (a group commit may run this again alone)."""
    out = [dict(answer) for answer in results]
    stored = write_fresh(s, [f for _n, f in fresh])
    for (position, _f), answer in zip(fresh, stored, strict=True):
        out[position].update(answer)
    return out


def _batch_records(
    device_id: str,
    index: list[dict[str, Any]],
    view: memoryview,
    max_record: int,
    stored: dict[str, Any],
    known: frozenset[str],
    device_public: bytes,
    results: list[dict[str, Any]],
    fresh: list[tuple[int, Fresh]],
) -> None:
    """Check each record of a batch (its answer in *results*, the fresh ones in *fresh*)."""
    offset = 0
    seen: set[str] = set()
    #: The records to check: (position in *results*, record id, sha256, bytes).
    todo: list[tuple[int, str, str, memoryview]] = []
    for item in index:
        record_id, sha256, size = (
            str(item.get("record_id", "")),
            str(item.get("sha256", "")),
            int(item["size"]),
        )
        chunk = view[offset : offset + size]
        offset += size
        answer: dict[str, Any] = {"record_id": record_id}
        results.append(answer)
        if not (0 < len(record_id) <= 36) or len(sha256) != 64 or record_id in seen:
            answer.update(
                status="refused", code=400, detail="a record id (once) and a hex sha256 are needed"
            )
            continue
        seen.add(record_id)
        if size > max_record:
            answer.update(
                status="refused",
                code=413,
                detail=f"the record is larger than this service takes ({max_record} bytes)",
            )
            continue
        existing = stored.get(record_id)
        if existing is not None:
            if existing.sha256 == sha256:
                answer.update(status="stored", already=True, **_receipt_json(existing))
            else:
                answer.update(
                    status="refused",
                    code=409,
                    detail=f"record {record_id} is already stored with another hash; it is refused",
                )
            continue
        todo.append((len(results) - 1, record_id, sha256, chunk))

    def check(item: tuple[int, str, str, memoryview]) -> tuple[str | None, Any]:
        _n, record_id, sha256, chunk = item
        # Hashed here, not handed to the hash threads (one half runs in one of them).
        return check_record(
            None, device_id, record_id, sha256, chunk, received_sha256=_sha256([chunk]),
            known_keys=known, device_public=device_public,
        )  # fmt: skip

    for (position, record_id, sha256, chunk), (problem, header) in zip(
        todo, in_two(check, todo, _hasher().submit), strict=True
    ):
        if problem is not None or header is None:
            results[position].update(status="refused", code=422, detail=problem or "invalid record")
            continue
        fresh.append(
            (
                position,
                Fresh(device_id, new_id(), record_id, sha256, len(chunk), header, bytes(chunk)),
            )
        )


def settle_whole(s: Session, record_id: str, sha256: str) -> dict[str, Any]:
    """After a lost race of a whole record's rows (a fresh transaction): the same bytes get the
    stored receipt, other bytes are refused."""
    other = s.scalars(select(Record).where(Record.record_id == record_id)).first()
    if other is not None and other.sha256 == sha256:
        return {"status": "stored", **_receipt_json(other)}
    raise ServiceError(409, f"record {record_id} is already stored with another hash")


def discard(s: Session, upload_id: str, problem: str) -> None:
    """A refused upload: its bytes go, the reason stays (ids and reason only)."""
    up = s.get(Upload, upload_id)
    if up is not None:
        up.state, up.error = "failed", problem[:300]
        blob_store(s).delete(up.id)


class RaceLost(Exception):
    """The record id was stored by another request while this one checked its upload."""


def settle_race(s: Session, upload_id: str) -> dict[str, Any]:
    """After :class:`RaceLost` (in a fresh transaction): the same bytes get the stored receipt,
    other bytes are refused."""
    up = s.get(Upload, upload_id)
    assert up is not None
    other = s.scalars(select(Record).where(Record.record_id == up.record_id)).first()
    up.state = "done"
    blob_store(s).delete(up.id)
    if other is not None and other.sha256 == up.sha256:
        return {"status": "stored", **_receipt_json(other)}
    raise ServiceError(409, f"record {up.record_id} is already stored with another hash")


# -- office side ---------------------------------------------------------------------------------


def records_for(s: Session, role: str, after: int, limit: int) -> list[dict[str, Any]]:
    reads = READS.get(role)
    if reads is None:
        raise ServiceError(403, "this role reads no records")
    after = min(after, 2**31 - 1)  # ``record.seq`` is a 32-bit integer on PostgreSQL
    feed_settled(s, "record")
    rows = s.scalars(
        select(Record)
        .where(Record.seq > after, Record.recipients.like(f'%"{reads}-%'))
        .order_by(Record.seq)
        .limit(max(1, min(limit, 500)))
    )
    return [
        {
            "seq": r.seq,
            "record_id": r.record_id,
            "kind": r.kind,
            "version": r.version,
            "supersedes": r.supersedes,
            "created": r.created,
            "device_id": r.device_id,
            "recipients": json.loads(r.recipients),
            "sha256": r.sha256,
            "size": r.size,
            "received_at": r.received_at.isoformat(),
            "outcome_state": r.outcome_state,
            "quarantined": r.quarantined_at is not None,
        }
        for r in rows
    ]


def quarantine(s: Session, role: str, record_id: str, reason: str) -> None:
    """The office could not accept this record (a check failed): marked, never deleted."""
    rec = record_for(s, role, record_id)
    if rec.quarantined_at is None:
        rec.quarantined_at = utcnow()
    rec.quarantine_reason = reason[:300]


def record_for(s: Session, role: str, record_id: str) -> Record:
    reads = READS.get(role)
    r = s.scalars(select(Record).where(Record.record_id == record_id)).first()
    if r is None or reads is None or f'"{reads}-' not in r.recipients:
        raise ServiceError(404, "no such record for this role")
    return r


def post_downlink(
    s: Session,
    user: Principal,
    *,
    kind: str,
    device_id: str,
    record_id: str | None,
    state: str | None,
    sealed: bytes,
) -> int:
    device = s.get(Device, device_id)
    if device is None:
        raise ServiceError(404, "no such device")
    in_feed_order(s, "downlink")
    row = Downlink(
        device_id=device_id,
        kind=kind,
        record_id=record_id,
        state=state,
        sealed=sealed,
        posted_by=user.id,
    )
    s.add(row)
    s.flush()
    return row.seq


def messages_for(s: Session, device_id: str, after: int) -> list[dict[str, Any]]:
    # ``downlink.seq`` is a 32-bit integer on PostgreSQL: a cursor past it means nothing new.
    after = min(after, 2**31 - 1)
    feed_settled(s, "downlink")
    rows = s.scalars(
        select(Downlink)
        .where(Downlink.device_id == device_id, Downlink.seq > after)
        .order_by(Downlink.seq)
        .limit(500)
    )
    return [
        {
            "seq": d.seq,
            "kind": d.kind,
            "record_id": d.record_id,
            "state": d.state,
            "sealed": b64(d.sealed),
        }
        for d in rows
    ]


#: Who may send a notice to which recipient role: burgerzaken (registry users) to handhaving.
NOTICE_SENDERS = {"enforcement": ("registry",)}
#: A notice is a few hundred bytes of sealed JSON; anything near this is not one.
MAX_NOTICE_BYTES = 64 << 10


def post_notice(
    s: Session, user: Principal, notice_id: str, recipient: str, sealed: bytes
) -> tuple[int, bool]:
    """Keep a sealed notice for the users of *recipient*'s role; returns (seq, already).

    Idempotent by notice id: a notice sent again (a retry after a lost answer, with fresh HPKE
    bytes) keeps the first copy; the receiving office verifies whatever it gets."""
    if user.role not in NOTICE_SENDERS.get(recipient, ()):
        raise ServiceError(403, f"this role sends no notices to {recipient}")
    if not sealed or len(sealed) > MAX_NOTICE_BYTES:
        raise ServiceError(413, "a notice is at most 64 KiB")
    in_feed_order(s, "notice")
    known = s.scalars(select(ServiceNotice).where(ServiceNotice.notice_id == notice_id)).first()
    if known is not None:
        return known.seq, True
    row = ServiceNotice(notice_id=notice_id, recipient=recipient, sealed=sealed, posted_by=user.id)
    try:
        with s.begin_nested():
            s.add(row)
            s.flush()
    except IntegrityError:  # another worker stored the same notice meanwhile
        known = s.scalars(select(ServiceNotice).where(ServiceNotice.notice_id == notice_id)).first()
        if known is None:
            raise
        return known.seq, True
    return row.seq, False


def notices_for(s: Session, role: str, after: int, limit: int = 200) -> list[dict[str, Any]]:
    """The notices for the recipient role this user's role reads (coordinator → enforcement)."""
    reads = READS.get(role)
    if reads is None:
        raise ServiceError(403, "this role reads no notices")
    after = min(after, 2**31 - 1)  # ``notice.seq`` is a 32-bit integer on PostgreSQL
    feed_settled(s, "notice")
    rows = s.scalars(
        select(ServiceNotice)
        .where(ServiceNotice.recipient == reads, ServiceNotice.seq > after)
        .order_by(ServiceNotice.seq)
        .limit(max(1, min(limit, 500)))
    )
    return [
        {
            "seq": n.seq,
            "notice_id": n.notice_id,
            "sealed": b64(n.sealed),
            "created_at": n.created_at.isoformat(),
        }
        for n in rows
    ]


def status(s: Session) -> dict[str, Any]:
    def counts(col: Any) -> dict[str, int]:
        return {str(k): int(v) for k, v in s.execute(select(col, func.count()).group_by(col))}

    return {
        "devices": counts(Device.state),
        "uploads": counts(Upload.state),
        "records": counts(Record.kind),
        "outcomes": counts(Record.outcome_state),
        "quarantined": int(
            s.scalar(select(func.count()).where(Record.quarantined_at.is_not(None))) or 0
        ),
        "downlink": counts(Downlink.kind),
        "notices": counts(ServiceNotice.recipient),
        "users": counts(OfficeUser.role),
        "trust": trust(s) is not None,
        "open_uploads": open_uploads(s),
    }


def open_uploads(s: Session) -> dict[str, Any]:
    """The uploads a laptop has not finished: how many, the bytes they hold, and when the
    least recently written one was last written (ISO, UTC; None for none): what ``inspector
    server sweep`` ends once no bytes came for its window."""
    count, size, oldest = _upload_totals(s, Upload.state == "open")
    return {
        "count": count,
        "bytes": size,
        "oldest_written": None if oldest is None else oldest.isoformat(timespec="seconds"),
    }


def _upload_totals(s: Session, *where: Any) -> tuple[int, int, datetime | None]:
    """How many uploads match *where*, the bytes they received, and the oldest last write."""
    count, size, oldest = s.execute(
        select(
            func.count(), func.coalesce(func.sum(Upload.received), 0), func.min(Upload.updated_at)
        ).where(*where)
    ).one()
    return int(count), int(size), oldest


#: Sealed bytes outside the database that no upload names are removed only when this old: the
#: bytes of a request still on its way to the commit that names them are never that old.
SWEEP_AFTER = timedelta(hours=24)
#: An upload no bytes came to for this long is ended by ``inspector server sweep``: a laptop
#: that comes back later starts the record again from its first byte.
EXPIRE_OPEN_AFTER = timedelta(days=7)


@dataclass(frozen=True)
class Swept:
    blobs: int
    bytes: int


def expire_uploads(
    s: Session, older_than: timedelta = EXPIRE_OPEN_AFTER, dry_run: bool = False
) -> Swept:
    """End the open uploads no bytes came to for *older_than* (a laptop that never came back,
    lost, reinstalled or revoked): state ``expired``, the reason kept, the parts in the
    database removed in this transaction. Parts in a folder or bucket are removed by
    :func:`sweep` after this commits (an upload it does not keep), so that an upload is never
    open with its bytes gone. A request appending to or completing one meanwhile either
    claims it first (:func:`claim_upload`: the upload is then young again when this statement
    gets to it) or gets a 410 and the laptop starts the record again. Counts the uploads and
    the bytes they had received."""
    cutoff = utcnow() - older_than
    old = (Upload.state == "open", Upload.updated_at < cutoff)
    if dry_run:
        count, size, _oldest = _upload_totals(s, *old)
        return Swept(count, size)
    days = older_than.total_seconds() / 86400
    gone = s.execute(
        update(Upload)
        .where(*old)
        .values(state="expired", error=f"no bytes came for {days:g} days")
        .returning(Upload.id, Upload.received)
    ).all()
    inside = DatabaseBlobs(s)
    for upload_id, _received in gone:
        inside.delete(upload_id)
    return Swept(len(gone), sum(int(received) for _id, received in gone))


def sweep(
    s: Session,
    outside: FileBlobs | S3Blobs,
    older_than: timedelta = SWEEP_AFTER,
    dry_run: bool = False,
) -> Swept:
    """Remove the sealed bytes in the service's folder or bucket that no upload names, or
    that a failed or expired upload left, once they are *older_than*: what a service killed between
    writing a record's file and the commit that names it leaves behind (the laptop sends that
    record again, under a new upload), and the parts a rolled-back transaction wrote. The
    bytes of open and stored uploads stay, however old. *dry_run*: count only."""
    found = outside.written_before(time.time() - older_than.total_seconds())
    ids = sorted(found)
    kept: set[str] = set()
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        kept.update(
            s.scalars(
                select(Upload.id).where(
                    Upload.id.in_(chunk), Upload.state.not_in(("failed", "expired"))
                )
            )
        )
    gone = [blob_id for blob_id in ids if blob_id not in kept]
    if not dry_run:
        for blob_id in gone:
            outside.delete(blob_id)
    return Swept(len(gone), sum(found[blob_id] for blob_id in gone))


def read_blob(s: Session, blob_id: str) -> IO[bytes]:
    return io.BufferedReader(PartsReader(blob_store(s).parts(blob_id)))


def import_record(s: Session, f: IO[bytes], size: int, sha256: str) -> tuple[str, bool]:
    """Take a sealed record handed in on a folder (a revoked laptop's export): checked like an
    upload against the signing key its device registered. Returns (record id, newly stored)."""
    header = envelope.read_header(f)
    device = s.get(Device, header.manifest["device_id"])
    if device is None or device.sign_public is None:
        raise ServiceError(422, "the record comes from a device this service does not know")
    f.seek(0)
    header = envelope.check(f, device.sign_public)
    unknown = set(header.manifest["recipients"]) - known_recipient_keys(s)
    if unknown:
        raise ServiceError(
            422, f"recipient key not signed by the office root: {sorted(unknown)[0]}"
        )
    existing = s.scalars(select(Record).where(Record.record_id == header.record_id)).first()
    if existing is not None:
        if existing.sha256 != sha256:
            raise ServiceError(
                409, f"record {header.record_id} is already stored with another hash"
            )
        return header.record_id, False
    up = Upload(
        id=new_id(),
        device_id=device.id,
        record_id=header.record_id,
        sha256=sha256,
        size=size,
        state="open",
    )
    s.add(up)
    s.flush()
    f.seek(0)
    offset = 0
    while block := f.read(PART_SIZE):
        blob_store(s).put(up.id, offset, block)
        offset += len(block)
    up.received = offset
    s.flush()
    # A revoked device may still hand in what it made before: the check is the same.
    complete(s, device.id, up.id)
    return header.record_id, True
