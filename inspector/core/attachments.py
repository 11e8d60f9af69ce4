"""Photos, ID scans, signatures and produced documents, content encrypted."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from inspector.core.ids import InspectionId, RegistrationId, ResidentId
from inspector.core.workspace import (
    NotFound,
    ReadOnly,
    Workspace,
    inspection_row,
    writable_inspection,
)
from inspector.states import RegistrationState
from inspector.storage.models import (
    Attachment,
    Registration,
)


class Attachments:
    """Photos, ID scans, signatures and produced documents, content encrypted."""

    def __init__(self, ws: Workspace) -> None:
        self._ws = ws

    def add(
        self,
        inspection_id: InspectionId,
        *,
        kind: str,
        content: bytes,
        mime: str,
        caption: str | None = None,
        resident_id: ResidentId | None = None,
        registration_id: RegistrationId | None = None,
        field_ref: str | None = None,
        instance_id: str | None = None,
        allow_finalized: bool = False,
    ) -> str:
        with self._ws.unit() as s:
            if allow_finalized:
                inspection_row(s, inspection_id)
            else:
                writable_inspection(s, inspection_id)
            row = Attachment(
                inspection_id=inspection_id,
                resident_id=resident_id,
                registration_id=registration_id,
                kind=kind,
                field_ref=field_ref,
                instance_id=instance_id,
                caption=caption,
                mime=mime,
                size=len(content),
                content=content,
                created_by=self._ws.officer.id,
            )
            s.add(row)
            s.flush()
            self._ws.audit(
                s, "attachment.added", "attachment", row.id, kind=kind, size=len(content)
            )
            return row.id

    def content(self, attachment_id: str) -> tuple[bytes, str]:
        with self._ws.unit() as s:
            row = s.get(Attachment, attachment_id)
            if row is None:
                raise NotFound(
                    "attachment.not_found",
                    "geen bijlage met id {id!r}",
                    "no attachment with id {id!r}",
                    id=attachment_id,
                )
            self._ws.audit(s, "attachment.viewed", "attachment", row.id)
            return row.content, row.mime

    def list_for(
        self,
        inspection_id: InspectionId,
        *,
        resident_id: ResidentId | None = None,
        kind: str | None = None,
    ) -> list[dict[str, Any]]:
        """Attachment metadata (no content) for an inspection, newest last."""
        with self._ws.unit() as s:
            q = select(
                Attachment.id,
                Attachment.kind,
                Attachment.caption,
                Attachment.mime,
                Attachment.size,
                Attachment.field_ref,
                Attachment.instance_id,
                Attachment.resident_id,
                Attachment.created_at,
            ).where(Attachment.inspection_id == inspection_id)
            if resident_id is not None:
                q = q.where(Attachment.resident_id == resident_id)
            if kind is not None:
                q = q.where(Attachment.kind == kind)
            return [dict(r._mapping) for r in s.execute(q.order_by(Attachment.created_at))]

    def _changeable_attachment(self, s: Session, attachment_id: str) -> Attachment:
        row = s.get(Attachment, attachment_id)
        if row is None:
            raise NotFound(
                "attachment.not_found",
                "geen bijlage met id {id!r}",
                "no attachment with id {id!r}",
                id=attachment_id,
            )
        writable_inspection(s, row.inspection_id)
        if row.registration_id:
            registration = s.get(Registration, row.registration_id)
            if registration is not None and registration.state in (
                RegistrationState.SIGNED,
                RegistrationState.PROCESSED,
                RegistrationState.SUPERSEDED,
            ):
                raise ReadOnly(
                    "attachment.signed",
                    "dit bestand hoort bij een ondertekende inschrijving; maak in plaats "
                    "daarvan een correctie (een nieuwe versie)",
                    "this file belongs to a signed registration; make a correction (a new "
                    "version) instead",
                )
        return row

    def set_caption(self, attachment_id: str, caption: str) -> None:
        with self._ws.unit() as s:
            row = self._changeable_attachment(s, attachment_id)
            row.caption = caption
            self._ws.audit(s, "attachment.changed", "attachment", row.id)

    def remove(self, attachment_id: str) -> None:
        with self._ws.unit() as s:
            row = self._changeable_attachment(s, attachment_id)
            s.delete(row)
            self._ws.audit(s, "attachment.removed", "attachment", attachment_id)
