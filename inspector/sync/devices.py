"""Device key certification: the office, not the service, vouches for a laptop's public keys.

The office sends outcomes and planned visits sealed to a laptop's X25519 key and checks each
record's device signature against its Ed25519 key. Both keys reach the office through the
service, so a malicious service could swap them. To stop that:

1. ``device_code`` (office store, administrator): for a device the service added, a second
   half of the one-time code, ``K``, is made and kept in the office store under the data key.
   The officer types the whole code (the service's half and ``K``); the service never sees
   ``K``.
2. At provisioning the laptop sends its public keys with ``proof`` =
   HMAC-SHA256(scrypt(K), domain ‖ sign_public ‖ box_public).
3. The first time an office store needs the device's keys, it checks the proof with its ``K``
   and, when it holds, signs a device certificate with the office root key and gives it to the
   service; every office store (also one without ``K``) accepts the keys only with a
   certificate that verifies against its own root key. Keys without one are refused.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from typing import Any

import httpx
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from sqlalchemy import select
from sqlalchemy.orm import Session

from inspector.error_kinds import KnownError
from inspector.messages import BilingualMessage
from inspector.sync.keys import private_bytes, root_private
from inspector.sync.models import SyncKey
from inspector.sync.trust import (
    SignedStatement,
    TrustError,
    b64,
    key_id,
    now_iso,
    sign_statement,
    unb64,
    verify_statement,
)

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
#: Characters of each half of the one-time code (60 bits each).
HALF = 12
PROOF_DOMAIN = b"inspector device keys v1\x00"
PROOF_SALT = b"inspector device code v1"
CODE_PURPOSE = "device-code"


class DeviceKeyError(KnownError):
    """A device's keys cannot be trusted: a KnownError (code ``sync.device_keys``) whose
    Dutch sentence the window shows and whose English one the command line prints."""

    def __init__(self, english: str, dutch: str) -> None:
        super().__init__(BilingualMessage("sync.device_keys", dutch, english))


def normalize(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def split_code(code: str) -> tuple[str, str | None]:
    """(the service's half, the office's half or None) of what the officer typed."""
    raw = normalize(code)
    if len(raw) == 2 * HALF:
        return raw[:HALF], raw[HALF:]
    return raw, None


def _group(raw: str) -> str:
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def _mac_key(office_half: str) -> bytes:
    # scrypt makes guessing the 60-bit half from a stolen proof expensive.
    return Scrypt(salt=PROOF_SALT, length=32, n=2**14, r=8, p=1).derive(
        normalize(office_half).encode()
    )


def proof(office_half: str, sign_public: bytes, box_public: bytes) -> bytes:
    """What the laptop sends at provisioning: the code's office half binds its two keys."""
    return hmac.new(
        _mac_key(office_half), PROOF_DOMAIN + sign_public + box_public, hashlib.sha256
    ).digest()


def _code_row_id(device_id: str) -> str:
    return f"devcode-{device_id}"


def device_code(s: Session, device_id: str, service_code: str) -> str:
    """The whole one-time code for the officer: the service's half (from ``inspector server
    device add``) and a new office half kept in this store. Needs the office root key."""
    if root_key_row(s) is None:
        raise DeviceKeyError(
            "this store has no office root key; run 'inspector keys create' first",
            "Deze opslag heeft geen hoofdsleutel van kantoor.",
        )
    service_half = normalize(service_code)
    if len(service_half) != HALF:
        raise DeviceKeyError(
            f"the service's code has {HALF} letters and digits",
            f"De code van de dienst heeft {HALF} letters en cijfers.",
        )
    office_half = "".join(secrets.choice(CODE_ALPHABET) for _ in range(HALF))
    row = s.get(SyncKey, _code_row_id(device_id))
    if row is None:
        row = SyncKey(key_id=_code_row_id(device_id), purpose=CODE_PURPOSE, public=b"")
        s.add(row)
    row.private = office_half.encode()
    row.statement = json.dumps({"device_id": device_id})
    s.flush()
    return _group(service_half + office_half)


def root_key_row(s: Session) -> SyncKey | None:
    return s.scalars(select(SyncKey).where(SyncKey.purpose == "root")).first()


