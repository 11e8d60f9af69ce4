"""Result types of the rules: findings, registration duties, signals."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final, Literal

#: A norm is breached, met, or cannot be judged yet because answers are missing; "advice"
#: means an advice (not a norm) is not followed: never a breach, never a signal.
Outcome = Literal["breach", "ok", "unknown", "advice"]
#: Enforceable legal norm, the SNF certification standard, or advice: kept apart everywhere.
Category = Literal["legal", "snf", "advice"]
#: What the BRP asks of one resident.
#: registered_on_site: the resident signed an on-the-spot registration as resident (ingezetene)
#: during this inspection, which meets the duty.
DutyKind = Literal["ingezetene", "rni", "already_correct", "registered_on_site", "unknown"]


class DutyKinds:
    """The DutyKind values by name, for code outside the rules (a test keeps them equal)."""

    INGEZETENE: Final = "ingezetene"
    RNI: Final = "rni"
    ALREADY_CORRECT: Final = "already_correct"
    REGISTERED_ON_SITE: Final = "registered_on_site"
    UNKNOWN: Final = "unknown"


#: Where a signal is passed on to.
Referral = Literal[
    "nla", "snf", "aandachtsfunctionaris_mensenhandel", "burgerzaken", "ruimtelijke_ordening"
]

#: Subject of findings and signals about the whole location.
LOCATION = "location"

#: A measured figure: a number, a yes/no answer, or unknown.
Measured = float | int | str | None


@dataclass(frozen=True)
class ResidentInput:
    """The answers of one resident questionnaire (betrokkene), keyed by field id."""

    resident_id: str
    answers: Mapping[str, Any]
    #: The day the resident signed an on-the-spot registration as resident (ingezetene) during
    #: this inspection; None when there is no valid signed registration.
    registered_on_site: date | None = None


@dataclass(frozen=True)
class Finding:
    """One norm applied to the location (or one bedroom), with the numbers that show it."""

    code: str
    outcome: Outcome
    subject: str
    norm_nl: str
    norm_en: str
    source: str
    measured: Mapping[str, Measured]
    message_nl: str
    message_en: str
    #: True when the norm is one of the SNF (Stichting Normering Flexwonen) norms.
    snf: bool = False
    #: True when the "norm" is advice (Aanjaagteam): it can never be breached.
    advice: bool = False

    @property
    def category(self) -> Category:
        """Legal norm, SNF certification standard or advice."""
        if self.advice:
            return "advice"
        return "snf" if self.snf else "legal"

    def message(self, lang: str) -> str:
        """The rendered message in *lang* (nl or en; other languages get English)."""
        return self.message_nl if lang == "nl" else self.message_en

    def norm(self, lang: str) -> str:
        """The norm description in *lang*."""
        return self.norm_nl if lang == "nl" else self.norm_en


@dataclass(frozen=True)
class RegistrationDuty:
    """Which BRP registration one resident needs, derived from their answers."""

    resident_id: str
    kind: DutyKind
    reason_nl: str
    reason_en: str
    #: For ingezetene: the last day to register (or to report the move); None when not known.
    deadline: date | None = None
    #: For ingezetene with a known deadline: whether the deadline has passed at *today*.
    overdue: bool | None = None
    #: The resident's answer to current_registration, if any.
    current_registration: str | None = None

    def reason(self, lang: str) -> str:
        """The reason text in *lang*."""
        return self.reason_nl if lang == "nl" else self.reason_en


@dataclass(frozen=True)
class ExploitationSignal:
    """Something to pass on to a partner organisation, with the facts behind it."""

    code: str
    subject: str
    description_nl: str
    description_en: str
    facts: Mapping[str, Any]
    referrals: tuple[Referral, ...]

    def description(self, lang: str) -> str:
        """The description in *lang*."""
        return self.description_nl if lang == "nl" else self.description_en


@dataclass(frozen=True)
class RulesResult:
    """Everything the rules derive from one inspection."""

    findings: list[Finding] = field(default_factory=list)
    duties: dict[str, RegistrationDuty] = field(default_factory=dict)
    signals: list[ExploitationSignal] = field(default_factory=list)

    @property
    def breaches(self) -> list[Finding]:
        """The findings whose norm is breached."""
        return [f for f in self.findings if f.outcome == "breach"]

    def finding(self, code: str, subject: str = LOCATION) -> Finding | None:
        """The finding with *code* about *subject*, if any."""
        for f in self.findings:
            if f.code == code and f.subject == subject:
                return f
        return None

    def signals_for(self, subject: str) -> list[ExploitationSignal]:
        """The signals about *subject* (LOCATION or a resident id)."""
        return [s for s in self.signals if s.subject == subject]
