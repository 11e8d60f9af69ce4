"""Creating a store, and unlocking it: data key from the keyring or key file, officer check."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Literal

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from inspector.core.audit import append as audit_append
from inspector.paths import DataPaths
from inspector.security.crypto import DataCipher, new_data_key
from inspector.security.keystore import (
    KeyFileKeyStore,
    KeyringKeyStore,
    KeyStoreError,
    WrongPassphrase,
    keyring_status,
)
from inspector.security.passwords import hash_password, password_problem, verify_password
from inspector.settings import Municipality, Settings, load_settings, save_settings
from inspector.storage.db import Database, StoreDamaged, check_database_file, is_write_failure
from inspector.storage.models import ROLES, Officer, new_id

if TYPE_CHECKING:
    from inspector.core.workspace import Workspace

KeyMode = Literal["keyring", "keyfile"]
ENV_PASSPHRASE = "INSPECTOR_PASSPHRASE"
ENV_OFFICER = "INSPECTOR_OFFICER"

#: Wrong attempts allowed before the waiting starts; then 30 s, doubling, at most 15 minutes.
FREE_ATTEMPTS = 3
FIRST_DELAY_S = 30.0
MAX_DELAY_S = 900.0


class VaultError(Exception):
    """A store cannot be created or opened; the message is one sentence for the user."""


class StoreMissing(VaultError):
    pass


class StoreDamagedError(VaultError):
    """The database file is missing or damaged while the store's key and bookkeeping exist."""


DAMAGED_HINT = (
    "de database is beschadigd of ontbreekt ({0}); er is niets gewijzigd en geen lege database "
    "aangemaakt. 'inspector doctor' zegt wat er aan de hand is en hoe u een reservekopie "
    "terugzet"
)


class StoreExists(VaultError):
    pass


class WrongCredentials(VaultError):
    pass


class UsernameNeeded(VaultError):
    pass


class LockedOut(VaultError):
    def __init__(self, seconds: float) -> None:
        super().__init__(f"too many wrong attempts; try again in {int(seconds) + 1} seconds")
        self.seconds = seconds


@dataclass(frozen=True)
class OfficerInfo:
    id: str
    name: str
    username: str
    role: str


@dataclass(frozen=True)
class StoreMeta:
    store_id: str
    key_mode: KeyMode
    lookup_salt: bytes
    created_at: str

    @classmethod
    def read(cls, paths: DataPaths) -> StoreMeta:
        try:
            raw = json.loads(paths.store_meta.read_text(encoding="utf-8"))
            return cls(
                store_id=str(raw["store_id"]),
                key_mode="keyfile" if raw["key_mode"] == "keyfile" else "keyring",
                lookup_salt=base64.b64decode(raw["lookup_salt"]),
                created_at=str(raw["created_at"]),
            )
        except FileNotFoundError as exc:
            raise StoreMissing(f"no store in {paths.root}; run 'inspector init' first") from exc
        except (OSError, ValueError, KeyError) as exc:
            raise VaultError(f"{paths.store_meta} is damaged and cannot be read") from exc

    def write(self, paths: DataPaths) -> None:
        data = {
            "store_id": self.store_id,
            "key_mode": self.key_mode,
            "lookup_salt": base64.b64encode(self.lookup_salt).decode(),
            "created_at": self.created_at,
        }
        paths.store_meta.write_text(json.dumps(data, indent=1), encoding="utf-8")


def username_lookup(meta: StoreMeta, username: str) -> str:
    return hmac.new(meta.lookup_salt, username.strip().lower().encode(), hashlib.sha256).hexdigest()


def choose_key_mode(requested: KeyMode | None = None) -> tuple[KeyMode, str]:
    """The key mode to use and, for a key file, the plain reason why no keyring is used."""
    if requested == "keyfile":
        return "keyfile", "a key file was asked for"
    status = keyring_status()
    if status.usable:
        return "keyring", ""
    if requested == "keyring":
        raise VaultError(f"the OS keyring cannot be used: {status.reason}")
    return "keyfile", status.reason


