"""Subcommands of ``inspector clerk``: the registry clerk's desk without a screen (link, pull,
queue, review, take/release, outcomes, quarantine, exports, letters, hand-over list)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import Any

from inspector.cli import CliError, open_workspace
from inspector.states import ClerkState

ENV_OFFICE_TOKEN = "INSPECTOR_OFFICE_TOKEN"


def add_command(sub: Any, name: str, help_text: str) -> None:
    c = sub.add_parser(name, help=help_text)
    csub = c.add_subparsers(dest="clerk_action", metavar="ACTION", required=True)

    p = csub.add_parser("link", help="link this office store to the service as a registry user")
    p.add_argument("--server", required=True, metavar="URL")
    p.add_argument("--token", help=f"access token (default: ${ENV_OFFICE_TOKEN})")
    p.set_defaults(func=cmd_link)

    p = csub.add_parser(
        "pull", help="fetch, check and queue new registrations; send outcomes; delete old scans"
    )
    p.set_defaults(func=cmd_pull)

    p = csub.add_parser("queue", help="the queue: on-the-spot first, with the processing term")
    p.add_argument("--state", action="append", default=[], help="only this state (repeatable)")
    p.add_argument("--name", default="", help="search: part of the name")
    p.add_argument("--born", default="", metavar="YYYY-MM-DD", help="search: date of birth")
    p.add_argument("--officer", default="")
    p.add_argument("--inspection", default="")
    p.add_argument("--address", default="")
    p.add_argument(
        "--received-from", default="", metavar="YYYY-MM-DD", help="received on or after this day"
    )
    p.add_argument(
        "--received-to", default="", metavar="YYYY-MM-DD", help="received on or before this day"
    )
    p.add_argument("--all", action="store_true", help="also versions replaced by a correction")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_queue)

    p = csub.add_parser("show", help="one registration: data, checks, warnings, versions")
    p.add_argument("record", metavar="RECORD")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_show)

    for action, helptext in (
        ("take", "take a registration (it is then assigned to you)"),
        ("release", "release a registration you took"),
        ("confirm", "confirm a colleague's outcome (four eyes)"),
    ):
        p = csub.add_parser(action, help=helptext)
        p.add_argument("record", metavar="RECORD")
        p.set_defaults(func=cmd_simple)

    p = csub.add_parser("takeover", help="take a registration over from a colleague")
    p.add_argument("record", metavar="RECORD")
    p.add_argument("--reason", required=True)
    p.set_defaults(func=cmd_takeover)

    p = csub.add_parser("process", help="processed: the BSN and the date from the BRP")
    p.add_argument("record", metavar="RECORD")
    p.add_argument("--bsn", required=True)
    p.add_argument("--date", required=True, metavar="YYYY-MM-DD", help="date of registration")
    kind = p.add_mutually_exclusive_group(required=True)
    kind.add_argument("--first", action="store_true", help="first registration")
    kind.add_argument("--re", action="store_true", help="re-registration (hervestiging)")
    p.set_defaults(func=cmd_process)

    for action, state, option, helptext in MESSAGE_OUTCOMES:
        p = csub.add_parser(action, help=helptext)
        p.add_argument("record", metavar="RECORD")
        p.add_argument(f"--{option}", dest="message", required=True)
        p.set_defaults(func=cmd_outcome, outcome=state)

    p = csub.add_parser("quarantine", help="records that failed a check, with the reason")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_quarantine)

    p = csub.add_parser("export", help="BRP export (JSON or CSV) of one or more registrations")
    p.add_argument("records", metavar="RECORD", nargs="*")
    p.add_argument("--processed", action="store_true", help="every processed registration")
    p.add_argument("--format", choices=("json", "csv"), default="json")
    p.add_argument("--out", required=True, metavar="FILE")
    p.set_defaults(func=cmd_export)

    p = csub.add_parser(
        "letter",
        help="the confirmation letter (processed) or the refusal decision with the objection "
        "clause (refused), in the resident's language followed by the Dutch text",
    )
    p.add_argument("record", metavar="RECORD")
    p.add_argument("--lang", required=True, choices=("nl", "en", "pl", "uk", "ro"))
    p.add_argument(
        "--kind",
        choices=("confirmation", "refusal"),
        help="which letter (default: the one that fits the outcome)",
    )
    p.add_argument("--format", choices=("pdf", "docx"), default="pdf")
    p.add_argument("--out", required=True, metavar="FILE")
    p.set_defaults(func=cmd_letter)

    p = csub.add_parser("stamp", help="the signed form stamped with the outcome (PDF)")
    p.add_argument("record", metavar="RECORD")
    p.add_argument("--out", required=True, metavar="FILE")
    p.set_defaults(func=cmd_stamp)

    p = csub.add_parser("handover", help="the hand-over list of signals (CSV), or mark one")
    p.add_argument("--out", metavar="FILE")
    p.add_argument("--mark", metavar="ID", help="mark a signal as handed over today")
    p.set_defaults(func=cmd_handover)


def _desk(ws: Any) -> Any:
    from inspector.clerk import is_clerk_store
    from inspector.clerk.desk import ClerkDesk

    if not is_clerk_store(ws):
        raise CliError(
            "this store holds no private registry key: it is not a clerk's store "
            "(inspector keys create --role registry, or restore the key backup)"
        )
    return ClerkDesk(ws)


def _resolve(desk: Any, key: str) -> str:
    """A record id, or the first characters of one (unique)."""
    from sqlalchemy import select

    from inspector.clerk.models import ClerkRegistration

    with desk.ws.unit() as s:
        ids = list(
            s.scalars(
                select(ClerkRegistration.record_id).where(
                    ClerkRegistration.record_id.startswith(key.strip().lower())
                )
            )
        )
    if len(ids) != 1:
        raise CliError(
            f"no received registration {key}" if not ids else f"{key} is not unique: type more"
        )
    return str(ids[0])


def _errors(fn: Any) -> Any:
    from inspector.clerk.receive import ClerkError

    try:
        return fn()
    except ClerkError as exc:
        raise CliError(str(exc)) from exc


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise CliError(f"{text!r} is not a date (YYYY-MM-DD)") from exc


def cmd_link(args: argparse.Namespace) -> int:
    from inspector.clerk import receive

    token = args.token or os.environ.get(ENV_OFFICE_TOKEN)
    if not token:
        raise CliError(f"no access token: pass --token or set ${ENV_OFFICE_TOKEN}")
    with open_workspace(args) as ws:
        _errors(lambda: receive.link(ws, args.server, token))
    print(f"This office store is linked to {args.server} for burgerzaken.")
    return 0


def cmd_pull(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws:
        return pull_in(ws)


def pull_in(ws: Any) -> int:
    """Pull, send outcomes, delete scans past their term; print a summary (exit code)."""
    import httpx

    from inspector.clerk import receive

    desk = _desk(ws)
    try:
        summary = _errors(lambda: receive.pull(ws))
        sent, errors = _errors(desk.post_outcomes)
    except httpx.HTTPError as exc:
        raise CliError(f"the service cannot be reached ({type(exc).__name__})") from exc
    purged = desk.purge_scans()
    print(summary.describe())
    print(f"{sent} uitkomsten verstuurd; {purged} ID-scans verwijderd (bewaartermijn).")
    for line in [*summary.errors, *errors]:
        print(f"  {line}", file=sys.stderr)
    return 0 if not (summary.errors or errors) else 1


def cmd_queue(args: argparse.Namespace) -> int:
    from inspector.clerk.desk import QueueFilter

    flt = QueueFilter(
        states=tuple(args.state),
        name=args.name,
        birth_date=_day(args.born) if args.born else None,
        officer=args.officer,
        inspection=args.inspection,
        address=args.address,
        received_from=_day(args.received_from) if args.received_from else None,
        received_to=_day(args.received_to) if args.received_to else None,
        include_superseded=args.all,
    )
    if flt.received_from and flt.received_to and flt.received_from > flt.received_to:
        raise CliError("--received-from lies after --received-to")
    with open_workspace(args) as ws:
        desk = _desk(ws)
        rows = desk.queue(flt)
        counts = desk.counts()
    if args.json:
        print(
            json.dumps(
                {
                    "counts": counts,
                    "rows": [
                        {
                            "record_id": r.record_id,
                            "state": r.state,
                            "on_the_spot": r.on_the_spot,
                            "name": r.name,
                            "birth_date": r.birth_date,
                            "officer": r.officer,
                            "received_on": r.received_on.isoformat(),
                            "due_on": r.due_on.isoformat(),
                            "urgency": r.urgency,
                            "assigned_to": r.assigned_to,
                            "version": r.version,
                        }
                        for r in rows
                    ],
                },
                indent=1,
            )
        )
        return 0
    print("  ".join(f"{k}: {v}" for k, v in counts.items() if v) or "De wachtrij is leeg.")
    for r in rows:
        spot = "ter plaatse" if r.on_the_spot else "lijst"
        print(
            f"{r.record_id[:8]}  {r.state_label:<26} {r.name:<30} {r.birth_date}  {spot:<11} "
            f"termijn {r.due_on:%d-%m-%Y} ({r.urgency})  {r.assigned_to}"
        )
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws:
        desk = _desk(ws)
        review = desk.review(_resolve(desk, args.record))
    if args.json:
        print(
            json.dumps(
                {
                    "record_id": review.record_id,
                    "state": review.state,
                    "version": review.version,
                    "form": review.form,
                    "warnings": [w.code for w in review.warnings],
                    "comparison": [c.__dict__ for c in review.comparison],
                    "versions": review.versions,
                    "changes": review.changes,
                    "bearing": review.bearing,
                    "outcome": review.outcome,
                },
                indent=1,
                default=str,
            )
        )
        return 0
    print(f"Inschrijving {review.record_id} (versie {review.version}): {review.state}")
    for key in sorted(review.form):
        print(f"  {key}: {review.form[key]}")
    for w in review.warnings:
        print(f"  ! {w.text}")
    for c in review.comparison:
        print(f"  MRZ {c.field}: {c.entered} / {c.mrz} {'ok' if c.agrees else 'AFWIJKING'}")
    for b in review.bearing:
        print(f"  Bevinding adres: {b['text']}")
    for ch in review.changes:
        print(f"  Gewijzigd {ch['field']}: {ch['before']} -> {ch['after']}")
    return 0


def cmd_simple(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws:
        desk = _desk(ws)
        rid = _resolve(desk, args.record)
        fn = {"take": desk.take, "release": desk.release, "confirm": desk.confirm}[
            args.clerk_action
        ]
        _errors(lambda: fn(rid))
    print(f"{args.clerk_action}: {rid}")
    return 0


def cmd_takeover(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws:
        desk = _desk(ws)
        rid = _resolve(desk, args.record)
        _errors(lambda: desk.take_over(rid, args.reason))
    print(f"Overgenomen: {rid}")
    return 0


#: The outcomes that carry one sentence to the officer: (command, outcome, its option, help).
MESSAGE_OUTCOMES: tuple[tuple[str, str, str, str], ...] = (
    ("return", ClerkState.RETURNED, "question", "return to the officer with a question"),
    ("refuse", ClerkState.REFUSED, "reason", "refuse, with the reason"),
)


def _decide(args: argparse.Namespace, state: str, **kw: Any) -> int:
    """The one outcome runner: resolve the record, decide, print the new state."""
    with open_workspace(args) as ws:
        desk = _desk(ws)
        rid = _resolve(desk, args.record)
        new = _errors(lambda: desk.decide(rid, state, **kw))
    print(f"{rid}: {new}")
    return 0


def cmd_process(args: argparse.Namespace) -> int:
    return _decide(
        args,
        ClerkState.PROCESSED,
        bsn=args.bsn,
        registration_date=_day(args.date),
        first_registration=bool(args.first),
    )


def cmd_outcome(args: argparse.Namespace) -> int:
    """``return`` and ``refuse``: an outcome with the clerk's sentence for the officer."""
    return _decide(args, args.outcome, message=args.message)


