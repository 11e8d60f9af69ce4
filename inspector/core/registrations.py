"""On-the-spot BRP registrations on a Workspace: consent, prefill, ID check, signature, PDF, import.

The working copy of the registration form is the resident's ``inschrijving`` form record (the
form screen autosaves into it); the registration row keeps the consent, the document check, the
scans and the signature, and on signing a frozen snapshot of the form and the signed PDF.
A signed registration is read-only: a correction is a new version that supersedes it once signed.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session
from stdnum.nl import bsn as stdnum_bsn

from inspector import LANGUAGES, localtime
from inspector.core.ids import InspectionId, RegistrationId, ResidentId
from inspector.core.workspace import (
    InvalidInput,
    NotFound,
    ReadOnly,
    Workspace,
    WorkspaceError,
    writable_inspection,
)
from inspector.documents.countries import (
    country_name,
    free_movement,
    is_known_code,
    mrz_code_to_alpha2,
)
from inspector.documents.mrz import (
    Mismatch,
    MrzError,
    MrzResult,
    compare,
    document_expired,
    parse_mrz,
)
from inspector.employer_list import importlist
from inspector.forms import FieldType, FormDefinition, check_value, evaluate, load_form
from inspector.localtime import local_day
from inspector.messages import BilingualMessage
from inspector.paths import form_file
from inspector.registration_form import fields as F
from inspector.rules import RegistrationDuty, registration_duty
from inspector.rules.model import DutyKinds
from inspector.rules.registration import BRP_ELSEWHERE
from inspector.settings import Municipality, Norms
from inspector.states import InspectionState, RegistrationState
from inspector.storage.models import Inspection, Registration, Resident, utcnow
from inspector.storage.upgrade import import_lookup

if TYPE_CHECKING:
    # The PDF (reportlab) is loaded when a form is signed, not when the registrations open.
    from inspector.registration_form.pdf import RegistrationPdfData

FORM_ID = "inschrijving"
RESIDENT_FORM_ID = "betrokkene"

DRAFT, SIGNED, DECLINED, SUPERSEDED, PROCESSED, REFERRED_RNI, REFUSED = (
    RegistrationState.DRAFT.value,
    RegistrationState.SIGNED.value,
    RegistrationState.DECLINED.value,
    RegistrationState.SUPERSEDED.value,
    RegistrationState.PROCESSED.value,
    RegistrationState.REFERRED_RNI.value,
    RegistrationState.REFUSED.value,
)


def refused_error(row: Registration) -> RegistrationError:
    """What a refused registration says when asked to be changed, signed, sent or processed
    again (the reason is on the registration, not in the message: messages may be logged)."""
    return RegistrationError(
        BilingualMessage(
            "registration.refused",
            "Burgerzaken heeft deze inschrijving geweigerd (zie de reden bij de inschrijving); "
            "zij wordt niet opnieuw ondertekend, gecorrigeerd of verstuurd. De bewoner kan "
            "opnieuw aangifte doen: begin dan een nieuwe inschrijving.",
            "Burgerzaken refused this registration (see the reason on the registration); it "
            "is not signed, corrected or sent again. The resident can declare again: start a "
            "new registration then.",
        )
    )


Kind = Literal["ingezetene"]  # F.RegistrationKind.INGEZETENE
ScanSide = Literal["id_front", "id_back"]
#: On the spot only as a resident (ingezetene): RNI registration happens in person at an RNI
#: counter, and the resident gets a referral to it (letter "rni-referral").
KINDS: tuple[str, ...] = (F.RegistrationKind.INGEZETENE,)

RNI_REFERRAL = BilingualMessage(
    "rni_not_on_the_spot",
    "Inschrijving als niet-ingezetene (RNI) kan niet ter plaatse: die gebeurt persoonlijk bij "
    "een RNI-loket. Geef de bewoner de brief 'Verwijzing naar het RNI-loket'.",
    "Registration as a non-resident (RNI) cannot be done on the spot: it happens in person at "
    "an RNI counter. Give the resident the letter 'Referral to the RNI counter'.",
)

#: A V-number (vreemdelingennummer) has ten digits.
_V_NUMBER = re.compile(r"^\d{10}$")

#: Fields the service fills itself when signing; the officer never types them.
AUTOMATIC_FIELDS = (
    F.SIGNING_PLACE,
    F.SIGNING_DATE,
    F.OFFICER_NAME,
    F.OFFICER_MANDATE,
    F.DOCUMENT_CHECKED,
    F.DOCUMENT_SCAN,
    F.SIGNATURE,
)


class RegistrationError(WorkspaceError):
    """A registration step cannot be done; ``message`` says why in Dutch and English."""

    def __init__(self, message: BilingualMessage) -> None:
        super().__init__(message.en)
        self.message = message


class ConfirmationNeeded(RegistrationError):
    """The answers point to a short stay (RNI) but ingezetene was chosen: the officer confirms."""


class NotSignable(RegistrationError):
    """Signing is refused; ``problems`` lists every reason at once."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        first = problems[0].message if problems else BilingualMessage("incomplete", "", "")
        super().__init__(
            BilingualMessage(
                "not_signable",
                "De inschrijving kan nog niet worden ondertekend: "
                + "; ".join(p.message.nl for p in problems),
                "The registration cannot be signed yet: "
                + "; ".join(p.message.en for p in problems),
            )
        )
        self.problems = list(problems)
        self.first = first


class ImportFailed(RegistrationError):
    """The list as a whole cannot be imported; nothing was imported."""


@dataclass(frozen=True)
class Problem:
    """One reason why a registration is not complete; ``field`` is a form field id or None."""

    code: str
    message: BilingualMessage
    field: str | None = None


@dataclass(frozen=True)
class RegistrationDetail:
    """A detached copy of one registration row (the GUI never holds a session)."""

    id: RegistrationId
    inspection_id: InspectionId
    resident_id: ResidentId
    version: int
    state: str
    kind: str | None
    consent_at: datetime | None
    signed_at: datetime | None
    officer_id: str | None
    supersedes_id: str | None
    data: dict[str, Any]
    #: A finalized inspection locks its registrations too, drafts included.
    inspection_finalized: bool = False

    @property
    def read_only(self) -> bool:
        return self.state != DRAFT or self.inspection_finalized

    @property
    def language(self) -> str:
        lang = self.data.get("consent", {}).get("language", "nl")
        return lang if lang in LANGUAGES else "nl"

    @property
    def pdf_attachment_id(self) -> str | None:
        value = self.data.get("pdf_attachment_id")
        return value if isinstance(value, str) else None

    @property
    def signature_attachment_id(self) -> str | None:
        sig = self.data.get(F.SIGNATURE) or {}
        value = sig.get("attachment_id")
        return value if isinstance(value, str) else None

    def scan_id(self, side: ScanSide) -> str | None:
        value = (self.data.get("scans") or {}).get(side)
        return value if isinstance(value, str) else None


@dataclass(frozen=True)
class RegistrationRow:
    """One line of the registration list of an inspection (one per resident)."""

    resident_id: ResidentId
    resident_name: str
    language: str
    room: str | None
    #: registered (signed/processed), pending (draft), declined, or none (not started).
    status: str
    registration_id: RegistrationId | None
    state: str | None
    kind: str | None
    version: int | None
    signed_at: datetime | None


@dataclass
class DocumentCheckResult:
    """The identity-document check as the screen shows it; nothing here is stored by itself."""

    mrz: MrzResult | None = None
    mrz_error: BilingualMessage | None = None
    mismatches: list[Mismatch] = field(default_factory=list)
    expired: bool = False
    expiry_date: date | None = None
    #: Why the document in the MRZ cannot establish identity (a visa, ...), or None.
    refusal: BilingualMessage | None = None

    @property
    def mrz_valid(self) -> bool | None:
        if self.mrz_error is not None:
            return False
        return None if self.mrz is None else self.mrz.valid


@dataclass(frozen=True)
class SignResult:
    registration: RegistrationDetail
    pdf_attachment_id: str
    pdf: bytes


@dataclass
class ImportReport:
    """What ``import_residents`` did; row numbers are those a spreadsheet shows (header = 1)."""

    created: list[tuple[int, str]] = field(default_factory=list)
    skipped_duplicates: list[int] = field(default_factory=list)
    #: Rows imported before but cut off (killed, disk full): their missing answers were added.
    completed: list[tuple[int, str]] = field(default_factory=list)
    errors: list[tuple[int, BilingualMessage]] = field(default_factory=list)
    warnings: list[BilingualMessage] = field(default_factory=list)
    flags: list[tuple[int, list[str]]] = field(default_factory=list)
    source_format: str = ""
    #: Which rows of which sheet were read, and the hidden rows left out.
    summary: BilingualMessage | None = None


# -- forms ------------------------------------------------------------------------------------


