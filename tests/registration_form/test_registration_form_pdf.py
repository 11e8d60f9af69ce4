"""Tests for the signed registration form PDF: text in every language survives extraction."""

from __future__ import annotations

import io
import shutil
import subprocess
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from PIL import Image as PILImage
from PIL import ImageDraw
from pypdf import PdfReader

from inspector.registration_form.pdf import (
    DocumentInfo,
    RegistrationPdfData,
    field_rows,
    render_registration_pdf,
)


def signature_png() -> bytes:
    image = PILImage.new("RGBA", (600, 200), (255, 255, 255, 0))
    ImageDraw.Draw(image).line([(20, 150), (150, 40), (300, 160), (560, 60)], fill="navy", width=6)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


PEOPLE = {
    "pl": {
        "surname": "Testowa-Wiśniewska",
        "given_names": "Anna Żaneta",
        "birth_place": "Łódź",
        "birth_country": "Polen / Polska",
    },
    "uk": {
        "surname": "Тестовий",
        "given_names": "Петро",
        "birth_place": "Київ",
        "birth_country": "Oekraïne / Україна",
    },
    "ro": {
        "surname": "Exemplu",
        "given_names": "Ion Ștefan",
        "birth_place": "Brașov",
        "birth_country": "Roemenië / România",
    },
}
LETTERS = {"pl": ["ą", "ę", "ł", "ż", "ś"], "uk": ["ї", "є", "Прізвище"], "ro": ["ș", "ț", "ă"]}


def make_data(lang: str, **changes: object) -> RegistrationPdfData:
    values = {
        **PEOPLE[lang],
        "birth_date": "17-05-1990",
        "arrival_date": "01-03-2025",
        "address": "Voorbeeldstraat 12, 2801 AB Gouda",
        "bsn": "111222333",
    }
    data = RegistrationPdfData(
        language=lang,
        fields=field_rows(values, lang),
        registration_kind="ingezetene",
        municipality="Gouda",
        address="Voorbeeldstraat 12, 2801 AB Gouda",
        place="Gouda",
        signed_at=datetime(2025, 6, 1, 12, 5, tzinfo=UTC),
        officer_name="J. Voorbeeld",
        registration_id="3f2a9c1e-0000-4000-8000-000000000001",
        document=DocumentInfo("id_card", "EK1234567", "POL", date(2030, 5, 16), "J. Voorbeeld"),
        signature_png=signature_png(),
    )
    return replace(data, **changes)  # type: ignore[arg-type]


def pypdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def pdftotext(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "form.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    )
    return result.stdout.decode("utf-8")


def squash(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("lang", ["pl", "uk", "ro"])
def test_text_survives_extraction(lang: str, tmp_path: Path) -> None:
    pdf = render_registration_pdf(make_data(lang))
    assert pdf.startswith(b"%PDF")
    extractors = [pypdf_text(pdf)]
    if shutil.which("pdftotext"):
        extractors.append(pdftotext(pdf, tmp_path))
    for text in extractors:
        flat = squash(text)
        assert "\ufffd" not in text
        assert "Aangifte eerste inschrijving BRP (op locatie)" in flat
        for letter in LETTERS[lang]:
            assert letter in text, (lang, letter)
        for value in PEOPLE[lang].values():
            assert value in flat, (lang, value)
        assert "111222333" in flat
        assert "EK1234567" in flat
        assert "16-05-2030" in flat
        assert "Polen" in flat
        assert "Ondertekend in Gouda op 01-06-2025 om 14:05" in flat  # Amsterdam summer time
        assert "J. Voorbeeld" in flat
        assert "3f2a9c1e-0000-4000-8000-000000000001" in flat
        assert "Ingezetene" in flat
        assert "Ik verklaar dat ik deze gegevens naar waarheid heb gegeven" in flat


def test_resident_language_title_and_declaration(tmp_path: Path) -> None:
    flat = squash(pypdf_text(render_registration_pdf(make_data("ro"))))
    assert "Declarație de primă înregistrare în BRP" in flat
    assert "Declar că am furnizat aceste date conform adevărului" in flat
    assert "Pașaport" not in flat and "Carte de identitate" in flat


def test_correction_version_and_rni() -> None:
    pdf = render_registration_pdf(make_data("pl", version=2, registration_kind="rni"))
    flat = squash(pypdf_text(pdf))
    assert "Versie 2, vervangt versie 1" in flat
    assert "Niet-ingezetene (RNI" in flat
    first = squash(pypdf_text(render_registration_pdf(make_data("pl"))))
    assert "Versie 1" in first and "vervangt" not in first


def test_unsigned_form_and_dutch_only_form() -> None:
    flat = squash(pypdf_text(render_registration_pdf(make_data("pl", signature_png=None))))
    assert "Niet ondertekend / Nie podpisano" in flat
    data = make_data("pl", language="nl", fields=field_rows({"surname": "Voorbeeld"}, "nl"))
    flat = squash(pypdf_text(render_registration_pdf(data)))
    assert "Nazwisko" not in flat and "Achternaam" in flat


def test_values_with_markup_characters_are_printed_literally() -> None:
    fields = field_rows({"surname": "Test & <Voorbeeld>"}, "pl")
    flat = squash(pypdf_text(render_registration_pdf(make_data("pl", fields=fields))))
    assert "Test & <Voorbeeld>" in flat


def test_output_is_reproducible_and_page_count_in_footer() -> None:
    data = make_data("uk")
    pdf = render_registration_pdf(data)
    assert pdf == render_registration_pdf(data)
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    assert f"Pagina 1 van {pages}" in pypdf_text(pdf)


def test_invalid_input() -> None:
    with pytest.raises(ValueError, match="signature"):
        render_registration_pdf(make_data("pl", signature_png=b"not a png"))
    with pytest.raises(ValueError, match="language"):
        render_registration_pdf(make_data("pl", language="de"))
    with pytest.raises(ValueError, match="unknown registration field"):
        field_rows({"shoe_size": "42"}, "pl")


def test_field_rows_order_and_labels() -> None:
    rows = field_rows({"bsn": "111222333", "surname": "Testowa", "room": " "}, "pl")
    assert [(r.field_id, r.label_nl, r.label_lang) for r in rows] == [
        ("surname", "Achternaam", "Nazwisko"),
        ("bsn", "BSN (als u dat al hebt)", "BSN (jeśli już Pan/Pani go ma)"),
    ]


def test_pdf_metadata_is_real_and_in_the_municipality_zone() -> None:
    pdf = render_registration_pdf(make_data("pl"))
    info = PdfReader(io.BytesIO(pdf)).metadata
    assert info is not None
    # Signed 12:05 UTC on 1 June: 14:05 in Amsterdam (summer time), not 2000-01-01.
    assert info["/CreationDate"] == "D:20250601140500+02'00'"
    assert info.creation_date is not None and info.creation_date.year == 2025
    assert info.title and info.author == "Gemeente Gouda"
    assert render_registration_pdf(make_data("pl")) == pdf  # still reproducible
    text = pypdf_text(pdf)
    assert "14:05" in text and "12:05" not in text
