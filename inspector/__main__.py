"""The one way in: ``inspector`` / ``python -m inspector``; subcommands run headless."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    # Files the app writes (store, crash logs, exports) are for this user only.
    os.umask(0o077)
    from inspector.cli import build_parser, run

    # Only a subcommand (or --help) needs the other packages' commands; the window starts
    # without loading them.
    if not _wants_subcommand(sys.argv[1:] if argv is None else list(argv)):
        args = build_parser().parse_args(argv)
        from inspector.startup import start_gui

        return start_gui(args.data_dir, smoke_test=args.smoke_test)
    _load_cli_extensions()
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is not None:
        return run(args)
    from inspector.startup import start_gui

    return start_gui(args.data_dir, smoke_test=args.smoke_test)


def _wants_subcommand(argv: list[str]) -> bool:
    skip = False
    for token in argv:
        if skip:
            skip = False
        elif token == "--data-dir":
            skip = True
        elif token in ("-h", "--help") or not token.startswith("-"):
            return True
    return False


def _load_cli_extensions() -> None:
    """Import the packages that add subcommands (each registers itself)."""
    import importlib

    for module in ("inspector.cli.extra",):
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise


if __name__ == "__main__":
    sys.exit(main())
