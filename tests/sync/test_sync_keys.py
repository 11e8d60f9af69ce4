"""Office keys: ceremony, root signatures, pinning, rotation, backup."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519, x25519
from sqlalchemy import select

from inspector.security.passwords import KdfParams
from inspector.sync import keys, link
from inspector.sync.models import SyncKey
from inspector.sync.trust import (
    TrustBundle,
    TrustError,
    fingerprint,
    normalize_fingerprint,
    recipient_statement,
    sign_statement,
)

FAST = KdfParams(n=2**10, r=8, p=1)


def test_private_keys_are_stored_encrypted(office) -> None:  # type: ignore[no-untyped-def]
    with office.unit() as s:
        rows = s.scalars(select(SyncKey)).all()
        assert {r.purpose for r in rows} == {"root", "recipient"}
        privates = [r.private for r in rows]
    raw = office.paths.database.read_bytes()
    for p in privates:
        assert p is not None and len(p) == 32
        assert p not in raw


def test_bundle_verifies_and_names_current_keys(bundle: TrustBundle) -> None:  # type: ignore[no-untyped-def]
    again = TrustBundle.from_json(json.loads(json.dumps(bundle.to_json())))
    again.verified(bundle.root_public)
    assert again.current_recipient("registry").key_id.startswith("registry-")
    assert again.service is not None
    fp = bundle.fingerprint
    assert len(fp.split()) == 10 and all(len(g) == 5 and g.isdigit() for g in fp.split())
    assert normalize_fingerprint(fp.replace(" ", "-")) == fp


def test_unsigned_or_foreign_recipient_key_refused(bundle: TrustBundle) -> None:  # type: ignore[no-untyped-def]
    evil_root = ed25519.Ed25519PrivateKey.generate()
    evil = x25519.X25519PrivateKey.generate().public_key().public_bytes_raw()
    forged = sign_statement(
        evil_root, recipient_statement("registry", evil, "2999-01-01T00:00:00Z")
    )
    swapped = TrustBundle(bundle.root_public, (*bundle.recipients, forged), bundle.service)
    with pytest.raises(TrustError, match="not signed by the pinned office root"):
        swapped.verified(bundle.root_public)
    # A server that swaps in its own root as well is caught by the pinned fingerprint.
    other = TrustBundle(evil_root.public_key().public_bytes_raw(), (forged,), bundle.service)
    with pytest.raises(TrustError, match="fingerprint"):
        link.pin(other, bundle.fingerprint)
    link.pin(bundle, bundle.fingerprint)


def test_rotation_keeps_old_private_key(office) -> None:  # type: ignore[no-untyped-def]
    with office.unit() as s:
        first = keys.trust_bundle(s).current_recipient("registry").key_id
        info, _fp = keys.create_recipient_key(s, "registry")
    with office.unit() as s:
        bundle = keys.trust_bundle(s)
        assert bundle.current_recipient("registry").key_id == info.key_id != first
        keys.recipient_private(s, first)  # still there, to open older records
        retired = {k.key_id: k.retired_at for k in keys.list_keys(s)}
        assert retired[first] is not None and retired[info.key_id] is None


def test_backup_round_trip_and_wrong_passphrase(office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "keys.backup"
    with office.unit() as s:
        count = keys.write_backup(s, out, "lange-geheime-zin-1", FAST)
        root_fp = fingerprint(keys.root_key(s).public)  # type: ignore[union-attr]
    assert count == 3
    text = out.read_text()
    assert "lost private recipient key" in text
    with pytest.raises(keys.KeyError_, match="passphrase"):
        keys.read_backup(out, "verkeerde-zin-12")
    with pytest.raises(keys.KeyError_, match="at least"):
        with office.unit() as s:
            keys.write_backup(s, out, "kort", FAST)
    restored = keys.read_backup(out, "lange-geheime-zin-1")
    assert {k["purpose"] for k in restored} == {"root", "recipient"}
    root = next(k for k in restored if k["purpose"] == "root")
    import base64

    assert fingerprint(base64.b64decode(root["public"])) == root_fp
