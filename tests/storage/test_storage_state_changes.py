"""The reasons of finalizing and reopening live in their own table (inspection_state_change),
sealed to their rows; a store of the previous format has them moved there at its first unlock."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from sqlalchemy import select, update

from inspector.core import vault
from inspector.core.workspace import Workspace
from inspector.paths import DataPaths
from inspector.states import StateChangeKind
from inspector.storage import seal
from inspector.storage.models import FormRecord, InspectionStateChange
from inspector.storage.types import is_damaged

from tests_support import use_keyfile

FORMAT3 = Path(__file__).resolve().parent.parent / "data" / "store_format3"
#: From FORMAT3/make_store.py (fictitious).
INSPECTION_A = "8b3cbef5-5161-4478-a6a7-a2e80cecc76b"
INSPECTION_B = "6ede7b12-e108-4bce-bc09-e6196bd05380"


def _one(paths: DataPaths, sql: str) -> object:
    con = sqlite3.connect(paths.database)
    try:
        return con.execute(sql).fetchone()[0]
    finally:
        con.close()


def test_finalize_and_reopen_keep_their_reasons_as_state_changes(workspace: Workspace) -> None:
    insp = workspace.inspections.create(address="Proefstraat 5", postcode="2801AB", city="Gouda")
    workspace.inspections.finalize(insp.id, incomplete_reason="  Zolder op slot (fictief) ")
    workspace.inspections.reopen(insp.id, "Meetfout keuken (fictief)")
    workspace.inspections.finalize(insp.id)
    changes = workspace.inspections.state_changes(insp.id)
    assert [(c.kind, c.reason) for c in changes] == [
        (StateChangeKind.FINALIZED, "Zolder op slot (fictief)"),
        (StateChangeKind.REOPENED, "Meetfout keuken (fictief)"),
        (StateChangeKind.FINALIZED, None),
    ]
    assert {c.officer_id for c in changes} == {workspace.officer.id}
    assert changes[0].at <= changes[1].at <= changes[2].at
    assert workspace.inspections.finalize_reasons(insp.id) == ["Zolder op slot (fictief)"]
    with workspace.unit() as s:  # no made-up questionnaires any more
        assert s.scalars(select(FormRecord.form_id)).all() == []
    # Never in plaintext in the file.
    assert b"Meetfout keuken" not in workspace.paths.database.read_bytes()


def test_a_reason_moved_to_another_inspection_reads_as_damaged(workspace: Workspace) -> None:
    a = workspace.inspections.create(address="Proefstraat 6", postcode="2801AB", city="Gouda")
    b = workspace.inspections.create(address="Proefstraat 7", postcode="2801AB", city="Gouda")
    workspace.inspections.finalize(a.id)
    workspace.inspections.reopen(a.id, "Reden bij A (fictief)")
    with workspace.unit() as s:  # what an SQL edit outside the app would do
        s.execute(
            update(InspectionStateChange)
            .where(InspectionStateChange.kind == StateChangeKind.REOPENED)
            .values(inspection_id=b.id)
        )
    [moved] = workspace.inspections.state_changes(b.id)
    assert is_damaged(moved.reason)


def test_a_format_3_store_has_its_reasons_moved_on_unlock(tmp_path: Path) -> None:
    use_keyfile()
    paths = DataPaths(tmp_path / "store")
    shutil.copytree(FORMAT3, paths.root, ignore=shutil.ignore_patterns("make_store.py"))
    assert _one(paths, "PRAGMA user_version") == 3
    made_up = "SELECT count(*) FROM form_record WHERE form_id IN ('_finalize', '_reopen')"
    assert _one(paths, made_up) == 2
    ws = vault.unlock(paths, "oude-opslag-vos-12", "oud")
    try:
        assert _one(paths, "PRAGMA user_version") == seal.FORMAT == seal.STATE_CHANGES_FORMAT
        changes = ws.inspections.state_changes(INSPECTION_A)
        assert [(c.kind, c.reason) for c in changes] == [
            (StateChangeKind.FINALIZED, "Zolder niet toegankelijk (fictief)"),
            (StateChangeKind.REOPENED, "Meetfout in slaapkamer 2 (fictief)"),
        ]  # the two with reasons (the old release kept no row for a complete finalize)
        assert changes[0].at < changes[1].at and changes[0].officer_id == ws.officer.id
        assert ws.inspections.finalize_reasons(INSPECTION_A) == [
            "Zolder niet toegankelijk (fictief)"
        ]
        assert ws.inspections.state_changes(INSPECTION_B) == []
        with ws.unit() as s:
            assert s.scalars(select(FormRecord.form_id)).all() == ["verblijfslocatie"]
        # The questionnaire itself is untouched, the store still verifies.
        detail = ws.inspections.get(INSPECTION_A, audit_view=False)
        assert detail.forms["verblijfslocatie"].values["opmerking"] == "oude opmerking"
        assert ws.verify_audit().ok
    finally:
        ws.close()
    # A second unlock finds nothing left to move.
    ws = vault.unlock(paths, "oude-opslag-vos-12", "oud")
    try:
        assert len(ws.inspections.state_changes(INSPECTION_A)) == 2
    finally:
        ws.close()
