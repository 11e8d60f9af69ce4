"""Planning in the store: sources kept encrypted, visits in route order, the officer's marks."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from inspector.addresses.model import BagObject, BrpCounts, RegisteredPerson, address_key
from inspector.addresses.ranking import rank
from inspector.addresses.sources import read_source
from inspector.planning import visits as officer
from inspector.planning.manager import (
    PlanningError,
    PlanningManager,
    PlanRequest,
    RouteStart,
    Visit,
    order_route,
    route_start,
)
from inspector.settings import Settings

TODAY = date(2026, 11, 30)


def _visit(n: int, postcode: str, x: float | None = None, y: float | None = None) -> Visit:
    return Visit(
        id=str(n), side="coordinator", visit_date=TODAY, slot="", position=n, state="planned",
        key=f"{postcode}|{n}|", address=f"Proefstraat {n}", postcode=postcode, city="Proefdorp",
        bag_ids={}, reasons=[], information=[], persons=[], officers=[], partners=[],
        devices=[], x=x, y=y,
    )  # fmt: skip


def test_route_goes_to_the_nearest_next_by_coordinates() -> None:
    a = _visit(0, "7100 AA", 0, 0)
    far = _visit(1, "7100 AB", 5000, 0)
    near = _visit(2, "7300 ZZ", 100, 0)
    middle = _visit(3, "7100 AC", 2000, 0)
    assert [v.id for v in order_route([a, far, near, middle])] == ["0", "2", "3", "1"]


def test_route_falls_back_to_postcodes_when_a_coordinate_is_missing() -> None:
    a = _visit(0, "7100 AA", 0, 0)
    far = _visit(1, "7900 AB")
    near = _visit(2, "7100 AC", 100, 0)
    middle = _visit(3, "7400 AA", 2000, 0)
    assert [v.id for v in order_route([a, far, near, middle])] == ["0", "2", "3", "1"]


def test_route_starts_at_the_office_by_coordinates_or_postcode() -> None:
    top = _visit(0, "7100 AA", 5000, 0)  # the highest ranked, but far from the office
    near = _visit(1, "7300 AB", 300, 0)
    middle = _visit(2, "7100 AC", 2000, 0)
    office = RouteStart("Stadskantoor", 0.0, 0.0, "7300 AA")
    assert [v.id for v in order_route([top, near, middle], office)] == ["1", "2", "0"]
    # Two visits are put in order too (without a start they keep the ranking's order).
    assert [v.id for v in order_route([top, near], office)] == ["1", "0"]
    assert [v.id for v in order_route([top, near])] == ["0", "1"]
    # The office known by its postcode only: the first is the nearest postcode, then by metres.
    by_postcode = RouteStart("Stadskantoor", None, None, "7100 AB")
    assert [v.id for v in order_route([top, near, middle], by_postcode)] == ["0", "2", "1"]
    # A visit without coordinates: postcodes all the way.
    lost = _visit(3, "7299 ZZ")
    assert [v.id for v in order_route([top, near, middle, lost], office)] == ["1", "3", "2", "0"]


def test_the_route_start_comes_from_the_settings_and_the_bag_data() -> None:
    data = _data()
    assert route_start(Settings().address_selection, data) is None
    selection = Settings().address_selection.model_copy(
        update={
            "route_start_label": "Stadskantoor",
            "route_start_postcode": "7100 AA",
            "route_start_number": "3",
        }  # fmt: skip
    )
    start = route_start(selection, data)
    assert start == RouteStart("Stadskantoor", 100.0, 0.0, "7100 AA")  # BAG of 7100 AA 3
    given = selection.model_copy(update={"route_start_x": 150000.0, "route_start_y": 450000.0})
    assert route_start(given, data) == RouteStart("Stadskantoor", 150000.0, 450000.0, "7100 AA")
    unknown = selection.model_copy(update={"route_start_number": "99"})
    assert route_start(unknown, data) == RouteStart("Stadskantoor", None, None, "7100 AA")


def test_planning_starts_the_route_at_the_office(workspace: Any) -> None:
    data = _data()
    workspace.settings = workspace.settings.model_copy(
        update={"address_selection": workspace.settings.address_selection.model_copy(
            update={"route_start_postcode": "7100 AA", "route_start_number": "2"})}
    )  # fmt: skip
    s = workspace.settings
    ranked = rank(data, s.norms, s.address_selection, TODAY)
    planning = PlanningManager(workspace)
    planning.plan(data, ranked[:3], PlanRequest(TODAY, "09:00-12:00", ["T. Handhaver"]))
    # From the office (number 2, x=3000): itself first, then x=100, then x=0.
    assert [v.key.split("|")[1] for v in planning.visits(TODAY)] == ["2", "3", "1"]


def test_the_office_link_is_kept_encrypted_bound_to_its_service_and_changed(
    workspace: Any,
) -> None:
    from sqlalchemy import text

    planning = PlanningManager(workspace)
    assert planning.linked_to() is None
    with pytest.raises(PlanningError, match="Link the office service first"):
        planning.devices()
    with pytest.raises(PlanningError, match="address"):
        planning.link("sync.gemeente.example", "x")
    with pytest.raises(PlanningError, match="access code"):
        planning.link("https://sync.gemeente.example", "")
    planning.link("https://sync.gemeente.example/", "Fictieve-Code-7730")
    assert planning.linked_to() == "https://sync.gemeente.example"
    kept = ("https://sync.gemeente.example", "Fictieve-Code-7730")
    assert planning._connection(None, None) == kept
    # Never in plaintext in the store's files; the audit has the event, not the code.
    workspace.db.engine.dispose()
    for path in workspace.paths.root.rglob("*"):
        if path.is_file():
            assert b"Fictieve-Code-7730" not in path.read_bytes(), path
    with workspace.unit() as s:
        details = s.execute(text("SELECT action FROM audit_event")).scalars().all()
    assert "planning.linked" in details
    # The same service without a new code keeps the code; another service needs its own.
    planning.link("https://sync.gemeente.example", "")
    assert planning._connection(None, None)[1] == "Fictieve-Code-7730"
    with pytest.raises(PlanningError, match="one service"):
        planning.link("https://andere.gemeente.example", "")
    planning.link("https://andere.gemeente.example", "Tweede-Code")
    assert planning._connection(None, None) == ("https://andere.gemeente.example", "Tweede-Code")
    # The code is bound to its service: pointing the row elsewhere in SQL makes it unusable.
    with workspace.unit() as s:
        s.execute(text("UPDATE planning_link SET server_url = 'https://kwaad.example'"))
    with pytest.raises(PlanningError, match="cannot be read"):
        planning.devices()
    planning.unlink()
    assert planning.linked_to() is None


def test_sources_are_kept_encrypted_and_load_back(workspace: Any, tmp_path: Path) -> None:
    path = tmp_path / "bag.csv"
    path.write_text(
        "verblijfsobject_id;straat;huisnummer;postcode;oppervlakte;gebruiksdoel\n"
        "9999010000000001;Geheimestraat;1;7100 AA;62;woonfunctie\n",
        encoding="utf-8",
    )
    planning = PlanningManager(workspace)
    info = planning.save_source(read_source(path, "bag"))
    assert (info.kind, info.rows, info.refused) == ("bag", 1, 0)
    data = planning.load_data()
    assert data.bag["7100 AA|1|"].street == "Geheimestraat"
    db = workspace.paths.database.read_bytes()
    assert b"Geheimestraat" not in db
    wal = Path(str(workspace.paths.database) + "-wal")
    assert not wal.exists() or b"Geheimestraat" not in wal.read_bytes()


def _data() -> Any:
    from inspector.addresses.model import AddressData

    data = AddressData()
    for n, (x, area) in enumerate(((0, 40), (3000, 45), (100, 50)), start=1):
        key = address_key("7100 AA", n)
        data.add_bag([BagObject(key, f"999901{n:010d}", "Proefstraat", n, "", "7100 AA",
                                "Proefdorp", area, ("woonfunctie",), x, 0.0)])  # fmt: skip
        data.add_brp([BrpCounts(key, registered=6)])
        data.add_persons([RegisteredPerson(key, "Testowa", "Anna", date(1990, 5, 17))])
    return data


def test_plan_keeps_route_order_reasons_and_persons_and_refuses_an_empty_team(
    workspace: Any,
) -> None:
    data = _data()
    s = Settings()
    ranked = rank(data, s.norms, s.address_selection, TODAY)
    planning = PlanningManager(workspace)
    with pytest.raises(PlanningError, match="officer"):
        planning.plan(data, ranked[:3], PlanRequest(TODAY, "09:00-12:00", []))
    planned = planning.plan(data, ranked[:3], PlanRequest(TODAY, "09:00-12:00", ["T. Handhaver"]))
    # Ranked 1 (40 m²) first, then the nearest (x=100), then the far one (x=3000).
    assert [v.key.split("|")[1] for v in planning.visits(TODAY)] == ["1", "3", "2"]
    assert planned[0].reasons == ["6 ingeschreven op 40 m² = 6,7 m² per persoon (norm 12)"]
    assert [p.name for p in planned[0].persons] == ["Anna Testowa"]
    # Planning the same address on the same day again adds nothing.
    planning.plan(data, ranked[:1], PlanRequest(TODAY, "13:00-15:00", ["T. Handhaver"]))
    assert len(planning.visits(TODAY)) == 3
    planning.remove(planned[1].id)
    assert len(planning.visits(TODAY)) == 2


def test_an_officer_marks_only_the_visits_persons_with_known_marks(workspace: Any) -> None:
    from inspector.sync.models import SyncInbox

    content = {
        "visit_id": "11111111-1111-4111-8111-111111111111", "visit_date": "2026-11-30",
        "slot": "09:00-12:00", "position": 0, "key": "7100 AA|1|",
        "address": "Proefstraat 1", "postcode": "7100 AA", "city": "Proefdorp",
        "bag_ids": {"verblijfsobject": "9999010000000001"}, "reasons": ["r"],
        "information": [], "officers": ["T. Handhaver"], "partners": [], "devices": [],
        "persons": [{"id": "p1", "surname": "Testowa", "given_names": "Anna",
                     "birth_date": None, "bsn": None}],
    }  # fmt: skip
    with workspace.unit() as s:
        s.add(SyncInbox(seq=1, kind="visit", content=content))
    assert officer.receive(workspace) == 1
    visit_id = content["visit_id"]
    with pytest.raises(ValueError):
        officer.mark(workspace, visit_id, "p1", "moved")  # type: ignore[arg-type]
    with pytest.raises(PlanningError):
        officer.mark(workspace, visit_id, "p2", "not_here")
    officer.mark(workspace, visit_id, "p1", "not_here")
    assert officer.marks_of(workspace, visit_id) == {"p1": "not_here"}
    inspection_id = officer.start_inspection(workspace, visit_id)
    detail = workspace.inspections.get(inspection_id)
    assert detail.summary.address == "Proefstraat 1"
    workspace.inspections.finalize(inspection_id)
    with pytest.raises(PlanningError, match="finalized"):
        officer.mark(workspace, visit_id, "p1", "lives_here")


def test_finalized_inspections_that_were_not_planned_count_as_earlier_ones(
    workspace: Any,
) -> None:
    from inspector.planning.manager import earlier_from_record

    def record(address: str, postcode: str, finalized: str | None, breaches: int) -> Any:
        return {
            "inspection": {"id": "x", "finalized_at": finalized,
                           "location": {"address": address, "postcode": postcode}},
            "findings": [{"outcome": "breach"}] * breaches + [{"outcome": "ok"}],
        }  # fmt: skip

    got = earlier_from_record(record("Proefstraat 2 b", "7100aa", "2025-09-30T10:00:00", 4))
    assert got is not None and (got.key, got.on, got.findings) == (
        "7100 AA|2|B", date(2025, 9, 30), 4,
    )  # fmt: skip
    assert earlier_from_record(record("Proefstraat", "7100 AA", "2025-09-30", 1)) is None
    assert earlier_from_record(record("Proefstraat 2", "7100 AA", None, 1)) is None
    # Kept by inspection id (a corrected record replaces the first), read back for ranking.
    planning = PlanningManager(workspace)
    planning.keep_earlier_inspections({"i1": got})
    fixed = earlier_from_record(record("Proefstraat 2b", "7100 AA", "2025-10-01", 5))
    assert fixed is not None
    assert planning.keep_earlier_inspections({"i1": fixed}) == 1
    data = _data()
    stored = planning.load_data()
    assert stored.inspections["7100 AA|2|B"][0].findings == 5
    assert "inspections" in {i.kind for i in planning.sources()}
    data.add_inspections(stored.inspections["7100 AA|2|B"])
    # An address with findings a year ago ranks with that reason.
    from inspector.addresses.model import BagObject

    data.add_bag([BagObject("7100 AA|2|B", "9999010000000099", "Proefstraat", 2, "B",
                            "7100 AA", "Proefdorp", 80, ("woonfunctie",), 50.0, 0.0)])  # fmt: skip
    s = Settings()
    ranked = rank(data, s.norms, s.address_selection, TODAY)
    hit = dict(zip(ranked.keys, [ranked.hits.get(k, ()) for k in ranked.keys], strict=True))
    assert [h.indicator for h in hit["7100 AA|2|B"]] == ["findings"]
