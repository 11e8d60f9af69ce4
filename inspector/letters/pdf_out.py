"""PDF output: draws a composed letter with reportlab platypus and the embedded DejaVu fonts."""

from __future__ import annotations

import io
import re
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    Image,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from inspector.letters.compose import Block, Letter, Part
from inspector.letters.model import LetterError
from inspector.pdf_fonts import BOLD, ITALIC, REGULAR, FontMissing
from inspector.pdf_fonts import register_fonts as _register_fonts

_REGULAR, _BOLD, _ITALIC = REGULAR, BOLD, ITALIC

_PAGE_W, _PAGE_H = A4
_LEFT = 25 * mm
_RIGHT = 20 * mm
_TOP = 15 * mm
_TOP_LATER = 24 * mm
_BOTTOM = 24 * mm
_TEXT_W = _PAGE_W - _LEFT - _RIGHT
_GREY = colors.HexColor("#555555")
_LINE = colors.HexColor("#B0B0B0")


def register_fonts() -> None:
    """Register the embedded DejaVu family; a missing font file is a LetterError."""
    try:
        _register_fonts()
    except FontMissing as exc:
        raise LetterError(str(exc)) from exc


@lru_cache(maxsize=1)
def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle(
        "body", fontName=_REGULAR, bulletFontName=_REGULAR, fontSize=10, leading=14, spaceAfter=6
    )
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=11, spaceAfter=0),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=10.5, spaceAfter=0),
        "cellhead": ParagraphStyle(
            "cellhead", parent=base, fontName=_BOLD, fontSize=8.5, leading=10.5, spaceAfter=0
        ),
        "fact": ParagraphStyle("fact", parent=base, spaceAfter=0),
        "factlabel": ParagraphStyle("factlabel", parent=base, textColor=_GREY, spaceAfter=0),
        "head": ParagraphStyle(
            "head",
            parent=base,
            fontName=_BOLD,
            fontSize=10.5,
            spaceBefore=8,
            spaceAfter=3,
            keepWithNext=1,
        ),
        "parthead": ParagraphStyle(
            "parthead", parent=base, fontName=_BOLD, fontSize=9, textColor=_GREY, spaceAfter=10
        ),
        "subject": ParagraphStyle(
            "subject", parent=base, fontName=_BOLD, fontSize=11.5, leading=15, spaceAfter=12
        ),
        "bullet": ParagraphStyle(
            "bullet", parent=base, leftIndent=5 * mm, bulletIndent=1 * mm, spaceAfter=3
        ),
        "note": ParagraphStyle("note", parent=base, fontName=_ITALIC, fontSize=9, spaceAfter=10),
        "sample": ParagraphStyle(
            "sample", parent=base, fontName=_BOLD, textColor=colors.HexColor("#B00020")
        ),
        "lh_name": ParagraphStyle(
            "lh_name",
            parent=base,
            fontName=_BOLD,
            fontSize=11,
            leading=14,
            alignment=TA_RIGHT,
            spaceAfter=2,
        ),
        "lh": ParagraphStyle(
            "lh",
            parent=base,
            fontSize=8.5,
            leading=11,
            alignment=TA_RIGHT,
            spaceAfter=0,
            textColor=_GREY,
        ),
        "caption": ParagraphStyle(
            "caption", parent=base, fontName=_ITALIC, fontSize=8.5, leading=10.5, spaceAfter=0
        ),
    }


_BOLD_MARK = re.compile(r"\*\*(.+?)\*\*")


def _markup(text: str) -> str:
    """Escape *text* for platypus and turn **bold** into <b>bold</b>."""
    return _BOLD_MARK.sub(r"<b>\1</b>", escape(text))


def _para(text: str, style: str) -> Paragraph:
    return Paragraph(_markup(text), _styles()[style])


