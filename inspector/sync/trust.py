"""Keys and trust for sync: key ids, fingerprints, root-signed key statements, trust bundles.

Only primitives of ``cryptography`` are used: Ed25519 for signatures, X25519 for HPKE.
A *statement* is a canonical-JSON object naming one public key and what it is for; the office
root key signs it. A laptop pins the root key's fingerprint at provisioning and accepts a
recipient key or the service's receipt key only with a valid root signature.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, x25519

RECIPIENT_ROLES = ("registry", "enforcement")
_RAW = serialization.Encoding.Raw
_RAW_PUB = serialization.PublicFormat.Raw
_RAW_PRIV = serialization.PrivateFormat.Raw
_NOENC = serialization.NoEncryption()
#: Signatures are made over a domain-separated message, never over bare data.
STATEMENT_DOMAIN = b"inspector key statement v1\x00"
RECEIPT_DOMAIN = b"inspector receipt v1\x00"


class TrustError(Exception):
    """A key, statement, signature or bundle is not what it claims to be."""


def canonical_json(obj: Any) -> bytes:
    """The one byte form of a JSON object that is signed: sorted keys, no spaces, UTF-8."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (ValueError, TypeError) as exc:
        raise TrustError("not valid base64") from exc


def raw_public(key: ed25519.Ed25519PublicKey | x25519.X25519PublicKey) -> bytes:
    return key.public_bytes(_RAW, _RAW_PUB)


def raw_private(key: ed25519.Ed25519PrivateKey | x25519.X25519PrivateKey) -> bytes:
    return key.private_bytes(_RAW, _RAW_PRIV, _NOENC)


def key_id(prefix: str, public: bytes) -> str:
    """A short, stable id for a public key: ``registry-1f0c…`` (64 bits of its SHA-256)."""
    return f"{prefix}-{hashlib.sha256(public).hexdigest()[:16]}"


def fingerprint(public: bytes) -> str:
    """The root key's fingerprint as ten groups of five digits, to read out over the phone.

    166 bits of SHA-256 of the raw Ed25519 public key (the first 24 bytes, reduced mod 10^50).
    """
    digest = hashlib.sha256(b"inspector root fingerprint v1\x00" + public).digest()
    number = int.from_bytes(digest[:24], "big") % 10**50
    digits = f"{number:050d}"
    return " ".join(digits[i : i + 5] for i in range(0, 50, 5))


def normalize_fingerprint(text: str) -> str:
    digits = "".join(ch for ch in text if ch.isdigit())
    if len(digits) != 50:
        raise TrustError("a fingerprint has 50 digits (ten groups of five)")
    return " ".join(digits[i : i + 5] for i in range(0, 50, 5))


def ed_public(raw: bytes) -> ed25519.Ed25519PublicKey:
    try:
        return ed25519.Ed25519PublicKey.from_public_bytes(raw)
    except ValueError as exc:
        raise TrustError("not an Ed25519 public key") from exc


def x_public(raw: bytes) -> x25519.X25519PublicKey:
    try:
        return x25519.X25519PublicKey.from_public_bytes(raw)
    except ValueError as exc:
        raise TrustError("not an X25519 public key") from exc


def now_iso() -> str:
    return datetime.now(UTC).isoformat().replace("+00:00", "Z")


@dataclass(frozen=True)
class SignedStatement:
    """A statement about one public key and the root's signature over it."""

    statement: dict[str, Any]
    signature: bytes

    def to_json(self) -> dict[str, Any]:
        return {"statement": self.statement, "signature": b64(self.signature)}

    @classmethod
    def from_json(cls, data: Any) -> SignedStatement:
        if not isinstance(data, dict) or not isinstance(data.get("statement"), dict):
            raise TrustError("a signed statement needs 'statement' and 'signature'")
        return cls(dict(data["statement"]), unb64(str(data.get("signature", ""))))

    @property
    def key_id(self) -> str:
        return str(self.statement.get("key_id", ""))

    @property
    def public(self) -> bytes:
        return unb64(str(self.statement.get("public_key", "")))


def sign_statement(root: ed25519.Ed25519PrivateKey, statement: dict[str, Any]) -> SignedStatement:
    return SignedStatement(statement, root.sign(STATEMENT_DOMAIN + canonical_json(statement)))


