"""Tests of rendering every letter to PDF and DOCX, and of the public API's errors."""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess
import zipfile
from functools import cache
from typing import Any

import docx
import pytest
from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics

from inspector.letters import (
    KINDS,
    LetterContext,
    LetterError,
    available_languages,
    render,
    sample_context,
)
from inspector.letters.compose import compose, format_amount
from inspector.letters.pdf_out import register_fonts
from inspector.letters.sample import sample_municipality

ALL = [(kind, lang) for kind in KINDS for lang in available_languages(kind)]
LETTERS = {
    "pl": "ąęłńśźż",
    "uk": "бжщюяіїє’",
    "ro": "ăâîșț",
}


def _context(lang: str = "pl") -> LetterContext:
    return sample_context(sample_municipality(), lang)


@cache
def _rendered(kind: str, lang: str, fmt: str) -> bytes:
    return render(kind, lang, _context(lang), fmt)


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _docx_text(data: bytes) -> str:
    d = docx.Document(io.BytesIO(data))
    parts = [p.text for p in d.paragraphs]
    for table in d.tables:
        for row in table.rows:
            parts += [c.text for c in row.cells]
    for section in d.sections:
        for hf in (section.first_page_header, section.first_page_footer, section.header):
            parts += [p.text for p in hf.paragraphs]
    return "\n".join(parts)


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize(("kind", "lang"), ALL)
def test_pdf_renders_with_embedded_dejavu_and_readable_text(kind: str, lang: str) -> None:
    data = _rendered(kind, lang, "pdf")
    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts.add(str(font["/BaseFont"]).split("+")[-1])
            assert font["/FontDescriptor"].get_object().get("/FontFile2") is not None
    assert fonts <= {"DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique"}
    text = _pdf_text(data)
    assert "\ufffd" not in text
    assert "Anna Testowa" in text or kind not in ("confirmation", "receipt")
    assert "VOORBEELD" in text  # the sample line
    assert reader.metadata is not None and reader.metadata.title
    assert reader.trailer["/Root"]["/Lang"] == lang
    for char in LETTERS.get(lang, ""):
        assert char in text.lower(), char


@pytest.mark.parametrize(("kind", "lang"), ALL)
def test_every_character_has_a_glyph(kind: str, lang: str) -> None:
    """No empty boxes: DejaVu has a glyph for every character the letter prints."""
    register_fonts()
    letter = compose(kind, lang, _context(lang))
    face = pdfmetrics.getFont("DejaVuSans").face
    texts: list[str] = [letter.title, *letter.letterhead, *letter.recipient, letter.footer]
    for part in letter.parts:
        texts += [part.subject, part.salutation, part.closing, *part.signature]
        for block in part.blocks:
            texts += list(block.texts) + list(block.columns)
            texts += [cell for row in block.rows for cell in row]
    missing = {c for t in texts for c in t if ord(c) not in face.charToGlyph and c != "\n"}
    assert not missing


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
@pytest.mark.parametrize("lang", available_languages("control"))
def test_pdftotext_reads_the_control_letter(lang: str) -> None:
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"],
        input=_rendered("control", lang, "pdf"),
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    assert "fairwork.nu" in out and "5:15" in out
    for char in LETTERS.get(lang, ""):
        assert char in out.lower()


@pytest.mark.parametrize(("kind", "lang"), ALL)
def test_docx_opens_and_holds_the_filled_values(kind: str, lang: str) -> None:
    data = _rendered(kind, lang, "docx")
    assert zipfile.is_zipfile(io.BytesIO(data))
    text = _docx_text(data)
    assert "{{" not in text and "{%" not in text and "[[BODY]]" not in text
    assert "Gemeente Voorbeeld" in text
    assert "VOORBEELD" in text
    if kind == "confirmation":
        assert "Anna Testowa" in text and "111222333" in text and "VOORBEELD-BRP-0001" in text
    elif kind == "receipt":
        assert "Anna Testowa" in text and "VOORBEELD-BRP-0001" in text
        assert "111222333" not in text  # a receipt never prints a BSN
    else:
        assert "Voorbeeldstraat 1" in text
    d = docx.Document(io.BytesIO(data))
    assert d.core_properties.language == lang
    assert d.core_properties.title


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_report_shows_the_findings_of_the_sample(fmt: str) -> None:
    data = _rendered("report", "nl", fmt)
    text = _squash(_pdf_text(data) if fmt == "pdf" else _docx_text(data))
    for needle in (
        "Gebruiksoppervlakte per persoon",
        "8,9 m²",
        "12 m²",
        "SNF 1.4.1",
        "3a. Wettelijke normen",
        "3b. SNF-normen",
        "3c. Adviezen",
        "advies niet gevolgd",
        "Ter plaatse aangifte gedaan (ondertekend)",
        "Toestemming binnentreden",
        "Anna Testowa (bewoner)",
        "Tolk via telefoon",
        "Slaapkamer 2",
        "Identiteitsbewijs in bezit van de werkgever",
        "Foto 1 – Slaapkamer 2",
        "daarvan niet gehaald: 4.",
    ):
        assert needle in text, needle


