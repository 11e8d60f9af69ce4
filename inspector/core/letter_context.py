"""Maps one inspection in the store to a letter context, renders it and records the letter."""

from __future__ import annotations

import errno
import glob
import math
import os
import secrets
import stat
import sys
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.numbers import format_decimal
from sqlalchemy import select

from inspector import LANGUAGES, localtime
from inspector.core.filenames import series_file_names
from inspector.core.ids import InspectionId, ResidentId
from inspector.core.workspace import InspectionDetail, Workspace, WorkspaceError
from inspector.documents.countries import country_name, is_known_code
from inspector.forms import FormDefinition, FormError, load_form
from inspector.letters import (
    KINDS,
    RESIDENT_KINDS,
    BedroomRow,
    Counts,
    FindingLine,
    InspectionInfo,
    InvitationInfo,
    LetterContext,
    LetterError,
    PhotoItem,
    RegistrationInfo,
    ResidentInfo,
    SignalLine,
    available_languages,
    render,
    sample_context,
)
from inspector.letters.sample import sample_municipality
from inspector.letters.templates import load_organisations
from inspector.oscompat import replace_file
from inspector.paths import form_file
from inspector.registration_form.fields import Sex
from inspector.rules import ExploitationSignal, Finding, ResidentInput, RulesResult, compute
from inspector.settings import OFFICES, Municipality, Settings
from inspector.states import RegistrationState
from inspector.storage.models import Attachment, Registration, Resident

#: Output formats a letter can be produced in.
FORMATS: tuple[str, ...] = ("pdf", "docx")
#: Every language a letter may exist in, in the order the interface lists them.
#: Audit action of every produced letter (printed, saved, written by the command line).
AUDIT_ACTION = "letter.produced"
#: A letter shown on screen (personal data seen), recorded without the data itself.
PREVIEW_ACTION = "letter.previewed"

#: Image types a letter can embed; other attachments (PDF scans, HEIC) are left out.
_IMAGE_MIMES = frozenset({"image/png", "image/jpeg", "image/jpg"})
#: Registration states that mean the resident signed the registration.
_SIGNED_STATES = (RegistrationState.SIGNED.value, RegistrationState.PROCESSED.value)
#: The state of a registration burgerzaken has processed (BSN and date from the BRP).
PROCESSED = RegistrationState.PROCESSED.value
#: Letters that print photos; others skip reading them (each photo is a large decrypt).
_KINDS_WITH_PHOTOS = frozenset({"report"})

try:
    _TZ: ZoneInfo | None = ZoneInfo("Europe/Amsterdam")
except ZoneInfoNotFoundError:  # pragma: no cover - tzdata missing on a bare system
    _TZ = None

_OUTCOME = {
    "nl": {"breach": "voldoet niet", "ok": "voldoet", "advice": "advies niet gevolgd"},
    "en": {"breach": "does not comply", "ok": "complies", "advice": "advice not followed"},
}
_REFERRAL = {
    "nl": {
        "nla": "NLA",
        "snf": "SNF",
        "aandachtsfunctionaris_mensenhandel": "Aandachtsfunctionaris mensenhandel",
        "burgerzaken": "Burgerzaken",
        "ruimtelijke_ordening": "Ruimtelijke ordening / vergunningen",
    },
    "en": {
        "nla": "NLA",
        "snf": "SNF",
        "aandachtsfunctionaris_mensenhandel": "Human trafficking coordinator",
        "burgerzaken": "Civil affairs (BRP)",
        "ruimtelijke_ordening": "Spatial planning / permits",
    },
}
_WORDS = {
    "nl": {
        "photo": "Foto",
        "persons": "pers.",
        "litres": "liter",
        "no_wardrobe": "geen kledingkast en stoel per persoon",
        "wardrobe_not_lockable": "kast buiten de slaapkamer niet afsluitbaar",
        "small_beds": "bedden kleiner dan 80×200 cm",
    },
    "en": {
        "photo": "Photo",
        "persons": "pers.",
        "litres": "litres",
        "no_wardrobe": "no wardrobe and chair per person",
        "wardrobe_not_lockable": "wardrobe outside the bedroom cannot be locked",
        "small_beds": "beds smaller than 80×200 cm",
    },
}


def _nl_en(lang: str) -> str:
    """Rule texts exist in Dutch and English; the other languages get English."""
    return "nl" if lang == "nl" else "en"


# -- reading answers ------------------------------------------------------------------------


def _text(values: Mapping[str, Any], key: str) -> str:
    value = values.get(key)
    return value.strip() if isinstance(value, str) else ""


def _number(values: Mapping[str, Any], key: str) -> float | None:
    value = values.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        try:
            return float(str(value)) if value is not None and str(value).strip() else None
        except ValueError:
            return None
    return float(value)


def _count(values: Mapping[str, Any], key: str) -> int | None:
    value = _number(values, key)
    return None if value is None or value != int(value) else int(value)


def _yes_no(values: Mapping[str, Any], key: str) -> bool | None:
    value = values.get(key)
    if value in ("yes", True):
        return True
    if value in ("no", False):
        return False
    return None


