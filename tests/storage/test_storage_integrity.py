"""Integrity against someone with the files but not the key: the attacks, done for real on the
SQLite file with sqlite3, each detected and reported (never accepted, never a traceback)."""

from __future__ import annotations

import hashlib
import hmac
import shutil
import sqlite3
from pathlib import Path

import pytest

from inspector.core import vault
from inspector.core.workspace import ReadOnly
from inspector.paths import DataPaths
from inspector.storage import seal

from tests_support import PASSWORD, make_store, run_cli, use_keyfile

DAMAGED = "beschadigd — niet te lezen"
FORMAT1 = Path(__file__).resolve().parent.parent / "data" / "store_format1"


def _sql(paths: DataPaths, *statements: tuple[str, tuple[object, ...]]) -> None:
    con = sqlite3.connect(paths.database)
    # The attacker drops the append-only triggers first: they guard mistakes, not attacks.
    triggers = con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall()
    for (name,) in triggers:
        con.execute(f'DROP TRIGGER "{name}"')
    for sql, params in statements:
        con.execute(sql, params)
    con.commit()
    con.close()


def _one(paths: DataPaths, sql: str, params: tuple[object, ...] = ()) -> object:
    con = sqlite3.connect(paths.database)
    try:
        return con.execute(sql, params).fetchone()[0]
    finally:
        con.close()


@pytest.fixture
def two_residents(data_paths: DataPaths):  # type: ignore[no-untyped-def]
    ws = make_store(data_paths)
    insp = ws.inspections.create(address="Voorbeeldstraat 1", postcode="1234 AB", city="X")
    a = ws.residents.add(insp.id, "Anna Fictief")
    b = ws.residents.add(insp.id, "Bogdan Verzonnen")
    for r, bsn, surname in ((a, "111222333", "Fictief"), (b, "123456782", "Verzonnen")):
        ws.answers.save(insp.id, "bewoner", 1, "bsn", bsn, resident_id=r.id)
        ws.answers.save(insp.id, "bewoner", 1, "surname", surname, resident_id=r.id)
    ws.close()
    return insp.id, a.id, b.id


def _answer_blob(paths: DataPaths, resident_id: str, field: str) -> tuple[str, bytes]:
    con = sqlite3.connect(paths.database)
    row = con.execute(
        "SELECT a.id, a.value FROM answer a JOIN form_record f ON f.id = a.record_id "
        "WHERE f.resident_id = ? AND a.field_id = ?",
        (resident_id, field),
    ).fetchone()
    con.close()
    return row[0], row[1]


def test_swapped_resident_names_are_detected(data_paths: DataPaths, two_residents) -> None:  # type: ignore[no-untyped-def]
    insp_id, a, b = two_residents
    name_a = _one(data_paths, "SELECT name FROM resident WHERE id = ?", (a,))
    name_b = _one(data_paths, "SELECT name FROM resident WHERE id = ?", (b,))
    _sql(
        data_paths,
        ("UPDATE resident SET name = ? WHERE id = ?", (name_b, a)),
        ("UPDATE resident SET name = ? WHERE id = ?", (name_a, b)),
    )
    ws = vault.unlock(data_paths, PASSWORD, "test")
    detail = ws.inspections.get(insp_id)
    assert [r.name for r in detail.residents] == [DAMAGED, DAMAGED]
    assert f"resident/{a}" in detail.damaged and f"resident/{b}" in detail.damaged
    ws.close()