def test_report_photos_are_images() -> None:
    reader = PdfReader(io.BytesIO(_rendered("report", "nl", "pdf")))
    assert sum(len(page.images) for page in reader.pages) == 2
    d = docx.Document(io.BytesIO(_rendered("report", "nl", "docx")))
    assert len(d.inline_shapes) == 2


def test_snf_referral_lists_only_breached_snf_norms() -> None:
    text = _squash(_pdf_text(_rendered("referral-snf", "nl", "pdf")))
    assert "SNF 1.4.1" in text and "SNF (2016)" in text
    assert "SNF 2.1" not in text  # met, so not a breach
    assert "Bouwbesluit" not in text and "Advies" not in text


def test_confirmation_in_another_language_carries_the_dutch_text() -> None:
    text = _squash(_pdf_text(_rendered("confirmation", "uk", "pdf")))
    assert "Підтвердження Вашої реєстрації" in text
    assert "Bevestiging van uw inschrijving" in text
    assert "27 листопада 2026" in text and "27 november 2026" in text


def test_dates_and_numbers_follow_the_language() -> None:
    assert "27 listopada 2026" in _pdf_text(_rendered("control", "pl", "pdf"))
    assert "27 noiembrie 2026" in _pdf_text(_rendered("control", "ro", "pdf"))
    assert format_amount(8.86, "nl", "m²") == "8,9 m²"
    assert format_amount(8.86, "en") == "8.9"
    assert format_amount(1200.5, "nl") == "1.200,5"
    assert format_amount("1 per 8", "nl") == "1 per 8"
    assert format_amount(None, "nl") == ""


def test_no_sample_marks_on_a_real_letter() -> None:
    from inspector.settings import Settings

    from tests_support import letter_ready

    real = letter_ready(Settings()).municipality.model_copy(update={"name": "Teststad"})
    context = dataclasses.replace(_context("nl"), sample=False, municipality=real)
    text = _pdf_text(render("control", "nl", context, "pdf"))
    assert "VOORBEELD –" not in text
    docx_text = _docx_text(render("control", "nl", context, "docx"))
    assert "VOORBEELD –" not in docx_text


def test_logo_appears_in_both_formats() -> None:
    from inspector.letters.sample import placeholder_png

    context = dataclasses.replace(_context("nl"), logo=placeholder_png(200, 80, (0, 90, 60)))
    reader = PdfReader(io.BytesIO(render("control", "nl", context, "pdf")))
    assert len(reader.pages[0].images) == 1
    d = docx.Document(io.BytesIO(render("control", "nl", context, "docx")))
    header_xml = d.sections[0].first_page_header._element.xml
    assert "graphic" in header_xml


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("memo", "nl", "pdf"), "Unknown letter kind 'memo'"),
        (("control", "fr", "pdf"), "no language 'fr'"),
        (("report", "pl", "pdf"), "no language 'pl'"),
        (("control", "nl", "odt"), "Unknown output format 'odt'"),
    ],
)
def test_unknown_kind_language_or_format(args: tuple[str, str, str], message: str) -> None:
    kind, lang, fmt = args
    with pytest.raises(LetterError, match=message):
        render(kind, lang, _context(), fmt)


def test_available_languages_rejects_unknown_kind() -> None:
    with pytest.raises(LetterError, match="Unknown letter kind"):
        available_languages("memo")


@pytest.mark.parametrize(
    ("kind", "change"),
    [("control", {"inspection": None}), ("confirmation", {"registration": None})],
)
def test_missing_data_is_a_clear_error(kind: str, change: dict[str, Any]) -> None:
    context = dataclasses.replace(_context(), **change)
    with pytest.raises(LetterError, match="needs"):
        render(kind, "nl", context, "pdf")


def test_bad_photo_bytes_are_a_letter_error() -> None:
    from inspector.letters import PhotoItem

    context = dataclasses.replace(_context("nl"), photos=(PhotoItem(b"not an image", "x"),))
    for fmt in ("pdf", "docx"):
        with pytest.raises(LetterError, match="Photo 1|photo 1"):
            render("report", "nl", context, fmt)


def test_text_from_data_is_escaped() -> None:
    from inspector.letters import InspectionInfo

    base = _context("nl")
    assert base.inspection is not None
    inspection = dataclasses.replace(base.inspection, address="Laan <1> & Co")
    context = dataclasses.replace(base, inspection=inspection)
    assert "Laan <1> & Co" in _pdf_text(render("control", "nl", context, "pdf"))
    assert "Laan <1> & Co" in _docx_text(render("control", "nl", context, "docx"))
    assert isinstance(inspection, InspectionInfo)
