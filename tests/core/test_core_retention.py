"""Retention of identity-document scans."""

from __future__ import annotations

from datetime import timedelta

from inspector.__main__ import main
from inspector.core.retention import purge_id_scans
from inspector.storage.models import Registration, utcnow

from tests_support import PASSWORD


def _registration(ws, inspection_id, resident_id, state, days_ago):  # type: ignore[no-untyped-def]
    with ws.unit() as s:
        row = Registration(
            inspection_id=inspection_id,
            resident_id=resident_id,
            state=state,
            signed_at=None if days_ago is None else utcnow() - timedelta(days=days_ago),
        )
        s.add(row)
        s.flush()
        registration_id = row.id
    for kind in ("id_front", "id_back"):
        ws.attachments.add(
            inspection_id,
            kind=kind,
            content=b"scan",
            mime="image/png",
            resident_id=resident_id,
            registration_id=registration_id,
        )
    ws.attachments.add(
        inspection_id,
        kind="document",
        content=b"%PDF",
        mime="application/pdf",
        resident_id=resident_id,
        registration_id=registration_id,
    )
    return registration_id


def test_only_scans_of_old_signed_registrations_go(workspace) -> None:  # type: ignore[no-untyped-def]
    insp = workspace.inspections.create(
        address="Voorbeeldstraat 1", postcode="2801 AB", city="Gouda"
    )
    r = workspace.residents.add(insp.id, "Exemplu Ion", "ro")
    days = workspace.settings.id_scan_retention_days
    _registration(workspace, insp.id, r.id, "signed", days + 1)
    _registration(workspace, insp.id, r.id, "signed", days - 1)
    _registration(workspace, insp.id, r.id, "draft", None)
    assert purge_id_scans(workspace, dry_run=True) == 2
    assert len(workspace.attachments.list_for(insp.id)) == 9
    assert purge_id_scans(workspace) == 2
    kinds = sorted(a["kind"] for a in workspace.attachments.list_for(insp.id))
    assert kinds == ["document"] * 3 + ["id_back", "id_back", "id_front", "id_front"]
    assert purge_id_scans(workspace) == 0
    assert workspace.verify_audit().ok


def test_purge_command(workspace, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    root = str(workspace.paths.root)
    workspace.close()
    monkeypatch.setenv("INSPECTOR_PASSPHRASE", PASSWORD)
    assert main(["--data-dir", root, "retention", "purge", "--dry-run"]) == 0
    assert "0 ID scans older than 30 days after signing would be deleted" in capsys.readouterr().out
