"""Creating a store, and unlocking it: data key from the keyring or key file, officer check."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import logging
import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Literal

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from inspector.core import anchor as anchor_mod
from inspector.core.audit import append as audit_append
from inspector.error_kinds import KnownError
from inspector.messages import BilingualMessage
from inspector.paths import DataPaths
from inspector.security import attempts
from inspector.security.attempts import AttemptCounter, CounterUnavailable
from inspector.security.crypto import DataCipher, new_data_key
from inspector.security.keystore import (
    KeyFileKeyStore,
    KeyringKeyStore,
    KeyStoreError,
    PreparedKey,
    WrongPassphrase,
    keyring_status,
)
from inspector.security.passwords import (
    Argon2Params,
    hash_params,
    hash_password,
    needs_rehash,
    password_problem,
    spend_like_a_check,
    verify_password,
)
from inspector.settings import Municipality, Settings, load_settings, save_settings
from inspector.storage import seal, upgrade
from inspector.storage.db import Database, StoreDamaged, check_database_file, is_write_failure
from inspector.storage.models import ROLES, Officer, new_id
from inspector.storage.types import is_damaged

if TYPE_CHECKING:
    from inspector.core.workspace import Workspace

KeyMode = Literal["keyring", "keyfile"]
ENV_PASSPHRASE = "INSPECTOR_PASSPHRASE"
ENV_OFFICER = "INSPECTOR_OFFICER"

FREE_ATTEMPTS = attempts.FREE_ATTEMPTS
FIRST_DELAY_S = attempts.FIRST_DELAY_S
MAX_DELAY_S = attempts.MAX_DELAY_S
_log = logging.getLogger(__name__)


class VaultError(KnownError):
    """A store cannot be created or opened; the message is one sentence for the user."""


class StoreMissing(VaultError):
    pass


class StoreDamagedError(VaultError):
    """The database file is missing or damaged while the store's key and bookkeeping exist."""


def _damaged(reason_nl: str, reason_en: str) -> StoreDamagedError:
    return StoreDamagedError(
        BilingualMessage(
            "store.damaged",
            f"de database is beschadigd of ontbreekt ({reason_nl}); er is niets gewijzigd en "
            "geen lege database aangemaakt. 'inspector doctor' zegt wat er aan de hand is en hoe "
            "u een reservekopie terugzet",
            f"the database is damaged or missing ({reason_en}); nothing was changed and no empty "
            "database was made. 'inspector doctor' says what is wrong and how to restore a "
            "backup",
        )
    )


WRONG_CREDENTIALS = BilingualMessage(
    "store.wrong_credentials",
    "verkeerde gebruikersnaam of wachtwoord",
    "wrong username or password",
)


class StoreExists(VaultError):
    pass


class WrongCredentials(VaultError):
    pass


class UsernameNeeded(VaultError):
    pass


class LockedOut(VaultError):
    def __init__(self, seconds: float) -> None:
        super().__init__(
            "store.locked_out",
            "te veel verkeerde pogingen; probeer het over {n} seconden opnieuw",
            "too many wrong attempts; try again in {n} seconds",
            n=int(seconds) + 1,
        )
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
            raise StoreMissing(
                "store.missing",
                "hier is nog geen opslag ({root}); maak die eerst met 'inspector init'",
                "no store in {root}; run 'inspector init' first",
                root=paths.root,
            ) from exc
        except (OSError, ValueError, KeyError) as exc:
            raise VaultError(
                "store.meta_damaged",
                "{path} is beschadigd en kan niet worden gelezen",
                "{path} is damaged and cannot be read",
                path=paths.store_meta,
            ) from exc

    def write(self, paths: DataPaths) -> None:
        data = {
            "store_id": self.store_id,
            "key_mode": self.key_mode,
            "lookup_salt": base64.b64encode(self.lookup_salt).decode(),
            "created_at": self.created_at,
        }
        paths.store_meta.write_text(json.dumps(data, indent=1), encoding="utf-8")


