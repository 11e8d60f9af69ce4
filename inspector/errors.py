"""Plain, one-sentence messages for failures of storage, decryption and the file system."""

from __future__ import annotations

import errno

from sqlalchemy.exc import SQLAlchemyError

from inspector.security.crypto import DecryptionError
from inspector.storage.db import StoreDamaged, is_write_failure
from inspector.storage.types import StoreLocked

DAMAGED_VALUE = "beschadigd — niet te lezen"


def plain_error(exc: BaseException) -> str:
    """What went wrong, in one Dutch sentence without personal data (no SQL, no values)."""
    if isinstance(exc, StoreDamaged):
        return f"de database is beschadigd of ontbreekt ({exc}); zie 'inspector doctor'"
    if isinstance(exc, StoreLocked):
        return "de gegevens zijn vergrendeld; ontgrendel eerst met uw wachtwoord"
    if isinstance(exc, DecryptionError):
        return (
            "een opgeslagen gegeven is beschadigd of gewijzigd buiten de app om en kan niet "
            "worden gelezen; 'inspector doctor' zegt welk en wat u kunt doen"
        )
    if isinstance(exc, SQLAlchemyError):
        if is_write_failure(exc):
            return (
                "de database kan niet worden geschreven (schijf vol of alleen-lezen); deze "
                "wijziging is niet opgeslagen, eerder opgeslagen gegevens zijn niet aangetast"
            )
        text = str(getattr(exc, "orig", "")).lower()
        if "malformed" in text or "not a database" in text:
            return "de database is beschadigd of ontbreekt; zie 'inspector doctor'"
        if "locked" in text or "busy" in text:
            return "de database is bezet door een ander programma; probeer het zo opnieuw"
        return f"de database gaf een fout ({type(exc).__name__}); zie 'inspector doctor'"
    if isinstance(exc, OSError):
        if exc.errno == errno.ENOSPC:
            return "de schijf is vol; maak ruimte vrij en probeer het opnieuw"
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return "een bestand kan niet worden geschreven of gelezen (geen toegang)"
        if exc.errno == errno.ENOENT:
            return "een bestand of map ontbreekt"
        return f"een bestand kan niet worden gelezen of geschreven ({exc.strerror or 'fout'})"
    return f"onverwachte fout ({type(exc).__name__})"
