"""Municipality settings: one YAML file with defaults, validated on load."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator


class SettingsError(Exception):
    """The settings file cannot be read or holds an invalid value."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Municipality(_Strict):
    """Who the municipality is, as printed on letters."""

    name: str = "Gemeente Voorbeeld"
    address: str = "Postbus 1, 1234 AB Voorbeeld"
    visiting_address: str = ""
    phone: str = "14 0000"
    email: str = "handhaving@voorbeeld.example"
    website: str = ""
    #: Path to a PNG or JPEG logo; relative paths are taken from the data directory.
    logo: str = ""
    #: The municipality's meldpunt under the Wet goed verhuurderschap.
    meldpunt: str = ""


class Norms(_Strict):
    """Housing norms; defaults from domain.md, every one overridable per municipality."""

    m2_per_person: float = Field(12.0, gt=0, description="usable floor area per person (m²)")
    bedroom_m2_per_person: float = Field(3.5, gt=0, description="bedroom floor area per person")
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
    max_persons_per_dwelling: int = Field(4, ge=1)
    #: Registration duty: expected stay of at least this many months ...
    registration_months: int = Field(4, ge=1)
    #: ... within this many months.
    registration_window_months: int = Field(6, ge=1)
    #: Register within this many days of arrival (Wet BRP art. 2.38).
    registration_days_after_arrival: int = Field(5, ge=0)


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
    interface_language: str = "nl"

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
        raise SettingsError(f"{path}: cannot be read as YAML ({exc.__class__.__name__})") from exc
    if not isinstance(raw, dict):
        raise SettingsError(f"{path}: must hold a mapping of settings")
    try:
        return Settings.model_validate(raw)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            where = ".".join(str(p) for p in err["loc"]) or "(top)"
            problems.append(f"{where}: {err['msg']}")
        raise SettingsError(f"{path}: invalid setting " + "; ".join(problems)) from exc


def save_settings(path: Path, settings: Settings) -> None:
    """Write *settings* to *path* atomically."""
    from inspector.oscompat import write_atomic

    text = yaml.safe_dump(settings.model_dump(), allow_unicode=True, sort_keys=False)
    write_atomic(path, text.encode("utf-8"))
