"""Subcommands of the office key ceremony: ``inspector keys create|list|backup|restore|bundle``."""

from __future__ import annotations

import argparse
import base64
import binascii
import json
from pathlib import Path
from typing import Any

from inspector.cli import (
    ENV_BACKUP_PASSPHRASE,
    CliError,
    open_workspace,
    read_backup_passphrase,
)
from inspector.sync import keys
from inspector.sync.keys import LOST_KEY_WARNING
from inspector.sync.trust import RECIPIENT_ROLES, fingerprint


def add_command(sub: Any, name: str, help_text: str) -> None:
    k = sub.add_parser(name, help=help_text)
    ksub = k.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = ksub.add_parser(
        "create",
        help="create (or rotate) the office recipient key of a role",
        description=(
            "Create a new X25519 recipient key for the role, signed by this office's root key "
            "(made the first time). Running it again rotates: laptops seal to the new key id; "
            "the old private key stays in this store to open older records. " + LOST_KEY_WARNING
        ),
    )
    p.add_argument("--role", required=True, choices=RECIPIENT_ROLES)
    p.set_defaults(func=cmd_keys_create)
    p = ksub.add_parser("list", help="list the keys of this store and the root fingerprint")
    p.set_defaults(func=cmd_keys_list)
    p = ksub.add_parser(
        "backup",
        help="write every private key to a passphrase-protected file",
        description=(
            "Write every private key of this store (root, recipients, device) to FILE, "
            f"encrypted with a passphrase (from ${ENV_BACKUP_PASSPHRASE} or asked for; at "
            f"least {keys.MIN_BACKUP_PASSPHRASE} characters). " + LOST_KEY_WARNING
        ),
    )
    p.add_argument("--out", required=True, metavar="FILE")
    p.set_defaults(func=cmd_keys_backup)
    p = ksub.add_parser("restore", help="put the keys of a backup file into this store")
    p.add_argument("file", metavar="FILE")
    p.set_defaults(func=cmd_keys_restore)
    p = ksub.add_parser(
        "bundle",
        help="write the office's signed public keys (trust bundle) for the service",
        description=(
            "Write the trust bundle: the root public key, every recipient public key and, "
            "with --service-key, the service's receipt key, each signed by the root. Give it "
            "to the service with 'inspector server trust FILE'."
        ),
    )
    p.add_argument(
        "--service-key", metavar="BASE64", help="the key 'inspector server init' printed"
    )
    p.add_argument("--out", required=True, metavar="FILE")
    p.set_defaults(func=cmd_keys_bundle)
    p = ksub.add_parser(
        "device-code",
        help="the laptop's whole one-time code: the service's half and this office's half",
        description=(
            "For a device that 'inspector server device add' made: add this office's half to "
            "the service's one-time code and keep it in this store. The officer types the whole "
            "code at provisioning; the service never sees the office's half, so it cannot swap "
            "the laptop's keys: this store certifies them (with the root key) the first time it "
            "sends something to the laptop, and every office store refuses keys without that "
            "certificate."
        ),
    )
    p.add_argument("device_id", metavar="DEVICE_ID")
    p.add_argument(
        "--service-code", required=True, metavar="CODE", help="the code the service printed"
    )
    p.set_defaults(func=cmd_keys_device_code)


def cmd_keys_create(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws, ws.unit() as s:
        try:
            info, fp = keys.create_recipient_key(s, args.role)
        except keys.KeyError_ as exc:
            raise CliError(str(exc)) from exc
        ws.audit(s, "sync.key_created", "sync_key", None, key_id=info.key_id, role=args.role)
    print(f"{args.role} key {info.key_id} created.")
    print(f"Office root fingerprint: {fp}")
    print(LOST_KEY_WARNING)
    return 0


def cmd_keys_list(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws, ws.unit() as s:
        rows = keys.list_keys(s)
        root = keys.root_key(s)
        fp = None if root is None else fingerprint(root.public)
    if not rows:
        print("No sync keys in this store.")
        return 0
    for r in rows:
        state = "retired" if r.retired_at else "current"
        private = "private" if r.has_private else "public only"
        print(f"{r.key_id}  {r.purpose:<11} {r.role or '-':<12} {state:<8} {private}")
    if fp:
        print(f"Office root fingerprint: {fp}")
    return 0


def cmd_keys_backup(args: argparse.Namespace) -> int:
    passphrase = read_backup_passphrase(confirm=True)
    out = Path(args.out)
    with open_workspace(args) as ws, ws.unit() as s:
        try:
            count = keys.write_backup(s, out, passphrase)
        except keys.KeyError_ as exc:
            raise CliError(str(exc)) from exc
        ws.audit(s, "sync.keys_backed_up", "sync_key", None, count=count)
    print(f"{count} private keys written to {out}.")
    print(LOST_KEY_WARNING)
    return 0


def cmd_keys_restore(args: argparse.Namespace) -> int:
    passphrase = read_backup_passphrase(confirm=False)
    try:
        found = keys.read_backup(Path(args.file), passphrase)
    except keys.KeyError_ as exc:
        raise CliError(str(exc)) from exc
    with open_workspace(args) as ws, ws.unit() as s:
        added = keys.restore_backup(s, found)
        ws.audit(s, "sync.keys_restored", "sync_key", None, count=added)
    print(f"{added} keys restored ({len(found) - added} were already here).")
    return 0


def cmd_keys_bundle(args: argparse.Namespace) -> int:
    service = None
    if args.service_key:
        try:
            service = base64.b64decode(args.service_key, validate=True)
        except (ValueError, binascii.Error) as exc:
            raise CliError("--service-key is not base64") from exc
    with open_workspace(args) as ws, ws.unit() as s:
        try:
            bundle = keys.trust_bundle(s, service)
        except keys.KeyError_ as exc:
            raise CliError(str(exc)) from exc
        ws.audit(s, "sync.bundle_written", "sync_key", None, recipients=len(bundle.recipients))
    Path(args.out).write_text(json.dumps(bundle.to_json(), indent=1), encoding="utf-8")
    print(f"Trust bundle written to {args.out}.")
    print(f"Office root fingerprint: {bundle.fingerprint}")
    return 0


def cmd_keys_device_code(args: argparse.Namespace) -> int:
    from inspector.sync import devices

    with open_workspace(args) as ws, ws.unit() as s:
        try:
            code = devices.device_code(s, args.device_id, args.service_code)
        except devices.DeviceKeyError as exc:
            raise CliError(str(exc)) from exc
        ws.audit(s, "sync.device_code", "device", args.device_id)
    print(f"Device {args.device_id}: give the officer this code (valid 24 hours, used once).")
    print(f"One-time code for the laptop: {code}")
    return 0
