"""Builds letter_templates/letterhead.docx, the base letterhead every DOCX letter starts from.

Run once (`.venv/bin/python letter_templates/make_letterhead.py`) and commit the .docx; after
that a municipality edits letterhead.docx in Word: put its logo in place of {{ logo }}, change
fonts, colours and the address block. Keep the {{ ... }} fields it wants filled in and keep
the paragraph [[BODY]]: the letter text is inserted there.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph

OUT = Path(__file__).resolve().parent / "letterhead.docx"
FONT = "Arial"  # present on Windows and macOS; LibreOffice maps it to Liberation Sans
GREY = RGBColor(0x55, 0x55, 0x55)


def _font(style_font: object, size: float | None = None) -> None:
    style_font.name = FONT  # type: ignore[attr-defined]
    if size:
        style_font.size = Pt(size)  # type: ignore[attr-defined]


def _set_all_scripts(style: object) -> None:
    rpr = style.element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)


def _field(paragraph: Paragraph, instruction: str) -> None:
    run = paragraph.add_run()
    for kind, text in (
        ("begin", None),
        ("instr", instruction),
        ("separate", None),
        ("t", "1"),
        ("end", None),
    ):
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {text} "
        elif kind == "t":
            el = OxmlElement("w:t")
            el.text = text
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        run._r.append(el)
    run.font.size = Pt(7.5)
    run.font.color.rgb = GREY


def _footer(footer: object) -> None:
    p = footer.paragraphs[0]  # type: ignore[attr-defined]
    p.text = ""
    r = p.add_run("{{ footer }}")
    r.font.size = Pt(7.5)
    r.font.color.rgb = GREY
    q = footer.add_paragraph()  # type: ignore[attr-defined]
    q.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    r = q.add_run("{{ page_label }} ")
    r.font.size = Pt(7.5)
    r.font.color.rgb = GREY
    _field(q, "PAGE")
    r = q.add_run(" {{ of_label }} ")
    r.font.size = Pt(7.5)
    r.font.color.rgb = GREY
    _field(q, "NUMPAGES")


def main() -> None:
    doc = Document()
    styles = doc.styles
    _font(styles["Normal"].font, 10)
    _set_all_scripts(styles["Normal"])
    styles["Normal"].paragraph_format.space_after = Pt(6)
    styles["Normal"].paragraph_format.line_spacing = 1.15
    subject = styles.add_style("Letter Subject", WD_STYLE_TYPE.PARAGRAPH)
    subject.base_style = styles["Normal"]
    subject.paragraph_format.keep_with_next = True
    for name, size in (("Heading 2", 10.5), ("Letter Subject", 11.5)):
        st = styles[name]
        _font(st.font, size)
        _set_all_scripts(st)
        st.font.bold = True
        st.font.color.rgb = RGBColor(0, 0, 0)
        st.paragraph_format.space_before = Pt(8)
        st.paragraph_format.space_after = Pt(3)
    for name in ("List Bullet", "Caption", "Header", "Footer"):
        _set_all_scripts(styles[name])
    styles["Caption"].font.color.rgb = RGBColor(0, 0, 0)
    styles["Caption"].font.italic = True

    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin, section.right_margin = Cm(2.5), Cm(2.0)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.4)
    section.header_distance, section.footer_distance = Cm(1.0), Cm(1.0)
    section.different_first_page_header_footer = True

    # First page: the letterhead, top right.
    head = section.first_page_header
    p = head.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    p.add_run("{{ logo }}")
    p = head.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    p.paragraph_format.space_after = Pt(2)
    r = p.add_run("{{ municipality_name }}")
    r.bold = True
    r.font.size = Pt(11)
    p = head.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    r = p.add_run("{{ letterhead_lines }}")
    r.font.size = Pt(8.5)
    r.font.color.rgb = GREY

    # Later pages: a quiet running head.
    p = section.header.paragraphs[0]
    p.paragraph_format.tab_stops.add_tab_stop(Cm(16.5), WD_TAB_ALIGNMENT.RIGHT)
    r = p.add_run("{{ municipality_name }}\t{{ subject }}")
    r.font.size = Pt(7.5)
    r.font.color.rgb = GREY

    _footer(section.first_page_footer)
    _footer(section.footer)

    body = doc.paragraphs[0] if doc.paragraphs else doc.add_paragraph()
    body.text = "{%p if sample_line %}"
    p = doc.add_paragraph()
    r = p.add_run("{{ sample_line }}")
    r.bold = True
    r.font.color.rgb = RGBColor(0xB0, 0x00, 0x20)
    doc.add_paragraph("{%p endif %}")
    p = doc.add_paragraph("{{ recipient }}")
    p.paragraph_format.space_before = Pt(36)
    p.paragraph_format.space_after = Pt(24)
    p = doc.add_paragraph("{{ meta }}")
    p.paragraph_format.tab_stops.add_tab_stop(Cm(3.5))
    p.paragraph_format.space_after = Pt(18)
    doc.add_paragraph("{{ subject }}", style="Letter Subject")
    doc.add_paragraph("[[BODY]]")

    props = doc.core_properties
    props.title = "Letterhead"
    props.author = ""
    props.comments = "Base letterhead for inspector letters; see make_letterhead.py."
    doc.save(str(OUT))
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
