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


class ClerkState(StrEnum):
    """A registration received at the office (``clerk_registration``): received, taken (in
    progress), [awaiting a second clerk], then processed, returned with a question or refused;
    a correction makes the earlier version superseded."""

    RECEIVED = "received"
    IN_PROGRESS = "in_progress"
    AWAITING_CONFIRMATION = "awaiting_confirmation"
    PROCESSED = "processed"
    RETURNED = "returned"
    REFUSED = "refused"
    SUPERSEDED = "superseded"


#: The clerk's open work (the queue's default filter).
CLERK_OPEN: tuple[ClerkState, ...] = (
    ClerkState.RECEIVED,
    ClerkState.IN_PROGRESS,
    ClerkState.AWAITING_CONFIRMATION,
)
#: The outcomes a clerk decides (the record is done with).
CLERK_DONE: tuple[ClerkState, ...] = (
    ClerkState.PROCESSED,
    ClerkState.RETURNED,
    ClerkState.REFUSED,
)


class VisitState(StrEnum):
    """A planned visit. In the coordinator's store: planned, sent to the team's laptops, outcome
    reported. On an officer's laptop: received, started (an inspection begun from it),
    finalized."""

    PLANNED = "planned"
    SENT = "sent"
    REPORTED = "reported"
    RECEIVED = "received"
    STARTED = "started"
    FINALIZED = "finalized"


class StateChangeKind(StrEnum):
    """What an inspection's state change was (``inspection_state_change.kind``): finalized
    (with the reason when points were left open) or reopened (always with a reason)."""

    FINALIZED = "finalized"
    REOPENED = "reopened"
