"""Municipality settings: one YAML file with defaults, validated on load."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from inspector.error_kinds import KnownError


class SettingsError(KnownError):
    """The settings file cannot be read or holds an invalid value; *fields* names the invalid
    settings (dotted paths, no values) where it holds them."""

    def __init__(
        self,
        code: str,
        nl: str,
        en: str,
        *,
        fields: tuple[str, ...] = (),
        **params: Any,
    ) -> None:
        super().__init__(code, nl, en, **params)
        self.fields = fields

    @classmethod
    def listing(
        cls,
        code: str,
        problems_nl: list[str],
        problems_en: list[str],
        fields: tuple[str, ...] = (),
    ) -> SettingsError:
        """One error naming every bad field of a form, in both languages."""
        return cls(
            code, "{listed}", "{listed_en}", fields=fields, listed="; ".join(problems_nl),
            listed_en="; ".join(problems_en),
        )  # fmt: skip


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


#: The offices a letter can name as its contact (Wet goed verhuurderschap: the meldpunt).
OFFICES: tuple[str, ...] = ("burgerzaken", "handhaving", "meldpunt", "rni_counter")
#: Dutch names of the offices, as the settings screen and the refusal name them.
OFFICE_NAMES: dict[str, str] = {
    "burgerzaken": "Burgerzaken",
    "handhaving": "Toezicht en handhaving",
    "meldpunt": "Meldpunt Wet goed verhuurderschap",
    "rni_counter": "Dichtstbijzijnde RNI-loket",
}

#: Values that the older defaults and the first start wrote: a letter never prints them.
SAMPLE_MARKERS: tuple[str, ...] = (
    "voorbeeld.example",
    "postbus 1, 1234 ab voorbeeld",
    "14 0000",
)

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9 ()-]{5,20}$")


def is_sample(value: str) -> bool:
    """Whether *value* holds one of the sample values of the old defaults."""
    text = value.strip().casefold()
    return any(marker in text for marker in SAMPLE_MARKERS)


class Contact(_Strict):
    """One office of the municipality as a letter prints it: who, where, how to reach."""

    #: The office's name as printed, e.g. "Burgerzaken" or "RNI-loket Rotterdam".
    department: str = ""
    #: Postal address in one line, e.g. "Postbus 1086, 2800 BB Gouda".
    address: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        value = value.strip()
        if value and not _EMAIL.match(value):
            raise ValueError("is not an e-mail address (name@domain.nl)")
        return value

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str) -> str:
        value = value.strip()
        if value and not _PHONE.match(value):
            raise ValueError("is not a phone number (digits, spaces, +, - and brackets)")
        return value

    def line(self) -> str:
        """The contact in one line: department, address, phone, e-mail, website."""
        return ", ".join(
            x for x in (self.department, self.address, self.phone, self.email, self.website) if x
        )


class Municipality(_Strict):
    """Who the municipality is, as printed on letters. Every office has its own contact."""

    #: The municipality's name, with or without "Gemeente" ("Gouda" or "Gemeente Gouda").
    name: str = ""
    visiting_address: str = ""
    website: str = ""
    #: Path to a PNG or JPEG logo; relative paths are taken from the data directory.
    logo: str = ""
    burgerzaken: Contact = Contact(department="Burgerzaken")
    handhaving: Contact = Contact(department="Toezicht en handhaving")
    #: The municipality's meldpunt under the Wet goed verhuurderschap.
    meldpunt: Contact = Contact(department="Meldpunt goed verhuurderschap")
    #: The RNI counter residents with a short stay are referred to (registration in person).
    rni_counter: Contact = Contact()
    #: The mandate under which officers receive a BRP declaration on the spot, as printed on
    #: the registration form, e.g. "Mandaatbesluit burgerzaken 2025, art. 3".
    registration_mandate: str = ""

    @model_validator(mode="before")
    @classmethod
    def _legacy(cls, data: Any) -> Any:
        """Settings files of earlier versions had one address, phone and e-mail for every
        letter and the meldpunt as one text: they become the handhaving contact (the only
        letters then were enforcement letters) and the meldpunt's details."""
        if not isinstance(data, dict):
            return data
        data = dict(data)
        old = {k: data.pop(k) for k in ("address", "phone", "email") if k in data}
        if old and "handhaving" not in data:
            data["handhaving"] = {
                "department": "Toezicht en handhaving",
                **{k: v for k, v in old.items() if isinstance(v, str)},
            }
        meldpunt = data.get("meldpunt")
        if isinstance(meldpunt, str):
            text = meldpunt.strip()
            entry: dict[str, str] = {"department": "Meldpunt goed verhuurderschap"}
            if _EMAIL.match(text):
                entry["email"] = text
            elif _PHONE.match(text):
                entry["phone"] = text
            elif text:
                entry["website"] = text
            data["meldpunt"] = entry
        return data

    @property
    def bare_name(self) -> str:
        """'Gemeente Gouda' -> 'Gouda': texts say "de gemeente X", "gminy X", "primăriei X"."""
        return re.sub(r"^\s*gemeente\s+", "", self.name, flags=re.IGNORECASE).strip() or self.name

    @property
    def official_name(self) -> str:
        """The name as the letterhead prints it: "Gemeente Gouda"."""
        bare = self.bare_name.strip()
        return f"Gemeente {bare}" if bare else ""

    def contact(self, office: str) -> Contact:
        """The contact of *office* (one of :data:`OFFICES`)."""
        if office not in OFFICES:
            raise KeyError(office)
        value = getattr(self, office)
        assert isinstance(value, Contact)
        return value


