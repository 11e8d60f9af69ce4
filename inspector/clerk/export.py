"""What comes out of the clerk's desk: the BRP export (JSON, CSV) with the element numbers of
the Logisch Ontwerp BRP and the codes of tables 32 and 34, the confirmation letter, the signed
PDF stamped with the outcome, and the hand-over list. Sources: docs/brp-export.md."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from datetime import date
from typing import Any

from inspector import localtime
from inspector.clerk.brp_tables import country_code, nationality_code
from inspector.clerk.desk import STATE_LABELS, ClerkDesk, Review
from inspector.clerk.receive import HANDHAVING, MENSENHANDEL, ClerkError
from inspector.core.workspace import Workspace
from inspector.documents.countries import country_name
from inspector.localtime import local_day
from inspector.registration_form import fields as F
from inspector.states import ClerkState

NO_CODE = "geen code bekend"

#: (element, name): the Logisch Ontwerp BRP elements this export fills.
ELEMENTS = {
    "01.01.20": "Burgerservicenummer",
    "01.02.10": "Voornamen",
    "01.02.40": "Geslachtsnaam",
    "01.03.10": "Geboortedatum",
    "01.03.20": "Geboorteplaats",
    "01.03.30": "Geboorteland",
    "01.04.10": "Geslachtsaanduiding",
    "04.05.10": "Nationaliteit",
    "08.09.20": "Datum inschrijving",
    "08.10.10": "Functie adres",
    "08.10.30": "Datum aanvang adreshouding",
    "08.11.10": "Straatnaam",
    "08.11.20": "Huisnummer",
    "08.11.30": "Huisletter",
    "08.11.40": "Huisnummertoevoeging",
    "08.11.60": "Postcode",
    "08.11.70": "Woonplaatsnaam",
    "08.14.10": "Land vanwaar ingeschreven",
    "08.14.20": "Datum vestiging in Nederland",
}


def _lo_date(value: Any) -> str:
    """A date as the LO BRP writes it: JJJJMMDD."""
    if isinstance(value, date):
        return value.strftime("%Y%m%d")
    text = str(value or "")[:10]
    try:
        return date.fromisoformat(text).strftime("%Y%m%d")
    except ValueError:
        return ""


def _split_house_number(text: str) -> tuple[str, str, str]:
    """'12 A' → ('12', 'A', ''); '12-3' → ('12', '', '3'); a form the parser does not know
    stays whole in the number (the clerk sees it)."""
    m = re.fullmatch(r"\s*(\d{1,5})\s*([A-Za-z])?\s*(?:[-\s]\s*([0-9A-Za-z]{1,4}))?\s*", text)
    if not m:
        return text.strip(), "", ""
    return m.group(1), (m.group(2) or "").upper(), m.group(3) or ""


def _coded(
    element: str, value: str, lookup: Callable[[str], str | None], alpha2: str
) -> dict[str, Any]:
    code = lookup(alpha2) if alpha2 else None
    return {
        "element": element,
        "naam": ELEMENTS[element],
        "waarde": value,
        "code": code,
        "opmerking": "" if code else (NO_CODE if alpha2 else "niet opgegeven"),
    }


def _plain(element: str, value: str, note: str = "") -> dict[str, Any]:
    return {"element": element, "naam": ELEMENTS[element], "waarde": value, "code": None,
            "opmerking": note}  # fmt: skip


def brp_elements(review: Review) -> list[dict[str, Any]]:
    """The registration as BRP elements (categories 01, 04, 08) with codes where known."""
    form = review.form
    outcome = review.outcome or {}
    rows = [
        _plain(
            "01.01.20",
            str(outcome.get("bsn") or ""),
            "" if outcome.get("bsn") else "pas bekend na verwerking in de BRP",
        ),
        _plain("01.02.10", str(form.get("given_names") or "")),
        _plain("01.02.40", str(form.get("surname") or "")),
        _plain("01.03.10", _lo_date(form.get("birth_date"))),
        _plain("01.03.20", str(form.get("birth_place") or "")),
    ]
    birth_country = str(form.get("birth_country") or "")
    rows.append(
        _coded(
            "01.03.30",
            country_name(birth_country, "nl") if birth_country else "",
            country_code,
            birth_country,
        )  # fmt: skip
    )
    sex = {F.Sex.MALE: "M", F.Sex.FEMALE: "V"}.get(str(form.get(F.SEX) or ""), "O")
    rows.append(_plain("01.04.10", sex))
    for nat in form.get("nationalities") or []:
        rows.append(_coded("04.05.10", country_name(str(nat), "nl"), nationality_code, str(nat)))
    number, letter, addition = _split_house_number(str(form.get("house_number") or ""))
    rows += [
        _plain("08.09.20", _lo_date(outcome.get("registration_date")),
               "" if outcome.get("registration_date") else "pas bekend na verwerking"),
        _plain("08.10.10", "W", "woonadres"),
        _plain("08.10.30", _lo_date(form.get("moving_in_date"))),
        _plain("08.11.10", str(form.get("street") or "")),
        _plain("08.11.20", number),
        _plain("08.11.30", letter),
        _plain("08.11.40", addition or str(form.get("unit") or ""),
               "kamer/unit" if not addition and form.get("unit") else ""),
        _plain("08.11.60", str(form.get("postcode") or "").replace(" ", "")),
        _plain("08.11.70", str(form.get("town") or "")),
    ]  # fmt: skip
    from_country = str(form.get("address_abroad_country") or "")
    rows.append(
        _coded(
            "08.14.10",
            country_name(from_country, "nl") if from_country else "",
            country_code,
            from_country,
        )  # fmt: skip
    )
    rows.append(_plain("08.14.20", _lo_date(form.get("arrival_date"))))
    return rows


def export_record(review: Review) -> dict[str, Any]:
    return {
        "record_id": review.record_id,
        "versie": review.version,
        "status": STATE_LABELS.get(review.state, review.state),
        "eerste_inschrijving": (review.outcome or {}).get("registration_type") == "first"
        if review.state == ClerkState.PROCESSED
        else None,
        "elementen": brp_elements(review),
        "toelichting": {
            "document": {
                "soort": review.form.get("document_type"),
                "nummer": review.form.get("document_number"),
                "land": review.form.get("document_country"),
                "geldig_tot": str(review.form.get("document_expiry") or "")[:10],
                "v_nummer": review.form.get("v_number"),
            },
            "waarschuwingen": [w.text for w in review.warnings],
            "bron": "Logisch Ontwerp BRP; RvIG Landelijke tabellen 32 en 34 (docs/brp-export.md)",
        },
    }


def export(desk: ClerkDesk, record_ids: list[str], fmt: str) -> bytes:
    """JSON or CSV of one or more registrations (a batch); audited as an export."""
    if fmt not in ("json", "csv"):
        raise ClerkError(
            "clerk.export_format",
            "Kies JSON of CSV.",
            "Choose JSON or CSV.",
        )
    records = [export_record(desk.review(rid)) for rid in record_ids]
    with desk.ws.unit() as s:
        desk.ws.audit(s, "clerk.exported", "clerk_registration", None, count=len(records),
                      format=fmt, records=record_ids[:50])  # fmt: skip
    if fmt == "json":
        return json.dumps(
            {"formaat": "inspector-brp-export/1", "inschrijvingen": records},
            ensure_ascii=False,
            indent=1,
        ).encode()
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    w.writerow(["record_id", "element", "naam", "waarde", "code", "opmerking"])
    for rec in records:
        for el in rec["elementen"]:
            w.writerow([rec["record_id"], el["element"], el["naam"], el["waarde"],
                        el["code"] or "", el["opmerking"]])  # fmt: skip
    return ("\ufeff" + buf.getvalue()).encode()  # BOM: Excel reads UTF-8 correctly


# -- letters and documents -------------------------------------------------------------------


def _letter_context(ws: Workspace, review: Review, lang: str, **registration: Any) -> Any:
    """The letter context of a received registration: the resident and the registration as
    signed, in *lang*, plus the outcome's fields (*registration*)."""
    from inspector.core.letter_context import load_logo
    from inspector.letters.model import (
        InspectionInfo,
        LetterContext,
        RegistrationInfo,
        ResidentInfo,
    )

    form = review.form
    payload = review.payload
    address = payload.get("address") or {}
    reg = payload.get("enrolment") or {}

    def day(key: str) -> date | None:
        value = form.get(key)
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value)[:10]) if value else None
        except ValueError:
            return None

    street = " ".join(str(x) for x in (form.get("street"), form.get("house_number")) if x)
    name = " ".join(str(x) for x in (form.get("given_names"), form.get("surname")) if x)
    nationality = "; ".join(
        f"{country_name(str(c), 'nl')} / {country_name(str(c), lang)}"
        for c in form.get("nationalities") or []
    )
    insp = InspectionInfo(
        reference=str(reg.get("inspection_reference") or ""),
        address=street or str(address.get("address") or ""),
        postcode=str(form.get("postcode") or address.get("postcode") or ""),
        city=str(form.get("town") or address.get("city") or ""),
        date=(local_day(review.signed_at) if review.signed_at else localtime.today()),
    )
    reference = f"{insp.reference}-BRP-{str(reg.get('id') or review.record_id)[:8].upper()}"
    return LetterContext(
        municipality=ws.settings.municipality,
        logo=load_logo(ws.paths.root, ws.settings.municipality),
        inspection=insp,
        resident=ResidentInfo(
            name=name,
            birth_date=day("birth_date"),
            language=lang,
            address=insp.address,
            room=str(form.get("unit") or ""),
            postcode=insp.postcode,
            city=insp.city,
            surname=str(form.get("surname") or ""),
            sex=str(form.get(F.SEX) or "") if form.get(F.SEX) in (F.Sex.MALE, F.Sex.FEMALE) else "",
        ),
        registration=RegistrationInfo(
            address=insp.address,
            postcode=insp.postcode,
            city=insp.city,
            room=str(form.get("unit") or ""),
            moved_in=day("moving_in_date"),
            reference=reference,
            birth_place=str(form.get("birth_place") or ""),
            nationality=nationality,
            declared_at=review.signed_at,
            received_by=str(form.get("officer_name") or ""),
            received_mandate=str(form.get("officer_mandate") or ""),
            arrival=day("arrival_date"),
            **registration,
        ),
        norms=ws.settings.norms,
        signer=ws.officer.name,
        letter_date=localtime.today(),
        retention_days=ws.settings.retention_days,
    )


