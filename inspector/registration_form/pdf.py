"""The signed registration form (aangifte eerste inschrijving BRP op locatie) as a PDF."""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from typing import Any, Literal
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import (
    Flowable,
    Image,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from inspector import LANGUAGES, localtime
from inspector.documents.countries import country_name, is_known_code
from inspector.pdf_fonts import BOLD, ITALIC, REGULAR, register_fonts
from inspector.registration_form import fields as F
from inspector.registration_form.texts import registration_text

RegistrationKind = Literal["ingezetene", "rni"]

#: Registration fields in the order of the form; labels come from texts key ``field_<id>``.
FIELD_IDS: tuple[str, ...] = (
    "surname",
    "given_names",
    "birth_date",
    "birth_place",
    "birth_country",
    "sex",
    "nationality",
    "civil_status",
    "partner_name",
    "partner_birth_date",
    "marriage",
    "previous_country",
    "previous_address",
    "arrival_date",
    "address",
    "room",
    "move_in_date",
    "earlier_registration",
    "bsn",
    "phone",
    "email",
)

_DOC_TYPES = {
    "passport": "doc_type_passport",
    "id_card": "doc_type_id_card",
    "driving_licence": "doc_type_driving_licence",
    "residence_document": "doc_type_residence_document",
}

_REGULAR, _BOLD, _ITALIC = REGULAR, BOLD, ITALIC
_GREY = colors.HexColor("#555555")
_LINE = colors.HexColor("#B0B0B0")
_SHADE = colors.HexColor("#F2F2F2")
_MARGIN = 18 * mm
_TEXT_W = A4[0] - 2 * _MARGIN


@dataclass(frozen=True)
class PdfField:
    """One row of the form: the field, its Dutch and resident-language label, the value shown."""

    field_id: str
    label_nl: str
    label_lang: str
    value: str


@dataclass(frozen=True)
class DocumentInfo:
    """The identity document as checked by the officer (never the scan itself).

    ``doc_type`` is ``passport``, ``id_card`` or ``driving_licence`` (printed in both
    languages) or free text; ``issuing_country`` an ISO/MRZ code (printed as a name) or a name.
    """

    doc_type: str
    number: str
    issuing_country: str
    expiry_date: date | None
    checked_by: str
    #: The MRZ was read and every check digit matched (None: no MRZ read).
    mrz_valid: bool | None = None
    #: The foreign national's number of a residence document.
    v_number: str = ""


@dataclass(frozen=True)
class RegistrationPdfData:
    """Everything printed on the signed registration form."""

    language: str
    fields: tuple[PdfField, ...]
    registration_kind: RegistrationKind
    municipality: str
    address: str
    place: str
    signed_at: datetime
    officer_name: str
    registration_id: str
    document: DocumentInfo | None = None
    signature_png: bytes | None = None
    version: int = 1
    #: Other reference ids printed under the title, e.g. (("Controle", "c0ffee…"),).
    references: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    #: The mandate under which the officer received the declaration.
    officer_mandate: str = ""
    #: Field ids whose value came from the employer's list and was not checked.
    unverified: tuple[str, ...] = ()

    @property
    def replaces_version(self) -> int | None:
        return self.version - 1 if self.version > 1 else None


def field_rows(values: Mapping[str, str | None], lang: str) -> tuple[PdfField, ...]:
    """Form rows for display values keyed by field id, in form order, with their labels.

    Fields that are absent or empty are left out; an unknown field id raises ValueError.
    """
    unknown = sorted(set(values) - set(FIELD_IDS))
    if unknown:
        raise ValueError(f"unknown registration field(s): {', '.join(unknown)}")
    rows = []
    for field_id in FIELD_IDS:
        value = values.get(field_id)
        if value is None or not str(value).strip():
            continue
        rows.append(
            PdfField(
                field_id=field_id,
                label_nl=registration_text(f"field_{field_id}", "nl"),
                label_lang=registration_text(f"field_{field_id}", lang),
                value=str(value).strip(),
            )
        )
    return tuple(rows)


@cache
def _styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("body", fontName=_REGULAR, fontSize=9.5, leading=12.5)
    return {
        "body": body,
        "title": ParagraphStyle("title", parent=body, fontName=_BOLD, fontSize=15, leading=19),
        "subtitle": ParagraphStyle(
            "subtitle", parent=body, fontName=_ITALIC, fontSize=11.5, leading=15, textColor=_GREY
        ),
        "meta": ParagraphStyle("meta", parent=body, fontSize=8.5, leading=11, textColor=_GREY),
        "head": ParagraphStyle(
            "head",
            parent=body,
            fontName=_BOLD,
            fontSize=11,
            leading=14,
            spaceBefore=9,
            spaceAfter=4,
        ),
        "headlang": ParagraphStyle(
            "headlang", parent=body, fontName=_ITALIC, fontSize=9.5, textColor=_GREY
        ),
        "cell": ParagraphStyle("cell", parent=body, fontSize=9, leading=11.5),
        "celllang": ParagraphStyle(
            "celllang", parent=body, fontName=_ITALIC, fontSize=8.5, leading=11, textColor=_GREY
        ),
        "value": ParagraphStyle("value", parent=body, fontName=_BOLD, fontSize=9.5, leading=12),
        "lang": ParagraphStyle("lang", parent=body, fontName=_ITALIC),
    }


def _p(text: str, style: str) -> Paragraph:
    return Paragraph(escape(text), _styles()[style])


def _fmt_date(value: date | None) -> str:
    return value.strftime("%d-%m-%Y") if value is not None else "—"


def _local(moment: datetime) -> datetime:
    return localtime.local(moment)


def _both(key: str, lang: str, **values: object) -> tuple[str, str | None]:
    nl = registration_text(key, "nl", **values)
    if lang == "nl":
        return nl, None
    return nl, registration_text(key, lang, **values)


def _heading(key: str, lang: str) -> Flowable:
    nl, other = _both(key, lang)
    text = f"{escape(nl)}"
    if other is not None:
        text += f'  <font name="{_ITALIC}" size="9.5" color="#555555">/ {escape(other)}</font>'
    return Paragraph(text, _styles()["head"])


def _table(rows: list[tuple[str, str | None, str]], lang: str) -> Table:
    """Rows of (Dutch label, resident-language label, value) as a ruled table."""
    data: list[list[Any]] = []
    for label_nl, label_lang, value in rows:
        label: list[Flowable] = [_p(label_nl, "cell")]
        if lang != "nl" and label_lang:
            label.append(_p(label_lang, "celllang"))
        data.append([label, _p(value, "value")])
    table = Table(data, colWidths=[72 * mm, _TEXT_W - 72 * mm], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, _LINE),
                ("LINEABOVE", (0, 0), (-1, 0), 0.4, _LINE),
                ("BACKGROUND", (0, 0), (0, -1), _SHADE),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def _country_display(value: str, lang: str) -> str:
    if not is_known_code(value):
        return value
    nl = country_name(value, "nl")
    other = country_name(value, lang)
    return nl if other == nl else f"{nl} / {other}"


def _signature(png: bytes | None, lang: str) -> Flowable:
    if png is None:
        nl, other = _both("not_signed", lang)
        return _p(nl if other is None else f"{nl} / {other}", "value")
    try:
        reader = ImageReader(io.BytesIO(png))
        width, height = reader.getSize()
    except Exception as exc:  # reportlab/Pillow raise various types for broken images
        raise ValueError("The signature is not a readable PNG image.") from exc
    scale = min(75 * mm / width, 30 * mm / height)
    image = Image(io.BytesIO(png), width=width * scale, height=height * scale, hAlign="LEFT")
    frame = Table([[image]], colWidths=[80 * mm], hAlign="LEFT")
    frame.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.4, _LINE)]))
    return frame


