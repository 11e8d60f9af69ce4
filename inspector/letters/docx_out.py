"""DOCX output: fills the municipality's letterhead.docx with docxtpl and adds the letter body."""

from __future__ import annotations

import io
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph
from docxtpl import DocxTemplate, InlineImage, Listing

from inspector.letters.compose import Block, Letter, Part
from inspector.letters.model import LetterError
from inspector.letters.templates import TEMPLATE_DIR
from inspector.paths import letter_template_file

#: The shipped letterhead; a municipality's own custom/letter_templates/letterhead.docx wins.
LETTERHEAD = TEMPLATE_DIR / "letterhead.docx"
#: The paragraph of letterhead.docx where the letter text goes.
BODY_MARKER = "[[BODY]]"
_TEXT_W_MM = 165.0
_BOLD_MARK = re.compile(r"(\*\*.+?\*\*)")


@lru_cache(maxsize=4)
def _letterhead_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise LetterError(f"The letterhead {path} cannot be read.") from exc


def _runs(paragraph: Paragraph, text: str, *, italic: bool = False) -> Paragraph:
    for piece in _BOLD_MARK.split(text):
        if not piece:
            continue
        bold = piece.startswith("**") and piece.endswith("**") and len(piece) > 4
        run = paragraph.add_run(piece[2:-2] if bold else piece)
        run.bold = bold or None
        run.italic = italic or None
    return paragraph


class _Writer:
    """Inserts body content before the marker paragraph, in order."""

    def __init__(self, doc: Any, marker: Paragraph) -> None:
        self.doc = doc
        self.marker = marker

    def para(self, text: str = "", style: str | None = None, *, italic: bool = False) -> Paragraph:
        p = self.marker.insert_paragraph_before("", style=style)
        return _runs(p, text, italic=italic)

    def table(self, rows: int, cols: int, style: str | None = None) -> Table:
        table: Table = self.doc.add_table(rows=rows, cols=cols)
        if style:
            table.style = self.doc.styles[style]
        self.marker._p.addprevious(table._tbl)
        return table

    def page_break(self) -> None:
        self.para().add_run().add_break(WD_BREAK.PAGE)


def _no_space(paragraph: Paragraph) -> None:
    paragraph.paragraph_format.space_after = Pt(1)


def _set_widths(table: Table, widths_mm: list[float]) -> None:
    table.autofit = False
    # The grid columns too: LibreOffice lays a table out by <w:tblGrid>, Word by the cells.
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)


