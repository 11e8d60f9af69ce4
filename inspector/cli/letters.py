"""The ``letter render`` subcommand: one letter as PDF or DOCX, from an inspection or a sample."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from inspector import LANGUAGES
from inspector.cli import CliError, open_workspace
from inspector.core.ids import ResidentId
from inspector.letters import KINDS, LetterError

FORMATS = ("pdf", "docx")


def add_command(sub: Any, name: str, help_text: str) -> None:
    letter = sub.add_parser(name, help=help_text)
    lsub = letter.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = lsub.add_parser(
        "render",
        help="render one letter to a PDF or DOCX file",
        description=(
            "Render one letter to a PDF or DOCX file. With --inspection (and --resident) the "
            "letter is filled from the store, after the password check, and recorded in the "
            "audit log. Without them it is a sample: the municipality's details from the "
            "settings with fictitious values, marked as a sample on every page. On any error "
            "no file is written."
        ),
    )
    # Values are checked by the command itself, not by argparse choices, so that a wrong one
    # gives the same single line on stderr and exit code 1 as every other error.
    p.add_argument(
        "--kind",
        required=True,
        metavar="|".join(KINDS),
        help="which letter: the control letter for residents, the receipt of an on-the-spot "
        "declaration (until burgerzaken processed it), the confirmation of a processed "
        "registration, the referral to the RNI counter, the invitation to a group registration "
        "(needs --when and --place), the report of findings, or a referral to the NLA or SNF",
    )
    p.add_argument(
        "--lang",
        required=True,
        metavar="|".join(LANGUAGES),
        help="language of the letter; the report and referrals exist in Dutch (nl) only",
    )
    p.add_argument(
        "--inspection",
        metavar="ID",
        help="id of the inspection to fill the letter from (default: a sample letter)",
    )
    p.add_argument(
        "--resident",
        metavar="ID",
        help="id of the resident the letter is addressed to; needed for the confirmation "
        "letter; the inspection is looked up when --inspection is not given",
    )
    p.add_argument(
        "--format", required=True, metavar="|".join(FORMATS), help="output format", dest="fmt"
    )
    p.add_argument(
        "--when",
        metavar="YYYY-MM-DD HH:MM",
        help="invitation: date and time of the group registration on location",
    )
    p.add_argument("--place", metavar="TEXT", help="invitation: where the residents come")
    p.add_argument(
        "--bring",
        metavar="TEXT",
        action="append",
        default=[],
        help="invitation: something else to bring (repeatable)",
    )
    p.add_argument(
        "--out",
        required=True,
        metavar="PATH",
        help="the file to write (replaced if it exists); it holds personal data unencrypted, "
        "so keep it somewhere safe",
    )
    p.set_defaults(func=cmd_letter_render)
    inv = lsub.add_parser(
        "invitations",
        help="invitations to a group registration, one per resident of an employer's list",
        description=(
            "Peel en Maas practice: for every resident imported from the employer's list "
            "(inspector residents import) write an invitation to register on location, in the "
            "resident's language, with the date, time and place and what to bring. The files "
            "are named after the resident's id (no names in file names)."
        ),
    )
    inv.add_argument("inspection", metavar="INSPECTION_ID")
    inv.add_argument("--when", required=True, metavar="YYYY-MM-DD HH:MM")
    inv.add_argument("--place", required=True, metavar="TEXT")
    inv.add_argument("--bring", metavar="TEXT", action="append", default=[])
    inv.add_argument("--format", default="pdf", metavar="|".join(FORMATS), dest="fmt")
    inv.add_argument("--out-dir", required=True, metavar="DIR")
    inv.set_defaults(func=cmd_letter_invitations, kind="invitation")


def _validate(args: argparse.Namespace) -> None:
    from inspector.core.letter_context import check_request

    try:
        check_request(args.kind, args.lang, args.fmt)
    except LetterError as exc:
        raise CliError(str(exc)) from exc
    folder = Path(args.out).expanduser().resolve().parent
    if not folder.is_dir():
        raise CliError(f"the folder {folder} does not exist; no file was written")
    if Path(args.out).is_dir():
        raise CliError(f"{args.out} is a folder; give a file name")


def _sample(args: argparse.Namespace) -> bytes:
    from inspector.core.letter_context import sample_letter_context
    from inspector.letters import render
    from inspector.paths import resolve_data_dir
    from inspector.settings import load_settings

    # The settings file holds no personal data and is not encrypted: a sample needs no unlock.
    paths = resolve_data_dir(args.data_dir)
    settings = load_settings(paths.settings)
    context = sample_letter_context(settings, paths.root, args.lang)
    return render(args.kind, args.lang, context, args.fmt)


def _invitation(args: argparse.Namespace) -> Any:
    from datetime import datetime

    from inspector.letters import InvitationInfo

    if args.kind != "invitation":
        return None
    if not args.when or not (args.place or "").strip():
        raise CliError("the invitation needs --when 'YYYY-MM-DD HH:MM' and --place")
    try:
        when = datetime.strptime(args.when.strip(), "%Y-%m-%d %H:%M")
    except ValueError:
        raise CliError(
            f"--when {args.when!r} is not a date and time like 2026-12-03 09:30"
        ) from None
    return InvitationInfo(when=when, place=args.place.strip(), bring=tuple(args.bring))


def _from_store(args: argparse.Namespace, out: Path) -> None:
    from inspector.letters import render

    invitation = _invitation(args)
    ws = open_workspace(args)
    try:
        inspection_id = (
            ws.inspections.find(args.inspection)
            if args.inspection
            else ws.letters.resident_inspection(ResidentId(args.resident))
        )
        context = ws.letters.context(
            args.kind,
            args.lang,
            inspection_id=inspection_id,
            resident_id=ResidentId(args.resident) if args.resident else None,
            invitation=invitation,
        )
        _write(out, render(args.kind, args.lang, context, args.fmt))
        # Recorded only once the file exists: a failed write produced no letter.
        ws.letters.record(
            args.kind,
            args.lang,
            args.fmt,
            inspection_id,
            ResidentId(args.resident) if args.resident else None,
            via="cli",
        )
    finally:
        ws.close()


def _write(out: Path, data: bytes) -> None:
    try:
        from inspector.core.letter_context import write_letter

        write_letter(out, data)
    except OSError as exc:
        raise CliError(f"cannot write {out}: {exc.strerror or exc}") from exc


def cmd_letter_render(args: argparse.Namespace) -> int:
    _validate(args)
    sample = not args.inspection and not args.resident
    out = Path(args.out).expanduser()
    try:
        if sample:
            _write(out, _sample(args))
        else:
            _from_store(args, out)
    except LetterError as exc:
        raise CliError(f"{exc}; no file was written") from exc
    what = "sample " if sample else ""
    print(f"Wrote {what}{args.kind} letter ({args.lang}, {args.fmt}) to {out}")
    return 0


def cmd_letter_invitations(args: argparse.Namespace) -> int:

    if args.fmt not in FORMATS:
        raise CliError(f"unknown format {args.fmt!r}; use one of {', '.join(FORMATS)}")
    folder = Path(args.out_dir).expanduser()
    if not folder.is_dir():
        raise CliError(f"the folder {folder} does not exist; no file was written")
    invitation = _invitation(args)
    ws = open_workspace(args)
    try:
        inspection_id = ws.inspections.find(args.inspection)
        letters = ws.letters.render_invitations(inspection_id, invitation, args.fmt, via="cli")
        names = ws.letters.invitation_file_names(inspection_id, invitation, letters, args.fmt)
    except LetterError as exc:
        raise CliError(f"{exc}; no file was written") from exc
    finally:
        ws.close()
    for (_resident_id, _lang, data), name in zip(letters, names, strict=True):
        _write(folder / name, data)
    print(f"Wrote {len(letters)} invitation(s) to {folder}")
    return 0
