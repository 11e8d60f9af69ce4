"""Owns every path the app reads or writes: the data directory and what lives in it."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "inspector"
ENV_DATA_DIR = "INSPECTOR_DATA_DIR"

#: The repository's (or installed package's) data folders.
PACKAGE_ROOT = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_ROOT.parent
FORMS_DIR = PROJECT_ROOT / "forms"
LETTER_TEMPLATES_DIR = PROJECT_ROOT / "letter_templates"
RESOURCES_DIR = PROJECT_ROOT / "resources"
FONTS_DIR = RESOURCES_DIR / "fonts"
TRANSLATIONS_DIR = RESOURCES_DIR / "translations"


@dataclass(frozen=True)
class DataPaths:
    """Every file of one store, below one data directory."""

    root: Path

    @property
    def database(self) -> Path:
        return self.root / "inspector.sqlite3"

    @property
    def store_meta(self) -> Path:
        """Non-secret bookkeeping: store id, key mode, KDF salt for username look-up."""
        return self.root / "store.json"

    @property
    def key_file(self) -> Path:
        """Passphrase-protected data key, used only where no OS keyring is usable."""
        return self.root / "datakey.json"

    @property
    def lockout(self) -> Path:
        """Counter of wrong unlock attempts (no personal data)."""
        return self.root / "lockout.json"

    @property
    def settings(self) -> Path:
        return self.root / "settings.yaml"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def crash_logs(self) -> Path:
        return self.root / "crash"

    @property
    def ui_state(self) -> Path:
        """Where the officer was (ids only), encrypted like everything else."""
        return self.root / "ui-state.bin"

    def exists(self) -> bool:
        """True when a store has been initialised here."""
        return self.store_meta.exists()


def default_data_dir() -> Path:
    import platformdirs  # only here: `inspector --help` and the window's first frame skip it

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def resolve_data_dir(cli_value: str | os.PathLike[str] | None = None) -> DataPaths:
    """The data dir: ``--data-dir``, else ``INSPECTOR_DATA_DIR``, else the platform default."""
    if cli_value:
        return DataPaths(Path(cli_value).expanduser().resolve())
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return DataPaths(Path(env).expanduser().resolve())
    return DataPaths(default_data_dir())
