"""Device key pinning against a real ``inspector serve`` (SQLite and PostgreSQL): the office
seals only to laptop keys its root certified, so a service that swaps a laptop's keys (in its
own database, as a malicious administrator would) gets nothing sealed to them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519, x25519
from service_support import add_device, provision_laptop
from sqlalchemy import select

from inspector.core import vault
from inspector.paths import DataPaths
from inspector.server import service
from inspector.server.models import Device
from inspector.sync import client, devices, keys
from inspector.sync.trust import b64, raw_public, sign_statement

from tests_support import PASSWORD

pytestmark = pytest.mark.slow


def _token(svc: Any, role: str = "registry") -> dict[str, str]:
    db = svc.db()
    try:
        with db.session() as s:
            return {"Authorization": f"Bearer {service.add_user(s, 'balie 1', role)[1]}"}
    finally:
        db.dispose()


def _device(svc: Any, device_id: str) -> dict[str, Any]:
    db = svc.db()
    try:
        with db.session() as s:
            d = s.get(Device, device_id)
            assert d is not None
            return {
                "sign": d.sign_public,
                "box": d.box_public,
                "proof": d.key_proof,
                "cert": d.certificate,
            }
    finally:
        db.dispose()


def _swap(svc: Any, device_id: str, **values: Any) -> None:
    """What a malicious service administrator does: other keys in the device's row."""
    db = svc.db()
    try:
        with db.session() as s:
            d = s.get(Device, device_id)
            assert d is not None
            for name, value in values.items():
                setattr(d, name, value)
    finally:
        db.dispose()


def _keys(office: Any, svc: Any, headers: dict[str, str], device_id: str) -> devices.DeviceKeys:
    with httpx.Client(base_url=svc.url, timeout=30) as c:
        return devices.certified_keys(office, c, headers, device_id)


def _audits(ws: Any, action: str) -> int:
    from inspector.storage.models import AuditEvent

    with ws.unit() as s:
        return len(list(s.scalars(select(AuditEvent).where(AuditEvent.action == action))))


def _fresh_keys() -> tuple[bytes, bytes]:
    return (
        raw_public(ed25519.Ed25519PrivateKey.generate().public_key()),
        raw_public(x25519.X25519PrivateKey.generate().public_key()),
    )


def test_keys_are_certified_once_and_an_outcome_reaches_the_laptop(  # type: ignore[no-untyped-def]
    workspace, office, svc
) -> None:
    device_id = provision_laptop(workspace, svc, office)
    row = _device(svc, device_id)
    assert row["proof"] is not None and row["cert"] is None
    with workspace.unit() as s:
        pair = keys.device_keys(s)
        assert pair is not None
        sign_public, box_public = pair[0].public, pair[1].public
    assert (row["sign"], row["box"]) == (sign_public, box_public)
    insp = workspace.inspections.create(
        address="Voorbeeldstraat 1", postcode="9999 ZZ", city="Gouda"
    )
    workspace.inspections.finalize(insp.id)
    assert client.sync_once(workspace).delivered == 1
    h = _token(svc)
    first = _keys(office, svc, h, device_id)
    assert first.certified_now and first.box_public == box_public
    assert json.loads(_device(svc, device_id)["cert"])["statement"]["device_id"] == device_id
    # Later calls (and office stores without the code's half) rely on the certificate.
    again = _keys(office, svc, h, device_id)
    assert not again.certified_now and again.sign_public == sign_public
    assert _audits(office, "sync.device_certified") == 1
    record_id = httpx.get(f"{svc.url}/v1/records", headers=h).json()["records"][0]["record_id"]
    sealed = client.seal_downlink(
        again.box_public, device_id, "outcome", record_id, "processed", {"message": "verwerkt"}
    )
    r = httpx.post(
        f"{svc.url}/v1/records/{record_id}/outcome",
        json={"state": "processed", "sealed": b64(sealed)},
        headers=h,
    )
    assert r.status_code == 200
    assert client.sync_once(workspace).pulled == 1
    assert client.outcomes_for_inspection(workspace, str(insp.id))[0]["message"] == "verwerkt"