def initialise(
    paths: DataPaths,
    *,
    officer_name: str,
    username: str,
    password: str,
    municipality: str,
    key_mode: KeyMode | None = None,
    role: str = "administrator",
) -> Workspace:
    """Create a new store with its first officer; refuses where a store already exists.

    All or nothing: when any step fails (a missing migration, a full disk, a keyring that
    refuses) every file, folder and keyring entry it made is removed again, so a failed init
    leaves no half-made store behind and can simply be run again.
    """
    if paths.exists() or paths.database.exists():
        raise StoreExists(f"{paths.root} already holds a store; nothing was changed")
    missing = missing_migrations()
    if missing:
        raise VaultError(
            f"the installation is incomplete: {missing} is missing; reinstall the app "
            "(nothing was changed)"
        )
    root_existed = paths.root.exists()
    before = set(paths.root.iterdir()) if root_existed else set()
    old_settings = paths.settings.read_bytes() if paths.settings.exists() else None
    undo: list[Callable[[], None]] = []
    try:
        return _create_store(
            paths,
            undo,
            officer_name=officer_name,
            username=username,
            password=password,
            municipality=municipality,
            key_mode=key_mode,
            role=role,
        )
    except BaseException:
        for step in reversed(undo):
            with contextlib.suppress(Exception):
                step()
        if not root_existed:
            shutil.rmtree(paths.root, ignore_errors=True)
        else:
            for entry in set(paths.root.iterdir()) - before:
                if entry.is_dir() and not entry.is_symlink():
                    shutil.rmtree(entry, ignore_errors=True)
                else:
                    entry.unlink(missing_ok=True)
            if old_settings is not None:
                paths.settings.write_bytes(old_settings)
        raise


def missing_migrations() -> str | None:
    """The first file of the schema migrations that is not installed, or None."""
    from inspector.storage.db import MIGRATIONS_DIR, SCHEMA_REVISION

    for path in (MIGRATIONS_DIR / "env.py", MIGRATIONS_DIR / "versions" / f"{SCHEMA_REVISION}.py"):
        if not path.is_file():
            return str(path)
    return None


def _create_store(
    paths: DataPaths,
    undo: list[Callable[[], None]],
    *,
    officer_name: str,
    username: str,
    password: str,
    municipality: str,
    key_mode: KeyMode | None,
    role: str,
) -> Workspace:
    if not officer_name.strip():
        raise VaultError("the officer's name is empty")
    if not username.strip():
        raise VaultError("the username is empty")
    if not municipality.strip():
        raise VaultError("the municipality name is empty")
    if role not in ROLES:
        raise VaultError(f"unknown role {role!r}")
    mode, _reason = choose_key_mode(key_mode)
    problem = password_problem(password, key_file=mode == "keyfile")
    if problem:
        raise VaultError(problem)
    # Only this user may read the store's files (the content is encrypted all the same).
    paths.root.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(paths.root, 0o700)
    meta = StoreMeta(new_id(), mode, os.urandom(16), datetime.now(UTC).isoformat())
    key = new_data_key()
    officer_id = new_id()
    if mode == "keyring":
        KeyringKeyStore(meta.store_id).save(key)
        undo.append(KeyringKeyStore(meta.store_id).delete)
    else:
        KeyFileKeyStore(paths.key_file).wrap(officer_id, password, key)
    settings = Settings(municipality=Municipality(name=municipality.strip()))
    save_settings(paths.settings, settings)
    db = Database(paths.database, DataCipher(key), create=True)
    undo.append(db.dispose)
    db.migrate()
    with db.session() as s:
        s.add(
            Officer(
                id=officer_id,
                username_lookup=username_lookup(meta, username),
                name=officer_name.strip(),
                username=username.strip(),
                role=role,
                password_hash=hash_password(password),
            )
        )
        s.flush()
        audit_append(s, officer_id, "store.created", "store", meta.store_id, key_mode=mode)
    # Written last: its presence is what marks the folder as holding a store.
    meta.write(paths)
    info = OfficerInfo(officer_id, officer_name.strip(), username.strip(), role)
    from inspector.core.workspace import Workspace

    return Workspace(paths, db, settings, info, meta)


class Lockout:
    """Rate limit for wrong passwords, kept in a small file so that restarts do not reset it."""

    def __init__(self, paths: DataPaths, clock: Callable[[], float] = time.time) -> None:
        self.path = paths.lockout
        self.clock = clock

    def _read(self) -> tuple[int, float]:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            return int(raw["failures"]), float(raw["last"])
        except (OSError, ValueError, KeyError):
            return 0, 0.0

    def wait_seconds(self) -> float:
        failures, last = self._read()
        if failures < FREE_ATTEMPTS:
            return 0.0
        delay: float = min(FIRST_DELAY_S * 2.0 ** (failures - FREE_ATTEMPTS), MAX_DELAY_S)
        return max(0.0, last + delay - self.clock())

    def failed(self) -> None:
        failures, _ = self._read()
        self.path.write_text(json.dumps({"failures": failures + 1, "last": self.clock()}))

    def reset(self) -> None:
        self.path.unlink(missing_ok=True)


def open_store(paths: DataPaths) -> StoreMeta:
    """Check that *paths* holds a store; return its bookkeeping."""
    if not paths.root.exists():
        raise StoreMissing(f"the data directory {paths.root} does not exist")
    meta = StoreMeta.read(paths)
    try:
        check_database_file(paths.database)
    except StoreDamaged as exc:
        raise StoreDamagedError(DAMAGED_HINT.format(exc)) from exc
    return meta


