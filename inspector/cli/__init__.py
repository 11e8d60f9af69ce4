"""The headless command line: every subcommand, and the global options shared with the window."""

from __future__ import annotations

import argparse
import getpass
import importlib
import json
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from inspector import __version__
from inspector.core import vault
from inspector.core.workspace import Workspace, WorkspaceError
from inspector.errors import plain_error
from inspector.paths import (
    ENV_DATA_DIR,
    DataPaths,
    data_dir_problem,
    resolve_data_dir,
    use_customisations,
)
from inspector.security.crypto import DecryptionError
from inspector.settings import SettingsError
from inspector.storage.db import StoreDamaged
from inspector.storage.types import StoreLocked


class CliError(Exception):
    """A failure reported as one line on stderr with a non-zero exit."""


#: The subcommands defined in other modules: command -> (module, one-line help). A static
#: table, so that ``inspector --help`` lists them without importing them (start-up speed) and a
#: missing module is an ImportError, never a command that silently disappears. Each module
#: has ``add_commands(sub)``, which adds the command with its arguments; it is imported only
#: when its command runs (tests/cli/test_cli_table.py imports every entry).
COMMAND_MODULES: dict[str, tuple[str, str]] = {
    "forms": ("inspector.cli.extra", "check questionnaire files"),
    "letter": ("inspector.cli.letters", "render letters and reports"),
    "residents": ("inspector.cli.residents", "import an employer's list; list registrations"),
    "keys": ("inspector.cli.keys", "office keys for sync: create, rotate, back up, publish"),
    "datakey": (
        "inspector.cli.datakey",
        "back up or restore the data key (passphrase-protected file)",
    ),
}


def command_word(argv: Sequence[str]) -> str | None:
    """The subcommand named in *argv* (the first word that is not an option), or None."""
    skip = False
    for token in argv:
        if skip:
            skip = False
        elif token == "--data-dir":
            skip = True
        elif token == "--":
            return None
        elif not token.startswith("-"):
            return token
    return None


def load_commands(names: Iterable[str]) -> list[Callable[[Any], None]]:
    """The ``add_commands`` of the modules behind *names* (entries of COMMAND_MODULES)."""
    adders = []
    for name in names:
        module = importlib.import_module(COMMAND_MODULES[name][0])
        adders.append(module.add_commands)
    return adders


def register(extension: Callable[[Any], None]) -> Callable[[Any], None]:
    """Gone: a module that registered itself on import vanished silently when it was not
    imported (a bundle without hidden imports lost its commands). List the command in
    COMMAND_MODULES and give the module ``add_commands(sub)`` instead."""
    raise TypeError(
        f"{extension.__module__}: subcommands are listed in inspector.cli.COMMAND_MODULES; "
        "define add_commands(sub) instead of using @register"
    )


