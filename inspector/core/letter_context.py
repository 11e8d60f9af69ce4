"""Maps one inspection in the store to a letter context, renders it and records the letter."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.numbers import format_decimal
from sqlalchemy import select

from inspector.core.workspace import InspectionDetail, Workspace, WorkspaceError
from inspector.forms import FormDefinition, FormError, load_form
from inspector.letters import (
    KINDS,
    BedroomRow,
    Counts,
    FindingLine,
    InspectionInfo,
    LetterContext,
    LetterError,
    PhotoItem,
    RegistrationInfo,
    ResidentInfo,
    SignalLine,
    available_languages,
    render,
    sample_context,
)
from inspector.oscompat import write_atomic
from inspector.paths import form_file
from inspector.rules import Finding, ResidentInput, RulesResult, Signal, compute
from inspector.settings import Municipality, Settings
from inspector.storage.models import Attachment, Enrolment, Resident

#: Output formats a letter can be produced in.
FORMATS: tuple[str, ...] = ("pdf", "docx")
#: Every language a letter may exist in, in the order the interface lists them.
LANGUAGES: tuple[str, ...] = ("nl", "en", "pl", "uk", "ro")
#: Audit action of every produced letter (printed, saved, written by the command line).
AUDIT_ACTION = "letter.produced"

#: Image types a letter can embed; other attachments (PDF scans, HEIC) are left out.
_IMAGE_MIMES = frozenset({"image/png", "image/jpeg", "image/jpg"})
#: Enrolment states that mean the resident signed the registration.
_SIGNED_STATES = ("signed", "processed")
#: Letters that print photos; others skip reading them (each photo is a large decrypt).
_KINDS_WITH_PHOTOS = frozenset({"report"})

try:
    _TZ: ZoneInfo | None = ZoneInfo("Europe/Amsterdam")
except ZoneInfoNotFoundError:  # pragma: no cover - tzdata missing on a bare system
    _TZ = None

_OUTCOME = {
    "nl": {"breach": "voldoet niet", "ok": "voldoet"},
    "en": {"breach": "does not comply", "ok": "complies"},
}
_REFERRAL = {
    "nl": {
        "nla": "NLA",
        "snf": "SNF",
        "aandachtsfunctionaris_mensenhandel": "Aandachtsfunctionaris mensenhandel",
        "burgerzaken": "Burgerzaken",
    },
    "en": {
        "nla": "NLA",
        "snf": "SNF",
        "aandachtsfunctionaris_mensenhandel": "Human trafficking coordinator",
        "burgerzaken": "Civil affairs (BRP)",
    },
}
_WORDS = {
    "nl": {
        "photo": "Foto",
        "persons": "pers.",
        "litres": "liter",
        "no_wardrobe": "geen afsluitbare kast",
        "small_beds": "bedden kleiner dan 80×200 cm",
    },
    "en": {
        "photo": "Photo",
        "persons": "pers.",
        "litres": "litres",
        "no_wardrobe": "no lockable wardrobe",
        "small_beds": "beds smaller than 80×200 cm",
    },
}


def _nl_en(lang: str) -> str:
    """Rule texts exist in Dutch and English; the other languages get English."""
    return "nl" if lang == "nl" else "en"


# -- reading answers ------------------------------------------------------------------------


def _text(values: Mapping[str, Any], key: str) -> str:
    value = values.get(key)
    return value.strip() if isinstance(value, str) else ""


def _number(values: Mapping[str, Any], key: str) -> float | None:
    value = values.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        try:
            return float(str(value)) if value is not None and str(value).strip() else None
        except ValueError:
            return None
    return float(value)


def _count(values: Mapping[str, Any], key: str) -> int | None:
    value = _number(values, key)
    return None if value is None or value != int(value) else int(value)


def _yes_no(values: Mapping[str, Any], key: str) -> bool | None:
    value = values.get(key)
    if value in ("yes", True):
        return True
    if value in ("no", False):
        return False
    return None


def _local_date(moment: datetime) -> date:
    if moment.tzinfo is not None and _TZ is not None:
        return moment.astimezone(_TZ).date()
    return moment.date()


def _day(values: Mapping[str, Any], key: str) -> date | None:
    value = values.get(key)
    if isinstance(value, datetime):
        return _local_date(value)
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value.strip():
        text = value.strip()
        try:
            return _local_date(datetime.fromisoformat(text))
        except ValueError:
            try:
                return date.fromisoformat(text[:10])
            except ValueError:
                return None
    return None


@lru_cache(maxsize=8)
def _form(form_id: str) -> FormDefinition | None:
    try:
        return load_form(form_file(form_id))
    except (FormError, OSError):
        return None


def _choice_label(form_id: str, field_id: str, choice_id: str, lang: str) -> str:
    """The label of a choice; organisations and housing types keep their Dutch names except
    in English, because they are proper names the resident will meet in the Netherlands."""
    form = _form(form_id)
    label_lang = "en" if lang == "en" else "nl"
    if form is not None and form.has_field(field_id):
        for choice in form.field(field_id).choices:
            if choice.id == choice_id:
                return choice.label.get(label_lang)
    return choice_id


def _unique(items: Sequence[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for item in items:
        key = item.strip().casefold()
        if item.strip() and key not in seen:
            seen.add(key)
            out.append(item.strip())
    return out


# -- municipality ---------------------------------------------------------------------------


def load_logo(root: Path, municipality: Municipality) -> bytes | None:
    """The configured logo (relative paths from the data directory), None when it is not a
    readable PNG or JPEG file: a letter without a logo beats no letter."""
    if not municipality.logo.strip():
        return None
    path = Path(municipality.logo).expanduser()
    if not path.is_absolute():
        path = root / path
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if data.startswith(b"\x89PNG\r\n\x1a\n") or data.startswith(b"\xff\xd8"):
        return data
    return None


def sample_letter_context(settings: Settings, root: Path, lang: str) -> LetterContext:
    """The sample context with this municipality's details, logo and norms."""
    context = sample_context(settings.municipality, lang)
    return replace(context, logo=load_logo(root, settings.municipality), norms=settings.norms)


