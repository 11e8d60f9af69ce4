"""Where a ciphertext belongs: the associated data that binds each stored value to its row.

Every encrypted value is AES-GCM ciphertext whose associated data is a canonical encoding of

    (format version, table, column, the row's bound columns)

where the bound columns are the row id, its seal version (``seal_v``, raised on every change)
and the row's plaintext bookkeeping (state, timestamps, foreign keys, kinds; see ``BOUND``).
A value moved to another row or column, an older ciphertext put back, or a state flipped in
SQL no longer authenticates: the value reads as damaged and is reported, never accepted.

Reading needs the row's bound columns next to the ciphertext, in every SELECT: the column
type wraps the ciphertext in the SQL function ``inspector_bound(blob, col1, col2, ...)``,
registered on every connection, which hands back the blob together with the row's stored
values. Writing seals at flush time (mapper events), when the row's values are known.
"""

from __future__ import annotations

import json
import struct
from collections.abc import Sequence
from typing import Any

#: The store format (SQLite ``user_version``): 2 bound the values of the record tables to their
#: rows and keyed the look-ups with the data key; 3 binds the sync tables' secrets too; 4 keeps
#: the reasons of finalizing and reopening in ``inspection_state_change`` (before: answers of
#: the made-up forms ``_finalize``/``_reopen``).
FORMAT = 4
#: The format that moved the state-change reasons into their own table.
STATE_CHANGES_FORMAT = 4
#: The format that introduced row binding and look-ups under the data key (and the attempt
#: counter): stores below it are upgraded as a whole (``upgrade.upgrade_format``).
ROW_BOUND_FORMAT = 2
AAD_PREFIX = b"inspector-seal/2\x00"
SQL_FUNCTION = "inspector_bound"

#: Per table: the plaintext columns bound into every encrypted value of a row (after the id
#: and the seal version). Timestamps that change on every save (updated_at) are not bound.
BOUND: dict[str, tuple[str, ...]] = {
    "officer": ("id", "seal_v", "username_lookup", "role", "password_hash", "active"),
    "inspection": (
        "id",
        "seal_v",
        "reference",
        "state",
        "planned_at",
        "started_at",
        "finalized_at",
        "created_by",
    ),
    "resident": ("id", "seal_v", "inspection_id", "language", "import_key"),
    "form_record": ("id", "seal_v", "inspection_id", "resident_id", "subject", "form_id"),
    "answer": ("id", "seal_v", "record_id", "instance_id", "field_id", "form_version"),
    "attachment": (
        "id",
        "seal_v",
        "inspection_id",
        "resident_id",
        "enrolment_id",
        "kind",
        "field_ref",
        "instance_id",
        "mime",
        "size",
    ),
    "enrolment": (
        "id",
        "seal_v",
        "inspection_id",
        "resident_id",
        "version",
        "state",
        "kind",
        "consent_at",
        "signed_at",
        "officer_id",
        "supersedes_id",
    ),
    "finding": ("id", "seal_v", "inspection_id", "resident_id", "category", "code", "outcome"),
    # Format 3. The first bound column is the table's primary key (not always "id").
    # A private key bound to its key id and purpose: one key's private half moved to another.
    "sync_key": ("key_id", "seal_v", "purpose", "role"),
    # The device's bearer secret bound to the service and device it was issued for.
    "sync_link": ("id", "seal_v", "server_url", "device_id"),
    # What came down, bound to its place in the stream and what it says it is.
    "sync_inbox": ("seq", "seal_v", "kind", "record_id", "state"),
    # The coordinator's access code bound to the service it is for (new in revision 0007:
    # never held a value under an older format).
    "planning_link": ("id", "seal_v", "server_url"),
    # Format 4. A reason bound to the inspection, the change, its moment and its officer.
    "inspection_state_change": ("id", "seal_v", "inspection_id", "kind", "at", "officer_id"),
}

#: The store format in which each table's values were first bound to their rows.
BOUND_SINCE: dict[str, int] = {
    table: 3 if table.startswith("sync_") else ROW_BOUND_FORMAT for table in BOUND
} | {"inspection_state_change": STATE_CHANGES_FORMAT}


def bound_columns(table: str) -> tuple[str, ...]:
    return BOUND.get(table, ())


def canonical(values: Sequence[Any]) -> bytes:
    """The stored values of the bound columns, canonically (str, int, float, None)."""
    return json.dumps(list(values), separators=(",", ":"), ensure_ascii=True).encode("ascii")


def aad(table: str, column: str, bound: bytes) -> bytes:
    """Associated data of one value: format, table, column and the canonical bound values."""
    return AAD_PREFIX + table.encode() + b"\x00" + column.encode() + b"\x00" + bound


def pack(blob: bytes | None, *values: Any) -> bytes | None:
    """The SQL function: the ciphertext with the row's bound values in front (length-framed)."""
    if blob is None:
        return None
    bound = canonical(values)
    return struct.pack(">I", len(bound)) + bound + bytes(blob)


def unpack(packed: bytes) -> tuple[bytes, bytes]:
    """(canonical bound values, ciphertext) from ``pack``."""
    (n,) = struct.unpack(">I", packed[:4])
    return packed[4 : 4 + n], packed[4 + n :]


class Sealed:
    """A plaintext on its way to the database, with the associated data it is sealed under."""

    __slots__ = ("aad", "value")

    def __init__(self, value: Any, aad: bytes) -> None:
        self.value = value
        self.aad = aad