def _local_date(moment: datetime) -> date:
    if moment.tzinfo is not None and _TZ is not None:
        return moment.astimezone(_TZ).date()
    return moment.date()


def _local_time(moment: datetime) -> datetime:
    """A stored moment (UTC; naive means UTC) in the municipality's time zone, naive."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(_TZ).replace(tzinfo=None) if _TZ is not None else moment


def _moment(values: Mapping[str, Any], key: str) -> datetime | None:
    """A date-time answer in the municipality's time zone (naive), or None."""
    value = values.get(key)
    if isinstance(value, str) and value.strip():
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    if not isinstance(value, datetime):
        return None
    if value.tzinfo is not None and _TZ is not None:
        return value.astimezone(_TZ).replace(tzinfo=None)
    return value


def _day(values: Mapping[str, Any], key: str) -> date | None:
    value = values.get(key)
    if isinstance(value, datetime):
        return _local_date(value)
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value.strip():
        text = value.strip()
        try:
            return _local_date(datetime.fromisoformat(text))
        except ValueError:
            try:
                return date.fromisoformat(text[:10])
            except ValueError:
                return None
    return None


@lru_cache(maxsize=8)
def _form(form_id: str) -> FormDefinition | None:
    try:
        return load_form(form_file(form_id))
    except (FormError, OSError):
        return None


def _choice_label(form_id: str, field_id: str, choice_id: str, lang: str) -> str:
    """The label of a choice. Partner organisations are named in the letter's language
    (letter_templates/common/<lang>.yaml, with the Dutch name beside it); other choices
    (housing types) keep their Dutch names except in English."""
    if field_id == "partners":
        named = load_organisations(lang).get(choice_id)
        if named:
            return named
    form = _form(form_id)
    label_lang = "en" if lang == "en" else "nl"
    if form is not None and form.has_field(field_id):
        for choice in form.field(field_id).choices:
            if choice.id == choice_id:
                return choice.label.get(label_lang)
    return choice_id


