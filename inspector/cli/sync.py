"""Subcommands of sync: ``inspector serve``, ``inspector server …`` (the office service's
administration), ``inspector sync …`` (the laptop) and ``inspector office …`` (office users)."""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import platformdirs

from inspector.cli import CliError, open_workspace
from inspector.states import CLERK_DONE

ENV_SERVICE_DIR = "INSPECTOR_SERVICE_DIR"
ENV_SERVICE_DB = "INSPECTOR_SERVICE_DATABASE"
ENV_SERVICE_BLOBS = "INSPECTOR_SERVICE_BLOBS"
ENV_OFFICE_TOKEN = "INSPECTOR_OFFICE_TOKEN"


def _service_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--service-dir",
        metavar="DIR",
        help=f"the service's folder (default: ${ENV_SERVICE_DIR}, else the platform data dir)",
    )
    p.add_argument(
        "--database",
        metavar="URL",
        help="a database URL, e.g. postgresql+psycopg://user:pw@host/db "
        f"(default: ${ENV_SERVICE_DB}, else SQLite in the service's folder)",
    )
    p.add_argument(
        "--blobs",
        metavar="DIR|s3://BUCKET/PREFIX",
        help="where sealed bytes go: 'database', a folder on disk, or an S3-compatible "
        "bucket (credentials and AWS_ENDPOINT_URL from the environment); default: "
        f"${ENV_SERVICE_BLOBS}, else a folder beside an SQLite database (<file>-blobs) "
        "and the database itself for PostgreSQL",
    )


def add_command(sub: Any, name: str, help_text: str) -> None:
    {"serve": _serve, "server": _server, "sync": _sync, "office": _office}[name](
        sub, name, help_text
    )


def _serve(sub: Any, name: str, help_text: str) -> None:
    p = sub.add_parser(
        name,
        help=help_text,
        description="Run the office sync service. It stores sealed records (ciphertext) and "
        "never holds a private recipient key. Run 'inspector server init' first.",
    )
    _service_args(p)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--certfile", help="TLS certificate (PEM); or run behind a reverse proxy")
    p.add_argument("--keyfile", help="TLS private key (PEM)")
    p.add_argument("--max-record-mb", type=int, default=512, help="largest record taken")
    p.add_argument("--max-request-mb", type=int, default=64, help="largest request body")
    p.add_argument("--rate", type=int, default=1200, help="requests per device per minute")
    p.add_argument(
        "--rate-store",
        choices=("auto", "database", "memory"),
        default="auto",
        help="where the rate counters live: the database (shared by every worker on it; "
        "the default on PostgreSQL) or this process (the default on SQLite)",
    )
    p.add_argument(
        "--workers",
        type=int,
        default=1,
        help="service processes on this port (one per core; they share the database and "
        "the blob folder and hold no state of their own)",
    )
    p.set_defaults(func=cmd_serve)


