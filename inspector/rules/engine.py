"""The one entry point: all findings, duties and signals of one inspection."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from inspector.rules import _values as v
from inspector.rules.model import ResidentInput, RulesResult
from inspector.rules.norms import location_findings
from inspector.rules.registration import registration_duty
from inspector.rules.signals import location_signals, resident_signals
from inspector.settings import Norms


def compute(
    location: Mapping[str, Any] | None,
    residents: Sequence[ResidentInput],
    norms: Norms,
    *,
    today: date,
    registered_at_address: int | None = None,
    inspection_date: date | None = None,
) -> RulesResult:
    """Apply *norms* to one inspection.

    *location* holds the verblijfslocatie answers, optionally merged with the controlelocatie
    answers (their field ids do not overlap); None when not filled in yet, which makes every
    location finding "unknown". *registered_at_address* is the BRP count at the address; when
    None the persons_registered answer is used. *inspection_date* (default *today*) picks the
    source named for the floor-area rule.
    """
    loc: Mapping[str, Any] = location or {}
    findings = location_findings(loc, norms, inspection_date or today)
    duties = {}
    signals = []
    for resident in residents:
        duty = registration_duty(
            resident.resident_id,
            resident.answers,
            norms,
            today=today,
            registered_on_site=resident.registered_on_site,
        )
        duties[resident.resident_id] = duty
        signals.extend(resident_signals(resident, duty, norms))
    registered = (
        registered_at_address
        if registered_at_address is not None
        else v.count(loc, "persons_registered")
    )
    signals[:0] = location_signals(loc, residents, findings, registered)
    return RulesResult(findings=findings, duties=duties, signals=signals)
