"""Input data for letters: plain frozen dataclasses, independent of the database."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from inspector.error_kinds import KnownError
from inspector.settings import Municipality, Norms

#: Every letter the package can produce, in the order the UI lists them.
KINDS: tuple[str, ...] = (
    "control",
    "receipt",
    "confirmation",
    "rni-referral",
    "invitation",
    "report",
    "referral-nla",
    "referral-snf",
)

#: The offices (settings: municipality contacts) each letter names; the first one is the
#: letter's sender, printed in the letterhead and the footer.
LETTER_OFFICES: dict[str, tuple[str, ...]] = {
    "control": ("handhaving", "meldpunt"),
    "receipt": ("burgerzaken",),
    "confirmation": ("burgerzaken",),
    "rni-referral": ("burgerzaken", "rni_counter"),
    "invitation": ("burgerzaken",),
    "report": ("handhaving",),
    "referral-nla": ("handhaving",),
    "referral-snf": ("handhaving",),
}

#: Letters addressed to one resident (they need a resident).
RESIDENT_KINDS: frozenset[str] = frozenset(
    {"receipt", "confirmation", "rni-referral", "invitation"}
)

#: Output formats of :func:`inspector.letters.render`.
Format = Literal["pdf", "docx"]

#: A measured value or a norm: numbers are formatted per language, text is printed as given.
Amount = str | int | float | None


class LetterError(KnownError):
    """A letter cannot be produced: unknown kind or language, missing data or a bad template."""


class ContactDetailsMissing(LetterError):
    """The municipality's contact details for this letter are not set (or still samples)."""

    def __init__(self, kind: str, missing: Sequence[str]) -> None:
        self.kind = kind
        self.missing = tuple(missing)
        super().__init__(
            "letter.contact_missing",
            "Deze brief kan nog niet worden gemaakt: in de instellingen van de gemeente "
            "ontbreekt {missing}. Vul die in via Inspector → Instellingen gemeente (beheerder).",
            "This letter cannot be made yet: the municipality's settings lack {missing}. Fill "
            "them in under Inspector → Municipality settings (administrator).",
            missing="; ".join(self.missing),
        )


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
    #: Whether the omgevingsplan allows living here (None: not answered).
    use_allowed: bool | None = None
    #: Access to the dwelling (Awb 5:15): who consented, when, when the officers left.
    consent: bool | None = None
    consent_by: str = ""
    consent_time: datetime | None = None
    left_time: datetime | None = None
    #: Interpreter as one line ("Tolk via telefoon, Pools, T. Fictief"); "" when none.
    interpreter: str = ""
    interpreter_used: bool | None = None


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
    #: For the salutation: surname, and "male" / "female" / "" (unknown).
    surname: str = ""
    sex: str = ""


@dataclass(frozen=True)
class RegistrationInfo:
    """A registration: declared on the spot (receipt) or processed by burgerzaken (confirmation).

    Display texts (sex, country, nationality) are already in the letter's language.
    """

    registered_on: date
    address: str
    postcode: str
    city: str
    room: str = ""
    moved_in: date | None = None
    reference: str = ""
    #: True once burgerzaken processed it: BSN and registration date are the BRP's.
    processed: bool = False
    bsn: str = ""
    sex: str = ""
    birth_place: str = ""
    birth_country: str = ""
    nationality: str = ""
    #: When the resident signed the declaration on the spot, and who received it.
    declared_at: datetime | None = None
    received_by: str = ""
    received_mandate: str = ""
    arrival: date | None = None
    document: str = ""
    #: Living at the address is not allowed by the omgevingsplan (VNG: register anyway).
    use_not_allowed: bool = False


@dataclass(frozen=True)
class InvitationInfo:
    """Group registration on location (Peel en Maas): when and where to come."""

    when: datetime
    place: str
    #: Extra documents to bring besides the identity document, as typed (one line each).
    bring: Sequence[str] = ()
    #: Documents to bring from the common list (``templates.INVITATION_DOCUMENTS``): each
    #: letter names them in its own language.
    documents: Sequence[str] = ()


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
    #: "legal" (enforceable norm), "snf" (certification standard) or "advice".
    category: str = "legal"


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
    invitation: InvitationInfo | None = None
    #: Registration periods printed in the control letter come from the municipality's norms.
    norms: Norms = field(default_factory=Norms)
    #: Who signs; defaults to the first officer of the inspection.
    signer: str = ""
    #: Date printed on the letter; defaults to today.
    letter_date: date | None = None
    #: Marks every page as a sample with fictitious data.
    sample: bool = False
    #: How long the case file is kept (settings.retention_days), for the privacy notice.
    retention_days: int = 3650
