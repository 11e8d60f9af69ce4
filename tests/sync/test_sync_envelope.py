"""The sealed-record envelope: the published vector, round trips, and every tampering refused."""

from __future__ import annotations

import base64
import io
import json
import os
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519, x25519

from inspector.sync import envelope
from inspector.sync.envelope import EnvelopeError

VECTOR = Path(__file__).resolve().parent / "vectors" / "sealed-record-v1.json"


def _vector() -> dict:  # type: ignore[type-arg]
    return json.loads(VECTOR.read_text(encoding="utf-8"))


def _vector_module():  # type: ignore[no-untyped-def]
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_vectors", VECTOR.parent / "make_vectors.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_published_vector_opens_with_both_recipient_keys() -> None:
    v = _vector()
    blob = base64.b64decode(v["envelope_base64"])
    _dev, recips = _vector_module().keys(v["input"])
    header = envelope.check(io.BytesIO(blob))
    assert header.manifest == v["expected_manifest"]
    assert len(recips) == 2 and sorted(header.manifest["recipients"]) == sorted(
        k for k, _ in recips
    )
    for kid, priv in recips:
        f = io.BytesIO(blob)
        opened = envelope.open_record(f, kid, priv)
        assert opened.payload.decode() == v["input"]["payload_utf8"]
        for n, att in enumerate(v["input"]["attachments"]):
            assert b"".join(opened.attachment_chunks(f, n)).hex() == att["hex"]


def test_vector_manifest_signature_and_streams_are_reproduced() -> None:
    v = _vector()
    blob, header = _vector_module().build(v["input"])
    assert header.manifest == v["expected_manifest"]
    published = base64.b64decode(v["envelope_base64"])
    old = envelope.read_header(io.BytesIO(published))
    assert base64.b64encode(old.signature).decode() == v["expected_signature_base64"]
    # Everything after the header (the sealed streams) is byte for byte the same.
    assert blob[header.body_offset :] == published[old.body_offset :]


@pytest.fixture
def keys():  # type: ignore[no-untyped-def]
    return (
        ed25519.Ed25519PrivateKey.generate(),
        x25519.X25519PrivateKey.generate(),
        x25519.X25519PrivateKey.generate(),
    )


def _seal(keys, payload=b'{"a":1}', atts=(), chunk=1024):  # type: ignore[no-untyped-def]
    dev, r1, r2 = keys
    buf = io.BytesIO()
    envelope.seal(
        buf,
        record_id="rec-1",
        kind="registration",
        version=2,
        supersedes="rec-0",
        created="2026-01-01T00:00:00+00:00",
        device_id="dev-1",
        device_key=dev,
        recipients=[envelope.Recipient("reg-1", r1.public_key())],
        payload=payload,
        attachments=[
            envelope.AttachmentSource(f"att-{n}", len(d), lambda d=d: [d[:7], d[7:]])
            for n, d in enumerate(atts)
        ],
        chunk_size=chunk,
    )
    return buf.getvalue()


@pytest.mark.parametrize("size", [0, 1, 1023, 1024, 1025, 4096, 5000])
def test_round_trip_at_chunk_boundaries(keys, size: int) -> None:  # type: ignore[no-untyped-def]
    data = os.urandom(size)
    blob = _seal(keys, atts=[data])
    f = io.BytesIO(blob)
    opened = envelope.open_record(f, "reg-1", keys[1])
    assert b"".join(opened.attachment_chunks(f, 0)) == data
    header = envelope.check(io.BytesIO(blob))
    assert header.manifest["attachments"][0]["size"] == size


def test_not_sealed_to_other_key(keys) -> None:  # type: ignore[no-untyped-def]
    blob = _seal(keys)
    with pytest.raises(EnvelopeError):
        envelope.open_record(io.BytesIO(blob), "reg-1", keys[2])
    with pytest.raises(EnvelopeError, match="not sealed to key"):
        envelope.open_record(io.BytesIO(blob), "enf-1", keys[2])


