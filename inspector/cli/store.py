"""The store's subcommands: ``init``, ``audit verify`` and ``retention purge``."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from inspector.cli import CliError, open_workspace, paths_of, read_password


def add_command(sub: Any, name: str, help_text: str) -> None:
    if name == "init":
        _add_init(sub, name, help_text)
    elif name == "audit":
        _add_audit(sub, name, help_text)
    elif name == "retention":
        _add_retention(sub, name, help_text)
    else:  # pragma: no cover - the table in inspector.cli names only these
        raise KeyError(name)


def _add_init(sub: Any, name: str, help_text: str) -> None:
    p = sub.add_parser(
        name,
        help=help_text,
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


def _add_audit(sub: Any, name: str, help_text: str) -> None:
    aud = sub.add_parser(name, help=help_text)
    asub = aud.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = asub.add_parser(
        "verify",
        help="verify the hash chain; report the first broken link",
        description="Walk the audit log's hash chain and report the first broken "
        "link; exit 0 when intact, 1 when broken.",
    )
    p.set_defaults(func=cmd_audit_verify)


def _add_retention(sub: Any, name: str, help_text: str) -> None:
    ret = sub.add_parser(name, help=help_text)
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


def cmd_init(args: argparse.Namespace) -> int:
    from inspector.core import vault

    paths = paths_of(args)
    if paths.exists() or paths.database.exists():
        raise CliError(f"{paths.root} already holds a store; nothing was changed")
    mode, reason = vault.choose_key_mode(args.key_store)
    if mode == "keyfile" and args.key_store != "keyfile":
        print(
            f"No usable OS keyring: {reason}. The data key is kept in a key file protected "
            "by your password instead.",
            file=sys.stderr,
        )
    password = read_password("Password for the new officer: ", confirm=True)
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


def cmd_audit_verify(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws:
        result = ws.verify_audit()
    print(result.describe(), file=sys.stdout if result.ok else sys.stderr)
    return 0 if result.ok else 1


def cmd_retention_purge(args: argparse.Namespace) -> int:
    from inspector.core.retention import purge_id_scans, purge_registered_persons

    with open_workspace(args) as ws:
        count = purge_id_scans(ws, dry_run=args.dry_run)
        days = ws.settings.id_scan_retention_days
        persons = purge_registered_persons(ws, dry_run=args.dry_run)
        selection = ws.settings.address_selection
    verb = "would be deleted" if args.dry_run else "deleted"
    print(f"{count} ID scans older than {days} days after signing {verb}")
    print(
        f"{persons.lists} list(s) of registered persons older than "
        f"{selection.persons_retention_days} days after import {verb}; names of "
        f"{persons.visit_persons} persons in visits older than "
        f"{selection.visit_persons_retention_days} days {verb}"
    )
    return 0
