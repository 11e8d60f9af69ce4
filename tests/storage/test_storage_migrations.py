"""Migrations: the head matches the code, the models match the migrations, a copy is kept."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic.script import ScriptDirectory

from inspector.storage.db import SCHEMA_REVISION, Database, alembic_config


def test_schema_revision_is_alembic_head() -> None:
    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == SCHEMA_REVISION


def test_migrations_match_the_models(tmp_path: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from inspector.storage.models import Base

    db = Database(tmp_path / "m.sqlite3", create=True)
    db.migrate()
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    db.dispose()
    # Encrypted columns are LargeBinary in the migration; type changes are not compared.
    assert diff == []


def test_database_is_copied_before_a_migration(tmp_path: Path) -> None:
    db = Database(tmp_path / "m.sqlite3", create=True)
    db.migrate()
    con = sqlite3.connect(db.path)
    con.execute("UPDATE alembic_version SET version_num='0000_older'")
    con.commit()
    con.close()
    # Pretend the older revision exists: stamp back to head by hand after the copy.
    backups = tmp_path / "backups"
    copy = db.backup(backups, "before-test")
    assert copy.exists() and copy.stat().st_size > 0
    con = sqlite3.connect(copy)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0000_older"
    con.close()
    db.dispose()


def test_up_to_date_store_is_not_migrated_again(tmp_path: Path) -> None:
    db = Database(tmp_path / "m.sqlite3", create=True)
    assert db.migrate(tmp_path / "b") is True
    assert db.migrate(tmp_path / "b") is False
    assert not (tmp_path / "b").exists()
    db.dispose()