def choose_key_mode(requested: KeyMode | None = None) -> tuple[KeyMode, str]:
    """The key mode to use and, for a key file, the plain reason why no keyring is used."""
    if requested == "keyfile":
        return "keyfile", "a key file was asked for"
    status = keyring_status()
    if status.usable:
        return "keyring", ""
    if requested == "keyring":
        raise VaultError(
            "store.no_keyring",
            "de sleutelbos van het besturingssysteem kan niet worden gebruikt: {reason}",
            "the OS keyring cannot be used: {reason}",
            reason=status.reason,
        )
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
        raise StoreExists(
            "store.exists",
            "in {root} staat al een opslag; er is niets gewijzigd",
            "{root} already holds a store; nothing was changed",
            root=paths.root,
        )
    missing = missing_migrations()
    if missing:
        raise VaultError(
            "store.install_incomplete",
            "de installatie is onvolledig: {missing} ontbreekt; installeer de app opnieuw "
            "(er is niets gewijzigd)",
            "the installation is incomplete: {missing} is missing; reinstall the app "
            "(nothing was changed)",
            missing=missing,
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
        raise VaultError(
            "store.name_empty", "de naam van de medewerker is leeg", "the officer's name is empty"
        )
    if not username.strip():
        raise VaultError(
            "store.username_empty", "de gebruikersnaam is leeg", "the username is empty"
        )
    if not municipality.strip():
        raise VaultError(
            "store.municipality_empty",
            "de naam van de gemeente is leeg",
            "the municipality name is empty",
        )
    if role not in ROLES:
        raise VaultError(
            "store.unknown_role", "onbekende rol {role!r}", "unknown role {role!r}", role=role
        )
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
        try:
            KeyringKeyStore(meta.store_id).save(key)
        except KeyStoreError as exc:
            raise VaultError(exc.message) from exc
        undo.append(KeyringKeyStore(meta.store_id).delete)
    else:
        KeyFileKeyStore(paths.key_file).wrap(officer_id, password, key)
    settings = Settings(municipality=Municipality(name=municipality.strip()))
    save_settings(paths.settings, settings)
    cipher = DataCipher(key)
    db = Database(paths.database, cipher, create=True)
    undo.append(db.dispose)
    db.migrate()
    with db.engine.begin() as conn:
        conn.exec_driver_sql(f"PRAGMA user_version = {seal.FORMAT}")
    AttemptCounter(paths.attempts).create()
    with db.session() as s:
        s.add(
            Officer(
                id=officer_id,
                username_lookup=upgrade.username_lookup(cipher, username),
                name=officer_name.strip(),
                username=username.strip(),
                role=role,
                password_hash=hash_password(password, hash_params(mode == "keyfile")),
            )
        )
        s.flush()
        audit_append(s, officer_id, "store.created", "store", meta.store_id, key_mode=mode)
    # Written last: its presence is what marks the folder as holding a store.
    meta.write(paths)
    info = OfficerInfo(officer_id, officer_name.strip(), username.strip(), role)
    from inspector.core.workspace import Workspace

    ws = Workspace(paths, db, settings, info, meta)
    ws.renew_anchor(key_material=True)
    return ws


class Lockout:
    """The rate limit for wrong passwords (see security.attempts: deleting it does not help)."""

    def __init__(self, paths: DataPaths, clock: Callable[[], float] = time.time) -> None:
        self.counter = AttemptCounter(paths.attempts, clock)
        # The counter came with format 2: only an older store may lack it without penalty.
        self._legacy = (
            not paths.attempts.exists() and _store_format_of(paths) < seal.ROW_BOUND_FORMAT
        )

    def wait_seconds(self) -> float:
        try:
            return self.counter.wait_seconds(missing_is_new=self._legacy)
        except CounterUnavailable:
            return attempts.MAX_DELAY_S

    @contextmanager
    def attempt(self) -> Iterator[Callable[[], None]]:
        """One counted attempt, under the counter's lock (see AttemptCounter.attempt)."""
        try:
            with self.counter.attempt(missing_is_new=self._legacy) as succeeded:
                yield succeeded
        except attempts.TooSoon as exc:
            raise LockedOut(exc.seconds) from None
        except CounterUnavailable as exc:
            raise VaultError(
                "store.counter_unavailable",
                "de teller van de inlogpogingen kan niet worden bijgewerkt ({detail}); er is "
                "niets geprobeerd",
                "the counter of unlock attempts cannot be updated ({detail}); nothing was tried",
                detail=str(exc),
            ) from exc

    def reset(self) -> None:
        try:
            self.counter.succeeded()
        except CounterUnavailable:
            _log.warning("the attempt counter could not be reset")


def _store_format_of(paths: DataPaths, db: Database | None = None) -> int:
    """The store format (SQLite user_version), read without a key; 0 when unreadable."""
    own = db is None
    try:
        database = db or Database(paths.database)
    except SQLAlchemyError:
        return 0
    try:
        if own:
            database.open_for_reading_if_full()
        with database.engine.connect() as conn:
            return int(conn.exec_driver_sql("PRAGMA user_version").scalar() or 0)
    except SQLAlchemyError:
        return 0
    finally:
        if own:
            database.dispose()


def open_store(paths: DataPaths) -> StoreMeta:
    """Check that *paths* holds a store; return its bookkeeping."""
    if not paths.root.exists():
        raise StoreMissing(
            "store.no_folder",
            "de gegevensmap {root} bestaat niet",
            "the data directory {root} does not exist",
            root=paths.root,
        )
    meta = StoreMeta.read(paths)
    try:
        check_database_file(paths.database)
    except StoreDamaged as exc:
        raise _damaged(str(exc), "missing, unreadable or cut short") from exc
    return meta


class StoreRolledBack(VaultError):
    """The database is older than its anchor, or its audit log was cut or rewritten."""


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


#: The keyring entry (beside the data key) holding the username last used to unlock.
LAST_USERNAME = "last-user"


def last_username(paths: DataPaths) -> str | None:
    """The username last used to unlock this store on this laptop, or None.

    Kept only in the OS keyring, beside the data key (the officer's OS session can read it,
    the files cannot): nothing in the data directory names a username. A key-file store has
    no keyring, so it remembers none (docs/security.md).
    """
    meta = StoreMeta.read(paths)
    if meta.key_mode != "keyring":
        return None
    name = KeyringKeyStore(meta.store_id).get_extra(LAST_USERNAME)
    return name or None


def _remember_username(meta: StoreMeta, username: str) -> None:
    if meta.key_mode != "keyring":
        return
    store = KeyringKeyStore(meta.store_id)
    if store.get_extra(LAST_USERNAME) == username:
        return
    try:
        store.set_extra(LAST_USERNAME, username)
    except KeyStoreError:
        _log.info("the OS keyring did not keep the last username")  # a convenience only


def unlock(
    paths: DataPaths,
    password: str,
    username: str | None = None,
    *,
    clock: Callable[[], float] = time.time,
    accept_rollback: bool = False,
    prepared: PreparedKey | Callable[[], PreparedKey | None] | None = None,
) -> Workspace:
    """Open the store for one officer; every failure is refused the same way and counted.

    Every attempt costs one slow key derivation, whatever the username; it is counted before it
    is checked. With the key, the store is migrated (format 2: row-bound values, look-ups under
    the data key) and checked against its anchor (*accept_rollback*: only for ``doctor``).
    *prepared*: the key file's derivation done ahead for this password (:func:`prepare_unlock`,
    while it was typed), or a callable giving it (or None) when the key is needed — after the
    attempt was counted: a derivation started at Return runs while the store's bookkeeping is
    read. The attempt is counted and checked the same way.
    """
    meta = open_store(paths)
    settings = load_settings(paths.settings)
    lockout = Lockout(paths, clock)
    db = Database(paths.database)
    try:
        db.open_for_reading_if_full()
        if username is None:
            _single_officer(db)
        with lockout.attempt() as succeeded:
            officer_id, key = _open_key(paths, meta, db, password, username, prepared)
            succeeded()
    except WrongCredentials:
        db.dispose()
        raise
    except KeyStoreError as exc:
        db.dispose()
        raise VaultError(exc.message) from exc
    except VaultError:
        db.dispose()
        raise
    except SQLAlchemyError as exc:
        db.dispose()
        raise _database_error(exc) from exc
    cipher = DataCipher(key)
    db.set_cipher(cipher)
    from inspector.core.workspace import Workspace

    try:
        db.migrate(paths.backups)
        anchors = anchor_mod.read(paths, meta, cipher)
        newest = anchors.newest()
        with db.engine.begin() as conn:
            fmt = upgrade.store_format(conn)
            if fmt < seal.FORMAT and not db.read_only:
                if newest is not None and newest.format >= seal.FORMAT and not accept_rollback:
                    raise StoreRolledBack(
                        "store.older_format",
                        "de database is van een oudere opmaak dan de laatst bekende stand: een "
                        "oudere kopie is teruggezet of er is buiten de app om in geschreven; "
                        "zie 'inspector doctor'",
                        "the database has an older format than its last known state: an older "
                        "copy was restored or it was written outside the app; see "
                        "'inspector doctor'",
                    )
                report = upgrade.upgrade_format(conn, cipher, fmt)
                _log.info(
                    "store upgraded from format %s to %s (%s rows)", fmt, seal.FORMAT, report.rows
                )
                fmt = seal.FORMAT
        with db.session() as s:
            officer = s.get(Officer, officer_id)
            if officer is None or not officer.active:
                raise WrongCredentials(WRONG_CREDENTIALS)
            if is_damaged(officer.name) or is_damaged(officer.username):
                raise VaultError(
                    "store.account_changed",
                    "de gegevens van dit account zijn buiten de app om gewijzigd (rol, "
                    "wachtwoord of naam); er is niet ontgrendeld. Zie 'inspector doctor'",
                    "this account's data was changed outside the app (role, password or "
                    "name); the store was not unlocked. See 'inspector doctor'",
                )
            info = OfficerInfo(officer.id, officer.name, officer.username, officer.role)
            problem = anchor_mod.check(s, newest, fmt)
            if problem and not accept_rollback:
                raise StoreRolledBack(
                    "store.rolled_back",
                    "{problem}; zie 'inspector doctor'",
                    "the database does not reach its last known state (an older copy was "
                    "restored or the audit log was changed outside the app); see "
                    "'inspector doctor'",
                    problem=problem,
                )
            # An older scheme or cost (scrypt; the key file's Argon2id in keyring mode before
            # the cheaper screen gate) is replaced now that the password is known to be right.
            cost = hash_params(meta.key_mode == "keyfile")
            if needs_rehash(officer.password_hash, cost) and not db.read_only:
                officer.password_hash = hash_password(password, cost)
        # A key-file entry made at an older cost (scrypt, fewer passes, one lane) is made again
        # at today's now that the password is known to open it.
        rewrapped = None
        if meta.key_mode == "keyfile" and not db.read_only:
            rewrapped = _rewrap_key_file(paths, officer_id, password, key)
        ws = Workspace(paths, db, settings, info, meta)
        ws.anchor_problems = list(anchors.problems)
        # Unlocking is a read: on a full disk it still opens (the event is written later).
        with ws.unit() as s:
            audit_append(s, officer_id, "store.unlocked", "officer", officer_id)
            if rewrapped is not None:
                audit_append(
                    s,
                    officer_id,
                    "keyfile.rewrapped",
                    "officer",
                    officer_id,
                    old_cost=rewrapped[0],
                    new_cost=rewrapped[1],
                )
        ws.renew_anchor(key_material=True)
        if username is not None:
            # Several accounts: the unlock window offers this one next time (9.15).
            _remember_username(meta, info.username)
    except SQLAlchemyError as exc:
        db.set_cipher(None)
        db.dispose()
        raise _database_error(exc) from exc
    except VaultError:
        db.set_cipher(None)
        db.dispose()
        raise
    return ws


def _database_error(exc: SQLAlchemyError) -> VaultError:
    """One plain sentence for a database failure while opening the store (no parameters)."""
    if is_write_failure(exc):
        return VaultError(
            "store.not_writable",
            "de database kan niet worden bijgewerkt: de schijf is vol of niet beschrijfbaar",
            "the database cannot be updated: the disk is full or not writable",
        )
    text = str(getattr(exc, "orig", exc)).lower()
    if "malformed" in text or "not a database" in text or "no such table" in text:
        return _damaged(
            "het bestand is geen leesbare database", "the file is not a readable database"
        )
    return VaultError(
        "store.cannot_open",
        "de database kan niet worden geopend ({kind})",
        "the database cannot be opened ({kind})",
        kind=type(exc).__name__,
    )


def _single_officer(db: Database) -> None:
    with db.session() as s:
        count = s.scalar(select(func.count()).select_from(Officer).where(Officer.active))
    if count != 1:
        raise UsernameNeeded(
            "store.username_needed",
            "deze opslag heeft meerdere medewerkers; geef de gebruikersnaam (zet {env})",
            "this store has several officers; give the username (set {env})",
            env=ENV_OFFICER,
        )


def _officer_by_lookup(db: Database, lookup: str | None) -> tuple[str, str] | None:
    """(id, password hash) of the active officer with this look-up (None: the only one)."""
    with db.session() as s:
        q = select(Officer.id, Officer.password_hash).where(Officer.active.is_(True))
        if lookup is not None:
            q = q.where(Officer.username_lookup == lookup)
        row = s.execute(q).first()
    return None if row is None else (str(row[0]), str(row[1]))


def _find_officer(
    db: Database, meta: StoreMeta, cipher: DataCipher, username: str | None, fmt: int
) -> tuple[str, str] | None:
    """The officer by username (look-up under the data key; format 1's salted one while the
    store still says format 1, which the anchor check then judges), or the only one."""
    if not username:
        return _officer_by_lookup(db, None)
    row = _officer_by_lookup(db, upgrade.username_lookup(cipher, username))
    if row is None and fmt < seal.ROW_BOUND_FORMAT:
        row = _officer_by_lookup(db, _legacy_lookup(meta, username))
    return row


def _legacy_lookup(meta: StoreMeta, username: str) -> str:
    """Format 1's look-up (salted HMAC, salt in store.json); read only to upgrade."""
    return hmac.new(meta.lookup_salt, username.strip().lower().encode(), hashlib.sha256).hexdigest()


def _open_key(
    paths: DataPaths,
    meta: StoreMeta,
    db: Database,
    password: str,
    username: str | None,
    prepared: PreparedKey | Callable[[], PreparedKey | None] | None = None,
) -> tuple[str, bytes]:
    """(officer id, data key) for this password, or WrongCredentials; one slow KDF always."""
    fmt = _store_format_of(paths, db)
    if callable(prepared):
        prepared = prepared() if meta.key_mode == "keyfile" else None
    if meta.key_mode == "keyring":
        key = KeyringKeyStore(meta.store_id).load()
        row = _find_officer(db, meta, DataCipher(key), username, fmt)
        if row is None:
            spend_like_a_check(password, hash_params(key_file=False))
            raise WrongCredentials(WRONG_CREDENTIALS)
        if not verify_password(password, row[1]):
            raise WrongCredentials(WRONG_CREDENTIALS)
        return row[0], key
    store = KeyFileKeyStore(paths.key_file)
    # Opening the key file is itself the password check (AES-GCM authenticates the unwrapped
    # key): one Argon2id run, whoever tries.
    for officer_id, key in store.open(password, prepared):
        row = _find_officer(db, meta, DataCipher(key), username, fmt)
        if row is not None and row[0] == officer_id:
            return officer_id, key
    # A key file of format 1 (scrypt per officer): opened once, then rewrapped as format 2.
    legacy = store.legacy_officers()
    if legacy:
        if fmt < seal.ROW_BOUND_FORMAT:
            row = _officer_by_lookup(db, _legacy_lookup(meta, username) if username else None)
            candidates = [row[0]] if row is not None and row[0] in legacy else []
        else:
            candidates = legacy
        for officer_id in candidates:
            try:
                key = store.unwrap(officer_id, password)
            except WrongPassphrase:
                continue
            if username and fmt >= seal.ROW_BOUND_FORMAT:
                row = _officer_by_lookup(db, upgrade.username_lookup(DataCipher(key), username))
                if row is None or row[0] != officer_id:
                    continue
            # Rewrapped as format 2 once the store is known to be whole (_rewrap_key_file).
            return officer_id, key
    raise WrongCredentials(WRONG_CREDENTIALS)


def _rewrap_key_file(
    paths: DataPaths, officer_id: str, password: str, key: bytes
) -> tuple[str, str] | None:
    """Wrap *officer_id*'s entry again at today's cost when it was made at another one
    (``KeyFileKeyStore.wrap``: the new file is checked before it replaces the old one).
    Returns (old cost, new cost) for the audit log, or None when nothing was done. A failure
    (a full disk) leaves the old entry, which still opens; it is tried again next time."""
    store = KeyFileKeyStore(paths.key_file)
    try:
        if not store.needs_rewrap(officer_id):
            return None
        old = store.cost_of(officer_id)
        store.wrap(officer_id, password, key)
        return old, store.cost_of(officer_id)
    except (KeyStoreError, OSError) as exc:
        _log.warning(
            "the key file was not rewrapped at today's cost (%s); the old entry is kept",
            getattr(exc, "code", type(exc).__name__),
        )
        return None


def key_file_kdf(paths: DataPaths) -> tuple[bytes, Argon2Params] | None:
    """The key file's salt and cost (public), read once so that a derivation ahead can start
    without reading files; None where the OS keyring holds the data key."""
    if StoreMeta.read(paths).key_mode != "keyfile":
        return None
    return KeyFileKeyStore(paths.key_file).kdf()


def prepare_unlock(
    paths: DataPaths, password: str, kdf: tuple[bytes, Argon2Params] | None = None
) -> PreparedKey | None:
    """The key file's slow derivation for *password*, done ahead while it is typed (None where
    the OS keyring holds the data key: there the check is the screen gate's quick hash).

    Nothing is checked, written or counted: a thread of the unlock window runs this for the
    text in the field after a typing pause; :func:`unlock` reuses the result when the text is
    unchanged at Return, and counts and checks that attempt as any other.
    """
    if kdf is not None:
        # Read before (key_file_kdf); if the file changed since, the result goes unused.
        return KeyFileKeyStore.prepare_at(password, *kdf)
    if StoreMeta.read(paths).key_mode != "keyfile":
        return None
    return KeyFileKeyStore(paths.key_file).prepare(password)


def reauthenticate(
    workspace: Workspace, password: str, *, clock: Callable[[], float] = time.time
) -> None:
    """Check the locked-out officer's password again (idle lock), with the same rate limit."""
    lockout = Lockout(workspace.paths, clock)
    with lockout.attempt() as succeeded:
        with workspace.unit() as s:
            officer = s.get(Officer, workspace.officer.id)
            ok = (
                officer is not None
                and officer.active
                and not is_damaged(officer.name)
                and verify_password(password, officer.password_hash)
            )
            if ok:
                audit_append(
                    s, workspace.officer.id, "store.unlocked", "officer", workspace.officer.id
                )
        if not ok:
            raise WrongCredentials("store.wrong_password", "verkeerd wachtwoord", "wrong password")
        succeeded()
