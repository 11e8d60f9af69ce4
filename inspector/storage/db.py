"""The SQLite database: engine with WAL and safe pragmas, migrations, and sessions."""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from inspector.security.crypto import DataCipher
from inspector.storage.types import (
    CIPHER_URL_SCHEME,
    CipherDialect,
    cipher_of,
    register_functions,
)

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
#: The newest migration; a test checks it matches Alembic's head.
SCHEMA_REVISION = "0009_enforcement_notices"


#: How long a writer waits for another process's write to finish (the window and the CLI may
#: run at the same time; an import holds the lock for one resident at a time).
BUSY_TIMEOUT_MS = 30_000
SQLITE_HEADER = b"SQLite format 3\x00"

#: SQLite's primary result codes for "the disk is full / the file cannot be written".
_WRITE_FAILURES = {8, 10, 13}  # SQLITE_READONLY, SQLITE_IOERR, SQLITE_FULL


class StoreDamaged(Exception):
    """The database file is missing, truncated or not a database."""


def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    # The driver must not open transactions itself: each one starts with BEGIN IMMEDIATE (see
    # _on_begin), so that a writer takes the lock before it reads (e.g. the audit sequence).
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA journal_mode=WAL")
    # FULL: a committed answer survives a power cut, not only a killed process.
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    # Sorts and temp tables stay in memory: no temp files on disk.
    cur.execute("PRAGMA temp_store=MEMORY")
    cur.close()
    register_functions(dbapi_conn)


