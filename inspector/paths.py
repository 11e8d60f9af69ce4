"""Owns every path the app reads or writes: the data directory and what lives in it."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "inspector"
ENV_DATA_DIR = "INSPECTOR_DATA_DIR"
ENV_CUSTOM_DIR = "INSPECTOR_CUSTOM_DIR"

PACKAGE_ROOT = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_ROOT.parent
#: The data folders shipped with the app; they stay at the top of the repository and go into
#: the wheel (and the PyInstaller bundle) as ``inspector/_data/<name>`` (pyproject.toml).
DATA_FOLDERS = ("forms", "letter_templates", "resources")


def bundled_dir(name: str) -> Path:
    """The shipped copy of one data folder: package data when installed or frozen, else the
    folder at the top of the source checkout (source tree and editable install)."""
    if name not in DATA_FOLDERS:
        raise ValueError(f"unknown data folder {name!r}")
    # The package's own folder (importlib.resources would say the same for a file-system
    # install, wheel or PyInstaller, and costs ~5 ms in the first frame): the loaders need a
    # real path anyway.
    installed = PACKAGE_ROOT / "_data" / name
    if installed.is_dir():
        return installed
    return PROJECT_ROOT / name


FORMS_DIR = bundled_dir("forms")
LETTER_TEMPLATES_DIR = bundled_dir("letter_templates")
RESOURCES_DIR = bundled_dir("resources")
FONTS_DIR = RESOURCES_DIR / "fonts"
TRANSLATIONS_DIR = RESOURCES_DIR / "translations"

#: The municipality's own forms, letter templates and letterhead: a folder in the data dir
#: (``custom/``), set for the process by :func:`use_customisations` when a store is chosen.
#: A file there replaces the shipped file of the same name; an upgrade never touches it.
_custom_root: Path | None = None


def use_customisations(folder: Path | None) -> None:
    """Take the municipality's own files from *folder* (None: only the shipped ones)."""
    global _custom_root
    _custom_root = folder


def customisations() -> Path | None:
    return _custom_root


def _custom(relative: str) -> Path | None:
    if _custom_root is None:
        return None
    path = _custom_root / relative
    return path if path.is_file() else None


def form_file(name: str) -> Path:
    """The questionnaire ``name.yaml``: the municipality's own, else the shipped one."""
    return _custom(f"forms/{name}.yaml") or FORMS_DIR / f"{name}.yaml"


def form_files() -> list[Path]:
    """Every questionnaire file, the municipality's replacing shipped ones of the same name."""
    files = {p.name: p for p in FORMS_DIR.glob("*.yaml")}
    if _custom_root is not None:
        files.update({p.name: p for p in (_custom_root / "forms").glob("*.yaml")})
    return [files[name] for name in sorted(files)]


def letter_template_file(relative: str) -> Path:
    """A file below letter_templates/ (``control/pl.yaml``, ``letterhead.docx``): the
    municipality's own, else the shipped one."""
    return _custom(f"letter_templates/{relative}") or LETTER_TEMPLATES_DIR / relative


class DataPaths:
    """Every file of one store, below one data directory. A value: equal when the folder is,
    and fixed once made. (Not a dataclass: the first frame does without ``dataclasses``.)"""

    __slots__ = ("root",)
    root: Path

    def __init__(self, root: Path) -> None:
        object.__setattr__(self, "root", root)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"DataPaths is read-only ({name})")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"DataPaths is read-only ({name})")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DataPaths) and other.root == self.root

    def __hash__(self) -> int:
        return hash((DataPaths, self.root))

    def __repr__(self) -> str:
        return f"DataPaths(root={self.root!r})"

    def __reduce__(self) -> tuple[type[DataPaths], tuple[Path]]:
        return (DataPaths, (self.root,))

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
    def attempts(self) -> Path:
        """Counter of wrong unlock attempts, updated in place (see security.attempts)."""
        return self.root / "attempts.bin"

    @property
    def anchor(self) -> Path:
        """The last audit event (sequence and hash), MAC'd: an older database shows."""
        return self.root / "anchor.json"

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
    def logs(self) -> Path:
        """The rotating log file's folder: ids, counts, durations, states only (inspector.logs)."""
        return self.root / "logs"

    @property
    def customisations(self) -> Path:
        """The municipality's own forms/, letter_templates/ (letterhead.docx) and logo:
        ``custom/`` in the data dir, or the folder ``INSPECTOR_CUSTOM_DIR`` names (one that IT
        fills for every user of a laptop, e.g. under ProgramData)."""
        env = os.environ.get(ENV_CUSTOM_DIR)
        return Path(env).expanduser() if env else self.root / "custom"

    @property
    def instance_lock(self) -> Path:
        """Held (OS file lock) while a window has this data dir open."""
        return self.root / "window.lock"

    @property
    def exports(self) -> Path:
        """Where letters and exports are saved by default (not a cloud-synced folder)."""
        return self.root / "export"

    @property
    def ui_state(self) -> Path:
        """Where the officer was (ids only), encrypted like everything else."""
        return self.root / "ui-state.bin"

    def exists(self) -> bool:
        """True when a store has been initialised here."""
        return self.store_meta.exists()


def data_dir_problem(paths: DataPaths) -> str | None:
    """Why *paths* cannot hold a store (a network share), or None."""
    from inspector.oscompat import network_share_reason

    probe = paths.root
    while not probe.exists() and probe.parent != probe:
        probe = probe.parent
    reason = network_share_reason(probe.resolve() if probe.exists() else paths.root)
    if reason:
        return (
            f"the data directory {paths.root} is on a network share ({reason}); the store "
            "needs a local disk (SQLite's write-ahead log does not work over a network). "
            "Choose a folder on this computer"
        )
    return None


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
