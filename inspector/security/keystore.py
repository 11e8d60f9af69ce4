"""Where the data key is kept: the OS keyring, or a passphrase-protected key file."""

from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from inspector.oscompat import keep_keyring_local, replace_file
from inspector.security.passwords import DEFAULT_PARAMS, KdfParams, checked_params, derive_key

KEYRING_SERVICE = "inspector"


class KeyStoreError(Exception):
    """The data key cannot be read or written."""


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
            raise KeyStoreError(f"the OS keyring refused to store the data key ({exc})") from exc

    def load(self) -> bytes:
        import keyring
        import keyring.errors

        try:
            value = keyring.get_password(KEYRING_SERVICE, self._user)
        except keyring.errors.KeyringError as exc:
            raise KeyStoreError(f"the OS keyring cannot be read ({exc})") from exc
        if value is None:
            raise KeyStoreError(
                "the data key of this store is missing from the OS keyring; "
                "restore it or use a backup of the keyring"
            )
        try:
            key = base64.b64decode(value, validate=True)
        except ValueError as exc:
            raise KeyStoreError("the data key in the OS keyring is damaged") from exc
        if len(key) != 32:
            raise KeyStoreError("the data key in the OS keyring is damaged")
        return key

    def delete(self) -> None:
        import keyring
        import keyring.errors

        try:
            keyring.delete_password(KEYRING_SERVICE, self._user)
        except keyring.errors.PasswordDeleteError:
            pass


class KeyFileKeyStore:
    """The data key wrapped once per officer with a key derived from that officer's password."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _read(self) -> dict[str, dict[str, str | int]]:
        if not self.path.exists():
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise KeyStoreError(f"the key file {self.path} cannot be read") from exc
        entries = data.get("entries", {})
        if not isinstance(entries, dict):
            raise KeyStoreError(f"the key file {self.path} is damaged")
        return entries

    def wrap(
        self, officer_id: str, password: str, key: bytes, params: KdfParams | None = None
    ) -> None:
        """Add or replace the entry that lets *officer_id*'s password open the data key."""
        p = params or DEFAULT_PARAMS
        salt, nonce = os.urandom(16), os.urandom(12)
        kek = derive_key(password, salt, p)
        wrapped = AESGCM(kek).encrypt(nonce, key, officer_id.encode())
        entries = self._read()
        entries[officer_id] = {
            "kdf": "scrypt",
            "n": p.n,
            "r": p.r,
            "p": p.p,
            "salt": base64.b64encode(salt).decode(),
            "nonce": base64.b64encode(nonce).decode(),
            "wrapped": base64.b64encode(wrapped).decode(),
        }
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"version": 1, "entries": entries}, indent=1), encoding="utf-8")
        os.chmod(tmp, 0o600)
        replace_file(tmp, self.path)  # retried while a scanner holds the file (Windows)

    def has_entry(self, officer_id: str) -> bool:
        return officer_id in self._read()

    def unwrap(self, officer_id: str, password: str) -> bytes:
        entry = self._read().get(officer_id)
        if entry is None:
            raise WrongPassphrase("no key-file entry for this officer")
        try:
            params = checked_params(int(entry["n"]), int(entry["r"]), int(entry["p"]))
            kek = derive_key(password, base64.b64decode(str(entry["salt"])), params)
            return AESGCM(kek).decrypt(
                base64.b64decode(str(entry["nonce"])),
                base64.b64decode(str(entry["wrapped"])),
                officer_id.encode(),
            )
        except InvalidTag as exc:
            raise WrongPassphrase("the passphrase does not open the key file") from exc
        except (KeyError, ValueError) as exc:
            raise KeyStoreError(f"the key file {self.path} is damaged") from exc