def contact_problems(municipality: Municipality, offices: tuple[str, ...]) -> list[str]:
    """What is missing (or still a sample value) before a letter naming *offices* can be made:
    Dutch texts, empty when everything is set."""
    problems: list[str] = []
    if not municipality.name.strip() or is_sample(municipality.name):
        problems.append("naam van de gemeente")
    for office in offices:
        c = municipality.contact(office)
        where = OFFICE_NAMES[office]
        values = {"address": c.address, "phone": c.phone, "email": c.email, "web": c.website}
        samples = [k for k, v in values.items() if v and is_sample(v)]
        if samples:
            problems.append(f"{where}: voorbeeldgegevens vervangen")
        if office == "rni_counter":
            if not c.department.strip():
                problems.append(f"{where}: naam van het loket")
            if not c.address.strip():
                problems.append(f"{where}: adres")
            continue
        if office == "meldpunt":
            if not (c.phone or c.email or c.website):
                problems.append(f"{where}: telefoon, e-mail of website")
            continue
        if not c.address.strip():
            problems.append(f"{where}: postadres")
        if not c.phone.strip():
            problems.append(f"{where}: telefoonnummer")
        if not c.email.strip():
            problems.append(f"{where}: e-mailadres")
    return problems


class Norms(_Strict):
    """Housing norms; defaults from domain.md, every one overridable per municipality."""

    #: Dwelling (woonfunctie): omgevingsplan, formerly Bouwbesluit 2012 art. 7.18.
    m2_per_person: float = Field(12.0, gt=0, description="usable floor area per person (m²)")
    #: Lodging (logies: hotel, holiday park, short-stay): SNF norm 1.3.
    m2_per_person_lodging: float = Field(10.0, gt=0, description="lodging: m² per person")
    bedroom_m2_per_person: float = Field(3.5, gt=0, description="bedroom floor area per person")
    #: Advice of the Aanjaagteam, never a norm: shown as advice, never as a breach.
    persons_per_bedroom: int = Field(1, ge=1, description="advised maximum persons per bedroom")
    persons_per_toilet: int = Field(8, ge=1)
    persons_per_shower: int = Field(8, ge=1)
    fridge_litres_per_person: float = Field(30.0, ge=0)
    burners_minimum: int = Field(4, ge=0)
    burners_persons_per_burner_above_8: int = Field(2, ge=1)
    burners_minimum_above_30: int = Field(16, ge=0)
    sockets_per_resident: int = Field(1, ge=0)
    extinguisher_litres: float = Field(6.0, ge=0)
    extinguisher_max_distance_m: float = Field(5.0, ge=0)
    #: A local rule only (no national basis): off unless the municipality gives the number
    #: and where its rule is (e.g. "Omgevingsplan Zundert, art. 4.2").
    max_persons_per_dwelling: int | None = Field(None, ge=1)
    max_persons_source: str = ""
    #: Statutory minimum wage per month (full time), for the 25 % housing deduction check;
    #: unset means the check is not made. Source: rijksoverheid.nl (changes every half year).
    minimum_wage_month: float | None = Field(None, gt=0)
    #: Share of the minimum wage that may at most be deducted for housing (Wml art. 13).
    housing_deduction_max_share: float = Field(0.25, gt=0, le=1)
    #: Registration duty: expected stay of at least this many months ...
    registration_months: int = Field(4, ge=1)
    #: ... within this many months.
    registration_window_months: int = Field(6, ge=1)
    #: Register within this many days of arrival (Wet BRP art. 2.38).
    registration_days_after_arrival: int = Field(5, ge=0)
    #: Working days in which burgerzaken processes an on-the-spot declaration (the
    #: municipality's own service promise, printed on the receipt of the declaration).
    registration_processing_days: int = Field(5, ge=1, le=60)

    @model_validator(mode="after")
    def _max_persons_needs_source(self) -> Norms:
        if self.max_persons_per_dwelling is not None and not self.max_persons_source.strip():
            raise ValueError(
                "max_persons_per_dwelling needs max_persons_source: the local rule it comes "
                "from (there is no national maximum)"
            )
        return self

    @property
    def max_persons_enabled(self) -> bool:
        """Whether the local maximum of persons per dwelling applies."""
        return self.max_persons_per_dwelling is not None and bool(self.max_persons_source.strip())