# -- validation -----------------------------------------------------------------------------


def check_request(kind: str, lang: str, fmt: str = "pdf") -> None:
    """Raise :class:`LetterError` when *kind*, *lang* or *fmt* cannot be produced."""
    if kind not in KINDS:
        raise LetterError(f"unknown letter kind {kind!r}; use one of {', '.join(KINDS)}")
    if lang not in LANGUAGES:
        raise LetterError(f"unknown language {lang!r}; use one of {', '.join(LANGUAGES)}")
    langs = available_languages(kind)
    if lang not in langs:
        raise LetterError(f"the {kind} letter exists only in {', '.join(langs)}, not in {lang!r}")
    if fmt not in FORMATS:
        raise LetterError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def resident_inspection(ws: Workspace, resident_id: str) -> str:
    """The id of the inspection the resident was found at; LetterError when unknown."""
    with ws.unit() as s:
        row = s.get(Resident, resident_id) if resident_id else None
        if row is None:
            raise LetterError(f"no resident with id {resident_id!r}")
        return row.inspection_id


# -- findings, signals, bedrooms ------------------------------------------------------------

#: Per rule code: (measured key, norm key or None for a required count, unit word key).
_FIGURES: Mapping[str, tuple[str, str | None, str]] = {
    "floor_area_per_person": ("m2_per_person", "norm_m2_per_person", "m²"),
    "bedroom_area_per_person": ("m2_per_person", "norm_m2_per_person", "m²"),
    "persons_per_bedroom": ("persons", "norm_persons_per_bedroom", "persons"),
    "toilets_per_persons": ("toilets", "needed", ""),
    "showers_per_persons": ("showers", "needed", ""),
    "fridge_litres_per_person": ("litres_per_person", "norm_litres_per_person", "litres"),
    "burners": ("burners", "needed", ""),
    "sockets_per_resident": ("sockets", "needed", ""),
    "max_persons_per_dwelling": ("persons_present", "norm_max_persons", "persons"),
}


def _measured_text(value: float, norm: float, breached: bool, lang: str) -> float | str:
    """A measured figure that never reads as meeting a norm it breaches (11.96 is not 12)."""
    rounded = round(value, 1)
    if not breached or rounded < norm:
        return rounded
    for places in (2, 3):
        if round(value, places) < norm:
            return format_decimal(
                math.floor(value * 10**places) / 10**places,
                format="#,##0." + "#" * places,
                locale=lang,
            )
    return format_decimal(value, format="#,##0.###", locale=lang)


