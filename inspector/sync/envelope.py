"""The sealed-record envelope (format 1): writing it in a stream, checking it, opening it.

Layout of one sealed record (all integers big-endian; see docs/sync.md):

    magic   b"INSPREC\\x01"                      8 bytes
    hlen    length of the header                   4 bytes
    header  canonical JSON {"manifest", "signature", "keys"}
    streams the sealed payload, then each sealed attachment, in manifest order

Each stream is AES-256-GCM in chunks of ``chunk_size`` plaintext bytes under the record's random
content key; nonce = stream index (4 bytes) + chunk index (8 bytes); the associated data binds
the record id, the stream index, the chunk index and a last-chunk flag, so that truncating,
reordering or splicing chunks fails. The content key is sealed with HPKE (RFC 9180, mode base,
X25519 / HKDF-SHA256 / AES-256-GCM) to every recipient key, with the canonical manifest bound
into HPKE's ``info``. The device signs the canonical manifest with Ed25519. The manifest holds
the SHA-256 and size of every sealed stream, so the service checks completeness without a key.
"""

from __future__ import annotations

import bisect
import hashlib
import io
import json
import os
import struct
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives.asymmetric import ed25519, x25519
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from inspector.sync.trust import TrustError, b64, canonical_json, ed_public, unb64

MAGIC = b"INSPREC\x01"
FORMAT = "inspector-sealed-record/1"
CHUNK_SIZE = 1 << 20
TAG = 16
MAX_HEADER = 1 << 20
MAX_ATTACHMENTS = 10_000
KINDS = ("inspection", "registration")
SUITE = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)
SUITE_NAME = "HPKE-base X25519/HKDF-SHA256/AES-256-GCM; chunks AES-256-GCM"
KEY_INFO = b"inspector record key v1\x00"
SIGN_DOMAIN = b"inspector manifest v1\x00"
CHUNK_AAD = b"inspector chunk v1\x00"


class EnvelopeError(Exception):
    """A sealed record is malformed, incomplete, tampered with, or not for this key."""


@dataclass(frozen=True)
class Recipient:
    key_id: str
    public: x25519.X25519PublicKey


@dataclass(frozen=True)
class AttachmentSource:
    """An attachment to seal: its id, its size, and a function giving its bytes in pieces."""

    id: str
    size: int
    chunks: Callable[[], Iterable[bytes]]


@dataclass(frozen=True)
class Header:
    manifest: dict[str, Any]
    manifest_bytes: bytes
    signature: bytes
    keys: dict[str, bytes]
    #: Offset of the first stream in the file.
    body_offset: int

    def signed_message(self) -> bytes:
        return signed_message(self.manifest_bytes, self.keys)

    @property
    def record_id(self) -> str:
        return str(self.manifest["record_id"])

    def streams(self) -> list[dict[str, Any]]:
        return [self.manifest["payload"], *self.manifest["attachments"]]


def signed_message(manifest_bytes: bytes, keys: dict[str, bytes]) -> bytes:
    """What the device signs: the manifest, and the sealed key blocks (through their hash), so
    that the service can refuse a damaged key block before it is stored."""
    blocks = canonical_json(sorted([k, b64(v)] for k, v in keys.items()))
    return SIGN_DOMAIN + manifest_bytes + b"\x00" + hashlib.sha256(blocks).digest()


