"""Turns a template and a context into a finished letter, the same for PDF and DOCX."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import format_decimal

from inspector import localtime
from inspector.letters.model import (
    LETTER_OFFICES,
    RESIDENT_KINDS,
    Amount,
    ContactDetailsMissing,
    FindingLine,
    InvitationInfo,
    LetterContext,
    LetterError,
    PhotoItem,
)
from inspector.letters.plurals import (
    DAYS_GENITIVE,
    WORKING_DAYS_GENITIVE,
    YEARS,
    months_word,
    unit_word,
)
from inspector.letters.templates import (
    BlockDef,
    LetterTemplate,
    fill,
    load_documents,
    load_labels,
    load_template,
)
from inspector.registration_form.fields import Sex
from inspector.settings import Contact, contact_problems

_DASH = "–"


@dataclass(frozen=True)
class Block:
    """A body block with every placeholder filled in."""

    kind: str
    texts: tuple[str, ...] = ()
    #: facts: (label, value) pairs; table: one tuple of cells per row.
    rows: tuple[tuple[str, ...], ...] = ()
    columns: tuple[str, ...] = ()
    #: Relative column widths of a table.
    widths: tuple[float, ...] = ()
    photos: tuple[PhotoItem, ...] = ()


@dataclass(frozen=True)
class Part:
    """The letter text in one language; a bilingual letter has two parts."""

    lang: str
    heading: str
    subject: str
    salutation: str
    blocks: tuple[Block, ...]
    closing: str
    signature: tuple[str, ...]


@dataclass(frozen=True)
class Letter:
    """A letter ready to draw: letterhead, address block, parts, footer."""

    kind: str
    lang: str
    title: str
    letterhead: tuple[str, ...]
    logo: bytes | None
    recipient: tuple[str, ...]
    meta: tuple[tuple[str, str], ...]
    note: str
    parts: tuple[Part, ...]
    footer: str
    page_label: str
    of_label: str
    sample_mark: str
    sample_line: str


def format_amount(value: Amount, lang: str, unit: str = "") -> str:
    """A number in the conventions of *lang* (8,9 / 8.9), text unchanged, None empty."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        text = format_decimal(value, locale=lang)
    elif isinstance(value, float):
        text = format_decimal(value, format="#,##0.#", locale=lang)
    else:
        text = value
    return f"{text} {unit}".strip() if unit else text


def format_day(value: date | None, lang: str) -> str:
    """A date written out in *lang*, e.g. "27 listopada 2026"."""
    return format_date(value, format="long", locale=lang) if value else ""


def _count(value: int | None, lang: str) -> str:
    return format_amount(value, lang)


def _bring(invitation: InvitationInfo | None, lang: str) -> str:
    """What else to bring: the chosen documents in *lang*, then what the officer typed."""
    if invitation is None:
        return ""
    names = load_documents(lang)
    chosen = [names[key] for key in invitation.documents if key in names]
    return "; ".join([*chosen, *invitation.bring])


def _snf_findings(context: LetterContext) -> list[FindingLine]:
    return [f for f in context.findings if f.breached and f.category == "snf"]


def _category(context: LetterContext, category: str) -> list[FindingLine]:
    return [f for f in context.findings if f.category == category]


def office_contact(context: LetterContext, kind: str) -> Contact:
    """The office that sends letter *kind* (handhaving when the kind is not known)."""
    offices = LETTER_OFFICES.get(kind, ("handhaving",))
    return context.municipality.contact(offices[0])


def check_contact_details(context: LetterContext, kind: str) -> None:
    """Refuse a real letter whose contact details are not set or are still sample values."""
    if context.sample:
        return
    missing = contact_problems(context.municipality, LETTER_OFFICES.get(kind, ("handhaving",)))
    if missing:
        raise ContactDetailsMissing(kind, missing)


def _time(value: datetime | None) -> str:
    return value.strftime("%H:%M") if value else ""


