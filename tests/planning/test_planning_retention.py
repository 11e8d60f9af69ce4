"""Retention of the registered persons of address selection: the imported list after its
import, the names in planned visits after the visit day; counts stay, the purge is audited."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select, text

from inspector import localtime
from inspector.__main__ import main
from inspector.addresses.sources import read_source
from inspector.core.retention import purge_registered_persons
from inspector.planning.manager import PlanningManager, results
from inspector.planning.models import AddressSource, PlannedVisit
from inspector.storage.models import utcnow

from tests_support import PASSWORD


def _persons(tmp_path: Path) -> Path:
    path = tmp_path / "personen.csv"
    path.write_text(
        "postcode;huisnummer;achternaam;voornamen;geboortedatum\n"
        "7100 AA;1;Testowa;Anna;1990-05-17\n7100 AA;1;Proefman;Jan;1985-01-02\n",
        encoding="utf-8",
    )
    return path


def _visit(ws: Any, side: str, day: date, outcome: dict[str, Any] | None) -> str:
    with ws.unit() as s:
        row = PlannedVisit(
            side=side, visit_date=day, slot="09:00-12:00", state="reported",
            content={"key": "7100 AA|1|", "address": "Proefstraat 1", "postcode": "7100 AA",
                     "persons": [{"id": "p1", "surname": "Testowa", "given_names": "Anna"},
                                 {"id": "p2", "surname": "Proefman", "given_names": "Jan"}]},
            outcome=outcome,
        )  # fmt: skip
        s.add(row)
        s.flush()
        return row.id


def test_registered_persons_go_after_their_terms_counts_stay(
    workspace: Any, tmp_path: Path
) -> None:
    planning = PlanningManager(workspace)
    planning.save_source(read_source(_persons(tmp_path), "persons"))
    today = localtime.today()
    coordinator_outcome = {
        "marks": [{"person_id": "p1", "name": "Anna Testowa", "mark": "not_here"},
                  {"person_id": "p2", "name": "Jan Proefman", "mark": "lives_here"}],
        "found": [{"resident_id": "r1", "name": "Nowak Proef"}], "findings": 2,
    }  # fmt: skip
    old = _visit(workspace, "coordinator", today - timedelta(days=91), coordinator_outcome)
    laptop = _visit(workspace, "officer", today - timedelta(days=91),
                    {"marks": {"p1": "not_here"}, "found": ["r1"]})  # fmt: skip
    recent = _visit(workspace, "coordinator", today - timedelta(days=10), coordinator_outcome)

    # Within the import's term (30 days): the list stays; the visits of 91 days ago go.
    dry = purge_registered_persons(workspace, dry_run=True)
    assert (dry.lists, dry.visit_persons) == (0, 4)
    done = purge_registered_persons(workspace)
    assert (done.lists, done.visit_persons) == (0, 4)
    with workspace.unit() as s:
        rows = {v.id: v for v in s.scalars(select(PlannedVisit))}
        assert rows[old].content["persons"] == [] and rows[old].content["persons_removed"] == 2
        assert "Anna" not in repr(rows[old].outcome) and rows[old].outcome["findings"] == 2
        assert rows[laptop].content["persons"] == []
        assert rows[laptop].outcome == {"marks": {"p1": "not_here"}, "found": ["r1"]}
        assert len(rows[recent].content["persons"]) == 2
        assert s.get(AddressSource, "persons") is not None
    # The coordinator's list still counts what was found, without the names.
    by_id = {r.visit.id: r for r in results(planning.visits())}
    assert by_id[old].not_here == ["—"] and by_id[old].found_unregistered == ["—"]
    assert by_id[recent].not_here == ["Anna Testowa"]

    # 31 days after the import the list goes too; a second purge finds nothing.
    later = utcnow() + timedelta(days=31)
    assert purge_registered_persons(workspace, now=later).lists == 1
    assert PlanningManager(workspace).load_data().persons == {}
    assert purge_registered_persons(workspace, now=later) == type(done)(0, 0)
    with workspace.unit() as s:
        actions = s.execute(text("SELECT action FROM audit_event")).scalars().all()
    assert actions.count("retention.registered_persons_purged") == 2
    assert workspace.verify_audit().ok


def test_the_purge_command_names_the_registered_persons_too(  # type: ignore[no-untyped-def]
    workspace, monkeypatch, capsys
) -> None:
    root = str(workspace.paths.root)
    workspace.close()
    monkeypatch.setenv("INSPECTOR_PASSPHRASE", PASSWORD)
    assert main(["--data-dir", root, "retention", "purge", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "0 list(s) of registered persons older than 30 days after import would be" in out
