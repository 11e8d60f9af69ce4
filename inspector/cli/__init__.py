"""The headless command line: every subcommand, and the global options shared with the window."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from inspector import __version__
from inspector.core import vault
from inspector.core.workspace import Workspace, WorkspaceError
from inspector.errors import plain_error
from inspector.paths import ENV_DATA_DIR, DataPaths, resolve_data_dir
from inspector.security.crypto import DecryptionError
from inspector.settings import SettingsError
from inspector.storage.db import StoreDamaged
from inspector.storage.types import StoreLocked


class CliError(Exception):
    """A failure reported as one line on stderr with a non-zero exit."""


def build_parser() -> argparse.ArgumentParser:
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
    p.add_argument("id", help="the inspection's id or its reference (e.g. 2026-48E0-0001)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_inspection_show)
    p = isub.add_parser(
        "finalize",
        help="run the completeness check and finalize (lock) an inspection",
        description=(
            "Run the same completeness check as the window's Finalize: every open point is "
            "listed (missing answers, persons counted but not recorded, no end time, findings "
            "not yet known, residents who must still register) and nothing changes, exit 1. "
            "With --accept-incomplete REASON the inspection is finalized anyway; the reason "
            "is kept encrypted and the audit log records the open points."
        ),
    )
    p.add_argument("id", help="the inspection's id or its reference (e.g. 2026-48E0-0001)")
    p.add_argument(
        "--accept-incomplete",
        metavar="REASON",
        help="finalize despite open points, for this reason (at least 10 characters)",
    )
    p.add_argument("--lang", choices=("nl", "en"), default="en", help="language of the open points")
    p.set_defaults(func=cmd_inspection_finalize)

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

    for extend in _EXTENSIONS:
        extend(sub)
    return parser


#: Other packages add their subcommands here (forms, letters, residents import).
_EXTENSIONS: list[Callable[[Any], None]] = []


def register(extension: Callable[[Any], None]) -> Callable[[Any], None]:
    _EXTENSIONS.append(extension)
    return extension


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
        detail = ws.get_inspection(ws.find_inspection(args.id))
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


def cmd_inspection_finalize(args: argparse.Namespace) -> int:
    from inspector.core import review

    with open_workspace(args) as ws:
        inspection_id = ws.find_inspection(args.id)
        try:
            result = review.finalize(ws, inspection_id, accept_incomplete=args.accept_incomplete)
        except review.Incomplete as exc:
            lines = exc.review.lines(args.lang)
            print(
                f"inspector: not finalized: {len(lines)} open points "
                "(finalize anyway with --accept-incomplete REASON):",
                file=sys.stderr,
            )
            for line in lines:
                print(f"  - {line}", file=sys.stderr)
            return 1
        reference = ws.get_inspection(inspection_id, audit_view=False).summary.reference
    if result.problems:
        print(f"{reference} finalized with {len(result.problems)} open points; reason recorded")
    else:
        print(f"{reference} finalized")
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
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.error("no subcommand given")
    return run(args)