def _shade(cell: Any, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc_pr.append(shd)


def _cell_text(cell: Any, text: str, *, bold: bool = False, size: float = 8.5) -> None:
    p = cell.paragraphs[0]
    _runs(p, f"**{text}**" if bold and text else text)
    _no_space(p)
    for run in p.runs:
        run.font.size = Pt(size)


def _facts(w: _Writer, rows: tuple[tuple[str, ...], ...], label_mm: float) -> None:
    table = w.table(len(rows), 2)
    for row, (label, value) in zip(table.rows, rows, strict=True):
        _cell_text(row.cells[0], label, size=10)
        row.cells[0].paragraphs[0].runs[0].font.color.rgb = RGBColor(0x55, 0x55, 0x55)
        _cell_text(row.cells[1], value, size=10)
    _set_widths(table, [label_mm, _TEXT_W_MM - label_mm])
    w.para()


def _data_table(w: _Writer, block: Block) -> None:
    table = w.table(len(block.rows) + 1, len(block.columns), "Table Grid")
    for cell, text in zip(table.rows[0].cells, block.columns, strict=True):
        _cell_text(cell, text, bold=True)
        _shade(cell, "E8E8E8")
    for row, values in zip(table.rows[1:], block.rows, strict=True):
        for cell, text in zip(row.cells, values, strict=True):
            _cell_text(cell, text)
    total = sum(block.widths)
    _set_widths(table, [_TEXT_W_MM * x / total for x in block.widths])
    w.para()


def _photos(w: _Writer, block: Block) -> None:
    photos = list(block.photos)
    table = w.table((len(photos) + 1) // 2, 2)
    for i, photo in enumerate(photos):
        cell = table.rows[i // 2].cells[i % 2]
        p = cell.paragraphs[0]
        try:
            p.add_run().add_picture(io.BytesIO(photo.image), width=Mm(76))
        except Exception as exc:  # python-docx raises several kinds for unreadable images
            raise LetterError(f"Photo {i + 1} is not a readable PNG or JPEG image.") from exc
        cap = cell.add_paragraph(style="Caption")
        _runs(cap, photo.caption)
    _set_widths(table, [_TEXT_W_MM / 2, _TEXT_W_MM / 2])
    w.para()


def _block(w: _Writer, block: Block) -> None:
    if block.kind == "heading":
        w.para(block.texts[0], "Heading 2")
    elif block.kind == "p":
        w.para(block.texts[0])
    elif block.kind == "bullets":
        for text in block.texts:
            _no_space(w.para(text, "List Bullet"))
        w.para()
    elif block.kind == "facts":
        _facts(w, block.rows, 62)
    elif block.kind == "table":
        _data_table(w, block)
    elif block.kind == "photos":
        _photos(w, block)
    else:
        w.page_break()


def _part(w: _Writer, part: Part, first: bool, note: str) -> None:
    if not first:
        w.page_break()
        heading = w.para(part.heading)
        for run in heading.runs:
            run.font.size = Pt(9)
            run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
        w.para(part.subject, "Letter Subject")
    if note:
        w.para(note, italic=True)
    if part.salutation:
        w.para(part.salutation)
    for block in part.blocks:
        _block(w, block)
    if part.closing:
        w.para(part.closing).paragraph_format.keep_with_next = True
        w.para().paragraph_format.keep_with_next = True
    for i, line in enumerate(part.signature):
        p = w.para(line)
        _no_space(p)
        p.paragraph_format.keep_with_next = i < len(part.signature) - 1


def render_docx(letter: Letter, letterhead: Path | None = None) -> bytes:
    """The letter as DOCX bytes, built on *letterhead* (Word-editable; default: the
    municipality's own letterhead.docx when there is one, else the shipped one)."""
    if letterhead is None:
        letterhead = letter_template_file("letterhead.docx")
    tpl = DocxTemplate(io.BytesIO(_letterhead_bytes(letterhead)))
    logo: Any = ""
    if letter.logo:
        logo = InlineImage(tpl, io.BytesIO(letter.logo), height=Mm(18))
    meta = "\n".join(f"{label}\t{value}" for label, value in letter.meta)
    context = {
        "logo": logo,
        "municipality_name": letter.letterhead[0] if letter.letterhead else "",
        "letterhead_lines": Listing("\n".join(letter.letterhead[1:])),
        "recipient": Listing("\n".join(letter.recipient)),
        "meta": Listing(meta),
        "subject": letter.parts[0].subject,
        "title": letter.title,
        "footer": letter.footer,
        "page_label": letter.page_label,
        "of_label": letter.of_label,
        "sample_line": letter.sample_line,
    }
    try:
        tpl.render(context, autoescape=True)
    except LetterError:
        raise
    except Exception as exc:  # a letterhead edited into broken Jinja or a bad logo
        raise LetterError(f"The letterhead {letterhead} cannot be filled in ({exc}).") from exc
    doc = tpl.docx
    marker = next((p for p in doc.paragraphs if p.text.strip() == BODY_MARKER), None)
    if marker is None:
        raise LetterError(f"The letterhead {letterhead} has no paragraph {BODY_MARKER}.")
    writer = _Writer(doc, marker)
    for i, part in enumerate(letter.parts):
        _part(writer, part, i == 0, letter.note if i == 0 else "")
    marker._p.getparent().remove(marker._p)
    props = doc.core_properties
    props.title = letter.title
    props.subject = letter.parts[0].subject
    props.language = letter.lang
    props.author = letter.letterhead[0] if letter.letterhead else ""
    props.comments = ""
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