@cache
def registration_form() -> FormDefinition:
    return load_form(form_file(FORM_ID))


@cache
def resident_form() -> FormDefinition:
    return load_form(form_file(RESIDENT_FORM_ID))


def _today(today: date | None) -> date:
    return today or localtime.today()


def bare_municipality(name: str) -> str:
    """'Gemeente Gouda' -> 'Gouda': the texts say "de gemeente {municipality}"."""
    return Municipality(name=name).bare_name


def split_address(address: str) -> tuple[str, str]:
    """'Kerkstraat 12 A' -> ('Kerkstraat', '12 A'): the house number is the last group of
    digits (with a letter or addition), so that 'Laan 1940-1945 3' keeps its street name."""
    match = re.match(r"^(.*\S)\s+(\d+\S*(?:\s+[A-Za-z]{1,4})?)$", address.strip())
    if match is None:
        return address.strip(), ""
    return match.group(1).strip(), match.group(2).strip()


# -- rows -------------------------------------------------------------------------------------


def _info(row: Registration, *, inspection_finalized: bool = False) -> RegistrationDetail:
    return RegistrationDetail(
        id=RegistrationId(row.id),
        inspection_id=InspectionId(row.inspection_id),
        resident_id=ResidentId(row.resident_id),
        version=row.version,
        state=row.state,
        kind=row.kind,
        consent_at=row.consent_at,
        signed_at=row.signed_at,
        officer_id=row.officer_id,
        supersedes_id=row.supersedes_id,
        data=dict(row.data or {}),
        inspection_finalized=inspection_finalized,
    )


def _finalized(s: Session, inspection_id: str) -> bool:
    insp = s.get(Inspection, inspection_id)
    return insp is not None and insp.state == InspectionState.FINALIZED


def _row(s: Session, registration_id: str) -> Registration:
    row = s.get(Registration, registration_id) if registration_id else None
    if row is None:
        raise NotFound(
            "registration.not_found",
            "geen inschrijving met id {id!r}",
            "no registration with id {id!r}",
            id=registration_id,
        )
    return row


def _draft(s: Session, registration_id: str) -> Registration:
    """The registration for a change: a draft of an inspection that is not finalized."""
    row = _row(s, registration_id)
    if row.state == REFUSED:
        raise refused_error(row)
    if row.supersedes_id:
        old = s.get(Registration, row.supersedes_id)
        if old is not None and old.state == REFUSED:
            # A correction begun before the refusal arrived: it would send the refused
            # registration again.
            raise refused_error(old)
    writable_inspection(s, row.inspection_id)
    if row.state != DRAFT:
        raise ReadOnly(
            "registration.not_draft",
            "deze inschrijving is {state}; een correctie maakt een nieuwe versie (corrigeer haar)",
            "this registration is {state}; a correction makes a new version (correct it)",
            state=row.state,
        )
    return row


def _open_registrations(
    s: Session, resident_id: str, language: str | None
) -> tuple[str, str, Sequence[Registration]]:
    """For starting or closing a resident's registration: the inspection (checked writable),
    the language (the resident's unless given; checked) and the resident's draft and signed
    registrations."""
    res = _resident(s, resident_id)
    writable_inspection(s, res.inspection_id)
    lang = language or res.language
    if lang not in LANGUAGES:
        raise InvalidInput(
            "language.unknown",
            "onbekende taal {lang!r}",
            "unknown language {lang!r}",
            lang=lang,
        )
    open_rows = s.scalars(
        select(Registration).where(
            Registration.resident_id == resident_id, Registration.state.in_((DRAFT, SIGNED))
        )
    ).all()
    return res.inspection_id, lang, open_rows


def _resident(s: Session, resident_id: str) -> Resident:
    row = s.get(Resident, resident_id) if resident_id else None
    if row is None:
        raise NotFound(
            "resident.not_found",
            "geen bewoner met id {id!r}",
            "no resident with id {id!r}",
            id=resident_id,
        )
    return row


# -- duty and prefill -------------------------------------------------------------------------


@dataclass(frozen=True)
class Declared:
    """What a resident declared and signed in an on-the-spot registration."""

    values: dict[str, Any]
    kind: str | None
    signed_on: date | None


# -- the life of one registration ----------------------------------------------------------------


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


#: Fields an MRZ compares: a valid MRZ without differences verifies them.
_MRZ_VERIFIES = (F.SURNAME, F.GIVEN_NAMES, F.BIRTH_DATE)


def still_unverified(listed: Mapping[str, Any], values: Mapping[str, Any]) -> list[str]:
    """The fields of *listed* whose value in *values* is still the list's (a value the officer
    changed is no longer the list's)."""
    return [f for f, v in listed.items() if _jsonable(values.get(f)) == v]


def first_registration(found: RegistrationDuty) -> bool:
    """Whether registering would be a first registration as ingezetene (not the move of someone
    already in the BRP at another address)."""
    return found.current_registration != BRP_ELSEWHERE


def short_stay_refusal(found: RegistrationDuty, norms: Norms) -> BilingualMessage:
    """Why a first registration as ingezetene cannot be made against a short stay."""
    months, window = norms.registration_months, norms.registration_window_months
    return BilingualMessage(
        "short_stay_rni",
        f"Inschrijven als ingezetene kan alleen bij een verwacht verblijf van ten minste "
        f"{months} maanden binnen {window} maanden (Wet BRP art. 2.38); volgens de antwoorden "
        f"is het korter ({found.reason_nl}). Klopt de verwachte verblijfsduur niet, pas die "
        "dan aan; anders krijgt de bewoner de verwijzing naar het RNI-loket.",
        f"Registration as a resident needs an expected stay of at least {months} months within "
        f"{window} months (Wet BRP art. 2.38); the answers say it is shorter "
        f"({found.reason_en}). If the expected stay is wrong, correct it; otherwise the "
        "resident gets the referral to the RNI counter.",
    )


def _short_stay_message(found: RegistrationDuty) -> BilingualMessage:
    return BilingualMessage(
        "confirm_short_stay",
        f"De antwoorden wijzen op een kort verblijf ({found.reason_nl}). Bevestig dat deze "
        "persoon zich toch als ingezetene inschrijft; anders geen inschrijving hier, maar de "
        "verwijzing naar het RNI-loket.",
        f"The answers point to a short stay ({found.reason_en}). Confirm that this person "
        "registers as a resident all the same.",
    )


_DOC_FROM_MRZ = {
    "P": F.DocumentType.PASSPORT,
    "I": F.DocumentType.EU_ID_CARD,
    "A": F.DocumentType.EU_ID_CARD,
    "C": F.DocumentType.EU_ID_CARD,
}


def values_from_mrz(mrz: MrzResult) -> dict[str, Any]:
    """Form values the MRZ provides (document type, number, country, expiry and the person),
    for filling empty fields so that the officer does not type them."""
    values: dict[str, Any] = {
        F.DOCUMENT_NUMBER: mrz.document_number,
        F.DOCUMENT_EXPIRY: mrz.expiry_date,
        F.SURNAME: mrz.surname.title() if mrz.surname else None,
        F.GIVEN_NAMES: mrz.given_names.title() if mrz.given_names else None,
        F.BIRTH_DATE: mrz.birth_date,
        F.SEX: {"M": F.Sex.MALE, "F": F.Sex.FEMALE}.get(mrz.sex, F.Sex.UNKNOWN),
    }
    doc_type = _DOC_FROM_MRZ.get(mrz.document_code[:1])
    if doc_type:
        values[F.DOCUMENT_TYPE] = doc_type
    country = mrz_code_to_alpha2(mrz.issuing_state)
    if country:
        values[F.DOCUMENT_COUNTRY] = country
    nationality = mrz_code_to_alpha2(mrz.nationality)
    if nationality:
        values[F.NATIONALITIES] = [nationality]
    return {k: v for k, v in values.items() if v not in (None, "")}


def _entered_for_compare(values: Mapping[str, Any]) -> dict[str, Any]:
    sex = {F.Sex.MALE: "M", F.Sex.FEMALE: "F", F.Sex.UNKNOWN: "X"}.get(str(values.get(F.SEX) or ""))
    return {
        "surname": values.get(F.SURNAME),
        "given_names": values.get(F.GIVEN_NAMES),
        "birth_date": values.get(F.BIRTH_DATE),
        "sex": sex,
        "document_number": values.get(F.DOCUMENT_NUMBER),
        "expiry_date": values.get(F.DOCUMENT_EXPIRY),
        "issuing_country": values.get(F.DOCUMENT_COUNTRY),
    }


