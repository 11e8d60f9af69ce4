"""Input data for letters: plain frozen dataclasses, independent of the database."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from inspector.settings import Municipality, Norms

#: Every letter the package can produce, in the order the UI lists them.
KINDS: tuple[str, ...] = ("control", "confirmation", "report", "referral-nla", "referral-snf")

#: Output formats of :func:`inspector.letters.render`.
Format = Literal["pdf", "docx"]

#: A measured value or a norm: numbers are formatted per language, text is printed as given.
Amount = str | int | float | None


class LetterError(Exception):
    """A letter cannot be produced: unknown kind or language, missing data or a bad template."""


@dataclass(frozen=True)
class InspectionInfo:
    """The control location record, as far as letters need it."""

    reference: str
    address: str
    postcode: str
    city: str
    date: date
    officers: Sequence[str] = ()
    partners: Sequence[str] = ()
    accommodation_type: str = ""
    bag_id: str = ""
    floor_area_m2: float | None = None
    owner: str = ""
    #: Landlord or housing provider (verhuurder / huisvester).
    landlord: str = ""
    #: Employer or temp agency (werkgever / uitzendbureau).
    employer: str = ""
    #: Whether partner organisations took part (integrale controle).
    joint_control: bool = False
    #: Reports already made elsewhere (e.g. "Politie, 12-10-2026").
    reports_elsewhere: Sequence[str] = ()


@dataclass(frozen=True)
class ResidentInfo:
    """The resident a letter is addressed to."""

    name: str
    birth_date: date | None = None
    #: Language code of the resident's letter (nl, en, pl, uk, ro).
    language: str = "nl"
    address: str = ""
    room: str = ""
    postcode: str = ""
    city: str = ""
    bsn: str = ""


@dataclass(frozen=True)
class RegistrationInfo:
    """What the clerk registered in the BRP for the resident."""

    registered_on: date
    address: str
    postcode: str
    city: str
    room: str = ""
    moved_in: date | None = None
    reference: str = ""


@dataclass(frozen=True)
class FindingLine:
    """One finding: a rule checked, with the numbers that show the outcome."""

    number: str
    title: str
    measured: Amount = None
    norm: Amount = None
    unit: str = ""
    #: Where the norm comes from, e.g. "SNF 1.4.1" or "Bouwbesluit 7.18"; an "SNF" prefix puts
    #: the finding in the SNF referral.
    source: str = ""
    #: Outcome as printed, e.g. "voldoet niet".
    outcome: str = ""
    #: Whether the norm was not met; only breached findings count and go to the SNF referral.
    breached: bool = True


@dataclass(frozen=True)
class BedroomRow:
    """One bedroom of the dwelling."""

    name: str
    area_m2: float | None = None
    beds: int | None = None
    persons: int | None = None
    window: bool | None = None
    remark: str = ""


@dataclass(frozen=True)
class PhotoItem:
    """A photo (PNG or JPEG bytes) with its caption."""

    image: bytes
    caption: str


@dataclass(frozen=True)
class SignalLine:
    """A signal of exploitation or abuse and to whom it was passed on."""

    text: str
    passed_to: str = ""
    date: date | None = None


@dataclass(frozen=True)
class Counts:
    """Numbers of persons at the address; None where not counted."""

    persons_present: int | None = None
    registered_before: int | None = None
    registered_on_site: int | None = None
    residents_interviewed: int | None = None


@dataclass(frozen=True)
class LetterContext:
    """Everything any letter may print; each letter uses the parts it needs."""

    municipality: Municipality
    logo: bytes | None = None
    inspection: InspectionInfo | None = None
    resident: ResidentInfo | None = None
    findings: Sequence[FindingLine] = ()
    bedrooms: Sequence[BedroomRow] = ()
    photos: Sequence[PhotoItem] = ()
    signals: Sequence[SignalLine] = ()
    counts: Counts = field(default_factory=Counts)
    registration: RegistrationInfo | None = None
    #: Registration periods printed in the control letter come from the municipality's norms.
    norms: Norms = field(default_factory=Norms)
    #: Who signs; defaults to the first officer of the inspection.
    signer: str = ""
    #: Date printed on the letter; defaults to today.
    letter_date: date | None = None
    #: Marks every page as a sample with fictitious data.
    sample: bool = False