@pytest.mark.parametrize("attack", ["swap_bsn", "surname_into_bsn"])
def test_moved_answers_are_detected(data_paths: DataPaths, two_residents, attack: str) -> None:  # type: ignore[no-untyped-def]
    insp_id, a, b = two_residents
    id_a, bsn_a = _answer_blob(data_paths, a, "bsn")
    id_b, bsn_b = _answer_blob(data_paths, b, "bsn")
    if attack == "swap_bsn":
        _sql(
            data_paths,
            ("UPDATE answer SET value = ? WHERE id = ?", (bsn_b, id_a)),
            ("UPDATE answer SET value = ? WHERE id = ?", (bsn_a, id_b)),
        )
        expect = {a: ["bsn"], b: ["bsn"]}
    else:
        _sid, surname_a = _answer_blob(data_paths, a, "surname")
        _sql(data_paths, ("UPDATE answer SET value = ? WHERE id = ?", (surname_a, id_a)))
        expect = {a: ["bsn"], b: []}
    ws = vault.unlock(data_paths, PASSWORD, "test")
    detail = ws.inspections.get(insp_id)
    for resident, fields in expect.items():
        answers = detail.resident_forms[resident]["bewoner"]
        assert answers.damaged == fields
        assert all(f not in answers.values for f in fields)
    # The untouched values are all still there.
    assert detail.resident_forms[b]["bewoner"].values["surname"] == "Verzonnen"
    ws.close()


def test_rolled_back_answer_is_detected(data_paths: DataPaths) -> None:
    ws = make_store(data_paths)
    insp = ws.inspections.create(address="Voorbeeldstraat 1", postcode="1234 AB", city="X")
    ws.answers.save(insp.id, "verblijfslocatie", 1, "opmerking", "oude stand")
    old = _one(data_paths, "SELECT value FROM answer WHERE field_id = 'opmerking'")
    ws.answers.save(insp.id, "verblijfslocatie", 1, "opmerking", "nieuwe stand")
    ws.close()
    _sql(data_paths, ("UPDATE answer SET value = ? WHERE field_id = 'opmerking'", (old,)))
    ws = vault.unlock(data_paths, PASSWORD, "test")
    answers = ws.answers.load(insp.id, "verblijfslocatie")
    assert answers.damaged == ["opmerking"] and "opmerking" not in answers.values
    ws.close()


def test_swapped_photos_are_detected(data_paths: DataPaths) -> None:
    ws = make_store(data_paths)
    insp = ws.inspections.create(address="Voorbeeldstraat 1", postcode="1234 AB", city="X")
    p1 = ws.attachments.add(insp.id, kind="photo", content=b"foto-een", mime="image/png")
    p2 = ws.attachments.add(insp.id, kind="photo", content=b"foto-twee", mime="image/png")
    ws.close()
    c1 = _one(data_paths, "SELECT content FROM attachment WHERE id = ?", (p1,))
    c2 = _one(data_paths, "SELECT content FROM attachment WHERE id = ?", (p2,))
    _sql(
        data_paths,
        ("UPDATE attachment SET content = ? WHERE id = ?", (c2, p1)),
        ("UPDATE attachment SET content = ? WHERE id = ?", (c1, p2)),
    )
    ws = vault.unlock(data_paths, PASSWORD, "test")
    from inspector.storage.types import is_damaged

    for pid in (p1, p2):
        content, _mime = ws.attachments.content(pid)
        assert is_damaged(content)
    ws.close()


def test_flipped_state_is_detected_and_cannot_be_edited(data_paths: DataPaths) -> None:
    ws = make_store(data_paths)
    insp = ws.inspections.create(address="Voorbeeldstraat 1", postcode="1234 AB", city="X")
    other = ws.inspections.create(address="Proefweg 2", postcode="1234 AB", city="X")
    ws.answers.save(insp.id, "verblijfslocatie", 1, "opmerking", "vastgelegd")
    ws.inspections.finalize(insp.id)
    ws.close()
    _sql(
        data_paths,
        (
            "UPDATE inspection SET state = 'in_progress', finalized_at = NULL WHERE id = ?",
            (insp.id,),
        ),
    )
    ws = vault.unlock(data_paths, PASSWORD, "test")
    listed = {i.id: i for i in ws.inspections.list_all()}
    assert listed[insp.id].damaged and listed[insp.id].address == DAMAGED
    assert not listed[other.id].damaged
    with pytest.raises(ReadOnly, match="changed outside the app"):
        ws.answers.save(insp.id, "verblijfslocatie", 1, "opmerking", "stiekem veranderd")
    ws.close()


