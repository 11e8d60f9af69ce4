"""The states a stored record moves through: one name each, equal to the text in the store."""

from __future__ import annotations

from enum import StrEnum


class InspectionState(StrEnum):
    """An inspection: planned, then in progress from the first answer, then finalized (locked;
    reopening, with a reason, makes it in progress again)."""

    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    FINALIZED = "finalized"


class RegistrationState(StrEnum):
    """An on-the-spot BRP registration: a draft until signed, declined or referred to an RNI
    counter (a short stay: registration as a non-resident happens in person there, never on
    the spot); a correction supersedes a signed one; burgerzaken marks it processed."""

    DRAFT = "draft"
    SIGNED = "signed"
    DECLINED = "declined"
    REFERRED_RNI = "referred_rni"
    SUPERSEDED = "superseded"
    PROCESSED = "processed"
