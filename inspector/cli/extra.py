"""Subcommands of the other packages: forms check (and letters, residents when present)."""

from __future__ import annotations

import argparse
import importlib
from typing import Any

from inspector.cli import register


@register
def _forms(sub: Any) -> None:
    forms = sub.add_parser("forms", help="check questionnaire files")
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
    p.set_defaults(func=_forms_check)


def _forms_check(args: argparse.Namespace) -> int:
    from inspector.forms import main_check

    return main_check(args.files or None)


# Packages that add their own subcommands through ``register`` when they are imported.
for _module in ("inspector.cli.letters", "inspector.cli.residents", "inspector.cli.keys"):
    try:
        importlib.import_module(_module)
    except ModuleNotFoundError as _exc:
        if _exc.name != _module:
            raise
