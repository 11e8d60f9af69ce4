"""The service database: engine for SQLite (default) or PostgreSQL, migrations, sessions."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SCHEMA_REVISION = "s0005_blob_external"


def _sqlite_pragmas(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=15000")
    cur.close()


class ServiceDatabase:
    """The engine and session factory of one service database URL."""

    def __init__(self, url: str, blobs: str | None = None) -> None:
        """*blobs*: where sealed bytes go (None: this database; a folder; ``s3://…``)."""
        from inspector.server.blobs import open_store

        self.url = url
        self.blobs = open_store(blobs)
        if url.startswith("sqlite"):
            self.engine: Engine = create_engine(url, connect_args={"timeout": 15})
            event.listen(self.engine, "connect", _sqlite_pragmas)
        else:
            self.engine = create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        # PostgreSQL: sessions whose statements commit each by itself (no BEGIN and COMMIT
        # round trips), for work of one statement. Same pool; the mode is the driver's own
        # setting, reset when the connection goes back to the pool.
        self._statements = (
            self._sessions
            if self.is_sqlite
            else sessionmaker(
                self.engine.execution_options(isolation_level="AUTOCOMMIT"),
                expire_on_commit=False,
            )
        )

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def session(self) -> AbstractContextManager[Session]:
        """A session that commits when the block ends (and rolls back on an error)."""
        return self._unit(self._sessions)

    def statements(self) -> AbstractContextManager[Session]:
        """A session for work that is one statement, or statements that stand each on its own
        (a request's authentication with its rate counter): on PostgreSQL each commits by
        itself, so the work costs one round trip per statement; on SQLite :meth:`session`."""
        return self._unit(self._statements)

    @contextmanager
    def _unit(self, sessions: Any) -> Iterator[Session]:
        s = sessions()
        if self.blobs is not None:
            s.info["blobs"] = self.blobs
        try:
            yield s
            s.commit()
        except BaseException:
            s.rollback()
            raise
        finally:
            s.close()

    def migrate(self) -> None:
        from alembic import command

        command.upgrade(alembic_config(self.engine), "head")

    def is_current(self) -> bool:
        with self.engine.connect() as conn:
            if not inspect(conn).has_table("service_alembic_version"):
                return False
            rev = conn.exec_driver_sql("SELECT version_num FROM service_alembic_version").scalar()
        return rev == SCHEMA_REVISION

    def dispose(self) -> None:
        self.engine.dispose()


def alembic_config(engine: Engine | None = None) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if engine is not None:
        cfg.attributes["engine"] = engine
        cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return cfg
