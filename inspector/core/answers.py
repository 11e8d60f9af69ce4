"""Answers to the questionnaires, saved one at a time (autosave), and repeats (bedrooms)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from inspector.core.ids import InspectionId, ResidentId
from inspector.core.workspace import (
    LOCATION,
    FormAnswers,
    NotFound,
    Workspace,
    form_record,
    inspection_row,
    load_record,
    writable_inspection,
)
from inspector.states import InspectionState
from inspector.storage.models import (
    Answer,
    FormRecord,
    RepeatInstance,
    utcnow,
)


class Answers:
    """Answers to the questionnaires, saved one at a time (autosave), and repeats (bedrooms)."""

    def __init__(self, ws: Workspace) -> None:
        self._ws = ws

    def save(
        self,
        inspection_id: InspectionId,
        form_id: str,
        form_version: int,
        field_id: str,
        value: Any,
        *,
        resident_id: ResidentId | None = None,
        instance_id: str = "",
    ) -> None:
        """Commit one answer at once (autosave). ``None`` or ``""`` clears it."""
        with self._ws.unit() as s:
            insp = writable_inspection(s, inspection_id)
            if insp.state == InspectionState.PLANNED:
                insp.state = InspectionState.IN_PROGRESS.value
                insp.started_at = utcnow()
            rec = form_record(s, inspection_id, form_id, form_version, resident_id)
            if instance_id:
                inst = s.get(RepeatInstance, instance_id)
                if inst is None or inst.record_id != rec.id:
                    raise NotFound(
                        "repeat.not_found",
                        "dit formulier heeft geen herhaling {id!r}",
                        "no repeat instance {id!r} in this form",
                        id=instance_id,
                    )
            row = s.scalar(
                select(Answer).where(
                    Answer.record_id == rec.id,
                    Answer.instance_id == instance_id,
                    Answer.field_id == field_id,
                )
            )
            empty = value is None or value == "" or value == []
            if empty:
                if row is not None:
                    s.delete(row)
            elif row is None:
                s.add(
                    Answer(
                        record_id=rec.id,
                        instance_id=instance_id,
                        field_id=field_id,
                        value=value,
                        form_version=form_version,
                        updated_by=self._ws.officer.id,
                    )
                )
            else:
                row.value = value
                row.form_version = form_version
                row.updated_at = utcnow()
                row.updated_by = self._ws.officer.id
            insp.updated_at = utcnow()
            self._ws.audit(
                s,
                "answer.cleared" if empty else "answer.saved",
                "form_record",
                rec.id,
                form=form_id,
                field=field_id,
                instance=instance_id or None,
            )

    def add_repeat(
        self,
        inspection_id: InspectionId,
        form_id: str,
        form_version: int,
        repeat_id: str,
        *,
        resident_id: ResidentId | None = None,
    ) -> str:
        with self._ws.unit() as s:
            writable_inspection(s, inspection_id)
            rec = form_record(s, inspection_id, form_id, form_version, resident_id)
            position = (
                s.scalar(
                    select(func.count())
                    .select_from(RepeatInstance)
                    .where(
                        RepeatInstance.record_id == rec.id, RepeatInstance.repeat_id == repeat_id
                    )
                )
                or 0
            )
            inst = RepeatInstance(record_id=rec.id, repeat_id=repeat_id, position=position)
            s.add(inst)
            s.flush()
            self._ws.audit(s, "repeat.added", "form_record", rec.id, form=form_id, repeat=repeat_id)
            return inst.id

    def _instance(self, s: Session, instance_id: str) -> tuple[RepeatInstance, FormRecord]:
        inst = s.get(RepeatInstance, instance_id)
        if inst is None:
            raise NotFound(
                "repeat.not_found",
                "geen herhaling {id!r}",
                "no repeat instance {id!r}",
                id=instance_id,
            )
        rec = s.get(FormRecord, inst.record_id)
        assert rec is not None
        writable_inspection(s, rec.inspection_id)
        return inst, rec

    def remove_repeat(self, instance_id: str) -> None:
        with self._ws.unit() as s:
            inst, rec = self._instance(s, instance_id)
            for ans in s.scalars(select(Answer).where(Answer.instance_id == instance_id)):
                s.delete(ans)
            siblings = self._siblings(s, inst)
            s.delete(inst)
            for pos, other in enumerate(o for o in siblings if o.id != instance_id):
                other.position = pos
            self._ws.audit(
                s, "repeat.removed", "form_record", rec.id, form=rec.form_id, repeat=inst.repeat_id
            )

    def move_repeat(self, instance_id: str, new_position: int) -> None:
        with self._ws.unit() as s:
            inst, rec = self._instance(s, instance_id)
            siblings = [o for o in self._siblings(s, inst) if o.id != instance_id]
            new_position = max(0, min(new_position, len(siblings)))
            siblings.insert(new_position, inst)
            for pos, other in enumerate(siblings):
                other.position = pos
            self._ws.audit(
                s, "repeat.moved", "form_record", rec.id, form=rec.form_id, repeat=inst.repeat_id
            )

    @staticmethod
    def _siblings(s: Session, inst: RepeatInstance) -> list[RepeatInstance]:
        return list(
            s.scalars(
                select(RepeatInstance)
                .where(
                    RepeatInstance.record_id == inst.record_id,
                    RepeatInstance.repeat_id == inst.repeat_id,
                )
                .order_by(RepeatInstance.position)
            )
        )

    def load(
        self, inspection_id: InspectionId, form_id: str, *, resident_id: ResidentId | None = None
    ) -> FormAnswers:
        with self._ws.unit() as s:
            inspection_row(s, inspection_id)
            rec = s.scalar(
                select(FormRecord).where(
                    FormRecord.inspection_id == inspection_id,
                    FormRecord.subject == (resident_id or LOCATION),
                    FormRecord.form_id == form_id,
                )
            )
            if rec is None:
                return FormAnswers(form_id, None, None)
            return load_record(s, rec)
