"""Outcomes to enforcement: when the clerk records an outcome, the office seals a notice to the
enforcement key of the office's trust bundle and signs it with its registry issuer key; the
coordinator's store pulls it, checks the sender and keeps it once. Only what enforcement needs
travels: the outcome, its date, the registration, resident and inspection ids, the address."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from clerk_support import decide_three
from sqlalchemy import func, select

from inspector import localtime
from inspector.clerk.desk import ClerkDesk, notice_id
from inspector.clerk.models import ClerkRegistration
from inspector.core import vault
from inspector.paths import DataPaths
from inspector.planning.manager import PlanningManager
from inspector.planning.models import PlanningCursor, PlanningNotice
from inspector.server.models import ServiceNotice
from inspector.storage.models import AuditEvent
from inspector.sync import keys

from tests_support import PASSWORD


def coordinator_store(folder: Path, office: Any) -> Any:
    """The coordinator's own office store, with the office keys restored from their backup."""
    ws = vault.initialise(
        DataPaths(folder),
        officer_name="Coordinator Voorbeeld",
        username="coord1",
        password=PASSWORD,
        municipality="Gemeente Voorbeeld",
        role="coordinator",
    )
    with office.unit() as s:
        rows = keys._export_rows(s)
    with ws.unit() as s:
        keys.restore_backup(s, [r for r in rows if r["purpose"] in ("root", "recipient")])
    return ws


def decided(world: Any) -> tuple[Any, ClerkDesk, dict[str, str], str]:
    laptop, desk, insp, ids = decide_three(world, first_registration=True)
    return laptop, desk, ids, insp


def audits(ws: Any, action: str) -> list[AuditEvent]:
    with ws.unit() as s:
        return list(s.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_outcomes_reach_the_coordinator_once_with_only_what_enforcement_needs(
    world: Any, tmp_path: Path
) -> None:
    office, svc, _laptop = world
    laptop, desk, ids, insp = decided(world)
    assert desk.post_outcomes() == (3, [])
    assert desk.notices_unposted() == []
    assert len(audits(office, "clerk.notice_posted")) == 3
    # The clerk's store made (and the root certified) its registry issuer key on first use.
    with office.unit() as s:
        issuers = [k for k in keys.list_keys(s) if k.purpose == "issuer"]
    assert [(k.role, k.has_private) for k in issuers] == [("registry", True)]

    coordinator = coordinator_store(tmp_path / "coordinator", office)
    planning = PlanningManager(coordinator)
    token = svc.user("coordinator")
    count = planning.collect_notices("http://service.test", token, svc.transport)
    assert (count.received, count.refused) == (3, 0)
    got = {n.registration_id: n for n in planning.notices()}
    assert set(got) == {ids["anna"], ids["ion"], ids["jana"]}
    assert [got[ids[k]].outcome for k in ("anna", "ion", "jana")] == [
        "processed", "returned", "refused",
    ]  # fmt: skip
    anna = got[ids["anna"]]
    assert anna.inspection_id == insp and anna.decided_on == localtime.today()
    assert anna.address and "Voorbeeldstraat 12 A" in anna.address
    resident = laptop.registrations.get(ids["anna"], audit_view=False).resident_id
    assert anna.resident_id == resident
    assert anna.text() == f"ingeschreven (verwerkt op {localtime.today():%d-%m-%Y})"
    assert got[ids["ion"]].text().startswith("teruggestuurd met vraag")
    assert got[ids["jana"]].text().startswith("geweigerd")
    assert len(audits(coordinator, "planning.notice_received")) == 3

    # Privacy: no BSN, no name, no question or reason, at the service or in the notice.
    with coordinator.unit() as s:
        contents = [r.content for r in s.scalars(select(PlanningNotice))]
    text = json.dumps(contents)
    for secret in ("111222333", "Przykladowa", "geboorteplaats", "identiteitsdocument"):
        assert secret not in text
    with svc.db.session() as s:
        stored = [n.sealed for n in s.scalars(select(ServiceNotice))]
    assert len(stored) == 3 and all(b"111222333" not in b for b in stored)

    # Pulled again, sent again (a retry after a lost answer): stored once.
    assert planning.collect_notices("http://service.test", token, svc.transport).received == 0
    with office.unit() as s:
        for row in s.scalars(select(ClerkRegistration)):
            row.notice_posted_at = None
    assert desk.post_notices() == []
    with svc.db.session() as s:
        assert s.scalar(select(func.count()).select_from(ServiceNotice)) == 3
    with coordinator.unit() as s:
        s.get(PlanningCursor, 1).notices_after = 0
    again = planning.collect_notices("http://service.test", token, svc.transport)
    assert (again.received, again.again) == (0, 3)
    assert len(planning.notices()) == 3
    coordinator.close()


def test_a_tampered_or_wrongly_signed_notice_is_refused_and_kept(
    world: Any, tmp_path: Path
) -> None:
    office, svc, _laptop = world
    _laptop, desk, ids, _insp = decided(world)
    assert desk.post_outcomes() == (3, [])
    # At the service: one notice's ciphertext changed, one re-signed by a key the root never
    # certified (a service or a laptop cannot make a registry issuer key).
    from cryptography.hazmat.primitives.asymmetric import ed25519

    from inspector.sync import notices
    from inspector.sync.trust import b64, canonical_json, issuer_statement, raw_public

    with svc.db.session() as s:
        rows = {n.notice_id: n for n in s.scalars(select(ServiceNotice))}
        changed = rows[notice_id(ids["Exemplu"])]
        doc = json.loads(changed.sealed)
        doc["header"]["created"] = "2020-01-01T00:00:00Z"
        changed.sealed = canonical_json(doc)
        forged = rows[notice_id(ids["Vzorova"])]
        doc = json.loads(forged.sealed)
        fake = ed25519.Ed25519PrivateKey.generate()
        statement = issuer_statement("registry", raw_public(fake.public_key()))
        doc["header"]["issuer"] = {"statement": statement, "signature": b64(fake.sign(b"x"))}
        doc["signature"] = b64(fake.sign(notices._signed_message(doc["header"], doc["keys"])))
        forged.sealed = canonical_json(doc)

    coordinator = coordinator_store(tmp_path / "coordinator", office)
    planning = PlanningManager(coordinator)
    token = svc.user("coordinator")
    count = planning.collect_notices("http://service.test", token, svc.transport)
    assert (count.received, count.refused) == (1, 2)
    assert [n.registration_id for n in planning.notices()] == [ids["anna"]]
    refused = {n.notice_id: n.reason or "" for n in planning.notices("refused")}
    assert "signature does not verify" in refused[notice_id(ids["Exemplu"])]
    assert "not certified by the office" in refused[notice_id(ids["Vzorova"])]
    with coordinator.unit() as s:
        kept = s.get(PlanningNotice, notice_id(ids["Vzorova"]))
        assert kept is not None and kept.sealed and kept.content is None
    assert len(audits(coordinator, "planning.notice_refused")) == 2
    # Refused once: pulled again it is not refused (or stored) a second time.
    with coordinator.unit() as s:
        s.get(PlanningCursor, 1).notices_after = 0
    again = planning.collect_notices("http://service.test", token, svc.transport)
    assert (again.received, again.refused, again.again) == (0, 0, 3)
    coordinator.close()