#: The indicators of address selection (docs/address-selection.md), in the order the ranked
#: list explains them. None of them uses nationality.
ADDRESS_INDICATORS: tuple[str, ...] = (
    "occupancy",
    "landlord_report",
    "turnover",
    "non_residential",
    "owner",
    "laa",
    "complaints",
    "findings",
)


class AddressSelection(_Strict):
    """How the coordinator's ranked list weighs the indicators (per municipality)."""

    weights: dict[str, float] = Field(
        default_factory=lambda: {
            "occupancy": 3.0,
            "landlord_report": 1.0,
            "turnover": 2.0,
            "non_residential": 2.0,
            "owner": 1.0,
            "laa": 2.0,
            "complaints": 1.5,
            "findings": 1.5,
        }
    )
    #: Moves (in plus out) in 24 months from which turnover counts, and where it counts fully.
    turnover_from: int = Field(6, ge=1)
    turnover_full: int = Field(20, ge=1)
    #: Other addresses of the same owner with signals from which the owner indicator counts.
    owner_from: int = Field(2, ge=1)
    #: LAA signals, complaints and partners' signals older than this are not counted.
    signal_months: int = Field(24, ge=1, le=120)
    #: An earlier inspection's findings count half after this many months.
    findings_half_life_months: int = Field(24, ge=1, le=240)
    #: Background map (PDOK BRT-Achtergrondkaart, WMTS), used only when the office is online;
    #: empty: the plain coordinate plot only.
    map_tiles_url: str = (
        "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:28992/"
        "{z}/{x}/{y}.png"
    )
    #: Where a day's route starts (the office). Its place: RD coordinates (EPSG:28992, metres)
    #: when given, else the BAG coordinates of its postcode and house number in the imported
    #: data, else its postcode. Nothing set: the route starts at the highest-ranked address.
    route_start_label: str = Field("", max_length=80)
    route_start_postcode: str = ""
    route_start_number: str = Field("", max_length=12)
    route_start_x: float | None = Field(None, ge=-7_000, le=300_000)
    route_start_y: float | None = Field(None, ge=289_000, le=629_000)
    #: The registered persons (personal data, a BRP extract for the addresses being planned)
    #: are deleted this many days after their import ...
    persons_retention_days: int = Field(30, ge=1, le=365)
    #: ... and their names in planned visits (both the coordinator's and the laptops') this
    #: many days after the visit day; what burgerzaken needs went along with the inspection.
    visit_persons_retention_days: int = Field(90, ge=1, le=3650)

    @field_validator("route_start_postcode")
    @classmethod
    def _start_postcode(cls, value: str) -> str:
        if not value.strip():
            return ""
        from inspector.identifiers import normalize_postcode

        postcode = normalize_postcode(value)
        if postcode is None:
            raise ValueError("not a Dutch postcode (1234 AB)")
        return postcode

    @model_validator(mode="after")
    def _start_xy_together(self) -> AddressSelection:
        if (self.route_start_x is None) != (self.route_start_y is None):
            raise ValueError("route_start_x and route_start_y go together")
        return self

    @field_validator("weights")
    @classmethod
    def _known_indicators(cls, value: dict[str, float]) -> dict[str, float]:
        unknown = sorted(set(value) - set(ADDRESS_INDICATORS))
        if unknown:
            raise ValueError(f"unknown indicator(s): {', '.join(unknown)}")
        if any(w < 0 for w in value.values()):
            raise ValueError("weights are 0 or more")
        if value and not any(w > 0 for w in value.values()):
            raise ValueError("at least one weight must be more than 0")
        return value