def device_statement(device_id: str, sign_public: bytes, box_public: bytes) -> dict[str, Any]:
    return {
        "type": "device",
        "device_id": device_id,
        "key_id": key_id("device", sign_public),
        "algorithm": "Ed25519+X25519",
        "public_key": b64(sign_public),
        "box_public_key": b64(box_public),
        "created": now_iso(),
    }


def check_certificate(
    root_public: bytes, device_id: str, sign_public: bytes, box_public: bytes, cert: Any
) -> None:
    """Raise TrustError unless *cert* is the office root's certificate of exactly these keys."""
    signed = SignedStatement.from_json(cert)
    verify_statement(root_public, signed)
    st = signed.statement
    if (
        st.get("type") != "device"
        or st.get("device_id") != device_id
        or signed.public != sign_public
        or unb64(str(st.get("box_public_key", ""))) != box_public
    ):
        raise TrustError("the device certificate is for other keys")


@dataclass(frozen=True)
class DeviceKeys:
    device_id: str
    sign_public: bytes
    box_public: bytes
    state: str
    #: True when this call made the certificate (first use after provisioning).
    certified_now: bool = False


def _refused(device_id: str, why: str) -> DeviceKeyError:
    return DeviceKeyError(
        f"the keys of device {device_id} are not certified by the office ({why}); "
        "nothing is sealed to them",
        f"De sleutels van laptop {device_id} zijn niet door kantoor gecertificeerd ({why}); "
        "er wordt niets naar verstuurd. Koppel de laptop opnieuw met een code van "
        "'inspector keys device-code'.",
    )


def certified_keys(ws: Any, c: httpx.Client, headers: dict[str, str], device_id: str) -> DeviceKeys:
    """The device's public keys, only when the office root certified them (certifying them
    now when this store holds the device's code half and the proof matches).

    Raises DeviceKeyError (unknown device, no certificate, a proof or certificate that does not
    match: the service offered keys the office did not vouch for)."""
    resp = c.get(f"/v1/devices/{device_id}/box-key", headers=headers)
    if resp.status_code != 200:
        raise DeviceKeyError(
            f"the service does not know device {device_id} ({resp.status_code})",
            f"De laptop {device_id} is bij de dienst niet bekend.",
        )
    info = resp.json()
    try:
        sign_public = unb64(str(info.get("sign_public") or ""))
        box_public = unb64(str(info.get("box_public") or ""))
    except TrustError as exc:
        raise _refused(device_id, "unreadable keys") from exc
    state = str(info.get("state"))
    with ws.unit() as s:
        root = root_key_row(s)
        if root is None:
            raise _refused(device_id, "this store has no office root key to check them with")
        root_public = root.public
        cert = info.get("certificate")
        if cert is not None:
            try:
                check_certificate(root_public, device_id, sign_public, box_public, cert)
            except TrustError as exc:
                raise _refused(device_id, str(exc)) from exc
            return DeviceKeys(device_id, sign_public, box_public, state)
        code_row = s.get(SyncKey, _code_row_id(device_id))
        if code_row is None or code_row.private is None or root.private is None:
            raise _refused(device_id, "no certificate yet")
        try:
            given = unb64(str(info.get("key_proof") or ""))
        except TrustError:
            given = b""
        expected = proof(private_bytes(code_row).decode(), sign_public, box_public)
        matches = hmac.compare_digest(given, expected)
        if matches:
            signed = sign_statement(
                root_private(root), device_statement(device_id, sign_public, box_public)
            )
        ws.audit(
            s,
            "sync.device_certified" if matches else "sync.device_keys_refused",
            "device",
            device_id,
        )
    if not matches:
        raise _refused(device_id, "they do not match the code the office gave out")
    post = c.post(f"/v1/devices/{device_id}/certificate", json=signed.to_json(), headers=headers)
    if post.status_code != 200:
        # The keys are good (the proof holds): seal anyway; the next store will certify again.
        return DeviceKeys(device_id, sign_public, box_public, state, certified_now=False)
    return DeviceKeys(device_id, sign_public, box_public, state, certified_now=True)
