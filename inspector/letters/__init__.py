"""Letters and reports: templates per language rendered to PDF and DOCX (no Qt)."""

from __future__ import annotations

from inspector.letters.api import available_languages, render
from inspector.letters.model import (
    KINDS,
    LETTER_OFFICES,
    RESIDENT_KINDS,
    BedroomRow,
    ContactDetailsMissing,
    Counts,
    FindingLine,
    Format,
    InspectionInfo,
    InvitationInfo,
    LetterContext,
    LetterError,
    PhotoItem,
    RegistrationInfo,
    ResidentInfo,
    SignalLine,
)
from inspector.letters.sample import sample_context

__all__ = [
    "KINDS",
    "LETTER_OFFICES",
    "RESIDENT_KINDS",
    "ContactDetailsMissing",
    "InvitationInfo",
    "BedroomRow",
    "Counts",
    "FindingLine",
    "Format",
    "InspectionInfo",
    "LetterContext",
    "LetterError",
    "PhotoItem",
    "RegistrationInfo",
    "ResidentInfo",
    "SignalLine",
    "available_languages",
    "render",
    "sample_context",
]
