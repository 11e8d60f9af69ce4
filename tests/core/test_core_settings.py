"""Settings: defaults, validation with a clear error, the data-dir rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspector.paths import DataPaths, resolve_data_dir
from inspector.settings import Settings, SettingsError, load_settings, save_settings


def test_defaults_when_missing(tmp_path: Path) -> None:
    s = load_settings(tmp_path / "settings.yaml")
    assert s.norms.m2_per_person == 12 and s.norms.persons_per_toilet == 8
    assert s.idle_lock_minutes == 5


def test_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "settings.yaml"
    s = Settings.model_validate(
        {"municipality": {"name": "Gemeente Peel en Maas"}, "norms": {"m2_per_person": 15}}
    )
    save_settings(path, s)
    assert load_settings(path) == s


@pytest.mark.parametrize(
    "text,message",
    [
        ("norms:\n  m2_per_person: -3\n", "norms.m2_per_person"),
        ("idle_lock_minutes: soon\n", "idle_lock_minutes"),
        ("municipality:\n  nmae: X\n", "municipality.nmae"),
        ("interface_language: de\n", "interface_language"),
        ("- a\n- b\n", "mapping"),
        ("norms: [\n", "cannot be read"),
    ],
)
def test_invalid_settings_name_the_setting(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "settings.yaml"
    path.write_text(text)
    with pytest.raises(SettingsError) as exc:
        load_settings(path)
    assert message in str(exc.value) and str(path) in str(exc.value)


def test_data_dir_precedence(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("INSPECTOR_DATA_DIR", str(tmp_path / "env"))
    assert resolve_data_dir(str(tmp_path / "cli")) == DataPaths((tmp_path / "cli").resolve())
    assert resolve_data_dir(None) == DataPaths((tmp_path / "env").resolve())
    monkeypatch.delenv("INSPECTOR_DATA_DIR")
    assert "inspector" in str(resolve_data_dir(None).root)
