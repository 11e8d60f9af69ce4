"""The issue's scenario with real processes: an officer's store registers four residents and
finalizes; ``inspector sync`` pushes to a real ``inspector serve`` (SQLite and PostgreSQL);
the clerk's store pulls; one registration is processed (confirmation letter in Polish, at the
office and, after the next sync, on the laptop), one returned with a question that reaches the
officer's laptop at the next sync, one refused (REFUSED on the laptop with the reason), one
tampered on the way → quarantine. The coordinator's own store (the office keys restored from
their backup) then reads burgerzaken's notices of the three outcomes from the same service."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from clerk_support import PEOPLE, register
from sqlalchemy import select

from inspector import localtime
from inspector.core import vault
from inspector.paths import DataPaths
from inspector.server import service
from inspector.server.models import BlobPart, Record
from inspector.settings import save_settings
from inspector.sync import devices, keys

from tests_support import PASSWORD, letter_ready, make_store, use_keyfile

pytestmark = pytest.mark.slow
TESTS = Path(__file__).resolve().parent.parent


def _support() -> Any:
    spec = importlib.util.spec_from_file_location(
        "_service_support_clerk", TESTS / "sync" / "service_support.py"
    )
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # its dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


def _cli(root: Path, officer: str, *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        "INSPECTOR_PASSPHRASE": PASSWORD,
        "INSPECTOR_OFFICER": officer,
    }
    proc = subprocess.run(
        [sys.executable, "-m", "inspector", "--data-dir", str(root), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    if ok:
        assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return proc


#: A fourth fictitious resident, whom burgerzaken refuses.
PETRA = ("Prikladova", "Petra", date(1994, 6, 6), "CZ", "CZE", "CZ1234567", "en")


@pytest.fixture(scope="module")
def pg():  # type: ignore[no-untyped-def]
    with _support().pg_cluster() as cluster:
        yield cluster


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path: Path) -> str:  # type: ignore[no-untyped-def]
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'service.sqlite3'}"
    return str(request.getfixturevalue("pg").create_database())


def test_registrations_processed_returned_refused_quarantined_and_told_to_handhaving(
    tmp_path: Path, database_url: str
) -> None:
    support = _support()
    use_keyfile()
    office_dir, laptop_dir = tmp_path / "office", tmp_path / "laptop"
    # The office: a clerk's store with the registry and enforcement keys (key ceremony).
    office = vault.initialise(
        DataPaths(office_dir),
        officer_name="Medewerker Burgerzaken Een",
        username="balie1",
        password=PASSWORD,
        municipality="Gemeente Voorbeeld",
        key_mode="keyfile",
        role="clerk",
    )
    with office.unit() as s:
        keys.create_recipient_key(s, "registry")
        keys.create_recipient_key(s, "enforcement")
        fingerprint = keys.trust_bundle(s).fingerprint
    save_settings(office.paths.settings, letter_ready(office.settings))

    def bundle_for(pub: bytes) -> Any:
        with office.unit() as s:
            return keys.trust_bundle(s, pub)

    url = database_url
    db = support.prepare(url, bundle_for)
    device_id, service_code = support.add_device(db)
    # The whole code: the service's half and the office's (the office certifies the keys).
    with office.unit() as s:
        code = devices.device_code(s, device_id, service_code)
    office.close()
    with db.session() as s:
        token = service.add_user(s, "Balie 1", "registry")[1]
    svc = support.Service(url, tmp_path)
    svc.start()
    try:
        # The laptop: provisioned, three residents registered, the inspection finalized.
        laptop = make_store(DataPaths(laptop_dir), key_mode="keyfile")
        laptop.close()
        _cli(laptop_dir, "test", "sync", "provision", "--server", svc.url, "--code", code,
             "--fingerprint", fingerprint)  # fmt: skip
        laptop = vault.unlock(DataPaths(laptop_dir), PASSWORD, "test")
        save_settings(laptop.paths.settings, letter_ready(laptop.settings))
        insp, anna_eid = register(laptop, PEOPLE[0])
        register(laptop, PEOPLE[1], insp)
        register(laptop, PEOPLE[2], insp)
        _, petra_eid = register(laptop, PETRA, insp)
        laptop.inspections.finalize(insp)
        laptop.close()
        out = _cli(laptop_dir, "test", "sync").stdout
        assert "5 records delivered, 0 failed" in out

        # On the way to the clerk, one registration (the third person's) is tampered with.
        with db.session() as s:
            regs = s.scalars(
                select(Record).where(Record.kind == "registration").order_by(Record.seq)
            ).all()
            assert len(regs) == 4
            tampered = regs[2]
            part = s.scalars(
                select(BlobPart)
                .where(BlobPart.blob_id == tampered.blob_id)
                .order_by(BlobPart.offset.desc())
            ).first()
            assert part is not None
            data = bytearray(part.data)
            data[len(data) // 2] ^= 0x40
            part.data = bytes(data)
            tampered_id = tampered.record_id

        # The clerk pulls ('inspector sync' in the clerk role).
        _cli(office_dir, "balie1", "clerk", "link", "--server", svc.url, "--token", token)
        out = _cli(office_dir, "balie1", "sync").stdout
        assert "3 inschrijvingen ontvangen, 1 controles, 1 in quarantaine" in out
        queue = json.loads(_cli(office_dir, "balie1", "clerk", "queue", "--json").stdout)
        assert queue["counts"]["received"] == 3
        by_name = {r["name"].split(",")[0]: r for r in queue["rows"]}
        assert set(by_name) == {"Przykladowa", "Exemplu", "Prikladova"}
        petra = by_name["Prikladova"]["record_id"]
        assert all(r["on_the_spot"] for r in queue["rows"])
        anna, ion = by_name["Przykladowa"]["record_id"], by_name["Exemplu"]["record_id"]
        quarantined = json.loads(_cli(office_dir, "balie1", "clerk", "quarantine", "--json").stdout)
        assert [q["record_id"] for q in quarantined] == [tampered_id]
        assert quarantined[0]["reported"] and quarantined[0]["reason"]
        with db.session() as s:
            rec = s.scalars(select(Record).where(Record.record_id == tampered_id)).one()
            assert rec.quarantined_at is not None

        # A letter before processing is refused; then processed with the BSN from the BRP.
        refused = _cli(office_dir, "balie1", "clerk", "letter", anna[:8], "--lang", "pl",
                       "--out", str(tmp_path / "early.pdf"), ok=False)  # fmt: skip
        assert refused.returncode != 0 and "processed with the BSN" in refused.stderr
        _cli(office_dir, "balie1", "clerk", "take", anna[:8])
        _cli(office_dir, "balie1", "clerk", "process", anna[:8], "--bsn", "111222333",
             "--date", localtime.today().isoformat(), "--first")  # fmt: skip
        _cli(office_dir, "balie1", "clerk", "take", ion[:8])
        _cli(office_dir, "balie1", "clerk", "return", ion[:8], "--question",
             "Klopt de geboorteplaats? Graag controleren.")  # fmt: skip
        _cli(office_dir, "balie1", "clerk", "take", petra[:8])
        _cli(office_dir, "balie1", "clerk", "refuse", petra[:8], "--reason",
             "Geen geldig identiteitsdocument getoond")  # fmt: skip
        letter = tmp_path / "bevestiging-pl.pdf"
        _cli(
            office_dir, "balie1", "clerk", "letter", anna[:8], "--lang", "pl", "--out", str(letter)
        )
        text = subprocess.run(
            ["pdftotext", str(letter), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "111222333" in text and "Przykladowa" in text
        assert "Bevestiging" in text or "bevestiging" in text  # the Dutch half
        assert any(w in text for w in ("Potwierdzenie", "potwierdzenie", "zameldowania"))
        export = tmp_path / "brp.csv"
        _cli(
            office_dir,
            "balie1",
            "clerk",
            "export",
            anna[:8],
            "--format",
            "csv",
            "--out",
            str(export),
        )
        csv_text = export.read_text(encoding="utf-8-sig")
        assert f"{anna};01.02.40;Geslachtsnaam;Przykladowa;;" in csv_text
        assert f"{anna};04.05.10;Nationaliteit;Polen;0072;" in csv_text
        assert f"{anna};01.01.20;Burgerservicenummer;111222333;;" in csv_text
        # The outcomes go up with the next pull.
        out = _cli(office_dir, "balie1", "clerk", "pull").stdout
        assert "3 uitkomsten verstuurd" in out

        # Back on the officer's laptop after the next sync: the question, and 'processed'.
        _cli(laptop_dir, "test", "sync")
        status = _cli(laptop_dir, "test", "sync", "status").stdout
        assert "vraag van burgerzaken: Klopt de geboorteplaats? Graag controleren." in status
        shown = _cli(laptop_dir, "test", "inspection", "show", insp).stdout
        assert "returned: vraag van burgerzaken: Klopt de geboorteplaats?" in shown
        assert "processed: verwerkt: ingeschreven per" in shown
        # "Processed" made the laptop's registration PROCESSED with the BRP's BSN and date, so
        # the officer can print the confirmation letter there too (in Polish and Dutch).
        residents = json.loads(_cli(laptop_dir, "test", "residents", "list", insp, "--json").stdout)
        (anna_row,) = [r for r in residents if r["enrolment_id"] == anna_eid]
        assert anna_row["state"] == "processed"
        # "Refused" made Petra's registration REFUSED; it cannot be corrected (sent again).
        (petra_row,) = [r for r in residents if r["enrolment_id"] == petra_eid]
        assert petra_row["state"] == "refused"
        others = {anna_eid, petra_eid}
        assert {r["state"] for r in residents if r["enrolment_id"] not in others} == {"signed"}
        on_laptop = tmp_path / "bevestiging-laptop-pl.pdf"
        _cli(laptop_dir, "test", "letter", "render", "--kind", "confirmation", "--lang", "pl",
             "--inspection", insp, "--resident", anna_row["resident_id"], "--format", "pdf",
             "--out", str(on_laptop))  # fmt: skip
        text = subprocess.run(
            ["pdftotext", str(on_laptop), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "111222333" in text and "Przykladowa" in text
        # The same outcome pulled again changes nothing (one audited processing).
        _cli(laptop_dir, "test", "sync")
        laptop = vault.unlock(DataPaths(laptop_dir), PASSWORD, "test")
        with laptop.unit() as s:
            from inspector.storage.models import AuditEvent

            processed = s.scalars(
                select(AuditEvent).where(AuditEvent.action == "enrolment.processed")
            ).all()
            assert [e.record_id for e in processed] == [anna_eid]
            refusals = s.scalars(
                select(AuditEvent).where(AuditEvent.action == "enrolment.refused")
            ).all()
            assert [e.record_id for e in refusals] == [petra_eid]
        from inspector.core import registrations as en
        from inspector.core.workspace import WorkspaceError

        refused = laptop.registrations.get(petra_eid, audit_view=False)
        reason = en.refusal(refused)
        assert reason is not None and reason.reason == "Geen geldig identiteitsdocument getoond"
        with pytest.raises(WorkspaceError):
            laptop.registrations.correct(petra_eid)
        petra_resident = refused.resident_id
        anna_resident = anna_row["resident_id"]
        laptop.close()

        # Handhaving: the coordinator's own store (office keys from their backup) reads the
        # notices of the three outcomes from the same service, checked and kept once.
        from inspector.planning.manager import PlanningManager

        office = vault.unlock(DataPaths(office_dir), PASSWORD, "balie1")
        with office.unit() as s:
            backup = keys._export_rows(s)
        office.close()
        coordinator = vault.initialise(
            DataPaths(tmp_path / "coordinator"),
            officer_name="Coordinator Voorbeeld",
            username="coord1",
            password=PASSWORD,
            municipality="Gemeente Voorbeeld",
            key_mode="keyfile",
            role="coordinator",
        )
        with coordinator.unit() as s:
            keys.restore_backup(s, [k for k in backup if k["purpose"] in ("root", "recipient")])
        with db.session() as s:
            coordinator_token = service.add_user(s, "Coordinator 1", "coordinator")[1]
        planning = PlanningManager(coordinator)
        planning.link(svc.url, coordinator_token)
        count = planning.collect_notices()
        assert (count.received, count.refused) == (3, 0)
        assert planning.collect_notices().received == 0  # once
        told = {n.resident_id: n for n in planning.notices()}
        processed_on = f"{localtime.today():%d-%m-%Y}"
        assert told[anna_resident].text() == f"ingeschreven (verwerkt op {processed_on})"
        assert told[petra_resident].outcome == "refused"
        assert {n.outcome for n in told.values()} == {"processed", "returned", "refused"}
        assert {n.inspection_id for n in told.values()} == {insp}
        coordinator.close()
        # The service saw ids and ciphertext only.
        logs = svc.logs()
        assert "Przykladowa" not in logs and "Exemplu" not in logs and "111222333" not in logs
        if url.startswith("sqlite"):
            raw = Path(url.removeprefix("sqlite:///")).read_bytes()
            assert b"Przykladowa" not in raw and b"111222333" not in raw
        with db.session() as s:
            from inspector.server.models import ServiceNotice

            notices = [n.sealed for n in s.scalars(select(ServiceNotice))]
            assert len(notices) == 3
            assert not any(b"111222333" in n or b"identiteitsdocument" in n for n in notices)
    finally:
        svc.kill()
        db.dispose()
