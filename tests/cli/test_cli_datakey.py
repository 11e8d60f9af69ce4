"""``inspector datakey backup`` and ``restore``: the key survives a rebuilt Windows profile."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from inspector.__main__ import main

from tests_support import Cli

BACKUP_PASSPHRASE = "Reserve-sleutel-Gouda-2026"


@pytest.fixture
def cli(cli_bare: Cli, monkeypatch: pytest.MonkeyPatch) -> Cli:
    """A keyring store, the backup passphrase in the environment."""
    monkeypatch.setenv("INSPECTOR_BACKUP_PASSPHRASE", BACKUP_PASSPHRASE)
    code, _, err = cli_bare(
        "init", "--officer", "Toezichthouder Test", "--municipality", "Gouda",
        "--username", "test", "--key-store", "keyring",
    )  # fmt: skip
    assert code == 0, err
    return cli_bare


def test_backup_then_restore_after_the_keyring_lost_the_key(
    cli, tmp_path: Path, memory_keyring
) -> None:  # type: ignore[no-untyped-def]
    backup = tmp_path / "datakey-backup.json"
    code, out, err = cli("datakey", "backup", str(backup))
    assert code == 0, err
    raw = backup.read_text(encoding="utf-8")
    stored = next(iter(memory_keyring.items.values()))
    assert stored not in raw  # the key itself is not in the file, only wrapped
    assert json.loads(raw)["entries"]
    memory_keyring.items.clear()  # Windows rebuilt the profile
    code, _, err = cli("inspection", "list")
    assert code == 1 and "missing from the OS keyring" in err
    code, out, err = cli("datakey", "restore", str(backup))
    assert code == 0, err
    assert next(iter(memory_keyring.items.values())) == stored
    code, out, err = cli("inspection", "list")
    assert code == 0, err


def test_backup_needs_the_officer_password(cli, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("INSPECTOR_PASSPHRASE", "wrong-password-1")
    code, _, err = cli("datakey", "backup", str(tmp_path / "b.json"))
    assert code == 1 and "wrong" in err
    assert not (tmp_path / "b.json").exists()


def test_backup_refuses_a_weak_passphrase_and_an_existing_file(
    cli, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    existing = tmp_path / "there.json"
    existing.write_text("{}")
    code, _, err = cli("datakey", "backup", str(existing))
    assert code == 1 and "already exists" in err
    assert existing.read_text() == "{}"
    monkeypatch.setenv("INSPECTOR_BACKUP_PASSPHRASE", "123")
    code, _, err = cli("datakey", "backup", str(tmp_path / "weak.json"))
    assert code == 1 and "backup passphrase" in err
    assert not (tmp_path / "weak.json").exists()


def test_restore_with_a_wrong_passphrase_changes_nothing(
    cli, tmp_path: Path, monkeypatch, memory_keyring
) -> None:  # type: ignore[no-untyped-def]
    backup = tmp_path / "b.json"
    assert cli("datakey", "backup", str(backup))[0] == 0
    before = dict(memory_keyring.items)
    monkeypatch.setenv("INSPECTOR_BACKUP_PASSPHRASE", "Niet-de-goede-zin-42")
    code, _, err = cli("datakey", "restore", str(backup))
    assert code == 1 and "does not open" in err
    assert memory_keyring.items == before


def test_restore_refuses_a_backup_of_another_store(
    cli, tmp_path: Path, monkeypatch, capsys
) -> None:  # type: ignore[no-untyped-def]
    other = tmp_path / "other"
    args = [
        "init",
        "--officer",
        "Ander Persoon",
        "--municipality",
        "Gouda",
        "--key-store",
        "keyring",
    ]
    assert main(["--data-dir", str(other), *args]) == 0
    assert main(["--data-dir", str(other), "datakey", "backup", str(tmp_path / "other.json")]) == 0
    capsys.readouterr()
    code, _, err = cli("datakey", "restore", str(tmp_path / "other.json"))
    assert code == 1 and "not a key backup of the store" in err
