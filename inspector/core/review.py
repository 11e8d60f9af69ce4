"""Reviewing an inspection: norms and signals from its answers, and the finalize checklist."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select

from inspector import localtime
from inspector.core.ids import InspectionId, ResidentId
from inspector.core.workspace import InspectionDetail, InvalidInput, Workspace
from inspector.forms import FormDefinition, LocalizedText, evaluate, load_forms
from inspector.paths import form_files
from inspector.registration_form import fields as F
from inspector.rules import ResidentInput, RulesResult, compute
from inspector.rules.model import DutyKinds
from inspector.states import InspectionState, RegistrationState
from inspector.storage import seal
from inspector.storage.models import FindingRecord

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
class OpenPoint:
    """One entry of the finalize checklist: which part, which field, what is wrong."""

    form_id: str
    resident_id: ResidentId | None
    section_id: str
    path: str | None
    #: missing | invalid (a form's own check) | residents (none added) | persons (counted vs
    #: recorded) | end_time | finding (a norm not yet known) | duty (must still register, or
    #: not yet known) | registration (started, not signed)
    kind: str
    message: LocalizedText
    #: The question's label (and bedroom number), so the checklist says which field it is.
    label: str = ""
    label_en: str = ""

    def text(self, lang: str = "nl") -> str:
        label = self.label_en if lang == "en" and self.label_en else self.label
        return f"{label}: {self.message.get(lang)}" if label else self.message.get(lang)

    @property
    def part(self) -> str:
        """The part of the inspection where the officer resolves it (the window's parts)."""
        if self.form_id == RESIDENT_FORM:
            return "residents"
        if self.form_id == REGISTRATION_FORM:
            return "registrations"
        return self.form_id


def _problem(form: FormDefinition, resident_id: ResidentId | None, issue: Any) -> OpenPoint:
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
    return OpenPoint(
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
class FinalizeReview:
    """What finalizing an inspection is checked against: the open points, the rules' results
    and the residents' names (the clerk's desk has its own ``clerk.desk.Review``)."""

    problems: list[OpenPoint]
    rules: RulesResult
    resident_names: dict[str, str] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        return not self.problems

    def where(self, problem: OpenPoint, lang: str = "nl") -> str:
        """Which part (and resident) a point belongs to, in *lang* (nl or en)."""
        names = _PART_NAMES["en" if lang == "en" else "nl"]
        text = names.get(problem.part, problem.part)
        if problem.resident_id:
            text += " " + self.resident_names.get(problem.resident_id, "")
        return text

    def lines(self, lang: str = "nl") -> list[str]:
        """Every open point as one line: where, then what."""
        return [f"{self.where(p, lang)}: {p.text(lang)}" for p in self.problems]


_PART_NAMES = {
    "nl": {
        "controlelocatie": "Controlelocatie",
        "verblijfslocatie": "Vragenlijst verblijfslocatie",
        "residents": "Bewoners",
        "registrations": "Inschrijvingen BRP",
    },
    "en": {
        "controlelocatie": "Control location",
        "verblijfslocatie": "Location questionnaire",
        "residents": "Residents",
        "registrations": "BRP registrations",
    },
}


#: The parts of an inspection in the window's order.
PART_ORDER = ("controlelocatie", "verblijfslocatie", "residents", "registrations")


class Incomplete(InvalidInput):
    """Finalizing was refused: the checklist has open points (``review.problems``)."""

    def __init__(self, result: FinalizeReview) -> None:
        self.review = result
        super().__init__(
            f"the inspection cannot be finalized yet: {len(result.problems)} points are open"
        )


#: A reason to finalize an incomplete inspection has at least this many characters.
MIN_REASON_CHARS = 10


def location_answers(detail: InspectionDetail) -> dict[str, Any]:
    """The control-location and location answers merged (their field ids do not overlap)."""
    merged: dict[str, Any] = {}
    for form_id in LOCATION_FORMS:
        answers = detail.forms.get(form_id)
        if answers is not None:
            merged.update(answers.values)
    return merged


#: What a signed registration settles for the rules: the resident declared it when signing,
#: so it replaces the questionnaire's answer. Other shared fields only fill gaps.
DECLARED_FIELDS = ("arrival_date", "expected_stay", "moving_in_date")


def resident_inputs(ws: Workspace, detail: InspectionDetail) -> list[ResidentInput]:
    """Each resident's answers for the rules, with what they declared in a signed on-the-spot
    registration (arrival, stay, document) and, for a registration as resident, its day."""
    declared = ws.registrations.declared(detail.summary.id)
    resident_fields = {f.id for f in forms()[RESIDENT_FORM].top_fields()}
    out = []
    for r in detail.residents:
        stored = detail.resident_forms.get(r.id, {}).get(RESIDENT_FORM)
        answers = dict(stored.values) if stored else {}
        signed = declared.get(r.id)
        registered_on = None
        if signed is not None:
            for key, value in signed.values.items():
                if key not in resident_fields or value in (None, "", []):
                    continue
                if key in DECLARED_FIELDS or answers.get(key) in (None, "", []):
                    answers[key] = value
            if signed.kind == F.RegistrationKind.INGEZETENE:
                registered_on = signed.signed_on
        out.append(ResidentInput(r.id, answers, registered_on_site=registered_on))
    return out


def compute_rules(ws: Workspace, detail: InspectionDetail, today: date) -> RulesResult:
    location = location_answers(detail)
    return compute(location or None, resident_inputs(ws, detail), ws.settings.norms, today=today)


def review(
    ws: Workspace,
    inspection_id: InspectionId,
    *,
    today: date | None = None,
    definitions: dict[str, FormDefinition] | None = None,
) -> FinalizeReview:
    """Everything missing or invalid before the inspection can be finalized, plus the rules."""
    today = today or localtime.today()
    defs = definitions or forms()
    detail = ws.inspections.get(inspection_id, audit_view=False)
    problems: list[OpenPoint] = []
    for form_id in LOCATION_FORMS:
        answers = detail.forms.get(form_id)
        ev = evaluate(defs[form_id], answers.values if answers else {}, today=today)
        problems += [_problem(defs[form_id], None, i) for i in ev.issues()]
    if not detail.residents:
        problems.append(
            OpenPoint(
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
    rules = compute_rules(ws, detail, today)
    problems += open_points(ws, detail, rules, defs, problems)
    # In the order of the window's parts (the sort keeps each part's own order).
    problems.sort(key=lambda p: PART_ORDER.index(p.part) if p.part in PART_ORDER else 99)
    return FinalizeReview(problems, rules, {r.id: r.name for r in detail.residents})


def _text(nl: str, en: str) -> LocalizedText:
    return LocalizedText(nl=nl, en=en)


def open_points(
    ws: Workspace,
    detail: InspectionDetail,
    rules: RulesResult,
    defs: dict[str, FormDefinition],
    found: list[OpenPoint],
) -> list[OpenPoint]:
    """What the forms' own checks do not see: persons counted but not recorded, no end time,
    norms not yet known, residents who must still register, registrations left unsigned."""
    points: list[OpenPoint] = []
    location = location_answers(detail)
    control = defs["controlelocatie"]
    if location.get("control_end") in (None, ""):
        points.append(
            _problem_at(
                control, "control_end", "end_time",
                _text("Het einde van de controle is niet ingevuld.",
                      "The end of the control is not filled in."),
            )
        )  # fmt: skip
    counted = location.get("persons_present")
    recorded = len(detail.residents)
    if isinstance(counted, int) and counted > recorded:
        points.append(
            OpenPoint(
                RESIDENT_FORM, None, "", None, "persons",
                _text(f"{counted} bewoners geteld, {recorded} vastgelegd: voeg de anderen toe "
                      "(een voornaam is genoeg).",
                      f"{counted} residents counted, {recorded} recorded: add the others "
                      "(a first name is enough)."),
            )
        )  # fmt: skip
    location_form = defs["verblijfslocatie"]
    for f in rules.findings:
        if f.outcome != "unknown":
            continue
        points.append(
            _finding_point(location_form, control, f.message_nl, f.message_en, f.subject,
                           f.measured)
        )  # fmt: skip
    signed = {row.resident_id: row.status for row in ws.registrations.list_for(detail.summary.id)}
    already = {(p.resident_id, p.path) for p in found}
    for r in detail.residents:
        duty = rules.duties.get(r.id)
        status = signed.get(r.id)
        if status == "pending":
            points.append(
                OpenPoint(
                    REGISTRATION_FORM, r.id, "", None, "registration",
                    _text("De inschrijving in de BRP is begonnen maar niet ondertekend.",
                          "The BRP registration was started but not signed."),
                )
            )  # fmt: skip
        elif status == RegistrationState.REFERRED_RNI:
            continue  # an outcome: referred to an RNI counter (12.2), nothing left to do here
        elif (
            duty is not None
            and duty.kind == DutyKinds.INGEZETENE
            and status != RegistrationState.DECLINED
        ):
            points.append(
                OpenPoint(
                    RESIDENT_FORM, r.id, "", None, "duty",
                    _text(f"Moet zich inschrijven in de BRP: {duty.reason_nl}",
                          f"Must register in the BRP: {duty.reason_en}"),
                )
            )  # fmt: skip
        elif duty is not None and duty.kind == "unknown":
            path = next(
                (p for p in ("arrival_date", "expected_stay") if (r.id, p) not in already),
                None,
            )
            if path is None:
                continue  # the missing answers are listed already
            points.append(
                OpenPoint(
                    RESIDENT_FORM, r.id, "", path, "duty",
                    _text(f"Inschrijfplicht: {duty.reason_nl}",
                          f"Registration duty: {duty.reason_en}"),
                )
            )  # fmt: skip
    return points


def _problem_at(form: FormDefinition, path: str, kind: str, message: LocalizedText) -> OpenPoint:
    f = form.field(path)
    return OpenPoint(
        form.id, None, f.section_id, path, kind, message, f.label.get("nl"), f.label.get("en")
    )


def _finding_point(
    location: FormDefinition,
    control: FormDefinition,
    nl: str,
    en: str,
    subject: str,
    measured: Any,
) -> OpenPoint:
    """A 'not yet known' norm, pointing at the first answer it still needs."""
    message = _text(f"Bevinding: {nl}", f"Finding: {en}")
    index: int | None = None
    if subject.startswith("bedroom:"):
        try:
            index = int(subject.split(":", 1)[1]) - 1
        except ValueError:
            index = None
    for key, value in dict(measured).items():
        if value is not None:
            continue
        if index is not None and location.has_field(f"bedrooms.{key}"):
            sub = location.field(f"bedrooms.{key}")
            return OpenPoint(location.id, None, sub.section_id, f"bedrooms[{index}].{key}",
                           "finding", message)  # fmt: skip
        for form in (location, control):
            if form.has_field(key):
                return OpenPoint(form.id, None, form.field(key).section_id, key, "finding",
                               message)  # fmt: skip
    return OpenPoint(location.id, None, "", None, "finding", message)


def prefill_control_location(
    ws: Workspace, inspection_id: InspectionId, *, now: datetime | None = None
) -> list[str]:
    """Answer what the app already knows on the control-location record, where still empty:
    the start of the control (when the inspection was started, else now) and the signed-in
    officer among the participating officers. Returns the fields filled in."""
    detail = ws.inspections.get(inspection_id, audit_view=False)
    if detail.summary.state == InspectionState.FINALIZED:
        return []
    form = forms()["controlelocatie"]
    stored = detail.forms.get(form.id)
    values = stored.values if stored else {}
    filled = []
    if values.get("control_start") in (None, ""):
        start = detail.summary.started_at or now or datetime.now(UTC)
        if start.tzinfo is None:
            start = start.replace(tzinfo=UTC)
        start = start.replace(second=0, microsecond=0)
        ws.answers.save(inspection_id, form.id, form.version, "control_start", start)
        filled.append("control_start")
    if values.get("officers") in (None, ""):
        ws.answers.save(inspection_id, form.id, form.version, "officers", ws.officer.name)
        filled.append("officers")
    return filled


def store_findings(ws: Workspace, inspection_id: InspectionId, result: RulesResult) -> None:
    """Keep the computed findings, duties and signals with the inspection (for report and sync)."""
    with ws.unit() as s:
        gone = select(FindingRecord.id).where(FindingRecord.inspection_id == inspection_id)
        seal.note_deleted(s, "finding", list(s.scalars(gone)))
        s.execute(delete(FindingRecord).where(FindingRecord.inspection_id == inspection_id))
        for f in result.findings:
            s.add(
                FindingRecord(
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
                FindingRecord(
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
                FindingRecord(
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


def finalize(
    ws: Workspace,
    inspection_id: InspectionId,
    *,
    today: date | None = None,
    accept_incomplete: str | None = None,
) -> FinalizeReview:
    """Finalize when the checklist is empty: store the findings and lock the inspection.

    With open points it raises Incomplete, unless the officer states why it is finalized
    anyway (*accept_incomplete*, at least MIN_REASON_CHARS characters): then the reason is kept
    (encrypted) and the audit records how many points of which kinds were left open."""
    result = review(ws, inspection_id, today=today)
    reason = (accept_incomplete or "").strip()
    if result.problems and not reason:
        raise Incomplete(result)
    if result.problems and len(reason) < MIN_REASON_CHARS:
        raise InvalidInput(
            "finalize.reason_needed",
            "geef een reden om af te ronden met open punten (minstens {n} tekens)",
            "give a reason to finalize with open points (at least {n} characters)",
            n=MIN_REASON_CHARS,
        )
    store_findings(ws, inspection_id, result.rules)
    if result.problems:
        kinds: dict[str, int] = {}
        for p in result.problems:
            kinds[p.kind] = kinds.get(p.kind, 0) + 1
        ws.inspections.finalize(inspection_id, incomplete_reason=reason, open_points=kinds)
    else:
        ws.inspections.finalize(inspection_id)
    return result