def check_document(
    values: Mapping[str, Any], mrz_text: str | None, *, today: date | None = None
) -> DocumentCheckResult:
    """Pure: parse the MRZ (if any), verify its check digits and compare it field by field with
    the form values; and whether the document has expired."""
    day = _today(today)
    result = DocumentCheckResult()
    expiry = values.get(F.DOCUMENT_EXPIRY)
    if isinstance(expiry, datetime):
        expiry = expiry.date()
    if isinstance(expiry, str):
        try:
            expiry = date.fromisoformat(expiry)
        except ValueError:
            expiry = None
    if mrz_text and mrz_text.strip():
        try:
            result.mrz = parse_mrz(mrz_text, today=day)
        except MrzError as exc:
            result.mrz_error = exc.message
    if result.mrz is not None:
        result.refusal = result.mrz.refusal
        entered = _entered_for_compare(values)
        nationalities = values.get(F.NATIONALITIES) or []
        mrz_nat = mrz_code_to_alpha2(result.mrz.nationality)
        if nationalities:
            entered["nationality"] = mrz_nat if mrz_nat in nationalities else nationalities[0]
        result.mismatches = compare(result.mrz, entered)
        if expiry is None:
            expiry = result.mrz.expiry_date
    result.expiry_date = expiry if isinstance(expiry, date) else None
    result.expired = document_expired(result.expiry_date, day)
    return result


# -- completeness and signing -----------------------------------------------------------------


def _problem(code: str, nl: str, en: str, field_id: str | None = None) -> Problem:
    return Problem(code, BilingualMessage(code, nl, en), field_id)


def _display(values: Mapping[str, Any], lang: str) -> dict[str, str | None]:
    """Form values as the PDF prints them, keyed by the PDF's field ids."""
    form = registration_form()

    def fmt_date(value: Any) -> str | None:
        return value.strftime("%d-%m-%Y") if isinstance(value, date) else None

    def country(value: Any) -> str | None:
        if not value:
            return None
        code = str(value)
        if not is_known_code(code):
            return code
        nl, other = country_name(code, "nl"), country_name(code, lang)
        return nl if nl == other else f"{nl} / {other}"

    def choice(field_id: str) -> str | None:
        value = values.get(field_id)
        if not value:
            return None
        try:
            label = form.field(field_id).choice(str(value)).label
        except KeyError:
            return str(value)
        nl, other = label.get("nl"), label.get(lang)
        return nl if nl == other else f"{nl} / {other}"

    partner = " ".join(
        str(values.get(k) or "") for k in (F.PARTNER_GIVEN_NAMES, F.PARTNER_SURNAME)
    ).strip()
    marriage = ", ".join(
        x for x in (fmt_date(values.get(F.MARRIAGE_DATE)), values.get(F.MARRIAGE_PLACE)) if x
    )
    earlier = values.get(F.EARLIER_REGISTRATION_NL)
    earlier_text = (
        " – ".join(
            x
            for x in (choice(F.EARLIER_REGISTRATION_NL), values.get(F.EARLIER_REGISTRATION_DETAILS))
            if x
        )
        if earlier
        else None
    )
    street = " ".join(str(values.get(k) or "") for k in (F.STREET, F.HOUSE_NUMBER)).strip()
    town = " ".join(str(values.get(k) or "") for k in (F.POSTCODE, F.TOWN)).strip()
    nationalities = values.get(F.NATIONALITIES) or []
    return {
        "surname": values.get(F.SURNAME),
        "given_names": values.get(F.GIVEN_NAMES),
        "birth_date": fmt_date(values.get(F.BIRTH_DATE)),
        "birth_place": values.get(F.BIRTH_PLACE),
        "birth_country": country(values.get(F.BIRTH_COUNTRY)),
        "sex": choice(F.SEX),
        "nationality": "; ".join(filter(None, (country(n) for n in nationalities))) or None,
        "civil_status": choice(F.CIVIL_STATUS),
        "partner_name": partner or None,
        "partner_birth_date": fmt_date(values.get(F.PARTNER_BIRTH_DATE)),
        "marriage": marriage or None,
        "earlier_registration": earlier_text or None,
        "previous_country": country(values.get(F.ADDRESS_ABROAD_COUNTRY)),
        "previous_address": values.get(F.ADDRESS_ABROAD),
        "arrival_date": fmt_date(values.get(F.ARRIVAL_DATE)),
        "address": ", ".join(p for p in (street, town) if p) or None,
        "room": values.get(F.UNIT),
        "move_in_date": fmt_date(values.get(F.MOVING_IN_DATE)),
        "bsn": values.get(F.BSN),
        "phone": values.get(F.PHONE),
        "email": values.get(F.EMAIL),
    }


_PDF_DOC_TYPES = {
    F.DocumentType.PASSPORT: "passport",
    F.DocumentType.EU_ID_CARD: "id_card",
    F.DocumentType.RESIDENCE_DOCUMENT: "residence_document",
}


@dataclass(frozen=True)
class Processing:
    """What burgerzaken recorded in the BRP for a signed registration."""

    bsn: str
    registration_date: date
    processed_at: datetime
    processed_by: str | None


def processing(info: RegistrationDetail) -> Processing | None:
    """The processing outcome of a processed registration, None before that."""
    raw = info.data.get("processing")
    if info.state != PROCESSED or not isinstance(raw, dict):
        return None
    return Processing(
        bsn=str(raw[F.BSN]),
        registration_date=date.fromisoformat(str(raw["registration_date"])),
        processed_at=datetime.fromisoformat(str(raw["processed_at"])),
        processed_by=raw.get("processed_by"),
    )


@dataclass(frozen=True)
class Refusal:
    """Burgerzaken's refusal of a registration, as the laptop received it."""

    reason: str
    decided_on: date | None


def refusal(info: RegistrationDetail) -> Refusal | None:
    """The refusal of a refused registration, None for any other state."""
    raw = info.data.get("refusal")
    if info.state != REFUSED or not isinstance(raw, dict):
        return None
    day = raw.get("decided_on")
    return Refusal(str(raw.get("reason") or ""), date.fromisoformat(day) if day else None)


# -- group registration: the employer's list --------------------------------------------------


_NAME_FIELDS = (F.SURNAME, F.GIVEN_NAMES, F.BIRTH_PLACE)
#: The longest name the BRP holds (geslachtsnaam: 200 characters); the form's own
#: ``max_length`` applies where it is shorter.
NAME_MAX_LENGTH = 200


def _hostile(text: str) -> bool:
    """Characters no name has: control characters (NUL...), direction overrides and isolates,
    zero-width characters (Unicode categories Cc and Cf)."""
    return any(unicodedata.category(c) in ("Cc", "Cf") for c in text)


def _name_problem(row: importlist.ImportRow) -> BilingualMessage | None:
    """The form's own limit (and the BRP's) applied to the names of an import row."""
    form = resident_form()
    for field_id in _NAME_FIELDS:
        value = getattr(row, field_id) or ""
        limit = form.field(field_id).max_length or NAME_MAX_LENGTH
        if len(value) > min(limit, NAME_MAX_LENGTH):
            return BilingualMessage(
                "name_too_long",
                f"Een naam in deze rij is langer dan {min(limit, NAME_MAX_LENGTH)} tekens.",
                f"A name in this row is longer than {min(limit, NAME_MAX_LENGTH)} characters.",
            )
    return None


_IMPORTED_FIELDS = (
    F.SURNAME,
    F.GIVEN_NAMES,
    F.BIRTH_DATE,
    F.BIRTH_PLACE,
    F.BIRTH_COUNTRY,
    F.ARRIVAL_DATE,
    F.BSN,
)


FLAG_TEXTS: dict[str, BilingualMessage] = {
    importlist.FLAG_DAMAGED_NAME: BilingualMessage(
        "damaged_name",
        "naam ziet er beschadigd uit; controleer de spelling met het identiteitsbewijs",
        "name looks damaged; check the spelling against the identity document",
    ),
    importlist.FLAG_NO_GIVEN_NAMES: BilingualMessage(
        "no_given_names", "geen voornamen opgegeven", "no given names given"
    ),
    importlist.FLAG_ARRIVAL_IN_FUTURE: BilingualMessage(
        "arrival_in_future",
        "datum van aankomst ligt in de toekomst",
        "arrival date is in the future",
    ),
    importlist.FLAG_DUPLICATE_IN_FILE: BilingualMessage(
        "duplicate_in_file", "staat twee keer in de lijst", "appears twice in the list"
    ),
}


def describe_flag(flag: str) -> BilingualMessage:
    return FLAG_TEXTS.get(flag, BilingualMessage(flag, flag, flag))


def _completed_text(report: ImportReport, nl: bool) -> str:
    if not report.completed:
        return ""
    n = len(report.completed)
    return f"{n} aangevuld, " if nl else f"{n} completed, "