def _image(data: bytes, max_w: float, max_h: float, what: str) -> Image:
    try:
        width, height = ImageReader(io.BytesIO(data)).getSize()
    except Exception as exc:  # reportlab/PIL raise many kinds for unreadable bytes
        raise LetterError(f"The {what} is not a readable PNG or JPEG image.") from exc
    scale = min(max_w / width, max_h / height)
    return Image(io.BytesIO(data), width=width * scale, height=height * scale)


def _header(letter: Letter) -> Table:
    right: list[Flowable] = []
    if letter.logo:
        logo = _image(letter.logo, 55 * mm, 20 * mm, "logo")
        logo.hAlign = "RIGHT"
        right += [logo, Spacer(1, 3 * mm)]
    if letter.letterhead:
        right.append(_para(letter.letterhead[0], "lh_name"))
        right += [_para(line, "lh") for line in letter.letterhead[1:]]
    left: list[Flowable] = [_para(line, "fact") for line in letter.recipient]
    table = Table([[left, right]], colWidths=[_TEXT_W * 0.55, _TEXT_W * 0.45])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), _REGULAR),
                ("VALIGN", (0, 0), (0, 0), "BOTTOM"),
                ("VALIGN", (1, 0), (1, 0), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def _facts(rows: tuple[tuple[str, ...], ...], label_w: float) -> Table:
    data = [[_para(r[0], "factlabel"), _para(r[1], "fact")] for r in rows]
    table = Table(data, colWidths=[label_w, _TEXT_W - label_w], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), _REGULAR),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ]
        )
    )
    return table


def _table(block: Block) -> Table:
    total = sum(block.widths)
    widths = [_TEXT_W * w / total for w in block.widths]
    data: list[list[Any]] = [[_para(c, "cellhead") for c in block.columns]]
    data += [[_para(c, "cell") for c in row] for row in block.rows]
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), _REGULAR),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8E8E8")),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, _LINE),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _photos(block: Block) -> Table:
    cell_w = _TEXT_W / 2
    cells: list[list[Flowable]] = []
    for i, photo in enumerate(block.photos, start=1):
        img = _image(photo.image, cell_w - 6 * mm, 62 * mm, f"photo {i}")
        cells.append([img, Spacer(1, 1.5 * mm), _para(photo.caption, "caption")])
    rows: list[list[Any]] = [cells[i : i + 2] for i in range(0, len(cells), 2)]
    if len(rows[-1]) == 1:
        rows[-1].append("")
    table = Table(rows, colWidths=[cell_w, cell_w], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), _REGULAR),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
            ]
        )
    )
    return table


def _block(block: Block) -> list[Flowable]:
    if block.kind == "heading":
        return [_para(block.texts[0], "head")]
    if block.kind == "p":
        return [_para(block.texts[0], "body")]
    if block.kind == "bullets":
        items: list[Flowable] = []
        for text in block.texts:
            items.append(Paragraph(_markup(text), _styles()["bullet"], bulletText="•"))
        return [*items, Spacer(1, 3)]
    if block.kind == "facts":
        return [_facts(block.rows, 62 * mm), Spacer(1, 6)]
    if block.kind == "table":
        return [_table(block), Spacer(1, 8)]
    if block.kind == "photos":
        return [_photos(block)]
    return [PageBreak()]


def _part(part: Part, note: str = "") -> list[Flowable]:
    story: list[Flowable] = []
    if part.heading:
        story += [PageBreak(), _para(part.heading, "parthead")]
    story.append(_para(part.subject, "subject"))
    if note:
        story.append(_para(note, "note"))
    if part.salutation:
        story.append(_para(part.salutation, "body"))
    for block in part.blocks:
        story += _block(block)
    closing: list[Flowable] = [Spacer(1, 4)]
    if part.closing:
        closing += [_para(part.closing, "body"), Spacer(1, 10 * mm)]
    closing += [_para(line, "fact") for line in part.signature]
    story.append(KeepTogether(closing))
    return story