def placeholder_values(context: LetterContext, lang: str, kind: str = "") -> dict[str, str]:
    """Every placeholder of :data:`PLACEHOLDERS` as text in *lang* (empty where unknown)."""
    labels = load_labels(lang)
    m = context.municipality
    insp = context.inspection
    res = context.resident
    reg = context.registration
    officers = list(insp.officers) if insp else []
    signer = context.signer or (officers[0] if officers else "")
    snf = _snf_findings(context)
    office = office_contact(context, kind)
    inv = context.invitation
    retention_years = max(1, round(context.retention_days / 365))
    values = {
        "municipality_name": m.official_name or m.name,
        "municipality": m.bare_name,
        "municipality_address": office.address,
        "municipality_visiting_address": m.visiting_address,
        "municipality_phone": office.phone,
        "municipality_email": office.email,
        "municipality_website": office.website or m.website,
        "office_department": office.department,
        "office_address": office.address,
        "office_phone": office.phone,
        "office_email": office.email,
        "office_website": office.website or m.website,
        "meldpunt": m.meldpunt.line() if m.meldpunt.line() != m.meldpunt.department else "",
        "rni_counter": ", ".join(
            x
            for x in (
                m.rni_counter.department,
                m.rni_counter.address,
                m.rni_counter.phone,
                m.rni_counter.website,
            )
            if x
        ),
        "letter_date": format_day(context.letter_date or localtime.today(), lang),
        "reference": _reference(context, kind),
        "address": insp.address if insp else "",
        "postcode": insp.postcode if insp else "",
        "city": insp.city if insp else "",
        "inspection_date": format_day(insp.date if insp else None, lang),
        "officer_names": format_list(officers, locale=lang) if officers else "",
        "officer": signer,
        "partners": format_list(list(insp.partners), locale=lang) if insp and insp.partners else "",
        "accommodation_type": insp.accommodation_type if insp else "",
        "bag_id": insp.bag_id if insp else "",
        "floor_area": format_amount(insp.floor_area_m2 if insp else None, lang, "m²"),
        "owner": insp.owner if insp else "",
        "landlord": insp.landlord if insp else "",
        "employer": insp.employer if insp else "",
        "joint_control": (labels["yes"] if insp.joint_control else labels["no"]) if insp else "",
        "reports_elsewhere": "; ".join(insp.reports_elsewhere) if insp else "",
        "use_not_allowed": (
            "1"
            if (insp is not None and insp.use_allowed is False)
            or (reg is not None and reg.use_not_allowed)
            else ""
        ),
        "consent_text": _consent_text(context, lang),
        "left_time": _time(insp.left_time) if insp else "",
        "interpreter": (insp.interpreter or labels["no"]) if insp else "",
        "addressee": res.name if res and res.name else labels["occupants"],
        "resident_name": res.name if res else "",
        "resident_surname": res.surname if res else "",
        "resident_birth_date": format_day(res.birth_date if res else None, lang),
        # The BSN a letter prints is the BRP's (a processed registration), never what the
        # resident said they have.
        "bsn": reg.bsn if reg is not None and reg.processed else "",
        "registration_date": format_day(reg.registered_on if reg else None, lang),
        "registration_address": reg.address if reg else "",
        "registration_postcode": reg.postcode if reg else "",
        "registration_city": reg.city if reg else "",
        "registration_sex": reg.sex if reg else "",
        "registration_birth_place": reg.birth_place if reg else "",
        "registration_birth_country": reg.birth_country if reg else "",
        "registration_nationality": reg.nationality if reg else "",
        "registration_arrival": format_day(reg.arrival if reg else None, lang),
        "registration_document": reg.document if reg else "",
        "declared_date": format_day(
            reg.declared_at.date() if reg and reg.declared_at else None, lang
        ),
        "declared_time": _time(reg.declared_at if reg else None),
        "refusal_reason": reg.refusal_reason if reg else "",
        "decided_by": reg.decided_by if reg else "",
        "decision_date": format_day(reg.decided_on if reg else None, lang),
        "received_by": reg.received_by if reg else "",
        "received_mandate": reg.received_mandate if reg else "",
        "processing_days": _count(context.norms.registration_processing_days, lang),
        "processing_days_unit": unit_word(
            WORKING_DAYS_GENITIVE, context.norms.registration_processing_days, lang
        ),
        "invitation_date": format_day(inv.when.date() if inv else None, lang),
        "invitation_time": _time(inv.when if inv else None),
        "invitation_place": inv.place if inv else "",
        "invitation_bring": _bring(inv, lang),
        "retention_years": _count(retention_years, lang),
        "retention_years_unit": unit_word(YEARS, retention_years, lang),
        "room": (reg.room if reg else "") or (res.room if res else ""),
        "moved_in_date": format_day(reg.moved_in if reg else None, lang),
        "persons_present": _count(context.counts.persons_present, lang),
        "registered_before": _count(context.counts.registered_before, lang),
        "registered_on_site": _count(context.counts.registered_on_site, lang),
        "residents_interviewed": _count(context.counts.residents_interviewed, lang),
        "findings_count": _count(len(context.findings), lang),
        "breaches_count": _count(sum(1 for f in context.findings if f.breached), lang),
        "legal_findings_count": _count(len(_category(context, "legal")), lang),
        "snf_findings_count": _count(len(snf), lang),
        "advice_count": _count(len(_category(context, "advice")), lang),
        "signals_count": _count(len(context.signals), lang),
        "photos_count": _count(len(context.photos), lang),
        "bedrooms_count": _count(len(context.bedrooms), lang),
        "reg_months": _count(context.norms.registration_months, lang),
        "reg_months_unit": months_word(context.norms.registration_months, lang),
        "reg_window_months": _count(context.norms.registration_window_months, lang),
        # The window always follows a genitive preposition (w ciągu, w okresie, протягом).
        "reg_window_unit": months_word(
            context.norms.registration_window_months, lang, genitive=True
        ),
        "reg_days": _count(context.norms.registration_days_after_arrival, lang),
        # The days always follow a genitive preposition in pl/uk (w ciągu, протягом).
        "reg_days_unit": unit_word(
            DAYS_GENITIVE, context.norms.registration_days_after_arrival, lang
        ),
    }
    return values