@pytest.mark.parametrize("cut", ["last_six", "all"])
def test_deleted_audit_events_are_detected(data_paths: DataPaths, cut: str) -> None:
    ws = make_store(data_paths)
    insp = ws.inspections.create(address="Voorbeeldstraat 1", postcode="1234 AB", city="X")
    for n in range(10):
        ws.answers.save(insp.id, "verblijfslocatie", 1, f"f{n}", n)
    assert ws.verify_audit().ok
    ws.close()
    if cut == "all":
        _sql(data_paths, ("DELETE FROM audit_event", ()))
    else:
        top = int(_one(data_paths, "SELECT max(seq) FROM audit_event"))  # type: ignore[arg-type]
        _sql(data_paths, ("DELETE FROM audit_event WHERE seq > ?", (top - 6,)))
    with pytest.raises(vault.StoreRolledBack, match="audit log") as refused:
        vault.unlock(data_paths, PASSWORD, "test")
    assert "auditlog eindigt" in refused.value.message.nl  # the window says which
    # doctor may open it anyway, and reports it.
    ws = vault.unlock(data_paths, PASSWORD, "test", accept_rollback=True)
    verdict = ws.verify_audit()
    assert not verdict.ok and "auditlog" in verdict.reason
    ws.close()


def test_an_older_copy_of_the_database_is_detected(data_paths: DataPaths) -> None:
    ws = make_store(data_paths)
    insp = ws.inspections.create(address="Voorbeeldstraat 1", postcode="1234 AB", city="X")
    ws.close()
    old = data_paths.root.parent / "old.sqlite3"
    shutil.copy2(data_paths.database, old)
    ws = vault.unlock(data_paths, PASSWORD, "test")
    ws.inspections.finalize(insp.id)
    ws.close()
    # Both the database and anchor.json put back: the copy with the key still knows.
    shutil.copy2(old, data_paths.database)
    data_paths.anchor.unlink()
    with pytest.raises(vault.StoreRolledBack):
        vault.unlock(data_paths, PASSWORD, "test")


def test_lookups_cannot_be_tested_with_the_salt_in_the_files(data_paths: DataPaths) -> None:
    import base64
    import json

    ws = make_store(data_paths)
    insp = ws.inspections.create(address="Voorbeeldstraat 1", postcode="1234 AB", city="X")
    ws.residents.add(insp.id, "Anna Fictief", import_key="x")
    ws.close()
    salt = base64.b64decode(json.loads(data_paths.store_meta.read_text())["lookup_salt"])
    guess = hmac.new(salt, b"test", hashlib.sha256).hexdigest()
    stored = _one(data_paths, "SELECT username_lookup FROM officer")
    assert stored != guess
    # The right username still opens the store (the look-up is keyed with the data key).
    vault.unlock(data_paths, PASSWORD, "test").close()
    with pytest.raises(vault.WrongCredentials):
        vault.unlock(data_paths, PASSWORD, "someone-else")