def _unique(items: Sequence[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for item in items:
        key = item.strip().casefold()
        if item.strip() and key not in seen:
            seen.add(key)
            out.append(item.strip())
    return out


# -- municipality ---------------------------------------------------------------------------


def load_logo(root: Path, municipality: Municipality) -> bytes | None:
    """The configured logo (relative paths from the data directory), None when it is not a
    readable PNG or JPEG file: a letter without a logo beats no letter."""
    if not municipality.logo.strip():
        return None
    path = Path(municipality.logo).expanduser()
    if not path.is_absolute():
        path = root / path
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if data.startswith(b"\x89PNG\r\n\x1a\n") or data.startswith(b"\xff\xd8"):
        return data
    return None


def sample_letter_context(settings: Settings, root: Path, lang: str) -> LetterContext:
    """The sample context with this municipality's details, logo and norms; details not set
    yet are filled with the marked sample values (the whole letter is marked as a sample)."""
    own = settings.municipality
    fallback = sample_municipality()
    update: dict[str, Any] = {}
    if not own.name.strip():
        update["name"] = fallback.name
    for office in OFFICES:
        if not own.contact(office).line().strip() or own.contact(office).line() == (
            own.contact(office).department
        ):
            update[office] = fallback.contact(office)
    context = sample_context(own.model_copy(update=update), lang)
    return replace(context, logo=load_logo(root, settings.municipality), norms=settings.norms)


# -- validation -----------------------------------------------------------------------------


def check_request(kind: str, lang: str, fmt: str = "pdf") -> None:
    """Raise :class:`LetterError` when *kind*, *lang* or *fmt* cannot be produced."""
    if kind not in KINDS:
        raise LetterError(
            "letter.unknown_kind",
            "onbekende soort brief {kind!r}; kies uit {kinds}",
            "unknown letter kind {kind!r}; use one of {kinds}",
            kind=kind,
            kinds=", ".join(KINDS),
        )
    if lang not in LANGUAGES:
        raise LetterError(
            "language.unknown",
            "onbekende taal {lang!r}; kies uit {langs}",
            "unknown language {lang!r}; use one of {langs}",
            lang=lang,
            langs=", ".join(LANGUAGES),
        )
    langs = available_languages(kind)
    if lang not in langs:
        raise LetterError(
            "letter.language_missing",
            "de brief {kind} bestaat alleen in {langs}, niet in {lang!r}",
            "the {kind} letter exists only in {langs}, not in {lang!r}",
            kind=kind,
            langs=", ".join(langs),
            lang=lang,
        )
    if fmt not in FORMATS:
        raise LetterError(
            "letter.unknown_format",
            "onbekend formaat {fmt!r}; kies uit {fmts}",
            "unknown format {fmt!r}; use one of {fmts}",
            fmt=fmt,
            fmts=", ".join(FORMATS),
        )


# -- findings, signals, bedrooms ------------------------------------------------------------

#: Per rule code: (measured key, norm key or None for a required count, unit word key).
_FIGURES: Mapping[str, tuple[str, str | None, str]] = {
    "floor_area_per_person": ("m2_per_person", "norm_m2_per_person", "m²"),
    "bedroom_area_per_person": ("m2_per_person", "norm_m2_per_person", "m²"),
    "persons_per_bedroom": ("persons", "norm_persons_per_bedroom", "persons"),
    "toilets_per_persons": ("toilets", "needed", ""),
    "showers_per_persons": ("showers", "needed", ""),
    "fridge_litres_per_person": ("litres_per_person", "norm_litres_per_person", "litres"),
    "burners": ("burners", "needed", ""),
    "sockets_per_resident": ("sockets", "needed", ""),
    "max_persons_per_dwelling": ("persons_present", "norm_max_persons", "persons"),
}


def _measured_text(value: float, norm: float, breached: bool, lang: str) -> float | str:
    """A measured figure that never reads as meeting a norm it breaches (11.96 is not 12)."""
    rounded = round(value, 1)
    if not breached or rounded < norm:
        return rounded
    for places in (2, 3):
        if round(value, places) < norm:
            return format_decimal(
                math.floor(value * 10**places) / 10**places,
                format="#,##0." + "#" * places,
                locale=lang,
            )
    return format_decimal(value, format="#,##0.###", locale=lang)


def finding_line(number: int, finding: Finding, lang: str) -> FindingLine:
    """One rules finding as a row of the findings table."""
    tl = _nl_en(lang)
    words = _WORDS[tl]
    breached = finding.outcome == "breach"
    measured: float | int | str | None = None
    norm: float | int | str | None = finding.norm(tl)
    unit = ""
    figures = _FIGURES.get(finding.code)
    if figures is not None:
        m_key, n_key, unit_key = figures
        m_value = finding.measured.get(m_key)
        n_value = finding.measured.get(n_key) if n_key else None
        if isinstance(m_value, int | float) and not isinstance(m_value, bool):
            if isinstance(n_value, int | float) and not isinstance(n_value, bool):
                norm = n_value
                measured = (
                    m_value
                    if isinstance(m_value, int)
                    else _measured_text(float(m_value), float(n_value), breached, lang)
                )
                unit = words.get(unit_key, unit_key)
    return FindingLine(
        number=str(number),
        title=finding.message(tl),
        measured=measured,
        norm=norm,
        unit=unit,
        source=finding.source,
        outcome=_OUTCOME[tl].get(finding.outcome, finding.outcome),
        breached=breached,
        category=finding.category,
    )


def finding_lines(result: RulesResult, lang: str) -> list[FindingLine]:
    """Breaches and met norms in report order; norms that cannot be judged yet are left out,
    since the letters count what was tested."""
    judged = [f for f in result.findings if f.outcome in ("breach", "ok", "advice")]
    return [finding_line(i, f, lang) for i, f in enumerate(judged, start=1)]


def signal_line(signal: ExploitationSignal, lang: str, who: str = "") -> SignalLine:
    """One rules signal with the organisations it goes to."""
    tl = _nl_en(lang)
    names = _REFERRAL[tl]
    text = signal.description(tl)
    return SignalLine(
        text=f"{who}: {text}" if who else text,
        passed_to=", ".join(_unique([names.get(r, r) for r in signal.referrals])),
    )


def bedroom_rows(verblijf: Mapping[str, Any], lang: str) -> list[BedroomRow]:
    """The bedrooms repeat of the location questionnaire as table rows."""
    tl = _nl_en(lang)
    words = _WORDS[tl]
    form = _form("verblijfslocatie")
    rooms = verblijf.get("bedrooms")
    if not isinstance(rooms, list):
        return []
    rows = []
    for index, room in enumerate((r for r in rooms if isinstance(r, Mapping)), start=1):
        if form is not None and form.has_field("bedrooms"):
            name = form.field("bedrooms").item_title(index, tl)
        else:
            name = f"{'Slaapkamer' if tl == 'nl' else 'Bedroom'} {index}"
        remarks = []
        if _yes_no(room, "bed_80x200") is False:
            remarks.append(words["small_beds"])
        if _yes_no(room, "wardrobe_per_person") is False:
            remarks.append(words["no_wardrobe"])
        outside = _yes_no(room, "wardrobe_outside_bedroom")
        if outside and _yes_no(room, "wardrobe_lockable") is False:
            remarks.append(words["wardrobe_not_lockable"])
        remark = "; ".join(remarks)
        rows.append(
            BedroomRow(
                name=name,
                area_m2=_number(room, "area_m2"),
                beds=_count(room, "beds"),
                persons=_count(room, "persons"),
                window=_yes_no(room, "window"),
                remark=remark[:1].upper() + remark[1:],
            )
        )
    return rows


# -- the context ----------------------------------------------------------------------------


def _inspection_date(detail: InspectionDetail, control: Mapping[str, Any]) -> date:
    found = _day(control, "control_start")
    if found is not None:
        return found
    s = detail.summary
    for moment in (s.started_at, s.planned_at, s.created_at):
        if moment is not None:
            return _local_date(moment)
    return localtime.today()  # pragma: no cover - created_at is always set


def _partners(detail: InspectionDetail, control: Mapping[str, Any], lang: str) -> list[str]:
    names: list[str] = []
    chosen = control.get("partners")
    if isinstance(chosen, list):
        for choice_id in chosen:
            if not isinstance(choice_id, str):
                continue
            if choice_id == "other":
                names.append(_text(control, "partners_other"))
            else:
                names.append(_choice_label("controlelocatie", "partners", choice_id, lang))
    names.extend(detail.partners)
    return _unique(names)


def _officers(detail: InspectionDetail, control: Mapping[str, Any]) -> list[str]:
    if detail.officers_present:
        return _unique(detail.officers_present)
    return _unique(_text(control, "officers").splitlines())


def _inspection_info(
    detail: InspectionDetail, control: Mapping[str, Any], verblijf: Mapping[str, Any], lang: str
) -> InspectionInfo:
    s = detail.summary
    accommodation = _text(control, "accommodation_type")
    if accommodation == "other" and _text(control, "accommodation_type_other"):
        accommodation_text = _text(control, "accommodation_type_other")
    elif accommodation:
        accommodation_text = _choice_label(
            "controlelocatie", "accommodation_type", accommodation, lang
        )
    else:
        accommodation_text = ""
    owner = _text(control, "owner_name")
    landlord = _text(control, "landlord_name")
    if not landlord and _yes_no(control, "landlord_same_as_owner"):
        landlord = owner
    employer = " / ".join(_unique([_text(control, "agency_name"), _text(control, "employer_name")]))
    partners = _partners(detail, control, lang)
    interpreter = ""
    if _yes_no(control, "interpreter_present"):
        kind = _text(control, "interpreter_type")
        parts = [_choice_label("controlelocatie", "interpreter_type", kind, lang) if kind else ""]
        language = _text(control, "interpreter_language")
        parts += [language.upper() if language else "", _text(control, "interpreter_name")]
        interpreter = ", ".join(p for p in parts if p) or ("ja" if lang == "nl" else "yes")
    consent_by = _text(control, "consent_given_by")
    role = _text(control, "consent_given_by_role")
    if consent_by and role:
        consent_by += f" ({_choice_label('controlelocatie', 'consent_given_by_role', role, lang)})"
    return InspectionInfo(
        reference=s.reference,
        address=s.address,
        postcode=s.postcode,
        city=s.city,
        date=_inspection_date(detail, control),
        officers=tuple(_officers(detail, control)),
        partners=tuple(partners),
        accommodation_type=accommodation_text,
        bag_id=s.bag_ids.get("verblijfsobject", ""),
        floor_area_m2=_number(verblijf, "floor_area_m2"),
        owner=owner,
        landlord=landlord,
        employer=employer,
        joint_control=bool(partners),
        use_allowed=_yes_no(control, "use_allowed"),
        consent=_yes_no(control, "access_consent"),
        consent_by=consent_by,
        consent_time=_moment(control, "consent_time"),
        left_time=_moment(control, "dwelling_left_time"),
        interpreter=interpreter,
        interpreter_used=_yes_no(control, "interpreter_present"),
    )


def _person_name(answers: Mapping[str, Any], display_name: str) -> str:
    full = " ".join(x for x in (_text(answers, "given_names"), _text(answers, "surname")) if x)
    return full or display_name


def _both(nl: str, other: str) -> str:
    """The Dutch value with the resident's language beside it, as on the signed form."""
    return nl if not other or nl == other else f"{nl} / {other}"


def _form_choice(form_id: str, field_id: str, choice_id: str, lang: str) -> str:
    form = _form(form_id)
    if not choice_id or form is None or not form.has_field(field_id):
        return choice_id
    for choice in form.field(field_id).choices:
        if choice.id == choice_id:
            return _both(choice.label.get("nl"), choice.label.get(lang))
    return choice_id


def _country(code: str, lang: str) -> str:
    if not code or not is_known_code(code):
        return code
    return _both(country_name(code, "nl"), country_name(code, lang))


# -- producing and recording ----------------------------------------------------------------


def write_letter(path: Path, data: bytes) -> None:
    """Write a produced letter to *path* so that no reader ever sees a partial file, and a
    process killed halfway leaves no plaintext behind.

    Only a regular file or a new name is written: a device, a pipe, a folder or a symbolic link
    at *path* is refused (OSError with a plain sentence). The letter is written into an
    anonymous file (Linux ``O_TMPFILE``) that gets a name only when it is complete; where that
    does not exist, into a named ``.part`` file, and parts left by a killed process are removed
    at the next write of the same name.
    """
    _refuse_unsafe_target(path)
    _remove_stale_parts(path)
    fd, tmp = _open_temp(path)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
            if tmp is None:
                if _link_new(handle.fileno(), path):
                    return  # a new name: linked in place, complete, in one step
                tmp = _link_anonymous(handle.fileno(), path)
        replace_file(tmp, path)  # retried while a scanner holds the file (Windows)
    except BaseException:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        raise


_PART_SUFFIX = ".part"


def _refuse_unsafe_target(path: Path) -> None:
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return
    if not stat.S_ISREG(st.st_mode):
        raise OSError(
            errno.EINVAL,
            "hier kan geen brief worden geschreven: alleen een gewoon bestand of een nieuwe naam",
        )


def _remove_stale_parts(path: Path) -> None:
    for stale in path.parent.glob(f".{glob.escape(path.name)}.*{_PART_SUFFIX}"):
        try:
            if stale.is_file() and not stale.is_symlink():
                stale.unlink()
        except OSError:
            pass


def _open_temp(path: Path) -> tuple[int, str | None]:
    """An anonymous file in the target's folder (None: no name yet), else a named part."""
    flag = getattr(os, "O_TMPFILE", 0)
    if flag and sys.platform.startswith("linux"):
        try:
            return os.open(path.parent, flag | os.O_WRONLY, 0o600), None
        except OSError:
            pass  # a file system without O_TMPFILE (vfat, some network drives)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=_PART_SUFFIX, dir=path.parent)
    return fd, tmp


def _linkat(fd: int, folder: int, name: str) -> None:
    # linkat(..., AT_SYMLINK_FOLLOW) on /proc/self/fd/N, as open(2) describes for O_TMPFILE;
    # Python calls linkat (not link) only when a directory fd is given.
    os.link(f"/proc/self/fd/{fd}", name, src_dir_fd=folder, dst_dir_fd=folder, follow_symlinks=True)


def _link_new(fd: int, path: Path) -> bool:
    """Give the complete anonymous file the letter's own name when that name is still free."""
    folder = os.open(path.parent, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        _linkat(fd, folder, path.name)
        return True
    except FileExistsError:
        return False
    finally:
        os.close(folder)


def _link_anonymous(fd: int, path: Path) -> str:
    """Give the complete anonymous file a name next to *path* (then renamed over it)."""
    # Replacing an existing letter needs a name for an instant (link, then rename over it); a
    # kill in that instant leaves a part, removed at the next write of the same letter.
    folder = os.open(path.parent, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        for _ in range(10):
            name = f".{path.name}.{secrets.token_hex(6)}{_PART_SUFFIX}"
            try:
                _linkat(fd, folder, name)
                return str(path.parent / name)
            except FileExistsError:
                continue
    finally:
        os.close(folder)
    raise OSError(errno.EEXIST, "no free temporary name")


#: The letter language for a resident imported with the interface default ("nl"), from the
#: country on the employer's list: Polish, Romanian and Ukrainian workers read their own.
_COUNTRY_LANGUAGE = {"PL": "pl", "RO": "ro", "MD": "ro", "UA": "uk"}


#: What an invitation's file is called (the officer's language: Dutch).
INVITATION_FILE_NAME = "Uitnodiging inschrijving BRP"


@dataclass(frozen=True)
class InvitationRecipient:
    """A resident as the invitation to a group registration sees them."""

    resident_id: ResidentId
    name: str
    room: str | None
    #: The language of their invitation (theirs, else from their country).
    language: str
    #: Imported from the employer's list (invited by default).
    listed: bool


def invitation_language(resident_language: str, answers: Mapping[str, Any]) -> str:
    """The language of a resident's invitation: theirs when set, else from their country."""
    if resident_language in LANGUAGES and resident_language != "nl":
        return resident_language
    for key in ("nationalities", "birth_country"):
        value = answers.get(key)
        codes = value if isinstance(value, list) else [value]
        for code in codes:
            if isinstance(code, str) and code.upper() in _COUNTRY_LANGUAGE:
                return _COUNTRY_LANGUAGE[code.upper()]
    return resident_language if resident_language in LANGUAGES else "en"


class Letters:
    """Letters of an inspection or a resident (``ws.letters``): the context, the rendered
    letter, the record of it in the audit; each public method is one unit of work."""

    def __init__(self, ws: Workspace) -> None:
        self._ws = ws

    def resident_inspection(self, resident_id: ResidentId) -> InspectionId:
        """The id of the inspection the resident was found at; LetterError when unknown."""
        with self._ws.unit() as s:
            row = s.get(Resident, resident_id) if resident_id else None
            if row is None:
                raise LetterError(
                    "resident.not_found",
                    "geen bewoner met id {id!r}",
                    "no resident with id {id!r}",
                    id=resident_id,
                )
            return InspectionId(row.inspection_id)

    def _latest_registration(
        self, resident_id: ResidentId, states: Sequence[str]
    ) -> Registration | None:
        with self._ws.unit() as s:
            row = s.scalars(
                select(Registration)
                .where(
                    Registration.resident_id == resident_id, Registration.state.in_(tuple(states))
                )
                .order_by(Registration.version.desc())
                .limit(1)
            ).first()
            if row is not None:
                s.expunge(row)
            return row

    def _registration(
        self, resident_id: ResidentId, insp: InspectionInfo, room: str, kind: str, lang: str
    ) -> RegistrationInfo:
        """The declaration (receipt) or the processed registration (confirmation)."""
        if kind == "confirmation":
            registration = self._latest_registration(resident_id, (PROCESSED,))
            if registration is None:
                raise LetterError(
                    "letter.confirmation_unprocessed",
                    "De bevestiging van inschrijving kan pas worden gemaakt als burgerzaken "
                    "de inschrijving heeft verwerkt (BSN en datum uit de BRP). Geef de bewoner "
                    "tot dan het bewijs van aangifte.",
                    "The confirmation of registration can be made only once burgerzaken has "
                    "processed the registration (BSN and date from the BRP). Until then, give "
                    "the resident the receipt of the declaration.",
                )
        else:
            registration = self._latest_registration(resident_id, _SIGNED_STATES)
            if registration is None:
                raise LetterError(
                    "letter.no_signed_registration",
                    "deze bewoner heeft geen ondertekende inschrijving",
                    "no signed registration for this resident",
                )
        raw: Mapping[str, Any] = registration.data or {}
        # Signing freezes the inschrijving answers under "form" (inspector.core.registrations).
        nested = raw.get("form", raw.get("answers"))
        data: Mapping[str, Any] = nested if isinstance(nested, Mapping) else raw
        street = " ".join(x for x in (_text(data, "street"), _text(data, "house_number")) if x)
        address = street or _text(data, "address") or insp.address
        signed = registration.signed_at or registration.updated_at
        processing = raw.get("processing") if registration.state == PROCESSED else None
        processed = isinstance(processing, Mapping)
        registered_on: date | None = None
        if processed:
            assert isinstance(processing, Mapping)
            registered_on = date.fromisoformat(str(processing["registration_date"]))
        nationalities = data.get("nationalities") or []
        doc_type = _text(data, "document_type")
        document = ", ".join(
            x
            for x in (
                _form_choice("inschrijving", "document_type", doc_type, lang) if doc_type else "",
                _text(data, "document_number"),
                f"V-nummer {_text(data, 'v_number')}" if _text(data, "v_number") else "",
            )
            if x
        )
        return RegistrationInfo(
            registered_on=registered_on or (_local_date(signed) if signed else insp.date),
            address=address,
            postcode=_text(data, "postcode") or insp.postcode,
            city=_text(data, "town") or _text(data, "city") or insp.city,
            room=_text(data, "unit") or _text(data, "room") or room,
            moved_in=_day(data, "moving_in_date") or _day(data, "move_in_date"),
            reference=f"{insp.reference}-BRP-{registration.id[:8].upper()}",
            processed=processed,
            bsn=str(processing["bsn"]) if processed and isinstance(processing, Mapping) else "",
            sex=_form_choice("inschrijving", "sex", _text(data, "sex"), lang),
            birth_place=_text(data, "birth_place"),
            birth_country=_country(_text(data, "birth_country"), lang),
            nationality="; ".join(
                _country(str(code), lang) for code in nationalities if isinstance(code, str)
            ),
            declared_at=_local_time(signed) if signed else None,
            received_by=_text(data, "officer_name"),
            received_mandate=_text(data, "officer_mandate"),
            arrival=_day(data, "arrival_date"),
            document=document,
            use_not_allowed=insp.use_allowed is False,
        )

    def _photos(self, inspection_id: InspectionId, lang: str) -> list[PhotoItem]:
        # Read in one query rather than attachment_content() per photo: a preview is not an
        # export, and the produced letter is audited once as a whole.
        word = _WORDS[_nl_en(lang)]["photo"]
        with self._ws.unit() as s:
            rows = s.execute(
                select(Attachment.content, Attachment.caption, Attachment.mime)
                .where(Attachment.inspection_id == inspection_id, Attachment.kind == "photo")
                .order_by(Attachment.created_at)
            ).all()
        photos: list[PhotoItem] = []
        for content, caption, mime in rows:
            if mime.lower() not in _IMAGE_MIMES:
                continue
            number = len(photos) + 1
            label = f"{word} {number}" + (
                f" – {caption.strip()}" if caption and caption.strip() else ""
            )
            photos.append(PhotoItem(image=content, caption=label))
        return photos

    def context(
        self,
        kind: str,
        lang: str,
        *,
        inspection_id: InspectionId | None = None,
        resident_id: ResidentId | None = None,
        today: date | None = None,
        invitation: InvitationInfo | None = None,
    ) -> LetterContext:
        """Everything the letter *kind* in *lang* prints about one inspection (and resident).

        Raises :class:`LetterError` for an unknown kind or language, a missing inspection or
        resident, a receipt without a signed registration, a confirmation letter without a
        processed one, or an invitation without its date, time and place.
        """
        check_request(kind, lang)
        if kind == "refusal":
            raise LetterError(
                "letter.refusal_by_office",
                "het besluit tot weigering van een inschrijving maakt burgerzaken "
                "(inspector clerk letter --kind refusal)",
                "the decision refusing a registration is made by burgerzaken "
                "(inspector clerk letter --kind refusal)",
            )
        today = today or localtime.today()
        if resident_id and not inspection_id:
            inspection_id = self.resident_inspection(resident_id)
        if not inspection_id:
            raise LetterError(
                "letter.needs_inspection",
                "voor deze brief is een inspectie nodig",
                "the {kind} letter needs an inspection",
                kind=kind,
            )
        try:
            detail = self._ws.inspections.get(inspection_id, audit_view=False)
        except WorkspaceError as exc:
            raise LetterError(exc.message) from exc
        control = detail.forms.get("controlelocatie")
        verblijf = detail.forms.get("verblijfslocatie")
        control_values: dict[str, Any] = dict(control.values) if control else {}
        verblijf_values: dict[str, Any] = dict(verblijf.values) if verblijf else {}

        names: dict[str, str] = {r.id: r.name for r in detail.residents}
        betrokkene: dict[str, dict[str, Any]] = {}
        for r in detail.residents:
            answers = detail.resident_forms.get(r.id, {}).get("betrokkene")
            betrokkene[r.id] = dict(answers.values) if answers else {}
        if resident_id and resident_id not in names:
            raise LetterError(
                "resident.not_in_inspection",
                "geen bewoner met id {id!r} in inspectie {inspection!r}",
                "no resident with id {id!r} in inspection {inspection!r}",
                id=resident_id,
                inspection=inspection_id,
            )

        location = {**control_values, **verblijf_values} if (control or verblijf) else None
        result = compute(
            location,
            [ResidentInput(rid, answers) for rid, answers in betrokkene.items()],
            self._ws.settings.norms,
            today=today,
            inspection_date=_inspection_date(detail, control_values),
        )
        insp = _inspection_info(detail, control_values, verblijf_values, lang)

        resident: ResidentInfo | None = None
        registration: RegistrationInfo | None = None
        if resident_id:
            info = next(r for r in detail.residents if r.id == resident_id)
            own = betrokkene.get(resident_id, {})
            resident = ResidentInfo(
                name=_person_name(own, info.name),
                birth_date=_day(own, "birth_date"),
                language=lang,
                address=insp.address,
                room=info.room or "",
                postcode=insp.postcode,
                city=insp.city,
                bsn=_text(own, "bsn"),
                surname=_text(own, "surname"),
                sex=_text(own, "sex") if _text(own, "sex") in (Sex.MALE, Sex.FEMALE) else "",
            )
        if kind in RESIDENT_KINDS and (resident_id is None or resident is None):
            raise LetterError(
                "letter.needs_resident",
                "voor deze brief is een bewoner nodig",
                "the {kind} letter needs a resident",
                kind=kind,
            )
        if kind in ("confirmation", "receipt"):
            assert resident_id is not None and resident is not None
            registration = self._registration(resident_id, insp, resident.room, kind, lang)
        if kind == "invitation" and invitation is None:
            raise LetterError(
                "letter.invitation_details",
                "voor de uitnodiging zijn datum, tijd en plaats nodig",
                "the invitation letter needs the date, time and place",
            )

        signals = [
            signal_line(
                sig,
                lang,
                ""
                if sig.subject not in names
                else _person_name(betrokkene[sig.subject], names[sig.subject]),
            )
            for sig in result.signals
        ]
        signed_count = self._signed_count(inspection_id)
        interviewed = sum(1 for answers in betrokkene.values() if answers)
        persons = _count(verblijf_values, "persons_present")
        counts = Counts(
            persons_present=persons if persons is not None else len(detail.residents) or None,
            registered_before=_count(verblijf_values, "persons_registered"),
            registered_on_site=signed_count,
            residents_interviewed=interviewed,
        )
        return LetterContext(
            municipality=self._ws.settings.municipality,
            logo=load_logo(self._ws.paths.root, self._ws.settings.municipality),
            inspection=insp,
            resident=resident,
            findings=tuple(finding_lines(result, lang)),
            bedrooms=tuple(bedroom_rows(verblijf_values, lang)),
            photos=tuple(self._photos(inspection_id, lang)) if kind in _KINDS_WITH_PHOTOS else (),
            signals=tuple(signals),
            counts=counts,
            registration=registration,
            invitation=invitation,
            norms=self._ws.settings.norms,
            signer=self._ws.officer.name,
            letter_date=today,
            retention_days=self._ws.settings.retention_days,
        )

    def _signed_count(self, inspection_id: InspectionId) -> int:
        with self._ws.unit() as s:
            rows = s.scalars(
                select(Registration.resident_id).where(
                    Registration.inspection_id == inspection_id,
                    Registration.state.in_(_SIGNED_STATES),
                )
            ).all()
        return len(set(rows))

    def record(
        self,
        kind: str,
        lang: str,
        fmt: str,
        inspection_id: InspectionId | None,
        resident_id: ResidentId | None,
        *,
        via: str = "",
    ) -> None:
        """Audit one produced letter: which, for whom (ids only), when (the event time), language.

        *via* says how it left the app ("print", "save", "cli"); never a file name, which may
        hold a person's name.
        """
        details: dict[str, Any] = {"kind": kind, "lang": lang, "format": fmt}
        if resident_id:
            details["resident"] = resident_id
        if via:
            details["via"] = via
        with self._ws.unit() as s:
            self._ws.audit(s, AUDIT_ACTION, "inspection", inspection_id, **details)

    def render(
        self,
        kind: str,
        lang: str,
        fmt: str,
        *,
        inspection_id: InspectionId | None = None,
        resident_id: ResidentId | None = None,
        today: date | None = None,
        via: str = "",
        invitation: InvitationInfo | None = None,
    ) -> bytes:
        """Build the context, render the letter and record it; LetterError on any problem
        (:class:`ContactDetailsMissing` when the settings lack the contact details)."""
        check_request(kind, lang, fmt)
        if resident_id and not inspection_id:
            inspection_id = self.resident_inspection(resident_id)
        context = self.context(
            kind,
            lang,
            inspection_id=inspection_id,
            resident_id=resident_id,
            today=today,
            invitation=invitation,
        )
        data = render(kind, lang, context, fmt)
        self.record(kind, lang, fmt, inspection_id, resident_id, via=via)
        return data

    def preview(
        self,
        kind: str,
        lang: str,
        *,
        inspection_id: InspectionId,
        resident_id: ResidentId | None = None,
    ) -> tuple[LetterContext, bytes]:
        """The letter *kind* in *lang* as PDF for the screen, and its context (for saving it
        later); the preview is audited (ids, kind, language; never the letter's content).

        Raises :class:`LetterError` or :class:`WorkspaceError` when the letter cannot be made;
        nothing is recorded then.
        """
        context = self.context(kind, lang, inspection_id=inspection_id, resident_id=resident_id)
        pdf = render(kind, lang, context, "pdf")
        with self._ws.unit() as s:
            self._ws.audit(
                s,
                PREVIEW_ACTION,
                "inspection",
                inspection_id,
                kind=kind,
                language=lang,
                resident=resident_id,
            )
        return context, pdf

    def invitation_recipients(self, inspection_id: InspectionId) -> list[InvitationRecipient]:
        """Every resident of the inspection as the invitation dialog offers them: the language
        their invitation would be in, their room, and whether they came from the employer's
        list (those are invited by default)."""
        with self._ws.unit() as s:
            imported = set(
                s.scalars(
                    select(Resident.id).where(
                        Resident.inspection_id == inspection_id, Resident.import_key.is_not(None)
                    )
                ).all()
            )
        detail = self._ws.inspections.get(inspection_id, audit_view=False)
        out = []
        for r in detail.residents:
            answers = detail.resident_forms.get(r.id, {}).get("betrokkene")
            lang = invitation_language(r.language, dict(answers.values) if answers else {})
            out.append(InvitationRecipient(r.id, r.name, r.room, lang, r.id in imported))
        return out

    def invitation_file_names(
        self,
        inspection_id: InspectionId,
        invitation: InvitationInfo,
        letters: Sequence[tuple[str, str, bytes]],
        fmt: str,
    ) -> list[str]:
        """A file name per invitation: what it is, the address, the day of the registration,
        a number, the room and the language — never the resident's name."""
        detail = self._ws.inspections.get(inspection_id, audit_view=False)
        rooms = {r.id: r.room for r in detail.residents}
        address = f"{detail.summary.address} {detail.summary.city}"
        return series_file_names(
            INVITATION_FILE_NAME,
            address,
            invitation.when.date(),
            fmt,
            [(rooms.get(ResidentId(resident_id)), lang) for resident_id, lang, _data in letters],
        )

    def render_invitations(
        self,
        inspection_id: InspectionId,
        invitation: InvitationInfo,
        fmt: str = "pdf",
        *,
        today: date | None = None,
        via: str = "",
        resident_ids: Sequence[str] | None = None,
    ) -> list[tuple[str, str, bytes]]:
        """Peel en Maas practice: one invitation (date, time, place, what to bring) per
        resident, each in the resident's language followed by the Dutch text. Without
        *resident_ids*: every resident imported from the employer's list. Returns (resident id,
        language, letter); each letter is recorded in the audit log."""
        recipients = self.invitation_recipients(inspection_id)
        if resident_ids is None:
            chosen = [r for r in recipients if r.listed]
            if not chosen:
                raise LetterError(
                    "letter.no_listed_residents",
                    "Deze controle heeft geen bewoners uit een lijst van de werkgever; importeer "
                    "eerst de lijst.",
                    "This inspection has no residents from an employer's list; import the list "
                    "first.",
                )
        else:
            wanted = set(resident_ids)
            chosen = [r for r in recipients if r.resident_id in wanted]
            if not chosen or len(chosen) != len(wanted):
                raise LetterError(
                    "letter.no_recipients",
                    "Kies ten minste één bewoner van deze controle om uit te nodigen.",
                    "Choose at least one resident of this inspection to invite.",
                )
        out: list[tuple[str, str, bytes]] = []
        for recipient in chosen:
            data = self.render(
                "invitation",
                recipient.language,
                fmt,
                inspection_id=inspection_id,
                resident_id=recipient.resident_id,
                today=today,
                via=via,
                invitation=invitation,
            )
            out.append((recipient.resident_id, recipient.language, data))
        return out
