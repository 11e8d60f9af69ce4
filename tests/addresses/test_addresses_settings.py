"""The address-selection settings as the settings screen gives them: every bad field named in
Dutch, nothing kept from a refused form, the text the screen shows read back unchanged."""

from __future__ import annotations

import pytest

from inspector.addresses.setting_values import selection_from_values, selection_values
from inspector.settings import AddressSelection, SettingsError


def test_the_screen_values_read_back_unchanged() -> None:
    current = AddressSelection()
    assert selection_from_values(current, selection_values(current)) == current


@pytest.mark.parametrize(
    ("key", "text", "said", "said_en"),
    [
        ("weight.laa", "-1", "gewicht laa-signalen: kies 0 tot en met 100",
         "weight laa signals: choose 0 to 100"),
        ("weight.owner", "1.000,5", "gewicht eigenaar met meer signalen: vul een getal in",
         "weight owner with more signals: fill in a number"),
        ("route_start_number", "A12", "huisnummer vertrekpunt: begin met het nummer",
         "house number of the start: begin with the number"),
        ("route_start_postcode", "12345", "postcode vertrekpunt: schrijf als 1234 AB",
         "postcode of the start: write it as 1234 AB"),
        ("route_start_y", "12", "RD-coördinaat y: ligt niet in Nederland",
         "RD coordinate y: not in the Netherlands"),
        ("persons_retention_days", "0", "ingeschreven personen bewaren na het importeren: kies 1",
         "keep registered persons after importing: choose 1 to 365 days"),
        ("visit_persons_retention_days", "dertig", "vul een heel aantal dagen in",
         "fill in a whole number of days"),
    ],
)  # fmt: skip
def test_a_bad_field_is_named_and_nothing_changes(
    key: str, text: str, said: str, said_en: str
) -> None:
    current = AddressSelection()
    values = selection_values(current) | {key: text}
    with pytest.raises(SettingsError) as raised:
        selection_from_values(current, values)
    assert said in raised.value.text("nl")
    assert said_en in raised.value.text("en")


def test_the_start_from_rd_coordinates_and_a_dutch_decimal_comma() -> None:
    values = selection_values(AddressSelection()) | {
        "route_start_x": "155000,5",
        "route_start_y": "463000",
        "weight.complaints": "0,25",
    }
    new = selection_from_values(AddressSelection(), values)
    assert (new.route_start_x, new.route_start_y) == (155000.5, 463000.0)
    assert new.weights["complaints"] == 0.25
    with pytest.raises(ValueError, match="go together"):
        AddressSelection(route_start_x=155000.0)