def _consent_text(context: LetterContext, lang: str) -> str:
    """Who let the officers in and when (Dutch: the report is the case file's)."""
    insp = context.inspection
    if insp is None or insp.consent is None:
        return ""
    if insp.consent is False:
        return "Nee: geen toestemming, de woning is niet betreden"
    parts = ["Ja"]
    if insp.consent_by:
        parts.append(f"gegeven door {insp.consent_by}")
    if insp.consent_time is not None:
        parts.append(
            f"op {format_day(insp.consent_time.date(), lang)} om {_time(insp.consent_time)}"
        )
    return ", ".join(parts)


_WIDTHS: dict[str, tuple[float, ...]] = {
    "findings": (0.5, 3.0, 1.3, 1.5, 2.0, 1.4),
    "legal_findings": (0.5, 3.0, 1.3, 1.5, 2.0, 1.4),
    "advice_findings": (0.5, 3.0, 1.3, 1.5, 2.0, 1.4),
    "snf_findings": (0.5, 3.0, 1.3, 1.5, 2.0, 1.4),
    "snf_checked": (0.5, 3.0, 1.3, 1.5, 2.0, 1.4),
    "bedrooms": (1.6, 0.9, 0.9, 1.0, 1.0, 0.8, 2.8),
    "signals": (4.0, 2.0, 1.6),
}