def test_a_store_made_by_format_1_is_upgraded_on_unlock(tmp_path: Path) -> None:
    use_keyfile()
    paths = DataPaths(tmp_path / "store")
    shutil.copytree(FORMAT1, paths.root, ignore=shutil.ignore_patterns("make_store.py"))
    # The settings file of that time no longer validates (the norms gained a required source
    # since); this test is about the database and the key file, so use today's defaults.
    from inspector.settings import Municipality, Settings, save_settings

    save_settings(paths.settings, Settings(municipality=Municipality(name="Gemeente Voorbeeld")))
    assert _one(paths, "PRAGMA user_version") == 0
    old_lookup = _one(paths, "SELECT username_lookup FROM officer")
    ws = vault.unlock(paths, "oude-opslag-vos-12", "oud")
    assert _one(paths, "PRAGMA user_version") == seal.FORMAT  # format 1 -> newest in one step
    assert _one(paths, "SELECT username_lookup FROM officer") != old_lookup
    assert "legacy" not in paths.key_file.read_text()  # rewrapped with Argon2id
    listed = sorted(ws.inspections.list_all(), key=lambda i: i.address)
    assert [(i.address, i.state, i.damaged) for i in listed] == [
        ("Proefweg 2", "finalized", False),
        ("Voorbeeldstraat 1", "in_progress", False),
    ]
    detail = ws.inspections.get(listed[1].id)
    assert detail.damaged == []
    assert [r.name for r in detail.residents] == ["Anna Fictief", "Bogdan Verzonnen"]
    anna = detail.residents[0]
    assert anna.room == "3"
    assert detail.resident_forms[anna.id]["bewoner"].values == {
        "surname": "Fictief",
        "bsn": "111222333",
    }
    values = detail.forms["verblijfslocatie"].values
    assert values["opmerking"] == "oude opmerking"
    assert values["slaapkamers"][0]["oppervlakte"] == 12.5
    photo = ws.attachments.list_for(listed[1].id)[0]
    assert photo["caption"] == "keuken"
    assert ws.attachments.content(photo["id"])[0] == b"\x89PNG fictief"
    assert ws.verify_audit().ok
    ws.answers.save(listed[1].id, "verblijfslocatie", 1, "opmerking", "na de upgrade")
    ws.close()
    # A second unlock does not upgrade again, and all is still readable.
    ws = vault.unlock(paths, "oude-opslag-vos-12", "oud")
    assert ws.answers.load(listed[1].id, "verblijfslocatie").values["opmerking"] == "na de upgrade"
    ws.close()
    # Putting the format back to 1 (to slip in old, column-bound values) is refused.
    _sql(paths, ("PRAGMA user_version = 0", ()))
    with pytest.raises(vault.StoreRolledBack, match="older format"):
        vault.unlock(paths, "oude-opslag-vos-12", "oud")


def test_attacks_reach_the_cli_as_one_line(data_paths: DataPaths) -> None:
    use_keyfile()
    ws = make_store(data_paths)
    insp = ws.inspections.create(address="Voorbeeldstraat 1", postcode="1234 AB", city="X")
    ws.inspections.finalize(insp.id)
    ws.close()
    _sql(data_paths, ("UPDATE inspection SET state = 'in_progress'", ()))
    result = run_cli(data_paths, "inspection", "list")
    assert result.returncode == 0, result.stderr
    assert DAMAGED in result.stdout
    _sql(data_paths, ("DELETE FROM audit_event", ()))
    result = run_cli(data_paths, "inspection", "list")
    assert result.returncode == 1
    assert "audit log" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("key_mode", ["keyfile", "keyring"])
def test_an_older_copy_from_after_the_unlock_is_refused_after_a_crash(
    data_paths: DataPaths, key_mode: str
) -> None:
    """The anchor kept with the key material moves on after every change, not only at unlock
    and lock: a process that died (no lock) leaves no gap for an older copy of the database
    and anchor.json taken after the unlock."""
    if key_mode == "keyfile":
        use_keyfile()
    make_store(data_paths).close()
    ws = vault.unlock(data_paths, PASSWORD, "test")
    insp = ws.inspections.create(address="Voorbeeldstraat 1", postcode="1234 AB", city="X")
    ws.answers.save(insp.id, "verblijfslocatie", 1, "opmerking", "eerste stand")
    db = data_paths.database
    wal, shm = (db.with_name(db.name + suffix) for suffix in ("-wal", "-shm"))
    # A consistent copy of that moment: the database with its WAL, and anchor.json.
    copies = {p: p.read_bytes() for p in (db, wal, data_paths.anchor) if p.exists()}
    for n in range(3):
        ws.answers.save(insp.id, "verblijfslocatie", 1, "opmerking", f"stand {n}")
    # The app is killed: no lock, so nothing is renewed at the end.
    ws.db.dispose()
    for p in (wal, shm):
        p.unlink(missing_ok=True)
    for path, content in copies.items():
        path.write_bytes(content)
    with pytest.raises(vault.StoreRolledBack):
        vault.unlock(data_paths, PASSWORD, "test")


def _copy_of(paths: DataPaths, target: Path) -> Path:
    """A consistent copy of the database file as it is now (what a thief keeps)."""
    src = sqlite3.connect(paths.database)
    dst = sqlite3.connect(target)
    src.backup(dst)
    dst.close()
    src.close()
    return target


