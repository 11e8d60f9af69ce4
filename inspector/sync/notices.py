"""Notices between offices: burgerzaken tells handhaving the outcome of a registration.

A notice is small canonical JSON, sealed with HPKE (the records' suite) to the receiving role's
recipient key(s) from the office's root-signed trust bundle, and signed with the sending role's
**issuer key**: an Ed25519 key of that office role, certified by the office root (a statement
of type ``issuer``). The receiver checks the issuer statement against its own root key, that
the issuer's role may send this kind of notice, and the signature over the header and the key
blocks, before it opens anything. The service only stores the bytes (``POST/GET
/v1/notices``). Format: ``docs/sync.md``, "Notices between offices".
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ed25519, x25519
from sqlalchemy import select
from sqlalchemy.orm import Session

from inspector.sync.envelope import SUITE
from inspector.sync.keys import KeyError_, private_bytes, root_private
from inspector.sync.models import SyncKey
from inspector.sync.trust import (
    SignedStatement,
    TrustBundle,
    TrustError,
    b64,
    canonical_json,
    ed_public,
    issuer_statement,
    now_iso,
    raw_private,
    raw_public,
    sign_statement,
    unb64,
    verify_statement,
    x_public,
)

FORMAT = "inspector-office-notice/1"
SIGN_DOMAIN = b"inspector notice v1\x00"
KEY_INFO = b"inspector notice key v1\x00"
MAX_NOTICE = 64 << 10
#: Which office role may send which kind of notice, and to which recipient role.
KINDS = {"registration_outcome": ("registry", "enforcement")}
OUTCOMES = ("processed", "returned", "refused")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,35}$")


class NoticeError(Exception):
    """A notice cannot be made or is refused; the message names the failed check (no content)."""


# -- the issuer key --------------------------------------------------------------------------------


def issuer_key(s: Session, role: str) -> SyncKey:
    """This store's issuer key for *role*, made (and certified by the office root) on first use.
    A store without the root's private key cannot make one: it then needs one from a backup."""
    row = s.scalars(
        select(SyncKey)
        .where(
            SyncKey.purpose == "issuer",
            SyncKey.role == role,
            SyncKey.private.is_not(None),
            SyncKey.retired_at.is_(None),
        )
        .order_by(SyncKey.created_at.desc())
    ).first()
    if row is not None:
        return row
    root = s.scalars(
        select(SyncKey).where(SyncKey.purpose == "root", SyncKey.private.is_not(None))
    ).first()
    if root is None:
        raise NoticeError(
            "this store has no office root key to certify a signing key for notices; restore "
            "the office keys from their backup ('inspector keys restore')"
        )
    try:
        root_key = root_private(root)
    except KeyError_ as exc:
        raise NoticeError(str(exc)) from exc
    priv = ed25519.Ed25519PrivateKey.generate()
    pub = raw_public(priv.public_key())
    signed = sign_statement(root_key, issuer_statement(role, pub))
    row = SyncKey(
        key_id=signed.key_id,
        purpose="issuer",
        role=role,
        public=pub,
        private=raw_private(priv),
        statement=canonical_json(signed.statement).decode(),
        signature=signed.signature,
    )
    s.add(row)
    s.flush()
    return row


# -- sealing ---------------------------------------------------------------------------------------


def _blocks_digest(blocks: list[dict[str, str]]) -> bytes:
    pairs = sorted([b["key_id"], b["sealed"]] for b in blocks)
    return hashlib.sha256(canonical_json(pairs)).digest()


def _signed_message(header: dict[str, Any], blocks: list[dict[str, str]]) -> bytes:
    return SIGN_DOMAIN + canonical_json(header) + b"\x00" + _blocks_digest(blocks)


def seal_notice(
    s: Session, bundle: TrustBundle, notice_id: str, kind: str, content: dict[str, Any]
) -> bytes:
    """The sealed notice: *content* sealed to the current recipient key of the kind's
    receiving role in *bundle* (already verified against this store's root), signed with
    this store's issuer key of the sending role."""
    if kind not in KINDS:
        raise NoticeError(f"unknown notice kind {kind!r}")
    sender, receiver = KINDS[kind]
    check_content(kind, content)
    try:
        recipient = bundle.current_recipient(receiver)
    except TrustError as exc:
        raise NoticeError(str(exc)) from exc
    issuer = issuer_key(s, sender)
    assert issuer.statement is not None and issuer.signature is not None
    header = {
        "notice_id": notice_id,
        "kind": kind,
        "created": now_iso(),
        "recipients": [recipient.key_id],
        "issuer": SignedStatement(json.loads(issuer.statement), issuer.signature).to_json(),
    }
    info = KEY_INFO + canonical_json(header)
    blocks = [
        {
            "key_id": recipient.key_id,
            "sealed": b64(SUITE.encrypt(canonical_json(content), x_public(recipient.public), info)),
        }
    ]
    key = ed25519.Ed25519PrivateKey.from_private_bytes(private_bytes(issuer))
    signature = key.sign(_signed_message(header, blocks))
    return canonical_json(
        {"format": FORMAT, "header": header, "keys": blocks, "signature": b64(signature)}
    )


# -- opening ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Notice:
    notice_id: str
    kind: str
    created: str
    issuer_key_id: str
    content: dict[str, Any]


