"""``inspector doctor`` on a healthy store, a tampered one and a damaged one (real processes)."""

from __future__ import annotations

import sqlite3

from inspector.core import vault
from inspector.paths import DataPaths

from tests_support import PASSWORD, make_store, run_cli, use_keyfile


def _store(paths: DataPaths) -> tuple[str, str]:
    use_keyfile()
    ws = make_store(paths)
    insp = ws.inspections.create(address="Voorbeeldstraat 1", postcode="1234 AB", city="X")
    a = ws.residents.add(insp.id, "Anna Fictief")
    ws.residents.add(insp.id, "Bogdan Verzonnen")
    ws.answers.save(insp.id, "verblijfslocatie", 1, "opmerking", "iets")
    ws.close()
    return insp.id, a.id


def test_doctor_on_a_healthy_store(data_paths: DataPaths) -> None:
    _store(data_paths)
    result = run_cli(data_paths, "doctor")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SQLite integrity_check: ok" in result.stdout
    assert "chain and anchor verified" in result.stdout
    assert "Alles in orde." in result.stdout


def test_doctor_names_tampered_values_and_a_cut_audit_log(data_paths: DataPaths) -> None:
    _insp, anna = _store(data_paths)
    con = sqlite3.connect(data_paths.database)
    names = dict(con.execute("SELECT id, name FROM resident").fetchall())
    other = next(i for i in names if i != anna)
    con.execute("UPDATE resident SET name = ? WHERE id = ?", (names[other], anna))
    for (trigger,) in con.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger'"
    ).fetchall():
        con.execute(f'DROP TRIGGER "{trigger}"')
    con.execute("DELETE FROM audit_event WHERE seq > 3")
    con.commit()
    con.close()
    result = run_cli(data_paths, "doctor")
    assert result.returncode == 1
    out = result.stdout
    assert f"resident.name  rij {anna}" in out
    assert "Anna" not in out and "Bogdan" not in out  # where, never what
    assert "auditlog" in out
    assert "reservekopie terugzetten" in out
    # The officer decides to go on with what there is: recorded, and the store opens again.
    accepted = run_cli(data_paths, "doctor", "--accept-current")
    assert "als nieuw ankerpunt aanvaard" in accepted.stdout
    ws = vault.unlock(data_paths, PASSWORD, "test")
    assert ws.verify_audit().ok
    ws.close()


def test_doctor_on_a_truncated_database_says_how_to_restore(data_paths: DataPaths) -> None:
    _store(data_paths)
    data_paths.database.write_bytes(data_paths.database.read_bytes()[:1000])
    result = run_cli(data_paths, "doctor")
    assert result.returncode == 1
    assert "beschadigd of ontbreekt" in result.stdout
    assert "reservekopie terugzetten" in result.stdout
    assert "Traceback" not in result.stderr
