"""Reviewing an inspection: norms and signals from its answers, and the finalize checklist."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import delete

from inspector.core.workspace import InspectionDetail, InvalidInput, Workspace
from inspector.forms import FormDefinition, LocalizedText, evaluate, load_forms
from inspector.paths import form_files
from inspector.rules import ResidentInput, RulesResult, compute
from inspector.storage.models import Finding

#: The questionnaires of one inspection, in the order the officer meets them.
LOCATION_FORMS = ("controlelocatie", "verblijfslocatie")
RESIDENT_FORM = "betrokkene"
REGISTRATION_FORM = "inschrijving"


@lru_cache(maxsize=4)
def _cached_forms(files: tuple[str, ...]) -> dict[str, FormDefinition]:
    return load_forms([Path(f) for f in files])


def forms(directory: Path | None = None) -> dict[str, FormDefinition]:
    """Every questionnaire (the municipality's own replacing shipped ones), loaded and
    validated once per process."""
    files = sorted(directory.glob("*.yaml")) if directory is not None else form_files()
    return _cached_forms(tuple(str(f) for f in files))


@dataclass(frozen=True)
class Problem:
    """One entry of the finalize checklist: which part, which field, what is wrong."""

    form_id: str
    resident_id: str | None
    section_id: str
    path: str | None
    kind: str  # missing | invalid | residents
    message: LocalizedText
    #: The question's label (and bedroom number), so the checklist says which field it is.
    label: str = ""
    label_en: str = ""

    def text(self, lang: str = "nl") -> str:
        label = self.label_en if lang == "en" and self.label_en else self.label
        return f"{label}: {self.message.get(lang)}" if label else self.message.get(lang)


def _problem(form: FormDefinition, resident_id: str | None, issue: Any) -> Problem:
    labels = ("", "")
    if issue.path:
        from inspector.forms import parse_path

        field_id, index, sub = parse_path(issue.path)
        try:
            top = form.field(field_id)
            if sub is not None and index is not None:
                inner = top.sub_field(sub)
                labels = tuple(  # type: ignore[assignment]
                    f"{top.item_title(index + 1, lang)} › {inner.label.get(lang)}"
                    for lang in ("nl", "en")
                )
            else:
                labels = (top.label.get("nl"), top.label.get("en"))
        except (KeyError, ValueError):
            labels = (issue.path, issue.path)
    return Problem(
        form.id,
        resident_id,
        issue.section_id,
        issue.path,
        issue.kind,
        issue.message,
        labels[0],
        labels[1],
    )


@dataclass(frozen=True)
class Review:
    problems: list[Problem]
    rules: RulesResult
    resident_names: dict[str, str] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        return not self.problems


def location_answers(detail: InspectionDetail) -> dict[str, Any]:
    """The control-location and location answers merged (their field ids do not overlap)."""
    merged: dict[str, Any] = {}
    for form_id in LOCATION_FORMS:
        answers = detail.forms.get(form_id)
        if answers is not None:
            merged.update(answers.values)
    return merged


def compute_rules(ws: Workspace, detail: InspectionDetail, today: date) -> RulesResult:
    residents = []
    for r in detail.residents:
        answers = detail.resident_forms.get(r.id, {}).get(RESIDENT_FORM)
        residents.append(ResidentInput(r.id, answers.values if answers else {}))
    location = location_answers(detail)
    return compute(location or None, residents, ws.settings.norms, today=today)


def review(
    ws: Workspace,
    inspection_id: str,
    *,
    today: date | None = None,
    definitions: dict[str, FormDefinition] | None = None,
) -> Review:
    """Everything missing or invalid before the inspection can be finalized, plus the rules."""
    today = today or date.today()
    defs = definitions or forms()
    detail = ws.get_inspection(inspection_id, audit_view=False)
    problems: list[Problem] = []
    for form_id in LOCATION_FORMS:
        answers = detail.forms.get(form_id)
        ev = evaluate(defs[form_id], answers.values if answers else {}, today=today)
        problems += [_problem(defs[form_id], None, i) for i in ev.issues()]
    if not detail.residents:
        problems.append(
            Problem(
                RESIDENT_FORM,
                None,
                "",
                None,
                "residents",
                LocalizedText(
                    nl="Er is nog geen bewoner toegevoegd.", en="No resident has been added yet."
                ),
            )
        )
    for r in detail.residents:
        answers = detail.resident_forms.get(r.id, {}).get(RESIDENT_FORM)
        ev = evaluate(defs[RESIDENT_FORM], answers.values if answers else {}, today=today)
        problems += [_problem(defs[RESIDENT_FORM], r.id, i) for i in ev.issues()]
    return Review(
        problems, compute_rules(ws, detail, today), {r.id: r.name for r in detail.residents}
    )


def store_findings(ws: Workspace, inspection_id: str, result: RulesResult) -> None:
    """Keep the computed findings, duties and signals with the inspection (for report and sync)."""
    with ws.unit() as s:
        s.execute(delete(Finding).where(Finding.inspection_id == inspection_id))
        for f in result.findings:
            s.add(
                Finding(
                    inspection_id=inspection_id,
                    category="finding",
                    code=f.code,
                    outcome=f.outcome,
                    data={
                        "subject": f.subject,
                        "nl": f.message_nl,
                        "en": f.message_en,
                        "measured": dict(f.measured),
                        "snf": f.snf,
                    },
                )
            )
        for rid, duty in result.duties.items():
            s.add(
                Finding(
                    inspection_id=inspection_id,
                    resident_id=rid,
                    category="duty",
                    code=duty.kind,
                    outcome=duty.kind,
                    data={
                        "nl": duty.reason_nl,
                        "en": duty.reason_en,
                        "deadline": duty.deadline,
                        "overdue": duty.overdue,
                    },
                )
            )
        for sig in result.signals:
            s.add(
                Finding(
                    inspection_id=inspection_id,
                    resident_id=None if sig.subject == "location" else sig.subject,
                    category="signal",
                    code=sig.code,
                    outcome="signal",
                    data={
                        "nl": sig.description_nl,
                        "en": sig.description_en,
                        "referrals": list(sig.referrals),
                    },
                )
            )
        ws.audit(
            s,
            "findings.stored",
            "inspection",
            inspection_id,
            findings=len(result.findings),
            signals=len(result.signals),
        )


def finalize(ws: Workspace, inspection_id: str, *, today: date | None = None) -> Review:
    """Finalize when the checklist is empty: store the findings and lock the inspection."""
    result = review(ws, inspection_id, today=today)
    if result.problems:
        raise InvalidInput(
            f"the inspection cannot be finalized yet: {len(result.problems)} points are missing "
            "or invalid"
        )
    store_findings(ws, inspection_id, result.rules)
    ws.finalize(inspection_id)
    return result
