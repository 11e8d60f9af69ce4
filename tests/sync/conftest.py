"""Fixtures of the sync tests: an office store with its keys, a linked laptop."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519

from inspector.sync import devices, keys, link
from inspector.sync.trust import TrustBundle

TESTS = Path(__file__).resolve().parent.parent


def registration_helpers() -> ModuleType:
    """The helpers of the registration tests (a fictitious resident, a complete registration)."""
    path = TESTS / "core" / "test_core_registrations.py"
    spec = importlib.util.spec_from_file_location("_registration_helpers", path)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture
def service_key() -> ed25519.Ed25519PrivateKey:
    return ed25519.Ed25519PrivateKey.generate()


@pytest.fixture
def bundle(office, service_key) -> TrustBundle:  # type: ignore[no-untyped-def]
    with office.unit() as s:
        return keys.trust_bundle(s, service_key.public_key().public_bytes_raw())


def link_laptop(ws: Any, bundle: TrustBundle, device_id: str = "dev-test") -> None:
    with ws.unit() as s:
        keys.device_keys(s, create=True)
        link.store_link(
            s, server_url="http://127.0.0.1:9", device_id=device_id, credential="x", bundle=bundle
        )


@pytest.fixture(scope="session")
def pg():  # type: ignore[no-untyped-def]
    from service_support import pg_cluster

    with pg_cluster() as cluster:
        yield cluster


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path: Path) -> str:  # type: ignore[no-untyped-def]
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'service.sqlite3'}"
    cluster = request.getfixturevalue("pg")
    return str(cluster.create_database())


def _bundle_for(office):  # type: ignore[no-untyped-def]
    def make(service_public: bytes) -> TrustBundle:
        with office.unit() as s:
            return keys.trust_bundle(s, service_public)

    return make


@pytest.fixture
def svc(database_url: str, office, tmp_path: Path, request):  # type: ignore[no-untyped-def]
    """A prepared service database and one running ``inspector serve`` process."""
    from service_support import Service, prepare

    prepare(database_url, _bundle_for(office)).dispose()
    marker = request.node.get_closest_marker("serve_args")
    service = Service(database_url, tmp_path, tuple(marker.args) if marker else ())
    service.start()
    yield service
    service.kill()


def provision_laptop(ws: Any, svc: Any, office: Any, url: str | None = None) -> str:
    from service_support import add_device

    from inspector.sync import client

    db = svc.db()
    try:
        device_id, service_code = add_device(db)
    finally:
        db.dispose()
    with office.unit() as s:
        fp = keys.trust_bundle(s).fingerprint
        code = devices.device_code(s, device_id, service_code)
    return client.provision(ws, url or svc.url, code, fp)