def build_parser(commands: Iterable[str] | None = None) -> argparse.ArgumentParser:
    """The parser; the table's commands in *commands* get their full arguments (None: all),
    the others only a name and a help line (enough for ``--help``)."""
    full = set(COMMAND_MODULES if commands is None else commands) & set(COMMAND_MODULES)
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
        action="store_true",
        help="start the full app offscreen, open the main window with the data loaded, exit 0",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser(
        "init",
        help="create a new store with its first officer",
        description=(
            "Create a new, encrypted store in the data directory with its first officer "
            "(administrator). The password comes from $INSPECTOR_PASSPHRASE or is asked for. "
            "Refuses, changing nothing, where the data directory already holds a store."
        ),
    )
    p.add_argument("--officer", required=True, metavar="NAME", help="the officer's full name")
    p.add_argument("--username", metavar="USER", help="login name (default: from the name)")
    p.add_argument("--municipality", required=True, metavar="NAME", help="municipality name")
    p.add_argument(
        "--key-store",
        choices=("keyring", "keyfile"),
        help="where the data key is kept (default: the OS keyring when usable, else a key file)",
    )
    p.set_defaults(func=cmd_init)

    insp = sub.add_parser("inspection", help="create, list and show inspections")
    isub = insp.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = isub.add_parser(
        "new",
        help="create an inspection; prints its id",
        description="Create an inspection of one control location; prints its id.",
    )
    p.add_argument("--address", required=True, help='street and number, e.g. "Dorpsstraat 1"')
    p.add_argument("--postcode", required=True, help="Dutch postcode, e.g. 1234 AB")
    p.add_argument("--city", required=True)
    p.add_argument(
        "--bag-id",
        action="append",
        default=[],
        metavar="ID",
        help="a 16-digit BAG id (verblijfsobject, nummeraanduiding or pand); repeatable",
    )
    p.set_defaults(func=cmd_inspection_new)
    p = isub.add_parser(
        "list", help="list inspections", description="List inspections, newest first."
    )
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(func=cmd_inspection_list)
    p = isub.add_parser(
        "show",
        help="show one inspection with residents and answers",
        description="Show one inspection, its residents and answers (decrypted).",
    )
    p.add_argument("id")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_inspection_show)

    aud = sub.add_parser("audit", help="check the audit log")
    asub = aud.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = asub.add_parser(
        "verify",
        help="verify the hash chain; report the first broken link",
        description="Walk the audit log's hash chain and report the first broken "
        "link; exit 0 when intact, 1 when broken.",
    )
    p.set_defaults(func=cmd_audit_verify)

    ret = sub.add_parser("retention", help="delete data whose retention period has passed")
    rsub = ret.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = rsub.add_parser(
        "purge",
        help="delete ID scans of registrations signed longer ago than the retention period",
        description=(
            "Delete the identity-document scans of registrations signed more than "
            "id_scan_retention_days (settings.yaml) ago; the signed form keeps the document "
            "details. The window does this at every start."
        ),
    )
    p.add_argument("--dry-run", action="store_true", help="only count what would be deleted")
    p.set_defaults(func=cmd_retention_purge)

    for name, (_module, help_line) in COMMAND_MODULES.items():
        if name not in full:
            # Listed by --help; parsing never reaches it (main loads the named command).
            sub.add_parser(name, help=help_line)
    for add in load_commands(sorted(full)):
        add(sub)
    return parser


def _paths(args: argparse.Namespace) -> DataPaths:
    return resolve_data_dir(args.data_dir)


def _password(prompt: str, confirm: bool = False) -> str:
    value = os.environ.get(vault.ENV_PASSPHRASE)
    if value is not None:
        return value
    if not sys.stdin or not sys.stdin.isatty():
        raise CliError(f"no password given: set {vault.ENV_PASSPHRASE}")
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass("Repeat: ") != first:
        raise CliError("the two passwords differ")
    return first


def open_workspace(args: argparse.Namespace) -> Workspace:
    """Unlock the store for a command: shows personal data only after the password check."""
    paths = _paths(args)
    vault.open_store(paths)
    password = _password("Password: ")
    return vault.unlock(paths, password, os.environ.get(vault.ENV_OFFICER))


def cmd_init(args: argparse.Namespace) -> int:
    paths = _paths(args)
    if paths.exists() or paths.database.exists():
        raise CliError(f"{paths.root} already holds a store; nothing was changed")
    mode, reason = vault.choose_key_mode(args.key_store)
    if mode == "keyfile" and args.key_store != "keyfile":
        print(
            f"No usable OS keyring: {reason}. The data key is kept in a key file protected "
            "by your password instead.",
            file=sys.stderr,
        )
    password = _password("Password for the new officer: ", confirm=True)
    username = args.username or ".".join(args.officer.lower().split())
    ws = vault.initialise(
        paths,
        officer_name=args.officer,
        username=username,
        password=password,
        municipality=args.municipality,
        key_mode=mode,
    )
    ws.close()
    print(f"Store created in {paths.root} (key in {mode}); officer username: {username}")
    return 0


