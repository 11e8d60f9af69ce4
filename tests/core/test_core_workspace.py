"""The workspace: inspections, residents, answers and repeats, attachments, finalize."""

from __future__ import annotations

from datetime import date

import pytest

from inspector.core import vault
from inspector.core.workspace import InvalidInput, NotFound, ReadOnly, Workspace

from tests_support import PASSWORD


def _new(ws: Workspace, **kw: str):  # type: ignore[no-untyped-def]
    args = {"address": "Voorbeeldstraat 1", "postcode": "1234ab", "city": "Teststad", **kw}
    return ws.inspections.create(**args)


def test_create_normalises_postcode_and_gives_reference(workspace: Workspace) -> None:
    a = _new(workspace)
    b = _new(workspace)
    assert a.postcode == "1234 AB"
    assert a.state == "planned"
    assert a.reference.endswith("-0001") and b.reference.endswith("-0002")
    assert [i.id for i in workspace.inspections.list_all()] == [b.id, a.id]


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("postcode", "0123 AB", "not a Dutch postcode"),
        ("postcode", "1234 SS", "not a Dutch postcode"),
        ("postcode", "12345", "not a Dutch postcode"),
        ("address", "  ", "address is empty"),
        ("city", "", "city is empty"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(
    workspace: Workspace, field: str, value: str, message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        _new(workspace, **{field: value})
    assert workspace.inspections.list_all() == []


def test_bag_ids_are_checked(workspace: Workspace) -> None:
    ok = workspace.inspections.create(
        address="A 1", postcode="1234 AB", city="X", bag_ids={"verblijfsobject": "0513010000012345"}
    )
    assert ok.bag_ids == {"verblijfsobject": "0513010000012345"}
    with pytest.raises(InvalidInput, match="16 digits"):
        workspace.inspections.create(
            address="A 1", postcode="1234 AB", city="X", bag_ids={"pand": "123"}
        )
    with pytest.raises(InvalidInput, match="not a verblijfsobject"):
        workspace.inspections.create(
            address="A 1",
            postcode="1234 AB",
            city="X",
            bag_ids={"verblijfsobject": "0513100000012345"},
        )


def test_answers_repeats_and_types_survive_reopening(workspace: Workspace, data_paths) -> None:  # type: ignore[no-untyped-def]
    insp = _new(workspace)
    ws = workspace
    ws.answers.save(insp.id, "verblijfslocatie", 1, "floor_area_m2", 62.5)
    ws.answers.save(insp.id, "verblijfslocatie", 1, "persons_present", 7)
    first = ws.answers.add_repeat(insp.id, "verblijfslocatie", 1, "bedrooms")
    second = ws.answers.add_repeat(insp.id, "verblijfslocatie", 1, "bedrooms")
    ws.answers.save(insp.id, "verblijfslocatie", 1, "area_m2", 9.0, instance_id=first)
    ws.answers.save(insp.id, "verblijfslocatie", 1, "area_m2", 6.5, instance_id=second)
    ws.answers.move_repeat(second, 0)
    resident = ws.residents.add(insp.id, "Тестовий Петро", "uk")
    ws.answers.save(
        insp.id, "betrokkene", 1, "birth_date", date(1990, 5, 17), resident_id=resident.id
    )
    ws.answers.save(insp.id, "betrokkene", 1, "nationalities", ["UA"], resident_id=resident.id)
    ws.close()

    again = vault.unlock(data_paths, PASSWORD, "test")
    loc = again.answers.load(insp.id, "verblijfslocatie")
    assert loc.values["floor_area_m2"] == 62.5
    assert loc.values["persons_present"] == 7
    assert [b["area_m2"] for b in loc.values["bedrooms"]] == [6.5, 9.0]
    assert loc.instances["bedrooms"] == [second, first]
    res = again.answers.load(insp.id, "betrokkene", resident_id=resident.id)
    assert res.values == {"birth_date": date(1990, 5, 17), "nationalities": ["UA"]}
    detail = again.inspections.get(insp.id)
    assert detail.summary.state == "in_progress"
    assert detail.residents[0].name == "Тестовий Петро"
    again.answers.remove_repeat(second)
    assert again.answers.load(insp.id, "verblijfslocatie").values["bedrooms"] == [{"area_m2": 9.0}]
    again.close()


def test_clearing_an_answer_removes_it(workspace: Workspace) -> None:
    insp = _new(workspace)
    workspace.answers.save(insp.id, "verblijfslocatie", 1, "remarks", "tekst")
    workspace.answers.save(insp.id, "verblijfslocatie", 1, "remarks", "")
    assert workspace.answers.load(insp.id, "verblijfslocatie").values == {}


def test_older_form_version_answers_are_kept(workspace: Workspace) -> None:
    insp = _new(workspace)
    workspace.answers.save(insp.id, "verblijfslocatie", 1, "old_field", "x")
    workspace.answers.save(insp.id, "verblijfslocatie", 2, "new_field", "y")
    answers = workspace.answers.load(insp.id, "verblijfslocatie")
    assert answers.form_version == 2
    assert answers.versions == {"old_field": 1, "new_field": 2}


def test_finalized_inspection_is_read_only_until_reopened(workspace: Workspace) -> None:
    insp = _new(workspace)
    workspace.answers.save(insp.id, "verblijfslocatie", 1, "remarks", "voor")
    workspace.inspections.finalize(insp.id)
    with pytest.raises(ReadOnly, match="finalized"):
        workspace.answers.save(insp.id, "verblijfslocatie", 1, "remarks", "na")
    with pytest.raises(ReadOnly):
        workspace.residents.add(insp.id, "Exemplu Ion", "ro")
    with pytest.raises(InvalidInput, match="reason"):
        workspace.inspections.reopen(insp.id, "")
    workspace.inspections.reopen(insp.id, "Meetfout in slaapkamer 2")
    workspace.answers.save(insp.id, "verblijfslocatie", 1, "remarks", "na")
    assert workspace.answers.load(insp.id, "verblijfslocatie").values["remarks"] == "na"
    actions = _actions(workspace)
    assert "inspection.finalized" in actions and "inspection.reopened" in actions


def _actions(ws: Workspace) -> list[str]:
    from sqlalchemy import select

    from inspector.storage.models import AuditEvent

    with ws.unit() as s:
        return list(s.scalars(select(AuditEvent.action).order_by(AuditEvent.seq)))


def test_unknown_ids(workspace: Workspace) -> None:
    with pytest.raises(NotFound, match="no inspection"):
        workspace.inspections.get("nope")
    with pytest.raises(NotFound):
        workspace.attachments.content("nope")


def test_resident_language_is_checked(workspace: Workspace) -> None:
    insp = _new(workspace)
    with pytest.raises(InvalidInput, match="unknown language"):
        workspace.residents.add(insp.id, "Testowa Anna", "de")


def test_attachments_are_encrypted_and_come_back(workspace: Workspace) -> None:
    insp = _new(workspace)
    att = workspace.attachments.add(
        insp.id, kind="photo", content=b"\x89PNG-fake-bytes", mime="image/png", caption="Keuken"
    )
    content, mime = workspace.attachments.content(att)
    assert content == b"\x89PNG-fake-bytes" and mime == "image/png"
    meta = workspace.attachments.list_for(insp.id)
    assert meta[0]["caption"] == "Keuken" and meta[0]["size"] == len(content)


def test_ui_state_round_trip(workspace: Workspace) -> None:
    workspace.save_ui_state({"inspection_id": "abc", "section": "s1"})
    assert workspace.load_ui_state() == {"inspection_id": "abc", "section": "s1"}
    assert b"abc" not in workspace.paths.ui_state.read_bytes()


def test_files_of_a_signed_registration_cannot_change(workspace: Workspace) -> None:
    from inspector.storage.models import Registration

    insp = _new(workspace)
    r = workspace.residents.add(insp.id, "Exemplu Ion", "ro")
    with workspace.unit() as s:
        row = Registration(inspection_id=insp.id, resident_id=r.id, state="signed")
        s.add(row)
        s.flush()
        registration_id = row.id
    scan = workspace.attachments.add(
        insp.id,
        kind="id_front",
        content=b"scan",
        mime="image/png",
        resident_id=r.id,
        registration_id=registration_id,
    )
    with pytest.raises(ReadOnly, match="signed registration"):
        workspace.attachments.remove(scan)
    with pytest.raises(ReadOnly, match="signed registration"):
        workspace.attachments.set_caption(scan, "anders")
    assert workspace.attachments.content(scan)[0] == b"scan"


def test_listing_is_audited(workspace: Workspace) -> None:
    _new(workspace)
    workspace.inspections.list_all()
    assert _actions(workspace)[-1] == "inspection.listed"
