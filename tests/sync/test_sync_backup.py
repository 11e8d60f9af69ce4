"""``inspector server backup``: a consistent copy of a running SQLite service, which opens as a
service database with every record and its bytes; PostgreSQL is pointed to pg_dump."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from service_support import provision_laptop
from sqlalchemy import select

from inspector.server import blobs
from inspector.server.db import ServiceDatabase
from inspector.server.models import Record
from inspector.sync import client

pytestmark = pytest.mark.slow


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "inspector", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_backup_of_a_running_service_holds_every_record(  # type: ignore[no-untyped-def]
    workspace, office, svc, tmp_path: Path
) -> None:
    provision_laptop(workspace, svc, office)
    for n in range(3):
        insp = workspace.inspections.create(
            address=f"Voorbeeldstraat {n}", postcode="9999 ZZ", city="Gouda"
        )
        if n == 0:  # a photo: a record that goes in one PUT, its bytes to the folder
            workspace.attachments.add(
                insp.id, kind="photo", content=os.urandom(600_000), mime="image/jpeg"
            )
        workspace.inspections.finalize(insp.id)
    assert client.sync_once(workspace).delivered == 3
    out = tmp_path / "copy.sqlite3"
    done = _cli("server", "backup", "--database", svc.database_url, "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "Consistent copy" in done.stdout
    # The service kept the sealed bytes in the folder beside its SQLite file (the default);
    # the backup copied them beside the copy, where a service on the copy finds them.
    assert "(1 file) copied to" in done.stdout
    assert blobs.default_spec(f"sqlite:///{out}") == f"{out}-blobs"
    copy = ServiceDatabase(f"sqlite:///{out}", blobs.default_spec(f"sqlite:///{out}"))
    try:
        assert copy.is_current()
        with copy.session() as s:
            records = list(s.scalars(select(Record)))
            assert len(records) == 3
            assert copy.blobs is not None
            for rec in records:
                data = b"".join(blobs.for_session(s).parts(rec.blob_id))
                assert hashlib.sha256(data).hexdigest() == rec.sha256
    finally:
        copy.dispose()


def test_backup_of_postgresql_points_to_pg_dump(tmp_path: Path) -> None:
    done = _cli(
        "server",
        "backup",
        "--database",
        "postgresql+psycopg://nobody@127.0.0.1:1/none",
        "--out",
        str(tmp_path / "x"),
    )
    assert done.returncode != 0 and "pg_dump" in (done.stdout + done.stderr)
    assert not (tmp_path / "x").exists()


def test_backup_reminds_of_a_bucket(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'service.sqlite3'}"
    ServiceDatabase(url).migrate()
    done = _cli(
        "server", "backup", "--database", url, "--blobs", "s3://inspector-blobs/gemeente",
        "--out", str(tmp_path / "copy.sqlite3"),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "not in this copy" in done.stdout
    assert not (tmp_path / "copy.sqlite3-blobs").exists()


def test_sweep_says_what_it_does_and_refuses_a_window_under_an_hour(tmp_path: Path) -> None:
    """``inspector server sweep``: a store without a folder or bucket has no leftover files
    (its open uploads still end); an hour is the least (younger bytes may belong to a request
    about to commit), and a day for open uploads (one cut off yesterday is resumed)."""
    url = f"sqlite:///{tmp_path / 'service.sqlite3'}"
    ServiceDatabase(url).migrate()
    done = _cli("server", "sweep", "--database", url, "--blobs", "database")
    assert done.returncode == 0, done.stderr
    assert "for 7 days: ended 0 uploads (0 bytes)" in done.stdout
    assert "no leftover files to sweep" in done.stdout
    done = _cli("server", "sweep", "--database", url, "--older-than-hours", "0.5")
    assert done.returncode != 0 and "at least 1" in done.stderr
    done = _cli("server", "sweep", "--database", url, "--expire-open-after-days", "0.5")
    assert done.returncode != 0 and "--expire-open-after-days is at least 1" in done.stderr
    done = _cli("server", "sweep", "--database", url, "--expire-open-after-days", "inf")
    assert done.returncode != 0 and "at most ten years" in done.stderr
    assert "Traceback" not in done.stderr
    done = _cli("server", "sweep", "--database", url, "--dry-run")
    assert done.returncode == 0, done.stderr
    assert "would end 0 uploads (0 bytes)" in done.stdout
    assert "would remove 0 uploads (0 bytes)" in done.stdout