def cmd_quarantine(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws:
        rows = _desk(ws).quarantine()
    if args.json:
        print(json.dumps(rows, indent=1, default=str))
        return 0
    for q in rows:
        told = "gemeld aan de dienst" if q["reported"] else "nog niet gemeld"
        print(f"{q['record_id']}  {q['kind']}  {q['detected_at']:%d-%m-%Y %H:%M}  {told}")
        print(f"    reden: {q['reason']}")
    if not rows:
        print("Geen records in quarantaine.")
    return 0


def _write(path: str, data: bytes) -> None:
    target = Path(path)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)


def cmd_export(args: argparse.Namespace) -> int:
    from inspector.clerk import export

    with open_workspace(args) as ws:
        desk = _desk(ws)
        ids = [_resolve(desk, r) for r in args.records]
        if args.processed:
            ids += [r.record_id for r in desk.queue() if r.state == ClerkState.PROCESSED]
        if not ids:
            raise CliError("name one or more registrations, or --processed")
        data = _errors(lambda: export.export(desk, list(dict.fromkeys(ids)), args.format))
    _write(args.out, data)
    print(f"{len(ids)} inschrijving(en) geëxporteerd naar {args.out}.")
    return 0


def cmd_letter(args: argparse.Namespace) -> int:
    from inspector.clerk import export
    from inspector.letters.model import LetterError

    with open_workspace(args) as ws:
        desk = _desk(ws)
        rid = _resolve(desk, args.record)
        kind = args.kind or (
            "refusal"
            if _errors(lambda: desk.review(rid)).state == ClerkState.REFUSED
            else "confirmation"
        )
        make = export.refusal_letter if kind == "refusal" else export.confirmation_letter
        try:
            data = _errors(lambda: make(ws, desk, rid, args.lang, args.format))
        except LetterError as exc:
            raise CliError(str(exc)) from exc
    _write(args.out, data)
    what = "Besluit tot weigering" if kind == "refusal" else "Bevestiging van inschrijving"
    print(f"{what} ({args.lang}) geschreven naar {args.out}.")
    return 0


def cmd_stamp(args: argparse.Namespace) -> int:
    from inspector.clerk import export

    with open_workspace(args) as ws:
        desk = _desk(ws)
        rid = _resolve(desk, args.record)
        data = _errors(lambda: export.stamped_pdf(desk, rid))
    _write(args.out, data)
    print(f"Gestempeld formulier geschreven naar {args.out}.")
    return 0


def cmd_handover(args: argparse.Namespace) -> int:
    from inspector.clerk import export

    with open_workspace(args) as ws:
        desk = _desk(ws)
        if args.mark:
            _errors(lambda: desk.mark_handed_over(args.mark))
        rows = desk.handovers()
        data = export.handover_csv(desk) if args.out else b""
    if args.out:
        _write(args.out, data)
    for h in rows:
        done = f"overgedragen {h['handed_over_at']:%d-%m-%Y}" if h["handed_over_at"] else "open"
        print(f"{h['id'][:8]}  {h['inspection']}  {h['code']}  -> {h['recipient']}  {done}")
    return 0
