"""The finalize checklist (one check for the window and the CLI) and what a signed
on-the-spot registration tells the rules."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta
from typing import Any

import pytest
from PIL import Image as PILImage
from PIL import ImageDraw
from sqlalchemy import select

from inspector.core import review
from inspector.core.workspace import InvalidInput, NotFound, ReadOnly, Workspace
from inspector.documents.mrz import check_digit
from inspector.storage.models import AuditEvent

TODAY = date(2025, 3, 10)


def _signature() -> bytes:
    image = PILImage.new("RGBA", (600, 200), (255, 255, 255, 0))
    ImageDraw.Draw(image).line([(20, 150), (150, 40), (300, 160)], fill="navy", width=6)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _mrz() -> str:
    line1 = "P<ROUEXEMPLU<<ION".ljust(44, "<")
    num, birth, expiry = "RO1234567", "900517", "300101"
    body = (
        num + check_digit(num) + "ROU" + birth + check_digit(birth) + "M" + expiry
        + check_digit(expiry) + "<" * 14 + "<"
    )  # fmt: skip
    return line1 + "\n" + body + check_digit(body[0:10] + body[13:20] + body[21:43])


def _resident(ws: Workspace, iid: str, **extra: Any) -> str:
    """A resident whose questionnaire says nothing about arrival or stay."""
    res = ws.residents.add(iid, "Ion E.", "ro", room="3")
    answers: dict[str, Any] = {
        "surname": "Exemplu",
        "given_names": "Ion",
        "birth_date": date(1990, 5, 17),
        "birth_place": "Brașov",
        "birth_country": "RO",
        "sex": "male",
        "nationalities": ["RO"],
        "document_type": "passport",
        "document_number": "RO1234567",
        "document_country": "RO",
        "document_expiry": date(2030, 1, 1),
        "address_abroad_country": "RO",
        "address_abroad": "Strada Exemplu 1, Brașov",
        "current_registration": "none",
        **extra,
    }
    for key, value in answers.items():
        ws.answers.save(iid, "betrokkene", 1, key, value, resident_id=res.id)
    return res.id


def _sign(ws: Workspace, rid: str, arrival: date) -> None:
    eid = ws.registrations.start(rid, consent=True, today=TODAY)
    ws.registrations.save_values(
        eid,
        {
            "civil_status": "unmarried",
            "arrival_date": arrival,
            "expected_stay": "at_least_4_months",
            "moving_in_date": arrival,
            "registration_kind": "ingezetene",
        },
    )
    ws.registrations.record_document_check(eid, mrz_text=_mrz(), visual_check=True, today=TODAY)
    ws.registrations.attach_scan(eid, "id_front", b"\xff\xd8front-jpeg", "image/jpeg")
    ws.registrations.attach_scan(eid, "id_back", b"\xff\xd8back-jpeg", "image/jpeg")
    ws.registrations.set_signature(
        eid, [[[20.0, 150.0, 0.0], [150.0, 40.0, 10.0]]], _signature(), size=(600, 200)
    )
    ws.registrations.sign(eid, today=TODAY)


def _inspection(ws: Workspace) -> str:
    return str(
        ws.inspections.create(address="Voorbeeldstraat 12 A", postcode="2801AB", city="Gouda").id
    )


def test_signed_registration_meets_the_duty_and_gives_the_rules_its_answers(
    workspace: Workspace,
) -> None:
    iid = _inspection(workspace)
    rid = _resident(workspace, iid)
    detail = workspace.inspections.get(iid, audit_view=False)
    before = review.compute_rules(workspace, detail, TODAY).duties[rid]
    assert before.kind == "unknown" and "aankomstdatum" in before.reason_nl

    arrival = TODAY - timedelta(days=20)
    _sign(workspace, rid, arrival)
    detail = workspace.inspections.get(iid, audit_view=False)
    (resident,) = review.resident_inputs(workspace, detail)
    assert resident.answers["arrival_date"] in (arrival, arrival.isoformat())
    assert resident.answers["expected_stay"] == "at_least_4_months"
    assert resident.registered_on_site is not None
    after = review.compute_rules(workspace, detail, TODAY).duties[rid]
    assert after.kind == "registered_on_site"
    assert "ter plaatse ingeschreven als ingezetene" in after.reason_nl
    # and the checklist no longer asks for it
    points = review.review(workspace, iid, today=TODAY).problems
    assert not [p for p in points if p.resident_id == rid and p.kind == "duty"]


def test_declined_or_draft_registration_does_not_meet_the_duty(workspace: Workspace) -> None:
    iid = _inspection(workspace)
    rid = _resident(
        workspace, iid, arrival_date=TODAY - timedelta(days=20), expected_stay="at_least_4_months"
    )
    workspace.registrations.start(rid, consent=True, today=TODAY)  # a draft, not signed
    detail = workspace.inspections.get(iid, audit_view=False)
    assert review.compute_rules(workspace, detail, TODAY).duties[rid].kind == "ingezetene"
    kinds = {p.kind for p in review.review(workspace, iid, today=TODAY).problems}
    assert "registration" in kinds


def _kinds(result: review.FinalizeReview) -> dict[str, int]:
    out: dict[str, int] = {}
    for p in result.problems:
        out[p.kind] = out.get(p.kind, 0) + 1
    return out


def test_checklist_names_every_open_point(workspace: Workspace) -> None:
    """The issue's visit: seven counted, two recorded, no end time, norms not yet known,
    a resident who must register."""
    iid = _inspection(workspace)
    workspace.answers.save(iid, "verblijfslocatie", 1, "persons_present", 7)
    workspace.answers.save(iid, "verblijfslocatie", 1, "floor_area_m2", 62.0)
    _resident(
        workspace, iid, arrival_date=TODAY - timedelta(days=20), expected_stay="at_least_4_months"
    )
    workspace.residents.add(iid, "Anna", "pl")
    result = review.review(workspace, iid, today=TODAY)
    kinds = _kinds(result)
    assert kinds["persons"] == 1 and kinds["end_time"] == 1 and kinds["duty"] >= 1
    assert kinds["finding"] >= 3
    lines = result.lines("nl")
    assert any("7 bewoners geteld, 2 vastgelegd" in line for line in lines)
    assert any("Einde van de controle" in line for line in lines)
    assert any(line.startswith("Bewoners Ion E.: Moet zich inschrijven") for line in lines)
    assert any("Bevinding: Nog niet bekend: aantal toiletten ontbreekt" in line for line in lines)
    parts = [p.part for p in result.problems]
    assert parts == sorted(parts, key=review.PART_ORDER.index)  # in the window's order
    # every point can be jumped to: a part of the window, and a field where there is one
    parts = {"controlelocatie", "verblijfslocatie", "residents", "registrations"}
    assert all(p.part in parts for p in result.problems)
    end = next(p for p in result.problems if p.kind == "end_time")
    assert (end.part, end.path) == ("controlelocatie", "control_end")
    toilets = next(p for p in result.problems if p.kind == "finding" and p.path == "toilets")
    assert toilets.part == "verblijfslocatie"


def test_finalize_refuses_with_open_points_and_accepts_a_reason(workspace: Workspace) -> None:
    iid = _inspection(workspace)
    workspace.answers.save(iid, "verblijfslocatie", 1, "persons_present", 3)
    with pytest.raises(review.Incomplete) as refused:
        review.finalize(workspace, iid, today=TODAY)
    assert refused.value.review.problems
    assert workspace.inspections.get(iid).summary.state != "finalized"
    with pytest.raises(InvalidInput, match="at least 10 characters"):
        review.finalize(workspace, iid, today=TODAY, accept_incomplete="kort")

    reason = "Bewoners weigerden verdere medewerking; vervolgbezoek gepland."
    result = review.finalize(workspace, iid, today=TODAY, accept_incomplete=reason)
    assert result.problems
    assert workspace.inspections.get(iid).summary.state == "finalized"
    assert workspace.inspections.finalize_reasons(iid) == [reason]
    with pytest.raises(ReadOnly):
        workspace.answers.save(iid, "verblijfslocatie", 1, "toilets", 1)
    with workspace.unit() as s:
        event = s.scalars(
            select(AuditEvent).where(AuditEvent.action == "inspection.finalized")
        ).one()
        details = json.loads(event.details)
    assert details["incomplete"] is True and details["reason_chars"] == len(reason)
    assert details["open_points"] == _kinds(result)
    assert "medewerking" not in event.details  # the reason itself stays encrypted


def test_find_inspection_by_reference(workspace: Workspace) -> None:
    iid = _inspection(workspace)
    reference = workspace.inspections.get(iid).summary.reference
    assert workspace.inspections.find(reference) == iid
    assert workspace.inspections.find(reference.lower()) == iid
    assert workspace.inspections.find(iid) == iid
    with pytest.raises(NotFound):
        workspace.inspections.find("2000-0000-0000")