def finding_line(number: int, finding: Finding, lang: str) -> FindingLine:
    """One rules finding as a row of the findings table."""
    tl = _nl_en(lang)
    words = _WORDS[tl]
    breached = finding.outcome == "breach"
    measured: float | int | str | None = None
    norm: float | int | str | None = finding.norm(tl)
    unit = ""
    figures = _FIGURES.get(finding.code)
    if figures is not None:
        m_key, n_key, unit_key = figures
        m_value = finding.measured.get(m_key)
        n_value = finding.measured.get(n_key) if n_key else None
        if isinstance(m_value, int | float) and not isinstance(m_value, bool):
            if isinstance(n_value, int | float) and not isinstance(n_value, bool):
                norm = n_value
                measured = (
                    m_value
                    if isinstance(m_value, int)
                    else _measured_text(float(m_value), float(n_value), breached, lang)
                )
                unit = words.get(unit_key, unit_key)
    return FindingLine(
        number=str(number),
        title=finding.message(tl),
        measured=measured,
        norm=norm,
        unit=unit,
        source=finding.source,
        outcome=_OUTCOME[tl].get(finding.outcome, finding.outcome),
        breached=breached,
    )


def finding_lines(result: RulesResult, lang: str) -> list[FindingLine]:
    """Breaches and met norms in report order; norms that cannot be judged yet are left out,
    since the letters count what was tested."""
    judged = [f for f in result.findings if f.outcome in ("breach", "ok")]
    return [finding_line(i, f, lang) for i, f in enumerate(judged, start=1)]


def signal_line(signal: Signal, lang: str, who: str = "") -> SignalLine:
    """One rules signal with the organisations it goes to."""
    tl = _nl_en(lang)
    names = _REFERRAL[tl]
    text = signal.description(tl)
    return SignalLine(
        text=f"{who}: {text}" if who else text,
        passed_to=", ".join(_unique([names.get(r, r) for r in signal.referrals])),
    )


def bedroom_rows(verblijf: Mapping[str, Any], lang: str) -> list[BedroomRow]:
    """The bedrooms repeat of the location questionnaire as table rows."""
    tl = _nl_en(lang)
    words = _WORDS[tl]
    form = _form("verblijfslocatie")
    rooms = verblijf.get("bedrooms")
    if not isinstance(rooms, list):
        return []
    rows = []
    for index, room in enumerate((r for r in rooms if isinstance(r, Mapping)), start=1):
        if form is not None and form.has_field("bedrooms"):
            name = form.field("bedrooms").item_title(index, tl)
        else:
            name = f"{'Slaapkamer' if tl == 'nl' else 'Bedroom'} {index}"
        remarks = []
        if _yes_no(room, "bed_80x200") is False:
            remarks.append(words["small_beds"])
        if _yes_no(room, "lockable_wardrobe") is False:
            remarks.append(words["no_wardrobe"])
        remark = "; ".join(remarks)
        rows.append(
            BedroomRow(
                name=name,
                area_m2=_number(room, "area_m2"),
                beds=_count(room, "beds"),
                persons=_count(room, "persons"),
                window=_yes_no(room, "window"),
                remark=remark[:1].upper() + remark[1:],
            )
        )
    return rows


# -- the context ----------------------------------------------------------------------------


def _inspection_date(detail: InspectionDetail, control: Mapping[str, Any]) -> date:
    found = _day(control, "control_start")
    if found is not None:
        return found
    s = detail.summary
    for moment in (s.started_at, s.planned_at, s.created_at):
        if moment is not None:
            return _local_date(moment)
    return date.today()  # pragma: no cover - created_at is always set


def _partners(detail: InspectionDetail, control: Mapping[str, Any], lang: str) -> list[str]:
    names: list[str] = []
    chosen = control.get("partners")
    if isinstance(chosen, list):
        for choice_id in chosen:
            if not isinstance(choice_id, str):
                continue
            if choice_id == "other":
                names.append(_text(control, "partners_other"))
            else:
                names.append(_choice_label("controlelocatie", "partners", choice_id, lang))
    names.extend(detail.partners)
    return _unique(names)


def _officers(detail: InspectionDetail, control: Mapping[str, Any]) -> list[str]:
    if detail.officers_present:
        return _unique(detail.officers_present)
    return _unique(_text(control, "officers").splitlines())


