"""The ``forms check`` subcommand, for functional administrators who edit ``forms/``."""

from __future__ import annotations

import argparse
from typing import Any


def add_command(sub: Any, name: str, help_text: str) -> None:
    forms = sub.add_parser(name, help=help_text)
    fsub = forms.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = fsub.add_parser(
        "check",
        help="load and validate form files; print each problem on its own line",
        description=(
            "Load and validate questionnaire files (default: every file in forms/). Each "
            "problem is printed on its own line with file, line and field; the exit code is "
            "non-zero when there is any."
        ),
    )
    p.add_argument("files", nargs="*", metavar="FILE", help="form files (default: all in forms/)")
    p.set_defaults(func=cmd_forms_check)


def cmd_forms_check(args: argparse.Namespace) -> int:
    from inspector.forms import main_check

    return main_check(args.files or None)
