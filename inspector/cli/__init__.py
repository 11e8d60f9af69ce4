"""The headless command line: every subcommand, and the global options shared with the window.

The parser is built from a light table (:data:`SUBCOMMANDS`): a subcommand's module is imported
only when that subcommand is used (or its help is asked for), so that ``inspector --help`` and
the window start without loading the store, the letters or the forms.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import TYPE_CHECKING

from inspector import __version__

if TYPE_CHECKING:
    from inspector.core.workspace import Workspace
    from inspector.paths import DataPaths

#: The environment variables a command reads for the password, the officer and the data
#: directory (the same names as ``inspector.core.vault.ENV_PASSPHRASE`` / ``ENV_OFFICER`` and
#: ``inspector.paths.ENV_DATA_DIR``, a test keeps them equal: ``--help`` loads neither module).
ENV_PASSPHRASE = "INSPECTOR_PASSPHRASE"
ENV_OFFICER = "INSPECTOR_OFFICER"
ENV_DATA_DIR = "INSPECTOR_DATA_DIR"

#: The values of ``--smoke-test``: the full unlock and main window, or the first frame only.
SMOKE_MODES = ("full", "first-frame")


class CliError(Exception):
    """A failure reported as one line on stderr with a non-zero exit."""


# Each subcommand's module, imported explicitly (so that packagers see every one of them) but
# only when it is needed. A module defines ``add_command(sub, name, help)``, which adds the
# subcommand's parser with ``func`` set to the function that runs it.


def _store_commands() -> ModuleType:
    from inspector.cli import store

    return store


def _inspection_commands() -> ModuleType:
    from inspector.cli import inspections

    return inspections


def _forms_commands() -> ModuleType:
    from inspector.cli import forms

    return forms


def _letter_commands() -> ModuleType:
    from inspector.cli import letters

    return letters


def _resident_commands() -> ModuleType:
    from inspector.cli import residents

    return residents


def _key_commands() -> ModuleType:
    from inspector.cli import keys

    return keys


def _doctor_commands() -> ModuleType:
    from inspector.cli import doctor

    return doctor


def _datakey_commands() -> ModuleType:
    from inspector.cli import datakey

    return datakey


def _sync_commands() -> ModuleType:
    from inspector.cli import sync

    return sync


def _clerk_commands() -> ModuleType:
    from inspector.cli import clerk

    return clerk


#: Every subcommand: its one line of help (shown by ``inspector --help``) and its module.
SUBCOMMANDS: dict[str, tuple[str, Callable[[], ModuleType]]] = {
    "init": ("create a new store with its first officer", _store_commands),
    "inspection": ("create, list and show inspections", _inspection_commands),
    "audit": ("check the audit log", _store_commands),
    "retention": ("delete data whose retention period has passed", _store_commands),
    "forms": ("check questionnaire files", _forms_commands),
    "letter": ("render letters and reports", _letter_commands),
    "residents": ("import an employer's list; list registrations", _resident_commands),
    "keys": ("office keys for sync: create, rotate, back up, publish", _key_commands),
    "doctor": (
        "check the store: damaged values, SQLite integrity, audit chain and anchor",
        _doctor_commands,
    ),
    "datakey": (
        "back up or restore the data key (passphrase-protected file)",
        _datakey_commands,
    ),
    "sync": ("send sealed records to the office, fetch its answers; provision", _sync_commands),
    "serve": ("run the office sync service (FastAPI on uvicorn)", _sync_commands),
    "server": ("administer the office sync service", _sync_commands),
    "office": ("office users: list sealed records, post outcomes", _sync_commands),
    "clerk": ("the registry clerk's desk: pull, queue, outcomes, exports", _clerk_commands),
}


def _first_word(argv: Sequence[str]) -> str | None:
    """The first token of *argv* that is not an option (nor the value of --data-dir)."""
    skip = False
    for token in argv:
        if skip:
            skip = False
        elif token == "--data-dir":
            skip = True
        elif token == "--":
            continue
        elif not token.startswith("-"):
            return token
    return None


def command_in(argv: Sequence[str]) -> str | None:
    """The subcommand named in *argv*, or None (the window, or only global options)."""
    word = _first_word(argv)
    return word if word in SUBCOMMANDS else None


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser; with *argv*, only the subcommand it names is loaded in full."""
    parser = argparse.ArgumentParser(
        prog="inspector",
        description=(
            "Housing inspections of labour migrants, on-the-spot BRP registration and letters. "
            "Without a subcommand the desktop window opens."
        ),
    )
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help=f"the data directory (default: ${ENV_DATA_DIR}, else the platform's user data dir)",
    )
    parser.add_argument("--version", action="version", version=f"inspector {__version__}")
    parser.add_argument(
        "--smoke-test",
        nargs="?",
        const="full",
        choices=SMOKE_MODES,
        metavar="=first-frame",
        help="start the app offscreen and exit 0: by default the full unlock (password in "
        f"${ENV_PASSPHRASE}) and the main window with the data loaded; with =first-frame "
        "only until the first window is painted and takes input",
    )
    if argv is not None and _first_word(argv) is None and not {"-h", "--help"} & set(argv):
        # The window (the usual start): no subcommand to parse or to list.
        parser.set_defaults(command=None)
        return parser
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    wanted = command_in(argv) if argv is not None else None
    for name, (help_text, module) in SUBCOMMANDS.items():
        if argv is None or name == wanted:
            module().add_command(sub, name, help_text)
        else:
            sub.add_parser(name, help=help_text)
    return parser