def _inspection_info(
    detail: InspectionDetail, control: Mapping[str, Any], verblijf: Mapping[str, Any], lang: str
) -> InspectionInfo:
    s = detail.summary
    accommodation = _text(control, "accommodation_type")
    if accommodation == "other" and _text(control, "accommodation_type_other"):
        accommodation_text = _text(control, "accommodation_type_other")
    elif accommodation:
        accommodation_text = _choice_label(
            "controlelocatie", "accommodation_type", accommodation, lang
        )
    else:
        accommodation_text = ""
    owner = _text(control, "owner_name")
    landlord = _text(control, "landlord_name")
    if not landlord and _yes_no(control, "landlord_same_as_owner"):
        landlord = owner
    employer = " / ".join(_unique([_text(control, "agency_name"), _text(control, "employer_name")]))
    partners = _partners(detail, control, lang)
    return InspectionInfo(
        reference=s.reference,
        address=s.address,
        postcode=s.postcode,
        city=s.city,
        date=_inspection_date(detail, control),
        officers=tuple(_officers(detail, control)),
        partners=tuple(partners),
        accommodation_type=accommodation_text,
        bag_id=s.bag_ids.get("verblijfsobject", ""),
        floor_area_m2=_number(verblijf, "floor_area_m2"),
        owner=owner,
        landlord=landlord,
        employer=employer,
        joint_control=bool(partners),
    )


def _person_name(answers: Mapping[str, Any], display_name: str) -> str:
    full = " ".join(x for x in (_text(answers, "given_names"), _text(answers, "surname")) if x)
    return full or display_name


def _signed_enrolment(ws: Workspace, resident_id: str) -> Enrolment | None:
    with ws.unit() as s:
        row = s.scalars(
            select(Enrolment)
            .where(Enrolment.resident_id == resident_id, Enrolment.state.in_(_SIGNED_STATES))
            .order_by(Enrolment.version.desc())
            .limit(1)
        ).first()
        if row is not None:
            s.expunge(row)
        return row


def _registration(
    ws: Workspace, resident_id: str, insp: InspectionInfo, room: str
) -> RegistrationInfo:
    enrolment = _signed_enrolment(ws, resident_id)
    if enrolment is None:
        raise LetterError("no signed registration for this resident")
    raw: Mapping[str, Any] = enrolment.data or {}
    # Signing freezes the inschrijving answers under "form" (inspector.core.enrolments).
    nested = raw.get("form", raw.get("answers"))
    data: Mapping[str, Any] = nested if isinstance(nested, Mapping) else raw
    street = " ".join(x for x in (_text(data, "street"), _text(data, "house_number")) if x)
    address = street or _text(data, "address") or insp.address
    signed = enrolment.signed_at or enrolment.updated_at
    return RegistrationInfo(
        registered_on=_local_date(signed) if signed else insp.date,
        address=address,
        postcode=_text(data, "postcode") or insp.postcode,
        city=_text(data, "town") or _text(data, "city") or insp.city,
        room=_text(data, "unit") or _text(data, "room") or room,
        moved_in=_day(data, "moving_in_date") or _day(data, "move_in_date"),
        reference=f"{insp.reference}-BRP-{enrolment.id[:8].upper()}",
    )


def _photos(ws: Workspace, inspection_id: str, lang: str) -> list[PhotoItem]:
    # Read in one query rather than attachment_content() per photo: a preview is not an
    # export, and the produced letter is audited once as a whole.
    word = _WORDS[_nl_en(lang)]["photo"]
    with ws.unit() as s:
        rows = s.execute(
            select(Attachment.content, Attachment.caption, Attachment.mime)
            .where(Attachment.inspection_id == inspection_id, Attachment.kind == "photo")
            .order_by(Attachment.created_at)
        ).all()
    photos: list[PhotoItem] = []
    for content, caption, mime in rows:
        if mime.lower() not in _IMAGE_MIMES:
            continue
        number = len(photos) + 1
        label = f"{word} {number}" + (
            f" – {caption.strip()}" if caption and caption.strip() else ""
        )
        photos.append(PhotoItem(image=content, caption=label))
    return photos


