"""Notices between offices (``sync.notices``): sealed to the enforcement key, signed by a
registry issuer key the office root certified. Every forgery is refused with the failed check."""

from __future__ import annotations

import json
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519, x25519

from inspector.sync import keys, notices
from inspector.sync.devices import device_statement
from inspector.sync.keys import root_private
from inspector.sync.models import SyncKey
from inspector.sync.trust import (
    b64,
    canonical_json,
    issuer_statement,
    raw_public,
    sign_statement,
)

CONTENT = {
    "outcome": "refused",
    "decided_on": "2026-11-30",
    "registration_id": "0b7c2a52-3c44-4f49-9a36-0d3c8b0b2f10",
    "version": 1,
    "resident_id": "5d0f7d1e-8a2b-4c1e-9d4f-2b6e0c1a7e33",
    "inspection_id": "9e1b3c5d-7f2a-4b6c-8d0e-1f3a5c7e9b21",
    "inspection_reference": "2026-0042",
    "address": "Voorbeeldstraat 12 A, 2801 AB Gouda",
}


def _office(office: Any) -> tuple[Any, bytes, dict[str, x25519.X25519PrivateKey]]:
    with office.unit() as s:
        bundle = keys.trust_bundle(s)
        root = keys.root_key(s)
        assert root is not None
        mine = {
            k.key_id: keys.recipient_private(s, k.key_id)
            for k in keys.list_keys(s)
            if k.purpose == "recipient" and k.role == "enforcement"
        }
    return bundle, root.public, mine


def _seal(office: Any, content: dict[str, Any] | None = None) -> bytes:
    bundle, _root, _mine = _office(office)
    with office.unit() as s:
        return notices.seal_notice(
            s, bundle, "n-1", "registration_outcome", dict(content or CONTENT)
        )


def _resign(data: bytes, key: ed25519.Ed25519PrivateKey, issuer: dict[str, Any]) -> bytes:
    doc = json.loads(data)
    doc["header"]["issuer"] = issuer
    doc["signature"] = b64(key.sign(notices._signed_message(doc["header"], doc["keys"])))
    return canonical_json(doc)


def test_a_notice_opens_with_the_enforcement_key_and_names_its_issuer(office: Any) -> None:
    data = _seal(office)
    _bundle, root, mine = _office(office)
    opened = notices.open_notice(data, root, mine)
    assert opened.content == CONTENT and opened.notice_id == "n-1"
    assert opened.issuer_key_id.startswith("registry-issuer-")
    # Sealed: the content is not in the bytes.
    assert b"Voorbeeldstraat" not in data and b"refused" not in data
    # The issuer key is made once and kept (and backed up with the other private keys).
    _seal(office)
    with office.unit() as s:
        assert len([k for k in keys.list_keys(s) if k.purpose == "issuer"]) == 1


def test_only_the_fields_of_the_kind_travel(office: Any) -> None:
    with pytest.raises(notices.NoticeError, match="fields of its kind"):
        _seal(office, {**CONTENT, "bsn": "111222333"})
    with pytest.raises(notices.NoticeError, match="unknown outcome"):
        _seal(office, {**CONTENT, "outcome": "lost"})


def test_changed_bytes_are_refused(office: Any) -> None:
    data = _seal(office)
    _bundle, root, mine = _office(office)
    doc = json.loads(data)
    doc["header"]["notice_id"] = "n-2"  # a replay under another id
    with pytest.raises(notices.NoticeError, match="signature does not verify"):
        notices.open_notice(canonical_json(doc), root, mine)
    doc = json.loads(data)
    block = bytearray(notices.unb64(doc["keys"][0]["sealed"]))
    block[-1] ^= 1
    doc["keys"][0]["sealed"] = b64(bytes(block))
    with pytest.raises(notices.NoticeError, match="signature does not verify"):
        notices.open_notice(canonical_json(doc), root, mine)
    with pytest.raises(notices.NoticeError, match="not JSON"):
        notices.open_notice(data[:-5], root, mine)


def test_a_key_the_root_did_not_certify_as_registry_issuer_is_refused(office: Any) -> None:
    data = _seal(office)
    _bundle, root, mine = _office(office)
    fake = ed25519.Ed25519PrivateKey.generate()
    fake_pub = raw_public(fake.public_key())
    # 1. Self-signed: a service or anyone else making up an issuer key.
    own = sign_statement(fake, issuer_statement("registry", fake_pub)).to_json()
    with pytest.raises(notices.NoticeError, match="not certified by the office"):
        notices.open_notice(_resign(data, fake, own), root, mine)
    with office.unit() as s:
        root_row = keys.root_key(s)
        assert root_row is not None
        rkey = root_private(root_row)
    # 2. Certified by the root, but as handhaving's issuer: not the role that sends outcomes.
    other_role = sign_statement(rkey, issuer_statement("enforcement", fake_pub)).to_json()
    with pytest.raises(notices.NoticeError, match="may not send it"):
        notices.open_notice(_resign(data, fake, other_role), root, mine)
    # 3. A laptop's certified device key: laptops do not issue outcomes.
    device = sign_statement(rkey, device_statement("dev-1", fake_pub, b"\x01" * 32)).to_json()
    with pytest.raises(notices.NoticeError, match="may not send it"):
        notices.open_notice(_resign(data, fake, device), root, mine)
    # 4. Another office's root (another municipality) certified it.
    other_root = ed25519.Ed25519PrivateKey.generate()
    foreign = sign_statement(other_root, issuer_statement("registry", fake_pub)).to_json()
    with pytest.raises(notices.NoticeError, match="not certified by the office"):
        notices.open_notice(_resign(data, fake, foreign), root, mine)
    # The genuine issuer statement with a signature by another key.
    genuine = json.loads(data)["header"]["issuer"]
    with pytest.raises(notices.NoticeError, match="signature does not verify"):
        notices.open_notice(_resign(data, fake, genuine), root, mine)


def test_a_notice_for_a_key_this_store_does_not_hold_is_refused(office: Any) -> None:
    data = _seal(office)
    _bundle, root, _mine = _office(office)
    other = {"enforcement-0000000000000000": x25519.X25519PrivateKey.generate()}
    with pytest.raises(notices.NoticeError, match="not sealed to a key this store holds"):
        notices.open_notice(data, root, other)


def test_a_store_without_the_root_key_cannot_make_an_issuer_key(office: Any) -> None:
    bundle, _root, _mine = _office(office)
    with office.unit() as s:
        for row in s.query(SyncKey).filter(SyncKey.purpose == "root"):
            row.private = None
    with pytest.raises(notices.NoticeError, match="no office root key"), office.unit() as s:
        notices.seal_notice(s, bundle, "n-1", "registration_outcome", dict(CONTENT))