def paths_of(args: argparse.Namespace) -> DataPaths:
    from inspector.paths import resolve_data_dir

    return resolve_data_dir(args.data_dir)


def read_password(prompt: str, confirm: bool = False) -> str:
    return _read_secret(ENV_PASSPHRASE, prompt, confirm, "password")


ENV_BACKUP_PASSPHRASE = "INSPECTOR_BACKUP_PASSPHRASE"


def read_backup_passphrase(confirm: bool) -> str:
    """The passphrase of a key backup (data key or office keys), from the environment or asked."""
    return _read_secret(ENV_BACKUP_PASSPHRASE, "Backup passphrase: ", confirm, "passphrase")


def _read_secret(env: str, prompt: str, confirm: bool, what: str) -> str:
    value = os.environ.get(env)
    if value is not None:
        return value
    if not sys.stdin or not sys.stdin.isatty():
        label = "backup passphrase" if what == "passphrase" else what
        raise CliError(f"no {label} given: set {env}")
    import getpass

    first = getpass.getpass(prompt)
    if confirm and getpass.getpass("Repeat: ") != first:
        raise CliError(f"the two {what}s differ")
    return first


def open_workspace(args: argparse.Namespace) -> Workspace:
    """Unlock the store for a command: shows personal data only after the password check."""
    from inspector.core import vault

    paths = paths_of(args)
    vault.open_store(paths)
    return vault.unlock(paths, read_password("Password: "), os.environ.get(ENV_OFFICER))


def _expected(exc: BaseException) -> bool:
    """Whether *exc* is a failure to report in one line (not a bug, which keeps its traceback).

    The store's error classes are looked up only where their modules are loaded already: an
    exception of a class whose module was never imported cannot have been raised.
    """
    if isinstance(exc, CliError):
        return True
    for module, name in (
        ("inspector.core.vault", "VaultError"),
        ("inspector.core.workspace", "WorkspaceError"),
        ("inspector.settings", "SettingsError"),
    ):
        cls = getattr(sys.modules.get(module), name, None)
        if cls is not None and isinstance(exc, cls):
            return True
    return False


def _storage_failure(exc: BaseException) -> bool:
    """Whether *exc* is a failure of the store or the file system (said in plain words)."""
    if isinstance(exc, OSError):
        return True
    for module, name in (
        ("sqlalchemy.exc", "SQLAlchemyError"),
        ("inspector.security.crypto", "DecryptionError"),
        ("inspector.storage.db", "StoreDamaged"),
        ("inspector.storage.types", "StoreLocked"),
    ):
        cls = getattr(sys.modules.get(module), name, None)
        if cls is not None and isinstance(exc, cls):
            return True
    return False


def run(args: argparse.Namespace) -> int:
    """Run a parsed subcommand; every expected failure becomes one line on stderr."""
    try:
        from inspector.paths import data_dir_problem, use_customisations

        paths = paths_of(args)
        problem = data_dir_problem(paths)
        if problem:
            raise CliError(problem)
        # The municipality's own forms, letter templates and letterhead, if any.
        use_customisations(paths.customisations)
        code: int = args.func(args)
        return code
    except KeyboardInterrupt:
        print("inspector: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        if _expected(exc):
            print(f"inspector: {exc}", file=sys.stderr)
            return 1
        if _storage_failure(exc):
            from inspector.errors import plain_error

            # Never the exception's text: SQL errors and paths may carry personal data.
            print(f"inspector: {plain_error(exc)}", file=sys.stderr)
            return 1
        raise


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    if args.command is None:
        parser.error("no subcommand given")
    return run(args)