def sealed_size(size: int, chunk_size: int = CHUNK_SIZE) -> int:
    # Always a last chunk, empty when the size is a multiple of the chunk size.
    return size + TAG * (size // chunk_size + 1)


def _nonce(stream: int, index: int) -> bytes:
    return struct.pack(">IQ", stream, index)


def _aad(record_id: str, stream: int, index: int, last: bool) -> bytes:
    return CHUNK_AAD + record_id.encode() + b"\x00" + struct.pack(">IQB", stream, index, last)


def _rechunk(pieces: Iterable[bytes], size: int) -> Iterator[bytes]:
    """Exactly *size*-byte chunks (the last one shorter) from pieces of any size."""
    buf = bytearray()
    for piece in pieces:
        if not buf and len(piece) == size:
            yield bytes(piece)  # the common case (pieces of the chunk size): no copying
            continue
        buf += piece
        if len(buf) >= size:
            start = 0
            with memoryview(buf) as view:
                while len(buf) - start >= size:
                    yield bytes(view[start : start + size])
                    start += size
            del buf[:start]
    yield bytes(buf)


def _seal_stream(
    aead: AESGCM,
    record_id: str,
    stream: int,
    pieces: Iterable[bytes],
    out: IO[bytes],
    chunk_size: int,
) -> tuple[str, int, int]:
    """Encrypt one stream into *out*; return (sha256 of the sealed bytes, size, sealed size)."""
    digest = hashlib.sha256()
    size = sealed = 0
    chunks = _rechunk(pieces, chunk_size)
    current = next(chunks)
    index = 0
    while True:
        following = next(chunks, None)
        # A stream whose length is a multiple of the chunk size ends with an empty last chunk.
        last = following is None
        ct = aead.encrypt(_nonce(stream, index), current, _aad(record_id, stream, index, last))
        out.write(ct)
        digest.update(ct)
        size += len(current)
        sealed += len(ct)
        if last:
            return digest.hexdigest(), size, sealed
        assert following is not None
        current = following
        index += 1


def seal(
    out: IO[bytes],
    *,
    record_id: str,
    kind: str,
    version: int,
    supersedes: str | None,
    created: str,
    device_id: str,
    device_key: ed25519.Ed25519PrivateKey,
    recipients: Sequence[Recipient],
    payload: bytes,
    attachments: Sequence[AttachmentSource] = (),
    content_key: bytes | None = None,
    scratch: IO[bytes] | None = None,
    chunk_size: int = CHUNK_SIZE,
) -> Header:
    """Write one sealed record to *out*; attachments are read and encrypted piece by piece.

    The sealed streams go to *scratch* (a temporary file) first, because the header that comes
    first holds their hashes; then they are copied behind the header. Memory stays at about one
    chunk whatever the size of the attachments.
    """
    if kind not in KINDS:
        raise EnvelopeError(f"unknown record kind {kind!r}")
    if not recipients:
        raise EnvelopeError("a record needs at least one recipient")
    key = content_key or AESGCM.generate_key(bit_length=256)
    aead = AESGCM(key)
    import tempfile

    own_scratch = scratch is None
    tmp: IO[bytes] = tempfile.TemporaryFile() if scratch is None else scratch
    try:
        p_hash, p_size, p_sealed = _seal_stream(aead, record_id, 0, [payload], tmp, chunk_size)
        atts = []
        for n, att in enumerate(attachments, start=1):
            h, size, sealed_len = _seal_stream(aead, record_id, n, att.chunks(), tmp, chunk_size)
            if size != att.size:
                raise EnvelopeError(f"attachment {att.id} changed size while being sealed")
            atts.append({"id": att.id, "sha256": h, "size": size, "sealed_size": sealed_len})
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "record_id": record_id,
            "kind": kind,
            "version": version,
            "supersedes": supersedes,
            "created": created,
            "device_id": device_id,
            "device_key": b64(device_key.public_key().public_bytes_raw()),
            "recipients": [r.key_id for r in recipients],
            "suite": SUITE_NAME,
            "chunk_size": chunk_size,
            "payload": {"sha256": p_hash, "size": p_size, "sealed_size": p_sealed},
            "attachments": atts,
        }
        mbytes = canonical_json(manifest)
        keys = {r.key_id: SUITE.encrypt(key, r.public, info=KEY_INFO + mbytes) for r in recipients}
        signature = device_key.sign(signed_message(mbytes, keys))
        header = canonical_json(
            {
                "manifest": manifest,
                "signature": b64(signature),
                "keys": [{"key_id": k, "sealed_key": b64(v)} for k, v in keys.items()],
            }
        )
        out.write(MAGIC + struct.pack(">I", len(header)) + header)
        tmp.seek(0)
        while block := tmp.read(chunk_size):
            out.write(block)
    finally:
        if own_scratch:
            tmp.close()
    return Header(manifest, mbytes, signature, keys, len(MAGIC) + 4 + len(header))