def _story(data: RegistrationPdfData) -> list[Flowable]:
    lang = data.language
    styles = _styles()
    story: list[Flowable] = [_p(registration_text("pdf_title", "nl"), "title")]
    if lang != "nl":
        story.append(_p(registration_text("pdf_title", lang), "subtitle"))
    meta = [
        f"Gemeente {data.municipality}",
        f"{registration_text('reference', 'nl')}: {data.registration_id}",
        *(f"{label}: {value}" for label, value in data.references),
    ]
    version = escape(_version_text(data, "nl"))
    if data.replaces_version is not None:
        version = f"<b>{version}</b>"
    story += [
        Spacer(1, 2 * mm),
        _p("  ·  ".join(meta), "meta"),
        Paragraph(version, styles["meta"]),
        Spacer(1, 2 * mm),
    ]

    story.append(_heading("section_person", lang))
    mark_nl, mark_other = _both("unverified_mark", lang)
    mark = mark_nl if mark_other is None else f"{mark_nl} / {mark_other}"
    story.append(
        _table(
            [
                (
                    f.label_nl,
                    f.label_lang,
                    f"{f.value} ({mark})" if f.field_id in data.unverified else f.value,
                )
                for f in data.fields
            ],
            lang,
        )
    )

    if data.document is not None:
        doc = data.document
        type_key = _DOC_TYPES.get(doc.doc_type)
        if type_key is None:
            doc_type = doc.doc_type
        else:
            nl, other = _both(type_key, lang)
            doc_type = nl if other is None else f"{nl} / {other}"
        checked = doc.checked_by
        if doc.mrz_valid is not None:
            checked += " (MRZ gecontroleerd)" if doc.mrz_valid else " (MRZ niet in orde)"

        def row(key: str, value: str) -> tuple[str, str | None, str]:
            return (registration_text(key, "nl"), registration_text(key, lang), value)

        story.append(
            KeepTogether(
                [
                    _heading("section_document", lang),
                    _table(
                        [
                            row("doc_type", doc_type),
                            row("doc_number", doc.number),
                            *([row("doc_v_number", doc.v_number)] if doc.v_number else []),
                            row("doc_issuing_country", _country_display(doc.issuing_country, lang)),
                            row("doc_expiry", _fmt_date(doc.expiry_date)),
                            row("doc_checked_by", checked),
                        ],
                        lang,
                    ),
                ]
            )
        )

    kind_key = (
        "kind_resident" if data.registration_kind == F.RegistrationKind.INGEZETENE else "kind_rni"
    )
    kind_nl, kind_other = _both(kind_key, lang)
    kind: list[Flowable] = [_heading("section_kind", lang), _p("☒ " + kind_nl, "body")]
    if kind_other is not None:
        kind.append(_p(kind_other, "lang"))
    story.append(KeepTogether(kind))

    values = {"address": data.address, "municipality": data.municipality}
    decl_nl, decl_other = _both("declaration", lang, **values)
    declaration: list[Flowable] = [_heading("section_declaration", lang), _p(decl_nl, "body")]
    if decl_other is not None:
        declaration += [Spacer(1, 2 * mm), _p(decl_other, "lang")]
    story.append(KeepTogether(declaration))

    local = _local(data.signed_at)
    when = {
        "place": data.place,
        "date": local.strftime("%d-%m-%Y"),
        "time": local.strftime("%H:%M"),
    }
    signed_nl, signed_other = _both("signed_at", lang, **when)
    signature: list[Flowable] = [_heading("section_signature", lang), _p(signed_nl, "body")]
    if signed_other is not None:
        signature.append(_p(signed_other, "lang"))
    sig_label_nl, sig_label_other = _both("signature_resident", lang)
    sig_label = sig_label_nl if sig_label_other is None else f"{sig_label_nl} / {sig_label_other}"
    officer_nl, officer_other = _both("officer", lang)
    officer_label = officer_nl if officer_other is None else f"{officer_nl} / {officer_other}"
    by_id = {f.field_id: f.value for f in data.fields}
    name = ", ".join(v for v in (by_id.get("surname"), by_id.get("given_names")) if v)
    signature += [
        Spacer(1, 3 * mm),
        _p(sig_label, "meta"),
        *([Paragraph(escape(name), styles["value"])] if name else []),
        Spacer(1, 1 * mm),
        _signature(data.signature_png, lang),
        Spacer(1, 4 * mm),
        _p(officer_label, "meta"),
        Paragraph(escape(data.officer_name), styles["value"]),
    ]
    if data.officer_mandate:
        mandate_nl, mandate_other = _both("officer_mandate", lang)
        label = mandate_nl if mandate_other is None else f"{mandate_nl} / {mandate_other}"
        signature += [_p(label, "meta"), Paragraph(escape(data.officer_mandate), styles["value"])]
    story.append(KeepTogether(signature))
    return story


