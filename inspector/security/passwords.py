"""Officer passwords and PINs: slow hashing and key derivation (Argon2id; scrypt read for old
stores), and the strength check for new passwords."""

from __future__ import annotations

import base64
import hmac
import os
import sys
from dataclasses import dataclass

from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from inspector.messages import BilingualMessage

MIN_PASSWORD_LENGTH = 6
#: Where no OS keyring holds the data key, the password alone protects the key file against an
#: offline guessing attack, so a PIN is not enough there.
MIN_KEYFILE_PASSWORD_LENGTH = 10
#: zxcvbn score (0-4) a key-file password needs: 3 = "safely unguessable" offline with a
#: slow hash.
MIN_KEYFILE_SCORE = 3
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


@dataclass(frozen=True)
class Argon2Params:
    """Argon2id cost (passes, KiB of memory, lanes); stored with what it protects so that it
    can grow later."""

    t: int
    m: int
    p: int


#: The key file's passes and memory: 56 passes over 16 MiB, about half a second of one laptop
#: core per guess, memory-hard (#10 point 5; docs/security.md, "The key file's cost"). As much
#: work per guess as the 10 passes over 64 MiB in one lane before (484 vs 504 ms of CPU measured
#: side by side; smaller memory is faster per pass), and 16 MiB instead of 64 keeps the unlock
#: within its memory goal (#16: bare window + 120 MB).
KEY_FILE_PASSES, KEY_FILE_MEMORY = 56, 16384
#: At most four lanes (RFC 9106 section 4's recommendation; ARGON2_BOUNDS).
MAX_LANES = 4


