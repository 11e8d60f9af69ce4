"""Store formats 2 to 4, done once when an older store is first unlocked (it needs the key).

Format 1 bound a ciphertext to its column only, and keyed the look-up HMACs
(``officer.username_lookup``, ``resident.import_key``) with a salt that lies in plaintext next
to the database. Format 2 re-encrypts every value of the record tables with row-bound
associated data (``seal``) and re-keys the look-ups with a subkey of the data key. Format 3
does the same for the sync tables' secrets (``seal.BOUND_SINCE``). Format 4 moves the reasons
of finalizing and reopening out of the made-up forms ``_finalize``/``_reopen`` into
``inspection_state_change`` (:func:`move_state_reasons`). Everything happens in one
transaction; the file is copied first (``Database.backup``).
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection

from inspector.security.crypto import DataCipher, DecryptionError
from inspector.states import StateChangeKind
from inspector.storage import codec, seal

_log = logging.getLogger(__name__)

LOOKUP_PURPOSE = b"inspector look-up v2"


def lookup_key(cipher: DataCipher) -> bytes:
    return cipher.subkey(LOOKUP_PURPOSE)


def lookup(cipher: DataCipher, kind: str, message: bytes) -> str:
    """A look-up HMAC keyed with a subkey of the data key: not testable from the files."""
    data = kind.encode() + b"\x00" + message
    return hmac.new(lookup_key(cipher), data, hashlib.sha256).hexdigest()


def username_lookup(cipher: DataCipher, username: str) -> str:
    return lookup(cipher, "username", username.strip().lower().encode("utf-8"))


def import_lookup(cipher: DataCipher, salted: str) -> str:
    """Re-key a format-1 import key (salt HMAC) under the data key; new imports do the same."""
    return lookup(cipher, "import", salted.encode("ascii"))


@dataclass
class UpgradeReport:
    rows: int = 0
    damaged: int = 0


def store_format(conn: Connection) -> int:
    return int(conn.exec_driver_sql("PRAGMA user_version").scalar() or 0)


def upgrade_format(conn: Connection, cipher: DataCipher, current: int = 0) -> UpgradeReport:
    """Re-encrypt every value of the tables bound since format *current* under its row-bound
    associated data (inside *conn*'s transaction). A value that does not decrypt as column-bound
    is left as it is: it reads as damaged afterwards and ``inspector doctor`` reports it."""
    from inspector.storage.models import Base
    from inspector.storage.types import Encrypted

    report = UpgradeReport()
    for table_name, names in seal.BOUND.items():
        if seal.BOUND_SINCE[table_name] <= current:
            continue
        table = Base.metadata.tables[table_name]
        key = names[0]  # the primary key
        encrypted = [c.name for c in table.columns if isinstance(c.type, Encrypted)]
        wanted = list(dict.fromkeys([*names, *encrypted]))
        cols = ", ".join(f'"{n}"' for n in wanted)
        rows = conn.exec_driver_sql(f'SELECT {cols} FROM "{table_name}"').all()
        for raw in rows:
            report.rows += 1
            values = dict(zip(wanted, raw, strict=True))
            if table_name == "officer" and current < seal.ROW_BOUND_FORMAT:
                try:
                    name = codec.decode(cipher.decrypt(values["username"], b"officer.username"))
                    values["username_lookup"] = username_lookup(cipher, str(name))
                except (DecryptionError, ValueError):
                    report.damaged += 1
            rekey = current < seal.ROW_BOUND_FORMAT
            if table_name == "resident" and values.get("import_key") and rekey:
                values["import_key"] = import_lookup(cipher, str(values["import_key"]))
            values["seal_v"] = 1
            bound = seal.canonical([values[n] for n in names])
            for column in encrypted:
                old = values[column]
                if table_name == "form_record" and column == "seal":
                    plain = codec.encode(True)
                elif old is None:
                    continue
                else:
                    try:
                        plain = cipher.decrypt(old, f"{table_name}.{column}".encode())
                    except DecryptionError:
                        report.damaged += 1
                        _log.warning(
                            "format upgrade: %s.%s of one row does not decrypt", table_name, column
                        )
                        continue
                values[column] = cipher.encrypt(plain, seal.aad(table_name, column, bound))
            sets = ", ".join(f'"{n}" = ?' for n in wanted if n != key)
            params = tuple(values[n] for n in wanted if n != key) + (values[key],)
            conn.exec_driver_sql(f'UPDATE "{table_name}" SET {sets} WHERE "{key}" = ?', params)
    if current < seal.STATE_CHANGES_FORMAT:
        report.rows += move_state_reasons(conn, report)
    conn.exec_driver_sql(f"PRAGMA user_version = {seal.FORMAT}")
    return report


#: The made-up forms that held the reasons before format 4, and the change each one records.
REASON_FORMS = {"_finalize": StateChangeKind.FINALIZED, "_reopen": StateChangeKind.REOPENED}


def move_state_reasons(conn: Connection, report: UpgradeReport) -> int:
    """Format 4: every reason kept as an answer of ``_finalize``/``_reopen`` becomes a row of
    ``inspection_state_change`` (sealed to that row by the ORM), and the made-up form records
    go. Runs inside *conn*'s transaction; *conn*'s engine holds the data key. A reason that
    does not decrypt is moved as a change without its reason and counted as damaged."""
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from inspector.storage.models import Answer, FormRecord, InspectionStateChange, RepeatInstance
    from inspector.storage.types import is_damaged

    moved = 0
    with Session(bind=conn) as s:
        records = s.scalars(select(FormRecord).where(FormRecord.form_id.in_(REASON_FORMS))).all()
        for rec in records:
            answers = s.scalars(select(Answer).where(Answer.record_id == rec.id)).all()
            for ans in answers:
                value = ans.value
                reason: str | None = None
                at = ans.updated_at
                if is_damaged(value) or not isinstance(value, dict):
                    report.damaged += 1
                    _log.warning("format upgrade: one state-change reason does not decrypt")
                else:
                    reason = str(value.get("reason", "")) or None
                    with contextlib.suppress(TypeError, ValueError):
                        at = datetime.fromisoformat(str(value["at"]))
                s.add(
                    InspectionStateChange(
                        inspection_id=rec.inspection_id,
                        kind=REASON_FORMS[rec.form_id].value,
                        at=at,
                        officer_id=ans.updated_by,
                        reason=reason,
                    )
                )
                s.delete(ans)
                moved += 1
            for inst in s.scalars(select(RepeatInstance).where(RepeatInstance.record_id == rec.id)):
                s.delete(inst)
            s.flush()
            s.delete(rec)
        s.flush()
    return moved