def _read_exact(f: IO[bytes], n: int) -> bytes:
    data = f.read(n)
    if len(data) != n:
        raise EnvelopeError("the sealed record ends too early")
    return data


def _check_manifest(m: Any) -> dict[str, Any]:
    def need(cond: bool, what: str) -> None:
        if not cond:
            raise EnvelopeError(f"manifest: {what}")

    need(isinstance(m, dict), "not an object")
    need(m.get("format") == FORMAT, f"format is not {FORMAT}")
    for name in ("record_id", "kind", "created", "device_id", "device_key"):
        need(isinstance(m.get(name), str) and 0 < len(m[name]) <= 200, f"{name} missing")
    need(m["kind"] in KINDS, "unknown kind")
    need(isinstance(m.get("version"), int) and m["version"] >= 1, "version must be >= 1")
    need(m.get("supersedes") is None or isinstance(m["supersedes"], str), "supersedes")
    need(
        isinstance(m.get("recipients"), list)
        and 0 < len(m["recipients"]) <= 8
        and all(isinstance(r, str) for r in m["recipients"]),
        "recipients",
    )
    need(isinstance(m.get("chunk_size"), int) and 1024 <= m["chunk_size"] <= 1 << 24, "chunk")
    atts = m.get("attachments")
    need(isinstance(atts, list) and len(atts) <= MAX_ATTACHMENTS, "attachments")
    for s in [m.get("payload"), *atts]:
        need(isinstance(s, dict), "stream entry")
        need(isinstance(s.get("sha256"), str) and len(s["sha256"]) == 64, "stream sha256")
        need(isinstance(s.get("size"), int) and s["size"] >= 0, "stream size")
        need(s.get("sealed_size") == sealed_size(s["size"], m["chunk_size"]), "sealed size")
    return dict(m)


def read_header(f: IO[bytes]) -> Header:
    """The header of a sealed record, checked for shape and signed-manifest consistency."""
    if _read_exact(f, len(MAGIC)) != MAGIC:
        raise EnvelopeError("not a sealed record of format 1")
    (hlen,) = struct.unpack(">I", _read_exact(f, 4))
    if hlen > MAX_HEADER:
        raise EnvelopeError("the header is too large")
    raw = _read_exact(f, hlen)
    try:
        header = json.loads(raw)
    except ValueError as exc:
        raise EnvelopeError("the header is not JSON") from exc
    if not isinstance(header, dict):
        raise EnvelopeError("the header is not an object")
    manifest = _check_manifest(header.get("manifest"))
    try:
        signature = unb64(str(header.get("signature", "")))
        keys = {str(k["key_id"]): unb64(str(k["sealed_key"])) for k in header.get("keys") or []}
    except (KeyError, TypeError, AttributeError, ValueError, TrustError) as exc:
        raise EnvelopeError("the header's signature or keys are malformed") from exc
    if set(keys) != set(manifest["recipients"]):
        raise EnvelopeError("the sealed keys do not match the manifest's recipients")
    return Header(manifest, canonical_json(manifest), signature, keys, len(MAGIC) + 4 + hlen)


def verify_signature(header: Header, device_public: bytes | None = None) -> None:
    """The device signature over the manifest; *device_public* pins the expected device key."""
    try:
        key = unb64(header.manifest["device_key"])
    except TrustError as exc:
        raise EnvelopeError("the device key in the manifest is not valid") from exc
    if device_public is not None and key != device_public:
        raise EnvelopeError("the record is signed by another device's key")
    try:
        ed_public(key).verify(header.signature, header.signed_message())
    except InvalidSignature as exc:
        raise EnvelopeError("the device signature over the manifest does not verify") from exc
    except (TrustError, ValueError) as exc:
        raise EnvelopeError("the device key in the manifest is not valid") from exc


