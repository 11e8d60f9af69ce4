"""``init`` is all or nothing: a failure at any step leaves no half-made store behind."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspector.core import vault
from inspector.paths import DataPaths
from inspector.storage import db as db_module

from tests_support import PASSWORD


def _init(paths: DataPaths, key_mode: vault.KeyMode | None = None):  # type: ignore[no-untyped-def]
    return vault.initialise(
        paths,
        officer_name="Toezichthouder Test",
        username="test",
        password=PASSWORD,
        municipality="Gemeente Voorbeeld",
        key_mode=key_mode,
    )


@pytest.mark.parametrize("key_mode", ["keyring", "keyfile"])
def test_a_failing_migration_leaves_nothing(
    data_paths: DataPaths,
    monkeypatch,
    memory_keyring,
    key_mode,  # type: ignore[no-untyped-def]
) -> None:
    def broken(self, backups=None):  # type: ignore[no-untyped-def]
        self.path.write_bytes(b"half a database")
        raise RuntimeError("migration failed half-way")

    monkeypatch.setattr(db_module.Database, "migrate", broken)
    with pytest.raises(RuntimeError):
        _init(data_paths, key_mode)
    assert not data_paths.root.exists()
    assert memory_keyring.items == {}
    monkeypatch.undo()
    ws = _init(data_paths, key_mode)  # and init simply works the next time
    ws.close()
    assert data_paths.exists()


def test_an_existing_folder_keeps_only_what_was_there(data_paths: DataPaths, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    root = data_paths.root
    (root / "crash").mkdir(parents=True)
    (root / "crash" / "old.log").write_text("kept")
    data_paths.settings.write_text("idle_lock_minutes: 9\n", encoding="utf-8")

    def broken(self, backups=None):  # type: ignore[no-untyped-def]
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(db_module.Database, "migrate", broken)
    with pytest.raises(OSError):
        _init(data_paths)
    assert sorted(p.name for p in root.iterdir()) == ["crash", "settings.yaml"]
    assert data_paths.settings.read_text(encoding="utf-8") == "idle_lock_minutes: 9\n"
    assert (root / "crash" / "old.log").read_text() == "kept"


def test_missing_migrations_are_refused_before_anything_is_made(
    data_paths: DataPaths,
    monkeypatch,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    monkeypatch.setattr(db_module, "MIGRATIONS_DIR", tmp_path / "gone")
    with pytest.raises(vault.VaultError, match="installation is incomplete"):
        _init(data_paths)
    assert not data_paths.root.exists()


def test_cli_init_failure_leaves_no_store(tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    from inspector.__main__ import main

    monkeypatch.setattr(db_module, "MIGRATIONS_DIR", tmp_path / "gone")
    monkeypatch.setenv("INSPECTOR_PASSPHRASE", PASSWORD)
    data = tmp_path / "data"
    args = ["--data-dir", str(data), "init", "--officer", "A B", "--municipality", "Gouda"]
    assert main(args) == 1
    assert "installation is incomplete" in capsys.readouterr().err
    assert not data.exists()
