"""The SQLite database: engine with WAL and safe pragmas, migrations, and sessions."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from inspector.security.crypto import DataCipher
from inspector.storage.types import attach_cipher

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
#: The newest migration; a test checks it matches Alembic's head.
SCHEMA_REVISION = "0002_sync"


def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    # FULL: a committed answer survives a power cut, not only a killed process.
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    # Sorts and temp tables stay in memory: no temp files on disk.
    cur.execute("PRAGMA temp_store=MEMORY")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.close()


class Database:
    """One store's engine and session factory; encrypted columns use *cipher*."""

    def __init__(self, path: Path, cipher: DataCipher | None = None) -> None:
        self.path = path
        self.engine: Engine = create_engine(f"sqlite:///{path}", future=True)
        event.listen(self.engine, "connect", _on_connect)
        attach_cipher(self.engine.dialect, cipher)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def set_cipher(self, cipher: DataCipher | None) -> None:
        attach_cipher(self.engine.dialect, cipher)

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
        con = sqlite3.connect(self.path)
        try:
            row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.OperationalError:
            return None
        finally:
            con.close()
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
        cfg.set_main_option("sqlalchemy.url", str(engine.url))
    return cfg


def copy_file(src: Path, dst: Path) -> None:
    shutil.copy2(src, dst)