def test_every_flipped_byte_is_refused(keys) -> None:  # type: ignore[no-untyped-def]
    blob = _seal(keys, atts=[os.urandom(3000)])
    header = envelope.read_header(io.BytesIO(blob))
    # A sample of positions across magic, header, every stream.
    positions = list(range(0, len(blob), 37)) + [len(blob) - 1, header.body_offset]
    for pos in positions:
        bad = bytearray(blob)
        bad[pos] ^= 0x01
        with pytest.raises(EnvelopeError):
            envelope.check(io.BytesIO(bytes(bad)))


def test_manifest_change_breaks_signature_and_key(keys) -> None:  # type: ignore[no-untyped-def]
    blob = _seal(keys)
    h = envelope.read_header(io.BytesIO(blob))
    raw = json.loads(blob[12 : h.body_offset])
    raw["manifest"]["version"] = 3
    from inspector.sync.trust import canonical_json

    hb = canonical_json(raw)
    forged = envelope.MAGIC + len(hb).to_bytes(4, "big") + hb + blob[h.body_offset :]
    with pytest.raises(EnvelopeError, match="signature"):
        envelope.check(io.BytesIO(forged))
    # Even a re-signed manifest does not open: the manifest is bound into HPKE's info.
    dev = keys[0]
    blocks = {k["key_id"]: base64.b64decode(k["sealed_key"]) for k in raw["keys"]}
    raw["signature"] = base64.b64encode(
        dev.sign(envelope.signed_message(canonical_json(raw["manifest"]), blocks))
    ).decode()
    hb = canonical_json(raw)
    forged = envelope.MAGIC + len(hb).to_bytes(4, "big") + hb + blob[h.body_offset :]
    envelope.check(io.BytesIO(forged))
    with pytest.raises(EnvelopeError, match="content key"):
        envelope.open_record(io.BytesIO(forged), "reg-1", keys[1])


def test_truncation_reordering_and_splicing_fail(keys) -> None:  # type: ignore[no-untyped-def]
    data = os.urandom(3 * 1024)
    blob = _seal(keys, atts=[data])
    h = envelope.read_header(io.BytesIO(blob))
    att_start = h.body_offset + h.manifest["payload"]["sealed_size"]
    c = 1024 + 16
    chunks = [blob[att_start + i * c : att_start + (i + 1) * c] for i in range(4)]
    assert len(chunks[3]) == 16  # the empty last chunk
    opened = envelope.open_record(io.BytesIO(blob), "reg-1", keys[1])
    swapped = blob[:att_start] + chunks[1] + chunks[0] + chunks[2] + chunks[3]
    with pytest.raises(EnvelopeError):
        list(opened.attachment_chunks(io.BytesIO(swapped), 0))
    truncated = blob[: att_start + 3 * c]
    with pytest.raises(EnvelopeError):
        list(opened.attachment_chunks(io.BytesIO(truncated), 0))
    # A chunk from another record under another key never authenticates here.
    other = _seal(keys, atts=[data])
    oh = envelope.read_header(io.BytesIO(other))
    o_start = oh.body_offset + oh.manifest["payload"]["sealed_size"]
    spliced = blob[:att_start] + other[o_start : o_start + c] + blob[att_start + c :]
    with pytest.raises(EnvelopeError):
        list(opened.attachment_chunks(io.BytesIO(spliced), 0))


def test_header_limits(keys) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(EnvelopeError):
        envelope.check(io.BytesIO(b"NOTAREC!" + b"\x00" * 10))
    with pytest.raises(EnvelopeError, match="too large"):
        envelope.check(io.BytesIO(envelope.MAGIC + (1 << 30).to_bytes(4, "big")))
    with pytest.raises(EnvelopeError):
        envelope.check(io.BytesIO(envelope.MAGIC + (5).to_bytes(4, "big") + b"[1,2"))


