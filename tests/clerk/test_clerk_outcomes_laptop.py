"""The office's outcomes on the officer's laptop: "processed" turns the laptop's registration
into PROCESSED with the BSN and the date from the BRP (so the confirmation letter can be made
there too), audited and idempotent; "refused" makes it REFUSED; "returned" changes no state but
is shown."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from clerk_support import decide_three
from pypdf import PdfReader
from sqlalchemy import func, select

from inspector import localtime
from inspector.clerk.desk import ClerkDesk
from inspector.core.registrations import processing
from inspector.letters import LetterError, render
from inspector.states import RegistrationState
from inspector.storage.models import AuditEvent
from inspector.sync import client
from inspector.sync.outcomes import apply_outcomes

from tests_support import letter_ready


def _decided(world: Any) -> tuple[Any, Any, ClerkDesk, dict[str, str]]:
    laptop, desk, _insp, ids = decide_three(world, first_registration=False)
    assert desk.post_outcomes() == (3, [])
    return laptop, world[1], desk, {k: ids[k] for k in ("anna", "ion", "jana")}


def _processed_audits(laptop: Any) -> int:
    with laptop.unit() as s:
        return int(
            s.scalar(select(func.count()).where(AuditEvent.action == "enrolment.processed")) or 0
        )


def test_processed_outcome_makes_the_laptop_registration_processed(world: Any) -> None:
    laptop, svc, _desk, ids = _decided(world)
    before = laptop.registrations.get(ids["anna"], audit_view=False)
    assert before.state == RegistrationState.SIGNED
    with pytest.raises(LetterError):
        laptop.letters.context("confirmation", "pl", resident_id=before.resident_id)

    assert client.sync_once(laptop, svc.transport).pulled == 3
    anna = laptop.registrations.get(ids["anna"], audit_view=False)
    assert anna.state == RegistrationState.PROCESSED
    done = processing(anna)
    assert done is not None
    assert done.bsn == "111222333" and done.registration_date == localtime.today()
    assert anna.data["processing"]["via"] == "office"
    assert anna.data["processing"]["registration_type"] == "re"
    assert done.processed_by is None  # not the laptop's officer: burgerzaken
    assert _processed_audits(laptop) == 1
    with laptop.unit() as s:
        event = s.scalars(
            select(AuditEvent).where(AuditEvent.action == "enrolment.processed")
        ).one()
        details = json.loads(event.details)
        assert details["via"] == "office" and "111222333" not in event.details

    # The officer can now make the confirmation letter on the laptop, with the BRP's BSN.
    laptop.settings = letter_ready(laptop.settings)
    ctx = laptop.letters.context("confirmation", "pl", resident_id=anna.resident_id)
    assert ctx.registration is not None and ctx.registration.bsn == "111222333"
    pdf = render("confirmation", "pl", ctx, "pdf")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "111222333" in text

    # Returned changes no state; refused makes the registration REFUSED (see
    # test_clerk_enforcement_ui); their messages are there to be shown.
    assert laptop.registrations.get(ids["ion"], audit_view=False).state == "signed"
    assert laptop.registrations.get(ids["jana"], audit_view=False).state == "refused"
    assert client.outcomes_for(laptop, ids["ion"])[0]["message"].endswith(
        "Klopt de geboorteplaats?"
    )
    assert client.outcomes_for(laptop, ids["jana"])[0]["state"] == "refused"

    # Idempotent: pulling again, or applying the same outcomes again, changes nothing.
    processed_at = anna.data["processing"]["processed_at"]
    assert client.sync_once(laptop, svc.transport).pulled == 0
    assert apply_outcomes(laptop) == 0
    again = laptop.registrations.get(ids["anna"], audit_view=False)
    assert again.data["processing"]["processed_at"] == processed_at
    assert _processed_audits(laptop) == 1


def test_an_outcome_posted_twice_is_applied_once(world: Any) -> None:
    laptop, svc, desk, ids = _decided(world)
    # The office sends the same outcome again (e.g. a retry after a lost answer).
    from inspector.clerk.models import ClerkRegistration

    with desk.ws.unit() as s:
        for row in s.scalars(select(ClerkRegistration)):
            row.posted_at = None
    assert desk.post_outcomes()[0] == 3
    assert client.sync_once(laptop, svc.transport).pulled == 6
    assert laptop.registrations.get(ids["anna"], audit_view=False).state == "processed"
    assert _processed_audits(laptop) == 1


def test_a_processed_outcome_for_a_corrected_version_leaves_the_correction(world: Any) -> None:
    """The clerk processed version 1 while the officer signed a correction: the laptop's
    newest version is not overwritten by an outcome about the old one."""
    laptop, svc, _desk, ids = _decided(world)
    with laptop.unit() as s:
        from inspector.storage.models import Registration

        row = s.get(Registration, ids["anna"])
        assert row is not None
        row.state = RegistrationState.SUPERSEDED.value
    client.sync_once(laptop, svc.transport)
    assert laptop.registrations.get(ids["anna"], audit_view=False).state == "superseded"
    assert _processed_audits(laptop) == 0


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_the_laptop_window_shows_processed_question_and_refusal(qtbot: Any, world: Any) -> None:
    from inspector.ui.registration.listview import RegistrationListWidget

    laptop, svc, _desk, ids = _decided(world)
    client.sync_once(laptop, svc.transport)
    inspection_id = laptop.registrations.get(ids["anna"], audit_view=False).inspection_id
    widget = RegistrationListWidget(laptop, inspection_id)
    qtbot.addWidget(widget)
    widget.show()
    model = widget.model
    office = model.COLUMNS.index("office")
    shown = {
        model.data(model.index(r, 0)): str(model.data(model.index(r, office)))
        for r in range(model.rowCount())
    }
    anna, ion, jana = (shown[n] for n in ("Anna P.", "Ion E.", "Jana V."))
    assert anna.startswith("processed: ingeschreven per") and "(hervestiging)" in anna
    assert ion == "question from burgerzaken: Klopt de geboorteplaats?"
    assert jana == "refused: Geen geldig identiteitsdocument getoond"
    # Said once, not twice.
    assert "burgerzaken: vraag" not in ion and "geweigerd door" not in jana
