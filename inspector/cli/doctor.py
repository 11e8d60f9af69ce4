"""``inspector doctor``: check the store (files, SQLite, every value, audit chain and anchor)."""

from __future__ import annotations

import argparse
import os
from typing import Any

from inspector.cli import ENV_OFFICER, paths_of, read_password


def add_command(sub: Any, name: str, help_text: str) -> None:
    p = sub.add_parser(
        name,
        help=help_text,
        description=(
            "Check the store and say what to do: the database file, SQLite's integrity check, "
            "every encrypted value (a damaged, moved or rolled-back one is named by table, "
            "column and row id, never by content), the audit chain and its anchor, and how to "
            "put back a backup. Exit 0 when all is well, 1 otherwise."
        ),
    )
    p.add_argument(
        "--accept-current",
        action="store_true",
        help="after a reported older copy or cut audit log: accept the current state as the "
        "new anchor (recorded in the audit log)",
    )
    p.set_defaults(func=cmd_doctor)


def cmd_doctor(args: argparse.Namespace) -> int:
    from inspector.core import vault
    from inspector.core.doctor import diagnose

    paths = paths_of(args)
    if not paths.root.exists():
        raise vault.StoreMissing(f"the data directory {paths.root} does not exist")
    password = read_password("Password: ")
    report = diagnose(
        paths, password, os.environ.get(ENV_OFFICER), accept_current=args.accept_current
    )
    print(report.text())
    return 0 if report.ok else 1