class ClerkSettings(_Strict):
    """The registry clerk's workspace: the agreed processing term and the privacy terms."""

    #: Working days (Dutch public holidays not counted) to process a received registration.
    processing_term_working_days: int = Field(5, ge=1, le=60)
    #: Days after processing that the ID scans are deleted on the clerk's side.
    scan_retention_days: int = Field(30, ge=0, le=3650)
    #: The objection term after a refusal (Awb 6:7: six weeks); scans go once it has passed.
    objection_term_days: int = Field(42, ge=1, le=365)
    #: A second clerk confirms every outcome.
    four_eyes: bool = False


class Settings(_Strict):
    """Everything a municipality configures."""

    municipality: Municipality = Municipality()
    norms: Norms = Norms()
    idle_lock_minutes: int = Field(5, ge=1, le=240)
    retention_days: int = Field(3650, ge=1)
    id_scan_retention_days: int = Field(30, ge=1)
    #: Days the laptop keeps its sealed copy of a record after the service receipted it.
    synced_retention_days: int = Field(30, ge=0)
    #: Warn when a record has waited this many days without reaching the office.
    sync_warning_days: int = Field(3, ge=1)
    #: Minutes between two syncs of the window's background worker (also at start and on demand).
    sync_interval_minutes: int = Field(10, ge=1, le=1440)
    interface_language: str = "nl"
    address_selection: AddressSelection = AddressSelection()
    clerk: ClerkSettings = ClerkSettings()

    @field_validator("interface_language")
    @classmethod
    def _known_language(cls, value: str) -> str:
        if value not in ("nl", "en"):
            raise ValueError("must be 'nl' or 'en'")
        return value


