"""A sample letter context with obviously fictitious data, for previews and tests."""

from __future__ import annotations

import struct
import zlib
from datetime import date, datetime

from inspector import LANGUAGES
from inspector.documents.countries import country_name
from inspector.letters.model import (
    BedroomRow,
    Counts,
    FindingLine,
    InspectionInfo,
    InvitationInfo,
    LetterContext,
    PhotoItem,
    RegistrationInfo,
    ResidentInfo,
    SignalLine,
)
from inspector.letters.templates import load_organisations
from inspector.settings import Contact, Municipality


def _both(texts: dict[str, str], lang: str) -> str:
    """ "Vrouw / Kobieta": Dutch with the resident's language, as the registration form."""
    nl, other = texts["nl"], texts.get(lang, texts["nl"])
    return nl if nl == other else f"{nl} / {other}"


def sample_municipality(name: str = "Voorbeeld") -> Municipality:
    """A municipality with obviously fictitious contact details for every office, for
    previews marked as samples (a real letter refuses such details)."""
    return Municipality(
        name=name,
        website="voorbeeld.example",
        burgerzaken=Contact(
            department="Burgerzaken",
            address="Postbus 1, 1234 AB Voorbeeld",
            phone="14 0000",
            email="burgerzaken@voorbeeld.example",
        ),
        handhaving=Contact(
            department="Toezicht en handhaving",
            address="Postbus 1, 1234 AB Voorbeeld",
            phone="14 0000",
            email="handhaving@voorbeeld.example",
        ),
        meldpunt=Contact(
            department="Meldpunt goed verhuurderschap",
            email="meldpunt@voorbeeld.example",
            website="voorbeeld.example/meldpunt",
        ),
        rni_counter=Contact(
            department="RNI-loket Voorbeeldstad",
            address="Stadhuisplein 1, 9999 ZZ Voorbeeldstad",
            website="voorbeeld.example/rni",
        ),
        registration_mandate="Mandaatbesluit burgerzaken Voorbeeld 2026 (fictief)",
    )


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
        officers=("Jan Voorbeeld", "Petra Proef"),
        partners=tuple(load_organisations(language).get(k, k) for k in ("nla", "politie")),
        accommodation_type="Reguliere woning",
        bag_id="9999010000000001",
        floor_area_m2=62.0,
        owner="Voorbeeld Vastgoed B.V. (fictief)",
        landlord="Proefhuisvesting B.V. (fictief)",
        employer="Uitzendbureau Voorbeeld B.V. (fictief)",
        joint_control=True,
        reports_elsewhere=("Politie, buurtmelding 2026-10 (fictief)",),
        use_allowed=True,
        consent=True,
        consent_by="Anna Testowa (bewoner)",
        consent_time=datetime(2026, 11, 27, 10, 5),
        left_time=datetime(2026, 11, 27, 11, 20),
        interpreter="Tolk via telefoon, Pools (fictief)",
        interpreter_used=True,
    )
    findings = (
        FindingLine(
            "1",
            "Gebruiksoppervlakte per persoon: 7 personen op 62 m²",
            8.86,
            12.0,
            "m²",
            "omgevingsplan (voorheen art. 7.18 Bouwbesluit 2012)",
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
            category="snf",
        ),
        FindingLine(
            "3",
            "Inhoud koelkast/vriezer per persoon",
            21.4,
            30.0,
            "liter",
            "SNF (2016)",
            "voldoet niet",
            category="snf",
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
            category="snf",
        ),
        FindingLine(
            "6",
            "Slaapkamer 1: 3 personen; advies: hoogstens 1 persoon per slaapkamer",
            3,
            1,
            "pers.",
            "Advies Aanjaagteam",
            "advies niet gevolgd",
            breached=False,
            category="advice",
        ),
        FindingLine(
            "5",
            "Rookmelder op de overloop werkt niet",
            "niet werkend",
            "werkend",
            "",
            "Bbl (brandveiligheid)",
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
        name="Anna Testowa",
        surname="Testowa",
        sex="female",
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
        processed=True,
        bsn="111222333",
        sex=_both(
            {"nl": "Vrouw", "en": "Female", "pl": "Kobieta", "uk": "Жіноча", "ro": "Feminin"},
            language,
        ),
        birth_place="Voorbeeldowo",
        birth_country=_both({lang: country_name("PL", lang) for lang in LANGUAGES}, language),
        nationality=_both({lang: country_name("PL", lang) for lang in LANGUAGES}, language),
        declared_at=datetime(2026, 11, 27, 10, 40),
        received_by="Jan Voorbeeld",
        received_mandate="Mandaatbesluit burgerzaken Voorbeeld 2026 (fictief)",
        arrival=date(2026, 10, 30),
        document=_both(
            {
                "nl": "Paspoort",
                "en": "Passport",
                "pl": "Paszport",
                "uk": "Паспорт",
                "ro": "Pașaport",
            },
            language,
        )
        + ", nr. XX0000000 (fictief)",
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
        invitation=InvitationInfo(
            when=datetime(2026, 12, 3, 9, 30),
            place="Kantine, Voorbeeldweg 1, Voorbeeld",
            documents=("employment_contract", "payslip"),
        ),
        signer="Jan Voorbeeld",
        letter_date=date(2026, 11, 28),
        sample=True,
    )