def confirmation_letter(
    ws: Workspace, desk: ClerkDesk, record_id: str, lang: str, fmt: str = "pdf"
) -> bytes:
    """The registration confirmation in Dutch and the resident's language, only from a
    processed registration with the BSN from the BRP (the letters module refuses otherwise)."""
    from inspector.letters import api

    review = desk.review(record_id)
    if review.state != ClerkState.PROCESSED or not (review.outcome or {}).get("bsn"):
        raise ClerkError(
            "clerk.confirmation_needs_bsn",
            "De bevestiging van inschrijving kan pas worden gemaakt als de inschrijving is "
            "verwerkt met het BSN uit de BRP.",
            "The confirmation of registration can be made only once the registration is processed "
            "with the BSN from the BRP.",
        )
    outcome = review.outcome or {}
    context = _letter_context(
        ws,
        review,
        lang,
        registered_on=date.fromisoformat(str(outcome["registration_date"])),
        processed=True,
        bsn=str(outcome["bsn"]),
    )
    data = api.render("confirmation", lang, context, fmt)
    with ws.unit() as s:
        ws.audit(s, "clerk.letter", "clerk_registration", record_id, kind="confirmation",
                 lang=lang, format=fmt)  # fmt: skip
    return data


def refusal_letter(
    ws: Workspace, desk: ClerkDesk, record_id: str, lang: str, fmt: str = "pdf"
) -> bytes:
    """The decision refusing the registration, with the objection clause (Awb 6:7), in the
    resident's language followed by the Dutch decision; only from a refused registration: the
    reason as the clerk wrote it, who decided and when."""
    from inspector.letters import api

    review = desk.review(record_id)
    outcome = review.outcome or {}
    if review.state != ClerkState.REFUSED or not str(outcome.get("message") or "").strip():
        raise ClerkError(
            "clerk.refusal_needs_refused",
            "Het besluit tot weigering kan alleen worden gemaakt van een geweigerde inschrijving.",
            "The refusal decision can be made only for a refused registration.",
        )
    decided_on = local_day(review.decided_at) if review.decided_at else None
    context = _letter_context(
        ws,
        review,
        lang,
        registered_on=decided_on or localtime.today(),
        refusal_reason=str(outcome["message"]).strip(),
        decided_by=review.decided_by,
        decided_on=decided_on,
    )
    data = api.render("refusal", lang, context, fmt)
    with ws.unit() as s:
        ws.audit(s, "clerk.letter", "clerk_registration", record_id, kind="refusal",
                 lang=lang, format=fmt)  # fmt: skip
    return data


