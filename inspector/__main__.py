"""The one way in: ``inspector`` / ``python -m inspector``; subcommands run headless."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    # Files the app writes (store, crash logs, exports) are for this user only.
    os.umask(0o077)
    from inspector.oscompat import utf8_console

    # Names with ś or ї must print on a Windows console or into a redirected file (cp1252).
    utf8_console()
    from inspector.cli import build_parser, run

    argv = sys.argv[1:] if argv is None else list(argv)
    # Only the subcommand named (if any) is loaded: --help and the window start without the
    # other commands' modules.
    args = build_parser(argv).parse_args(argv)
    if args.command is not None:
        return run(args)
    from inspector.startup import start_gui

    return start_gui(args.data_dir, smoke_test=args.smoke_test)


if __name__ == "__main__":
    sys.exit(main())
