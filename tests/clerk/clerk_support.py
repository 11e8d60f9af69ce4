"""Helpers of the clerk tests: an office (clerk) store, an in-process service, laptops that
register fictitious residents and sync."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx

with warnings.catch_warnings():
    # starlette would rather have httpx2; httpx is what the app uses.
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from inspector import localtime
from inspector.core import vault
from inspector.paths import DataPaths
from inspector.server import service
from inspector.server.app import ServiceConfig, create_app
from inspector.server.db import ServiceDatabase
from inspector.sync import client, devices, keys

from tests_support import PASSWORD, registration_helpers

H = registration_helpers()

#: Fictitious residents (clearly made up): surname, given names, birth date, nationality,
#: MRZ country, document number, language.
PEOPLE = [
    ("Przykladowa", "Anna", date(1991, 2, 3), "PL", "POL", "PX1234567", "pl"),
    ("Exemplu", "Ion", date(1990, 5, 17), "RO", "ROU", "RO1234567", "ro"),
    ("Vzorova", "Jana", date(1988, 8, 8), "SK", "SVK", "SK7654321", "en"),
]


def make_office(folder: Path) -> Any:
    ws = vault.initialise(
        DataPaths(folder),
        officer_name="Medewerker Burgerzaken Een",
        username="balie1",
        password=PASSWORD,
        municipality="Gemeente Voorbeeld",
        role="clerk",
    )
    with ws.unit() as s:
        keys.create_recipient_key(s, "registry")
        keys.create_recipient_key(s, "enforcement")
    return ws


@dataclass
class InProcessService:
    db: ServiceDatabase
    http: TestClient

    @property
    def transport(self) -> httpx.BaseTransport:
        return self.http._transport  # the TestClient's in-process transport

    def user(self, role: str = "registry") -> str:
        with self.db.session() as s:
            return service.add_user(s, f"{role} 1", role)[1]

    def device_code(self, office: Any = None) -> str:
        """A one-time code; with *office*, the whole code (the office's half added, so the
        office store can certify the laptop's keys)."""
        with self.db.session() as s:
            device_id, code = service.add_device(s, "Laptop 12")
        if office is None:
            return code
        with office.unit() as s:
            return devices.device_code(s, device_id, code)


def start_service(folder: Path, office: Any) -> InProcessService:
    url = f"sqlite:///{folder / 'service.sqlite3'}"
    db = ServiceDatabase(url)
    db.migrate()
    with db.session() as s:
        pub = service.ensure_service_key(s).public
    with office.unit() as s:
        bundle = keys.trust_bundle(s, pub)
    with db.session() as s:
        service.set_trust(s, bundle)
    app = create_app(ServiceConfig(database_url=url), db)
    return InProcessService(db, TestClient(app, base_url="http://service.test"))


def provision(ws: Any, svc: InProcessService, office: Any) -> str:
    with office.unit() as s:
        fp = keys.trust_bundle(s).fingerprint
    code = svc.device_code(office)
    return client.provision(ws, "http://service.test", code, fp, svc.transport)


def td3_for(person: tuple[Any, ...]) -> str:
    surname, given, born, _nat, mrz_country, number, _lang = person
    return H.td3(
        surname.upper(), given.upper(), number, mrz_country, born.strftime("%y%m%d"), "F", "300101"
    )


def id_card_jpeg(person: tuple[Any, ...], side: str) -> bytes:
    """A drawn, clearly fictitious identity document (SPECIMEN) as JPEG: front or back."""
    import io

    from PIL import Image, ImageDraw, ImageFont

    from inspector.paths import FONTS_DIR

    font = ImageFont.truetype(str(FONTS_DIR / "DejaVuSans.ttf"), 34)
    small = ImageFont.truetype(str(FONTS_DIR / "DejaVuSans.ttf"), 26)

    surname, given, born, nat, _mrz, number, _lang = person
    image = Image.new(
        "RGB", (1012, 638), (222, 232, 242) if side == "id_front" else (236, 236, 226)
    )
    draw = ImageDraw.Draw(image)
    draw.rectangle([(8, 8), (1003, 629)], outline=(40, 60, 110), width=6)
    if side == "id_front":
        draw.rectangle([(40, 130), (300, 470)], fill=(170, 180, 195))
        draw.text((40, 40), f"SPECIMEN - VOORBEELD - {nat} ID", fill=(40, 60, 110), font=font)
        lines = [f"Surname: {surname.upper()}", f"Given names: {given.upper()}",
                 f"Born: {born:%d.%m.%Y}", f"Nationality: {nat}", f"No.: {number}",
                 "Expiry: 01.01.2030"]  # fmt: skip
        for i, line in enumerate(lines):
            draw.text((340, 140 + 50 * i), line, fill=(20, 20, 20), font=font)
    else:
        draw.text((40, 40), "SPECIMEN - NOT A REAL DOCUMENT", fill=(40, 60, 110), font=font)
        for i, line in enumerate(td3_for(person).splitlines()):
            draw.text((30, 500 + 40 * i), line, fill=(20, 20, 20), font=small)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def register(
    ws: Any, person: tuple[Any, ...], insp_id: str | None = None, *, real_scans: bool = False
) -> tuple[str, str]:
    """One fictitious resident registered and signed: (inspection id, registration id)."""
    surname, given, born, nat, _mrz, number, lang = person
    if insp_id is None:
        insp_id = ws.inspections.create(
            address="Voorbeeldstraat 12 A", postcode="2801 AB", city="Gouda"
        ).id
    res = ws.residents.add(insp_id, f"{given} {surname[0]}.", lang, room="3")
    answers: dict[str, Any] = {
        "surname": surname,
        "given_names": given,
        "birth_date": born,
        "birth_place": "Voorbeeldstad",
        "birth_country": nat,
        "sex": "female",
        "nationalities": [nat],
        "document_type": "passport",
        "document_number": number,
        "document_country": nat,
        "document_expiry": date(2030, 1, 1),
        "arrival_date": H.TODAY - timedelta(days=20),
        "expected_stay": "at_least_4_months",
        "moving_in_date": H.TODAY - timedelta(days=20),
        "address_abroad_country": nat,
        "address_abroad": "Voorbeeldweg 1",
        "current_registration": "none",
    }
    for key, value in answers.items():
        ws.answers.save(insp_id, "betrokkene", 1, key, value, resident_id=res.id)
    eid = ws.registrations.start(res.id, consent=True, today=H.TODAY)
    H.complete(ws, eid, mrz=td3_for(person))
    if real_scans:
        for side in ("id_front", "id_back"):
            ws.registrations.attach_scan(eid, side, id_card_jpeg(person, side), "image/jpeg")
    ws.registrations.sign(eid, today=H.TODAY)
    return str(insp_id), eid


def decide_three(world: Any, *, first_registration: bool) -> tuple[Any, Any, str, dict[str, str]]:
    """Three residents registered on the laptop, synced and pulled by the office, then decided:
    Przykladowa processed, Exemplu returned with a question, Vzorova refused. Returns the desk,
    the inspection id and the ids (the laptop's by first name, the office's by surname)."""
    from inspector.clerk import receive
    from inspector.clerk.desk import ClerkDesk

    office, svc, laptop = world
    insp, anna = register(laptop, PEOPLE[0])
    _, ion = register(laptop, PEOPLE[1], insp)
    _, jana = register(laptop, PEOPLE[2], insp)
    assert client.sync_once(laptop, svc.transport).ok
    receive.pull(office, svc.transport)
    desk = ClerkDesk(office, svc.transport)
    by_name = {r.name.split(",")[0]: r.record_id for r in desk.queue()}
    for rid in by_name.values():
        desk.take(rid)
    desk.decide(
        by_name["Przykladowa"],
        "processed",
        bsn="111222333",
        registration_date=localtime.today(),
        first_registration=first_registration,
    )
    desk.decide(by_name["Exemplu"], "returned", message="Klopt de geboorteplaats?")
    desk.decide(by_name["Vzorova"], "refused", message="Geen geldig identiteitsdocument getoond")
    return laptop, desk, insp, {"anna": anna, "ion": ion, "jana": jana, **by_name}