def test_sealing_streams_large_attachments(keys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """40 MB sealed with well under 10 MB of Python allocations: never held whole."""
    dev, r1, _ = keys
    piece = os.urandom(1 << 20)

    def pieces():  # type: ignore[no-untyped-def]
        for _ in range(40):
            yield piece

    tracemalloc.start()
    with open(tmp_path / "r.sealed", "wb") as out:
        envelope.seal(
            out,
            record_id="big",
            kind="inspection",
            version=1,
            supersedes=None,
            created="2026-01-01T00:00:00+00:00",
            device_id="dev",
            device_key=dev,
            recipients=[envelope.Recipient("enf", r1.public_key())],
            payload=b"{}",
            attachments=[envelope.AttachmentSource("a", 40 << 20, pieces)],
        )
    _cur, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 10 << 20
    with open(tmp_path / "r.sealed", "rb") as f:
        assert envelope.check(f).manifest["attachments"][0]["size"] == 40 << 20


def _cut(blob: bytes, sizes: list[int]) -> list[bytes]:
    """*blob* in pieces of the given sizes, repeated (as a request body arrives)."""
    out, at, n = [], 0, 0
    while at < len(blob):
        out.append(blob[at : at + sizes[n % len(sizes)]])
        at += sizes[n % len(sizes)]
        n += 1
    return out


@pytest.mark.parametrize("sizes", [[1], [3, 7, 11], [12], [700], [1 << 20]])
def test_check_of_pieces_in_hand_is_the_check_of_the_stream(keys, sizes: list[int]) -> None:  # type: ignore[no-untyped-def]
    """The service checks a body in the pieces it arrived in (no join, no copy): the same
    verdict and the same reason as the streamed check, for the record whole, damaged
    anywhere, cut short or with bytes after it."""
    dev = keys[0].public_key().public_bytes_raw()
    blob = _seal(keys, atts=[os.urandom(3000), b"", os.urandom(1024)])
    header = envelope.check_pieces(_cut(blob, sizes), dev)
    assert header.manifest == envelope.check(io.BytesIO(blob), dev).manifest
    assert envelope.check_bytes(blob, dev).manifest == header.manifest
    variants = [blob[:n] for n in (0, 5, 12, 200, header.body_offset, len(blob) - 1)]
    variants += [blob + b"\x00"]
    for pos in range(0, len(blob), 53):
        bad = bytearray(blob)
        bad[pos] ^= 0x01
        variants.append(bytes(bad))
    other = ed25519.Ed25519PrivateKey.generate().public_key().public_bytes_raw()

    def verdict(check: Any, data: Any) -> str | None:
        try:
            check(data, dev)
        except EnvelopeError as exc:
            return str(exc)
        return None

    def fed(data: bytes, key: bytes) -> envelope.Header:
        """StreamCheck: the pieces fed one by one as they arrive, then finished."""
        pieces = _cut(data, sizes)
        check = envelope.StreamCheck(pieces, key)
        for piece in pieces:
            check.feed(piece)
        return check.finish()

    refused = 0
    for data in variants:
        streamed = verdict(lambda d, k: envelope.check(io.BytesIO(d), k), data)
        assert verdict(lambda d, k: envelope.check_pieces(_cut(d, sizes), k), data) == streamed
        assert verdict(fed, data) == streamed
        refused += streamed is not None
    # (A flip in the unused low bits of a base64 character decodes to the same key block or
    # signature; both checks accept that alike, and the whole record's SHA-256 still differs.)
    assert refused >= len(variants) - 2
    with pytest.raises(EnvelopeError, match="another device"):
        envelope.check_pieces(_cut(blob, sizes), other)
    with pytest.raises(EnvelopeError, match="another device"):
        fed(blob, other)


@pytest.mark.parametrize("sizes", [[1], [3, 7, 11], [700], [1 << 20]])
def test_stream_check_of_a_whole_record_checks_as_the_bytes_arrive(
    keys: Any, sizes: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A record that passes is checked while it arrives: finish() does not go over the
    bytes again (the second pass is only for a refusal's reason)."""
    dev = keys[0].public_key().public_bytes_raw()
    blob = _seal(keys, atts=[os.urandom(5000), b"", os.urandom(1024)])
    pieces = _cut(blob, sizes)
    check = envelope.StreamCheck(pieces, dev)
    for piece in pieces:
        check.feed(piece)

    def second_pass(*_args: Any) -> None:
        raise AssertionError("a whole record is not checked twice")

    monkeypatch.setattr(envelope, "check_pieces", second_pass)
    header = check.finish()
    assert header.manifest == envelope.check(io.BytesIO(blob), dev).manifest