def verify_streams(f: IO[bytes], header: Header, block: int = CHUNK_SIZE) -> None:
    """Every sealed stream has the size and SHA-256 the manifest says, and nothing follows."""
    for n, s in enumerate(header.streams()):
        digest = hashlib.sha256()
        left = int(s["sealed_size"])
        while left:
            data = f.read(min(block, left))
            if not data:
                raise EnvelopeError(f"stream {n} ends too early")
            digest.update(data)
            left -= len(data)
        if digest.hexdigest() != s["sha256"]:
            raise EnvelopeError(f"stream {n} does not match its hash in the manifest")
    if f.read(1):
        raise EnvelopeError("bytes follow the last stream")


def check_bytes(data: bytes | bytearray | memoryview, device_public: bytes | None = None) -> Header:
    """:func:`check` of a record held whole in memory, without copying it."""
    return check_pieces([data], device_public)


def check_pieces(
    pieces: Sequence[bytes | bytearray | memoryview], device_public: bytes | None = None
) -> Header:
    """:func:`check` of a record held in memory as pieces in order (as a request body
    arrives), without joining or copying them: the header is parsed from its first bytes,
    every stream hashed in place (views, not slices)."""
    views = [memoryview(p).cast("B") for p in pieces if len(p)]
    starts = []
    total = 0
    for v in views:
        starts.append(total)
        total += len(v)

    def span(start: int, end: int) -> Iterator[memoryview]:
        """Views of the bytes [start, end) across the pieces."""
        i = max(0, bisect.bisect_right(starts, start) - 1)
        while start < end and i < len(views):
            v, at = views[i], start - starts[i]
            take = min(len(v) - at, end - start)
            if take > 0:
                yield v[at : at + take]
                start += take
            i += 1

    head = len(MAGIC) + 4
    if total < head:
        raise EnvelopeError("the sealed record ends too early")
    (hlen,) = struct.unpack(">I", b"".join(span(len(MAGIC), head)))
    end = head + min(hlen, MAX_HEADER + 1)
    header = read_header(io.BytesIO(b"".join(span(0, min(end, total)))))
    verify_signature(header, device_public)
    pos = header.body_offset
    for n, s in enumerate(header.streams()):
        size = int(s["sealed_size"])
        if pos + size > total:
            raise EnvelopeError(f"stream {n} ends too early")
        digest = hashlib.sha256()
        for view in span(pos, pos + size):
            digest.update(view)
        if digest.hexdigest() != s["sha256"]:
            raise EnvelopeError(f"stream {n} does not match its hash in the manifest")
        pos += size
    if pos != total:
        raise EnvelopeError("bytes follow the last stream")
    return header


class StreamCheck:
    """:func:`check_pieces` done while the record arrives: :meth:`feed` each piece in order
    (the header is parsed and its signature verified as soon as its bytes are in, every stream
    hashed as its bytes come), then :meth:`finish`. A record that passes here passes
    :func:`check_pieces` (the same byte ranges, hashes and signature); for any other record
    :meth:`finish` runs :func:`check_pieces` on *pieces* (the same pieces, kept by the caller)
    and raises its error, so that every refusal gives the same reason as before."""

    def __init__(self, pieces: Sequence[bytes], device_public: bytes | None = None) -> None:
        self._pieces = pieces
        self._device_public = device_public
        self._head = bytearray()
        self._header: Header | None = None
        #: (sealed size, sha256) of each stream still to come, the current one first.
        self._streams: list[tuple[int, str]] = []
        self._digest: Any = None
        self._left = 0
        #: False once anything differs from a valid record (then finish() asks check_pieces).
        self._ok = True

    def feed(self, piece: bytes | memoryview) -> None:
        if not self._ok:
            return
        view = memoryview(piece).cast("B")
        if self._header is None:
            self._head += view
            head = len(MAGIC) + 4
            if len(self._head) < head:
                return
            (hlen,) = struct.unpack(">I", self._head[len(MAGIC) : head])
            if hlen > MAX_HEADER:
                self._ok = False
                return
            if len(self._head) < head + hlen:
                return
            try:
                header = read_header(io.BytesIO(bytes(self._head[: head + hlen])))
                verify_signature(header, self._device_public)
                self._streams = [
                    (int(e["sealed_size"]), str(e["sha256"])) for e in header.streams()
                ]
            except Exception:  # noqa: BLE001 - any doubt: finish() asks check_pieces
                self._ok = False
                return
            if any(size < 0 for size, _sha in self._streams):
                self._ok = False
                return
            self._header = header
            view = memoryview(bytes(self._head[head + hlen :]))
            self._head = bytearray()
            self._next_stream()
        while view and self._ok:
            if self._digest is None:  # bytes after the last stream
                self._ok = False
                return
            take = min(self._left, len(view))
            self._digest.update(view[:take])
            self._left -= take
            view = view[take:]
            if not self._left:
                self._end_stream()

    def _next_stream(self) -> None:
        """Start the next stream (streams of no bytes end at once)."""
        self._digest = None
        while self._streams and self._ok:
            self._left = self._streams[0][0]
            self._digest = hashlib.sha256()
            if self._left:
                return
            self._end_stream()

    def _end_stream(self) -> None:
        _size, sha = self._streams.pop(0)
        if self._digest.hexdigest() != sha:
            self._ok = False
        self._next_stream()

    def finish(self) -> Header:
        """The checked header, or the :class:`EnvelopeError` :func:`check_pieces` raises."""
        if self._ok and self._header is not None and not self._streams:
            return self._header
        return check_pieces(self._pieces, self._device_public)


