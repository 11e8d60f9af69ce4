"""Fixtures of the sync tests: office keys, a service process (SQLite or PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519

from inspector.sync import keys
from inspector.sync.trust import TrustBundle


@pytest.fixture
def service_key() -> ed25519.Ed25519PrivateKey:
    return ed25519.Ed25519PrivateKey.generate()


@pytest.fixture
def bundle(office, service_key) -> TrustBundle:  # type: ignore[no-untyped-def]
    with office.unit() as s:
        return keys.trust_bundle(s, service_key.public_key().public_bytes_raw())


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


@pytest.fixture
def service_db(database_url: str):  # type: ignore[no-untyped-def]
    """A migrated service database (SQLite, then PostgreSQL), no service process."""
    from inspector.server.db import ServiceDatabase

    database = ServiceDatabase(database_url)
    database.migrate()
    yield database
    database.dispose()


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
