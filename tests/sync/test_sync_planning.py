"""Address selection end to end with a real ``inspector serve``: a synthetic municipality is
imported and ranked, three visits are planned and sent sealed to an officer's laptop, the
officer marks the registered persons and finalizes, and the coordinator sees per address what
was found and whom burgerzaken should look into."""

from __future__ import annotations

import importlib.util
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from service_support import provision_laptop

from inspector.addresses.model import AddressData
from inspector.addresses.ranking import Filter, rank
from inspector.addresses.sources import read_source
from inspector.planning import visits as officer
from inspector.planning.manager import PlanningManager, PlanRequest, results
from inspector.server import service
from inspector.settings import Settings

pytestmark = pytest.mark.slow
TODAY = date(2026, 11, 30)


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """SQLite only: the service's PostgreSQL path is covered by the sync tests."""
    return f"sqlite:///{tmp_path / 'service.sqlite3'}"


def _gen() -> Any:
    path = Path(__file__).resolve().parents[2] / "benchmarks" / "gen_addresses.py"
    spec = importlib.util.spec_from_file_location("gen_addresses", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("gen_addresses", module)
    spec.loader.exec_module(module)
    return module


def _user(svc: Any, role: str) -> str:
    db = svc.db()
    try:
        with db.session() as s:
            return service.add_user(s, f"{role} 1", role)[1]
    finally:
        db.dispose()


def test_plan_three_visits_sync_down_record_outcomes_and_see_them(  # type: ignore[no-untyped-def]
    workspace, office, svc, tmp_path: Path
) -> None:
    # The coordinator (the office store, which holds the enforcement key) imports a town.
    paths = _gen().write(tmp_path / "town", 2000, seed=5)
    planning = PlanningManager(office)
    for kind in ("bag", "brp", "laa", "owners", "signals", "persons"):
        result = read_source(paths[kind], kind)
        assert not result.errors
        planning.save_source(result)
    data = planning.load_data()
    assert isinstance(data, AddressData) and len(data.bag) == 2000
    settings = Settings()
    ranked = rank(data, settings.norms, settings.address_selection, TODAY)
    crowded = Filter(indicators=frozenset({"occupancy"})).apply(ranked, data)
    chosen = [r for r in crowded[:10] if data.persons.get(r.key)][:3]
    assert len(chosen) == 3

    # The officer's laptop is provisioned; the coordinator finds it at the service.
    device_id = provision_laptop(workspace, svc, office)
    token = _user(svc, "coordinator")
    planning.link(svc.url, token)  # kept (encrypted) for every later call: typed once
    listed = planning.devices()
    assert [d["id"] for d in listed if d["state"] == "active"] == [device_id]

    planned = planning.plan(
        data,
        chosen,
        PlanRequest(TODAY, "09:00-12:00", ["T. Handhaver"], ["NLA"], [device_id]),
    )
    assert len(planned) == 3 and {v.key for v in planned} == {r.key for r in chosen}
    assert planning.send([v.id for v in planned]) == 3
    assert {v.state for v in planning.visits(TODAY)} == {"sent"}

    # Down on the laptop with the next sync: address, BAG id, reasons, registered persons.
    from inspector.sync import client

    assert client.sync_once(workspace).pulled == 3
    assert officer.receive(workspace) == 3
    assert officer.receive(workspace) == 0  # once each
    got = officer.received_visits(workspace)
    assert [v.id for v in got] == [v.id for v in planning.visits(TODAY)]  # route order kept
    first = got[0]
    coordinator_first = next(v for v in planned if v.id == first.id)
    assert first.address == coordinator_first.address
    assert first.bag_ids["verblijfsobject"].startswith("9999")
    assert any("ingeschreven op" in r for r in first.reasons)
    assert [p.name for p in first.persons] == [p.name for p in coordinator_first.persons]
    # Nationality counts stay with the coordinator: the laptop gets what the visit needs.
    assert coordinator_first.information and first.information == []

    # On site: start, mark each person, add one found who is not registered, finalize.
    expected: dict[str, tuple[list[str], list[str]]] = {}
    for n, visit in enumerate(got):
        inspection_id = officer.start_inspection(workspace, visit.id)
        assert officer.start_inspection(workspace, visit.id) == inspection_id
        not_here = []
        for i, person in enumerate(visit.persons):
            value = "not_here" if i == 0 else ("unknown" if i == 1 else "lives_here")
            officer.mark(workspace, visit.id, person.id, value)
            if value == "not_here":
                not_here.append(person.name)
        found = []
        if n == 0:
            officer.add_found(workspace, visit.id, "Proefman Nieuw")
            found = ["Proefman Nieuw"]
        expected[visit.id] = (not_here, found)
        workspace.inspections.finalize(inspection_id)
    summary = client.sync_once(workspace)
    assert summary.ok, summary.errors
    assert summary.delivered == 3

    # The coordinator reads them back and sees per address what was found.
    assert planning.collect_outcomes() == 3
    assert planning.collect_outcomes(svc.url, token) == 0  # the cursor moved on
    shown = {r.visit.id: r for r in results(planning.visits(TODAY))}
    assert set(shown) == set(expected)
    for visit_id, (not_here, found) in expected.items():
        assert shown[visit_id].not_here == not_here
        assert shown[visit_id].found_unregistered == found
        assert shown[visit_id].for_burgerzaken == [*not_here, *found]
    assert {v.state for v in planning.visits(TODAY)} == {"reported"}
    # Burgerzaken (here the same office store, which holds the registry key) gets the same
    # persons from the inspection records, as a list to start address investigations from.
    from inspector.clerk import receive
    from inspector.clerk.desk import ClerkDesk

    receive.link(office, svc.url, _user(svc, "registry"))
    assert receive.pull(office).inspections == 3
    listed = ClerkDesk(office).address_investigations()
    wanted = sorted(
        (name, what)
        for not_here, found in expected.values()
        for name, what in [*((n, "not_here") for n in not_here), *((f, "found") for f in found)]
    )
    assert sorted((r["person"], r["what"]) for r in listed) == wanted
    assert all(r["address"] and r["inspection"] for r in listed)

    # The earlier inspection now counts for the address in the next ranking.
    again = planning.load_data()
    assert {k for k, i in again.inspections.items() if i} == {v.key for v in planned}


def test_a_record_signed_by_keys_the_office_did_not_certify_is_not_counted(  # type: ignore[no-untyped-def]
    workspace, office, svc, tmp_path: Path
) -> None:
    """The service's administrator swaps the laptop's keys after the visit went down: the
    coordinator does not take the inspection that comes back (it cannot tell it from a forged
    one), audits the refusal, and the visit stays open."""
    from cryptography.hazmat.primitives.asymmetric import ed25519, x25519

    from inspector.server.models import Device
    from inspector.storage.models import AuditEvent
    from inspector.sync import client
    from inspector.sync.trust import raw_public

    paths = _gen().write(tmp_path / "town", 2000, seed=5)
    planning = PlanningManager(office)
    for kind in ("bag", "brp", "persons"):
        planning.save_source(read_source(paths[kind], kind))
    data = planning.load_data()
    settings = Settings()
    ranked = rank(data, settings.norms, settings.address_selection, TODAY)
    chosen = [r for r in ranked if data.persons.get(r.key)][:1]
    device_id = provision_laptop(workspace, svc, office)
    token = _user(svc, "coordinator")
    planning.link(svc.url, token)
    planned = planning.plan(
        data, chosen, PlanRequest(TODAY, "09:00-12:00", ["T. Handhaver"], [], [device_id])
    )
    assert planning.send([v.id for v in planned]) == 1  # the office certified the keys here
    assert client.sync_once(workspace).pulled == 1
    assert officer.receive(workspace) == 1
    visit = officer.received_visits(workspace)[0]
    workspace.inspections.finalize(officer.start_inspection(workspace, visit.id))
    assert client.sync_once(workspace).delivered == 1

    db = svc.db()
    try:
        with db.session() as s:
            row = s.get(Device, device_id)
            assert row is not None
            row.sign_public = raw_public(ed25519.Ed25519PrivateKey.generate().public_key())
            row.box_public = raw_public(x25519.X25519PrivateKey.generate().public_key())
    finally:
        db.dispose()

    assert planning.collect_outcomes() == 0
    assert {v.state for v in planning.visits(TODAY)} == {"sent"}
    with office.unit() as s:
        refused = [e for e in s.query(AuditEvent) if e.action == "planning.record_refused"]
    assert len(refused) == 1
