"""The residents of an inspection: add, change, list; one unit of work per call."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from inspector import LANGUAGES
from inspector.core.ids import InspectionId, ResidentId
from inspector.core.workspace import (
    InvalidInput,
    NotFound,
    ResidentSummary,
    Workspace,
    form_record,
    inspection_row,
    resident_info,
    writable_inspection,
)
from inspector.storage.models import (
    Answer,
    Resident,
)


class Residents:
    """The residents of an inspection: add, change, list; one unit of work per call."""

    def __init__(self, ws: Workspace) -> None:
        self._ws = ws

    def add(
        self,
        inspection_id: InspectionId,
        name: str,
        language: str = "nl",
        *,
        room: str | None = None,
        import_key: str | None = None,
        answers: tuple[str, int, Mapping[str, Any]] | None = None,
    ) -> ResidentSummary:
        """Add a resident; with *answers* (form id, version, values) their questionnaire is
        filled in the same transaction: a killed import leaves a person whole or absent."""
        if not name.strip():
            raise InvalidInput(
                "resident.name_empty",
                "de naam van de bewoner is leeg",
                "the resident's name is empty",
            )
        if language not in LANGUAGES:
            raise InvalidInput(
                "language.unknown",
                "onbekende taal {lang!r}; kies uit {langs}",
                "unknown language {lang!r}; use one of {langs}",
                lang=language,
                langs=", ".join(LANGUAGES),
            )
        with self._ws.unit() as s:
            writable_inspection(s, inspection_id)
            position = (
                s.scalar(
                    select(func.count())
                    .select_from(Resident)
                    .where(Resident.inspection_id == inspection_id)
                )
                or 0
            )
            row = Resident(
                inspection_id=inspection_id,
                name=name.strip(),
                language=language,
                position=position,
                room=room,
                import_key=import_key,
            )
            s.add(row)
            s.flush()
            self._ws.audit(s, "resident.created", "resident", row.id, language=language)
            if answers is not None:
                form_id, form_version, values = answers
                self._add_answers(s, inspection_id, form_id, form_version, row.id, values)
            return ResidentSummary(
                ResidentId(row.id), inspection_id, row.name, language, position, room
            )

    def _add_answers(
        self,
        s: Session,
        inspection_id: str,
        form_id: str,
        form_version: int,
        resident_id: str,
        values: Mapping[str, Any],
    ) -> list[str]:
        """Add the top-level answers that are still empty (never overwrites one)."""
        rec = form_record(s, inspection_id, form_id, form_version, resident_id)
        present = set(
            s.scalars(
                select(Answer.field_id).where(Answer.record_id == rec.id, Answer.instance_id == "")
            )
        )
        added = []
        for field_id, value in values.items():
            if field_id in present or value is None or value == "" or value == []:
                continue
            s.add(
                Answer(
                    record_id=rec.id,
                    instance_id="",
                    field_id=field_id,
                    value=value,
                    form_version=form_version,
                    updated_by=self._ws.officer.id,
                )
            )
            added.append(field_id)
        if added:
            self._ws.audit(s, "answers.imported", "form_record", rec.id, form=form_id, fields=added)
        return added

    def complete_answers(
        self,
        inspection_id: InspectionId,
        resident_id: ResidentId,
        form_id: str,
        form_version: int,
        values: Mapping[str, Any],
    ) -> list[str]:
        """Fill in the answers a resident is still missing (a re-import completes an import
        that was cut off); returns the fields added, in one transaction."""
        with self._ws.unit() as s:
            writable_inspection(s, inspection_id)
            return self._add_answers(s, inspection_id, form_id, form_version, resident_id, values)

    def update(
        self, resident_id: ResidentId, *, name: str | None = None, language: str | None = None
    ) -> ResidentSummary:
        with self._ws.unit() as s:
            row = s.get(Resident, resident_id)
            if row is None:
                raise NotFound(
                    "resident.not_found",
                    "geen bewoner met id {id!r}",
                    "no resident with id {id!r}",
                    id=resident_id,
                )
            writable_inspection(s, row.inspection_id)
            if name is not None:
                if not name.strip():
                    raise InvalidInput(
                        "resident.name_empty",
                        "de naam van de bewoner is leeg",
                        "the resident's name is empty",
                    )
                row.name = name.strip()
            if language is not None:
                if language not in LANGUAGES:
                    raise InvalidInput(
                        "language.unknown",
                        "onbekende taal {lang!r}",
                        "unknown language {lang!r}",
                        lang=language,
                    )
                row.language = language
            self._ws.audit(s, "resident.changed", "resident", row.id)
            return ResidentSummary(
                ResidentId(row.id),
                InspectionId(row.inspection_id),
                row.name,
                row.language,
                row.position,
                row.room,
            )

    def list_for(self, inspection_id: InspectionId) -> list[ResidentSummary]:
        with self._ws.unit() as s:
            row = inspection_row(s, inspection_id)
            return [resident_info(r, []) for r in row.residents]

    def find_by_import_key(self, inspection_id: InspectionId, import_key: str) -> str | None:
        with self._ws.unit() as s:
            return s.scalar(
                select(Resident.id).where(
                    Resident.inspection_id == inspection_id, Resident.import_key == import_key
                )
            )
