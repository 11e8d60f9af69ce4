"""Ordinary faults, done for real: a deleted or truncated database, a second process, a full
disk, a damaged value. Each is detected or survived with nothing lost and no traceback."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from inspector.core import vault
from inspector.core.workspace import StorageFull
from inspector.paths import DataPaths

from tests_support import PASSWORD, fill_disk, keyfile_env, make_store, run_cli, use_keyfile


def _store_with_inspections(paths: DataPaths, n: int = 3) -> list[str]:
    use_keyfile()
    ws = make_store(paths)
    ids = [
        ws.inspections.create(
            address=f"Voorbeeldstraat {i}", postcode="1234 AB", city="Fictiefstad"
        ).id
        for i in range(1, n + 1)
    ]
    ws.close()
    return ids


@pytest.mark.parametrize("damage", ["deleted", "emptied", "truncated", "garbage"])
def test_missing_or_damaged_database_is_reported_never_recreated(
    data_paths: DataPaths, damage: str
) -> None:
    _store_with_inspections(data_paths, 40)
    db = data_paths.database
    if damage == "deleted":
        db.unlink()
    elif damage == "emptied":
        db.write_bytes(b"")
    elif damage == "truncated":
        with open(db, "r+b") as fh:
            fh.truncate(db.stat().st_size // 2)
    else:
        db.write_bytes(b"\x00" * 8192)
    for suffix in ("-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    before = db.read_bytes() if db.exists() else None
    with pytest.raises(vault.StoreDamagedError, match="damaged or missing"):
        vault.unlock(data_paths, PASSWORD, "test")
    # Nothing was created or changed in its place.
    assert (db.read_bytes() if db.exists() else None) == before
    result = run_cli(data_paths, "inspection", "list")
    assert result.returncode == 1
    assert "damaged or missing" in result.stderr
    assert "Traceback" not in result.stderr
    assert (db.read_bytes() if db.exists() else None) == before


def test_sql_errors_never_show_personal_data(data_paths: DataPaths) -> None:
    _store_with_inspections(data_paths, 1)
    # A city with a byte that is not UTF-8 (the shell's $'Gouda\xff').
    result = subprocess.run(
        [
            sys.executable.encode(),
            b"-m",
            b"inspector",
            b"--data-dir",
            str(data_paths.root).encode(),
            b"inspection",
            b"new",
            b"--address",
            b"Kanarievogelpad 987",
            b"--postcode",
            b"1234 AB",
            b"--city",
            b"Gouda\xff",
        ],
        capture_output=True,
        env=keyfile_env(),
        timeout=120,
    )
    assert result.returncode == 1
    err = result.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err
    assert "Kanarievogelpad" not in err and "Toezichthouder" not in err
    assert len(err.strip().splitlines()) == 1


def test_engine_hides_bound_parameters(workspace) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy.exc import IntegrityError

    from inspector.storage.models import Inspection

    insp = workspace.inspections.create(address="Voorbeeldstraat 1", postcode="1234 AB", city="X")
    with pytest.raises(IntegrityError) as info, workspace.db.session() as s:
        s.add(Inspection(reference=insp.reference, location={"address": "Geheimpad 5"}))
        s.flush()
    assert "hidden due to hide_parameters" in str(info.value)
    assert insp.reference not in str(info.value)


def test_one_damaged_record_does_not_take_down_the_list(data_paths: DataPaths) -> None:
    ids = _store_with_inspections(data_paths, 3)
    ws = vault.unlock(data_paths, PASSWORD, "test")
    ws.answers.save(ids[0], "verblijfslocatie", 1, "opmerking", "eerste")
    ws.answers.save(ids[0], "verblijfslocatie", 1, "aantal", 4)
    ws.close()
    con = sqlite3.connect(data_paths.database)
    # Flip one byte inside the ciphertext of one location and of one answer.
    for table, column, where in (
        ("inspection", "location", f"id = '{ids[1]}'"),
        ("answer", "value", "field_id = 'opmerking'"),
    ):
        blob = bytearray(con.execute(f"SELECT {column} FROM {table} WHERE {where}").fetchone()[0])
        blob[20] ^= 0x01
        con.execute(f"UPDATE {table} SET {column} = ? WHERE {where}", (bytes(blob),))
    con.commit()
    con.close()

    ws = vault.unlock(data_paths, PASSWORD, "test")
    listed = {i.id: i for i in ws.inspections.list_all()}
    assert len(listed) == 3
    assert listed[ids[1]].damaged and listed[ids[1]].address == "beschadigd — niet te lezen"
    assert listed[ids[0]].address == "Voorbeeldstraat 1" and not listed[ids[0]].damaged
    detail = ws.inspections.get(ids[0])
    assert detail.forms["verblijfslocatie"].values == {"aantal": 4}
    assert detail.damaged == ["verblijfslocatie/opmerking"]
    ws.close()

    result = run_cli(data_paths, "inspection", "list")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("Voorbeeldstraat") == 2
    assert "beschadigd — niet te lezen" in result.stdout
    shown = run_cli(data_paths, "inspection", "show", ids[0])
    assert shown.returncode == 0, shown.stderr
    assert "beschadigd — niet te lezen: verblijfslocatie/opmerking" in shown.stdout


WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from inspector.core import vault
    from inspector.paths import DataPaths
    ws = vault.unlock(DataPaths(Path(sys.argv[1])), sys.argv[2], "test")
    n = 0
    print("ready", flush=True)
    while True:
        n += 1
        ws.residents.add(sys.argv[3], f"Bewoner {n}")
        ws.answers.save(sys.argv[3], "verblijfslocatie", 1, f"field_{n}", n)
    """
)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_readers_and_unlocks_succeed_while_another_process_writes(data_paths: DataPaths) -> None:
    ids = _store_with_inspections(data_paths, 2)
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(data_paths.root), PASSWORD, ids[0]],
        stdout=subprocess.PIPE,
        text=True,
        env=keyfile_env(),
    )
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
        readers = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "inspector",
                    "--data-dir",
                    str(data_paths.root),
                    "inspection",
                    "list",
                ],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=keyfile_env(),
            )
            for _ in range(16)
        ]
        results = [(r.wait(timeout=300), r.communicate()) for r in readers]
    finally:
        writer.kill()
        writer.wait(timeout=30)
        assert writer.stdout is not None
        writer.stdout.close()
    failures = [err for code, (_out, err) in results if code != 0]
    assert failures == []
    assert all(out.count("Voorbeeldstraat") == 2 for _c, (out, _e) in results)
    ws = vault.unlock(data_paths, PASSWORD, "test")
    verdict = ws.verify_audit()
    assert verdict.ok, verdict.describe()
    assert verdict.events >= 16 + 2
    ws.close()