def _server(sub: Any, name: str, help_text: str) -> None:
    srv = sub.add_parser(name, help=help_text)
    ssub = srv.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = ssub.add_parser("init", help="create the service database and its receipt key")
    _service_args(p)
    p.set_defaults(func=cmd_server_init)
    p = ssub.add_parser("trust", help="take the office's trust bundle (inspector keys bundle)")
    _service_args(p)
    p.add_argument("file", metavar="FILE")
    p.set_defaults(func=cmd_server_trust)
    dev = ssub.add_parser("device", help="add, list or revoke laptops")
    dsub = dev.add_subparsers(dest="device_action", metavar="ACTION", required=True)
    p = dsub.add_parser("add", help="a new laptop: prints a one-time code valid 24 hours")
    _service_args(p)
    p.add_argument("label", metavar="LABEL", help='an asset label, e.g. "Laptop 12"')
    p.set_defaults(func=cmd_device_add)
    p = dsub.add_parser("revoke", help="refuse a laptop from now on")
    _service_args(p)
    p.add_argument("device_id", metavar="ID")
    p.set_defaults(func=cmd_device_revoke)
    p = dsub.add_parser("list", help="list laptops")
    _service_args(p)
    p.set_defaults(func=cmd_device_list)
    usr = ssub.add_parser("user", help="office users")
    usub = usr.add_subparsers(dest="user_action", metavar="ACTION", required=True)
    p = usub.add_parser("add", help="a new office user: prints the access token once")
    _service_args(p)
    p.add_argument("label", metavar="LABEL")
    p.add_argument(
        "--role", required=True, choices=("registry", "enforcement", "coordinator", "administrator")
    )
    p.set_defaults(func=cmd_user_add)
    p = ssub.add_parser("status", help="counts per state")
    _service_args(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_server_status)
    p = ssub.add_parser(
        "backup",
        help="a consistent copy of the SQLite service database (PostgreSQL: use pg_dump)",
    )
    _service_args(p)
    p.add_argument("--out", required=True, metavar="FILE")
    p.set_defaults(func=cmd_server_backup)
    p = ssub.add_parser(
        "sweep",
        help="end open uploads no bytes came to for days, and remove sealed bytes in the blob "
        "folder or bucket that no upload names (left by a service killed before its commit)",
    )
    _service_args(p)
    p.add_argument(
        "--older-than-hours",
        type=float,
        default=24.0,
        metavar="H",
        help="only bytes last written at least H hours ago (default %(default)s; at least 1)",
    )
    p.add_argument(
        "--expire-open-after-days",
        type=float,
        default=7.0,  # service.EXPIRE_OPEN_AFTER (not imported to parse the command line)
        metavar="D",
        help="end uploads no bytes came to for D days, their bytes removed (default "
        "%(default)s; at least 1): the laptop starts such a record again from its first byte",
    )
    p.add_argument("--dry-run", action="store_true", help="count them, remove nothing")
    p.set_defaults(func=cmd_server_sweep)
    p = ssub.add_parser("import", help="take sealed records handed in on a folder")
    _service_args(p)
    p.add_argument("folder", metavar="DIR")
    p.set_defaults(func=cmd_server_import)


def _sync(sub: Any, name: str, help_text: str) -> None:
    syn = sub.add_parser(
        name,
        help=help_text,
        description="Without an action: push every waiting record and pull outcomes once; "
        "prints a summary and exits non-zero when anything failed.",
    )
    syn.set_defaults(func=cmd_sync)
    ysub = syn.add_subparsers(dest="sync_action", metavar="ACTION")
    p = ysub.add_parser("provision", help="link this laptop to the office service")
    p.add_argument("--server", required=True, metavar="URL")
    p.add_argument("--code", required=True, help="the one-time code from the administrator")
    p.add_argument(
        "--fingerprint",
        help="the office root fingerprint as read out by the office (asked for when omitted)",
    )
    p.set_defaults(func=cmd_sync_provision)
    p = ysub.add_parser("status", help="records waiting, delivered, errors; messages received")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_sync_status)
    p = ysub.add_parser("export", help="copy the sealed records not yet delivered to a folder")
    p.add_argument("--out", required=True, metavar="DIR")
    p.set_defaults(func=cmd_sync_export)


def _office(sub: Any, name: str, help_text: str) -> None:
    off = sub.add_parser(name, help=help_text)
    osub = off.add_subparsers(dest="office_action", metavar="ACTION", required=True)
    for action, helptext in (
        ("records", "list the records your role receives, after a cursor"),
        ("fetch", "download one sealed record and open it with this office store's keys"),
        ("outcome", "post an outcome (processed, returned, refused) back to the laptop"),
    ):
        p = osub.add_parser(action, help=helptext)
        p.add_argument("--server", required=True, metavar="URL")
        p.add_argument("--token", help=f"access token (default: ${ENV_OFFICE_TOKEN})")
        if action == "records":
            p.add_argument("--after", type=int, default=0)
            p.add_argument("--json", action="store_true")
            p.set_defaults(func=cmd_office_records)
        elif action == "fetch":
            p.add_argument("record_id", metavar="RECORD_ID")
            p.add_argument("--out", required=True, metavar="FILE")
            p.set_defaults(func=cmd_office_fetch)
        else:
            p.add_argument("record_id", metavar="RECORD_ID")
            p.add_argument("--state", required=True, choices=[state.value for state in CLERK_DONE])
            p.add_argument("--message", default="", help="e.g. the question for the officer")
            p.set_defaults(func=cmd_office_outcome)


# -- the service ---------------------------------------------------------------------------------


def _service_dir(args: argparse.Namespace) -> Path:
    value = args.service_dir or os.environ.get(ENV_SERVICE_DIR)
    if value:
        return Path(value).expanduser().resolve()
    return Path(platformdirs.user_data_dir("inspector-server", appauthor=False))