def load_settings(path: Path) -> Settings:
    """Read settings from *path*; a missing file gives the defaults."""
    if not path.exists():
        return Settings()
    try:
        raw: Any = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise SettingsError(
            "settings.unreadable",
            "{path}: kan niet als YAML worden gelezen ({kind})",
            "{path}: cannot be read as YAML ({kind})",
            path=path,
            kind=exc.__class__.__name__,
        ) from exc
    if not isinstance(raw, dict):
        raise SettingsError(
            "settings.not_a_mapping",
            "{path}: moet een lijst van instellingen (naam: waarde) bevatten",
            "{path}: must hold a mapping of settings",
            path=path,
        )
    norms = raw.get("norms")
    if (
        isinstance(norms, dict)
        and norms.get("max_persons_per_dwelling") == 4
        and "max_persons_source" not in norms
    ):
        # The previous release wrote its default maximum (4) into every settings file; without
        # a source it is that default, not a local rule: "off" (an upgraded store must open,
        # tests/core/test_core_previous_release.py).
        raw = {**raw, "norms": {k: v for k, v in norms.items() if k != "max_persons_per_dwelling"}}
    try:
        return Settings.model_validate(raw)
    except ValidationError as exc:
        problems, fields = [], []
        for err in exc.errors():
            where = ".".join(str(p) for p in err["loc"]) or "(top)"
            problems.append(f"{where}: {err['msg']}")
            fields.append(where)
        raise SettingsError(
            "settings.invalid",
            "{path}: ongeldige instelling {problems}",
            "{path}: invalid setting {problems}",
            fields=tuple(dict.fromkeys(fields)),
            path=path,
            problems="; ".join(problems),
        ) from exc


def save_settings(path: Path, settings: Settings) -> None:
    """Write *settings* to *path* atomically."""
    from inspector.oscompat import write_atomic

    text = yaml.safe_dump(settings.model_dump(), allow_unicode=True, sort_keys=False)
    write_atomic(path, text.encode("utf-8"))


#: What the administrator's settings screen edits: (key, Dutch label). Office keys are
#: "<office>.<field>".
GENERAL_FIELDS: tuple[tuple[str, str], ...] = (
    ("name", "Naam van de gemeente"),
    ("visiting_address", "Bezoekadres"),
    ("website", "Website"),
    ("logo", "Logo"),
    ("registration_mandate", "Mandaat voor het ontvangen van BRP-aangiften"),
)
CONTACT_FIELDS: tuple[tuple[str, str], ...] = (
    ("department", "Naam afdeling of loket"),
    ("address", "Postadres"),
    ("phone", "Telefoonnummer"),
    ("email", "E-mailadres"),
    ("website", "Website"),
)
_FIELD_NAMES_NL = {
    "email": "is geen e-mailadres (naam@domein.nl)",
    "phone": "is geen telefoonnummer (cijfers, spaties, +, - en haakjes)",
}
_FIELD_NAMES_EN = {
    "email": "is not an e-mail address (name@domain.nl)",
    "phone": "is not a phone number (digits, spaces, +, - and brackets)",
}


def municipality_values(municipality: Municipality) -> dict[str, str]:
    """The municipality as the flat key -> text mapping the settings screen shows."""
    values = {key: str(getattr(municipality, key)) for key, _ in GENERAL_FIELDS}
    for office in OFFICES:
        contact = municipality.contact(office)
        for key, _ in CONTACT_FIELDS:
            values[f"{office}.{key}"] = str(getattr(contact, key))
    return values


def municipality_from_values(values: dict[str, str]) -> Municipality:
    """Build the municipality from the settings screen's flat values; SettingsError names
    each bad field in Dutch (nothing is kept from a refused form)."""
    data: dict[str, Any] = {key: values.get(key, "").strip() for key, _ in GENERAL_FIELDS}
    problems: list[str] = []
    problems_en: list[str] = []
    for office in OFFICES:
        contact = {key: values.get(f"{office}.{key}", "").strip() for key, _ in CONTACT_FIELDS}
        for key, reason in _FIELD_NAMES_NL.items():
            try:
                Contact.model_validate({key: contact[key]})
            except ValidationError:
                label = dict(CONTACT_FIELDS)[key]
                problems.append(f"{OFFICE_NAMES[office]}: {label.lower()} {reason}")
                problems_en.append(f"{OFFICE_NAMES[office]}: {key} {_FIELD_NAMES_EN[key]}")
        data[office] = contact
    if problems:
        raise SettingsError.listing("settings.contact_invalid", problems, problems_en)
    return Municipality.model_validate(data)