class UnsealedWrite(Exception):
    """An encrypted column of a bound table was written without going through the sealing."""


def install(base: Any) -> None:
    """Seal every encrypted value of the bound tables when the ORM writes a row."""
    from sqlalchemy import event

    event.listen(base, "before_insert", _before_insert, propagate=True)
    event.listen(base, "before_update", _before_update, propagate=True)
    event.listen(base, "after_insert", _after_write, propagate=True)
    event.listen(base, "after_update", _after_write, propagate=True)
    event.listen(base, "after_delete", _after_delete, propagate=True)


def _encrypted_columns(mapper: Any) -> list[tuple[str, str]]:
    """(attribute key, column name) of the encrypted columns of a mapped table."""
    from inspector.storage.types import Encrypted, EncryptedBytes

    out = []
    for col in mapper.local_table.columns:
        if isinstance(col.type, Encrypted | EncryptedBytes):
            out.append((mapper.get_property_by_column(col).key, col.name))
    return out


def _stored(mapper: Any, connection: Any, target: Any, name: str) -> Any:
    """The value of column *name* as SQLite will store it (what the read side sees)."""
    col = mapper.local_table.c[name]
    value = getattr(target, mapper.get_property_by_column(col).key)
    processor = col.type._cached_bind_processor(connection.dialect)
    if processor is not None:
        value = processor(value)
    if isinstance(value, bool):
        value = int(value)
    return value


def _fill_defaults(mapper: Any, target: Any, names: tuple[str, ...]) -> None:
    """Python-side column defaults are applied only when the INSERT runs; the seal needs them
    now, so apply them to the object first."""
    for name in names:
        col = mapper.local_table.c[name]
        key = mapper.get_property_by_column(col).key
        if getattr(target, key) is None and col.default is not None:
            default = col.default
            value = default.arg(None) if default.is_callable else default.arg
            setattr(target, key, value)


def _seal_row(mapper: Any, connection: Any, target: Any) -> None:
    from inspector.storage.types import is_damaged

    table = mapper.local_table.name
    names = BOUND[table]
    bound = canonical([_stored(mapper, connection, target, n) for n in names])
    plain: dict[str, Any] = target.__dict__.setdefault("_inspector_plain", {})
    for key, column in _encrypted_columns(mapper):
        value = getattr(target, key)
        if isinstance(value, Sealed):
            value = value.value
        if table == "form_record" and column == "seal" and value is None:
            value = True
        if value is None:
            continue
        if is_damaged(value):
            raise UnsealedWrite(f"{table}.{column} is damaged and cannot be saved back")
        plain[key] = value
        setattr(target, key, Sealed(value, aad(table, column, bound)))


def _before_insert(mapper: Any, connection: Any, target: Any) -> None:
    table = mapper.local_table.name
    if table not in BOUND:
        return
    _fill_defaults(mapper, target, BOUND[table])
    target.seal_v = 1
    _seal_row(mapper, connection, target)
    target.__dict__["_inspector_sealed"] = True


def _before_update(mapper: Any, connection: Any, target: Any) -> None:
    from sqlalchemy import inspect

    table = mapper.local_table.name
    if table not in BOUND:
        return
    state = inspect(target)
    keys = {mapper.get_property_by_column(mapper.local_table.c[n]).key for n in BOUND[table]}
    keys.update(k for k, _c in _encrypted_columns(mapper))
    if not any(state.attrs[k].history.has_changes() for k in keys):
        return
    target.seal_v = (target.seal_v or 0) + 1
    _seal_row(mapper, connection, target)
    target.__dict__["_inspector_sealed"] = True


def _after_write(mapper: Any, connection: Any, target: Any) -> None:
    from sqlalchemy.orm.attributes import set_committed_value

    plain = target.__dict__.pop("_inspector_plain", None)
    if plain:
        for key, value in plain.items():
            set_committed_value(target, key, value)
    if target.__dict__.pop("_inspector_sealed", False):
        _record(mapper, connection, target, int(target.seal_v))


def _after_delete(mapper: Any, connection: Any, target: Any) -> None:
    if mapper.local_table.name in BOUND:
        _record(mapper, connection, target, DELETED)


#: The seal version recorded for a row deleted by the app.
DELETED = 0


def _record(mapper: Any, connection: Any, target: Any, version: int) -> None:
    """Note (table, row id, seal version) of a row written or deleted in this session: the
    next audit event carries the list (``audit.append``), so the anchored chain knows each
    row's newest version and a whole row put back from an older copy — seal version and
    all, which authenticates as a row — shows (``audit.rolled_back``)."""
    from sqlalchemy.orm import object_session

    session = object_session(target)
    if session is None:
        return
    table = mapper.local_table.name
    row_id = _stored(mapper, connection, target, BOUND[table][0])
    session.info.setdefault(SEALED_KEY, []).append([table, str(row_id), version])


#: Where a session keeps the rows sealed since its last audit event.
SEALED_KEY = "sealed_rows"


def note_deleted(session: Any, table: str, row_ids: Sequence[Any]) -> None:
    """Record rows of a bound table deleted with a bulk DELETE (no mapper event sees those)."""
    if table in BOUND:
        entries = session.info.setdefault(SEALED_KEY, [])
        entries.extend([table, str(row_id), DELETED] for row_id in row_ids)