def _database_url(args: argparse.Namespace) -> str:
    url = args.database or os.environ.get(ENV_SERVICE_DB)
    if url:
        return str(url)
    folder = _service_dir(args)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return f"sqlite:///{folder / 'service.sqlite3'}"


def _blobs_spec(args: argparse.Namespace, url: str) -> str | None:
    """--blobs, else $INSPECTOR_SERVICE_BLOBS, else the default: a folder beside an SQLite
    database (``<file>-blobs``), the database itself for PostgreSQL."""
    from inspector.server.blobs import default_spec

    given = getattr(args, "blobs", None) or os.environ.get(ENV_SERVICE_BLOBS)
    return str(given) if given else default_spec(url)


def _db(args: argparse.Namespace, migrate: bool = False) -> Any:
    from inspector.server.blobs import check_spec
    from inspector.server.db import ServiceDatabase

    url = _database_url(args)
    try:
        blobs = check_spec(_blobs_spec(args, url))
    except ValueError as exc:
        raise CliError(str(exc)) from exc
    db = ServiceDatabase(url, blobs)
    if migrate:
        db.migrate()
    elif not db.is_current():
        db.dispose()
        raise CliError("the service database is not set up: run 'inspector server init' first")
    return db


def _svc(args: argparse.Namespace, fn: Any, *a: Any, migrate: bool = False) -> Any:
    from inspector.server.service import ServiceError
    from inspector.sync.trust import TrustError

    db = _db(args, migrate)
    try:
        with db.session() as s:
            return fn(s, *a)
    except (ServiceError, TrustError) as exc:
        raise CliError(str(exc)) from exc
    finally:
        db.dispose()


def cmd_server_init(args: argparse.Namespace) -> int:
    from inspector.server import service
    from inspector.sync.trust import b64

    key = _svc(args, service.ensure_service_key, migrate=True)
    print("Service database ready.")
    print(f"Receipt key: {b64(key.public)}")
    print("Have the office sign it: inspector keys bundle --service-key KEY --out trust.json")
    return 0


def cmd_server_trust(args: argparse.Namespace) -> int:
    from inspector.server import service
    from inspector.sync.trust import TrustBundle, TrustError

    try:
        bundle = TrustBundle.from_json(json.loads(Path(args.file).read_text(encoding="utf-8")))
    except (OSError, ValueError, TrustError) as exc:
        raise CliError(f"{args.file} is not a trust bundle ({exc})") from exc
    _svc(args, service.set_trust, bundle)
    print(f"Office keys taken: {len(bundle.recipients)} recipient keys.")
    print(f"Office root fingerprint: {bundle.fingerprint}")
    return 0


def cmd_device_add(args: argparse.Namespace) -> int:
    from inspector.server import service

    device_id, code = _svc(args, service.add_device, args.label)
    print(f"Device {device_id} ({args.label}) added.")
    print(f"One-time code (valid 24 hours): {code}")
    return 0


def cmd_device_revoke(args: argparse.Namespace) -> int:
    from inspector.server import service

    _svc(args, service.revoke_device, args.device_id)
    print(f"Device {args.device_id} revoked; it can still export its records for hand-in.")
    return 0