#: The sync settings on the settings screen: (key, Dutch label, lowest, highest, unit).
SYNC_FIELDS: tuple[tuple[str, str, int, int, str], ...] = (
    ("sync_interval_minutes", "Synchroniseren elke", 1, 1440, "minuten"),
    ("sync_warning_days", "Waarschuwen als een record wacht langer dan", 1, 365, "dagen"),
    ("synced_retention_days", "Afgeleverde records op de laptop bewaren", 0, 3650, "dagen"),
)


def sync_values_from_text(values: dict[str, str]) -> dict[str, int]:
    """The sync settings from the settings screen's text; SettingsError names each bad field
    in Dutch (a whole number in its range), nothing is kept from a refused form."""
    out: dict[str, int] = {}
    problems: list[str] = []
    problems_en: list[str] = []
    for key, label, low, high, unit in SYNC_FIELDS:
        text = values.get(key, "").strip()
        try:
            number = int(text)
        except ValueError:
            problems.append(f"{label.lower()}: vul een heel getal in ({low} tot en met {high})")
            problems_en.append(f"{key}: fill in a whole number ({low} to {high})")
            continue
        if not low <= number <= high:
            problems.append(f"{label.lower()}: kies {low} tot en met {high} {unit}")
            problems_en.append(f"{key}: choose {low} to {high}")
            continue
        out[key] = number
    if problems:
        raise SettingsError.listing("settings.sync_invalid", problems, problems_en)
    return out


#: The norms the rules read, on the settings screen: (key, Dutch label, unit, group). The
#: groups are the screen's headings; every field of :class:`Norms` is here (a test checks).
NORM_FIELDS: tuple[tuple[str, str, str, str], ...] = (
    ("m2_per_person", "Gebruiksoppervlakte per persoon, woning", "m²", "Woning en slaapkamers"),
    ("m2_per_person_lodging", "Gebruiksoppervlakte per persoon, logies (SNF 1.3)", "m²",
     "Woning en slaapkamers"),
    ("bedroom_m2_per_person", "Slaapkameroppervlakte per persoon (SNF 1.4.1)", "m²",
     "Woning en slaapkamers"),
    ("persons_per_bedroom", "Advies: hoogstens personen per slaapkamer", "personen",
     "Woning en slaapkamers"),
    ("persons_per_toilet", "Eén toilet per", "personen", "Voorzieningen (SNF)"),
    ("persons_per_shower", "Eén douche per", "personen", "Voorzieningen (SNF)"),
    ("fridge_litres_per_person", "Koelkast/vriezer per persoon", "liter", "Voorzieningen (SNF)"),
    ("burners_minimum", "Kookpitten, minimaal", "pitten", "Voorzieningen (SNF)"),
    ("burners_persons_per_burner_above_8", "Boven 8 personen: één kookpit per", "personen",
     "Voorzieningen (SNF)"),
    ("burners_minimum_above_30", "Boven 30 personen: kookpitten minimaal", "pitten",
     "Voorzieningen (SNF)"),
    ("sockets_per_resident", "Stopcontacten per bewoner", "stuks", "Voorzieningen (SNF)"),
    ("extinguisher_litres", "Brandblusser, inhoud", "liter", "Brandveiligheid"),
    ("extinguisher_max_distance_m", "Brandblusser, hoogstens van de kookplek", "m",
     "Brandveiligheid"),
    ("max_persons_per_dwelling", "Maximum personen per woning (leeg: geen lokale regel)",
     "personen", "Lokale regel"),
    ("max_persons_source", "Bron van die regel (bijv. Omgevingsplan Zundert, art. 4.2)", "",
     "Lokale regel"),
    ("minimum_wage_month", "Wettelijk minimumloon per maand, voltijd (leeg: niet toetsen)",
     "euro", "Loon en huisvesting"),
    ("housing_deduction_max_share", "Inhouding voor huisvesting hoogstens (deel van het "
     "minimumloon, 0,25 = 25 %)", "", "Loon en huisvesting"),
    ("registration_months", "Inschrijfplicht: verblijf van minstens", "maanden",
     "Inschrijving BRP"),
    ("registration_window_months", "… binnen", "maanden", "Inschrijving BRP"),
    ("registration_days_after_arrival", "Inschrijven binnen … na aankomst", "dagen",
     "Inschrijving BRP"),
    ("registration_processing_days", "Burgerzaken verwerkt een aangifte binnen", "werkdagen",
     "Inschrijving BRP"),
)  # fmt: skip