def build_context(
    ws: Workspace,
    kind: str,
    lang: str,
    *,
    inspection_id: str | None = None,
    resident_id: str | None = None,
    today: date | None = None,
) -> LetterContext:
    """Everything the letter *kind* in *lang* prints about one inspection (and resident).

    Raises :class:`LetterError` for an unknown kind or language, a missing inspection or
    resident, or a confirmation letter without a signed registration.
    """
    check_request(kind, lang)
    today = today or date.today()
    if resident_id and not inspection_id:
        inspection_id = resident_inspection(ws, resident_id)
    if not inspection_id:
        raise LetterError(f"the {kind} letter needs an inspection")
    try:
        detail = ws.get_inspection(inspection_id, audit_view=False)
    except WorkspaceError as exc:
        raise LetterError(str(exc)) from exc
    control = detail.forms.get("controlelocatie")
    verblijf = detail.forms.get("verblijfslocatie")
    control_values: dict[str, Any] = dict(control.values) if control else {}
    verblijf_values: dict[str, Any] = dict(verblijf.values) if verblijf else {}

    names = {r.id: r.name for r in detail.residents}
    betrokkene: dict[str, dict[str, Any]] = {}
    for r in detail.residents:
        answers = detail.resident_forms.get(r.id, {}).get("betrokkene")
        betrokkene[r.id] = dict(answers.values) if answers else {}
    if resident_id and resident_id not in names:
        raise LetterError(f"no resident with id {resident_id!r} in inspection {inspection_id!r}")

    location = {**control_values, **verblijf_values} if (control or verblijf) else None
    result = compute(
        location,
        [ResidentInput(rid, answers) for rid, answers in betrokkene.items()],
        ws.settings.norms,
        today=today,
    )
    insp = _inspection_info(detail, control_values, verblijf_values, lang)

    resident: ResidentInfo | None = None
    registration: RegistrationInfo | None = None
    if resident_id:
        info = next(r for r in detail.residents if r.id == resident_id)
        own = betrokkene.get(resident_id, {})
        resident = ResidentInfo(
            name=_person_name(own, info.name),
            birth_date=_day(own, "birth_date"),
            language=lang,
            address=insp.address,
            room=info.room or "",
            postcode=insp.postcode,
            city=insp.city,
            bsn=_text(own, "bsn"),
        )
    if kind == "confirmation":
        if resident_id is None or resident is None:
            raise LetterError("the confirmation letter needs a resident")
        registration = _registration(ws, resident_id, insp, resident.room)

    signals = [
        signal_line(
            sig,
            lang,
            ""
            if sig.subject not in names
            else _person_name(betrokkene[sig.subject], names[sig.subject]),
        )
        for sig in result.signals
    ]
    signed_count = _signed_count(ws, inspection_id)
    interviewed = sum(1 for answers in betrokkene.values() if answers)
    persons = _count(verblijf_values, "persons_present")
    counts = Counts(
        persons_present=persons if persons is not None else len(detail.residents) or None,
        registered_before=_count(verblijf_values, "persons_registered"),
        registered_on_site=signed_count,
        residents_interviewed=interviewed,
    )
    return LetterContext(
        municipality=ws.settings.municipality,
        logo=load_logo(ws.paths.root, ws.settings.municipality),
        inspection=insp,
        resident=resident,
        findings=tuple(finding_lines(result, lang)),
        bedrooms=tuple(bedroom_rows(verblijf_values, lang)),
        photos=tuple(_photos(ws, inspection_id, lang)) if kind in _KINDS_WITH_PHOTOS else (),
        signals=tuple(signals),
        counts=counts,
        registration=registration,
        norms=ws.settings.norms,
        signer=ws.officer.name,
        letter_date=today,
    )


def _signed_count(ws: Workspace, inspection_id: str) -> int:
    with ws.unit() as s:
        rows = s.scalars(
            select(Enrolment.resident_id).where(
                Enrolment.inspection_id == inspection_id, Enrolment.state.in_(_SIGNED_STATES)
            )
        ).all()
    return len(set(rows))


# -- producing and recording ----------------------------------------------------------------


def record_letter(
    ws: Workspace,
    kind: str,
    lang: str,
    fmt: str,
    inspection_id: str | None,
    resident_id: str | None,
    *,
    via: str = "",
) -> None:
    """Audit one produced letter: which, for whom (ids only), when (the event time), language.

    *via* says how it left the app ("print", "save", "cli"); never a file name, which may
    hold a person's name.
    """
    details: dict[str, Any] = {"kind": kind, "lang": lang, "format": fmt}
    if resident_id:
        details["resident"] = resident_id
    if via:
        details["via"] = via
    with ws.unit() as s:
        ws.audit(s, AUDIT_ACTION, "inspection", inspection_id, **details)


def render_for(
    ws: Workspace,
    kind: str,
    lang: str,
    fmt: str,
    *,
    inspection_id: str | None = None,
    resident_id: str | None = None,
    today: date | None = None,
    via: str = "",
) -> bytes:
    """Build the context, render the letter and record it; LetterError on any problem."""
    check_request(kind, lang, fmt)
    if resident_id and not inspection_id:
        inspection_id = resident_inspection(ws, resident_id)
    context = build_context(
        ws, kind, lang, inspection_id=inspection_id, resident_id=resident_id, today=today
    )
    data = render(kind, lang, context, fmt)
    record_letter(ws, kind, lang, fmt, inspection_id, resident_id, via=via)
    return data


def write_letter(path: Path, data: bytes) -> None:
    """Write a produced letter to *path* so that no reader ever sees a partial file."""
    write_atomic(path, data)