def cmd_inspection_new(args: argparse.Namespace) -> int:
    from inspector.core.identifiers import bag_kind

    bag: dict[str, str] = {}
    for value in args.bag_id:
        kind = bag_kind(value.strip())
        if kind is None:
            from inspector.core.identifiers import bag_id_problem

            raise CliError(f"BAG id {value!r}: {bag_id_problem(value.strip())}")
        bag[kind] = value.strip()
    with open_workspace(args) as ws:
        summary = ws.create_inspection(
            address=args.address, postcode=args.postcode, city=args.city, bag_ids=bag
        )
    print(summary.id)
    return 0


def cmd_inspection_list(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws:
        items = ws.list_inspections()
    if args.json:
        print(json.dumps([i.to_json() for i in items], ensure_ascii=False, indent=1))
        return 0
    if not items:
        print("No inspections.")
        return 0
    for i in items:
        if i.damaged:
            print(f"{i.id}  {i.reference}  {i.state:<11}  {i.address}")
            continue
        print(
            f"{i.id}  {i.reference}  {i.state:<11}  {i.postcode}  {i.address}, {i.city}"
            f"  ({i.resident_count} residents)"
        )
    return 0


def cmd_inspection_show(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws:
        detail = ws.get_inspection(args.id)
    data = detail.to_json()
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=1))
        return 0
    s = detail.summary
    print(f"{s.reference}  {s.state}\n{s.address}\n{s.postcode} {s.city}")
    if s.bag_ids:
        print("BAG: " + ", ".join(f"{k} {v}" for k, v in s.bag_ids.items()))
    print(f"Officers present: {', '.join(detail.officers_present) or '-'}")
    for form_id, answers in data["answers"].items():
        print(f"\n[{form_id}]")
        for key, value in answers.items():
            print(f"  {key}: {json.dumps(value, ensure_ascii=False)}")
    for r in data["residents"]:
        print(f"\nResident {r['name']} ({r['language']})  id {r['id']}")
        for form_id, answers in r["answers"].items():
            print(f"  [{form_id}]")
            for key, value in answers.items():
                print(f"    {key}: {json.dumps(value, ensure_ascii=False)}")
    if detail.damaged:
        print(f"\nbeschadigd — niet te lezen: {', '.join(detail.damaged)}")
        print("(zie 'inspector doctor')")
    return 0


def cmd_audit_verify(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws:
        result = ws.verify_audit()
    print(result.describe(), file=sys.stdout if result.ok else sys.stderr)
    return 0 if result.ok else 1


def cmd_retention_purge(args: argparse.Namespace) -> int:
    from inspector.core.retention import purge_id_scans

    with open_workspace(args) as ws:
        count = purge_id_scans(ws, dry_run=args.dry_run)
        days = ws.settings.id_scan_retention_days
    verb = "would be deleted" if args.dry_run else "deleted"
    print(f"{count} ID scans older than {days} days after signing {verb}")
    return 0


def run(args: argparse.Namespace) -> int:
    """Run a parsed subcommand; every expected failure becomes one line on stderr."""
    try:
        paths = _paths(args)
        problem = data_dir_problem(paths)
        if problem:
            raise CliError(problem)
        use_customisations(paths.customisations)
        code: int = args.func(args)
        return code
    except (CliError, vault.VaultError, WorkspaceError, SettingsError) as exc:
        print(f"inspector: {exc}", file=sys.stderr)
        return 1
    except (SQLAlchemyError, DecryptionError, StoreLocked, StoreDamaged, OSError) as exc:
        # Never the exception's text: SQL errors and paths may carry personal data.
        print(f"inspector: {plain_error(exc)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("inspector: interrupted", file=sys.stderr)
        return 130


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    word = command_word(argv)
    parser = build_parser([word] if word in COMMAND_MODULES else [])
    args = parser.parse_args(argv)
    if args.command is None:
        parser.error("no subcommand given")
    return run(args)
