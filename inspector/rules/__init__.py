"""Housing norms, BRP registration duties and referral signals: the pure rules core."""

from __future__ import annotations

from inspector.rules.engine import compute
from inspector.rules.model import (
    LOCATION,
    DutyKind,
    ExploitationSignal,
    Finding,
    Outcome,
    Referral,
    RegistrationDuty,
    ResidentInput,
    RulesResult,
)
from inspector.rules.norms import burners_needed
from inspector.rules.registration import add_months, registration_duty

__all__ = [
    "LOCATION",
    "DutyKind",
    "Finding",
    "Outcome",
    "Referral",
    "RegistrationDuty",
    "ResidentInput",
    "RulesResult",
    "ExploitationSignal",
    "add_months",
    "burners_needed",
    "compute",
    "registration_duty",
]