def _table_rows(name: str, context: LetterContext, lang: str) -> list[tuple[str, ...]]:
    labels = load_labels(lang)
    if name in ("findings", "legal_findings", "snf_findings", "snf_checked", "advice_findings"):
        lines = list(context.findings)
        if name == "snf_findings":
            lines = _snf_findings(context)
        elif name == "snf_checked":
            lines = _category(context, "snf")
        elif name == "legal_findings":
            lines = _category(context, "legal")
        elif name == "advice_findings":
            lines = _category(context, "advice")
        return [
            (
                f.number,
                f.title,
                format_amount(f.measured, lang, f.unit),
                format_amount(f.norm, lang, f.unit),
                f.source,
                f.outcome,
            )
            for f in lines
        ]
    if name == "bedrooms":
        rows: list[tuple[str, ...]] = []
        for b in context.bedrooms:
            per_person = (
                format_amount(b.area_m2 / b.persons, lang)
                if b.area_m2 is not None and b.persons
                else ""
            )
            window = "" if b.window is None else labels["yes"] if b.window else labels["no"]
            rows.append(
                (
                    b.name,
                    format_amount(b.area_m2, lang),
                    format_amount(b.beds, lang),
                    format_amount(b.persons, lang),
                    per_person,
                    window,
                    b.remark,
                )
            )
        return rows
    return [(s.text, s.passed_to, format_day(s.date, lang)) for s in context.signals]


def _blocks(
    template: LetterTemplate, context: LetterContext, values: dict[str, str]
) -> tuple[Block, ...]:
    labels = load_labels(template.lang)
    out: list[Block] = []
    for d in template.body:
        if d.when and not values[d.when].strip():
            continue
        if d.unless and values[d.unless].strip():
            continue
        out.extend(_block(d, template.lang, context, values, labels))
    return tuple(out)


def _block(
    d: BlockDef,
    lang: str,
    context: LetterContext,
    values: dict[str, str],
    labels: dict[str, str],
) -> list[Block]:
    if d.kind in ("heading", "p", "bullets"):
        return [Block(d.kind, texts=tuple(fill(t, values) for t in d.texts))]
    if d.kind == "facts":
        facts: list[tuple[str, ...]] = []
        for label, value in d.rows:
            text = fill(value, values).strip()
            facts.append((fill(label, values), text or _DASH))
        return [Block("facts", rows=tuple(facts))]
    if d.kind == "table":
        rows = _table_rows(d.table, context, lang)
        if not rows:
            return [Block("p", texts=(labels["none"],))]
        cells = tuple(tuple(c or _DASH for c in r) for r in rows)
        columns = tuple(fill(c, values) for c in d.columns)
        return [Block("table", rows=cells, columns=columns, widths=_WIDTHS[d.table])]
    if d.kind == "photos":
        if not context.photos:
            return [Block("p", texts=(labels["none"],))]
        return [Block("photos", photos=tuple(context.photos))]
    return [Block("pagebreak")]


def _check_data(kind: str, context: LetterContext) -> None:
    if kind in ("confirmation", "receipt", "refusal"):
        if context.resident is None or context.registration is None:
            raise LetterError(
                "letter.needs_registration",
                "Voor deze brief zijn gegevens van bewoner en inschrijving nodig.",
                "The {kind} letter needs both resident and registration data.",
                kind=kind,
            )
        if kind == "confirmation" and not context.registration.processed:
            raise LetterError(
                "letter.confirmation_unprocessed",
                "De bevestiging wordt alleen gemaakt van een inschrijving die burgerzaken heeft "
                "verwerkt (BSN en datum uit de BRP); tot dan krijgt de bewoner het bewijs van "
                "aangifte.",
                "The confirmation letter is made only from a registration that burgerzaken has "
                "processed (BSN and date from the BRP); until then the resident gets the "
                "receipt of the declaration (bewijs van aangifte).",
            )
        reg = context.registration
        if kind == "refusal" and not (
            reg.refusal_reason.strip() and reg.decided_by.strip() and reg.decided_on
        ):
            raise LetterError(
                "letter.refusal_undecided",
                "Het besluit tot weigering wordt alleen gemaakt van een inschrijving die "
                "burgerzaken heeft geweigerd, met de reden, wie besliste en de datum.",
                "The refusal decision is made only from a registration that burgerzaken has "
                "refused, with the reason, who decided and the date.",
            )
    elif kind in RESIDENT_KINDS and context.resident is None:
        raise LetterError(
            "letter.needs_resident",
            "Voor deze brief is een bewoner nodig.",
            "The {kind} letter needs a resident.",
            kind=kind,
        )
    elif kind == "invitation" and context.invitation is None:
        raise LetterError(
            "letter.invitation_details",
            "Voor de uitnodiging zijn datum, tijd en plaats nodig.",
            "The invitation letter needs the date, time and place.",
        )
    elif kind not in RESIDENT_KINDS and context.inspection is None:
        raise LetterError(
            "letter.needs_inspection",
            "Voor deze brief zijn de gegevens van de inspectie nodig.",
            "The {kind} letter needs the inspection data.",
            kind=kind,
        )


