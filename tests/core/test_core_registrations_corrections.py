"""Issue 12, registration: documents, no RNI on the spot, processing, the clerk's file."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from core.test_core_registrations import (
    GOOD_MRZ,
    TODAY,
    complete,
    make_resident,
)
from pypdf import PdfReader

from inspector.core import registrations as en
from inspector.core.letter_context import invitation_language
from inspector.core.workspace import InvalidInput, Workspace
from inspector.letters import InvitationInfo, LetterError


def _pdf_text(data: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


# -- 12.1 documents -------------------------------------------------------------------------


def test_no_driving_licence_and_a_residence_document_with_v_number() -> None:
    form = en.registration_form()
    choices = [c.id for c in form.field("document_type").choices]
    assert "driving_licence" not in choices
    assert choices == ["passport", "eu_id_card", "residence_document"]
    assert "rijbewijs" in form.field("document_type").hint.get("nl").lower()
    assert form.has_field("v_number")


def test_a_non_eu_national_needs_a_residence_document(workspace: Workspace) -> None:
    rid = make_resident(workspace)
    eid = workspace.registrations.start(rid, consent=True, today=TODAY)
    complete(workspace, eid)
    assert "lawful_residence" not in {
        p.code for p in workspace.registrations.problems(eid, today=TODAY)
    }
    workspace.registrations.save_values(eid, {"nationalities": ["UA"]})
    problems = {p.code: p for p in workspace.registrations.problems(eid, today=TODAY)}
    assert "lawful_residence" in problems
    assert "V-nummer" in problems["lawful_residence"].message.nl
    workspace.registrations.save_values(
        eid, {"document_type": "residence_document", "v_number": "12345"}
    )
    codes = {p.code for p in workspace.registrations.problems(eid, today=TODAY)}
    assert "lawful_residence" not in codes and "v_number" in codes
    workspace.registrations.save_values(eid, {"v_number": "1234567890"})
    assert not {"lawful_residence", "v_number"} & {
        p.code for p in workspace.registrations.problems(eid, today=TODAY)
    }


# -- 12.2 no RNI on the spot -------------------------------------------------------------------


def test_the_form_offers_only_registration_as_resident() -> None:
    kinds = [c.id for c in en.registration_form().field("registration_kind").choices]
    assert kinds == ["ingezetene"]
    assert en.KINDS == ("ingezetene",)


# -- 12.3 processing --------------------------------------------------------------------------


def test_processing_needs_a_signed_registration_and_a_valid_bsn(workspace: Workspace) -> None:
    rid = make_resident(workspace)
    eid = workspace.registrations.start(rid, consent=True, today=TODAY)
    with pytest.raises(en.RegistrationError, match="signed"):
        workspace.registrations.record_processing(
            eid, bsn="999990019", registration_date=TODAY, today=TODAY
        )
    complete(workspace, eid)
    signed = workspace.registrations.sign(
        eid, today=TODAY, now=datetime(2025, 3, 10, 9, 0, tzinfo=UTC)
    ).registration
    assert en.processing(signed) is None
    with pytest.raises(InvalidInput, match="future"):
        workspace.registrations.record_processing(
            eid, bsn="999990019", registration_date=date(2025, 3, 11), today=TODAY
        )
    with pytest.raises(InvalidInput, match="before"):
        workspace.registrations.record_processing(
            eid, bsn="999990019", registration_date=date(2025, 3, 9), today=TODAY
        )
    done = workspace.registrations.record_processing(
        eid, bsn="9999.90.019", registration_date=TODAY, today=TODAY
    )
    outcome = en.processing(done)
    assert done.state == en.PROCESSED and outcome is not None
    assert outcome.bsn == "999990019" and outcome.registration_date == TODAY
    with pytest.raises(en.RegistrationError):
        workspace.registrations.record_processing(
            eid, bsn="999990019", registration_date=TODAY, today=TODAY
        )


# -- 12.4 the clerk's file ----------------------------------------------------------------------


def test_signed_form_holds_partner_marriage_earlier_registration_and_mandate(
    workspace: Workspace,
) -> None:
    rid = make_resident(workspace)
    eid = workspace.registrations.start(rid, consent=True, today=TODAY)
    complete(workspace, eid)
    workspace.registrations.save_values(
        eid,
        {
            "civil_status": "married",
            "partner_surname": "Exemplu",
            "partner_given_names": "Maria",
            "partner_birth_date": date(1991, 2, 3),
            "marriage_date": date(2015, 6, 20),
            "marriage_place": "Brașov, Roemenië",
            "earlier_registration_nl": "yes",
            "earlier_registration_details": "Westland, 2019-2020",
        },
    )
    result = workspace.registrations.sign(eid, today=TODAY)
    text = _pdf_text(result.pdf)
    for needle in (
        "Geboortedatum echtgenoot of partner",
        "03-02-1991",
        "20-06-2015, Brașov, Roemenië",
        "Eerder ingeschreven in Nederland",
        "Westland, 2019-2020",
        "Datum van vestiging op dit adres",
        "Aangifte ontvangen op grond van",
        "Mandaatbesluit burgerzaken Teststad (fictief)",
    ):
        assert needle in text, needle
    assert result.registration.data["form"]["officer_mandate"].startswith("Mandaatbesluit")


def test_employer_list_data_stays_unverified_until_checked(
    workspace: Workspace, tmp_path: Path
) -> None:
    insp = workspace.inspections.create(
        address="Voorbeeldweg 1", postcode="5981AA", city="Panningen"
    )
    csv = tmp_path / "lijst.csv"
    csv.write_text(
        "achternaam;voornamen;datum_aankomst;geboortedatum;geboorteplaats;geboorteland;bsn;kamer\n"
        "Exemplu;Ion;2025-02-20;1990-05-17;Brașov;RO;;3\n",
        encoding="utf-8",
    )
    report = workspace.registrations.import_residents(insp.id, csv, today=TODAY)
    rid = report.created[0][1]
    eid = workspace.registrations.start(rid, consent=True, language="ro", today=TODAY)
    listed = set(workspace.registrations.unverified_fields(eid))
    assert {"surname", "given_names", "birth_date", "birth_place"} <= listed
    # The officer corrects the place of birth: no longer the list's value.
    workspace.registrations.save_values(eid, {"birth_place": "Brasov"})
    assert "birth_place" not in workspace.registrations.unverified_fields(eid)
    # A valid MRZ without differences verifies what it compares.
    workspace.registrations.record_document_check(
        eid, mrz_text=GOOD_MRZ, visual_check=True, today=TODAY
    )
    left = set(workspace.registrations.unverified_fields(eid))
    assert not {"surname", "given_names", "birth_date"} & left
    assert "birth_country" in left
    complete(workspace, eid, mrz=GOOD_MRZ)
    workspace.registrations.save_values(
        eid,
        {
            "document_type": "passport",
            "document_number": "RO1234567",
            "document_country": "RO",
            "document_expiry": date(2030, 1, 1),
            "nationalities": ["RO"],
            "sex": "male",
            "address_abroad_country": "RO",
            "address_abroad": "Strada Exemplu 1, Brașov",
            "moving_in_date": date(2025, 2, 20),
        },
    )
    workspace.registrations.set_kind(eid, "ingezetene", today=TODAY)
    signed = workspace.registrations.sign(eid, today=TODAY)
    text = " ".join(_pdf_text(signed.pdf).split())
    assert "uit de lijst van de werkgever, niet gecontroleerd" in text
    assert "birth_country" in signed.registration.data["unverified_at_signing"]


def test_the_officer_marks_list_data_as_checked(workspace: Workspace, tmp_path: Path) -> None:
    insp = workspace.inspections.create(
        address="Voorbeeldweg 1", postcode="5981AA", city="Panningen"
    )
    csv = tmp_path / "lijst.csv"
    csv.write_text(
        "achternaam;voornamen;datum_aankomst;geboortedatum;geboorteplaats;geboorteland;bsn;kamer\n"
        "Exemplu;Ion;2025-02-20;1990-05-17;Brașov;RO;;3\n",
        encoding="utf-8",
    )
    rid = workspace.registrations.import_residents(insp.id, csv, today=TODAY).created[0][1]
    eid = workspace.registrations.start(rid, consent=True, today=TODAY)
    assert "birth_country" in workspace.registrations.unverified_fields(eid)
    workspace.registrations.verify_fields(eid, ["birth_country", "birth_place"])
    assert not {"birth_country", "birth_place"} & set(
        workspace.registrations.unverified_fields(eid)
    )
    # A resident added by hand has nothing from a list.
    own = make_resident(workspace)
    assert (
        workspace.registrations.unverified_fields(
            workspace.registrations.start(own, consent=True, today=TODAY)
        )
        == []
    )


# -- 12.6 invitations from the employer's list ---------------------------------------------------


def test_invitations_for_an_imported_list_in_each_residents_language(
    workspace: Workspace, tmp_path: Path
) -> None:
    insp = workspace.inspections.create(
        address="Voorbeeldweg 1", postcode="5981AA", city="Panningen"
    )
    when = InvitationInfo(datetime(2025, 3, 20, 9, 30), "Kantine, Voorbeeldweg 1", ("Loonstrook",))
    with pytest.raises(LetterError, match="employer's list"):
        workspace.letters.render_invitations(insp.id, when)
    csv = tmp_path / "lijst.csv"
    csv.write_text(
        "achternaam;voornamen;datum_aankomst;geboortedatum;geboorteplaats;geboorteland;bsn;kamer\n"
        "Testowa;Anna;2025-03-01;1990-05-17;Łódź;PL;;12\n"
        "Exemplu;Ion;2025-03-01;1985-01-02;Brașov;RO;;13\n",
        encoding="utf-8",
    )
    workspace.registrations.import_residents(insp.id, csv, today=TODAY)
    workspace.residents.add(insp.id, "Niet uit de lijst", "en")
    letters = workspace.letters.render_invitations(insp.id, when)
    assert [lang for _rid, lang, _pdf in letters] == ["pl", "ro"]
    polish = _pdf_text(letters[0][2])
    assert "Zaproszenie" in polish and "9:30" in polish and "Kantine, Voorbeeldweg 1" in polish
    assert "Prawo jazdy nie wystarczy" in polish and "Loonstrook" in polish
    assert invitation_language("nl", {"nationalities": ["UA"]}) == "uk"
    assert invitation_language("ro", {"birth_country": "PL"}) == "ro"
