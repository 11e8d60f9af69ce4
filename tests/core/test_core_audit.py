"""The audit log: hash chain, append-only, no personal data, first broken link reported."""

from __future__ import annotations

import sqlite3

import pytest

from inspector.core.workspace import Workspace

from tests_support import CANARY_ADDRESS, CANARY_NAME


def test_chain_verifies_and_holds_no_personal_data(workspace: Workspace) -> None:
    insp = workspace.inspections.create(address=CANARY_ADDRESS, postcode="1234 AB", city="X")
    workspace.residents.add(insp.id, CANARY_NAME, "pl")
    workspace.inspections.get(insp.id)
    result = workspace.verify_audit()
    assert result.ok and result.events >= 4
    con = sqlite3.connect(workspace.paths.database)
    rows = con.execute("SELECT action, details, officer_id, record_id FROM audit_event").fetchall()
    con.close()
    text = repr(rows)
    assert CANARY_NAME not in text and CANARY_ADDRESS not in text
    assert ("inspection.viewed",) in [(r[0],) for r in rows]
    assert all(r[2] == workspace.officer.id for r in rows)


def test_database_refuses_to_change_or_delete_events(workspace: Workspace) -> None:
    con = sqlite3.connect(workspace.paths.database)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        con.execute("UPDATE audit_event SET action='x'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        con.execute("DELETE FROM audit_event")
    con.close()


def _tamper(path, sql: str) -> None:  # type: ignore[no-untyped-def]
    con = sqlite3.connect(path)
    con.execute("DROP TRIGGER audit_event_no_update")
    con.execute("DROP TRIGGER audit_event_no_delete")
    con.execute(sql)
    con.commit()
    con.close()


def test_changed_event_is_reported_as_first_broken_link(workspace: Workspace) -> None:
    for n in range(5):
        workspace.inspections.create(address=f"Straat {n}", postcode="1234 AB", city="X")
    _tamper(workspace.paths.database, "UPDATE audit_event SET action='tampered' WHERE seq=3")
    result = workspace.verify_audit()
    assert not result.ok
    assert result.broken_seq == 3
    assert "does not match its hash" in result.describe()


def test_removed_event_is_reported(workspace: Workspace) -> None:
    for n in range(4):
        workspace.inspections.create(address=f"Straat {n}", postcode="1234 AB", city="X")
    _tamper(workspace.paths.database, "DELETE FROM audit_event WHERE seq=2")
    result = workspace.verify_audit()
    assert not result.ok and result.broken_seq == 3
    assert "#2 is missing" in result.describe()


def test_rewritten_chain_without_the_key_is_detected(workspace: Workspace) -> None:
    """Someone with the file but not the data key deletes an event and recomputes the chain
    with a plain hash: verify still reports it."""
    import hashlib
    import json

    for n in range(3):
        workspace.inspections.create(address=f"Straat {n}", postcode="1234 AB", city="X")
    _tamper(workspace.paths.database, "DELETE FROM audit_event WHERE seq=2")
    con = sqlite3.connect(workspace.paths.database)
    rows = con.execute(
        "SELECT id, seq, at, officer_id, action, record_type, record_id, details "
        "FROM audit_event ORDER BY seq"
    ).fetchall()
    prev = "0" * 64
    for new_seq, (id_, _seq, at, officer, action, rtype, rid, details) in enumerate(rows, 1):
        payload = json.dumps(
            [new_seq, id_, at, officer, action, rtype, rid, details, prev], separators=(",", ":")
        )
        digest = hashlib.sha256(payload.encode()).hexdigest()
        con.execute(
            "UPDATE audit_event SET seq=?, prev_hash=?, hash=? WHERE id=?",
            (new_seq + 1000, prev, digest, id_),
        )
        prev = digest
    con.execute("UPDATE audit_event SET seq = seq - 1000")
    con.commit()
    con.close()
    result = workspace.verify_audit()
    assert not result.ok and result.broken_seq == 1
