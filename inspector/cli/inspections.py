"""The ``inspection`` subcommands: create, list, show and finalize inspections."""

from __future__ import annotations

import argparse
import json
from typing import Any

from inspector.cli import CliError, open_workspace


def add_command(sub: Any, name: str, help_text: str) -> None:
    insp = sub.add_parser(name, help=help_text)
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


def cmd_inspection_new(args: argparse.Namespace) -> int:
    from inspector.identifiers import bag_kind

    bag: dict[str, str] = {}
    for value in args.bag_id:
        kind = bag_kind(value.strip())
        if kind is None:
            from inspector.identifiers import bag_id_problem

            raise CliError(f"BAG id {value!r}: {bag_id_problem(value.strip())}")
        bag[kind] = value.strip()
    with open_workspace(args) as ws:
        summary = ws.inspections.create(
            address=args.address, postcode=args.postcode, city=args.city, bag_ids=bag
        )
    print(summary.id)
    return 0


def cmd_inspection_list(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws:
        items = ws.inspections.list_all()
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
    from inspector.sync.client import outcomes_for_inspection

    with open_workspace(args) as ws:
        inspection_id = ws.inspections.find(args.id)
        detail = ws.inspections.get(inspection_id)
        outcomes = outcomes_for_inspection(ws, inspection_id)
    data = detail.to_json()
    data["office_outcomes"] = outcomes
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
    for o in outcomes:
        text = f": {o['message']}" if o.get("message") else ""
        print(f"\nOffice ({o['about']}): {o['state']}{text}")
    if detail.damaged:
        print(f"\nbeschadigd — niet te lezen: {', '.join(detail.damaged)}")
        print("(zie 'inspector doctor')")
    return 0


def cmd_inspection_finalize(args: argparse.Namespace) -> int:
    import sys

    from inspector.core import review

    with open_workspace(args) as ws:
        inspection_id = ws.inspections.find(args.id)
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
        reference = ws.inspections.get(inspection_id, audit_view=False).summary.reference
    if result.problems:
        print(f"{reference} finalized with {len(result.problems)} open points; reason recorded")
    else:
        print(f"{reference} finalized")
    return 0
