"""Stored names are format, not names: a rename in code must leave them as they are on disk.

When "enrolment" became "registration" in code (issue 11) the names below kept their first
spelling: they are bound into every sealed value (table and column in the AAD), chained into
the audit log, or sealed into sync payloads. docs/architecture.md, "Stored names are format".
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from inspector.storage import seal
from inspector.storage.models import Attachment, AuditEvent, Registration


def test_the_registration_table_and_column_keep_their_stored_names() -> None:
    assert Registration.__tablename__ == "enrolment"
    assert Attachment.__table__.c.enrolment_id is not None
    assert Attachment.registration_id.property.columns[0].name == "enrolment_id"
    assert "enrolment" in seal.BOUND and "enrolment_id" in seal.BOUND["attachment"]


def test_registration_events_keep_their_audit_kind(workspace: Any) -> None:
    ws = workspace
    insp = ws.inspections.create(address="Voorbeeldstraat 1", postcode="1234 AB", city="Voorbeeld")
    resident = ws.residents.add(insp.id, "Testowa Anna", "pl")
    registration = ws.registrations.start(resident.id, consent=True, language="pl")
    with ws.unit() as s:
        rows = s.execute(
            select(AuditEvent.action, AuditEvent.record_type).where(
                AuditEvent.record_id == registration
            )
        ).all()
    assert ("enrolment.started", "enrolment") in [tuple(r) for r in rows]