def _reference(context: LetterContext, kind: str) -> str:
    insp = context.inspection.reference if context.inspection else ""
    reg = context.registration.reference if context.registration else ""
    return (reg or insp) if kind in ("confirmation", "receipt", "refusal") else (insp or reg)


def _part(template: LetterTemplate, context: LetterContext, heading: str = "") -> Part:
    values = placeholder_values(context, template.lang, template.kind)
    return Part(
        lang=template.lang,
        heading=heading,
        subject=fill(template.subject, values),
        salutation=fill(template.salutation_for(_addressee_sex(context, template.kind)), values),
        blocks=_blocks(template, context, values),
        closing=fill(template.closing, values),
        signature=tuple(s for s in (fill(x, values).strip() for x in template.signature) if s),
    )


def _addressee_sex(context: LetterContext, kind: str) -> str | None:
    """None for a letter to "the occupants"; else the named addressee's sex ("" unknown)."""
    res = context.resident
    if res is None or not res.name or kind not in (*RESIDENT_KINDS, "control"):
        return None
    return res.sex if res.sex in (Sex.MALE, Sex.FEMALE) else ""


def compose(kind: str, lang: str, context: LetterContext) -> Letter:
    """Build the letter *kind* in *lang* from *context*; raises :class:`LetterError` (and
    :class:`ContactDetailsMissing` when the municipality's details are not set)."""
    template = load_template(kind, lang)
    labels = load_labels(lang)
    _check_data(kind, context)
    check_contact_details(context, kind)
    values = placeholder_values(context, lang, kind)
    parts = [_part(template, context)]
    note = ""
    if kind in ("confirmation", "receipt", "refusal", "invitation") and lang != "nl":
        # The resident reads their own language first; the Dutch text follows as the official one.
        nl_labels = load_labels("nl")
        heading = f"{nl_labels['dutch_version_heading']} – {labels['dutch_version_heading']}"
        parts.append(_part(load_template(kind, "nl"), context, heading))
        note = labels["dutch_version_note"]
    m = context.municipality
    office = office_contact(context, kind)
    letterhead = tuple(
        x
        for x in (
            m.official_name or m.name,
            office.department,
            office.address,
            m.visiting_address,
            f"{labels['phone']} {office.phone}" if office.phone else "",
            f"{labels['email']} {office.email}" if office.email else "",
            office.website or m.website,
        )
        if x
    )
    footer = " · ".join(
        x
        for x in (
            m.official_name or m.name,
            office.department,
            office.address,
            f"{labels['phone']} {office.phone}" if office.phone else "",
            office.email,
            office.website or m.website,
        )
        if x
    )
    meta = [(labels["date"], values["letter_date"])]
    if values["reference"]:
        meta.append((labels["reference"], values["reference"]))
    recipient = tuple(
        line for line in (fill(r, values).strip() for r in template.recipient) if line
    )
    return Letter(
        kind=kind,
        lang=lang,
        title=fill(template.title, values),
        letterhead=letterhead,
        logo=context.logo,
        recipient=recipient,
        meta=tuple(meta),
        note=note,
        parts=tuple(parts),
        footer=footer,
        page_label=labels["page"],
        of_label=labels["of"],
        sample_mark=labels["sample_mark"] if context.sample else "",
        sample_line=labels["sample_line"] if context.sample else "",
    )