def report_lines(report: ImportReport, lang: str = "en") -> list[str]:
    """The import report as lines for a terminal or a dialog."""
    nl = lang == "nl"
    lines = [
        (f"{len(report.created)} geïmporteerd" if nl else f"{len(report.created)} imported")
        + ", "
        + (
            f"{len(report.skipped_duplicates)} al aanwezig"
            if nl
            else f"{len(report.skipped_duplicates)} already present"
        )
        + ", "
        + _completed_text(report, nl)
        + (
            f"{len({n for n, _ in report.errors})} ongeldige rijen"
            if nl
            else f"{len({n for n, _ in report.errors})} invalid rows"
        )
    ]
    if report.summary is not None:
        lines.append(report.summary.text(lang))
    for number, message in sorted(report.errors, key=lambda e: e[0]):
        lines.append(f"{'rij' if nl else 'row'} {number}: {message.text(lang)}")
    for message in report.warnings:
        lines.append(("waarschuwing: " if nl else "warning: ") + message.text(lang))
    for number, flags in report.flags:
        texts = "; ".join(describe_flag(f).text(lang) for f in flags)
        lines.append(
            f"{'rij' if nl else 'row'} {number} {'controleren' if nl else 'check'}: {texts}"
        )
    return lines


class Registrations:
    """On-the-spot BRP registrations (``ws.registrations``): consent, prefill, ID check, scans,
    signature, signed PDF, processing, corrections, list import; each public method is one unit
    of work."""

    def __init__(self, ws: Workspace) -> None:
        self._ws = ws

    def inspection_finalized(self, inspection_id: InspectionId) -> bool:
        """Whether the inspection is finalized, which locks its registrations (drafts too)."""
        with self._ws.unit() as s:
            return _finalized(s, inspection_id)

    def _writable(self, registration_id: str) -> RegistrationDetail:
        """The draft as it is now; every function that changes an registration calls this before its
        first write, so that a refused change leaves nothing behind."""
        with self._ws.unit() as s:
            return _info(_draft(s, registration_id))

    def get(
        self, registration_id: RegistrationId, *, audit_view: bool = True
    ) -> RegistrationDetail:
        """One registration; opening it for the screen is audited, internal reads are not."""
        with self._ws.unit() as s:
            row = _row(s, registration_id)
            if audit_view:
                self._ws.audit(s, "enrolment.viewed", "enrolment", row.id)
            return _info(row, inspection_finalized=_finalized(s, row.inspection_id))

    def current(self, resident_id: ResidentId) -> RegistrationDetail | None:
        """The resident's newest registration that is not superseded, or None."""
        with self._ws.unit() as s:
            row = s.scalar(
                select(Registration)
                .where(Registration.resident_id == resident_id, Registration.state != SUPERSEDED)
                .order_by(Registration.version.desc(), Registration.created_at.desc())
                .limit(1)
            )
            if row is None:
                return None
            return _info(row, inspection_finalized=_finalized(s, row.inspection_id))

    def _update_data(self, registration_id: str, action: str, **changes: Any) -> RegistrationDetail:
        with self._ws.unit() as s:
            row = _draft(s, registration_id)
            data = dict(row.data or {})
            for key, value in changes.items():
                if value is None:
                    data.pop(key, None)
                else:
                    data[key] = value
            row.data = data
            self._ws.audit(s, action, "enrolment", row.id, fields=sorted(changes))
            return _info(row)

    def declared(self, inspection_id: InspectionId) -> dict[str, Declared]:
        """Per resident of the inspection: the valid signed (or processed) registration's data.

        A correction in progress does not undo the signed version before it; a superseded version
        is replaced by the one that corrects it."""
        with self._ws.unit() as s:
            rows = s.scalars(
                select(Registration)
                .where(
                    Registration.inspection_id == inspection_id,
                    Registration.state.in_((SIGNED, PROCESSED)),
                )
                .order_by(Registration.version, Registration.created_at)
            ).all()
            found: dict[str, Declared] = {}
            for row in rows:  # ordered: the newest version wins
                data = row.data or {}
                form = data.get("form") if isinstance(data.get("form"), dict) else {}
                found[row.resident_id] = Declared(
                    values=dict(form or {}),
                    kind=row.kind,
                    signed_on=local_day(row.signed_at) if row.signed_at else None,
                )
            return found

    def resident_answers(self, resident_id: ResidentId) -> dict[str, Any]:
        """The resident questionnaire's answers (betrokkene)."""
        with self._ws.unit() as s:
            inspection_id = _resident(s, resident_id).inspection_id
        return dict(
            self._ws.answers.load(
                InspectionId(inspection_id), RESIDENT_FORM_ID, resident_id=ResidentId(resident_id)
            ).values
        )

    def duty(
        self, resident_id: ResidentId, *, today: date | None = None, extra: Mapping[str, Any] = {}
    ) -> RegistrationDuty:
        """The registration duty from the resident questionnaire (``extra`` answers take priority:
        the registration form's own arrival date and expected stay)."""
        answers = self.resident_answers(resident_id)
        answers.update({k: v for k, v in extra.items() if v not in (None, "", [])})
        return registration_duty(resident_id, answers, self._ws.settings.norms, today=_today(today))

    def prefill(self, resident_id: ResidentId, *, today: date | None = None) -> dict[str, Any]:
        """The registration form's values taken from what is already known: a plain copy of the
        fields the resident questionnaire shares with it, plus the inspection's address, the room,
        the place of signing and the officer. Values that the form would reject are left out."""
        day = _today(today)
        form = registration_form()
        with self._ws.unit() as s:
            res = _resident(s, resident_id)
            insp = s.get(Inspection, res.inspection_id)
            assert insp is not None
            location = dict(insp.location or {})
            room, language = res.room, res.language
        source = self.resident_answers(resident_id)
        values: dict[str, Any] = {}
        for f in form.top_fields():
            if f.type in (FieldType.NOTE, FieldType.REPEAT) or f.id in AUTOMATIC_FIELDS:
                continue
            if f.id in source:
                values[f.id] = source[f.id]
        street, number = split_address(str(location.get("address", "")))
        values.update(
            {
                "street": street,
                "house_number": number,
                "postcode": location.get("postcode"),
                "town": location.get("city"),
                "unit": room,
                "preferred_language": language,
                "signing_place": location.get("city"),
                "officer_name": self._ws.officer.name,
            }
        )
        found = self.duty(resident_id, today=day)
        if found.kind in KINDS:
            values[F.REGISTRATION_KIND] = found.kind
        clean: dict[str, Any] = {}
        for key, value in values.items():
            if value in (None, "", []):
                continue
            checked, errors = check_value(form.field(key), value, day)
            if not errors and checked not in (None, "", []):
                clean[key] = checked
        return clean

    def start(
        self,
        resident_id: ResidentId,
        *,
        consent: bool,
        language: str | None = None,
        today: date | None = None,
    ) -> RegistrationId:
        """Begin a registration after the explanation. Without consent the registration is recorded
        as declined and nothing else is captured (a draft in progress loses its data). With consent
        an open draft is reused, or a new draft is made and the registration form is prefilled
        (answers already given stay)."""
        with self._ws.unit() as s:
            inspection_id, lang, open_rows = _open_registrations(s, resident_id, language)
            drafts = [r.id for r in open_rows if r.state == DRAFT]
            signed = any(r.state == SIGNED for r in open_rows)
        if not consent:
            return RegistrationId(self._decline(inspection_id, resident_id, lang, drafts))
        return RegistrationId(self._begin(inspection_id, resident_id, lang, drafts, signed, today))

    def refer_to_rni(
        self, resident_id: ResidentId, *, language: str | None = None, today: date | None = None
    ) -> RegistrationId:
        """The RNI route (12.2): the stay is shorter than the legal term, so the resident is not
        registered here but referred to the nearest RNI counter (the letter "rni-referral").

        That is the registration's outcome, not an open point: an open draft becomes
        "referred_rni" (what it captured, scans and signature included, goes: nothing is
        registered), or a new record says so when none was started. Audited as
        ``enrolment.referred_rni``. A signed registration is refused (correct it instead).
        """
        with self._ws.unit() as s:
            inspection_id, lang, open_rows = _open_registrations(s, resident_id, language)
            if any(r.state == SIGNED for r in open_rows):
                raise RegistrationError(
                    BilingualMessage(
                        "already_signed",
                        "Deze bewoner heeft al een ondertekende inschrijving; maak een correctie.",
                        "This resident already has a signed registration; make a correction.",
                    )
                )
            drafts = [r.id for r in open_rows if r.state == DRAFT]
        referred = {
            "consent": {"given": bool(drafts), "language": lang},
            "rni_referral": {"on": _today(today).isoformat(), "language": lang},
        }
        if not drafts:
            with self._ws.unit() as s:
                row = Registration(
                    inspection_id=inspection_id,
                    resident_id=resident_id,
                    version=1,
                    state=REFERRED_RNI,
                    officer_id=self._ws.officer.id,
                    data=referred,
                )
                s.add(row)
                s.flush()
                self._ws.audit(s, "enrolment.referred_rni", "enrolment", row.id, language=lang)
                return RegistrationId(row.id)
        self._drop_captured(inspection_id, resident_id, drafts)
        for registration_id in drafts:
            with self._ws.unit() as s:
                row = _draft(s, registration_id)
                row.state = REFERRED_RNI
                row.data = referred
                self._ws.audit(
                    s, "enrolment.referred_rni", "enrolment", row.id, language=lang, draft=True
                )
        return RegistrationId(drafts[0])

    def _begin(
        self,
        inspection_id: str,
        resident_id: str,
        lang: str,
        drafts: Sequence[str],
        signed: bool,
        today: date | None,
    ) -> str:
        if drafts:
            return RegistrationId(drafts[0])
        if signed:
            raise RegistrationError(
                BilingualMessage(
                    "already_signed",
                    "Deze bewoner heeft al een ondertekende inschrijving; maak een correctie.",
                    "This resident already has a signed registration; make a correction.",
                )
            )
        values = self.prefill(ResidentId(resident_id), today=today)
        kind = values.get(F.REGISTRATION_KIND)
        with self._ws.unit() as s:
            from_list = _resident(s, resident_id).import_key is not None
        # What came from an employer's list is unverified until checked against the document.
        unverified = (
            {f: _jsonable(values[f]) for f in _IMPORTED_FIELDS if f in values} if from_list else {}
        )
        with self._ws.unit() as s:
            row = Registration(
                inspection_id=inspection_id,
                resident_id=resident_id,
                version=1,
                state=DRAFT,
                kind=kind,
                consent_at=utcnow(),
                officer_id=self._ws.officer.id,
                data={
                    "consent": {"given": True, "language": lang},
                    **({"unverified": unverified} if unverified else {}),
                },
            )
            s.add(row)
            s.flush()
            registration_id = row.id
            self._ws.audit(s, "enrolment.started", "enrolment", row.id, language=lang, version=1)
        self._seed_form(inspection_id, resident_id, values)
        return RegistrationId(registration_id)

    def _decline(
        self, inspection_id: str, resident_id: str, lang: str, drafts: Sequence[str]
    ) -> str:
        declined = {"consent": {"given": False, "language": lang}}
        if not drafts:
            with self._ws.unit() as s:
                row = Registration(
                    inspection_id=inspection_id,
                    resident_id=resident_id,
                    version=1,
                    state=DECLINED,
                    data=declined,
                )
                s.add(row)
                s.flush()
                self._ws.audit(s, "enrolment.declined", "enrolment", row.id, language=lang)
                return row.id
        # Consent withdrawn before signing: the draft stops here and what it captured goes.
        self._drop_captured(inspection_id, resident_id, drafts)
        for registration_id in drafts:
            with self._ws.unit() as s:
                row = _draft(s, registration_id)
                row.state = DECLINED
                row.data = declined
                self._ws.audit(
                    s, "enrolment.declined", "enrolment", row.id, language=lang, withdrawn=True
                )
        return drafts[0]

    def _drop_captured(self, inspection_id: str, resident_id: str, drafts: Sequence[str]) -> None:
        """What unsigned drafts captured (scans, signature, the form's answers) goes. The files
        go first, while the registration is still a draft: a closed one's files are locked."""
        for registration_id in drafts:
            info = self._writable(registration_id)
            attachments = [v for v in (info.data.get("scans") or {}).values() if isinstance(v, str)]
            if info.signature_attachment_id:
                attachments.append(info.signature_attachment_id)
            for attachment_id in attachments:
                if attachment_id not in self._ids_used_by_other_versions(info):
                    self._ws.attachments.remove(attachment_id)
        form = registration_form()
        answered = self._ws.answers.load(
            InspectionId(inspection_id), FORM_ID, resident_id=ResidentId(resident_id)
        ).values
        for key in answered:
            self._form_answer(inspection_id, resident_id, form.version, key, None)

    def _form_answer(
        self, inspection_id: str, resident_id: str, version: int, key: str, value: Any
    ) -> None:
        """Save one answer of the resident's registration form (ids from the store's row)."""
        self._ws.answers.save(
            InspectionId(inspection_id),
            FORM_ID,
            version,
            key,
            value,
            resident_id=ResidentId(resident_id),
        )

    def _seed_form(self, inspection_id: str, resident_id: str, values: Mapping[str, Any]) -> None:
        """Write values into the registration form where it has no answer yet."""
        form = registration_form()
        existing = self._ws.answers.load(
            InspectionId(inspection_id), FORM_ID, resident_id=ResidentId(resident_id)
        ).values
        for key, value in values.items():
            if existing.get(key) in (None, "", []):
                self._form_answer(inspection_id, resident_id, form.version, key, value)

    def unverified_fields(self, registration_id: RegistrationId) -> list[str]:
        """Fields still holding the value of the employer's list that the officer has not checked
        against the identity document (a value the officer changed is no longer the list's)."""
        listed = self.get(registration_id, audit_view=False).data.get("unverified") or {}
        return still_unverified(listed, self.form_values(registration_id))

    def listed_values(self, registration_id: RegistrationId) -> dict[str, Any]:
        """The values the employer's list gave that the officer has not yet marked as checked."""
        return dict(self.get(registration_id, audit_view=False).data.get("unverified") or {})

    def verify_fields(
        self, registration_id: RegistrationId, fields: Sequence[str]
    ) -> RegistrationDetail:
        """The officer checked these list values against the document: no longer unverified."""
        info = self._writable(registration_id)
        listed = dict(info.data.get("unverified") or {})
        for f in fields:
            listed.pop(f, None)
        return self._update_data(registration_id, "enrolment.verified", unverified=listed or None)

    def form_values(self, registration_id: RegistrationId) -> dict[str, Any]:
        """The registration form: the signed snapshot once signed, else the working copy."""
        info = self.get(registration_id, audit_view=False)
        if info.state in (SIGNED, SUPERSEDED, PROCESSED) and isinstance(
            info.data.get("form"), dict
        ):
            return dict(info.data["form"])
        return dict(
            self._ws.answers.load(info.inspection_id, FORM_ID, resident_id=info.resident_id).values
        )

    def save_values(self, registration_id: RegistrationId, values: Mapping[str, Any]) -> None:
        """Save registration form answers (``None`` clears one); refused once signed."""
        with self._ws.unit() as s:
            row = _draft(s, registration_id)
            inspection_id, resident_id = row.inspection_id, row.resident_id
        form = registration_form()
        unknown = [key for key in values if not form.has_field(key)]
        if unknown:
            raise InvalidInput(
                "registration.unknown_field",
                "het inschrijfformulier heeft geen veld {field!r}",
                "the registration form has no field {field!r}",
                field=unknown[0],
            )
        for key, value in values.items():
            self._form_answer(inspection_id, resident_id, form.version, key, value)

    def set_kind(
        self,
        registration_id: RegistrationId,
        kind: str,
        *,
        confirm_short_stay: bool = False,
        today: date | None = None,
    ) -> RegistrationDetail:
        """Choose ingezetene (RNI is a referral, never a registration here). A first
        registration as ingezetene against answers that point to a stay shorter than the legal
        term is refused (Wet BRP art. 2.38: the resident gets the referral to the RNI counter, or
        the officer corrects the answers); for someone already in the BRP at another address (a
        move) it needs ``confirm_short_stay`` (raises :class:`ConfirmationNeeded` without it)."""
        if kind == F.RegistrationKind.RNI:
            raise RegistrationError(RNI_REFERRAL)
        if kind not in KINDS:
            raise InvalidInput(
                "registration.unknown_kind",
                "onbekende soort inschrijving {kind!r}",
                "unknown kind of registration {kind!r}",
                kind=kind,
            )
        info = self._writable(registration_id)
        found = self.duty(info.resident_id, today=today, extra=self.form_values(registration_id))
        if kind == F.RegistrationKind.INGEZETENE and found.kind == DutyKinds.RNI:
            if first_registration(found):
                raise RegistrationError(short_stay_refusal(found, self._ws.settings.norms))
            if not confirm_short_stay:
                raise ConfirmationNeeded(_short_stay_message(found))
        self.save_values(registration_id, {F.REGISTRATION_KIND: kind})
        with self._ws.unit() as s:
            _draft(s, registration_id).kind = kind
        return self._update_data(
            registration_id,
            "enrolment.changed",
            kind=kind,
            confirm_short_stay=bool(confirm_short_stay and found.kind == DutyKinds.RNI) or None,
        )

    def record_document_check(
        self,
        registration_id: RegistrationId,
        *,
        mrz_text: str | None,
        visual_check: bool,
        accept_mismatches: bool = False,
        today: date | None = None,
    ) -> DocumentCheckResult:
        """Keep the officer's document check: the MRZ as typed, the visual check (photo matches the
        person) and, where the MRZ differs from the form, that the differences were explained."""
        self._writable(registration_id)
        result = check_document(self.form_values(registration_id), mrz_text, today=today)
        self._update_data(
            registration_id,
            "enrolment.document_checked",
            document_check={
                "mrz": (mrz_text or "").strip() or None,
                "visual_check": bool(visual_check),
                "accept_mismatches": bool(accept_mismatches and result.mismatches),
                "at": utcnow().isoformat(),
            },
        )
        self.save_values(registration_id, {F.DOCUMENT_CHECKED: "yes" if visual_check else None})
        if visual_check and result.mrz is not None and result.mrz.valid and not result.mismatches:
            self.verify_fields(registration_id, _MRZ_VERIFIES)
        return result

    def attach_scan(
        self, registration_id: RegistrationId, side: ScanSide, content: bytes, mime: str
    ) -> str:
        """Store a scan of the document's front or back (encrypted); a new scan replaces the old."""
        if side not in ("id_front", "id_back"):
            raise InvalidInput(
                "scan.unknown_side",
                "onbekende kant {side!r}",
                "unknown scan side {side!r}",
                side=side,
            )
        if not content:
            raise InvalidInput("scan.empty", "de scan is leeg", "the scan is empty")
        info = self._writable(registration_id)
        old = info.scan_id(side)
        attachment_id = self._ws.attachments.add(
            info.inspection_id,
            kind=side,
            content=content,
            mime=mime,
            resident_id=info.resident_id,
            registration_id=registration_id,
            field_ref=f"{FORM_ID}/document_scan",
        )
        scans = dict(info.data.get("scans") or {})
        scans[side] = attachment_id
        self._update_data(registration_id, "enrolment.scan_added", scans=scans)
        if side == "id_front":
            self.save_values(registration_id, {F.DOCUMENT_SCAN: attachment_id})
        if old and old not in self._ids_used_by_other_versions(info):
            self._ws.attachments.remove(old)
        return attachment_id

    def _ids_used_by_other_versions(self, info: RegistrationDetail) -> set[str]:
        with self._ws.unit() as s:
            rows = s.scalars(
                select(Registration).where(
                    Registration.resident_id == info.resident_id, Registration.id != info.id
                )
            ).all()
            used: set[str] = set()
            for row in rows:
                data = row.data or {}
                used.update(v for v in (data.get("scans") or {}).values() if isinstance(v, str))
            return used

    def set_signature(
        self,
        registration_id: RegistrationId,
        strokes: Sequence[Sequence[Sequence[float]]],
        png: bytes,
        *,
        size: tuple[int, int] | None = None,
    ) -> str:
        """Keep the resident's signature as strokes (in the data) and as a PNG attachment."""
        if not strokes or not any(len(stroke) > 1 for stroke in strokes):
            raise InvalidInput(
                "signature.empty", "de handtekening is leeg", "the signature is empty"
            )
        if not png.startswith(b"\x89PNG"):
            raise InvalidInput(
                "signature.not_png",
                "de afbeelding van de handtekening is geen PNG",
                "the signature image is not a PNG",
            )
        info = self._writable(registration_id)
        old = info.signature_attachment_id
        attachment_id = self._ws.attachments.add(
            info.inspection_id,
            kind="signature",
            content=png,
            mime="image/png",
            resident_id=info.resident_id,
            registration_id=registration_id,
            field_ref=f"{FORM_ID}/signature",
        )
        clean = [
            [[round(float(c), 1) for c in point[:3]] for point in stroke] for stroke in strokes
        ]
        self._update_data(
            registration_id,
            "enrolment.signature_added",
            signature={
                "attachment_id": attachment_id,
                "strokes": clean,
                "size": list(size) if size else None,
            },
        )
        self.save_values(registration_id, {F.SIGNATURE: attachment_id})
        if old:
            self._ws.attachments.remove(old)
        return attachment_id

    def clear_signature(self, registration_id: RegistrationId) -> None:
        info = self._writable(registration_id)
        old = info.signature_attachment_id
        self._update_data(registration_id, "enrolment.signature_cleared", signature=None)
        self.save_values(registration_id, {F.SIGNATURE: None})
        if old:
            self._ws.attachments.remove(old)

    def _values_for_signing(
        self, info: RegistrationDetail, day: date
    ) -> tuple[dict[str, Any], str]:
        values = self.form_values(info.id)
        with self._ws.unit() as s:
            insp = s.get(Inspection, info.inspection_id)
            assert insp is not None
            city = str((insp.location or {}).get("city", ""))
        check = info.data.get("document_check") or {}
        values.setdefault(F.SIGNING_PLACE, city)
        values[F.SIGNING_DATE] = day
        values[F.OFFICER_NAME] = self._ws.officer.name
        values[F.OFFICER_MANDATE] = (
            self._ws.settings.municipality.registration_mandate.strip() or None
        )
        values[F.DOCUMENT_CHECKED] = "yes" if check.get("visual_check") else None
        values[F.DOCUMENT_SCAN] = info.scan_id("id_front")
        values[F.SIGNATURE] = info.signature_attachment_id
        return {k: v for k, v in values.items() if v not in (None, "", [])}, city

    def problems(
        self, registration_id: RegistrationId, *, today: date | None = None
    ) -> list[Problem]:
        """Everything that keeps this registration from being signed (empty: ready to sign)."""
        day = _today(today)
        info = self.get(registration_id, audit_view=False)
        if info.inspection_finalized:
            return [
                _problem(
                    "inspection_finalized",
                    "De controle is afgerond; heropen die eerst.",
                    "The inspection is finalized; reopen it first.",
                )
            ]
        if info.read_only:
            return [_problem("read_only", "Al afgerond.", f"Already {info.state}.")]
        values, _city = self._values_for_signing(info, day)
        return self._problems(info, values, day)

    def _problems(
        self, info: RegistrationDetail, values: Mapping[str, Any], day: date
    ) -> list[Problem]:
        found: list[Problem] = []
        evaluation = evaluate(registration_form(), values, today=day)
        check_data = info.data.get("document_check") or {}
        doc = check_document(values, check_data.get("mrz"), today=day)
        for issue in evaluation.issues():
            if issue.field_id in (F.DOCUMENT_CHECKED, F.DOCUMENT_SCAN, F.SIGNATURE):
                continue  # said more precisely below
            if issue.field_id == F.DOCUMENT_EXPIRY and doc.expired:
                continue
            label = registration_form().field(issue.field_id).label if issue.field_id else None
            nl = (label.get("nl") + ": " if label else "") + issue.message.get("nl")
            en = (label.get("en") + ": " if label else "") + issue.message.get("en")
            found.append(_problem(f"{issue.kind}", nl, en, issue.path))
        if doc.expired:
            found.append(
                _problem(
                    "document_expired",
                    "Het identiteitsbewijs is verlopen; inschrijven kan alleen met een geldig "
                    "document.",
                    "The identity document has expired; registration needs a valid document.",
                    F.DOCUMENT_EXPIRY,
                )
            )
        if doc.refusal is not None:
            found.append(Problem(doc.refusal.code, doc.refusal, "mrz"))
        if doc.mrz is not None:
            found.extend(Problem(p.code, p, "mrz") for p in doc.mrz.problems)
        if doc.mrz_error is not None:
            found.append(Problem("mrz_unreadable", doc.mrz_error, "mrz"))
        elif doc.mrz is not None and not doc.mrz.valid:
            names = ", ".join(c.name for c in doc.mrz.failed_checks)
            found.append(
                _problem(
                    "mrz_check_digit",
                    f"Controlecijfer van de MRZ klopt niet ({names}).",
                    f"A check digit of the MRZ is wrong ({names}).",
                    "mrz",
                )
            )
        elif doc.mismatches and not check_data.get("accept_mismatches"):
            names = ", ".join(m.field for m in doc.mismatches)
            found.append(
                _problem(
                    "mrz_mismatch",
                    f"De MRZ wijkt af van de ingevoerde gegevens ({names}).",
                    f"The MRZ differs from the data entered ({names}).",
                    "mrz",
                )
            )
        if not check_data.get("visual_check"):
            found.append(
                _problem(
                    "visual_check",
                    "Bevestig dat de foto op het document bij de persoon hoort.",
                    "Confirm that the photo on the document matches the person.",
                    F.DOCUMENT_CHECKED,
                )
            )
        nationalities = [str(n) for n in values.get(F.NATIONALITIES) or []]
        doc_type = values.get(F.DOCUMENT_TYPE)
        if (
            nationalities
            and not free_movement(nationalities)
            and doc_type != F.DocumentType.RESIDENCE_DOCUMENT
        ):
            found.append(
                _problem(
                    "lawful_residence",
                    "Iemand zonder EU/EER-nationaliteit wordt alleen met rechtmatig verblijf als "
                    "ingezetene ingeschreven: kies 'Verblijfsdocument' en vul het V-nummer in.",
                    "A non-EU/EEA national is registered as a resident only with lawful residence: "
                    "choose 'Residence document' and enter the V-number.",
                    F.DOCUMENT_TYPE,
                )
            )
        v_number = re.sub(r"\s", "", str(values.get(F.V_NUMBER) or ""))
        if (
            doc_type == F.DocumentType.RESIDENCE_DOCUMENT
            and v_number
            and not _V_NUMBER.match(v_number)
        ):
            found.append(
                _problem(
                    "v_number",
                    "Het V-nummer heeft 10 cijfers.",
                    "The V-number has 10 digits.",
                    F.V_NUMBER,
                )
            )
        if info.scan_id("id_front") is None:
            found.append(
                _problem(
                    "scan_missing",
                    "Scan de voorkant van het identiteitsbewijs.",
                    "Scan the front of the identity document.",
                    F.DOCUMENT_SCAN,
                )
            )
        if info.signature_attachment_id is None:
            found.append(
                _problem(
                    "signature_missing",
                    "De handtekening van de bewoner ontbreekt.",
                    "The resident's signature is missing.",
                    F.SIGNATURE,
                )
            )
        kind = values.get(F.REGISTRATION_KIND)
        if kind == F.RegistrationKind.INGEZETENE:
            dt = self.duty(info.resident_id, today=day, extra=values)
            if dt.kind == DutyKinds.RNI and first_registration(dt):
                refusal = short_stay_refusal(dt, self._ws.settings.norms)
                found.append(Problem(refusal.code, refusal, "registration_kind"))
            elif dt.kind == DutyKinds.RNI and not info.data.get("confirm_short_stay"):
                found.append(
                    Problem("confirm_short_stay", _short_stay_message(dt), "registration_kind")
                )
        return found

    def build_pdf_data(
        self,
        info: RegistrationDetail,
        values: Mapping[str, Any],
        *,
        signed_at: datetime,
        signature_png: bytes | None,
        unverified: Sequence[str] = (),
    ) -> RegistrationPdfData:
        from inspector.registration_form.pdf import DocumentInfo, RegistrationPdfData, field_rows

        lang = info.language
        display = _display(values, lang)
        check = info.data.get("document_check") or {}
        doc = check_document(values, check.get("mrz"))
        with self._ws.unit() as s:
            insp = s.get(Inspection, info.inspection_id)
            assert insp is not None
            reference = insp.reference
        return RegistrationPdfData(
            language=lang,
            fields=field_rows(display, lang),
            registration_kind=(
                F.RegistrationKind.RNI
                if values.get(F.REGISTRATION_KIND) == F.RegistrationKind.RNI
                else F.RegistrationKind.INGEZETENE
            ),
            municipality=bare_municipality(self._ws.settings.municipality.name),
            address=display.get("address") or "",
            place=str(values.get(F.SIGNING_PLACE) or ""),
            signed_at=signed_at,
            officer_name=self._ws.officer.name,
            registration_id=info.id,
            document=DocumentInfo(
                doc_type=_PDF_DOC_TYPES.get(str(values.get(F.DOCUMENT_TYPE)), "passport"),
                number=str(values.get(F.DOCUMENT_NUMBER) or ""),
                issuing_country=str(values.get(F.DOCUMENT_COUNTRY) or ""),
                expiry_date=doc.expiry_date,
                checked_by=self._ws.officer.name,
                mrz_valid=doc.mrz_valid,
                v_number=str(values.get(F.V_NUMBER) or ""),
            ),
            signature_png=signature_png,
            version=info.version,
            references=(("Controle", reference),),
            officer_mandate=str(values.get(F.OFFICER_MANDATE) or ""),
            # The imported fields carry the same ids on the PDF.
            unverified=tuple(f for f in unverified if f in _IMPORTED_FIELDS),
        )

    def sign(
        self,
        registration_id: RegistrationId,
        *,
        today: date | None = None,
        now: datetime | None = None,
    ) -> SignResult:
        """Check completeness, render the signed form as PDF (stored encrypted), and move the
        registration from draft to signed. An earlier version it corrects becomes superseded."""
        moment = now or datetime.now(UTC)
        day = _today(today)
        info = self._writable(registration_id)
        values, _city = self._values_for_signing(info, day)
        found = self._problems(info, values, day)
        if found:
            raise NotSignable(found)
        sig_id = info.signature_attachment_id
        assert sig_id is not None
        png, _mime = self._ws.attachments.content(sig_id)
        unverified = self.unverified_fields(registration_id)
        from inspector.registration_form.pdf import render_registration_pdf

        pdf = render_registration_pdf(
            self.build_pdf_data(
                info, values, signed_at=moment, signature_png=png, unverified=unverified
            )
        )
        pdf_id = self._ws.attachments.add(
            info.inspection_id,
            kind="document",
            content=pdf,
            mime="application/pdf",
            resident_id=info.resident_id,
            registration_id=info.id,
            field_ref=f"{FORM_ID}/pdf",
        )
        with self._ws.unit() as s:
            row = _draft(s, registration_id)
            data = dict(row.data or {})
            data["form"] = {k: v for k, v in values.items() if k != "document_scan"}
            data["pdf_attachment_id"] = pdf_id
            data["unverified_at_signing"] = unverified
            row.data = data
            row.state = SIGNED
            row.signed_at = moment
            row.officer_id = self._ws.officer.id
            row.kind = str(values.get(F.REGISTRATION_KIND))
            self._ws.audit(
                s,
                "enrolment.signed",
                "enrolment",
                row.id,
                version=row.version,
                kind=row.kind,
                language=info.language,
            )
            if row.supersedes_id:
                old = s.get(Registration, row.supersedes_id)
                if old is not None and old.state == SIGNED:
                    old.state = SUPERSEDED
                    self._ws.audit(s, "enrolment.superseded", "enrolment", old.id, by=row.id)
            self._ws.outbox.registration_signed(s, row)
            result = _info(row)
        return SignResult(result, pdf_id, pdf)

    def record_processing(
        self,
        registration_id: RegistrationId,
        *,
        bsn: str,
        registration_date: date,
        today: date | None = None,
        now: datetime | None = None,
        registration_type: str = "",
        via: str = "",
    ) -> RegistrationDetail:
        """Record that burgerzaken processed a signed registration: the BSN and the date of
        registration as the BRP holds them. Only then can the confirmation letter be made (until
        then the resident has the receipt of the declaration). On the laptop the office's
        processed outcome calls this after a sync (*via* "office"; *registration_type* "first"
        or "re")."""
        day = _today(today)
        number = re.sub(r"\D", "", bsn or "")
        if not (len(number) == 9 and stdnum_bsn.is_valid(number)):
            raise InvalidInput(
                "bsn.invalid",
                "het BSN is niet geldig (9 cijfers die de elfproef doorstaan)",
                "the BSN is not valid (9 digits that pass the eleven test)",
            )
        if registration_date > day:
            raise InvalidInput(
                "registration.date_future",
                "de datum van inschrijving ligt in de toekomst",
                "the date of registration lies in the future",
            )
        with self._ws.unit() as s:
            row = _row(s, registration_id)
            if row.state == REFUSED:
                raise refused_error(row)
            if row.state != SIGNED:
                raise RegistrationError(
                    BilingualMessage(
                        "not_signed",
                        "Alleen een ondertekende inschrijving kan worden verwerkt "
                        f"(deze is {row.state}).",
                        f"Only a signed registration can be processed (this one is {row.state}).",
                    )
                )
            if row.signed_at is not None and registration_date < local_day(row.signed_at):
                raise InvalidInput(
                    "registration.date_before_signing",
                    "de datum van inschrijving ligt vóór de ondertekening van de aangifte",
                    "the date of registration lies before the declaration was signed",
                )
            data = dict(row.data or {})
            data["processing"] = {
                "bsn": number,
                "registration_date": registration_date.isoformat(),
                "processed_at": (now or datetime.now(UTC)).isoformat(),
                "processed_by": None if via == "office" else self._ws.officer.id,
            }
            if registration_type in ("first", "re"):
                data["processing"]["registration_type"] = registration_type
            if via:
                data["processing"]["via"] = via
            row.data = data
            row.state = PROCESSED
            self._ws.audit(
                s, "enrolment.processed", "enrolment", row.id, version=row.version,
                **({"via": via} if via else {}),
            )  # fmt: skip
            return _info(row, inspection_finalized=_finalized(s, row.inspection_id))

    def record_refusal(
        self,
        registration_id: RegistrationId,
        *,
        reason: str,
        decided_on: date | None = None,
        via: str = "office",
    ) -> RegistrationDetail:
        """Record that burgerzaken refused a signed registration (its decision, with the
        reason as the clerk wrote it): the registration becomes REFUSED and is not signed,
        corrected, sent or processed again (``refused_error``). On the laptop the office's
        refused outcome calls this after a sync. Audited without the reason."""
        reason = (reason or "").strip()
        if not reason:
            raise InvalidInput(
                "refusal.no_reason", "een weigering heeft een reden", "a refusal has a reason"
            )
        with self._ws.unit() as s:
            row = _row(s, registration_id)
            if row.state != SIGNED:
                raise RegistrationError(
                    BilingualMessage(
                        "not_signed",
                        "Alleen een ondertekende inschrijving kan worden geweigerd "
                        f"(deze is {row.state}).",
                        f"Only a signed registration can be refused (this one is {row.state}).",
                    )
                )
            data = dict(row.data or {})
            data["refusal"] = {
                "reason": reason[:2000],
                "decided_on": None if decided_on is None else decided_on.isoformat(),
                "received_at": datetime.now(UTC).isoformat(),
                "via": via,
            }
            row.data = data
            row.state = REFUSED
            self._ws.audit(
                s, "enrolment.refused", "enrolment", row.id, version=row.version, via=via
            )
            return _info(row, inspection_finalized=_finalized(s, row.inspection_id))

    def correct(self, registration_id: RegistrationId) -> RegistrationId:
        """A new draft version of a signed registration, with its data; the signature must be
        given again. The signed version stays valid until the correction is signed."""
        with self._ws.unit() as s:
            old = _row(s, registration_id)
            if old.state == REFUSED:
                raise refused_error(old)
            writable_inspection(s, old.inspection_id)
            if old.state != SIGNED:
                raise RegistrationError(
                    BilingualMessage(
                        "not_signed",
                        "Alleen een ondertekende inschrijving kan worden gecorrigeerd.",
                        "Only a signed registration can be corrected.",
                    )
                )
            existing = s.scalar(
                select(Registration).where(
                    Registration.supersedes_id == old.id, Registration.state == DRAFT
                )
            )
            if existing is not None:
                return RegistrationId(existing.id)
            old_data = dict(old.data or {})
            data = {
                k: v
                for k, v in old_data.items()
                if k in ("consent", "kind", "confirm_short_stay", "document_check", "scans")
            }
            row = Registration(
                inspection_id=old.inspection_id,
                resident_id=old.resident_id,
                version=old.version + 1,
                state=DRAFT,
                kind=old.kind,
                consent_at=old.consent_at,
                officer_id=self._ws.officer.id,
                supersedes_id=old.id,
                data=data,
            )
            s.add(row)
            s.flush()
            self._ws.audit(
                s,
                "enrolment.correction_started",
                "enrolment",
                row.id,
                version=row.version,
                supersedes=old.id,
            )
            new_id, inspection_id, resident_id = row.id, row.inspection_id, row.resident_id
            snapshot = dict(old_data.get("form") or {})
        form = registration_form()
        current_values = self._ws.answers.load(
            InspectionId(inspection_id), FORM_ID, resident_id=ResidentId(resident_id)
        ).values
        for key, value in snapshot.items():
            if key in (F.SIGNATURE, F.DOCUMENT_SCAN) or not form.has_field(key):
                continue
            if current_values.get(key) != value:
                self._form_answer(inspection_id, resident_id, form.version, key, value)
        self._form_answer(inspection_id, resident_id, form.version, F.SIGNATURE, None)
        return RegistrationId(new_id)

    def record_export(self, registration_id: RegistrationId, *, fmt: str = "pdf") -> None:
        """Audit that the signed form was saved outside the store (ids and format only: never the
        file name, which may hold a name)."""
        with self._ws.unit() as s:
            row = _row(s, registration_id)
            self._ws.audit(s, "enrolment.exported", "enrolment", row.id, format=fmt)

    def list_for(self, inspection_id: InspectionId) -> list[RegistrationRow]:
        """One row per resident of the inspection with the state of their newest registration."""
        residents = self._ws.residents.list_for(inspection_id)
        with self._ws.unit() as s:
            rows = s.scalars(
                select(Registration)
                .where(
                    Registration.inspection_id == inspection_id, Registration.state != SUPERSEDED
                )
                .order_by(Registration.version, Registration.created_at)
            ).all()
            latest: dict[str, Registration] = {}
            for row in rows:
                latest[row.resident_id] = row  # ordered: the last one wins
            result = []
            for r in residents:
                e = latest.get(r.id)
                # A correction in progress does not undo the signed version before it.
                if e is not None and e.state == DRAFT and e.supersedes_id:
                    signed = s.get(Registration, e.supersedes_id)
                    status = (
                        "registered" if signed is not None and signed.state == SIGNED else "pending"
                    )
                else:
                    status = {
                        None: "none",
                        DRAFT: "pending",
                        SIGNED: "registered",
                        PROCESSED: "registered",
                        REFUSED: REFUSED,  # the status is the state's text
                        DECLINED: DECLINED,  # the status is the state's text
                        REFERRED_RNI: REFERRED_RNI,
                    }.get(None if e is None else e.state, "none")
                result.append(
                    RegistrationRow(
                        resident_id=ResidentId(r.id),
                        resident_name=r.name,
                        language=r.language,
                        room=r.room,
                        status=status,
                        registration_id=None if e is None else RegistrationId(e.id),
                        state=None if e is None else e.state,
                        kind=None if e is None else e.kind,
                        version=None if e is None else e.version,
                        signed_at=None if e is None else e.signed_at,
                    )
                )
            self._ws.audit(s, "enrolment.listed", "inspection", inspection_id, count=len(result))
            return result

    def import_key(self, row: importlist.ImportRow) -> str:
        """HMAC of the person's dedupe key under a subkey of the data key (format 2): the key itself
        is never stored, and nobody can test a guess against the files without the password."""
        message = b"resident-import\x00" + importlist.dedupe_key(row).encode("utf-8")
        salted = hmac.new(self._ws.meta.lookup_salt, message, hashlib.sha256).hexdigest()
        return import_lookup(self._ws.db.cipher, salted)

    def import_residents(
        self,
        inspection_id: InspectionId,
        path: Path,
        *,
        today: date | None = None,
        options: importlist.ListOptions | None = None,
    ) -> ImportReport:
        """Pre-create the residents of an employer's list with their questionnaire prefilled.

        Invalid rows are reported and left out; a person already imported into this inspection is
        skipped; an unreadable file, or a list that needs a choice first (the sheet, the date
        order: see ``options``), raises :class:`ImportFailed` and changes nothing.
        """
        day = _today(today)
        with self._ws.unit() as s:
            writable_inspection(s, inspection_id)
        try:
            result = importlist.read_list(Path(path), today=day, options=options)
        except importlist.FileError as exc:
            raise ImportFailed(exc.message) from None
        if result.choices_needed:
            raise ImportFailed(
                BilingualMessage(
                    result.choices_needed[0].code,
                    " ".join(m.nl for m in result.choices_needed),
                    " ".join(m.en for m in result.choices_needed),
                )
            )
        report = ImportReport(
            errors=[(e.row_number, e.reason) for e in result.errors],
            warnings=list(result.warnings),
            source_format=result.source_format,
            summary=result.summary(),
        )
        version = resident_form().version
        for row in result.rows:
            problem = _name_problem(row)
            if problem is not None:
                report.errors.append((row.row_number, problem))
                continue
            hostile = any(_hostile(getattr(row, f) or "") for f in _NAME_FIELDS)
            if hostile and importlist.FLAG_DAMAGED_NAME not in row.flags:
                row.flags.append(importlist.FLAG_DAMAGED_NAME)
            key = self.import_key(row)
            values = {f: getattr(row, f) for f in _IMPORTED_FIELDS}
            existing = self._ws.residents.find_by_import_key(inspection_id, key)
            if existing is not None:
                # Imported before: fill in what an interrupted import left out, change nothing else.
                added = self._ws.residents.complete_answers(
                    inspection_id, ResidentId(existing), RESIDENT_FORM_ID, version, values
                )
                if added:
                    report.completed.append((row.row_number, existing))
                else:
                    report.skipped_duplicates.append(row.row_number)
                continue
            name = " ".join(p for p in (row.given_names, row.surname) if p)
            # One transaction per person with all their answers.
            resident = self._ws.residents.add(
                inspection_id,
                name,
                "nl",
                room=row.room,
                import_key=key,
                answers=(RESIDENT_FORM_ID, version, values),
            )
            report.created.append((row.row_number, resident.id))
            if row.flags:
                report.flags.append((row.row_number, list(row.flags)))
        with self._ws.unit() as s:
            self._ws.audit(
                s,
                "residents.imported",
                "inspection",
                inspection_id,
                created=len(report.created),
                duplicates=len(report.skipped_duplicates),
                completed=len(report.completed),
                invalid_rows=len({n for n, _ in report.errors}),
                format=result.source_format,
            )
        return report
