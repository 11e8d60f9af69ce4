"""Column types: UTC timestamps, and values encrypted with the store's data key."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, Dialect, LargeBinary
from sqlalchemy.types import TypeDecorator

from inspector.security.crypto import DataCipher, DecryptionError
from inspector.storage import codec

_log = logging.getLogger(__name__)

_CIPHER_ATTR = "inspector_cipher"


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


def attach_cipher(dialect: Dialect, cipher: DataCipher | None) -> None:
    """Give an engine's dialect the cipher its encrypted columns use (None locks it)."""
    setattr(dialect, _CIPHER_ATTR, cipher)


def cipher_of(dialect: Dialect) -> DataCipher:
    cipher = getattr(dialect, _CIPHER_ATTR, None)
    if cipher is None:
        raise StoreLocked("the store is locked")
    return cipher  # type: ignore[no-any-return]


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

    *context* names the column; it is bound into the ciphertext so that a value cannot be moved
    to another column unnoticed.
    """

    impl = LargeBinary
    cache_ok = True

    def __init__(self, context: str) -> None:
        super().__init__()
        self.context = context.encode()

    def process_bind_param(self, value: Any, dialect: Dialect) -> bytes | None:
        if value is None:
            return None
        _refuse_damaged(value)
        return cipher_of(dialect).encrypt(codec.encode(value), self.context)

    def process_result_value(self, value: bytes | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        cipher = cipher_of(dialect)
        try:
            return codec.decode(cipher.decrypt(value, self.context))
        except (DecryptionError, ValueError):
            return _damaged(self.context)


class EncryptedBytes(TypeDecorator[bytes]):
    """Binary content (photos, scans, signatures, PDFs), stored as AES-GCM ciphertext."""

    impl = LargeBinary
    cache_ok = True

    def __init__(self, context: str) -> None:
        super().__init__()
        self.context = context.encode()

    def process_bind_param(self, value: bytes | None, dialect: Dialect) -> bytes | None:
        if value is None:
            return None
        _refuse_damaged(value)
        return cipher_of(dialect).encrypt(value, self.context)

    def process_result_value(self, value: bytes | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        cipher = cipher_of(dialect)
        try:
            return cipher.decrypt(value, self.context)
        except DecryptionError:
            return _damaged(self.context)


def _damaged(context: bytes) -> Damaged:
    where = context.decode("utf-8", "replace")
    # Where, never what: the log names the column, not the content.
    _log.warning("a stored value does not decrypt (%s)", where)
    return Damaged(where)


def _refuse_damaged(value: object) -> None:
    if isinstance(value, Damaged):
        raise DecryptionError(f"a damaged value cannot be saved back ({value.where})")
