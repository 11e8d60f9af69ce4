"""The ``inspector residents`` subcommands: import an employer's list, list registrations."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from inspector import localtime
from inspector.cli import open_workspace


def _columns_help() -> str:
    from inspector.employer_list.importlist import COLUMNS

    return ", ".join(
        f"{spec.en} ({spec.column}{', required' if spec.required else ''})" for spec in COLUMNS
    )


def add_command(sub: Any, name: str, help_text: str) -> None:
    res = sub.add_parser(name, help=help_text)
    rsub = res.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = rsub.add_parser(
        "import",
        help="pre-create the residents of an employer's list (xlsx, ods or CSV)",
        description=(
            "Pre-create the residents of an employer's list for a group registration on "
            "location, with their questionnaire (and so their registration form) prefilled. "
            f"Columns: {_columns_help()}; headers in Dutch, English or Polish, matched "
            "leniently; every other column is named as not used. Accepts .xlsx, .ods, CSV "
            "(UTF-8 with or without BOM, comma, semicolon or tab; other CSV is read as "
            "Windows-1250 or -1252 with a warning) and Unicode text (UTF-16, tab-separated). "
            "A workbook with a list on more than one sheet needs --sheet; a date column whose "
            "dates read both as day-month and month-day needs --date-order. Hidden rows are "
            "named and left out unless --include-hidden. Invalid rows are reported by the "
            "row number a spreadsheet shows (the header is row 1) and left out; people "
            "already imported are skipped. Exit 0 when the file was read (even with invalid "
            "rows), 1 when the file cannot be used or needs a choice: then nothing is imported."
        ),
    )
    p.add_argument(
        "inspection_id", metavar="INSPECTION_ID", help="id or reference of the inspection"
    )
    p.add_argument("list_file", metavar="LIST", help="the employer's list (.xlsx, .ods or .csv)")
    p.add_argument("--sheet", metavar="NAME", help="the sheet of the workbook to import")
    p.add_argument(
        "--date-order",
        choices=("dmy", "mdy", "ymd"),
        help="order of dates that read both ways, e.g. 11/05/1962 (dmy: day first)",
    )
    p.add_argument(
        "--include-hidden", action="store_true", help="import hidden rows too (named either way)"
    )
    p.add_argument(
        "--column",
        action="append",
        default=[],
        metavar="HEADER=COLUMN",
        help="read the column with this header (or letter, e.g. F) as COLUMN, or as '-' to "
        "leave it out; may be repeated",
    )
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
    p.add_argument(
        "inspection_id", metavar="INSPECTION_ID", help="id or reference of the inspection"
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_residents_list)


def cmd_residents_import(args: argparse.Namespace) -> int:
    from inspector.core.registrations import ImportFailed, report_lines

    path = Path(args.list_file)
    try:
        options = _options(args, path)
    except ValueError as exc:
        print(f"inspector: {exc}", file=sys.stderr)
        return 2
    ws = open_workspace(args)
    try:
        report = ws.registrations.import_residents(
            ws.inspections.find(args.inspection_id), path, today=localtime.today(), options=options
        )
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
            "completed": [{"row": n, "resident_id": rid} for n, rid in report.completed],
            "errors": [
                {"row": n, "code": m.code, "message": m.text(args.lang)} for n, m in report.errors
            ],
            "warnings": [{"code": m.code, "message": m.text(args.lang)} for m in report.warnings],
            "flags": [{"row": n, "flags": f} for n, f in report.flags],
            "format": report.source_format,
            "read": report.summary.text(args.lang) if report.summary else None,
        }
        print(json.dumps(data, ensure_ascii=False, indent=1))
        return 0
    print("\n".join(report_lines(report, args.lang)))
    return 0


def _options(args: argparse.Namespace, path: Path) -> Any:
    """The officer's choices from the command line; ``--column`` needs the file's headers."""
    from inspector.employer_list import importlist

    mapping: dict[int, Any] = {}
    if args.column:
        names = {spec.column for spec in importlist.COLUMNS}
        try:
            preview = importlist.read_list(
                path,
                today=localtime.today(),
                options=importlist.ListOptions(
                    sheet=args.sheet, date_orders="dmy", include_hidden=True
                ),
            )
        except importlist.FileError:
            preview = None  # the import itself says why the file cannot be used
        headers = preview.headers if preview is not None else []
        for item in args.column:
            header, sep, column = item.partition("=")
            column = column.strip()
            if not sep or (column != "-" and column not in names):
                raise ValueError(
                    f"--column {item!r}: use HEADER=COLUMN with COLUMN one of "
                    + ", ".join(sorted(names))
                    + " or -"
                )
            wanted = header.strip()
            keys = [importlist.header_key(h) for h in headers]
            if importlist.header_key(wanted) in keys:
                position = keys.index(importlist.header_key(wanted))
            elif wanted.isalpha() and wanted.isupper() and len(wanted) <= 2:
                position = _letter_position(wanted)
            else:
                raise ValueError(f"--column {item!r}: the list has no column {wanted!r}")
            mapping[position] = None if column == "-" else column
    return importlist.ListOptions(
        sheet=args.sheet,
        mapping=mapping or None,
        date_orders=args.date_order,
        include_hidden=args.include_hidden,
    )


def _letter_position(letters: str) -> int:
    position = 0
    for letter in letters:
        position = position * 26 + (ord(letter) - ord("A") + 1)
    return position - 1


def cmd_residents_list(args: argparse.Namespace) -> int:

    with open_workspace(args) as ws:
        rows = ws.registrations.list_for(ws.inspections.find(args.inspection_id))
    if args.json:
        data = [
            {
                "resident_id": r.resident_id,
                "name": r.resident_name,
                "room": r.room,
                "status": r.status,
                "enrolment_id": r.registration_id,
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