def machine_lanes() -> int:
    """The cores this process may run on (its CPU affinity where the OS tells it, else the
    machine's count), from 1 to MAX_LANES: the lanes of a key file made here."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # no affinity call on this OS (Windows, macOS)
        cores = os.cpu_count() or 1
    return max(1, min(MAX_LANES, cores))


def key_file_cost(lanes: int | None = None) -> Argon2Params:
    """The key file's cost on a machine with *lanes* cores (default: this one's).

    The lanes do not change the work per guess: the passes times the memory, all lanes
    together, is what a guesser computes for each password he tries, whatever the lanes (and
    he runs one guess per core anyway). They only let the defender spread that work over his
    own cores, so the officer waits about a half (two cores) or a quarter (four) of it. More
    lanes than cores do not shorten the wait but make the lanes' threads contend at each of
    the 4 x t synchronisation points, so the lanes follow the cores of the machine the key
    file is made on (RFC 9106 section 4: the lanes by the cores the defender has)."""
    return Argon2Params(KEY_FILE_PASSES, KEY_FILE_MEMORY, lanes or machine_lanes())


#: Production cost of the key file (and of the password hash beside it) on this machine: 56
#: passes over 16 MiB in as many lanes as it has cores, at most 4 (key_file_cost). A key file
#: made with other lanes (on another machine, or the fixed 4 lanes of before) is wrapped again
#: at this cost at its officer's next unlock (vault._rewrap_key_file).
#: Tests lower it in conftest to keep the suite fast.
ARGON2 = key_file_cost()
#: The password hash where the OS keyring holds the data key: there the hash only gates the
#: screen (the key never depends on the password), so it takes OWASP's minimum for password
#: storage (Argon2id, 19 MiB, 2 passes; tens of milliseconds) and the unlock stays quick. Where a
#: key file holds the data key, the hash keeps the key file's cost: a cheaper hash beside the
#: key file would be the easier target for the same password (docs/security.md).
#: Tests lower it in conftest.
GATE_ARGON2 = Argon2Params(t=2, m=19456, p=1)
#: Bounds for stored Argon2 parameters: a tampered file must not exhaust memory or time, nor
#: make guessing cheap.
ARGON2_BOUNDS = {"t": (1, 64), "m": (1024, 1024 * 1024), "p": (1, 4)}
#: And for the work of one derivation (passes x KiB): 4 GiB of passes, 4.5 times today's, so a
#: tampered file cannot make one attempt take minutes.
MAX_ARGON2_WORK = 4 * 1024 * 1024


def checked_argon2(t: int, m: int, p: int) -> Argon2Params:
    for name, value in (("t", t), ("m", m), ("p", p)):
        low, high = ARGON2_BOUNDS[name]
        if not low <= value <= high:
            raise ValueError("Argon2 parameters out of bounds")
    if t * m > MAX_ARGON2_WORK:
        raise ValueError("Argon2 parameters out of bounds")
    return Argon2Params(t, m, p)


#: glibc's M_MMAP_THRESHOLD (mallopt), and the size from which blocks are always mapped: above
#: Qt's window buffers (a 1366x768 window is 4.2 MB), below the KDF's 16 MiB.
_M_MMAP_THRESHOLD, _MAPPED_FROM = -3, 8 * 1024 * 1024
_kdf_memory_returned = False


def _return_kdf_memory() -> None:
    """Make the KDF's memory go back to the OS when it is freed (Linux with glibc).

    glibc maps a large block with mmap and unmaps it on free, but after the first such free it
    raises its threshold to that size (up to 32 MiB): from then on the 16 MiB of Argon2id come
    from the heap of the thread that derives and stay resident after use — one copy per thread
    that ever derived (the derivation ahead while typing, the unlock's worker, the idle lock's
    check), measured as +29 MB on the unlock's peak memory. A fixed threshold of 8 MiB keeps
    such blocks mapped. (``malloc_trim`` after each derivation does not help: it leaves the
    top of a thread's heap alone, where the freed block lies.)"""
    global _kdf_memory_returned
    if _kdf_memory_returned:
        return
    _kdf_memory_returned = True
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        mallopt = ctypes.CDLL(None).mallopt  # absent with another C library (musl)
    except (OSError, AttributeError):
        return
    mallopt(_M_MMAP_THRESHOLD, _MAPPED_FROM)


def ready_kdf() -> None:
    """Load Argon2id's module and set the KDF's memory handling now (the start-up preloader),
    so that the first derivation — at Return — starts at once."""
    import argon2.low_level  # noqa: F401

    _return_kdf_memory()


def derive_argon2(secret: str, salt: bytes, params: Argon2Params | None = None) -> bytes:
    """A 32-byte key from *secret* with Argon2id (argon2-cffi)."""
    from argon2.low_level import Type, hash_secret_raw

    _return_kdf_memory()
    a = params or ARGON2
    return hash_secret_raw(secret.encode("utf-8"), salt, a.t, a.m, a.p, 32, Type.ID)


def derive_key(secret: str, salt: bytes, params: KdfParams | None = None) -> bytes:
    """A 32-byte key from *secret* with scrypt."""
    p = params or DEFAULT_PARAMS
    return Scrypt(salt=salt, length=32, n=p.n, r=p.r, p=p.p).derive(secret.encode("utf-8"))


def checked_params(n: int, r: int, p: int) -> KdfParams:
    """Stored scrypt parameters, refused (ValueError) when out of sane bounds."""
    if not (2 <= n <= MAX_N and n & (n - 1) == 0 and 1 <= r <= MAX_R and 1 <= p <= MAX_P):
        raise ValueError("scrypt parameters out of bounds")
    return KdfParams(n, r, p)


def hash_params(key_file: bool) -> Argon2Params:
    """The cost of an officer's password hash: the key file's where a key file holds the data
    key, the screen gate's (GATE_ARGON2) where the OS keyring does."""
    return ARGON2 if key_file else GATE_ARGON2


def hash_password(password: str, params: Argon2Params | None = None) -> str:
    """An encoded Argon2id hash: ``argon2id$t$m$p$salt$hash`` (cost *params*, default the key
    file's)."""
    a = params or ARGON2
    salt = os.urandom(16)
    digest = derive_argon2(password, salt, a)
    return "$".join(["argon2id", str(a.t), str(a.m), str(a.p), _b64(salt), _b64(digest)])


def verify_password(password: str, encoded: str) -> bool:
    """True when *password* matches the encoded hash (constant-time comparison).

    Reads Argon2id hashes and the scrypt hashes of older stores.
    """
    try:
        scheme, a, b, c, salt, digest = encoded.split("$")
        expected = _unb64(digest)
        if scheme == "argon2id":
            actual = derive_argon2(password, _unb64(salt), checked_argon2(int(a), int(b), int(c)))
        elif scheme == "scrypt":
            params = checked_params(int(a), int(b), int(c))
            actual = derive_key(password, _unb64(salt), params)
        else:
            return False
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(expected, actual)


def needs_rehash(encoded: str, params: Argon2Params | None = None) -> bool:
    """True for a hash of an older scheme (scrypt) or of another cost than *params* (default
    the key file's): it is replaced at the next unlock."""
    a = params or ARGON2
    return not encoded.startswith(f"argon2id${a.t}${a.m}${a.p}$")


def spend_like_a_check(password: str, params: Argon2Params | None = None) -> None:
    """Cost the same as one real password check (an unknown username must not answer faster):
    one Argon2id run at the cost *params* (default the key file's) against a random digest that
    matches nothing."""
    a = params or ARGON2
    dummy = "$".join(
        ["argon2id", str(a.t), str(a.m), str(a.p), _b64(os.urandom(16)), _b64(os.urandom(32))]
    )
    verify_password(password, dummy)


def password_problem(password: str, *, key_file: bool = False) -> BilingualMessage | None:
    """Why *password* is not acceptable for a new account, or None."""
    if key_file and len(password) < MIN_KEYFILE_PASSWORD_LENGTH:
        return BilingualMessage(
            "password.too_short_keyfile",
            f"zonder sleutelbos van het besturingssysteem moet het wachtwoord ten minste "
            f"{MIN_KEYFILE_PASSWORD_LENGTH} tekens hebben: alleen het beschermt de gegevenssleutel",
            f"without an OS keyring the password must have at least "
            f"{MIN_KEYFILE_PASSWORD_LENGTH} characters: it alone protects the data key",
        )
    if len(password) < MIN_PASSWORD_LENGTH:
        return BilingualMessage(
            "password.too_short",
            f"het wachtwoord of de pincode moet ten minste {MIN_PASSWORD_LENGTH} tekens hebben",
            f"the password or PIN must have at least {MIN_PASSWORD_LENGTH} characters",
        )
    if password.strip() != password:
        return BilingualMessage(
            "password.spaces",
            "het wachtwoord mag niet met een spatie beginnen of eindigen",
            "the password may not start or end with a space",
        )
    if key_file:
        return _guessable(password)
    return None


def _guessable(password: str) -> BilingualMessage | None:
    """zxcvbn's estimate (common passwords, words, patterns, repeats, sequences)."""
    from zxcvbn import zxcvbn

    result = zxcvbn(password[:100])
    if int(result["score"]) >= MIN_KEYFILE_SCORE:
        return None
    return BilingualMessage(
        "password.guessable",
        "dit wachtwoord is te makkelijk te raden (een bekend wachtwoord, een woord, een reeks "
        "of herhaling); kies een langere zin van een paar gewone woorden",
        "this password is too easy to guess (a common password, a word, a sequence or a "
        "repeat); choose a longer sentence of a few ordinary words",
    )


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