#: The same fields in English (label, unit, group) for an English interface; a test keeps the
#: keys equal to NORM_FIELDS'.
NORM_FIELDS_EN: dict[str, tuple[str, str, str]] = {
    "m2_per_person": ("Usable floor area per person, dwelling", "m²", "Dwelling and bedrooms"),
    "m2_per_person_lodging": ("Usable floor area per person, lodging (SNF 1.3)", "m²",
                              "Dwelling and bedrooms"),
    "bedroom_m2_per_person": ("Bedroom floor area per person (SNF 1.4.1)", "m²",
                              "Dwelling and bedrooms"),
    "persons_per_bedroom": ("Advice: at most persons per bedroom", "persons",
                            "Dwelling and bedrooms"),
    "persons_per_toilet": ("One toilet per", "persons", "Facilities (SNF)"),
    "persons_per_shower": ("One shower per", "persons", "Facilities (SNF)"),
    "fridge_litres_per_person": ("Fridge/freezer per person", "litres", "Facilities (SNF)"),
    "burners_minimum": ("Cooking burners, at least", "burners", "Facilities (SNF)"),
    "burners_persons_per_burner_above_8": ("Above 8 persons: one cooking burner per", "persons",
                                           "Facilities (SNF)"),
    "burners_minimum_above_30": ("Above 30 persons: cooking burners at least", "burners",
                                 "Facilities (SNF)"),
    "sockets_per_resident": ("Power sockets per resident", "sockets", "Facilities (SNF)"),
    "extinguisher_litres": ("Fire extinguisher, capacity", "litres", "Fire safety"),
    "extinguisher_max_distance_m": ("Fire extinguisher, at most from the cooking area", "m",
                                    "Fire safety"),
    "max_persons_per_dwelling": ("Maximum persons per dwelling (empty: no local rule)",
                                 "persons", "Local rule"),
    "max_persons_source": ("Source of that rule (e.g. Omgevingsplan Zundert, art. 4.2)", "",
                           "Local rule"),
    "minimum_wage_month": ("Statutory minimum wage per month, full time (empty: not checked)",
                           "euro", "Wages and housing"),
    "housing_deduction_max_share": ("Deduction for housing at most (share of the minimum "
                                    "wage, 0.25 = 25 %)", "", "Wages and housing"),
    "registration_months": ("Duty to register: a stay of at least", "months",
                            "BRP registration"),
    "registration_window_months": ("… within", "months", "BRP registration"),
    "registration_days_after_arrival": ("Register within … after arrival", "days",
                                        "BRP registration"),
    "registration_processing_days": ("Burgerzaken processes a declaration within",
                                     "working days", "BRP registration"),
}  # fmt: skip


def _norm_number_text(value: Any) -> str:
    from babel.numbers import format_decimal

    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return str(format_decimal(value, locale="nl", group_separator=False))


def norm_values(norms: Norms) -> dict[str, str]:
    """The norms as the settings screen shows them (Dutch decimals, empty for "not set")."""
    return {key: _norm_number_text(getattr(norms, key)) for key, *_rest in NORM_FIELDS}


