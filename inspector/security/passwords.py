"""Officer passwords and PINs: slow hashing (scrypt) and key derivation for the key file."""

from __future__ import annotations

import base64
import hmac
import os
from dataclasses import dataclass

from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

MIN_PASSWORD_LENGTH = 6
#: Where no OS keyring holds the data key, the password alone protects the key file against an
#: offline guessing attack, so a PIN is not enough there.
MIN_KEYFILE_PASSWORD_LENGTH = 10
#: Upper bounds for stored scrypt parameters: a tampered file must not exhaust memory.
MAX_N, MAX_R, MAX_P = 2**20, 16, 4


@dataclass(frozen=True)
class KdfParams:
    """scrypt cost; the stored hash records its own parameters so they can grow later."""

    n: int = 2**15
    r: int = 8
    p: int = 1


#: Production cost (~100 ms, 32 MiB). Tests lower it in conftest to keep the suite fast.
DEFAULT_PARAMS = KdfParams()


def derive_key(secret: str, salt: bytes, params: KdfParams | None = None) -> bytes:
    """A 32-byte key from *secret* with scrypt."""
    p = params or DEFAULT_PARAMS
    return Scrypt(salt=salt, length=32, n=p.n, r=p.r, p=p.p).derive(secret.encode("utf-8"))


def checked_params(n: int, r: int, p: int) -> KdfParams:
    """Stored scrypt parameters, refused (ValueError) when out of sane bounds."""
    if not (2 <= n <= MAX_N and n & (n - 1) == 0 and 1 <= r <= MAX_R and 1 <= p <= MAX_P):
        raise ValueError("scrypt parameters out of bounds")
    return KdfParams(n, r, p)


def hash_password(password: str, params: KdfParams | None = None) -> str:
    """An encoded scrypt hash: ``scrypt$n$r$p$salt$hash``."""
    p = params or DEFAULT_PARAMS
    salt = os.urandom(16)
    digest = derive_key(password, salt, p)
    return "$".join(["scrypt", str(p.n), str(p.r), str(p.p), _b64(salt), _b64(digest)])


def verify_password(password: str, encoded: str) -> bool:
    """True when *password* matches the encoded hash (constant-time comparison)."""
    try:
        scheme, n, r, p, salt, digest = encoded.split("$")
        if scheme != "scrypt":
            return False
        params = checked_params(int(n), int(r), int(p))
        expected = _unb64(digest)
        actual = derive_key(password, _unb64(salt), params)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(expected, actual)


def password_problem(password: str, *, key_file: bool = False) -> str | None:
    """Why *password* is not acceptable for a new account, or None."""
    if key_file and len(password) < MIN_KEYFILE_PASSWORD_LENGTH:
        return (
            f"without an OS keyring the password must have at least "
            f"{MIN_KEYFILE_PASSWORD_LENGTH} characters: it alone protects the data key"
        )
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"the password or PIN must have at least {MIN_PASSWORD_LENGTH} characters"
    if password.strip() != password:
        return "the password may not start or end with a space"
    return None


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
