"""The ``datakey backup`` and ``datakey restore`` subcommands: the data key in a protected file.

Where the data key lives in the OS keyring (Windows Credential Manager), a rebuilt Windows
profile loses it, and with it every record. A backup is a key file (the same format and KDF as
the store's own key file) with one entry that the backup passphrase opens; it is bound to the
store it was made from.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from inspector.cli import (
    ENV_BACKUP_PASSPHRASE,
    CliError,
    paths_of,
    read_backup_passphrase,
    read_password,
)
from inspector.core import vault
from inspector.core.audit import append as audit_append
from inspector.security.keystore import (
    KeyFileKeyStore,
    KeyringKeyStore,
    KeyStoreError,
    WrongPassphrase,
)
from inspector.security.passwords import password_problem


def add_command(sub: Any, name: str, help_text: str) -> None:
    key = sub.add_parser(name, help=help_text)
    ksub = key.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = ksub.add_parser(
        "backup",
        help="write the data key to a file protected by a backup passphrase",
        description=(
            "Write this store's data key to FILE, protected by a backup passphrase "
            f"(${ENV_BACKUP_PASSPHRASE}, or asked for twice). Needs the officer's password "
            "($INSPECTOR_PASSPHRASE). Keep the file and the passphrase apart, e.g. the file "
            "with IT and the passphrase in the municipality's password safe. Refuses to "
            "overwrite an existing file."
        ),
    )
    p.add_argument("file", metavar="FILE", help="where to write the backup")
    p.set_defaults(func=cmd_key_backup)
    p = ksub.add_parser(
        "restore",
        help="put the data key from a backup file back into the OS keyring",
        description=(
            "Read the data key from a backup FILE made by 'datakey backup' of this store "
            f"(passphrase from ${ENV_BACKUP_PASSPHRASE} or asked for) and put it back into "
            "the OS keyring, e.g. after Windows rebuilt the officer's profile."
        ),
    )
    p.add_argument("file", metavar="FILE", help="the backup file")
    p.set_defaults(func=cmd_key_restore)


def _entry(store_id: str) -> str:
    return f"backup:{store_id}"


def cmd_key_backup(args: argparse.Namespace) -> int:
    paths = paths_of(args)
    target = Path(args.file).expanduser()
    if target.exists():
        raise CliError(f"{target} already exists; choose another file name")
    if not target.parent.is_dir():
        raise CliError(f"the folder {target.parent} does not exist")
    vault.open_store(paths)
    password = read_password("Password: ")
    with vault.unlock(paths, password, os.environ.get(vault.ENV_OFFICER)) as ws:
        passphrase = read_backup_passphrase(confirm=True)
        problem = password_problem(passphrase, key_file=True)
        if problem:
            raise CliError(f"backup passphrase: {problem}")
        if passphrase == password:
            raise CliError("the backup passphrase must differ from the officer's password")
        try:
            if ws.meta.key_mode == "keyring":
                key = KeyringKeyStore(ws.meta.store_id).load()
            else:
                key = KeyFileKeyStore(paths.key_file).unwrap(ws.officer.id, password)
            KeyFileKeyStore(target).wrap(_entry(ws.meta.store_id), passphrase, key)
        except KeyStoreError as exc:
            raise CliError(str(exc)) from exc
        with ws.unit() as s:
            audit_append(s, ws.officer.id, "key.backup", "store", ws.meta.store_id)
    print(f"Data key written to {target}; keep it apart from the backup passphrase")
    return 0


def cmd_key_restore(args: argparse.Namespace) -> int:
    paths = paths_of(args)
    meta = vault.open_store(paths)
    source = KeyFileKeyStore(Path(args.file).expanduser())
    if not source.path.is_file():
        raise CliError(f"{source.path} does not exist")
    try:
        if not source.has_entry(_entry(meta.store_id)):
            raise CliError(f"{source.path} is not a key backup of the store in {paths.root}")
        key = source.unwrap(_entry(meta.store_id), read_backup_passphrase(confirm=False))
    except WrongPassphrase as exc:
        raise CliError("the backup passphrase does not open this file") from exc
    except KeyStoreError as exc:
        raise CliError(str(exc)) from exc
    if meta.key_mode != "keyring":
        raise CliError(
            "this store keeps its data key in its key file, not in the OS keyring; "
            "nothing to restore"
        )
    try:
        KeyringKeyStore(meta.store_id).save(key)
    except KeyStoreError as exc:
        raise CliError(str(exc)) from exc
    print("Data key restored into the OS keyring; the store opens again with the password")
    return 0