def _canvas_class(letter: Letter) -> type[Canvas]:
    """A canvas that knows the page count when it draws the footers (two-pass numbering)."""

    class NumberedCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._footer(total)
                super().showPage()
            super().save()

        def _footer(self, total: int) -> None:
            self.saveState()
            y = 14 * mm
            self.setStrokeColor(_LINE)
            self.setLineWidth(0.5)
            self.line(_LEFT, y + 10, _PAGE_W - _RIGHT, y + 10)
            self.setFillColor(_GREY)
            self.setFont(_REGULAR, 7.5)
            page = f"{letter.page_label} {self._pageNumber} {letter.of_label} {total}"
            self.drawRightString(_PAGE_W - _RIGHT, y, page)
            room = _TEXT_W - pdfmetrics.stringWidth(page, _REGULAR, 7.5) - 8 * mm
            lines = [letter.footer]
            if pdfmetrics.stringWidth(letter.footer, _REGULAR, 7.5) > room:
                pieces = letter.footer.split(" · ")
                half = (len(pieces) + 1) // 2
                lines = [" · ".join(pieces[:half]), " · ".join(pieces[half:])]
            for i, line in enumerate(lines):
                self.drawString(_LEFT, y - i * 9, line)
            self.restoreState()

    return NumberedCanvas


def _on_page(letter: Letter, later: bool) -> Any:
    def draw(canvas: Canvas, doc: BaseDocTemplate) -> None:
        canvas.saveState()
        if letter.sample_mark:
            canvas.setFillColor(colors.Color(0.75, 0.75, 0.75, alpha=0.35))
            canvas.setFont(_BOLD, 72)
            canvas.translate(_PAGE_W / 2, _PAGE_H / 2)
            canvas.rotate(45)
            canvas.drawCentredString(0, -24, letter.sample_mark)
            canvas.rotate(-45)
            canvas.translate(-_PAGE_W / 2, -_PAGE_H / 2)
        if later and letter.letterhead:
            canvas.setFillColor(_GREY)
            canvas.setFont(_REGULAR, 7.5)
            canvas.drawString(_LEFT, _PAGE_H - 14 * mm, letter.letterhead[0])
            canvas.drawRightString(_PAGE_W - _RIGHT, _PAGE_H - 14 * mm, letter.parts[0].subject)
        canvas.restoreState()

    return draw


def render_pdf(letter: Letter) -> bytes:
    """The letter as PDF bytes (A4, fonts embedded, title and language set)."""
    register_fonts()
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=_LEFT,
        rightMargin=_RIGHT,
        topMargin=_TOP,
        bottomMargin=_BOTTOM,
        title=letter.title,
        subject=letter.parts[0].subject,
        author=letter.letterhead[0] if letter.letterhead else "",
        creator="inspector",
        lang=letter.lang,
        # Otherwise the canvas starts in Helvetica, which would be listed but not embedded.
        initialFontName=_REGULAR,
    )
    first = Frame(_LEFT, _BOTTOM, _TEXT_W, _PAGE_H - _TOP - _BOTTOM, id="first")
    later = Frame(_LEFT, _BOTTOM, _TEXT_W, _PAGE_H - _TOP_LATER - _BOTTOM, id="later")
    doc.addPageTemplates(
        [
            PageTemplate(
                "first", [first], onPage=_on_page(letter, False), autoNextPageTemplate="later"
            ),
            PageTemplate("later", [later], onPage=_on_page(letter, True)),
        ]
    )
    story: list[Flowable] = []
    if letter.sample_line:
        story.append(_para(letter.sample_line, "sample"))
    story += [_header(letter), Spacer(1, 10 * mm)]
    story += [_facts(letter.meta, 36 * mm), Spacer(1, 8 * mm)]
    for i, part in enumerate(letter.parts):
        story += _part(part, letter.note if i == 0 else "")
    doc.build(story, canvasmaker=_canvas_class(letter))
    return buffer.getvalue()
