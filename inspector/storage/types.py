"""Column types: UTC timestamps, and values encrypted with the store's data key."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, Dialect, LargeBinary, func
from sqlalchemy.dialects import registry
from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite
from sqlalchemy.types import TypeDecorator

from inspector.security.crypto import DataCipher, DecryptionError
from inspector.storage import codec, seal

_log = logging.getLogger(__name__)


class Damaged:
    """Stands in for a stored value that does not decrypt: tampered with, moved or damaged.

    Reading never fails on it (a list shows every other record); writing it back is refused.
    """

    __slots__ = ("where",)
    TEXT = "beschadigd — niet te lezen"

    def __init__(self, where: str) -> None:
        self.where = where

    def __str__(self) -> str:
        return self.TEXT

    def __repr__(self) -> str:
        return f"Damaged({self.where})"

    def __bool__(self) -> bool:
        return True


def is_damaged(value: object) -> bool:
    return isinstance(value, Damaged)


class StoreLocked(Exception):
    """Encrypted data was touched while the store has no data key."""


class CipherDialect(SQLiteDialect_pysqlite):
    """SQLite (pysqlite) that knows the store's data key: what the encrypted columns use.

    The key is handed over where the engine is made (``create_engine(CIPHER_URL_SCHEME + ...,
    cipher=...)``: SQLAlchemy passes keyword arguments the dialect's constructor names to it)
    and taken away at lock (``Database.set_cipher(None)``). A column type sees only the
    dialect, so this is the one object that can carry the key to it without a global.
    """

    supports_statement_cache = True

    def __init__(self, cipher: DataCipher | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.cipher: DataCipher | None = cipher


#: The URL scheme of :class:`CipherDialect` (``sqlite+inspector:///file:...``).
CIPHER_URL_SCHEME = "sqlite+inspector"
registry.register("sqlite.inspector", __name__, "CipherDialect")


def cipher_of(dialect: Dialect) -> DataCipher:
    """The data key of the store this dialect belongs to; StoreLocked while it is locked."""
    cipher = dialect.cipher if isinstance(dialect, CipherDialect) else None
    if cipher is None:
        raise StoreLocked("the store is locked")
    return cipher


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in, aware UTC datetimes out (SQLite keeps no time zone)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use UTC-aware datetimes")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Encrypted(TypeDecorator[Any]):
    """Any JSON-able value (str, numbers, dates, lists, dicts), stored as AES-GCM ciphertext.

    *context* ("table.column") names the column. In the tables of ``seal.BOUND`` the
    ciphertext is bound to its row as well (id, seal version, bookkeeping): see ``seal``.
    """

    impl = LargeBinary
    cache_ok = True

    def __init__(self, context: str) -> None:
        super().__init__()
        self.context = context.encode()
        self.table, _, self.column = context.partition(".")
        self.bound = seal.bound_columns(self.table)

    def column_expression(self, col: Any) -> Any:
        if not self.bound:
            return col
        table = col.table
        return func.inspector_bound(col, *[table.c[n] for n in self.bound], type_=self)

    def _seal(self, plaintext: bytes, value: Any, dialect: Dialect) -> bytes:
        cipher = cipher_of(dialect)
        if isinstance(value, seal.Sealed):
            return cipher.encrypt(plaintext, value.aad)
        if self.bound:
            raise seal.UnsealedWrite(f"{self.table}.{self.column} written without its row seal")
        return cipher.encrypt(plaintext, self.context)

    def _open(self, value: bytes, dialect: Dialect) -> bytes | Damaged:
        if self.bound:
            bound, blob = seal.unpack(value)
            return self._decrypt(cipher_of(dialect), blob, bound)
        return self._decrypt(cipher_of(dialect), value, None)

    def _decrypt(self, cipher: DataCipher, blob: bytes, bound: bytes | None) -> bytes | Damaged:
        """*blob* opened under this column's associated data (*bound*: the canonical values of
        the row's bound columns; None for a table whose values are not bound to their rows)."""
        associated = self.context if bound is None else seal.aad(self.table, self.column, bound)
        try:
            return cipher.decrypt(blob, associated)
        except DecryptionError:
            return _damaged(self.context)

    def _decode(self, opened: bytes | Damaged) -> Any:
        if isinstance(opened, Damaged):
            return opened
        try:
            return codec.decode(opened)
        except ValueError:
            return _damaged(self.context)

    def open_stored(self, cipher: DataCipher, blob: bytes | None, bound: Sequence[Any]) -> Any:
        """A value read raw — its ciphertext and, in a bound table, the row's bound columns
        (``seal.BOUND``) as SQLite holds them — decrypted later, e.g. when a list row is first
        shown: the same value (or Damaged) that reading the column normally gives."""
        if blob is None:
            return None
        opened = self._decrypt(cipher, bytes(blob), seal.canonical(bound) if self.bound else None)
        return self._decode(opened)

    def process_bind_param(self, value: Any, dialect: Dialect) -> bytes | None:
        plain = value.value if isinstance(value, seal.Sealed) else value
        if plain is None:
            return None
        _refuse_damaged(plain)
        return self._seal(codec.encode(plain), value, dialect)

    def process_result_value(self, value: bytes | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        return self._decode(self._open(value, dialect))


class EncryptedBytes(Encrypted):
    """Binary content (photos, scans, signatures, PDFs), stored as AES-GCM ciphertext."""

    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> bytes | None:
        plain = value.value if isinstance(value, seal.Sealed) else value
        if plain is None:
            return None
        _refuse_damaged(plain)
        return self._seal(bytes(plain), value, dialect)

    def _decode(self, opened: bytes | Damaged) -> Any:
        return opened


def register_functions(dbapi_conn: Any) -> None:
    """The SQL function that hands each ciphertext to Python together with its row's values."""
    dbapi_conn.create_function(seal.SQL_FUNCTION, -1, seal.pack, deterministic=True)


def _damaged(context: bytes) -> Damaged:
    where = context.decode("utf-8", "replace")
    # Where, never what: the log names the column, not the content.
    _log.warning("a stored value does not decrypt (%s)", where)
    return Damaged(where)


def _refuse_damaged(value: object) -> None:
    if isinstance(value, Damaged):
        raise DecryptionError(f"a damaged value cannot be saved back ({value.where})")