def test_a_service_that_swaps_the_keys_before_certification_gets_nothing_sealed(  # type: ignore[no-untyped-def]
    workspace, office, svc
) -> None:
    device_id = provision_laptop(workspace, svc, office)
    evil_sign, evil_box = _fresh_keys()
    _swap(svc, device_id, sign_public=evil_sign, box_public=evil_box)
    h = _token(svc)
    with pytest.raises(devices.DeviceKeyError) as refused:
        _keys(office, svc, h, device_id)
    assert "do not match the code" in str(refused.value)
    assert "niet door kantoor gecertificeerd" in refused.value.text("nl")
    assert _audits(office, "sync.device_keys_refused") == 1
    assert _device(svc, device_id)["cert"] is None
    # A proof made up by the service (it never saw the office's half) does not help either.
    _swap(svc, device_id, key_proof=devices.proof("ABCDEFGHJKLM", evil_sign, evil_box))
    with pytest.raises(devices.DeviceKeyError):
        _keys(office, svc, h, device_id)


def test_a_service_that_swaps_certified_keys_or_forges_a_certificate_is_refused(  # type: ignore[no-untyped-def]
    workspace, office, svc
) -> None:
    device_id = provision_laptop(workspace, svc, office)
    h = _token(svc)
    good = _keys(office, svc, h, device_id)
    evil_sign, evil_box = _fresh_keys()
    _swap(svc, device_id, box_public=evil_box)
    with pytest.raises(devices.DeviceKeyError) as refused:
        _keys(office, svc, h, device_id)
    assert "other keys" in str(refused.value)
    # A certificate the service signs with a root of its own: refused by the office store...
    rogue = ed25519.Ed25519PrivateKey.generate()
    forged = sign_statement(rogue, devices.device_statement(device_id, evil_sign, evil_box))
    _swap(
        svc,
        device_id,
        sign_public=evil_sign,
        certificate=json.dumps(forged.to_json()),
    )
    with pytest.raises(devices.DeviceKeyError) as refused:
        _keys(office, svc, h, device_id)
    assert "not signed by the pinned office root" in str(refused.value)
    # ...and the service's API does not take it from anyone either (checked against the root).
    r = httpx.post(
        f"{svc.url}/v1/devices/{device_id}/certificate", json=forged.to_json(), headers=h
    )
    assert r.status_code == 422 and "does not hold" in r.json()["detail"]
    # Back to the laptop's own keys: the office's first certificate is still good for them.
    _swap(
        svc, device_id, sign_public=good.sign_public, box_public=good.box_public, certificate=None
    )
    with pytest.raises(devices.DeviceKeyError):
        # The code's half still checks the proof: the office certifies again.
        _swap(svc, device_id, key_proof=b"\0" * 32)
        _keys(office, svc, h, device_id)


def test_a_laptop_linked_with_the_service_half_only_stays_uncertified(  # type: ignore[no-untyped-def]
    workspace, office, svc, tmp_path: Path
) -> None:
    device_id, service_code = add_device(svc)
    with office.unit() as s:
        fp = keys.trust_bundle(s).fingerprint
    client.provision(workspace, svc.url, service_code, fp)
    assert _device(svc, device_id)["proof"] is None
    with pytest.raises(devices.DeviceKeyError) as refused:
        _keys(office, svc, _token(svc), device_id)
    assert "no certificate yet" in str(refused.value)
    # An office store without the code's half and without a certificate refuses as well.
    other = vault.initialise(
        DataPaths(tmp_path / "other-office"),
        officer_name="Beheerder Twee",
        username="beheer2",
        password=PASSWORD,
        municipality="Gemeente Voorbeeld",
    )
    try:
        with pytest.raises(devices.DeviceKeyError) as refused:
            _keys(other, svc, _token(svc), device_id)
        assert "no office root key" in str(refused.value)
    finally:
        other.close()


def test_the_office_half_never_reaches_the_service(workspace, office, svc) -> None:  # type: ignore[no-untyped-def]
    device_id, service_code = add_device(svc)
    with office.unit() as s:
        whole = devices.device_code(s, device_id, service_code)
        fp = keys.trust_bundle(s).fingerprint
    service_half, office_half = devices.split_code(whole)
    assert service_half == devices.normalize(service_code) and office_half is not None
    sent: list[bytes] = []

    def spy(request: httpx.Request) -> httpx.Response:
        sent.append(request.content)
        with httpx.Client(base_url=svc.url) as real:
            resp = real.request(
                request.method,
                request.url.path,
                content=request.content,
                headers={"Content-Type": "application/json"},
            )
            return httpx.Response(resp.status_code, content=resp.content, headers=resp.headers)

    client.provision(workspace, svc.url, whole, fp, httpx.MockTransport(spy))
    assert sent and not any(office_half.encode() in body for body in sent)
    assert b64(_device(svc, device_id)["proof"]) in sent[-1].decode()