def _parse(data: bytes) -> tuple[dict[str, Any], list[dict[str, str]], bytes]:
    if len(data) > MAX_NOTICE:
        raise NoticeError("the notice is too large")
    try:
        doc = json.loads(data)
    except ValueError as exc:
        raise NoticeError("the notice is not JSON") from exc
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise NoticeError(f"not a notice of format {FORMAT}")
    header, blocks = doc.get("header"), doc.get("keys")
    if not isinstance(header, dict) or not isinstance(blocks, list) or not blocks:
        raise NoticeError("the notice's header or key blocks are missing")
    for name in ("notice_id", "kind", "created"):
        if not isinstance(header.get(name), str):
            raise NoticeError(f"the notice's header has no {name}")
    if not all(
        isinstance(b, dict)
        and isinstance(b.get("key_id"), str)
        and isinstance(b.get("sealed"), str)
        for b in blocks
    ):
        raise NoticeError("a key block of the notice is malformed")
    if sorted(b["key_id"] for b in blocks) != sorted(header.get("recipients") or []):
        raise NoticeError("the key blocks do not match the notice's recipients")
    try:
        signature = unb64(str(doc.get("signature", "")))
    except TrustError as exc:
        raise NoticeError("the notice's signature is not base64") from exc
    return header, blocks, signature


def open_notice(
    data: bytes, root_public: bytes, recipients: dict[str, x25519.X25519PrivateKey]
) -> Notice:
    """Check and open a sealed notice: the issuer key certified by the office root
    *root_public* (this store's own), its role allowed to send this kind, the signature over
    header and key blocks, then the content with one of *recipients* (key id → private key).
    Raises NoticeError with the failed check."""
    header, blocks, signature = _parse(data)
    kind = header["kind"]
    if kind not in KINDS:
        raise NoticeError(f"unknown notice kind {kind!r}")
    sender, _receiver = KINDS[kind]
    try:
        issuer = SignedStatement.from_json(header.get("issuer"))
        verify_statement(root_public, issuer)
    except TrustError as exc:
        raise NoticeError(
            f"the notice's signing key is not certified by the office: {exc}"
        ) from exc
    st = issuer.statement
    if st.get("type") != "issuer" or st.get("role") != sender:
        raise NoticeError(
            f"the notice is signed by a key that may not send it (a {st.get('type')} key of "
            f"{st.get('role') or 'no role'}; only {sender} issues {kind})"
        )
    try:
        ed_public(issuer.public).verify(signature, _signed_message(header, blocks))
    except (InvalidSignature, TrustError) as exc:
        raise NoticeError("the notice's signature does not verify (changed on the way)") from exc
    block = next((b for b in blocks if b["key_id"] in recipients), None)
    if block is None:
        raise NoticeError("the notice is not sealed to a key this store holds")
    try:
        plain = SUITE.decrypt(
            unb64(block["sealed"]),
            recipients[block["key_id"]],
            KEY_INFO + canonical_json(header),
        )
        content = json.loads(plain)
    except Exception as exc:  # noqa: BLE001 - any failure to open is the same refusal
        raise NoticeError("the notice does not open with this store's key") from exc
    check_content(kind, content)
    return Notice(header["notice_id"], kind, header["created"], issuer.key_id, content)


def check_content(kind: str, content: Any) -> None:
    """The content holds exactly the fields of its kind, each of its type (the privacy rule:
    nothing else travels; ``docs/sync.md``)."""
    if kind != "registration_outcome":
        raise NoticeError(f"unknown notice kind {kind!r}")
    fields = {
        "outcome", "decided_on", "registration_id", "version", "resident_id",
        "inspection_id", "inspection_reference", "address",
    }  # fmt: skip
    if not isinstance(content, dict) or set(content) != fields:
        raise NoticeError("the notice's content does not have the fields of its kind")
    if content["outcome"] not in OUTCOMES:
        raise NoticeError("the notice names an unknown outcome")
    try:
        date.fromisoformat(str(content["decided_on"]))
    except ValueError as exc:
        raise NoticeError("the notice's date is not a date") from exc
    for name in ("registration_id", "resident_id", "inspection_id"):
        value = content[name]
        if value is not None and not (isinstance(value, str) and _ID.match(value)):
            raise NoticeError(f"the notice's {name} is not an id")
    if not isinstance(content["version"], int) or content["version"] < 1:
        raise NoticeError("the notice's version is not a number")
    for name in ("inspection_reference", "address"):
        value = content[name]
        if value is not None and not (isinstance(value, str) and len(value) <= 300):
            raise NoticeError(f"the notice's {name} is not text")


#: The failed checks in Dutch, for the coordinator's window (the stored reason is English).
_DUTCH = (
    ("the notice's signature does not verify", "de handtekening klopt niet (onderweg gewijzigd)"),
    ("the notice's signing key is not certified", "de sleutel is niet door kantoor gecertificeerd"),
    ("the notice is signed by a key that may not", "ondertekend met een sleutel die dit niet mag"),
    ("the notice is not sealed to a key", "niet versleuteld voor een sleutel van deze opslag"),
    ("the notice does not open", "gaat niet open met de sleutel van deze opslag"),
    ("the notice's id is not", "het nummer klopt niet met wat de dienst opgeeft"),
)


def dutch_reason(reason: str) -> str:
    """The failed check of a refused notice as a Dutch phrase."""
    for english, dutch in _DUTCH:
        if reason.startswith(english):
            return dutch
    return "het bericht is niet in orde (vorm of inhoud)"