def _on_connect_read_only(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    dbapi_conn.isolation_level = None
    dbapi_conn.execute("PRAGMA query_only=ON")
    register_functions(dbapi_conn)


def _on_begin_read_only(conn: Any) -> None:
    conn.exec_driver_sql("BEGIN")


def _on_begin(conn: Any) -> None:
    # IMMEDIATE: take the write lock at the start (waiting up to the busy timeout) rather than
    # upgrading a read transaction later, which SQLite refuses at once when another process
    # committed in between. Readers in WAL mode are never blocked by it.
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def _note_writes(session: Session, _context: Any, _instances: Any) -> None:
    """Mark a session that changes more than the audit log (see ``wrote_data``)."""
    from inspector.storage.models import AuditEvent

    for obj in (*session.new, *session.dirty, *session.deleted):
        if not isinstance(obj, AuditEvent):
            session.info["wrote_data"] = True
            return


def _note_bulk_writes(state: Any) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info["wrote_data"] = True


def wrote_data(session: Session) -> bool:
    """True when the session changed data, not only appended audit events (a read action)."""
    return bool(session.info.get("wrote_data"))


def is_write_failure(exc: BaseException) -> bool:
    """True when *exc* is SQLite saying the disk is full or the file cannot be written."""
    orig = getattr(exc, "orig", exc)
    code = getattr(orig, "sqlite_errorcode", None)
    if isinstance(code, int) and code & 0xFF in _WRITE_FAILURES:
        return True
    text = str(orig).lower()
    return "disk is full" in text or "readonly database" in text or "disk i/o error" in text


def check_database_file(path: Path) -> None:
    """Refuse (StoreDamaged) a database file that is missing, truncated or not SQLite."""
    try:
        with open(path, "rb") as fh:
            header = fh.read(100)
            size = os.fstat(fh.fileno()).st_size
    except FileNotFoundError as exc:
        raise StoreDamaged("de database ontbreekt") from exc
    except OSError as exc:
        raise StoreDamaged(f"de database kan niet worden gelezen ({exc.strerror})") from exc
    if len(header) < 100 or not header.startswith(SQLITE_HEADER):
        raise StoreDamaged("de database is beschadigd (geen geldig databasebestand)")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    wal = path.with_name(path.name + "-wal")
    if pages and page_size and size < pages * page_size and not wal.exists():
        raise StoreDamaged("de database is beschadigd (het bestand is ingekort)")


class Database:
    """One store's engine and session factory; encrypted columns use *cipher*."""

    def __init__(
        self, path: Path, cipher: DataCipher | None = None, *, create: bool = False
    ) -> None:
        self.path = path
        self._create = create
        self._cipher = cipher
        #: True while the disk is full: the file is read as it is, every write is refused.
        self.read_only = False
        self.engine: Engine = self._make_engine(read_only=False)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        event.listen(self._sessions, "before_flush", _note_writes)
        event.listen(self._sessions, "do_orm_execute", _note_bulk_writes)

    def _make_engine(self, *, read_only: bool) -> Engine:
        if read_only:
            # The disk is full, so SQLite cannot even create its shared-memory file: read the
            # (checkpointed) main file as it is. Used only when no WAL holds newer pages.
            url = f"{CIPHER_URL_SCHEME}:///file:{self.path}?mode=ro&immutable=1&uri=true"
        else:
            # An existing store is opened read-write but never created: a deleted database
            # must be reported, not silently replaced by an empty one next to the key.
            mode = "rwc" if self._create else "rw"
            url = f"{CIPHER_URL_SCHEME}:///file:{self.path}?mode={mode}&uri=true"
        # hide_parameters: SQL errors must not carry bound values (personal data) into
        # tracebacks or logs.
        # The data key goes to the engine's dialect as it is made (CipherDialect).
        engine = create_engine(url, future=True, hide_parameters=True, cipher=self._cipher)
        event.listen(engine, "connect", _on_connect_read_only if read_only else _on_connect)
        event.listen(engine, "begin", _on_begin_read_only if read_only else _on_begin)
        return engine

    @property
    def cipher(self) -> DataCipher:
        """The data key while the store is unlocked; StoreLocked otherwise."""
        return cipher_of(self.engine.dialect)

    @property
    def unlocked(self) -> bool:
        return self._cipher is not None

    def set_cipher(self, cipher: DataCipher | None) -> None:
        """Unlock with the data key, or lock with None (encrypted columns then refuse)."""
        self._cipher = cipher
        dialect = self.engine.dialect
        assert isinstance(dialect, CipherDialect)
        dialect.cipher = cipher

    def _switch(self, *, read_only: bool) -> None:
        old = self.engine
        self.engine = self._make_engine(read_only=read_only)
        self._sessions.configure(bind=self.engine)
        self.read_only = read_only
        old.dispose()

    def can_write(self) -> bool:
        """Whether SQLite can open the store for writing now (False e.g. on a full disk)."""
        try:
            con = sqlite3.connect(
                f"file:{self.path}?mode=rw", uri=True, isolation_level=None, timeout=5
            )
        except sqlite3.Error:
            return False
        try:
            # Opening the WAL needs its shared-memory file, which a full disk cannot hold.
            con.execute("PRAGMA journal_mode=WAL")
            con.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return True
        except sqlite3.Error as exc:
            if is_write_failure(exc):
                return False
            raise
        finally:
            con.close()

    def open_for_reading_if_full(self) -> None:
        """Fall back to reading only when the disk is full (and no WAL holds newer data)."""
        if self.read_only or self.can_write():
            return
        wal = self.path.with_name(self.path.name + "-wal")
        if wal.exists() and wal.stat().st_size > 0:
            return  # another process has newer pages in its WAL: do not read around them
        self._switch(read_only=True)

    def new_session(self) -> Session:
        # Space may have come back: write again as soon as SQLite can (a few ms per unit of
        # work, and only while the disk is full).
        if self.read_only and self.can_write():
            self._switch(read_only=False)
        return self._sessions()

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: commits when the block ends normally, rolls back otherwise."""
        session = self._sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def current_revision(self) -> str | None:
        if not self.path.exists():
            return None
        try:
            with self.engine.connect() as conn:
                row = conn.exec_driver_sql("SELECT version_num FROM alembic_version").first()
        except OperationalError as exc:
            if "no such table" in str(exc.orig):
                return None
            raise
        return None if row is None else str(row[0])

    def migrate(self, backups: Path | None = None) -> bool:
        """Bring the schema to the newest revision; copy the file first. True if it migrated."""
        current = self.current_revision()
        if current == SCHEMA_REVISION:
            return False
        if current is not None and backups is not None:
            self.backup(backups, f"before-{SCHEMA_REVISION}")
        from alembic import command  # imported lazily: start-up needs it only to migrate

        command.upgrade(alembic_config(self.engine), "head")
        return True

    def backup(self, folder: Path, label: str) -> Path:
        """A consistent copy of the (encrypted) database file."""
        folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        target = folder / f"inspector-{label}-{stamp}.sqlite3"
        src = sqlite3.connect(self.path)
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
            src.close()
        return target

    def integrity_check(self) -> str:
        with self.engine.connect() as conn:
            return str(conn.exec_driver_sql("PRAGMA integrity_check").scalar())

    def dispose(self) -> None:
        self.engine.dispose()


def alembic_config(engine: Engine | None = None) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if engine is not None:
        cfg.attributes["engine"] = engine
        cfg.set_main_option("sqlalchemy.url", str(engine.url).replace("%", "%%"))
    return cfg


def copy_file(src: Path, dst: Path) -> None:
    shutil.copy2(src, dst)