def single_officer(paths: DataPaths) -> bool:
    """Whether the store has exactly one active officer (then no username is needed to
    unlock). Reads only bookkeeping: the usernames themselves stay encrypted."""
    open_store(paths)
    db = Database(paths.database)
    try:
        with db.session() as s:
            count = s.scalar(select(func.count()).select_from(Officer).where(Officer.active))
    finally:
        db.dispose()
    return count == 1


def unlock(
    paths: DataPaths,
    password: str,
    username: str | None = None,
    *,
    clock: Callable[[], float] = time.time,
) -> Workspace:
    """Open the store for one officer; every failure is refused the same way and counted."""
    meta = open_store(paths)
    settings = load_settings(paths.settings)
    lockout = Lockout(paths, clock)
    wait = lockout.wait_seconds()
    if wait > 0:
        raise LockedOut(wait)
    db = Database(paths.database)
    try:
        db.open_for_reading_if_full()
        officer_id, password_hash = _find_officer(db, meta, username)
        if officer_id is None or password_hash is None:
            raise WrongCredentials("wrong username or password")
        if meta.key_mode == "keyring":
            if not verify_password(password, password_hash):
                raise WrongCredentials("wrong username or password")
            key = KeyringKeyStore(meta.store_id).load()
        else:
            # Opening the key file is itself the password check (AES-GCM authenticates the
            # unwrapped key), so one slow KDF suffices at start-up.
            try:
                key = KeyFileKeyStore(paths.key_file).unwrap(officer_id, password)
            except WrongPassphrase as exc:
                raise WrongCredentials("wrong username or password") from exc
    except WrongCredentials:
        db.dispose()
        lockout.failed()
        raise
    except KeyStoreError as exc:
        db.dispose()
        raise VaultError(str(exc)) from exc
    except VaultError:
        db.dispose()
        raise
    except SQLAlchemyError as exc:
        db.dispose()
        raise _database_error(exc) from exc
    lockout.reset()
    db.set_cipher(DataCipher(key))
    from inspector.core.workspace import Workspace

    try:
        db.migrate(paths.backups)
        with db.session() as s:
            officer = s.get(Officer, officer_id)
            assert officer is not None
            info = OfficerInfo(officer.id, officer.name, officer.username, officer.role)
        ws = Workspace(paths, db, settings, info, meta)
        # Unlocking is a read: on a full disk it still opens (the event is written later).
        with ws.unit() as s:
            audit_append(s, officer_id, "store.unlocked", "officer", officer_id)
    except SQLAlchemyError as exc:
        db.set_cipher(None)
        db.dispose()
        raise _database_error(exc) from exc
    return ws


def _database_error(exc: SQLAlchemyError) -> VaultError:
    """One plain sentence for a database failure while opening the store (no parameters)."""
    if is_write_failure(exc):
        return VaultError(
            "de database kan niet worden bijgewerkt: de schijf is vol of niet beschrijfbaar"
        )
    text = str(getattr(exc, "orig", exc)).lower()
    if "malformed" in text or "not a database" in text or "no such table" in text:
        return StoreDamagedError(DAMAGED_HINT.format("het bestand is geen leesbare database"))
    return VaultError(f"de database kan niet worden geopend ({type(exc).__name__})")


def reauthenticate(
    workspace: Workspace, password: str, *, clock: Callable[[], float] = time.time
) -> None:
    """Check the locked-out officer's password again (idle lock), with the same rate limit."""
    lockout = Lockout(workspace.paths, clock)
    wait = lockout.wait_seconds()
    if wait > 0:
        raise LockedOut(wait)
    with workspace.db.session() as s:
        officer = s.get(Officer, workspace.officer.id)
        ok = (
            officer is not None
            and officer.active
            and verify_password(password, officer.password_hash)
        )
        if ok:
            audit_append(s, workspace.officer.id, "store.unlocked", "officer", workspace.officer.id)
    if not ok:
        lockout.failed()
        raise WrongCredentials("wrong password")
    lockout.reset()


def _find_officer(
    db: Database, meta: StoreMeta, username: str | None
) -> tuple[str | None, str | None]:
    """The officer to check the password of (username given, or the only active officer)."""
    with db.session() as s:
        if username:
            row = s.execute(
                select(Officer.id, Officer.password_hash).where(
                    Officer.username_lookup == username_lookup(meta, username),
                    Officer.active.is_(True),
                )
            ).first()
        else:
            count = s.scalar(select(func.count()).select_from(Officer).where(Officer.active))
            if count != 1:
                raise UsernameNeeded(
                    f"this store has several officers; give the username (set {ENV_OFFICER})"
                )
            row = s.execute(
                select(Officer.id, Officer.password_hash).where(Officer.active.is_(True))
            ).first()
    if row is None:
        # Spend the same time as a real check so that timing does not reveal usernames.
        verify_password("x", hash_password("y"))
        return None, None
    return row[0], row[1]
