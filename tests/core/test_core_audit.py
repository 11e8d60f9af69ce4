"""The audit log: hash chain, append-only, no personal data, first broken link reported."""

from __future__ import annotations

import sqlite3

import pytest

from inspector.core.workspace import Workspace

from tests_support import CANARY_ADDRESS, CANARY_NAME


def test_chain_verifies_and_holds_no_personal_data(workspace: Workspace) -> None:
    insp = workspace.create_inspection(address=CANARY_ADDRESS, postcode="1234 AB", city="X")
    workspace.add_resident(insp.id, CANARY_NAME, "pl")
    workspace.get_inspection(insp.id)
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
        workspace.create_inspection(address=f"Straat {n}", postcode="1234 AB", city="X")
    _tamper(workspace.paths.database, "UPDATE audit_event SET action='tampered' WHERE seq=3")
    result = workspace.verify_audit()
    assert not result.ok
    assert result.broken_seq == 3
    assert "does not match its hash" in result.describe()


def test_removed_event_is_reported(workspace: Workspace) -> None:
    for n in range(4):
        workspace.create_inspection(address=f"Straat {n}", postcode="1234 AB", city="X")
    _tamper(workspace.paths.database, "DELETE FROM audit_event WHERE seq=2")
    result = workspace.verify_audit()
    assert not result.ok and result.broken_seq == 3
    assert "#2 is missing" in result.describe()
