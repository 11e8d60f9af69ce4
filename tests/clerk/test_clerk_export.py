"""The clerk's exports: BRP elements and codes (never guessed), the stamped PDF, the
confirmation letter only after processing, the hand-over list."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from clerk_support import PEOPLE, register
from pypdf import PdfReader

from inspector import localtime
from inspector.clerk import export, receive
from inspector.clerk.desk import ClerkDesk
from inspector.clerk.receive import ClerkError
from inspector.core.workspace import Workspace
from inspector.sync import client

from tests_support import letter_ready


def _received(world: Any, *people: Any) -> tuple[Workspace, ClerkDesk, list[str]]:
    office, svc, laptop = world
    insp = None
    for person in people:
        insp, _ = register(laptop, person, insp)
    assert client.sync_once(laptop, svc.transport).ok
    receive.pull(office, svc.transport)
    desk = ClerkDesk(office)
    return office, desk, [r.record_id for r in desk.queue()]


def _elements(data: bytes) -> dict[str, list[dict[str, Any]]]:
    doc = json.loads(data)
    out: dict[str, list[dict[str, Any]]] = {}
    for el in doc["inschrijvingen"][0]["elementen"]:
        out.setdefault(el["element"], []).append(el)
    return out


def test_json_export_has_element_numbers_and_table_codes(world: Any) -> None:
    office, desk, (rid,) = _received(world, PEOPLE[0])
    els = _elements(export.export(desk, [rid], "json"))
    assert els["01.02.40"][0]["waarde"] == "Przykladowa"
    assert els["01.02.10"][0]["waarde"] == "Anna"
    assert els["01.03.10"][0]["waarde"] == "19910203"
    assert els["01.04.10"][0]["waarde"] == "V"
    assert els["04.05.10"][0]["code"] == "0072"  # Poolse (tabel 32)
    assert els["01.03.30"][0]["code"] == "7028"  # Polen (tabel 34)
    assert els["08.11.20"][0]["waarde"] == "12" and els["08.11.30"][0]["waarde"] == "A"
    assert els["08.11.60"][0]["waarde"] == "2801AB"
    # Before processing there is no BSN and no date of registration.
    assert els["01.01.20"][0]["waarde"] == "" and els["01.01.20"][0]["opmerking"]
    assert els["08.09.20"][0]["waarde"] == ""


def test_a_value_without_a_known_code_is_listed_as_such(world: Any) -> None:
    office, desk, (rid,) = _received(world, PEOPLE[0])
    review = desk.review(rid)
    review.form["nationalities"] = ["KY"]  # a territory: no nationality of table 32
    review.form["birth_country"] = "AQ"  # no entry in table 34
    rows = export.brp_elements(review)
    nat = next(r for r in rows if r["element"] == "04.05.10")
    assert nat["code"] is None and nat["opmerking"] == export.NO_CODE
    born = next(r for r in rows if r["element"] == "01.03.30")
    assert born["code"] is None and born["opmerking"] == export.NO_CODE


def test_csv_batch_export_and_audit(world: Any) -> None:
    office, desk, ids = _received(world, PEOPLE[0], PEOPLE[1])
    data = export.export(desk, ids, "csv").decode("utf-8-sig")
    lines = data.splitlines()
    assert lines[0] == "record_id;element;naam;waarde;code;opmerking"
    assert sum(1 for line in lines if ";04.05.10;Nationaliteit;" in line) == 2
    assert any(line.endswith(";04.05.10;Nationaliteit;Roemenië;0074;") for line in lines)
    with pytest.raises(ClerkError):
        export.export(desk, ids, "xml")


def test_house_numbers_split_as_the_brp_has_them() -> None:
    assert export._split_house_number("12 A") == ("12", "A", "")
    assert export._split_house_number("7-2") == ("7", "", "2")
    assert export._split_house_number("101") == ("101", "", "")
    assert export._split_house_number("Woonboot") == ("Woonboot", "", "")


def test_confirmation_letter_only_after_processing_and_stamped_pdf(world: Any) -> None:
    office, desk, (rid,) = _received(world, PEOPLE[0])
    office.settings = letter_ready(office.settings)
    with pytest.raises(ClerkError, match="processed with the BSN"):
        export.confirmation_letter(office, desk, rid, "pl")
    with pytest.raises(ClerkError, match="dealt with gets a stamp"):
        export.stamped_pdf(desk, rid)
    desk.take(rid)
    desk.decide(rid, "processed", bsn="111222333", registration_date=localtime.today(),
                first_registration=True)  # fmt: skip
    pdf = export.confirmation_letter(office, desk, rid, "pl")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "111222333" in text and "Przykladowa" in text
    stamped = export.stamped_pdf(desk, rid)
    reader = PdfReader(io.BytesIO(stamped))
    first = reader.pages[0].extract_text()
    assert "VERWERKT" in first and "BSN 111222333" in first and "eerste inschrijving" in first
    assert all("VERWERKT" in p.extract_text() for p in reader.pages)


def test_handover_list_from_the_inspection_signals(world: Any) -> None:
    office, svc, laptop = world
    insp, _ = register(laptop, PEOPLE[0])
    laptop.answers.save(insp, "controlelocatie", 2, "use_allowed", "no")
    from inspector.core import review as core_review

    core_review.finalize(laptop, insp, accept_incomplete="test: alleen de signalen")
    assert client.sync_once(laptop, svc.transport).ok
    summary = receive.pull(office, svc.transport)
    assert summary.inspections == 1
    desk = ClerkDesk(office)
    rows = desk.handovers()
    assert [(h["code"], h["recipient"]) for h in rows] == [("use_not_allowed", "handhaving")]
    (rid,) = [r.record_id for r in desk.queue()]
    assert desk.review(rid).bearing[0]["code"] == "use_not_allowed"
    desk.mark_handed_over(rows[0]["id"])
    csv_text = export.handover_csv(desk).decode("utf-8-sig")
    assert "Bewoning niet toegestaan op dit adres;Vergunningen en handhaving;" in csv_text
    assert desk.handovers()[0]["handed_over_at"] is not None
