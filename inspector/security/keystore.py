"""Where the data key is kept: the OS keyring, or a passphrase-protected key file."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from inspector.error_kinds import KnownError
from inspector.messages import BilingualMessage
from inspector.oscompat import keep_keyring_local, replace_file
from inspector.security import passwords
from inspector.security.passwords import (
    Argon2Params,
    checked_argon2,
    checked_params,
    derive_argon2,
    derive_key,
)

KEYRING_SERVICE = "inspector"


class KeyStoreError(KnownError):
    """The data key cannot be read or written."""


def _damaged_file(path: Path) -> KeyStoreError:
    return KeyStoreError(
        "keyfile.damaged",
        "het sleutelbestand {path} is beschadigd",
        "the key file {path} is damaged",
        path=path,
    )


KEYRING_DAMAGED = BilingualMessage(
    "keyring.damaged",
    "de gegevenssleutel in de sleutelbos van het besturingssysteem is beschadigd",
    "the data key in the OS keyring is damaged",
)
WRONG_PASSPHRASE = BilingualMessage(
    "keyfile.wrong_passphrase",
    "het wachtwoord opent het sleutelbestand niet",
    "the passphrase does not open the key file",
)


class WrongPassphrase(KeyStoreError):
    """The passphrase does not open the key file."""


@dataclass(frozen=True)
class KeyringStatus:
    usable: bool
    backend: str
    reason: str


def keyring_status() -> KeyringStatus:
    """Whether an OS keyring backend is usable here, and if not, why (in plain words)."""
    # keyring is imported only where it is used: loading its backends costs ~100 ms.
    import keyring

    try:
        backend = keyring.get_keyring()
    except Exception as exc:  # noqa: BLE001 - any backend failure means "not usable"
        return KeyringStatus(
            False, "none", f"the keyring could not be loaded ({type(exc).__name__})"
        )
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    if type(backend).__module__.startswith("keyrings.alt") or "plaintext" in name.lower():
        # File-based keyrings (keyrings.alt) keep secrets in a file next to the data: no better
        # than no keyring, and the plaintext one is worse.
        return KeyringStatus(False, name, "the only keyring found keeps secrets in a plain file")
    if "fail" in type(backend).__module__ or "null" in type(backend).__module__.lower():
        return KeyringStatus(
            False,
            name,
            "no OS keyring (Secret Service, Keychain or Credential "
            "Locker) is available on this machine",
        )
    try:
        priority = float(getattr(backend, "priority", 1))
    except Exception:  # noqa: BLE001
        priority = 1.0
    if priority <= 0:
        return KeyringStatus(False, name, "the keyring backend found here is not usable")
    try:
        backend.get_password(KEYRING_SERVICE, "probe")
    except Exception as exc:  # noqa: BLE001 - e.g. no D-Bus session, locked collection
        return KeyringStatus(False, name, f"the OS keyring does not answer ({type(exc).__name__})")
    return KeyringStatus(True, name, "")


class KeyringKeyStore:
    """The data key in the OS keyring, one entry per store."""

    def __init__(self, store_id: str) -> None:
        self._user = f"datakey:{store_id}"

    def save(self, key: bytes) -> None:
        import keyring
        import keyring.errors

        try:
            keep_keyring_local(keyring.get_keyring())  # Windows: not roaming with the profile
            keyring.set_password(KEYRING_SERVICE, self._user, base64.b64encode(key).decode())
        except keyring.errors.KeyringError as exc:
            raise KeyStoreError(
                "keyring.refused_key",
                "de sleutelbos van het besturingssysteem weigert de gegevenssleutel op te slaan "
                "({kind})",
                "the OS keyring refused to store the data key ({kind})",
                kind=type(exc).__name__,
            ) from exc

    def load(self) -> bytes:
        import keyring
        import keyring.errors

        try:
            value = keyring.get_password(KEYRING_SERVICE, self._user)
        except keyring.errors.KeyringError as exc:
            raise KeyStoreError(
                "keyring.unreadable",
                "de sleutelbos van het besturingssysteem kan niet worden gelezen ({kind})",
                "the OS keyring cannot be read ({kind})",
                kind=type(exc).__name__,
            ) from exc
        if value is None:
            raise KeyStoreError(
                "keyring.key_missing",
                "de gegevenssleutel van deze opslag ontbreekt in de sleutelbos van het "
                "besturingssysteem; zet hem terug of gebruik een back-up van de sleutelbos",
                "the data key of this store is missing from the OS keyring; "
                "restore it or use a backup of the keyring",
            )
        try:
            key = base64.b64decode(value, validate=True)
        except ValueError as exc:
            raise KeyStoreError(KEYRING_DAMAGED) from exc
        if len(key) != 32:
            raise KeyStoreError(KEYRING_DAMAGED)
        return key

    def get_extra(self, name: str) -> str | None:
        """A small non-secret value kept with the key (the audit anchor), or None."""
        import keyring
        import keyring.errors

        try:
            return keyring.get_password(KEYRING_SERVICE, f"{name}:{self._user}")
        except keyring.errors.KeyringError:
            return None

    def set_extra(self, name: str, value: str) -> None:
        import keyring
        import keyring.errors

        try:
            keyring.set_password(KEYRING_SERVICE, f"{name}:{self._user}", value)
        except keyring.errors.KeyringError as exc:
            raise KeyStoreError(
                "keyring.refused_value",
                "de sleutelbos van het besturingssysteem weigert een waarde op te slaan",
                "the OS keyring refused to store a value",
            ) from exc

    def delete(self) -> None:
        import keyring
        import keyring.errors

        try:
            keyring.delete_password(KEYRING_SERVICE, self._user)
        except keyring.errors.PasswordDeleteError:
            pass


KEYFILE_VERSION = 2
_TAG_PURPOSE = b"inspector key-file entry v2"
#: At most this many groups of entries at a cost the file had before (``older``): each costs
#: one more derivation per attempt, so a tampered file must not add many.
MAX_OLDER_GROUPS = 4


def _not_verified(path: Path) -> KeyStoreError:
    return KeyStoreError(
        "keyfile.not_verified",
        "het nieuwe sleutelbestand {path} kon niet worden gecontroleerd; het oude is bewaard",
        "the new key file {path} could not be verified; the old one was kept",
        path=path,
    )


def _sync_folder(folder: Path) -> None:
    """Make a rename in *folder* durable (POSIX; Windows has no directory handles for this)."""
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class PreparedKey:
    """The key file's derivation done ahead, for one password text, while it is typed.

    Holds the derived key-encryption key in memory only (never written), for the key file's
    salt and cost at the time, and a keyed digest of the text it is for (under a random key of
    this object: nothing here tests a guess). :meth:`key_for` gives it back only for that very
    text, salt and cost; :meth:`wipe` overwrites it. Deriving ahead checks nothing: whether the
    text opens the key file is found out only by :meth:`KeyFileKeyStore.open`, after the
    attempt is counted (``vault.unlock``).
    """

    def __init__(self, password: str, salt: bytes, params: Argon2Params, kek: bytes) -> None:
        self._mac_key = os.urandom(32)
        self._digest = self._of(password)
        self.salt = salt
        self.params = params
        self._kek: bytearray | None = bytearray(kek)

    def _of(self, password: str) -> bytes:
        return hmac.new(self._mac_key, password.encode("utf-8"), hashlib.sha256).digest()

    def key_for(self, password: str, salt: bytes, params: Argon2Params) -> bytes | None:
        """The derived key when it is for *password* at *salt* and *params*, else None."""
        if self._kek is None or salt != self.salt or params != self.params:
            return None
        if not hmac.compare_digest(self._digest, self._of(password)):
            return None
        return bytes(self._kek)

    def wipe(self) -> None:
        if self._kek is not None:
            for i in range(len(self._kek)):
                self._kek[i] = 0
            self._kek = None


class KeyFileKeyStore:
    """The data key wrapped once per officer with a key derived from that officer's password.

    Format 2: one Argon2id derivation per attempt, whoever tries: the derived key's tag
    (an HMAC) finds the officer's entry, so no username look-up needs to lie in the files and
    an unknown username costs exactly as much as a known one. Entries of format 1 (scrypt, one
    per officer) are still read, and replaced by format 2 at that officer's next unlock.
    """

    def __init__(self, path: Path) -> None:
        self.path = path

    def _read_all(self) -> dict[str, Any]:
        if not self.path.exists():
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise KeyStoreError(
                "keyfile.unreadable",
                "het sleutelbestand {path} kan niet worden gelezen",
                "the key file {path} cannot be read",
                path=self.path,
            ) from exc
        if not isinstance(data, dict):
            raise _damaged_file(self.path)
        return data

    def _read(self) -> dict[str, dict[str, str | int]]:
        """Format-1 entries (scrypt per officer)."""
        data = self._read_all()
        entries = data.get("legacy" if data.get("version") == KEYFILE_VERSION else "entries", {})
        if not isinstance(entries, dict):
            raise _damaged_file(self.path)
        return entries

    def _kdf(self, data: dict[str, Any]) -> tuple[bytes, Argon2Params]:
        """The salt and cost of the file's entries (a new salt at today's cost when it has none
        yet: a new file, or one of format 1)."""
        kdf = data.get("kdf")
        if not isinstance(kdf, dict):
            return os.urandom(16), passwords.ARGON2
        return self._parsed_kdf(kdf)

    def _parsed_kdf(self, kdf: object) -> tuple[bytes, Argon2Params]:
        if not isinstance(kdf, dict):
            raise _damaged_file(self.path)
        try:
            params = checked_argon2(int(kdf["t"]), int(kdf["m"]), int(kdf["p"]))
            return base64.b64decode(str(kdf["salt"])), params
        except (KeyError, ValueError, TypeError) as exc:
            raise _damaged_file(self.path) from exc

    def _older(self, data: dict[str, Any]) -> list[dict[str, Any]]:
        """The groups of entries still at a cost the file had before (``older``): each
        ``{"kdf": ..., "entries": ...}``, checked; [] when there are none."""
        older = data.get("older", []) if data.get("version") == KEYFILE_VERSION else []
        if not isinstance(older, list) or len(older) > MAX_OLDER_GROUPS:
            raise _damaged_file(self.path)
        for group in older:
            if not isinstance(group, dict) or not isinstance(group.get("entries"), dict):
                raise _damaged_file(self.path)
            self._parsed_kdf(group.get("kdf"))
        return older

    @contextmanager
    def _exclusive(self) -> Iterator[None]:
        """One read-modify-write of the key file at a time: the window and the CLI may both
        renew the audit anchor kept here (after every change) while one adds an officer's
        entry; without the lock the later writer could drop the other's change."""
        lock = self.path.with_name(self.path.name + ".lock")
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
                import msvcrt

                msvcrt.locking(fd, msvcrt.LK_LOCK, 1)
            else:
                import fcntl

                fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # closing the descriptor releases the lock

    def _write(self, data: dict[str, Any], verify: Callable[[Path], None] | None = None) -> None:
        """Replace the key file by *data* in one step (a reader sees the old or the new file).

        *verify*, when given, reads the new file back from the disk before it takes the old
        one's place; if it raises, the new file is removed and the old one stays."""
        # A name of its own per process: two writers never share a half-written file.
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(json.dumps(data, indent=1))
                fh.flush()
                os.fsync(fh.fileno())
            if verify is not None:
                verify(tmp)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        replace_file(tmp, self.path)  # retried while a scanner holds the file (Windows)
        if verify is not None:
            _sync_folder(self.path.parent)  # the new entry survives a power cut from here on

    def wrap(self, officer_id: str, password: str, key: bytes, params: object = None) -> None:
        """Add or replace the entry that lets *officer_id*'s password open the data key, at
        today's cost (``passwords.ARGON2``).

        When the file's entries were made at another cost, this officer's entry gets a new salt
        at today's cost and the other officers' entries keep theirs, as a group in ``older``,
        until each of them unlocks. The new file is read back and checked to open the data key
        before it replaces the old one."""
        with self._exclusive():
            self._wrap(officer_id, password, key)

    def _wrap(self, officer_id: str, password: str, key: bytes) -> None:
        # Every writer holds the lock while its temporary file exists: one found now was left
        # by a process that died while writing (the key file itself is whole, old or new).
        for left in self.path.parent.glob(f".{self.path.name}.*.tmp"):
            left.unlink(missing_ok=True)
        data = self._read_all()
        salt, argon = self._kdf(data)
        current = data.get("version") == KEYFILE_VERSION
        if current and not isinstance(data.get("entries", {}), dict):
            raise _damaged_file(self.path)
        entries = dict(data.get("entries") or {}) if current else {}
        older = [
            {"kdf": group["kdf"], "entries": dict(group["entries"])} for group in self._older(data)
        ]
        if current and isinstance(data.get("kdf"), dict) and argon != passwords.ARGON2:
            # The file's cost is not today's: this entry moves to today's cost (a new salt);
            # the others keep theirs until their officers unlock.
            entries.pop(officer_id, None)
            if entries:
                older.insert(0, {"kdf": data["kdf"], "entries": entries})
            entries = {}
            salt, argon = os.urandom(16), passwords.ARGON2
        for group in older:
            group["entries"].pop(officer_id, None)
        older = [group for group in older if group["entries"]]
        if len(older) > MAX_OLDER_GROUPS:
            raise KeyStoreError(
                "keyfile.too_many_costs",
                "het sleutelbestand heeft te veel verschillende kosten; laat de andere "
                "medewerkers eerst eenmaal ontgrendelen",
                "the key file holds too many different costs; let the other officers "
                "unlock once first",
            )
        legacy = self._read() if data else {}
        legacy.pop(officer_id, None)
        kek = derive_argon2(password, salt, argon)
        tag = hmac.new(kek, _TAG_PURPOSE, hashlib.sha256).hexdigest()
        nonce = os.urandom(12)
        wrapped = AESGCM(kek).encrypt(nonce, key, _entry_aad(officer_id, tag))
        entries[officer_id] = {
            "tag": tag,
            "nonce": base64.b64encode(nonce).decode(),
            "wrapped": base64.b64encode(wrapped).decode(),
        }
        out: dict[str, Any] = {
            "version": KEYFILE_VERSION,
            "kdf": {
                "alg": "argon2id",
                "t": argon.t,
                "m": argon.m,
                "p": argon.p,
                "salt": base64.b64encode(salt).decode(),
            },
            "entries": entries,
        }
        if older:
            out["older"] = older
        if legacy:
            out["legacy"] = legacy
        if isinstance(data.get("extra"), dict):
            out["extra"] = data["extra"]

        def verify(written: Path) -> None:
            # What is on the disk now is what was meant, and it opens the data key.
            try:
                back = json.loads(written.read_text(encoding="utf-8"))
                entry = back["entries"][officer_id]
                opened = AESGCM(kek).decrypt(
                    base64.b64decode(entry["nonce"]),
                    base64.b64decode(entry["wrapped"]),
                    _entry_aad(officer_id, str(entry["tag"])),
                )
            except (OSError, ValueError, KeyError, TypeError, InvalidTag) as exc:
                raise _not_verified(self.path) from exc
            if back != out or not hmac.compare_digest(opened, key):
                raise _not_verified(self.path)

        self._write(out, verify)

    def needs_rewrap(self, officer_id: str) -> bool:
        """True when *officer_id*'s entry is not at today's cost (``passwords.ARGON2``): an
        entry of format 1 (scrypt), of an older group, or a file made at another cost."""
        data = self._read_all()
        if data.get("version") != KEYFILE_VERSION:
            return True
        entries = data.get("entries")
        _salt, argon = self._kdf(data)
        return argon != passwords.ARGON2 or not (
            isinstance(entries, dict) and officer_id in entries
        )

    def cost_of(self, officer_id: str) -> str:
        """The cost *officer_id*'s entry was made at, in words for the audit log (no secret):
        ``argon2id t=10 m=65536 p=4``, ``scrypt n=32768 r=8 p=1`` or ``none``."""
        data = self._read_all()
        groups = [data] if data.get("version") == KEYFILE_VERSION else []
        for group in [*groups, *self._older(data)]:
            entries = group.get("entries")
            if isinstance(entries, dict) and officer_id in entries:
                _salt, a = self._parsed_kdf(group.get("kdf"))
                return f"argon2id t={a.t} m={a.m} p={a.p}"
        entry = self._read().get(officer_id)
        if isinstance(entry, dict):
            return f"scrypt n={entry.get('n')} r={entry.get('r')} p={entry.get('p')}"
        return "none"

    def has_entry(self, officer_id: str) -> bool:
        data = self._read_all()
        entries = data.get("entries", {}) if data.get("version") == KEYFILE_VERSION else {}
        older = any(officer_id in group["entries"] for group in self._older(data))
        return officer_id in entries or older or officer_id in self._read()

    def prepare(self, password: str) -> PreparedKey:
        """Run the derivation for *password* ahead (while the officer types): one Argon2id
        run, nothing checked, nothing written, no attempt counted."""
        return self.prepare_at(password, *self.kdf())

    def kdf(self) -> tuple[bytes, Argon2Params]:
        """The salt and cost the file's derivation uses now (both public: in the file)."""
        return self._kdf(self._read_all())

    @staticmethod
    def prepare_at(password: str, salt: bytes, params: Argon2Params) -> PreparedKey:
        """:meth:`prepare` at a salt and cost read before (no file read: the derivation starts
        at once). Used only if the file still has them (``PreparedKey.key_for``)."""
        return PreparedKey(password, salt, params, derive_argon2(password, salt, params))

    def open(self, password: str, prepared: PreparedKey | None = None) -> list[tuple[str, bytes]]:
        """The (officer id, data key) pairs *password* opens: one Argon2id run per cost the
        file holds (one, except while older entries wait for their officers: see :meth:`wrap`),
        the first of them skipped when *prepared* holds it for this password, salt and cost.
        Every group is tried whatever is found, so an attempt costs the same for everyone."""
        data = self._read_all()
        salt, argon = self._kdf(data)
        kek = prepared.key_for(password, salt, argon) if prepared is not None else None
        if kek is None:
            kek = derive_argon2(password, salt, argon)
        if data.get("version") != KEYFILE_VERSION:
            return []
        found = self._found(data.get("entries", {}), kek)
        for group in self._older(data):
            group_salt, group_cost = self._parsed_kdf(group["kdf"])
            found += self._found(group["entries"], derive_argon2(password, group_salt, group_cost))
        return found

    def _found(self, entries: object, kek: bytes) -> list[tuple[str, bytes]]:
        """The (officer id, data key) of the *entries* that *kek* opens."""
        if not isinstance(entries, dict):
            raise _damaged_file(self.path)
        tag = hmac.new(kek, _TAG_PURPOSE, hashlib.sha256).hexdigest()
        found = []
        for officer_id, entry in entries.items():
            try:
                if not hmac.compare_digest(str(entry["tag"]), tag):
                    continue
                key = AESGCM(kek).decrypt(
                    base64.b64decode(str(entry["nonce"])),
                    base64.b64decode(str(entry["wrapped"])),
                    _entry_aad(officer_id, tag),
                )
            except InvalidTag:
                continue
            except (KeyError, ValueError, TypeError) as exc:
                raise _damaged_file(self.path) from exc
            found.append((officer_id, key))
        return found

    def get_extra(self, name: str) -> str | None:
        """A small non-secret value kept with the wrapped key (the audit anchor), or None."""
        extra = self._read_all().get("extra", {})
        value = extra.get(name) if isinstance(extra, dict) else None
        return value if isinstance(value, str) else None

    def set_extra(self, name: str, value: str) -> None:
        with self._exclusive():
            data = self._read_all()
            if not data:
                raise KeyStoreError(
                    "keyfile.missing",
                    "het sleutelbestand {path} ontbreekt",
                    "the key file {path} is missing",
                    path=self.path,
                )
            extra = data.get("extra")
            data["extra"] = {**(extra if isinstance(extra, dict) else {}), name: value}
            self._write(data)

    def legacy_officers(self) -> list[str]:
        return list(self._read())

    def unwrap(self, officer_id: str, password: str) -> bytes:
        """The data key from *officer_id*'s entry (format 2, or a format-1 scrypt entry)."""
        data = self._read_all()
        entries = data.get("entries") if data.get("version") == KEYFILE_VERSION else None
        older = any(officer_id in group["entries"] for group in self._older(data))
        if (isinstance(entries, dict) and officer_id in entries) or older:
            for found_id, key in self.open(password):
                if found_id == officer_id:
                    return key
            raise WrongPassphrase(WRONG_PASSPHRASE)
        entry = self._read().get(officer_id)
        if entry is None:
            raise WrongPassphrase(
                "keyfile.no_entry",
                "het sleutelbestand heeft geen sleutel voor deze medewerker",
                "no key-file entry for this officer",
            )
        try:
            params = checked_params(int(entry["n"]), int(entry["r"]), int(entry["p"]))
            kek = derive_key(password, base64.b64decode(str(entry["salt"])), params)
            return AESGCM(kek).decrypt(
                base64.b64decode(str(entry["nonce"])),
                base64.b64decode(str(entry["wrapped"])),
                officer_id.encode(),
            )
        except InvalidTag as exc:
            raise WrongPassphrase(WRONG_PASSPHRASE) from exc
        except (KeyError, ValueError) as exc:
            raise _damaged_file(self.path) from exc


def _entry_aad(officer_id: str, tag: str) -> bytes:
    return b"inspector key-file v2\x00" + officer_id.encode() + b"\x00" + tag.encode()
