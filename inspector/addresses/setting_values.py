"""The address-selection settings as the administrator's settings screen shows and checks them:
the weight of every indicator, where a day's route starts, how long registered persons are kept.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from inspector.addresses.indicators import INDICATOR_NAMES
from inspector.identifiers import normalize_postcode
from inspector.settings import ADDRESS_INDICATORS, AddressSelection, SettingsError

#: A weight above this is a typing error rather than a choice (the default weights are 1-3).
MAX_WEIGHT = 100.0

#: The route's start on the screen: (key, Dutch label).
START_FIELDS: tuple[tuple[str, str], ...] = (
    ("route_start_label", "Naam (bijv. Stadskantoor)"),
    ("route_start_postcode", "Postcode"),
    ("route_start_number", "Huisnummer"),
    ("route_start_x", "RD-coördinaat x (m)"),
    ("route_start_y", "RD-coördinaat y (m)"),
)
#: Retention of the registered persons: (key, Dutch label, lowest, highest).
RETENTION_FIELDS: tuple[tuple[str, str, int, int], ...] = (
    ("persons_retention_days", "Ingeschreven personen bewaren na het importeren", 1, 365),
    ("visit_persons_retention_days", "Namen in geplande bezoeken bewaren na de bezoekdag", 1, 3650),
)
#: The labels of START_FIELDS and RETENTION_FIELDS in English (an English interface).
LABELS_EN: dict[str, str] = {
    "route_start_label": "Name (e.g. City office)",
    "route_start_postcode": "Postcode",
    "route_start_number": "House number",
    "route_start_x": "RD coordinate x (m)",
    "route_start_y": "RD coordinate y (m)",
    "persons_retention_days": "Keep registered persons after importing",
    "visit_persons_retention_days": "Keep names in planned visits after the visit day",
}


def weight_label(indicator: str, lang: str = "nl") -> str:
    """The indicator's name (Dutch, or English for ``en``) with a capital, as the settings
    screen shows it."""
    name = INDICATOR_NAMES[indicator][1 if lang == "en" else 0]
    return name[:1].upper() + name[1:]


def _number(text: str) -> float:
    """A number as a Dutch administrator types it: ``1,5`` or ``1.5``."""
    return float(text.strip().replace(",", "."))


def _format(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:g}".replace(".", ",")


def selection_values(selection: AddressSelection) -> dict[str, str]:
    """The settings as the screen's text fields show them (weights keyed ``weight.<name>``)."""
    values = {
        f"weight.{name}": _format(selection.weights.get(name, 0.0)) for name in ADDRESS_INDICATORS
    }
    values["route_start_label"] = selection.route_start_label
    values["route_start_postcode"] = selection.route_start_postcode
    values["route_start_number"] = selection.route_start_number
    values["route_start_x"] = _format(selection.route_start_x)
    values["route_start_y"] = _format(selection.route_start_y)
    for key, _label, _low, _high in RETENTION_FIELDS:
        values[key] = str(getattr(selection, key))
    return values


def selection_from_values(current: AddressSelection, values: dict[str, str]) -> AddressSelection:
    """*current* with the screen's *values*; SettingsError names each bad field (Dutch and
    English, for the interface language) and nothing is kept from a refused form."""
    problems: list[str] = []
    problems_en: list[str] = []
    update: dict[str, Any] = {}

    def bad(nl: str, en: str) -> None:
        problems.append(nl)
        problems_en.append(en)

    weights: dict[str, float] = {}
    for name in ADDRESS_INDICATORS:
        label, label_en = weight_label(name).lower(), weight_label(name, "en").lower()
        text = values.get(f"weight.{name}", "").strip()
        try:
            weight = _number(text) if text else 0.0
        except ValueError:
            bad(
                f"gewicht {label}: vul een getal in, bijv. 1,5",
                f"weight {label_en}: fill in a number, e.g. 1.5",
            )
            continue
        if not 0 <= weight <= MAX_WEIGHT:
            bad(
                f"gewicht {label}: kies 0 tot en met {MAX_WEIGHT:g}",
                f"weight {label_en}: choose 0 to {MAX_WEIGHT:g}",
            )
            continue
        weights[name] = weight
    if len(weights) == len(ADDRESS_INDICATORS) and not any(w > 0 for w in weights.values()):
        bad(
            "gewichten: ten minste één indicator moet meetellen (gewicht boven 0)",
            "weights: at least one indicator must count (a weight above 0)",
        )
    update["weights"] = weights

    update["route_start_label"] = values.get("route_start_label", "").strip()[:80]

    postcode = values.get("route_start_postcode", "").strip()
    if postcode and normalize_postcode(postcode) is None:
        bad(
            "postcode vertrekpunt: schrijf als 1234 AB",
            "postcode of the start: write it as 1234 AB",
        )
    else:
        update["route_start_postcode"] = normalize_postcode(postcode) if postcode else ""
    number = values.get("route_start_number", "").strip()
    if number and not number[:1].isdigit():
        bad(
            "huisnummer vertrekpunt: begin met het nummer, bijv. 12 of 12B",
            "house number of the start: begin with the number, e.g. 12 or 12B",
        )
    update["route_start_number"] = number
    for key, label, low, high in (
        ("route_start_x", "RD-coördinaat x", -7_000, 300_000),
        ("route_start_y", "RD-coördinaat y", 289_000, 629_000),
    ):
        label_en = LABELS_EN[key].removesuffix(" (m)")
        text = values.get(key, "").strip()
        if not text:
            update[key] = None
            continue
        try:
            value = _number(text)
        except ValueError:
            bad(f"{label}: vul een getal in (meters)", f"{label_en}: fill in a number (metres)")
            continue
        if not low <= value <= high:
            bad(
                f"{label}: ligt niet in Nederland ({low} tot en met {high})",
                f"{label_en}: not in the Netherlands ({low} to {high})",
            )
            continue
        update[key] = value
    if ("route_start_x" in update and "route_start_y" in update) and (
        (update["route_start_x"] is None) != (update["route_start_y"] is None)
    ):
        bad(
            "RD-coördinaten: vul x en y allebei in, of geen van beide",
            "RD coordinates: fill in both x and y, or neither",
        )
    for key, label, low, high in RETENTION_FIELDS:
        text = values.get(key, "").strip()
        try:
            days = int(text)
        except ValueError:
            bad(
                f"{label.lower()}: vul een heel aantal dagen in ({low} tot en met {high})",
                f"{LABELS_EN[key].lower()}: fill in a whole number of days ({low} to {high})",
            )
            continue
        if not low <= days <= high:
            bad(
                f"{label.lower()}: kies {low} tot en met {high} dagen",
                f"{LABELS_EN[key].lower()}: choose {low} to {high} days",
            )
            continue
        update[key] = days
    if problems:
        raise SettingsError.listing("settings.address_selection_invalid", problems, problems_en)
    try:
        return AddressSelection.model_validate({**current.model_dump(), **update})
    except ValidationError as exc:  # the checks above should have caught it: say it plainly
        detail = "; ".join(str(e["msg"]) for e in exc.errors())
        raise SettingsError(
            "settings.address_selection_invalid",
            "adresselectie: {detail}",
            "address selection: {detail}",
            detail=detail,
        ) from exc