def _put_back_row(paths: DataPaths, old: Path, table: str, row_id: str) -> None:
    """Replace one row, every column (seal version included), by its copy in *old*."""
    con = sqlite3.connect(paths.database)
    con.execute("ATTACH DATABASE ? AS old", (str(old),))
    columns = [r[1] for r in con.execute(f"PRAGMA table_info({table})")]
    names = ", ".join(f'"{c}"' for c in columns)
    con.execute(f"DELETE FROM main.{table} WHERE id = ?", (row_id,))
    con.execute(
        f"INSERT INTO main.{table} ({names}) SELECT {names} FROM old.{table} WHERE id = ?",
        (row_id,),
    )
    con.commit()
    con.execute("DETACH DATABASE old")
    con.close()


def test_a_whole_row_put_back_from_an_older_copy_is_reported(
    data_paths: DataPaths, tmp_path: Path
) -> None:
    """The attack that row binding alone cannot see: one answer row, all its columns and its
    seal version, put back from an older copy of the database. Its value authenticates (it
    is that row's own older ciphertext), but the anchored audit chain recorded a newer
    version: doctor names the row."""
    from inspector.core.doctor import diagnose

    ws = make_store(data_paths)
    insp = ws.inspections.create(address="Voorbeeldstraat 1", postcode="1234 AB", city="X")
    ws.answers.save(insp.id, "verblijfslocatie", 1, "opmerking", "oude stand")
    ws.answers.save(insp.id, "verblijfslocatie", 1, "persons_present", 4)
    ws.close()
    old = _copy_of(data_paths, tmp_path / "older.sqlite3")
    ws = vault.unlock(data_paths, PASSWORD, "test")
    ws.answers.save(insp.id, "verblijfslocatie", 1, "opmerking", "nieuwe stand")
    ws.answers.save(insp.id, "verblijfslocatie", 1, "persons_present", 6)
    ws.close()
    answer_id = str(_one(data_paths, "SELECT id FROM answer WHERE field_id = 'opmerking'"))
    versions = _one(data_paths, "SELECT seal_v FROM answer WHERE id = ?", (answer_id,))
    _put_back_row(data_paths, old, "answer", answer_id)
    assert _one(data_paths, "SELECT seal_v FROM answer WHERE id = ?", (answer_id,)) == 1
    assert versions == 2
    # The row authenticates: the window shows the old value, not a damaged one.
    ws = vault.unlock(data_paths, PASSWORD, "test")
    assert ws.answers.load(insp.id, "verblijfslocatie").values["opmerking"] == "oude stand"
    ws.close()
    report = diagnose(data_paths, PASSWORD, "test")
    assert not report.ok
    assert [(r.table, r.row_id, r.recorded, r.found) for r in report.rolled_back] == [
        ("answer", answer_id, 2, 1)
    ]
    text = report.text()
    assert f"answer rij {answer_id}: versie 1, maar het auditlog kent versie 2" in text
    assert "oude stand" not in text and "nieuwe stand" not in text  # never the content


def test_rows_deleted_or_put_back_after_a_delete_are_reported(data_paths: DataPaths) -> None:
    from inspector.core.doctor import diagnose

    ws = make_store(data_paths)
    insp = ws.inspections.create(address="Voorbeeldstraat 1", postcode="1234 AB", city="X")
    ws.answers.save(insp.id, "verblijfslocatie", 1, "opmerking", "blijft")
    ws.answers.save(insp.id, "verblijfslocatie", 1, "persons_present", 3)
    ws.answers.save(insp.id, "verblijfslocatie", 1, "persons_present", None)  # cleared
    ws.close()
    assert diagnose(data_paths, PASSWORD, "test").ok  # the app's own delete is no problem
    kept = str(_one(data_paths, "SELECT id FROM answer WHERE field_id = 'opmerking'"))
    _sql(data_paths, ("DELETE FROM answer WHERE id = ?", (kept,)))
    report = diagnose(data_paths, PASSWORD, "test")
    assert [(r.table, r.row_id, r.found) for r in report.rolled_back] == [
        ("answer", kept, None)
    ]
    assert "buiten de app om verwijderd" in report.text()
