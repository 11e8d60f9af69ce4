"""Writes the published test vector of the sealed-record format (run once; the file is kept).

``python tests/sync/vectors/make_vectors.py`` rewrites ``sealed-record-v1.json``. The HPKE key
blocks use a fresh ephemeral key each time, so a rewritten file differs there only.
"""

from __future__ import annotations

import base64
import io
import json
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ed25519, x25519

from inspector.sync import envelope
from inspector.sync.trust import key_id

HERE = Path(__file__).resolve().parent
VECTOR = HERE / "sealed-record-v1.json"

INPUT: dict[str, Any] = {
    "device_sign_private": "11" * 32,
    "registry_private": "22" * 32,
    "enforcement_private": "33" * 32,
    "content_key": "44" * 32,
    "record_id": "00000000-0000-4000-8000-000000000001",
    "kind": "inspection",
    "version": 1,
    "supersedes": None,
    "created": "2026-01-02T03:04:05+00:00",
    "device_id": "00000000-0000-4000-8000-0000000000d1",
    "chunk_size": 1024,
    "payload_utf8": '{"example":"Voorbeeldstraat 1, 9999 ZZ Nergenshuizen (fictitious)"}',
    # 2,600 bytes: two full chunks and a short last one.
    "attachments": [
        {
            "id": "00000000-0000-4000-8000-0000000000a1",
            "hex": (bytes(range(256)) * 11)[:2600].hex(),
        },
        {"id": "00000000-0000-4000-8000-0000000000a2", "hex": ""},
    ],
}


def keys(
    inp: dict[str, Any],
) -> tuple[ed25519.Ed25519PrivateKey, list[tuple[str, x25519.X25519PrivateKey]]]:
    dev = ed25519.Ed25519PrivateKey.from_private_bytes(bytes.fromhex(inp["device_sign_private"]))
    recips = []
    for role in ("enforcement", "registry"):
        priv = x25519.X25519PrivateKey.from_private_bytes(bytes.fromhex(inp[f"{role}_private"]))
        recips.append((key_id(role, priv.public_key().public_bytes_raw()), priv))
    return dev, recips


def build(inp: dict[str, Any]) -> tuple[bytes, envelope.Header]:
    dev, recips = keys(inp)
    buf = io.BytesIO()
    atts = [bytes.fromhex(a["hex"]) for a in inp["attachments"]]
    header = envelope.seal(
        buf,
        record_id=inp["record_id"],
        kind=inp["kind"],
        version=inp["version"],
        supersedes=inp["supersedes"],
        created=inp["created"],
        device_id=inp["device_id"],
        device_key=dev,
        recipients=[envelope.Recipient(k, p.public_key()) for k, p in recips],
        payload=inp["payload_utf8"].encode(),
        attachments=[
            envelope.AttachmentSource(a["id"], len(d), lambda d=d: [d])
            for a, d in zip(inp["attachments"], atts, strict=True)
        ],
        content_key=bytes.fromhex(inp["content_key"]),
        chunk_size=inp["chunk_size"],
    )
    return buf.getvalue(), header


def main() -> None:
    blob, header = build(INPUT)
    data = {
        "description": "Sealed record format 1: fixed keys and record, and one envelope made "
        "from them. Open 'envelope_base64' with either recipient private key. The manifest "
        "and the sealed streams are deterministic; the HPKE key blocks (fresh ephemeral keys), "
        "and so the device signature over manifest and key blocks, are not.",
        "input": INPUT,
        "expected_manifest": header.manifest,
        "expected_signature_base64": base64.b64encode(header.signature).decode(),
        "envelope_base64": base64.b64encode(blob).decode(),
    }
    VECTOR.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
