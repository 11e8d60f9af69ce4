"""An upload's authentication (``service.authenticate_upload``): one statement reads the device's
credential, the record stored under the id and the trust text, and, with the rate counted in
the database, counts the request too (PostgreSQL; SQLite counts it after the read). The
answers are those of every other request: 401 for a wrong credential, 403 for a revoked
device, 429 above the limit, in that order; only an authenticated request is counted."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from inspector.server import service
from inspector.server.db import ServiceDatabase
from inspector.server.models import Device, RateHit

RATE = 3
RECORD = "00000000-0000-4000-8000-000000000001"


def _device(db: ServiceDatabase) -> tuple[str, str]:
    """(device id, bearer credential) of a provisioned fictitious laptop."""
    with db.session() as s:
        device_id, code = service.add_device(s, "Laptop 1 (fictitious)")
    with db.session() as s:
        provisioned, credential = service.provision(s, code, b"\x01" * 32, b"\x02" * 32)
    assert provisioned == device_id
    return device_id, credential


def _hits(db: ServiceDatabase) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.coalesce(func.sum(RateHit.hits), 0))) or 0)


def _auth(db: ServiceDatabase, credential: str) -> Any:
    with db.statements() as s:
        return service.authenticate_upload(s, f"Bearer {credential}", RECORD, None, RATE)


def test_the_limit_holds_and_the_request_over_it_is_refused(service_db: ServiceDatabase) -> None:
    db = service_db
    device_id, credential = _device(db)
    for _ in range(RATE):
        p, existing, known = _auth(db, credential)
        assert (p.kind, p.id, existing) == ("device", device_id, None)
    with pytest.raises(service.ServiceError) as refused:
        _auth(db, credential)
    assert refused.value.status == 429
    # (The refused request stays counted where its statement committed by itself: either way
    # the device is refused for the rest of the minute.)
    assert _hits(db) in (RATE, RATE + 1)
    with pytest.raises(service.ServiceError):
        _auth(db, credential)


def test_a_wrong_credential_is_refused_and_not_counted(service_db: ServiceDatabase) -> None:
    db = service_db
    device_id, credential = _device(db)
    for forged in (f"dev.{device_id}.wrong-secret", "dev.no-such-device.secret", "nonsense"):
        with pytest.raises(service.ServiceError) as refused:
            _auth(db, forged)
        assert refused.value.status == 401
    assert _hits(db) == 0
    # The device itself still has its whole limit.
    for _ in range(RATE):
        _auth(db, credential)


def test_a_revoked_device_is_refused_and_not_counted(service_db: ServiceDatabase) -> None:
    db = service_db
    device_id, credential = _device(db)
    with db.session() as s:
        service.revoke_device(s, device_id)
    with pytest.raises(service.ServiceError) as refused:
        _auth(db, credential)
    assert refused.value.status == 403
    assert _hits(db) == 0


def test_an_office_users_credential_is_authenticated_and_not_counted(
    service_db: ServiceDatabase,
) -> None:
    """The caller refuses it for its kind (403) and, as at every endpoint, a request refused
    for its kind is not counted; by the in-memory counter (SQLite's default) neither."""
    db = service_db
    with db.session() as s:
        user_id, credential = service.add_user(s, "Clerk (fictitious)", "registry")
    p, existing, known = _auth(db, credential)
    assert (p.kind, p.id, existing, known) == ("user", user_id, None, frozenset())
    assert _hits(db) == 0
    counted: list[str] = []
    with db.statements() as s:
        service.authenticate_upload(
            s, f"Bearer {credential}", RECORD, lambda _s, who: counted.append(who)
        )
    assert counted == []


def test_a_session_after_statements_is_one_transaction_again(service_db: ServiceDatabase) -> None:
    """The statements' sessions commit each statement by itself (PostgreSQL: the driver's
    autocommit); the connection goes back to the pool as it was, so the next unit of work on
    it is one transaction again: what fails in it leaves nothing behind."""
    db = service_db
    for _ in range(3):
        with db.statements() as s:
            s.execute(select(func.count()).select_from(RateHit))
    with pytest.raises(RuntimeError), db.session() as s:
        service.add_device(s, "Rolled back (fictitious)")
        s.flush()
        raise RuntimeError("the unit of work fails")
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Device)) == 0