def _bounds_text(key: str) -> str:
    """What the field takes, in Dutch, from its constraints ("groter dan 0", "hoogstens 1")."""
    low = high = None
    strict = False
    for item in Norms.model_fields[key].metadata:
        if getattr(item, "gt", None) is not None:
            low, strict = item.gt, True
        if getattr(item, "ge", None) is not None:
            low = item.ge
        if getattr(item, "le", None) is not None:
            high = item.le
    parts = []
    if low is not None:
        parts.append(f"{'groter dan' if strict else 'minstens'} {_norm_number_text(low)}")
    if high is not None:
        parts.append(f"hoogstens {_norm_number_text(high)}")
    return "kies een getal " + " en ".join(parts) if parts else "kies een ander getal"


def _norm_label(key: str) -> str:
    """The field's label without its explanation in brackets, for a message."""
    label = next(label for k, label, _unit, _group in NORM_FIELDS if k == key)
    return label.split(" (")[0]


def norms_from_text(values: dict[str, str]) -> Norms:
    """The norms from the settings screen's text; SettingsError names each bad field in Dutch
    (a number where one is needed, within its range; the local maximum needs its source).
    Nothing is kept from a refused form."""
    from babel.numbers import NumberFormatError, parse_decimal

    data: dict[str, Any] = {}
    problems: list[str] = []
    bad: list[str] = []
    for key, _label, _unit, _group in NORM_FIELDS:
        text = values.get(key, "").strip()
        annotation = str(Norms.model_fields[key].annotation)
        name = _norm_label(key)
        if "str" in annotation:
            data[key] = text
            continue
        if not text:
            if "None" in annotation:
                data[key] = None
            else:
                problems.append(f"{name}: vul een getal in")
                bad.append(key)
            continue
        try:
            number = parse_decimal(text, locale="nl", strict=True)
        except NumberFormatError:
            problems.append(f"{name}: '{text}' is geen getal (bijvoorbeeld 12, 3,5 of 2.191,80)")
            bad.append(key)
            continue
        if "int" in annotation and number != int(number):
            problems.append(f"{name}: vul een heel getal in")
            bad.append(key)
            continue
        value: Any = int(number) if "int" in annotation else float(number)
        try:
            # One field at a time (with a source, so the local maximum's own rule waits).
            Norms.model_validate({key: value, "max_persons_source": "-"})
        except ValidationError:
            problems.append(f"{name}: {_bounds_text(key)}")
            bad.append(key)
            continue
        data[key] = value
    if data.get("max_persons_per_dwelling") is not None and not data["max_persons_source"]:
        problems.append(
            f"{_norm_label('max_persons_source')}: vul in welke lokale regel het maximum aantal "
            "personen per woning geeft (er is geen landelijk maximum), of maak het maximum leeg"
        )
        bad.append("max_persons_source")
    if problems:
        # The norms screen is Dutch only (labels and limits as the municipality writes them).
        raise SettingsError.listing(
            "settings.norms_invalid", problems, problems, tuple(f"norms.{k}" for k in bad)
        )
    return Norms.model_validate(data)


def install_logo(root: Path, source: Path) -> str:
    """Copy a PNG or JPEG logo into the data directory; returns the name the settings keep.
    SettingsError (Dutch) when the file cannot be read or is no PNG/JPEG."""
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise SettingsError(
            "settings.logo_unreadable",
            "Het logo kan niet worden gelezen ({reason}).",
            "The logo cannot be read ({reason}).",
            reason=exc.strerror or type(exc).__name__,
        ) from exc
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        name = "logo.png"
    elif data.startswith(b"\xff\xd8"):
        name = "logo.jpg"
    else:
        raise SettingsError(
            "settings.logo_format",
            "Het logo moet een PNG- of JPEG-afbeelding zijn.",
            "The logo must be a PNG or JPEG image.",
        )
    if len(data) > 5 * 1024 * 1024:
        raise SettingsError(
            "settings.logo_size",
            "Het logo is groter dan 5 MB; kies een kleinere afbeelding.",
            "The logo is larger than 5 MB; choose a smaller image.",
        )
    target = root / name
    tmp = target.with_suffix(".tmp")
    tmp.write_bytes(data)
    tmp.replace(target)
    return name
