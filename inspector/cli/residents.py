"""The ``inspector residents`` subcommands: import an employer's list, list registrations."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from inspector.cli import open_workspace


def add_command(sub: Any, name: str, help_text: str) -> None:
    res = sub.add_parser(name, help=help_text)
    rsub = res.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = rsub.add_parser(
        "import",
        help="pre-create the residents of an employer's list (xlsx or CSV)",
        description=(
            "Pre-create the residents of an employer's list for a group registration on "
            "location, with their questionnaire (and so their registration form) prefilled. "
            "Columns: surname, given names, date of arrival, date of birth, place of birth, "
            "country, BSN, room number (Dutch or English headers). Accepts .xlsx and CSV "
            "(UTF-8 with or without BOM, comma or semicolon; other CSV is read as "
            "Windows-1252 with a warning). Invalid rows are reported by the row number a "
            "spreadsheet shows (the header is row 1) and left out; people already imported "
            "are skipped. Exit 0 when the file was read (even with invalid rows), 1 when the "
            "file cannot be used: then nothing is imported."
        ),
    )
    p.add_argument("inspection_id", metavar="INSPECTION_ID")
    p.add_argument("list_file", metavar="LIST", help="the employer's list (.xlsx or .csv)")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument(
        "--lang", choices=("nl", "en"), default="en", help="language of the report (default en)"
    )
    p.set_defaults(func=cmd_residents_import)

    p = rsub.add_parser(
        "list",
        help="residents of an inspection with their registration state",
        description=(
            "Every resident of an inspection with the state of the on-the-spot registration: "
            "registered, pending, declined or none."
        ),
    )
    p.add_argument("inspection_id", metavar="INSPECTION_ID")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_residents_list)


def cmd_residents_import(args: argparse.Namespace) -> int:
    from inspector.core.enrolments import ImportFailed, import_residents, report_lines

    path = Path(args.list_file)
    ws = open_workspace(args)
    try:
        report = import_residents(ws, args.inspection_id, path, today=date.today())
    except ImportFailed as exc:
        print(
            f"inspector: {path.name}: {exc.message.text(args.lang)} "
            + ("Er is niets geïmporteerd." if args.lang == "nl" else "Nothing was imported."),
            file=sys.stderr,
        )
        return 1
    finally:
        ws.close()
    if args.json:
        data = {
            "created": [{"row": n, "resident_id": rid} for n, rid in report.created],
            "already_present": report.skipped_duplicates,
            "errors": [
                {"row": n, "code": m.code, "message": m.text(args.lang)} for n, m in report.errors
            ],
            "warnings": [{"code": m.code, "message": m.text(args.lang)} for m in report.warnings],
            "flags": [{"row": n, "flags": f} for n, f in report.flags],
            "format": report.source_format,
        }
        print(json.dumps(data, ensure_ascii=False, indent=1))
        return 0
    print("\n".join(report_lines(report, args.lang)))
    return 0


def cmd_residents_list(args: argparse.Namespace) -> int:
    from inspector.core.enrolments import list_enrolments

    with open_workspace(args) as ws:
        rows = list_enrolments(ws, args.inspection_id)
    if args.json:
        data = [
            {
                "resident_id": r.resident_id,
                "name": r.resident_name,
                "room": r.room,
                "status": r.status,
                "enrolment_id": r.enrolment_id,
                "state": r.state,
                "kind": r.kind,
                "version": r.version,
                "signed_at": r.signed_at.isoformat() if r.signed_at else None,
            }
            for r in rows
        ]
        print(json.dumps(data, ensure_ascii=False, indent=1))
        return 0
    if not rows:
        print("No residents.")
        return 0
    for r in rows:
        kind = r.kind or "-"
        version = f"v{r.version}" if r.version else "-"
        print(f"{r.resident_id}  {r.status:<10}  {kind:<10}  {version:<3}  {r.resident_name}")
    return 0