def stamped_pdf(desk: ClerkDesk, record_id: str, today: date | None = None) -> bytes:
    """The signed registration form with the outcome stamped on every page, for the
    municipality's document system (audited as an export)."""
    from pypdf import PdfReader, PdfWriter
    from reportlab.lib.colors import Color
    from reportlab.pdfgen import canvas

    from inspector.pdf_fonts import BOLD, REGULAR, register_fonts

    review = desk.review(record_id)
    if review.state not in (ClerkState.PROCESSED, ClerkState.RETURNED, ClerkState.REFUSED):
        raise ClerkError(
            "clerk.stamp_needs_outcome",
            "Alleen een afgehandelde inschrijving krijgt een stempel.",
            "Only a registration that has been dealt with gets a stamp.",
        )
    pdf = next((f for f in review.files if f.kind == "document"), None)
    if pdf is None:
        raise ClerkError(
            "clerk.no_signed_form",
            "Bij deze inschrijving is geen ondertekend formulier ontvangen.",
            "No signed form was received with this registration.",
        )
    content, _mime = desk.file_content(pdf.id, purpose="export")
    outcome = review.outcome or {}
    lines = [f"BURGERZAKEN — {STATE_LABELS[review.state].upper()}"]
    if review.state == ClerkState.PROCESSED:
        kind = (
            "eerste inschrijving" if outcome.get("registration_type") == "first" else "hervestiging"
        )
        reg_day = date.fromisoformat(str(outcome["registration_date"]))
        lines.append(f"BSN {outcome.get('bsn')} · ingeschreven per {reg_day:%d-%m-%Y} ({kind})")
    else:
        lines.append(str(outcome.get("message") or "")[:90])
    lines.append(
        f"{desk.ws.officer.name} · {(today or localtime.today()):%d-%m-%Y} · record {record_id[:8]}"
    )
    register_fonts()
    writer = PdfWriter(clone_from=io.BytesIO(content))
    for page in writer.pages:
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        buf = io.BytesIO()
        c = canvas.Canvas(buf, pagesize=(w, h))
        c.setStrokeColor(Color(0.7, 0.05, 0.05))
        c.setFillColor(Color(0.7, 0.05, 0.05))
        c.setLineWidth(1.5)
        box_w, box_h = 330, 18 + 13 * len(lines)
        x, y = w - box_w - 24, h - box_h - 24
        c.rect(x, y, box_w, box_h)
        for i, line in enumerate(lines):
            c.setFont(REGULAR if i else BOLD, 10 if i else 11)
            c.drawString(x + 8, y + box_h - 16 - 13 * i, line)
        c.save()
        page.merge_page(PdfReader(io.BytesIO(buf.getvalue())).pages[0])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


RECIPIENT_LABELS = {
    HANDHAVING: "Vergunningen en handhaving",
    MENSENHANDEL: "Aandachtsfunctionaris mensenhandel",
}
SIGNAL_LABELS = {
    "use_not_allowed": "Bewoning niet toegestaan op dit adres",
}


def handover_csv(desk: ClerkDesk) -> bytes:
    """The hand-over list with dates, for the report's 'handed over' column."""
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    w.writerow(["controle", "signaal", "overdragen aan", "gesignaleerd", "overgedragen"])
    for h in desk.handovers():
        w.writerow([
            h["inspection"],
            SIGNAL_LABELS.get(h["code"], h["code"]),
            RECIPIENT_LABELS.get(h["recipient"], h["recipient"]),
            f"{h['signalled_at']:%d-%m-%Y}",
            f"{h['handed_over_at']:%d-%m-%Y}" if h["handed_over_at"] else "",
        ])  # fmt: skip
    with desk.ws.unit() as s:
        desk.ws.audit(s, "clerk.handover_exported", "clerk_handover", None)
    return ("\ufeff" + buf.getvalue()).encode()