def verify_statement(root_public: bytes, signed: SignedStatement) -> None:
    """Raise TrustError unless the root key signed exactly this statement."""
    try:
        ed_public(root_public).verify(
            signed.signature, STATEMENT_DOMAIN + canonical_json(signed.statement)
        )
    except InvalidSignature as exc:
        raise TrustError(f"key {signed.key_id} is not signed by the pinned office root") from exc
    if key_id(_prefix(signed.statement), signed.public) != signed.key_id:
        raise TrustError(f"key id {signed.key_id} does not match its public key")


def _prefix(statement: dict[str, Any]) -> str:
    kind = statement.get("type")
    if kind == "recipient":
        return str(statement.get("role"))
    if kind == "service":
        return "service"
    if kind == "device":
        return "device"
    if kind == "issuer":
        return f"{statement.get('role')}-issuer"
    raise TrustError(f"unknown statement type {kind!r}")


def recipient_statement(role: str, public: bytes, created: str | None = None) -> dict[str, Any]:
    if role not in RECIPIENT_ROLES:
        raise TrustError(f"unknown recipient role {role!r}")
    return {
        "type": "recipient",
        "role": role,
        "key_id": key_id(role, public),
        "algorithm": "X25519",
        "public_key": b64(public),
        "created": created or now_iso(),
    }


def issuer_statement(role: str, public: bytes, created: str | None = None) -> dict[str, Any]:
    """An office role's Ed25519 key that signs the notices it sends to another office
    (``docs/sync.md``, "Notices between offices")."""
    if role not in RECIPIENT_ROLES:
        raise TrustError(f"unknown office role {role!r}")
    return {
        "type": "issuer",
        "role": role,
        "key_id": key_id(f"{role}-issuer", public),
        "algorithm": "Ed25519",
        "public_key": b64(public),
        "created": created or now_iso(),
    }


def service_statement(public: bytes, created: str | None = None) -> dict[str, Any]:
    return {
        "type": "service",
        "key_id": key_id("service", public),
        "algorithm": "Ed25519",
        "public_key": b64(public),
        "created": created or now_iso(),
    }


@dataclass(frozen=True)
class TrustBundle:
    """What the office publishes through the service: root key, recipient keys, receipt key."""

    root_public: bytes
    recipients: tuple[SignedStatement, ...]
    service: SignedStatement | None

    def to_json(self) -> dict[str, Any]:
        return {
            "format": "inspector-trust-bundle",
            "version": 1,
            "root_public_key": b64(self.root_public),
            "recipients": [r.to_json() for r in self.recipients],
            "service": None if self.service is None else self.service.to_json(),
        }

    @classmethod
    def from_json(cls, data: Any) -> TrustBundle:
        if not isinstance(data, dict) or data.get("format") != "inspector-trust-bundle":
            raise TrustError("not a trust bundle")
        if data.get("version") != 1:
            raise TrustError(f"trust bundle version {data.get('version')!r} is not supported")
        recipients = tuple(SignedStatement.from_json(r) for r in data.get("recipients") or [])
        service = data.get("service")
        return cls(
            unb64(str(data.get("root_public_key", ""))),
            recipients,
            None if service is None else SignedStatement.from_json(service),
        )

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.root_public)

    def verified(self, pinned_root: bytes) -> TrustBundle:
        """This bundle, after checking it is rooted in *pinned_root* and every key is signed."""
        if self.root_public != pinned_root:
            raise TrustError("the trust bundle's root key is not the pinned office root")
        for r in self.recipients:
            verify_statement(pinned_root, r)
            if r.statement.get("type") != "recipient":
                raise TrustError(f"key {r.key_id} is not a recipient key")
        if self.service is not None:
            verify_statement(pinned_root, self.service)
            if self.service.statement.get("type") != "service":
                raise TrustError("the receipt key is not a service key")
        return self

    def current_recipient(self, role: str) -> SignedStatement:
        """The newest recipient key of *role* (rotation: a new key id with a later date)."""
        keys = [r for r in self.recipients if r.statement.get("role") == role]
        if not keys:
            raise TrustError(f"the office has no {role} key yet")
        return max(keys, key=lambda r: (str(r.statement.get("created")), r.key_id))


def verify_receipt(service_public: bytes, receipt: dict[str, Any], signature: bytes) -> None:
    try:
        ed_public(service_public).verify(signature, RECEIPT_DOMAIN + canonical_json(receipt))
    except InvalidSignature as exc:
        raise TrustError("the receipt is not signed by the office service") from exc


def sign_receipt(service_key: ed25519.Ed25519PrivateKey, receipt: dict[str, Any]) -> bytes:
    return service_key.sign(RECEIPT_DOMAIN + canonical_json(receipt))
