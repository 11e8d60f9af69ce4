"""Turns a template and a context into a finished letter, the same for PDF and DOCX."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import format_decimal

from inspector.letters.model import Amount, FindingLine, LetterContext, LetterError, PhotoItem
from inspector.letters.templates import (
    BlockDef,
    LetterTemplate,
    fill,
    load_labels,
    load_template,
)

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


def _snf_findings(context: LetterContext) -> list[FindingLine]:
    return [
        f for f in context.findings if f.breached and f.source.strip().upper().startswith("SNF")
    ]


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
    values = {
        "municipality_name": m.name,
        "municipality_address": m.address,
        "municipality_visiting_address": m.visiting_address,
        "municipality_phone": m.phone,
        "municipality_email": m.email,
        "municipality_website": m.website,
        "meldpunt": m.meldpunt or ", ".join(x for x in (m.phone, m.email) if x),
        "letter_date": format_day(context.letter_date or date.today(), lang),
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
        "addressee": res.name if res and res.name else labels["occupants"],
        "resident_name": res.name if res else "",
        "resident_birth_date": format_day(res.birth_date if res else None, lang),
        "bsn": res.bsn if res else "",
        "registration_date": format_day(reg.registered_on if reg else None, lang),
        "registration_address": reg.address if reg else "",
        "registration_postcode": reg.postcode if reg else "",
        "registration_city": reg.city if reg else "",
        "room": (reg.room if reg else "") or (res.room if res else ""),
        "moved_in_date": format_day(reg.moved_in if reg else None, lang),
        "persons_present": _count(context.counts.persons_present, lang),
        "registered_before": _count(context.counts.registered_before, lang),
        "registered_on_site": _count(context.counts.registered_on_site, lang),
        "residents_interviewed": _count(context.counts.residents_interviewed, lang),
        "findings_count": _count(len(context.findings), lang),
        "breaches_count": _count(sum(1 for f in context.findings if f.breached), lang),
        "snf_findings_count": _count(len(snf), lang),
        "signals_count": _count(len(context.signals), lang),
        "photos_count": _count(len(context.photos), lang),
        "bedrooms_count": _count(len(context.bedrooms), lang),
        "reg_months": _count(context.norms.registration_months, lang),
        "reg_window_months": _count(context.norms.registration_window_months, lang),
        "reg_days": _count(context.norms.registration_days_after_arrival, lang),
    }
    return values


_WIDTHS: dict[str, tuple[float, ...]] = {
    "findings": (0.5, 3.0, 1.3, 1.5, 2.0, 1.4),
    "snf_findings": (0.5, 3.0, 1.3, 1.5, 2.0, 1.4),
    "bedrooms": (1.6, 0.9, 0.9, 1.0, 1.0, 0.8, 2.8),
    "signals": (4.0, 2.0, 1.6),
}


def _table_rows(name: str, context: LetterContext, lang: str) -> list[tuple[str, ...]]:
    labels = load_labels(lang)
    if name in ("findings", "snf_findings"):
        lines = list(context.findings)
        if name == "snf_findings":
            lines = _snf_findings(context)
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
    if kind == "confirmation":
        if context.resident is None or context.registration is None:
            raise LetterError("The confirmation letter needs both resident and registration data.")
    elif context.inspection is None:
        raise LetterError(f"The {kind} letter needs the inspection data.")


def _reference(context: LetterContext, kind: str) -> str:
    insp = context.inspection.reference if context.inspection else ""
    reg = context.registration.reference if context.registration else ""
    return (reg or insp) if kind == "confirmation" else (insp or reg)


def _part(template: LetterTemplate, context: LetterContext, heading: str = "") -> Part:
    values = placeholder_values(context, template.lang, template.kind)
    return Part(
        lang=template.lang,
        heading=heading,
        subject=fill(template.subject, values),
        salutation=fill(template.salutation, values),
        blocks=_blocks(template, context, values),
        closing=fill(template.closing, values),
        signature=tuple(s for s in (fill(x, values).strip() for x in template.signature) if s),
    )


def compose(kind: str, lang: str, context: LetterContext) -> Letter:
    """Build the letter *kind* in *lang* from *context*; raises :class:`LetterError`."""
    template = load_template(kind, lang)
    labels = load_labels(lang)
    _check_data(kind, context)
    values = placeholder_values(context, lang, kind)
    parts = [_part(template, context)]
    note = ""
    if kind == "confirmation" and lang != "nl":
        # The resident reads their own language first; the Dutch text follows as the official one.
        nl_labels = load_labels("nl")
        heading = f"{nl_labels['dutch_version_heading']} – {labels['dutch_version_heading']}"
        parts.append(_part(load_template(kind, "nl"), context, heading))
        note = labels["dutch_version_note"]
    m = context.municipality
    letterhead = tuple(
        x
        for x in (
            m.name,
            m.address,
            m.visiting_address,
            f"{labels['phone']} {m.phone}" if m.phone else "",
            f"{labels['email']} {m.email}" if m.email else "",
            m.website,
        )
        if x
    )
    footer = " · ".join(
        x
        for x in (
            m.name,
            m.address,
            f"{labels['phone']} {m.phone}" if m.phone else "",
            m.email,
            m.website,
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
