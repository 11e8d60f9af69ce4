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
    ("key", "text", "said"),
    [
        ("weight.laa", "-1", "gewicht laa-signalen: kies 0 tot en met 100"),
        ("weight.owner", "1.000,5", "gewicht eigenaar met meer signalen: vul een getal in"),
        ("route_start_number", "A12", "huisnummer vertrekpunt: begin met het nummer"),
        ("route_start_y", "12", "RD-coördinaat y: ligt niet in Nederland"),
        ("persons_retention_days", "0", "ingeschreven personen bewaren na het importeren: kies 1"),
        ("visit_persons_retention_days", "dertig", "vul een heel aantal dagen in"),
    ],
)
def test_a_bad_field_is_named_and_nothing_changes(key: str, text: str, said: str) -> None:
    current = AddressSelection()
    values = selection_values(current) | {key: text}
    with pytest.raises(SettingsError) as raised:
        selection_from_values(current, values)
    assert said in str(raised.value)


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