def check(f: IO[bytes], device_public: bytes | None = None) -> Header:
    """What the service does with an upload: header, signature and every stream hash."""
    header = read_header(f)
    verify_signature(header, device_public)
    verify_streams(f, header)
    return header


@dataclass
class Opened:
    """A record opened with a recipient key: the payload and the attachments' reader."""

    header: Header
    content_key: bytes
    payload: bytes

    def attachment_chunks(self, f: IO[bytes], index: int) -> Iterator[bytes]:
        """The plaintext of attachment *index* (0-based), decrypted chunk by chunk from *f*."""
        streams = self.header.streams()
        offset = self.header.body_offset + sum(int(s["sealed_size"]) for s in streams[: index + 1])
        f.seek(offset)
        yield from _open_stream(
            AESGCM(self.content_key), self.header, index + 1, f, streams[index + 1]
        )


def _open_stream(
    aead: AESGCM, header: Header, stream: int, f: IO[bytes], entry: dict[str, Any]
) -> Iterator[bytes]:
    chunk = int(header.manifest["chunk_size"]) + TAG
    left = int(entry["sealed_size"])
    index = 0
    while True:
        take = min(chunk, left)
        ct = _read_exact(f, take)
        left -= take
        last = left == 0
        try:
            yield aead.decrypt(
                _nonce(stream, index), ct, _aad(header.record_id, stream, index, last)
            )
        except InvalidTag as exc:
            raise EnvelopeError(f"chunk {index} of stream {stream} does not authenticate") from exc
        if last:
            return
        index += 1


def open_record(
    f: IO[bytes],
    key_id: str,
    private: x25519.X25519PrivateKey,
    device_public: bytes | None = None,
) -> Opened:
    """Open a sealed record as the recipient *key_id*: check the signature, unseal the content
    key (the manifest is bound into HPKE's info), decrypt and check the payload."""
    header = read_header(f)
    verify_signature(header, device_public)
    sealed_key = header.keys.get(key_id)
    if sealed_key is None:
        raise EnvelopeError(f"the record is not sealed to key {key_id}")
    try:
        content_key = SUITE.decrypt(sealed_key, private, info=KEY_INFO + header.manifest_bytes)
    except Exception as exc:  # noqa: BLE001 - any failure to unseal is the same refusal
        raise EnvelopeError("the content key does not open with this key and manifest") from exc
    f.seek(header.body_offset)
    payload = b"".join(_open_stream(AESGCM(content_key), header, 0, f, header.manifest["payload"]))
    return Opened(header, content_key, payload)


def file_sha256(path: os.PathLike[str] | str) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as f:
        while block := f.read(CHUNK_SIZE):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size