def cmd_device_list(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from inspector.server.models import Device

    rows = _svc(args, lambda s: list(s.scalars(select(Device).order_by(Device.created_at))))
    for d in rows:
        print(f"{d.id}  {d.state:<8} {d.label}")
    return 0


def cmd_user_add(args: argparse.Namespace) -> int:
    from inspector.server import service

    user_id, token = _svc(args, service.add_user, args.label, args.role)
    print(f"User {user_id} ({args.role}) added. Access token (shown once):")
    print(token)
    return 0


def cmd_server_status(args: argparse.Namespace) -> int:
    from inspector.server import service

    st = _svc(args, service.status)
    if args.json:
        print(json.dumps(st, indent=1))
        return 0
    for group in ("devices", "uploads", "records", "outcomes", "downlink", "users"):
        values = ", ".join(f"{k}: {v}" for k, v in sorted(st[group].items())) or "none"
        print(f"{group}: {values}")
    opened = st["open_uploads"]
    if opened["count"]:
        print(
            f"open uploads (not finished by their laptop): {opened['count']}, "
            f"{opened['bytes']} bytes so far; the longest untouched last written "
            f"{datetime.fromisoformat(opened['oldest_written']):%Y-%m-%d %H:%M} UTC"
        )
    else:
        print("open uploads (not finished by their laptop): none")
    print(f"quarantined by the office: {st['quarantined']}")
    print(f"office keys: {'present' if st['trust'] else 'missing'}")
    return 0


def cmd_server_backup(args: argparse.Namespace) -> int:
    url = _database_url(args)
    if not url.startswith("sqlite:///"):
        raise CliError("for PostgreSQL use pg_dump (see docs/deployment.md)")
    src = sqlite3.connect(url.removeprefix("sqlite:///"))
    dst = sqlite3.connect(args.out)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    print(f"Consistent copy written to {args.out}.")
    from inspector.server.blobs import check_spec, copy_folder

    try:
        blobs = check_spec(_blobs_spec(args, url))
    except ValueError as exc:
        raise CliError(str(exc)) from exc
    if blobs is not None and blobs.startswith("s3://"):
        print(
            f"The sealed bytes in {blobs} are not in this copy: back the bucket up now, after "
            "it (a part not yet named by a record in the copy is harmless)."
        )
    elif blobs is not None:
        # After the database copy: every part a record in the copy names is on disk already.
        target = Path(str(args.out) + "-blobs")
        count = copy_folder(blobs, target)
        print(
            f"The sealed bytes ({count} file{'' if count == 1 else 's'}) copied to {target}: "
            "keep it beside the copy "
            f"(a service on {args.out} finds them there)."
        )
    return 0


def cmd_server_sweep(args: argparse.Namespace) -> int:
    from datetime import timedelta

    from inspector.server import service

    if not args.older_than_hours >= 1:
        raise CliError(
            "--older-than-hours is at least 1: younger bytes may belong to a request that is "
            "about to commit"
        )
    if not (args.older_than_hours <= 24 * 3650 and args.expire_open_after_days <= 3650):
        raise CliError("--older-than-hours and --expire-open-after-days are at most ten years")
    if not args.expire_open_after_days >= 1:
        raise CliError(
            "--expire-open-after-days is at least 1: a laptop resumes an upload cut off yesterday"
        )
    db = _db(args, False)
    try:
        # The uploads end first (committed), then their bytes outside the database go.
        with db.session() as s:
            expired = service.expire_uploads(
                s, timedelta(days=args.expire_open_after_days), args.dry_run
            )
        swept = None
        if db.blobs is not None:
            with db.session() as s:
                swept = service.sweep(
                    s, db.blobs, timedelta(hours=args.older_than_hours), args.dry_run
                )
    finally:
        db.dispose()
    print(
        f"Open uploads no bytes came to for {args.expire_open_after_days:g} days: "
        f"{'would end' if args.dry_run else 'ended'} {_uploads(expired)}."
    )
    if swept is None:
        print("The sealed bytes are in the database: no leftover files to sweep.")
    else:
        print(
            f"Sealed bytes no upload names, older than {args.older_than_hours:g} h: "
            f"{'would remove' if args.dry_run else 'removed'} {_uploads(swept)}."
        )
    return 0


def _uploads(swept: Any) -> str:
    """'3 uploads (1200 bytes)'."""
    return f"{swept.blobs} upload{'' if swept.blobs == 1 else 's'} ({swept.bytes} bytes)"


def cmd_server_import(args: argparse.Namespace) -> int:
    from inspector.server import service
    from inspector.sync import envelope

    folder = Path(args.folder)
    files = sorted(folder.glob("*.sealed"))
    if not files:
        raise CliError(f"no sealed records in {folder}")
    stored = already = failed = 0
    for path in files:
        sha, size = envelope.file_sha256(path)
        try:
            with open(path, "rb") as f:
                _rid, new = _svc(args, service.import_record, f, size, sha)
        except (CliError, envelope.EnvelopeError) as exc:
            failed += 1
            print(f"{path.name}: refused: {exc}", file=sys.stderr)
            continue
        stored += int(new)
        already += int(not new)
    print(f"{stored} records imported, {already} were already stored, {failed} refused.")
    return 1 if failed else 0


def cmd_serve(args: argparse.Namespace) -> int:
    import logging

    import uvicorn

    from inspector.server.app import ServiceConfig, create_app, tune_interpreter

    tune_interpreter()
    url = _database_url(args)
    db = _db(args, migrate=True)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    if not 1 <= args.workers <= 64:
        raise CliError("--workers is a number from 1 to 64")
    config = ServiceConfig(
        database_url=url,
        max_record_bytes=args.max_record_mb << 20,
        max_request_bytes=args.max_request_mb << 20,
        rate_per_minute=args.rate,
        rate_store=args.rate_store,
        workers=args.workers,
    )
    where = {"host": args.host, "port": args.port}
    tls = {"ssl_certfile": args.certfile, "ssl_keyfile": args.keyfile}
    if args.workers == 1:
        uvicorn.run(create_app(config, db), **where, **tls, log_level="info", access_log=False)
        return 0
    # Several processes on one listening socket (uvicorn's supervisor starts them): each
    # builds its app from the same settings, handed over in the environment.
    from inspector.server.app import ENV_SERVE_SETTINGS, serve_settings

    blobs = None if db.blobs is None else _blobs_spec(args, url)
    db.dispose()
    os.environ[ENV_SERVE_SETTINGS] = serve_settings(config, blobs)
    uvicorn.run(
        "inspector.server.app:app_from_settings",
        factory=True,
        workers=args.workers,
        **where,
        **tls,
        log_level="info",
        access_log=False,
    )
    return 0


# -- the laptop ----------------------------------------------------------------------------------


def cmd_sync(args: argparse.Namespace) -> int:
    from inspector.sync import client

    with open_workspace(args) as ws:
        from inspector.sync.models import SyncLink

        with ws.unit() as s:
            laptop = s.get(SyncLink, 1) is not None
        if not laptop:
            from inspector.clerk.models import ClerkLink

            with ws.unit() as s:
                clerk = s.get(ClerkLink, 1) is not None
            if clerk:
                # An office store in the clerk role: 'inspector sync' pulls for burgerzaken.
                from inspector.cli.clerk import pull_in

                return pull_in(ws)
        try:
            summary = client.sync_once(ws)
        except client.SyncFailure as exc:
            raise CliError(str(exc)) from exc
    print(summary.describe())
    for line in summary.errors:
        print(f"  {line}", file=sys.stderr)
    return 0 if summary.ok else 1


def cmd_sync_provision(args: argparse.Namespace) -> int:
    from inspector.sync import client

    fingerprint = args.fingerprint
    if not fingerprint:
        bundle = client.fetch_bundle(args.server)
        print(f"The server offers an office root key with fingerprint:\n  {bundle.fingerprint}")
        if not sys.stdin or not sys.stdin.isatty():
            raise CliError("compare it with the office and pass it with --fingerprint")
        fingerprint = input("Type the fingerprint the office reads out to you: ")
    with open_workspace(args) as ws:
        try:
            device_id = client.provision(ws, args.server, args.code, fingerprint)
        except client.SyncFailure as exc:
            raise CliError(str(exc)) from exc
    print(f"This laptop is linked to {args.server} as device {device_id}.")
    return 0


def cmd_sync_status(args: argparse.Namespace) -> int:
    from inspector.sync import client

    with open_workspace(args) as ws:
        st = client.status(ws)
    if args.json:
        print(json.dumps(st, indent=1))
        return 0
    if not st["provisioned"]:
        print("Not provisioned: run 'inspector sync provision --server URL --code CODE'.")
    else:
        print(f"Server {st['server']}, device {st['device_id']}, last sync {st['last_sync']}")
    counts = ", ".join(f"{k}: {v}" for k, v in sorted(st["counts"].items())) or "no records"
    print(f"Records: {counts}")
    for r in st["records"]:
        if r["error"] and r["state"] != "delivered":
            print(f"  {r['record_id']} ({r['kind']}): {r['error']}")
    for m in st["messages"]:
        text = f" - {m['message']}" if m["message"] else ""
        print(f"Office: {m['kind']} {m['state'] or ''} for record {m['record_id']}{text}")
    return 0


def cmd_sync_export(args: argparse.Namespace) -> int:
    from inspector.sync import client

    with open_workspace(args) as ws:
        count = client.export(ws, Path(args.out))
    print(f"{count} sealed records copied to {args.out} for hand-in.")
    return 0


# -- office users --------------------------------------------------------------------------------


def _token(args: argparse.Namespace) -> str:
    token = args.token or os.environ.get(ENV_OFFICE_TOKEN)
    if not token:
        raise CliError(f"no access token: pass --token or set ${ENV_OFFICE_TOKEN}")
    return str(token)


def _get(args: argparse.Namespace, path: str, **params: Any) -> Any:
    import httpx

    try:
        resp = httpx.get(
            args.server.rstrip("/") + path,
            params=params,
            headers={"Authorization": f"Bearer {_token(args)}"},
            timeout=60,
        )
    except httpx.HTTPError as exc:
        raise CliError(f"the server cannot be reached ({type(exc).__name__})") from exc
    if resp.status_code != 200:
        raise CliError(f"the server refuses: {resp.json().get('detail', resp.status_code)}")
    return resp


def cmd_office_records(args: argparse.Namespace) -> int:
    records = _get(args, "/v1/records", after=args.after).json()["records"]
    if args.json:
        print(json.dumps(records, indent=1))
        return 0
    for r in records:
        print(
            f"{r['seq']:>6}  {r['record_id']}  {r['kind']:<12} v{r['version']}  "
            f"{r['size']} bytes  {r['outcome_state'] or '-'}"
        )
    return 0


def cmd_office_fetch(args: argparse.Namespace) -> int:
    from inspector.storage import codec
    from inspector.sync import envelope, keys

    data = _get(args, f"/v1/records/{args.record_id}/sealed").content
    Path(args.out).write_bytes(data)
    with open_workspace(args) as ws, ws.unit() as s, open(args.out, "rb") as f:
        header = envelope.read_header(f)
        mine = [k.key_id for k in keys.list_keys(s) if k.has_private and k.purpose == "recipient"]
        kid = next((k for k in header.manifest["recipients"] if k in mine), None)
        if kid is None:
            raise CliError("this office store holds none of the keys the record is sealed to")
        f.seek(0)
        try:
            opened = envelope.open_record(f, kid, keys.recipient_private(s, kid))
        except envelope.EnvelopeError as exc:
            raise CliError(f"the record does not open: {exc}") from exc
        payload = codec.decode(opened.payload)
        ws.audit(s, "sync.record_opened", "sync_record", header.record_id, key_id=kid)
    print(
        f"Record {header.record_id} ({header.manifest['kind']} v{header.manifest['version']}) "
        f"opened with {kid}: {len(header.manifest['attachments'])} attachments, "
        f"payload kind {payload.get('kind')}."
    )
    return 0


def cmd_office_outcome(args: argparse.Namespace) -> int:
    import httpx

    from inspector.sync.client import seal_downlink
    from inspector.sync.trust import b64

    rec = next(
        (
            r
            for r in _get(args, "/v1/records", after=0).json()["records"]
            if r["record_id"] == args.record_id
        ),
        None,
    )
    # Fetching the whole list is fine for a CLI; the clerk's workspace keeps its own cursor.
    if rec is None:
        raise CliError(f"no record {args.record_id} for your role")
    from inspector.sync.devices import DeviceKeyError, certified_keys

    headers = {"Authorization": f"Bearer {_token(args)}"}
    with (
        open_workspace(args) as ws,
        httpx.Client(base_url=args.server.rstrip("/"), timeout=60) as c,
    ):
        try:
            device = certified_keys(ws, c, headers, rec["device_id"])
        except DeviceKeyError as exc:
            raise CliError(str(exc)) from exc
    sealed = seal_downlink(
        device.box_public,
        rec["device_id"],
        "outcome",
        args.record_id,
        args.state,
        {"message": args.message},
    )
    resp = httpx.post(
        args.server.rstrip("/") + f"/v1/records/{args.record_id}/outcome",
        json={"state": args.state, "sealed": b64(sealed)},
        headers={"Authorization": f"Bearer {_token(args)}"},
        timeout=60,
    )
    if resp.status_code != 200:
        raise CliError(f"the server refuses: {resp.json().get('detail', resp.status_code)}")
    print(f"Outcome '{args.state}' posted for record {args.record_id}.")
    return 0


def cmd_inspection_finalize(args: argparse.Namespace) -> int:
    """Kept for callers of this module: the command lives in ``inspector.cli.inspections``
    (one completeness check, ``core.review.finalize``, for the window and the CLI)."""
    from inspector.cli.inspections import cmd_inspection_finalize as finalize

    return finalize(args)