def _version_text(data: RegistrationPdfData, lang: str) -> str:
    if data.replaces_version is None:
        return registration_text("version", lang, version=data.version)
    return registration_text(
        "version_replaces", lang, version=data.version, previous=data.replaces_version
    )


def _footer(data: RegistrationPdfData, total: list[int]) -> Callable[[Any, Any], None]:
    def draw(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(_REGULAR, 7.5)
        canvas.setFillColor(_GREY)
        page = registration_text("page", "nl", page=doc.page, pages=total[0] or doc.page)
        text = f"{registration_text('reference', 'nl')} {data.registration_id}  ·  "
        text += f"{_version_text(data, 'nl')}  ·  {page}"
        canvas.drawString(_MARGIN, 10 * mm, text)
        canvas.restoreState()
        total[1] = max(total[1], doc.page)

    return draw


def _dated(
    data: RegistrationPdfData, footer: Callable[[Any, Any], None]
) -> Callable[[Any, Any], None]:
    """The first page's callback: the real signing time as the PDF's creation date (the
    output stays reproducible: the same registration gives the same bytes)."""

    def draw(canvas: Any, doc: Any) -> None:
        canvas.setDateFormatter(lambda *_ymdhms: localtime.pdf_date(data.signed_at))
        footer(canvas, doc)

    return draw


def render_registration_pdf(data: RegistrationPdfData) -> bytes:
    """The registration form as PDF bytes (A4, DejaVu embedded, byte-for-byte reproducible)."""
    if data.language not in LANGUAGES:
        raise ValueError(f"unsupported language {data.language!r}")
    if data.version < 1:
        raise ValueError("version must be 1 or higher")
    register_fonts()
    # Two passes: the first counts the pages so that the footer can say "page 1 of 2".
    pages = [0, 0]
    output = b""
    for _ in range(2):
        buffer = io.BytesIO()
        doc = SimpleDocTemplate(
            buffer,
            pagesize=A4,
            leftMargin=_MARGIN,
            rightMargin=_MARGIN,
            topMargin=_MARGIN,
            bottomMargin=18 * mm,
            title=registration_text("pdf_title", "nl"),
            author=f"Gemeente {data.municipality}",
            subject=data.registration_id,
            creator="inspector",
            lang=data.language,
            invariant=1,
        )
        footer = _footer(data, pages)
        doc.build(_story(data), onFirstPage=_dated(data, footer), onLaterPages=footer)
        pages[0] = pages[1]
        output = buffer.getvalue()
    return output
