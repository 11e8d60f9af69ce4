"""A sample letter context with obviously fictitious data, for previews and tests."""

from __future__ import annotations

import struct
import zlib
from datetime import date

from inspector.letters.model import (
    BedroomRow,
    Counts,
    FindingLine,
    InspectionInfo,
    LetterContext,
    PhotoItem,
    RegistrationInfo,
    ResidentInfo,
    SignalLine,
)
from inspector.settings import Municipality


def placeholder_png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A small striped PNG, so that samples show where photos go without real pictures."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    light = bytes(min(255, c + 60) for c in rgb)
    rows = []
    for y in range(height):
        line = bytearray()
        for x in range(width):
            line += light if ((x + y) // 12) % 2 else bytes(rgb)
        rows.append(b"\x00" + bytes(line))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows), 6))
        + chunk(b"IEND", b"")
    )


def sample_context(municipality: Municipality, language: str = "pl") -> LetterContext:
    """A context with fictitious people and a finished sample inspection, marked as a sample."""
    inspection = InspectionInfo(
        reference="VOORBEELD-2026-0001",
        address="Voorbeeldstraat 1",
        postcode="1234 AB",
        city="Voorbeeld",
        date=date(2026, 11, 27),
        officers=("Voorbeeld Jan", "Proef Petra"),
        partners=("Nederlandse Arbeidsinspectie", "Politie"),
        accommodation_type="Reguliere woning",
        bag_id="9999010000000001",
        floor_area_m2=62.0,
        owner="Voorbeeld Vastgoed B.V. (fictief)",
        landlord="Proefhuisvesting B.V. (fictief)",
        employer="Uitzendbureau Voorbeeld B.V. (fictief)",
        joint_control=True,
        reports_elsewhere=("Politie, buurtmelding 2026-10 (fictief)",),
    )
    findings = (
        FindingLine(
            "1",
            "Gebruiksoppervlakte per persoon: 7 personen op 62 m²",
            8.86,
            12.0,
            "m²",
            "Bouwbesluit 7.18 / omgevingsplan",
            "voldoet niet",
        ),
        FindingLine(
            "2",
            "Slaapkamer 2: vloeroppervlak per persoon",
            3.0,
            3.5,
            "m²",
            "SNF 1.4.1",
            "voldoet niet",
        ),
        FindingLine(
            "3",
            "Inhoud koelkast/vriezer per persoon",
            21.4,
            30.0,
            "liter",
            "SNF (2016)",
            "voldoet niet",
        ),
        FindingLine(
            "4",
            "Toiletten: 1 voor 7 personen",
            1,
            "1 per 8 personen",
            "",
            "SNF 2.1",
            "voldoet",
            breached=False,
        ),
        FindingLine(
            "5",
            "Rookmelder op de overloop werkt niet",
            "niet werkend",
            "werkend",
            "",
            "Brandveiligheid",
            "voldoet niet",
        ),
    )
    bedrooms = (
        BedroomRow("Slaapkamer 1", 12.5, 3, 3, True),
        BedroomRow("Slaapkamer 2", 6.0, 2, 2, True, "Bedden kleiner dan 80×200 cm"),
        BedroomRow("Zolder", 9.0, 2, 2, False, "Geen raam, alleen dakluik"),
    )
    photos = (
        PhotoItem(placeholder_png(320, 240, (70, 110, 160)), "Foto 1 – Slaapkamer 2 (voorbeeld)"),
        PhotoItem(placeholder_png(320, 240, (150, 90, 60)), "Foto 2 – Rookmelder (voorbeeld)"),
    )
    signals = (
        SignalLine("Identiteitsbewijs in bezit van de werkgever", "NLA", date(2026, 11, 28)),
        SignalLine("Huisvesting afhankelijk van het arbeidscontract", "NLA", date(2026, 11, 28)),
    )
    resident = ResidentInfo(
        name="Testowa Anna",
        birth_date=date(1990, 1, 1),
        language=language,
        address="Voorbeeldstraat 1",
        room="Kamer 2",
        postcode="1234 AB",
        city="Voorbeeld",
        bsn="111222333",
    )
    registration = RegistrationInfo(
        registered_on=date(2026, 11, 27),
        address="Voorbeeldstraat 1",
        postcode="1234 AB",
        city="Voorbeeld",
        room="Kamer 2",
        moved_in=date(2026, 11, 2),
        reference="VOORBEELD-BRP-0001",
    )
    return LetterContext(
        municipality=municipality,
        inspection=inspection,
        resident=resident,
        findings=findings,
        bedrooms=bedrooms,
        photos=photos,
        signals=signals,
        counts=Counts(
            persons_present=7, registered_before=2, registered_on_site=4, residents_interviewed=6
        ),
        registration=registration,
        signer="Voorbeeld Jan",
        letter_date=date(2026, 11, 28),
        sample=True,
    )