def test_full_disk_reading_works_writing_fails_clearly_nothing_lost(small_disk: Path) -> None:
    paths = DataPaths(small_disk / "data")
    use_keyfile()
    ws = make_store(paths)
    insp = ws.inspections.create(address="Voorbeeldstraat 1", postcode="1234 AB", city="X")
    for n in range(20):
        ws.answers.save(insp.id, "verblijfslocatie", 1, f"field_{n}", n)
    ws.close()
    filler = fill_disk(small_disk)

    ws = vault.unlock(paths, PASSWORD, "test")  # unlocking is a read: it works
    assert [i.address for i in ws.inspections.list_all()] == ["Voorbeeldstraat 1"]
    assert ws.answers.load(insp.id, "verblijfslocatie").values["field_19"] == 19
    big = "x" * 200_000
    with pytest.raises(StorageFull, match="disk is full"):
        for n in range(200):
            ws.answers.save(insp.id, "verblijfslocatie", 1, f"big_{n}", big)
    with pytest.raises(StorageFull):
        ws.answers.save(insp.id, "verblijfslocatie", 1, "field_3", "changed")
    result = run_cli(paths, "inspection", "list")
    assert result.returncode == 0, result.stderr
    assert "Voorbeeldstraat 1" in result.stdout

    filler.unlink()
    values = ws.answers.load(insp.id, "verblijfslocatie").values
    assert all(values[f"field_{n}"] == n for n in range(20))
    ws.answers.save(insp.id, "verblijfslocatie", 1, "after", "ok")
    verdict = ws.verify_audit()
    assert verdict.ok, verdict.describe()
    ws.close()
    con = sqlite3.connect(paths.database)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # The reads done on the full disk were recorded once space came back.
    delayed = con.execute(
        "SELECT count(*) FROM audit_event WHERE details LIKE '%delayed_from%'"
    ).fetchone()[0]
    con.close()
    assert delayed >= 2
    os.sync()
